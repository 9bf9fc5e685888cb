"""spundetect.Index: contracts, properties, differential checks and crash safety."""

from __future__ import annotations

import json
import math
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import spundetect
from spundetect.fingerprint import (
    KEEP_ALL, LOOK_UP_ALL, FingerprintConfig, document_hashes, fingerprints, is_immutable, is_sampled,
    query_grams,
)
from spundetect.index import (
    PASSAGE_POOL, PASSAGE_QUERY, QUERY_DOCUMENT, Index, _is_long, _query_mass, _query_scale, _top, rerank_long,
)
from spundetect.spin import spin

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _words() -> list[str]:
    import wordfreq

    return wordfreq.top_n_list("en", 4000)


WORDS = _words()


def make_text(seed: int, sentences: int = 8) -> str:
    """A deterministic text of made-up sentences with a name and a number in some."""
    rng = random.Random(seed)
    out = []
    for _ in range(sentences):
        words = rng.sample(WORDS, rng.randint(8, 18))
        if rng.random() < 0.5:
            words[rng.randrange(len(words))] = rng.choice(["Moscow", "Alice", "Tokyo", "Zanzibar"])
        if rng.random() < 0.3:
            words.insert(rng.randrange(len(words)), str(rng.randint(2, 3000)))
        out.append(" ".join(words).capitalize() + ".")
    return " ".join(out)


