"""Two words for one word of a term (``spundetect.tortured.unit_matches``), and the loss
breakdown of ``benchmarks/tortured_eval.py --only breakdown``.

* Contracts: units learned from the list's longer pairs and from WordNet, the index round
  trip, a unit candidate's span, term and score, known phrases winning.
* Property (hypothesis): a unit candidate's span slices back to a run of the text one token
  longer than its term, and never overlaps another tell.
* Differential: :func:`unit_matches` at any score against a naive scan of every run of the
  text against every established term.
"""

from __future__ import annotations

import math
import random
import re
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spundetect import tortured

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCH))

import tortured_eval  # noqa: E402

_PAIRS = [("man-made neural network", "artificial neural network"),
          ("profound organization", "deep network"), ("profound learning", "deep learning"),
          ("feeling recognizable proof", "emotion identification"),
          ("face recognizable proof", "face identification"),
          ("irregular variable", "random variable")]


@pytest.fixture(scope="module")
def index() -> tortured.Phrases:
    return tortured.build_phrases(_PAIRS, wordnet_terms=False)


def test_units_are_learned_from_pairs_one_word_longer(index: tortured.Phrases) -> None:
    key = tortured.word_key
    assert index.units == {("man", key("made")): {"artificial": 1},
                           (key("recognizable"), "proof"): {"identification": 1}}
    # of "feeling recognizable proof", only "face recognizable proof" taught it: the list
    # makes no substitution of "feeling" for "emotion", so the unit's place is not certain
    # a pair whose place is ambiguous teaches nothing: "a b c" for "x y" could be either
    built = tortured.build_phrases([("alpha beta gamma", "delta epsilon")], wordnet_terms=False)
    assert built.units == {}


def test_wordnet_units_reach_the_lists_words_only() -> None:
    built = tortured.build_phrases([("greasy cells", "fat cells")])
    # "adipose tissue" is a two-word WordNet synonym of "fat"; the list never writes it
    assert built.units[(tortured.word_key("adipose"), tortured.word_key("tissue"))] == {"fat": 0}
    # a synonym holding the word itself is no unit ("fat cell" for "cell")
    assert all(w not in unit for unit, v in built.units.items() for w in v)
    assert all(any(w in built.listed_vocabulary for w in v) for v in built.units.values())


def test_the_index_round_trips_units() -> None:
    shipped = tortured.load_index()
    assert shipped.units and all(isinstance(n, int) for v in shipped.units.values() for n in v.values())
    text = tortured.index_text(shipped, digest="0")
    assert sum(line.startswith("U\t") for line in text.splitlines()) == len(shipped.units)


def test_a_unit_candidate_names_the_term_and_scores_like_the_others(index: tortured.Phrases) -> None:
    text = "We ran a man-made neural organization on it."
    (m,) = tortured.unit_matches(text, tortured.tokens(text), index, min_score=-math.inf)
    assert (text[m.start:m.end], m.term, m.known, m.virtual) == (
        "man-made neural organization", "artificial neural network", False, False)
    values = dict(zip(tortured.FEATURES, m.features))
    # the unit and "organization" are two changed words, both substitutions the list makes
    assert values["list"] == 2.0 and values["wordnet"] == 0.0 and values["same"] == 1.0
    assert values["list_uses"] == pytest.approx(2 * math.log(2))
    assert m.score == round(tortured.candidate_score(m.features), 4)
    assert tortured.unit_matches(text, tortured.tokens(text), index, min_score=m.score + 1e-3) == []
    # the unit as the term's last word: "emotion" is the term's own
    text = "Emotion recognizable proof works."
    (m,) = tortured.unit_matches(text, tortured.tokens(text), index, min_score=-math.inf)
    assert (text[m.start:m.end], m.term) == ("Emotion recognizable proof", "emotion identification")
    # the known phrase wins: it is matched as known, not again as a unit candidate
    text = "A man-made neural network."
    found = tortured.find_tortured(text, phrases=index)
    assert [(m.known, m.term) for m in found] == [(True, "artificial neural network")]
    # a unit and function words make no term: "focal point of" for "center of"
    built = tortured.build_phrases([("focus of mass", "center of mass")], wordnet_terms=False)
    built.units = {("focal", "point"): {"center": 0}, ("heavy", "lump"): {"mass": 0}}  # as WordNet gives
    assert built.term(("center", "of")) is not None
    text = "The focal point of it."
    assert tortured.unit_matches(text, tortured.tokens(text), built, min_score=-math.inf) == []
    text = "The focal point of mass."
    (m,) = tortured.unit_matches(text, tortured.tokens(text), built, min_score=-math.inf)
    assert m.term == "center of mass"
    # the unit as the last word of a term, after a function word
    text = "The center of heavy lump."
    (m,) = tortured.unit_matches(text, tortured.tokens(text), built, min_score=-math.inf)
    assert (text[m.start:m.end], m.term) == ("center of heavy lump", "center of mass")
    # a term word that is neither the text's nor linked: no candidate
    text = "A man-made basket organization."
    assert tortured.unit_matches(text, tortured.tokens(text), index, min_score=-math.inf) == []


