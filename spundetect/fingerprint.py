"""Spin-proof fingerprints: the words a spinner cannot change, hashed in order.

A spinner replaces words (and phrases) with entries of its thesaurus. Words it has no
entry for survive, in their order: function words that thesauri leave alone ("the",
"of", "and"), numbers, names and rare or technical words. DSpin (Zhang et al., NDSS 2014)
called them *immutables* and found spun copies on the web from them. Here a word is
immutable when the dictionaries the package ships have no synonyms for it: no WordNet
synonyms (:mod:`spundetect.lexicon`), no Moby Thesaurus entry
(:mod:`spundetect.thesaurus`) and no closed-class synonym group
(:data:`spundetect.wordlists.FUNCTION_SYNONYMS`); function words outside those groups and
numbers always are.

A text's fingerprints are hashed n-grams of two kinds (the ``"hybrid"`` scheme, the
default):

* *immutable n-grams*: ``n`` immutable words in a row, the mutable words between them
  skipped, so a swap of a word or of a phrase of another length leaves them as they were;
* *canonical n-grams*: ``n`` words in a row, each replaced by a canonical member of its
  synonym class, which also survive edits around the words a spinner can change.

A shuffle of sentences only breaks the n-grams across a sentence boundary. Documents keep
a *sample* of their n-grams: those whose hash is 0 modulo ``sample`` (about one in
``sample``), and every n-gram of a kind when the text has few of them. Because the choice
depends on the n-gram alone, a query looks up only the n-grams of its own that pass the
same test (every one when the query is short): a long query costs ``sample`` times fewer
look-ups than with winnowing, which makes a query look up every n-gram. A query of fewer
than ``n`` words (a title, one n-gram) also looks up the canonical n-grams of its words'
synonyms (:func:`short_variants`), which a spinner's one swap would otherwise leave
without a match.

The other schemes, measured against this one in ``benchmarks/index_eval.py`` (see
``docs/search.md``): ``"immutable"`` and ``"canonical"`` alone, ``"stopword"`` (n-grams of
function words only, Stamatatos 2011) and ``"word"`` (plain word n-grams, the
near-duplicate classic).

Fingerprints are 40-bit non-negative integers (five bytes in an index): 39 bits of the
n-gram's hash and a last bit that says whether it passes the sample
(:func:`is_sampled`). They are the same in every process and run: words are hashed with
BLAKE2b, not Python's salted ``hash``.

Speed: a text is split into the tokens ``str.split`` finds (white space is
``str.isspace``) by one numpy pass over its code points, which also gives each token a
64-bit key; each distinct token is parsed once per process (its words, the sentence
marks around them) and found again by its key in a sorted array, and the facts of each
distinct word (immutable, synonym class, spelling) are computed once per process too.
Everything but the first sight of a token or word runs in numpy, over many texts at a
time when an index is built (:func:`document_arrays`); documents and queries go through
the same code.

Examples:
    >>> from spundetect.fingerprint import fingerprints
    >>> a = fingerprints("The 2 men met in Moscow on the 3rd of May, as planned.")
    >>> b = fingerprints("The two males met within Moscow on the 3rd of May, as designed.")
    >>> len({f.hash for f in a} & {f.hash for f in b}) > 0
    True
"""

from __future__ import annotations

import hashlib
import itertools
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from spundetect.errors import SettingsError, describe

__all__ = [
    "SCHEMES",
    "Scheme",
    "Fingerprint",
    "FingerprintConfig",
    "DEFAULT_CONFIG",
    "fingerprints",
    "document_hashes",
    "document_arrays",
    "query_grams",
    "short_variants",
    "is_immutable",
    "is_sampled",
    "take_new_words",
    "learn_words",
]

Scheme = Literal["hybrid", "immutable", "stopword", "canonical", "word"]
SCHEMES: tuple[str, ...] = ("hybrid", "immutable", "stopword", "canonical", "word")

#: A document keeps every n-gram of a kind when it has at most this many of that kind:
#: sampling would leave a sentence one or two.
KEEP_ALL = 24
#: A query looks up every n-gram of a kind when it has at most this many of that kind,
#: so that it finds the short documents (which keep them all) by all their n-grams.
LOOK_UP_ALL = 64
_SALT = 0x5BD1E9955BD1E995  # tells the two kinds of the hybrid scheme apart
# Odd 64-bit multipliers, one per n-gram position: the n-gram hash is a weighted sum of
# the word hashes, so it is cheap (no string is built per n-gram) and order-sensitive.
_MULTIPLIERS = (
    0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93,
    0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53, 0x94D049BB133111EB, 0xBF58476D1CE4E5B9,
)
_BITS = 40  # bits of a fingerprint


