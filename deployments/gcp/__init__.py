"""Google Cloud Functions: the functions-framework entry, its requirements and local use."""
