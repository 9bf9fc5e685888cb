"""Score pairs held in a Dask DataFrame or Bag, partition by partition (optional extra).

Install with ``pip install "spundetect[dask]"`` (Dask with ``distributed`` and
``dataframe``, and pandas). Dask and pandas are imported only when a function here is
called; importing this module costs nothing.

The unit of work is :func:`score_partition`, a pure function from a pandas DataFrame with
columns ``original`` and ``suspect`` (and optionally ``id``) to a DataFrame with one row
per input row, in the same order and with the same index:

=============  ============================================================================
column         meaning
=============  ============================================================================
``id``         the input's ``id`` column, when it has one; else ``row``: the input's index
               label (unique across partitions when the Dask DataFrame's index is)
``score``      calibrated probability that the suspect is a spun copy (NaN on error)
``verdict``    ``spun`` / ``paraphrase`` / ``copy`` / ``unrelated`` (missing on error)
``swaps``      number of word and phrase substitutions found
``flagged``    number of them judged unnatural machine swaps
``signature``  ``str(Comparison.signature)``: library version and settings
``error``      missing when the row was scored; else ``"[E101] ..."``: the code and
               message of the library error for that row (the other rows still count)
=============  ============================================================================

The spaCy tokenizer, WordNet, word frequencies and scorer are loaded once per worker
process, on its first partition, and kept in module-level caches, so every later
partition on that worker pays nothing for them. Because the function is pure (same rows
in, same rows out), Dask may run a partition again when a worker dies and the result is
still complete, with no row lost or counted twice.

Example (a local cluster; see ``examples/dask_batch.py`` and ``docs/scale-out.md``)::

    import dask.dataframe as dd, pandas as pd
    from dask.distributed import Client, LocalCluster
    from spundetect.distributed import score_dask_dataframe

    with LocalCluster(n_workers=2, threads_per_worker=1) as cluster, Client(cluster):
        pdf = pd.DataFrame({"id": ["a", "b"], "original": [...], "suspect": [...]})
        ddf = dd.from_pandas(pdf, npartitions=2)
        scores = score_dask_dataframe(ddf, threshold=0.6).compute()

The same :func:`score_partition` runs under Spark's ``mapInPandas`` (see
:func:`spark_map_in_pandas`).
"""

from __future__ import annotations

import math
import os
import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spundetect.errors import MissingExtraError, SettingsError, SpundetectError, describe, import_extra

if TYPE_CHECKING:  # pragma: no cover
    import pandas  # type: ignore[import-untyped,unused-ignore]

    from spundetect.acceptance import Accept
    from spundetect.fingerprint import FingerprintConfig
    from spundetect.models import Comparison, Hit, Match
    from spundetect.settings import Settings
    from spundetect.web import Format

__all__ = [
    "OUTPUT_COLUMNS",
    "score_partition",
    "score_dask_dataframe",
    "score_bag",
    "score_records",
    "spark_map_in_pandas",
    "spark_schema",
    "MissingExtraError",
    "SHARD_NAME",
    "build_index",
    "ShardedIndex",
]

OUTPUT_COLUMNS = ("score", "verdict", "swaps", "flagged", "signature", "error")
"""The columns :func:`score_partition` adds after ``id`` (or ``row``)."""

_OPTIONS = ("pipeline", "min_similarity", "derived_share", "threshold", "exact_alignment")


def _require(module: str) -> Any:
    return import_extra(module, extra="dask", user="spundetect.distributed")


# --- settings and resources, once per worker process ----------------------------------------

_SETTINGS: dict[tuple[Any, ...], Settings] = {}
_LOCK = threading.Lock()


def _settings(options: dict[str, Any]) -> Settings:
    """The validated :class:`Settings` for ``options`` (cached); resources loaded once."""
    unknown = sorted(set(options) - set(_OPTIONS))
    if unknown:
        raise SettingsError(
            f"unknown option(s) {unknown}; allowed: {list(_OPTIONS)} (as in spundetect.compare)"
        )
    key = tuple(options.get(k) for k in _OPTIONS)
    found = _SETTINGS.get(key)
    if found is not None:
        return found
    from spundetect.parallel import warm_up
    from spundetect.settings import Settings

    with _LOCK:
        found = _SETTINGS.get(key)
        if found is None:
            found = Settings(**{k: v for k, v in options.items() if k in _OPTIONS})
            warm_up(found)  # spaCy, WordNet, word frequencies, scorer: once per process
            _SETTINGS[key] = found
    return found


