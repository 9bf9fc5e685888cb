"""HTML report of a comparison: a fragment for notebooks, a self-contained page for files.

The report has a summary on top (verdict, score, counts, signature, tells, the reused
passages, a legend and a checkbox that hides unchanged pairs), then a map of the passages
over both whole texts, then a side-by-side table, original | suspect, one row per step of
the sentence alignment. Sentences found on one side only are shown as such.

**Passages.** The map shows the original and the suspect side by side, each whole and in
its own order, with every reused passage as a coloured band on both sides: so a reader
sees which part of the suspect came from where, also when the suspect moved them. A band
starts with a label (number, kind, score) and is underlined by kind (solid: spun, dashed:
paraphrase, dotted: copy); colours come from a colour-blind-safe palette (Okabe-Ito) and
never carry meaning alone, the number does. Hovering or focusing a band, a label, a row of
the passage table or a pair's passage badge lights the passage up everywhere; clicking
pins it and scrolls its other side into view when it is off screen. The texts are cut at
every passage and mark edge (:func:`spundetect.render.layers`), so the markup nests
properly however passages and marks overlap.

Every swap is highlighted in both columns (of the map and of the table), coloured by its
judgement:

* ``spd-flagged`` (red): an unnatural machine swap;
* ``spd-synonym`` (yellow): a plain dictionary synonym swap;
* ``spd-edit`` (blue): any other edit - a substitution with no dictionary link, an
  insertion, a deletion or a move;
* ``spd-tell`` (violet): a tampering tell (spintax, homoglyphs, hidden characters).

Hovering or keyboard-focusing (Tab) a highlighted stretch shows its judgement and the
descriptions of its reasons (:data:`spundetect.evidence.REASONS`), both in a ``title``
attribute and in a CSS tooltip; the same swap is outlined in the other column.

Safety: every piece of user text goes through :func:`html.escape` with ``quote=True``;
control, zero-width and bidi characters are shown as visible ``U+XXXX`` badges; the page
loads nothing from anywhere (no fonts, scripts or images) and carries a Content Security
Policy that allows only its own inline style and script (by hash). The fragment works
without its script: highlighting, tooltips and the hide-unchanged checkbox are CSS.

Examples:
    >>> import spundetect
    >>> from spundetect.render.html import fragment, page
    >>> c = spundetect.compare("We met an old friend.", "We met a previous pal.")
    >>> 'class="spd-mark spd-swap spd-flagged"' in fragment(c)
    True
    >>> page(c).startswith("<!DOCTYPE html>")
    True
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib import resources
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING

from spundetect.direction import reversed_note
from spundetect.render import (
    Mark,
    PairView,
    counts,
    layers,
    line_col,
    original_order,
    pair_views,
    passage_label,
    passage_of,
    passage_swaps,
    segments,
    text_marks,
    visible_char,
)

if TYPE_CHECKING:  # pragma: no cover
    from spundetect.models import Comparison, Passage, Tell

__all__ = [
    "fragment",
    "page",
    "save",
    "results_table_html",
    "table",
    "stylesheet",
    "script",
    "escape",
    "wrap_page",
    "tells_html",
]

_CLASS = re.compile(r"[^a-z0-9_-]")

#: Passage colours cycle through this many classes, ``spd-band-c0`` ... (report.css).
BAND_COLOURS = 8


@lru_cache(maxsize=None)
def stylesheet() -> str:
    """The report's CSS (shipped as ``spundetect/render/report.css``)."""
    return resources.files("spundetect.render").joinpath("report.css").read_text("utf-8")


@lru_cache(maxsize=None)
def script() -> str:
    """The report's small script (``spundetect/render/report.js``): links a swap's two
    sides on hover/focus, Escape leaves a swap, and keeps the checkbox and class in step."""
    return resources.files("spundetect.render").joinpath("report.js").read_text("utf-8")


