"""Apache OpenWhisk: the action entry (``__main__.py``), its manifest and local emulation."""
