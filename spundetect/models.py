"""The result types of :func:`spundetect.compare`.

Plain, typed, serialisable data with character offsets into both inputs. Every renderer
(text, HTML, notebook, JSON, batch) reads these objects; none recomputes anything.

Spans are ``(start, end)`` pairs of character offsets: ``comparison.original[start:end]``
gives the text back. A side with nothing on it has ``None``.

Examples:
    >>> import spundetect
    >>> c = spundetect.compare("The old friend came.", "The previous pal came.")
    >>> c.verdict in {"spun", "paraphrase", "copy", "unrelated"}
    True
    >>> c2 = spundetect.Comparison.model_validate_json(c.model_dump_json())
    >>> c2 == c
    True
"""

from __future__ import annotations

import os
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "Span",
    "Verdict",
    "Swap",
    "Edit",
    "Tell",
    "SentencePair",
    "Statistics",
    "Passage",
    "Signature",
    "Comparison",
]

Span = tuple[int, int]
Verdict = Literal["spun", "paraphrase", "copy", "unrelated"]
VERDICTS: tuple[str, ...] = ("spun", "paraphrase", "copy", "unrelated")


class _Frozen(BaseModel):
    # defer_build: the validators are built on first use, not at import (a sixth of the
    # time of ``import spundetect``).
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class Swap(_Frozen):
    """One word or phrase substitution inside an aligned sentence pair.

    Attributes:
        pair_index: index into :attr:`Comparison.pairs` of the pair it belongs to.
        original: the replaced text, exactly ``Comparison.original[original_span]``.
        suspect: the replacing text, exactly ``Comparison.suspect[suspect_span]``.
        original_span: character offsets of ``original`` in the original text.
        suspect_span: character offsets of ``suspect`` in the suspect text.
        shape: tokens on each side, ``"1:1"``, ``"1:2"``, ``"2:2"``...
        relation: the closest lexical relation found between the two sides
            (see :data:`spundetect.evidence.RELATIONS`).
        synonym: judged a thesaurus (dictionary) swap rather than an unrelated edit.
        flagged: judged an *unnatural* machine swap.
        reasons: named evidence behind the judgement, codes from
            :data:`spundetect.evidence.REASONS`.
        weight: how strongly this swap points at a machine (0 = not at all).
    """

    pair_index: int
    original: str
    suspect: str
    original_span: Span
    suspect_span: Span
    shape: str
    relation: str
    synonym: bool
    flagged: bool
    reasons: list[str] = Field(default_factory=list)
    weight: float = 0.0

    def __repr__(self) -> str:
        mark = "!" if self.flagged else ""
        return f"Swap({self.original!r} -> {self.suspect!r}{mark}, relation={self.relation!r})"


class Edit(_Frozen):
    """A token-level edit that is not a substitution: an insertion, deletion or move.

    Attributes:
        pair_index: index into :attr:`Comparison.pairs`.
        tag: ``"insert"`` (only in the suspect), ``"delete"`` (only in the original) or
            ``"move"`` (the same words at another place of the same pair).
        original_span: offsets in the original (``None`` for an insertion).
        suspect_span: offsets in the suspect (``None`` for a deletion).
    """

    pair_index: int
    tag: Literal["insert", "delete", "move"]
    original_span: Span | None
    suspect_span: Span | None


class Tell(_Frozen):
    """A document-level sign of tampering found in the suspect text.

    Attributes:
        code: what was found, e.g. ``"spintax"``, ``"homoglyph"``, ``"invisible_char"``.
        suspect_span: where, in the suspect.
        detail: a short human-readable explanation.
    """

    code: str
    suspect_span: Span
    detail: str


class SentencePair(_Frozen):
    """One step of the sentence alignment.

    Attributes:
        index: position in :attr:`Comparison.pairs`.
        kind: sentences on each side, ``"1:1"``, ``"1:2"``, ``"2:1"``, ``"2:2"``,
            ``"1:0"`` (only in the original) or ``"0:1"`` (only in the suspect).
        original_span: offsets covering the original sentence(s), or ``None``.
        suspect_span: offsets covering the suspect sentence(s), or ``None``.
        original_sentences: ``(first, end)`` indices of the original's sentences.
        suspect_sentences: ``(first, end)`` indices of the suspect's sentences.
        similarity: token similarity of the two sides in [0, 1] (0 for one-sided).
        matched: share of the pair's tokens, both sides, that are unchanged or part of
            a dictionary swap (0 for one-sided); pairs below ``derived_share`` are not
            aligned.
        original_tokens: word tokens on the original side.
        suspect_tokens: word tokens on the suspect side.
        equal_tokens: tokens left unchanged.
    """

    index: int
    kind: str
    original_span: Span | None
    suspect_span: Span | None
    original_sentences: tuple[int, int]
    suspect_sentences: tuple[int, int]
    similarity: float
    matched: float
    original_tokens: int
    suspect_tokens: int
    equal_tokens: int

    @property
    def aligned(self) -> bool:
        """True when both sides have text."""
        return self.original_span is not None and self.suspect_span is not None