def escape(text: str) -> str:
    """Escape user text for HTML content; show control and invisible characters.

    ``&``, ``<``, ``>``, ``"`` and ``'`` are escaped (``html.escape(quote=True)``);
    control, zero-width and bidi characters become a visible ``U+XXXX`` badge.

    Examples:
        >>> escape('<b title="x">\\u200b')
        '&lt;b title=&quot;x&quot;&gt;<span class="spd-ctl" title="U+200B">U+200B</span>'
    """
    out: list[str] = []
    plain: list[str] = []
    for ch in text:
        code = visible_char(ch)
        if code is None:
            plain.append(ch)
            continue
        out.append(html.escape("".join(plain), quote=True))
        plain.clear()
        out.append(f'<span class="spd-ctl" title="{code}">{code}</span>')
    out.append(html.escape("".join(plain), quote=True))
    return "".join(out)


def _attr(text: str) -> str:
    """Escape text for a double-quoted attribute value (controls as ``<U+XXXX>``)."""
    shown = "".join(
        f"<{code}>" if (code := visible_char(ch)) is not None else ch for ch in text
    )
    return html.escape(shown, quote=True)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _class(name: str) -> str:
    return _CLASS.sub("-", name.lower())


def _mark_title(mark: Mark) -> str:
    """Plain text shown by the browser's own tooltip."""
    lines: list[str] = []
    if mark.kind == "swap":
        lines.append(f"{_one_line(mark.original)} \u2192 {_one_line(mark.suspect)}")
        lines.append(mark.label)
        if mark.relation:
            lines.append(f"relation: {mark.relation} ({mark.shape})")
    else:
        lines.append(mark.label)
    lines += [f"\u2022 {code}: {desc}" for code, desc in mark.explanations()]
    return "\n".join(lines)


def _tooltip(mark: Mark) -> str:
    parts: list[str] = []
    if mark.kind == "swap":
        parts.append(
            f'<span class="spd-tip-h">{escape(_one_line(mark.original))} \u2192 '
            f"{escape(_one_line(mark.suspect))}</span>"
        )
        parts.append(f'<span class="spd-tip-j">{escape(mark.label)}</span>')
        if mark.relation:
            parts.append(
                f'<span class="spd-tip-m">relation {escape(mark.relation)} \u00b7 '
                f"{escape(mark.shape)}</span>"
            )
    else:
        text = mark.suspect or mark.original
        parts.append(f'<span class="spd-tip-h">{escape(_one_line(text))}</span>')
        parts.append(f'<span class="spd-tip-j">{escape(mark.label)}</span>')
    for code, desc in mark.explanations():
        parts.append(f'<span class="spd-tip-r"><code>{escape(code)}</code> {escape(desc)}</span>')
    return f'<span class="spd-tip" role="tooltip">{"".join(parts)}</span>'


def _mark_html(text: str, mark: Mark) -> str:
    classes = f"spd-mark spd-{_class(mark.kind)} spd-{_class(mark.judgement)}"
    return (
        f'<mark class="{classes}" tabindex="0" data-key="{_attr(mark.key)}" '
        f'title="{_attr(_mark_title(mark))}">{escape(text)}{_tooltip(mark)}</mark>'
    )


def _side_html(text: str, span: tuple[int, int], marks: Sequence[Mark]) -> str:
    return "".join(
        escape(piece) if mark is None else _mark_html(piece, mark)
        for piece, mark in segments(text, span, marks)
    )


def _row(comparison: Comparison, view: PairView, passage: Passage | None = None) -> str:
    p = view.pair
    classes = ["spd-pair", "spd-changed" if view.changed else "spd-unchanged"]
    if not p.aligned:
        classes.append("spd-unaligned")
        classes.append("spd-only-original" if p.original_span is not None else "spd-only-suspect")
    detail = f"{escape(p.kind)}" + (f" \u00b7 {p.similarity:.2f}" if p.aligned else "")
    badge = ""
    if passage is not None:
        badge = (
            f'<span class="spd-pbadge {_band_class(passage)}" data-passage="{passage.index}" '
            f'tabindex="0" title="{_attr(_passage_title(comparison, passage))}">'
            f"passage {passage.index + 1}</span>"
        )
    head = (
        f'<th scope="row" class="spd-n">{p.index + 1}'
        f'<small title="sentences on each side \u00b7 similarity">{detail}</small>{badge}</th>'
    )
    cells: list[str] = []
    for cls, text, span, marks, other in (
        ("spd-o", comparison.original, p.original_span, view.original_marks, "suspect"),
        ("spd-s", comparison.suspect, p.suspect_span, view.suspect_marks, "original"),
    ):
        if span is None:
            cells.append(f'<td class="{cls} spd-none">only in the {other}</td>')
        else:
            cells.append(f'<td class="{cls}">{_side_html(text, span, marks)}</td>')
    return (
        f'<tr class="{" ".join(classes)}" data-pair="{p.index}" data-kind="{_attr(p.kind)}">'
        f"{head}{''.join(cells)}</tr>"
    )