def _score_one(original: object, suspect: object, settings: Settings) -> tuple[Any, ...]:
    from spundetect.compare import _check_text, _run

    try:
        c = _run(_check_text("original", original), _check_text("suspect", suspect), settings)
    except SpundetectError as err:
        return (math.nan, None, 0, 0, None, str(err))
    return (c.score, c.verdict, c.stats.swaps, c.stats.flagged_swaps, str(c.signature), None)


# --- records (plain Python) ------------------------------------------------------------------


def score_records(
    records: Iterable[Any], **options: Any
) -> Iterator[dict[str, Any]]:
    """Score ``(original, suspect)`` pairs or mappings with ``original``/``suspect`` (and
    optional ``id``) keys; yield one plain dict per record, in order.

    This is the function :func:`score_bag` maps over each partition; it needs neither Dask
    nor pandas. A record that is neither a pair nor such a mapping gives a row whose
    ``error`` says so (code ``E102``).

    Examples:
        >>> from spundetect.distributed import score_records
        >>> [r["verdict"] for r in score_records([("a b c d", "a b c d"),
        ...                                       {"id": 7, "original": "x", "suspect": "x"}])]
        ['copy', 'copy']
    """
    settings = _settings(options)
    for k, rec in enumerate(records):
        if isinstance(rec, dict):
            rid = rec.get("id", k)
            values = _score_one(rec.get("original"), rec.get("suspect"), settings)
        elif isinstance(rec, (tuple, list)) and len(rec) == 2:
            rid = k
            values = _score_one(rec[0], rec[1], settings)
        else:
            rid = k
            values = (math.nan, None, 0, 0, None,
                      f"[E102] record {k} must be an (original, suspect) pair or a mapping with "
                      f"'original' and 'suspect', got {describe(rec)}")
        yield {"id": rid, **dict(zip(OUTPUT_COLUMNS, values))}


# --- pandas ----------------------------------------------------------------------------------


def score_partition(df: pandas.DataFrame, **options: Any) -> pandas.DataFrame:
    """Score every row of a pandas DataFrame; one output row per input row.

    Args:
        df: columns ``original`` and ``suspect`` (strings) and optionally ``id``; other
            columns are ignored.
        **options: ``pipeline``, ``min_similarity``, ``derived_share``, ``threshold``,
            ``exact_alignment``, as in :func:`spundetect.compare`.

    Returns:
        A DataFrame with the input's index and the columns ``id`` (or ``row``, the index
        label, when the input has no ``id``) and :data:`OUTPUT_COLUMNS`. A row whose texts
        are not strings (``None``, NaN, bytes) is not scored: its ``error`` tells why.

    Raises:
        SettingsError: an option is not allowed (raised for the whole partition).
        ResourceError: a resource is missing (e.g. a named spaCy pipeline).
        KeyError: ``df`` has no ``original`` or ``suspect`` column.

    Examples:
        >>> import pandas as pd
        >>> from spundetect.distributed import score_partition
        >>> out = score_partition(pd.DataFrame({"original": ["a b c d"], "suspect": ["a b c d"]}))
        >>> out[["row", "verdict", "error"]].values.tolist()
        [[0, 'copy', None]]
    """
    pd = _require("pandas")
    for column in ("original", "suspect"):
        if column not in df.columns:
            raise KeyError(f"score_partition needs a column {column!r}; the DataFrame has {list(df.columns)}")
    settings = _settings(options)
    rows = [_score_one(o, s, settings) for o, s in zip(df["original"].tolist(), df["suspect"].tolist())]
    columns = list(zip(*rows)) if rows else [()] * len(OUTPUT_COLUMNS)
    out = pd.DataFrame(index=df.index)
    if "id" in df.columns:
        out["id"] = df["id"]
    else:
        out["row"] = pd.Series(df.index, index=df.index, dtype=df.index.dtype)
    out["score"] = pd.Series(columns[0], index=df.index, dtype="float64")
    out["verdict"] = pd.Series(columns[1], index=df.index, dtype="object")
    out["swaps"] = pd.Series(columns[2], index=df.index, dtype="int64")
    out["flagged"] = pd.Series(columns[3], index=df.index, dtype="int64")
    out["signature"] = pd.Series(columns[4], index=df.index, dtype="object")
    out["error"] = pd.Series(columns[5], index=df.index, dtype="object")
    return out