@dataclass(frozen=True)
class FingerprintConfig:
    """How fingerprints are made; stored with an index, which only matches its own.

    Attributes:
        scheme: ``"hybrid"`` (default: immutable and canonical n-grams together),
            ``"immutable"``, ``"stopword"``, ``"canonical"`` or ``"word"``.
        n: words per n-gram.
        sample: a document keeps the n-grams whose hash is 0 modulo ``sample`` (1 keeps
            every n-gram), and every n-gram of a kind it has at most
            :data:`KEEP_ALL` of.
    """

    scheme: str = "hybrid"
    n: int = 3
    sample: int = 4

    def __post_init__(self) -> None:
        if self.scheme not in SCHEMES:
            raise SettingsError(f"scheme must be one of {', '.join(SCHEMES)}, got {describe(self.scheme)}",
                                code="E110")
        for name, value, top in (("n", self.n, len(_MULTIPLIERS)), ("sample", self.sample, 64)):
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= top:
                raise SettingsError(f"{name} must be an int in [1, {top}], got {describe(value)}", code="E110")

    @property
    def key(self) -> str:
        """A short string naming the configuration (kept in an index's metadata)."""
        return f"{self.scheme}:{self.n}:{self.sample}"

    @classmethod
    def from_key(cls, key: str) -> FingerprintConfig:
        """The configuration :attr:`key` names.

        Raises:
            SettingsError: ``key`` is not a configuration key.
        """
        parts = key.split(":")
        if len(parts) != 3 or not parts[1].isdigit() or not parts[2].isdigit():
            raise SettingsError(f"not a fingerprint configuration: {key!r}", code="E110")
        return cls(parts[0], int(parts[1]), int(parts[2]))


DEFAULT_CONFIG = FingerprintConfig()


@dataclass(frozen=True)
class Fingerprint:
    """One fingerprint of a text: a 40-bit hash and the characters it covers.

    Attributes:
        hash: non-negative integer below 2**40.
        start: offset of the first character of the n-gram's first word.
        end: offset just past its last word (``text[start:end]`` is the stretch).
    """

    hash: int
    start: int
    end: int


#: What is known of a word: (immutable, hash of its spelling, hash of its synonym class,
#: function word, hash of the word itself).
Facts = tuple[bool, int, int, bool, int]


class _Vocabulary:
    """Per-word facts (by lower-case word) and per-token parses, computed once per process.

    ``facts[word]`` is ``(immutable, spelled_hash, canonical_hash, function_word,
    word_hash)`` (what an index stores in its ``words`` table). For speed, each spelling
    of a word as it appears (``"Moscow"``, ``"the"``, ``"The"``) gets a row number in
    numpy columns of those facts (:attr:`words`), and each whitespace-separated token
    (``"Moscow,"``, ``"(the"``, ``"3.5"``) a row in a table of its words and sentence marks,
    found by the token's 64-bit key (:func:`_tokenize`) in a sorted array, so
    fingerprinting a text is numpy throughout, but for the first sight of a token.
    """

    def __init__(self) -> None:
        self.facts: dict[str, Facts] = {}
        self.new: list[str] = []  # computed here since the last take_new()
        self._lock = threading.RLock()
        self.words: dict[str, int] = {}
        # the tokens met, by key (sorted), and their rows
        # None until first use: the module-level vocabulary is made at import, and numpy
        # must not be imported then (no work at import).
        self._keys: tuple[Any, Any] | None = None
        self._word_columns = _Columns(imm=bool, cap=bool, func=bool, spelled="int64", canonical="int64",
                                      plain="int64")
        self._token_columns = _Columns(start="int64", count="int64", trail=bool)
        # per word of a token, in token order: the word's row, a sentence mark before it
        # inside the token, its offsets in the token
        self._parts = _Columns(word="int64", mark=bool, a="int64", b="int64")

    def compute_facts(self, word: str) -> Facts:
        with self._lock:  # the lexicon's caches are filled by one thread at a time
            known = self.facts.get(word)
            if known is not None:
                return known
            facts = _word_facts(word)
            self.facts[word] = facts
            self.new.append(word)
        return facts

    def word_columns(self) -> dict[str, Any]:
        return self._word_columns.view()

    def parts_columns(self) -> dict[str, Any]:
        return self._parts.view()

    def token_columns(self) -> dict[str, Any]:
        return self._token_columns.view()

    def _token_keys(self) -> tuple[Any, Any]:
        if self._keys is None:
            self._keys = (_empty("uint64"), _empty("int64"))
        return self._keys

    def token_rows(self, keys: Any, joined: str, starts: Any, ends: Any) -> Any:
        """The row of each token (by its key, :func:`_tokenize`), parsing (and looking up
        the words of) the new ones, which are ``joined[starts[i]:ends[i]]``."""
        import numpy as np

        # The distinct keys, sorted, are looked up: a sorted search is several times
        # faster than one of keys in text order (each step starts where the last ended).
        distinct, first, inverse = _distinct_keys(keys)
        known, rows = self._token_keys()  # one tuple: a consistent pair while another thread adds
        at = np.minimum(np.searchsorted(known, distinct), max(len(known) - 1, 0))
        if len(known) and bool((known[at] == distinct).all()):
            return rows[at][inverse]
        with self._lock:
            if len(self._token_columns) > _MAX_TOKENS:  # a bound on memory over endless new tokens
                self._keys = (_empty("uint64"), _empty("int64"))
                self._token_columns.clear()
                self._parts.clear()
            known, rows = self._token_keys()
            at = np.minimum(np.searchsorted(known, distinct), max(len(known) - 1, 0))
            missing = known[at] != distinct if len(known) else np.ones(len(distinct), dtype=bool)
            # most texts bring a few new tokens: each is parsed once, in Python
            tokens = [joined[starts[i] : ends[i]] for i in first[missing].tolist()]
            self._learn_in_order(tokens)
            added = np.arange(len(self._token_columns), len(self._token_columns) + len(tokens), dtype=np.int64)
            self._add_tokens(tokens)
            new = distinct[missing]
            place = np.searchsorted(known, new)
            self._keys = known, rows = (np.insert(known, place, new),
                                        np.insert(rows, place, added))
        return rows[np.searchsorted(known, distinct)][inverse]

    def _learn_in_order(self, tokens: Sequence[str]) -> None:
        """The facts of the words of ``tokens`` not known yet, computed in alphabetical order.

        The thesaurus is read in compressed blocks of neighbouring words, a few of them
        kept (:mod:`spundetect.thesaurus`): in text order nearly every new word
        decompresses a block again, in alphabetical order each block is decompressed once
        per lot (the first thousands of documents of a collection bring tens of thousands
        of new words). The facts are those of each word alone, whatever the order.
        """
        facts = self.facts
        fresh = {m.group().lower() for token in tokens for m in _WORD.finditer(token)}
        for word in sorted(fresh):
            if word not in facts:
                self.compute_facts(word)

    def _add_tokens(self, tokens: Sequence[str]) -> None:
        """Rows for new tokens: their words (a row per word spelling not met yet) and
        sentence marks, gathered in lists and added to the columns once per call (a row
        added at a time cost more than the parsing: a fresh process meets some 100 new
        tokens a query of 500 words)."""
        words: list[tuple[Any, ...]] = []  # imm, cap, func, spelled, canonical, plain
        parts: list[tuple[int, bool, int, int]] = []  # word, mark, a, b
        rows: list[tuple[int, int, bool]] = []  # start, count, trail
        first_word, first_part = len(self._word_columns), len(self._parts)
        spellings: list[str] = []
        marks = _SENTENCE_MARKS
        try:
            for token in tokens:
                start = len(parts)
                end = 0
                for m in _WORD.finditer(token):
                    word = m.group()
                    row = self.words.get(word)
                    if row is None:
                        low = word.lower()
                        imm, spelled, canonical, func, plain = self.facts.get(low) or self.compute_facts(low)
                        row = self.words[word] = first_word + len(spellings)
                        spellings.append(word)
                        words.append((imm, word[0].isupper(), func, spelled, canonical, plain))
                    a, b = m.span()
                    parts.append((row, not marks.isdisjoint(token[end:a]), a, b))
                    end = b
                rows.append((first_part + start, len(parts) - start, not marks.isdisjoint(token[end:])))
        except BaseException:
            for word in spellings:  # no row was added for them
                del self.words[word]
            raise
        for columns, values in ((self._word_columns, words), (self._parts, parts), (self._token_columns, rows)):
            if values:
                columns.extend(*zip(*values))


