"""Reports people can read: text, HTML, notebook and table views of a comparison.

Every renderer is a pure function of a :class:`~spundetect.models.Comparison`: it reads
the texts, spans and judgements already in the result and recomputes nothing. This module
holds what the renderers share (the *marks*: swaps, edits and tells placed on each side
of a sentence pair, with their judgement and reasons) and thin entry points that import
the renderers lazily:

* :func:`to_text` - a plain-text report for a terminal or a log.
* :func:`to_html` - an HTML fragment (inline CSS and a tiny script), as a notebook shows.
* :func:`page_html` / :func:`save_html` - a whole self-contained HTML page.
* :func:`results_table_html` - one table row per comparison, for a batch.
* :func:`to_records` / :func:`to_frame` - swaps, pairs, edits or tells as rows.

Judgements, used alike by every renderer:

* ``"flagged"``: a swap judged an unnatural machine substitution.
* ``"synonym"``: a plain dictionary (thesaurus) swap.
* ``"edit"``: anything else - a swap with no dictionary link, an insertion, a deletion
  or a move.

Examples:
    >>> import spundetect
    >>> from spundetect.render import to_text
    >>> c = spundetect.compare("The old friend came.", "The previous pal came.")
    >>> "[old->previous" in to_text(c, width=80)
    True
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from spundetect.evidence import REASONS

if TYPE_CHECKING:  # pragma: no cover
    from os import PathLike

    from spundetect.models import Comparison, Edit, SentencePair, Swap, Tell

__all__ = [
    "passage_of",
    "Judgement",
    "Mark",
    "PairView",
    "JUDGEMENT_LABELS",
    "EDIT_LABELS",
    "judgement",
    "describe_reason",
    "pair_views",
    "segments",
    "counts",
    "visible_char",
    "to_text",
    "to_html",
    "page_html",
    "save_html",
    "results_table_html",
    "to_records",
    "to_frame",
    "results_records",
    "results_frame",
]

Judgement = Literal["flagged", "synonym", "edit", "tell"]

#: What each judgement means, as shown in legends and tooltips.
JUDGEMENT_LABELS: dict[str, str] = {
    "flagged": "flagged: an unnatural machine swap",
    "synonym": "synonym swap: a plain dictionary substitution",
    "edit": "other edit: not a dictionary swap",
    "tell": "tampering tell",
}

#: What each kind of :class:`~spundetect.models.Edit` means.
EDIT_LABELS: dict[str, str] = {
    "insert": "inserted: only in the suspect",
    "delete": "deleted: only in the original",
    "move": "moved: the same words at another place of the pair",
}


@dataclass(frozen=True, slots=True)
class Mark:
    """One highlighted stretch of text on one side of a sentence pair.

    Attributes:
        key: identifies the swap, edit or tell across both sides (``"s3"`` for
            ``comparison.swaps[3]``, ``"e1"`` for an edit, ``"t0"`` for a tell).
        kind: ``"swap"``, ``"insert"``, ``"delete"``, ``"move"`` or ``"tell"``.
        judgement: ``"flagged"``, ``"synonym"``, ``"edit"`` or ``"tell"``.
        start: offset of the stretch in this side's text.
        end: end offset of the stretch in this side's text.
        original: the original side's text of the swap or edit (``""`` if none).
        suspect: the suspect side's text (``""`` if none).
        relation: the swap's lexical relation, ``None`` for edits and tells.
        shape: the swap's shape (``"1:1"``...), ``""`` for edits and tells.
        reasons: the reason codes (a tell's code for tells).
        detail: a sentence for a tell, ``""`` otherwise.
    """

    key: str
    kind: str
    judgement: Judgement
    start: int
    end: int
    original: str
    suspect: str
    relation: str | None = None
    shape: str = ""
    reasons: tuple[str, ...] = ()
    detail: str = ""

    @property
    def label(self) -> str:
        """A one-line description of what the mark is."""
        if self.kind == "swap":
            return JUDGEMENT_LABELS[self.judgement]
        if self.kind == "tell":
            return f"tampering tell: {self.reasons[0] if self.reasons else 'tell'}"
        return EDIT_LABELS.get(self.kind, self.kind)

    def explanations(self) -> list[tuple[str, str]]:
        """``(code, description)`` for each reason, in order (empty for edits)."""
        if self.kind == "tell":
            return [(code, self.detail) for code in self.reasons]
        return [(code, describe_reason(code)) for code in self.reasons]


@dataclass(frozen=True, slots=True)
class PairView:
    """A sentence pair with its marks, ready to render.

    Attributes:
        pair: the :class:`~spundetect.models.SentencePair`.
        original_marks: marks on the original side, in text order, not overlapping.
        suspect_marks: marks on the suspect side, in text order, not overlapping.
        swaps: the pair's swaps.
        edits: the pair's insertions, deletions and moves.
    """

    pair: SentencePair
    original_marks: tuple[Mark, ...]
    suspect_marks: tuple[Mark, ...]
    swaps: tuple[Swap, ...]
    edits: tuple[Edit, ...]

    @property
    def changed(self) -> bool:
        """False only for an aligned pair with no swap and no edit."""
        return not self.pair.aligned or bool(self.swaps) or bool(self.edits)

    @property
    def flagged(self) -> int:
        """How many of the pair's swaps are flagged."""
        return sum(1 for s in self.swaps if s.flagged)


def judgement(swap: Swap) -> Judgement:
    """The judgement class of a swap: ``"flagged"``, ``"synonym"`` or ``"edit"``.

    Examples:
        >>> from spundetect.models import Swap
        >>> s = Swap(pair_index=0, original="a", suspect="b", original_span=(0, 1),
        ...          suspect_span=(0, 1), shape="1:1", relation="none", synonym=False,
        ...          flagged=False)
        >>> judgement(s)
        'edit'
    """
    if swap.flagged:
        return "flagged"
    if swap.synonym:
        return "synonym"
    return "edit"


def describe_reason(code: str) -> str:
    """The description of a reason code (the code itself when it is unknown).

    Examples:
        >>> describe_reason("consistent")[:8]
        'the same'
    """
    return REASONS.get(code, code)


def _edit_marks(comparison: Comparison) -> tuple[list[Mark], list[Mark]]:
    original: list[Mark] = []
    suspect: list[Mark] = []
    for k, e in enumerate(comparison.edits):
        if e.original_span is not None:
            a, b = e.original_span
            original.append(Mark(f"e{k}", e.tag, "edit", a, b, comparison.original[a:b], ""))
        if e.suspect_span is not None:
            a, b = e.suspect_span
            suspect.append(Mark(f"e{k}", e.tag, "edit", a, b, "", comparison.suspect[a:b]))
    return original, suspect


def _within(mark: Mark, span: tuple[int, int] | None) -> bool:
    return span is not None and span[0] <= mark.start and mark.end <= span[1]


def _no_overlap(marks: Iterable[Mark]) -> tuple[Mark, ...]:
    """Marks in text order; a mark overlapping an earlier one is left out."""
    out: list[Mark] = []
    end = -1
    for m in sorted(marks, key=lambda m: (m.start, -m.end, m.key)):
        if m.end > m.start >= end:
            out.append(m)
            end = m.end
    return tuple(out)


def pair_views(comparison: Comparison) -> list[PairView]:
    """Every sentence pair of a comparison with the marks on each side.

    Swaps are marked on both sides; insertions on the suspect side and deletions on the
    original side; moves on whichever side their span is; tells on the suspect side where
    they do not overlap a swap or an edit.

    Args:
        comparison: the result to render.

    Returns:
        One :class:`PairView` per :attr:`~spundetect.models.Comparison.pairs` entry.

    Examples:
        >>> import spundetect
        >>> c = spundetect.compare("The old friend came.", "The previous pal came.")
        >>> pair_views(c)[0].original_marks[0].original
        'old'
    """
    n = len(comparison.pairs)
    swaps: list[list[Swap]] = [[] for _ in range(n)]
    edits: list[list[Edit]] = [[] for _ in range(n)]
    o_marks: list[list[Mark]] = [[] for _ in range(n)]
    s_marks: list[list[Mark]] = [[] for _ in range(n)]
    for k, sw in enumerate(comparison.swaps):
        if not 0 <= sw.pair_index < n:
            continue
        swaps[sw.pair_index].append(sw)
        for side, (a, b) in ((o_marks, sw.original_span), (s_marks, sw.suspect_span)):
            side[sw.pair_index].append(
                Mark(f"s{k}", "swap", judgement(sw), a, b, sw.original, sw.suspect,
                     relation=sw.relation, shape=sw.shape, reasons=tuple(sw.reasons))
            )
    edit_o, edit_s = _edit_marks(comparison)
    for e in comparison.edits:
        if 0 <= e.pair_index < n:
            edits[e.pair_index].append(e)
    for m in edit_o:
        i = comparison.edits[int(m.key[1:])].pair_index
        if 0 <= i < n:
            o_marks[i].append(m)
    for m in edit_s:
        i = comparison.edits[int(m.key[1:])].pair_index
        if 0 <= i < n:
            s_marks[i].append(m)
    views: list[PairView] = []
    tells = [_tell_mark(k, t, comparison.suspect) for k, t in enumerate(comparison.tells)]
    for i, pair in enumerate(comparison.pairs):
        o = _no_overlap(m for m in o_marks[i] if _within(m, pair.original_span))
        s_base = [m for m in s_marks[i] if _within(m, pair.suspect_span)]
        taken = [(m.start, m.end) for m in s_base]
        s_tells = [
            t
            for t in tells
            if _within(t, pair.suspect_span)
            and not any(t.start < b and a < t.end for a, b in taken)
        ]
        s = _no_overlap([*s_base, *s_tells])
        views.append(PairView(pair, o, s, tuple(swaps[i]), tuple(edits[i])))
    return views


def _tell_mark(k: int, tell: Tell, suspect: str) -> Mark:
    a, b = tell.suspect_span
    return Mark(f"t{k}", "tell", "tell", a, b, "", suspect[a:b], reasons=(tell.code,),
                detail=tell.detail)


def segments(
    text: str, span: tuple[int, int], marks: Sequence[Mark]
) -> list[tuple[str, Mark | None]]:
    """Cut ``text[span]`` into plain and marked pieces, in order, losing nothing.

    Marks must be in text order and not overlap (as in :class:`PairView`); marks outside
    ``span`` are ignored, and joining the pieces gives ``text[span[0]:span[1]]`` back.

    Examples:
        >>> m = Mark("s0", "swap", "synonym", 4, 7, "old", "new")
        >>> "|".join(f"*{t}*" if m else t for t, m in segments("The old one", (0, 11), [m]))
        'The |*old*| one'
    """
    start, end = span
    out: list[tuple[str, Mark | None]] = []
    cursor = start
    for m in marks:
        if m.start < cursor or m.end > end or m.end <= m.start:
            continue
        if m.start > cursor:
            out.append((text[cursor : m.start], None))
        out.append((text[m.start : m.end], m))
        cursor = m.end
    if cursor < end:
        out.append((text[cursor:end], None))
    return out


def counts(comparison: Comparison, views: Sequence[PairView] | None = None) -> dict[str, int]:
    """The numbers every report's summary shows, counted from the result's lists.

    Keys: ``pairs``, ``aligned``, ``changed``, ``unchanged``, ``only_original``,
    ``only_suspect``, ``swaps``, ``flagged``, ``synonym``, ``other``, ``inserted``,
    ``deleted``, ``moved``, ``tells``.

    Examples:
        >>> import spundetect
        >>> counts(spundetect.compare("A b c.", "A b c."))["unchanged"]
        1
    """
    views = pair_views(comparison) if views is None else views
    pairs = comparison.pairs
    tags = [e.tag for e in comparison.edits]
    return {
        "pairs": len(pairs),
        "aligned": sum(1 for p in pairs if p.aligned),
        "changed": sum(1 for v in views if v.changed),
        "unchanged": sum(1 for v in views if not v.changed),
        "only_original": sum(1 for p in pairs if p.original_span and not p.suspect_span),
        "only_suspect": sum(1 for p in pairs if p.suspect_span and not p.original_span),
        "swaps": len(comparison.swaps),
        "flagged": sum(1 for s in comparison.swaps if s.flagged),
        "synonym": sum(1 for s in comparison.swaps if s.synonym and not s.flagged),
        "other": sum(1 for s in comparison.swaps if not s.synonym and not s.flagged),
        "inserted": tags.count("insert"),
        "deleted": tags.count("delete"),
        "moved": tags.count("move"),
        "tells": len(comparison.tells),
    }


def visible_char(ch: str) -> str | None:
    """``"U+XXXX"`` for a control or format character that would be invisible or
    harmful on screen (escape sequences, zero-width and bidi characters), else ``None``.

    Whitespace is not reported: renderers treat it as a space.

    Examples:
        >>> visible_char("\\u200b"), visible_char("a"), visible_char("\\x1b")
        ('U+200B', None, 'U+001B')
    """
    if ch.isspace():
        return None
    if unicodedata.category(ch) in ("Cc", "Cf", "Cs"):
        return f"U+{ord(ch):04X}"
    return None


# ----------------------------------------------------------------------------------------
# Entry points (import the renderers lazily).


def to_text(comparison: Comparison, width: int | None = None, all_pairs: bool = False) -> str:
    """A plain-text report; see :func:`spundetect.render.text.render_text`."""
    from spundetect.render.text import render_text

    return render_text(comparison, width=width, all_pairs=all_pairs)


def to_html(comparison: Comparison, **opts: Any) -> str:
    """An HTML fragment; see :func:`spundetect.render.html.fragment`."""
    from spundetect.render.html import fragment

    return fragment(comparison, **opts)


def page_html(comparison: Comparison, *, title: str | None = None) -> str:
    """A self-contained HTML page; see :func:`spundetect.render.html.page`."""
    from spundetect.render.html import page

    return page(comparison, title=title)


def save_html(comparison: Comparison, path: str | PathLike[str]) -> None:
    """Write :func:`page_html` to ``path`` (UTF-8); see :func:`spundetect.render.html.save`."""
    from spundetect.render.html import save

    save(comparison, path)


def results_table_html(
    comparisons: Iterable[Comparison], ids: Sequence[str] | None = None
) -> str:
    """One HTML table for many results; see :func:`spundetect.render.html.results_table_html`."""
    from spundetect.render import html

    return html.results_table_html(comparisons, ids=ids)


def to_records(comparison: Comparison, kind: str = "swaps") -> list[dict[str, Any]]:
    """Rows as dicts; see :func:`spundetect.render.frame.to_records`."""
    from spundetect.render import frame

    return frame.to_records(comparison, kind)


def to_frame(comparison: Comparison, kind: str = "swaps") -> Any:
    """A pandas DataFrame; see :func:`spundetect.render.frame.to_frame`."""
    from spundetect.render import frame

    return frame.to_frame(comparison, kind)


def results_records(
    comparisons: Iterable[Comparison], ids: Sequence[str] | None = None
) -> list[dict[str, Any]]:
    """One row per result; see :func:`spundetect.render.frame.results_records`."""
    from spundetect.render import frame

    return frame.results_records(comparisons, ids=ids)


def results_frame(comparisons: Iterable[Comparison], ids: Sequence[str] | None = None) -> Any:
    """One DataFrame row per result; see :func:`spundetect.render.frame.results_frame`."""
    from spundetect.render import frame

    return frame.results_frame(comparisons, ids=ids)


def passage_of(comparison: Comparison) -> dict[int, int]:
    """The passage index (in :attr:`~spundetect.models.Comparison.passages`) of each pair
    that belongs to one.

    Examples:
        >>> import spundetect
        >>> passage_of(spundetect.compare("The old friend came.", "The previous pal came."))
        {0: 0}
    """
    return {p: ps.index for ps in comparison.passages for p in ps.pairs}