def _meta(frame: pandas.DataFrame) -> pandas.DataFrame:
    pd = _require("pandas")
    out = pd.DataFrame(index=frame.index[:0])
    if "id" in frame.columns:
        out["id"] = frame["id"].iloc[:0]
    else:
        out["row"] = pd.Series([], index=frame.index[:0], dtype=frame.index.dtype)
    for name, dtype in zip(OUTPUT_COLUMNS, ("float64", "object", "int64", "int64", "object", "object")):
        out[name] = pd.Series([], index=frame.index[:0], dtype=dtype)
    return out


# --- Dask ------------------------------------------------------------------------------------


def score_dask_dataframe(ddf: Any, **options: Any) -> Any:
    """Score a Dask DataFrame lazily, partition by partition, with :func:`score_partition`.

    Args:
        ddf: a ``dask.dataframe.DataFrame`` with columns ``original`` and ``suspect`` and
            optionally ``id``.
        **options: as in :func:`spundetect.compare` (checked here, before anything runs).

    Returns:
        A lazy Dask DataFrame with the same partitions and index, and the columns of
        :func:`score_partition` (its ``meta`` is given, so nothing is computed to infer
        it). Call ``.compute()``, ``.to_parquet()``... on it.

    Raises:
        MissingExtraError: Dask is not installed.
        SettingsError: an option is not allowed.
        KeyError: a required column is missing.
    """
    _require("dask.dataframe")
    _check_options(options)
    for column in ("original", "suspect"):
        if column not in ddf.columns:
            raise KeyError(f"score_dask_dataframe needs a column {column!r}; the DataFrame has {list(ddf.columns)}")
    meta = _meta(ddf._meta)
    return ddf.map_partitions(score_partition, meta=meta, **options)


def score_bag(bag: Any, **options: Any) -> Any:
    """Score a Dask Bag of ``(original, suspect)`` pairs or mappings with ``original``,
    ``suspect`` (and optional ``id``) keys, partition by partition.

    Returns:
        A lazy Dask Bag of dicts with the keys ``id`` and :data:`OUTPUT_COLUMNS` (see
        :func:`score_records`); ``id`` is the record's own ``id`` or its position in its
        partition. ``bag.to_dataframe()`` turns it into a Dask DataFrame.

    Raises:
        MissingExtraError: Dask is not installed.
        SettingsError: an option is not allowed.
    """
    _require("dask.bag")
    _check_options(options)
    return bag.map_partitions(_score_bag_partition, **options)


def _score_bag_partition(records: Iterable[Any], **options: Any) -> list[dict[str, Any]]:
    return list(score_records(records, **options))


def _check_options(options: dict[str, Any]) -> None:
    """Validate the options in the client, so that a typo fails before any task runs."""
    from spundetect.settings import Settings

    unknown = sorted(set(options) - set(_OPTIONS))
    if unknown:
        raise SettingsError(
            f"unknown option(s) {unknown}; allowed: {list(_OPTIONS)} (as in spundetect.compare)"
        )
    Settings(**options)


# --- Spark -----------------------------------------------------------------------------------


def spark_schema(id_type: str = "string") -> str:
    """The DDL schema of :func:`spark_map_in_pandas`'s output, for ``mapInPandas``.

    Examples:
        >>> from spundetect.distributed import spark_schema
        >>> spark_schema()
        'id string, score double, verdict string, swaps long, flagged long, signature string, error string'
    """
    return (f"id {id_type}, score double, verdict string, swaps long, flagged long, "
            f"signature string, error string")


