"""`python -m tui` runs the same command line as `nutgraf`."""

from tui.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
