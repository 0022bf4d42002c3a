"""Local emulation: an HTTP front door and the JSON request description used by `invoke`."""
