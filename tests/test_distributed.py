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


# --- a sharded index (build_index / ShardedIndex) --------------------------------------------

import random  # noqa: E402
import sys  # noqa: E402

import dask  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from spundetect.distributed import SHARD_NAME, ShardedIndex, build_index  # noqa: E402
from spundetect.errors import FileFormatError, InputError  # noqa: E402
from spundetect.spin import spin  # noqa: E402

# A small vocabulary, so that many n-grams recur across documents: fingerprints held by
# more documents than the postings cap, and equal scores, are exercised too.
VOCABULARY = (
    "the of and to in a is that for it as was with be by on not he this are or his from at which "
    "but have an they you were her she there been one all we their has would when if so no will "
    "river house garden market winter doctor letter village morning window bridge school Moscow "
    "Alice 1999 Tokyo quietly green heavy narrow ancient bright empty wooden 42 Zanzibar"
).split()


STOCK = "All rights reserved by the village school of Moscow in 1999."


def document(seed: int) -> str:
    rng = random.Random(seed)
    text = " ".join(" ".join(rng.choices(VOCABULARY, k=rng.randint(6, 14))).capitalize() + "."
                    for _ in range(rng.randint(2, 7)))
    return text + " " + STOCK if seed % 3 == 0 else text  # a stock line in a third of them


DOCS = [(f"doc-{i:03d}", document(i)) for i in range(60)]
DOCS[17] = ("doc-017", DOCS[5][1])  # the same text twice: equal scores, ties by order
DOCS[44] = ("doc-044", DOCS[5][1])
QUERIES = [DOCS[5][1], DOCS[30][1], spin(DOCS[12][1], seed=3).text, DOCS[40][1][:60] + " " + DOCS[41][1],
           document(1000), "Nothing of the kind.", "", STOCK,
           # a long page (a query scale above 1) with a spun document inside
           " ".join(document(2000 + i) for i in range(30)) + " " + spin(DOCS[20][1], seed=4).text]


def one_machine(docs: list[tuple[str, str]], **options: Any) -> spundetect.Index:
    index = spundetect.Index(**options)
    index.add_many(docs)
    return index


def assert_same(sharded: ShardedIndex, index: spundetect.Index, queries: list[str], k: int = 10) -> None:
    expected = [index.search(q, k=k) for q in queries]
    assert sharded.search_many(queries, k=k) == expected
    assert any(len(hits) > 1 for hits in expected)  # not trivially equal


def test_sharded_bag_in_memory_same_as_one_index(client: Any) -> None:
    sharded = build_index(db.from_sequence(DOCS, npartitions=5))
    assert len(sharded) == len(DOCS) and len(sharded.counts) == 5
    index = one_machine(DOCS)
    assert sharded.postings_cap == index.postings_cap
    assert_same(sharded, index, QUERIES)
    assert_same(sharded, index, QUERIES, k=3)
    ties = sharded.search(DOCS[5][1])
    assert [h.doc_id for h in ties[:3]] == ["doc-005", "doc-017", "doc-044"]  # across shards, in order
    assert ties[0].score == ties[2].score
    assert sharded.search(QUERIES[2]) == index.search(QUERIES[2])


def test_sharded_dataframe_files_same_as_one_index(client: Any, tmp_path: Path) -> None:
    records = [{"id": i, "text": t} for i, t in DOCS]
    ddf = dd.from_pandas(pd.DataFrame(records), npartitions=4)
    sharded = build_index(ddf, tmp_path / "shards")
    names = [p.name for p in (tmp_path / "shards").iterdir()]
    assert sorted(n for n in names if n.endswith(".index")) == [SHARD_NAME.format(k) for k in range(4)]
    assert not [n for n in names if ".tmp" in n]  # whole files only, no temporary left
    index = one_machine(DOCS)
    assert_same(sharded, index, QUERIES)
    # reopened from the directory, in this process's threads (no cluster needed)
    reopened = ShardedIndex.open(tmp_path / "shards")
    assert reopened.counts == sharded.counts
    with dask.config.set(scheduler="synchronous"):
        assert_same(reopened, index, QUERIES)
    with pytest.raises(SettingsError) as err:
        build_index(ddf, tmp_path / "shards")
    assert err.value.code == "E110"


def test_sharded_bag_of_mappings_and_find(client: Any) -> None:
    records = [{"id": i, "text": t} for i, t in DOCS]
    sharded = build_index(db.from_sequence(records, npartitions=3))
    index = one_machine(DOCS)
    assert_same(sharded, index, QUERIES[:3])
    for query in QUERIES[:4]:
        assert sharded.find(query) == index.find(query)
        assert sharded.find(query, accept="verdict") == index.find(query, accept="verdict")
    assert sharded.find(QUERIES[2], k=1, candidates=5, threshold=0.99) == index.find(
        QUERIES[2], k=1, candidates=5, threshold=0.99)


def test_sharded_postings_cap_is_the_collections(client: Any) -> None:
    # A cap of 3: fingerprints held by more than 3 documents in the whole collection are
    # skipped, even where each shard holds fewer.
    sharded = build_index(db.from_sequence(DOCS, npartitions=6), postings_cap=3)
    index = one_machine(DOCS, postings_cap=3)
    assert_same(sharded, index, QUERIES)
    uncapped = build_index(db.from_sequence(DOCS, npartitions=6), postings_cap=1000)
    assert uncapped.search_many(QUERIES) != sharded.search_many(QUERIES)


