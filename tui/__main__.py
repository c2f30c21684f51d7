"""`python -m tui` runs the same command line as `nutgraf`."""

from tui.cli import main

# Guarded: the analysis process is spawned, and spawn re-imports this module.
if __name__ == "__main__":
    raise SystemExit(main())
