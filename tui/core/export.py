"""An article's summary and names as Markdown or plain text, for copying and exporting.

The same text goes to the clipboard (`c`), to a file (`e`) and to
`nutgraf summarize --format markdown`.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from tui.core.model import Analysis, Article, Entity
from tui.core.paths import user_file

_SLUG = re.compile(r"[^\w]+")
WEB_SCHEMES = ("http://", "https://")


def summary_sentences(article: Article, analysis: Analysis) -> list[str]:
    return [" ".join(article.text[a:b].split()) for a, b in analysis.summary_spans()]


def summary_text(article: Article, analysis: Analysis) -> str:
    return "\n".join(f"• {sentence}" for sentence in summary_sentences(article, analysis))


def web_url(article: Article) -> str | None:
    """The article's URL if it is a web address (nothing else is offered as a link)."""
    url = article.url.strip()
    return url if url.lower().startswith(WEB_SCHEMES) else None


def to_markdown(article: Article, analysis: Analysis) -> str:
    meta = [part for part in (article.source, article.published[:10]) if part]
    lines = [f"# {article.title}", ""]
    if meta or web_url(article):
        lines += [" · ".join([*meta, *(f"<{u}>" for u in [web_url(article)] if u)]), ""]
    count = len(analysis.summary)
    lines += [f"## Summary ({analysis.algorithm}, {count} sentence{'s' * (count != 1)})", ""]
    lines += [f"- {sentence}" for sentence in summary_sentences(article, analysis)]
    for heading, entities in (
        ("People", analysis.people),
        ("Organisations", analysis.organisations),
    ):
        if entities:
            lines += ["", f"## {heading}", ""]
            lines += [f"- {_entity_line(entity)}" for entity in entities]
    return "\n".join(lines) + "\n"


def _entity_line(entity: Entity) -> str:
    mentions = f"{entity.count} mention{'s' * (entity.count != 1)}"
    also = f"; also {', '.join(entity.aliases)}" if entity.aliases else ""
    return f"{entity.name} ({mentions}{also})"


def export_path(folder: Path, article: Article) -> Path:
    slug = _SLUG.sub("-", article.title.casefold()).strip("-")[:60] or "article"
    return folder / f"{slug}-{article.key or 'x'}.md"


def write_atomically(path: Path, text: str) -> None:
    """Write to a temporary file beside `path`, then rename: never a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def exports_dir() -> Path:
    return user_file("data", "exports")
