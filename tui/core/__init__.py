"""Everything that is not UI: loading, sanitising, summarising, entities, analysis.

Nothing in this package imports Textual (tests/test_architecture.py checks it),
so the command line's non-interactive commands and the benchmarks use it alone.
"""
