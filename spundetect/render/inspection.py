"""Reports of an :class:`~spundetect.models.Inspection`: text, HTML and table views.

The same machinery as a comparison's reports (:mod:`spundetect.render`): each tell is a
:class:`~spundetect.render.Mark` of judgement ``"tell"``, cut out of the text by
:func:`~spundetect.render.segments`, written with the HTML report's marks, tooltips, escaping
and stylesheet, and the text report's cleaning and wrapping. Nothing is recomputed.

* :func:`render_text` - the score, the counts, then each tell with its context.
* :func:`fragment` / :func:`page` / :func:`save` - the summary and the whole text with the
  tells marked (violet, as in a comparison's report), hover or Tab for the detail.
* :func:`to_records` / :func:`to_frame` - one row per tell.

Examples:
    >>> import spundetect
    >>> from spundetect.render.inspection import render_text
    >>> r = spundetect.inspect("A counterfeit consciousness wrote this.")
    >>> "[[counterfeit consciousness]]" in render_text(r, width=80)
    True
"""

from __future__ import annotations

import shutil
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spundetect.render import Mark, segments
from spundetect.render.frame import COLUMNS, _pandas, tell_records
from spundetect.render.html import _mark_html, _one_line, escape, script, stylesheet, tells_html, wrap_page
from spundetect.render.text import DEFAULT_WIDTH, MIN_WIDTH, _clean, _wrap

if TYPE_CHECKING:  # pragma: no cover
    from spundetect.models import Inspection

__all__ = ["marks", "render_text", "fragment", "page", "save", "to_records", "to_frame",
           "CONTEXT", "LEGEND", "EXTRA_CSS"]

#: Characters of context shown on each side of a tell in the text report.
CONTEXT = 50
#: The line that explains the text report's marks.
LEGEND = "marks: [[words]] a tell, in its context"
#: What the HTML report adds to the comparison report's stylesheet: the text keeps its
#: line breaks.
EXTRA_CSS = ".spd-inspect .spd-text{white-space:pre-wrap;line-height:1.6;margin:.8em 0}"


def marks(inspection: Inspection) -> list[Mark]:
    """The tells as marks on the text, in text order (a tell overlapping an earlier one is
    left out, as in a comparison's report).

    Examples:
        >>> import spundetect
        >>> [m.suspect for m in marks(spundetect.inspect("Profound learning works."))]
        ['Profound learning']
    """
    out: list[Mark] = []
    end = -1
    text = inspection.text
    for k, t in sorted(enumerate(inspection.tells), key=lambda kt: (kt[1].suspect_span, kt[0])):
        a, b = t.suspect_span
        if b > a >= end:
            out.append(Mark(f"t{k}", "tell", "tell", a, b, "", text[a:b], reasons=(t.code,),
                            detail=t.detail))
            end = b
    return out


def _counts(inspection: Inspection) -> str:
    by_code: dict[str, int] = {}
    for t in inspection.tells:
        by_code[t.code] = by_code.get(t.code, 0) + 1
    parts = ", ".join(f"{n} {code}" for code, n in sorted(by_code.items()))
    return f"{len(inspection.tells)}" + (f" ({parts})" if parts else "")


