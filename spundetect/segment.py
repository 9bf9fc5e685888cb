"""Split a text into sentences and tokens with character offsets.

The default segmenter runs only spaCy's blank English tokenizer (``spacy.blank("en")``) and
decides sentence boundaries itself, in one pass over the tokens, with rules that extend
spaCy's rule-based ``sentencizer``:

* ``.``, ``!``, ``?``, ``…`` and the other sentence-final characters of the sentencizer end a
  sentence; closing quotes and brackets right after them stay with the sentence that ends,
  an opening quote or bracket goes to the sentence that starts;
* a blank line (two or more line breaks, ``\\r\\n`` counts as one) always ends a sentence, so
  headlines and photo captions stand alone; a single line break never does by itself, so
  hard-wrapped lines are joined;
* a period after a title (``Mr.``, ``Dr.``, ``St.``), a single-letter initial (``V.``) or
  ``e.g.`` / ``i.e.`` never ends a sentence; after another abbreviation (``Dec.``, ``No.``,
  ``Inc.``) or a dotted acronym (``U.S.``, ``R.S.V.P.``) it does only when the next word is
  capitalised and either starts a new line or is a typical first word of a sentence
  (``The``, ``But``, ``He``, ...); ``etc.`` ends a sentence before any capitalised word;
* a closing quote after ``!``/``?``/``.`` followed by a lower-case word (``"Why?" he asked``)
  and an ellipsis followed by a lower-case word do not end a sentence;
* a stretch without any boundary is cut into pieces of at most :data:`MAX_SENTENCE_TOKENS`
  tokens, preferably after a comma, semicolon, colon, dash or line break, so that later
  per-sentence steps that are quadratic in sentence length stay bounded.

The tokens are exactly those of ``nlp.tokenizer(text)`` minus whitespace tokens (except that a
run of more than 100 non-space characters is cut into 100-character pieces first); each
distinct whitespace-free run is tokenized once and remembered, which makes :func:`segment`
faster than spaCy's own tokenizer call on ordinary text.

A user may instead pass the name of an installed trained pipeline (or a path to one); its own
sentence boundaries (parser or senter) are used, with the blank-line rule, the stranded
opening quote fix and the length cap applied on top.

Examples:
    >>> from spundetect.segment import segment
    >>> sents = segment("Mr. Putin met Mr.\\nXi. They talked.\\n\\nA headline")
    >>> [s.tokens[0].text for s in sents]
    ['Mr.', 'They', 'A']
    >>> sents[0].tokens[-1]
    Token(text='.', start=20, end=21, norm='.', is_word=False)
"""

from __future__ import annotations

import gc
import os
import re
import threading
from bisect import bisect_left, bisect_right
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, chain
from operator import itemgetter
from typing import TYPE_CHECKING, Any, NamedTuple

from spundetect import sharing
from spundetect.errors import InputTypeError, ResourceError, SettingsError, describe

if TYPE_CHECKING:  # pragma: no cover - typing only; spaCy is imported lazily at run time
    from spacy.language import Language

__all__ = [
    "Token",
    "Sentence",
    "Words",
    "segment",
    "get_nlp",
    "MAX_SENTENCE_TOKENS",
    "BLANK_PIPELINE",
    "gc_paused",
]

MAX_SENTENCE_TOKENS = 200
"""The most tokens a sentence may have. A longer stretch without a sentence boundary (a text
without punctuation, a table, a list) is cut into pieces of at most this many tokens,
preferably after a comma, semicolon, colon, dash or line break in the second half of the
window, so that the later per-sentence steps (alignment, token diff), which are quadratic in
sentence length, stay bounded."""

BLANK_PIPELINE = "blank"
"""The name that selects the default segmenter (``pipeline=None`` does the same)."""

_MODEL_CHUNK_CHARS = 100_000
"""A trained pipeline is run on pieces of at most this many characters (and at most its
``max_length``), cut preferably at a blank line; every cut is a sentence boundary."""

# --- character classes ---------------------------------------------------------------------

# The sentence-final characters of spaCy's sentencizer, plus the ellipsis.
_TERMINAL_CHARS = (
    "!.?։؟۔܀܁܂߹।॥၊။።፧፨᙮᜵᜶᠃᠉᥄᥅᪨᪩᪪᪫᭚᭛᭞᭟᰻᰼᱾᱿‼‽⁇⁈⁉⸮⸼꓿꘎꘏꛳꛷꡶꡷꣎꣏꤯꧈꧉꩝꩞꩟꫰꫱꯫﹒﹖﹗！．？"
    "𐩖𐩗𑁇𑁈𑂾𑂿𑃀𑃁𑅁𑅂𑅃𑇅𑇆𑇍𑇞𑇟𑈸𑈹𑈻𑈼𑊩𑑋𑑌𑗂𑗃𑗉𑗊𑗋𑗌𑗍𑗎𑗏𑗐𑗑𑗒𑗓𑗔𑗕𑗖𑗗𑙁𑙂𑜼𑜽𑜾𑩂𑩃𑪛𑪜𑱁𑱂𖩮𖩯𖫵𖬷𖬸𖭄𛲟𝪈｡。…"
)
_TERMINAL_SET = frozenset(_TERMINAL_CHARS)
_ELLIPSIS_CHARS = ".…"
# Quote marks: a closing one when glued to the token before it, else an opening one.
_QUOTE_CHARS = "\"'“”‘’«»‹›‛‟"
# Quote marks that can close a quotation even when glued to the next token.
_RIGHT_QUOTE_CHARS = "\"'”’»›"
# Always opening / always closing.
_OPEN_CHARS = "([{„‚"
_CLOSE_CHARS = ")]}"
# Tokens after which an over-long sentence is preferably cut.
_CLAUSE_TOKENS = frozenset(
    {",", ";", ":", "—", "–", "―", "-", "--", "---", "،", "、", "；", "：", "，"}
)

