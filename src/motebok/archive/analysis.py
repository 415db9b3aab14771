"""Norwegian text analysis in Python: words, stems, query terms and highlighted snippets.

It mirrors PostgreSQL's ``norwegian`` configuration (Snowball stemmer and stop words; words with
digits are kept as written), so that SQLite's FTS5, which indexes what :func:`stemmed` returns,
finds what PostgreSQL finds, and snippets mark the same words on both.
"""

from __future__ import annotations

import functools
import html
import re
import threading
import unicodedata
from collections.abc import Iterator

import snowballstemmer
from django.utils.safestring import SafeString, mark_safe

# PostgreSQL's norwegian stop words (the Snowball list, bokmål and nynorsk).
_STOP_LIST = """
    og i jeg det at en et den til er som på de med han av ikke ikkje der så var meg seg men ett
    har om vi min mitt ha hadde hun nå over da ved fra du ut sin dem oss opp man kan hans hvor
    eller hva skal selv sjøl her alle vil bli ble blei blitt kunne inn når være kom noen noe ville
    dere deres kun ja etter ned skulle denne for deg si sine sitt mot å meget hvorfor dette disse
    uten hvordan ingen din ditt blir samme hvilken hvilke sånn inni mellom vår hver hvem vors hvis
    både bare enn fordi før mange også slik vært båe begge siden dykk dykkar dei deira deires
    deim di då eg ein eit eitt elles honom hjå ho hoe henne hennar hennes hoss hossen ingi inkje
    korleis korso kva kvar kvarhelst kven kvi kvifor me medan mi mine mykje no nokon noka nokor
    noko nokre sia sidan so somt somme um upp vere vore verte vort varte vart
"""
STOP_WORDS = frozenset(_STOP_LIST.split())
MAX_TERMS = 8
MAX_TERM_LENGTH = 60
SNIPPET_WORDS = 30
SNIPPET_LEAD = 8

_CANDIDATE = re.compile(r"[^\W_]+")
_local = threading.local()


def normalize(text: str) -> str:
    """Composed Unicode (å as one character, as typed), so words never split on a combining mark."""
    return unicodedata.normalize("NFC", text)


def _tokens(text: str) -> Iterator[tuple[int, int]]:
    """Where the words of a text are: runs of letters and ASCII digits (other number signs such
    as ² or ½ separate, as they do for PostgreSQL's parser)."""
    for match in _CANDIDATE.finditer(text):
        token = match.group()
        if token.isalpha() or token.isascii():
            yield match.span()
            continue
        offset, run = match.start(), None
        for i, ch in enumerate(token):
            if ch.isalpha() or "0" <= ch <= "9":
                run = i if run is None else run
            elif run is not None:
                yield offset + run, offset + i
                run = None
        if run is not None:
            yield offset + run, match.end()


def words(text: str) -> list[str]:
    """The lower-cased words of a text; everything but letters and digits separates them."""
    text = normalize(text).lower()
    return [text[start:end] for start, end in _tokens(text)]


@functools.lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """The Snowball Norwegian stem of a lower-cased word; words with digits stay as they are."""
    if any(ch.isdigit() for ch in word):
        return word
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = snowballstemmer.stemmer("norwegian")
    return stemmer.stemWord(word)


def stemmed(text: str) -> str:
    """What FTS5 indexes: the stems of the text's words, stop words left out."""
    return " ".join(stem(w) for w in words(text) if w not in STOP_WORDS)


def query_words(q: str) -> list[str]:
    """The words of a query, sanitized to letters and digits, without stop words or repeats."""
    found: list[str] = []
    for word in words(q or ""):
        word = word[:MAX_TERM_LENGTH]
        if word not in STOP_WORDS and word not in found and stem(word):
            found.append(word)
    return found[:MAX_TERMS]


def fts5_query(terms: list[str]) -> str:
    """An FTS5 MATCH expression: every stem as a quoted prefix, ANDed. Terms hold only letters
    and digits, so quoting makes operators (AND, NEAR, …) plain words."""
    return " AND ".join(f'"{stem(t)}"*' for t in terms)


def tsquery(terms: list[str]) -> str:
    """A ``to_tsquery('norwegian', …)`` expression: every word as a prefix, ANDed.

    PostgreSQL stems the words itself, with the same Snowball stemmer as its index.
    """
    return " & ".join(f"{t}:*" for t in terms)


def snippet(text: str, terms: list[str], *, size: int = SNIPPET_WORDS) -> SafeString | None:
    """A passage of ``text`` around its first matching word, HTML-escaped, with every matching
    word in ``<mark>``; ``None`` when no word matches. A word matches when its stem starts with a
    query term's stem, as the prefix search does."""
    text = normalize(text)
    stems = [stem(t) for t in terms]
    tokens = list(_tokens(text))

    def matches(token: tuple[int, int]) -> bool:
        word = text[token[0] : token[1]].lower()
        return word not in STOP_WORDS and stem(word).startswith(tuple(stems))

    hits = [i for i, token in enumerate(tokens) if matches(token)]
    if not hits:
        return None
    first = max(0, hits[0] - SNIPPET_LEAD)
    last = min(len(tokens), first + size)
    end = tokens[last - 1][1]
    hit_set = set(hits)
    parts = ["… " if first > 0 else ""]
    cursor = tokens[first][0] if first > 0 else len(text) - len(text.lstrip())
    for i in range(first, last):
        start, stop = tokens[i]
        parts.append(_squash(text[cursor:start]))
        word = html.escape(text[start:stop])
        parts.append(f"<mark>{word}</mark>" if i in hit_set else word)
        cursor = stop
    if last == len(tokens):
        parts.append(_squash(text[end:].rstrip()))
    else:
        parts.append(" …")
    return mark_safe("".join(parts))  # every piece above is escaped


def _squash(gap: str) -> str:
    """The text between two words, escaped, with runs of white space (line breaks) as one space."""
    return html.escape(re.sub(r"\s+", " ", gap))


def plain_snippet(text: str, *, size: int = SNIPPET_WORDS) -> SafeString:
    """The start of a text, escaped, for an entry found by a word its text does not hold."""
    text = normalize(text)
    tokens = list(_tokens(text))
    if len(tokens) <= size:
        return mark_safe(_squash(text.strip()))
    return mark_safe(_squash(text[: tokens[size - 1][1]].strip()) + " …")
