"""The list of articles: a virtual list that draws only the rows on screen.

One row is one entry (1 line when narrow, 2 when wide), kept packed in one string
(`tui.core.model.pack`), so 100,000 entries cost 17 MB, not 100,000 widgets or
rendered options. Only the rows on screen are unpacked and drawn, in `render_line`.
Rows come numbered in listing order (`model.numbered`), so the list sorts the strings
themselves (`SORTS`: newest first by default) as batches stream in; the filter finds
its matches a step at a time (`RowFilter`) as you type.
"""

from __future__ import annotations

import textwrap
import time
from collections.abc import Callable, Iterable
from operator import methodcaller
from typing import ClassVar
from unicodedata import normalize

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.core.model import (
    KEY_AT,
    NO_KEY,
    Entry,
    row_fields,
    row_key,
    row_origin,
    unpack,
)
from tui.core.storage.search import MAX_RESULTS, rowid
from tui.ui.keys import LIST_KEYS
from tui.ui.text import shown
from tui.ui.widgets.plain_input import LEAVE_KEYS, PlainInput
from tui.ui.widgets.row_filter import RowFilter, fold

VIEWS = ("all", "unread", "starred")
# How long the filter looks for matches between two repaints (seconds; it then goes on
# after the next): a repaint of the list took 15 ms, so more steps a repaint ended sooner.
FILTER_FRAME = 0.02
FEW_KEYS = 8  # read marks changed at once, counted a key at a time (see `read_changed`)
# How the list is ordered (O cycles): newest first; by source, newest first in each;
# by title.
SORTS = ("date", "source", "title")


def _by_source(row: str) -> tuple[bool, str, str]:
    source = row_fields(row)[1]
    return (not source, *_sortable(source))  # files without a source last


def _by_title(row: str) -> tuple[str, str]:
    return _sortable(row_fields(row)[0])


# Combining diacritical marks, dropped for the first sort key.
_MARKS = dict.fromkeys(range(0x300, 0x370))


def _sortable(text: str) -> tuple[str, str]:
    """Casefolded, decomposed, without its accents, then with them: "Éclair" sorts
    between "Echo" and "Ezra", not after "zebra"."""
    decomposed = normalize("NFKD", text.casefold())
    return decomposed.translate(_MARKS), decomposed


def _rowid(row: str) -> int:
    """The search index's id for a packed row (-1 for a broken entry, which has no key)."""
    key = row_key(row)
    return rowid(key) if key != NO_KEY else -1


def _unread(row: str, read: set[str]) -> bool:
    key = row_key(row)
    return key != NO_KEY and key not in read


