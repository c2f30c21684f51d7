"""The reader: wires the widgets to `tui.core`. Build it with `make_app`."""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor, ThreadPoolExecutor
from functools import partial
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.containers import Grid, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, OptionList

from tui.core.analysis import Analysis, AnalysisRequest
from tui.core.articles import Article
from tui.core.cache import AnalysisCache
from tui.core.config import MAX_SENTENCES, THEMES, Config
from tui.core.corpus import Entry, index_path, load_entry
from tui.core.feeds.store import feeds_path
from tui.core.logs import log_path, setup_logging
from tui.core.nlp import estimate_sentences
from tui.core.scanning import ProcessScanner, Scanner, StoreFiles
from tui.core.search import SearchIndex, search_path
from tui.core.service import AnalysisError, AnalysisService, prepare_processes, process_executor
from tui.core.state import ReadingState
from tui.core.summarize import ALGORITHMS
from tui.keys import APP_KEYS, app_bindings, help_rows
from tui.reading import ReadingActions
from tui.refreshing import FeedActions
from tui.screens.help import HelpScreen
from tui.searching import SearchActions
from tui.share import ShareActions
from tui.widgets.article_list import ArticleList
from tui.widgets.article_view import ArticleView
from tui.widgets.side_panels import EntityList, SummaryList

WIDE = 110
# Articles read and kept in memory, and how many after the one on screen are
# read and analysed in the background.
KEEP_ARTICLES = 64
PREFETCH = 3


