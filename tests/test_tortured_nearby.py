"""The ``nearby`` link kind of ``spundetect.tortured`` (one WordNet step from a word of the
text to a word of the list's terms: a direct hypernym, a similar adjective), and the
threshold refit of ``benchmarks/tortured_eval.py --only refit``.

* Contracts: ``Phrases.options`` gives the kind only when :data:`tortured.LINKS` holds it,
  after list substitutions and WordNet synonyms, towards the list's words only; a
  candidate's :data:`tortured.FEATURES` count it.
* Property (hypothesis): with the link on, tells still slice back and never overlap.
* Differential: every ``nearby`` option is a lemma of :meth:`Lexicon.nearby` of the word
  (a simple reference: the lexicon's list, keyed and filtered by the listed vocabulary).
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spundetect import tortured
from spundetect.lexicon import get_lexicon

_PAIRS = [("irregular bag", "random bag"), ("profound organization", "deep network"),
          ("critical relationship", "significant relationship"), ("huge cancer", "big cancer")]


@pytest.fixture()
def nearby(monkeypatch: pytest.MonkeyPatch) -> tortured.Phrases:
    monkeypatch.setattr(tortured, "LINKS", ("list", "wordnet", "nearby"))
    return tortured.build_phrases(_PAIRS, wordnet_terms=False)


def test_nearby_is_off_by_default() -> None:
    assert "nearby" not in tortured.LINKS
    index = tortured.build_phrases(_PAIRS, wordnet_terms=False)
    assert "nearby" not in index.options(tortured.word_key("sack"), "sack").values()


def test_nearby_options_reach_the_lists_words(nearby: tortured.Phrases) -> None:
    key = tortured.word_key
    # "sack" is a kind of "bag", "carcinoma" of "cancer"; "noteworthy" is similar to "significant"
    assert nearby.options(key("sack"), "sack").get(key("bag")) == "nearby"
    assert nearby.options(key("carcinoma"), "carcinoma").get(key("cancer")) == "nearby"
    assert nearby.options(key("noteworthy"), "noteworthy").get(key("significant")) == "nearby"
    # a synonym keeps its stronger kind; nothing outside the list's words
    assert nearby.options(key("important"), "important").get(key("significant")) == "wordnet"
    for word in ("sack", "carcinoma", "noteworthy", "district"):
        assert set(nearby.options(key(word), word)) <= nearby.listed_vocabulary
    # the virtual target of a word no other link reaches
    assert nearby.target(key("sack"), "sack") == (key("bag"), "nearby")


def test_nearby_is_counted_in_the_features(nearby: tortured.Phrases) -> None:
    assert tortured.FEATURES[-1] == "nearby" and tortured.VIRTUAL_FEATURES[-1] == "nearby"
    text = "We saw a noteworthy relationship here."
    found = [m for m in tortured.new_matches(text, tortured.tokens(text), nearby, min_score=-math.inf)]
    assert [(text[m.start:m.end], m.term) for m in found] == [("noteworthy relationship",
                                                               "significant relationship")]
    features = dict(zip(tortured.FEATURES, found[0].features))
    assert features["nearby"] == 1.0 and features["wordnet"] == 0.0 and features["same"] == 1.0
    assert len(found[0].features) == len(tortured.FEATURES)


def test_nearby_options_agree_with_the_lexicon(nearby: tortured.Phrases) -> None:
    lex = get_lexicon()
    for word in ("sack", "carcinoma", "noteworthy", "district", "affiliation", "malady", "tumour"):
        opts = nearby.options(tortured.word_key(word), word)
        reference = {tortured.word_key(w) for w in lex.nearby(word) if " " not in w and "-" not in w}
        synonyms = {tortured.word_key(w) for w in lex.synonyms(word)}
        expected = (reference - synonyms - {tortured.word_key(word)}) & nearby.listed_vocabulary
        assert {o for o, kind in opts.items() if kind == "nearby"} == expected - {
            o for o, kind in opts.items() if kind != "nearby"}


@settings(max_examples=30, deadline=None)
@given(words=st.lists(st.sampled_from(["sack", "noteworthy", "relationship", "bag", "irregular", "a",
                                       "carcinoma", "huge", "profound", "organization", "Deep"]),
                      min_size=1, max_size=10))
def test_tells_slice_back_with_nearby(words: list[str]) -> None:
    saved = tortured.LINKS
    tortured.LINKS = ("list", "wordnet", "nearby")
    try:
        index = tortured.build_phrases(_PAIRS, wordnet_terms=False)
        text = " ".join(words)
        found = tortured.find_tortured(text, phrases=index)
    finally:
        tortured.LINKS = saved
    for m in found:
        assert text[m.start:m.end].strip() == text[m.start:m.end] != ""
        assert len(m.features) in (0, len(tortured.FEATURES), len(tortured.VIRTUAL_FEATURES))
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))


def test_fit_logistic_positive_weight() -> None:
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    import tortured_eval

    x = [[0.0], [1.0], [2.0], [3.0], [0.5], [2.5]]
    y = [0, 0, 1, 1, 1, 0]
    plain = tortured_eval.fit_logistic(x, y)
    assert tortured_eval.fit_logistic(x, y, positive_weight=1.0) == plain
    # counting each positive three times is the same fit as writing it three times
    tripled = tortured_eval.fit_logistic(x + [r for r, c in zip(x, y) if c] * 2, y + [1] * 2 * sum(y))
    weighted = tortured_eval.fit_logistic(x, y, positive_weight=3.0)
    assert weighted == pytest.approx(tripled, rel=1e-6, abs=1e-8)
    assert weighted[0] > plain[0]
