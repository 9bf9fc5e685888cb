"""Tabular views of results: plain records (lists of dicts) and pandas DataFrames.

Records need nothing beyond the standard library; :func:`to_frame` and
:func:`results_frame` need pandas (``pip install pandas``), imported only when called.

Kinds of rows for one comparison:

* ``"swaps"``: one row per swap - its texts, offsets, shape, relation, judgement
  (``"flagged"``, ``"synonym"`` or ``"edit"``), reasons and weight.
* ``"pairs"``: one row per sentence pair - kind, offsets, texts, similarity, token
  counts, whether it changed, how many swaps/flagged swaps/edits it holds.
* ``"edits"``: one row per insertion, deletion or move.
* ``"tells"``: one row per tampering tell.
* ``"passages"``: one row per reused passage, in the suspect's order - kind, score,
  offsets and texts of both sides, word counts, its sentence pairs (their indices), how
  many swaps and flagged swaps it holds, and its rank in the original's order (``original_rank``: the
  passages are out of order when it is not 0, 1, 2, ...).

Indices (``pair_index``, ``index``) are 0-based, as in the result's lists.

Examples:
    >>> import spundetect
    >>> from spundetect.render.frame import to_records
    >>> c = spundetect.compare("We met an old friend.", "We met a previous pal.")
    >>> [(r["original"], r["suspect"], r["judgement"]) for r in to_records(c)]
    [('an', 'a', 'edit'), ('old', 'previous', 'flagged'), ('friend', 'pal', 'flagged')]
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from spundetect.errors import SettingsError
from spundetect.render import counts, judgement, original_order, pair_views, passage_swaps

if TYPE_CHECKING:  # pragma: no cover
    from spundetect.models import Comparison, Tell

__all__ = ["KINDS", "to_records", "to_frame", "results_records", "results_frame", "tell_records",
           "COLUMNS"]

#: The kinds of rows :func:`to_records` and :func:`to_frame` make.
KINDS: tuple[str, ...] = ("swaps", "pairs", "edits", "tells", "passages")


def _span(span: tuple[int, int] | None) -> tuple[int | None, int | None]:
    return (span[0], span[1]) if span is not None else (None, None)


def _text(text: str, span: tuple[int, int] | None) -> str | None:
    return text[span[0] : span[1]] if span is not None else None


def _both_sides(comparison: Comparison, original: tuple[int, int], suspect: tuple[int, int]) -> dict[str, Any]:
    """The texts and offsets of two spans, one in each text, as row fields."""
    return {
        "original": _text(comparison.original, original),
        "suspect": _text(comparison.suspect, suspect),
        "original_start": original[0],
        "original_end": original[1],
        "suspect_start": suspect[0],
        "suspect_end": suspect[1],
    }


def to_records(comparison: Comparison, kind: str = "swaps") -> list[dict[str, Any]]:
    """Rows of one comparison as a list of plain dicts (JSON-friendly).

    Args:
        comparison: the result of :func:`spundetect.compare`.
        kind: ``"swaps"``, ``"pairs"``, ``"edits"``, ``"tells"`` or ``"passages"``.

    Returns:
        One dict per row, all with the same keys in the same order.

    Raises:
        SettingsError: ``kind`` is not one of :data:`KINDS` (code ``E110``).

    Examples:
        >>> import spundetect
        >>> c = spundetect.compare("Two men met.", "2 males met.")
        >>> to_records(c, "pairs")[0]["swaps"]
        2
    """
    if kind == "swaps":
        rows: list[dict[str, Any]] = []
        for s in comparison.swaps:
            rows.append(
                {
                    "pair_index": s.pair_index,
                    "original": s.original,
                    "suspect": s.suspect,
                    "original_start": s.original_span[0],
                    "original_end": s.original_span[1],
                    "suspect_start": s.suspect_span[0],
                    "suspect_end": s.suspect_span[1],
                    "shape": s.shape,
                    "relation": s.relation,
                    "synonym": s.synonym,
                    "flagged": s.flagged,
                    "judgement": judgement(s),
                    "reasons": list(s.reasons),
                    "weight": s.weight,
                }
            )
        return rows
    if kind == "pairs":
        rows = []
        for v in pair_views(comparison):
            p = v.pair
            o_start, o_end = _span(p.original_span)
            s_start, s_end = _span(p.suspect_span)
            rows.append(
                {
                    "index": p.index,
                    "kind": p.kind,
                    "aligned": p.aligned,
                    "changed": v.changed,
                    "original": _text(comparison.original, p.original_span),
                    "suspect": _text(comparison.suspect, p.suspect_span),
                    "original_start": o_start,
                    "original_end": o_end,
                    "suspect_start": s_start,
                    "suspect_end": s_end,
                    "similarity": p.similarity,
                    "original_tokens": p.original_tokens,
                    "suspect_tokens": p.suspect_tokens,
                    "equal_tokens": p.equal_tokens,
                    "swaps": len(v.swaps),
                    "flagged": v.flagged,
                    "edits": len(v.edits),
                }
            )
        return rows
    if kind == "edits":
        rows = []
        for e in comparison.edits:
            o_start, o_end = _span(e.original_span)
            s_start, s_end = _span(e.suspect_span)
            rows.append(
                {
                    "pair_index": e.pair_index,
                    "tag": e.tag,
                    "original": _text(comparison.original, e.original_span),
                    "suspect": _text(comparison.suspect, e.suspect_span),
                    "original_start": o_start,
                    "original_end": o_end,
                    "suspect_start": s_start,
                    "suspect_end": s_end,
                }
            )
        return rows
    if kind == "tells":
        return tell_records(comparison.suspect, comparison.tells)
    if kind == "passages":
        rank = {k: r for r, k in enumerate(original_order(comparison))}  # by position
        return [
            {
                "index": ps.index,
                "kind": ps.kind,
                "score": ps.score,
                **_both_sides(comparison, ps.original_span, ps.suspect_span),
                "original_rank": rank[k],
                "original_tokens": ps.original_tokens,
                "suspect_tokens": ps.suspect_tokens,
                "common_tokens": ps.common_tokens,
                "condensed": ps.condensed,
                "pairs": list(ps.pairs),
                "swaps": len(passage_swaps(comparison, ps)),
                "flagged": sum(1 for sw in passage_swaps(comparison, ps) if sw.flagged),
            }
            for k, ps in enumerate(comparison.passages)
        ]
    raise SettingsError(
        f"kind must be one of {', '.join(repr(k) for k in KINDS)}, got {kind!r}", code="E110"
    )


def tell_records(text: str, tells: Iterable[Tell]) -> list[dict[str, Any]]:
    """One row per tell of ``text``: code, the text it covers, offsets, detail.

    Examples:
        >>> from spundetect.models import Tell
        >>> tell_records("a {b|c}", [Tell(code="spintax", suspect_span=(2, 7), detail="x")])[0]["suspect"]
        '{b|c}'
    """
    return [
        {
            "code": t.code,
            "suspect": text[t.suspect_span[0] : t.suspect_span[1]],
            "suspect_start": t.suspect_span[0],
            "suspect_end": t.suspect_span[1],
            "detail": t.detail,
        }
        for t in tells
    ]


_COLUMNS: dict[str, list[str]] = {
    "swaps": ["pair_index", "original", "suspect", "original_start", "original_end",
              "suspect_start", "suspect_end", "shape", "relation", "synonym", "flagged",
              "judgement", "reasons", "weight"],
    "pairs": ["index", "kind", "aligned", "changed", "original", "suspect", "original_start",
              "original_end", "suspect_start", "suspect_end", "similarity", "original_tokens",
              "suspect_tokens", "equal_tokens", "swaps", "flagged", "edits"],
    "edits": ["pair_index", "tag", "original", "suspect", "original_start", "original_end",
              "suspect_start", "suspect_end"],
    "tells": ["code", "suspect", "suspect_start", "suspect_end", "detail"],
    "passages": ["index", "kind", "score", "original", "suspect", "original_start",
                 "original_end", "suspect_start", "suspect_end", "original_rank",
                 "original_tokens", "suspect_tokens", "common_tokens", "condensed", "pairs",
                 "swaps", "flagged"],
    "results": ["id", "verdict", "score", "pairs", "aligned", "changed", "swaps", "flagged",
                "synonym", "other", "inserted", "deleted", "moved", "tells", "signature"],
}


#: The columns of each kind of rows (``"tells"`` also for an inspection's rows).
COLUMNS = _COLUMNS


def _pandas() -> Any:
    try:
        return importlib.import_module("pandas")
    except ImportError as err:  # pragma: no cover - depends on the environment
        raise ImportError(
            "to_frame() needs pandas, which is not installed: pip install pandas "
            "(or use to_records(), which needs nothing)"
        ) from err


def to_frame(comparison: Comparison, kind: str = "swaps") -> Any:
    """Rows of one comparison as a :class:`pandas.DataFrame`.

    The columns are those of :func:`to_records` (also when there are no rows).

    Args:
        comparison: the result of :func:`spundetect.compare`.
        kind: ``"swaps"``, ``"pairs"``, ``"edits"``, ``"tells"`` or ``"passages"``.

    Returns:
        A ``pandas.DataFrame``.

    Raises:
        ImportError: pandas is not installed.
        SettingsError: ``kind`` is unknown.

    Examples:
        >>> import spundetect
        >>> c = spundetect.compare("Two men met.", "2 males met.")
        >>> df = to_frame(c)
        >>> df[df.flagged][["original", "suspect"]]
          original suspect
        0      Two       2
        1      men   males
    """
    rows = to_records(comparison, kind)
    return _pandas().DataFrame(rows, columns=_COLUMNS[kind])


def results_records(
    comparisons: Iterable[Comparison], ids: Sequence[str] | None = None
) -> list[dict[str, Any]]:
    """One summary row per comparison: id, verdict, score and the counts.

    Args:
        comparisons: the results, e.g. from :func:`spundetect.compare_many`.
        ids: a label per result; by default the 0-based position.

    Examples:
        >>> import spundetect
        >>> cs = spundetect.compare_many([("An old friend.", "A previous pal.")])
        >>> results_records(cs)[0]["id"]
        0
    """
    rows: list[dict[str, Any]] = []
    for k, c in enumerate(comparisons):
        n = counts(c)
        if ids is not None and k >= len(ids):
            raise ValueError(f"ids has {len(ids)} labels for more results")
        rows.append(
            {
                "id": ids[k] if ids is not None else k,
                "verdict": c.verdict,
                "score": c.score,
                **{key: n[key] for key in _COLUMNS["results"][3:-1]},
                "signature": str(c.signature),
            }
        )
    if ids is not None and len(rows) != len(ids):
        raise ValueError(f"ids has {len(ids)} labels for {len(rows)} results")
    return rows


def results_frame(comparisons: Iterable[Comparison], ids: Sequence[str] | None = None) -> Any:
    """:func:`results_records` as a :class:`pandas.DataFrame` (needs pandas).

    Examples:
        >>> import spundetect
        >>> cs = spundetect.compare_many([("An old friend.", "A previous pal.")])
        >>> results_frame(cs)[["id", "verdict", "score"]]
           id verdict  score
        0   0    spun    1.0
    """
    return _pandas().DataFrame(results_records(comparisons, ids), columns=_COLUMNS["results"])
