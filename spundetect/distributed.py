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

import importlib
import math
import threading
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from spundetect.errors import ResourceError, SettingsError, SpundetectError, describe

if TYPE_CHECKING:  # pragma: no cover
    import pandas  # type: ignore[import-untyped,unused-ignore]

    from spundetect.settings import Settings

__all__ = [
    "OUTPUT_COLUMNS",
    "score_partition",
    "score_dask_dataframe",
    "score_bag",
    "score_records",
    "spark_map_in_pandas",
    "spark_schema",
    "MissingExtraError",
]

OUTPUT_COLUMNS = ("score", "verdict", "swaps", "flagged", "signature", "error")
"""The columns :func:`score_partition` adds after ``id`` (or ``row``)."""

_OPTIONS = ("pipeline", "min_similarity", "derived_share", "threshold", "exact_alignment")


class MissingExtraError(ResourceError, ImportError):
    """An optional dependency of this module (Dask, pandas) is not installed.

    A :class:`~spundetect.errors.ResourceError` (code ``E200``) and an ``ImportError``.
    """


def _require(module: str, extra: str = "dask") -> Any:
    try:
        return importlib.import_module(module)
    except ImportError as err:
        raise MissingExtraError(
            f"{module} is needed for spundetect.distributed but cannot be imported ({err}); "
            f'install the optional extra: pip install "spundetect[{extra}]"'
        ) from err


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
