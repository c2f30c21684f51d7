"""The data every stage shares: articles, list entries, analyses, names and feed items.

Plain frozen dataclasses, picklable, so they cross process boundaries as they
are (the analysis worker returns an `Analysis`; the scanner sends packed
`Entry` rows). Rules that make them (titles, parsing, NER) live in the stages.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from tui.core.sanitize import clean_line

WORDS_PER_MINUTE = 230
KEY_LENGTH = 16  # hex digits of the content digest: 64 bits
FEED_SCHEME = "feed:"  # an Entry.file naming a stored feed item: feed:<identity>
# Fewer words than this and a feed item is a teaser: the page has the article.
TEASER_WORDS = 120


# Articles and the list


@dataclass(frozen=True)
class Article:
    """One article, already sanitised. `error` is set for a file that could not be read."""

    path: str
    title: str
    text: str = ""
    source: str = ""
    url: str = ""
    published: str = ""
    error: str | None = None
    # Position of the article inside a JSON/JSONL file; 0 for one-article files.
    index: int = 0
    # Something the reader should know about the text ("full text unavailable: HTTP 404").
    note: str = ""
    digest: str = field(init=False)
    _key: str = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "digest", content_digest(self.text))
        feed_item = self.path.startswith(FEED_SCHEME)
        key = item_key(self.title, self.text) if feed_item else self.digest[:KEY_LENGTH]
        object.__setattr__(self, "_key", key)

    @property
    def words(self) -> int:
        return word_count(self.text)

    @property
    def key(self) -> str:
        """What read state and stars are keyed by: the text, not the file; for a feed item
        its title and text (`item_key`)."""
        return self._key if not self.error else ""

    @property
    def meta_line(self) -> str:
        return meta_line(self.source, self.published, self.error, self.words, self.note)


# ASCII white space (what `bytes.split` splits on) as " ", anything else as "x".
_WORD_MARKS = bytes(0x20 if byte in b" \t\n\r\x0b\x0c" else 0x78 for byte in range(256))


def word_count(text: str) -> int:
    """`len(text.split())`; for ASCII, 3 times faster (once per file listed)."""
    if text.isascii():
        return ascii_words(text.encode("ascii"))
    return len(text.split())


def ascii_words(text: bytes) -> int:
    """`len(text.split())` without making the words: each word starts where "x" follows
    " " (or the text starts with "x"). The text has no other C0 control (sanitised)."""
    marks = text.translate(_WORD_MARKS)
    return marks.count(b" x") + marks.startswith(b"x")


def content_digest(text: str) -> str:
    """The digest of an article's text; its first `KEY_LENGTH` digits are `Article.key`."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest()


def content_key(text: str) -> str:
    """`Article.key` of an article with this text (read and starred marks are keyed by it)."""
    return content_digest(text)[:KEY_LENGTH]


def item_key(title: str, text: str) -> str:
    """`Article.key` of a feed item: its title with its text. Feeds carry different
    stories with the same text (a teaser, a repeated paragraph); keyed by the text alone,
    opening one marked them all read."""
    return content_key(f"{title}\n{text}")


def meta_line(source: str, published: str, error: str | None, words: int, note: str = "") -> str:
    """Source, date, a note and reading time (or what is wrong), whichever are known."""
    parts = [source, published[:10], note]
    if error:
        parts.append(error)
    elif words:
        parts.append(f"{max(1, round(words / WORDS_PER_MINUTE))} min")
    return " · ".join(part for part in parts if part)


