"""The reader's widgets: thin views over `tui.core` data."""
