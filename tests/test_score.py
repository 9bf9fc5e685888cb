"""The evidence-aware score: contracts of the shipped model, properties of the probability,
and a differential check against a reference reading of the model file."""

from __future__ import annotations

import json
import math
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import spundetect
from spundetect.errors import ResourceError
from spundetect.models import Statistics
from spundetect.score import EVIDENCE, FEATURES, features, load_model, log_likelihood_ratio, probability

#: Counts more spinning adds: their weights must not be negative (monotone score).
SPINNING_KINDS = ("flagged_swaps", "synonym_swaps", "thesaurus_swaps", "rare_loose_swaps", "form_swaps", "form_weight",
                  "swap_weight")


def stats(words: int, flagged: int = 0, synonyms: int = 0, thesaurus: int = 0, edits: int = 0,
          forms: int = 0, form_weight: float = 0.0, indel: int = 0, rare_loose: int = 0) -> Statistics:
    """Statistics of one aligned stretch of ``words`` words on each side (a rare loose
    swap is a thesaurus swap to a much rarer word, weight 0.3)."""
    thesaurus += rare_loose
    counted = flagged + synonyms + thesaurus
    return Statistics(
        original_sentences=1, suspect_sentences=1, original_tokens=words, suspect_tokens=words,
        aligned_pairs=1, aligned_original_tokens=words, aligned_suspect_tokens=words + indel,
        equal_tokens=words - counted - edits, swaps=counted + edits, swapped_original_tokens=counted + edits,
        swapped_suspect_tokens=counted + edits, synonym_swaps=counted, flagged_swaps=flagged,
        swap_weight=1.5 * flagged + 1.0 * synonyms + 0.2 * thesaurus + 0.1 * rare_loose, inserted_tokens=indel,
        deleted_tokens=0,
        moved_tokens=0, repeated_swaps=0, consistent_swaps=0, tells=0, strong_tokens=words,
        thesaurus_swaps=thesaurus, form_swaps=forms, form_weight=form_weight, rare_loose_swaps=rare_loose,
    )


def test_shipped_model_is_monotone_in_spinning() -> None:
    model = load_model()
    assert model.name.startswith("evidence-")
    assert set(model.features) <= set(EVIDENCE) <= set(FEATURES)
    for name, w, v in zip(model.features, model.weights, model.short_weights):
        if name in SPINNING_KINDS:
            assert w >= 0 and v >= 0, name
        if name == "aligned_words":
            assert w <= 0 and v <= 0  # unchanged text counts against
    a_long, a_short, _, b_short = model.calibration
    assert a_long >= 0 and a_short >= 0  # the slope stays positive at every length
    assert b_short == 0  # nothing aligned: even odds
    assert 0.5 <= model.threshold < 1


def test_no_evidence_is_even_odds() -> None:
    assert probability(features(stats(0)), load_model()) == pytest.approx(0.5)


