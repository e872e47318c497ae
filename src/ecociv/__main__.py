"""Run the command line: ``python -m ecociv``."""

import sys

from ecociv._cli import run


sys.exit(run())