def spark_map_in_pandas(
    batches: Iterable[pandas.DataFrame], **options: Any
) -> Iterator[pandas.DataFrame]:
    """The function to give Spark's ``DataFrame.mapInPandas``: batches in, scores out.

    Each input batch needs ``id``, ``original`` and ``suspect`` columns; each output batch
    has the columns of :func:`spark_schema` (``id`` copied from the input). Spark reuses
    its Python workers, so the resources load once per worker process::

        from functools import partial
        from spundetect.distributed import spark_map_in_pandas, spark_schema
        scores = df.select("id", "original", "suspect").mapInPandas(
            partial(spark_map_in_pandas, threshold=0.6), schema=spark_schema())
    """
    columns = ["id", *OUTPUT_COLUMNS]
    for batch in batches:
        out = score_partition(batch, **options)
        if "id" not in out.columns:
            out = out.rename(columns={"row": "id"})
        yield out[columns].reset_index(drop=True)


# --- a sharded index: one spundetect.Index per partition -------------------------------------

#: File name of the shard of partition ``k`` in a shard directory.
SHARD_NAME = "shard-{:05d}.index"
_OPEN: dict[tuple[str, int, int], Any] = {}  # shard files opened in this process


def build_index(
    documents: Any,
    directory: str | os.PathLike[str] | None = None,
    *,
    config: FingerprintConfig | None = None,
    postings_cap: int | None = None,
    format: Format = "text",
) -> ShardedIndex:
    """Build one :class:`~spundetect.Index` (a *shard*) per partition of a Dask collection.

    Each partition fingerprints its own documents where it lies, into an index in the
    worker's memory (``directory=None``; Dask keeps it there, and rebuilds it from the
    partition when a worker is lost) or into the SQLite file
    ``directory/shard-00000.index``, ``shard-00001.index``... (written under a
    temporary name and renamed when complete, so a retried task leaves one whole file;
    the directory must be reachable from every worker and the client). Partition
    ``k``'s documents keep their order in shard ``k``, so the shards together hold the
    collection in its order.

    Args:
        documents: a Dask Bag of ``(doc_id, text)`` pairs or of mappings with ``id``
            and ``text`` keys, or a Dask DataFrame with ``id`` and ``text`` columns.
            Ids must be unique across partitions (within one, a repeated id replaces
            the earlier one, as in :meth:`~spundetect.Index.add_many`).
        directory: where to write the shard files; ``None`` keeps the shards in the
            workers' memory (the cluster must live as long as the index).
        config: how fingerprints are made (default: the index's default).
        postings_cap: as in :class:`~spundetect.Index`; ``None``: 1 in 2,000 of the whole
            collection (100 to 1,000), as one index over it would use.
        format: ``"html"``: the texts are web pages; each partition extracts their main
            text (:func:`spundetect.web.extract`, ``spundetect[web]`` on the workers)
            and indexes and stores it.

    Returns:
        A :class:`ShardedIndex` whose :meth:`~ShardedIndex.search` gives the hits one
        ``Index`` over the same documents, added in the collection's order, would give.

    Raises:
        MissingExtraError: Dask is not installed.
        KeyError: a DataFrame has no ``id`` or ``text`` column.
        InputError: an id is in more than one partition (E131); a document is not an
            ``(id, text)`` pair of ``str`` (E101/E102, naming the partition).
        SettingsError: ``directory`` already holds shards, or an option is not allowed.
        MissingExtraError: ``format="html"`` without ``spundetect[web]`` (E201).

    Examples:
        >>> import dask.bag as db
        >>> from spundetect.distributed import build_index
        >>> docs = db.from_sequence([("a", "The two men met an old friend in Moscow."),
        ...                          ("b", "A recipe for bread needs flour and yeast.")], npartitions=2)
        >>> sharded = build_index(docs)
        >>> len(sharded), [hit.doc_id for hit in sharded.search("The 2 males met a previous pal in Moscow.")]
        (2, ['a'])
    """
    dask = _require("dask")
    from spundetect.web import check_format

    key = _config(config).key
    _check_cap(postings_cap)
    check_format(format)
    if hasattr(documents, "columns"):
        for column in ("id", "text"):
            if column not in documents.columns:
                raise KeyError(f"build_index needs a column {column!r}; the DataFrame has {list(documents.columns)}")
    if not hasattr(documents, "to_delayed"):
        raise SettingsError(f"documents must be a Dask Bag or DataFrame, got {describe(documents)}", code="E110")
    target = None
    if directory is not None:
        target = os.fspath(directory)
        os.makedirs(target, exist_ok=True)
        if _shard_files(target):
            raise SettingsError(f"{target} already holds shards; open them with ShardedIndex.open, or give "
                                f"another directory", code="E110")
    build = dask.delayed(_build_shard, pure=True)
    shards = dask.persist(*[build(part, position, target, key, format)
                            for position, part in enumerate(documents.to_delayed())])
    summaries = dask.compute(*[dask.delayed(_summary, pure=True)(shard) for shard in shards])
    _check_unique([ids for _, ids in summaries], shards)
    return ShardedIndex(list(shards), [count for count, _ in summaries], config=_config(config),
                        postings_cap=postings_cap)