def test_the_same_rate_over_more_text_is_stronger_evidence() -> None:
    # one flagged swap in ten words: thin in a sentence, overwhelming over a page
    model = load_model()
    scores = [probability(features(stats(n, flagged=n // 10)), model) for n in (10, 30, 100, 300, 1000)]
    assert scores == sorted(scores)
    assert scores[-1] > 0.999 and scores[0] < scores[-1]


def test_a_loose_link_to_a_much_rarer_word_weighs_more_than_a_plain_loose_link() -> None:
    model = load_model()
    for words in (20, 50, 150, 600):
        plain = probability(features(stats(words, thesaurus=2)), model)
        rare = probability(features(stats(words, rare_loose=2)), model)
        assert rare > plain


def test_human_like_counts_score_low_and_spinner_like_counts_high() -> None:
    model = load_model()
    # a page a person edited: two synonyms, five edits, twelve inserted words in 400
    assert probability(features(stats(400, synonyms=2, edits=5, indel=12)), model) < 0.05
    # a page spun at a light rate: 7 % of its words swapped, half of them flagged
    assert probability(features(stats(400, flagged=14, synonyms=14)), model) > 0.99


@settings(max_examples=200, deadline=None)
@given(words=st.integers(1, 3000), flagged=st.integers(0, 30), synonyms=st.integers(0, 30),
       thesaurus=st.integers(0, 10), edits=st.integers(0, 20), forms=st.integers(0, 10),
       indel=st.integers(0, 50), rare_loose=st.integers(0, 10),
       kind=st.sampled_from(["flagged", "synonyms", "thesaurus", "forms", "rare_loose"]))
def test_one_more_spinner_swap_never_lowers_the_score(words: int, flagged: int, synonyms: int, thesaurus: int,
                                                      edits: int, forms: int, indel: int, rare_loose: int,
                                                      kind: str) -> None:
    model = load_model()
    counts = dict(flagged=flagged, synonyms=synonyms, thesaurus=thesaurus, forms=forms, rare_loose=rare_loose)
    base = features(stats(words + 40, edits=edits, indel=indel, form_weight=0.9 * forms, **counts))
    counts[kind] += 1
    more = features(stats(words + 40, edits=edits, indel=indel, form_weight=0.9 * counts["forms"], **counts))
    assert probability(more, model) >= probability(base, model) - 1e-12


def reference_probability(values: dict[str, float], data: dict[str, object]) -> tuple[float, float]:
    """The model file read directly, the formula of docs/scoring.md written out again:
    the summed log-likelihood ratio and the probability."""
    names = data["features"]
    weights = data["weights"]
    short = data["short_weights"]
    a_long, a_short, b_long, b_short = data["calibration"]  # type: ignore[misc]
    n = values["aligned_words"]
    s = data["short_words"] / (data["short_words"] + n)  # type: ignore[operator]
    llr = 0.0
    for k, name in enumerate(names):  # type: ignore[arg-type]
        llr += ((1 - s) * weights[k] + s * short[k]) * values[name]  # type: ignore[index]
    z = ((1 - s) * a_long + s * a_short) * llr + (1 - s) * b_long + s * b_short
    return llr, (1 / (1 + math.exp(-z)) if z > -700 else 0.0)


@pytest.mark.parametrize(("original", "suspect"), [
    ("The two men met an old friend in Moscow.", "The 2 males met a previous pal in Moscow."),
    ("He said he would come.", "He stated he would come."),
    ("The company said profits rose sharply in the third quarter, and the shares went up.",
     "The firm said earnings climbed sharply in the third quarter, and the shares went up."),
    ("I do not think they can win.", "I don't think they could win."),
])
def test_probability_matches_a_reference_reading_of_the_model_file(original: str, suspect: str) -> None:
    data = json.loads(resources.files("spundetect").joinpath("_data/scorer.json").read_text("utf-8"))
    c = spundetect.compare(original, suspect)
    llr, expected = reference_probability(c.features, data)
    assert c.score == pytest.approx(expected, abs=2e-6)
    assert log_likelihood_ratio(c.features, load_model()) == pytest.approx(llr, abs=1e-4)


def test_form_swaps_count_in_the_statistics() -> None:
    c = spundetect.compare("I do not think they can win the game today.", "I don't think they could win the game today.")
    assert c.stats.form_swaps == 2
    assert c.stats.form_weight == pytest.approx(0.96 + 0.94)
    assert c.features["form_swaps"] == 2.0


def test_a_malformed_model_file_is_a_resource_error(tmp_path: Path) -> None:
    data = json.loads(resources.files("spundetect").joinpath("_data/scorer.json").read_text("utf-8"))
    bad = tmp_path / "scorer.json"
    bad.write_text(json.dumps({**data, "short_weights": data["short_weights"][:-1]}), "utf-8")
    with pytest.raises(ResourceError, match="malformed"):
        load_model(bad)
    bad.write_text(json.dumps({**data, "features": [*data["features"][:-1], "no_such_count"]}), "utf-8")
    with pytest.raises(ResourceError, match="no_such_count"):
        load_model(bad)
    old = {k: v for k, v in data.items() if k not in ("weights", "short_weights", "calibration")}
    bad.write_text(json.dumps(old), "utf-8")
    with pytest.raises(ResourceError, match="malformed"):
        load_model(bad)
