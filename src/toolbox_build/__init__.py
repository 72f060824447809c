"""Build the Zorgzame buurten toolbox from validated YAML records."""

__version__ = "0.1.0"