CORPUS = {f"d{i}": make_text(i) for i in range(40)}
CORPUS["example"] = (EXAMPLES / "original.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def memory_index() -> Index:
    index = Index()
    index.add_many(CORPUS.items())
    return index


# --- contracts ------------------------------------------------------------------------------


def test_empty_index() -> None:
    index = Index()
    assert len(index) == 0 and "a" not in index and index.search("Some text here.") == []
    assert index.find("Some text here.") == []


def test_add_replace_remove() -> None:
    index = Index()
    index.add("a", CORPUS["d1"])
    index.add("b", CORPUS["d2"])
    assert len(index) == 2 and "a" in index and list(index) == ["a", "b"]
    index.add("a", CORPUS["d3"])  # replaces
    assert len(index) == 2 and index.text("a") == CORPUS["d3"]
    assert index.search(CORPUS["d3"])[0].doc_id == "a"
    assert all(h.doc_id != "a" for h in index.search(CORPUS["d1"]))
    index.remove("a")
    assert "a" not in index and len(index) == 1
    assert all(h.doc_id != "a" for h in index.search(CORPUS["d3"]))
    with pytest.raises(spundetect.InputError) as err:
        index.remove("a")
    assert err.value.code == "E130"


@pytest.mark.parametrize("call", [
    lambda ix: ix.add(1, "text"),
    lambda ix: ix.add("a", b"bytes"),
    lambda ix: ix.add("a", None),
    lambda ix: ix.search(None),
    lambda ix: ix.find(3),
    lambda ix: ix.remove(None),
])
def test_bad_types_are_e101(call: object) -> None:
    with pytest.raises(spundetect.InputTypeError) as err:
        call(Index())  # type: ignore[operator]
    assert err.value.code == "E101"


def test_bad_options() -> None:
    index = Index()
    for bad in (0, -1, 1.5, True, "3"):
        with pytest.raises(spundetect.SettingsError):
            index.search("text", k=bad)  # type: ignore[arg-type]
    with pytest.raises(spundetect.SettingsError):
        index.add_many([], workers=0)
    with pytest.raises(spundetect.SettingsError):
        Index(postings_cap=0)
    with pytest.raises(spundetect.SettingsError):
        FingerprintConfig("nope")


def test_lone_surrogate_is_e103() -> None:
    with pytest.raises(spundetect.InputError) as err:
        Index().add("a", "bad \ud800 text")
    assert err.value.code == "E103"


def test_add_many_bad_item_keeps_earlier_batches() -> None:
    index = Index()
    docs = [(f"x{i}", make_text(100 + i, 2)) for i in range(600)] + [("bad", 5)]  # type: ignore[list-item]
    with pytest.raises(spundetect.InputTypeError) as err:
        index.add_many(docs)  # type: ignore[arg-type]
    assert err.value.code == "E101" and "docs[600]" in err.value.message
    assert len(index) == 600  # every batch before the bad item
    with pytest.raises(spundetect.InputError) as err2:
        Index().add_many([("a", "b", "c")])  # type: ignore[list-item]
    assert err2.value.code == "E102"


def test_add_many_writer_error_stops_and_is_raised(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The writing thread's error reaches the caller; the batches committed before it are
    kept, none after it is written (each batch is still one transaction)."""
    import spundetect.index as index_module

    monkeypatch.setattr(index_module, "_BATCH", 4)
    index = Index(tmp_path / "w.sqlite")
    store = index._store
    real = store.write
    calls = []

    def failing(*args: object, **kwargs: object) -> None:
        calls.append(1)
        if len(calls) == 3:
            raise spundetect.FileFormatError("disk full (simulated)", code="E321")
        real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(store, "write", failing)
    docs = [(f"x{i}", make_text(300 + i, 2)) for i in range(40)]
    with pytest.raises(spundetect.FileFormatError) as err:
        index.add_many(docs)
    assert err.value.code == "E321"
    assert len(index) == 8  # the two batches written before the failing third
    assert list(index) == [f"x{i}" for i in range(8)]
    index.close()


def test_add_many_progress_in_calling_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    """Progress counts committed documents, rises to the total, and is reported in the
    calling thread (not the writing one)."""
    import threading

    import spundetect.index as index_module

    seen: list[tuple[int, int]] = []
    monkeypatch.setattr(index_module, "_BATCH", 5)
    added = Index().add_many([(f"p{i}", make_text(400 + i, 1)) for i in range(23)],
                             progress=lambda n: seen.append((n, threading.get_ident())))
    assert added == 23
    counts = [n for n, _ in seen]
    assert counts == sorted(counts) and counts[-1] == 23 and all(n % 5 == 0 or n == 23 for n in counts)
    assert {who for _, who in seen} == {threading.get_ident()}


def test_add_many_thread_writes_what_inline_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Differential: batches written by the writing thread make the same index as batches
    written in the calling thread (``_PIPELINE = 0``), with two workers as well."""
    import spundetect.index as index_module

    monkeypatch.setattr(index_module, "_BATCH", 16)
    docs = [(f"t{i}", make_text(700 + i, 3)) for i in range(70)] + [("t3", CORPUS["d3"])]
    built = []
    for pipeline, workers in ((0, 1), (4, 1), (4, 2)):
        monkeypatch.setattr(index_module, "_PIPELINE", pipeline)
        with Index(tmp_path / f"p{pipeline}-{workers}.sqlite") as index:
            assert index.add_many(docs, workers=workers) == 71
            built.append((list(index), [index.search(text, k=3) for _, text in docs[::7]]))
    assert built[0] == built[1] == built[2]


def test_add_many_repeated_id_last_wins() -> None:
    index = Index()
    assert index.add_many([("a", CORPUS["d1"]), ("a", CORPUS["d2"])]) == 2
    assert len(index) == 1 and index.text("a") == CORPUS["d2"]


def test_hit_spans_slice_the_query_and_round_trip(memory_index: Index) -> None:
    query = spin(CORPUS["d5"], p=0.4, seed=3).text
    hits = memory_index.search(query, k=3)
    assert hits[0].doc_id == "d5" and hits[0].shared > 0 and 0 < hits[0].coverage <= 1
    for a, b in hits[0].spans:
        assert 0 <= a < b <= len(query) and query[a:b].strip() == query[a:b]
    assert spundetect.Hit.model_validate_json(hits[0].model_dump_json()) == hits[0]
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)


def test_find_returns_derived_only(memory_index: Index) -> None:
    spun = (EXAMPLES / "spun.txt").read_text(encoding="utf-8")
    matches = memory_index.find(spun, k=3)
    assert [m.doc_id for m in matches] == ["example"]
    assert matches[0].comparison.verdict != "unrelated"
    assert spundetect.Match.model_validate_json(matches[0].model_dump_json()) == matches[0]
    assert memory_index.find(make_text(999)) == []


def test_fingerprint_spans_and_immutables() -> None:
    text = "The 2 men met in Moscow, as they planned in 1999."
    for f in fingerprints(text):
        assert text[f.start : f.end] and -(2**63) <= f.hash < 2**63
    assert is_immutable("the") and is_immutable("1999") and not is_immutable("friend")
    assert document_hashes("") == [] and fingerprints("") == []


# --- on disk ----------------------------------------------------------------------------------


def test_page_cache_is_small_while_searching_and_large_while_writing(tmp_path: Path) -> None:
    # SQLite's page cache: the write size while a batch is written, the read size when a
    # search reads postings (branch p50d); the hits are those of a fresh process.
    from spundetect.index import _READ_CACHE_KIB, _WRITE_CACHE_KIB

    path = tmp_path / "c.sqlite"
    text = "The two men met an old friend in Moscow in May of 1999, as planned."
    with Index(path) as index:
        def cache() -> int:
            return int(index._store._db.execute("PRAGMA cache_size").fetchone()[0])  # type: ignore[attr-defined]

        assert cache() == -_READ_CACHE_KIB
        index.add("a", text)
        assert cache() == -_WRITE_CACHE_KIB
        hits = index.search(text)
        assert cache() == -_READ_CACHE_KIB
        index.add("b", "A different page about the weather in Oslo in the spring of 2001.")
        assert cache() == -_WRITE_CACHE_KIB
        again = index.search(text)
        assert cache() == -_READ_CACHE_KIB
    assert _READ_CACHE_KIB < _WRITE_CACHE_KIB
    with Index(path) as reopened:
        assert reopened.search(text) == again
    assert [h.doc_id for h in hits] == ["a"] and again[0].doc_id == "a"


def test_disk_index_persists(tmp_path: Path) -> None:
    path = tmp_path / "i.sqlite"
    with Index(path) as index:
        index.add_many(list(CORPUS.items())[:10])
        index.remove("d3")
    again = Index(path)
    assert len(again) == 9 and "d3" not in again and again.text("d4") == CORPUS["d4"]
    assert again.config == FingerprintConfig()
    assert again.search(CORPUS["d4"])[0].doc_id == "d4"
    with pytest.raises(spundetect.SettingsError):
        Index(path, config=FingerprintConfig("word", 5, 4))


def test_not_an_index(tmp_path: Path) -> None:
    text_file = tmp_path / "notes.txt"
    text_file.write_text("just some notes\n" * 10)
    with pytest.raises(spundetect.FileFormatError) as err:
        Index(text_file)
    assert err.value.code == "E320"
    other = tmp_path / "other.sqlite"
    db = sqlite3.connect(other)
    db.execute("CREATE TABLE t (x)")
    db.commit()
    db.close()
    with pytest.raises(spundetect.FileFormatError) as err:
        Index(other)
    assert err.value.code == "E320"
    with pytest.raises(spundetect.FileFormatError) as err:
        Index(tmp_path)
    assert err.value.code == "E320"


def test_corrupt_index(tmp_path: Path) -> None:
    path = tmp_path / "i.sqlite"
    with Index(path) as index:
        index.add_many(list(CORPUS.items())[:20])
    db = sqlite3.connect(path)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    data = bytearray(path.read_bytes())
    data[100:] = bytes(len(data) - 100)  # keep the header, wipe every page
    path.write_bytes(bytes(data))
    with pytest.raises(spundetect.FileFormatError) as err:
        index = Index(path)
        index.search(CORPUS["d1"])
    assert err.value.code in ("E320", "E321")


# --- differential -----------------------------------------------------------------------------


def brute_force(corpus: dict[str, str], query: str, k: int, cap: int) -> list[tuple[str, float]]:
    """The ranking search() promises, computed over every document directly."""
    docs = {doc_id: set(document_hashes(text)) for doc_id, text in corpus.items()}
    df: dict[int, int] = defaultdict(int)
    for hashes in docs.values():
        for h in hashes:
            df[h] += 1
    q = {h for h, _, _ in query_grams(query)}
    scores = []
    sample = FingerprintConfig().sample
    part = {h: 1.0 if is_sampled(h) else 1 / sample for hashes in docs.values() for h in hashes}
    # a query of more than one document's worth of fingerprints (QUERY_DOCUMENT) holds
    # common ones by chance: their document frequency counts that many times, squared
    pages = sum(1.0 if is_sampled(h) else 1 / sample for h in q) / QUERY_DOCUMENT
    scale = max(1.0, pages) ** 2
    for order, (doc_id, hashes) in enumerate(docs.items()):
        shared = [h for h in q & hashes if df[h] <= cap]
        if shared:
            mass = sum(part[h] for h in hashes)
            w = round(sum(part[h] * math.log(1 + len(docs) / (df[h] * scale)) for h in shared) / math.sqrt(mass), 9)
            scores.append((-w, order, doc_id))
    return [(doc_id, -w) for w, _, doc_id in sorted(scores)[:k]]


@pytest.mark.parametrize("seed", range(6))
def test_search_matches_brute_force(memory_index: Index, seed: int) -> None:
    rng = random.Random(seed)
    query = spin(CORPUS[f"d{seed}"], p=0.3, seed=seed).text + " " + make_text(500 + seed, 3)
    expected = brute_force(CORPUS, query, 10, memory_index.postings_cap)
    got = [(h.doc_id, h.score) for h in memory_index.search(query, k=10)]
    assert [d for d, _ in got] == [d for d, _ in expected]
    assert all(abs(a - round(b, 6)) < 1e-6 for (_, a), (_, b) in zip(got, expected))
    # a cap below the document frequencies of the stock n-grams changes nothing in form
    small = Index(postings_cap=2)
    small.add_many(CORPUS.items())
    assert [h.doc_id for h in small.search(query, k=5)] == [d for d, _ in brute_force(CORPUS, query, 5, 2)]
    del rng


@pytest.mark.parametrize("seed", range(3))
def test_long_page_search_matches_brute_force(memory_index: Index, seed: int) -> None:
    # A page of many documents' worth (a scale above 1) with a spun passage inside.
    page = " ".join(make_text(700 + seed * 10 + i, 10) for i in range(8))
    passage = spin(CORPUS[f"d{seed + 10}"], p=0.3, seed=seed).text
    query = page[: len(page) // 2] + " " + passage + " " + page[len(page) // 2:]
    assert _query_scale([h for h, _, _ in query_grams(query)], FingerprintConfig().sample) > 1.0
    expected = brute_force(CORPUS, query, 10, memory_index.postings_cap)
    got = [(h.doc_id, h.score) for h in memory_index.search(query, k=10)]
    assert [d for d, _ in got] == [d for d, _ in expected]
    assert all(abs(a - round(b, 6)) < 1e-6 for (_, a), (_, b) in zip(got, expected))
    assert got[0][0] == f"d{seed + 10}"


def long_page(seed: int, passage: str) -> str:
    """A page of over PASSAGE_QUERY mass (about 1,900 words) with ``passage`` in it."""
    parts = [make_text(900 + seed * 20 + i, 10) for i in range(14)]
    parts.insert(seed % len(parts), passage)
    return " ".join(parts)


def reranked_reference(corpus: dict[str, str], query: str, k: int, cap: int) -> list[tuple[str, float]]:
    """rerank_long's promise over brute force: the top PASSAGE_POOL by the fingerprint
    score, each plus its n-grams (every one: sample 1) in the page that no other of the
    pool holds, over the square root of its n-gram count; ties to the earlier in the pool."""
    pool = brute_force(corpus, query, PASSAGE_POOL, cap)
    dense = FingerprintConfig("hybrid", 3, 1)
    page = set(document_hashes(query, config=dense))
    grams = {d: set(document_hashes(corpus[d], config=dense)) for d, _ in pool}
    holders = Counter(h for d, _ in pool for h in grams[d] & page)
    scored = [(-round(base + sum(1 for h in grams[d] & page if holders[h] == 1) / math.sqrt(max(len(grams[d]), 1)), 9),
               i, d) for i, (d, base) in enumerate(pool)]
    return [(d, -s) for s, _, d in sorted(scored)[:k]]


@pytest.mark.parametrize("seed", range(4))
def test_long_page_rerank_matches_reference(memory_index: Index, seed: int) -> None:
    # A page of over PASSAGE_QUERY with an obfuscated passage of a document inside: its
    # hits are the reference re-ranking of the brute-force pool, scores included.
    source = CORPUS[f"d{seed + 20}"]
    words = spin(source, p=0.4, seed=seed).text.split()
    passage = " ".join(w for i, w in enumerate(words) if i % 7 != 3)  # every 7th word dropped too
    query = long_page(seed, passage)
    assert _is_long(query_grams(query), memory_index.config)
    expected = reranked_reference(CORPUS, query, 10, memory_index.postings_cap)
    got = [(h.doc_id, h.score) for h in memory_index.search(query, k=10)]
    assert [d for d, _ in got] == [d for d, _ in expected]
    assert all(abs(a - round(b, 6)) < 1e-6 for (_, a), (_, b) in zip(got, expected))
    assert got[0][0] == f"d{seed + 20}"
    assert [d for d, _ in got[:3]] == [h.doc_id for h in memory_index.search(query, k=3)]  # k cuts the same list


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(st.integers(min_value=1, max_value=20), st.integers(min_value=0, max_value=10_000),
       st.integers(min_value=1, max_value=15))
def test_rerank_only_above_passage_query(memory_index: Index, parts: int, seed: int, k: int) -> None:
    # Queries of one to twenty texts: at or below PASSAGE_QUERY the hits are the
    # fingerprint ranking's, unchanged; above it, k of its top max(k, PASSAGE_POOL),
    # scores falling, each at least its fingerprint score.
    query = " ".join(make_text(seed + i, 10) for i in range(parts - 1)) + " " + CORPUS[f"d{seed % 40}"]
    grams = query_grams(query)
    ranked = [hit for _, hit in memory_index._rank(grams, k)]
    got = memory_index.search(query, k=k)
    if _query_mass({h for h, _, _ in grams}, memory_index.config.sample) <= PASSAGE_QUERY:
        assert not _is_long(grams, memory_index.config)
        assert got == ranked
        return
    pool = {hit.doc_id: hit for _, hit in memory_index._rank(grams, max(k, PASSAGE_POOL))}
    assert len(got) == min(k, len(pool))
    assert all(hit.doc_id in pool and hit.score >= pool[hit.doc_id].score - 1e-6 for hit in got)
    assert all(hit.model_copy(update={"score": pool[hit.doc_id].score}) == pool[hit.doc_id] for hit in got)
    assert [h.score for h in got] == sorted((h.score for h in got), reverse=True)
    # a smaller k gives the first hits of a larger one, past the pool too
    assert memory_index.search(query, k=PASSAGE_POOL + 20)[:k] == got


def test_rerank_past_the_pool_keeps_the_fingerprint_order(memory_index: Index, monkeypatch: pytest.MonkeyPatch) -> None:
    # With a pool of 3, the hits past it follow in the fingerprint ranking's order, below
    # every re-ranked one, and k only cuts the list.
    import spundetect.index

    monkeypatch.setattr(spundetect.index, "PASSAGE_POOL", 3)
    query = long_page(5, CORPUS["d33"])
    grams = query_grams(query)
    ranked = [hit for _, hit in memory_index._rank(grams, 12)]
    got = memory_index.search(query, k=12)
    assert {h.doc_id for h in got[:3]} == {h.doc_id for h in ranked[:3]} and got[3:] == ranked[3:]
    assert [h.score for h in got] == sorted((h.score for h in got), reverse=True)
    assert memory_index.search(query, k=2) == got[:2] and memory_index.search(query, k=5) == got[:5]


def test_rerank_long_contract() -> None:
    from spundetect.models import Hit

    config = FingerprintConfig()
    assert rerank_long("any page", [], [], config, 5) == []
    hit = Hit(doc_id="a", score=0.5, shared=1, coverage=0.1, spans=[])
    # a candidate sharing no n-gram with the page keeps its score and place
    assert rerank_long("Nothing alike here at all.", [(0.5, hit)], ["Other words entirely, in May."], config, 3) \
        == [(0.5, hit)]
    # an n-gram held by two candidates counts for neither
    text = "The old mill by the river ground corn for the whole village."
    b = hit.model_copy(update={"doc_id": "b", "score": 0.4})
    both = rerank_long(text + " " + text, [(0.5, hit), (0.4, b)], [text, text], config, 2)
    assert [(s, h.doc_id) for s, h in both] == [(0.5, "a"), (0.4, "b")]
    alone = rerank_long(text + " " + text, [(0.5, hit), (0.4, b)], ["Other words entirely, in May.", text], config, 2)
    assert [h.doc_id for _, h in alone] == ["b", "a"] and alone[0][0] > 1.0


def test_query_scale_leaves_a_document_sized_query_alone() -> None:
    sample = FingerprintConfig().sample
    sampled = [2 * i + 1 for i in range(QUERY_DOCUMENT)]  # odd: passes the sample
    assert _query_scale(sampled, sample) == 1.0
    assert _query_scale(sampled[:10], sample) == 1.0 and _query_scale([], sample) == 1.0
    # fingerprints kept only because the text is short count 1 / sample each
    assert _query_scale([2 * i for i in range(QUERY_DOCUMENT * sample)], sample) == 1.0
    assert _query_scale([2 * i + 1 for i in range(3 * QUERY_DOCUMENT)], sample) == 9.0


def test_memory_and_sqlite_agree(tmp_path: Path, memory_index: Index) -> None:
    disk = Index(tmp_path / "i.sqlite")
    disk.add_many(CORPUS.items(), workers=2)
    assert len(disk) == len(memory_index) and list(disk) == list(memory_index)
    for seed in range(5):
        query = spin(CORPUS[f"d{seed * 3}"], p=0.5, seed=seed).text
        assert disk.search(query, k=10) == memory_index.search(query, k=10)
    disk.remove("d0")
    memory = Index()
    memory.add_many(CORPUS.items())
    memory.remove("d0")
    assert disk.search(CORPUS["d0"]) == memory.search(CORPUS["d0"])


def test_long_query_looks_up_its_sample_and_matches_brute_force(memory_index: Index) -> None:
    # A query longer than LOOK_UP_ALL n-grams looks up only its sampled ones.
    query = " ".join(spin(CORPUS[f"d{i}"], p=0.3, seed=i).text for i in range(8, 14))
    assert len(query.split()) > LOOK_UP_ALL
    assert len(query_grams(query)) < len(fingerprints(query)) / 2
    expected = brute_force(CORPUS, query, 10, memory_index.postings_cap)
    got = memory_index.search(query, k=10)
    assert [h.doc_id for h in got] == [d for d, _ in expected]
    assert {h.doc_id for h in got[:6]} == {f"d{i}" for i in range(8, 14)}


def test_sample_keeps_about_one_in_sample_and_short_texts_whole() -> None:
    text = " ".join(CORPUS[f"d{i}"] for i in range(10))
    every = {f.hash for f in fingerprints(text)}
    kept = set(document_hashes(text))
    assert kept <= every and 0.15 < len(kept) / len(every) < 0.35  # sample 4
    short = "The two men met an old friend in Moscow."
    assert set(document_hashes(short)) == {f.hash for f in fingerprints(short)}
    assert len(fingerprints(short)) <= 2 * KEEP_ALL
    one = FingerprintConfig("hybrid", 3, 1)
    assert set(document_hashes(text, config=one)) == {f.hash for f in fingerprints(text, config=one)}
    assert all(is_sampled(h) for h in kept if h not in set(document_hashes(short)))


_SPACES = st.sampled_from([" ", "  ", "\n", "\r\n", "\t", "\u00a0", "\u2028", "\x0c", "\n\n"])
_PIECES = st.sampled_from(["The", "the", "Moscow", "men", "2", "two", "met.", "(Alice", "U.S.", "e.g.", "don't",
                           "3.5", "\u201cQuote\u201d", "...", "-", "said:", "Zanzibar!", "l'\u00e9t\u00e9", "_x_"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_PIECES, _SPACES), max_size=80), st.text(max_size=40))
def test_documents_and_queries_split_texts_alike(pieces: list[tuple[str, str]], noise: str) -> None:
    # Documents are split with str.split, queries with a regular expression that keeps
    # offsets: they must find the same words and sentence starts, or a copy would miss.
    text = "".join(a + b for a, b in pieces) + noise
    if any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        return
    for config in (FingerprintConfig(), FingerprintConfig("word", 2, 1), FingerprintConfig("immutable", 1, 1)):
        assert set(document_hashes(text, config=config)) == {
            f.hash for f in fingerprints(text, config=config, sample=True)}


def test_disk_runs_merge_and_removals_agree_with_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import spundetect.index as module

    # tiny batches and levels, so that a few hundred documents make many runs and merges
    monkeypatch.setattr(module, "_BATCH", 7)
    monkeypatch.setattr(module, "_FANOUT", 3)
    docs = [(f"x{i}", make_text(i, 6)) for i in range(150)]
    for cap in (None, 2):
        disk, memory = Index(tmp_path / f"i{cap}.sqlite", postings_cap=cap), Index(postings_cap=cap)
        disk.add_many(docs)
        memory.add_many(docs)
        levels = dict(disk._store._read("SELECT level, count(*) FROM runs GROUP BY level"))  # type: ignore[attr-defined]
        assert max(levels) >= 2 and all(n < 3 for n in levels.values())
        for i in range(0, 150, 3):
            disk.remove(f"x{i}")
            memory.remove(f"x{i}")
        disk.add_many(docs[:30])
        memory.add_many(docs[:30])
        for i in range(0, 150, 7):
            for query in (docs[i][1], spin(docs[i][1], p=0.5, seed=i).text):
                assert disk.search(query) == memory.search(query)
            if i < 30 or i % 3:
                assert disk.text(f"x{i}") == docs[i][1]
        assert len(disk) == len(memory) == 110 and list(disk) == list(memory)
        again = Index(tmp_path / f"i{cap}.sqlite", postings_cap=cap)  # a fresh connection reads the same
        assert again.search(docs[1][1]) == memory.search(docs[1][1])


def _one_block(postings: list[tuple[int, int]]) -> tuple[Any, Any, int, int, Any, bytes]:
    """``postings`` (sorted here) as one block: their fingerprints and numbers, the
    block's first fingerprint and smallest number, its layout and its bytes."""
    import numpy as np

    from spundetect.index import _Layout, _width

    postings.sort()
    fps = np.array([p[0] for p in postings], dtype=np.int64)
    numbers = np.array([p[1] for p in postings], dtype=np.int64)
    first, base = int(fps[0]), int(numbers.min())
    layout = _Layout(_width(int(fps[-1]) - first), _width(int(numbers.max()) - base))
    return fps, numbers, first, base, layout, layout.encode(fps, numbers, first, base)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 2**40 - 1), st.integers(1, 2**40)), min_size=1, max_size=300))
