"""contribute."""
