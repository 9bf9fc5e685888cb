"""``Index``: find the texts a suspect may be derived from, in a collection, without comparing every pair.

Each document is reduced to a small set of spin-proof fingerprints
(:mod:`spundetect.fingerprint`); an inverted table maps every fingerprint to the
documents that hold it. :meth:`Index.search` looks up the query's fingerprints and ranks
the documents that share them (no :func:`~spundetect.compare`); :meth:`Index.find` then
runs :func:`~spundetect.compare` against the best candidates and keeps those the query is
derived from.

``Index()`` lives in memory; ``Index(path)`` lives in an SQLite file (the standard
library's embedded database: no server, one file, transactions). Both stores sit behind
one small interface, so they give the same answers. On disk every ``add``, ``add_many``
and ``remove`` call is one transaction: a process killed during a call leaves the index
as it was before the call or after it, never in between.

Examples:
    >>> import spundetect
    >>> index = spundetect.Index()
    >>> index.add("a", "The two men met an old friend in Moscow on the 3rd of May in 1999.")
    >>> index.add("b", "A recipe for bread needs flour, water, salt and some yeast.")
    >>> len(index), "a" in index
    (2, True)
    >>> [hit.doc_id for hit in index.search("The 2 males met a previous pal in Moscow on the 3rd of May in 1999.")]
    ['a']
"""

from __future__ import annotations

import json
import math
import os
import sys
import threading
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol

from spundetect.errors import FileFormatError, InputError, InputTypeError, SettingsError, describe
from spundetect.fingerprint import (
    DEFAULT_CONFIG, Facts, FingerprintConfig, document_hashes, learn_words, query_grams, take_new_words,
)
from spundetect.models import Hit, Match, Span
from spundetect.web import Format, as_text, check_format

__all__ = ["Index", "DEFAULT_POSTINGS_CAP", "DEFAULT_CANDIDATES"]

#: Documents looked up per query fingerprint at most, by default: 1 % of the collection,
#: at least 100 and at most this. A fingerprint held by more documents (a stock phrase)
#: says little and would cost a long read.
DEFAULT_POSTINGS_CAP = 2000
_MIN_CAP = 100
#: Candidates :meth:`Index.find` compares at least (more when ``k`` is larger).
DEFAULT_CANDIDATES = 10
_FORMAT = "spundetect-index-1"
_SQLITE_MAGIC = b"SQLite format 3\x00"
_BATCH = 512  # documents fingerprinted per pool task, and written per executemany


# --- argument checks --------------------------------------------------------------------------


def _check_id(doc_id: object, name: str = "doc_id") -> str:
    if not isinstance(doc_id, str):
        raise InputTypeError(f"{name} must be a str, got {describe(doc_id)}", code="E101")
    return doc_id


def _check_text(text: object, name: str = "text") -> str:
    if not isinstance(text, str):
        raise InputTypeError(
            f"{name} must be a str (decode bytes first, e.g. data.decode('utf-8')), got {describe(text)}",
            code="E101",
        )
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as err:
        raise InputError(
            f"{name} contains a lone surrogate {text[err.start]!r} at index {err.start}, which is not valid "
            f"Unicode text; decode the source with errors='replace' (or 'ignore')",
            code="E103",
        ) from err
    return text


def _check_k(k: object) -> int:
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise SettingsError(f"k must be an int >= 1, got {describe(k)}", code="E110")
    return k


# --- stores -------------------------------------------------------------------------------------


class _Store(Protocol):
    """What an index needs of its storage: documents by number, and postings."""

    def meta(self, key: str) -> str | None: ...

    def count(self) -> int: ...

    def number(self, doc_id: str) -> int | None: ...

    def text(self, number: int) -> str: ...

    def ids(self, numbers: Sequence[int]) -> dict[int, str]: ...

    def sizes(self) -> Any: ...

    def postings(self, fps: Sequence[int], cap: int) -> dict[int, Any]: ...

    def all_ids(self) -> Iterator[str]: ...

    def words(self) -> Iterator[tuple[str, Facts]]: ...

    def write(self, removals: Sequence[str], additions: Sequence[tuple[str, str, list[int]]],
              fingerprint: Callable[[str], list[int]], words: Sequence[tuple[str, Facts]] = ()) -> None: ...

    def close(self) -> None: ...