_COUNT_LABELS = (
    ("pairs", "pairs"),
    ("aligned", "aligned"),
    ("changed", "changed"),
    ("unchanged", "unchanged"),
    ("only_original", "only in original"),
    ("only_suspect", "only in suspect"),
    ("swaps", "swaps"),
    ("flagged", "flagged"),
    ("synonym", "synonym"),
    ("other", "other swaps"),
    ("inserted", "inserted"),
    ("deleted", "deleted"),
    ("moved", "moved"),
    ("tells", "tells"),
)


def _summary(comparison: Comparison, views: Sequence[PairView], hide_unchanged: bool) -> str:
    n = counts(comparison, views)
    verdict = comparison.verdict
    head = (
        '<div class="spd-head"><h2 class="spd-title">spundetect report</h2>'
        f'<span class="spd-verdict spd-verdict-{_class(verdict)}">{escape(verdict)}</span>'
        f'<span class="spd-score">score <b>{comparison.score:.3f}</b></span>'
        f'<meter class="spd-meter" min="0" max="1" low="0.5" high="0.5" optimum="0" '
        f'value="{comparison.score:.6f}" title="probability of a machine-spun copy">'
        f"{comparison.score:.3f}</meter></div>"
    )
    dl = "".join(
        f'<div class="spd-count-{_class(key)}"><dt>{label}</dt><dd>{n[key]}</dd></div>'
        for key, label in _COUNT_LABELS
    )
    parts = [head, f'<dl class="spd-counts">{dl}</dl>']
    note = reversed_note(comparison.reversed)
    if note is not None:
        parts.append(f'<p class="spd-direction">{escape(note)}</p>')
    parts.append(
        f'<p class="spd-signature">signature <code>{escape(str(comparison.signature))}</code></p>'
    )
    if comparison.tells:
        parts.append(tells_html(comparison.suspect, comparison.tells))
    parts.append(_passage_summary(comparison))
    legend = [
        f'<span><span class="spd-mark spd-{key}">{key}</span> {text}</span>'
        for key, text in (
            ("flagged", "unnatural machine swap"),
            ("synonym", "plain dictionary swap"),
            ("edit", "other edit: no dictionary link, inserted, deleted (struck) or moved"),
            ("tell", "tampering tell"),
        )
    ]
    if comparison.passages:
        legend.append(
            '<span><span class="spd-band spd-band-c0 spd-kind-spun">1 passage</span> '
            "numbered band over both texts, underlined by kind: solid spun, dashed "
            "paraphrase, dotted copy; hover, Tab or click a band to find its other side</span>"
        )
    legend.append('<span class="spd-hint">hover or Tab to a mark for its reasons</span>')
    parts.append(f'<div class="spd-legend">{"".join(legend)}</div>')
    checked = " checked" if hide_unchanged else ""
    parts.append(
        '<div class="spd-controls"><label><input type="checkbox" class="spd-hide-unchanged"'
        f"{checked}> hide unchanged pairs ({n['unchanged']})</label></div>"
    )
    return f'<div class="spd-summary">{"".join(parts)}</div>'


def tells_html(text: str, tells: Iterable[Tell]) -> str:
    """The summary's list of tells: code, offsets, the text they cover, detail.

    Examples:
        >>> from spundetect.models import Tell
        >>> tells_html("a {b|c}", [Tell(code="spintax", suspect_span=(2, 7), detail="x")])[:28]
        '<ul class="spd-tells"><li><b'
    """
    items = []
    for t in tells:
        a, b = t.suspect_span
        items.append(
            f"<li><b>{escape(t.code)}</b> at {a}\u2013{b}: "
            f"\u201c{escape(_one_line(text[a:b]))}\u201d \u2014 {escape(t.detail)}</li>"
        )
    return f'<ul class="spd-tells">{"".join(items)}</ul>'


