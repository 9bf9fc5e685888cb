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
* :func:`to_records` / :func:`to_frame` - swaps, pairs, edits, tells or passages as rows.

Passages (:attr:`~spundetect.models.Comparison.passages`) are shown by every report: as
numbered bands over both whole texts in the HTML report, as a numbered list in the text
report, as rows in the ``"passages"`` table. What the renderers share for them is here:
:func:`passage_label`, :func:`passage_of`, :func:`passage_swaps`, :func:`original_order`,
:func:`text_marks` (the marks of every pair on one whole text) and :func:`layers` (a text
cut at every band and mark edge, so that nested elements are always well-formed).

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

    from spundetect.models import Comparison, Edit, Passage, SentencePair, Swap, Tell

__all__ = [
    "Judgement",
    "Mark",
    "PairView",
    "Layer",
    "JUDGEMENT_LABELS",
    "EDIT_LABELS",
    "judgement",
    "describe_reason",
    "pair_views",
    "segments",
    "counts",
    "visible_char",
    "passage_label",
    "passage_of",
    "passage_swaps",
    "original_order",
    "text_marks",
    "layers",
    "line_col",
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
# Passages.


def passage_label(passage: Passage) -> str:
    """The short label of a passage: its number (from 1), kind and score.

    Examples:
        >>> from spundetect.models import Passage
        >>> passage_label(Passage(index=0, original_span=(0, 5), suspect_span=(9, 14),
        ...                       kind="spun", score=0.9731))
        '1 spun 0.97'
    """
    return f"{passage.index + 1} {passage.kind} {passage.score:.2f}"


def passage_of(comparison: Comparison) -> dict[int, int]:
    """Which passage each sentence pair belongs to: ``{pair index: position in passages}``.

    Pairs outside every passage (sentences on one side only) are not in it.

    Examples:
        >>> import spundetect
        >>> passage_of(spundetect.compare("The old friend came.", "The previous pal came."))
        {0: 0}
    """
    n = len(comparison.pairs)
    return {p: k for k, ps in enumerate(comparison.passages) for p in ps.pairs if 0 <= p < n}


def passage_swaps(comparison: Comparison, passage: Passage) -> list[Swap]:
    """The swaps of a passage (indices that point nowhere are left out).

    Examples:
        >>> import spundetect
        >>> c = spundetect.compare("The old friend came home.", "The previous pal came home.")
        >>> [s.suspect for ps in c.passages for s in passage_swaps(c, ps)]
        ['previous', 'pal']
    """
    n = len(comparison.swaps)
    return [comparison.swaps[k] for k in passage.swaps if 0 <= k < n]


def original_order(comparison: Comparison) -> list[int]:
    """The passages' positions in the order their original sides come in the original.

    The passages are numbered in the suspect's order, so this is ``[0, 1, 2, ...]`` when
    the suspect took them in the original's order, and anything else when it moved them.

    Examples:
        >>> import spundetect
        >>> original_order(spundetect.compare("A b c.", "A b c."))
        [0]
    """
    ranked = sorted(enumerate(comparison.passages), key=lambda kp: (kp[1].original_span, kp[0]))
    return [k for k, _ps in ranked]


def text_marks(comparison: Comparison, side: Literal["original", "suspect"],
               views: Sequence[PairView] | None = None) -> tuple[Mark, ...]:
    """Every mark of every sentence pair on one whole text, in text order, not overlapping.

    (On the original side, two pairs may hold the same sentence when the suspect reused it
    twice; the mark that comes first is kept.)

    Examples:
        >>> import spundetect
        >>> c = spundetect.compare("The old friend came.", "The previous pal came.")
        >>> [m.suspect for m in text_marks(c, "suspect")][:1]
        ['previous']
    """
    views = pair_views(comparison) if views is None else views
    if side == "original":
        return _no_overlap(m for v in views for m in v.original_marks)
    return _no_overlap(m for v in views for m in v.suspect_marks)


@dataclass(frozen=True, slots=True)
class Layer:
    """One piece of a text between two consecutive edges of bands or marks.

    Attributes:
        start: offset of the piece.
        end: end offset of the piece.
        bands: the indices of the bands (passages) covering the piece, in the order given.
        mark: the mark covering the piece, if any.
        opens: the bands that start at this piece (their first piece).
    """

    start: int
    end: int
    bands: tuple[int, ...]
    mark: Mark | None
    opens: tuple[int, ...] = ()


def layers(
    span: tuple[int, int],
    bands: Sequence[tuple[int, int, int]],
    marks: Sequence[Mark] = (),
) -> list[Layer]:
    """Cut ``span`` at every edge of a band or a mark: pieces to render one by one.

    Every piece lies wholly inside or wholly outside each band and each mark, so a
    renderer that opens a piece's bands and mark and closes them at its end produces
    well-formed nesting however the bands and marks overlap each other. Joining the
    pieces gives ``span`` back without a gap.

    Args:
        span: ``(start, end)`` of the stretch to cut.
        bands: ``(key, start, end)`` of each band; bands may overlap each other.
        marks: marks in text order, not overlapping each other (as from
            :func:`text_marks`).

    Returns:
        The pieces, in text order (none for an empty span).

    Examples:
        >>> [(x.start, x.end, x.bands) for x in layers((0, 10), [(0, 2, 6), (1, 4, 12)])]
        [(0, 2, ()), (2, 4, (0,)), (4, 6, (0, 1)), (6, 10, (1,))]
    """
    lo, hi = span
    cuts = {lo, hi}
    for _key, a, b in bands:
        cuts.update(x for x in (a, b) if lo < x < hi)
    for m in marks:
        cuts.update(x for x in (m.start, m.end) if lo < x < hi)
    edges = sorted(cuts)
    usable = [m for m in marks if m.end > m.start]
    # A sweep: bands enter when the sweep reaches their start and leave at their end, so
    # a long text with many marks and passages costs O((pieces + bands) log), not their
    # product. Every band edge inside the span is a cut, so a band covers a piece exactly
    # when it started at or before the piece's start and ends after it.
    by_start = sorted(range(len(bands)), key=lambda n: bands[n][1])
    active: list[int] = []  # positions in ``bands``
    j = 0
    k = 0
    out: list[Layer] = []
    seen_bands: set[int] = set()
    for a, b in zip(edges, edges[1:]):
        while j < len(by_start) and bands[by_start[j]][1] <= a:
            active.append(by_start[j])
            j += 1
        active = sorted(n for n in active if bands[n][2] > a)
        covering = tuple(bands[n][0] for n in active if b <= bands[n][2])
        while k < len(usable) and usable[k].end <= a:
            k += 1
        mark = usable[k] if k < len(usable) and usable[k].start <= a and b <= usable[k].end else None
        opens = tuple(key for key in covering if key not in seen_bands)
        seen_bands.update(opens)
        out.append(Layer(a, b, covering, mark, opens))
    return out


def line_col(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column of a character offset.

    Examples:
        >>> line_col("ab\\ncd", 4)
        (2, 2)
    """
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


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
