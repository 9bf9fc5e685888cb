"""Direction: Comparison.reversed, spundetect.orient and the direction features."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import spundetect
from spundetect.direction import (
    FEATURES,
    DirectionModel,
    direction_features,
    load_direction_model,
    probability_from_features,
    reversed_note,
    reversed_probability,
)
from spundetect.errors import ResourceError
from spundetect.models import Comparison
from spundetect.spin import spin

ORIGINAL = (
    "The two men met an old friend near the big house. They talked about the long winter and the "
    "price of bread, and then they walked slowly back to the village before dark."
)
SPUN = spin(ORIGINAL, mode="first").text


def test_the_spun_side_is_found_both_ways_round() -> None:
    forward = spundetect.compare(ORIGINAL, SPUN)
    backward = spundetect.compare(SPUN, ORIGINAL)
    assert 0.0 <= forward.reversed < 0.5 < backward.reversed <= 1.0


def test_orient_puts_the_original_first() -> None:
    o = spundetect.orient(SPUN, ORIGINAL)
    assert (o.original, o.suspect, o.swapped) == (ORIGINAL, SPUN, True)
    assert 0.5 < o.probability <= 1.0
    same = spundetect.orient(ORIGINAL, SPUN)
    assert (same.original, same.swapped) == (ORIGINAL, False)
    assert same.probability == pytest.approx(1.0 - spundetect.compare(ORIGINAL, SPUN).reversed)


def test_nothing_to_read_is_one_half() -> None:
    c = spundetect.compare(ORIGINAL, ORIGINAL)
    assert c.reversed == 0.5
    o = spundetect.orient(ORIGINAL, ORIGINAL)
    assert (o.original, o.probability, o.swapped) == (ORIGINAL, 0.5, False)
    assert reversed_note(c.reversed) is None


def test_old_json_without_reversed_still_validates() -> None:
    c = spundetect.compare(ORIGINAL, SPUN)
    data = json.loads(c.model_dump_json())
    del data["reversed"]
    old = Comparison.model_validate(data)
    assert old.reversed == 0.0
    assert Comparison.model_validate_json(c.model_dump_json()) == c


def _mirrored(c: Comparison) -> list[dict[str, object]]:
    return [
        {"original": s.suspect, "suspect": s.original, "original_span": s.suspect_span,
         "suspect_span": s.original_span, "relation": s.relation, "synonym": s.synonym}
        for s in c.swaps
    ]


class _Row:
    def __init__(self, **fields: object) -> None:
        self.__dict__.update(fields)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), p=st.sampled_from([0.25, 0.5, 1.0]))
def test_features_flip_sign_when_the_texts_are_exchanged(seed: int, p: float) -> None:
    spun = spin(ORIGINAL, p=p, seed=seed, rules=True).text
    c = spundetect.compare(ORIGINAL, spun)
    forward = direction_features(ORIGINAL, spun, c.swaps)
    backward = direction_features(spun, ORIGINAL, [_Row(**m) for m in _mirrored(c)])
    for name in FEATURES:
        assert forward[name] == pytest.approx(-backward[name], abs=1e-9), name
    model = load_direction_model()
    total = probability_from_features(forward, model) + probability_from_features(backward, model)
    assert total == pytest.approx(1.0)


def test_probability_matches_a_reference_logistic() -> None:
    # differential check: the shipped JSON read directly, with a plain logistic
    path = Path(spundetect.__file__).parent / "_data" / "direction.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    c = spundetect.compare(ORIGINAL, SPUN)
    values = direction_features(ORIGINAL, SPUN, c.swaps)
    z = sum(w * values[n] / s for n, s, w in zip(raw["features"], raw["scale"], raw["coef"]))
    expected = 1.0 / (1.0 + math.exp(z))
    assert reversed_probability(ORIGINAL, SPUN, c.swaps) == pytest.approx(expected)
    assert c.reversed == pytest.approx(expected, abs=1e-6)


def test_shipped_model_is_well_formed() -> None:
    model = load_direction_model()
    assert set(model.features) <= set(FEATURES)
    assert all(s > 0 for s in model.scale)


def test_bad_model_file_is_a_resource_error(tmp_path: Path) -> None:
    bad = tmp_path / "direction.json"
    bad.write_text('{"name": "x", "features": ["nope"], "scale": [1], "coef": [1]}', encoding="utf-8")
    with pytest.raises(ResourceError):
        load_direction_model(bad)
    with pytest.raises(ResourceError):
        load_direction_model(tmp_path / "missing.json")


def test_custom_model_is_used() -> None:
    model = DirectionModel("m", ("article",), (1.0,), (2.0,))
    c = spundetect.compare("We met an old friend.", "We met an previous pal.")
    assert reversed_probability(c.original, c.suspect, c.swaps, model=model) == pytest.approx(
        1.0 / (1.0 + math.exp(2.0))
    )


def test_reports_say_when_the_texts_look_reversed() -> None:
    backward = spundetect.compare(SPUN, ORIGINAL)
    forward = spundetect.compare(ORIGINAL, SPUN)
    assert "direction: probably reversed" in backward.to_text(width=100)
    assert "direction: probably reversed" not in forward.to_text(width=100)
    assert 'class="spd-direction"' in backward.to_html()
    assert 'class="spd-direction"' not in forward.to_html()


def test_cli_says_when_the_texts_look_reversed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from spundetect.cli import main

    original, spun = tmp_path / "original.txt", tmp_path / "spun.txt"
    original.write_text(ORIGINAL, encoding="utf-8")
    spun.write_text(SPUN, encoding="utf-8")
    assert main(["compare", str(spun), str(original), "--html", str(tmp_path / "r.html")]) == 0
    assert "direction: probably reversed" in capsys.readouterr().out
    assert main(["compare", str(original), str(spun), "--html", str(tmp_path / "r.html")]) == 0
    assert "direction:" not in capsys.readouterr().out
    assert main(["compare", str(spun), str(original)]) == 0
    assert "direction: probably reversed" in capsys.readouterr().out


_VOCAB = ["a", "an", "A", "look", "up", "old", "apple", "friend", "hour", "ice", "cream", "Big",
          "it's", "u.s.", "3", "-", ",", ".", "\n", "best-known"]


def _plain_side_marks(text: str, a: int, b: int) -> tuple[bool, bool]:
    """The article misfit and the neighbour phrase of the side ``text[a:b]`` of a swap,
    from a plain list of every word (as the direction features once kept), each test
    written apart."""
    import bisect
    import re

    from spundetect.direction import _is_phrase
    from spundetect.evidence import article_fits

    words = text[a:b].lower().split()
    listed = [(m.start(), m.end(), m.group().lower()) for m in re.finditer(r"[A-Za-z][A-Za-z'\u2019]*", text)]
    ends = [e for _, e, _ in listed]
    k = bisect.bisect_right(ends, a) - 1
    before = listed[k][2] if k >= 0 and a - ends[k] <= 3 else ""
    k = bisect.bisect_left([s for s, _, _ in listed], b)
    after = listed[k][2] if k < len(listed) and listed[k][0] - b <= 3 else ""
    misfit = ("a" in text[max(0, a - 6) : a].lower() and before in ("a", "an")
              and not article_fits(before, words[0]))
    phrase = " ".join(words)
    near = len(words) <= 2 and (bool(before and _is_phrase(f"{before} {phrase}"))
                                or bool(after and _is_phrase(f"{phrase} {after}")))
    return misfit, near


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_VOCAB), max_size=12), st.lists(st.sampled_from([" ", "  ", "", "\n"]),
       min_size=12, max_size=12), st.integers(0, 80), st.integers(0, 80))
def test_side_marks_match_a_plain_list_of_words(pieces: list[str], gaps: list[str], x: int, y: int) -> None:
    """_side_marks reads both from the words' offsets alone, the word before looked up once."""
    from spundetect.direction import _neighbours, _side_marks, _words_of

    text = "".join(p + g for p, g in zip(pieces, gaps))
    a, b = sorted((min(x, len(text)), min(y, len(text))))
    words = text[a:b].lower().split()
    if words:
        assert _side_marks(text, (a, b), words, _words_of(text)) == _plain_side_marks(text, a, b)
        # the neighbours looked up for all spans at once (direction_features) read the same
        near = _neighbours(_words_of(text), [(a, b)])
        assert _side_marks(text, (a, b), words, _words_of(text), (near[0][0], near[1][0])) == \
            _plain_side_marks(text, a, b)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_VOCAB), max_size=12), st.lists(st.sampled_from([" ", "  ", "", "\n"]),
       min_size=12, max_size=12), st.lists(st.tuples(st.integers(0, 80), st.integers(0, 80)), max_size=6))
