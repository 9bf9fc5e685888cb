"""The measurement helpers of issue 14's benchmark scripts: PAN-format XML detections and
merged sentence pairs (benchmarks/pan_eval.py), and sentence/paragraph shuffling with
substitution spans moved along (benchmarks/shuffle_eval.py)."""

from __future__ import annotations

import random
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCH))

import pan_eval  # noqa: E402
import shuffle_eval  # noqa: E402

import spundetect  # noqa: E402
from spundetect.plagdet import plagdet  # noqa: E402

XML = """<?xml version="1.0" encoding="utf-8"?>
<document reference="suspicious-document00005.txt">
<feature name="detected-plagiarism" this_offset="3593" this_length="671"
  source_reference="source-document01090.txt" source_offset="1300" source_length="698"/>
<feature name="about" this_offset="1" this_length="2"/>
<feature name="detected-plagiarism" this_offset="10" this_length="200"
  source_reference="source-document01090.txt" source_offset="0" source_length="150"/>
</document>
"""


def test_pan_xml_detections_are_read(tmp_path: Path) -> None:
    path = tmp_path / "suspicious-document00005-source-document01090.xml"
    path.write_text(XML, encoding="utf-8")
    assert pan_eval.read_pan_xml(path) == [((1300, 1998), (3593, 4264)), ((0, 150), (10, 210))]
    row: dict[str, Any] = {"meta": {"suspicious_doc": "suspicious-document00005.txt",
                                    "source_doc": "source-document01090.txt"}}
    assert pan_eval.xml_name(row) == path.name
    assert pan_eval.find_xml(tmp_path, path.name, "pan13_02") == path
    (tmp_path / "pan13_02").mkdir()
    nested = tmp_path / "pan13_02" / path.name
    nested.write_text(XML, encoding="utf-8")
    assert pan_eval.find_xml(tmp_path, path.name, "pan13_02") == nested


def test_offset_check_finds_bad_cases() -> None:
    row: dict[str, Any] = {"original": "Alpha beta gamma.", "suspect": "Zeta. Alpha beta gamma.",
           "meta": {"cases": [{"source_offset": 0, "source_length": 17, "this_offset": 6,
                               "this_length": 17, "obfuscation": "none"}]}}
    assert pan_eval.check_offsets(row) == []
    row["meta"]["cases"][0]["this_offset"] = 7
    problems = pan_eval.check_offsets(row)
    assert any("outside the text" in p for p in problems)
    row["meta"]["cases"][0].update(this_offset=8, this_length=5)
    problems = pan_eval.check_offsets(row)
    assert any("inside a word" in p for p in problems)
    assert any("reads differently" in p for p in problems)


def test_merged_pairs_cover_a_copied_passage() -> None:
    passage = (
        "The committee met on Tuesday to discuss the budget for the coming year. "
        "Members argued for an hour about the cost of the new library building. "
        "In the end they agreed to delay the decision until the spring meeting. "
    )
    original = "Weather was mild that week. " + passage + "Nothing else happened."
    suspect = "A new cafe opened in the square. Its coffee is strong. " + passage + "The end."
    c = spundetect.compare(original, suspect)
    found = pan_eval.passages_from_pairs(c)
    assert len(found) == 1
    (o0, o1), (s0, s1) = found[0]
    assert original[o0:o1].strip() == passage.strip() == suspect[s0:s1].strip()
    case = ((original.index(passage), original.index(passage) + len(passage) - 1),
            (suspect.index(passage), suspect.index(passage) + len(passage) - 1))
    assert plagdet([[case]], [found]).plagdet == pytest.approx(1.0)
    # Too short a passage is dropped.
    assert pan_eval.passages_from_pairs(c, min_chars=len(passage) + 1) == []
    dets, unit = pan_eval.detections_of(c, "pairs", gap=0, min_chars=150)
    assert unit == "pairs" and dets == found
    if not hasattr(c, "passages"):  # before passages land, auto falls back to the pairs
        assert pan_eval.detections_of(c, "auto", gap=0, min_chars=150) == (found, "pairs")


