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
look-ups than with winnowing, which makes a query look up every n-gram.

The other schemes, measured against this one in ``benchmarks/index_eval.py`` (see
``docs/search.md``): ``"immutable"`` and ``"canonical"`` alone, ``"stopword"`` (n-grams of
function words only, Stamatatos 2011) and ``"word"`` (plain word n-grams, the
near-duplicate classic).

Fingerprints are 40-bit non-negative integers (five bytes in an index): 39 bits of the
n-gram's hash and a last bit that says whether it passes the sample
(:func:`is_sampled`). They are the same in every process and run: words are hashed with
BLAKE2b, not Python's salted ``hash``.

Speed: the words of a text are split on white space (``str.split``) and each distinct
whitespace-separated token is parsed once per process (its words, the sentence marks
around them) and kept in a table; the facts of each distinct word (immutable, synonym
class, spelling) likewise. Everything after the one dictionary look-up per token runs in
numpy, a whole text at a time.

Examples:
    >>> from spundetect.fingerprint import fingerprints
    >>> a = fingerprints("The 2 men met in Moscow on the 3rd of May, as planned.")
    >>> b = fingerprints("The two males met within Moscow on the 3rd of May, as designed.")
    >>> len({f.hash for f in a} & {f.hash for f in b}) > 0
    True
"""

from __future__ import annotations

import hashlib
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
    "query_grams",
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
    (``"Moscow,"``, ``"(the"``, ``"3.5"``) a row in a table of its words and sentence marks
    (:attr:`tokens`), so fingerprinting a text is one dictionary look-up per token and
    numpy for the rest.
    """

    def __init__(self) -> None:
        self.facts: dict[str, Facts] = {}
        self.new: list[str] = []  # computed here since the last take_new()
        self._lock = threading.RLock()
        self.words: dict[str, int] = {}
        self.tokens: dict[str, int] = {}
        self._word_columns = _Columns(imm=bool, cap=bool, func=bool, spelled="int64", canonical="int64",
                                      plain="int64")
        self._token_columns = _Columns(start="int64", count="int64", trail=bool)
        # per word of a token, in token order: the word's row, a sentence mark before it
        # inside the token, its offsets in the token
        self._parts = _Columns(word="int64", mark=bool, a="int64", b="int64")

    def compute_facts(self, word: str) -> Facts:
        from spundetect.wordlists import FUNCTION_WORDS

        with self._lock:  # the lexicon's caches are filled by one thread at a time
            known = self.facts.get(word)
            if known is not None:
                return known
            facts = (self._immutable(word), _hash(self._spelling(word)), _hash(self._canonical(word)),
                     word in FUNCTION_WORDS, _hash(word))
            self.facts[word] = facts
            self.new.append(word)
        return facts

    def word_columns(self) -> dict[str, Any]:
        return self._word_columns.view()

    def parts_columns(self) -> dict[str, Any]:
        return self._parts.view()

    def token_columns(self) -> dict[str, Any]:
        return self._token_columns.view()

    def token_rows(self, tokens: Sequence[str]) -> list[int]:
        """The row of each token, parsing (and looking up the words of) the new ones."""
        get = self.tokens.get
        rows = list(map(get, tokens))
        if None in rows:
            with self._lock:
                if len(self.tokens) > _MAX_TOKENS:  # a bound on memory over endless new tokens
                    self.tokens.clear()
                    self._token_columns.clear()
                    self._parts.clear()
                # set operations, not a loop over the text: most texts bring a few new tokens
                for token in set(tokens).difference(self.tokens):
                    self._add_token(token)
            rows = list(map(get, tokens))
        return rows  # type: ignore[return-value]

    def _add_token(self, token: str) -> None:
        start = len(self._parts)
        end = 0
        trail = False
        count = 0
        for m in _WORD.finditer(token):
            word = m.group()
            self._parts.append(word=self._word_row(word), mark=_has_mark(token, end, m.start()),
                               a=m.start(), b=m.end())
            end = m.end()
            count += 1
        trail = _has_mark(token, end, len(token))
        self.tokens[token] = len(self._token_columns)
        self._token_columns.append(start=start, count=count, trail=trail)

    def _word_row(self, word: str) -> int:
        row = self.words.get(word)
        if row is None:
            low = word.lower()
            imm, spelled, canonical, func, plain = self.facts.get(low) or self.compute_facts(low)
            row = self.words[word] = len(self._word_columns)
            self._word_columns.append(imm=imm, cap=word[0].isupper(), func=func, spelled=spelled,
                                      canonical=canonical, plain=plain)
        return row

    @staticmethod
    def _spelling(word: str) -> str:
        # One spelling for the forms a spinner swaps freely: digits and number words
        # ("2", "two" -> "#2"; "3rd", "third" -> "#3") and the two indefinite articles.
        from spundetect.wordlists import is_number, number_value

        if word == "an":
            return "a"
        if is_number(word):
            value = number_value([word])
            if value is not None:
                return f"#{value[0]:g}"
        return word

    @staticmethod
    def _immutable(word: str) -> bool:
        from spundetect.wordlists import FUNCTION_SYNONYMS, FUNCTION_WORDS, is_number

        if word in FUNCTION_SYNONYMS:
            return False
        if word in FUNCTION_WORDS or is_number(word):
            return True
        from spundetect.lexicon import get_lexicon
        from spundetect.thesaurus import get_thesaurus

        return not get_lexicon().synonyms(word) and not get_thesaurus().entry(word)

    @staticmethod
    def _canonical(word: str) -> str:
        # The class of a word: the alphabetically first of the word's base form and its
        # one-word WordNet synonyms. A spun word shares it when both sides list that member.
        from spundetect.lexicon import get_lexicon
        from spundetect.wordlists import FUNCTION_SYNONYMS

        group = FUNCTION_SYNONYMS.get(word)
        if group is not None:
            return min(group)
        if _Vocabulary._spelling(word) != word:
            return _Vocabulary._spelling(word)
        lex = get_lexicon()
        lemmas = lex.lemmas(word)
        base = lemmas[0][0] if lemmas else word
        members = [s.lower() for s in lex.synonyms(base) if " " not in s]
        return min([base, *members])


