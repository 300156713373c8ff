"""One module per export format; :mod:`annotator.core.export` is the registry and front."""

# The format names, in the order menus and ``--format`` list them.  Kept here, apart from
# the writers, so that the command line can offer them without importing any exporter.
FORMAT_NAMES = ("jsonl", "prodigy", "doccano", "spacy", "conll", "brat", "labelstudio", "csv")
