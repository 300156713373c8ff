"""One module per export format; :mod:`annotator.core.export` is the registry and front."""