class ArticleList(ScrollView, can_focus=True):
    """Every listed article, or those whose title or path contains the filter."""

    BORDER_TITLE = "Articles"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "cursor_down", "Down", show=False),
        Binding("up", "cursor_up", "Up", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("enter", "select", "Open", show=False),
        *LIST_KEYS,
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-list--cursor",
        "article-list--title",
        "article-list--read",
        "article-list--mark",
        "article-list--meta",
        "article-list--error",
    }
    DEFAULT_CSS = """
    ArticleList {
        overflow-x: hidden;
        & > .article-list--title { text-style: bold; }
        & > .article-list--read { text-style: none; }
        & > .article-list--mark { color: $text-accent; text-style: bold; }
        & > .article-list--meta { color: $text-muted; }
        & > .article-list--error { color: $text-error; text-style: bold; }
        & > .article-list--cursor {
            color: $foreground;
            background: $block-cursor-blurred-background;
        }
        &:focus > .article-list--cursor {
            color: $block-cursor-foreground;
            background: $block-cursor-background;
        }
    }
    """

    class Selected(Message):
        def __init__(self, entry: Entry) -> None:
            super().__init__()
            self.entry = entry

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entries: list[str] = []  # packed and numbered (`model.numbered`), in order
        # Those matching the filter and view: `entries` itself when all are (a second
        # list of 100,000 was 0.8 MB).
        self.shown: list[str] = self.entries
        self.highlighted: int | None = None
        self.query_text = ""
        self.view = "all"
        self.ranking: dict[int, int] | None = None  # search row id -> rank, while searching
        self.search_label = ""
        # One source only: a feed's address, or "" for files; its name, for the border.
        self.origin: str | None = None
        self.origin_label = ""
        self.sort = "date"
        self.filter_keys: frozenset[str] = frozenset({"slash"})  # what opens the filter
        self.read: set[str] = set()
        self._haystacks: dict[str, str] = {}  # row -> what the filter looks in (`RowFilter`)
        self._filtering: RowFilter | None = None  # while matches are still being found
        self._rows_above: int | None = None  # the highlighted row's place on screen, kept
        self._lost: str | None = None  # the row highlighted before a filter showed nothing
        self._unread = 0
        self.starred: set[str] = set()
        self.listing = ""  # what the scanner is still doing ("listing…"), for the border
        self.detailed = True
        self.typing_target: PlainInput | None = None
        # Called at once when the highlight moves (the reader shows that article): a
        # message would be handled after the next frame, and the text a frame later.
        self.on_highlight: Callable[[Entry], None] = lambda entry: None
        self._typing = False
        # How the keys named in the empty list's message are bound (the screen sets them).
        self.hint_keys = {"leave": "Escape", "cycle_view": "v"}

    @property
    def row_height(self) -> int:
        return 2 if self.detailed else 1

    @property
    def current(self) -> Entry | None:
        index = self.highlighted
        return unpack(self.shown[index]) if index is not None and index < len(self.shown) else None

    def following(self, count: int) -> list[Entry]:
        """The `count` entries after the highlighted one (what to prefetch)."""
        start = 0 if self.highlighted is None else self.highlighted + 1
        return [unpack(row) for row in self.shown[start : start + count]]

    def shown_entries(self) -> list[Entry]:
        return [unpack(row) for row in self.every_shown()]

    def every_shown(self) -> list[str]:
        """`shown`, once the filter has found every match (it finds them a step at a time)."""
        if (filtering := self._filtering) is not None:
            self._filter_on(filtering, finish=True)
        return self.shown

    # Contents

    def add_entries(self, rows: Iterable[str]) -> None:
        """Add a batch of packed entries (the scan streams them in) in their place in the
        order; the highlight stays on its entry."""
        batch = list(rows)
        self._unread += sum(1 for row in batch if _unread(row, self.read))
        current = self._current_row()
        everything = self.shown is self.entries
        self.entries.extend(batch)
        self._order(self.entries)  # sorted runs: Python's sort merges them in one pass
        if self.ranking is not None or self._filtering is not None:
            self._reshow(self.entries)
            return
        if not everything:
            self.shown.extend(self._kept(batch, fold(self.query_text)))
            self._order(self.shown)
        self._follow(current)
        self._contents_changed()

    def _order(self, rows: list[str]) -> None:
        """Sort `rows` in place by the chosen order (stable: ties keep listing order)."""
        if self.sort == "title":
            rows.sort(key=_by_title)
            return
        rows.sort(reverse=True)  # the rows' own order: newest first, then as they arrived
        if self.sort == "source":
            rows.sort(key=_by_source)

    def set_sort(self, sort: str) -> None:
        """Order the list by date (newest first), by source, or by title."""
        current = self._current_row()  # before the sort: `shown` may be `entries`
        self.sort = sort
        self._order(self.entries)
        self._reshow(self.entries, current)

    def _current_row(self) -> str | None:
        index = self.highlighted
        return self.shown[index] if index is not None and index < len(self.shown) else None

    def _follow(self, row: str | None) -> None:
        """Keep the highlight on `row` wherever it now is; a row no longer shown is
        remembered while nothing is, to be highlighted again when it shows."""
        if row is None:
            return
        try:  # in C; an equal row is the same entry (the packed row holds its file and index)
            self.highlighted = self.shown.index(row)
            self._lost = None
        except ValueError:
            self.highlighted = None
            self._lost = row

    def filter(self, query: str) -> None:
        """Show the entries matching `query`; typing on narrows the last result."""
        query = query.replace("\x1f", "")  # the haystack's field separator
        if query == self.query_text:
            return
        folded, previous = fold(query), fold(self.query_text)
        narrowing = previous and folded.startswith(previous)
        self.query_text = query
        if not narrowing:
            self._reshow(self.entries)
        elif (filtering := self._filtering) is not None:
            self._reshow(filtering.pool_left())
        else:
            self._reshow(self.shown)

    def set_view(self, view: str) -> None:
        """All articles, only the unread ones, or only the starred ones."""
        self.view = view
        self._reshow(self.entries)

    def set_state(self, read: set[str], starred: set[str]) -> None:
        """The reader's read and starred keys (the app owns and saves them)."""
        self.read, self.starred = read, starred
        self._count_unread()
        self._reshow(self.entries)

    def _count_unread(self) -> None:
        """Counted when the whole state changes, not per keystroke: 100,000 rows take ~20 ms."""
        read = self.read
        self._unread = sum(1 for row in self.entries if _unread(row, read))

    def read_changed(self, keys: Iterable[str], now_read: bool) -> None:
        """Articles `keys` turned read (or unread): the count moves by their rows and only
        the rows on screen are drawn again (opening an article must not cost a recount)."""
        marked = set(keys)
        if len(marked) <= FEW_KEYS:  # one pass of C a key
            changed = 0
            for key in marked:
                changed += sum(map(methodcaller("startswith", key, KEY_AT), self.entries))
        else:  # M: one pass for all (a pass a key froze the reader for minutes at 68,000)
            changed = sum(1 for row in self.entries if row_key(row) in marked)
        self._unread += -changed if now_read else changed
        self._subtitle()
        self._refresh_rows_of(marked)

    def _refresh_rows_of(self, keys: set[str]) -> None:
        """Draw again the rows on screen that show one of `keys`."""
        height = self.row_height
        first = self.scroll_offset.y // height
        last = first + self.scrollable_content_region.height // height + 1
        for index in range(first, min(last + 1, len(self.shown))):
            if row_key(self.shown[index]) in keys:
                self.refresh_lines(index * height, height)

    def set_search(self, found: list[int] | None, label: str = "") -> None:
        """Show only the articles a search `found` (best first) under `label`, or all again."""
        self.ranking = None if found is None else {row: rank for rank, row in enumerate(found)}
        if found is not None and len(found) >= MAX_RESULTS:  # the search keeps no more
            label = f"{label} (the best {MAX_RESULTS:,})"
        self.search_label = label
        self._reshow(self.entries)

    def set_origin(self, origin: str | None, label: str = "") -> None:
        """List only the articles of one source (a feed's address, or "" for files), or
        all; `label`: what the source is called."""
        self.origin = origin
        self.origin_label = label
        self._reshow(self.entries)

    def origins(self) -> dict[str, tuple[int, int]]:
        """Each source (a feed's address, "" for files) with its (unread, total) counts."""
        counts: dict[str, list[int]] = {}
        read = self.read
        for row in self.entries:
            tally = counts.setdefault(row_origin(row), [0, 0])
            tally[0] += _unread(row, read)
            tally[1] += 1
        return {origin: (unread, total) for origin, (unread, total) in counts.items()}

    def _kept(self, rows: list[str], folded: str) -> list[str]:
        """The `rows` the list shows, all found at once."""
        selected = self._selected(rows)
        if not folded:
            return selected
        filtering = RowFilter(selected, folded, self._haystacks)
        filtering.finish()
        return filtering.found

    def _selected(self, rows: list[str]) -> list[str]:
        """The `rows` of the source, search and view shown (the filter aside)."""
        if self.origin is not None:
            rows = [row for row in rows if row_origin(row) == self.origin]
        if (ranking := self.ranking) is not None:
            found = [(ranking[n], row) for row in rows if (n := _rowid(row)) in ranking]
            rows = [row for _, row in sorted(found, key=lambda pair: pair[0])]
        if self.view == "unread":
            rows = [row for row in rows if _unread(row, self.read)]
        elif self.view == "starred":
            rows = [row for row in rows if row_key(row) in self.starred]
        return rows

    def _retitle(self) -> None:
        """The border says what is listed. A query, a name or a feed's title is text:
        a plain `str` border title would be parsed as markup."""
        if self.ranking is not None:  # the filter still applies to what was found
            title = self.search_label + (f" · /{self.query_text}" if self.query_text else "")
        else:
            parts = ["Articles", *([self.view] if self.view != "all" else [])]
            if self.origin is not None:
                parts.append(self.origin_label or self.origin or "files")
            if self.sort != "date":
                parts.append(f"by {self.sort}")
            if self.query_text:
                parts.append(f"/{self.query_text}")
            title = " · ".join(parts)
        self.border_title = shown(title)

    def _reshow(self, pool: list[str], current: str | None = None) -> None:
        current = current or self._current_row() or self._lost
        selected = self._selected(pool)
        # The highlighted row's screen line, unless a filter still looking moved it (keys
        # typed fast): each reshow puts the row back there once it can.
        if self._filtering is None and self.highlighted is not None and self.is_mounted:
            height = self.row_height
            self._rows_above = (self.highlighted * height - self.scroll_offset.y) // height
        self._filtering = None
        if folded := fold(self.query_text):
            filtering = RowFilter(selected, folded, self._haystacks, pivot=current)
            filtering.first_step(enough=self._rows_on_screen())
            if not self.is_mounted:
                filtering.finish()
            self.shown = filtering.found
            if not filtering.done:  # the rest between key presses
                self._filtering = filtering
                self.call_after_refresh(self._filter_on, filtering)
        else:
            self.shown = selected
        # By identity: the highlighted entry stays highlighted if still shown.
        self._follow(current)
        self._retitle()
        self._size_to_rows()
        self._keep_place()
        self._contents_changed()

    def _keep_place(self) -> None:
        """Scroll so the highlighted row stands on the screen line it had (as near as the
        rows above it allow)."""
        if self.highlighted is None or self._rows_above is None or not self.is_mounted:
            return
        top = self.highlighted - min(self._rows_above, self.highlighted)
        self.scroll_to(y=top * self.row_height, animate=False, force=True, immediate=True)

    def _filter_on(self, filtering: RowFilter, finish: bool = False) -> None:
        """The filter's next step, or all of them (called again until it is done, unless a
        new filter, view or listing took its place). Matches found above the highlighted
        row move it down by as many rows; the view follows it back to its screen line."""
        if filtering is not self._filtering:
            return
        ahead = filtering.ahead
        if finish:
            filtering.finish()
        else:  # steps for up to a frame's time (~7 ms a step while haystacks are made)
            started = time.perf_counter()
            while not filtering.done and time.perf_counter() - started < FILTER_FRAME:
                filtering.step()
        self.shown = filtering.found
        if filtering.done:
            self._filtering = None
        else:
            self.call_after_refresh(self._filter_on, filtering)
        self._subtitle()
        self._size_to_rows()
        if (moved := filtering.ahead - ahead) and self.highlighted is not None:
            self.highlighted += moved
            if self._rows_above is None:  # moved since: what is on screen stays put
                y = self.scroll_offset.y + moved * self.row_height
                self.scroll_to(y=y, animate=False, force=True, immediate=True)
            else:  # back to where it was before the filter
                self._keep_place()
        if self.highlighted is None and self.shown:
            self.highlight(0)
        self.refresh()

    def state_changed(self) -> None:
        """Redraw after a read or star change; rows stay put until the view is re-applied."""
        self._count_unread()
        self._contents_changed()

    def _subtitle(self) -> None:
        unread = self._unread
        total = f"{len(self.entries):,}" + (f" · {self.listing}" if self.listing else "")
        more = "…" if self._filtering is not None else ""  # the filter is still looking
        counts = (
            f"{len(self.shown):,}{more}/{total}"
            if more or len(self.shown) != len(self.entries)
            else total
        )
        self.border_subtitle = f"{unread:,} unread · {counts}" if unread else counts

    def _contents_changed(self) -> None:
        self._subtitle()
        self._size_to_rows()
        if self.highlighted is None and self.shown:
            self.highlight(0)
        else:
            self._scroll_to_cursor()
        self.refresh()

    def replace_entries(self, rows: list[str]) -> None:
        """Every entry at once (listed again): the highlighted article stays highlighted at
        the same row of the screen when it is still listed, so nothing seems to move."""
        current = self.current
        height = self.row_height
        on_screen = (
            self.highlighted * height - self.scroll_offset.y
            if self.highlighted is not None
            else None
        )
        self.entries = list(rows)
        self._haystacks = {}  # the rows that went must not stay
        self._filtering, self._lost = None, None
        self._order(self.entries)
        self._count_unread()
        self.shown = self._kept(self.entries, fold(self.query_text))
        position = self.find(current.file, current.index) if current is not None else None
        self.highlighted = position
        self._size_to_rows()
        if position is not None and on_screen is not None and self.is_mounted:
            self.scroll_to(
                y=max(0, position * height - on_screen), animate=False, force=True, immediate=True
            )
        self._retitle()
        self._contents_changed()

    def clear(self) -> None:
        """Forget every entry (before listing again); the filter and view stay."""
        self.entries, self.highlighted, self._unread = [], None, 0
        self.shown = self._kept(self.entries, fold(self.query_text))
        self._haystacks = {}
        self._filtering, self._lost = None, None
        self._contents_changed()

    def find(self, file: str, index: int) -> int | None:
        """Where the entry for `file` (article `index` in it) is shown, if it is."""
        for position, row in enumerate(self.every_shown()):
            entry = unpack(row)
            if entry.file == file and entry.index == index:
                return position
        return None

    def set_listing(self, listing: str) -> None:
        self.listing = listing
        self._contents_changed()

    def _size_to_rows(self) -> None:
        """As tall as the rows, and a line more when the view's height is odd and rows are
        two lines: scrolled to the end, the top of the view is then an entry's first line."""
        region = self.scrollable_content_region
        height = len(self.shown) * self.row_height
        odd = self.row_height == 2 and region.height % 2 == 1
        self.virtual_size = Size(region.width, height + (1 if odd and height else 0))

    def on_resize(self) -> None:
        """Two lines an entry in the wide layout (a tall column), one in the narrow strip."""
        self.detailed = not self.screen.has_class("-narrow")
        self._size_to_rows()
        self._scroll_to_cursor()

    # Cursor

    def highlight(self, index: int) -> None:
        self._rows_above = None  # moved: the filter keeps the view where it is
        if not self.shown:
            return
        index = max(0, min(len(self.shown) - 1, index))
        previous, changed = self.highlighted, index != self.highlighted
        self.highlighted = index
        top = self.scroll_offset.y
        self._scroll_to_cursor()
        if self.scroll_offset.y != top or previous is None:
            self.refresh()
        else:  # only the two rows the cursor left and reached
            height = self.row_height
            self.refresh_lines(previous * height, height)
            self.refresh_lines(index * height, height)
        if changed:
            self.on_highlight(unpack(self.shown[index]))

    def move(self, step: int) -> None:
        """Highlight the entry `step` rows down (or up), stopping at either end."""
        self.highlight(step if self.highlighted is None else self.highlighted + step)

    def _scroll_to_cursor(self) -> None:
        """Bring the cursor's entry into view, the top of the view on an entry's first line:
        a view whose height is not a whole number of two-line entries, or a resize from one
        line an entry to two, left half an entry (its second line alone) at the top."""
        if self.highlighted is None or not self.is_mounted:
            return
        height = self.row_height
        fits = max(1, self.scrollable_content_region.height // height)
        top = min(self.scroll_offset.y // height, self.highlighted)
        top = max(top, self.highlighted - fits + 1)
        self.scroll_to(y=top * height, animate=False, force=True, immediate=True)

    def _rows_on_screen(self) -> int:
        return self.scrollable_content_region.height // self.row_height + 1

    @property
    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height // self.row_height - 1)

    def action_cursor_down(self) -> None:
        self.move(1)

    def action_cursor_up(self) -> None:
        self.move(-1)

    def action_first(self) -> None:
        self.highlight(0)

    def action_last(self) -> None:
        self.highlight(len(self.every_shown()) - 1)

    def action_page_down(self) -> None:
        self.move(self._page)

    def action_page_up(self) -> None:
        self.move(-self._page)

    def action_select(self) -> None:
        if (entry := self.current) is not None:
            self.post_message(self.Selected(entry))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = (offset.y + self.scroll_offset.y) // self.row_height
        if index < len(self.shown):
            self.highlight(index)
            self.action_select()

    # Drawing

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self.refresh()

    def empty_message(self) -> str:
        """Why nothing is listed and which key changes it ("" while something is, or
        while the first entries are still coming)."""
        if self.shown or self._filtering is not None or (not self.entries and self.listing):
            return ""
        leave, view = self.hint_keys["leave"], self.hint_keys["cycle_view"]
        if not self.entries:
            return "Nothing here: no articles listed"
        if self.query_text and self.view != "all":  # the view may be what leaves nothing
            return (
                f"Nothing here: no {self.view} article matches /{self.query_text}"
                f" ({leave} clears the filter, {view} changes the view)"
            )
        if self.query_text:
            return (
                f"Nothing here: no title, source or path matches /{self.query_text}"
                f" ({leave} clears the filter)"
            )
        if self.view != "all":
            return f"Nothing here: no {self.view} articles ({view} changes the view)"
        if self.ranking is not None:
            return f"Nothing here: nothing found ({leave} closes the search)"
        if self.origin is not None:
            return f"Nothing here: nothing from this source ({leave} lists every source)"
        return "Nothing here"

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index, line = divmod(self.scroll_offset.y + y, self.row_height)
        cursor = index == self.highlighted
        base = self.get_visual_style("article-list--cursor") if cursor else self.get_visual_style()
        if index >= len(self.shown):
            lines = textwrap.wrap(self.empty_message(), max(width, 1)) if not self.shown else []
            if y < len(lines):  # the message, wrapped: the keys it names stay in sight
                text = shown(lines[y]).stylize(
                    self.get_visual_style("article-list--meta", partial=True)
                )
                return Strip(text.truncate(width, pad=True).render_segments(base), width)
            return Strip.blank(width, base.rich_style)
        entry = unpack(self.shown[index])
        unread = entry.key not in self.read
        kind = "error" if entry.error else "title" if unread else "read"
        title = shown(entry.title).stylize(
            self.get_visual_style(f"article-list--{kind}", partial=True)
        )
        mark = "★ " if entry.key in self.starred else "• " if unread and entry.key else "  "
        mark_style = "bold" if cursor else self.get_visual_style("article-list--mark", partial=True)
        title = Content.assemble(shown(mark).stylize(mark_style), title)
        meta = shown(entry.meta_line)
        if not cursor:  # on the cursor, in the cursor's own colours
            meta = meta.stylize(self.get_visual_style("article-list--meta", partial=True))
        if not self.detailed:
            row = Content.assemble(title, "  ", meta) if entry.meta_line else title
        else:
            row = title if line == 0 else Content.assemble("  ", meta)
        row = row.truncate(width, ellipsis=True, pad=True)
        return Strip(row.render_segments(base), width)

    # Typing "/" and a query in one burst

    async def on_key(self, event: events.Key) -> None:
        """ "/" (the filter's keys) opens the filter here, at once, and keys typed in the
        same burst follow it.

        Keys typed in one burst after "/" (a paste, tmux send-keys) are queued for
        the list before an app binding could move the focus; they would move the
        list or run bindings ("n": next article) instead of filtering.
        """
        target = self.typing_target
        if target is None:
            return
        if event.key in self.filter_keys and not target.display:
            self._typing = True
            await self.run_action("screen.filter")
        elif self._typing and event.key in LEAVE_KEYS:  # "/zeb⏎": the keys after are ours
            self._typing = False
            target.leave(event.key)
        elif not (self._typing and event.is_printable and event.character):
            return
        else:
            target.insert_text_at_cursor(event.character)
        event.stop()
        event.prevent_default()

    def on_focus(self) -> None:
        self._typing = False
