"""The HTML report: fragment, page, batch table; escaping of hostile texts.

Golden: tests/golden/small_pair.html is the fragment of the hand-made result
tests/golden/small_pair.json; ``SPUNDETECT_UPDATE_GOLDEN=1`` regenerates it.
"""

from __future__ import annotations

import base64
import hashlib
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_render_text import _fill, check_golden, load

import spundetect
from spundetect.evidence import REASONS
from spundetect.models import Comparison, Passage, SentencePair, Swap
from spundetect.render import results_table_html, visible_char
from spundetect.render.html import escape, fragment, page, save, script, stylesheet

ALLOWED_TAGS = {
    "div", "style", "script", "h2", "span", "b", "meter", "dl", "dt", "dd", "p", "code",
    "ul", "ol", "li", "label", "input", "table", "colgroup", "col", "thead", "tbody", "tr", "th",
    "td", "mark", "small",
}
ALLOWED_ATTRS = {
    "class", "tabindex", "data-key", "title", "role", "data-pair", "data-kind",
    "data-verdict", "scope", "type", "min", "max", "low", "high", "optimum", "value",
    "checked", "colspan", "data-passage",
}


class Page(HTMLParser):
    """Collects tags, attributes, script bodies and the visible text of each column."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.cells: list[tuple[str, str]] = []  # (class, text without tooltips)
        self.stack: list[tuple[str, str]] = []
        self._script: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag in ("input", "col", "meta"):
            return
        self.stack.append((tag, a.get("class") or ""))
        if tag == "script":
            self._script = []
        if tag == "td":
            self.cells.append((a.get("class") or "", ""))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            top, _ = self.stack.pop()
            if top == tag:
                break
        if tag == "script" and self._script is not None:
            self.scripts.append("".join(self._script))
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)
            return
        classes = [c for _, c in self.stack]
        in_td = any(t == "td" for t, _ in self.stack)
        if in_td and not any("spd-tip" in c for c in classes) and self.cells:
            cls, text = self.cells[-1]
            self.cells[-1] = (cls, text + data)


def parse(markup: str) -> Page:
    p = Page()
    p.feed(markup)
    p.close()
    return p


def shown(text: str) -> str:
    """What a column shows for ``text``: control characters as their badge text."""
    return "".join(code if (code := visible_char(ch)) else ch for ch in text)


@pytest.fixture(scope="module")
def small() -> Comparison:
    return load("small_pair")


@pytest.fixture(scope="module")
def hostile() -> Comparison:
    return load("hostile")


def test_golden_fragment(small: Comparison) -> None:
    check_golden("small_pair.html", fragment(small))


def test_fragment_structure(small: Comparison) -> None:
    html = small.to_html()
    assert html == small._repr_html_() == fragment(small)
    p = parse(html)
    rows = [a for t, a in p.tags if t == "tr" and "spd-pair" in (a.get("class") or "")]
    assert len(rows) == len(small.pairs)
    assert [r["class"] for r in rows] == [
        "spd-pair spd-changed",
        "spd-pair spd-unchanged",
        "spd-pair spd-changed",
        "spd-pair spd-changed",
        "spd-pair spd-changed spd-unaligned spd-only-original",
        "spd-pair spd-changed spd-unaligned spd-only-suspect",
    ]
    assert p.scripts == [script()]
    assert stylesheet() in html
    # the summary
    assert 'spd-verdict-spun">spun<' in html and "score <b>0.877</b>" in html
    assert f"<code>{escape(str(small.signature))}</code>" in html
    assert '<input type="checkbox" class="spd-hide-unchanged"> hide unchanged pairs (1)' in html


def test_every_swap_is_highlighted_in_both_columns(small: Comparison) -> None:
    p = parse(fragment(small))
    marks = [a for t, a in p.tags if t == "mark"]
    for k, s in enumerate(small.swaps):
        mine = [a for a in marks if a.get("data-key") == f"s{k}"]
        assert len(mine) == 4, s  # both columns of the table and of the passage map
        judgement = "flagged" if s.flagged else "synonym" if s.synonym else "edit"
        for a in mine:
            assert f"spd-swap spd-{judgement}" in (a["class"] or "")
            assert a["tabindex"] == "0"
            title = a["title"] or ""
            for code in s.reasons:
                assert REASONS.get(code, code) in title
    edits = [a for a in marks if (a.get("data-key") or "").startswith("e")]
    assert {a["class"] for a in edits} == {
        "spd-mark spd-delete spd-edit", "spd-mark spd-insert spd-edit", "spd-mark spd-move spd-edit"}
    tells = [a for a in marks if (a.get("data-key") or "").startswith("t")]
    assert len(tells) == 4 and all("spd-tell" in (a["class"] or "") for a in tells)  # table and map


def test_tooltips_carry_the_reason_descriptions(small: Comparison) -> None:
    html = fragment(small)
    assert '<span class="spd-tip" role="tooltip">' in html
    assert f"<code>rare_sense</code> {escape(REASONS['rare_sense'])}" in html
    assert "<code>made_up_code</code> made_up_code" in html  # unknown codes shown as they are


def test_columns_show_the_texts_unchanged(small: Comparison) -> None:
    cells = parse(fragment(small)).cells
    originals = [t for c, t in cells if c.startswith("spd-o")]
    suspects = [t for c, t in cells if c.startswith("spd-s")]
    for pair, o, s in zip(small.pairs, originals, suspects):
        if pair.original_span:
            assert o == shown(small.original[slice(*pair.original_span)])
        else:
            assert o == "only in the suspect"
        if pair.suspect_span:
            assert s == shown(small.suspect[slice(*pair.suspect_span)])
        else:
            assert s == "only in the original"


def test_hide_unchanged_option(small: Comparison) -> None:
    html = small.to_html(hide_unchanged=True)
    assert html.startswith('<div class="spd-report spd-hide"')
    assert 'class="spd-hide-unchanged" checked>' in html
    bare = fragment(small, assets=False)
    assert "<style>" not in bare and "<script>" not in bare


def _check_safe(markup: str, scripts: list[str]) -> Page:
    p = parse(markup)
    for tag, attrs in p.tags:
        assert tag in ALLOWED_TAGS | {"html", "head", "meta", "title", "body"}, tag
        for name in attrs:
            assert name in ALLOWED_ATTRS | {"lang", "charset", "http-equiv", "content", "name"}, name
            assert not name.startswith("on")
    assert p.scripts == scripts
    return p


def test_hostile_text_is_escaped(hostile: Comparison) -> None:
    html = fragment(hostile)
    p = _check_safe(html, [script()])
    assert "<script>window" not in html and "<img" not in html and "<svg" not in html
    assert "&lt;script&gt;window.__pwned=1;alert(1)&lt;/script&gt;" in html
    assert 'href="javascript' not in html
    # quotes cannot end an attribute
    assert "&quot; onmouseover=&quot;window.__pwned=5&quot;" in html
    assert "&#x27; onfocus=&#x27;window.__pwned=6&#x27;" in html
    # the style element holds only our stylesheet
    assert html.count("</style>") == 1
    # and the texts still read as they were
    suspects = [t for c, t in p.cells if c.startswith("spd-s")]
    assert suspects[0] == hostile.suspect[slice(*hostile.pairs[0].suspect_span)]
    assert suspects[3].startswith("<script>window.__pwned=1;alert(1)</script>")


def test_hostile_page(hostile: Comparison, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    hostile.save_html(out)
    text = out.read_text(encoding="utf-8")
    assert text == page(hostile)
    p = _check_safe(text, [script()])
    title = re.search(r"<title>(.*)</title>", text)
    assert title is not None and title.group(1) == "spundetect report: spun (0.900)"
    assert page(hostile, title="</title><script>x</script>").count("<script>") == 1


def _sha(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"


def test_page_is_self_contained(small: Comparison, tmp_path: Path) -> None:
    text = page(small)
    assert text.startswith("<!DOCTYPE html>\n<html lang=\"en\">")
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', text)
    assert csp is not None
    policy = csp.group(1)
    assert "default-src 'none'" in policy
    assert f"style-src {_sha(stylesheet())}" in policy
    assert f"script-src {_sha(script())}" in policy
    assert f"<style>{stylesheet()}</style>" in text and f"<script>{script()}</script>" in text
    # nothing to fetch: no links, sources, imports or URLs
    for needle in ("<link", " src=", " href=", "@import", "url(", "http://", "https://", "//fonts"):
        assert needle not in text, needle
    assert "@media print" in stylesheet()
    save(small, tmp_path / "p.html", title="T")
    assert "<title>T</title>" in (tmp_path / "p.html").read_text(encoding="utf-8")


def test_results_table(small: Comparison, hostile: Comparison) -> None:
    html = results_table_html([small, hostile], ids=["<b>one</b>", "two"])
    p = _check_safe(html, [])
    rows = [a for t, a in p.tags if t == "tr" and a.get("data-verdict")]
    assert len(rows) == 2
    assert "&lt;b&gt;one&lt;/b&gt;" in html
    assert "2 results \u2014 spun: 2" in html
    from spundetect.render.html import table

    assert table([small]) == results_table_html([small])
    with pytest.raises(ValueError, match="ids has 1 labels for 2 results"):
        results_table_html([small, hostile], ids=["x"])
    assert "no results" in results_table_html([])


chars = st.characters(codec="utf-8", exclude_categories=("Cs",)) | st.sampled_from(
    list("<>&\"'/=` \n\u200b\u202e\x00\x1b")
)
pieces = st.text(chars, min_size=1, max_size=4) | st.sampled_from(
    ["</style>", "<script>", "</script>", "javascript:", "-->", "<!--", '" onerror="x', "&amp;", "</td>"]
)


def texts(min_size: int = 0) -> st.SearchStrategy[str]:
    return st.lists(pieces, min_size=min_size, max_size=4).map("".join)


@settings(max_examples=120, deadline=None)
@given(before=texts(), old=texts(1), new=texts(1), after=texts(), reason=texts(), flagged=st.booleans())
def test_any_text_is_escaped(small: Comparison, before: str, old: str, new: str, after: str,
                             reason: str, flagged: bool) -> None:
    original = before + old + after
    suspect = before + new + after
    a = len(before)
    swap = Swap.model_validate(_fill(Swap, {
        "pair_index": 0, "original": old, "suspect": new, "original_span": (a, a + len(old)),
        "suspect_span": (a, a + len(new)), "shape": "1:1", "relation": "same_synset",
        "synonym": True, "flagged": flagged, "reasons": ["same_synset", reason]}))
    pair = SentencePair.model_validate(_fill(SentencePair, {
        "index": 0, "kind": "1:1", "original_span": (0, len(original)),
        "suspect_span": (0, len(suspect)), "original_sentences": (0, 1),
        "suspect_sentences": (0, 1), "similarity": 0.5, "original_tokens": 3,
        "suspect_tokens": 3, "equal_tokens": 2}))
    passage = Passage(index=0, original_span=(0, len(original)), suspect_span=(0, len(suspect)),
                      kind="spun", score=0.5, pairs=[0], swaps=[0])
    c = small.model_copy(update={"original": original, "suspect": suspect, "pairs": [pair],
                                 "swaps": [swap], "edits": [], "tells": [], "passages": [passage]})
    p = _check_safe(fragment(c), [script()])
    cells = dict(p.cells)
    assert cells["spd-o"] == shown(original)
    assert cells["spd-s"] == shown(suspect)
    marks = [attrs for tag, attrs in p.tags if tag == "mark"]
    assert len(marks) == 4
    in_title = "".join(f"<{code}>" if (code := visible_char(ch)) else ch for ch in reason)
    assert all(in_title in (m["title"] or "") for m in marks)
    text = c.to_text(width=60)
    assert not any(ch in text for ch in "\x00\x1b\u202e\u200b")


def test_real_comparison(example_pair: tuple[str, str]) -> None:
    c = spundetect.compare(*example_pair)
    p = _check_safe(c.to_html(), [script()])
    marks = [a for t, a in p.tags if t == "mark" and (a.get("data-key") or "").startswith("s")]
    # each swap in both columns of the table, and of the passage map (every swap of an
    # aligned pair lies in a passage); a swap cut by a passage edge shows in two pieces
    keys = [a["data-key"] for a in marks]
    assert c.passages
    for k in range(len(c.swaps)):
        assert keys.count(f"s{k}") >= 4
    flagged = {a["data-key"] for a in marks if "spd-flagged" in (a["class"] or "")}
    assert len(flagged) == len(c.flagged_swaps) > 0


# --- passages -----------------------------------------------------------------------------

VOID = {"input", "col", "meta", "br", "img", "hr", "link", "wbr"}


class Bands(HTMLParser):
    """A strict reading of a fragment: every end tag must close the element on top (raises
    otherwise), and the text of each map column inside each passage band is collected
    (without band labels and tooltips)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str | None]]] = []
        self.band_text: dict[tuple[str, str], str] = {}  # (column, passage) -> text
        self.columns: dict[str, str] = {}  # column -> whole text shown
        self.labels: dict[tuple[str, str], list[str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.stack.append((tag, dict(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass

    def handle_endtag(self, tag: str) -> None:
        assert self.stack, f"</{tag}> closes nothing"
        top, _ = self.stack.pop()
        assert top == tag, f"</{tag}> closes <{top}>"

    def _classes(self) -> list[set[str]]:
        return [set((a.get("class") or "").split()) for _, a in self.stack]

    def handle_data(self, data: str) -> None:
        classes = self._classes()
        column = next((c for cs in classes for c in cs if c in ("spd-doc-o", "spd-doc-s")), None)
        if column is None or any("spd-tip" in cs for cs in classes):
            return
        label = next((a for (_, a), cs in zip(self.stack, classes) if "spd-band-label" in cs), None)
        if label is not None:
            # the label sits first in its own band, the innermost one around it
            band = next(a for (_, a), cs in reversed(list(zip(self.stack, classes)))
                        if "spd-band" in cs)
            self.labels.setdefault((column, band["data-passage"] or ""), []).append(data)
            return
        self.columns[column] = self.columns.get(column, "") + data
        for (_, a), cs in zip(self.stack, classes):
            if "spd-band" in cs:
                key = (column, a["data-passage"] or "")
                self.band_text[key] = self.band_text.get(key, "") + data


def bands(markup: str) -> Bands:
    b = Bands()
    b.feed(markup)
    b.close()
    assert b.stack == [], f"unclosed: {[t for t, _ in b.stack]}"
    return b


@pytest.fixture(scope="module")
def moved() -> Comparison:
    return load("moved")


def test_golden_fragment_moved(moved: Comparison) -> None:
    check_golden("moved.html", fragment(moved, assets=False))


def test_passage_map(moved: Comparison) -> None:
    html = moved.to_html()
    assert html == moved._repr_html_()  # the notebook shows the passages too
    b = bands(html)
    assert b.columns["spd-doc-o"] == shown(moved.original)
    assert b.columns["spd-doc-s"] == shown(moved.suspect)
    for ps in moved.passages:
        k = str(ps.index)
        assert b.band_text[("spd-doc-o", k)] == shown(moved.original[slice(*ps.original_span)])
        assert b.band_text[("spd-doc-s", k)] == shown(moved.suspect[slice(*ps.suspect_span)])
        # each band is labelled once per column: number, kind and score
        label = f"{ps.index + 1} {ps.kind} {ps.score:.2f}"
        assert b.labels[("spd-doc-o", k)] == [label] == b.labels[("spd-doc-s", k)]
    # the summary says they are out of order, and lists them with their spans
    order = sorted(range(len(moved.passages)), key=lambda k: moved.passages[k].original_span)
    assert ("out of order: the original has them in the order "
            + ", ".join(str(k + 1) for k in order)) in html
    p = parse(html)
    rows = [a for t, a in p.tags if t == "tr" and a.get("data-passage") is not None]
    assert [r["data-passage"] for r in rows] == [str(ps.index) for ps in moved.passages]
    # the pairs of a passage carry its badge; colours cycle, kinds set the underline
    badges = [a for t, a in p.tags if t == "span" and "spd-pbadge" in (a.get("class") or "")]
    assert len(badges) == sum(len(ps.pairs) for ps in moved.passages)
    for ps in moved.passages:
        cls = f"spd-band spd-band-c{ps.index % 8} spd-kind-{ps.kind}"
        assert any(t == "span" and a.get("class") == cls for t, a in p.tags)


def test_no_passages_no_map(small: Comparison) -> None:
    html = fragment(small.model_copy(update={"passages": [], "reused_share": 0.0}))
    assert "spd-map" not in html.split("</style>")[1]
    assert "no reused passage found" in html


def test_swaps_inside_bands_are_marked(moved: Comparison) -> None:
    p = parse(fragment(moved))
    marks = [a["data-key"] for t, a in p.tags if t == "mark"]
    for k in range(len(moved.swaps)):
        assert marks.count(f"s{k}") >= 4  # map and table, both columns


@st.composite
def banded(draw: st.DrawFn) -> Comparison:
    """A result with random texts, passages (overlapping each other on either side, as
    the renderer must survive anything) and swaps."""
    original = draw(texts(1))
    suspect = draw(texts(1))

    def span(n: int) -> tuple[int, int]:
        a = draw(st.integers(0, n - 1))
        return a, draw(st.integers(a + 1, n))

    pair = SentencePair.model_validate(_fill(SentencePair, {
        "index": 0, "kind": "1:1", "original_span": (0, len(original)),
        "suspect_span": (0, len(suspect)), "original_sentences": (0, 1),
        "suspect_sentences": (0, 1), "similarity": 0.5, "original_tokens": 3,
        "suspect_tokens": 3, "equal_tokens": 2}))
    swaps = []
    for _ in range(draw(st.integers(0, 3))):
        (a, b), (c, d) = span(len(original)), span(len(suspect))
        swaps.append(Swap.model_validate(_fill(Swap, {
            "pair_index": 0, "original": original[a:b], "suspect": suspect[c:d],
            "original_span": (a, b), "suspect_span": (c, d), "shape": "1:1",
            "relation": "same_synset", "synonym": True, "flagged": draw(st.booleans())})))
    passages = [
        Passage(index=k, original_span=span(len(original)), suspect_span=span(len(suspect)),
                kind=draw(st.sampled_from(["copy", "spun", "paraphrase"])),
                score=draw(st.floats(0, 1)), pairs=[0] if k == 0 else [],
                swaps=list(range(len(swaps))) if k == 0 else [])
        for k in range(draw(st.integers(1, 4)))
    ]
    small = load("small_pair")
    return small.model_copy(update={"original": original, "suspect": suspect, "pairs": [pair],
                                    "swaps": swaps, "edits": [], "tells": [],
                                    "passages": passages})


@settings(max_examples=150, deadline=None)
@given(c=banded())
def test_bands_are_well_formed_and_hold_their_text(c: Comparison) -> None:
    html = fragment(c)
    _check_safe(html, [script()])
    b = bands(html)  # strict nesting
    assert b.columns.get("spd-doc-o", "") == shown(c.original)
    assert b.columns.get("spd-doc-s", "") == shown(c.suspect)
    for ps in c.passages:
        k = str(ps.index)
        assert b.band_text.get(("spd-doc-o", k), "") == shown(c.original[slice(*ps.original_span)])
        assert b.band_text.get(("spd-doc-s", k), "") == shown(c.suspect[slice(*ps.suspect_span)])
        assert len(b.labels[("spd-doc-o", k)]) == len(b.labels[("spd-doc-s", k)]) == 1
    text = c.to_text(width=60)
    assert not any(ch in text for ch in "\x00\x1b\u202e\u200b")
