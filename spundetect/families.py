"""Families: group an index's documents into copies and spun versions of one text.

Each document is searched against the index (:meth:`spundetect.Index.search`); the
candidates it shares fingerprints with are compared with it (:func:`spundetect.compare`),
each unordered pair once; a pair whose verdict is not ``"unrelated"`` joins the two
documents, and the joined groups (union-find) are the families. The evidence of a family is
the comparisons that joined it.

Examples:
    >>> import spundetect
    >>> index = spundetect.Index()
    >>> index.add_many([("a", "The two men met an old friend in Moscow in May of 1999."),
    ...                 ("b", "The 2 males met a previous pal in Moscow in May of 1999."),
    ...                 ("c", "A recipe for bread needs flour, water, salt and some yeast.")])
    3
    >>> [f.members for f in spundetect.families(index)]
    [['a', 'b']]
"""

from __future__ import annotations

from typing import Any

from spundetect.errors import SettingsError, describe
from spundetect.index import Index
from spundetect.models import Family, FamilyLink

__all__ = ["families"]


def families(index: Index, *, candidates: int = 10, **options: Any) -> list[Family]:
    """Group the documents of ``index`` into families of copies and spun versions.

    Args:
        index: the collection.
        candidates: search hits per document that are compared with it.
        **options: passed to :func:`spundetect.compare` (``threshold``...).

    Returns:
        Families of two or more documents, largest first (then by first member in index
        order); documents with no confirmed relative are in none.

    Raises:
        SettingsError: ``index`` is not an :class:`~spundetect.Index`, or an option is not
            allowed.

    Examples:
        >>> import spundetect
        >>> spundetect.families(spundetect.Index())
        []
    """
    from spundetect.compare import compare

    if not isinstance(index, Index):
        raise SettingsError(f"index must be a spundetect.Index, got {describe(index)}", code="E110")
    if isinstance(candidates, bool) or not isinstance(candidates, int) or candidates < 1:
        raise SettingsError(f"candidates must be an int >= 1, got {describe(candidates)}", code="E110")
    order = {doc_id: k for k, doc_id in enumerate(index)}
    parent = {doc_id: doc_id for doc_id in order}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    seen: set[tuple[str, str]] = set()
    links: list[FamilyLink] = []
    for doc_id in order:
        text = index.text(doc_id)
        for hit in index.search(text, k=candidates + 1):
            other = hit.doc_id
            pair = (doc_id, other) if order[doc_id] < order[other] else (other, doc_id)
            if other == doc_id or pair in seen:
                continue
            seen.add(pair)
            # the earlier-added document as the original: without a direction signal
            # the order of arrival is the best guess
            comparison = compare(index.text(pair[0]), index.text(pair[1]), **options)
            if comparison.verdict == "unrelated":
                continue
            links.append(FamilyLink(original=pair[0], suspect=pair[1], verdict=comparison.verdict,
                                    score=comparison.score, shared=hit.shared))
            a, b = root(pair[0]), root(pair[1])
            if a != b:
                parent[max(a, b, key=order.__getitem__)] = min(a, b, key=order.__getitem__)
    groups: dict[str, list[str]] = {}
    for doc_id in order:
        groups.setdefault(root(doc_id), []).append(doc_id)
    out = []
    for top, members in groups.items():
        if len(members) > 1:
            out.append(Family(members=members, links=[link for link in links if root(link.original) == top]))
    out.sort(key=lambda f: (-len(f.members), order[f.members[0]]))
    return out
