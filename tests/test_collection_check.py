"""find()'s collection check (``common``, :func:`spundetect.acceptance.holds_own`): contracts,
properties, and a differential check against a reference that reads every document's
fingerprints instead of the postings."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import spundetect
from spundetect.acceptance import COMMON, OWN, STOCK, VERSION, check_common, confirms, holds_own, passage_grams
from spundetect.errors import SettingsError
from spundetect.fingerprint import document_hashes, query_grams

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
ORIGINAL = (EXAMPLES / "original.txt").read_text(encoding="utf-8")
SPUN = (EXAMPLES / "spun.txt").read_text(encoding="utf-8")

# A wire story that three outlets print word for word, each with its own lead and close.
WIRE = ("The regional transport authority said on Tuesday that the new tram line between the harbour "
        "and the university would open in the spring, two years later than planned, after engineers "
        "found cracks in the foundations of a viaduct over the river and the contractor asked for more "
        "money to repair them before any passenger service could begin.")
SYLLABLES = "ka lo mi ra te su vo ne pi da go ru ze fa bu ol an ir ex um".split()


def filler(seed: int, words: int = 260) -> str:
    """An outlet's own text: sentences of made-up words that no other document holds
    and no thesaurus knows, so that nothing in it aligns with another text."""
    import random

    rng = random.Random(seed)
    out = []
    for _ in range(words // 13):
        sentence = " ".join("".join(rng.choice(SYLLABLES) for _ in range(3)) for _ in range(13))
        out.append(sentence[0].upper() + sentence[1:] + ".")
    return " ".join(out)


LEADS = [(filler(3 * n) + " ", " " + filler(3 * n + 1)) for n in range(3)]
QUERY = filler(100) + " " + WIRE + " " + filler(101)


def outlets() -> spundetect.Index:
    index = spundetect.Index()
    for n, (lead, close) in enumerate(LEADS):
        index.add(f"outlet{n}", lead + WIRE + close)
    index.add("example", ORIGINAL)
    return index


# --- contracts ------------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [-1, 1.5, "0", True, [0]])
def test_common_must_be_none_or_a_count(bad: object) -> None:
    index = outlets()
    with pytest.raises(SettingsError) as err:
        index.find(SPUN, common=bad)  # type: ignore[arg-type]
    assert err.value.code == "E110" and "common" in str(err.value)
    with pytest.raises(SettingsError):
        check_common(bad)
    assert check_common(None) is None and check_common(0) == 0 and check_common(COMMON) == COMMON


def test_a_wire_story_held_by_several_documents_is_common_material() -> None:
    index = outlets()
    before = index.find(QUERY, common=None)
    assert {m.doc_id for m in before} == {"outlet0", "outlet1", "outlet2"}  # each reuses the wire story
    assert index.find(QUERY, common=1) == []  # every one of its passages' fingerprints: two other holders
    assert {m.doc_id for m in index.find(QUERY, common=2)} == {"outlet0", "outlet1", "outlet2"}


def test_a_story_one_document_holds_is_still_found() -> None:
    index = outlets()
    index.remove("outlet1")
    index.remove("outlet2")
    assert [m.doc_id for m in index.find(QUERY, common=0)] == ["outlet0"]
    assert [m.doc_id for m in index.find(QUERY)] == ["outlet0"]
    spun = index.find(SPUN)
    assert [m.doc_id for m in spun] == ["example"] and spun[0].comparison.verdict == "spun"


def test_a_version_of_the_candidate_is_no_other_holder() -> None:
    """Two revisions of one text (most of their fingerprints alike) hold the same passage:
    neither makes the other's passage common material."""
    index = outlets()
    index.remove("outlet1")
    index.remove("outlet2")
    lead, close = LEADS[0]
    index.add("outlet0, revised", lead + WIRE.replace("on Tuesday", "on Wednesday") + close + " Updated.")
    assert {m.doc_id for m in index.find(QUERY, common=0)} == {"outlet0", "outlet0, revised"}


