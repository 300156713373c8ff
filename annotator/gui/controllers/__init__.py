"""Behaviour behind keys, without widgets: each controller registers commands by id."""