class NutgrafApp(ShareActions, ReadingActions, SearchActions, FeedActions):
    CSS_PATH = "app.tcss"
    TITLE = "nutgraf"
    BINDINGS = app_bindings()
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE, "-wide")]

    def __init__(
        self,
        paths: Sequence[str | Path],
        service: AnalysisService,
        scanner: Scanner,
        state: ReadingState,
        config: Config,
    ) -> None:
        super().__init__()
        self.paths = list(paths)
        self.service = service
        self.scanner = scanner
        self.config = config
        self.store_files = StoreFiles(str(index_path()), str(search_path()), str(feeds_path()))
        self._reselect: tuple[str, int] | None = None  # after listing again
        self.search_index = SearchIndex(Path(self.store_files.search or ":memory:"))
        # While a search is shown: where its matches are in an article's text.
        self.search_spans: Callable[[str], list[tuple[int, int]]] | None = None
        self.size_cap = int(config.size_cap_mb * 1024 * 1024)
        self._read: OrderedDict[tuple[str, int], Article] = OrderedDict()
        self.state = state
        # One writer thread: changes reach the store in the order they were made.
        self._state_writer = ThreadPoolExecutor(1, thread_name_prefix="state")
        self._read_timer: Timer | None = None
        self.read_after = config.read_after_seconds
        self.algorithm = config.algorithm
        self.sentence_count = config.sentences
        self.theme = THEMES[config.theme]
        self.set_keymap(config.keys)
        self.analysis: Analysis | None = None
        self.loaded = asyncio.Event()
        self.log_file: Path | None = None

    def compose(self) -> ComposeResult:
        with Grid(id="panes"):
            yield ArticleList(id="articles")
            yield ArticleView(id="body")
            with Vertical(id="side"):
                yield SummaryList(id="summary")
                yield EntityList(id="entities")
        yield Input(id="filter", placeholder="Filter titles…  (Enter: keep, Escape: clear)")
        yield Input(
            id="search", placeholder="Search every article…  (Enter: search, Escape: close)"
        )
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(ArticleList).typing_target = self.query_one("#filter", Input)
        self.query_one(SummaryList).border_title = "Summary"
        self.query_one(EntityList).border_title = "People & organisations"
        self.query_one(SummaryList).show_placeholder("Loading articles…")
        self.load_articles()
        if self.log_file is None:
            self.notify(
                f"Logging is off: cannot write to {log_path().parent}",
                severity="warning",
                markup=False,
            )
        self.open_cache()
        self.load_state()
        for problem in self.config.problems:
            self.notify(problem, title="Settings", severity="warning", timeout=12, markup=False)
        # The analysis process starts after the first paint, not before it.
        self.call_after_refresh(self.service.start)

    def on_unmount(self) -> None:
        self.service.close()
        self.search_index.close()
        self._state_writer.submit(self.state.close)
        self._state_writer.shutdown(wait=True)  # every change is saved before exit

    @property
    def articles(self) -> ArticleList:
        return self.query_one(ArticleList)

    @property
    def body(self) -> ArticleView:
        return self.query_one(ArticleView)

    @work(group="cache", exit_on_error=False)
    async def open_cache(self) -> None:
        """Open the analysis cache off the UI thread; say so if it is damaged or unwritable."""
        store = self.service.store
        if store is not None:
            await asyncio.to_thread(store.open)
            if store.notice:
                self.notify(store.notice, severity="warning", markup=False)

    @work(group="load", exit_on_error=False)
    async def load_articles(self) -> None:
        """List the articles as the scanner process streams them in."""
        paths = [str(path) for path in self.paths]
        listing = self.scanner.start(paths, self.store_files, self.size_cap)
        self.articles.set_listing("listing…")
        try:
            async for kind, payload in listing.messages():
                if kind == "entries":
                    first = not self.articles.entries
                    self.articles.add_entries(payload)
                    if first and self.articles.entries:
                        self.articles.focus()
                elif kind == "listed":
                    self.articles.set_listing("")
                    await self._listed()
                elif kind == "indexing":
                    done, total = payload
                    progress = f"search index {done:,}/{total:,}" if done < total else ""
                    self.articles.set_listing(progress)
                elif kind == "error":
                    self.notify(payload, severity="error", markup=False)
                else:
                    self.notify(payload, severity="warning", markup=False)
        finally:
            listing.stop()
            self.articles.set_listing("")
            self.loaded.set()

    async def _listed(self) -> None:
        if not self.articles.entries:
            await self.body.show_article(
                None, "No articles found in " + ", ".join(map(str, self.paths))
            )
            self.query_one(SummaryList).show_placeholder("No articles.")
            self.articles.focus()
        if self._reselect is not None:
            position = self.articles.find(*self._reselect)
            self._reselect = None
            if position is not None:
                self.articles.highlight(position)
        self.loaded.set()

    @on(ArticleList.Highlighted)
    def _entry_highlighted(self, event: ArticleList.Highlighted) -> None:
        self.workers.cancel_group(self, "prefetch")
        self.open_entry(event.entry)

    @on(ArticleList.Selected)
    def _entry_selected(self) -> None:
        self.body.focus()

    async def read(self, entry: Entry) -> Article:
        """The article behind `entry`: from memory, or read from its file off the UI thread."""
        key = (entry.file, entry.index)
        article = self._read.get(key)
        if article is None:
            article = await asyncio.to_thread(load_entry, entry, self.size_cap)
            self._read[key] = article
            while len(self._read) > KEEP_ARTICLES:
                self._read.popitem(last=False)
        self._read.move_to_end(key)
        return article

    @work(group="open", exclusive=True, exit_on_error=False)
    async def open_entry(self, entry: Entry) -> None:
        """Read the entry's file (again, for a broken one: it may be fixed) and show it."""
        await self.open_article(await self.read(entry))

    async def open_article(self, article: Article | None) -> None:
        self.analysis = None
        if self._read_timer is not None:
            self._read_timer.stop()
        if article is not None and article.key and article.key not in self.articles.read:
            self._read_timer = self.set_timer(
                self.read_after, partial(self._mark_read_if_shown, article)
            )
        await self.body.show_article(article)
        summary, entities = self.query_one(SummaryList), self.query_one(EntityList)
        summary.border_subtitle = ""
        if article is not None and self.search_spans is not None:
            self.body.show_mentions(self.search_spans(article.text))
        if article is None or article.error:
            summary.show_placeholder(f"No summary: {article.error if article else 'no article'}")
            entities.show_placeholder("")
            self.workers.cancel_group(self, "analysis")
            return
        self.analyse(article)

    def _request(self, article: Article) -> AnalysisRequest:
        count = self.sentence_count
        if (share := self.config.sentence_share) is not None:
            count = round(share * estimate_sentences(article.text))
            count = max(1, min(MAX_SENTENCES, count))
        return AnalysisRequest(article.text, article.digest, self.algorithm, count)

    @work(group="analysis", exclusive=True, exit_on_error=False)
    async def analyse(self, article: Article) -> None:
        """Analyse in the worker process; a newer selection cancels this one."""
        request = self._request(article)
        summary, entities = self.query_one(SummaryList), self.query_one(EntityList)
        if (analysis := self.service.cached(request)) is None:
            summary.show_placeholder(f"Summarising with {self.algorithm}…")
            entities.show_placeholder("Finding people and organisations…")
            try:
                analysis = await self.service.analyse(request)
            except AnalysisError as error:
                summary.show_placeholder(str(error))
                entities.show_placeholder("")
                self.notify(str(error), severity="error", markup=False)
                return
        if self.body.article is not article:
            return
        self.analysis = analysis
        self.body.apply_analysis(analysis)
        summary.show_summary(article, analysis)
        entities.show_entities(analysis)
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
            article = await self.read(entry)
            if not article.error:
                await self.service.prefetch(self._request(article))

    @on(OptionList.OptionSelected, "#summary")
    def _summary_sentence_chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.body.show_summary_sentence(int(event.option.id))

    @on(OptionList.OptionSelected, "#entities")
    def _entity_chosen(self, event: OptionList.OptionSelected) -> None:
        entity = self.query_one(EntityList).entities.get(event.option.id or "")
        if entity is None:
            return
        same = self.body.mention_spans == sorted(entity.spans)
        self.body.show_mentions([] if same else list(entity.spans))
        if not same:
            mentions = "mention" if entity.count == 1 else "mentions"
            self.notify(f"{entity.name}: {entity.count} {mentions} highlighted", markup=False)

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.articles.filter(event.value)

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        self.articles.focus()

    # Actions: each is bound in tui/keys.py and offered in the command palette.

    def action_cycle_theme(self) -> None:
        names = list(THEMES.values())
        current = names.index(self.theme) if self.theme in names else -1
        self.theme = names[(current + 1) % len(names)]
        self.notify(f"Theme: {self.theme}", timeout=1.5)

    def action_leave(self) -> None:
        """Escape: clear and leave the filter, or restore a zoomed pane."""
        filter_input, search_input = (
            self.query_one("#filter", Input),
            self.query_one("#search", Input),
        )
        if filter_input.has_focus:
            filter_input.value = ""
            filter_input.display = False
            self.articles.focus()
        elif search_input.has_focus:
            search_input.display = False
            self.articles.focus()
        elif self.screen.maximized is not None:
            self.screen.minimize()
        elif self.search_spans is not None:
            self._clear_search()

    def action_next_article(self) -> None:
        self.articles.move(1)

    def action_previous_article(self) -> None:
        self.articles.move(-1)

    def action_cycle_algorithm(self) -> None:
        self.algorithm = ALGORITHMS[(ALGORITHMS.index(self.algorithm) + 1) % len(ALGORITHMS)]
        self._reanalyse()

    def _count_from_share(self) -> None:
        """+ and - start from the length on screen; the configured share stops applying."""
        if self.config.sentence_share is not None:
            self.sentence_count = len(self.analysis.summary) if self.analysis else 3
            self.config.sentence_share = None

    def action_longer_summary(self) -> None:
        self._count_from_share()
        self.sentence_count = min(MAX_SENTENCES, self.sentence_count + 1)
        self._reanalyse()

    def action_shorter_summary(self) -> None:
        self._count_from_share()
        self.sentence_count = max(1, self.sentence_count - 1)
        self._reanalyse()

    def _reanalyse(self) -> None:
        self.notify(f"{self.algorithm}, {self.sentence_count} sentences", timeout=1.5)
        article = self.body.article
        if article is not None and not article.error:
            self.analyse(article)

    def action_next_summary(self) -> None:
        self.body.jump_summary(1)

    def action_previous_summary(self) -> None:
        self.body.jump_summary(-1)

    def action_filter(self) -> None:
        self._open_input("#filter")

    def action_toggle_list(self) -> None:
        panes = self.query_one("#panes")
        panes.toggle_class("-list-hidden")
        if panes.has_class("-list-hidden") and self.articles.has_focus:
            self.body.focus()

    def action_toggle_zoom(self) -> None:
        if self.screen.maximized is not None:
            self.screen.minimize()
        elif self.focused is not None:
            self.screen.maximize(self.focused, container=False)

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(help_rows(self.config.keys)))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for key in APP_KEYS:
            if key.action not in {"quit", "leave"}:
                yield SystemCommand(
                    f"{key.description} ({key.display})",
                    key.description,
                    partial(self.run_action, key.action),
                )


def make_app(
    paths: Sequence[str | Path],
    model: str | None = None,
    executor_factory: Callable[[str | None], Executor] = process_executor,
    scanner: Scanner | None = None,
    config: Config | None = None,
) -> NutgrafApp:
    """The one way to build the reader, for the command line and for the tests.

    `config` comes from `tui.core.config.load_config` (the CLI reads the file);
    without one, every setting has its default.
    """
    config = config or Config()
    log_file = setup_logging()
    prepare_processes()
    service = AnalysisService(model or config.model, executor_factory, AnalysisCache())
    app = NutgrafApp(paths, service, scanner or ProcessScanner(), ReadingState(), config)
    app.log_file = log_file
    return app