@dataclass(frozen=True, slots=True)
class Entry:
    """What the list shows of one article; `file` is the real path, never shown raw."""

    file: str
    index: int
    title: str
    source: str = ""
    published: str = ""
    words: int = 0
    error: str | None = None
    key: str = ""  # Article.key: read state and stars follow the text
    # When it was published, as `sort_date` writes it (a file without a date: its
    # modification time), for ordering the list; not stored in the title index.
    date: str = ""
    feed: str = ""  # a feed item's feed (its address): what `S` counts and lists it by

    @property
    def path(self) -> str:
        return clean_line(self.file)

    @property
    def meta_line(self) -> str:
        return meta_line(self.source, self.published, self.error, self.words)

    @classmethod
    def of(cls, file: str, article: Article, date: str = "") -> Entry:
        return cls(
            file,
            article.index,
            article.title,
            article.source,
            article.published,
            article.words,
            article.error,
            article.key,
            date,
        )


# Dates for ordering: UTC, to the second, always this long, so they sort as strings.
DATE_LENGTH = 19


def sort_date(published: str) -> str:
    """`published` as `YYYY-MM-DDTHH:MM:SS` in UTC, or "" when it is not a date.

    ISO 8601 (feeds are stored so) and RFC 2822 (`Tue, 10 Jun 2025 09:30:00 +0200`,
    as JSON articles often have it); a date without a zone is taken as UTC.
    """
    text = published.strip()
    if not text or len(text) > 64:
        return ""
    when: datetime | None = None
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return ""
    if when.tzinfo is not None:
        when = when.astimezone(UTC).replace(tzinfo=None)
    return when.isoformat(timespec="seconds") if 1000 <= when.year <= 9999 else ""


def file_date(seconds: float) -> str:
    """A modification time (seconds since the epoch) as `sort_date` writes dates
    (`time.gmtime`: a quarter of `datetime`'s cost, and it runs for every file listed)."""
    try:
        when = time.gmtime(seconds)
    except (OverflowError, OSError, ValueError):
        return ""
    return time.strftime("%Y-%m-%dT%H:%M:%S", when) if 1000 <= when.tm_year <= 9999 else ""


# A packed entry: a head of fixed width, then the fields joined by the unit separator,
# which sanitised text never holds (C0 controls are removed at ingestion). The real
# path comes last, and may hold anything. The head is the date, the row's number in
# the listing (`numbered`) and the key, so `row_date` and `row_key` are slices, and the
# list sorts rows as plain strings: a sort key made for each of 100,000 rows was 7 MB
# of the reader's peak memory (issue 15).
_SEP = "\x1f"
NO_KEY = " " * KEY_LENGTH  # a broken entry's: it has no state
NUMBER_LENGTH = 6  # hex digits
_UNNUMBERED = "0" * NUMBER_LENGTH
_LAST_NUMBER = 16**NUMBER_LENGTH - 1
KEY_AT = DATE_LENGTH + NUMBER_LENGTH  # where `row_key` starts
_HEAD_LENGTH = KEY_AT + KEY_LENGTH


def pack(entry: Entry) -> str:
    """One string per entry: 100,000 of them take 12 MB where `Entry` objects took 29 MB."""
    fields = (entry.title, entry.source, entry.published, str(entry.words), entry.error or "")
    return _packed(entry.key, entry.date, fields, entry.feed, entry.index, entry.file)


def pack_article(file: str, article: Article, date: str) -> str:
    """`pack(Entry.of(file, article, date))` without making the `Entry`: once per file
    listed, it was a twentieth of the listing's time."""
    fields = (article.title, article.source, article.published, str(article.words))
    return _packed(article.key, date, (*fields, article.error or ""), "", article.index, file)


def plain_row(file: str, title: str, text: str, date: str) -> str:
    """`pack_article(file, Article(path, title, text), date)` without the `Article`: the
    row of a file with one article and nothing but its title and text (most files)."""
    fields = (title, "", "", str(word_count(text)), "")
    return _packed(content_key(text), date, fields, "", 0, file)


def _packed(key: str, date: str, fields: tuple[str, ...], feed: str, index: int, file: str) -> str:
    head = f"{date:<{DATE_LENGTH}.{DATE_LENGTH}}{_UNNUMBERED}{key:<{KEY_LENGTH}.{KEY_LENGTH}}"
    return _SEP.join((head, *fields, feed, str(index), file))


