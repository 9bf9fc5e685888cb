"""``inspect()``: the marks machine rewording leaves in a text, with no original to compare.

A paper-mill manuscript, a page whose source was never crawled, a student text whose
sources are unknown: there is no original, yet spinning leaves marks in the text itself.
:func:`inspect` finds them with :func:`spundetect.tells.find_tells` (tortured phrases,
leftover spintax, homoglyphs, invisible characters) and turns their rates into a score.

The score is a logistic model over two rates per 1,000 words, each taken as
``log(1 + rate)``: tortured phrases, and the other tells together::

    score = 1 / (1 + exp(-(INTERCEPT + TORTURED_COEF * log1p(tortured) + OTHER_COEF * log1p(other))))

fitted by ``benchmarks/tortured_eval.py --only fit`` on the dev data (spun texts: SpinBot's
output and spundetect's own spinner over dev originals; human texts: the dev originals and
human edits), with its AUC in ``docs/inspect.md``. A text with no tell scores
``1 / (1 + exp(-INTERCEPT))`` (0.091); the score is a ranking of texts by their tells more
than a calibrated probability (see the AUC).

Examples:
    >>> import spundetect
    >>> result = spundetect.inspect("Our counterfeit consciousness beats irregular timberland.")
    >>> [t.detail.split(" (")[0] for t in result.tells]
    ['stands for "artificial intelligence"', 'stands for "random forest"']
    >>> result.score > spundetect.inspect("Our model beats a random forest.").score
    True
"""

from __future__ import annotations

import math
import re

from spundetect import _version
from spundetect.compare import _check_text
from spundetect.models import Inspection, Signature
from spundetect.tells import find_tells

__all__ = ["inspect", "CODES", "MODEL_NAME", "INTERCEPT", "TORTURED_COEF", "OTHER_COEF", "probability"]

#: Every tell code :func:`inspect` can report.
CODES: tuple[str, ...] = ("tortured_phrase", "spintax", "homoglyph", "invisible_char")
#: Name of the fitted model, in every signature.
MODEL_NAME = "inspect-logit-3"
#: Fitted by ``benchmarks/tortured_eval.py --only fit`` (see docs/inspect.md): AUC 0.607 on
#: held-out dev texts; tortured phrases are rare in the spun news and encyclopedia texts
#: of the dev data, where most spinners' substitutions are not established terms.
INTERCEPT = -2.3066
TORTURED_COEF = 0.9668
#: Not fitted: no dev text, spun or not, has spintax, homoglyphs or hidden characters, so
#: the fit cannot weigh them (it gives 0). They are weighed as tortured phrases are.
OTHER_COEF = TORTURED_COEF

_WORD = re.compile(r"[^\W_]+")


def probability(rates: dict[str, float]) -> float:
    """The score of a text from its tell rates per 1,000 words (by code).

    Examples:
        >>> round(probability({}), 3) == round(1 / (1 + math.exp(-INTERCEPT)), 3)
        True
    """
    tortured = rates.get("tortured_phrase", 0.0)
    other = sum(v for k, v in rates.items() if k != "tortured_phrase")
    z = INTERCEPT + TORTURED_COEF * math.log1p(tortured) + OTHER_COEF * math.log1p(other)
    return 1.0 / (1.0 + math.exp(-z))


def inspect(text: str, *, new_phrases: bool = True) -> Inspection:
    """Find the marks of machine rewording in ``text`` alone, and score them.

    Args:
        text: the text to judge.
        new_phrases: also look for tortured phrases that the shipped list does not have
            (found by their synonym links to established terms); ``False`` matches the
            known list only.

    Returns:
        An :class:`~spundetect.models.Inspection`: the tells (each with a code, a span
        that slices back to the text and a detail; a tortured phrase's detail names the
        term it stands for), their rates per 1,000 words, and the score.

    Raises:
        InputTypeError: ``text`` is not a ``str`` (code ``E101``).
        InputError: ``text`` holds a lone surrogate (code ``E103``).

    Examples:
        >>> import spundetect
        >>> r = spundetect.inspect("Profound learning beats a {quick|fast} baseline.")
        >>> [(t.code, r.text[t.suspect_span[0]:t.suspect_span[1]]) for t in r.tells]
        [('tortured_phrase', 'Profound learning'), ('spintax', '{quick|fast}')]
    """
    _check_text("text", text)
    from spundetect import tortured

    tells = find_tells(text, tortured=False)
    tells += tortured.tortured_tells(text, new=new_phrases)
    tells.sort(key=lambda t: t.suspect_span)
    words = sum(1 for _ in _WORD.finditer(text))
    counts = {code: 0 for code in CODES}
    for t in tells:
        counts[t.code] = counts.get(t.code, 0) + 1
    rates = {code: round(1000.0 * n / words, 4) if words else 0.0 for code, n in counts.items()}
    signature = Signature(
        version=_version.__version__,
        settings={"new_phrases": new_phrases, "model": MODEL_NAME,
                  "min_score": tortured.MIN_SCORE, "support_bonus": tortured.SUPPORT_BONUS},
    )
    return Inspection(text=text, score=round(probability(rates), 6), tells=tells, words=words,
                      rates=rates, signature=signature)
