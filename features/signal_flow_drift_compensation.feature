Feature: Signal flow for drift compensation (seed section 8.2)
  Sentinel's drift detectors (Welch's t-test on 30 minutes against the 60 before) and
  LatencyLens's anomaly detector run on the simulated world; a decision must name their signal.

  Scenario: Sentinel performance drift triggers a model re-evaluation
    Given the scenario "flow-drift" with seed 11
    When 53 minutes of simulated time pass
    Then a "Sentinel drift signal" of type "performance_drift" was emitted and delivered
    And within 5 simulated minutes of its emission a "drift_compensation" decision cites it
    And that reason names "Sentinel performance_drift"

  Scenario: Sentinel quality drift triggers a strategy adjustment
    Given the scenario "flow-drift" with seed 11
    When 53 minutes of simulated time pass
    Then a "Sentinel drift signal" of type "quality_drift" was emitted and delivered
    And within 5 simulated minutes of its emission a "drift_compensation" decision cites it
    And that decision scores the models by the "quality_focused" objective

  Scenario: LatencyLens latency anomalies detect a provider degradation
    Given the scenario "flow-latency" with seed 23
    And the adapters do not poll "observatory" and "cost-ops"
    When 35 minutes of simulated time pass
    Then a "LatencyLens anomaly" was emitted and delivered
    And within 3 simulated minutes of its emission a decision cites it
    And from 5 simulated minutes after "openai-slow" starts until it ends less than 10% of traffic goes to "openai"
