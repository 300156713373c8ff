"""``python -m bench``: every figure (see bench/run.py)."""

import sys

from bench.run import main

sys.exit(main())
