"""Which themes a text is about: Norwegian word stems against each theme's word list.

Pure functions, no database. A word of a theme's list matches a word of the text when both
have the same stem (snowball ``norwegian``). As the stemmer does not always give a word and its
inflections one stem ("jernbane" → "jernb", "jernbanen" → "jernban"), every word of the list
stands for the stems of its common inflections too. Hyphenated words count as their parts and
as the joined word ("strøm-nettet" → "strøm", "nettet", "strømnettet").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

import snowballstemmer

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
# Endings added to a word of a theme's list to find the stems of its inflections.
_AFTER_E = ("", "n", "r", "ne", "ns")
_AFTER_OTHER = ("", "en", "er", "ene", "et", "a", "s", "ens", "ets")


@lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("norwegian")


@lru_cache(maxsize=4096)
def stem(word: str) -> str:
    return _stemmer().stemWord(word.lower())


def words_of(text: str) -> list[str]:
    """The words of a text in lower case; a hyphenated word gives its parts and the joined word."""
    words = []
    for match in _WORD.finditer(text.lower()):
        token = match.group()
        if "-" in token:
            words.extend(part for part in token.split("-") if part)
            words.append(token.replace("-", ""))
        else:
            words.append(token)
    return words


def stems_of_entry(entry: str) -> frozenset[str]:
    """The stems a word of a theme's list stands for: its own and its inflections'."""
    entry = entry.strip().lower()
    if not entry:
        return frozenset()
    endings = _AFTER_E if entry.endswith("e") else _AFTER_OTHER
    return frozenset(stem(entry + ending) for ending in endings)


class Matcher:
    """Themes by stem, built once from every theme's word list."""

    def __init__(self, word_lists: Mapping[int, Iterable[str]]) -> None:
        self._themes: dict[str, set[int]] = {}
        for theme_id, entries in word_lists.items():
            for entry in entries:
                for entry_stem in stems_of_entry(entry):
                    self._themes.setdefault(entry_stem, set()).add(theme_id)

    def match(self, text: str) -> dict[int, list[str]]:
        """Theme id → the words of ``text`` that matched it, each once, in the order found."""
        found: dict[int, list[str]] = {}
        for word in words_of(text):
            for theme_id in self._themes.get(stem(word), ()):
                words = found.setdefault(theme_id, [])
                if word not in words:
                    words.append(word)
        return found