def _band_class(passage: Passage) -> str:
    return f"spd-band-c{passage.index % BAND_COLOURS} spd-kind-{_class(passage.kind)}"


def _where(text: str, span: tuple[int, int]) -> str:
    (la, ca), (lb, cb) = line_col(text, span[0]), line_col(text, span[1])
    return f"line {la}:{ca}\u2013{lb}:{cb} (characters {span[0]}\u2013{span[1]})"


def _passage_title(comparison: Comparison, ps: Passage) -> str:
    """Plain text for a passage's ``title``: what it is and where both sides are."""
    return "\n".join([
        f"passage {ps.index + 1}: {ps.kind}, score {ps.score:.3f}"
        + (" (condensed)" if ps.condensed else ""),
        f"suspect {_where(comparison.suspect, ps.suspect_span)}, {ps.suspect_tokens} words",
        f"original {_where(comparison.original, ps.original_span)}, {ps.original_tokens} words",
        f"{len(passage_swaps(comparison, ps))} swaps, {ps.common_tokens} words shared in order",
    ])


def _passage_summary(comparison: Comparison) -> str:
    """The passages line and table of the summary."""
    passages = comparison.passages
    if not passages:
        return '<p class="spd-passages-note">no reused passage found</p>'
    order = original_order(comparison)
    note = (
        f"<b>{len(passages)} reused passage{'s' if len(passages) != 1 else ''}</b>, "
        f"{comparison.reused_share:.0%} of the suspect, numbered in the suspect\u2019s order"
    )
    if order != sorted(order):
        note += (
            '; <span class="spd-out-of-order">out of order: the original has them in the '
            f"order {', '.join(str(k + 1) for k in order)}</span>"
        )
    rows: list[str] = []
    for ps in passages:
        own = passage_swaps(comparison, ps)
        flagged = sum(1 for sw in own if sw.flagged)
        rows.append(
            f'<tr data-passage="{ps.index}" tabindex="0" '
            f'title="{_attr(_passage_title(comparison, ps))}">'
            f'<td><span class="spd-band-label {_band_class(ps)}">{ps.index + 1}</span></td>'
            f"<td>{escape(ps.kind)}{' (condensed)' if ps.condensed else ''}</td>"
            f'<td class="spd-num">{ps.score:.3f}</td>'
            f'<td class="spd-num">{ps.suspect_span[0]}\u2013{ps.suspect_span[1]}</td>'
            f'<td class="spd-num">{ps.original_span[0]}\u2013{ps.original_span[1]}</td>'
            f'<td class="spd-num">{ps.suspect_tokens} / {ps.original_tokens}</td>'
            f'<td class="spd-num">{len(own)} ({flagged})</td></tr>'
        )
    table_html = (
        '<table class="spd-ptable"><thead><tr><th scope="col">passage</th>'
        '<th scope="col">kind</th><th scope="col">score</th>'
        '<th scope="col">suspect characters</th><th scope="col">original characters</th>'
        '<th scope="col">words (suspect / original)</th><th scope="col">swaps (flagged)</th>'
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )
    return f'<div class="spd-passages"><p class="spd-passages-note">{note}</p>{table_html}</div>'


def _band_open(ps: Passage) -> str:
    return f'<span class="spd-band {_band_class(ps)}" data-passage="{ps.index}">'


def _band_label(comparison: Comparison, ps: Passage) -> str:
    return (
        f'<span class="spd-band-label {_band_class(ps)}" tabindex="0" '
        f'title="{_attr(_passage_title(comparison, ps))}">{escape(passage_label(ps))}</span>'
    )


def _doc_html(comparison: Comparison, side: str, marks: Sequence[Mark]) -> str:
    """One whole text with its passages as bands and its marks inside them."""
    text = comparison.original if side == "original" else comparison.suspect
    passages = comparison.passages
    bands = [
        (k, *(ps.original_span if side == "original" else ps.suspect_span))
        for k, ps in enumerate(passages)
    ]
    out: list[str] = []
    # Bands stay open while the set covering the text stays the same (marks open and close
    # inside them); when it changes, all are closed and the new set opened, so elements
    # never cross.
    current: tuple[int, ...] = ()
    for piece in layers((0, len(text)), bands, marks):
        if piece.bands != current or piece.opens:
            out.append("</span>" * len(current))
            for k in piece.bands:
                out.append(_band_open(passages[k]))
                if k in piece.opens:
                    out.append(_band_label(comparison, passages[k]))
            current = piece.bands
        chunk = text[piece.start : piece.end]
        out.append(escape(chunk) if piece.mark is None else _mark_html(chunk, piece.mark))
    out.append("</span>" * len(current))
    return "".join(out)


