"""spundetect: tell whether a text is a machine-reworded ("spun") copy of another.

The centre is :func:`compare`, which aligns the sentences of two texts, finds the word and
phrase substitutions inside each aligned pair, judges each with named evidence and turns
the counts into a calibrated probability and a verdict. With no original, :func:`inspect`
finds the marks spinning leaves in a text on its own (tortured phrases, spintax, homoglyphs,
invisible characters) and scores them.

Importing the package is cheap: spaCy, WordNet and word frequencies load on first use.

Examples:
    >>> import spundetect
    >>> result = spundetect.compare("Two men met an old friend.", "2 males met a previous pal.")
    >>> result.verdict
    'spun'
"""

from __future__ import annotations

from spundetect._version import __version__
from spundetect.compare import compare, compare_many
from spundetect.inspection import inspect
from spundetect.direction import Orientation, orient
from spundetect.errors import (
    FileFormatError,
    InputError,
    InputTypeError,
    ResourceError,
    SettingsError,
    SpundetectError,
)
from spundetect.families import families
from spundetect.index import Index
from spundetect.models import (
    Comparison,
    Edit,
    Inspection,
    Family,
    FamilyLink,
    Hit,
    Match,
    Passage,
    SentencePair,
    Signature,
    Statistics,
    Swap,
    Tell,
)

__all__ = [
    "__version__",
    "compare",
    "compare_many",
    "inspect",
    "Index",
    "Hit",
    "Match",
    "families",
    "Family",
    "FamilyLink",
    "orient",
    "Orientation",
    "Comparison",
    "Inspection",
    "SentencePair",
    "Swap",
    "Edit",
    "Tell",
    "Passage",
    "Statistics",
    "Signature",
    "SpundetectError",
    "InputError",
    "InputTypeError",
    "SettingsError",
    "ResourceError",
    "FileFormatError",
]
