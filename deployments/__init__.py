"""What each provider needs to run the backend, local emulation and the faasport command."""
