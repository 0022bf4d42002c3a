"""Thin per-provider translations between native events and the core Request/Response."""
