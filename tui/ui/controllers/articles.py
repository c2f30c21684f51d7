"""Articles behind list entries: read off the UI thread, the last few kept in memory."""

from __future__ import annotations

import asyncio
from collections import OrderedDict

from tui.core.corpus import load_entry
from tui.core.model import Article, Entry

# Articles read and kept in memory (the one on screen, the ones around it, prefetches).
KEEP_ARTICLES = 64


class ArticleReader:
    def __init__(self, size_cap: int) -> None:
        self.size_cap = size_cap
        self._read: OrderedDict[tuple[str, int], Article] = OrderedDict()

    def cached(self, entry: Entry) -> Article | None:
        """The article behind `entry` if it is in memory (read before or prefetched) and
        still as listed: a feed renamed since (its source) or a changed text is read again."""
        key = (entry.file, entry.index)
        article = self._read.get(key)
        if article is None:
            return None
        if (article.source, article.key) != (entry.source, entry.key) and not entry.error:
            del self._read[key]
            return None
        self._read.move_to_end(key)
        return article

    async def read(self, entry: Entry) -> Article:
        """The article behind `entry`: from memory, or read from its file in a thread."""
        key = (entry.file, entry.index)
        article = self.cached(entry)
        if article is None:
            article = await asyncio.to_thread(load_entry, entry, self.size_cap)
            self._read[key] = article
            while len(self._read) > KEEP_ARTICLES:
                self._read.popitem(last=False)
        self._read.move_to_end(key)
        return article
