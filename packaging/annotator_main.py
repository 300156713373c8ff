"""Entry point of the frozen app: the full command line, which opens the window by default.

PyInstaller starts here; ``annotator --self-test``, ``annotator import ...`` and
the rest work on the frozen binary exactly as on an installed one.
"""

from annotator.cli import main

if __name__ == "__main__":
    main()