class Statistics(_Frozen):
    """Counts summed over the document, from which the score is computed.

    Token counts are of word tokens (punctuation is not counted). ``strong_tokens``
    counts the suspect tokens of aligned pairs whose ``matched`` share is at least 0.8
    (or, for a suspect sentence condensed from a longer original one, whose suspect side
    is matched at least 0.8). ``verbatim_tokens`` counts the words of unchanged stretches
    of 20 or more words inside aligned pairs. ``passage_containment`` is the mean
    containment of the best reworded passage (:class:`Passage`), and ``copied_run_tokens``
    the length of the longest run of words the two texts share verbatim, across sentence
    boundaries, when it reaches ``spundetect.score.MIN_COPIED_RUN`` (30; else 0). Both are
    only looked for, and otherwise 0, when the aligned sentences alone do not show that the
    suspect is derived from the original.
    """

    original_sentences: int
    suspect_sentences: int
    original_tokens: int
    suspect_tokens: int
    aligned_pairs: int
    aligned_original_tokens: int
    aligned_suspect_tokens: int
    equal_tokens: int
    swaps: int
    swapped_original_tokens: int
    swapped_suspect_tokens: int
    synonym_swaps: int
    flagged_swaps: int
    swap_weight: float
    inserted_tokens: int
    deleted_tokens: int
    moved_tokens: int
    repeated_swaps: int
    consistent_swaps: int
    tells: int
    strong_tokens: int
    verbatim_tokens: int = 0
    passage_containment: float = 0.0
    copied_run_tokens: int = 0

    @property
    def derived_fraction(self) -> float:
        """Share of the suspect's tokens that sit in pairs aligned to the original."""
        return self.aligned_suspect_tokens / self.suspect_tokens if self.suspect_tokens else 0.0

    @property
    def change_rate(self) -> float:
        """Share of aligned suspect tokens that are not left unchanged."""
        if not self.aligned_suspect_tokens:
            return 0.0
        return 1.0 - self.equal_tokens / self.aligned_suspect_tokens

    @property
    def verbatim_share(self) -> float:
        """Share of aligned suspect tokens in unchanged stretches of 20 or more words."""
        if not self.aligned_suspect_tokens:
            return 0.0
        return self.verbatim_tokens / self.aligned_suspect_tokens

    @property
    def two_sided_change_rate(self) -> float:
        """Share of aligned tokens of both texts that are not left unchanged.

        Unlike :attr:`change_rate`, words the suspect dropped count too, so a condensed
        text (a summary that keeps its words but leaves most of the original's out) is
        not taken for a copy.
        """
        both = self.aligned_original_tokens + self.aligned_suspect_tokens
        return 1.0 - 2 * self.equal_tokens / both if both else 0.0


class Passage(_Frozen):
    """A run of suspect sentences reworded from the original that sentence alignment missed.

    Found in summaries and heavy rewrites: sentence after sentence, most content words of
    the suspect occur in the same order inside one original sentence (or two adjacent
    ones), though few sentences keep enough to be aligned. See :mod:`spundetect.passage`.

    Attributes:
        suspect_span: character offsets of the passage in the suspect.
        suspect_sentences: half-open range of suspect sentence indices.
        containment: mean share of the content words of its sentences found in order in
            the original, in [0, 1].
    """

    suspect_span: Span
    suspect_sentences: tuple[int, int]
    containment: float = Field(ge=0.0, le=1.0)


class Signature(_Frozen):
    """What produced a score: library version and every setting that affects it.

    ``str(signature)`` gives a compact line to print with every reported score, in the
    manner of sacrebleu's signatures.
    """

    version: str
    settings: dict[str, Any]

    def __str__(self) -> str:
        parts = [f"spundetect:{self.version}"]
        parts += [f"{k}:{v}" for k, v in sorted(self.settings.items())]
        return "|".join(parts)


