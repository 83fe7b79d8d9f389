Feature: Resilience under API faults
  Under every fault the design promises (DESIGN sections 5 and 10): no poll loop crashes, no
  item is lost or duplicated, and the adapters recover once the fault ends. The faults come from
  the scenario's "faults" block and are injected by the HTTP layer (simulator.http.faults); every
  scenario below is skipped, with that reason, when a run shows no fault injected.

  Background:
    Given the scenario "resilience" with seed 5
    And the fault engine injects the scenario's faults
    When 20 minutes of simulated time pass

  Scenario: CostOps answers 503 for two minutes
    Then the fault "cost-503" was injected
    And every item of "cost-ops/fetchCostEvents" was delivered exactly once
    And the "cost-ops" adapter's calls succeed again within 2 simulated minutes after "cost-503" ends

  Scenario: RouterL2 throttles with 429 and Retry-After
    Then the fault "router-429" was injected
    And every item of "router-l2/fetchRoutingDecisions" was delivered exactly once
    And the "router-l2" adapter's calls succeed again within 2 simulated minutes after "router-429" ends

  Scenario: Observatory times out
    Then the fault "traces-timeout" was injected
    And every item of "observatory/searchTraces" was delivered exactly once
    And the "observatory" adapter's calls succeed again within 2 simulated minutes after "traces-timeout" ends

  Scenario: Shield resets the connection
    Then the fault "shield-reset" was injected
    And every item of "shield/fetchPIIDetections" was delivered exactly once
    And the "shield" adapter's calls succeed again within 2 simulated minutes after "shield-reset" ends

  Scenario: Sentinel switches to the upstream profile for two minutes
    Then the fault "sentinel-upstream" was injected
    And the "sentinel" adapter's calls succeed again within 2 simulated minutes after "sentinel-upstream" ends
    And every adapter's calls succeed after "sentinel-upstream" ends

  Scenario: No item of any feed is lost or duplicated across all the faults
    Then no item of any feed was lost or duplicated
