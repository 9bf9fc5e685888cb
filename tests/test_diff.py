"""The token diff: grouping into phrase swaps, round trips, moves."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spundetect.diff import Op, apply, diff_tokens
from spundetect.evidence import swap_affinity
from spundetect.lexicon import get_lexicon

WORDS = st.sampled_from(
    "the a old friend pal two 2 men males in within met came home quick fast few couple of at once "
    "one time".split()
)


def changes(a: str, b: str, **kw: object) -> list[tuple[str, str, str]]:
    sa, sb = a.lower().split(), b.lower().split()
    ops = diff_tokens(sa, sb, **kw)  # type: ignore[arg-type]
    assert apply(ops, sa, sb) == sb
    return [(o.tag, " ".join(sa[o.src_start : o.src_end]), " ".join(sb[o.dest_start : o.dest_end]))
            for o in ops if o.tag != "equal"]


def lexical() -> dict[str, object]:
    lex = get_lexicon()
    return {"is_lemma": lex.is_lemma, "is_gloss": lex.is_category, "related": swap_affinity}


def test_word_swaps_stay_word_swaps() -> None:
    assert changes("the old friend came", "the previous pal came") == [
        ("replace", "old", "previous"), ("replace", "friend", "pal")]


def test_one_to_many_is_one_phrase_swap() -> None:
    assert changes("Xi facing a boycott", "Xi going through a boycott") == [
        ("replace", "facing", "going through")]
    assert changes("the 37th time", "the thirty seventh time") == [("replace", "37th", "thirty seventh")]


def test_category_gloss_becomes_a_swap() -> None:
    got = changes("the Chinese state media", "the Chinese language state media", **lexical())
    assert got == [("replace", "chinese", "chinese language")]


def test_related_words_pair_up_across_unequal_regions() -> None:
    got = changes(
        "specific state territory and local government regulations",
        "specific res publica district and local anaesthetic governing ordinances",
        **lexical(),
    )
    assert ("replace", "state", "res publica") in got
    assert ("replace", "territory", "district") in got
    assert ("replace", "regulations", "ordinances") in got


def test_a_word_both_lemmas_share_joins_the_swap() -> None:
    # "a few" -> "a couple of" leaves "a" unchanged; "few" alone pairs with nothing.
    got = changes("a few shopkeepers worried", "a couple of shopkeepers worried", **lexical())
    assert got == [("replace", "a few", "a couple of")]
    got = changes("they left at once and", "they left at one time and", **lexical())
    # "once" -> "one time" pairs on its own, but "at once" -> "at one time" is a dictionary
    # phrase swap on both sides: a longest-match spinner replaced the phrase
    assert got == [("replace", "at once", "at one time")]
    got = changes("it feels a lot like", "it feels a good deal like", **lexical())
    assert got == [("replace", "a lot", "a good deal")]
    got = changes("as the first step towards", "as the opening move towards", **lexical())
    assert got == [("replace", "first step", "opening move")]  # one phrase, not two words


def test_expansions_and_contractions_are_one_swap() -> None:
    got = changes("it does not work here", "it does n't work right here", **lexical())
    assert got == [("replace", "does not", "does n't"), ("replace", "here", "right here")]
    got = changes("we can not go", "we ca n't go", **lexical())
    assert got == [("replace", "can not", "ca n't")]
    got = changes("scalable component integration and", "scalable component part vertical integration and",
                  **lexical())
    assert got == [("replace", "component", "component part"), ("replace", "integration", "vertical integration")]
    got = changes("it was in fact late", "it was in point of fact late", **lexical())
    assert got == [("replace", "in fact", "in point of fact")]
    got = changes("we won 170 games", "we won a hundred and seventy games", **lexical())
    assert got == [("replace", "170", "a hundred and seventy")]
    got = changes("Five of us . A few came", "Five of us . A couple of came", **lexical())
    assert got == [("replace", "a few", "a couple of")]


def test_a_shared_word_is_not_taken_when_the_change_pairs_alone() -> None:
    got = changes("the old friend came", "the previous friend came", **lexical())
    assert got == [("replace", "old", "previous")]


def test_function_phrase_swap_is_one_swap() -> None:
    got = changes("according to reports", "based on reports", **lexical())
    assert got == [("replace", "according to", "based on")]


def test_long_number_is_one_swap() -> None:
    got = changes("born in 1956 there", "born in one thousand nine hundred fifty six there", **lexical())
    assert got == [("replace", "1956", "one thousand nine hundred fifty six")]


def test_moves_are_marked() -> None:
    sa, sb = "yesterday he came home".split(), "he came home yesterday".split()
    ops = diff_tokens(sa, sb)
    moved = [o for o in ops if o.moved]
    assert {o.tag for o in moved} == {"insert", "delete"}


def test_apply_rejects_broken_ops() -> None:
    import pytest

    with pytest.raises(ValueError):
        apply([Op("equal", 0, 1, 0, 1)], ["a"], ["b"])
    with pytest.raises(ValueError):
        apply([Op("equal", 0, 1, 0, 1)], ["a", "b"], ["a"])


@settings(max_examples=80, deadline=None)
@given(st.lists(WORDS, max_size=14), st.lists(WORDS, max_size=14), st.booleans())
def test_ops_round_trip_and_cover_both_sides(a: list[str], b: list[str], lex: bool) -> None:
    ops = diff_tokens(a, b, **(lexical() if lex else {}))  # type: ignore[arg-type]
    assert apply(ops, a, b) == b
    assert sum(o.src_end - o.src_start for o in ops) == len(a)
    assert sum(o.dest_end - o.dest_start for o in ops) == len(b)
    for o in ops:
        if o.tag == "equal":
            assert a[o.src_start : o.src_end] == b[o.dest_start : o.dest_end]
        if o.tag == "replace":
            assert o.src_end > o.src_start and o.dest_end > o.dest_start


def test_dates_written_out_pair_whole() -> None:
    got = changes("on July 29 , 2004 they", "on July twenty nine , two thousand four they", **lexical())
    assert got == [("replace", "29", "twenty nine"), ("replace", "2004", "two thousand four")]


def test_a_spelled_out_list_of_numbers_pairs_each_number() -> None:
    # Too long for the dynamic programme: the numbers are read and paired by value.
    codes = "95613 14 95619 95623 95633 35 95651 95664 95667 95672 95682 95762 93210"
    from spundetect.spin import number_to_words

    words = " ".join(number_to_words(int(c)) for c in codes.split())
    got = changes(f"zip codes {codes} only", f"zip codes {words} only", **lexical())
    assert got == [("replace", c, number_to_words(int(c))) for c in codes.split()]


def test_different_numbers_are_not_a_number_form() -> None:
    from spundetect.evidence import Context, judge

    assert "number_form" in judge("37th", "thirty seventh", Context()).reasons
    assert "number_form" in judge("2,600", "two thousand six hundred", Context()).reasons
    for original, suspect in (("1962", "first"), ("3", "third"), ("million", "17th")):
        j = judge(original, suspect, Context())
        assert "number_form" not in j.reasons and not j.flagged
def test_a_changed_value_is_an_edit_not_a_thesaurus_swap() -> None:
    from spundetect.evidence import Context, judge

    # WordNet makes digits co-hyponyms ("digit"); a spinner never changes a value.
    for original, suspect in (("6", "5"), ("1", "8"), ("million", "billion"), ("2,600", "2,700")):
        j = judge(original, suspect, Context())
        assert (j.relation, j.synonym, j.flagged) == ("none", False, False), (original, suspect)
        assert "number_value" in j.reasons
        assert swap_affinity(original, suspect) == 0.0
    assert judge("two", "2", Context()).synonym  # the same value stays a number form


def test_spelling_variants_are_form_swaps() -> None:
    import spundetect
    from spundetect.evidence import Context, judge

    for original, suspect in (("daycare", "day care"), ("e - mail", "email"), ("healthcare", "health-care")):
        assert judge(original, suspect, Context()).reasons == ("spelling",)
    text = "She ran the unlicensed daycare in the old house on the corner for ten years."
    c = spundetect.compare(text, text.replace("daycare", "day care"))
    # a form swap: reported, but not counted as a substitution
    assert [(s.original, s.suspect, s.reasons) for s in c.swaps] == [("daycare", "day care", ["spelling"])]
    assert c.stats.swaps == 0 and c.verdict == "copy"


def test_a_modal_in_another_tense_is_a_form_swap() -> None:
    from spundetect.evidence import Context, judge

    # Reported speech moves "will" to "would": a change of tense, not a thesaurus swap.
    for original, suspect in (("would", "will"), ("can", "could"), ("might", "may"), ("shall", "should")):
        j = judge(original, suspect, Context())
        assert j.reasons == ("modal",) and j.relation == "identical" and not j.synonym
    assert judge("may", "can", Context()).relation == "function_synonym"  # a real swap stays one


def test_a_number_spelled_out_to_start_a_sentence_is_not_flagged() -> None:
    from spundetect.evidence import Context, judge

    start = judge("10", "ten", Context(suspect_initial=True))
    inside = judge("10", "ten", Context())
    assert start.synonym and not start.flagged and "number_form" not in start.reasons
    assert inside.flagged and "number_form" in inside.reasons
    # Words turned into digits at the start of a sentence are no style rule: still flagged.
    assert judge("ten", "10", Context(suspect_initial=True)).flagged




def test_affinity_shortcut_never_hides_a_pairing() -> None:
    # swap_affinity skips the look-up when a multiword side can be linked to nothing; on
    # every chunk pairing of these words, that must be exactly when the look-up gives 0.
    import itertools
    import random

    from spundetect.evidence import _compute_affinity, _may_pair

    words = ("going through according to based on day care daycare chinese language more and "
             "the of new state media two 2 hundred one thousand nine 's friend one way of life "
             "look up looked up in within face facing carry out carried out lots of many "
             "e - mail email united states u.s. at least ten 10 would will").split()
    rng = random.Random(3)
    chunks = {" ".join(words[i : i + k]) for k in range(1, 5) for i in range(len(words) - k + 1)}
    chunks |= {" ".join(rng.sample(words, rng.randint(1, 4))) for _ in range(400)}
    ordered = sorted(chunks)
    checked = hidden = 0
    for o, d in itertools.product(ordered, repeat=2):
        if o == d or rng.random() > 0.08:
            continue
        checked += 1
        if not _may_pair(o, d):
            hidden += 1
            assert _compute_affinity(o, d) == 0.0, (o, d)
    assert checked > 5000 and hidden > 1000
    # A chunk that can be linked to nothing can still grow into a longer lemma sharing a
    # word with it (the diff engine then keeps the lemma whole).
    for o, d in (("xqz way", "way of life"), ("zzy look", "look up to")):
        assert _compute_affinity(o, d) > 0 and _may_pair(o, d)


# --- differential: the cut of a change region against a plain search ------------------------

def _reference_best_split(a: list[str], b: list[str], related: object) -> list[tuple[str, int, int, int, int]]:
    """The search _best_split makes, written plainly: every chunk pairing of the whole
    region (1x1 regions included), the chunks joined where they are used."""
    from spundetect.diff import _STEPS

    m, n = len(a), len(b)
    best: dict[tuple[int, int], float] = {(0, 0): 0.0}
    back: dict[tuple[int, int], tuple[int, int]] = {}
    for i in range(m + 1):
        for j in range(n + 1):
            here = best[(i, j)]  # every cell is reached by deletions and insertions
            for di, dj in _STEPS:
                ni, nj = i + di, j + dj
                if ni > m or nj > n:
                    continue
                gain = 0.0
                if di and dj:
                    affinity = float(related(" ".join(a[i:ni]), " ".join(b[j:nj])))  # type: ignore[operator]
                    gain = affinity if affinity > 0 else 0.2 - 0.07 * (di + dj - 2)
                if here + gain > best.get((ni, nj), float("-inf")) + 1e-9:
                    best[(ni, nj)] = here + gain
                    back[(ni, nj)] = (i, j)
    steps = []
    at = (m, n)
    while at != (0, 0):
        steps.append((back[at], at))
        at = back[at]
    out: list[tuple[str, int, int, int, int]] = []
    for (pi, pj), (ni, nj) in reversed(steps):
        tag = "replace" if ni > pi and nj > pj else "delete" if ni > pi else "insert"
        if out and out[-1][0] == tag and tag != "replace":
            out[-1] = (tag, out[-1][1], ni, out[-1][3], nj)
        else:
            out.append((tag, pi, ni, pj, nj))
    return out


@settings(max_examples=150, deadline=None)
@given(st.lists(WORDS, min_size=1, max_size=7), st.lists(WORDS, min_size=1, max_size=7),
       st.dictionaries(st.tuples(WORDS, WORDS), st.sampled_from([0.0, 0.5, 0.6, 0.8, 1.0]), max_size=30),
       st.booleans())
def test_best_split_matches_a_plain_search(a: list[str], b: list[str], table: dict[tuple[str, str], float],
                                           lexicon: bool) -> None:
    """The fast paths of _best_split (a 1x1 region answered without asking for affinities,
    chunks joined once) cut every region as the plain search does, under the real affinity
    and under arbitrary ones."""
    from spundetect.diff import _best_split

    def related(o: str, d: str) -> float:
        return table.get((o, d), 0.0)

    rel = swap_affinity if lexicon else related
    ops = _best_split(["x", *a, "y"], ["x", *b, "y"], 1, 1 + len(a), 1, 1 + len(b), rel)
    got = [(op.tag, op.src_start - 1, op.src_end - 1, op.dest_start - 1, op.dest_end - 1) for op in ops]
    assert got == _reference_best_split(a, b, rel)


# --- contract: ops made through the slots are the dataclass's own ---------------------------

@settings(max_examples=100, deadline=None)
@given(st.sampled_from(["equal", "replace", "insert", "delete"]), st.integers(0, 50), st.integers(0, 50),
       st.integers(0, 50), st.integers(0, 50), st.booleans())
def test_fast_op_is_the_frozen_dataclass(tag: str, a: int, b: int, c: int, d: int, moved: bool) -> None:
    import dataclasses

    from spundetect.diff import _op

    fast, plain = _op(tag, a, b, c, d, moved), Op(tag, a, b, c, d, moved)  # type: ignore[arg-type]
    assert type(fast) is Op and fast == plain and hash(fast) == hash(plain) and repr(fast) == repr(plain)
    assert dataclasses.astuple(fast) == dataclasses.astuple(plain)
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.tag = "equal"  # type: ignore[misc]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["the", "old", "friend", "came", "a", "big", "large", "1956", "not", "n't", "x"]),
                max_size=14),
       st.lists(st.sampled_from(["the", "previous", "pal", "came", "an", "big", "huge", "one", "not", "x", "y"]),
                max_size=14),
       st.randoms(use_true_random=False))
def test_ops_on_codes_are_the_ops_on_tokens(a: list[str], b: list[str], rng: object) -> None:
    # Differential: the edit script computed on the words as characters (any numbering,
    # one per comparison) against the same computed on the words themselves.
    from spundetect.align import encode

    vocab = sorted(set(a) | set(b))
    rng.shuffle(vocab)  # type: ignore[attr-defined]
    (prefix,), _ = encode([vocab], [[]])  # a numbering of its own, as one encoding of whole texts gives
    code = dict(zip(vocab, prefix))
    codes = ("".join(code[w] for w in a), "".join(code[w] for w in b))
    lex = get_lexicon()
    opts = dict(is_lemma=lex.is_lemma, is_gloss=lex.is_category, related=swap_affinity)
    assert diff_tokens(a, b, codes=codes, **opts) == diff_tokens(a, b, **opts)  # type: ignore[arg-type]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["the", "old", "friend", "came", "a", "big", "large", "chinese", "in", "fact",
                                 "does", "not", "n't", "can", "x"]), max_size=12),
       st.lists(st.sampled_from(["the", "previous", "pal", "came", "an", "big", "huge", "chinese", "language",
                                 "in", "point", "of", "fact", "does", "n't", "ca", "y"]), max_size=12))
def test_the_gap_passes_leave_ops_without_gaps_alone(a: list[str], b: list[str]) -> None:
    # diff_tokens skips the passes that move insertions and deletions when the ops have
    # none (branch seedspeed2): each of them returns such ops as they are.
    from spundetect.diff import _absorb_between, _absorb_lemmas, _mark_moves

    lex = get_lexicon()
    ops = _regions_cut(a, b)
    full = _every_pass(a, b)
    if all(op.tag in ("equal", "replace") for op in ops):
        assert _absorb_between(ops, a, b, lex.is_lemma) == ops
        assert _absorb_lemmas(ops, a, b, lex.is_lemma, lex.is_category) == ops
        assert _mark_moves(ops, a, b) == ops
    # and the whole diff is the one with every pass run
    assert diff_tokens(a, b, is_lemma=lex.is_lemma, is_gloss=lex.is_category, related=swap_affinity) == full



def _regions_cut(a: list[str], b: list[str]) -> list[Op]:
    """The change regions cut and widened by shared words: the ops before the passes that
    move insertions, deletions and clitics."""
    from spundetect.diff import DP_LIMIT, _absorb_shared_words, _best_split, _op, _regions, _split_numbers, _split_region
    from spundetect.wordlists import is_number

    raw = []  # the regions cut, before the passes
    for eq, i1, i2, j1, j2 in _regions(a, b):
        if eq:
            raw.append(_op("equal", i1, i2, j1, j2))
        elif i2 - i1 <= DP_LIMIT and j2 - j1 <= DP_LIMIT and i2 > i1 and j2 > j1:
            raw.extend(_best_split(a, b, i1, i2, j1, j2, swap_affinity))
        elif any(map(is_number, a[i1:i2])) and any(map(is_number, b[j1:j2])):
            raw.extend(_split_numbers(a, b, i1, i2, j1, j2))
        else:
            raw.extend(_split_region(a, b, i1, i2, j1, j2))
    return _absorb_shared_words(raw, a, b, swap_affinity)


def _every_pass(a: list[str], b: list[str]) -> list[Op]:
    """diff_tokens with every pass run on every pair (none skipped): the reference."""
    from spundetect.diff import _absorb_between, _absorb_clitics, _absorb_lemmas, _mark_moves

    lex = get_lexicon()
    ops = _absorb_lemmas(_absorb_between(_regions_cut(a, b), a, b, lex.is_lemma), a, b, lex.is_lemma, lex.is_category)
    return _mark_moves(_absorb_clitics(ops, a, b), a, b)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["it", "is", "'s", "does", "not", "n't", "can", "ca", "do", "the", "old", "x",
                                 "we", "'d", "had", "would", "a", "big"]), max_size=10),
       st.lists(st.sampled_from(["it", "'s", "is", "has", "does", "n't", "not", "ca", "can", "the", "new", "y",
                                 "we", "had", "'d", "will", "large", "an"]), max_size=10))
def test_the_clitic_pass_is_skipped_only_where_it_changes_nothing(a: list[str], b: list[str]) -> None:
    # diff_tokens runs _absorb_clitics only when a side has an apostrophe (branch
    # seedspeed3); the diff is the one with every pass run on every pair.
    lex = get_lexicon()
    got = diff_tokens(a, b, is_lemma=lex.is_lemma, is_gloss=lex.is_category, related=swap_affinity)
    assert got == _every_pass(a, b)