def numbered(rows: list[str], first: int) -> list[str]:
    """`rows` marked as listed from the `first`-th on. The mark counts down, so rows
    sorted as strings in reverse are newest first and, among equal dates, in listing
    order. Each row is copied: 1 µs a row in one f-string (2.3 in a call a row).
    A listing numbers 16,777,216 rows at most (3 GB of rows): more raise ValueError."""
    last = _LAST_NUMBER - first
    if last + 1 < len(rows):
        raise ValueError(f"more than {_LAST_NUMBER + 1:,} rows listed")
    return [f"{row[:DATE_LENGTH]}{last - n:06x}{row[KEY_AT:]}" for n, row in enumerate(rows)]


def row_key(row: str) -> str:
    return row[KEY_AT:_HEAD_LENGTH]


def row_date(row: str) -> str:
    """The packed entry's `date` (spaces when it has none: they sort before any date)."""
    return row[:DATE_LENGTH]


def row_origin(row: str) -> str:
    """Which source a packed entry belongs to: its feed's address, or "" for files (two
    feeds of one name are two sources)."""
    return row.split(_SEP, 7)[6]


def row_place(row: str) -> tuple[str, str, int]:
    """Where a packed entry's body is: its key ("" for none), its file and its index there."""
    fields = row.split(_SEP, 8)
    return fields[0][KEY_AT:].strip(), fields[8], int(fields[7])


def row_fields(row: str) -> tuple[str, str, str]:
    """What the filter looks at: the title, the source and the path."""
    fields = row.split(_SEP, 8)
    return fields[1], fields[2], fields[8]


def unpack(row: str) -> Entry:
    head, title, source, published, words, error, feed, index, file = row.split(_SEP, 8)
    return Entry(
        file,
        int(index),
        title,
        source,
        published,
        int(words),
        error or None,
        head[KEY_AT:].strip(),
        head[:DATE_LENGTH].strip(),
        feed,
    )


# Analyses


@dataclass(frozen=True)
class AnalysisRequest:
    text: str
    digest: str
    algorithm: str
    sentences: int

    @property
    def key(self) -> tuple[str, str, int]:
        return (self.digest, self.algorithm, self.sentences)


@dataclass(frozen=True)
class Entity:
    """A person or organisation as the sidebar shows it: one name, its aliases, its mentions."""

    name: str
    label: str
    count: int
    aliases: tuple[str, ...] = ()
    # (start, end) character offsets of each mention in the article text.
    spans: tuple[tuple[int, int], ...] = field(default=(), repr=False)


@dataclass(frozen=True)
class Analysis:
    algorithm: str
    # (start, end) offsets of every sentence, and the indices the summary keeps.
    sentences: tuple[tuple[int, int], ...]
    summary: tuple[int, ...]
    people: tuple[Entity, ...] = ()
    organisations: tuple[Entity, ...] = ()
    model: str | None = None
    # Shown above the summary (a fallback was used) and above the entities (no model).
    summary_note: str | None = None
    entity_note: str | None = None

    def summary_spans(self) -> list[tuple[int, int]]:
        return [self.sentences[index] for index in self.summary]


# Feeds