class _MemoryStore:
    """Dictionaries in this process; atomic by building each change before applying it."""

    def __init__(self, config: FingerprintConfig) -> None:
        self._meta = {"format": _FORMAT, "config": config.key}
        self._numbers: dict[str, int] = {}
        self._docs: dict[int, tuple[str, str, list[int]]] = {}
        self._postings: defaultdict[int, list[int]] = defaultdict(list)
        self._next = 1

    def meta(self, key: str) -> str | None:
        return self._meta.get(key)

    def count(self) -> int:
        return len(self._numbers)

    def number(self, doc_id: str) -> int | None:
        return self._numbers.get(doc_id)

    def text(self, number: int) -> str:
        return self._docs[number][1]

    def ids(self, numbers: Sequence[int]) -> dict[int, str]:
        return {n: self._docs[n][0] for n in numbers}

    def sizes(self) -> Any:
        import numpy as np

        sizes = np.zeros(self._next, dtype=np.int64)
        for number, (_, _, fps) in self._docs.items():
            sizes[number] = len(fps)
        return sizes

    def postings(self, fps: Sequence[int], cap: int) -> dict[int, Any]:
        import numpy as np

        out = {}
        for fp in fps:
            found = self._postings.get(fp)
            if found:
                out[fp] = np.array(found[: cap + 1], dtype=np.int64)
        return out

    def all_ids(self) -> Iterator[str]:
        return iter(sorted(self._numbers, key=self._numbers.__getitem__))

    def words(self) -> Iterator[tuple[str, Facts]]:
        return iter(())  # the process's own vocabulary is the store's

    def write(self, removals: Sequence[str], additions: Sequence[tuple[str, str, list[int]]],
              fingerprint: Callable[[str], list[int]], words: Sequence[tuple[str, Facts]] = ()) -> None:
        for doc_id in removals:
            number = self._numbers.pop(doc_id, None)
            if number is None:
                continue
            _, _, fps = self._docs.pop(number)
            for fp in fps:
                docs = self._postings[fp]
                docs.remove(number)
                if not docs:
                    del self._postings[fp]
        for doc_id, text, fps in additions:
            number = self._next
            self._next += 1
            self._numbers[doc_id] = number
            self._docs[number] = (doc_id, text, fps)
            for fp in fps:
                self._postings[fp].append(number)

    def close(self) -> None:
        pass


