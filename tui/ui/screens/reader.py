"""The reader: the list, the article, the summary and the names; every key the reader presses.

The screen owns the layout and the key actions (bound in `tui/ui/keys.py`).
What an action does that is not drawing lives in `tui.ui.controllers` and
`tui.core`; the actions here pass its results to the widgets and the notices.
"""

from __future__ import annotations

import asyncio
import logging
import os
from functools import partial
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Grid, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Footer, Input, OptionList
from textual.worker import Worker, WorkerState

from tui.core.export import (
    export_path,
    exports_dir,
    summary_text,
    to_markdown,
    web_url,
    write_atomically,
)
from tui.core.model import NO_KEY, Analysis, Article, Entry, row_key
from tui.core.workers.analysis import AnalysisError
from tui.core.workers.messages import Entries, Indexing, Listed, Notice
from tui.core.workers.refresh import Refresh
from tui.ui.controllers.articles import ArticleReader
from tui.ui.controllers.history import History, Place
from tui.ui.controllers.search import Query, name_kind, naming, related, text_query
from tui.ui.controllers.sources import feed_states, refresh_notice, sources
from tui.ui.controllers.summary import SummaryChoice
from tui.ui.keys import app_bindings, bound_keys, key_display
from tui.ui.screens.sources import Change, SourcesScreen
from tui.ui.services import Services
from tui.ui.widgets.article_list import SORTS, VIEWS, ArticleList
from tui.ui.widgets.article_view import ArticleView
from tui.ui.widgets.notices import Notices
from tui.ui.widgets.plain_input import PlainInput
from tui.ui.widgets.side_panels import EntityList, SummaryList

# How many articles after the one on screen are read and analysed in the background.
PREFETCH = 3
# The layout: the list is a strip on top below this many columns, a column beside the
# text from here, and that column grows with the width from `WIDER` on.
WIDE = 110
WIDER = 150
log = logging.getLogger("nutgraf.reader")