def _config(config: FingerprintConfig | None) -> FingerprintConfig:
    from spundetect.fingerprint import DEFAULT_CONFIG, FingerprintConfig

    if config is not None and not isinstance(config, FingerprintConfig):
        raise SettingsError(f"config must be a FingerprintConfig, got {describe(config)}", code="E110")
    return config or DEFAULT_CONFIG


def _check_cap(cap: object) -> None:
    if cap is not None and (isinstance(cap, bool) or not isinstance(cap, int) or cap < 1):
        raise SettingsError(f"postings_cap must be None or an int >= 1, got {describe(cap)}", code="E110")


def _shard_files(directory: str) -> list[str]:
    return sorted(str(p) for p in Path(directory).glob("shard-*.index"))


def _pairs(part: Any) -> Iterator[Any]:
    """A partition's documents as ``(doc_id, text)`` items (bad ones passed on as they are,
    for :meth:`Index.add_many` to name)."""
    if hasattr(part, "columns"):  # a pandas DataFrame
        yield from zip(part["id"].tolist(), part["text"].tolist())
        return
    for item in part:
        yield (item.get("id"), item.get("text")) if isinstance(item, dict) else item


def _build_shard(part: Any, position: int, directory: str | None, key: str, format: str = "text") -> Any:
    """Shard ``position``: an in-memory Index, or the path of its file (runs on a worker)."""
    from spundetect.fingerprint import FingerprintConfig
    from spundetect.index import Index

    config = FingerprintConfig.from_key(key)
    if directory is None:
        index = Index(config=config)
        _add_partition(index, part, position, format)
        return _InMemory(index)
    path = os.path.join(directory, SHARD_NAME.format(position))
    # A retried task starts again from nothing, under a name of its own; a failed one
    # leaves no file behind.
    temporary = f"{path}.{os.getpid()}-{threading.get_ident()}.tmp"
    _remove(temporary)
    try:
        with Index(temporary, config=config) as index:
            _add_partition(index, part, position, format)
        os.replace(temporary, path)
    except BaseException:
        _remove(temporary)
        raise
    return path


class _InMemory:
    """A shard held in a worker's memory, with an estimate of its size.

    Dask weighs moving a task's inputs by their size, measured with ``sys.getsizeof``:
    56 bytes for a bare Index, so the scheduler shipped whole shards between workers to
    balance load (seen on a two-worker LocalCluster with ``client.who_has``). An estimate
    of its real size (the texts and about ten bytes of postings per character of text)
    keeps each query task where its shard is.
    """

    def __init__(self, index: Any) -> None:
        self.index = index
        self.nbytes = sum(12 * len(index.text(doc_id)) + 200 for doc_id in index)

    def __sizeof__(self) -> int:
        return self.nbytes


def _add_partition(index: Any, part: Any, position: int, format: str) -> None:
    from spundetect.errors import InputError

    try:
        index.add_many(_pairs(part), format=format)
    except InputError as err:
        raise type(err)(f"partition {position}: {err.message}", code=err.code) from err


def _remove(path: str) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            os.unlink(path + suffix)
        except FileNotFoundError:
            pass