class _SqliteStore:
    """An SQLite file: ``docs`` (number, id, compressed text), ``postings`` (fingerprint, number).

    ``postings`` is a ``WITHOUT ROWID`` table keyed by (fingerprint, number): one B-tree,
    ordered by fingerprint, so a look-up reads neighbouring rows and no second index
    doubles the size. Texts are stored zlib-compressed.
    """

    def __init__(self, path: Path, config: FingerprintConfig | None) -> None:
        import sqlite3  # here, not at the package's import

        self.path = path
        existed = path.exists() and path.stat().st_size > 0
        if path.is_dir():
            raise FileFormatError(f"{os.fspath(path)}: is a directory, not an index file", code="E320")
        if existed:
            with open(path, "rb") as fh:
                head = fh.read(16)
            if head != _SQLITE_MAGIC:
                raise FileFormatError(
                    f"{os.fspath(path)}: not a spundetect index (not an SQLite database); "
                    f"give a new path or an index made by spundetect.Index",
                    code="E320",
                )
        try:
            self._db = sqlite3.connect(os.fspath(path), isolation_level=None, check_same_thread=False)
        except sqlite3.Error as err:
            raise FileFormatError(f"{os.fspath(path)}: cannot open the index: {err}", code="E321") from err
        self._lock = threading.RLock()
        self._sizes: Any = None
        try:
            self._db.execute("PRAGMA journal_mode=WAL")
            # NORMAL in WAL mode: a killed process loses no committed transaction (only a
            # power cut can lose the last few); FULL would fsync on every commit.
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA cache_size=-65536")  # 64 MiB of pages
            self._db.execute("PRAGMA busy_timeout=10000")
            if existed:
                self._check(config)
            else:
                self._create(config or DEFAULT_CONFIG)
        except sqlite3.DatabaseError as err:
            self._db.close()
            raise FileFormatError(
                f"{os.fspath(path)}: the index file is damaged or not an index ({err})", code="E321"
            ) from err
        except Exception:
            self._db.close()
            raise

    def _create(self, config: FingerprintConfig) -> None:
        with self._transaction():
            self._db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS docs (number INTEGER PRIMARY KEY, doc_id TEXT NOT NULL UNIQUE, "
                "size INTEGER NOT NULL, text BLOB NOT NULL)"
            )
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS postings (fp INTEGER NOT NULL, number INTEGER NOT NULL, "
                "PRIMARY KEY (fp, number)) WITHOUT ROWID"
            )
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS words (word TEXT PRIMARY KEY, immutable INTEGER, spelled INTEGER, "
                "canonical INTEGER, function INTEGER, plain INTEGER) WITHOUT ROWID"
            )
            self._db.executemany("INSERT OR IGNORE INTO meta VALUES (?, ?)",
                                 [("format", _FORMAT), ("config", config.key)])

    def _check(self, config: FingerprintConfig | None) -> None:
        tables = {row[0] for row in self._db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not {"meta", "docs", "postings", "words"} <= tables or self.meta("format") != _FORMAT:
            raise FileFormatError(
                f"{os.fspath(self.path)}: an SQLite database, but not a spundetect index "
                f"(tables: {', '.join(sorted(tables)) or 'none'})",
                code="E320",
            )
        stored = self.meta("config")
        if config is not None and stored != config.key:
            raise SettingsError(
                f"{os.fspath(self.path)} was built with fingerprints {stored!r}, not {config.key!r}; "
                f"open it without a config, or build a new index",
                code="E110",
            )

    def _transaction(self) -> Any:
        store = self

        class _Tx:
            def __enter__(self) -> None:
                store._lock.acquire()
                store._db.execute("BEGIN IMMEDIATE")

            def __exit__(self, kind: object, *rest: object) -> None:
                try:
                    store._db.execute("ROLLBACK" if kind is not None else "COMMIT")
                finally:
                    store._lock.release()

        return _Tx()

    def _read(self, sql: str, args: Sequence[Any] = ()) -> list[Any]:
        import sqlite3

        with self._lock:
            try:
                return self._db.execute(sql, args).fetchall()
            except sqlite3.DatabaseError as err:
                raise FileFormatError(f"{os.fspath(self.path)}: cannot read the index: {err}",
                                      code="E321") from err

    def meta(self, key: str) -> str | None:
        rows = self._read("SELECT value FROM meta WHERE key=?", (key,))
        return str(rows[0][0]) if rows else None

    def count(self) -> int:
        return int(self._read("SELECT count(*) FROM docs")[0][0])

    def number(self, doc_id: str) -> int | None:
        rows = self._read("SELECT number FROM docs WHERE doc_id=?", (doc_id,))
        return int(rows[0][0]) if rows else None

    def text(self, number: int) -> str:
        rows = self._read("SELECT text FROM docs WHERE number=?", (number,))
        try:
            return zlib.decompress(rows[0][0]).decode("utf-8")
        except (zlib.error, UnicodeDecodeError, IndexError, TypeError) as err:
            raise FileFormatError(f"{os.fspath(self.path)}: document {number} is damaged ({err})",
                                  code="E321") from err

    def _by_number(self, column: str, numbers: Sequence[int]) -> dict[int, Any]:
        out: dict[int, Any] = {}
        for lo in range(0, len(numbers), 500):
            part = list(numbers[lo : lo + 500])
            marks = ",".join("?" * len(part))
            out.update(self._read(f"SELECT number, {column} FROM docs WHERE number IN ({marks})", part))
        return out

    def ids(self, numbers: Sequence[int]) -> dict[int, str]:
        return self._by_number("doc_id", numbers)

    def sizes(self) -> Any:
        # Every document's fingerprint count, by number, read once and then kept up to
        # date by write(): a query divides the score of each of its candidates by it.
        import numpy as np

        if self._sizes is None:
            rows = self._read("SELECT number, size FROM docs")
            top = max((r[0] for r in rows), default=0)
            sizes = np.zeros(top + 1, dtype=np.int64)
            for number, size in rows:
                sizes[number] = size
            self._sizes = sizes
        return self._sizes

    def postings(self, fps: Sequence[int], cap: int) -> dict[int, Any]:
        # One statement for all the query's fingerprints (a statement per fingerprint
        # costs more in calls than in reading): for each, at most cap + 1 documents.
        import numpy as np

        out: dict[int, Any] = {}
        for lo in range(0, len(fps), 4096):
            rows = self._read(
                "SELECT q.value, (SELECT group_concat(number) FROM "
                "(SELECT number FROM postings WHERE fp = q.value LIMIT ?)) FROM json_each(?) AS q",
                (cap + 1, json.dumps(list(fps[lo : lo + 4096]))),
            )
            for fp, numbers in rows:
                if numbers:
                    out[int(fp)] = np.array(numbers.split(","), dtype=np.int64)
        return out

    def all_ids(self) -> Iterator[str]:
        return iter([row[0] for row in self._read("SELECT doc_id FROM docs ORDER BY number")])

    def words(self) -> Iterator[tuple[str, Facts]]:
        rows = self._read("SELECT word, immutable, spelled, canonical, function, plain FROM words")
        return iter([(r[0], (bool(r[1]), r[2], r[3], bool(r[4]), r[5])) for r in rows])

    def write(self, removals: Sequence[str], additions: Sequence[tuple[str, str, list[int]]],
              fingerprint: Callable[[str], list[int]], words: Sequence[tuple[str, Facts]] = ()) -> None:
        import sqlite3

        try:
            with self._transaction():
                db = self._db
                # The facts of the words met (one WordNet walk each): a process that opens
                # the index later reads them instead of walking WordNet again.
                db.executemany("INSERT OR IGNORE INTO words VALUES (?, ?, ?, ?, ?, ?)",
                               [(w, int(f[0]), f[1], f[2], int(f[3]), f[4]) for w, f in words])
                for doc_id in removals:
                    row = db.execute("SELECT number, text FROM docs WHERE doc_id=?", (doc_id,)).fetchone()
                    if row is None:
                        continue
                    # The postings of a document are its fingerprints, recomputed from its
                    # text: no per-document list (or index by number) to store.
                    number, blob = row
                    fps = fingerprint(zlib.decompress(blob).decode("utf-8"))
                    db.executemany("DELETE FROM postings WHERE fp=? AND number=?", [(fp, number) for fp in fps])
                    db.execute("DELETE FROM docs WHERE number=?", (number,))
                rows: list[tuple[int, int]] = []
                for doc_id, text, fps in additions:
                    cursor = db.execute(
                        "INSERT INTO docs (doc_id, size, text) VALUES (?, ?, ?)",
                        (doc_id, len(fps), zlib.compress(text.encode("utf-8"), 6)),
                    )
                    number = int(cursor.lastrowid or 0)
                    rows.extend((fp, number) for fp in fps)
                # Sorted by key, the rows go into the B-tree in order: far fewer page
                # splits and cache misses than in random order.
                rows.sort()
                db.executemany("INSERT OR IGNORE INTO postings VALUES (?, ?)", rows)
                self._sizes = None  # read again at the next query
        except sqlite3.DatabaseError as err:
            raise FileFormatError(f"{os.fspath(self.path)}: cannot write the index: {err}", code="E321") from err

    def close(self) -> None:
        with self._lock:
            self._db.close()


# --- the index -------------------------------------------------------------------------------------


def _fingerprint_chunk(texts: list[str], key: str) -> tuple[list[list[int]], list[tuple[str, Facts]]]:
    """Winnowed fingerprint hashes of each text, and the word facts the worker computed
    for them (runs in the pool's workers; the caller stores both)."""
    config = FingerprintConfig.from_key(key)
    return [_hashes(text, config) for text in texts], take_new_words()


def _hashes(text: str, config: FingerprintConfig) -> list[int]:
    return document_hashes(text, config=config)


class Index:
    """A searchable collection of texts, in memory or in an SQLite file.

    Args:
        path: ``None`` for an index in memory; else the index file, created when it does
            not exist and reopened when it does.
        config: how fingerprints are made (default
            :data:`~spundetect.fingerprint.DEFAULT_CONFIG`); an existing file keeps the
            one it was built with.
        postings_cap: fingerprints held by more documents than this are skipped at query
            time; ``None`` (default) for 1 % of the collection, at least 100 and at most
            :data:`DEFAULT_POSTINGS_CAP` (they are stock phrases).

    Raises:
        FileFormatError: ``path`` is not an index (E320) or is damaged (E321).
        SettingsError: an option is outside what is allowed.

    Examples:
        >>> import spundetect, tempfile, os
        >>> path = os.path.join(tempfile.mkdtemp(), "docs.index")
        >>> with spundetect.Index(path) as index:
        ...     index.add("a", "The two men met an old friend in Moscow in May 1999.")
        >>> len(spundetect.Index(path))
        1
    """

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        config: FingerprintConfig | None = None,
        postings_cap: int | None = None,
    ) -> None:
        if config is not None and not isinstance(config, FingerprintConfig):
            raise SettingsError(f"config must be a FingerprintConfig, got {describe(config)}", code="E110")
        if postings_cap is not None and (
                isinstance(postings_cap, bool) or not isinstance(postings_cap, int) or postings_cap < 1):
            raise SettingsError(f"postings_cap must be None or an int >= 1, got {describe(postings_cap)}",
                                code="E110")
        self._cap = postings_cap
        self.path: Path | None
        self._store: _Store
        if path is None:
            self.path = None
            self._store = _MemoryStore(config or DEFAULT_CONFIG)
        else:
            if not isinstance(path, (str, os.PathLike)):
                raise SettingsError(f"path must be a str or path-like, got {describe(path)}", code="E110")
            self.path = Path(path)
            self._store = _SqliteStore(self.path, config)
        try:
            self.config = FingerprintConfig.from_key(self._store.meta("config") or "")
        except SettingsError as err:
            self._store.close()
            raise FileFormatError(f"{self.path}: the index metadata is damaged ({err.message})", code="E321") from err
        learn_words(self._store.words())

    # -- collection ---------------------------------------------------------------------------

    @property
    def postings_cap(self) -> int:
        """The cap in force: the one given, or 1 % of the documents (100 to 2,000)."""
        return _cap(self._store.count()) if self._cap is None else self._cap

    def __len__(self) -> int:
        return self._store.count()

    def __contains__(self, doc_id: object) -> bool:
        return isinstance(doc_id, str) and self._store.number(doc_id) is not None

    def __iter__(self) -> Iterator[str]:
        """The document ids, in the order they were added."""
        return self._store.all_ids()

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        where = "memory" if self.path is None else os.fspath(self.path)
        return f"Index({where!r}, documents={len(self)}, fingerprints={self.config.key!r})"

    def close(self) -> None:
        """Close the file (an in-memory index stays usable)."""
        if self.path is not None:
            self._store.close()

    def text(self, doc_id: str) -> str:
        """The text stored under ``doc_id``.

        Raises:
            InputError: no document has that id (E130).

        Examples:
            >>> import spundetect
            >>> index = spundetect.Index()
            >>> index.add("a", "Some text.")
            >>> index.text("a")
            'Some text.'
        """
        return self._store.text(self._number(doc_id))

    def _number(self, doc_id: str) -> int:
        number = self._store.number(_check_id(doc_id))
        if number is None:
            raise InputError(f"no document {doc_id!r} in the index", code="E130")
        return number

    def _fps(self, text: str) -> list[int]:
        return _hashes(text, self.config)

    def add(self, doc_id: str, text: str, *, format: Format = "text") -> None:
        """Add a document; one already under ``doc_id`` is replaced (in one transaction).

        ``format="html"``: ``text`` is a web page; its main text
        (:func:`spundetect.web.extract`) is what is indexed and stored.

        Raises:
            InputTypeError: ``doc_id`` or ``text`` is not a ``str`` (E101).
            InputError: ``text`` is not valid Unicode (E103); an HTML page has no text (E104).
            MissingExtraError: ``format="html"`` without ``spundetect[web]`` (E201).

        Examples:
            >>> import spundetect
            >>> index = spundetect.Index()
            >>> index.add("a", "First text.")
            >>> index.add("a", "Second text.")
            >>> len(index), index.text("a")
            (1, 'Second text.')
        """
        _check_id(doc_id)
        text = as_text(_check_text(text), format)
        fps = self._fps(text)
        self._store.write([doc_id], [(doc_id, text, fps)], self._fps, take_new_words())

    def add_many(
        self,
        docs: Iterable[tuple[str, str]],
        *,
        workers: int = 1,
        progress: bool | Callable[[int], None] = False,
        format: Format = "text",
    ) -> int:
        """Add ``(doc_id, text)`` pairs; each batch of them is one transaction.

        The documents are checked, fingerprinted (in ``workers`` processes of the
        package's one pool, :mod:`spundetect.parallel`) and written in batches of a few
        hundred, each batch in one transaction: a killed process keeps every batch
        written before. Ids already in the index, or repeated in ``docs``, are replaced
        (the last one wins).

        Args:
            docs: an iterable of ``(doc_id, text)`` pairs of ``str``; read lazily.
            workers: processes to fingerprint in (1: in this process).
            progress: ``True`` draws a count on standard error when it is a terminal;
                a callable is called with the number of documents added so far.
            format: ``"html"``: the texts are web pages, whose main text
                (:func:`spundetect.web.extract`, in this process) is indexed and stored.

        Returns:
            The number of documents added.

        Raises:
            InputError: an item is not a ``(doc_id, text)`` pair of ``str`` (E102, with
                its index; the batches before it are kept); an HTML page has no text (E104).
            SettingsError: ``workers`` is not an int >= 1.

        Examples:
            >>> import spundetect
            >>> index = spundetect.Index()
            >>> index.add_many([("a", "One text."), ("b", "Another text.")])
            2
        """
        if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
            raise SettingsError(f"workers must be an int >= 1, got {describe(workers)}", code="E110")
        report = _progress(progress)
        check_format(format)  # a bad format or a missing extra fails before anything is read
        added = 0
        for batch, hashes in self._fingerprinted(_checked_docs(docs, format), workers):
            last: dict[str, int] = {}
            for k, (doc_id, _) in enumerate(batch):
                last[doc_id] = k
            additions = [(doc_id, text, hashes[k]) for k, (doc_id, text) in enumerate(batch) if last[doc_id] == k]
            self._store.write([doc_id for doc_id, _, _ in additions], additions, self._fps, take_new_words())
            added += len(batch)
            report(added)
        return added

    def _fingerprinted(
        self, docs: Iterator[tuple[str, str] | InputError], workers: int
    ) -> Iterator[tuple[list[tuple[str, str]], list[list[int]]]]:
        batches = _batches(docs)
        if workers == 1:
            for batch, error in batches:
                if batch:
                    yield batch, [self._fps(text) for _, text in batch]
                if error is not None:
                    raise error
            return
        from spundetect.parallel import ordered_map

        pending: list[InputError] = []

        def texts() -> Iterator[tuple[list[str], str]]:
            for batch, error in batches:
                if batch:
                    held.append(batch)
                    yield [text for _, text in batch], self.config.key
                if error is not None:
                    pending.append(error)
                    return

        held: list[list[tuple[str, str]]] = []
        for hashes, words in ordered_map(_fingerprint_chunk, texts(), workers=workers):
            learn_words(words, new=True)
            yield held.pop(0), hashes
        if pending:
            raise pending[0]

    def remove(self, doc_id: str) -> None:
        """Remove a document (in one transaction).

        Raises:
            InputTypeError: ``doc_id`` is not a ``str`` (E101).
            InputError: no document has that id (E130).

        Examples:
            >>> import spundetect
            >>> index = spundetect.Index()
            >>> index.add("a", "Some text.")
            >>> index.remove("a")
            >>> "a" in index
            False
        """
        self._number(doc_id)  # E101/E130 before the transaction
        self._store.write([doc_id], [], self._fps)

    # -- queries ----------------------------------------------------------------------------------

    def search(self, text: str, *, k: int = 10) -> list[Hit]:
        """The ``k`` documents that share the most (rarest) fingerprints with ``text``.

        No :func:`~spundetect.compare`: one look-up per distinct query fingerprint. Each
        shared fingerprint counts ``log(1 + N / df)`` (``N`` documents, ``df`` holding it),
        so rare ones weigh more; the sum is divided by the square root of the document's
        fingerprint count, so long pages do not win on chance matches; fingerprints held
        by more than ``postings_cap`` documents are skipped. Ties go to the document
        added first.

        Args:
            text: the query (a suspect).
            k: hits to return at most.

        Returns:
            Hits, best first; empty when no document shares a fingerprint.

        Raises:
            InputTypeError: ``text`` is not a ``str`` (E101).
            SettingsError: ``k`` is not an int >= 1.

        Examples:
            >>> import spundetect
            >>> index = spundetect.Index()
            >>> index.add("a", "The two men met an old friend in Moscow in May of 1999.")
            >>> hit = index.search("The 2 males met a previous pal in Moscow in May of 1999.")[0]
            >>> hit.doc_id, hit.shared > 0
            ('a', True)
        """
        _check_text(text)
        k = _check_k(k)
        return [hit for _, hit in self._rank(query_grams(text, config=self.config), k)]

    def _rank(self, query: list[tuple[int, int, int]], k: int,
              weights: dict[int, float] | None = None) -> list[tuple[float, Hit]]:
        """The top ``k`` hits, each with its unrounded score (the ranking key).

        ``weights``: each fingerprint's weight from collection-wide statistics, for a
        shard of a larger collection (:mod:`spundetect.distributed`); fingerprints
        without one are skipped. ``None``: computed from this index (:func:`_weights`).
        """
        import numpy as np

        where: dict[int, list[Span]] = defaultdict(list)
        for h, a, b in query:
            where[h].append((a, b))
        total = max(self._store.count(), 1)
        # A shard reads every posting of the fingerprints it is given: the collection's
        # cap has already dropped the common ones (this shard's own cap is smaller).
        cap = self.postings_cap if weights is None else total
        asked = list(where) if weights is None else [fp for fp in where if fp in weights]
        postings = {fp: docs for fp, docs in self._store.postings(asked, cap).items() if len(docs) <= cap}
        if not postings:
            return []
        # Summed in numpy: a query's postings run to tens of thousands in a large index.
        numbers = np.concatenate(list(postings.values()))
        lengths = np.array([len(d) for d in postings.values()], dtype=np.int64)
        weight = _weights(total, lengths) if weights is None else np.array([weights[fp] for fp in postings])
        per_posting = np.repeat(weight, lengths)
        candidates, inverse = np.unique(numbers, return_inverse=True)
        scores = np.bincount(inverse, weights=per_posting)
        sizes = np.maximum(self._store.sizes()[candidates], 1)
        # Divided by the square root of the document's fingerprint count (as a cosine
        # would be): a long page shares a few stock n-grams with any query by chance.
        # Measured in benchmarks/index_eval.py against no division and a division by
        # the count itself (docs/search.md). Rounded so that sums in another order tie.
        scores = np.round(scores / np.sqrt(sizes), 9)
        order = np.lexsort((candidates, -scores))[:k]
        best = [int(candidates[i]) for i in order]
        owners = np.repeat(np.array(list(postings), dtype=np.int64), lengths)
        kept = np.isin(numbers, best)
        shared: dict[int, list[int]] = defaultdict(list)
        for fp, number in zip(owners[kept].tolist(), numbers[kept].tolist()):
            shared[number].append(fp)
        ids = self._store.ids(best)
        hits = []
        for i, number in zip(order, best):
            fps = shared[number]
            hits.append((float(scores[i]), Hit(
                doc_id=ids[number],
                score=round(float(scores[i]), 6),
                shared=len(fps),
                coverage=min(1.0, len(fps) / int(sizes[i])),
                spans=_merge([span for fp in fps for span in where[fp]]),
            )))
        return hits

    def _frequencies(self, fps: Sequence[int], cap: int) -> dict[int, int]:
        """How many documents hold each fingerprint (at most ``cap + 1``; absent: none)."""
        return {fp: len(docs) for fp, docs in self._store.postings(fps, cap).items()}

    def find(self, text: str, *, k: int = 10, candidates: int = DEFAULT_CANDIDATES,
             **options: Any) -> list[Match]:
        """The documents ``text`` is derived from: :meth:`search`, then :func:`~spundetect.compare`.

        The top ``max(k, candidates)`` hits are compared (the document as the original,
        ``text`` as the suspect); those with a verdict other than ``"unrelated"`` are
        kept, best score first.

        Args:
            text: the query (a suspect).
            k: matches to return at most.
            candidates: hits to compare at least.
            **options: passed to :func:`~spundetect.compare` (``threshold``...).

        Returns:
            Matches, best first (highest comparison score, then search rank).

        Raises:
            InputTypeError: ``text`` is not a ``str`` (E101).
            SettingsError: ``k``/``candidates`` is not an int >= 1, or a compare option
                is not allowed.

        Examples:
            >>> import spundetect
            >>> index = spundetect.Index()
            >>> index.add("a", "The two men met an old friend in Moscow in May of 1999.")
            >>> [(m.doc_id, m.comparison.verdict) for m in index.find(
            ...     "The 2 males met a previous pal in Moscow in May of 1999.")]
            [('a', 'spun')]
        """
        from spundetect.compare import compare

        k = _check_k(k)
        hits = self.search(text, k=max(k, _check_k(candidates)))
        matches: list[tuple[int, Match]] = []
        for rank, hit in enumerate(hits):
            number = self._store.number(hit.doc_id)
            if number is None:  # pragma: no cover - removed by another thread meanwhile
                continue
            comparison = compare(self._store.text(number), text, **options)
            if comparison.verdict != "unrelated":
                matches.append((rank, Match(doc_id=hit.doc_id, hit=hit, comparison=comparison)))
        matches.sort(key=lambda m: (-m[1].comparison.score, m[0]))
        return [m for _, m in matches[:k]]


