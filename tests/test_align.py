"""The sentence aligner: blocks, skips, and the two candidate paths agreeing."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from spundetect.align import Block, align


def covers(blocks: list[Block], n: int, m: int) -> None:
    o = s = 0
    for b in blocks:
        assert b.original[0] == o and b.suspect[0] == s
        assert b.original[1] >= o and b.suspect[1] >= s
        o, s = b.original[1], b.suspect[1]
    assert (o, s) == (n, m)


def sentences(rng: random.Random, n: int, vocab: int = 400) -> list[list[str]]:
    return [[f"w{rng.randrange(vocab)}" for _ in range(rng.randint(6, 20))] for _ in range(n)]


def test_boilerplate_and_headline_stay_unaligned() -> None:
    orig = [["the", "cat", "sat", "on", "the", "mat"], ["it", "was", "very", "happy", "there"]]
    susp = [["big", "headline", "here"], ["the", "cat", "sat", "on", "a", "mat"],
            ["it", "was", "very", "happy", "there"], ["leave", "a", "reply"]]
    blocks = align(orig, susp)
    covers(blocks, 2, 4)
    assert [b.kind for b in blocks] == ["0:1", "1:1", "1:1", "0:1"]


def test_split_sentence_is_one_to_two() -> None:
    orig = [["a", "b", "c", "d", "e", "f", "g", "h"]]
    susp = [["a", "b", "c", "d"], ["e", "f", "g", "h"]]
    assert [b.kind for b in align(orig, susp)] == ["1:2"]
    assert [b.kind for b in align(susp, orig)] == ["2:1"]


def test_empty_sides() -> None:
    assert align([], []) == []
    covers(align([["a"]], []), 1, 0)
    covers(align([], [["a"]]), 0, 1)


def test_exact_and_indexed_paths_agree_on_a_shuffled_document() -> None:
    rng = random.Random(7)
    orig = sentences(rng, 120)
    # the suspect: the original with sentences dropped, a few inserted, words changed
    susp: list[list[str]] = []
    for sent in orig:
        if rng.random() < 0.1:
            continue
        changed = [w if rng.random() > 0.25 else f"x{rng.randrange(50)}" for w in sent]
        susp.append(changed)
        if rng.random() < 0.05:
            susp.append(sentences(rng, 1)[0])
    exact = align(orig, susp, exact=True)
    indexed = align(orig, susp, exact=False)
    covers(exact, len(orig), len(susp))
    covers(indexed, len(orig), len(susp))
    assert exact == indexed


def test_long_documents_use_the_index() -> None:
    rng = random.Random(3)
    orig = sentences(rng, 3000, vocab=20000)
    susp = [list(s) for s in orig]
    blocks = align(orig, susp)  # 9,000,000 pairs: the indexed path
    assert all(b.kind == "1:1" for b in blocks) and len(blocks) == 3000


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from("abcdefgh"), min_size=1, max_size=8), max_size=10),
       st.lists(st.lists(st.sampled_from("abcdefgh"), min_size=1, max_size=8), max_size=10))
def test_alignment_covers_every_sentence_once(a: list[list[str]], b: list[list[str]]) -> None:
    blocks = align(a, b)
    covers(blocks, len(a), len(b))
    for blk in blocks:
        assert 0.0 <= blk.similarity <= 1.0