def _open(shard: Any) -> Any:
    """The Index of a shard: itself, or its file opened once per process."""
    from spundetect.index import Index

    if isinstance(shard, _InMemory):
        return shard.index
    if isinstance(shard, Index):
        return shard
    stat = os.stat(shard)
    key = (shard, stat.st_ino, stat.st_mtime_ns)
    with _LOCK:
        index = _OPEN.get(key)
        if index is None:
            index = _OPEN[key] = Index(shard)
    return index


def _summary(shard: Any) -> tuple[int, Any]:
    """A shard's document count and a 64-bit hash of each id (to find repeated ids)."""
    import numpy as np

    from spundetect.fingerprint import _hash

    index = _open(shard)
    return len(index), np.array([_hash(doc_id) for doc_id in index], dtype=np.int64)


def _ids_hashed(shard: Any, hashes: set[int]) -> list[str]:
    from spundetect.fingerprint import _hash

    return [doc_id for doc_id in _open(shard) if _hash(doc_id) in hashes]


def _check_unique(hashes: list[Any], shards: Sequence[Any]) -> None:
    # One index over the collection would keep only the last of two documents with one
    # id; shards cannot see each other, so a repeated id is refused (8 bytes an id).
    import numpy as np

    dask = _require("dask")
    if not hashes:
        return
    values, counts = np.unique(np.concatenate(hashes), return_counts=True)
    repeated = {int(v) for v in values[counts > 1]}
    if not repeated:
        return
    found = dask.compute(*[dask.delayed(_ids_hashed, pure=True)(s, repeated) for s in shards])
    seen: dict[str, list[int]] = {}
    for position, ids in enumerate(found):
        for doc_id in ids:
            seen.setdefault(doc_id, []).append(position)
    twice = {doc_id: where for doc_id, where in seen.items() if len(where) > 1}
    if twice:
        from spundetect.errors import InputError

        doc_id, where = next(iter(twice.items()))
        raise InputError(
            f"{len(twice)} id(s) in more than one partition, e.g. {doc_id!r} in partitions "
            f"{', '.join(map(str, where))}; make the ids unique (or drop the duplicates) before building",
            code="E131",
        )


def _shard_frequencies(shard: Any, queries: list[list[int]], cap: int) -> list[Any]:
    """Per query: how many of the shard's documents hold each of its fingerprints, as an
    array in the order of ``fps`` (cheaper to send back than a dictionary)."""
    import numpy as np

    index = _open(shard)
    out = []
    for fps in queries:
        counts = index._frequencies(fps, cap)
        out.append(np.array([counts.get(fp, 0) for fp in fps], dtype=np.int64))
    return out


def _shard_top(shard: Any, queries: list[list[tuple[int, int, int]]], weights: list[dict[int, float]],
               ks: list[int]) -> list[list[tuple[float, Hit]]]:
    """Per query: the shard's top ``k`` (``ks``: one per query) under the collection's
    weights, with their scores."""
    index = _open(shard)
    return [index._rank(query, k, weight) if weight else [] for query, weight, k in zip(queries, weights, ks)]


def _shard_texts(shard: Any, doc_ids: list[str]) -> list[str]:
    index = _open(shard)
    return [index.text(doc_id) for doc_id in doc_ids]


def _shard_compare(shard: Any, doc_ids: list[str], text: str, options: dict[str, Any]) -> list[Comparison]:
    from spundetect.compare import compare

    index = _open(shard)
    return [compare(index.text(doc_id), text, **options) for doc_id in doc_ids]


