"""find()'s acceptance rule (spundetect.acceptance): contracts, properties, a reference check,
and find() on a spun copy, a copy and a same-event report."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import spundetect
from spundetect.acceptance import (
    ACCEPT, KEPT, MIN_COMMON, NEAR_COPY, SHARE, TOPIC, Evidence, accepts, check_accept, confirms, topic_share,
)
from spundetect.errors import SettingsError

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
DEV = Path(__file__).resolve().parents[2] / "shared" / "data" / "dev"

ORIGINAL = (EXAMPLES / "original.txt").read_text(encoding="utf-8")
SPUN = (EXAMPLES / "spun.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def index() -> spundetect.Index:
    index = spundetect.Index()
    index.add("example", ORIGINAL)
    index.add("bees", "Bees visit many flowers every day to collect nectar and pollen for the hive. "
                      "A strong colony can hold fifty thousand workers in the summer months.")
    return index


# --- contracts ------------------------------------------------------------------------------------


def test_find_still_returns_a_spun_copy_and_a_copy(index: spundetect.Index) -> None:
    spun = index.find(SPUN)
    assert [m.doc_id for m in spun] == ["example"] and spun[0].comparison.verdict == "spun"
    copy = index.find("Some words first. " + ORIGINAL)
    assert [m.doc_id for m in copy] == ["example"] and copy[0].comparison.verdict == "copy"
    for m in spun + copy:
        assert confirms(m.comparison)


@pytest.mark.parametrize("bad", ["strict", "", None, 1, ["reuse"]])
def test_accept_must_name_a_rule(index: spundetect.Index, bad: object) -> None:
    with pytest.raises(SettingsError) as err:
        index.find(SPUN, accept=bad)  # type: ignore[arg-type]
    assert err.value.code == "E110" and "accept" in str(err.value)
    with pytest.raises(SettingsError):
        check_accept(bad)
    assert [check_accept(rule) for rule in ACCEPT] == list(ACCEPT)


def test_unrelated_is_never_a_match_and_spun_always_is() -> None:
    unrelated = spundetect.compare("Bees visit many flowers every day.", "A storm hit the coast last night.")
    assert unrelated.verdict == "unrelated"
    assert not confirms(unrelated) and not confirms(unrelated, accept="verdict")
    spun = spundetect.compare(ORIGINAL, SPUN)
    assert spun.verdict == "spun" and confirms(spun) and confirms(spun, accept="verdict")


def test_each_clause_of_the_rule() -> None:
    on_topic, off_topic, unknown = (lambda: TOPIC + 0.1), (lambda: TOPIC - 0.01), (lambda: None)
    weak = Evidence(common=MIN_COMMON + 5, shorter=1000, kept=KEPT - 0.05, verbatim=0)
    assert not accepts(weak, on_topic) and not accepts(weak, unknown) and accepts(weak, off_topic)
    assert accepts(weak._replace(kept=KEPT), on_topic)
    assert accepts(weak._replace(common=int(SHARE * 1000)), on_topic)
    assert accepts(weak._replace(verbatim=20), on_topic)
    tiny = Evidence(common=MIN_COMMON - 1, shorter=100, kept=1.0, verbatim=30)
    assert not accepts(tiny, off_topic)
    short = math.ceil(NEAR_COPY * (MIN_COMMON - 1))  # a short sentence, lightly edited
    assert accepts(tiny._replace(shorter=short, kept=0.9, verbatim=0), on_topic)


def test_topic_is_asked_only_when_the_passages_do_not_decide() -> None:
    asked: list[int] = []

    def topic() -> float:
        asked.append(1)
        return 0.0

    assert accepts(Evidence(common=50, shorter=60, kept=0.9, verbatim=0), topic) and not asked
    assert not accepts(Evidence(common=3, shorter=60, kept=0.3, verbatim=0), topic) and not asked
    assert accepts(Evidence(common=30, shorter=600, kept=0.2, verbatim=0), topic) and asked


def test_topic_share() -> None:
    text = ("Galveston levee breach floods island neighbourhoods after hurricane Ike; "
            "engineers inspect pumps, sandbags and floodwalls while evacuees shelter in Houston "
            "gymnasiums, awaiting FEMA trailers, generators, tarps and bulldozers.")
    assert topic_share(text, text) == 1.0
    other = ("Cardinals pitcher throws shutout as Busch stadium crowd cheers; slugger homers twice, "
             "bullpen closes ninth inning, manager praises rookie shortstop, outfielders, "
             "catcher, umpire and groundskeepers.")
    share = topic_share(text, other)
    assert share is not None and share < TOPIC
    assert topic_share("A storm.", text) is None or topic_share(text, "A storm.") is None


# --- properties -----------------------------------------------------------------------------------

evidence = st.builds(Evidence, common=st.integers(0, 500), shorter=st.integers(1, 2000),
                     kept=st.floats(0, 1), verbatim=st.integers(0, 200))
topics = st.one_of(st.none(), st.floats(0, 1))


@settings(max_examples=200, deadline=None)
@given(evidence, topics, st.integers(0, 100), st.floats(0, 0.5))
def test_more_evidence_never_rejects(e: Evidence, topic: float | None, more: int, kept: float) -> None:
    """Sharing more words in order, or keeping more of them, never turns a match away."""
    if accepts(e, lambda: topic):
        stronger = e._replace(common=e.common + more, kept=min(1.0, e.kept + kept), verbatim=e.verbatim + more)
        assert accepts(stronger, lambda: topic)


@settings(max_examples=200, deadline=None)
@given(evidence, st.floats(0, 1), st.floats(0, 1))
def test_a_wider_topic_never_accepts_more(e: Evidence, a: float, b: float) -> None:
    """Two texts sharing more of their rare words are held to the passage rule more often."""
    low, high = min(a, b), max(a, b)
    assert accepts(e, lambda: low) or not accepts(e, lambda: high)


# --- differential: the rule "verdict" is the old find(), the default keeps a subset ---------------


def _reference_verdict(comparison: spundetect.Comparison) -> bool:
    return comparison.verdict != "unrelated"


def test_verdict_rule_is_the_old_find_and_reuse_a_subset(index: spundetect.Index) -> None:
    queries = [SPUN, "Some words first. " + ORIGINAL, "Bees visit flowers for nectar and pollen every day.",
               "A strong colony holds many workers in summer, and bees visit flowers for nectar."]
    for q in queries:
        old = {m.doc_id for m in index.find(q, accept="verdict")}
        new = {m.doc_id for m in index.find(q)}
        assert new <= old
        for hit in index.search(q):
            c = spundetect.compare(index.text(hit.doc_id), q)
            assert (hit.doc_id in old) == _reference_verdict(c)
            assert (hit.doc_id in new) == confirms(c)


# --- a report of the same event (ECB+, from the shared dev data) ------------------------------------


def test_two_reports_of_one_event_are_no_match() -> None:
    """Two outlets' reports of one event: a 28-word report that the sentence aligner pairs
    loosely with two sentences of a 337-word one. ``compare()`` read it as a reworded
    passage (``paraphrase``) until branch docacc, which the default rule alone rejected;
    it is now a loose pairing (``score._unseeded_loose``: no seed found it, 13 words in
    common), so the verdict is ``unrelated`` and neither rule keeps it (skipped without
    the dev data)."""
    path = DEV / "ecbplus_same_topic.jsonl"
    if not path.is_file():
        pytest.skip("the shared dev data is not present beside the repository")
    rows = {r["id"]: r for r in map(json.loads, path.read_text(encoding="utf-8").splitlines()) if r}
    row = rows[SAME_EVENT_ROW]
    index = spundetect.Index()
    index.add("report", row["original"])
    comparison = spundetect.compare(row["original"], row["suspect"])
    assert comparison.verdict == "unrelated" and comparison.passages == []
    assert not confirms(comparison, accept="verdict")
    assert not confirms(comparison)
    assert index.find(row["suspect"]) == []
    assert index.find(row["suspect"], accept="verdict") == []


SAME_EVENT_ROW = "ecb-14_4ecbplus-14_8ecbplus"  # a 28-word report against a 337-word one
