"""Implementation plans (issue 9): schedules in working time, the critical path, baselines,
schedule risk and the risk register, for each initiative."""