class ShardedIndex:
    """An index split into shards (one :class:`~spundetect.Index` per partition), searched
    in parallel on Dask, with the results of one index over the same documents.

    Made by :func:`build_index` or :meth:`open`. A query runs in two rounds of one task
    per shard: the first counts, in each shard, the documents that hold each query
    fingerprint; the client adds the counts up into the collection's ``N`` and ``df``,
    drops the fingerprints held by more than :attr:`postings_cap` documents, and weighs
    the others ``log(1 + N / df)`` (:class:`~spundetect.Index`'s weight); the second
    scores each shard's documents with those weights and returns its top ``k``. A
    document's score depends only on its own fingerprints and the collection-wide
    weights, never on the shard it is in, so merging the shards' top ``k`` (best score
    first, ties to the earlier shard, then the earlier document) gives the same hits,
    scores and order as one index. A long query (over
    :data:`spundetect.index.PASSAGE_QUERY`) takes the merged top
    :data:`~spundetect.index.PASSAGE_POOL`, fetches their texts from their shards and
    re-ranks them with :func:`spundetect.index.rerank_long`, as one index does.

    Queries are fingerprinted in the calling process; tasks run on whatever Dask
    scheduler is active (a ``dask.distributed.Client``, or Dask's local threads).
    """

    def __init__(self, shards: Sequence[Any], counts: Sequence[int], *, config: FingerprintConfig,
                 postings_cap: int | None = None) -> None:
        self._shards = list(shards)
        self.counts = list(counts)
        self.config = config
        self._cap = postings_cap

    @classmethod
    def open(cls, directory: str | os.PathLike[str], *, postings_cap: int | None = None) -> ShardedIndex:
        """The shard files :func:`build_index` wrote in ``directory``.

        Raises:
            FileFormatError: no shard file there (E320), a file is not an index (E320) or
                is damaged (E321).
            SettingsError: the shards were built with different fingerprints.
        """
        from spundetect.errors import FileFormatError
        from spundetect.index import Index

        _check_cap(postings_cap)
        paths = _shard_files(os.fspath(directory))
        if not paths:
            raise FileFormatError(f"{os.fspath(directory)}: no shard files (shard-*.index) there", code="E320")
        counts, configs = [], set()
        for path in paths:
            with Index(path) as index:
                counts.append(len(index))
                configs.add(index.config)
        if len(configs) > 1:
            raise SettingsError(f"{os.fspath(directory)}: shards built with different fingerprints "
                                f"{sorted(c.key for c in configs)}", code="E110")
        return cls(paths, counts, config=configs.pop(), postings_cap=postings_cap)

    def __len__(self) -> int:
        return sum(self.counts)

    def __repr__(self) -> str:
        return f"ShardedIndex(shards={len(self._shards)}, documents={len(self)}, fingerprints={self.config.key!r})"

    @property
    def postings_cap(self) -> int:
        """The cap in force: the one given, or what one index over the collection would use."""
        from spundetect.index import _cap

        return _cap(len(self)) if self._cap is None else self._cap

    def search(self, text: str, *, k: int = 10) -> list[Hit]:
        """The ``k`` best documents for ``text``, as :meth:`spundetect.Index.search` gives them.

        Examples:
            >>> import dask.bag as db
            >>> from spundetect.distributed import build_index
            >>> sharded = build_index(db.from_sequence([("a", "The cat sat on the mat in May.")]))
            >>> sharded.search("The cat sat on the mat in May.")[0].doc_id
            'a'
        """
        return self.search_many([text], k=k)[0]

    def search_many(self, texts: Sequence[str], *, k: int = 10) -> list[list[Hit]]:
        """:meth:`search` for many queries at once: two rounds of one task per shard in all.

        Raises:
            InputTypeError: a text is not a ``str`` (E101).
            SettingsError: ``k`` is not an int >= 1.
        """
        return [[hit for _, hit, _ in hits] for hits in self._search(texts, k)]

    def _search(self, texts: Sequence[str], k: int) -> list[list[tuple[float, Hit, int]]]:
        dask = _require("dask")
        import numpy as np

        from spundetect.fingerprint import query_grams
        from spundetect.index import PASSAGE_POOL, _check_k, _check_text, _is_long, _query_scale, _weights, rerank_long

        k = _check_k(k)
        if isinstance(texts, (str, bytes)) or not isinstance(texts, Sequence):
            from spundetect.errors import InputTypeError

            raise InputTypeError(f"texts must be a sequence of str (a list), got {describe(texts)}", code="E101")
        queries = [query_grams(_check_text(text, f"texts[{i}]"), config=self.config) for i, text in enumerate(texts)]
        if not queries:
            return []
        distinct = [list(dict.fromkeys(h for h, _, _ in query)) for query in queries]
        cap = self.postings_cap
        total = max(len(self), 1)
        held = dask.delayed(distinct, traverse=False)
        counted = dask.compute(*[dask.delayed(_shard_frequencies, pure=True)(shard, held, cap)
                                 for shard in self._shards])
        weights: list[dict[int, float]] = []
        for i, fps in enumerate(distinct):
            df = np.zeros(len(fps), dtype=np.int64)
            for shard in counted:
                df += shard[i]
            kept = (df > 0) & (df <= cap)
            held_fps = np.array(fps, dtype=np.int64)[kept]
            scale = _query_scale(fps, self.config.sample)
            weights.append(dict(zip(held_fps.tolist(),
                                    _weights(total, df[kept], held_fps, self.config.sample, scale=scale).tolist())))
        # a long query's candidates are the collection's top PASSAGE_POOL, re-ranked as
        # Index.search does (rerank_long) with their texts, fetched from their shards
        long = [_is_long(query, self.config) for query in queries]
        ks = [max(k, PASSAGE_POOL) if is_long else k for is_long in long]
        grams = dask.delayed(queries, traverse=False)
        chosen = dask.delayed(weights, traverse=False)
        tops = dask.compute(*[dask.delayed(_shard_top, pure=True)(shard, grams, chosen, ks)
                              for shard in self._shards])
        merged = []
        for i in range(len(queries)):
            # best score first; ties to the earlier shard, then to its earlier document
            ranked = sorted(((-score, position, rank, hit) for position, top in enumerate(tops)
                             for rank, (score, hit) in enumerate(top[i])), key=lambda r: r[:3])
            merged.append([(-r[0], r[3], r[1]) for r in ranked[:ks[i]]])
        wanted: dict[int, list[str]] = {}
        for i in range(len(queries)):
            if long[i]:
                for _, hit, position in merged[i][:PASSAGE_POOL]:
                    wanted.setdefault(position, []).append(hit.doc_id)
        if wanted:
            done = dask.compute(*[dask.delayed(_shard_texts, pure=True)(self._shards[p], ids)
                                  for p, ids in wanted.items()])
            held = {(p, doc_id): t for (p, ids), ts in zip(wanted.items(), done) for doc_id, t in zip(ids, ts)}
            for i in range(len(queries)):
                if long[i]:
                    where = {hit.doc_id: position for _, hit, position in merged[i]}
                    pool = [(score, hit) for score, hit, _ in merged[i]]
                    top = rerank_long(texts[i], pool, [held[where[hit.doc_id], hit.doc_id]
                                                       for _, hit in pool[:PASSAGE_POOL]], self.config, k)
                    merged[i] = [(score, hit, where[hit.doc_id]) for score, hit in top]
        return merged

    def find(self, text: str, *, k: int = 10, candidates: int = 10, accept: Accept = "reuse",
             **options: Any) -> list[Match]:
        """:meth:`spundetect.Index.find` on the shards: each candidate compared where it lies
        (the same acceptance rule, ``accept``).

        Examples:
            >>> import dask.bag as db
            >>> from spundetect.distributed import build_index
            >>> sharded = build_index(db.from_sequence([("a", "The two men met an old friend in Moscow in May.")]))
            >>> [m.doc_id for m in sharded.find("The 2 males met a previous pal in Moscow in May.")]
            ['a']
        """
        dask = _require("dask")
        from spundetect.acceptance import check_accept, confirms
        from spundetect.index import _check_k
        from spundetect.models import Match

        k = _check_k(k)
        rule = check_accept(accept)
        hits = self._search([text], max(k, _check_k(candidates)))[0]
        wanted: dict[int, list[str]] = {}
        for _, hit, position in hits:
            wanted.setdefault(position, []).append(hit.doc_id)
        done = dask.compute(*[dask.delayed(_shard_compare, pure=True)(self._shards[p], ids, text, options)
                              for p, ids in wanted.items()])
        found = {(p, doc_id): c for (p, ids), cs in zip(wanted.items(), done) for doc_id, c in zip(ids, cs)}
        matches = []
        for rank, (_, hit, position) in enumerate(hits):
            comparison = found[position, hit.doc_id]
            if confirms(comparison, accept=rule):
                matches.append((rank, Match(doc_id=hit.doc_id, hit=hit, comparison=comparison)))
        matches.sort(key=lambda m: (-m[1].comparison.score, m[0]))
        return [m for _, m in matches[:k]]
