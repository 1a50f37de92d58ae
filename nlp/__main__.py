"""``python -m nlp`` is the same as the ``zwgk`` command."""
import sys

from .cli import main

sys.exit(main())
