"""`python -m tui` runs the same command as `papershelf`."""

import sys

from tui.launch import main

sys.exit(main())
