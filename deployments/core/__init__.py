"""The core served directly, with no provider in front."""
