"""The website: Markdown pages for the site engine, records.json, and the engine build."""
