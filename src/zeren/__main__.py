"""``python -m zeren`` is the ``zeren`` command."""

import sys

from zeren.cli import main

sys.exit(main())
