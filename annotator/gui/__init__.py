"""The window: a thin layer over the core.  All Qt imports go through ``annotator.gui.qt``."""