def _distinct_keys(keys: Any) -> tuple[Any, Any, Any]:
    """``np.unique(keys, return_index=True, return_inverse=True)`` of a non-empty 1-D
    array: its distinct values, sorted, the first place of each, and each value's place
    among the distinct ones.

    One unstable argsort: ``np.unique`` asks for a stable one (to find the first places)
    and takes twice as long on a pass of index building (2**20 code points: 15.1-15.3
    against 7.6 ms, ``benchmarks/build_steps.py``); the first place of each value is the
    smallest of its places instead, found in one pass.
    """
    import numpy as np

    order = np.argsort(keys)
    ordered = keys[order]
    starts = np.empty(len(ordered), dtype=bool)
    starts[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=starts[1:])
    inverse = np.empty(len(keys), dtype=np.intp)
    inverse[order] = np.cumsum(starts) - 1
    begins = np.flatnonzero(starts)
    return ordered[begins], np.minimum.reduceat(order, begins), inverse


def _word_facts(word: str) -> Facts:
    """The facts of ``word`` (lower case): immutable, spelling, synonym class, function word.

    *Spelling*: one spelling for the forms a spinner swaps freely: digits and number
    words ("2", "two" -> "#2"; "3rd", "third" -> "#3") and the two indefinite articles.
    *Immutable*: no shipped dictionary offers a substitute (function words and numbers,
    but for the function words that have synonyms). *Class*: the function-word group's
    first member, else the spelling when it differs, else the alphabetically first of
    the word's base form and its one-word WordNet synonyms (a spun word shares it when
    both sides list that member).

    One pass: each test (a number? a function word?) is made once and a hash is reused
    when two facts are the same string; the WordNet and thesaurus look-ups are those of
    the facts computed apart (``tests/test_fingerprint.py`` checks the two agree).
    """
    from spundetect.wordlists import FUNCTION_SYNONYMS, FUNCTION_WORDS, is_number, number_value

    number = is_number(word)
    spelled = word
    if word == "an":
        spelled = "a"
    elif number:
        value = number_value([word])
        if value is not None:
            spelled = f"#{value[0]:g}"
    function_word = word in FUNCTION_WORDS
    if word in FUNCTION_SYNONYMS:
        immutable = False
    elif function_word or number:
        immutable = True
    else:
        from spundetect.lexicon import get_lexicon
        from spundetect.thesaurus import get_thesaurus

        immutable = not get_lexicon().synonyms(word) and not get_thesaurus().entry(word)
    group = FUNCTION_SYNONYMS.get(word)
    if group is not None:
        canonical = min(group)
    elif spelled != word:
        canonical = spelled
    else:
        from spundetect.lexicon import get_lexicon

        lex = get_lexicon()
        lemmas = lex.lemmas(word)
        base = lemmas[0][0] if lemmas else word
        members = [s.lower() for s in lex.synonyms(base) if " " not in s]
        canonical = min([base, *members])
    plain = _hash(word)
    spelled_hash = plain if spelled == word else _hash(spelled)
    canonical_hash = plain if canonical == word else spelled_hash if canonical == spelled else _hash(canonical)
    return immutable, spelled_hash, canonical_hash, function_word, plain