def test_passages_are_scored_as_reported_when_present() -> None:
    short = SimpleNamespace(original_span=(0, 20), suspect_span=(5, 25))
    one_sided = SimpleNamespace(original_span=None, suspect_span=(30, 400))
    c = SimpleNamespace(passages=[short, one_sided], pairs=[])
    assert pan_eval.detections_of(c, "auto", gap=0, min_chars=150) == (
        [((0, 20), (5, 25)), ((0, 0), (30, 400))], "passages")
    assert pan_eval.detections_of(c, "pairs", gap=0, min_chars=150) == ([], "pairs")


TEXT = (
    "First sentence here. Second one follows! Is this the third?\n\n"
    "A new paragraph starts. It has \"quoted words.\" Then more.\n"
    "A line of its own\n\n"
    "Last paragraph, one sentence."
)


def test_units_split_at_sentence_ends_and_line_breaks() -> None:
    sentences = [TEXT[a:b] for a, b in shuffle_eval.units(TEXT, "sentences")]
    assert sentences[:3] == ["First sentence here.", "Second one follows!", "Is this the third?"]
    assert 'It has "quoted words."' in sentences and "A line of its own" in sentences
    paragraphs = [TEXT[a:b] for a, b in shuffle_eval.units(TEXT, "paragraphs")]
    assert len(paragraphs) == 3 and paragraphs[-1] == "Last paragraph, one sentence."
    lines = "One line.\nTwo line.\nThree line."
    assert len(shuffle_eval.units(lines, "paragraphs")) == 3


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["Alpha beta.", "Gamma delta!", "Eps zeta?", "Eta theta.", "Iota"]),
                min_size=1, max_size=8),
       st.lists(st.sampled_from([" ", "\n", "\n\n", "  "]), min_size=8, max_size=8),
       st.integers(0, 5), st.sampled_from(["sentences", "paragraphs"]))
def test_shuffle_moves_whole_units(parts: list[str], gaps: list[str], seed: int, kind: str) -> None:
    text = "".join(p + g for p, g in zip(parts, gaps)).rstrip()
    new, moves = shuffle_eval.shuffle_text(text, kind, random.Random(seed))
    spans = shuffle_eval.units(text, kind)
    assert sorted(text[a:b] for a, b in spans) == sorted(new[n : n + b - a] for a, b, n in moves)
    for a, b, n in moves:
        assert new[n : n + b - a] == text[a:b]
    assert len(new) == len(text)
    if len({text[a:b] for a, b in spans}) >= 2:
        assert [m[0] for m in moves] != [a for a, _ in spans]  # never the identity


def test_shuffled_row_moves_substitution_spans() -> None:
    original = "The old man walked home. A big dog barked loudly.\n\nRain fell on the town."
    suspect = "The previous man walked home. A large dog barked loudly.\n\nRain fell on the city."
    subs = []
    for o_word, s_word in (("old", "previous"), ("big", "large"), ("town", "city")):
        o0, s0 = original.index(o_word), suspect.index(s_word)
        subs.append({"original": o_word, "replacement": s_word, "kind": "word",
                     "original_span": [o0, o0 + len(o_word)], "spun_span": [s0, s0 + len(s_word)]})
    row: dict[str, Any] = {"id": "x", "original": original, "suspect": suspect, "meta": {"substitutions": subs}}
    for kind in ("sentences", "paragraphs"):
        new, lost = shuffle_eval.shuffled_row(row, kind, 0)
        assert lost == 0 and new["meta"]["changed"] and new["suspect"] != suspect
        for sub in new["meta"]["substitutions"]:
            lo, hi = sub["spun_span"]
            assert new["suspect"][lo:hi] == sub["replacement"]
    versions, dropped = shuffle_eval.variants([row], 0, False)
    assert dropped == 0 and [len(v) for v in versions.values()] == [1, 1, 1]


