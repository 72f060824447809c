"""Reading the catalogue: YAML and Markdown with positions, the schemas, the typed model."""