_MAX_TOKENS = 2_000_000


def _empty(dtype: str) -> Any:
    import numpy as np

    return np.zeros(0, dtype=dtype)


class _Columns:
    """Growable numpy columns (doubling), extended by lists of rows."""

    def __init__(self, **dtypes: Any) -> None:
        self._dtypes = dtypes
        self.clear()

    def clear(self) -> None:
        # The arrays are made on first use: the module-level vocabulary is built at
        # import, and importing numpy then would cost every `import spundetect` ~0.2 s.
        self._size = 0
        self._data: dict[str, Any] | None = None

    def __len__(self) -> int:
        return self._size

    def _columns(self) -> dict[str, Any]:
        if self._data is None:
            import numpy as np

            self._data = {name: np.zeros(64, dtype=dtype) for name, dtype in self._dtypes.items()}
        return self._data

    def extend(self, *values: Sequence[Any]) -> None:
        """Rows added at the end: one sequence of values per column, in the columns'
        order, all of one length."""
        import numpy as np

        added = len(values[0]) if values else 0
        if not added:
            return
        data = self._columns()
        size = len(next(iter(data.values())))
        if self._size + added > size:
            while size < self._size + added:
                size *= 2
            data = self._data = {name: np.concatenate([column, np.zeros(size - len(column), dtype=column.dtype)])
                                 for name, column in data.items()}
        for column, given in zip(data.values(), values, strict=True):
            column[self._size : self._size + added] = given
        self._size += added

    def view(self) -> dict[str, Any]:
        return self._columns()


_SENTENCE_MARKS = frozenset(".!?:")


# A word: letters and digits, with an inner apostrophe ("don't", "O'Brien").
_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)?")


def take_new_words() -> list[tuple[str, Facts]]:
    """The words whose facts were computed in this process since the last call, with them.

    An index stores them (and :func:`learn_words` loads them back), so a fresh process
    does not look every word up in WordNet again: a cold look-up costs about a
    millisecond, a stored one a dictionary hit.
    """
    vocab = _VOCABULARY
    with vocab._lock:
        words, vocab.new = vocab.new, []
    return [(w, vocab.facts[w]) for w in words]


def learn_words(rows: Iterable[tuple[str, Facts]], *, new: bool = False) -> None:
    """Take word facts computed elsewhere (by :func:`take_new_words`).

    Args:
        rows: ``(word, facts)`` pairs.
        new: count the words not known here yet as new (:func:`take_new_words` gives them
            next), as for facts a worker process computed.
    """
    vocab = _VOCABULARY
    with vocab._lock:
        for word, known in rows:
            if word not in vocab.facts:
                vocab.facts[word] = known
                if new:
                    vocab.new.append(word)


def _hash(word: str) -> int:
    # signed, as SQLite stores integers (the word facts are kept in an index)
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little",
                          signed=True)


_VOCABULARY = _Vocabulary()


def is_immutable(word: str) -> bool:
    """Whether no shipped dictionary offers a substitute for ``word`` (lower case).

    Examples:
        >>> is_immutable("the"), is_immutable("1999"), is_immutable("friend"), is_immutable("in")
        (True, True, False, False)
    """
    known = _VOCABULARY.facts.get(word) or _VOCABULARY.compute_facts(word)
    return known[0]


#: The code points ``str.isspace`` is true for (``str.split`` splits at them), and those
#: ``str.splitlines`` breaks lines at; a test checks both against Python's own.
_SPACE_CODES = (9, 10, 11, 12, 13, 28, 29, 30, 31, 32, 0x85, 0xA0, 0x1680, *range(0x2000, 0x200B), 0x2028, 0x2029,
                0x202F, 0x205F, 0x3000)
_BREAK_CODES = (10, 11, 12, 13, 28, 29, 30, 0x85, 0x2028, 0x2029)
_TABLE_TOP = 0x3000  # no white space above this code point
#: Code points of text tokenised per numpy pass: bounds a worker's memory on a large batch,
#: and keeps a pass's arrays (8 bytes a code point) near a core's cache: a batch of 2,048
#: documents fingerprints 5-8 % faster in passes of 2**17 than of 2**20 (about 40
#: documents a pass; ``benchmarks/build_steps.py --pass-sweep``, 4 sweeps of 4), with the
#: same output. A query is one pass either way.
_PASS_CHARS = 1 << 17
_TOKEN_KEY = (0x9E3779B97F4A7C15, 0xD6E8FEB86659FD93, 0x2545F4914F6CDD1D)


