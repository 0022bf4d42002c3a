"""AWS Lambda deployment: the handler entry, the SAM template and local emulation."""