def test_the_query_itself_in_the_index_is_no_other_holder() -> None:
    index = outlets()
    index.remove("outlet1")
    index.remove("outlet2")
    index.add("the query", QUERY)  # an index of a crawl, asked about one of its pages
    found = {m.doc_id for m in index.find(QUERY, common=0)}
    assert found == {"outlet0", "the query"}


def test_without_the_check_find_is_as_before() -> None:
    index = outlets()
    for q in (QUERY, SPUN, "Some words first. " + ORIGINAL):
        plain = [(h.doc_id, spundetect.compare(index.text(h.doc_id), q)) for h in index.search(q)]
        expected = {d for d, c in plain if confirms(c)}
        assert {m.doc_id for m in index.find(q, common=None)} == expected


# --- differential: the postings against every document's fingerprints ----------------------------


def _reference(index: spundetect.Index, query: str, common: int) -> set[str]:
    """find()'s matches, the collection check made by reading each document's stored
    fingerprints (no postings): a plain reading of the rule."""
    held = {d: set(document_hashes(index.text(d), config=index.config)) for d in index}
    grams = query_grams(query, config=index.config)
    cap = index.postings_cap
    kept = set()
    matches = [(h.doc_id, spundetect.compare(index.text(h.doc_id), query)) for h in index.search(query)]
    matches = [(d, c) for d, c in matches if confirms(c)]
    itself = {d for d, c in matches if index.text(d).split() == query.split()}

    def version(a: str, b: str) -> bool:
        small = min(len(held[a]), len(held[b]))
        return small > 0 and len(held[a] & held[b]) / small >= VERSION

    for doc_id, comparison in matches:
        if doc_id in itself or comparison.verdict == "spun":
            kept.add(doc_id)
            continue
        others = []
        for h in passage_grams(comparison, grams):
            holders = {d for d, fps in held.items() if h in fps}
            if doc_id in holders and len(holders) <= cap and len(holders) - 1 <= STOCK:
                others.append(sum(1 for d in holders - itself - {doc_id} if not version(doc_id, d)))
        if not others or sum(n <= common for n in others) >= OWN * len(others):
            kept.add(doc_id)
    return kept


@pytest.mark.parametrize("common", [0, 1, 2])
def test_postings_agree_with_a_reading_of_every_document(common: int) -> None:
    index = outlets()
    index.add("the query", QUERY)
    index.add("outlet0, revised", LEADS[0][0] + WIRE.replace("on Tuesday", "on Wednesday") + LEADS[0][1])
    for q in (QUERY, SPUN, LEADS[0][0] + WIRE):
        assert {m.doc_id for m in index.find(q, common=common)} == _reference(index, q, common)


# --- properties -----------------------------------------------------------------------------------

counts = st.lists(st.integers(0, 20), max_size=40)


@settings(max_examples=300, deadline=None)
@given(counts, st.integers(0, 10), st.integers(0, 10), st.floats(0, 1))
def test_a_wider_common_never_rejects_more(others: list[int], a: int, b: int, own: float) -> None:
    low, high = min(a, b), max(a, b)
    assert holds_own(others, common=high, own=own) or not holds_own(others, common=low, own=own)


@settings(max_examples=300, deadline=None)
@given(counts, st.integers(0, 10), st.floats(0, 1), st.floats(0, 1))
def test_a_smaller_own_share_never_rejects_more(others: list[int], common: int, a: float, b: float) -> None:
    low, high = min(a, b), max(a, b)
    assert holds_own(others, common=common, own=low) or not holds_own(others, common=common, own=high)


@settings(max_examples=200, deadline=None)
@given(counts, st.integers(0, 10))
def test_fingerprints_no_other_document_holds_never_reject(others: list[int], common: int) -> None:
    assert holds_own([0] * len(others), common=common)
    assert holds_own([], common=common, own=1.0)
