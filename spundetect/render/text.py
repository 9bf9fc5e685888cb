"""Plain-text report of a comparison, for a terminal or a log.

A summary header (verdict, score, counts, signature, tells), then the reused passages, then
the sentence pairs that changed (all of them with ``all_pairs=True``), each as one merged
line wrapped to the terminal's width.

The passages are listed in the suspect's order, numbered from 1: kind, score, swaps, where
each side is (``line:column`` and character offsets) and the start and end of each side's
text. When the suspect took them from the original in another order, the header says in
which order the original has them. A pair's heading names the passage it belongs to.

Changes are marked inline:

* ``[old->new!]`` a flagged (unnatural machine) swap;
* ``[old->new]`` a plain dictionary synonym swap;
* ``[old=>new]`` another substitution, with no dictionary link;
* ``{+word+}`` inserted (only in the suspect), ``[-word-]`` deleted (only in the
  original), ``{~word~}`` / ``[~word~]`` moved (where it is now / where it was).

Sentences on one side only are shown with ``-`` (only in the original) or ``+`` (only in
the suspect). Pairs are numbered from 1. Control characters, zero-width and bidi
characters in the texts are shown as ``<U+XXXX>`` so that nothing in a text can drive
the terminal.

Examples:
    >>> import spundetect
    >>> from spundetect.render.text import render_text
    >>> c = spundetect.compare("We met an old friend.", "We met a previous pal.")
    >>> print(render_text(c, width=60).splitlines()[-2])
        We met [an=>a] [old->previous!] [friend->pal!].
"""

from __future__ import annotations

import re
import shutil
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING

from spundetect.render import (
    Mark,
    PairView,
    counts,
    line_col,
    original_order,
    pair_views,
    passage_of,
    passage_swaps,
    visible_char,
)
from spundetect.direction import reversed_note

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Callable

    from spundetect.models import Comparison, Passage

__all__ = ["render_text", "mark_text", "LEGEND", "DEFAULT_WIDTH"]

#: Width used when none is given and the terminal's cannot be found.
DEFAULT_WIDTH = 100
#: Narrowest width rendered (smaller widths are raised to this).
MIN_WIDTH = 40
#: The line that explains the inline marks.
LEGEND = (
    "marks: [old->new!] flagged, [old->new] synonym swap, [old=>new] other swap, "
    "{+new+} inserted, [-old-] deleted, {~w~} [~w~] moved"
)

_WORD = re.compile(r"\w+")
_SPACES = re.compile(r" {2,}")
_NBSP = "\x00"  # stands for a space that must not be broken (inside a mark)


def _clean(text: str) -> str:
    """Whitespace to single spaces; control and invisible characters as ``<U+XXXX>``."""
    out: list[str] = []
    for ch in text:
        if ch.isspace():
            out.append(" ")
            continue
        code = visible_char(ch)
        out.append(f"<{code}>" if code else ch)
    return _SPACES.sub(" ", "".join(out))


def _inner(text: str) -> str:
    return _clean(text).strip().replace(" ", _NBSP)


def mark_text(mark: Mark, side: str = "suspect") -> str:
    """How one mark is written inline.

    Args:
        mark: the mark.
        side: which side the mark's span is on (``"original"`` or ``"suspect"``); only
            moves are written differently on the two sides.

    Examples:
        >>> from spundetect.render import Mark
        >>> mark_text(Mark("s0", "swap", "flagged", 0, 3, "old", "previous"))
        '[old->previous!]'
    """
    if mark.kind == "swap":
        o, s = _inner(mark.original), _inner(mark.suspect)
        if mark.judgement == "flagged":
            return f"[{o}->{s}!]"
        if mark.judgement == "synonym":
            return f"[{o}->{s}]"
        return f"[{o}=>{s}]"
    if mark.kind == "insert":
        return "{+" + _inner(mark.suspect) + "+}"
    if mark.kind == "delete":
        return "[-" + _inner(mark.original) + "-]"
    if mark.kind == "move":
        if side == "original":
            return "[~" + _inner(mark.original) + "~]"
        return "{~" + _inner(mark.suspect) + "~}"
    return _clean(mark.suspect if side == "suspect" else mark.original)


def _words(text: str, start: int, end: int, skip: Sequence[tuple[int, int]]) -> list[re.Match[str]]:
    """Word matches of ``text[start:end]`` that are not inside a ``skip`` range."""
    return [
        m
        for m in _WORD.finditer(text, start, end)
        if not any(a <= m.start() < b for a, b in skip)
    ]