@dataclass(frozen=True)
class Subscription:
    """A feed as a subscription list holds it. `title` is the reader's own name for it
    ("" = the feed's), `folder` its place ("News/Local": nested folders; "" = none),
    `tags` the rest of its newsboat tags or OPML categories."""

    url: str
    title: str = ""
    folder: str = ""
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Item:
    """One entry of a fetched feed, as plain sanitised text."""

    guid: str
    link: str
    title: str
    published: str
    text: str
    # Why the text is the feed's own though the page was wanted ("full text unavailable: …").
    note: str = ""
    # The feed's own version of the item (title, text, date as the feed gave them, before
    # any page's full text): a stored item whose version changed is updated. "": from
    # the fields (`feed_version`).
    version: str = ""

    @property
    def teaser(self) -> bool:
        return len(self.text.split()) < TEASER_WORDS

    @property
    def basis(self) -> str:
        """What identifies the item in its feed: its GUID, else its link, else its title,
        text and date together (two untitled-by-id entries differ by any of them)."""
        return self.guid or self.link or text_basis(self.title, self.text, self.published)

    @property
    def feed_version(self) -> str:
        return self.version or version_hash(self.title, self.text, self.published)

    def identity_in(self, feed: str) -> str:
        """What identifies an item within `feed` (`basis`), scoped to the feed: a GUID
        means something only inside its feed, so two feeds that share GUIDs (or carry the
        same story) each keep their item.
        """
        return item_identity(feed, self.basis)


def text_basis(title: str, text: str, published: str) -> str:
    """The identity basis of an item with neither GUID nor link."""
    return f"{title}\n{text}\n{published}"


def version_hash(title: str, text: str, published: str) -> str:
    """The digest of an item's title, text and date: what a later refresh compares."""
    data = f"{title}\n{text}\n{published}".encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=12).hexdigest()


def item_identity(feed: str, basis: str) -> str:
    """The stored identity of the item of `feed` with this GUID, link or text."""
    data = f"{feed}\n{basis}".encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=12).hexdigest()


@dataclass(frozen=True)
class RefreshBudget:
    """How much one refresh may do beyond fetching the feeds (settings: `[feeds]`)."""

    pages_per_feed: int = 20  # item pages fetched for full text, per feed
    pages_per_refresh: int = 200  # and for all feeds together
    seconds: float = 300.0  # the whole refresh; what is done by then is kept


@dataclass(frozen=True)
class Retention:
    """How much of each feed is kept (settings: `[feeds]` keep_days, keep_items); starred
    items are always kept. None: no limit."""

    days: float | None = None  # items published (else stored) longer ago are deleted
    items: int | None = None  # only the newest this many of each feed are kept

    @property
    def limited(self) -> bool:
        return self.days is not None or self.items is not None

    def __str__(self) -> str:
        parts = []
        if self.items is not None:
            parts.append(f"{self.items} item{'s' * (self.items != 1)}")
        if self.days is not None:
            parts.append(f"{self.days:g} day{'s' * (self.days != 1)}")
        return " and ".join(parts) or "everything"


@dataclass(frozen=True)
class FeedState:
    url: str
    title: str  # the feed's own title, from its last refresh
    etag: str | None
    last_modified: str | None
    error: str | None
    items: int
    # Entries of the last refresh with neither title nor text (not stored).
    skipped: int = 0
    custom_title: str = ""  # the reader's own name for the feed (import or rename)
    folder: str = ""
    tags: tuple[str, ...] = ()
    pruned: int = 0  # items deleted by the last refresh (`Retention`)
    # Entries of the last refresh whose GUID (else link) an earlier entry had: the first kept.
    repeated: int = 0
    warning: str | None = None  # what the last refresh read "as far as possible"

    @property
    def name(self) -> str:
        """What the feed is called wherever it is shown: the reader's title, else its own."""
        return self.custom_title or self.title or self.url


@dataclass(frozen=True)
class StoredItem:
    identity: str
    feed_title: str
    link: str
    title: str
    published: str
    text: str
    note: str = ""
    feed: str = ""  # the feed's address

    def article(self) -> Article:
        return Article(
            path=f"{FEED_SCHEME}{self.identity}",
            title=item_title(self.title, self.link),
            text=self.text,
            source=self.feed_title,
            url=self.link,
            published=self.published,
            note=self.note,
        )


def item_title(title: str, link: str) -> str:
    """The title a stored feed item is shown (and keyed) with."""
    return title or link or "(untitled)"
