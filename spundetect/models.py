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
    "Inspection",
    "Hit",
    "Match",
    "FamilyLink",
    "Family",
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

    Examples:
        >>> import spundetect
        >>> c = spundetect.compare("Two men met an old friend.", "2 males met a previous pal.")
        >>> swap = c.swaps[0]
        >>> c.original[slice(*swap.original_span)], c.suspect[slice(*swap.suspect_span)]
        ('Two', '2')
        >>> swap.flagged, swap.reasons
        (True, ['same_synset', 'number_form'])
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

    Examples:
        >>> import spundetect
        >>> c = spundetect.compare("Two men met in Moscow.", "2 males met in Moscow today.")
        >>> [(e.tag, c.suspect[slice(*e.suspect_span)]) for e in c.edits]
        [('insert', 'today')]
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

    Examples:
        >>> import spundetect
        >>> c = spundetect.compare("An old friend.", "A previous p\\u0430l.")  # a Cyrillic "a"
        >>> [(t.code, t.detail) for t in c.tells]
        [('homoglyph', "Latin letters mixed with look-alikes: reads as 'pal'")]
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

    Examples:
        >>> import spundetect
        >>> c = spundetect.compare("Two men met an old friend.", "2 males met a previous pal.")
        >>> pair = c.pairs[0]
        >>> pair.kind, c.suspect[slice(*pair.suspect_span)], pair.equal_tokens
        ('1:1', '2 males met a previous pal.', 1)
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
    of 20 or more words inside aligned pairs. The ``passage_*`` and ``reused_*`` counts sum
    the reused passages (:class:`Passage`): how many there are, their words on each side,
    the words their two sides share in order, and the suspect words in condensed passages
    (summaries). ``thesaurus_swaps`` counts the synonym swaps linked only by the broad
    thesaurus (weak evidence); ``form_swaps`` the form swaps (the same word in another form:
    relation ``identical``, not counted in ``swaps``) and ``form_weight`` their summed
    weights (:data:`spundetect.evidence.FORM_WEIGHTS`); ``rare_loose_swaps`` the swaps
    linked only loosely whose substitute is much rarer (:func:`spundetect.evidence.rare_loose`).

    Examples:
        >>> import spundetect
        >>> stats = spundetect.compare("Two men met an old friend.", "2 males met a previous pal.").stats
        >>> stats.aligned_pairs, stats.swaps, stats.flagged_swaps
        (1, 4, 4)
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
    passages: int = 0
    reused_original_tokens: int = 0
    reused_suspect_tokens: int = 0
    reused_common_tokens: int = 0
    condensed_tokens: int = 0
    thesaurus_swaps: int = 0
    form_swaps: int = 0
    form_weight: float = 0.0
    rare_loose_swaps: int = 0

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

    @property
    def reused_change_rate(self) -> float:
        """Share of the words of both sides of the passages not shared in order.

        Counted over the whole passages, not only their aligned sentences, so a passage
        copied across changed sentence breaks is still unchanged, and a summary that keeps
        its words but leaves most of the stretch it condenses out is not.
        """
        both = self.reused_original_tokens + self.reused_suspect_tokens
        return 1.0 - 2 * self.reused_common_tokens / both if both else 0.0


class Passage(_Frozen):
    """One reused passage: a stretch of the suspect and the stretch of the original it
    comes from, wherever each sits in its text (see :mod:`spundetect.passages`).

    Attributes:
        index: position in :attr:`Comparison.passages` (ordered by ``suspect_span``).
        original_span: character offsets in the original, from its first to its last
            reused word.
        suspect_span: character offsets in the suspect, from its first to its last reused
            word.
        kind: ``"copy"`` (nearly unchanged), ``"spun"`` (machine-reworded: its own score
            reaches the threshold) or ``"paraphrase"`` (reworded or condensed by a person).
        score: the spin probability of this passage alone, in [0, 1] (0 when its sentence
            pairs alone do not show it derived).
        pairs: indices into :attr:`Comparison.pairs` of the sentence pairs inside it.
        swaps: indices into :attr:`Comparison.swaps` of the swaps inside it.
        original_tokens: words on the original side.
        suspect_tokens: words on the suspect side.
        common_tokens: words the two sides share in order (their longest common
            subsequence, or the unchanged words of its sentence pairs when larger).
        condensed: the original side has at least twice the words of the suspect side
            (a summary of a longer stretch).

    Examples:
        >>> import spundetect
        >>> c = spundetect.compare("Two men met an old friend.", "2 males met a previous pal.")
        >>> [(p.kind, c.suspect[slice(*p.suspect_span)]) for p in c.passages]
        [('spun', '2 males met a previous pal')]
    """

    index: int
    original_span: Span
    suspect_span: Span
    kind: Literal["copy", "spun", "paraphrase"]
    score: float = Field(ge=0.0, le=1.0)
    pairs: list[int] = Field(default_factory=list)
    swaps: list[int] = Field(default_factory=list)
    original_tokens: int = 0
    suspect_tokens: int = 0
    common_tokens: int = 0
    condensed: bool = False


