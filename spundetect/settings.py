"""One validated, immutable settings object for :func:`spundetect.compare`.

Every option that can change a score lives here, so that the :class:`Signature` printed
with a result names them all.

Examples:
    >>> from spundetect.settings import Settings
    >>> Settings(min_similarity=0.4).min_similarity
    0.4
    >>> Settings(min_similarity=2)
    Traceback (most recent call last):
    ...
    spundetect.errors.SettingsError: [E110] min_similarity must be a number in [0, 1], got 2 (type int)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from spundetect.errors import SettingsError, describe

__all__ = ["Settings", "DEFAULT_MIN_SIMILARITY", "DEFAULT_DERIVED_SHARE"]

#: Default of ``min_similarity`` (the one place it is set; compare, batch and CLI read it).
DEFAULT_MIN_SIMILARITY = 0.2
#: Default of ``derived_share``.
DEFAULT_DERIVED_SHARE = 0.5


def _unit(name: str, value: object, *, open_low: bool = False) -> float:
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    if ok:
        v = float(value)  # type: ignore[arg-type]
        ok = (0.0 < v if open_low else 0.0 <= v) and v <= 1.0
    if not ok:
        bound = "(0, 1]" if open_low else "[0, 1]"
        raise SettingsError(f"{name} must be a number in {bound}, got {describe(value)}")
    return float(value)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Settings:
    """Options of :func:`spundetect.compare` (all keyword-only there).

    Attributes:
        pipeline: ``None`` or ``"blank"`` for the built-in blank English pipeline with rule
            sentence splitting, or the name or path of an installed spaCy pipeline.
        min_similarity: sentence pairs less similar than this are never aligned.
        derived_share: an aligned pair counts as derived from the original when at least
            this share of its tokens is unchanged or a dictionary swap.
        threshold: score from which the verdict is ``"spun"`` (``None``: the shipped
            model's calibrated default).
        exact_alignment: score every sentence pair (``True``), use the inverted index
            (``False``) or choose by size (``None``).
    """

    pipeline: str | None = None
    min_similarity: float = DEFAULT_MIN_SIMILARITY
    derived_share: float = DEFAULT_DERIVED_SHARE
    threshold: float | None = None
    exact_alignment: bool | None = None

    def __post_init__(self) -> None:
        if self.pipeline is not None and (not isinstance(self.pipeline, str) or not self.pipeline):
            raise SettingsError(
                f"pipeline must be None, 'blank' or the name of an installed spaCy pipeline, "
                f"got {describe(self.pipeline)}"
            )
        object.__setattr__(self, "min_similarity", _unit("min_similarity", self.min_similarity))
        object.__setattr__(self, "derived_share", _unit("derived_share", self.derived_share))
        if self.threshold is not None:
            object.__setattr__(self, "threshold", _unit("threshold", self.threshold, open_low=True))
        if self.exact_alignment is not None and not isinstance(self.exact_alignment, bool):
            raise SettingsError(
                f"exact_alignment must be True, False or None, got {describe(self.exact_alignment)}"
            )

    def signature_fields(self) -> dict[str, Any]:
        """The settings that affect a score, for the :class:`Signature`."""
        return {
            "pipeline": self.pipeline or "blank",
            "min_sim": self.min_similarity,
            "derived": self.derived_share,
            "threshold": "default" if self.threshold is None else self.threshold,
        }