class _CharTable:
    """Per code point up to :data:`_TABLE_TOP`: bit 1 white space, bit 2 line break; one
    more entry, 0, stands for every code point above."""

    table: Any = None

    @classmethod
    def get(cls) -> Any:
        import numpy as np

        if cls.table is None:
            table = np.zeros(_TABLE_TOP + 2, dtype=np.uint8)
            table[list(_SPACE_CODES)] |= 1
            table[list(_BREAK_CODES)] |= 2
            cls.table = table
        return cls.table


def _mix(x: Any) -> Any:
    """SplitMix64's finaliser on a uint64 array, in place (every bit depends on every bit)."""
    import numpy as np

    x ^= x >> np.uint64(30)
    x *= np.uint64(0xBF58476D1CE4E5B9)
    x ^= x >> np.uint64(27)
    x *= np.uint64(0x94D049BB133111EB)
    x ^= x >> np.uint64(31)
    return x


def _tokenize(joined: str) -> tuple[Any, Any, Any, Any]:
    """The white-space-separated tokens of ``joined`` (what ``str.split`` finds), in numpy:
    their starts and ends (code point offsets, as ``str`` indexes), a 64-bit key per
    token (a hash of its characters, the same in every process and run), and whether a
    line break lies between the token and the one before it.

    One pass of numpy over the code points replaces ``str.split`` and one dictionary
    look-up per token: the per-token Python work was most of what fingerprinting a
    document cost. Tokens are told apart by their key alone; two distinct tokens of one
    key (a 1 in 2**64 chance for a pair) would share a parse.
    """
    import numpy as np

    codes = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    # clipped: every code point above the table reads its last entry
    kind = np.take(_CharTable.get(), codes, mode="clip")
    solid = (kind & 1) == 0
    edges = np.diff(solid.view(np.int8), prepend=np.int8(0), append=np.int8(0))
    starts = np.flatnonzero(edges == 1)
    ends = np.flatnonzero(edges == -1)
    if not len(starts):
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=bool)
    # line breaks before each position (the breaks at smaller offsets: they are few, so
    # a search among them, not a running count over every code point): a break between
    # the previous token's end and this token's start
    breaks = np.flatnonzero(kind >> 1)
    before = np.searchsorted(breaks, starts)
    line_start = np.zeros(len(starts), dtype=bool)
    line_start[1:] = before[1:] > np.searchsorted(breaks, ends[:-1])
    line_start[0] = before[0] > 0
    # key: the sum over the token's characters of a mix of (code point, place in the
    # token), mixed with its length
    lengths = ends - starts
    places = np.arange(int(lengths.sum()), dtype=np.int64) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    chars = codes[solid].astype(np.uint64)
    chars *= np.uint64(_TOKEN_KEY[0])
    chars += places.view(np.uint64) * np.uint64(_TOKEN_KEY[1])  # non-negative: the same bits
    keys = np.add.reduceat(_mix(chars), np.cumsum(lengths) - lengths)
    keys ^= lengths.astype(np.uint64) * np.uint64(_TOKEN_KEY[2])
    return starts, ends, _mix(keys), line_start


def _words(texts: Sequence[str], spans: bool = True) -> tuple[Any, Any, Any, Any, Any]:
    """The words of ``texts``: their rows (in :class:`_Vocabulary`'s columns), whether
    each follows a sentence mark or a line break (or starts its text), their character
    starts and ends in their text (``None`` for both unless ``spans``: an index stores
    no place), and the number of their text in ``texts``; in text order.

    Tokens are what ``str.split`` finds; documents and queries go through this one
    function, so they are split alike.
    """
    import numpy as np

    parts_out: list[tuple[Any, Any, Any, Any, Any]] = []
    first = 0
    while first < len(texts):
        # a few texts per numpy pass: numpy's cost per call is spread over them, and the
        # arrays of a pass stay small
        last, chars = first, 0
        while last < len(texts) and (last == first or chars + len(texts[last]) <= _PASS_CHARS):
            chars += len(texts[last]) + 1
            last += 1
        parts_out.append(_words_pass(texts[first:last], first, spans))
        first = last
    if len(parts_out) == 1:
        return parts_out[0]
    return tuple(None if parts_out[0][i] is None else np.concatenate([p[i] for p in parts_out])  # type: ignore[return-value]
                 for i in range(5))


