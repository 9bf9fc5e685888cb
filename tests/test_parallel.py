"""Tests of spundetect.parallel: the ordered, streaming process pool behind compare_many(workers=N)."""

from __future__ import annotations

import gc
import itertools
from collections.abc import Iterator

import pytest

import spundetect
from spundetect.errors import InputError, InputTypeError, ResourceError, SettingsError
from spundetect.parallel import compare_pairs, default_start_method
from spundetect.settings import Settings

PAIRS = [
    ("The two men met an old friend in Moscow.", "The 2 males met a previous pal in Moscow."),
    ("a b c d", "a b c d"),
    ("Hello there, my old friend.", "Completely different words here now."),
    ("The cat sat on the mat. It was happy.", "The feline sat on the mat. It was glad."),
    ("", "Something."),
    ("President Xi spoke on Wednesday.", "President Xi talked on Wednesday."),
    ("Dogs bark loudly at night.", "Dogs bark loudly at night."),
]


def many(n: int) -> list[tuple[str, str]]:
    return [PAIRS[k % len(PAIRS)] if k % 3 else (PAIRS[k % len(PAIRS)][0] + f" Item {k}.",
                                                  PAIRS[k % len(PAIRS)][1] + f" Item {k}.")
            for k in range(n)]


@pytest.fixture(scope="module")
def serial_results() -> list[spundetect.Comparison]:
    return [spundetect.compare(o, s) for o, s in many(30)]


@pytest.mark.parametrize("start_method", [None, "forkserver"])
def test_same_results_in_input_order(serial_results: list[spundetect.Comparison],
                                     start_method: str | None) -> None:
    pairs = many(30)
    got = list(compare_pairs(pairs, workers=2, settings=Settings(), chunksize=3,
                             start_method=start_method))
    assert len(got) == len(pairs)
    assert [(c.original, c.suspect) for c in got] == pairs
    assert got == serial_results


def test_compare_many_workers_matches_serial(serial_results: list[spundetect.Comparison]) -> None:
    got = list(spundetect.compare_many(many(30), workers=2))
    assert got == serial_results


def test_one_worker_runs_in_process() -> None:
    got = list(compare_pairs(iter(PAIRS), workers=1, settings=Settings()))
    assert got == [spundetect.compare(o, s) for o, s in PAIRS]


def test_settings_reach_the_workers() -> None:
    settings = Settings(threshold=0.99, min_similarity=0.5)
    got = list(compare_pairs(PAIRS, workers=2, settings=settings))
    want = [spundetect.compare(o, s, threshold=0.99, min_similarity=0.5) for o, s in PAIRS]
    assert got == want


def test_streams_without_reading_all_input() -> None:
    consumed = 0

    def endless() -> Iterator[tuple[str, str]]:
        nonlocal consumed
        for k in itertools.count():
            consumed += 1
            yield (f"Sentence number {k} is here.", f"Sentence number {k} is there.")

    results = compare_pairs(endless(), workers=2, settings=Settings(), chunksize=2)
    first = list(itertools.islice(results, 5))
    results.close()  # shuts the pool down
    assert [c.original for c in first] == [f"Sentence number {k} is here." for k in range(5)]
    assert consumed < 40  # a bounded window ahead of the consumer, not the whole input


def test_bad_item_raises_in_order_after_earlier_results() -> None:
    pairs: list[object] = [PAIRS[0], PAIRS[1], PAIRS[2], "just one text", PAIRS[3]]
    got = []
    with pytest.raises(InputError) as info:
        for c in compare_pairs(pairs, workers=2, settings=Settings(), chunksize=1):  # type: ignore[arg-type]
            got.append(c)
    assert info.value.code == "E102"
    assert "pairs[3]" in str(info.value)
    assert len(got) == 3


def test_bad_type_raises_input_type_error() -> None:
    pairs: list[object] = [PAIRS[0], ("text", b"bytes")]
    with pytest.raises(InputTypeError) as info:
        list(compare_pairs(pairs, workers=2, settings=Settings()))  # type: ignore[arg-type]
    assert info.value.code == "E101"
    assert "pairs[1][1] (suspect)" in str(info.value)