# Line breaks: \n, \r\n, \r, VT, NEL, LINE SEPARATOR; paragraph breaks: FF, the information
# separators FS/GS/RS and PARAGRAPH SEPARATOR (all whitespace for str.isspace and spaCy).
_LINE_BREAK = r"(?:\r\n|\r(?!\n)|[\n\x0b\x85\u2028])"
_IN_LINE_SPACE = r"[^\S\n\r\x0b\x85\u2028\x0c\x1c\x1d\x1e\u2029]"
# A blank line: two line breaks with only other whitespace between, or a paragraph separator.
# (The definition, as the tests hold it; _PARAGRAPH_RE finds the same.)
_PARAGRAPH = _LINE_BREAK + _IN_LINE_SPACE + "*" + _LINE_BREAK + r"|[\x0c\x1c\x1d\x1e\u2029]"
# The same matches, written to start with the set of the characters a match starts with:
# the regular expression engine then skips to them, where it tries the pattern at every
# character of the text otherwise (four times slower). The character then decides
# (fixed-width look-behinds): a paragraph separator alone; a carriage return with its line
# feed (possessive: never a CR LF read as two breaks), or another line break, then the
# rest of the blank line.
_PARAGRAPH_RE = re.compile(
    r"[\r\n\x0b\x85\u2028\x0c\x1c\x1d\x1e\u2029]"
    r"(?:(?<=[\x0c\x1c\x1d\x1e\u2029])"
    r"|(?<=\r)\n?+" + _IN_LINE_SPACE + "*" + _LINE_BREAK
    + r"|(?<=[\n\x0b\x85\u2028])" + _IN_LINE_SPACE + "*" + _LINE_BREAK + ")"
)
_LINE_BREAK_RE = re.compile(r"[\n\r\x0b\x85\u2028\x0c\x1c\x1d\x1e\u2029]")
#: What counts as a line break (public: the aligner cuts sentences at their line breaks).
LINE_BREAK = _LINE_BREAK_RE
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
_ALNUM_RE = re.compile(r"[^\W_]")  # a letter or a digit (any script)
# A dotted acronym without its final period: "u.s", "r.s.v.p", "ph.d", "a.m".
_DOTTED_RE = re.compile(r"^(?:[^\W\d_]{1,2}\.)+[^\W\d_]{1,2}$")

_QUOTE_TABLE = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "ʼ": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
    }
)
_CURLY_RE = re.compile("[‘’‚‛ʼ“”„‟]")

# --- abbreviations (lower case, without the final period) ----------------------------------

# Never end a sentence when capitalised: titles before a name.
_TITLES = frozenset(
    {
        "mr", "mrs", "ms", "messrs", "mmes", "mme", "mlle", "dr", "drs", "prof", "profs", "st",
        "ste", "mt", "ft", "gen", "gov", "sen", "rep", "reps", "col", "lt", "sgt", "capt", "cpt",
        "cmdr", "adm", "maj", "brig", "cpl", "pvt", "rev", "hon", "pres", "supt", "insp", "msgr",
        "fr", "sra", "srta",
    }
)
# Never end a sentence, in any case: Latin abbreviations always followed by more.
_LATIN = frozenset({"e.g", "i.e", "cf", "viz", "vs", "approx", "ca", "c.f"})
# End a sentence unless a number follows: "No. 5", "Fig. 3", "Vol. 2".
_NUMBERED = frozenset(
    {
        "no", "nos", "nr", "vol", "vols", "fig", "figs", "pp", "ch", "chap", "sec", "secs",
        "art", "arts", "para", "paras", "op", "tel",
    }
)
# End a sentence only before a capitalised word that starts a line or usually starts a
# sentence (the same rule as dotted acronyms such as "u.s" or "r.s.v.p"); months and days
# only when capitalised, since "mar", "sat", "sun" and "wed" are also words.
_CAPITALISED_ABBREVIATIONS = frozenset(
    {
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
    }
)
_ABBREVIATIONS = frozenset(
    {
        "inc", "ltd", "co", "corp", "bros", "dept", "univ", "assn", "ave", "blvd", "rd", "jr",
        "sr", "esq", "govt", "natl", "intl", "al",
    }
)
_ETC = "etc"
# Capitalised words that usually start a sentence (checked in lower case).
_SENTENCE_STARTERS = frozenset(
    {
        "the", "a", "an", "and", "but", "or", "so", "yet", "nor", "he", "she", "it", "they",
        "we", "i", "you", "this", "that", "these", "those", "there", "here", "his", "her",
        "its", "their", "our", "my", "your", "in", "on", "at", "for", "after", "before", "when",
        "while", "if", "as", "although", "though", "however", "meanwhile", "then", "what",
        "why", "how", "who", "where", "which", "still", "also", "now", "today", "yesterday",
        "according", "despite", "during", "since", "until", "because", "with", "without", "by",
        "from", "some", "many", "most", "all", "both", "each", "every", "no", "not", "one",
        "mr.", "mrs.", "ms.", "dr.", "prof.", "mr", "mrs", "ms", "dr",
    }
)