class Comparison(_Frozen):
    """Everything :func:`spundetect.compare` found about one original/suspect pair.

    Attributes:
        original: the original text, as given.
        suspect: the suspect text, as given.
        score: calibrated probability in [0, 1] that the suspect is a machine-reworded
            (spun) copy of the original.
        verdict: ``"spun"``, ``"paraphrase"`` (reworded, not like a machine), ``"copy"``
            (verbatim or lightly edited) or ``"unrelated"`` (not derived from the original).
        pairs: the sentence alignment, in order.
        swaps: every word or phrase substitution found in aligned pairs.
        edits: insertions, deletions and moves in aligned pairs.
        tells: document-level tampering signs (spintax, homoglyphs...).
        stats: the summed counts behind the score.
        passage: a reworded passage that shows derivation where too few sentences align
            (``None`` when the aligned sentences show it, or nothing does).
        features: the scorer's inputs, derived from ``stats``.
        signature: version and settings that produced the result.
        reversed: probability in [0, 1] that the texts were given the wrong way round:
            that ``original`` is the machine-reworded copy of ``suspect``
            (:mod:`spundetect.direction`; 0.5 when no swap shows it, 0.0 in results
            saved before it existed).
    """

    original: str
    suspect: str
    score: float = Field(ge=0.0, le=1.0)
    verdict: Verdict
    pairs: list[SentencePair]
    swaps: list[Swap]
    edits: list[Edit]
    tells: list[Tell]
    stats: Statistics
    features: dict[str, float]
    signature: Signature
    passage: Passage | None = None
    reversed: float = Field(default=0.0, ge=0.0, le=1.0)

    def __repr__(self) -> str:
        flagged = sum(1 for s in self.swaps if s.flagged)
        return (
            f"Comparison(verdict={self.verdict!r}, score={self.score:.3f}, "
            f"pairs={len(self.pairs)}, swaps={len(self.swaps)}, flagged={flagged})"
        )

    __str__ = __repr__

    @property
    def flagged_swaps(self) -> list[Swap]:
        """The swaps judged unnatural machine substitutions."""
        return [s for s in self.swaps if s.flagged]

    def swaps_in(self, pair_index: int) -> list[Swap]:
        """The swaps of one sentence pair."""
        return [s for s in self.swaps if s.pair_index == pair_index]

    # -- Rendering (thin wrappers; the renderers live in spundetect.render) --------------

    def to_text(self, width: int | None = None, all_pairs: bool = False) -> str:
        """A plain-text report: summary, then the changed pairs with swaps inline.

        Args:
            width: line width; ``None`` uses the terminal's (100 without one).
            all_pairs: also show the unchanged pairs.

        Examples:
            >>> import spundetect
            >>> print(spundetect.compare("An old friend.", "A previous pal.").to_text())  # doctest: +SKIP
        """
        from spundetect.render.text import render_text

        return render_text(self, width=width, all_pairs=all_pairs)

    def to_html(self, **opts: Any) -> str:
        """An HTML fragment of the report (inline CSS and script), e.g. for a notebook.

        Args:
            **opts: ``hide_unchanged`` (bool), ``assets`` (bool); see
                :func:`spundetect.render.html.fragment`.

        Examples:
            >>> import spundetect
            >>> spundetect.compare("An old friend.", "A previous pal.").to_html()[:28]
            '<div class="spd-report" data'
        """
        from spundetect.render.html import fragment

        return fragment(self, **opts)

    def save_html(self, path: str | os.PathLike[str]) -> None:
        """Write the report as a whole self-contained HTML page (UTF-8) to ``path``.

        Examples:
            >>> import spundetect
            >>> spundetect.compare("An old friend.", "A previous pal.").save_html("r.html")  # doctest: +SKIP
        """
        from spundetect.render.html import save

        save(self, path)

    def _repr_html_(self) -> str:
        """What Jupyter shows: the HTML fragment."""
        return self.to_html()

    def to_records(self, kind: str = "swaps") -> list[dict[str, Any]]:
        """Rows as plain dicts: ``kind`` is ``"swaps"``, ``"pairs"``, ``"edits"`` or ``"tells"``.

        Examples:
            >>> import spundetect
            >>> c = spundetect.compare("Two men met.", "2 males met.")
            >>> ", ".join(r["suspect"] for r in c.to_records("swaps"))
            '2, males'
        """
        from spundetect.render.frame import to_records

        return to_records(self, kind)

    def to_frame(self, kind: str = "swaps") -> Any:
        """The rows of :meth:`to_records` as a pandas DataFrame (needs pandas).

        Raises:
            ImportError: pandas is not installed.

        Examples:
            >>> import spundetect
            >>> spundetect.compare("Two men met.", "2 males met.").to_frame()  # doctest: +SKIP
        """
        from spundetect.render.frame import to_frame

        return to_frame(self, kind)
