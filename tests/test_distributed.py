"""Tests of spundetect.distributed on a local Dask cluster (skipped when Dask is not installed).

One LocalCluster with two worker processes serves the module (start-up is the slow
part); the whole file takes well under a minute on two cores.
"""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Any

import pytest

pd = pytest.importorskip("pandas")
dd = pytest.importorskip("dask.dataframe")
db = pytest.importorskip("dask.bag")
distributed = pytest.importorskip("dask.distributed")

import spundetect  # noqa: E402
from spundetect.distributed import (  # noqa: E402
    OUTPUT_COLUMNS,
    score_bag,
    score_dask_dataframe,
    score_partition,
    score_records,
    spark_map_in_pandas,
)
from spundetect.errors import SettingsError  # noqa: E402

TEXTS = [
    ("The two men met an old friend in Moscow.", "The 2 males met a previous pal in Moscow."),
    ("a b c d", "a b c d"),
    ("Hello there, my old friend.", "Completely different words here now."),
    ("The cat sat on the mat. It was happy.", "The feline sat on the mat. It was glad."),
    ("President Xi spoke on Wednesday.", "President Xi talked on Wednesday."),
]


def frame(n: int) -> Any:
    rows = [TEXTS[k % len(TEXTS)] for k in range(n)]
    return pd.DataFrame({
        "id": [f"pair-{k:03d}" for k in range(n)],
        "original": [o + f" Row {k}." for k, (o, _) in enumerate(rows)],
        "suspect": [s + f" Row {k}." for k, (_, s) in enumerate(rows)],
    })


def expected(pdf: Any, **options: Any) -> dict[str, tuple[float, str, int, int]]:
    out = {}
    for rid, o, s in zip(pdf["id"], pdf["original"], pdf["suspect"]):
        c = spundetect.compare(o, s, **options)
        out[rid] = (c.score, c.verdict, c.stats.swaps, c.stats.flagged_swaps)
    return out


def as_dict(result: Any) -> dict[str, tuple[float, str, int, int]]:
    return {r.id: (r.score, r.verdict, r.swaps, r.flagged) for r in result.itertuples()}


@pytest.fixture(scope="module")
def client() -> Any:
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None, silence_logs=40)
    client = distributed.Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


# --- the pure partition function (no cluster) ------------------------------------------------


def test_score_partition_matches_compare() -> None:
    pdf = frame(6)
    out = score_partition(pdf)
    assert list(out.columns) == ["id", *OUTPUT_COLUMNS]
    assert list(out.index) == list(pdf.index)
    assert as_dict(out) == expected(pdf)
    assert out["error"].isna().all()
    assert out["signature"].str.startswith("spundetect:").all()


def test_score_partition_bad_rows_do_not_stop_the_others() -> None:
    pdf = pd.DataFrame({"original": ["a b c d", None, "x y z"], "suspect": ["a b c d", "b", 3]},
                       index=[10, 11, 12])
    out = score_partition(pdf)
    assert list(out["row"]) == [10, 11, 12]
    assert out.loc[10, "verdict"] == "copy" and out.loc[10, "error"] is None
    assert out.loc[11, "error"].startswith("[E101] original must be a str")
    assert out.loc[12, "error"].startswith("[E101] suspect must be a str")
    assert math.isnan(out.loc[11, "score"]) and out.loc[11, "swaps"] == 0


def test_score_partition_empty_and_options() -> None:
    out = score_partition(frame(0))
    assert len(out) == 0 and list(out.columns) == ["id", *OUTPUT_COLUMNS]
    pdf = frame(3)
    assert as_dict(score_partition(pdf, threshold=0.99)) == expected(pdf, threshold=0.99)
    with pytest.raises(SettingsError):
        score_partition(pdf, min_similarity=2)
    with pytest.raises(SettingsError):
        score_partition(pdf, no_such_option=1)
    with pytest.raises(KeyError):
        score_partition(pdf.drop(columns="suspect"))


def test_spark_function_yields_schema_columns() -> None:
    pdf = frame(4)
    batches = list(spark_map_in_pandas(iter([pdf.iloc[:2], pdf.iloc[2:]])))
    assert [len(b) for b in batches] == [2, 2]
    assert list(batches[0].columns) == ["id", *OUTPUT_COLUMNS]
    assert as_dict(pd.concat(batches)) == expected(pdf)


def test_options_are_checked_before_anything_runs() -> None:
    ddf = dd.from_pandas(frame(4), npartitions=2)
    with pytest.raises(SettingsError):
        score_dask_dataframe(ddf, derived_share=-1)
    with pytest.raises(KeyError):
        score_dask_dataframe(ddf[["id", "original"]])


# --- on a local cluster of two worker processes ----------------------------------------------


def test_dask_dataframe_same_as_local(client: Any) -> None:
    pdf = frame(24)
    ddf = dd.from_pandas(pdf, npartitions=5)
    lazy = score_dask_dataframe(ddf)
    assert list(lazy.columns) == ["id", *OUTPUT_COLUMNS]
    out = lazy.compute()
    assert len(out) == len(pdf)
    assert sorted(out["id"]) == sorted(pdf["id"])  # no row lost or duplicated
    assert as_dict(out) == expected(pdf)
    assert len({w for w in client.run(os.getpid).values()}) == 2


def _kill_on_first_attempt(df: Any, marker: str, **options: Any) -> Any:
    """Kill this worker process the first time any task runs it (the marker records it)."""
    if df["id"].iloc[:1].eq("pair-000").any() and not os.path.exists(marker):
        Path(marker).write_text(str(os.getpid()))
        os._exit(1)
    return score_partition(df, **options)


def test_killed_worker_is_retried_and_result_complete(client: Any, tmp_path: Path) -> None:
    pdf = frame(16)
    ddf = dd.from_pandas(pdf, npartitions=4)
    marker = tmp_path / "killed"
    meta = score_partition(pdf.iloc[:0])
    lazy = ddf.map_partitions(_kill_on_first_attempt, str(marker), meta=meta)
    out = lazy.compute()
    assert marker.exists(), "the first attempt should have killed its worker"
    assert len(out) == len(pdf)
    assert sorted(out["id"]) == sorted(pdf["id"])
    assert as_dict(out) == expected(pdf)


def test_bag_same_as_local(client: Any) -> None:
    records = [{"id": f"b{k}", "original": o, "suspect": s} for k, (o, s) in enumerate(TEXTS)]
    bag = db.from_sequence(records, npartitions=2)
    out = score_bag(bag).compute()
    assert [r["id"] for r in out] == [r["id"] for r in records]
    local = list(score_records(records))
    assert out == local
    assert [r["verdict"] for r in out] == [spundetect.compare(o, s).verdict for o, s in TEXTS]