def test_sharded_errors(tmp_path: Path) -> None:
    with dask.config.set(scheduler="synchronous"):
        repeated = DOCS[:6] + [("doc-001", "another text")]
        with pytest.raises(InputError) as err:
            build_index(db.from_sequence(repeated, npartitions=2))
        assert err.value.code == "E131" and "'doc-001'" in err.value.message
        # a repeated id within one partition is replaced, as by Index.add_many
        within = build_index(db.from_sequence(repeated, npartitions=1))
        assert within.search_many(QUERIES) == [one_machine(repeated).search(q) for q in QUERIES]
        with pytest.raises(InputError) as err:
            build_index(db.from_sequence([("a", "text"), ("b", 3)], npartitions=2))
        assert err.value.code == "E101" and err.value.message.startswith("partition 1: ")
        with pytest.raises(InputError) as err:
            build_index(db.from_sequence([("a", "text"), "not a pair"], npartitions=1))
        assert err.value.code == "E102"
        with pytest.raises(InputError):  # a failed shard file leaves nothing behind
            build_index(db.from_sequence([("a", "text"), ("b", 3)], npartitions=2), tmp_path / "failed")
        assert not [p.name for p in (tmp_path / "failed").iterdir() if p.name.startswith(SHARD_NAME[:6] + "00001")]
        empty = build_index(db.from_sequence([], npartitions=1))
        assert len(empty) == 0 and empty.search("Any text at all.") == []
        with pytest.raises(KeyError):
            build_index(dd.from_pandas(pd.DataFrame({"id": ["a"], "body": ["x"]}), npartitions=1))
        with pytest.raises(SettingsError):
            build_index(DOCS)
        with pytest.raises(SettingsError):
            build_index(db.from_sequence(DOCS), postings_cap=0)
        sharded = build_index(db.from_sequence(DOCS[:3], npartitions=1))
        with pytest.raises(InputError) as err:
            sharded.search(b"bytes")  # type: ignore[arg-type]
        assert err.value.code == "E101"
        with pytest.raises(SettingsError):
            sharded.search("text", k=0)
        with pytest.raises(InputError) as err:
            sharded.search_many("one text")
        assert err.value.code == "E101"
        assert sharded.search_many([]) == []
    with pytest.raises(FileFormatError) as ferr:
        ShardedIndex.open(tmp_path)
    assert ferr.value.code == "E320"
    (tmp_path / SHARD_NAME.format(0)).write_text("not an index")
    with pytest.raises(FileFormatError) as ferr:
        ShardedIndex.open(tmp_path)
    assert ferr.value.code == "E320"


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(min_value=0, max_value=59), min_size=1, max_size=40, unique=True),
       st.integers(min_value=1, max_value=7), st.integers(min_value=1, max_value=12))
def test_any_sharding_gives_the_one_index_hits(picked: list[int], partitions: int, k: int) -> None:
    docs = [DOCS[i] for i in picked]
    with dask.config.set(scheduler="synchronous"):
        sharded = build_index(db.from_sequence(docs, npartitions=partitions))
        assert sharded.search_many(QUERIES, k=k) == [one_machine(docs).search(q, k=k) for q in QUERIES]


def test_sharded_long_query_pool_is_the_collections(monkeypatch: pytest.MonkeyPatch) -> None:
    # A long query's re-ranked pool is the collection's top PASSAGE_POOL (here 4, of
    # 60 documents in 5 shards), not each shard's: the hits past it too are the index's.
    import spundetect.index

    monkeypatch.setattr(spundetect.index, "PASSAGE_POOL", 4)
    with dask.config.set(scheduler="synchronous"):
        sharded = build_index(db.from_sequence(DOCS, npartitions=5))
        index = one_machine(DOCS)
        assert spundetect.index._is_long(spundetect.fingerprint.query_grams(QUERIES[-1]), index.config)
        for k in (2, 4, 10):
            assert_same(sharded, index, QUERIES, k=k)


def test_in_memory_shards_say_how_big_they_are() -> None:
    # Dask sizes a task's data with sys.getsizeof; a shard that looked like 56 bytes was
    # shipped between workers on every query (see _InMemory).
    from spundetect.distributed import _build_shard, _open

    shard = _build_shard(DOCS[:10], 0, None, spundetect.Index().config.key)
    assert sys.getsizeof(shard) >= 12 * sum(len(t) for _, t in DOCS[:10])
    assert len(_open(shard)) == 10


def test_lost_worker_shards_are_rebuilt(client: Any) -> None:
    sharded = build_index(db.from_sequence(DOCS, npartitions=4))
    expected = one_machine(DOCS).search(QUERIES[0])
    assert sharded.search(QUERIES[0]) == expected
    holders = client.who_has(distributed.futures_of(sharded._shards))
    victim = next(iter(next(iter(holders.values()))))
    before = set(client.run(os.getpid).values())
    client.run(os._exit, 1, workers=[victim], on_error="ignore")  # the worker process dies
    assert sharded.search_many(QUERIES) == [one_machine(DOCS).search(q) for q in QUERIES]
    assert set(client.run(os.getpid).values()) != before  # it was lost (and replaced)