def _words_pass(texts: Sequence[str], offset: int, spans: bool = True) -> tuple[Any, Any, Any, Any, Any]:
    import numpy as np

    vocab = _VOCABULARY
    # one string, texts apart by a line break (which starts a sentence, as a text does)
    joined = texts[0] if len(texts) == 1 else "\n".join(texts)
    bases = np.cumsum([0, *(len(t) + 1 for t in texts)])[:-1]
    tok_starts, tok_ends, keys, line_start = _tokenize(joined)
    empty = np.zeros(0, dtype=np.int64)
    place = empty if spans else None
    if not len(keys):
        return empty, np.zeros(0, dtype=bool), place, place, empty
    rows = vocab.token_rows(keys, joined, tok_starts, tok_ends)
    columns = vocab.token_columns()
    parts = vocab.parts_columns()
    counts = columns["count"][rows]
    firsts_of = np.cumsum(counts) - counts  # where each token's words start among the words
    total = int(counts.sum())
    if total == 0:
        return empty, np.zeros(0, dtype=bool), place, place, empty
    flat = np.repeat(columns["start"][rows] - firsts_of, counts) + np.arange(total)
    words = parts["word"][flat]
    marked = parts["mark"][flat].copy()
    # The first word of a token follows a mark when the token before ended with one, or
    # when the token starts a line; the first word of a text always does.
    trail = columns["trail"][rows]
    previous = np.concatenate([[True], trail[:-1]]) | line_start
    has = counts > 0
    marked[firsts_of[has]] |= previous[has]
    doc = np.repeat(np.searchsorted(bases, tok_starts, "right") - 1, counts)
    marked[np.flatnonzero(np.diff(doc, prepend=-1))] = True
    if not spans:
        return words, marked, None, None, doc + offset
    owner_start = np.repeat(tok_starts, counts) - bases[doc]
    return words, marked, owner_start + parts["a"][flat], owner_start + parts["b"][flat], doc + offset


def _kinds(texts: Sequence[str], kinds: Sequence[str], spans: bool = True) -> list[tuple[Any, Any, Any, Any]]:
    """Per kind: the hashes of the words it keeps, in order, their starts and ends
    (``None`` unless ``spans``), and the number of their text. One pass over the words
    serves every kind."""
    words, marked, starts, ends, doc = _words(texts, spans)
    columns = _VOCABULARY.word_columns()
    out = []
    for kind in kinds:
        keep: Any = None
        if kind == "immutable":
            # a name mid-sentence counts too: spinners leave capitalised words alone
            keep = columns["imm"][words] | (columns["cap"][words] & ~marked)
        elif kind == "stopword":
            keep = columns["func"][words]
        chosen = words if keep is None else words[keep]
        hashes = columns[_FIELD[kind]][chosen]
        if keep is None:
            out.append((hashes, starts, ends, doc))
        elif not spans:
            out.append((hashes, None, None, doc[keep]))
        else:
            out.append((hashes, starts[keep], ends[keep], doc[keep]))
    return out


def _grams(hashes: Any, doc: Any, n: int, salt: int) -> tuple[Any, Any, Any]:
    """The n-gram hashes of every text at once (``doc``: the text of each word, in
    order; no n-gram crosses two texts), with the index of each n-gram's first and last
    word. A text of fewer than ``n`` (but some) words makes one n-gram of all its words."""
    import numpy as np

    count = len(hashes) - n + 1
    if count > 0:
        grams = _gram_hashes(hashes, n, salt)
        whole = np.flatnonzero(doc[:count] == doc[n - 1 :])
        grams, firsts, lasts = grams[whole], whole, whole + (n - 1)
    else:
        grams = np.zeros(0, dtype=np.uint64)
        firsts = lasts = np.zeros(0, dtype=np.int64)
    if n > 1 and len(doc):
        # texts with fewer than n words: rare, one n-gram each
        cuts = np.flatnonzero(np.diff(doc)) + 1
        begin = np.concatenate([[0], cuts])
        size = np.diff(np.concatenate([begin, [len(doc)]]))
        short = np.flatnonzero(size < n)
        if len(short):
            extra = [_gram_hashes(hashes[begin[s] : begin[s] + size[s]], n, salt) for s in short.tolist()]
            grams = np.concatenate([grams, *extra])
            firsts = np.concatenate([firsts, begin[short]])
            lasts = np.concatenate([lasts, begin[short] + size[short] - 1])
            order = np.argsort(firsts, kind="stable")
            grams, firsts, lasts = grams[order], firsts[order], lasts[order]
    return grams, firsts, lasts


def _chosen(texts: Sequence[str], config: FingerprintConfig, keep_all: int,
            spans: bool = True) -> list[tuple[Any, Any, Any, Any]]:
    """Per kind of the scheme: the fingerprints the texts keep (each text keeping every
    n-gram of a kind it has at most ``keep_all`` of), their texts, and the start of each
    n-gram's first word and the end of its last (``None`` for both unless ``spans``:
    index building needs no place, and skips the arrays of them)."""
    import numpy as np

    parts = _parts(config.scheme)
    out = []
    for (hashes, starts, ends, doc), (_, salt) in zip(_kinds(texts, [p[0] for p in parts], spans), parts):
        if not len(hashes):
            continue
        grams, firsts, lasts = _grams(hashes, doc, config.n, salt)
        owner = doc[firsts]
        per_text = np.bincount(owner, minlength=len(texts))
        kept = np.flatnonzero((per_text[owner] <= keep_all) | _sampled(grams, config.sample))
        places = (starts[firsts[kept]], ends[lasts[kept]]) if spans else (None, None)
        out.append((_value(grams[kept], config.sample), owner[kept], *places))
    return out


_FIELD = {"immutable": "spelled", "stopword": "spelled", "canonical": "canonical", "word": "plain"}