class Signature(_Frozen):
    """What produced a score: library version and every setting that affects it.

    ``str(signature)`` gives a compact line to print with every reported score, in the
    manner of sacrebleu's signatures.

    Examples:
        >>> import spundetect
        >>> signature = spundetect.compare("An old friend.", "A previous pal.").signature
        >>> signature.settings["threshold"]
        'default'
        >>> str(signature).startswith("spundetect:" + spundetect.__version__ + "|")
        True
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
        pairs: the sentence pairs, in the suspect's order (the original side may be out of
            order when passages were moved); sentences only in the original follow the
            pair of the original sentence before them.
        swaps: every word or phrase substitution found in aligned pairs.
        edits: insertions, deletions and moves in aligned pairs.
        tells: document-level tampering signs (spintax, homoglyphs...).
        stats: the summed counts behind the score.
        passages: the reused passages, ordered by their place in the suspect (they may
            come from the original in any order).
        reused_share: share of the suspect's characters inside passages, in [0, 1].
        features: the scorer's inputs, derived from ``stats``.
        signature: version and settings that produced the result.
        reversed: probability in [0, 1] that the texts were given the wrong way round:
            that ``original`` is the machine-reworded copy of ``suspect``
            (:mod:`spundetect.direction`; 0.5 when no swap shows it, 0.0 in results
            saved before it existed).

    Examples:
        >>> import spundetect
        >>> c = spundetect.compare("Two men met an old friend.", "2 males met a previous pal.")
        >>> c
        Comparison(verdict='spun', score=1.000, pairs=1, swaps=5, flagged=4)
        >>> spundetect.Comparison.model_validate_json(c.model_dump_json()) == c
        True
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
    passages: list[Passage] = Field(default_factory=list)
    reused_share: float = Field(default=0.0, ge=0.0, le=1.0)
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
        """The swaps judged unnatural machine substitutions.

        Examples:
            >>> import spundetect
            >>> c = spundetect.compare("We met an old friend.", "We met a previous pal.")
            >>> [s.suspect for s in c.flagged_swaps]
            ['previous', 'pal']
        """
        return [s for s in self.swaps if s.flagged]

    def swaps_in(self, pair_index: int) -> list[Swap]:
        """The swaps of one sentence pair.

        Examples:
            >>> import spundetect
            >>> c = spundetect.compare("We met. The old friend came.", "We met. The previous pal came.")
            >>> [s.suspect for s in c.swaps_in(1)]
            ['previous', 'pal']
        """
        return [s for s in self.swaps if s.pair_index == pair_index]

    # -- Rendering (thin wrappers; the renderers live in spundetect.render) --------------

    def to_text(self, width: int | None = None, all_pairs: bool = False) -> str:
        """A plain-text report: summary, then the changed pairs with swaps inline.

        Args:
            width: line width; ``None`` uses the terminal's (100 without one).
            all_pairs: also show the unchanged pairs.

        Examples:
            >>> import spundetect
            >>> print(spundetect.compare("An old friend.", "A previous pal.").to_text().splitlines()[0])
            spundetect: SPUN (score 1.000)
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
            >>> import pathlib, tempfile
            >>> with tempfile.TemporaryDirectory() as tmp:
            ...     path = pathlib.Path(tmp, "report.html")
            ...     spundetect.compare("An old friend.", "A previous pal.").save_html(path)
            ...     path.read_text(encoding="utf-8")[:15]
            '<!DOCTYPE html>'
        """
        from spundetect.render.html import save

        save(self, path)

    def _repr_html_(self) -> str:
        """What Jupyter shows: the HTML fragment."""
        return self.to_html()

    def to_records(self, kind: str = "swaps") -> list[dict[str, Any]]:
        """Rows as plain dicts: ``kind`` is ``"swaps"``, ``"pairs"``, ``"edits"``, ``"tells"``
        or ``"passages"``.

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

        ``kind`` is as for :meth:`to_records`; ``to_frame("passages")`` is the passage table.

        Raises:
            ImportError: pandas is not installed.

        Examples:
            >>> import spundetect
            >>> spundetect.compare("Two men met.", "2 males met.").to_frame()[["original", "suspect"]]
              original suspect
            0      Two       2
            1      men   males
        """
        from spundetect.render.frame import to_frame

        return to_frame(self, kind)


class Inspection(_Frozen):
    """Everything :func:`spundetect.inspect` found in one text, judged without an original.

    Attributes:
        text: the text, as given.
        score: how likely the text is machine-reworded, in [0, 1], from its tell rates
            (see :mod:`spundetect.inspection` and ``docs/inspect.md``).
        tells: the tells in text order: ``"tortured_phrase"`` (the detail names the term),
            ``"spintax"``, ``"homoglyph"``, ``"invisible_char"``.
        words: word tokens in the text.
        rates: tells per 1,000 words, by code (every code, 0 when absent).
        signature: version and settings that produced the result.

    Examples:
        >>> import spundetect
        >>> i = spundetect.inspect("A counterfeit consciousness wrote this.")
        >>> [i.text[a:b] for a, b in (t.suspect_span for t in i.tells)]
        ['counterfeit consciousness']
        >>> spundetect.Inspection.model_validate_json(i.model_dump_json()) == i
        True
    """

    text: str
    score: float = Field(ge=0.0, le=1.0)
    tells: list[Tell]
    words: int
    rates: dict[str, float]
    signature: Signature

    def __repr__(self) -> str:
        return f"Inspection(score={self.score:.3f}, words={self.words}, tells={len(self.tells)})"

    __str__ = __repr__

    # -- Rendering (thin wrappers; the renderers live in spundetect.render.inspection) --

    def to_text(self, width: int | None = None) -> str:
        """A plain-text report: the score, the counts, then each tell in its context.

        Examples:
            >>> import spundetect
            >>> print(spundetect.inspect("A counterfeit consciousness.").to_text().splitlines()[0])
            spundetect inspect: score 0.965 (no original compared)
        """
        from spundetect.render.inspection import render_text

        return render_text(self, width=width)

    def to_html(self, **opts: Any) -> str:
        """An HTML fragment: the summary and the text with its tells marked.

        Args:
            **opts: ``assets`` (bool); see :func:`spundetect.render.inspection.fragment`.

        Examples:
            >>> import spundetect
            >>> spundetect.inspect("A counterfeit consciousness.").to_html()[:35]
            '<div class="spd-report spd-inspect"'
        """
        from spundetect.render.inspection import fragment

        return fragment(self, **opts)

    def save_html(self, path: str | os.PathLike[str]) -> None:
        """Write the report as a whole self-contained HTML page (UTF-8) to ``path``.

        Examples:
            >>> import spundetect
            >>> import pathlib, tempfile
            >>> with tempfile.TemporaryDirectory() as tmp:
            ...     path = pathlib.Path(tmp, "report.html")
            ...     spundetect.inspect("A counterfeit consciousness.").save_html(path)
            ...     "counterfeit consciousness" in path.read_text(encoding="utf-8")
            True
        """
        from spundetect.render.inspection import save

        save(self, path)

    def _repr_html_(self) -> str:
        """What Jupyter shows: the HTML fragment."""
        return self.to_html()

    def to_records(self) -> list[dict[str, Any]]:
        """The tells as plain dicts (code, text, offsets, detail).

        Examples:
            >>> import spundetect
            >>> spundetect.inspect("A counterfeit consciousness.").to_records()[0]["suspect"]
            'counterfeit consciousness'
        """
        from spundetect.render.inspection import to_records

        return to_records(self)

    def to_frame(self) -> Any:
        """The rows of :meth:`to_records` as a pandas DataFrame (needs pandas).

        Raises:
            ImportError: pandas is not installed.

        Examples:
            >>> import spundetect
            >>> spundetect.inspect("A counterfeit consciousness.").to_frame()[["code", "suspect"]]
                          code                    suspect
            0  tortured_phrase  counterfeit consciousness
        """
        from spundetect.render.inspection import to_frame

        return to_frame(self)
class Hit(_Frozen):
    """One document :meth:`spundetect.Index.search` found for a query (no ``compare()``).

    Attributes:
        doc_id: the document's id in the index.
        score: the summed weight of the shared fingerprints, ``log(1 + N / df)`` each
            (rare fingerprints weigh more), over the square root of the document's
            fingerprint count; for a page longer than four documents, plus its n-grams
            in the page that no other top candidate holds, over the square root of its
            n-gram count (:func:`spundetect.index.rerank_long`); comparable between hits
            of one query.
        shared: how many distinct fingerprints the query and the document share.
        coverage: ``shared`` over the document's fingerprints (1.0: all of them are in
            the query).
        spans: where the shared fingerprints are in the query, as merged ``(start, end)``
            character offsets: ``query[start:end]`` is the stretch.

    Examples:
        >>> import spundetect
        >>> index = spundetect.Index()
        >>> index.add("a", "The two men met an old friend in Moscow in May of 1999.")
        >>> [hit] = index.search("Two guys met an old pal in Moscow in May of 1999.")
        >>> hit.doc_id, hit.shared > 0
        ('a', True)
    """

    doc_id: str
    score: float = Field(ge=0.0)
    shared: int = Field(ge=0)
    coverage: float = Field(ge=0.0, le=1.0)
    spans: list[Span]


class Match(_Frozen):
    """A document :meth:`spundetect.Index.find` confirmed the query is derived from.

    Attributes:
        doc_id: the document's id in the index.
        hit: the search hit that made it a candidate.
        comparison: the full :class:`Comparison` of the document (original) and the
            query (suspect); its verdict is never ``"unrelated"``.

    Examples:
        >>> import spundetect
        >>> index = spundetect.Index()
        >>> index.add("a", "The two men met an old friend in Moscow in May of 1999.")
        >>> [match] = index.find("The 2 males met a previous pal in Moscow in May of 1999.")
        >>> match.doc_id, match.comparison.verdict
        ('a', 'spun')
    """

    doc_id: str
    hit: Hit
    comparison: Comparison


class FamilyLink(_Frozen):
    """Evidence that two documents of a family are copies or spun versions of one text.

    Attributes:
        original: the document compared as the original.
        suspect: the document compared as the suspect.
        verdict: the comparison's verdict (never ``"unrelated"``).
        score: the comparison's spin score.
        shared: fingerprints the two share (from the search that paired them).
        reversed: the comparison's :attr:`Comparison.reversed`: the probability that
            ``suspect`` is in fact the original and ``original`` its spun copy.

    Examples:
        >>> import spundetect
        >>> index = spundetect.Index()
        >>> index.add("a", "The two men met an old friend in Moscow in May of 1999.")
        >>> index.add("b", "The 2 males met a previous pal in Moscow in May of 1999.")
        >>> [link] = spundetect.families(index)[0].links
        >>> link.original, link.suspect, link.verdict
        ('a', 'b', 'spun')
    """

    original: str
    suspect: str
    verdict: Verdict
    score: float = Field(ge=0.0, le=1.0)
    shared: int = Field(ge=0)
    reversed: float = Field(default=0.0, ge=0.0, le=1.0)


class Family(_Frozen):
    """Documents of an index that are copies or spun versions of one text.

    Attributes:
        members: the document ids, in index order.
        links: every confirmed comparison between two members (each member is reached
            through them).
        original: the likely original: the one member that the direction signal of its
            ``spun`` links (:attr:`FamilyLink.reversed`) names the original at least once
            and the spun copy never; ``None`` when no member is so named (copies only, or
            links that disagree).

    Examples:
        >>> import spundetect
        >>> index = spundetect.Index()
        >>> index.add("a", "The two men met an old friend in Moscow in May of 1999.")
        >>> index.add("b", "Rain fell on the quiet harbour all through the long night.")
        >>> index.add("c", "The 2 males met a previous pal in Moscow in May of 1999.")
        >>> [family] = spundetect.families(index)
        >>> family.members, family.original
        (['a', 'c'], 'a')
    """

    members: list[str]
    links: list[FamilyLink]
    original: str | None = None
