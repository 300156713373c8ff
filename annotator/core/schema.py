"""The schema moved to :mod:`annotator.core.store.schema`; this name stays for old imports.

It is the same module object under both names (not a copy), so that a test that
patches ``schema.can_drop_columns`` or ``schema.migrate`` patches what the store uses.
"""

import sys

from annotator.core.store import schema as _schema

sys.modules[__name__] = _schema