# --- public types ----------------------------------------------------------------------------


class Token(NamedTuple):
    """One non-space token (a named tuple: a text makes one per token, and a tuple is
    made several times faster than a frozen dataclass).

    Attributes:
        text: exactly ``text[start:end]`` of the full text that was segmented.
        start: offset of the first character in the full text.
        end: offset one past the last character in the full text.
        norm: the text lower-cased, with curly quotes and apostrophes (``‘ ’ ‚ ‛ ʼ`` and
            ``“ ” „ ‟``) replaced by straight ``'`` and ``"``; use it for matching.
        is_word: whether the token contains a letter or a digit (of any script);
            punctuation and symbol tokens (emoji included) are ``False``.

    Examples:
        >>> from spundetect.segment import segment
        >>> [(t.text, t.norm, t.is_word) for t in segment("Don’t!")[0].tokens]
        [('Do', 'do', True), ('n’t', "n't", True), ('!', '!', False)]
    """

    text: str
    start: int
    end: int
    norm: str
    is_word: bool


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence (or headline, caption, or piece of an over-long sentence).

    Attributes:
        start: offset of the sentence's first character in the full text.
        end: offset one past its last character; ``text[start:end]`` has no leading or
            trailing whitespace (it may contain line breaks).
        tokens: every non-space token of the sentence, in order, with offsets into the full
            text; never empty.

    Examples:
        >>> from spundetect.segment import segment
        >>> text = "Hi there. Bye."
        >>> [text[s.start:s.end] for s in segment(text)]
        ['Hi there.', 'Bye.']
    """

    start: int
    end: int
    tokens: tuple[Token, ...]



# --- pipeline loading --------------------------------------------------------------------------

_NLP_CACHE: dict[str, Any] = {}
_NLP_LOCK = threading.Lock()


def _pipeline_key(pipeline: object) -> str:
    if pipeline is None:
        return BLANK_PIPELINE
    if isinstance(pipeline, os.PathLike):
        pipeline = os.fspath(pipeline)
    if not isinstance(pipeline, str) or not pipeline.strip():
        raise SettingsError(
            f"pipeline must be None, {BLANK_PIPELINE!r}, or the name of (or path to) an "
            f"installed spaCy pipeline; got {describe(pipeline)}"
        )
    return pipeline.strip()


def get_nlp(pipeline: str | None = None) -> Language:
    """Return the spaCy pipeline used for segmenting, loading it once per process per name.

    spaCy is imported here, on first use, never when this module is imported.

    Args:
        pipeline: ``None`` or ``"blank"`` for ``spacy.blank("en")`` with the rule-based
            ``sentencizer`` (the default segmenter uses only its tokenizer); otherwise the
            name of an installed trained pipeline package (such as ``"en_core_web_sm"``) or a
            path to a pipeline directory, loaded with ``spacy.load``.

    Returns:
        The loaded ``spacy.Language``; the same object on every call with the same name.

    Raises:
        ResourceError: spaCy cannot be imported, or the named pipeline is not installed or
            cannot be loaded (trained pipelines are not bundled; the user must pip-install
            them).
        SettingsError: ``pipeline`` is not a string (or an empty one).

    Examples:
        >>> from spundetect.segment import get_nlp
        >>> nlp = get_nlp()
        >>> nlp is get_nlp("blank"), nlp.pipe_names
        (True, ['sentencizer'])
    """
    key = _pipeline_key(pipeline)
    nlp = _NLP_CACHE.get(key)
    if nlp is not None:
        return nlp  # type: ignore[no-any-return]
    with _NLP_LOCK:
        nlp = _NLP_CACHE.get(key)
        if nlp is None:
            nlp = _load(key)
            _NLP_CACHE[key] = nlp
    return nlp  # type: ignore[no-any-return]


def _load(key: str) -> Any:
    try:
        import spacy
    except ImportError as err:  # pragma: no cover - spaCy is a declared dependency
        raise ResourceError(f"spaCy cannot be imported ({err}); install spundetect's dependencies")
    if key == BLANK_PIPELINE:
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        return nlp
    try:
        return spacy.load(key)
    except (OSError, ImportError, ValueError, KeyError) as err:
        raise ResourceError(
            f"spaCy pipeline {key!r} is not installed or cannot be loaded ({type(err).__name__}: "
            f"{str(err).strip()[:300]}). Trained pipelines are not bundled with spundetect and "
            f"cannot be downloaded by it: pip-install the pipeline package yourself (for example "
            f"the en_core_web_sm wheel from the spaCy models releases) or pass a path to a "
            f"pipeline directory, or use pipeline=None / {BLANK_PIPELINE!r} for the built-in "
            f"rule-based segmenter."
        ) from err


# --- segmentation ------------------------------------------------------------------------------


def segment(text: str, *, pipeline: str | None = None) -> list[Sentence]:
    """Split ``text`` into sentences of tokens, with character offsets into ``text``.

    Every non-space character of ``text`` belongs to exactly one token and one sentence;
    sentences are in order, do not overlap, and never start or end with whitespace.
    Whitespace-only tokens are dropped. Empty and whitespace-only texts give ``[]``.

    Args:
        text: the text; any ``str`` (control characters, ``\\r\\n`` line ends, emoji,
            right-to-left scripts and lone surrogates are all accepted).
        pipeline: ``None`` or ``"blank"`` for the built-in rule-based segmenter over spaCy's
            blank English tokenizer (fast, offline); or the name of an installed trained
            spaCy pipeline, or a path to one, whose own sentence boundaries are used (a
            blank line still always ends a sentence).

    Returns:
        The sentences, in order. None has more than :data:`MAX_SENTENCE_TOKENS` tokens.

    Raises:
        InputTypeError: ``text`` is not a ``str``.
        ResourceError: the named pipeline is not installed.
        SettingsError: ``pipeline`` is not a string.

    Examples:
        >>> from spundetect.segment import segment
        >>> text = "Mr. Xi met\\nMr. Putin on Dec. 15. They talked.\\n\\nPhoto caption"
        >>> [text[s.start:s.end] for s in segment(text)]
        ['Mr. Xi met\\nMr. Putin on Dec. 15.', 'They talked.', 'Photo caption']
    """
    if not isinstance(text, str):
        raise InputTypeError(f"text must be a str; got {describe(text)}")
    key = _pipeline_key(pipeline)
    nlp = get_nlp(key)
    if not text or text.isspace():
        return []
    with gc_paused():
        model_breaks: list[int] | None = None
        if key == BLANK_PIPELINE:
            tokens = _tokenize_blank(nlp, text)
        else:
            tokens, model_breaks = _run_model(nlp, text)
        if not tokens:
            return []
        # (the named tuples' fields read by C loops)
        texts, starts, ends = [list(map(itemgetter(k), tokens)) for k in range(3)]
        if model_breaks is None:
            model_breaks = _rule_breaks(text, starts, ends, texts)
        return _build(text, tokens, starts, ends, texts, model_breaks)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while the tokens are made.

    A long text makes hundreds of thousands of small objects, none of them in a reference
    cycle; the collector's repeated passes over them cost up to half of the total time.
    Nothing is lost: collection resumes (if it was on) when the block ends.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# --- tokenizing ----------------------------------------------------------------------------------

_WS_SPLIT_RE = re.compile(r"(\s+)")  # the same whitespace as str.isspace and spaCy

_MAX_SPAN_CHARS = 100
"""A run of non-space characters longer than this is cut into pieces of this many characters
before it reaches spaCy, whose affix loop is quadratic or worse on long runs of punctuation
(8,000 ``!`` take seconds). Real words and most URLs are shorter; a longer run is split into
several tokens at these cuts."""

_SPAN_CACHE_MAX = 100_000
"""The most distinct non-space runs whose tokens are remembered (about 280 bytes each, so
about 28 MB at most); when a call would exceed it, the memory starts afresh."""

_TOKENIZE_BATCH_CHARS = 500_000

# One entry per token of a whitespace-free run: (start, end) relative to the run, text, norm,
# is_word.
_Entry = tuple[int, int, str, str, bool]
_span_cache: dict[str, tuple[_Entry, ...]] = {"": ()}
_span_cache_owner: list[Any] = [None]  # the tokenizer that filled _span_cache


def _norm(token_text: str) -> str:
    low = token_text.lower()
    if _CURLY_RE.search(low) is not None:
        low = low.translate(_QUOTE_TABLE)
    return low


def _entry(piece: str, a: int, b: int) -> _Entry:
    t = piece[a:b]
    return (a, b, t, _norm(t), t.isalnum() or _ALNUM_RE.search(t) is not None)


def _tokenize_blank(nlp: Any, text: str) -> list[Token]:
    """Tokenize like ``nlp.tokenizer(text)`` (minus whitespace tokens), but fast.

    spaCy's tokenizer splits the text at whitespace and tokenizes every whitespace-free run
    on its own, but it stops caching runs after the first special case of a document, so
    most runs are re-analysed with regular expressions. Here every distinct run is tokenized
    once (all new runs in one batched call) and remembered, which gives the same tokens at a
    fraction of the cost. One deliberate difference: spaCy's special-case matcher also
    matches across a single space (in "people) :X" the emoticon "):" hides ":X"); here a
    run's tokens depend on the run alone, never on its neighbours.
    """
    global _span_cache
    parts = _WS_SPLIT_RE.split(text)  # non-space runs (maybe "") at even, whitespace at odd
    bases = list(accumulate(map(len, parts), initial=0))
    pieces = parts[0::2]
    offsets = bases[0::2]
    if max(map(len, pieces)) > _MAX_SPAN_CHARS:
        pieces, offsets = _cut_long_runs(pieces, offsets)
    cache = _span_cache
    if _span_cache_owner[0] is not nlp.tokenizer:  # first call, or the tokenizer was replaced
        cache = _span_cache = {"": ()}
        _span_cache_owner[0] = nlp.tokenizer
    missing = set(pieces).difference(cache)
    if missing:
        if len(cache) + len(missing) > _SPAN_CACHE_MAX:
            cache = {"": ()}
            missing = set(pieces)
            missing.discard("")
            _span_cache = cache
        _tokenize_missing(nlp, missing, cache)
    # tuple.__new__ directly: a named tuple's own constructor is a Python-level call.
    new = tuple.__new__
    return [new(Token, (t, base + a, base + b, norm, is_word))
            for piece, base in zip(pieces, offsets) for a, b, t, norm, is_word in cache[piece]]


_TAUGHT_RUNS = sharing.TAUGHT["runs"]


def _tokenize_missing(nlp: Any, missing: set[str], cache: dict[str, tuple[_Entry, ...]]) -> None:
    # Another pool worker may have tokenized them (see spundetect.sharing); runs are
    # tokenized by the blank pipeline alone, the same in every worker of a pool.
    if _TAUGHT_RUNS:
        for run in [run for run in missing if run in _TAUGHT_RUNS]:
            cache[run] = _TAUGHT_RUNS[run]
            missing.discard(run)
        if not missing:
            return
    _tokenize_runs(nlp, missing, cache)
    if sharing.journal is not None:
        for run in missing:
            sharing.record("runs", run, cache[run])


def _cut_long_runs(pieces: list[str], offsets: list[int]) -> tuple[list[str], list[int]]:
    size = _MAX_SPAN_CHARS
    new_pieces: list[str] = []
    new_offsets: list[int] = []
    for piece, base in zip(pieces, offsets):
        if len(piece) <= size:
            new_pieces.append(piece)
            new_offsets.append(base)
        else:
            for lo in range(0, len(piece), size):
                new_pieces.append(piece[lo : lo + size])
                new_offsets.append(base + lo)
    return new_pieces, new_offsets


_RUN_SEPARATOR = "  "
"""What joins runs in one tokenizer call. Two spaces, not one: spaCy matches its special
cases (emoticons such as ``):`` and ``:X``) across single spaces, so with one space a
run's tokens would depend on the run before it in the batch ("people) :X-linked" splits
``:X`` that ":X-linked" alone keeps), and batches are made in set order. A space token
between runs stops those matches: every run is tokenized as if alone."""


def _tokenize_runs(nlp: Any, runs: Collection[str], cache: dict[str, tuple[_Entry, ...]]) -> None:
    """Tokenize whitespace-free runs with spaCy, in batches joined by
    :data:`_RUN_SEPARATOR`, into ``cache``."""
    from spacy.attrs import IDX, IS_SPACE, LENGTH

    tokenizer = nlp.tokenizer
    todo = list(runs)
    gap = len(_RUN_SEPARATOR)
    i = 0
    while i < len(todo):
        batch: list[str] = []
        size = 0
        while i < len(todo) and (not batch or size + len(todo[i]) < _TOKENIZE_BATCH_CHARS):
            batch.append(todo[i])
            size += len(todo[i]) + gap
            i += 1
        arr = tokenizer(_safe(_RUN_SEPARATOR.join(batch))).to_array([IDX, LENGTH, IS_SPACE])
        columns: list[list[int]] = [arr[:, 0].tolist(), arr[:, 1].tolist(), arr[:, 2].tolist()]
        k = 0
        lo = 0  # where batch[k] starts in the joined string
        hi = len(batch[0])
        entries: list[_Entry] = []
        for idx, length, space in zip(*columns):
            if space:
                continue
            while idx >= hi:
                cache[batch[k]] = tuple(entries)
                entries = []
                lo = hi + gap
                k += 1
                hi = lo + len(batch[k])
            entries.append(_entry(batch[k], idx - lo, idx - lo + length))
        cache[batch[k]] = tuple(entries)
        for run in batch[k + 1 :]:  # pragma: no cover - every run has a token
            cache[run] = ()


def _safe(piece: str) -> str:
    """Replace lone surrogates (which spaCy cannot encode) by U+FFFD, keeping the length."""
    if _SURROGATE_RE.search(piece) is None:
        return piece
    return _SURROGATE_RE.sub("\ufffd", piece)


def _cut_points(text: str, size: int) -> Iterator[tuple[int, int]]:
    """Yield ``(lo, hi)`` pieces of at most ``size`` characters, cut after whitespace,
    preferably at a blank line."""
    n = len(text)
    lo = 0
    while lo < n:
        hi = lo + size
        if hi >= n:
            yield lo, n
            return
        floor = lo + size // 2
        cut = text.rfind("\n\n", floor, hi)
        if cut >= 0:
            cut += 2
        if cut < 0:
            cut = text.rfind("\n", floor, hi)
            if cut >= 0:
                cut += 1
        if cut < 0:
            cut = text.rfind(" ", floor, hi)
            if cut >= 0:
                cut += 1
        if cut < 0:
            for pos in range(hi - 1, floor - 1, -1):
                if text[pos].isspace():
                    cut = pos + 1
                    break
        if cut < 0:
            cut = hi  # a very long run without whitespace: cut inside it
        yield lo, cut
        lo = cut


def _run_model(nlp: Any, text: str) -> tuple[list[Token], list[int] | None]:
    """Run a full pipeline; return the non-space tokens and its sentence starts.

    The sentence starts (token indices) are ``None`` when the pipeline sets no sentence
    boundaries; every cut between pieces (see ``_MODEL_CHUNK_CHARS``) is a boundary.
    """
    size = max(1, min(_MODEL_CHUNK_CHARS, int(nlp.max_length)))
    pieces = list(_cut_points(text, size))
    tokens: list[Token] = []
    breaks: list[int] = []
    annotated = True
    alnum = _ALNUM_RE.search
    for (lo, _hi), doc in zip(pieces, nlp.pipe(_safe(text[lo:hi]) for lo, hi in pieces)):
        if not doc.has_annotation("SENT_START"):
            annotated = False
        pending = len(tokens) > 0
        for tok in doc:
            if tok.is_space:
                if tok.is_sent_start:
                    pending = True
                continue
            if (pending or tok.is_sent_start) and tokens:
                breaks.append(len(tokens))
            pending = False
            a = tok.idx + lo
            b = a + len(tok.text)
            t = text[a:b]
            tokens.append(Token(t, a, b, _norm(t), t.isalnum() or alnum(t) is not None))
    return tokens, (breaks if annotated else None)


def _is_line_break_between(text: str, a: int, b: int) -> bool:
    return a < b and _LINE_BREAK_RE.search(text, a, b) is not None


def _rule_breaks(text: str, starts: list[int], ends: list[int], texts: list[str]) -> list[int]:
    """Sentence starts (token indices > 0) from punctuation and abbreviation rules.

    Blank lines are not considered here (see :func:`_build`).
    """
    n = len(texts)
    term = _TERMINAL_SET
    breaks: list[int] = []
    done = -1  # last token index already consumed as part of a sentence ending
    for i in [i for i, s in enumerate(texts) if s[-1] in term]:
        if i <= done:
            continue
        s = texts[i]
        # What kind of sentence-final mark is this?
        kind = "strong"
        if not s.strip(_TERMINAL_CHARS):  # punctuation only
            if s == "." or s == "．":
                if i > 0 and ends[i - 1] == starts[i]:
                    kind = _abbreviation_kind(texts[i - 1], from_exception=False)
            elif not s.strip(_ELLIPSIS_CHARS):
                kind = "ellipsis"
        elif s[-1] == ".":
            kind = _abbreviation_kind(s[:-1], from_exception=True)
        if kind == "never":
            continue
        # Extend over further sentence-final marks and closing quotes / brackets.
        j = i + 1
        closed_quote = False
        while j < n:
            t = texts[j]
            glued = starts[j] == ends[j - 1]
            if not glued and _is_line_break_between(text, ends[j - 1], starts[j]):
                break
            if not t.strip(_TERMINAL_CHARS) or not t.strip(_CLOSE_CHARS):
                j += 1
            elif glued and not t.strip(_QUOTE_CHARS) and _closes(texts, starts, ends, j):
                closed_quote = True
                j += 1
            else:
                break
        if j >= n:
            break
        # The first word of what follows, skipping opening quotes and brackets.
        k = j
        while k < n - 1 and not texts[k].strip(_QUOTE_CHARS + _OPEN_CHARS):
            k += 1
        nxt = texts[k]
        first = nxt[0]
        if kind == "strong":
            split = not (closed_quote and first.islower())
        elif kind == "ellipsis":
            split = not first.islower()
        elif kind == "etc":
            split = first.isupper()
        elif kind == "numbered":
            split = not first.isdigit()
        else:  # "abbrev": an abbreviation or a dotted acronym
            split = first.isupper() and (
                nxt.lower() in _SENTENCE_STARTERS
                or _is_line_break_between(text, ends[j - 1], starts[j])
            )
        if split:
            breaks.append(j)
            done = j - 1
    return breaks


def _abbreviation_kind(word: str, *, from_exception: bool) -> str:
    """Classify the word before a period: never / etc / numbered / abbrev / strong.

    ``from_exception`` says the tokenizer kept the period on the word (a spaCy tokenizer
    exception such as ``"Calif."``), which makes it an abbreviation of some kind.
    """
    low = word.lower()
    if low in _LATIN:
        return "never"
    if len(word) == 1 and word.isalpha():
        return "never"  # a single initial: "Vladimir V. Putin"
    capitalised = word[:1].isupper()
    if capitalised and low in _TITLES:
        return "never"
    if low == _ETC:
        return "etc"
    if low in _NUMBERED:
        return "numbered"
    if (
        low in _ABBREVIATIONS
        or (capitalised and low in _CAPITALISED_ABBREVIATIONS)
        or _DOTTED_RE.match(low) is not None
    ):
        return "abbrev"
    if from_exception and low.replace(".", "").isalpha():
        return "abbrev"  # kept with its period by the tokenizer: "Calif.", "Ph.D."
    return "strong"


def _closes(texts: list[str], starts: list[int], ends: list[int], k: int) -> bool:
    """May quote token ``k``, glued to the token before it, close a quotation?

    Yes unless it is also glued to the next token and is a left-hand form (``said.“Hi``).
    """
    if k + 1 >= len(texts) or starts[k + 1] != ends[k]:
        return True
    return not texts[k].strip(_RIGHT_QUOTE_CHARS)


def _is_opener(texts: list[str], starts: list[int], ends: list[int], k: int) -> bool:
    """Is token ``k`` an opening quote or bracket?"""
    t = texts[k]
    if not t.strip(_OPEN_CHARS):
        return True
    if t.strip(_QUOTE_CHARS):
        return False
    return k == 0 or starts[k] != ends[k - 1] or not _closes(texts, starts, ends, k)


def _build(
    text: str,
    tokens: list[Token],
    starts: list[int],
    ends: list[int],
    texts: list[str],
    breaks: list[int],
) -> list[Sentence]:
    """Add blank-line breaks, fix stranded openers, cap lengths, and make the sentences."""
    n = len(tokens)
    # Blank lines always break: the first token after each one starts a sentence.
    paragraph: set[int] = set()
    for m in _PARAGRAPH_RE.finditer(text):
        k = bisect_left(starts, m.end())
        if 0 < k < n:
            paragraph.add(k)
    if paragraph:
        cuts = sorted(paragraph.union(breaks))
    else:
        cuts = breaks  # already sorted and unique
    # An opening quote or bracket left at the end of a sentence moves to the next one.
    fixed: list[int] = []
    prev = 0
    for k in cuts:
        while k - 1 > prev and k not in paragraph and _is_opener(texts, starts, ends, k - 1):
            k -= 1
        if k > prev:
            fixed.append(k)
            prev = k
    # Cap the length of sentences.
    bounds: list[int] = [0]
    for k in [*fixed, n]:
        a = bounds[-1]
        while k - a > MAX_SENTENCE_TOKENS:
            a = _soft_cut(text, starts, ends, texts, a)
            bounds.append(a)
        bounds.append(k)
    return [
        Sentence(starts[a], ends[b - 1], tuple(tokens[a:b]))
        for a, b in zip(bounds, bounds[1:])
        if b > a
    ]


def _soft_cut(text: str, starts: list[int], ends: list[int], texts: list[str], a: int) -> int:
    """Where to cut a sentence starting at token ``a`` that is too long (token index)."""
    hi = a + MAX_SENTENCE_TOKENS
    lo = a + MAX_SENTENCE_TOKENS // 2
    for k in range(hi, lo, -1):
        if texts[k - 1] in _CLAUSE_TOKENS or _is_line_break_between(text, ends[k - 1], starts[k]):
            return k
    return hi


# --- words: what the later stages compare ---------------------------------------------------


_IS_WORD = itemgetter(4)  # Token.is_word
_NORM = itemgetter(3)  # Token.norm


@lru_cache(maxsize=1 << 16)
def _folded(norm: str) -> str:
    from spundetect.tells import fold

    return fold(norm)


#: Where a plain sentence splitter cuts (a shuffler's, unlike the segmenter, which knows
#: abbreviations): after ``.``, ``!`` or ``?`` and any closing quotes or brackets, before
#: whitespace: the ends of these matches. (A match starts at its mark, not after it as a
#: look-behind would have it: the same ends, and the engine skips to the marks instead of
#: trying every character.)
_PLAIN_END = re.compile(r"""[.!?]["'\u2019\u201d)\]]*(?=\s)""")

