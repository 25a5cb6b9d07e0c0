"""`python -m desktop` behaves exactly like the `onewindow` console script."""
from desktop.cli import main

raise SystemExit(main())
