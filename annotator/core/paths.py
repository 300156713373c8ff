"""Where Annotator keeps its files, as each platform's users expect them."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "annotator"
APP_AUTHOR = "Annotator"
DB_ENV = "ANNOTATOR_DB"


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR))


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))


def default_db_path() -> Path:
    return data_dir() / "corpus.sqlite3"


def chosen_db_path(explicit: str | os.PathLike[str] | None) -> tuple[Path, bool]:
    """The database to open and whether it is the default one (seeded with the sample).

    A path named with ``--db`` or ``ANNOTATOR_DB`` starts empty; the default
    database in the user data folder is seeded with the sample corpus when new.
    """
    if explicit:
        return Path(explicit).expanduser(), False
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env).expanduser(), False
    return default_db_path(), True
