"""The plain-text report and the tabular views (records, DataFrames).

The golden files in tests/golden/ are rendered from fixed results (tests/golden/*.json),
so that they test the renderer and not the pipeline. Regenerate them after an intended
change with ``SPUNDETECT_UPDATE_GOLDEN=1 pytest tests/test_render_*`` and review the diff.

``small_pair.json`` and ``hostile.json`` are hand-made. ``moved.json`` is the result of
``spundetect.compare`` on examples/moved/ (a spun paragraph, a copied title and paragraph
and another spun paragraph, taken from the original in the order 3, 1, 2, among unrelated
text), frozen when it was written so that pipeline changes do not move the goldens::

    python -c "import spundetect as s; o, x = (open(f'examples/moved/{n}.txt').read()
      for n in ('original', 'suspect')); open('tests/golden/moved.json', 'w').write(
      s.compare(o, x).model_dump_json(indent=1) + '\\n')"
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import spundetect
from spundetect.errors import SettingsError
from spundetect.models import Comparison, Edit, SentencePair, Statistics, Swap, Tell
from spundetect.render import Mark, counts, pair_views, segments, to_records
from spundetect.render.text import LEGEND, render_text

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("SPUNDETECT_UPDATE_GOLDEN") == "1"


def _zero(annotation: Any) -> Any:
    return {bool: False, int: 0, float: 0.0, str: ""}.get(annotation)


def _fill(model: Any, data: dict[str, Any]) -> dict[str, Any]:
    """Give required fields that the fixture predates a zero value."""
    for name, field in model.model_fields.items():
        if name not in data and field.is_required():
            data[name] = _zero(field.annotation)
    return data


def load(name: str) -> Comparison:
    """A hand-made result from tests/golden/NAME.json."""
    data = json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))
    for key, model in (("pairs", SentencePair), ("swaps", Swap), ("edits", Edit), ("tells", Tell)):
        data[key] = [_fill(model, item) for item in data[key]]
    _fill(Statistics, data["stats"])
    return Comparison.model_validate(_fill(Comparison, data))


def check_golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if UPDATE or not path.exists():
        path.write_text(actual, encoding="utf-8")
        if not UPDATE:
            pytest.fail(f"golden file {name} did not exist; written, review and re-run")
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{name} differs; SPUNDETECT_UPDATE_GOLDEN=1 regenerates it"


@pytest.fixture(scope="module")
def small() -> Comparison:
    return load("small_pair")


@pytest.fixture(scope="module")
def moved() -> Comparison:
    return load("moved")


def test_fixture_spans_are_consistent(small: Comparison) -> None:
    for s in small.swaps:
        assert small.original[slice(*s.original_span)] == s.original
        assert small.suspect[slice(*s.suspect_span)] == s.suspect


def test_golden_text(small: Comparison) -> None:
    check_golden("small_pair.txt", render_text(small, width=72))


def test_golden_text_all_pairs(small: Comparison) -> None:
    check_golden("small_pair_all.txt", render_text(small, width=72, all_pairs=True))


def test_summary_header(small: Comparison) -> None:
    lines = render_text(small, width=100).splitlines()
    assert lines[0] == "spundetect: SPUN (score 0.877)"
    text = "\n".join(lines)
    assert "swaps: 8 (4 flagged, 3 synonym, 1 other)" in text
    assert "edits: 1 inserted, 1 deleted, 2 moved; tells: 2" in text
    assert f"signature: {small.signature}" in text
    assert "tell: homoglyph at" in text
    assert LEGEND.split(",")[0] in text


def test_inline_marks(small: Comparison) -> None:
    text = render_text(small, width=200)
    assert "The [old->previous!] [friend->pal!] came home [-late-]." in text
    assert 'We met at the "[small->little]" [café=>coffee shop] [near->close to] the harbour {+today+}.' in text
    assert "{~Quietly~}, nobody saw the [two->2!] [men->males!] [leave->depart] [~quietly~]." in text


def test_unaligned_sentences_are_marked(small: Comparison) -> None:
    text = render_text(small, width=100)
    assert "pair 5/6 (1:0): only in the original\n  - The end." in text
    assert "pair 6/6 (0:1): only in the suspect\n  + A new l\u0456ne was ad<U+200B>ded <here>." in text


def test_unchanged_pairs_hidden_by_default(small: Comparison) -> None:
    default = render_text(small, width=100)
    assert "It rained all day & night." not in default
    assert "1 unchanged pair not shown (all_pairs=True shows them)" in default
    full = render_text(small, width=100, all_pairs=True)
    assert "pair 2/6 (1:1, passage 1, similarity 1.00): unchanged\n    It rained all day & night." in full
    assert "not shown" not in full


@pytest.mark.parametrize("width", [40, 52, 72, 100, 133])
def test_lines_fit_the_width(small: Comparison, width: int) -> None:
    for line in render_text(small, width=width, all_pairs=True).splitlines():
        if line.startswith("signature: "):
            continue  # one unbreakable token, kept whole for copying
        assert len(line) <= width, line


def test_marks_are_never_broken_across_lines(small: Comparison) -> None:
    text = render_text(small, width=40)
    assert "[café=>coffee shop]" in text
    assert "[near->close to]" in text


def test_a_mark_longer_than_a_line_is_broken(small: Comparison) -> None:
    words = " ".join(f"word{k}" for k in range(20))
    original, suspect = f"Start {words} end.", "Start end."
    a = original.index("word0")
    c = small.model_copy(update={
        "original": original, "suspect": suspect, "swaps": [], "tells": [], "passages": [],
        "pairs": [SentencePair.model_validate(_fill(SentencePair, {
            "index": 0, "kind": "1:1", "original_span": (0, len(original)),
            "suspect_span": (0, len(suspect)), "original_sentences": (0, 1),
            "suspect_sentences": (0, 1), "similarity": 0.2, "original_tokens": 22,
            "suspect_tokens": 2, "equal_tokens": 2}))],
        "edits": [Edit(pair_index=0, tag="delete", original_span=(a, a + len(words)),
                       suspect_span=None)],
    })
    text = render_text(c, width=50)
    body = [line for line in text.splitlines() if line.startswith("    ")]
    assert len(body) > 2 and all(len(line) <= 50 for line in body)
    assert " ".join(line.strip() for line in body) == f"Start [-{words}-] end."


def test_default_width_comes_from_the_terminal(small: Comparison, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "50")
    text = render_text(small)
    assert "-" * 50 + "\n" in text and "-" * 51 not in text
    monkeypatch.delenv("COLUMNS")
    assert small.to_text(width=61) == render_text(small, width=61)


def test_tiny_width_is_raised(small: Comparison) -> None:
    assert render_text(small, width=5) == render_text(small, width=40)


def test_control_characters_cannot_reach_the_terminal() -> None:
    evil = "Hello\x1b[2J\x1b]0;pwned\x07 old\u202e friend\x00 there."
    c = load("small_pair").model_copy(update={"suspect": evil, "tells": [], "swaps": [], "edits": [],
                                               "pairs": [], "original": "x"})
    c = c.model_copy(update={"pairs": [SentencePair.model_validate(_fill(SentencePair, {
        "index": 0, "kind": "0:1", "original_span": None, "suspect_span": (0, len(evil)),
        "original_sentences": (0, 0), "suspect_sentences": (0, 1), "similarity": 0.0,
        "original_tokens": 0, "suspect_tokens": 4, "equal_tokens": 0}))]})
    text = render_text(c, width=80)
    assert not any(unicodedata.category(ch) in ("Cc", "Cf") for ch in text.replace("\n", ""))
    assert "Hello<U+001B>[2J<U+001B>]0;pwned<U+0007> old<U+202E> friend<U+0000> there." in text


def test_empty_result() -> None:
    c = load("small_pair").model_copy(update={"pairs": [], "swaps": [], "edits": [], "tells": []})
    text = render_text(c, width=60)
    assert "pairs: 0" in text and "no sentences to compare" in text


# --- the shared marks ---------------------------------------------------------------------


def test_pair_views(small: Comparison) -> None:
    views = pair_views(small)
    assert [v.changed for v in views] == [True, False, True, True, True, True]
    assert [m.kind for m in views[0].original_marks] == ["swap", "swap", "delete"]
    assert [m.kind for m in views[0].suspect_marks] == ["swap", "swap"]
    assert [m.kind for m in views[5].suspect_marks] == ["tell", "tell"]
    assert views[3].flagged == 2
    n = counts(small, views)
    assert (n["changed"], n["unchanged"], n["only_original"], n["only_suspect"]) == (5, 1, 1, 1)


mark_lists = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 12)), max_size=8)


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=60), raw=mark_lists, lo=st.integers(0, 30), size=st.integers(0, 40))
def test_segments_lose_nothing(text: str, raw: list[tuple[int, int]], lo: int, size: int) -> None:
    span = (min(lo, len(text)), min(lo + size, len(text)))
    marks = sorted(
        (Mark(f"s{k}", "swap", "synonym", a, a + n, "", "") for k, (a, n) in enumerate(raw)),
        key=lambda m: m.start,
    )
    pieces = segments(text, span, marks)
    assert "".join(p for p, _ in pieces) == text[span[0] : span[1]]
    for piece, mark in pieces:
        if mark is not None:
            assert piece == text[mark.start : mark.end]


band_lists = st.lists(st.tuples(st.integers(-5, 65), st.integers(0, 30)), max_size=6)


@settings(max_examples=300, deadline=None)
@given(raw_bands=band_lists, raw_marks=mark_lists, lo=st.integers(0, 30), size=st.integers(0, 40))
def test_layers_match_a_per_character_reference(raw_bands: list[tuple[int, int]],
                                                raw_marks: list[tuple[int, int]], lo: int,
                                                size: int) -> None:
    """Differential: each piece of :func:`layers` has the bands and the mark that cover
    each of its characters, as a naive character-by-character reading finds them."""
    from spundetect.render import layers

    bands = [(k, a, a + n) for k, (a, n) in enumerate(raw_bands)]
    marks: list[Mark] = []
    end = -1
    for k, (a, n) in enumerate(sorted(raw_marks)):
        if a >= end and n > 0:  # in order, not overlapping, as renderers pass them
            marks.append(Mark(f"s{k}", "swap", "synonym", a, a + n, "", ""))
            end = a + n
    span = (lo, lo + size)
    pieces = layers(span, bands, marks)
    assert [(x.start, x.end) for x in pieces] == [
        (a, b) for a, b in zip([lo] + [x.end for x in pieces[:-1]], [x.end for x in pieces])
    ]
    assert (pieces[0].start, pieces[-1].end) == span if pieces else span[0] == span[1]
    opened: set[int] = set()
    for x in pieces:
        for ch in range(x.start, x.end):
            assert x.bands == tuple(k for k, a, b in bands if a <= ch < b)
            covering = [m for m in marks if m.start <= ch < m.end]
            assert x.mark == (covering[0] if covering else None)
        assert set(x.opens) == set(x.bands) - opened
        opened |= set(x.bands)


# --- tabular views ------------------------------------------------------------------------


def test_records(small: Comparison) -> None:
    swaps = to_records(small, "swaps")
    assert len(swaps) == 8
    assert swaps[0]["judgement"] == "flagged" and swaps[3]["judgement"] == "edit"
    assert swaps[2]["judgement"] == "synonym"
    assert swaps[0]["reasons"] == ["similar_to", "rare_sense"]
    pairs = small.to_records("pairs")
    assert [p["changed"] for p in pairs] == [True, False, True, True, True, True]
    assert pairs[4]["suspect"] is None and pairs[4]["original"] == "The end."
    edits = small.to_records("edits")
    assert [e["tag"] for e in edits] == ["delete", "insert", "move", "move"]
    assert edits[0]["original"] == "late" and edits[0]["suspect"] is None
    tells = small.to_records("tells")
    assert [t["code"] for t in tells] == ["homoglyph", "invisible_char"]
    passages = small.to_records("passages")
    assert [(p["kind"], p["pairs"], p["swaps"]) for p in passages] == [("copy", [0, 1], 2), ("spun", [2, 3], 6)]
    assert passages[0]["suspect"] == small.suspect[passages[0]["suspect_start"] : passages[0]["suspect_end"]]
    json.dumps([swaps, pairs, edits, tells, passages])  # plain data
    with pytest.raises(SettingsError, match="kind must be one of"):
        to_records(small, "words")


def test_frame(small: Comparison) -> None:
    pd = pytest.importorskip("pandas")
    df = small.to_frame()
    assert isinstance(df, pd.DataFrame)
    assert list(df[df.flagged].suspect) == ["previous", "pal", "2", "males"]
    assert len(small.to_frame("pairs")) == 6
    assert list(small.to_frame("passages").kind) == ["copy", "spun"]
    empty = small.model_copy(update={"tells": []}).to_frame("tells")
    assert list(empty.columns) == ["code", "suspect", "suspect_start", "suspect_end", "detail"]
    from spundetect.render import results_frame

    rf = results_frame([small, small], ids=["a", "b"])
    assert list(rf.id) == ["a", "b"] and list(rf.flagged) == [4, 4]


def test_frame_without_pandas(small: Comparison, monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins
    import importlib

    real = importlib.import_module

    def fake(name: str, *args: Any) -> Any:
        if name == "pandas":
            raise ImportError("No module named 'pandas'")
        return real(name, *args)

    monkeypatch.setattr(importlib, "import_module", fake)
    with pytest.raises(ImportError, match="pip install pandas"):
        small.to_frame()
    assert builtins  # the records still work without pandas
    assert small.to_records()


# --- with the real pipeline ---------------------------------------------------------------


def test_real_comparison(example_pair: tuple[str, str]) -> None:
    c = spundetect.compare(*example_pair)
    text = c.to_text(width=90)
    flagged = c.flagged_swaps
    assert flagged, "the example pair has flagged swaps"
    first = flagged[0]
    assert re.search(re.escape(f"[{first.original}->") + r"[^\]]*!\]", text.replace("\n    ", " "))
    assert len(text.splitlines()) > 5


# --- passages -----------------------------------------------------------------------------


def test_moved_fixture_is_the_example_pair(moved: Comparison) -> None:
    examples = GOLDEN.parents[1] / "examples" / "moved"
    assert moved.original == (examples / "original.txt").read_text(encoding="utf-8")
    assert moved.suspect == (examples / "suspect.txt").read_text(encoding="utf-8")
    # out of order: the suspect's first passage comes last in the original
    starts = [ps.original_span[0] for ps in moved.passages]
    assert len(starts) >= 2 and starts != sorted(starts)


def test_golden_text_moved(moved: Comparison) -> None:
    check_golden("moved.txt", render_text(moved, width=88))


def test_passage_list(moved: Comparison) -> None:
    text = render_text(moved, width=100)
    lines = text.splitlines()
    head = next(line for line in lines if line.startswith("passages: "))
    order = sorted(range(len(moved.passages)), key=lambda k: moved.passages[k].original_span)
    assert head.endswith("out of order: the original has them in the order "
                         + ", ".join(str(k + 1) for k in order) + ")")
    # one entry per passage, in the suspect's order, with both spans as line:col and chars
    entries = [n for n, line in enumerate(lines) if re.match(r"  \d+\. (copy|spun|paraphrase), ", line)]
    assert len(entries) == len(moved.passages)
    from spundetect.render import line_col

    for n, ps in zip(entries, moved.passages):
        entry = " ".join(" ".join(lines[n : n + 2]).split())
        assert entry.startswith(f"{ps.index + 1}. {ps.kind}, score {ps.score:.2f}, ")
        for side, text_, (a, b) in (("suspect", moved.suspect, ps.suspect_span),
                                    ("original", moved.original, ps.original_span)):
            (la, ca), (lb, cb) = line_col(text_, a), line_col(text_, b)
            assert f"{side} {la}:{ca}-{lb}:{cb} (chars {a}-{b})" in entry
    # the pairs name their passage (those with swaps are shown)
    with_swaps = {sw.pair_index for sw in moved.swaps}
    for k, ps in enumerate(moved.passages):
        for i in set(ps.pairs) & with_swaps:
            assert f"pair {i + 1}/{len(moved.pairs)} ({moved.pairs[i].kind}, passage {k + 1}," in text


def test_passages_in_order_and_none() -> None:
    small = load("small_pair")
    assert "passages: 2 (82% of the suspect; in the same order as in the original)" in render_text(small)
    none = small.model_copy(update={"passages": [], "reused_share": 0.0})
    text = render_text(none, width=80)
    assert "passages: none (no reused passage found)" in text
    assert ", passage " not in text


def test_excerpts_show_both_ends(moved: Comparison) -> None:
    from spundetect.render.text import _excerpt

    whole = moved.suspect[slice(*moved.passages[-1].suspect_span)]
    for room in (30, 50, 80):
        cut = _excerpt(whole, room)
        assert len(cut) <= room and " ... " in cut
        head, tail = cut.split(" ... ")
        flat = " ".join(whole.split())
        assert flat.startswith(head) and flat.endswith(tail)
    assert _excerpt("short text", 40) == "short text"


@pytest.mark.parametrize("width", [40, 60, 88, 120])
def test_passage_lines_fit_the_width(moved: Comparison, width: int) -> None:
    for line in render_text(moved, width=width).splitlines():
        if not line.startswith("signature: "):
            assert len(line) <= width, line


def test_passage_records(moved: Comparison) -> None:
    rows = moved.to_records("passages")
    assert [r["index"] for r in rows] == list(range(len(moved.passages)))
    assert sorted(r["original_rank"] for r in rows) == list(range(len(rows)))
    assert [r["original_rank"] for r in rows] != list(range(len(rows)))  # moved
    for r, ps in zip(rows, moved.passages):
        assert r["suspect"] == moved.suspect[r["suspect_start"] : r["suspect_end"]]
        assert r["original"] == moved.original[r["original_start"] : r["original_end"]]
        assert r["swaps"] == len(ps.swaps) and r["pairs"] == ps.pairs
        assert r["flagged"] == sum(1 for k in ps.swaps if moved.swaps[k].flagged)
    pd = pytest.importorskip("pandas")
    df = moved.to_frame("passages")
    assert isinstance(df, pd.DataFrame) and list(df.columns) == list(rows[0])
    assert list(df.sort_values("original_rank")["index"]) == sorted(
        range(len(rows)), key=lambda k: moved.passages[k].original_span)
