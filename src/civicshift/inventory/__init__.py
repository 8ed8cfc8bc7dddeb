"""Systems inventory and legacy modernisation (issue 8)."""
