"""``python -m bot`` is the same as the ``northstar`` console script."""

from bot.cli import main

raise SystemExit(main())
