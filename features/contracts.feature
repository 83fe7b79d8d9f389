Feature: The consumer contract, served and consumed, and the compatibility matrix
  The simulated services validate every payload they serve; the real adapters validate every
  payload they receive. Calling each of the 42 adapter methods once against each provider
  profile gives the compatibility matrix from what happened, which must agree with the static
  matrix read off the contract files.

  Background:
    Given the scenario "compliance" with seed 11
    When 52 minutes of simulated time pass

  Scenario: Every schema and example of the consumer contract checks
    Then every schema, example and reference of the consumer contract checks

  Scenario: The simulated services serve only payloads that meet the consumer contract
    Then every service validated what it served and no payload broke the contract

  Scenario: Against the consumer profile every adapter method works
    When every adapter method is called once against each profile
    Then 42 of 42 calls work against the "consumer" profile

  Scenario: Against the upstream profile the called matrix agrees with the static one
    When every adapter method is called once against each profile
    Then 0 of 42 calls work against the "upstream" profile
    And the called matrix agrees with the static matrix on every verdict and primary reason
    And against the "upstream" profile the calls break for these reasons
      | reason           | calls |
      | missing route    | 32    |
      | missing service  | 7     |
      | envelope differs | 3     |

  Scenario Outline: Why <operation> of <service> breaks upstream
    When every adapter method is called once against each profile
    Then calling <operation> of <service> upstream breaks with "<reason>"

    Examples:
      | service        | operation             | reason                                 |
      | sentinel       | fetchAnomalies        | envelope differs                       |
      | observatory    | searchTraces          | envelope differs                       |
      | observatory    | getTrace              | envelope differs                       |
      | observatory    | getTraceSummary       | No completed trace with traceId='summary' |
      | config-manager | getThresholds         | missing route                          |
      | router-l2      | fetchRoutingDecisions | missing service                        |

  Scenario: The upstream profile is a breaking change for the consumer
    Then the contract diff from "consumer" to "upstream" has breaking changes
