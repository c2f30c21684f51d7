"""Subscriptions: fetching feeds safely, parsing them, and OPML (issue 7, in progress)."""
