"""Entry script for the PyInstaller bundle: the same `onewindow` command as the console script."""
import sys

from desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
