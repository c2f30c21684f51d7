"""`python -m tui.bench`: speed, measured side by side in one run (README, "Measuring speed")."""