def _cap(count: int) -> int:
    """The default postings cap for a collection of ``count`` documents."""
    return max(_MIN_CAP, min(DEFAULT_POSTINGS_CAP, count // 100))


def _weights(total: int, frequencies: Any) -> Any:
    """``log(1 + N / df)`` per fingerprint: one function for an index and a sharded one,
    so both weigh a fingerprint with the same bits."""
    import numpy as np

    return np.log1p(total / np.asarray(frequencies, dtype=np.int64))


def _merge(spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            if b > out[-1][1]:
                out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def _checked_docs(docs: Iterable[tuple[str, str]], format: str = "text") -> Iterator[tuple[str, str] | InputError]:
    if isinstance(docs, (str, bytes)) or not isinstance(docs, Iterable):
        raise InputTypeError(f"docs must be an iterable of (doc_id, text) pairs, got {describe(docs)}",
                             code="E101")
    for k, item in enumerate(docs):
        if not (isinstance(item, (tuple, list)) and len(item) == 2):
            yield InputError(f"docs[{k}] must be a (doc_id, text) pair of str, got {describe(item)}", code="E102")
            return
        doc_id, text = item
        try:
            checked = _check_id(doc_id, f"docs[{k}] doc_id"), _check_text(text, f"docs[{k}] text")
            yield checked[0], as_text(checked[1], format)
        except InputError as err:
            yield err if err.message.startswith("docs[") else type(err)(f"docs[{k}] text: {err.message}",
                                                                          code=err.code)
            return


def _batches(docs: Iterator[tuple[str, str] | InputError]) -> Iterator[tuple[list[tuple[str, str]], InputError | None]]:
    batch: list[tuple[str, str]] = []
    for item in docs:
        if isinstance(item, InputError):
            yield batch, item
            return
        batch.append(item)
        if len(batch) >= _BATCH:
            yield batch, None
            batch = []
    if batch:
        yield batch, None


def _progress(progress: bool | Callable[[int], None]) -> Callable[[int], None]:
    if callable(progress):
        return progress
    if progress is True and sys.stderr is not None and sys.stderr.isatty():
        def draw(done: int) -> None:
            sys.stderr.write(f"\rindexed {done:,} documents")
            sys.stderr.flush()

        return draw
    if not isinstance(progress, bool):
        raise SettingsError(f"progress must be a bool or a callable, got {describe(progress)}", code="E110")
    return lambda done: None
