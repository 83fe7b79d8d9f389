"""The simulated world: catalogue, workload, gateway, incidents; it emits RequestOutcomes."""
