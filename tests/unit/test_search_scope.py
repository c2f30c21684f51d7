"""A search keeps the best matches among the listed articles, not among every folder the
index has seen (it is one file for all of them)."""

from __future__ import annotations

from tui.core.model import Article, Entry, pack
from tui.core.storage.search import SearchIndex, rowid
from tui.ui.controllers.search import Search, text_query


def test_the_best_matches_are_the_lists_when_the_index_holds_other_folders(tmp_path):
    search = SearchIndex(tmp_path / "search.sqlite3")
    other = [Article(f"/a/{n}.txt", f"Budget {n}", f"Budget budget budget {n}.") for n in range(5)]
    filler = " ".join(f"word{n}" for n in range(80))
    listed = [
        Article(f"/b/{n}.txt", f"Note {n}", f"The budget, once. {filler} {n}") for n in range(3)
    ]
    search.add(other + listed)
    ours = {rowid(article.key) for article in listed}
    assert not set(search.search("budget", limit=3)) & ours  # the other folder's are better
    found = search.search("budget", limit=2, within=ours)
    assert len(found) == 2 and set(found) <= ours
    assert set(search.search("budget", within=ours)) == ours
    assert search.search_names(["Budget"], limit=2, within=ours) == found


async def test_the_search_service_looks_within_the_rows_it_is_given(tmp_path):
    search = SearchIndex(tmp_path / "search.sqlite3")
    other = [Article(f"/a/{n}.txt", f"Budget {n}", f"Budget budget {n}.") for n in range(4)]
    listed = [Article(f"/b/{n}.txt", f"Note {n}", f"The budget, once, {n}.") for n in range(2)]
    search.add(other + listed)
    rows = [pack(Entry(a.path, 0, a.title, key=a.key)) for a in listed]
    rows.append(pack(Entry("/b/broken.txt", 0, "Broken", error="unreadable")))  # no key
    found = await Search(search).run(text_query("budget"), rows)
    assert set(found) == {rowid(article.key) for article in listed}
