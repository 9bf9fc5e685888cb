"""Token diff inside one aligned sentence pair: equal / replace / insert / delete ops.

Works on whole word tokens (never splits a word). RapidFuzz's Levenshtein opcodes give
the raw edit script; adjacent changes are then grouped into a change region and each
region is cut into substitutions the way spinners make them:

* ``m:m`` regions become 1:1 swaps, except that function-word swaps stick to their
  neighbour ("according to" -> "based on" is one phrase swap);
* ``1:n`` and ``n:1`` regions are one phrase swap ("facing" -> "going through",
  "37th" -> "thirty seventh");
* an insertion or deletion that turns an unchanged word into a dictionary multiword
  lemma is a phrase swap too ("Chinese" -> "Chinese language");
* an insertion that grows an unchanged word into a listed expansion is one swap too
  ("here" -> "right here"), and an insertion between two unchanged words is cut where
  each part makes a phrase with its neighbour ("component integration" -> "component
  part vertical integration");
* a run of swaps that is one dictionary phrase on both sides is one swap ("first step"
  -> "opening move"), and a contraction is one swap with the word it hangs on ("does
  not" -> "does n't");
* deleted words that reappear as inserted words of the same pair are moves.

Ops follow difflib's tags and are monotone in both sequences, so :func:`apply`
rebuilds the suspect from the original and the ops (tested as a round trip).

Examples:
    >>> from spundetect.diff import diff_tokens
    >>> ops = diff_tokens("the old friend came".split(), "the previous pal came".split())
    >>> [(o.tag, o.src_start, o.src_end, o.dest_start, o.dest_end) for o in ops]
    [('equal', 0, 1, 0, 1), ('replace', 1, 2, 1, 2), ('replace', 2, 3, 2, 3), ('equal', 3, 4, 3, 4)]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter
from typing import Literal, cast

from rapidfuzz.distance import Levenshtein

from spundetect.wordlists import FUNCTION_WORDS, contraction_of, expansion_of, is_number, number_value

__all__ = ["Op", "diff_tokens", "apply", "MAX_PHRASE"]

Tag = Literal["equal", "replace", "insert", "delete"]
#: The longest side of one phrase swap, in tokens; longer regions are cut.
MAX_PHRASE = 4


@dataclass(frozen=True, slots=True)
class Op:
    """One edit op over token indices, with difflib's tags.

    ``moved`` marks an insert or delete whose words occur on the other side of the same
    pair as the matching delete or insert (the words moved rather than changed).
    """

    tag: Tag
    src_start: int
    src_end: int
    dest_start: int
    dest_end: int
    moved: bool = False

    def __repr__(self) -> str:
        extra = ", moved=True" if self.moved else ""
        return (
            f"Op(tag={self.tag!r}, src_start={self.src_start}, src_end={self.src_end}, "
            f"dest_start={self.dest_start}, dest_end={self.dest_end}{extra})"
        )


# The slot descriptors of Op: the ops are made through them (see _op).
_OP_SETTERS = tuple(Op.__dict__[name].__set__ for name in ("tag", "src_start", "src_end", "dest_start", "dest_end", "moved"))


def _op(tag: Tag, src_start: int, src_end: int, dest_start: int, dest_end: int, moved: bool = False,
        _new: Callable[[type[Op]], Op] = object.__new__, _set: tuple[Callable[[Op, object], None], ...] = _OP_SETTERS,
        ) -> Op:
    """``Op(...)`` without the frozen dataclass's ``__init__`` (six ``object.__setattr__``
    calls through Python): the slots are filled directly, which makes the same object
    (equal, same hash and repr) in half the time; a sentence pair makes dozens."""
    op = _new(Op)
    set_tag, set_src_start, set_src_end, set_dest_start, set_dest_end, set_moved = _set
    set_tag(op, tag)
    set_src_start(op, src_start)
    set_src_end(op, src_end)
    set_dest_start(op, dest_start)
    set_dest_end(op, dest_end)
    set_moved(op, moved)
    return op


def apply(ops: Sequence[Op], source: Sequence[str], dest: Sequence[str]) -> list[str]:
    """Rebuild ``dest`` from ``source`` and the ops (``dest`` supplies new tokens).

    Raises:
        ValueError: if an ``equal`` op does not hold or the ops do not cover both sides.
    """
    out: list[str] = []
    si = di = 0
    for op in ops:
        if op.src_start != si or op.dest_start != di:
            raise ValueError(f"ops are not contiguous at {op!r}")
        if op.tag == "equal":
            if list(source[op.src_start : op.src_end]) != list(dest[op.dest_start : op.dest_end]):
                raise ValueError(f"equal op does not hold: {op!r}")
            out.extend(source[op.src_start : op.src_end])
        else:
            out.extend(dest[op.dest_start : op.dest_end])
        si, di = op.src_end, op.dest_end
    if si != len(source) or di != len(dest):
        raise ValueError("ops do not cover both sequences")
    return out


def _regions(a: Sequence[str], b: Sequence[str]) -> list[tuple[bool, int, int, int, int]]:
    """Levenshtein opcodes folded into alternating (is_equal, i1, i2, j1, j2) runs."""
    runs: list[tuple[bool, int, int, int, int]] = []
    # as plain tuples (what ``as_list`` returns, whatever its stub says): reading an Opcode
    # object's attributes costs more than the diff itself
    ops = cast("list[tuple[str, int, int, int, int]]", Levenshtein.opcodes(a, b).as_list())
    for tag, i1, i2, j1, j2 in ops:
        eq = tag == "equal"
        if runs and runs[-1][0] == eq:
            _, p1, _, q1, _ = runs[-1]
            runs[-1] = (eq, p1, i2, q1, j2)
        else:
            runs.append((eq, i1, i2, j1, j2))
    return runs


def _split_region(
    a: Sequence[str], b: Sequence[str], i1: int, i2: int, j1: int, j2: int
) -> list[Op]:
    """Cut one change region into replace / insert / delete ops."""
    m, n = i2 - i1, j2 - j1
    if m == 0:
        return [_op("insert", i1, i1, j1, j2)]
    if n == 0:
        return [_op("delete", i1, i2, j1, j1)]
    if m == n:
        ops: list[Op] = []
        k = 0
        while k < m:
            end = k + 1
            # A function word swapped for a function word belongs to its neighbour's
            # phrase ("according to" -> "based on"); glue it to the previous swap.
            while (
                end < m
                and end - k < MAX_PHRASE
                and a[i1 + end] in FUNCTION_WORDS
                and b[j1 + end] in FUNCTION_WORDS
                and a[i1 + end] != b[j1 + end]
            ):
                end += 1
            ops.append(_op("replace", i1 + k, i1 + end, j1 + k, j1 + end))
            k = end
        return ops
    if min(m, n) == 1 and max(m, n) <= MAX_PHRASE:
        return [_op("replace", i1, i2, j1, j2)]
    # Unequal and long: pair word for word from the left; the tail forms one phrase
    # (capped), and whatever is left over is inserted or deleted.
    k = min(m, n) - 1
    ops = [_op("replace", i1 + t, i1 + t + 1, j1 + t, j1 + t + 1) for t in range(k)]
    ti, tj = i1 + k, j1 + k
    ei, ej = min(i2, ti + MAX_PHRASE), min(j2, tj + MAX_PHRASE)
    ops.append(_op("replace", ti, ei, tj, ej))
    if ei < i2:
        ops.append(_op("delete", ei, i2, ej, ej))
    if ej < j2:
        ops.append(_op("insert", i2, i2, ej, j2))
    return ops


def _number_step(
    a: Sequence[str], b: Sequence[str], i: int, i2: int, j: int, j2: int
) -> tuple[int, int] | None:
    """The shortest chunks at ``a[i]`` and ``b[j]`` that are the same number, one side a
    single token ("95613" -> "ninety five thousand six hundred thirteen")."""
    if not ((is_number(a[i]) or a[i] == "a") and (is_number(b[j]) or b[j] == "a")):
        return None  # "a" as in "a hundred and seventy"
    steps = [(1, k) for k in range(1, 2 * MAX_PHRASE + 1)]
    steps += [(k, 1) for k in range(2, 2 * MAX_PHRASE + 1)]
    for di, dj in steps:
        if i + di <= i2 and j + dj <= j2:
            value = number_value(a[i : i + di])
            if value is not None and value == number_value(b[j : j + dj]):
                return di, dj
    return None


def _split_numbers(
    a: Sequence[str], b: Sequence[str], i1: int, i2: int, j1: int, j2: int
) -> list[Op]:
    """Cut a long region holding numbers on both sides: each number is paired with its
    other spelling where one is found, other words one for one, the rest inserted or
    deleted (a spinner that spells out a list of numbers makes regions too long for
    :func:`_best_split`)."""
    ops: list[Op] = []
    i, j = i1, j1
    while i < i2 and j < j2:
        di, dj = _number_step(a, b, i, i2, j, j2) or (1, 1)
        ops.append(_op("replace", i, i + di, j, j + dj))
        i, j = i + di, j + dj
    if i < i2:
        ops.append(_op("delete", i, i2, j, j))
    if j < j2:
        ops.append(_op("insert", i2, i2, j, j2))
    return ops


#: Regions up to this many tokens a side are cut by :func:`_best_split`.
DP_LIMIT = 12

# The chunks _best_split may take, in the order it tries them (made once, not per call).
_STEPS: tuple[tuple[int, int], ...] = (
    *((1, k) for k in range(1, MAX_PHRASE + 1)),
    *((k, 1) for k in range(2, MAX_PHRASE + 1)),
    (2, 2), (2, 3), (3, 2),  # phrase for phrase: "according to" -> "based on"
    # Long chunks only ever win when related: "1956" -> "one thousand nine hundred fifty six".
    *((1, k) for k in range(MAX_PHRASE + 1, 2 * MAX_PHRASE + 1)),
    *((k, 1) for k in range(MAX_PHRASE + 1, 2 * MAX_PHRASE + 1)),
    (1, 0), (0, 1),  # a deletion, an insertion
)


@lru_cache(maxsize=None)
def _steps_within(
    rows: int, cols: int, width: int
) -> tuple[tuple[tuple[int, int, float, int], ...], tuple[int, ...]]:
    """The steps of :data:`_STEPS` that fit in ``rows`` x ``cols`` more tokens, in order:
    those that pair words, each with the score of an unrelated chunk of its size and its
    offset in a search ``width`` cells wide; then the offsets of the deletion and the
    insertion (made once, not per cell)."""
    fit = [(di, dj) for di, dj in _STEPS if di <= rows and dj <= cols]
    return (tuple((di, dj, 0.2 - 0.07 * (di + dj - 2), di * width + dj) for di, dj in fit if di and dj),
            tuple(di * width + dj for di, dj in fit if not (di and dj)))


def _chunks(words: Sequence[str], start: int, most: int) -> list[str]:
    """The chunks of 0 to ``most`` words from ``words[start]``, each joined by spaces
    (``most`` >= 1): one concatenation per chunk, not one join of a slice."""
    chunk = words[start]
    out = ["", chunk]
    for word in words[start + 1 : start + most]:
        chunk = chunk + " " + word
        out.append(chunk)
    return out


def _best_split(
    a: Sequence[str],
    b: Sequence[str],
    i1: int,
    i2: int,
    j1: int,
    j2: int,
    related: Callable[[str, str], float],
) -> list[Op]:
    """Cut a change region into chunks (1:k, k:1, inserts, deletes) that best pair up
    related words: dynamic programming over the region, a related chunk scoring 1, an
    unrelated 1:1 chunk 0.2 and longer unrelated chunks less (a related chunk scores its
    affinity, so a number written out in full beats pairing its first word), insertions
    and deletions 0. This keeps "state territory" -> "res publica district" as state -> res publica and
    territory -> district instead of pairing words by position."""
    m, n = i2 - i1, j2 - j1
    if m == 1 and n == 1:
        # One word for one (most regions): pairing them scores at least 0.2, more than a
        # deletion and an insertion (0), whatever their affinity; no need to ask it.
        return [_op("replace", i1, i2, j1, j2)]
    # Each chunk a step may take, joined once: the search below pairs every chunk of one
    # side with several of the other. o_chunks[i][d] is the d words from i1 + i.
    longest = 2 * MAX_PHRASE
    o_chunks = [_chunks(a, i1 + i, min(longest, m - i)) for i in range(m)]
    d_chunks = [_chunks(b, j1 + j, min(longest, n - j)) for j in range(n)]
    # The cells (i, j) of the search in one flat list, row by row: cell i * width + j.
    width = n + 1
    neg = float("-inf")
    best = [neg] * ((m + 1) * width)
    back = [0] * ((m + 1) * width)  # the cell each best path comes from
    best[0] = 0.0
    no_chunks: list[str] = []
    steps_within = _steps_within
    for i in range(m + 1):
        o_row = o_chunks[i] if i < m else no_chunks
        rows = m - i
        row_start = i * width
        for j in range(n + 1):
            cell = row_start + j
            here = best[cell]
            if here == neg:
                continue
            d_row = d_chunks[j] if j < n else no_chunks
            # The steps of one cell reach distinct cells, so their order within the cell
            # does not matter: the pairing steps first, then the deletion and insertion.
            paired, single = steps_within(rows, n - j, width)
            for di, dj, unrelated, offset in paired:
                # (a bool affinity adds as 1 or 0, like the float it stands for)
                affinity = related(o_row[di], d_row[dj])
                value = here + (affinity if affinity > 0 else unrelated)
                # ties prefer the earlier, shorter step: strict improvement only
                target = cell + offset
                if value > best[target] + 1e-9:
                    best[target] = value
                    back[target] = cell
            for offset in single:
                target = cell + offset
                if here > best[target] + 1e-9:
                    best[target] = here
                    back[target] = cell
    steps: list[tuple[int, int, int, int]] = []
    cell = m * width + n
    while cell:
        prev = back[cell]
        (pi, pj), (i, j) = divmod(prev, width), divmod(cell, width)
        steps.append((pi, i, pj, j))
        cell = prev
    ops: list[Op] = []
    for pi, ni, pj, nj in reversed(steps):
        if ni > pi and nj > pj:
            tag: Tag = "replace"
        elif ni > pi:
            tag = "delete"
        else:
            tag = "insert"
        op = _op(tag, i1 + pi, i1 + ni, j1 + pj, j1 + nj)
        last = ops[-1] if ops else None
        if last is not None and last.tag == tag and tag != "replace":
            ops[-1] = _op(tag, last.src_start, op.src_end, last.dest_start, op.dest_end)
        else:
            ops.append(op)
    return ops


def _absorb_lemmas(
    ops: list[Op],
    a: Sequence[str],
    b: Sequence[str],
    is_lemma: Callable[[str], bool],
    is_gloss: Callable[[str, str], bool] | None = None,
) -> list[Op]:
    """Turn 'equal + insert' into a phrase swap when together they form a lemma, or
    when the inserted word glosses the kept one with its category ("Chinese language")."""
    out = list(ops)
    for k, op in enumerate(out):
        if op.tag not in ("insert", "delete"):
            continue
        ins = op.tag == "insert"
        size = (op.dest_end - op.dest_start) if ins else (op.src_end - op.src_start)
        if size > MAX_PHRASE - 1:
            continue
        order = (k - 1, k + 1)
        if k > 0 and out[k - 1].tag == "equal" and a[out[k - 1].src_end - 1] in FUNCTION_WORDS:
            order = (k + 1, k - 1)  # "a music" -> "a part music": the noun's phrase first
        for nb in order:
            if not 0 <= nb < len(out) or out[nb].tag != "equal":
                continue
            eq = out[nb]
            before = nb < k
            # the single equal token touching the insertion
            ei = eq.src_end - 1 if before else eq.src_start
            ej = eq.dest_end - 1 if before else eq.dest_start
            if ins:
                words = list(b[min(ej, op.dest_start) : max(ej + 1, op.dest_end)])
            else:
                words = list(a[min(ei, op.src_start) : max(ei + 1, op.src_end)])
            gloss = (
                is_gloss is not None
                and ins
                and before
                and size == 1
                and b[ej] not in FUNCTION_WORDS  # "a" is no category member ("a part")
                and is_gloss(b[ej], b[op.dest_start])
            )
            phrase = " ".join(words)
            kept = b[ej] if ins else a[ei]
            if not gloss and not expansion_of(kept, phrase) and not is_lemma(phrase):
                continue
            swap = _op(
                "replace",
                min(ei, op.src_start),
                max(ei + 1, op.src_end),
                min(ej, op.dest_start),
                max(ej + 1, op.dest_end),
            )
            rest = (
                _op("equal", eq.src_start, ei, eq.dest_start, ej)
                if before
                else _op("equal", ei + 1, eq.src_end, ej + 1, eq.dest_end)
            )
            parts = [rest, swap] if before else [swap, rest]
            parts = [p for p in parts if p.src_end > p.src_start or p.dest_end > p.dest_start]
            lo, hi = (nb, k) if before else (k, nb)
            return _absorb_lemmas(out[:lo] + parts + out[hi + 1 :], a, b, is_lemma, is_gloss)
    return out


def _absorb_between(
    ops: list[Op], a: Sequence[str], b: Sequence[str], is_lemma: Callable[[str], bool]
) -> list[Op]:
    """Handle insertions (deletions) between two unchanged words that make phrases with them.

    Two expansions side by side ("component integration" -> "component part vertical
    integration") insert "part vertical", which forms a lemma with neither neighbour
    alone: cut it where the left word and the first part, and the second part and the
    right word, both make dictionary phrases (two swaps). A lemma that wraps both
    neighbours ("in fact" -> "in point of fact") becomes one swap.
    """
    out = list(ops)
    k = 1
    while k < len(out) - 1:
        op, left, right = out[k], out[k - 1], out[k + 1]
        if op.tag not in ("insert", "delete") or left.tag != "equal" or right.tag != "equal":
            k += 1
            continue
        ins = op.tag == "insert"
        side = b if ins else a
        grown = list(side[op.dest_start : op.dest_end] if ins else side[op.src_start : op.src_end])
        lw, rw = a[left.src_end - 1], a[right.src_start]

        def ok(word: str, phrase: list[str]) -> bool:
            text = " ".join(phrase)
            return expansion_of(word, text) or is_lemma(text)

        li, lj = left.src_end - 1, left.dest_end - 1  # the left neighbour's indices
        ri, rj = right.src_start, right.dest_start
        new: list[Op] | None = None
        if len(grown) + 2 <= MAX_PHRASE and is_lemma(" ".join([lw, *grown, rw])):
            new = [_op("replace", li, ri + 1, lj, rj + 1)]
        else:
            for cut in range(1, len(grown)):
                if ok(lw, [lw, *grown[:cut]]) and ok(rw, [*grown[cut:], rw]):
                    if ins:
                        new = [_op("replace", li, li + 1, lj, lj + 1 + cut), _op("replace", ri, ri + 1, lj + 1 + cut, rj + 1)]
                    else:
                        new = [_op("replace", li, li + 1 + cut, lj, lj + 1), _op("replace", li + 1 + cut, ri + 1, rj, rj + 1)]
                    break
        if new is None:
            k += 1
            continue
        head = [_op("equal", left.src_start, li, left.dest_start, lj)] if li > left.src_start else []
        tail = [_op("equal", ri + 1, right.src_end, rj + 1, right.dest_end)] if ri + 1 < right.src_end else []
        out[k - 1 : k + 2] = head + new + tail
        k += len(head) + len(new)
    return out


def _absorb_shared_words(
    ops: list[Op], a: Sequence[str], b: Sequence[str], related: Callable[[str, str], float]
) -> list[Op]:
    """Widen a change by the unchanged word beside it when together they make a swap.

    A multiword lemma swapped for another that starts (or ends) with the same word ("a few"
    -> "a couple of") leaves that word unchanged, and the rest ("few" -> "couple of") pairs
    with nothing. When a short run of changes is no full dictionary swap and, with the
    shared word on both sides, it is one (affinity 1), the two become one phrase swap.
    """
    out = list(ops)
    k = 0
    while k < len(out):
        if out[k].tag == "equal":
            k += 1
            continue
        end = k  # out[k:end] is a run of changes, between equal ops (or the ends)
        while end < len(out) and out[end].tag != "equal":
            end += 1
        s1, s2 = out[k].src_start, out[end - 1].src_end
        d1, d2 = out[k].dest_start, out[end - 1].dest_end
        if (
            end - k > 1 and s2 - s1 > 1 and d2 - d1 > 1 and s2 - s1 <= MAX_PHRASE and d2 - d1 <= MAX_PHRASE
            and _phrase_swap(a, b, s1, s2, d1, d2, related)
        ):
            # a dictionary phrase for a phrase, cut word by word ("first step" -> "opening move")
            out[k:end] = [_op("replace", s1, s2, d1, d2)]
            end = k + 1
        # A phrase has at most MAX_PHRASE words, the shared one included.
        short = s2 - s1 < MAX_PHRASE and d2 - d1 < MAX_PHRASE
        lone = end - k == 1 and s2 > s1 and d2 > d1
        # A lone swap inside a phrase whose shared word completes it on both sides ("a lot"
        # -> "a good deal" diffs as "lot" -> "good deal") takes that word when both sides are
        # then dictionary phrases; a lone replace is otherwise already the best pairing of
        # its region. A longer run takes it when together they make any full swap.
        widens = _lemma_pair if lone else _phrase_swap
        if short and (lone or end - k > 1 or s1 == s2 or d1 == d2):
            if k > 0 and widens(a, b, s1 - 1, s2, d1 - 1, d2, related):
                eq = out[k - 1]
                swap = _op("replace", s1 - 1, s2, d1 - 1, d2)
                new = [swap]
                if s1 - 1 > eq.src_start:
                    new.insert(0, _op("equal", eq.src_start, s1 - 1, eq.dest_start, d1 - 1))
                out[k - 1 : end] = new
                k += len(new) - 1
                continue
            if end < len(out) and widens(a, b, s1, s2 + 1, d1, d2 + 1, related):
                eq = out[end]
                swap = _op("replace", s1, s2 + 1, d1, d2 + 1)
                new = [swap]
                if s2 + 1 < eq.src_end:
                    new.append(_op("equal", s2 + 1, eq.src_end, d2 + 1, eq.dest_end))
                out[k : end + 1] = new
                k += len(new)
                continue
        k = end
    return out


def _lemma_pair(
    a: Sequence[str], b: Sequence[str], s1: int, s2: int, d1: int, d2: int,
    related: Callable[[str, str], float],
) -> bool:
    """Both sides are multiword phrases that make a full dictionary swap (and the pair is
    not one word respelled, which the shared word adds nothing to)."""
    # The cheap test, then the one that rules out most pairs (few are dictionary phrases).
    if s2 - s1 < 2 or d2 - d1 < 2 or not _phrase_swap(a, b, s1, s2, d1, d2, related):
        return False
    if "".join(a[s1:s2]).replace("-", "") == "".join(b[d1:d2]).replace("-", ""):
        return False
    # a contraction keeps to its own word ("it is" -> "it's", not "is still")
    return not (s2 - s1 == 2 and d2 - d1 == 2 and any(contraction_of(x, y) for x, y in zip(a[s1:s2], b[d1:d2])))


def _phrase_swap(
    a: Sequence[str], b: Sequence[str], s1: int, s2: int, d1: int, d2: int,
    related: Callable[[str, str], float],
) -> bool:
    return related(" ".join(a[s1:s2]), " ".join(b[d1:d2])) >= 1.0


def _clitic(token: str) -> bool:
    return token.startswith("'") or token == "n't"


def _absorb_clitics(ops: list[Op], a: Sequence[str], b: Sequence[str]) -> list[Op]:
    """Make a contraction one swap with the word it hangs on.

    "does not" -> "doesn't" diffs as an unchanged "does" and "not" -> "n't", and "cannot"
    -> "can't" as "can" -> "ca" and "not" -> "n't": the contraction was one edit of the
    two words, so the swap takes both ("does not" -> "does n't").
    """
    out: list[Op] = []
    for op in ops:
        last = out[-1] if out else None
        clitic = (
            op.tag == "replace"
            and op.src_end - op.src_start == 1
            and op.dest_end - op.dest_start == 1
            and (_clitic(a[op.src_start]) or _clitic(b[op.dest_start]))
            and contraction_of(a[op.src_start], b[op.dest_start])
        )
        if clitic and last is not None and last.src_end > last.src_start and last.dest_end > last.dest_start:
            host_a, host_b = a[last.src_end - 1], b[last.dest_end - 1]
            if last.tag == "equal" or (last.tag == "replace" and contraction_of(host_a, host_b)
                                       and last.src_end - last.src_start == 1):
                start_a = last.src_end - 1 if last.tag == "equal" else last.src_start
                start_b = last.dest_end - 1 if last.tag == "equal" else last.dest_start
                out.pop()
                if last.tag == "equal" and last.src_end - 1 > last.src_start:
                    out.append(_op("equal", last.src_start, last.src_end - 1, last.dest_start, last.dest_end - 1))
                out.append(_op("replace", start_a, op.src_end, start_b, op.dest_end))
                continue
        out.append(op)
    return out


def _mark_moves(ops: list[Op], a: Sequence[str], b: Sequence[str]) -> list[Op]:
    """Mark deletions whose words are inserted elsewhere in the pair (and vice versa)."""
    inserted: dict[tuple[str, ...], list[int]] = {}
    for k, op in enumerate(ops):
        if op.tag == "insert":
            inserted.setdefault(tuple(b[op.dest_start : op.dest_end]), []).append(k)
    if not inserted:
        return ops
    out = list(ops)
    for k, op in enumerate(ops):
        if op.tag != "delete":
            continue
        key = tuple(a[op.src_start : op.src_end])
        partners = inserted.get(key)
        if partners:
            p = partners.pop(0)
            out[k] = _op("delete", op.src_start, op.src_end, op.dest_start, op.dest_end, True)
            q = ops[p]
            out[p] = _op("insert", q.src_start, q.src_end, q.dest_start, q.dest_end, True)
    return out


def diff_tokens(
    source: Sequence[str],
    dest: Sequence[str],
    *,
    is_lemma: Callable[[str], bool] | None = None,
    is_gloss: Callable[[str, str], bool] | None = None,
    related: Callable[[str, str], float] | None = None,
    codes: tuple[str, str] | None = None,
) -> list[Op]:
    """Diff two token sequences into grouped, monotone ops.

    Args:
        source: normalised word tokens of the original side.
        dest: normalised word tokens of the suspect side.
        is_lemma: tells whether a space-joined phrase is a dictionary lemma; enables
            "going through" phrase swaps. ``None`` disables it.
        is_gloss: tells whether an inserted word names the category of the unchanged
            word before it ("Chinese" -> "Chinese language"); ``None`` disables it.
        related: how good a dictionary swap two space-joined phrases make, in [0, 1]
            (0 for none; a ``bool`` works too); when
            given, change regions are cut where related words pair up (see
            :func:`_best_split`) instead of by position.
        codes: the two sequences as strings of one character per token, equal tokens
            equal characters (:func:`spundetect.align.encode`, made once per comparison):
            the edit script is computed on them, the same as on the tokens but without
            hashing each token again.

    Returns:
        Ops covering both sequences in order; adjacent ``equal`` ops are merged.
    """
    ops: list[Op] = []
    for eq, i1, i2, j1, j2 in _regions(*codes) if codes is not None else _regions(source, dest):
        if eq:
            ops.append(_op("equal", i1, i2, j1, j2))
        else:
            small = i2 - i1 <= DP_LIMIT and j2 - j1 <= DP_LIMIT
            if related is not None and small and i2 > i1 and j2 > j1:
                ops.extend(_best_split(source, dest, i1, i2, j1, j2, related))
            elif any(map(is_number, source[i1:i2])) and any(map(is_number, dest[j1:j2])):
                ops.extend(_split_numbers(source, dest, i1, i2, j1, j2))
            else:
                ops.extend(_split_region(source, dest, i1, i2, j1, j2))
    if related is not None:
        ops = _absorb_shared_words(ops, source, dest, related)
    # The passes that only look at insertions and deletions leave the ops as they are when
    # there are none (most sentence pairs of a spun text): skipped then (told by a C loop).
    gaps = not _GAP_TAGS.isdisjoint(map(_TAG, ops))
    if is_lemma is not None and gaps:
        ops = _absorb_between(ops, source, dest, is_lemma)
        ops = _absorb_lemmas(ops, source, dest, is_lemma, is_gloss)
    # A contraction's clitic ("'s", "n't") has an apostrophe: a pair without one on
    # either side (most) has none to absorb, told by two C scans of its joined words.
    if "'" in "".join(source) or "'" in "".join(dest):
        ops = _absorb_clitics(ops, source, dest)
    return _mark_moves(ops, source, dest) if gaps else ops


_GAP_TAGS = frozenset(("insert", "delete"))
_TAG = attrgetter("tag")
