Feature: Signal flow for latency-aware adjustments (seed section 8.3)
  OpenAI's models slow down threefold at minute 16 and traffic triples at minute 20. Observatory
  and CostOps are not polled here, so LatencyLens and RouterL2 are the optimizer's only view of
  latency, load and traffic: with them polled, per-request traces take precedence and the
  LatencyLens aggregates are never the evidence a decision names.

  Background:
    Given the scenario "flow-latency" with seed 23
    And the adapters do not poll "observatory" and "cost-ops"
    When 35 minutes of simulated time pass

  Scenario: LatencyLens P50/P99 profiles feed model selection scoring
    Then a "LatencyLens latency profile" was emitted and delivered
    And within 3 simulated minutes of its emission a decision cites its "p99_ms"

  Scenario: LatencyLens throughput stats feed load balancing decisions
    Then a "LatencyLens throughput stat" was emitted and delivered
    And within 3 simulated minutes of its emission a decision cites it

  Scenario: RouterL2 routing decisions shape the traffic distribution
    Then a "RouterL2 routing decision" was emitted and delivered
    And within 3 simulated minutes of its emission a "model_selection" decision cites it
    And RouterL2's routing after that decision follows its weights within 10 points
