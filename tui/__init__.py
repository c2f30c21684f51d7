"""nutgraf: a keyboard-driven terminal news reader with local summaries and entities."""

__version__ = "0.1.0"