def _merged(comparison: Comparison, view: PairView) -> str:
    """The suspect side of an aligned pair with every change written inline (cleaned).

    Deletions (which have no place in the suspect) are put after as many unchanged words,
    counted from the previous swap, as precede them in the original.
    """
    pair = view.pair
    assert pair.original_span is not None and pair.suspect_span is not None
    o_text, s_text = comparison.original, comparison.suspect
    (oa, _ob), (sa, sb) = pair.original_span, pair.suspect_span
    o_swap = {m.key: m for m in view.original_marks if m.kind == "swap"}
    anchors: list[tuple[Mark, Mark]] = []  # (original side, suspect side), in order
    for m in view.suspect_marks:
        if m.kind == "swap" and m.key in o_swap:
            om = o_swap[m.key]
            if not anchors or om.start >= anchors[-1][0].end:
                anchors.append((om, m))
    o_only = [m for m in view.original_marks if m.kind != "swap"]
    s_only = [(m.start, m.end) for m in view.suspect_marks if m.kind in ("insert", "move")]
    o_skip = [(m.start, m.end) for m in o_only]

    # (position in the suspect, order, text) to insert.
    inserts: list[tuple[int, int, str]] = []
    for order, d in enumerate(o_only):
        prev = [a for a in anchors if a[0].end <= d.start]
        nxt = [a for a in anchors if a[0].start >= d.end]
        o_from = prev[-1][0].end if prev else oa
        s_from = prev[-1][1].end if prev else sa
        s_to = nxt[0][1].start if nxt else sb
        s_to = max(s_to, s_from)
        n = len(_words(o_text, o_from, d.start, o_skip))
        label = mark_text(d, "original")
        if n == 0:
            words = list(_WORD.finditer(s_text, s_from, s_to))
            if words:
                inserts.append((words[0].start(), order, label + " "))
            else:
                inserts.append((s_from, order, " " + label))
        else:
            words = _words(s_text, s_from, s_to, s_only)
            pos = words[n - 1].end() if len(words) >= n else s_to
            inserts.append((pos, order, " " + label))
    inserts.sort()

    out: list[str] = []
    cursor = sa
    k = 0

    def plain(upto: int) -> None:
        nonlocal cursor, k
        while k < len(inserts) and inserts[k][0] <= upto:
            pos = max(inserts[k][0], cursor)
            out.append(_clean(s_text[cursor:pos]))
            out.append(inserts[k][2])
            cursor = pos
            k += 1
        if upto > cursor:
            out.append(_clean(s_text[cursor:upto]))
            cursor = upto

    for m in view.suspect_marks:
        if m.start < cursor:
            continue
        plain(m.start)
        out.append(mark_text(m, "suspect"))
        cursor = m.end
    plain(sb)
    return "".join(out)


def _wrap(text: str, width: int, first: str, rest: str) -> list[str]:
    room = width - max(len(first), len(rest))
    # A mark too long for a line may break at its own spaces; shorter ones stay whole.
    words = [w.replace(_NBSP, " ") if len(w) > room else w for w in text.split(" ")]
    lines = textwrap.wrap(
        _SPACES.sub(" ", " ".join(words)).strip(),
        width=width,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=False,
        break_on_hyphens=False,
    )
    return [line.replace(_NBSP, " ") for line in lines] or [first.rstrip()]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _pair_head(view: PairView, total: int, passage: int | None = None) -> str:
    p = view.pair
    head = f"pair {p.index + 1}/{total} ({p.kind}"
    if passage is not None:
        head += f", passage {passage + 1}"
    if not p.aligned:
        side = "original" if p.original_span is not None else "suspect"
        return f"{head}): only in the {side}"
    head += f", similarity {p.similarity:.2f})"
    if not view.changed:
        return f"{head}: unchanged"
    parts: list[str] = []
    if view.swaps:
        flagged = f" ({view.flagged} flagged)" if view.flagged else ""
        parts.append(_plural(len(view.swaps), "swap") + flagged)
    tags: list[str] = [e.tag for e in view.edits]
    for tag, word in (("insert", "inserted"), ("delete", "deleted"), ("move", "moved")):
        if tags.count(tag):
            parts.append(f"{tags.count(tag)} {word}")
    return f"{head}: " + ", ".join(parts)