def test_blocks_round_trip(postings: list[tuple[int, int]]) -> None:
    import numpy as np

    fps, numbers, first, base, layout, data = _one_block(postings)
    n = len(postings)
    got_fps, got_numbers = layout.decode(data + data, np.full(2 * n, first), np.full(2 * n, base))
    assert got_fps.tolist() == 2 * fps.tolist() and got_numbers.tolist() == 2 * numbers.tolist()
    assert len(data) == n * layout.record <= 10 * n
    # the fields of some records alone, read from inside a larger buffer (a record of up
    # to 8 bytes as one 64-bit word, a longer one byte by byte)
    rows = np.arange(0, n, 3)
    part_fps, part_numbers = layout.fields(b"x" * 5 + data + bytes(8), 5, n, rows)
    assert (part_fps + first).tolist() == fps.tolist() and (part_numbers + base).tolist() == numbers[rows].tolist()


@pytest.mark.parametrize("span", [1000, 2**23 - 1, 2**23, 2**31])
def test_postings_sort_by_fingerprint_then_number(span: int) -> None:
    import numpy as np

    from spundetect.index import _sorted_postings

    rng = np.random.default_rng(span)
    fps = rng.integers(0, 2**40, 5000, dtype=np.int64)
    fps[::7] = fps[0]  # one fingerprint held many times
    numbers = rng.integers(5, 5 + span, 5000, dtype=np.int64)
    expected = sorted(zip(fps.tolist(), numbers.tolist()))
    got_fps, got_numbers = _sorted_postings(fps.copy(), numbers.copy())
    assert list(zip(got_fps.tolist(), got_numbers.tolist())) == expected