class ReaderScreen(Screen[None]):
    BINDINGS = app_bindings()
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE, "-wide"), (WIDER, "-wider")]
    # In the reading mode (a maximized pane) the notices and the footer stay.
    ALLOW_IN_MAXIMIZED_VIEW = ".-textual-system,Footer,Notices"
    # Escape is `leave` (keys.py, rebindable), which also gives the focus back.
    ESCAPE_TO_MINIMIZE = False

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.loader = ArticleReader(services.config.size_cap)
        self.summary_choice = SummaryChoice(services.config)
        self.mark_read = services.config.mark_read
        self.read_after = services.config.read_after_seconds
        self.analysis: Analysis | None = None
        self.loaded = asyncio.Event()
        self.history = History()
        self._read_timer: Timer | None = None
        self._reselect: tuple[str, int] | None = None  # after listing again
        self._keep_shown = False  # listing again: the article on screen stays until listed
        self.refreshing = False  # a refresh (r or auto_refresh) is running: never two
        self.refreshes = 0  # refreshes finished
        self.auto_refresh_seconds = services.config.auto_refresh_minutes * 60  # 0: off
        self.auto_refresh_timer: Timer | None = None
        self._restore: tuple[str, int, int] | None = None  # file, index, text offset (back)
        self._marked_all: tuple[list[str], list[str]] | None = None  # the list, keys (M)
        self._zoomed_from: Widget | None = None

    def compose(self) -> ComposeResult:
        with Grid(id="panes"):
            yield ArticleList(id="articles")
            yield ArticleView(id="body")
            with Vertical(id="side"):
                yield SummaryList(id="summary")
                yield EntityList(id="entities")
        yield PlainInput(id="filter", placeholder="Filter titles…  (Enter: keep, Escape: clear)")
        yield PlainInput(
            id="search", placeholder="Search every article…  (Enter: search, Escape: close)"
        )
        yield Notices(id="notices")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        for notice in self.services.early_notices:  # sent before this strip was mounted
            self.notices.add(*notice)
        self.services.early_notices.clear()
        self.articles.typing_target = filter_field = self.query_one("#filter", PlainInput)
        filter_field.on_leave = self._leave_filter_field
        self.query_one("#search", PlainInput).on_leave = self._leave_search_field
        self.articles.on_highlight = self._entry_highlighted
        keymap = self.services.config.keys
        self.articles.filter_keys = bound_keys("filter", keymap)
        self.articles.hint_keys = {a: key_display(a, keymap) for a in ("leave", "cycle_view")}
        self.summary.border_title = "Summary"
        self.entities.border_title = "People & organisations"
        self.summary.show_placeholder("Loading articles…")
        self.load_articles()
        self.load_state()
        if self.auto_refresh_seconds:
            self.auto_refresh_timer = self.set_interval(
                self.auto_refresh_seconds, self._auto_refresh_tick, name="auto_refresh"
            )

    @property
    def articles(self) -> ArticleList:
        return self.query_one(ArticleList)

    @property
    def body(self) -> ArticleView:
        return self.query_one(ArticleView)

    @property
    def summary(self) -> SummaryList:
        return self.query_one(SummaryList)

    @property
    def entities(self) -> EntityList:
        return self.query_one(EntityList)

    @property
    def notices(self) -> Notices:
        return self.query_one(Notices)

    # Listing

    @work(group="load", exclusive=True, exit_on_error=False)
    async def load_articles(self) -> None:
        """List the articles as the scanner process streams them in; a new listing
        (after a refresh) replaces one still running."""
        services = self.services
        paths = [str(path) for path in services.paths]
        self.loaded.clear()
        # Listing again (a refresh, a feed renamed): the rows on screen stay, scrolled as
        # they are, until the new listing replaces them whole.
        again: list[str] | None = [] if self.articles.entries else None
        if again is None:
            self.articles.clear()
        listing = services.scanner.start(paths, services.store_files, services.config.size_cap)
        self.articles.set_listing("listing…")
        try:
            async for message in listing.messages():
                match message:
                    case Entries(rows) if again is not None:
                        again.extend(rows)
                    case Entries(rows):
                        # The first entries take the focus, unless an article stays on
                        # screen (listing again); asked before the list's first highlight.
                        take_focus = not self.articles.entries and not self._keep_shown
                        self.articles.add_entries(rows)
                        if take_focus and self.articles.entries:
                            self.articles.focus()
                    case Listed():
                        if again is not None:
                            self.articles.replace_entries(again)
                        self.articles.set_listing("")
                        await self._listed()
                    case Indexing(done, total):
                        progress = f"search index {done:,}/{total:,}" if done < total else ""
                        self.articles.set_listing(progress)
                    case Notice(text, error):
                        self.notify(text, severity="error" if error else "warning")
        finally:
            listing.stop()
            self.articles.set_listing("")
            self._keep_shown = False
            self.loaded.set()

    async def _listed(self) -> None:
        if not self.articles.entries:
            paths = ", ".join(map(str, self.services.paths))
            where = f"in {paths}" if paths else "yet: r fetches your feeds"
            self.body.show_article(None, f"No articles found {where}")
            self.summary.show_placeholder("No articles.")
            self.articles.focus()
        if self._reselect is not None:
            position = self.articles.find(*self._reselect)
            self._reselect = None
            self._keep_shown = False
            if position is not None:
                self.articles.highlight(position)
            current = self.articles.current
            if current is not None and not self._is_shown(current):  # it went: show another
                self.open_entry(current)
        self.loaded.set()

    @work(group="state", exit_on_error=False)
    async def load_state(self) -> None:
        marks = self.services.marks
        marks.on_error = partial(self.app.call_from_thread, self._saving_failed)
        read, starred = await asyncio.wrap_future(marks.load())
        if marks.store.notice:
            self.notify(marks.store.notice, severity="warning")
        marks.loaded(read, starred)
        self.articles.set_state(marks.read, marks.starred)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one place a failed worker surfaces: a log entry with the traceback, one notice."""
        worker = event.worker
        if event.state != WorkerState.ERROR:
            return
        log.error("%s failed", worker.name, exc_info=worker.error)
        self.notify(f"{worker.name} failed: {worker.error!r}; details in the log", severity="error")
        if worker.group == "load":
            self.articles.set_listing("")
            if not self.articles.entries:
                self.summary.show_placeholder("Listing failed; see the log")
            self.loaded.set()

    def _saving_failed(self, message: str) -> None:
        self.notify(message, severity="error", timeout=10)

    # Showing an article

    def _entry_highlighted(self, entry: Entry) -> None:
        """Show the highlighted article: at once when it is in memory (read before or
        prefetched, the usual case for `n`: the text is in the frame that moves the
        cursor), else once it is read in a thread."""
        if self._keep_shown:  # listed again: the list's own first highlight is not a move
            self._keep_shown = False
            return
        if self._is_shown(entry):  # the same article (listed again): keep the place
            return
        self.workers.cancel_group(self, "prefetch")
        article = self.loader.cached(entry)
        if article is None:
            self.open_entry(entry)
        else:
            self.workers.cancel_group(self, "open")  # an older read must not replace it
            self.open_article(article)

    def _is_shown(self, entry: Entry) -> bool:
        """`entry` is the article on screen, with the same text (a broken one is read again)."""
        article = self.body.article
        return (
            article is not None
            and not article.error
            and (article.path, article.index, article.key) == (entry.path, entry.index, entry.key)
        )

    @on(ArticleList.Selected)
    def _entry_selected(self) -> None:
        self.body.focus()

    @work(group="open", exclusive=True, exit_on_error=False)
    async def open_entry(self, entry: Entry) -> None:
        """Read the entry's file (again, for a broken one: it may be fixed) and show it."""
        self.open_article(await self.loader.read(entry))

    def open_article(self, article: Article | None) -> None:
        """The text now, with its highlights when the analysis is known; the summary and
        the names after this frame is drawn, so that they never delay the text."""
        self.analysis = None
        self.workers.cancel_group(self, "analysis")
        if self._read_timer is not None:
            self._read_timer.stop()
        self.body.show_article(article)
        if article is not None and (query := self.services.search.current) is not None:
            self.body.show_mentions(query.spans(article.text), jump=query.jump, kind=query.kind)
        if article is not None and self._restore is not None:
            file, index, offset = self._restore
            if (article.path, article.index) == (file, index):
                self._restore = None
                self.body.scroll_to_offset(offset)
        if article is None or article.error:
            reason = article.error if article else "no article"
            self.summary.border_subtitle = ""
            self.summary.show_placeholder(f"No summary: {reason}")
            self.entities.show_placeholder("")
            return
        self._opened(article)
        request = self.summary_choice.request(article)
        if (analysis := self.services.analysis.cached(request)) is not None:
            self.analysis = analysis
            self.body.apply_analysis(analysis)
            self.body.after_paint(partial(self._show_analysis, article, analysis))
        else:
            self.analyse(article)

    @work(group="analysis", exclusive=True, exit_on_error=False)
    async def analyse(self, article: Article) -> None:
        """Analyse in the worker process; a newer selection cancels this one."""
        service = self.services.analysis
        request = self.summary_choice.request(article)
        if (analysis := service.cached(request)) is None:
            self.summary.border_subtitle = ""
            self.summary.show_placeholder(f"Summarising with {request.algorithm}…")
            self.entities.show_placeholder("Finding people and organisations…")
            try:
                analysis = await service.analyse(request)
            except AnalysisError as error:
                self.summary.show_placeholder(str(error))
                self.entities.show_placeholder("")
                self.notify(str(error), severity="error")
                return
        if self.body.article is not article:
            return
        self.analysis = analysis
        self.body.apply_analysis(analysis)
        self._show_analysis(article, analysis)

    def _show_analysis(self, article: Article, analysis: Analysis) -> None:
        """The summary and the names beside the text; then the next articles, ahead."""
        if self.body.article is not article or self.analysis is not analysis:
            return
        self.summary.show_summary(article, analysis)
        self.entities.show_entities(analysis)
        self.prefetch()

    @work(group="prefetch", exclusive=True, exit_on_error=False)
    async def prefetch(self) -> None:
        """Read and analyse the next few articles while the reader reads this one.

        Each is sent only while the analysis process is idle, so a prefetch never
        goes ahead of the article on screen; moving on cancels what is not sent.
        """
        for entry in self.articles.following(PREFETCH):
            if entry.error:
                continue
            article = await self.loader.read(entry)
            if not article.error:
                await self.services.analysis.prefetch(self.summary_choice.request(article))

    @on(OptionList.OptionSelected, "#summary")
    def _summary_sentence_chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            if self.maximized is self.summary:  # reading mode: back to the text, there
                self._zoom(self.body)
            self.body.show_summary_sentence(int(event.option.id))

    @on(OptionList.OptionSelected, "#entities")
    def _entity_chosen(self, event: OptionList.OptionSelected) -> None:
        entity = self.entities.entities.get(event.option.id or "")
        if entity is None:
            return
        same = self.body.mention_spans == sorted(entity.spans)
        if not same and self.maximized is self.entities:
            self._zoom(self.body)
        self.body.show_mentions([] if same else list(entity.spans), kind=name_kind(entity.name))
        if not same:
            mentions = "mention" if entity.count == 1 else "mentions"
            keys = self.services.config.keys
            steps = f"{key_display('next_match', keys)} {key_display('previous_match', keys)}"
            self.notify(f"{entity.name}: {entity.count} {mentions} highlighted ({steps})")

    # Moving and the summary

    def action_next_article(self) -> None:
        self.articles.move(1)

    def action_previous_article(self) -> None:
        self.articles.move(-1)

    def action_cycle_algorithm(self) -> None:
        self.summary_choice.cycle()
        self._reanalyse()

    def action_longer_summary(self) -> None:
        self.summary_choice.resize(1, len(self.analysis.summary) if self.analysis else None)
        self._reanalyse()

    def action_shorter_summary(self) -> None:
        self.summary_choice.resize(-1, len(self.analysis.summary) if self.analysis else None)
        self._reanalyse()

    def _reanalyse(self) -> None:
        self.notify(self.summary_choice.label, timeout=1.5)
        article = self.body.article
        if article is not None and not article.error:
            self.analyse(article)

    def action_next_summary(self) -> None:
        self.body.jump_summary(1)

    def action_previous_summary(self) -> None:
        self.body.jump_summary(-1)

    # Panes, filter and zoom

    def action_toggle_list(self) -> None:
        panes = self.query_one("#panes")
        panes.toggle_class("-list-hidden")
        if panes.has_class("-list-hidden") and self.articles.has_focus:
            self.body.focus()

    def action_toggle_zoom(self) -> None:
        """z: the reading mode (the text on the whole screen), or the focused side pane
        zoomed; z again or Escape returns."""
        if self.maximized is not None:
            self._unzoom()
        elif self.focused in (self.summary, self.entities):
            self._zoom(self.focused)
        else:
            self._zoom(self.body)

    def _zoom(self, pane: Widget) -> None:
        if self.maximized is None:
            self._zoomed_from = self.focused
        self.maximize(pane, container=False)
        pane.focus()
        keys = self.services.config.keys
        hint = (
            f"{key_display('next_pane', keys)}: summary, names · "
            f"{key_display('toggle_zoom', keys)}: back"
        )
        self.body.set_reading(pane is self.body, hint)

    def _unzoom(self) -> None:
        self.minimize()
        self.body.set_reading(False)
        back, self._zoomed_from = self._zoomed_from, None
        if back is not None and back.display and back.is_mounted:
            back.focus()

    def action_next_pane(self) -> None:
        self._cycle_panes(1)

    def action_previous_pane(self) -> None:
        self._cycle_panes(-1)

    def _cycle_panes(self, step: int) -> None:
        """Tab: the next pane; in the reading mode the text, the summary and the names
        take the whole screen in turn."""
        if self.maximized is None:
            (self.focus_next if step > 0 else self.focus_previous)()
            return
        panes: list[Widget] = [self.body, self.summary, self.entities]
        current = panes.index(self.maximized) if self.maximized in panes else 0
        self._zoom(panes[(current + step) % len(panes)])

    def action_filter(self) -> None:
        self._open_input("#filter")

    def action_search(self) -> None:
        self._open_input("#search")

    def _open_input(self, selector: str) -> None:
        """Show the list and the input at the bottom (filter or search) and focus it.

        At once, not via a class and `focus()` (both deferred): keys typed straight
        after "/" or "F" land in the input.
        """
        if self.maximized is not None:
            self._unzoom()
        self.query_one("#panes").remove_class("-list-hidden")
        field = self.query_one(selector, Input)
        field.display = True
        self.set_focus(field)

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.articles.filter(event.value)

    def _leave_filter_field(self, key: str) -> None:
        """Enter keeps the filter (the list's border shows it) and returns to the list;
        Escape clears it. At once: the keys typed next are the list's."""
        if key == "escape":
            self.action_leave()
            return
        field = self.query_one("#filter", PlainInput)
        self.articles.filter(field.value)  # the Changed message may still be on its way
        field.display = False
        self.set_focus(self.articles)

    def _clear_filter(self) -> None:
        field = self.query_one("#filter", Input)
        field.value = ""
        field.display = False
        self.articles.filter("")

    def action_leave(self) -> None:
        """Escape, one step at a time: leave the filter or the search field, the reading
        mode, a kept filter, the one source chosen in S, then a search."""
        filter_input, search_input = (
            self.query_one("#filter", Input),
            self.query_one("#search", Input),
        )
        if self.focused is filter_input:  # set at once (has_focus follows an event)
            self._clear_filter()
            self.set_focus(self.articles)  # at once: the next key is the list's
        elif self.focused is search_input:
            search_input.display = False
            self.set_focus(self.articles)  # at once: the next key is the list's
        elif self.maximized is not None:
            self._unzoom()
        elif self.articles.query_text:
            self._clear_filter()
        elif self.articles.origin is not None:  # one source chosen in S: all again
            self.articles.set_origin(None)
        elif self.services.search.current is not None:
            self.services.search.clear()
            self.articles.set_search(None)
            self.body.show_mentions([])

    # Read state

    def _opened(self, article: Article) -> None:
        """Read state as the settings say: read once shown (`open`), after some seconds
        on screen (`seconds`), or only by hand (`manual`)."""
        if not article.key or article.key in self.services.marks.read:
            return
        if self.mark_read == "open":
            self._set_read([article.key], True)
        elif self.mark_read == "seconds":
            self._read_timer = self.set_timer(
                self.read_after, lambda: self._mark_read_if_shown(article)
            )

    def _mark_read_if_shown(self, article: Article) -> None:
        if self.body.article is article:
            self._set_read([article.key], True)

    def _set_read(self, keys: list[str], value: bool, undoable: bool = False) -> list[str]:
        """Mark `keys` read (or unread); returns those that changed."""
        changed = self.services.marks.set_read_many(keys, value)
        if changed:
            if not undoable:
                self._marked_all = None  # another change: M no longer undoes
            self.articles.read_changed(changed, value)
        return changed

    def _highlighted_key(self) -> str:
        """The key of the article highlighted in the list, which may not be on screen yet
        (keys typed fast after a move act on where the cursor is, not on what was shown)."""
        entry = self.articles.current
        return entry.key if entry is not None else ""

    def action_toggle_read(self) -> None:
        if not (key := self._highlighted_key()):
            return
        if self._read_timer is not None:
            self._read_timer.stop()  # the reader decides now
        self._set_read([key], key not in self.services.marks.read)

    def action_mark_all_read(self) -> None:
        """M: every article in the list as shown (view, filter, source, search) read.
        M again before any other change puts back those it changed."""
        shown = self.articles.every_shown()
        marked = self._marked_all
        if marked is not None and marked[0] is shown:
            self._marked_all = None
            again = self._set_read(marked[1], False, undoable=True)
            self.notify(f"Undone: {len(again):,} unread again", timeout=3)
            return
        read = self.services.marks.read
        keys = [key for row in shown if (key := row_key(row)) != NO_KEY and key not in read]
        if self._read_timer is not None:
            self._read_timer.stop()
        changed = self._set_read(list(dict.fromkeys(keys)), True, undoable=True)
        self._marked_all = (shown, changed) if changed else None
        undo = key_display("mark_all_read", self.services.config.keys)
        if changed:
            self.notify(f"{len(changed):,} marked read ({undo} again: undo)", timeout=4)
        else:
            self.notify("Every article in the list is read already", timeout=2)

    def action_toggle_star(self) -> None:
        if not (key := self._highlighted_key()):
            return
        starred = self.services.marks.toggle_star(key)
        self.articles.state_changed()
        self.notify("Starred" if starred else "Unstarred", timeout=1.5)

    def action_cycle_view(self) -> None:
        view = VIEWS[(VIEWS.index(self.articles.view) + 1) % len(VIEWS)]
        self.articles.set_view(view)
        self.notify(f"Showing {view} articles", timeout=1.5)

    def action_cycle_sort(self) -> None:
        """O: newest first (every source together), by source, by title."""
        sort = SORTS[(SORTS.index(self.articles.sort) + 1) % len(SORTS)]
        self.articles.set_sort(sort)
        label = {"date": "newest first", "source": "by source", "title": "by title"}[sort]
        later = " (once the search is closed)" if self.articles.ranking is not None else ""
        self.notify(f"Ordered {label}{later}", timeout=1.5)

    # Search, names and related articles

    def _leave_search_field(self, key: str) -> None:
        """Enter searches, Escape closes the field; the list has the focus at once."""
        if key == "escape":
            self.action_leave()
            return
        field = self.query_one("#search", PlainInput)
        field.display = False
        self.set_focus(self.articles)
        if text := field.value.strip():
            self.search(text_query(text))

    @work(group="search", exclusive=True, exit_on_error=False)
    async def search(self, query: Query) -> None:
        """Found articles, best first, in the list, each opened at its top (a text search:
        at its first match); where you were is kept for Backspace."""
        place = self._place()
        found = await self.services.search.run(query, list(self.articles.entries))
        self.history.push(place)
        self.articles.set_search(found, query.label)
        if not self.articles.every_shown():
            building = " (the search index is still being built)" if self.articles.listing else ""
            self.notify(f"Nothing found: {query.label}{building}", severity="warning")
        elif (article := self.body.article) is not None:
            self.body.show_mentions(query.spans(article.text), jump=query.jump, kind=query.kind)

    def _place(self) -> Place:
        """Where the reader is: the search shown, the article and the text at the top."""
        search = self.services.search
        entry = self.articles.current
        return Place(
            search.current,
            search.found,
            (entry.file, entry.index) if entry is not None else None,
            self.body.top_offset(),
        )

    def action_back(self) -> None:
        """Backspace or h: back to the list, the article and the place in its text that
        were shown before the last R, a or F."""
        place = self.history.pop()
        if place is None:
            self.notify("Nowhere to go back to", timeout=1.5)
            return
        search = self.services.search
        search.current, search.found = place.query, place.found
        self.articles.set_search(place.found, place.query.label if place.query else "")
        if place.entry is None:
            return
        position = self.articles.find(*place.entry)
        if position is None:
            return
        article = self.body.article
        if position == self.articles.highlighted and article is not None:
            self.body.show_mentions(search.spans(article.text), jump=False, kind=search.kind)
            self.body.scroll_to_offset(place.offset)
        else:
            self._restore = (*place.entry, place.offset)
            self.articles.highlight(position)

    def action_mentioning(self) -> None:
        """Every article that mentions the name highlighted in the sidebar."""
        option = self.entities.highlighted_option
        entity = self.entities.entities.get(option.id or "") if option else None
        if entity is None:
            self.notify("Choose a name in the sidebar first", severity="warning")
            return
        self.search(naming(entity))

    def action_related(self) -> None:
        """Articles sharing this one's people and organisations, the most shared first."""
        article, analysis = self.body.article, self.analysis
        if article is None or analysis is None:
            self.notify("No names yet: the analysis is not ready", severity="warning")
        elif (query := related(article, analysis)) is None:
            self.notify("This article names no people or organisations", severity="warning")
        else:
            self.search(query)

    def action_next_match(self) -> None:
        self.body.jump_mention(1)

    def action_previous_match(self) -> None:
        self.body.jump_mention(-1)

    # Feeds and sources

    @work(group="sources", exclusive=True, exit_on_error=False)
    async def action_sources(self) -> None:
        """S: every source with its unread count and each feed's last error; choose one,
        or remove or rename a feed there."""
        states = await asyncio.to_thread(feed_states)
        choice = await self.app.push_screen_wait(
            SourcesScreen(
                sources(self.articles.origins(), states),
                self._sources_changed,
                self.services.config.keys,
            )
        )
        if choice is not None:
            self.articles.set_origin(choice.origin, choice.label)

    def _sources_changed(self, change: Change) -> None:
        """A feed was removed or renamed in `S`: list again (its items went, or carry the
        new name); a list narrowed to it follows it."""
        if self.articles.origin is not None and self.articles.origin == change.url:
            if change.new is None:
                self.articles.set_origin(None)
            else:
                self.articles.set_origin(change.url, change.new)
        self._list_again()

    def _list_again(self) -> None:
        """List again (a refresh, a feed removed or renamed), keeping the highlighted article
        highlighted and, when it is still listed, on screen where the reader was in it."""
        current = self.articles.current
        self._reselect = (current.file, current.index) if current else None
        self._keep_shown = current is not None
        self.load_articles()

    def action_refresh(self) -> None:
        """Refresh every feed in a `nutgraf refresh` process, then list again."""
        if self.refreshing:
            self.notify("A refresh is already running", timeout=2)
            return
        self.refreshing = True  # now, not when the worker starts: a second key waits
        self.refresh_feeds(auto=False)

    def _auto_refresh_tick(self) -> None:
        """The `auto_refresh` timer: a refresh unless one is running already."""
        if not self.refreshing:
            self.refreshing = True
            self.refresh_feeds(auto=True)

    @work(group="refresh", exit_on_error=False)
    async def refresh_feeds(self, auto: bool) -> None:
        """One refresh. After `r`: a notice, and the list again. After the timer: a notice
        only when items arrived or a feed newly failed, the list again only when items
        arrived or went. Started by `action_refresh` or the timer, which set `refreshing`."""
        try:
            before = {state.url: state for state in await asyncio.to_thread(feed_states)}
            refresh = Refresh(self._settings_file())
            async for step in refresh.steps():
                self.articles.set_listing(f"refreshing {step.done}/{step.total}")
        finally:
            self.refreshing = False
            self.articles.set_listing("")
        self.refreshes += 1
        if refresh.crashed:
            self.notify("The refresh failed; see the log", severity="error")
            return
        notice = refresh_notice(refresh, before, auto)
        if notice and refresh.new_items and self.services.store_files.feeds is None:
            notice += " (this reader lists its paths only: plain nutgraf shows feeds)"
        if notice:
            self.notify(notice, severity="warning" if "failed" in notice else "information")
        if refresh.updated:  # the refresh carried the marks of corrected items: read them
            marks = self.services.marks
            marks.loaded(*await asyncio.wrap_future(marks.load()))
            self.articles.set_state(marks.read, marks.starred)
        if not auto or refresh.new_items or refresh.pruned or refresh.updated:
            self._list_again()

    def _settings_file(self) -> Path | None:
        """The settings the reader was started with, for the refresh's `[feeds]`."""
        path = self.services.config.path
        return path if path is not None and path.is_file() else None

    # Copying, opening and exporting

    def _analysed(self) -> tuple[Article, Analysis] | None:
        article, analysis = self.body.article, self.analysis
        if article is None or analysis is None:
            self.notify("Nothing to copy yet: the summary is not ready", severity="warning")
            return None
        return article, analysis

    def _copy(self, text: str, what: str) -> None:
        self.app.copy_to_clipboard(text)
        self.notify(f"Copied {what} ({len(text):,} characters)", timeout=2)

    def action_copy_summary(self) -> None:
        if (ready := self._analysed()) is not None:
            self._copy(summary_text(*ready), "the summary")

    def action_copy_text(self) -> None:
        article = self.body.article
        if article is not None and article.text:
            self._copy(f"{article.title}\n\n{article.text}", "the article")

    def action_copy_url(self) -> None:
        article = self.body.article
        if article is None or not article.url:
            self.notify("This article has no URL", severity="warning")
            return
        self._copy(article.url, "the URL")

    def action_open_url(self) -> None:
        """A browser here when local; over SSH the browser is on the other machine: copy."""
        article = self.body.article
        url = web_url(article) if article else None
        if url is None:
            self.notify("This article has no web address", severity="warning")
        elif os.environ.get("SSH_CONNECTION") or os.environ.get("SSH_TTY"):
            self._copy(url, "the URL (over SSH, open it on your side)")
        else:
            self.app.open_url(url)
            self.notify(f"Opening {url}", timeout=2)

    @work(group="export", exit_on_error=False)
    async def action_export(self) -> None:
        if (ready := self._analysed()) is None:
            return
        markdown = to_markdown(*ready)
        path = export_path(exports_dir(), ready[0])
        self.app.copy_to_clipboard(markdown)
        try:
            await asyncio.to_thread(write_atomically, path, markdown)
        except OSError as error:
            self.notify(
                f"Copied the Markdown; could not save it: {error.strerror}",
                severity="warning",
            )
            return
        self.notify(f"Saved {path} (and copied it)", timeout=4)
