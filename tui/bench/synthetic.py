"""Synthetic news folders of any size for the speed benchmark, generated on the spot.

Articles are plain text of realistic length (a title line, then 300 to 900
words in paragraphs), 1,000 to a subfolder, written once per size and reused
while the benchmark runs.
"""

from __future__ import annotations

import random
from pathlib import Path

FILES_PER_FOLDER = 1_000
_PEOPLE = ("Ana Lopes", "Mark Chen", "Olena Shevchenko", "Tom Baker", "Priya Nair", "Jon Berg")
_ORGS = ("the city council", "Reuters", "the central bank", "NATO", "Acme Corp", "the UN")
_PLACES = ("Lisbon", "Kyiv", "Chicago", "Lagos", "Osaka", "Lima")
_TOPICS = ("budget", "election", "strike", "flood", "merger", "summit", "trial", "vaccine")
_SENTENCES = (
    "{person} told reporters in {place} that {org} would review the {topic} next week.",
    "The {topic} has divided {org}, according to officials familiar with the talks.",
    "Critics said the plan left too many questions unanswered about the {topic}.",
    "{person}, who has led {org} since 2019, declined to comment on the {topic}.",
    "Figures released on Tuesday showed the {topic} cost more than expected.",
    "In {place}, residents waited for news as the {topic} dominated the evening bulletins.",
)


def _sentence(rng: random.Random) -> str:
    return rng.choice(_SENTENCES).format(
        person=rng.choice(_PEOPLE),
        org=rng.choice(_ORGS),
        place=rng.choice(_PLACES),
        topic=rng.choice(_TOPICS),
    )


def article_text(number: int, rng: random.Random) -> str:
    words = rng.randint(300, 900)
    paragraphs: list[str] = []
    count = 0
    while count < words:
        paragraph = " ".join(_sentence(rng) for _ in range(rng.randint(2, 5)))
        paragraphs.append(paragraph)
        count += len(paragraph.split())
    title = f"{rng.choice(_PLACES)} {rng.choice(_TOPICS)}: report {number:06d}"
    return title + "\n\n" + "\n\n".join(paragraphs) + "\n"


def make_corpus(folder: Path, articles: int, seed: int = 5) -> Path:
    """Write `articles` files under `folder` (kept if already complete) and return it."""
    marker = folder / f".complete-{articles}"
    if marker.exists():
        return folder
    rng = random.Random(seed)
    for number in range(articles):
        sub = folder / f"{number // FILES_PER_FOLDER:03d}"
        if number % FILES_PER_FOLDER == 0:
            sub.mkdir(parents=True, exist_ok=True)
        (sub / f"{number:06d}.txt").write_text(article_text(number, rng), encoding="utf-8")
    marker.touch()
    return folder
