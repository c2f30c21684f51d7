"""Subscriptions: fetching feeds safely, parsing them, full text from pages, OPML, refresh.

Items are stored by `tui.core.storage.feeds`.
"""
