"""Given names and surnames in Latin script, from the name lists Faker ships for 80 locales.

The entity rules ask one question of them: is "Paul Walker" shaped like a person's
name (a known given name, then a known surname), whatever label the model gave it?
Loaded once, on first use, in the process that analyses (about a second: Faker's
import and its locale modules).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

_FIRST = ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary")
_LAST = ("last_names", "last_names_male", "last_names_female")
# Latin letters end here (Latin Extended-B): other scripts cannot match English text.
_LATIN_END = 0x250


@lru_cache(maxsize=1)
def known_names() -> tuple[frozenset[str], frozenset[str]]:
    """`(given names, surnames)`; empty sets when Faker is not installed."""
    try:
        import faker.providers.person as person
    except ImportError:
        return frozenset(), frozenset()
    given: set[str] = set()
    surnames: set[str] = set()
    for module in pkgutil.iter_modules(person.__path__):
        try:
            provider = importlib.import_module(f"{person.__name__}.{module.name}").Provider
        except (ImportError, AttributeError):
            continue
        attributes = vars(provider)
        for name in _FIRST:
            given.update(_latin(attributes.get(name)))
        for name in _LAST:
            surnames.update(_latin(attributes.get(name)))
    return frozenset(given), frozenset(surnames)


def _latin(values: Any) -> Iterable[str]:
    if not isinstance(values, list | tuple | dict | set | frozenset):
        return ()  # a property or nothing
    return (
        value
        for value in values
        if isinstance(value, str)
        and value[:1].isupper()
        and all(ord(char) < _LATIN_END for char in value if char.isalpha())
    )
