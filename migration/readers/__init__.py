"""Readers, one per legacy shape. Each yields LegacyItems; a file that cannot be read yields one item carrying
the error, so the runner reports it and carries on with the other files."""
