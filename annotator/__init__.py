"""Annotator: keyboard-first tagging of claims, numbers, actors and quotes in news articles."""

__version__ = "0.1.0"
