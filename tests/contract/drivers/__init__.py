"""Contract drivers, one module per front door; see ``tests/contract/driver.py``."""