@pytest.mark.parametrize("size", [0, 1, 100, 20000])
def test_run_filter_passes_every_member_and_few_others(size: int) -> None:
    import numpy as np

    from spundetect.index import _Layout, _make_filter, _Run

    rng = np.random.default_rng(size)
    fps = np.sort(rng.integers(0, 2**40, size, dtype=np.int64))
    run = _Run(1, _Layout(1, 1), b"", b"", b"", _make_filter(fps))
    assert run.may_hold(fps).all()
    others = rng.integers(0, 2**40, 20000, dtype=np.int64)
    assert run.may_hold(others).mean() < (0.25 if size else 0.01)


@pytest.mark.parametrize("old", ["spundetect-index-1", "spundetect-index-2"])
def test_older_format_is_e320(tmp_path: Path, old: str) -> None:
    path = tmp_path / "old.sqlite"
    if old == "spundetect-index-2":
        # a format-2 file: format 3's tables, but runs without the frequent counts
        Index(path).close()
        db = sqlite3.connect(path)
        db.execute("ALTER TABLE runs DROP COLUMN frequent")
        db.execute("ALTER TABLE runs DROP COLUMN frequent_counts")
        db.execute("UPDATE meta SET value=? WHERE key='format'", (old,))
    else:
        db = sqlite3.connect(path)
        db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        db.execute("CREATE TABLE postings (fp INTEGER, number INTEGER)")
        db.execute("INSERT INTO meta VALUES ('format', ?)", (old,))
    db.commit()
    db.close()
    with pytest.raises(spundetect.FileFormatError) as err:
        Index(path)
    assert err.value.code == "E320" and "older format" in err.value.message and old in err.value.message


# --- the runs' counts of their frequent fingerprints (format 3) ----------------------------------

STOCK = [make_text(9000 + i, 2) for i in range(3)]  # stock passages, each in a third of the documents


def _stock_docs(n: int) -> list[tuple[str, str]]:
    return [(f"s{i}", make_text(3000 + i, 3) + " " + STOCK[i % 3]) for i in range(n)]


def _true_frequent(index: Index) -> list[tuple[list[int], list[int], list[int], list[int]]]:
    """Per run: the stored frequent fingerprints and counts, and those counted from every
    block of the run (the reference)."""
    import numpy as np

    import spundetect.index as module

    store = index._store
    out = []
    for run in store._loaded_runs():  # type: ignore[attr-defined]
        rows = store._read("SELECT id, data FROM blocks WHERE id BETWEEN ? AND ? ORDER BY id",  # type: ignore[attr-defined]
                           (run.run << 32, (run.run << 32) + (1 << 32) - 1))
        keys, _ = run.decode(np.array([r[0] - (run.run << 32) for r in rows], dtype=np.int64), [r[1] for r in rows])
        counted = Counter(keys.tolist())
        stored = dict(zip(run.frequent.tolist(), run.frequent_counts.tolist()))
        # a stored count may fall below _FREQUENT (to 0) by removals: it stays, exact
        expected = {**{fp: n for fp, n in counted.items() if n >= module._FREQUENT},
                    **{fp: counted.get(fp, 0) for fp in stored}}
        out.append((sorted(stored), [stored[fp] for fp in sorted(stored)],
                    sorted(expected), [expected[fp] for fp in sorted(expected)]))
    return out


def test_frequent_counts_skip_blocks_and_change_no_hit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Differential: an index with the runs' frequent counts, the same index searched
    # without them, an index built without them (format 2's query path) and the memory
    # index give the same hits; with them, fewer blocks are read.
    import spundetect.index as module

    monkeypatch.setattr(module, "_BATCH", 7)
    monkeypatch.setattr(module, "_FANOUT", 3)
    docs = _stock_docs(120)
    indexes: dict[str, Index] = {}
    for name, frequent in (("table", 3), ("none", 10**9)):
        monkeypatch.setattr(module, "_FREQUENT", frequent)
        indexes[name] = Index(tmp_path / f"{name}.sqlite", postings_cap=10)
    indexes["memory"] = Index(postings_cap=10)
    early = None
    for name, index in indexes.items():
        monkeypatch.setattr(module, "_FREQUENT", 10**9 if name == "none" else 3)
        index.add_many(docs)
        if name == "table":
            # a reader that has added up the runs' counts before the removals below
            early = Index(tmp_path / "table.sqlite", postings_cap=10)
            early.search(STOCK[0] + " " + STOCK[1])
            assert early._store._joined is not None  # type: ignore[attr-defined]
        for i in range(0, 120, 4):
            index.remove(f"s{i}")
        index.add_many(docs[:20])  # 0, 4, ... 16 back, in new runs
    monkeypatch.setattr(module, "_FREQUENT", 3)
    assert early is not None
    indexes["early"] = early
    assert any(stored for stored, _, _, _ in _true_frequent(indexes["table"]))
    assert not any(stored for stored, _, _, _ in _true_frequent(indexes["none"]))
    for stored, counts, expected, true_counts in _true_frequent(indexes["table"]):
        assert (stored, counts) == (expected, true_counts)  # exact after the removals
    read: dict[str, int] = defaultdict(int)
    for name in ("table", "none", "untabled"):
        fresh = Index(tmp_path / f"{'none' if name == 'none' else 'table'}.sqlite", postings_cap=10)
        fresh._store.use_frequent = name != "untabled"  # type: ignore[attr-defined]
        blocks = fresh._store._blocks  # type: ignore[attr-defined]

        def counting(ids: list[int], name: str = name, blocks: object = blocks) -> object:
            read[name] += len(ids)
            return blocks(ids)  # type: ignore[operator]

        fresh._store._blocks = counting  # type: ignore[attr-defined]
        indexes[name] = fresh
    for i in range(1, 120, 5):
        for query in (docs[i][1], spin(docs[i][1], p=0.5, seed=i).text, STOCK[i % 3]):
            expected = indexes["memory"].search(query)
            for name in ("table", "none", "untabled", "early"):
                assert indexes[name].search(query) == expected, (name, i)
            indexes["table"]._store._common.clear()  # type: ignore[attr-defined]
            indexes["untabled"]._store._common.clear()  # type: ignore[attr-defined]
    assert read["table"] < read["untabled"]


@settings(max_examples=15, deadline=None)
@given(picks=st.lists(st.tuples(st.integers(0, 2), st.integers(0, 5)), min_size=4, max_size=40),
       cap=st.integers(1, 6), drop=st.integers(2, 5), query=st.integers(0, 39))
def test_frequent_counts_are_a_lower_bound_and_hits_match_memory(
        picks: list[tuple[int, int]], cap: int, drop: int, query: int) -> None:
    # Property: whatever the documents, removals and cap, the stored counts stay exact and
    # the hits of the disk index (with or without them) are the memory index's.
    import tempfile

    import spundetect.index as module

    docs = [(f"p{i}", STOCK[a] + " " + make_text(6000 + b, 1)) for i, (a, b) in enumerate(picks)]
    saved = module._BATCH, module._FANOUT, module._FREQUENT
    module._BATCH, module._FANOUT, module._FREQUENT = 3, 2, 2
    try:
        with tempfile.TemporaryDirectory() as tmp:
            disk, memory = Index(Path(tmp) / "p.sqlite", postings_cap=cap), Index(postings_cap=cap)
            for index in (disk, memory):
                index.add_many(docs)
                for i in range(0, len(docs), drop):
                    index.remove(f"p{i}")
            for stored, counts, expected, true_counts in _true_frequent(disk):
                assert (stored, counts) == (expected, true_counts)
            text = docs[query % len(docs)][1]
            plain = Index(Path(tmp) / "p.sqlite", postings_cap=cap)
            plain._store.use_frequent = False  # type: ignore[attr-defined]
            assert disk.search(text) == memory.search(text) == plain.search(text)
            disk.close()
            plain.close()
    finally:
        module._BATCH, module._FANOUT, module._FREQUENT = saved


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 30), max_size=400), st.integers(1, 20))
def test_frequent_matches_a_counter(values: list[int], frequent: int) -> None:
    import numpy as np

    import spundetect.index as module

    saved = module._FREQUENT
    module._FREQUENT = frequent
    try:
        found, counts = module._frequent(np.sort(np.array(values, dtype=np.int64)))
    finally:
        module._FREQUENT = saved
    expected = sorted((v, n) for v, n in Counter(values).items() if n >= frequent)
    assert list(zip(found.tolist(), counts.tolist())) == expected


# --- properties -------------------------------------------------------------------------------


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(doc=st.integers(0, 39), seed=st.integers(0, 10**6), p=st.floats(0.0, 0.5))
def test_spun_copy_is_found_first(memory_index: Index, doc: int, seed: int, p: float) -> None:
    query = spin(CORPUS[f"d{doc}"], p=p, seed=seed).text
    assert memory_index.search(query, k=1)[0].doc_id == f"d{doc}"


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(doc=st.integers(0, 39), seed=st.integers(0, 10**6))
def test_shuffled_sentences_are_found_first(memory_index: Index, doc: int, seed: int) -> None:
    sentences = CORPUS[f"d{doc}"].split(". ")
    random.Random(seed).shuffle(sentences)
    assert memory_index.search(". ".join(sentences), k=1)[0].doc_id == f"d{doc}"


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(doc=st.integers(0, 39), seed=st.integers(0, 10**6))
def test_reused_passage_in_a_long_page_is_found(memory_index: Index, doc: int, seed: int) -> None:
    # about 40 words of the document inside a page of about 1,300 words (3 %)
    words = CORPUS[f"d{doc}"].split()
    start = random.Random(seed).randrange(0, max(1, len(words) - 40))
    passage = " ".join(words[start : start + 40])
    page = make_text(10_000 + seed, 40) + " " + passage + " " + make_text(20_000 + seed, 40)
    assert f"d{doc}" in [h.doc_id for h in memory_index.search(page, k=10)]


