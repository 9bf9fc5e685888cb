"""The walks of the tortured-phrase search over a text's words skip the words that cannot
start a match (branch seedspeed2): the known phrases' walk (``tortured.known_matches``)
only looks at words whose key starts a known phrase, the new phrases' walk
(``tortured.new_matches``) passes by the words whose cached follow-up is empty and that
start no virtual run, and (branch seedspeed4) those whose next word's cached options reach
none of the terms their follow-up lists.

* Differential: :func:`tortured.known_matches` against the plain walk of every word (the
  definition: leftmost, longest first, not overlapping), on the shipped list and on a
  small index built here.
* Differential: :func:`tortured.new_matches` with a cold index (nothing cached, so no word
  is skipped) against the same index warm (its caches filled by earlier texts, so most
  words are skipped), and a ``taken`` set.
* Contract: the first keys are made again when the known phrases grow.
"""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from spundetect import tortured

_PAIRS = [("man-made neural network", "artificial neural network"),
          ("profound organization", "deep network"), ("profound learning", "deep learning"),
          ("feeling recognizable proof", "emotion identification"),
          ("irregular variable", "random variable"), ("irregular timberland", "random forest"),
          ("counterfeit consciousness", "artificial intelligence"), ("bosom peril", "breast cancer")]
_VOCAB = ["man-made", "neural", "network", "organization", "profound", "deep", "learning", "irregular",
          "variable", "timberland", "forest", "counterfeit", "consciousness", "bosom", "peril", "the",
          "a", "of", "random", "feeling", "recognizable", "proof", "emotion", "artificial", "Profound"]


def _plain_known(toks: list[tortured.Token], phrases: tortured.Phrases) -> list[tuple[int, int, list[str]]]:
    """Every word looked at, left to right: the longest known phrase starting there wins
    and the walk goes on after it."""
    keys = [t.key for t in toks]
    out = []
    i = 0
    while i < len(keys):
        size = 0
        for phrase in sorted(phrases.known, key=lambda p: (-len(p), p)):
            if tuple(keys[i : i + len(phrase)]) == phrase:
                size = len(phrase)
                out.append((i, i + size, phrases.known[phrase]))
                break
        i += size or 1
    return out


def _text(seed: int, size: int) -> str:
    rng = random.Random(seed)
    return rng.choice([" ", " ", "-", ". "]).join(rng.choice(_VOCAB) for _ in range(size))


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 100_000), size=st.integers(1, 30))
def test_known_matches_agree_with_the_plain_walk(seed: int, size: int) -> None:
    index = tortured.build_phrases(_PAIRS, wordnet_terms=False)
    text = _text(seed, size)
    toks = tortured.tokens(text)
    assert tortured.known_matches(toks, index) == _plain_known(toks, index)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 100_000), size=st.integers(1, 30))
def test_known_matches_on_the_shipped_list(seed: int, size: int) -> None:
    shipped = tortured.get_phrases()
    rng = random.Random(seed)
    # words of the shipped known phrases, and a few others, in random runs
    phrases = sorted(shipped.known)
    words = [w for p in rng.sample(phrases, 6) for w in p] + ["the", "of", "data"]
    toks = tortured.tokens(" ".join(rng.choice(words) for _ in range(size)))
    got = tortured.known_matches(toks, shipped)
    # the plain walk, with the shipped index's own look-up per word
    keys = [t.key for t in toks]
    want = []
    i = 0
    while i < len(keys):
        size_here = 0
        for start in ((keys[i], keys[i + 1]) if i + 1 < len(keys) else None, (keys[i], "")):
            for phrase in shipped.by_pair.get(start, []) if start is not None else []:
                if tuple(keys[i : i + len(phrase)]) == phrase:
                    size_here = len(phrase)
                    want.append((i, i + size_here, shipped.known[phrase]))
                    break
            if size_here:
                break
        i += size_here or 1
    assert got == want


@settings(max_examples=40, deadline=None)
@given(seeds=st.lists(st.integers(0, 100_000), min_size=1, max_size=4), size=st.integers(2, 30),
       taken=st.sets(st.integers(0, 30), max_size=4))
def test_new_matches_warm_skip_as_the_cold_walk(seeds: list[int], size: int, taken: set[int]) -> None:
    texts = [_text(seed, size) for seed in seeds]
    warm = tortured.build_phrases(_PAIRS, wordnet_terms=False)
    for text in texts:  # fills the warm index's caches
        tortured.new_matches(text, tortured.tokens(text), warm)
    for text in texts:
        toks = tortured.tokens(text)
        cold = tortured.build_phrases(_PAIRS, wordnet_terms=False)
        assert not cold._follow
        want = tortured.new_matches(text, toks, cold, taken)
        assert tortured.new_matches(text, toks, warm, taken) == want
        assert tortured.new_matches(text, toks, cold, taken) == want  # now warm too


def test_known_firsts_follow_the_known_phrases() -> None:
    index = tortured.build_phrases(_PAIRS, wordnet_terms=False)
    assert index.known_firsts() == frozenset(a for a, _ in index.by_pair)
    key = tortured.word_key
    index.by_pair[(key("zany"), key("quark"))] = [(key("zany"), key("quark"))]
    index.known[(key("zany"), key("quark"))] = ["strange quark"]
    assert key("zany") in index.known_firsts()
    toks = tortured.tokens("a zany quark")
    assert tortured.known_matches(toks, index) == [(1, 3, ["strange quark"])]


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab_ 1-\n.É'β") + ["\u200b", "\u00ad", "\ufeff", "Ω"]), max_size=40))
def test_the_plain_split_is_the_token_split_without_invisible_characters(text: str) -> None:
    # A text without a zero-width character is split by the plain pattern (branch
    # seedspeed2): the same parts as the token pattern's split, which they cannot change.
    assert tortured._token_split(text).split(text) == tortured._TOKEN_SPLIT.split(text)
