"""The reader's feature logic, as plain classes the reader screen calls.

No widgets here: each class holds state and does work (reading articles,
read marks, summary settings, search, sources) and returns what the screen
shows, so it can be tested without Textual.
"""
