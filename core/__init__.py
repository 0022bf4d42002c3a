"""faasport core: the provider-neutral notes backend and the neutral HTTP types."""
