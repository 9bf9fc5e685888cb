"""Reworded passages: containment per sentence, the best run, and the two paths agreeing."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from spundetect.passage import best_passage, containment, longest_shared_run


def sentences(rng: random.Random, n: int, vocab: int = 500) -> list[list[str]]:
    return [[f"w{rng.randrange(vocab)}" for _ in range(rng.randint(10, 30))] for _ in range(n)]


def condense(rng: random.Random, sent: list[str], keep: float) -> list[str]:
    """A summary sentence: some words of ``sent`` in order, plus a few new ones."""
    kept = [w for w in sent if rng.random() < keep]
    return kept + [f"new{rng.randrange(1000)}" for _ in range(rng.randint(0, 2))]


def test_summary_passage_is_found_inside_unrelated_text() -> None:
    rng = random.Random(3)
    original = sentences(rng, 40)
    summary = [condense(rng, original[i], 0.4) for i in range(0, 40, 6)]
    filler = sentences(random.Random(99), 30, vocab=10_000)
    suspect = filler[:15] + summary + filler[15:]
    found = best_passage(original, suspect)
    assert found is not None
    assert 15 <= found.start and found.end <= 15 + len(summary)
    assert found.containment >= 0.7


def test_unrelated_text_has_low_containment() -> None:
    rng = random.Random(5)
    original = sentences(rng, 40)
    other = sentences(random.Random(6), 40, vocab=20_000)
    found = best_passage(original, other)
    assert found is not None and found.containment < 0.3


def test_short_sentences_and_short_texts() -> None:
    original = [["the", "council", "met", "on", "tuesday"]]
    # function words are not content: "it was on the" has none
    assert containment(original, [["it", "was", "on", "the"]]) == [None]
    assert best_passage(original, [["the", "council", "met", "on", "tuesday"]]) is None
    assert best_passage([], []) is None
    assert containment([], [["alpha", "beta", "gamma", "delta"]]) == [0.0]


def test_exact_and_indexed_paths_agree() -> None:
    rng = random.Random(11)
    original = sentences(rng, 150)
    suspect = [condense(rng, s, 0.6) for s in original if rng.random() < 0.5]
    suspect += sentences(random.Random(12), 20, vocab=30_000)
    exact = containment(original, suspect, exact=True)
    indexed = containment(original, suspect, exact=False)
    assert len(exact) == len(indexed)
    same = 0
    for a, b in zip(exact, indexed):
        assert (a is None) == (b is None)
        if a is not None and b is not None:
            # the index scores a subset of the candidates: never more than exact
            assert b <= a + 1e-12
            same += abs(a - b) < 1e-12
    assert same >= 0.95 * sum(v is not None for v in exact)


words = st.lists(st.sampled_from(["alpha", "beta", "gamma", "delta", "the", "of", "epsilon",
                                   "zeta", "eta", "theta"]), min_size=0, max_size=12)


@settings(max_examples=60, deadline=None)
@given(st.lists(words, max_size=8), st.lists(words, max_size=8), st.booleans())
def test_containment_properties(original: list[list[str]], suspect: list[list[str]], exact: bool) -> None:
    values = containment(original, suspect, exact=exact)
    assert len(values) == len(suspect)
    assert all(v is None or 0.0 <= v <= 1.0 for v in values)
    # every sentence is fully contained in itself
    self_values = containment(suspect, suspect, exact=exact)
    assert all(v is None or v == 1.0 for v in self_values)
    found = best_passage(original, suspect, window=2, exact=exact)
    if found is not None:
        assert 0 <= found.start < found.end <= len(suspect)
        assert 0.0 <= found.containment <= 1.0


def _plain_longest_run(a: list[str], b: list[str]) -> int:
    """Longest common run of words, by dynamic programming (a reference)."""
    best = 0
    prev = [0] * (len(b) + 1)
    for i in range(1, len(a) + 1):
        cur = [0] * (len(b) + 1)
        for j in range(1, len(b) + 1):
            if a[i - 1] == b[j - 1]:
                cur[j] = prev[j - 1] + 1
                best = max(best, cur[j])
        prev = cur
    return best


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from("abcd"), max_size=40), st.lists(st.sampled_from("abcd"), max_size=40),
       st.integers(1, 8))
def test_longest_shared_run_against_a_plain_search(a: list[str], b: list[str], min_run: int) -> None:
    from collections import Counter

    from spundetect.passage import MAX_RUN_STARTS

    got = longest_shared_run(a, b, min_run)
    plain = _plain_longest_run(a, b)
    assert got == 0 or min_run <= got <= plain
    # Whether a run of min_run words exists is exact, unless one of the original's anchors
    # (k words every step words) recurs more often than the search follows up.
    step = (min_run + 1) // 2
    k = min_run - step + 1
    anchors = Counter(tuple(a[i : i + k]) for i in range(0, len(a) - k + 1, step))
    if max(anchors.values(), default=0) <= MAX_RUN_STARTS:
        assert (got >= min_run) == (plain >= min_run)


def test_longest_shared_run_finds_the_run_and_stays_linear_on_repeats() -> None:
    words = [f"w{k}" for k in range(200)]
    suspect = ["x"] * 50 + words[40:120] + ["y"] * 50
    assert longest_shared_run(words, suspect, 30) == 80
    assert longest_shared_run(words, words[::-1], 30) == 0
    assert longest_shared_run(words, words[:29], 30) == 0
    # A text that repeats one line many times: each window is followed up from a few places.
    line = "the same line of a listing again and again".split()
    assert longest_shared_run(line * 300, line * 300, 30) == len(line) * 300