#: A piece of a sentence, as :meth:`Words.pieces` gives it: ``(first token, end token,
#: first word, end word)`` within the sentence.
Piece = tuple[int, int, int, int]


@dataclass
class Words:
    """One segmented text: its sentences, their word tokens and their normalised words
    (``norm`` with look-alike letters folded to Latin and invisible characters dropped),
    the form every later stage compares.

    Examples:
        >>> w = Words.of("Hi there. Bye.")
        >>> w.norms, w.first, w.char_span(1, 3)
        ([['hi', 'there'], ['bye']], [0, 2], (3, 13))
    """

    sentences: list[Sentence]
    words: list[list[Token]]
    norms: list[list[str]]
    flat: list[Token]  # every word token, in order
    first: list[int]  # per sentence, the index in ``flat`` of its first word
    flat_norms: list[str]  # the normalised words of ``flat``

    @classmethod
    def of(cls, text: str, pipeline: str | None = None) -> Words:
        """Segment ``text`` (see :func:`segment`) into its words."""
        sents = segment(text, pipeline=pipeline)
        # C loops over the named tuples' fields: a text has thousands of words
        words = [list(filter(_IS_WORD, sent.tokens)) for sent in sents]
        norms = [list(map(_folded, map(_NORM, ws))) for ws in words]
        first: list[int] = []
        flat: list[Token] = []
        for ws in words:
            first.append(len(flat))
            flat.extend(ws)
        return cls(sents, words, norms, flat, first, list(chain.from_iterable(norms)))

    def sentences_in(self, lo: int, hi: int) -> list[int]:
        """Sentences with at least one word in the word range ``lo``..``hi``."""
        a = bisect_right(self.first, lo) - 1
        out = []
        for k in range(max(a, 0), len(self.words)):
            if self.first[k] >= hi:
                break
            if self.words[k] and self.first[k] + len(self.words[k]) > lo:
                out.append(k)
        return out

    def char_span(self, lo: int, hi: int) -> tuple[int, int]:
        """Character offsets from the first to the last of words ``lo``..``hi``."""
        return (self.flat[lo].start, self.flat[hi - 1].end)

    def breaks_inside(self, text: str) -> bool:
        """Whether some sentence of ``text`` (the text these words came from) has a line
        break inside."""
        return any(LINE_BREAK.search(text, sent.start, sent.end) for sent in self.sentences)

    def pieces(self, text: str) -> list[list[Piece]]:
        """Per sentence, its pieces as a plain splitter cuts them (at line breaks, and after
        ``.``, ``!``, ``?`` before whitespace): ``(first token, end token, first word, end
        word)`` within the sentence."""
        breaks = sorted({m.start() for m in LINE_BREAK.finditer(text)}
                        | {m.end() for m in _PLAIN_END.finditer(text)})
        out = []
        for sent, words in zip(self.sentences, self.words):
            lo, hi = bisect_right(breaks, sent.start), bisect_left(breaks, sent.end)
            if lo == hi:  # no line break inside: one line
                out.append([(0, len(sent.tokens), 0, len(words))])
                continue
            starts = [t.start for t in sent.tokens]
            lines = []
            t0 = w0 = 0
            for b in breaks[lo:hi]:
                t1 = bisect_right(starts, b)
                if t0 < t1 < len(starts):
                    w1 = w0 + sum(1 for t in sent.tokens[t0:t1] if t.is_word)
                    lines.append((t0, t1, w0, w1))
                    t0, w0 = t1, w1
            lines.append((t0, len(sent.tokens), w0, len(words)))
            out.append(lines)
        return out

    def piece_norms(self, pieces: list[list[Piece]]) -> list[list[list[str]]]:
        """Per sentence, the normalised words of each of its ``pieces``."""
        return [[self.norms[k][a:b] for _, _, a, b in sent] if len(sent) > 1 else [self.norms[k]]
                for k, sent in enumerate(pieces)]

    def split(self, cuts: list[list[int]]) -> Words:
        """These words with their sentences cut before the given words (per sentence, the
        positions of the words that start a new sentence, sorted); punctuation before a
        cut word stays with the words before it.

        Examples:
            >>> w = Words.of("Top stories Police said on Monday.")
            >>> [t.text for t in w.split([[2]]).words[1]]
            ['Police', 'said', 'on', 'Monday']
        """
        if not any(cuts):
            return self
        pieces: list[list[Piece]] = []
        for k, at in enumerate(cuts):
            n_words = len(self.words[k])
            if not at:
                pieces.append([(0, len(self.sentences[k].tokens), 0, n_words)])
                continue
            word_tokens = [t for t, tok in enumerate(self.sentences[k].tokens) if tok.is_word]
            edges = [0, *at, n_words]
            token_edges = [0, *(word_tokens[w] for w in at), len(self.sentences[k].tokens)]
            pieces.append([(token_edges[e], token_edges[e + 1], edges[e], edges[e + 1])
                           for e in range(len(edges) - 1)])
        return self.cut(pieces, [list(range(1, len(p))) for p in pieces])

    def cut(self, pieces: list[list[Piece]], cuts: list[list[int]]) -> Words:
        """These words with their sentences cut before the given pieces (per sentence, the
        indices of the pieces that start a new sentence)."""
        if not any(cuts):
            return self
        sentences: list[Sentence] = []
        words: list[list[Token]] = []
        norms: list[list[str]] = []
        for k, sent in enumerate(self.sentences):
            if not cuts[k]:
                sentences.append(sent)
                words.append(self.words[k])
                norms.append(self.norms[k])
                continue
            edges = [0, *cuts[k], len(pieces[k])]
            for a, b in zip(edges, edges[1:]):
                t0, w0 = pieces[k][a][0], pieces[k][a][2]
                t1, w1 = pieces[k][b - 1][1], pieces[k][b - 1][3]
                tokens = sent.tokens[t0:t1]
                sentences.append(Sentence(tokens[0].start, tokens[-1].end, tokens))
                words.append(self.words[k][w0:w1])
                norms.append(self.norms[k][w0:w1])
        first = []
        n = 0
        for ws in words:
            first.append(n)
            n += len(ws)
        return Words(sentences, words, norms, self.flat, first, self.flat_norms)