def _gram_hashes(hashes: Any, n: int, salt: int) -> Any:
    """The n-gram hashes as a numpy uint64 array (n words in a row; one of fewer words if
    the text is shorter).

    The hash of an n-gram is ``sum(m_i * h_i)`` modulo 2**64 over its word hashes, xor the
    kind's salt, through a 64-bit finaliser (SplitMix64's) so that every bit depends on
    every word: the low bits choose the sample, the high bits are the fingerprint. No
    string is built per n-gram, and numpy does it for the whole text at once (unsigned
    arithmetic wraps modulo 2**64, as wanted).
    """
    import numpy as np

    n = min(n, len(hashes))
    words = np.asarray(hashes, dtype=np.int64).view(np.uint64)
    count = len(hashes) - n + 1
    grams = words[:count] * np.uint64(_MULTIPLIERS[0])
    for i in range(1, n):
        grams += words[i : i + count] * np.uint64(_MULTIPLIERS[i])
    if salt:
        grams ^= np.uint64(salt)
    return _mix(grams)


def _sampled(grams: Any, sample: int) -> Any:
    """Which n-grams pass the sample: hash 0 modulo ``sample``."""
    import numpy as np

    if sample <= 1:
        return np.ones(len(grams), dtype=bool)
    if not sample & (sample - 1):  # a power of two (the default 4): the low bits, no division
        return grams & np.uint64(sample - 1) == 0
    return grams % np.uint64(sample) == 0


def _value(grams: Any, sample: int) -> Any:
    """The fingerprints of n-gram hashes: their top 39 bits, and a last bit that says
    whether the n-gram passes the sample (see :func:`is_sampled`)."""
    import numpy as np

    return (((grams >> np.uint64(65 - _BITS)) << np.uint64(1)) | _sampled(grams, sample)).astype(np.int64)


def is_sampled(fingerprint: Any) -> Any:
    """Whether a fingerprint (or each of an array of them) passes the sample, rather than
    being kept because its text is short: an index weighs the others ``1 / sample``, so
    that a short text that keeps every n-gram does not outscore a long one that keeps a
    quarter of them on the same match.

    Examples:
        >>> from spundetect.fingerprint import document_hashes, is_sampled
        >>> text = "The two men met an old friend in Moscow on the 3rd of May in 1999, as they had planned."
        >>> kept = document_hashes(text)  # a short text keeps every n-gram; about 1 in 4 pass
        >>> 0 < sum(is_sampled(h) for h in kept) < len(kept)
        True
    """
    return fingerprint & 1 == 1


def _parts(scheme: str) -> tuple[tuple[str, int], ...]:
    # The hybrid scheme holds both kinds, told apart by a salt: immutable n-grams survive
    # heavy spinning, canonical ones also survive rewording around the words a spinner
    # can change (measured in docs/search.md).
    return (("immutable", 0), ("canonical", _SALT)) if scheme == "hybrid" else ((scheme, 0),)


def document_arrays(texts: Sequence[str], config: FingerprintConfig = DEFAULT_CONFIG) -> list[Any]:
    """:func:`document_hashes` of each text, as sorted numpy int64 arrays, computed for
    all the texts at once (what index building uses: numpy's cost per call is spread
    over the texts)."""
    import numpy as np

    if not texts:
        return []
    chosen = _chosen(texts, config, KEEP_ALL, spans=False)
    if not chosen:
        return [np.zeros(0, dtype=np.int64) for _ in texts]
    values = np.concatenate([c[0] for c in chosen])
    owners = np.concatenate([c[1] for c in chosen])
    # one sort for every text: the text's number above the 40 bits of the fingerprint
    keys = (owners << _BITS) | values
    if not len(keys):  # every text's n-grams fell outside the sample
        return [np.zeros(0, dtype=np.int64) for _ in texts]
    keys.sort()
    keys = keys[np.concatenate([[True], keys[1:] != keys[:-1]])]
    bounds = np.searchsorted(keys, np.arange(len(texts) + 1, dtype=np.int64) << _BITS)
    mask = np.int64((1 << _BITS) - 1)
    return [keys[a:b] & mask for a, b in zip(bounds[:-1].tolist(), bounds[1:].tolist())]


def document_array(text: str, config: FingerprintConfig = DEFAULT_CONFIG) -> Any:
    """:func:`document_hashes` as a sorted numpy int64 array."""
    return document_arrays([text], config)[0]


def document_hashes(text: str, *, config: FingerprintConfig = DEFAULT_CONFIG) -> list[int]:
    """The distinct fingerprints a document keeps, sorted (what an index stores).

    Examples:
        >>> hashes = document_hashes("The two men met an old friend in Moscow in May.")
        >>> hashes == sorted(set(hashes)) and all(0 <= h < 2**40 for h in hashes)
        True
    """
    return [int(h) for h in document_array(text, config)]


def _located(text: str, config: FingerprintConfig, keep_all: int) -> list[tuple[int, int, int]]:
    out: list[tuple[int, int, int]] = []
    for values, _, starts, ends in _chosen([text], config, keep_all):
        out.extend(zip(values.tolist(), starts.tolist(), ends.tolist()))
    out.sort(key=lambda g: (g[1], g[2]))
    return out


