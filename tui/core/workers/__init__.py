"""Workers: the processes that keep the UI free.

`analysis` runs NLP in a long-lived helper process (`tui.core.pipes`); `scanner` lists folders
and builds the search index in a process per listing; `refresh` runs
`nutgraf refresh --json` and reads its progress. Everything that crosses a
process boundary is a dataclass from `messages` or `tui.core.model`.
"""
