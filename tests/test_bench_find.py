"""The measurement helpers of issue 16's find() analysis: the longest verbatim run, the PAN
release's pairs as truth, and the sorting of false matches by cause
(benchmarks/find_confirm.py, benchmarks/index_eval.py)."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCH))

import find_confirm  # noqa: E402
import find_queries  # noqa: E402
import index_eval  # noqa: E402


def reference_run(a: str, b: str) -> int:
    """Longest common run of words by dynamic programming (the plain definition)."""
    wa, wb = re.findall(r"\w+", a.lower()), re.findall(r"\w+", b.lower())
    best = 0
    previous = [0] * (len(wb) + 1)
    for x in wa:
        current = [0] * (len(wb) + 1)
        for j, y in enumerate(wb, 1):
            if x == y:
                current[j] = previous[j - 1] + 1
                best = max(best, current[j])
        previous = current
    return best


WORDS = st.lists(st.sampled_from(["the", "cat", "sat", "on", "a", "mat", "Dog", "ran"]), max_size=30)


@settings(max_examples=200, deadline=None)
@given(WORDS, WORDS)
def test_longest_run_matches_reference(a: list[str], b: list[str]) -> None:
    left, right = " ".join(a), ", ".join(b)
    assert find_confirm.longest_run(left, right) == reference_run(left, right)
    assert find_confirm.longest_run(left, right) == find_confirm.longest_run(right, left)


def test_longest_run_examples() -> None:
    assert find_confirm.longest_run("The cat sat on the mat.", "A CAT sat on the hat") == 4
    assert find_confirm.longest_run("", "anything") == 0


def _pairs(tmp_path: Path) -> Path:
    (tmp_path / "03-random-obfuscation.pairs").write_text(
        "suspicious-document00001.txt source-document00010.txt\n"
        "suspicious-document00001.txt source-document00011.txt\n", encoding="utf-8")
    (tmp_path / "01-no-plagiarism.pairs").write_text(  # folder 01: never truth
        "suspicious-document00001.txt source-document00012.txt\n", encoding="utf-8")
    return tmp_path


def test_release_pairs_read_folders_two_to_five(tmp_path: Path) -> None:
    pairs = find_confirm.release_pairs(_pairs(tmp_path))
    assert pairs == {"suspicious-document00001": {"source-document00010", "source-document00011"}}
    assert find_confirm.release_pairs(None) == {}


def test_with_release_pairs_adds_only_corpus_sources_to_pan_queries(tmp_path: Path) -> None:
    corpus = {"source-document00010": "x", "source-document00012": "y"}
    pan = index_eval.Query("suspicious-document00001", "auto_obfuscated", "text", {"source-document00099"}, pan=True)
    other = index_eval.Query("suspicious-document00001", "spun", "text", {"a"}, pan=False)
    out = index_eval.with_release_pairs([pan, other], corpus, _pairs(tmp_path))
    assert out[0].truth == {"source-document00099", "source-document00010"}  # 00011 is not in the corpus
    assert out[1].truth == {"a"}
    assert pan.truth == {"source-document00099"}  # the raw truth is left as it was


def _row(query: str, doc: str | None, **fields: Any) -> dict[str, Any]:
    return {"query_id": query, "doc_id": doc, "label": "same_topic", "pan": False, "truth": False,
            "verdict": "copy", "shared_5grams": 0.0, "pan_release_pair": False, **fields}


def test_false_match_causes() -> None:
    long = " ".join(f"w{i}" for i in range(60))
    corpus = {"wire": "whatever", "quote": long, "judged": "different words here", "true": "t"}
    texts = {"q1": "a", "q2": "intro " + long + " outro", "q3": "other words here", "q4": "b", "q5": "c"}
    rows = [
        _row("q1", "wire", shared_5grams=0.8), _row("q1", "judged"),  # the first kind counts
        _row("q2", "quote"),
        _row("q3", "judged", verdict="paraphrase"),
        _row("q4", "judged", verdict="unrelated"),  # no match
        _row("q5", "true", truth=True),  # a truth document: no false match
        _row("q6", None),  # no hit at all
    ]
    out = find_confirm.false_match_causes(rows, corpus, texts)
    assert out["queries"] == 6 and out["false_matching"] == 3
    assert out["by_kind"] == {"wire_copy": 1, "verbatim_passage": 1, "pan_release_pair": 0, "judged": 1}
    assert out["judged_by_longest_run"] == {"20 and over": 0, "10-19": 0, "under 10": 1}
    assert out["raw"] == round(3 / 6, 4) and out["judged_only"] == round(1 / 6, 4)


def test_pan_misses_list_every_source_outside_the_top_10() -> None:
    corpus = {f"source-document{i:05d}": f"text number {i} of the corpus" for i in range(14)}
    truth = {"source-document00001", "source-document00012", "source-document00013"}
    q = index_eval.Query("suspicious-document00001", "auto_obfuscated", "text number 12 of the corpus", truth,
                         pan=True)
    ranked = {q.key + "|" + q.label: [f"source-document{i:05d}" for i in range(10)]}
    order = [(f"source-document{i:05d}", 20 - i) for i in range(13)]  # 13 is not found at all
    out = index_eval.pan_misses([q], ranked, lambda text: order, corpus)
    assert [(m["source"], m["rank"], m["shared"]) for m in out] == [
        ("source-document00012", 13, 8), ("source-document00013", None, 0)]
    assert all(m["tenth_shared"] == 11 for m in out)
    assert out[0]["source_5gram_in_query"] == 1.0 and out[1]["source_5gram_in_query"] == 0.0
    # a source in the top 10 is no miss, and non-PAN queries are left to misses()
    assert not index_eval.pan_misses([index_eval.Query("x", "spun", "t", {"a"})], {"x|spun": []}, lambda t: [], corpus)


def test_same_text_ignores_case_spaces_and_punctuation_only() -> None:
    assert index_eval._same_text("The cat, sat.\n", "the  cat sat")
    assert not index_eval._same_text("The cat sat", "The cat sat down")
    assert not index_eval._same_text("cat sat", "sat cat")
def test_report_rebuilds_the_evidence_find_reads() -> None:
    """The report applies find()'s rule to collected rows: the evidence it rebuilds from a
    row equals what ``acceptance.Evidence.of`` reads from the comparison itself."""
    import spundetect
    from spundetect.acceptance import Evidence, confirms

    examples = Path(__file__).resolve().parents[1] / "examples"
    original = (examples / "original.txt").read_text(encoding="utf-8")
    pairs = [(original, (examples / "spun.txt").read_text(encoding="utf-8")),
             (original, "Some words first. " + original),
             ("Bees visit many flowers every day to collect nectar.", "A storm hit the coast last night.")]
    for a, b in pairs:
        c = spundetect.compare(a, b)
        row = {"query_id": "q", "doc_id": "d", **find_confirm.features(c)}
        assert find_confirm.evidence(row) == Evidence.of(c)
        texts, corpus = {"q": b}, {"d": a}
        topics = find_confirm.Topics(Path("/nonexistent/never-written.jsonl"), corpus, texts)
        if c.verdict in ("unrelated", "spun") or Evidence.of(c).kept >= 0.35:  # no topic asked
            assert find_confirm.reuse_rule(topics)(row) == confirms(c)
    assert {find_confirm.half(f"q{i}") for i in range(20)} == {0, 1}
    assert find_confirm.half("abc") == find_confirm.half("abc")


def test_find_queries_diff_names_each_changed_query() -> None:
    before = {"a|same_topic": [], "b|unrelated": [["d1", "copy"]], "c|unrelated": [["d2", "paraphrase"]]}
    after = {"a|same_topic": [["d3", "paraphrase"]], "b|unrelated": [["d1", "copy"]], "c|unrelated": []}
    lines = find_queries.diff(before, after)
    assert lines[0] == "queries with a match: 2 -> 2 of 3"
    assert lines[1:] == ["a|same_topic: [] -> [['d3', 'paraphrase']]",
                         "c|unrelated: [['d2', 'paraphrase']] -> []"]
    assert find_queries.diff(after, after) == ["queries with a match: 2 -> 2 of 3"]