def fingerprints(
    text: str, *, config: FingerprintConfig = DEFAULT_CONFIG, sample: bool = False
) -> list[Fingerprint]:
    """The fingerprints of ``text``, with where they are, in text order.

    Args:
        text: any text.
        config: the scheme, n-gram size and sampling.
        sample: keep only the sample a document keeps (what an index stores per
            document); False keeps every n-gram.

    Returns:
        Fingerprints in text order; the same n-gram twice gives two entries.

    Examples:
        >>> text = "It was the best of times, it was the worst of times."
        >>> [text[f.start:f.end] for f in fingerprints(text, config=FingerprintConfig("word", 3, 1))][:2]
        ['It was the', 'was the best']
    """
    keep_all = KEEP_ALL if sample else 2**62
    return [Fingerprint(h, a, b) for h, a, b in _located(text, config, keep_all)]


def query_grams(text: str, *, config: FingerprintConfig = DEFAULT_CONFIG) -> list[tuple[int, int, int]]:
    """The n-grams a query looks up, as ``(hash, start, end)``, in text order.

    Those that pass the sample (as a document's), or every n-gram of a kind the query has
    at most :data:`LOOK_UP_ALL` of: every fingerprint a document keeps that the query
    also has is among them, except a short document's unsampled ones against a long query.
    A query of fewer than ``n`` words (a title) also looks up the canonical n-grams its
    words' synonyms make (:func:`short_variants`), after its own.

    Examples:
        >>> text = "The 2 men met in Moscow."
        >>> [text[a:b] for _, a, b in query_grams(text, config=FingerprintConfig("word", 3, 1))]
        ['The 2 men', '2 men met', 'men met in', 'met in Moscow']
    """
    own = _located(text, config, LOOK_UP_ALL)
    seen = {h for h, _, _ in own}
    return own + [g for g in short_variants(text, config=config) if g[0] not in seen]


#: A title looks up at most this many combinations of its words' synonym classes
#: (:func:`short_variants`): no more than one document's worth of fingerprints
#: (:data:`spundetect.index.QUERY_DOCUMENT`), so that they leave its weights unscaled.
SHORT_COMBINATIONS = 100


def short_variants(text: str, *, config: FingerprintConfig = DEFAULT_CONFIG) -> list[tuple[int, int, int]]:
    """The canonical n-grams a title's synonyms make, as ``(hash, start, end)``.

    A text of fewer than ``n`` words (a section title: "Newspapers") makes one n-gram of
    all its words, which a spinner's one swap ("Papers") changes wholly when the two
    words' synonym classes differ: the class of a word is one member of its own WordNet
    synonyms, and a spinner's thesaurus links words WordNet files apart. So a query that
    short also looks up the canonical n-gram of every combination of its words' classes
    and those of their synonyms (WordNet's and the Moby thesaurus's entries of the word
    and of its base forms, one-word ones), at most :data:`SHORT_COMBINATIONS`, the
    words' own classes first, then WordNet's, then the thesaurus's. Documents are not
    changed: this is a query's look-up only, for the schemes with canonical n-grams
    (empty for the others, and for a text of ``n`` words or more).

    Examples:
        >>> from spundetect.fingerprint import document_hashes, short_variants
        >>> stored = set(document_hashes("Newspapers"))
        >>> any(h in stored for h, _, _ in short_variants("Papers"))
        True
    """
    import numpy as np

    salt = dict(_parts(config.scheme)).get("canonical")
    if salt is None:
        return []
    # at most n words are read: a long query is not scanned twice
    words = list(itertools.islice(_WORD.finditer(text), config.n))
    if not 1 <= len(words) < config.n:
        return []
    classes = [_classes(m.group().lower()) for m in words]
    out: list[tuple[int, int, int]] = []
    span = (words[0].start(), words[-1].end())
    for combination in _first_combinations(classes, SHORT_COMBINATIONS):
        gram = _gram_hashes(np.array(combination, dtype=np.int64), config.n, salt)
        out.append((int(_value(gram, config.sample)[0]), *span))
    return out


def _classes(word: str) -> list[int]:
    """The canonical hashes of ``word`` and of its one-word synonyms, no repeats: its own
    first, then its WordNet synonyms' (in WordNet's order), then those the thesaurus lists
    under the word and its base forms (alphabetically)."""
    from spundetect.lexicon import get_lexicon
    from spundetect.thesaurus import get_thesaurus

    vocab = _VOCABULARY
    lex, thesaurus = get_lexicon(), get_thesaurus()
    listed = set(thesaurus.entry(word))
    for base, _ in lex.lemmas(word):
        listed |= thesaurus.entry(base)
    out: list[int] = []
    for k, other in enumerate([word, *lex.synonyms(word), *sorted(listed)]):
        other = other.lower()
        if k == 0 or other.isalpha():  # the word itself, then one-word synonyms
            known = (vocab.facts.get(other) or vocab.compute_facts(other))[2]
            if known not in out:
                out.append(known)
    return out


def _first_combinations(options: Sequence[Sequence[int]], limit: int) -> list[tuple[int, ...]]:
    """Up to ``limit`` combinations of one item of each list, those of earlier items first
    (by the largest position used, so each list's first items are combined before its
    later ones)."""
    longest = max(len(o) for o in options)
    out: list[tuple[int, ...]] = []
    for depth in range(longest):
        # the combinations whose largest position is ``depth``
        for picks in itertools.product(*[range(min(depth + 1, len(o))) for o in options]):
            if max(picks) == depth:
                out.append(tuple(o[p] for o, p in zip(options, picks)))
                if len(out) >= limit:
                    return out
    return out
