"""Quality measurement for summaries and entities: `python -m tui.evaluate`."""
