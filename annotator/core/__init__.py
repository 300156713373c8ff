"""The plain core: store, import, export, offsets and scoring.  Never imports Qt."""
