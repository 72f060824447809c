"""The interactive PDF edition: print HTML over the shared model, rendered by WeasyPrint."""