def _map(comparison: Comparison, views: Sequence[PairView]) -> str:
    """Both whole texts side by side with the passages as bands (empty without passages)."""
    if not comparison.passages:
        return ""
    o = _doc_html(comparison, "original", text_marks(comparison, "original", views))
    s = _doc_html(comparison, "suspect", text_marks(comparison, "suspect", views))
    return (
        '<div class="spd-map">'
        '<div class="spd-map-col"><div class="spd-map-head">original</div>'
        f'<div class="spd-doc spd-doc-o">{o}</div></div>'
        '<div class="spd-map-col"><div class="spd-map-head">suspect</div>'
        f'<div class="spd-doc spd-doc-s">{s}</div></div>'
        "</div>\n"
    )


def _body(comparison: Comparison, hide_unchanged: bool) -> str:
    views = pair_views(comparison)
    owner = passage_of(comparison)
    rows = "\n".join(
        _row(comparison, v,
             comparison.passages[owner[v.pair.index]] if v.pair.index in owner else None)
        for v in views
    )
    if not views:
        rows = '<tr><td colspan="3" class="spd-none">no sentences to compare</td></tr>'
    table_html = (
        '<table class="spd-pairs">'
        '<colgroup><col class="spd-col-n"><col><col></colgroup>'
        '<thead><tr><th scope="col">pair</th><th scope="col">original</th>'
        '<th scope="col">suspect</th></tr></thead>\n'
        f"<tbody>\n{rows}\n</tbody></table>"
    )
    return _summary(comparison, views, hide_unchanged) + "\n" + _map(comparison, views) + table_html


def fragment(comparison: Comparison, *, hide_unchanged: bool = False, assets: bool = True) -> str:
    """Render a comparison as an HTML fragment (one ``<div>``), as a notebook shows it.

    Args:
        comparison: the result of :func:`spundetect.compare`.
        hide_unchanged: start with unchanged pairs hidden (the checkbox ticked).
        assets: include the ``<style>`` and ``<script>`` elements; without them the
            host page must provide :func:`stylesheet` (and optionally :func:`script`).

    Returns:
        The fragment, safe to insert into any page.

    Examples:
        >>> import spundetect
        >>> c = spundetect.compare("A <b>bold</b> claim.", "A <b>daring</b> claim.")
        >>> "&lt;b&gt;" in fragment(c) and "<b>daring" not in fragment(c)
        True
    """
    classes = "spd-report spd-hide" if hide_unchanged else "spd-report"
    style = f"<style>{stylesheet()}</style>\n" if assets else ""
    code = f"\n<script>{script()}</script>" if assets else ""
    return (
        f'<div class="{classes}" data-verdict="{_attr(comparison.verdict)}">\n'
        f"{style}{_body(comparison, hide_unchanged)}{code}\n</div>\n"
    )


def _csp_hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def page(comparison: Comparison, *, title: str | None = None) -> str:
    """Render a comparison as a whole, self-contained HTML page.

    Nothing is loaded from outside (no fonts, scripts or images); a Content Security
    Policy allows only the page's own style and script, so that even a mistake in
    escaping could not run anything. The page prints well (``@media print``).

    Args:
        comparison: the result of :func:`spundetect.compare`.
        title: the page title; by default the verdict and score.

    Returns:
        The page, starting with ``<!DOCTYPE html>``.

    Examples:
        >>> import spundetect
        >>> c = spundetect.compare("An old friend.", "A previous pal.")
        >>> "Content-Security-Policy" in page(c)
        True
    """
    if title is None:
        title = f"spundetect report: {comparison.verdict} ({comparison.score:.3f})"
    return wrap_page(fragment(comparison, assets=False), title=title)


