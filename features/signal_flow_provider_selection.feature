Feature: Signal flow for automatic provider selection (seed section 8.4)
  In "flow-config" Claude Haiku goes down at minute 8 (ConfigManager lists it offline a minute
  later), operators block Gemini Flash with a routing rule at minute 14 and cut the daily budget
  to $1 at minute 20.

  Scenario: ConfigManager model availability filters the available models
    Given the scenario "flow-config" with seed 31
    When 30 minutes of simulated time pass
    Then a "ConfigManager availability change" was emitted and delivered
    And within 3 simulated minutes of its emission a "failover" decision cites it
    And from 3 simulated minutes after "haiku-down" starts until it ends less than 5% of traffic goes to "claude-3-haiku"

  Scenario: ConfigManager routing config applies the routing rules
    Given the scenario "flow-config" with seed 31
    When 30 minutes of simulated time pass
    Then a "ConfigManager routing config" was emitted and delivered
    And within 3 simulated minutes of its emission a "failover" decision cites it
    And that reason names "routing rule with action block"
    And from 2 simulated minutes after "block-flash" starts until it ends less than 5% of traffic goes to "gemini-1.5-flash"

  Scenario: CostOps cost projections drive a cost-optimized selection
    Given the scenario "flow-config" with seed 31
    When 30 minutes of simulated time pass
    Then a "CostOps cost projection" was emitted and delivered
    And within 3 simulated minutes of its emission a "cost_optimization" decision cites it
    And that reason names "cost.dailyBudget"

  Scenario: LatencyLens provider latency drives a latency-optimized selection
    Given the scenario "flow-latency" with seed 23
    And the adapters do not poll "observatory" and "cost-ops"
    When 35 minutes of simulated time pass
    Then a "LatencyLens latency profile" was emitted and delivered
    And within 3 simulated minutes of its emission a decision cites its "p50_ms"
    And that decision moves traffic away from the model it names