def test_worker_errors_keep_class_code_and_message() -> None:
    settings = Settings(pipeline="no_such_pipeline_xyz")
    with pytest.raises(ResourceError) as info:
        list(compare_pairs(PAIRS[:3], workers=2, settings=settings))
    assert info.value.code == "E200"
    assert "no_such_pipeline_xyz" in info.value.message
    assert str(info.value).count("[E200]") == 1


@pytest.mark.parametrize("workers", [0, -1, 1.5, True, "2"])
def test_bad_workers(workers: object) -> None:
    with pytest.raises(SettingsError):
        compare_pairs(PAIRS, workers=workers, settings=Settings())  # type: ignore[arg-type]


def test_bad_chunksize_and_start_method() -> None:
    with pytest.raises(SettingsError):
        compare_pairs(PAIRS, workers=2, settings=Settings(), chunksize=0)
    with pytest.raises(SettingsError):
        compare_pairs(PAIRS, workers=2, settings=Settings(), start_method="thread")


def test_empty_input() -> None:
    assert list(compare_pairs([], workers=2, settings=Settings())) == []


def test_default_start_method_is_known() -> None:
    assert default_start_method() in ("fork", "forkserver", "spawn")


def test_comparisons_make_no_reference_cycles(monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers freeze what a chunk leaves behind (the caches' new entries) instead of
    letting the collector walk it: safe only while a comparison makes no garbage cycles,
    which would then never be freed."""
    from spundetect.parallel import _compare_chunk

    spundetect.compare(*PAIRS[0])  # resources loaded (their loading may make cycles)
    pairs = many(12) + [
        ("The quixotic zebras of Zanzibar were grazing peacefully near 42 baobabs.",
         "The idealistic zebras of Zanzibar were browsing calmly close to forty-two baobabs."),
        ("Hyperinflation devastated the burghers' savings in 1923, economists said.",
         "Runaway inflation ravaged the townspeople's nest eggs in 1923, economists stated."),
    ]
    monkeypatch.setattr(gc, "freeze", lambda: None)  # leave the chunk's objects to gc.collect
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)  # keep what the collector finds unreachable
    try:
        _compare_chunk(pairs, Settings())
        gc.collect()
        kinds = sorted({type(obj).__name__ for obj in gc.garbage})
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    assert kinds == []


def _state(model: object) -> object:
    """Everything pydantic pickles of a model, nested models included."""
    from pydantic import BaseModel

    if isinstance(model, BaseModel):
        return (type(model), {k: _state(v) for k, v in model.__dict__.items()},
                model.__pydantic_fields_set__, model.__pydantic_extra__, model.__pydantic_private__)
    if isinstance(model, (list, tuple)):
        return type(model), [_state(v) for v in model]
    if isinstance(model, dict):
        return {k: _state(v) for k, v in model.items()}
    return model


def test_compact_transport_rebuilds_what_pydantic_pickling_does(
        serial_results: list[spundetect.Comparison]) -> None:
    import pickle

    from spundetect.models import Swap
    from spundetect.parallel import _dumps

    # A model built with a default left out has a smaller fields set; it must survive too.
    partial = Swap(pair_index=0, original="a", suspect="b", original_span=(0, 1), suspect_span=(0, 1),
                   shape="1:1", relation="none", synonym=False, flagged=False)
    items = [*serial_results, partial]
    compact = pickle.loads(_dumps(items))
    default = pickle.loads(pickle.dumps(items, protocol=pickle.HIGHEST_PROTOCOL))
    assert compact == items
    assert _state(compact) == _state(default) == _state(items)
    assert "weight" not in compact[-1].__pydantic_fields_set__
    assert len(_dumps(items)) < len(pickle.dumps(items, protocol=pickle.HIGHEST_PROTOCOL))


# --- workers share the evidence they compute ------------------------------------------------

ARTICLE = (
    "The old harbour town grew quickly after the railway arrived. Merchants built large "
    "warehouses along the river, and the mayor promised new schools for every district. "
    "Farmers brought grain, timber and wool to the market each week. A terrible storm "
    "damaged the bridge in the spring, but the workers repaired it before the summer fair. "
    "Visitors praised the quiet streets, the clean water and the friendly people."
)


ARTICLE_2 = (
    "The weary cartographer sketched the jagged coastline by candlelight. Gulls circled the "
    "crooked lighthouse while fishermen mended torn nets. The apprentice measured every "
    "cove, and the governor admired the elegant charts."
)


def spun_pairs(n: int, article: str = ARTICLE) -> list[tuple[str, str]]:
    """Spun copies of one article: every pair repeats much of the same vocabulary."""
    from spundetect.spin import spin

    return [(article, spin(article, p=0.4, seed=k).text) for k in range(n)]


@pytest.fixture()
def clean_caches() -> Iterator[None]:
    """The shared caches empty and nothing learned, before and after the test."""
    from spundetect import evidence, segment, sharing

    def clear() -> None:
        sharing.forget()
        evidence.swap_affinity.cache_clear()
        evidence._lexical.cache_clear()
        segment._span_cache_owner[0] = None  # the run cache starts again on the next call

    clear()
    yield
    clear()


CHUNKS = [("old", "previous"), ("friend", "pal"), ("model", "mannequin"), ("two", "2"),
          ("men", "males"), ("cat", "table"), ("dear", "expensive")]
TEXT = "The quizzical ocelots' dens, near Zanzibar's 42 baobabs (allegedly) were empty :-)"


def test_journal_records_computed_entries_and_learned_ones_are_used(
        clean_caches: None, monkeypatch: pytest.MonkeyPatch) -> None:
    from spundetect import evidence, segment, sharing
    from spundetect.evidence import Context, judge, swap_affinity

    sharing.start_journal()
    want = [(swap_affinity(o, s), judge(o, s, Context())) for o, s in CHUNKS]
    want_tokens = segment.segment(TEXT)
    entries = sharing.take_journal()
    assert {cache for cache, _, _ in entries} == {"affinity", "lexical", "runs"}
    assert ("runs", "(allegedly)", segment._span_cache["(allegedly)"]) in entries
    assert sharing.take_journal() == []  # taken once
    # Another process (here: this one with its caches emptied) learns them and computes
    # nothing.
    sharing.stop_journal()
    evidence.swap_affinity.cache_clear()
    evidence._lexical.cache_clear()
    segment._span_cache_owner[0] = None
    sharing.learn(entries)

    def computed(*args: object) -> object:
        raise AssertionError(f"computed {args!r:.80} instead of using what was learned")

    monkeypatch.setattr(evidence, "_compute_affinity", computed)
    monkeypatch.setattr(evidence, "_compute_lexical", computed)
    monkeypatch.setattr(segment, "_tokenize_runs", computed)
    got = [(swap_affinity(o, s), judge(o, s, Context())) for o, s in CHUNKS]
    assert got == want
    assert segment.segment(TEXT) == want_tokens


def test_learn_keeps_at_most_max_taught_and_rejects_unknown_caches(
        clean_caches: None, monkeypatch: pytest.MonkeyPatch) -> None:
    from spundetect import sharing

    monkeypatch.setattr(sharing, "MAX_TAUGHT", 3)
    sharing.learn([("affinity", (f"w{k}", f"v{k}"), 1.0) for k in range(10)])
    assert len(sharing.TAUGHT["affinity"]) == 3
    with pytest.raises(ValueError, match="unknown cache 'relation'.*'affinity', 'lexical', 'runs'"):
        sharing.learn([("relation", ("a", "b"), None)])


def test_journal_files_carry_entries_between_workers(clean_caches: None, tmp_path: object) -> None:
    import os
    import pickle
    import struct

    from spundetect import sharing
    from spundetect.evidence import swap_affinity
    from spundetect.parallel import _Journal

    directory = str(tmp_path)
    first, second = _Journal(directory, 0, 2), _Journal(directory, 1, 2)
    second.read()  # nothing written yet: nothing learned
    assert not sharing.TAUGHT["affinity"]

    sharing.start_journal()
    swap_affinity("old", "previous")
    first.write()
    # A frame its writer has only begun: kept until the rest arrives.
    data = pickle.dumps([("affinity", ("friend", "pal"), 1.0)])
    frame = struct.pack("<Q", len(data)) + data
    with open(os.path.join(directory, "0.journal"), "ab") as fh:
        fh.write(frame[:7])
        fh.flush()
        second.read()
        assert sharing.TAUGHT["affinity"] == {("old", "previous"): 1.0}
        fh.write(frame[7:])
    second.read()
    assert sharing.TAUGHT["affinity"] == {("old", "previous"): 1.0, ("friend", "pal"): 1.0}


def test_journal_failures_end_sharing_not_work(clean_caches: None, tmp_path: object,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from spundetect import sharing
    from spundetect.evidence import swap_affinity
    from spundetect.parallel import JOURNAL_ENTRIES, _Journal

    missing = os.path.join(str(tmp_path), "gone")
    monkeypatch.setattr(_Journal, "current", None)
    _Journal.open(missing, 0, 2)  # no directory: no journal file, no sharing
    assert _Journal.current is None and sharing.journal is None

    journal = _Journal(str(tmp_path), 0, 2)
    sharing.start_journal()
    swap_affinity("old", "previous")

    def full(fd: int, data: bytes) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "write", full)
    journal.write()  # does not raise
    assert journal.written == JOURNAL_ENTRIES and sharing.journal is None
    journal.others = [1]
    os.remove(os.path.join(str(tmp_path), "0.journal"))
    journal.read()  # the other worker's file never appeared: nothing learned, no error
    assert not sharing.TAUGHT["affinity"]


@pytest.mark.parametrize("start_method", [None, "forkserver"])
def test_sharing_workers_give_the_serial_results(start_method: str | None) -> None:
    # The pool first: forked workers start without this article's entries, so they
    # compute and teach each other (the serial run would leave them warm).
    pairs = spun_pairs(24, ARTICLE + " " + (start_method or "fork"))
    got = list(compare_pairs(pairs, workers=2, settings=Settings(), chunksize=1,
                             start_method=start_method))
    assert got == [spundetect.compare(o, s) for o, s in pairs]


def test_workers_write_journals_and_the_directory_is_removed(monkeypatch: pytest.MonkeyPatch,
                                                              tmp_path: object) -> None:
    import os
    import tempfile

    from spundetect import parallel

    made: list[str] = []

    def make() -> str:
        made.append(tempfile.mkdtemp(dir=str(tmp_path)))
        return made[-1]

    monkeypatch.setattr(parallel, "_make_journal_dir", make)
    # Words no earlier test compared: the workers (forked from this process) start cold.
    results = compare_pairs(spun_pairs(16, ARTICLE_2), workers=2, settings=Settings(), chunksize=2)
    seen = [next(results) for _ in range(8)]
    sizes = {name: os.path.getsize(os.path.join(made[0], name)) for name in os.listdir(made[0])}
    # One file per started worker (a forkserver pool may start the second one late).
    assert set(sizes) in ({"0.journal"}, {"0.journal", "1.journal"})
    assert sum(sizes.values()) > 0
    rest = list(results)
    assert len(seen) + len(rest) == 16
    assert not os.path.exists(made[0])
    # Also when the caller stops early.
    results = compare_pairs(spun_pairs(16), workers=2, settings=Settings(), chunksize=2)
    next(results)
    results.close()
    assert not os.path.exists(made[1])


def test_pool_runs_without_sharing_when_no_temporary_directory(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from spundetect import parallel

    monkeypatch.setattr(parallel, "_make_journal_dir", lambda: None)
    pairs = spun_pairs(6)
    assert list(compare_pairs(pairs, workers=2, settings=Settings())) == [
        spundetect.compare(o, s) for o, s in pairs]
