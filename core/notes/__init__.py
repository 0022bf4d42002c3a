"""The notes REST API: models, service functions and routes."""