@settings(max_examples=30, deadline=None)
@given(text=st.text(max_size=300))
def test_any_text_is_fingerprinted_and_searchable(text: str) -> None:
    if any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        return
    for f in fingerprints(text):
        assert 0 <= f.start < f.end <= len(text)
    index = Index()
    index.add("t", text)
    hits = index.search(text)
    assert hits == [] or hits[0].doc_id == "t"


# --- crash safety -----------------------------------------------------------------------------

_WRITER = """
import sys
from spundetect.index import Index
sys.path.insert(0, {tests!r})
from test_index import make_text
index = Index({path!r})
for i in range(100000):
    index.add_many([(f"k{{i}}-{{j}}", make_text(i * 10 + j, 3)) for j in range(5)])
    print(i, flush=True)
"""


def test_killed_writer_keeps_every_completed_call(tmp_path: Path) -> None:
    path = tmp_path / "kill.sqlite"
    code = _WRITER.format(tests=str(Path(__file__).parent), path=str(path))
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    done = -1
    deadline = time.monotonic() + 300  # a loaded machine is slow
    while done < 25 and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        done = int(line)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert done >= 25, "the writer did not get far enough"
    index = Index(path)
    count = len(index)
    # every completed call is there, and the index holds whole calls only
    assert count >= 5 * (done + 1) and count % 5 == 0
    for i in range(done + 1):
        assert f"k{i}-0" in index and f"k{i}-4" in index
    assert index.search(make_text(30, 3), k=1)[0].doc_id == "k3-0"
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()
    index.add("after", make_text(7777))
    assert "after" in index


# --- command line -----------------------------------------------------------------------------


def test_cli_index_add_and_search(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from spundetect.cli import main

    docs = tmp_path / "docs"
    (docs / "sub").mkdir(parents=True)
    (docs / "example.txt").write_text(CORPUS["example"], encoding="utf-8")
    (docs / "sub" / "d1.md").write_text(CORPUS["d1"], encoding="utf-8")
    (docs / "skip.bin").write_bytes(b"\x00\x01")
    extra = tmp_path / "more.jsonl"
    extra.write_text(json.dumps({"id": "j2", "text": CORPUS["d2"]}) + "\n\n", encoding="utf-8")
    index_path = tmp_path / "x.index"
    assert main(["index", "add", str(index_path), str(docs), str(extra), "--no-progress"]) == 0
    assert "added 3 documents" in capsys.readouterr().out
    assert sorted(Index(index_path)) == ["example.txt", "j2", "sub/d1.md"]
    query = tmp_path / "q.txt"
    query.write_text(spin(CORPUS["d2"], p=0.4, seed=1).text, encoding="utf-8")
    assert main(["search", str(index_path), str(query), "--json", "-k", "2"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["hits"][0]["doc_id"] == "j2" and len(out["hits"]) <= 2
    spun = EXAMPLES / "spun.txt"
    assert main(["search", str(index_path), str(spun), "--find"]) == 0
    text = capsys.readouterr().out
    assert "1 match" in text and "example.txt\tspun" in text
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1, "text": "x"}\n', encoding="utf-8")
    assert main(["index", "add", str(index_path), str(bad)]) == 1
    assert "E304" in capsys.readouterr().err
    assert main(["search", str(docs / "example.txt"), str(spun)]) == 1
    assert "E320" in capsys.readouterr().err
    assert main(["search", str(tmp_path / "missing.index"), str(spun)]) == 1


# --- families ---------------------------------------------------------------------------------


def test_families(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from spundetect.cli import main

    index = Index(tmp_path / "f.index")
    spun = (EXAMPLES / "spun.txt").read_text(encoding="utf-8")
    index.add_many([("orig", CORPUS["example"]), ("x1", CORPUS["d1"]), ("spun", spun), ("x2", CORPUS["d2"]),
                    ("copy", CORPUS["example"] + " One more line."), ("d3", CORPUS["d3"]),
                    ("d3-spun", spin(CORPUS["d3"], p=0.3, seed=2).text)])
    found = spundetect.families(index)
    assert [f.members for f in found] == [["orig", "spun", "copy"], ["d3", "d3-spun"]]
    links = {(link.original, link.suspect): link.verdict for link in found[0].links}
    assert links[("orig", "spun")] == "spun" and links[("orig", "copy")] == "copy"
    # the direction signal of the spun links names the original of each family
    assert [f.original for f in found] == ["orig", "d3"]
    assert spundetect.Family.model_validate_json(found[0].model_dump_json()) == found[0]
    index.close()
    assert main(["families", str(tmp_path / "f.index")]) == 0
    out = capsys.readouterr().out
    assert "family 1: 3 documents: orig, spun, copy (likely original: orig)" in out and "2 families" in out
    with pytest.raises(spundetect.SettingsError):
        spundetect.families("not an index")  # type: ignore[arg-type]


def test_likely_original_needs_one_undisputed_member() -> None:
    from spundetect.families import likely_original
    from spundetect.models import FamilyLink

    def link(a: str, b: str, rev: float, verdict: str = "spun") -> FamilyLink:
        return FamilyLink(original=a, suspect=b, verdict=verdict, score=0.9, shared=3,  # type: ignore[arg-type]
                          reversed=rev)

    assert likely_original([]) is None
    assert likely_original([link("a", "b", 0.1), link("a", "c", 0.2)]) == "a"
    assert likely_original([link("a", "b", 0.9), link("b", "c", 0.1)]) == "b"  # b named twice
    assert likely_original([link("a", "b", 0.1), link("c", "a", 0.2)]) == "c"  # a chain c -> a -> b
    assert likely_original([link("a", "b", 0.1), link("b", "a", 0.1)]) is None  # the links disagree
    assert likely_original([link("a", "b", 0.1), link("c", "d", 0.1)]) is None  # two candidates
    assert likely_original([link("a", "b", 0.1, "copy")]) is None  # copies carry no direction
    # a verbatim copy of the original is named the original too: the two are one text
    assert likely_original([link("a", "c", 0.5, "copy"), link("a", "b", 0.1), link("b", "c", 0.9)]) == "a"


def test_families_join_by_find_s_rule() -> None:
    """Two sentences of one article on two monuments read as a `paraphrase` (they share
    "dating to the Late Preclassic"), but neither reuses the other: find()'s rule keeps
    them apart, where joining on any verdict but `unrelated` (the rule before) made one
    family."""
    from conftest import DEV

    path = DEV / "mpc_spinbot.jsonl"
    if not path.is_file():
        pytest.skip("the shared dev data is not present beside the repository")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    texts = [next(r["original"] for r in rows if r["original"].startswith(start))
             for start in ("Monument 69 ", "Stela 66 ")]
    assert spundetect.compare(texts[0], texts[1]).verdict == "paraphrase"
    index = Index()
    index.add_many([("m69", texts[0]), ("s66", texts[1])])
    assert [f.members for f in spundetect.families(index, accept="verdict")] == [["m69", "s66"]]
    assert spundetect.families(index) == []
    with pytest.raises(spundetect.SettingsError) as info:
        spundetect.families(index, accept="any")  # type: ignore[arg-type]
    assert info.value.code == "E110"


# --- batch queries --------------------------------------------------------------------------


def test_batch_queries_resume_and_lose_no_row(tmp_path: Path, memory_index: Index) -> None:
    from spundetect.batch import run_queries
    from spundetect.cli import main

    queries = tmp_path / "q.jsonl"
    rows = [{"id": f"q{i}", "text": spin(CORPUS[f"d{i}"], p=0.3, seed=i).text} for i in range(6)]
    rows.insert(3, {"id": "bad", "text": 7})  # type: ignore[dict-item]
    queries.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    full = tmp_path / "full.jsonl"
    summary = run_queries(memory_index, queries, full, k=3)
    assert (summary.rows, summary.ok, summary.failed) == (7, 6, 1)
    records = [json.loads(line) for line in full.read_text(encoding="utf-8").splitlines()]
    assert [r["row"] for r in records] == list(range(1, 8))
    assert records[0]["hits"][0]["doc_id"] == "d0" and records[3]["error"]["code"] == "E304"
    # a run killed after two rows and half of the third
    lines = full.read_bytes().splitlines(keepends=True)
    partial = tmp_path / "partial.jsonl"
    partial.write_bytes(b"".join(lines[:2]) + lines[2][:20])
    again = run_queries(memory_index, queries, partial, k=3, resume=True)
    assert again.skipped == 2 and again.truncated_bytes == 20
    assert partial.read_text(encoding="utf-8") == full.read_text(encoding="utf-8")
    with pytest.raises(spundetect.FileFormatError) as err:
        run_queries(memory_index, queries, partial, k=4, resume=True)
    assert err.value.code == "E308"
    # the command line, on an index on disk
    disk = tmp_path / "i.index"
    Index(disk).add_many(CORPUS.items())
    out = tmp_path / "cli.jsonl"
    assert main(["search", str(disk), "--queries", str(queries), "-o", str(out), "-k", "3"]) == 1  # one bad row
    assert [json.loads(line)["row"] for line in out.read_text(encoding="utf-8").splitlines()] == list(range(1, 8))
    assert main(["search", str(disk), "--queries", str(queries)]) == 2  # no --output


@pytest.mark.parametrize("kept", ["common", "frequent"])
def test_remembered_counts_follow_other_writers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kept: str) -> None:
    # A reader remembers the fingerprints it found over the cap ("common"), or has added
    # up the runs' stored counts ("frequent"); another connection's removals bring some
    # under the cap, and the reader must see them again at once (counts left from before
    # would no longer be a lower bound).
    import spundetect.index as module

    if kept == "frequent":
        monkeypatch.setattr(module, "_FREQUENT", 2)
    path = tmp_path / "common.index"
    base = make_text(7, 4)
    writer = Index(path)
    writer.add_many([(f"c{i}", base + " " + make_text(500 + i, 2)) for i in range(6)])
    reader = Index(path, postings_cap=3)
    query = base + " " + make_text(501, 2)
    reader.search(query)
    store = reader._store
    if kept == "common":
        assert store._common  # type: ignore[attr-defined]  # the shared sentences are over the cap of 3
    else:
        assert store._joined is not None and len(store._joined[1].frequent)  # type: ignore[attr-defined]
    for i in range(3, 6):
        writer.remove(f"c{i}")
    fresh = Index(path, postings_cap=3)
    fresh._store.use_frequent = kept == "common"  # type: ignore[attr-defined]
    assert reader.search(query) == fresh.search(query)
    assert [h.doc_id for h in reader.search(query)][:1] == ["c1"]
    for index in (writer, reader, fresh):
        index.close()


def test_a_spun_title_is_found_first_in_memory_and_on_disk(tmp_path: Path) -> None:
    # a one-word title and its spun form share no n-gram; the query's synonym look-ups
    # (fingerprint.short_variants) find it, and both stores rank alike
    docs = {**{k: CORPUS[k] for k in ("d0", "d1", "d2")}, "t1": "Newspapers", "t2": "Footnotes"}
    memory = Index()
    memory.add_many(docs.items())
    disk = Index(tmp_path / "t.sqlite")
    disk.add_many(docs.items())
    for query, title in (("Papers", "t1"), ("Commentaries", "t2")):
        hits = memory.search(query, k=3)
        assert hits and hits[0].doc_id == title
        assert all(query[a:b] == query for a, b in hits[0].spans)
        assert disk.search(query, k=3) == hits
        assert [d for d, _ in brute_force(docs, query, 3, memory.postings_cap)] == [h.doc_id for h in hits]
    # a longer query makes the look-ups it made before: no synonym variants
    assert memory.search(CORPUS["d1"], k=1)[0].doc_id == "d1"


# --- the runs' summaries joined (branch p50) -----------------------------------------------


@pytest.fixture(scope="module")
def many_runs(tmp_path_factory: pytest.TempPathFactory) -> Index:
    """A disk index of many runs of several levels and layouts, after removals."""
    import spundetect.index as module

    saved = module._BATCH, module._FANOUT, module._MAX_RUN
    # batches of 4 documents merged 3 at a time into runs of one more level, no further
    module._BATCH, module._FANOUT, module._MAX_RUN = 4, 3, 250
    try:
        index = Index(tmp_path_factory.mktemp("runs") / "runs.sqlite", postings_cap=1000)
        index.add_many([(f"r{i}", make_text(9000 + i, 3)) for i in range(64)])
        for i in range(0, 64, 7):
            index.remove(f"r{i}")
    finally:
        module._BATCH, module._FANOUT, module._MAX_RUN = saved
    return index


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(doc=st.integers(0, 63), noise=st.lists(st.integers(0, 2**40 - 1), max_size=30))
def test_catalog_agrees_with_each_run(many_runs: Index, doc: int, noise: list[int]) -> None:
    # Differential: the joined summaries find, per run, the spans, filter answers and
    # blocks that each run finds alone (the reference: the per-run code of before).
    import numpy as np

    from spundetect.index import _spanned

    store = many_runs._store
    catalog = store._catalog()  # type: ignore[attr-defined]
    levels = dict(store._read("SELECT level, count(*) FROM runs GROUP BY level"))  # type: ignore[attr-defined]
    assert len(catalog.runs) >= 6 and len(levels) == 2
    q = np.unique(np.array([*document_hashes(make_text(9000 + doc, 3))[::3], *noise], dtype=np.int64))
    every_run = np.repeat(np.arange(len(catalog.runs)), len(q))  # every pair, run by run
    lo, hi, inner = (x.reshape(len(catalog.runs), len(q)) for x in catalog.spans(every_run, np.tile(q, len(catalog.runs))))
    held = catalog.may_hold(q)
    for r, run in enumerate(catalog.runs):
        run_lo, run_hi, run_inner = run.spans(q)
        start = int(catalog.start[r])
        assert (lo[r] - start).tolist() == run_lo.tolist() and (hi[r] - start).tolist() == run_hi.tolist()
        assert inner[r].tolist() == run_inner.tolist()
        assert held[r].tolist() == run.may_hold(q).tolist()
        asked = q[held[r]]
        assert (_spanned(lo[r][held[r]], hi[r][held[r]]) - start).tolist() == run.blocks(asked).tolist()
    # the postings found in the blocks of every run read at once are each run's own
    # (each run decoded alone: the reference)
    keys, numbers = [], []
    for r, run in enumerate(catalog.runs):
        local = np.arange(len(run.firsts))
        run_found, run_data = store._block_rows((np.int64(run.run) << 32) + local)  # type: ignore[attr-defined]
        run_keys, run_numbers = run.decode(run_found - (np.int64(run.run) << 32), run_data)
        keys.append((np.int64(r) << 40) | run_keys)
        numbers.append(run_numbers)
    found, data = store._block_rows(catalog.ids(np.arange(int(catalog.start[-1]))))  # type: ignore[attr-defined]
    _assert_finds(catalog, catalog.joined(found), data, np.concatenate(keys), np.concatenate(numbers), noise)


def _assert_finds(catalog: Any, blocks: Any, data: list[bytes], keys: Any, numbers: Any, noise: list[int]) -> None:
    """:meth:`_Catalog.find` of every key, of every other key, and of keys no run holds,
    against the runs' postings decoded one by one (``keys``, ``numbers``, sorted)."""
    import numpy as np

    distinct = np.unique(keys)
    absent = np.setdiff1d(np.array([(r << 40) | (fp & ((1 << 40) - 1)) for r in range(len(catalog.runs))
                                    for fp in noise], dtype=np.int64), distinct)
    for asked in (distinct, distinct[::2], np.union1d(distinct[1::3], absent)):
        counts, got = catalog.find(blocks, b"".join(data), np.array([len(d) for d in data], dtype=np.int64), asked)
        assert counts.tolist() == [int(np.count_nonzero(keys == key)) for key in asked.tolist()]
        assert got.tolist() == numbers[np.isin(keys, asked)].tolist()


def test_disk_search_sharing_nothing_is_empty(many_runs: Index) -> None:
    assert many_runs.search("Zyxwv qwrtp mnbvc lkjhg poiuy trewq.") == []
    assert many_runs._frequencies([12345, 67890], 10) == {}
    memory = Index()
    memory.add("a", make_text(1))
    assert memory.search("Zyxwv qwrtp mnbvc lkjhg poiuy trewq.") == []


def test_block_of_a_wrong_length_is_e321(tmp_path: Path) -> None:
    path = tmp_path / "cut.sqlite"
    text = make_text(3)
    with Index(path) as index:
        index.add_many([("a", text), ("b", make_text(4))])
    db = sqlite3.connect(path)
    db.execute("UPDATE blocks SET data = substr(data, 1, length(data) - 1)")
    db.commit()
    db.close()
    with pytest.raises(spundetect.FileFormatError) as err:
        Index(path).search(text)
    assert err.value.code == "E321"


def _run_blocks(postings: list[tuple[int, int]]) -> tuple[Any, ...]:
    """A run's postings sorted and cut into blocks as a build cuts them: the fingerprints,
    the numbers, each block's start and end, its first fingerprint and smallest number."""
    import numpy as np

    from spundetect.index import _BLOCK

    postings.sort()
    fps = np.array([p[0] for p in postings], dtype=np.int64)
    numbers = np.array([p[1] for p in postings], dtype=np.int64)
    starts = np.arange(0, len(fps), _BLOCK)
    ends = np.append(starts[1:], len(fps))
    return fps, numbers, starts, ends, fps[starts], np.minimum.reduceat(numbers, starts)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.tuples(st.integers(0, 2**40 - 1), st.integers(1, 2**30)), min_size=1, max_size=200),
                min_size=1, max_size=5))
