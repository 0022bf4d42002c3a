"""Azure Functions deployment: the v2-model entry file, host.json and local emulation."""
