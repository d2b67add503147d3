"""``python -m paperlist``."""

import sys

from .cli import main

sys.exit(main())
