"""The list's filter, found a step at a time, finds what one pass over the rows finds."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tui.core.model import Entry, numbered, pack
from tui.ui.widgets import row_filter
from tui.ui.widgets.row_filter import RowFilter, haystack

WORDS = ["Harbour", "harbor", "Ferry", "ferry strike", "Oslo", "ÖSTERSUND", "report 00"]


def rows_of(titles: list[str]) -> list[str]:
    return numbered([pack(Entry(f"/n/{n}.txt", 0, title)) for n, title in enumerate(titles)], 0)


def at_once(pool: list[str], folded: str) -> list[str]:
    return [row for row in pool if folded in haystack(row)]


@pytest.fixture(autouse=True)
def small_steps(monkeypatch):
    monkeypatch.setattr(row_filter, "STEP", 3)
    monkeypatch.setattr(row_filter, "FIRST_LOOK", 2)


@settings(max_examples=300, deadline=None)
@given(
    titles=st.lists(st.sampled_from(WORDS), max_size=30),
    query=st.sampled_from(["har", "f", "ferry", "östersund", "o", "zzz", "report 0"]),
    where=st.floats(min_value=0, max_value=1),  # the highlighted row, this far down
    enough=st.integers(min_value=0, max_value=4),
    steps=st.integers(min_value=0, max_value=6),
    narrower=st.sampled_from(["", "r", "y s", "t"]),
)
@example(titles=["Ferry"] * 10, query="ferry", where=0.5, enough=1, steps=0, narrower="")
def test_steps_find_what_one_pass_finds_and_a_narrower_query_looks_in_the_rest(
    titles, query, where, enough, steps, narrower
):
    pool = rows_of(titles)
    folded = query.casefold()
    pivot = pool[int(where * (len(pool) - 1))] if pool else None
    filtering = RowFilter(pool, folded, {}, pivot)
    filtering.first_step(enough)
    for _ in range(steps):
        filtering.step()
    # Typed on before the filter is done: the narrower query looks in what is left.
    left = filtering.pool_left()
    assert at_once(left, folded + narrower) == at_once(pool, folded + narrower)
    # Matches found above the pivot come first, so `found` is in the pool's order.
    assert filtering.found == [row for row in pool if row in set(filtering.found)]
    filtering.finish()
    assert filtering.done and filtering.found == at_once(pool, folded)


def test_the_first_step_stops_at_a_screenful_and_starts_at_the_highlighted_row():
    pool = rows_of(["Ferry"] * 10 + ["Oslo"] * 10 + ["Ferry"] * 10)
    filtering = RowFilter(pool, "ferry", {}, pivot=pool[25])
    filtering.first_step(enough=2)
    assert filtering.found == pool[25:27] and filtering.ahead == 0 and not filtering.done
    filtering.step()  # then the rows before it
    assert filtering.found == pool[:3] + pool[25:27] and filtering.ahead == 3
    filtering.finish()
    assert filtering.found == pool[:10] + pool[20:]


def test_a_highlighted_row_that_does_not_match_is_no_pivot():
    pool = rows_of(["Ferry", "Oslo", "Ferry"])
    filtering = RowFilter(pool, "ferry", {}, pivot=pool[1])
    filtering.first_step(enough=1)
    assert filtering.found == pool[:1]


def test_a_decomposed_accent_and_case_match_as_typed():
    [row] = rows_of(["Éclair à Paris"])
    for query in ("éclair", "E\u0301CLAIR", "e\u0301clair", "À PARIS"):
        filtering = RowFilter([row], row_filter.fold(query), {})
        filtering.finish()
        assert filtering.found == [row], query