def test_catalog_decodes_runs_of_any_layouts(runs: list[list[tuple[int, int]]]) -> None:
    # Property: the blocks of runs of different record layouts, read together, decode
    # to each run's own postings (as :meth:`_Run.decode` gives them), in run order.
    import numpy as np

    from spundetect.index import _Catalog, _Layout, _make_filter, _Run, _width

    made, data, expected = [], [], []
    for r, postings in enumerate(runs):
        fps, numbers, starts, ends, firsts, bases = _run_blocks(postings)
        layout = _Layout(max(_width(int(fps[b - 1] - f)) for f, b in zip(firsts, ends)),
                         max(_width(int(numbers[a:b].max() - m)) for a, b, m in zip(starts, ends, bases)))
        run = _Run(r + 3, layout, firsts.astype("<i8").tobytes(), bases.astype("<i8").tobytes(),
                   (ends - starts).astype("<u2").tobytes(), _make_filter(fps))
        made.append(run)
        data += [layout.encode(fps[a:b], numbers[a:b], int(f), int(m))
                 for a, b, f, m in zip(starts, ends, firsts, bases)]
        expected.append((fps.tolist(), numbers.tolist()))
    catalog = _Catalog(made)
    keys = np.concatenate([(np.int64(r) << 40) | np.array(fps_r, dtype=np.int64) for r, (fps_r, _) in enumerate(expected)])
    numbers = np.concatenate([np.array(numbers_r, dtype=np.int64) for _, numbers_r in expected])
    _assert_finds(catalog, np.arange(len(data)), data, keys, numbers, [12345, 2**40 - 1])


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 6), st.integers(0, 10**6)), max_size=60, unique_by=lambda p: p[1]),
       st.integers(1, 12))
