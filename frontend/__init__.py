"""Reference website: static pages that render only through the public HTTP API."""
