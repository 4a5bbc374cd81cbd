"""`python -m tui` runs the same command as `papershelf`."""

import sys

from tui.cli import main

sys.exit(main())
