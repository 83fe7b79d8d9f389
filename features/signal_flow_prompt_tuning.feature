Feature: Signal flow for adaptive prompt tuning (seed section 8.1)
  Each row of the seed's table 8.1 is checked on a recorded run: the simulated service emitted
  the signal (ground truth), the real adapter delivered it exactly once, and a decision of the
  optimizer names it among its reasons within a stated simulated delay.
  In "flow-drift" two OpenAI models answer worse and slower from minute 20 for good; the hourly
  budget is tight, so the optimizer first saves on prompts; its own drift detectors are off, so
  a drift decision can only come from Sentinel.

  Background:
    Given the scenario "flow-drift" with seed 11
    When 53 minutes of simulated time pass

  Scenario: Sentinel drift signals detect a prompt effectiveness drift
    Then a "Sentinel drift signal" of type "quality_drift" was emitted and delivered
    And within 5 simulated minutes of its emission a "drift_compensation" decision cites it
    And that decision sets "prompt_variant" to "default"

  Scenario: Observatory quality traces track response quality
    Then an "Observatory trace" was emitted and delivered
    And within 5 simulated minutes of its emission a "parameter_tuning" decision cites its "quality"
    And that decision sets "prompt_variant" to "concise"

  Scenario: CostOps token usage optimizes prompt length for cost
    Then a "CostOps cost event" was emitted and delivered
    And within 5 simulated minutes of its emission a "parameter_tuning" decision cites its "output_tokens"
    And that decision sets "max_tokens"