# ------------------------------------------------------------------ --per-detection (branch pan02)


def test_per_detection_reading_names_each_kind() -> None:
    cases = [((0, 100), (1000, 1100)), ((500, 600), (2000, 2100))]
    dets = [
        ((0, 100), (1000, 1100)),      # exact
        ((490, 550), (2000, 2050)),    # the second case found in two pieces ...
        ((550, 600), (2050, 2120)),    # ... the second piece also runs 20 past its end
        ((300, 400), (1500, 1600)),    # detects nothing
    ]
    got = pan_eval.read_detections(cases, dets)
    assert [d["kind"] for d in got] == ["exact", "split", "split", "false"]
    assert got[0]["precision"] == 1.0 and got[0]["outside"] == 0
    assert got[1]["outside_original"] == 10 and got[1]["overhang"] == (10, 0, 0, 0)
    assert got[2]["outside_suspect"] == 20 and got[2]["overhang"] == (0, 0, 0, 20)
    assert got[3]["precision"] == 0.0 and got[3]["outside"] == 200
    edge = pan_eval.read_detections(cases[:1], [((0, 120), (990, 1100))])[0]
    assert edge["kind"] == "edge" and edge["overhang"] == (0, 20, 10, 0)
    assert edge["precision"] == pytest.approx(200 / 230)


span_st = st.tuples(st.integers(0, 300), st.integers(1, 80)).map(lambda t: (t[0], t[0] + t[1]))
pair_st = st.tuples(span_st, span_st)


@settings(max_examples=200, deadline=None)
@given(st.lists(pair_st, min_size=1, max_size=4), st.lists(pair_st, min_size=1, max_size=6))
def test_per_detection_costs_add_up_to_the_lost_precision(cases: list[Any], dets: list[Any]) -> None:
    # each detection's precision is PAN's, so the kinds' costs add up to 1 - precision
    rows = [{"id": "p", "original": "x" * 400, "suspect": "y" * 400}]
    reading = pan_eval.per_detection(rows, [cases], [dets])
    cost = sum(v["precision_cost"] for v in reading["kinds"].values())
    assert cost == pytest.approx(1 - plagdet([cases], [dets]).precision)
    assert sum(v["detections"] for v in reading["kinds"].values()) == len(dets)
    for d in pan_eval.read_detections(cases, dets):
        assert d["outside"] == d["outside_original"] + d["outside_suspect"] <= d["chars"]
def test_breakdown_classes_say_where_a_case_is_lost() -> None:
    """pan_eval --breakdown: found (with its recall), dropped by a rule, seeded elsewhere,
    never seeded; the rule read on the longest raw passage that detects the case."""
    case = ((100, 200), (1000, 1100))

    def raw(o: tuple[int, int], s: tuple[int, int], words: int, why: str | None) -> dict[str, Any]:
        return {"original_span": list(o), "suspect_span": list(s), "s_words": words, "why": why}

    name, recall, hits = pan_eval.case_class(case, [((100, 150), (1000, 1050)), ((150, 200), (1050, 1100))], [])
    assert (name, recall, hits) == ("found", 1.0, 2)
    assert pan_eval.case_class(case, [((100, 150), (1000, 1050))], [])[:2] == ("found", 0.5)
    dropped = [raw((100, 120), (1000, 1020), 5, "short"), raw((100, 190), (1000, 1090), 15, "names")]
    assert pan_eval.case_class(case, [], dropped) == ("dropped: names", 0.0, 0)
    assert pan_eval.case_class(case, [], [*dropped, raw((120, 140), (1020, 1040), 3, None)])[0] == "dropped later"
    elsewhere = [raw((500, 600), (1000, 1100), 20, "order")]  # the suspect side only
    assert pan_eval.case_class(case, [((500, 600), (1000, 1100))], elsewhere)[0] == "seeded elsewhere"
    assert pan_eval.case_class(case, [], [raw((100, 200), (2000, 2100), 20, "order")])[0] == "never seeded"