def test_neighbours_are_the_bisections_of_each_span(pieces: list[str], gaps: list[str],
                                                    spans: list[tuple[int, int]]) -> None:
    """_neighbours: per span, bisect_right of its start in the words' ends (minus one) and
    bisect_left of its end in their starts, for all spans at once (no word: -1 and 0)."""
    import bisect

    from spundetect.direction import _neighbours, _words_of

    text = "".join(p + g for p, g in zip(pieces, gaps))
    spans = [(min(x, y), max(x, y)) for x, y in spans]
    starts, ends = _words_of(text)
    want = ([bisect.bisect_right(list(ends), a) - 1 for a, _ in spans],
            [bisect.bisect_left(list(starts), b) for _, b in spans])
    assert _neighbours(_words_of(text), spans) == want


@pytest.mark.parametrize(("text", "side", "want"), [
    ("we met a old friend", "old", (True, False)),
    ("we met an friend", "friend", (True, False)),
    ("we met an old friend", "old", (False, False)),
    ("they look up the word", "look", (False, True)),  # "look up" after it
    ("they look up the word", "up", (False, True)),  # "look up" before it
    ("they read the word", "read", (False, False)),
])
def test_side_marks_known_cases(text: str, side: str, want: tuple[bool, bool]) -> None:
    from spundetect.direction import _side_marks, _words_of

    a = text.index(side)
    b = a + len(side)
    assert _plain_side_marks(text, a, b) == want
    assert _side_marks(text, (a, b), text[a:b].lower().split(), _words_of(text)) == want


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abZ '\u2019-1é.\n@[`{") + ["\u00ad", "\U0001d400"]), max_size=40))
def test_words_of_are_the_matches_of_the_word_pattern(text: str) -> None:
    """_words_of (NumPy over the characters, branch seedspeed2) against the plain
    definition: every match of the word pattern over the text."""
    import re

    from spundetect.direction import _words_of

    spans = [m.span() for m in re.finditer(r"[A-Za-z][A-Za-z'\u2019]*", text)]
    starts, ends = _words_of(text)
    assert list(zip(starts, ends)) == spans


def test_words_of_is_not_kept_across_calls() -> None:
    """A text's words are found anew on each call (no cache keyed on the whole text: a
    benchmark that compares the same pair again would time less work than a caller does)."""
    from spundetect.direction import _words_of

    assert not hasattr(_words_of, "cache_info")
    assert _words_of("an old friend") is not _words_of("an old friend")