def wrap_page(body: str, *, title: str, css: str | None = None) -> str:
    """A whole self-contained page around a report fragment made with ``assets=False``:
    the stylesheet (``css``, by default :func:`stylesheet`) and the script inline, allowed
    by hash in a Content Security Policy that allows nothing else."""
    css, js = (stylesheet() if css is None else css), script()
    csp = (
        "default-src 'none'; "
        f"style-src {_csp_hash(css)}; script-src {_csp_hash(js)}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="color-scheme" content="light">\n'
        f"<title>{escape(_one_line(title))}</title>\n"
        f"<style>{css}</style>\n</head>\n<body>\n"
        f"{body}"
        f"<script>{js}</script>\n</body>\n</html>\n"
    )


def save(comparison: Comparison, path: str | PathLike[str], *, title: str | None = None) -> None:
    """Write :func:`page` to ``path`` as UTF-8.

    Examples:
        >>> import spundetect, tempfile, pathlib
        >>> c = spundetect.compare("An old friend.", "A previous pal.")
        >>> with tempfile.TemporaryDirectory() as d:
        ...     save(c, pathlib.Path(d) / "report.html")
    """
    Path(path).write_text(page(comparison, title=title), encoding="utf-8")


def results_table_html(
    comparisons: Iterable[Comparison], ids: Sequence[str] | None = None
) -> str:
    """One HTML table for a batch of results, one row per comparison.

    Columns: row number, id (when given), verdict, score, sentence pairs, swaps,
    flagged swaps, tells, and the start of the suspect text. Under it, how many
    results got each verdict.

    Args:
        comparisons: the results, e.g. from :func:`spundetect.compare_many`.
        ids: a label per result (same length), shown in an ``id`` column.

    Returns:
        An HTML fragment with its own ``<style>``; in a notebook, show it with
        ``IPython.display.HTML(results_table_html(results))``.

    Examples:
        >>> import spundetect
        >>> cs = list(spundetect.compare_many([("An old friend.", "A previous pal.")]))
        >>> "<table" in results_table_html(cs, ids=["first"])
        True
    """
    results = list(comparisons)
    if ids is not None and len(ids) != len(results):
        raise ValueError(f"ids has {len(ids)} labels for {len(results)} results")
    id_head = '<th scope="col">id</th>' if ids is not None else ""
    rows: list[str] = []
    tally: dict[str, int] = {}
    for k, c in enumerate(results):
        tally[c.verdict] = tally.get(c.verdict, 0) + 1
        snippet = _one_line(c.suspect)
        if len(snippet) > 90:
            snippet = snippet[:89] + "\u2026"
        id_cell = f"<td>{escape(str(ids[k]))}</td>" if ids is not None else ""
        rows.append(
            f'<tr data-verdict="{_attr(c.verdict)}"><td class="spd-num">{k + 1}</td>{id_cell}'
            f'<td><span class="spd-verdict spd-verdict-{_class(c.verdict)}">{escape(c.verdict)}</span></td>'
            f'<td class="spd-num"><meter class="spd-meter" min="0" max="1" value="{c.score:.6f}">'
            f"</meter> {c.score:.3f}</td>"
            f'<td class="spd-num">{len(c.pairs)}</td><td class="spd-num">{len(c.swaps)}</td>'
            f'<td class="spd-num">{sum(1 for s in c.swaps if s.flagged)}</td>'
            f'<td class="spd-num">{len(c.tells)}</td>'
            f'<td class="spd-snippet">{escape(snippet)}</td></tr>'
        )
    summary = ", ".join(f"{escape(v)}: {n}" for v, n in sorted(tally.items())) or "no results"
    return (
        f'<div class="spd-report spd-results">\n<style>{stylesheet()}</style>\n'
        '<table class="spd-results-table"><thead><tr><th scope="col">#</th>'
        f'{id_head}<th scope="col">verdict</th><th scope="col">score</th>'
        '<th scope="col">pairs</th><th scope="col">swaps</th><th scope="col">flagged</th>'
        '<th scope="col">tells</th><th scope="col">suspect</th></tr></thead>\n<tbody>\n'
        + "\n".join(rows)
        + f'\n</tbody></table>\n<p class="spd-signature">{len(results)} results \u2014 '
        f"{summary}</p>\n</div>\n"
    )


#: Short alias of :func:`results_table_html`.
table = results_table_html