_MAX_TOKENS = 2_000_000


class _Columns:
    """Growable numpy columns (doubling), appended to one row at a time."""

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

    def append(self, **values: Any) -> None:
        import numpy as np

        data = self._columns()
        if self._size == len(next(iter(data.values()))):
            data = self._data = {name: np.concatenate([column, np.zeros_like(column)]) for name, column in data.items()}
        for name, value in values.items():
            data[name][self._size] = value
        self._size += 1

    def view(self) -> dict[str, Any]:
        return self._columns()


_SENTENCE_MARKS = frozenset(".!?:")


def _has_mark(token: str, a: int, b: int) -> bool:
    return any(c in _SENTENCE_MARKS for c in token[a:b])


# A word: letters and digits, with an inner apostrophe ("don't", "O'Brien").
_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)?")
# The characters str.splitlines() breaks lines at: a capital after one says nothing.
_LINE_BREAK = re.compile("[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_TOKEN = re.compile(r"\S+")


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


def _words(text: str, offsets: bool) -> tuple[Any, Any, Any, Any]:
    """The rows of the words of ``text`` (in :class:`_Vocabulary`'s columns), whether each
    follows a sentence mark or a line break (or starts the text), and, when ``offsets``,
    their character starts and ends (else None).

    Documents need no offsets and are split with ``str.splitlines`` and ``str.split``;
    queries with a regular expression that gives positions. Both find the same tokens
    (white space is ``str.isspace`` in both) and the same line starts, which a test checks.
    """
    import numpy as np

    vocab = _VOCABULARY
    tok_starts: Any = None
    if offsets:
        matches = list(_TOKEN.finditer(text))
        tokens = [m.group() for m in matches]
        tok_starts = np.array([m.start() for m in matches], dtype=np.int64)
        tok_ends = tok_starts + np.array([len(t) for t in tokens], dtype=np.int64)
        breaks = np.array([m.start() for m in _LINE_BREAK.finditer(text)], dtype=np.int64)
        line_start = np.zeros(len(tokens), dtype=bool)
        if len(tokens):
            # a break between the previous token's end and this token's start
            before = np.concatenate([[0], tok_ends[:-1]])
            line_start = np.searchsorted(breaks, tok_starts) > np.searchsorted(breaks, before)
    else:
        tokens = []
        firsts = []
        for line in text.splitlines():
            found = line.split()
            if found:
                firsts.append(len(tokens))
                tokens.extend(found)
        line_start = np.zeros(len(tokens), dtype=bool)
        line_start[firsts] = True
    if not tokens:
        empty = np.zeros(0, dtype=np.int64)
        return empty, np.zeros(0, dtype=bool), (empty if offsets else None), (empty if offsets else None)
    rows = np.array(vocab.token_rows(tokens), dtype=np.int64)
    columns = vocab.token_columns()
    parts = vocab.parts_columns()
    counts = columns["count"][rows]
    firsts_of = np.cumsum(counts) - counts  # where each token's words start among the text's words
    total = int(counts.sum())
    if total == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, np.zeros(0, dtype=bool), (empty if offsets else None), (empty if offsets else None)
    flat = np.repeat(columns["start"][rows] - firsts_of, counts) + np.arange(total)
    words = parts["word"][flat]
    marked = parts["mark"][flat].copy()
    # The first word of a token follows a mark when the token before ended with one, or
    # when the token starts a line (or the text).
    trail = columns["trail"][rows]
    previous = np.concatenate([[True], trail[:-1]]) | line_start
    has = counts > 0
    marked[firsts_of[has]] |= previous[has]
    marked[0] = True
    if not offsets:
        return words, marked, None, None
    owner_start = np.repeat(tok_starts, counts)
    return words, marked, owner_start + parts["a"][flat], owner_start + parts["b"][flat]


def _kinds(text: str, kinds: Sequence[str], offsets: bool) -> list[tuple[Any, Any, Any]]:
    """Per kind: the hashes of the words it keeps, in order, and their starts and ends
    (None without ``offsets``). One pass over the words serves every kind."""
    words, marked, starts, ends = _words(text, offsets)
    columns = _VOCABULARY.word_columns()
    out = []
    for kind in kinds:
        keep: Any = None
        if kind == "immutable":
            # a name mid-sentence counts too: spinners leave capitalised words alone
            keep = columns["imm"][words] | (columns["cap"][words] & ~marked)
        elif kind == "stopword":
            keep = columns["func"][words]
        field = _FIELD[kind]
        chosen = words if keep is None else words[keep]
        hashes = columns[field][chosen]
        if offsets:
            out.append((hashes, starts if keep is None else starts[keep], ends if keep is None else ends[keep]))
        else:
            out.append((hashes, None, None))
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
    grams ^= grams >> np.uint64(30)
    grams *= np.uint64(0xBF58476D1CE4E5B9)
    grams ^= grams >> np.uint64(27)
    grams *= np.uint64(0x94D049BB133111EB)
    grams ^= grams >> np.uint64(31)
    return grams


def _sampled(grams: Any, sample: int) -> Any:
    """Which n-grams pass the sample: hash 0 modulo ``sample``."""
    import numpy as np

    if sample <= 1:
        return np.ones(len(grams), dtype=bool)
    return grams % np.uint64(sample) == 0


def _kept(grams: Any, sample: int, keep_all: int) -> Any:
    """Which n-grams a text keeps: the sampled ones, or all when there are at most ``keep_all``."""
    import numpy as np

    if len(grams) <= keep_all:
        return np.ones(len(grams), dtype=bool)
    return _sampled(grams, sample)


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


def document_array(text: str, config: FingerprintConfig = DEFAULT_CONFIG) -> Any:
    """:func:`document_hashes` as a sorted numpy int64 array (what index building uses)."""
    import numpy as np

    parts = _parts(config.scheme)
    found = []
    for (hashes, _, _), (_, salt) in zip(_kinds(text, [p[0] for p in parts], False), parts):
        if len(hashes):
            grams = _gram_hashes(hashes, config.n, salt)
            found.append(_value(grams[_kept(grams, config.sample, KEEP_ALL)], config.sample))
    if not found:
        return np.zeros(0, dtype=np.int64)
    return np.unique(np.concatenate(found))


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
    parts = _parts(config.scheme)
    for (hashes, starts, ends), (_, salt) in zip(_kinds(text, [p[0] for p in parts], True), parts):
        if not len(hashes):
            continue
        grams = _gram_hashes(hashes, config.n, salt)
        n = min(config.n, len(hashes))
        kept = _kept(grams, config.sample, keep_all).nonzero()[0]
        out.extend(zip(_value(grams[kept], config.sample).tolist(), starts[kept].tolist(), ends[kept + n - 1].tolist()))
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

    Examples:
        >>> text = "The 2 men met in Moscow."
        >>> [text[a:b] for _, a, b in query_grams(text, config=FingerprintConfig("word", 3, 1))]
        ['The 2 men', '2 men met', 'men met in', 'met in Moscow']
    """
    return _located(text, config, LOOK_UP_ALL)