def test_new_matches_reports_units_at_the_threshold(index: tortured.Phrases,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    text = "Emotion recognizable proof works."
    monkeypatch.setattr(tortured, "VIRTUAL_MIN_SCORE", math.inf)
    (m,) = tortured.unit_matches(text, tortured.tokens(text), index, min_score=-math.inf)
    monkeypatch.setattr(tortured, "MIN_SCORE", m.score)
    assert tortured.find_tortured(text, phrases=index) == [m]
    monkeypatch.setattr(tortured, "MIN_SCORE", m.score + 0.01)
    assert tortured.find_tortured(text, phrases=index) == []


def _naive_units(text: str, toks: list[tortured.Token], phrases: tortured.Phrases) -> set[tuple[int, int, str]]:
    """Every unit candidate by the definition: a run one token longer than an established
    term of 2 to MAX_NEW_WORDS words, two adjacent tokens of it a unit for the term's word
    there, another word of the term a content word, every other word the term's own or linked (a WordNet term through the list
    only), no run that is itself a term or a known phrase, only spaces or hyphens inside."""
    out: set[tuple[int, int, str]] = set()
    terms = phrases.terms()
    for keys, (term_text, listed) in terms.items():
        size = len(keys)
        for start in range(len(toks) - size):
            run = toks[start : start + size + 1]
            if not all(re.fullmatch(r"[\s\-\u2010\u2011]*", text[a.end:b.start]) for a, b in zip(run, run[1:])):
                continue
            run_keys = tuple(t.key for t in run)
            if run_keys in phrases.known or (len(run_keys) <= tortured.MAX_NEW_WORDS and run_keys in terms):
                continue
            for p in range(size):
                if not any(phrases.content(k) for q, k in enumerate(keys) if q != p):
                    continue
                uses = phrases.units.get((run_keys[p], run_keys[p + 1]), {}).get(keys[p])
                if uses is None or (not listed and uses == 0):
                    continue
                others = [t for q, t in enumerate(run) if q not in (p, p + 1)]
                ok = True
                for q, (t, k) in enumerate(zip(others, keys[:p] + keys[p + 1 :])):
                    if t.key == k:
                        continue
                    link = phrases.options(t.key).get(k) if phrases.content(t.key) else None
                    if link is None or (not listed and link != "list"):
                        ok = False
                if ok:
                    out.add((run[0].start, run[-1].end, term_text))
    return out


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), size=st.integers(2, 14))
def test_unit_matches_agree_with_a_naive_scan(seed: int, size: int) -> None:
    rng = random.Random(seed)
    index = tortured.build_phrases(_PAIRS, wordnet_terms=False)
    vocab = ["man-made", "man", "made", "neural", "organization", "network", "deep", "profound",
             "recognizable proof", "emotion", "feeling", "face", "identification", "random", "the"]
    text = rng.choice([" ", "-"]).join(rng.choice(vocab) for _ in range(size))
    toks = tortured.tokens(text)
    every = tortured.unit_matches(text, toks, index, min_score=-math.inf)
    naive = _naive_units(text, toks, index)
    # ours: not overlapping, each one of the definition's candidates
    assert {(m.start, m.end, m.term) for m in every} <= naive
    assert all(a.end <= b.start for a, b in zip(every, every[1:]))
    # and every candidate of the definition overlaps one of ours (leftmost, best first)
    for start, end, _term in naive:
        assert any(m.start < end and start < m.end for m in every), (text, start, end)


@settings(max_examples=40, deadline=None)
@given(words=st.lists(st.sampled_from(["man-made", "neural", "organization", "emotion", "recognizable",
                                       "proof", "a", "deep", "Profound", "learning"]), min_size=1, max_size=12))
def test_tells_slice_back_and_never_overlap(words: list[str]) -> None:
    index = tortured.build_phrases(_PAIRS, wordnet_terms=False)
    text = " ".join(words)
    found = tortured.find_tortured(text, phrases=index)
    for m in found:
        assert text[m.start:m.end].strip() == text[m.start:m.end] != ""
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))


# --- the benchmark's loss breakdown ------------------------------------------------------


def test_breakdown_kinds(index: tortured.Phrases) -> None:
    kind = tortured_eval.breakdown_kind
    kinds = tortured_eval.BREAKDOWN_KINDS
    assert kind("man-made intelligence", "artificial intelligence", index) == kinds[3]
    assert kind("creepy crawlies", "insect", index) == kinds[4]
    assert kind("with macs", "magnetic-activated cell sorting", index) == kinds[5]
    # a term of the index whose changed word no resource links
    assert kind("profound basket", "deep network", index) == kinds[7]
    # the term unknown, its word "kalman" unknown to the list
    assert kind("kalman channel", "kalman filter", index) == kinds[10]
    assert kind("to the finest of our information", "to the best of our knowledge", index) == kinds[9]
    assert set(kinds) >= {kind("irregular organization", "random network", index)}


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab_ 1-\n.É\u200bβ'") + ["\u00ad", "Ω"]), max_size=60))
def test_tokens_are_the_words_the_token_pattern_finds(text: str) -> None:
    # tortured._tokens makes its tokens from one split; the definition is one match per word
    want = [tortured.Token(tortured.word_key(m.group()), m.start(), m.end()) for m in tortured._TOKEN.finditer(text)]
    assert tortured._tokens(text) == want