def render_text(inspection: Inspection, width: int | None = None) -> str:
    """Render an inspection as a plain-text report.

    Args:
        inspection: the result of :func:`spundetect.inspect`.
        width: line width; ``None`` uses the terminal's (100 without one).

    Returns:
        The report, lines joined by ``"\\n"``, ending with a newline.

    Examples:
        >>> import spundetect
        >>> print(render_text(spundetect.inspect("Plain words."), width=60).splitlines()[0])
        spundetect inspect: score 0.091 (no original compared)
    """
    if width is None:
        width = shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns
    width = max(int(width), MIN_WIDTH)
    lines: list[str] = []

    def para(text: str, first: str = "", rest: str = "  ") -> None:
        lines.extend(_wrap(text, width, first, rest))

    text = inspection.text
    para(f"spundetect inspect: score {inspection.score:.3f} (no original compared)")
    per = sum(inspection.rates.values())
    para(f"words: {inspection.words}; tells: {_counts(inspection)}; {per:.2f} per 1,000 words")
    lines.append("signature: " + _clean(str(inspection.signature)).replace(" ", "_"))
    para(LEGEND)
    rule = "-" * width
    for m in marks(inspection):
        lines.append(rule)
        para(f"{m.reasons[0]} at {m.start}-{m.end}: {_clean(m.detail)}")
        before = _clean(text[max(0, m.start - CONTEXT) : m.start]).lstrip()
        after = _clean(text[m.end : m.end + CONTEXT]).rstrip()
        lead = "..." if m.start > CONTEXT else ""
        tail = "..." if m.end + CONTEXT < len(text) else ""
        para(f"{lead}{before}[[{_clean(m.suspect)}]]{after}{tail}", "    ", "    ")
    lines.append(rule)
    if not inspection.tells:
        para("no tells found")
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _summary(inspection: Inspection) -> str:
    score = inspection.score
    head = (
        '<div class="spd-head"><h2 class="spd-title">spundetect inspection</h2>'
        f'<span class="spd-score">score <b>{score:.3f}</b></span>'
        f'<meter class="spd-meter" min="0" max="1" low="0.5" high="0.5" optimum="0" '
        f'value="{score:.6f}" title="how likely machine-reworded, judged without an original">'
        f"{score:.3f}</meter></div>"
    )
    rows = [("words", str(inspection.words)), ("tells", str(len(inspection.tells)))]
    rows += [(code, f"{rate:.2f} per 1,000 words") for code, rate in inspection.rates.items()]
    dl = "".join(f"<div><dt>{escape(k)}</dt><dd>{escape(v)}</dd></div>" for k, v in rows)
    parts = [head, f'<dl class="spd-counts">{dl}</dl>',
             f'<p class="spd-signature">signature <code>{escape(str(inspection.signature))}</code></p>']
    if inspection.tells:
        parts.append(tells_html(inspection.text, inspection.tells))
    parts.append('<div class="spd-legend"><span><span class="spd-mark spd-tell">tell</span> '
                 'tortured phrase, spintax, homoglyph or hidden character</span>'
                 '<span class="spd-hint">hover or Tab to a mark for its detail</span></div>')
    return f'<div class="spd-summary">{"".join(parts)}</div>'


def _body(inspection: Inspection) -> str:
    text = inspection.text
    pieces = "".join(
        escape(piece) if mark is None else _mark_html(piece, mark)
        for piece, mark in segments(text, (0, len(text)), marks(inspection))
    )
    return _summary(inspection) + f'\n<div class="spd-text">{pieces}</div>'


def fragment(inspection: Inspection, *, assets: bool = True) -> str:
    """Render an inspection as an HTML fragment (one ``<div>``), as a notebook shows it.

    Args:
        inspection: the result of :func:`spundetect.inspect`.
        assets: include the ``<style>`` and ``<script>`` elements; without them the host
            page must provide the stylesheet (:func:`spundetect.render.html.stylesheet`).

    Returns:
        The fragment; every piece of the text is escaped.

    Examples:
        >>> import spundetect
        >>> "&lt;b&gt;" in fragment(spundetect.inspect("A <b>counterfeit consciousness</b>."))
        True
    """
    style = f"<style>{stylesheet()}{EXTRA_CSS}</style>\n" if assets else ""
    code = f"\n<script>{script()}</script>" if assets else ""
    return (f'<div class="spd-report spd-inspect" data-score="{inspection.score:.6f}">\n'
            f"{style}{_body(inspection)}{code}\n</div>\n")


def page(inspection: Inspection, *, title: str | None = None) -> str:
    """Render an inspection as a whole, self-contained HTML page (nothing loaded from
    outside; a Content Security Policy allows only its own style and script).

    Examples:
        >>> import spundetect
        >>> page(spundetect.inspect("Plain words.")).startswith("<!DOCTYPE html>")
        True
    """
    if title is None:
        title = f"spundetect inspection: score {inspection.score:.3f}"
    return wrap_page(fragment(inspection, assets=False), title=title, css=stylesheet() + EXTRA_CSS)


def save(inspection: Inspection, path: str | PathLike[str], *, title: str | None = None) -> None:
    """Write :func:`page` to ``path`` as UTF-8.

    Examples:
        >>> import spundetect, tempfile, pathlib
        >>> with tempfile.TemporaryDirectory() as d:
        ...     save(spundetect.inspect("Plain words."), pathlib.Path(d) / "r.html")
    """
    Path(path).write_text(page(inspection, title=title), encoding="utf-8")


def to_records(inspection: Inspection) -> list[dict[str, Any]]:
    """One dict per tell, with the columns of a comparison's ``"tells"`` rows.

    Examples:
        >>> import spundetect
        >>> to_records(spundetect.inspect("Profound learning."))[0]["code"]
        'tortured_phrase'
    """
    return tell_records(inspection.text, inspection.tells)


def to_frame(inspection: Inspection) -> Any:
    """:func:`to_records` as a :class:`pandas.DataFrame` (needs pandas).

    Examples:
        >>> import spundetect
        >>> to_frame(spundetect.inspect("Profound learning."))[["code", "suspect"]]
                      code            suspect
        0  tortured_phrase  Profound learning
    """
    return _pandas().DataFrame(to_records(inspection), columns=COLUMNS["tells"])
