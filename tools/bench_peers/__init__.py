"""What tools/bench.py measures: the peers (bare, Powertools, Mangum) and the paths it times."""
