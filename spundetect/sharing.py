"""Cache entries that the worker processes of a pool pass to each other.

A few caches are costly to fill and hold pure functions of their keys, so an entry computed
in one process is right in every other:

* ``"affinity"``: how good a thesaurus swap two phrases make (:mod:`spundetect.evidence`);
* ``"lexical"``: the context-free judgement of a substitution (:mod:`spundetect.evidence`);
* ``"runs"``: the tokens of a whitespace-free run of text (:mod:`spundetect.segment`).

Each pool worker fills its own, so on a batch whose texts share their vocabulary two workers
would compute many of the same entries. With the journal on (in pool workers), a process
records the entries it computes; the pool passes them to the other workers
(:mod:`spundetect.parallel`), which :func:`learn` them; the caches look there on a miss,
before computing. Results do not change: an entry's value is the same wherever it is made.
In a process that never turns the journal on (every process but pool workers) this costs
one empty-dict test per cache miss.

Examples:
    >>> from spundetect import sharing
    >>> sharing.learn([("runs", "hello", ((0, 5, "hello", "hello", True),))])
    >>> sharing.TAUGHT["runs"]["hello"][0][2]
    'hello'
    >>> sharing.forget()
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import Any, TypeVar

__all__ = ["CACHES", "MAX_TAUGHT", "TAUGHT", "JournalEntry", "start_journal", "stop_journal",
           "take_journal", "record", "computed", "learn", "forget"]

V = TypeVar("V")

#: The caches that can be shared, by name.
CACHES = ("affinity", "lexical", "runs")

#: A journal entry: the cache's name, the key, the value.
JournalEntry = tuple[str, Hashable, Any]

#: Entries learned from other processes are kept up to this many in all.
MAX_TAUGHT = 200_000

#: What this process learned, per cache (the caches read these dicts; they are cleared in
#: place, never replaced).
TAUGHT: dict[str, dict[Any, Any]] = {name: {} for name in CACHES}

journal: list[JournalEntry] | None = None
"""The entries this process computed since the journal was last taken; ``None`` when off."""


def start_journal() -> None:
    """Record, from now on, the entries this process computes (see :func:`take_journal`)."""
    global journal
    journal = []


def stop_journal() -> None:
    """Stop recording; what was learned is kept."""
    global journal
    journal = None


def take_journal() -> list[JournalEntry]:
    """The entries computed since the journal started or was last taken; ``[]`` when off."""
    global journal
    if journal is None:
        return []
    entries, journal = journal, []
    return entries


def record(cache: str, key: Hashable, value: Any) -> None:
    """Add one computed entry to the journal, if it is on."""
    if journal is not None:
        journal.append((cache, key, value))


def computed(cache: str, key: Hashable, compute: Callable[..., V], *args: Any) -> V:
    """A cache miss: the learned value of ``key`` if there is one, else ``compute(*args)``,
    recorded in the journal.

    Examples:
        >>> computed("affinity", ("old", "previous"), lambda o, s: 1.0, "old", "previous")
        1.0
    """
    taught = TAUGHT[cache]
    if taught:
        value: V | None = taught.get(key)
        if value is not None:
            return value
    value = compute(*args)
    if journal is not None:
        journal.append((cache, key, value))
    return value


def learn(entries: Iterable[JournalEntry]) -> None:
    """Keep entries another process computed, to use instead of computing them here.

    At most :data:`MAX_TAUGHT` are kept in all; later ones are dropped (and computed when
    needed).

    Raises:
        ValueError: an entry names a cache not in :data:`CACHES`.
    """
    total = sum(map(len, TAUGHT.values()))
    for cache, key, value in entries:
        taught = TAUGHT.get(cache)
        if taught is None:
            raise ValueError(f"journal entry for unknown cache {cache!r}; allowed: {list(CACHES)}")
        if total >= MAX_TAUGHT:
            return
        if key not in taught:
            taught[key] = value
            total += 1


def forget() -> None:
    """Drop what was learned and stop the journal (the caches themselves are kept)."""
    stop_journal()
    for taught in TAUGHT.values():
        taught.clear()