def render_text(comparison: Comparison, width: int | None = None, all_pairs: bool = False) -> str:
    """Render a comparison as a plain-text report.

    Args:
        comparison: the result of :func:`spundetect.compare`.
        width: line width; ``None`` uses the terminal's width
            (:func:`shutil.get_terminal_size`, 100 when there is no terminal).
        all_pairs: also show the unchanged pairs (by default only changed pairs and
            unaligned sentences are shown).

    Returns:
        The report, lines joined by ``"\\n"``, ending with a newline.

    Examples:
        >>> import spundetect
        >>> c = spundetect.compare("Two men met.", "2 males met.")
        >>> "[men->males" in render_text(c, width=50)
        True
    """
    if width is None:
        width = shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns
    width = max(int(width), MIN_WIDTH)
    views = pair_views(comparison)
    n = counts(comparison, views)
    lines: list[str] = []

    def para(text: str, first: str = "", rest: str = "  ") -> None:
        lines.extend(_wrap(text, width, first, rest))

    para(f"spundetect: {comparison.verdict.upper()} (score {comparison.score:.3f})")
    para(
        f"pairs: {n['pairs']} ({n['aligned']} aligned: {n['changed'] - n['only_original'] - n['only_suspect']}"
        f" changed, {n['unchanged']} unchanged; {n['only_original']} only in the original;"
        f" {n['only_suspect']} only in the suspect)"
    )
    para(
        f"swaps: {n['swaps']} ({n['flagged']} flagged, {n['synonym']} synonym, "
        f"{n['other']} other); edits: {n['inserted']} inserted, {n['deleted']} deleted, "
        f"{n['moved']} moved; tells: {n['tells']}"
    )
    note = reversed_note(comparison.reversed)
    if note is not None:
        para(note)
    lines.append("signature: " + _clean(str(comparison.signature)).replace(" ", "_"))
    for t in comparison.tells:
        a, b = t.suspect_span
        snippet = _clean(comparison.suspect[a:b])
        para(f'tell: {t.code} at {a}-{b} "{snippet}": {_clean(t.detail)}', "  ", "    ")
    _passages(comparison, width, para)
    para(LEGEND)
    rule = "-" * width
    shown = [v for v in views if all_pairs or v.changed]
    owner = passage_of(comparison)
    for v in shown:
        lines.append(rule)
        para(_pair_head(v, len(views), owner.get(v.pair.index)))
        p = v.pair
        if p.aligned:
            if v.changed:
                body = _merged(comparison, v)
            else:
                body = _clean(_slice(comparison.suspect, p.suspect_span))
            para(body, "    ", "    ")
        elif p.original_span is not None:
            para(_clean(_slice(comparison.original, p.original_span)), "  - ", "    ")
        else:
            para(_clean(_slice(comparison.suspect, p.suspect_span)), "  + ", "    ")
    lines.append(rule)
    hidden = len(views) - len(shown)
    if hidden:
        para(f"{_plural(hidden, 'unchanged pair')} not shown (all_pairs=True shows them)")
    elif not views:
        para("no sentences to compare")
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _excerpt(text: str, room: int) -> str:
    """``text`` cleaned, or its start and end joined by ``...`` to fit ``room`` characters.

    The cut falls between words where it can, so that each end reads as words.
    """
    clean = _clean(text).strip()
    if len(clean) <= room:
        return clean
    half = max((room - 5) // 2, 1)
    head = clean[:half]
    tail = clean[len(clean) - half :]
    # Cut at a space when there is one in the second half of each end.
    if " " in head[half // 2 :]:
        head = head[: head.rindex(" ")]
    if " " in tail[: half - half // 2]:
        tail = tail[tail.index(" ") + 1 :]
    return f"{head.rstrip()} ... {tail.lstrip()}"


def _where(text: str, span: tuple[int, int]) -> str:
    (la, ca), (lb, cb) = line_col(text, span[0]), line_col(text, span[1])
    return f"{la}:{ca}-{lb}:{cb} (chars {span[0]}-{span[1]})"


def _passage_head(comparison: Comparison, ps: Passage) -> str:
    own = passage_swaps(comparison, ps)
    flagged = sum(1 for sw in own if sw.flagged)
    swaps = _plural(len(own), "swap") + (f" ({flagged} flagged)" if flagged else "")
    words = f"{ps.suspect_tokens} words ({ps.original_tokens} in the original)"
    condensed = ", condensed" if ps.condensed else ""
    return (
        f"{ps.index + 1}. {ps.kind}, score {ps.score:.2f}, {swaps}, {words}{condensed}: "
        f"suspect {_where(comparison.suspect, ps.suspect_span)}, "
        f"original {_where(comparison.original, ps.original_span)}"
    )


def _passages(comparison: Comparison, width: int, para: Callable[[str, str, str], None]) -> None:
    """The passage list: a header line, then each passage with an excerpt of both sides."""
    passages = comparison.passages
    if not passages:
        para("passages: none (no reused passage found)", "", "  ")
        return
    order = original_order(comparison)
    if order == sorted(order):
        where = "in the same order as in the original" if len(passages) > 1 else ""
    else:
        where = ("out of order: the original has them in the order "
                 + ", ".join(str(k + 1) for k in order))
    share = f"{comparison.reused_share:.0%} of the suspect"
    para(f"passages: {len(passages)} ({share}" + (f"; {where})" if where else ")"), "", "  ")
    indent = "     "
    for ps in passages:
        para(_passage_head(comparison, ps), "  ", indent)
        for label, text, span in (
            ("suspect:" + _NBSP, comparison.suspect, ps.suspect_span),
            ("original:", comparison.original, ps.original_span),
        ):
            room = width - len(indent) - len(label) - 3
            para(f'{label} "{_excerpt(text[span[0] : span[1]], room)}"', indent, indent + "  ")


def _slice(text: str, span: tuple[int, int] | None) -> str:
    return text[span[0] : span[1]] if span is not None else ""