def test_top_is_a_full_sort_cut(scored: list[tuple[int, int]], k: int) -> None:
    # Differential: the partitioned top k (many ties: 7 scores) against a sort of every candidate.
    import numpy as np

    scores = np.array([s / 3 for s, _ in scored], dtype=np.float64)
    candidates = np.array([c for _, c in scored], dtype=np.int64)
    assert _top(scores, candidates, k).tolist() == np.lexsort((candidates, -scores))[:k].tolist()


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(-50, 5000), max_size=400), st.lists(st.integers(-60, 5100), max_size=50))
@example(list(range(0, 200, 2)), [-1, 0, 1, 97, 98, 196, 198, 199, 250])  # past the last key too
@example([5] * 70 + [9] * 40, [4, 5, 6, 9, 10])
def test_left_in_two_steps_is_a_binary_search(keys: list[int], q: list[int]) -> None:
    # Differential: the two-step search (coarse keys, then a window) against numpy's,
    # keys with repeats (a fingerprint filling blocks) and asked keys around and past them.
    import numpy as np

    from spundetect.index import _COARSE, _left

    sorted_keys = np.array(sorted(keys), dtype=np.int64)
    asked = np.array(sorted(q), dtype=np.int64)
    got = _left(sorted_keys, asked, np.ascontiguousarray(sorted_keys[::_COARSE]))
    assert got.tolist() == np.searchsorted(sorted_keys, asked, "left").tolist()


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(0, 300), max_size=400), st.lists(st.integers(-5, 310), max_size=60),
       st.integers(0, 3), st.booleans())
@example(list(range(100)), [-1, 0, 31, 32, 99, 100], 0, True)
@example([7] * 40 + [8] * 33 + [300] * 3, [7, 8, 300, 301], 2, True)
def test_block_spans_are_two_searches(keys: list[int], q: list[int], floor: int, coarse: bool) -> None:
    # Differential: the spans (the next key looked at before a second search, the whole
    # blocks' postings summed where a key fills some) against numpy's left and right
    # searches and the sum over every pair; few distinct keys, so keys fill runs of blocks.
    import numpy as np

    from spundetect.index import _COARSE, _block_spans

    sorted_keys = np.array(sorted(keys), dtype=np.int64)
    before = np.concatenate([[0], np.cumsum(np.arange(len(keys)) % 7 + 1)]).astype(np.int64)
    asked = np.array(q, dtype=np.int64)
    lo, hi, inner = _block_spans(sorted_keys, before, floor, asked,
                                 np.ascontiguousarray(sorted_keys[::_COARSE]) if coarse else None)
    a = np.searchsorted(sorted_keys, asked, "left")
    e = np.searchsorted(sorted_keys, asked, "right")
    assert lo.tolist() == np.maximum(a - 1, floor).tolist()
    assert hi.tolist() == e.tolist()
    assert inner.tolist() == [int(before[j - 1] - before[i]) if j - 1 > i else 0 for i, j in zip(a, e)]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(-(2**62), 2**62), max_size=200), st.integers(1, 50))
def test_distinct_is_numpy_unique(values: list[int], spread: int) -> None:
    # Differential: the sort-based distinct values against np.unique, with repeats
    # (values folded into a small range) and without.
    import numpy as np

    from spundetect.index import _distinct

    for array in (np.array(values, dtype=np.int64), np.array(values, dtype=np.int64) % spread):
        got = _distinct(array)
        assert got.dtype == np.int64 and got.tolist() == np.unique(array).tolist()


def test_search_drops_documents_gone_since_the_postings_were_read() -> None:
    # A concurrent writer may remove documents between the postings read and the sizes:
    # a document whose size is 0 or that has no row (numbers past the table) is dropped,
    # and the other hits are as they were.
    import numpy as np

    index = Index()
    index.add_many([(f"d{i}", make_text(i)) for i in range(6)])
    query = " ".join(make_text(i, 3) for i in (2, 3, 4))
    before = index.search(query, k=6)
    assert len(before) >= 3
    store: Any = index._store
    sizes = store.sizes()
    gone = store.number(before[0].doc_id)
    emptied = sizes.copy()
    emptied[gone] = 0
    store.sizes = lambda: emptied
    assert index.search(query, k=6) == [h for h in before if h.doc_id != before[0].doc_id]
    last = max(store.number(h.doc_id) for h in before)
    store.sizes = lambda: np.ascontiguousarray(sizes[:last])  # the last number has no row
    assert index.search(query, k=6) == [h for h in before if store.number(h.doc_id) != last]


# --- the block reads (branch p50c) ---------------------------------------------------------


def _blocks_reference(path: Path, ids: list[int]) -> tuple[list[int], list[bytes]]:
    """The rows of ``ids`` that are there, in id order: one look-up each (the reference)."""
    db = sqlite3.connect(path)
    try:
        rows = [row for i in sorted(ids) if (row := db.execute("SELECT id, data FROM blocks WHERE id=?",
                                                                (i,)).fetchone()) is not None]
    finally:
        db.close()
    return [r[0] for r in rows], [r[1] for r in rows]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_block_reads_agree_with_one_look_up_each(many_runs: Index, tmp_path_factory: pytest.TempPathFactory,
                                                 data: st.DataObject) -> None:
    # Differential: _blocks (the data column alone while every row asked is there; the
    # ids too when some are missing) against a look-up per id, on an intact index and on
    # a copy with block rows deleted (a damaged file).
    import numpy as np

    store = many_runs._store
    every = [int(i) for (i,) in store._read("SELECT id FROM blocks ORDER BY id")]  # type: ignore[attr-defined]
    asked = sorted(set(data.draw(st.lists(st.sampled_from(every), min_size=0, max_size=60))))
    found, read = store._block_rows(np.array(asked, dtype=np.int64))  # type: ignore[attr-defined]
    assert (found.tolist(), read) == _blocks_reference(store.path, asked)  # type: ignore[attr-defined]
    # a copy with some rows gone, and ids asked that no row has
    copy = tmp_path_factory.mktemp("gone") / "gone.sqlite"
    source = sqlite3.connect(store.path)  # type: ignore[attr-defined]
    target = sqlite3.connect(copy)
    source.backup(target)
    source.close()
    gone = data.draw(st.lists(st.sampled_from(asked), max_size=5)) if asked else []
    target.executemany("DELETE FROM blocks WHERE id=?", [(i,) for i in gone])
    target.commit()
    target.close()
    extra = data.draw(st.lists(st.integers(1 << 50, 1 << 51), max_size=3))
    asked_more = sorted(set(asked) | set(extra))
    with Index(copy) as damaged:
        found, read = damaged._store._block_rows(np.array(asked_more, dtype=np.int64))  # type: ignore[attr-defined]
        assert (found.tolist(), read) == _blocks_reference(copy, asked_more)
        assert found.dtype == np.int64
        # the rows joined by SQLite (branch p50e): the same bytes, in id order, and their count
        joined = damaged._store._blocks(np.array(asked_more, dtype=np.int64))  # type: ignore[attr-defined]
        assert (joined.rows, joined.data) == (len(read), b"".join(read))
    joined = store._blocks(np.array(asked, dtype=np.int64))  # type: ignore[attr-defined]
    want = _blocks_reference(store.path, asked)[1]  # type: ignore[attr-defined]
    assert (joined.rows, joined.data) == (len(want), b"".join(want))
    # an intact file's rows are as long as the runs' summaries say
    catalog = store._catalog()  # type: ignore[attr-defined]
    blocks = catalog.joined(np.array(asked, dtype=np.int64))
    assert catalog.lengths(blocks).tolist() == [len(d) for d in want]


def test_block_lengths_are_the_summaries_after_removals(many_runs: Index) -> None:
    # Every block of an index after removals (blocks rewritten shorter) is as long as its
    # run's summary says: what the joined read (branch p50e) relies on.
    import numpy as np

    store = many_runs._store
    catalog = store._catalog()  # type: ignore[attr-defined]
    every = np.arange(int(catalog.start[-1]))
    found, data = store._block_rows(catalog.ids(every))  # type: ignore[attr-defined]
    assert len(found) == len(every)
    assert catalog.lengths(every).tolist() == [len(d) for d in data]
    assert min(len(d) for d in data) < max(len(d) for d in data)  # the removals shortened some


def test_search_reads_row_by_row_where_the_joined_read_differs(many_runs: Index, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    # The joined read's count or length not what the summaries say (a damaged file):
    # postings reads the rows one by one, and finds what the joined read finds on an
    # intact file; with rows gone, the blocks there are searched, as before branch p50e.
    from spundetect.index import _Read

    queries = [make_text(9000 + i, 3) for i in (1, 2, 30)] + [spin(make_text(9005, 3), p=0.5, seed=1).text]
    store = many_runs._store
    want = [many_runs.search(q) for q in queries]
    assert all(want)
    joined = store._blocks  # type: ignore[attr-defined]
    for wrong in (lambda r: _Read(r.rows - 1, r.data), lambda r: _Read(r.rows, r.data[:-1])):
        monkeypatch.setattr(store, "_blocks", lambda ids, wrong=wrong: wrong(joined(ids)))
        store._common = {}  # type: ignore[attr-defined]
        assert [many_runs.search(q) for q in queries] == want
    monkeypatch.undo()
    copy = tmp_path / "gone.sqlite"
    source, target = sqlite3.connect(store.path), sqlite3.connect(copy)  # type: ignore[attr-defined]
    source.backup(target)
    source.close()
    target.execute("DELETE FROM blocks WHERE id IN (SELECT id FROM blocks ORDER BY id LIMIT 3)")
    target.commit()
    target.close()
    with Index(copy) as damaged:
        got = [damaged.search(q) for q in queries]
    assert got != want and any(got)  # the postings of the blocks gone are missed, no more


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.tuples(st.integers(0, 6), st.integers(1, 2**20)), min_size=60, max_size=400),
                min_size=1, max_size=4), st.data())
