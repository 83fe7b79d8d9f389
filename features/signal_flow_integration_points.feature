Feature: The existing Infra integration points (seed section 3.2)
  One scenario per row of the seed's table 3.2. The last row cannot hold as the seed states it:
  the Collector exporting traces to Observatory would be a write to Infra, and section 4.1 says
  the optimizer only reads. This project keeps 4.1: the scenario asserts that nothing is written.

  Scenario: The decision engine consumes ConfigManager's optimization thresholds
    Given the scenario "flow-config" with seed 31
    When 30 minutes of simulated time pass
    Then a "ConfigManager thresholds" was emitted and delivered
    And within 3 simulated minutes of the change "small-budget" a decision cites its new value

  Scenario: The decision engine consumes Sentinel drift signals for adaptive tuning
    Given the scenario "flow-drift" with seed 11
    When 53 minutes of simulated time pass
    Then a "Sentinel drift signal" was emitted and delivered
    And within 5 simulated minutes of its emission a "drift_compensation" decision cites it

  Scenario: The decision engine consumes LatencyLens latency profiles for model selection
    Given the scenario "flow-latency" with seed 23
    And the adapters do not poll "observatory" and "cost-ops"
    When 35 minutes of simulated time pass
    Then a "LatencyLens latency profile" was emitted and delivered
    And within 3 simulated minutes of its emission a decision cites it

  Scenario: The decision engine consumes CostOps cost projections for cost-aware optimization
    Given the scenario "flow-config" with seed 31
    When 30 minutes of simulated time pass
    Then a "CostOps cost projection" was emitted and delivered
    And within 3 simulated minutes of its emission a "cost_optimization" decision cites it

  Scenario: The actuator consumes Shield's policy decisions
    Given the scenario "flow-config" with seed 31
    When 30 minutes of simulated time pass
    Then a "Shield policy block" was emitted and delivered
    And the optimizer holds Shield's active policies
    And within 10 simulated minutes of its emission a decision cites it

  Scenario: The collector does not export telemetry traces to Observatory
    Given the scenario "flow-config" with seed 31
    When 30 minutes of simulated time pass
    Then no request other than GET reached an Infra service
    And no adapter or optimizer module sends anything but GET requests
