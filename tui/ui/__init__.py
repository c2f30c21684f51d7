"""The Textual reader: the app (start-up, services, themes), screens, widgets and keys.

`screens.reader.ReaderScreen` owns the reader's layout and key actions; the
feature logic it calls lives in `controllers` (plain classes) and `tui.core`.
Build the app with `tui.ui.app.make_app`.
"""