def test_find_agrees_where_keys_fill_blocks(runs: list[list[tuple[int, int]]], data: st.DataObject) -> None:
    # Differential (branch p50e): _Catalog.find against the plain numpy reference where
    # a few fingerprints fill runs of blocks (the rows found of a key go on into the next
    # blocks) and where removals left blocks shorter or empty (their first fingerprint
    # and smallest number kept, as _remove keeps them), the data joined as SQLite joins it.
    import numpy as np

    from spundetect.index import _Catalog, _Layout, _make_filter, _Run, _width

    made, blocks_data, keys, numbers = [], [], [], []
    for r, postings in enumerate(runs):
        fps, nums, starts, ends, firsts, bases = _run_blocks(postings)
        layout = _Layout(_width(int(fps.max() - fps.min())), _width(int(nums.max() - nums.min())))
        kept = np.array(data.draw(st.lists(st.booleans(), min_size=len(fps), max_size=len(fps))), dtype=bool)
        counts = []
        for a, b, f, m in zip(starts, ends, firsts, bases):
            mine = np.flatnonzero(kept[a:b]) + a
            blocks_data.append(layout.encode(fps[mine], nums[mine], int(f), int(m)))
            counts.append(len(mine))
            keys.append((np.int64(r) << 40) | fps[mine])
            numbers.append(nums[mine])
        made.append(_Run(r + 3, layout, firsts.astype("<i8").tobytes(), bases.astype("<i8").tobytes(),
                         np.array(counts).astype("<u2").tobytes(), _make_filter(fps)))
    catalog = _Catalog(made)
    every = np.arange(len(blocks_data))
    assert catalog.lengths(every).tolist() == [len(d) for d in blocks_data]
    _assert_finds(catalog, every, blocks_data, np.concatenate(keys), np.concatenate(numbers), [7, 8])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 2**40 - 1), st.integers(0, 2**62)), min_size=1, max_size=64),
       st.data())
def test_layout_fields_agree_with_byte_columns(postings: list[tuple[int, int]], data: st.DataObject) -> None:
    # Differential: a block's records read as 64-bit words (offsets written into a slice
    # of a larger array, numbers of chosen rows) against each byte column unpacked alone.
    import numpy as np

    from spundetect.index import _unpack

    fps, numbers, first, base, layout, block = _one_block(postings)
    pad = data.draw(st.integers(0, 20))
    buffer = bytes(pad) + block + bytes(8)
    matrix = np.frombuffer(block, dtype=np.uint8).reshape(-1, layout.record)
    want_fps, want_numbers = _unpack(matrix[:, :layout.fp_width]), _unpack(matrix[:, layout.fp_width:])
    assert (want_fps + first).tolist() == fps.tolist() and (want_numbers + base).tolist() == numbers.tolist()
    out = np.full(len(fps) + 4, -1, dtype=np.int64)
    written = layout.offsets(buffer, pad, len(fps), out[2 : 2 + len(fps)])
    assert written.tolist() == want_fps.tolist() and out[:2].tolist() == [-1, -1] and out[-2:].tolist() == [-1, -1]
    assert out[2 : 2 + len(fps)].tolist() == want_fps.tolist()
    rows = np.array(sorted(set(data.draw(st.lists(st.integers(0, len(fps) - 1), max_size=len(fps))))), dtype=np.int64)
    assert layout.numbers(buffer, pad, len(fps), rows).tolist() == want_numbers[rows].tolist()
    assert layout.numbers(buffer, pad, len(fps)).tolist() == want_numbers.tolist()
    got_fps, got_numbers = layout.fields(buffer, pad, len(fps))
    assert got_fps.tolist() == want_fps.tolist() and got_numbers.tolist() == want_numbers.tolist()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(doc=st.integers(0, 63), noise=st.lists(st.integers(0, 2**40 - 1), max_size=20), cap=st.integers(1, 40),
       step=st.integers(1, 4))
def test_disk_postings_agree_with_the_runs_decoded_one_by_one(many_runs: Index, doc: int, noise: list[int],
                                                              cap: int, step: int) -> None:
    # Differential: the postings a query gets (grouped by fingerprint from the pairs
    # asked, branch p50c) against every run decoded alone and grouped by a sort: per
    # fingerprint under the cap, its documents in run order; over it, a count over cap.
    import numpy as np

    store = many_runs._store
    store._common = {}  # type: ignore[attr-defined]  # no count remembered from another example
    catalog = store._catalog()  # type: ignore[attr-defined]
    keys, numbers = [], []
    for run in catalog.runs:
        local = np.arange(len(run.firsts))
        found, data = store._block_rows((np.int64(run.run) << 32) + local)  # type: ignore[attr-defined]
        run_keys, run_numbers = run.decode(found - (np.int64(run.run) << 32), data)
        keys.append(run_keys)
        numbers.append(run_numbers)
    every_fp, every_number = np.concatenate(keys), np.concatenate(numbers)  # run by run
    asked = sorted({*document_hashes(make_text(9000 + doc, 3))[::step], *noise, *every_fp[::97].tolist()})
    got = store.postings(asked, cap)
    order = np.argsort(every_fp, kind="stable")  # by fingerprint, run order kept
    by_fp, by_number = every_fp[order], every_number[order]
    want_fps, want_lengths, want_numbers = [], [], []
    for fp in asked:
        mine = by_number[by_fp == fp]
        if len(mine) > cap:
            assert got.over[fp] > cap
        elif len(mine):
            assert fp not in got.over
            want_fps.append(fp)
            want_lengths.append(len(mine))
            want_numbers += mine.tolist()
    assert got.fps.tolist() == want_fps and got.lengths.tolist() == want_lengths
    assert got.numbers.tolist() == want_numbers


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 40), st.floats(0.001, 50.0)), max_size=300),
       st.sampled_from([0, 1 << 30, 1 << 55]))
@example([(3, 0.1), (3, 0.2), (3, 0.3)] * 5 + [(1, 1e-3)], 0)
def test_by_document_is_unique_and_bincount(postings: list[tuple[int, float]], offset: int) -> None:
    # Differential (branch p50e): the sums per document of a sort with the positions in
    # the low bits (and of a stable argsort, for numbers too large to leave room: offset
    # 2**55) against np.unique's inverse and np.bincount, to the bit; the positions sorted
    # by number, stably, and where each number begins among them.
    import numpy as np

    from spundetect.index import _by_document

    numbers = np.array([n + offset for n, _ in postings], dtype=np.int64)
    weights = np.array([w for _, w in postings], dtype=np.float64)
    got, sums, positions, starts = _by_document(numbers, weights)
    want, inverse = np.unique(numbers, return_inverse=True)
    assert got.tolist() == want.tolist()
    assert sums.tobytes() == np.bincount(inverse, weights=weights).tobytes()
    assert positions.tolist() == np.argsort(numbers, kind="stable").tolist()
    assert numbers[positions][starts].tolist() == want.tolist() and starts.tolist() == sorted(set(starts.tolist()))


def test_search_reads_row_by_row_where_sqlite_joins_out_of_order(many_runs: Index,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    # An SQLite that joined the blocks in another order than asked (group_concat's order
    # is documented as arbitrary) would give wrong hits silently: the first read of a
    # store is checked against the rows one by one, and a store that sees the order
    # broken reads row by row from then on, with the hits of an intact join.
    from spundetect.index import _Read

    queries = [make_text(9000 + i, 3) for i in (1, 2, 30)] + [spin(make_text(9005, 3), p=0.5, seed=1).text]
    store = many_runs._store
    want = [many_runs.search(q) for q in queries]
    assert all(want)
    assert store._joins_in_order is True  # type: ignore[attr-defined]
    joined = store._blocks  # type: ignore[attr-defined]

    def reversed_rows(ids: object) -> _Read:
        found, rows = store._block_rows(ids)  # type: ignore[attr-defined]
        return _Read(len(rows), b"".join(reversed(rows)))

    monkeypatch.setattr(store, "_blocks", reversed_rows)
    store._common = {}  # type: ignore[attr-defined]
    store._joins_in_order = None  # type: ignore[attr-defined]
    assert [many_runs.search(q) for q in queries] == want
    assert store._joins_in_order is False  # type: ignore[attr-defined]
    monkeypatch.setattr(store, "_blocks", joined)
    store._joins_in_order = True  # type: ignore[attr-defined]
    # without the check, the reversed join gives other hits: the test can fail
    monkeypatch.setattr(store, "_blocks", reversed_rows)
    store._common = {}  # type: ignore[attr-defined]
    assert [many_runs.search(q) for q in queries] != want
    monkeypatch.undo()
    store._common = {}  # type: ignore[attr-defined]  # counts taken from the reversed join
    assert [many_runs.search(q) for q in queries] == want


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 2**40 - 1) | st.integers(0, 40), max_size=600))
def test_run_filter_is_every_posting_s_two_bits(values: list[int]) -> None:
    # the filter of a run's postings (repeats included), bit by bit in plain Python:
    # 4 bits a distinct fingerprint rounded up to a power of two, at least 64
    import numpy as np

    from spundetect.index import _make_filter

    fps = sorted(values)
    bits = 64
    while bits < 4 * len(set(fps)):
        bits *= 2
    on = [0] * bits
    for fp in fps:
        high = fp >> 1
        on[high & (bits - 1)] = 1
        on[((high * 0x9E3779B97F4A7C15) & (2**64 - 1)) >> (64 - (bits.bit_length() - 1))] = 1
    expected = bytes(sum(on[8 * i + j] << j for j in range(8)) for i in range(bits // 8))
    assert _make_filter(np.array(fps, dtype=np.int64)) == expected
