"""Contracts of compare(): the seed verdicts, spans, identity, serialisation, errors."""

from __future__ import annotations

import random
import re
import subprocess
import sys
import textwrap
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import spundetect
from spundetect import Comparison, InputTypeError, SettingsError
from spundetect.passages import Reuse
from spundetect.score import load_model


def check_contract(c: Comparison) -> None:
    """Every output holds these, whatever the input."""
    assert 0.0 <= c.score <= 1.0
    assert c.verdict in {"spun", "paraphrase", "copy", "unrelated"}
    for sw in c.swaps:
        assert c.original[slice(*sw.original_span)] == sw.original
        assert c.suspect[slice(*sw.suspect_span)] == sw.suspect
        assert c.pairs[sw.pair_index].aligned
        assert set(sw.reasons) <= set(spundetect.evidence.REASONS)
        if sw.flagged:
            assert sw.reasons
    s_next = 0
    originals: list[int] = []
    for k, p in enumerate(c.pairs):
        assert p.index == k
        originals.extend(range(*p.original_sentences))
        # the suspect side is in order; the original side may not be (moved passages)
        a, b = p.suspect_sentences
        assert a == s_next or a == b
        s_next = max(s_next, b)
        if p.original_span is not None:
            assert c.original[slice(*p.original_span)].strip()
        if p.suspect_span is not None:
            assert c.suspect[slice(*p.suspect_span)].strip()
    assert sorted(originals) == list(range(c.stats.original_sentences))
    assert s_next == c.stats.suspect_sentences
    check_passages(c)
    for e in c.edits:
        if e.original_span:
            assert c.original[slice(*e.original_span)].strip()
        if e.suspect_span:
            assert c.suspect[slice(*e.suspect_span)].strip()
    assert Comparison.model_validate_json(c.model_dump_json()) == c
    assert "\n" not in repr(c) and len(repr(c)) < 200


def check_passages(c: Comparison) -> None:
    """The passage contracts: spans slice back to words, ordered by suspect start, no two
    passages share suspect characters, indices point at their own pairs and swaps, which
    lie inside the passage, and the reused share is the suspect's characters inside them."""
    assert 0.0 <= c.reused_share <= 1.0
    if c.original != c.suspect:  # the same text is a copy, even an empty one
        assert (c.verdict == "unrelated") == (not c.passages)
    owned: set[int] = set()
    end = -1
    for k, ps in enumerate(c.passages):
        assert ps.index == k
        assert ps.kind in {"copy", "spun", "paraphrase"}
        assert 0.0 <= ps.score <= 1.0
        for text, (a, b) in ((c.original, ps.original_span), (c.suspect, ps.suspect_span)):
            assert 0 <= a < b <= len(text)
            piece = text[a:b]
            assert piece and piece == piece.strip()
        assert ps.suspect_span[0] >= end
        end = ps.suspect_span[1]
        assert not owned & set(ps.pairs)
        owned.update(ps.pairs)
        for p in ps.pairs:
            assert c.pairs[p].aligned
        assert ps.swaps == [n for n, sw in enumerate(c.swaps) if sw.pair_index in set(ps.pairs)]
        for n in ps.swaps:  # a passage holds the swaps it lists (the report's bands show them)
            (a, b), (x, y) = c.swaps[n].original_span, c.swaps[n].suspect_span
            assert ps.original_span[0] <= a and b <= ps.original_span[1], (ps, c.swaps[n])
            assert ps.suspect_span[0] <= x and y <= ps.suspect_span[1], (ps, c.swaps[n])
    inside = sum(p.suspect_span[1] - p.suspect_span[0] for p in c.passages)
    assert c.reused_share == pytest.approx(inside / len(c.suspect) if c.suspect else 0.0, abs=1e-6)
    # every aligned pair belongs to a passage
    assert owned == {p.index for p in c.pairs if p.aligned}


def swap_pairs(c: Comparison, flagged_only: bool = False) -> set[tuple[str, str]]:
    return {
        (" ".join(s.original.split()), " ".join(s.suspect.split()))
        for s in c.swaps
        if s.flagged or not flagged_only
    }


def test_seed_spun(seeds: dict[str, str]) -> None:
    c = spundetect.compare(seeds["002"], seeds["001"])
    check_contract(c)
    assert c.verdict == "spun"
    assert c.score >= 0.9
    flagged = swap_pairs(c, flagged_only=True)
    for pair in [("friend", "pal"), ("Chinese", "Chinese language"), ("model", "mannequin"),
                 ("old", "previous"), ("dear", "expensive")]:
        assert pair in flagged, pair
    pal = next(s for s in c.swaps if s.original == "friend" and s.suspect == "pal")
    assert pal.reasons and pal.flagged


def test_seed_spun_from_copy(seeds: dict[str, str]) -> None:
    c = spundetect.compare(seeds["000"], seeds["001"])
    check_contract(c)
    assert c.verdict == "spun"


@pytest.mark.parametrize("a,b", [("002", "000"), ("000", "002")])
def test_seed_copy(seeds: dict[str, str], a: str, b: str) -> None:
    c = spundetect.compare(seeds[a], seeds[b])
    check_contract(c)
    assert c.verdict == "copy"
    assert c.score <= 0.2


@pytest.mark.parametrize("b", ["003", "004"])
def test_seed_unrelated(seeds: dict[str, str], b: str) -> None:
    c = spundetect.compare(seeds["002"], seeds[b])
    check_contract(c)
    assert c.verdict == "unrelated"
    assert c.score <= 0.1


def test_seed_boilerplate_unaligned(seeds: dict[str, str]) -> None:
    c = spundetect.compare(seeds["002"], seeds["000"])
    one_sided = [c.suspect[slice(*p.suspect_span)] for p in c.pairs if p.kind == "0:1"]
    assert any("comment" in t.lower() for t in one_sided)


def test_example_pair(example_pair: tuple[str, str]) -> None:
    c = spundetect.compare(*example_pair)
    check_contract(c)
    assert c.verdict == "spun"
    assert ("friend", "pal") in swap_pairs(c, flagged_only=True)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t ",
        "word",
        "One sentence only.",
        "Mr. Smith went to Washington.\n\nHe stayed there. It rained!",
        "Numbers 1, 2 and 3 \u2014 and an emoji \U0001F600 here.",
    ],
)
def test_identity_is_copy(text: str) -> None:
    c = spundetect.compare(text, text)
    check_contract(c)
    assert c.verdict == "copy"
    assert c.score <= 0.05
    assert c.swaps == []


def test_example_identity(example_pair: tuple[str, str]) -> None:
    c = spundetect.compare(example_pair[0], example_pair[0])
    assert (c.verdict, c.swaps) == ("copy", [])
    assert c.score <= 0.05


def test_empty_against_text() -> None:
    c = spundetect.compare("", "Some text that has words in it.")
    check_contract(c)
    assert c.verdict == "unrelated" and c.score == 0.0
    assert [p.kind for p in c.pairs] == ["0:1"]


@pytest.mark.parametrize("bad", [None, b"bytes", 3, ["a"], 1.5])
@pytest.mark.parametrize("side", ["original", "suspect"])
def test_non_string_input(bad: object, side: str) -> None:
    args = {"original": "text", "suspect": "text", side: bad}
    with pytest.raises(InputTypeError) as err:
        spundetect.compare(args["original"], args["suspect"])  # type: ignore[arg-type]
    assert err.value.code == "E101"
    assert side in str(err.value) and "str" in str(err.value)


@pytest.mark.parametrize(
    "option,value",
    [("min_similarity", 1.5), ("min_similarity", "0.3"), ("threshold", 0), ("derived_share", -1),
     ("pipeline", ""), ("exact_alignment", "yes")],
)
def test_bad_options(option: str, value: object) -> None:
    with pytest.raises(SettingsError) as err:
        spundetect.compare("a", "b", **{option: value})  # type: ignore[arg-type]
    assert option in str(err.value)


def test_options_are_keyword_only() -> None:
    with pytest.raises(TypeError):
        spundetect.compare("a", "b", None)  # type: ignore[misc]


def test_compare_many_matches_compare(example_pair: tuple[str, str]) -> None:
    pairs = [example_pair, (example_pair[0], example_pair[0]), ("", "x")]
    many = list(spundetect.compare_many(pairs))
    assert many == [spundetect.compare(a, b) for a, b in pairs]


def test_compare_many_bad_item() -> None:
    with pytest.raises(spundetect.InputError) as err:
        list(spundetect.compare_many([("a", "b"), "oops"]))  # type: ignore[list-item]
    assert "pairs[1]" in str(err.value)


def test_signature_names_settings() -> None:
    c = spundetect.compare("a b c", "a b c", min_similarity=0.4)
    text = str(c.signature)
    assert text.startswith(f"spundetect:{spundetect.__version__}")
    assert "min_sim:0.4" in text


def test_import_is_light() -> None:
    code = "import sys, spundetect; print(sorted(m for m in ('spacy', 'nltk', 'wordfreq', 'numpy') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_works_with_network_blocked(tmp_path: object) -> None:
    """The whole chain, from a fresh process whose sockets cannot connect."""
    code = textwrap.dedent(
        """
        import socket
        def refuse(*args, **kwargs):
            raise OSError("network blocked by the test")
        socket.socket.connect = refuse
        socket.socket.connect_ex = refuse
        socket.create_connection = refuse
        socket.getaddrinfo = refuse
        import spundetect
        c = spundetect.compare("The two men met an old friend.", "The 2 males met a previous pal.")
        assert c.swaps, c
        from spundetect.lexicon import get_lexicon
        assert get_lexicon().synonyms("quick")
        print("ok", c.verdict)
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("ok")


# A report and a summary of it written for these tests: each summary sentence keeps its
# words from one long original sentence but leaves most of that sentence out.
REPORT = (
    "The city council met on Tuesday evening to discuss the new budget for the coming year, "
    "which includes large cuts to the parks department and a modest rise in spending on roads. "
    "Several residents spoke against the plan during the public comment period, saying that the "
    "parks are used every day by families and that closing the swimming pools would hurt children "
    "most. The mayor answered that the city had no choice because tax revenue had fallen for the "
    "third year in a row while the cost of pensions and health insurance kept rising. After three "
    "hours of debate the council voted six to three to approve the budget, with a promise to review "
    "the parks cuts again in the spring if the economy improves. The vote came late at night after "
    "most of the residents had already gone home, and the meeting ended shortly after midnight."
)
SUMMARY = (
    "The city council met to discuss the new budget, which includes large cuts to the parks department. "
    "Residents spoke against the plan, saying that closing the swimming pools would hurt children. "
    "The mayor answered that tax revenue had fallen while the cost of pensions kept rising. "
    "The council voted six to three to approve the budget."
)


def test_summary_is_a_paraphrase() -> None:
    c = spundetect.compare(REPORT, SUMMARY)
    check_contract(c)
    assert c.verdict == "paraphrase"
    # most of the summary is aligned although most of the report is left out
    assert c.stats.derived_fraction >= 0.8
    assert c.stats.change_rate <= 0.3 < c.stats.two_sided_change_rate


def test_verbatim_excerpt_is_a_copy() -> None:
    excerpt = " ".join(REPORT.split(". ")[1:3]) + "."
    c = spundetect.compare(REPORT, excerpt)
    check_contract(c)
    assert c.verdict == "copy"
    assert c.stats.two_sided_change_rate <= 0.05


def test_expanded_sentence_is_not_derived_by_containment() -> None:
    # The original's short sentence sits inside a longer, otherwise new sentence: sharing
    # a phrase is not being derived from it (containment only counts for condensing).
    original = "The council voted six to three. Nothing else happened that night."
    suspect = ("Reporters who stayed until the end heard that the council voted six to three "
               "on a plan that nobody had read, according to two people in the room.")
    c = spundetect.compare(original, suspect)
    check_contract(c)
    assert c.verdict == "unrelated"


ARTICLE = (
    "Heavy rain flooded the lower streets of the harbour town on Sunday, forcing the fire "
    "brigade to evacuate forty families from their homes near the old fish market. "
    "The river rose by almost two metres in six hours after a week of storms had already "
    "soaked the hills above the town. "
    "Volunteers filled sandbags through the night at the sports hall, which the council "
    "opened as a shelter with beds, blankets and hot meals. "
    "The regional weather service warned that another band of rain would reach the coast "
    "on Tuesday and urged people living along the river to prepare for a second evacuation. "
    "Insurance companies said it was too early to estimate the damage, but shop owners on the "
    "harbour front reported that water had ruined most of their stock. "
    "The mayor promised emergency grants for households and said the town would ask the "
    "national government for help to rebuild the flood wall that failed in two places. "
    "Engineers had warned five years ago that the wall was too low for the storms that "
    "climate scientists expect to become more frequent. "
    "Residents who lost their cars in the flood gathered outside the town hall on Monday "
    "morning to ask how long the clean-up would take. "
    "The local school was closed and its pupils were sent to classrooms in a village ten "
    "kilometres inland until the building has been checked. "
    "Electricity was cut to three hundred homes for most of the day while technicians "
    "replaced a flooded transformer beside the railway station. "
    "By the evening the water had started to fall, leaving a thick layer of mud on the "
    "quay, in the market hall and in the gardens of the houses along the river."
)
ESSAY = (
    "Bees visit thousands of flowers every day to collect nectar and pollen for the hive. "
    "A healthy colony can hold fifty thousand workers in the middle of summer. "
    "Beekeepers inspect their boxes every week to look for signs of disease and queen cells. "
    "Honey is harvested late in the season, when the frames are capped with wax. "
    "Many gardeners plant lavender and clover because bees prefer those blossoms. "
)
REWORDED_SUMMARY = (
    "Following storms, rain flooded lower streets, and the fire brigade had to evacuate forty "
    "families whose homes are close to the old fish market. "
    "Throughout the night, volunteers kept filling sandbags inside a sports hall, and the "
    "council turned it into a shelter offering beds plus hot meals. "
    "Yet another band of rain should reach the coast Tuesday, the weather service warned, so "
    "people living along the river must prepare once more for evacuation. "
    "Grants for households were promised by the mayor, who will also ask national government "
    "for help so the flood wall can be rebuilt. "
)


def test_reworded_summary_inside_other_text_is_a_paraphrase() -> None:
    suspect = ESSAY + REWORDED_SUMMARY + ESSAY.replace("Bees", "Wasps")
    c = spundetect.compare(ARTICLE, suspect)
    check_contract(c)
    assert c.verdict == "paraphrase"
    [passage] = c.passages
    assert passage.kind == "paraphrase"
    start, end = passage.suspect_span
    summary_start = len(ESSAY)
    # word-level edges: inside the summary, at most its first and last word away
    assert summary_start <= start < end <= summary_start + len(REWORDED_SUMMARY)
    assert start - summary_start <= len("Following storms, ")
    assert summary_start + len(REWORDED_SUMMARY.rstrip(". ")) - end <= len("be rebuilt")


def test_same_topic_text_has_no_passage() -> None:
    independent = (
        "Residents of the coastal town spent a second night away from home as flood water "
        "stood in the lanes behind the harbour. Local schools will stay closed on Monday. "
        "A spokesman for the fire service praised the volunteers and asked drivers to avoid "
        "the river road. Farmers upstream said the storms had destroyed the barley harvest. "
        "Several roads into the town remain closed while engineers check the bridges."
    )
    c = spundetect.compare(ARTICLE, independent)
    check_contract(c)
    assert c.verdict == "unrelated"
    assert c.passages == [] and c.reused_share == 0.0


LISTING = (
    "Saturday 14 June\n\n"
    "09:00 Harbour walk from the old lighthouse to the fish market 60 min\n\n"
    "10:30 Knot tying for beginners with the sea scouts at the boat shed 45 min\n\n"
    "12:00 Lunch on the quay with music from the town brass band 90 min\n\n"
    "14:00 Lifeboat open day and rescue demonstration in the outer harbour 120 min\n"
)


def test_listing_merged_into_other_text_is_a_copy() -> None:
    # Each entry of the listing is a sentence of its own (blank lines between them). Pasted
    # without its line breaks into the middle of a long sentence of other text, no entry
    # meets a suspect sentence like itself, so no sentence pair holds the copy; the long
    # verbatim run still shows it.
    suspect = (
        ESSAY + "The beekeepers of the valley, who keep their hives on the hill above the town "
        "and sell honey at the summer fair, printed the whole programme on their leaflet: "
        + " ".join(LISTING.split())
        + " and they will sell comb honey, candles and jars of heather honey at a stall by the "
        "lifeboat station all day, as they have done every summer for thirty years. "
        + ESSAY.replace("Bees", "Wasps")
    )
    c = spundetect.compare(LISTING, suspect)
    check_contract(c)
    assert c.stats.aligned_pairs == 0
    assert (c.verdict, c.score) == ("copy", 0.0)
    # the passage is the listing, word for word, inside the long sentence
    [passage] = c.passages
    a, b = passage.suspect_span
    assert suspect[a:b] == " ".join(LISTING.split())
    assert c.original[slice(*passage.original_span)] == LISTING.strip()


def test_same_topic_text_shares_no_passage() -> None:
    c = spundetect.compare(ARTICLE, ESSAY)
    assert c.passages == [] and c.verdict == "unrelated"


def test_lone_gap_sentence_is_paired_by_position() -> None:
    # The middle sentence shares too few words to be aligned by similarity, but it is the
    # only sentence between two aligned neighbours and its words are dictionary swaps.
    original = "The mayor spoke first. Buy cheap cars. The council voted."
    suspect = "The mayor spoke first. Purchase inexpensive automobiles. The council voted."
    c = spundetect.compare(original, suspect)
    check_contract(c)
    assert [p.kind for p in c.pairs] == ["1:1", "1:1", "1:1"]
    assert c.pairs[1].similarity == 0.0  # paired by position, not by similarity
    assert [(s.original, s.suspect) for s in c.swaps] == [
        ("Buy", "Purchase"), ("cheap", "inexpensive"), ("cars", "automobiles")]
    # A one-word text and its synonym (a spun section title).
    title = spundetect.compare("Newspapers", "Papers")
    check_contract(title)
    assert [p.kind for p in title.pairs] == ["1:1"]
    assert title.verdict == "spun"


def test_lone_gap_sentences_without_shared_words_stay_apart() -> None:
    c = spundetect.compare("The cat sat on the mat.", "A dog ran in the park.")
    check_contract(c)
    assert [p.kind for p in c.pairs] == ["1:0", "0:1"]
    assert c.verdict == "unrelated"
    two_gaps = spundetect.compare("A b c. The cat sat. D e f.", "A b c. One dog ran. Two birds flew. D e f.")
    assert "1:1" not in [p.kind for p in two_gaps.pairs[1:-1]]


def test_passage_copied_inside_other_sentences_is_a_copy() -> None:
    # The copied words sit between new sentence edges, so much of the pair changed; the
    # long unchanged stretch still shows a verbatim copy.
    passage = ("the committee agreed that the old bridge over the river would be closed to heavy "
               "trucks from the first of March until the engineers finish their survey of its")
    original = f"Officials met for three hours on Tuesday morning, and in the end {passage} steel frame. The mayor did not comment."
    suspect = (f"According to a short notice posted online by a local resident who follows such "
               f"things closely, {passage} foundations and cables, which many drivers will dislike.")
    c = spundetect.compare(original, suspect)
    check_contract(c)
    model = load_model()
    assert c.stats.two_sided_change_rate > model.copy_change
    assert c.stats.verbatim_tokens == len(passage.split())
    assert c.stats.verbatim_share >= model.copy_verbatim > 0
    assert c.verdict == "copy"


def test_short_unchanged_stretches_are_not_verbatim() -> None:
    c = spundetect.compare("The two men met an old friend in Moscow.", "The 2 males met a previous pal in Moscow.")
    assert c.stats.verbatim_tokens == 0


def test_lone_gap_pairs_obey_a_stricter_derived_share() -> None:
    original = "The mayor spoke first. Buy cheap new cars here. The council voted."
    suspect = "The mayor spoke first. Purchase inexpensive fresh automobiles online. The council voted."
    default = spundetect.compare(original, suspect)
    assert default.pairs[1].kind == "1:1" and default.pairs[1].matched == 0.8
    strict = spundetect.compare(original, suspect, derived_share=0.95)
    assert [p.kind for p in strict.pairs][1:3] == ["1:0", "0:1"]


def test_one_spun_passage_inside_unrelated_text_is_spun(example_pair: tuple[str, str]) -> None:
    # A page that is one spun article among other text: the page is spun, and the passage
    # shows where the spun article sits, from its first to its last reused word.
    original, spun = example_pair
    body = spun.split("\n\nLeave a Reply")[0]
    page = ESSAY * 3 + "\n\n" + body + "\n\n" + ESSAY.replace("Bees", "Wasps") * 3
    c = spundetect.compare(original, page)
    check_contract(c)
    assert c.verdict == "spun"
    [passage] = c.passages
    assert passage.kind == "spun" and passage.score >= 0.9
    start = page.index(body)
    a, b = passage.suspect_span
    assert start <= a <= start + len("Harbour") and start + len(body) - len("years.") <= b <= start + len(body)
    assert c.reused_share == pytest.approx((b - a) / len(page), abs=1e-6)


def test_moved_paragraphs_keep_their_swaps(example_pair: tuple[str, str]) -> None:
    # The spun article pasted twice out of order into a page, with other text between: each
    # paragraph is still paired with its original, so swaps are found as without moving.
    original, spun = example_pair
    paragraphs = [p for p in spun.split("\n\n") if p.strip() and "Leave a Reply" not in p]
    assert len(paragraphs) == 5  # the title and four paragraphs
    page = "\n\n".join([paragraphs[2], ESSAY, paragraphs[0], paragraphs[4], paragraphs[3], ESSAY,
                         paragraphs[1]])
    c = spundetect.compare(original, page)
    check_contract(c)
    assert c.verdict == "spun"
    plain = spundetect.compare(original, "\n\n".join(paragraphs))
    moved = {(s.original, s.suspect, s.relation) for s in c.swaps}
    kept = {(s.original, s.suspect, s.relation) for s in plain.swaps}
    assert moved == kept
    assert len(c.passages) >= 3
    assert [p.suspect_span for p in c.passages] == sorted(p.suspect_span for p in c.passages)


def _lines_without_full_stops(text: str) -> list[str]:
    """The text's sentences one a line, their full stops dropped: for the segmenter, whose
    single line breaks end no sentence, a few long sentences of many lines each."""
    units = [u.strip() for u in re.split(r"(?<=[.!?])\s+|\n+", text) if u.strip()]
    return [u[:-1] if u.endswith(".") else u for u in units]


def test_lines_shuffled_apart_inside_sentences_keep_their_swaps(example_pair: tuple[str, str]) -> None:
    # A shuffler cuts at line breaks, the segmenter does not: each suspect sentence holds
    # lines of several original sentences. Sentences are cut where their lines were moved
    # apart (align.line_cuts), so every line finds its original again.
    original, spun = example_pair
    o_lines, s_lines = _lines_without_full_stops(original), _lines_without_full_stops(spun)
    order = list(range(len(s_lines)))
    random.Random(3).shuffle(order)
    plain = spundetect.compare("\n".join(o_lines), "\n".join(s_lines))
    moved = spundetect.compare("\n".join(o_lines), "\n".join(s_lines[k] for k in order))
    check_contract(moved)
    assert plain.verdict == moved.verdict == "spun"
    assert {(s.original, s.suspect) for s in moved.swaps} == {(s.original, s.suspect) for s in plain.swaps}
    # the in-order text is left whole: its sentences are the segmenter's
    assert plain.stats.suspect_sentences < moved.stats.suspect_sentences <= len(s_lines)


@settings(max_examples=8, deadline=None)
@given(st.integers(0, 10_000))
def test_sentences_shuffled_and_glued_with_spaces_keep_their_swaps(example_pair: tuple[str, str], seed: int) -> None:
    # A shuffler that cuts at every line break and full stop and joins the pieces with a
    # space glues headings (no full stop) onto the sentences after them: units are cut
    # at such seams (align.seams), so the swaps found in order are still found.
    original, spun = example_pair
    units = [u for u in re.split(r"(?<=[.!?])\s+|\n+", spun) if u.strip()]
    order = list(range(len(units)))
    random.Random(seed).shuffle(order)
    plain = spundetect.compare(original, spun)
    moved = spundetect.compare(original, " ".join(units[k] for k in order))
    check_contract(moved)
    assert moved.verdict == plain.verdict == "spun"
    before = {(s.original, s.suspect) for s in plain.swaps}
    after = {(s.original, s.suspect) for s in moved.swaps}
    assert len(before & after) >= 0.95 * len(before)


LOOK_ALIKE = [
    ("Information on public buses and trains that serve the airport.",
     "Information on world autobuses and trains that function the airport."),
    ("Information on limousine providers that serve the airport.",
     "Information on limo suppliers that function the airport."),
    ("Information on rates and locations for taxi service at the airport.",
     "Information on charge per unit and placements for hack service at the airport."),
    ("Information on shared ride providers that serve the airport.",
     "Information on shared ride suppliers that function the airport."),
    ("Information on registered charter bus companies that serve the airport.",
     "Information on filed charter autobus companionships that function the airport."),
]


def _own_originals(c: Comparison, pairs: list[tuple[str, str]]) -> int:
    """How many aligned pairs pair a sentence of ``pairs`` with its own original."""
    return sum(1 for p in c.pairs if p.aligned and p.original_span and p.suspect_span
               and (c.original[slice(*p.original_span)], c.suspect[slice(*p.suspect_span)]) in pairs)


def _step_helps(monkeypatch: pytest.MonkeyPatch, pairs: list[tuple[str, str]], joiner: str, step: str,
                skipped: Any) -> None:
    """Differential: ``compare()`` with the pairing step ``step`` against the same with
    ``skipped`` in its place, on ``pairs`` shuffled 20 ways (the suspects' sentences joined
    by ``joiner``). The step never loses a right pair, and it wins some."""
    import importlib

    compare_module = importlib.import_module("spundetect.compare")
    original = "\n\n".join(o for o, _ in pairs)
    suspects = []
    for seed in range(20):
        order = list(range(len(pairs)))
        random.Random(seed).shuffle(order)
        suspects.append(joiner.join(pairs[k][1] for k in order))
    with_step = [spundetect.compare(original, text) for text in suspects]
    for c in with_step:
        check_contract(c)
    monkeypatch.setattr(compare_module, step, skipped)
    without = [spundetect.compare(original, text) for text in suspects]
    assert all(_own_originals(a, pairs) >= _own_originals(b, pairs) for a, b in zip(with_step, without))
    assert sum(_own_originals(c, pairs) for c in with_step) > sum(_own_originals(c, pairs) for c in without)


def test_shuffled_look_alike_sentences_exchange_towards_their_own_originals(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # the pairing with exchanges (compare._exchanged) against the chain and the any-order
    # round alone
    _step_helps(monkeypatch, LOOK_ALIKE, "\n\n", "_exchanged", lambda got, *args: got)


# An original sentence taken by a weaker look-alike ("Asbestos Cancer", the heading) while
# its own spun copy lies elsewhere in the shuffled suspect (compare._reclaimed).
RECLAIM = [
    ("Asbestos cancer is a rare disease of the lining of the lungs.",
     "Asbestos malignant neoplastic disease is a rare disease of the liner of the lungs."),
    ("It is caused by breathing the fibres of asbestos at work.",
     "It is caused by breathing the fibers of asbestos at workplace."),
    ("How is asbestos cancer treated?", "How is asbestos malignant neoplastic disease cared for?"),
    ("Doctors use surgery, radiation and drugs against it.",
     "Physicians use operation, radiation and medicines against it."),
    ("The outlook depends on how early it is found.", "The mentality depends on how early it is set up."),
    ("Asbestos Cancer", "Asbestos Cancer"),
]


def test_unpaired_sentences_reclaim_their_originals_from_weaker_partners(monkeypatch: pytest.MonkeyPatch) -> None:
    # the pairing with compare._reclaimed against the same without it
    _step_helps(monkeypatch, RECLAIM, " ", "_reclaimed", lambda o, s, found, out, rest, *args: (out, rest))


def _reuse(o0: int, o1: int, s0: int, s1: int) -> Reuse:
    return Reuse((o0, o1), (s0, s1), 1, False, 1.0)


reuse_lists = st.lists(st.tuples(st.integers(0, 200), st.integers(1, 30), st.integers(0, 200), st.integers(1, 30)),
                       min_size=1, max_size=8).map(lambda xs: [_reuse(a, a + n, b, b + m) for a, n, b, m in xs])


@settings(max_examples=200, deadline=None)
@given(reuse_lists, st.data())
def test_passages_kept_beside_shown_ones_touch_them(found: list[Reuse], data: st.DataObject) -> None:
    import importlib

    compare_module = importlib.import_module("spundetect.compare")
    shown = data.draw(st.sets(st.integers(0, len(found) - 1)))
    paired = data.draw(st.sets(st.integers(0, len(found) - 1)))
    added = compare_module._beside_shown(found, shown, paired)
    assert added <= paired - shown
    # each added passage touches a kept or added one (as compare._joined joins them)
    assert all(any(compare_module._touch(found[k], found[q]) for q in (shown | added) - {k}) for k in added)
    assert compare_module._beside_shown(found, set(), paired) == set()
    assert compare_module._beside_shown(found, shown, set()) == set()


def _validated_like(model: Any) -> None:
    """A result model equals, field for field (types and order too), the model its
    validator makes of the same fields."""
    again = type(model).model_validate({k: getattr(model, k) for k in type(model).model_fields})
    assert list(model.__dict__) == list(again.__dict__)
    assert [type(v) for v in model.__dict__.values()] == [type(v) for v in again.__dict__.values()]
    assert model == again and model.model_dump_json() == again.model_dump_json() and repr(model) == repr(again)
    assert model.model_fields_set == again.model_fields_set
    assert model.__pydantic_extra__ == again.__pydantic_extra__ and model.__pydantic_private__ == again.__pydantic_private__


def test_models_built_without_validation_are_those_validation_makes(seeds: dict[str, str]) -> None:
    # compare._built makes the pairs, swaps and edits without their validator: each must be
    # the model validation makes (differential), and the result must survive its JSON.
    for original, suspect in [(seeds["002"], seeds["001"]), (seeds["000"], seeds["001"]),
                              ("The old friend came. We met an old man.", "The previous pal came. We met a aged man."),
                              ("Two men met in a long-suffering town.", "2 males met in a kind town.")]:
        c = spundetect.compare(original, suspect)
        assert c.pairs and c.swaps
        for model in [*c.pairs, *c.swaps, *c.edits]:
            _validated_like(model)
        assert Comparison.model_validate_json(c.model_dump_json()) == c
        # the built models share one fields set (branch seedspeed3): a copy with an update
        # gets its own, and leaves the others' as they were
        every = set(c.swaps[0].model_fields_set)
        copied = c.swaps[0].model_copy(update={"weight": 0.5})
        assert copied.model_fields_set == every and copied.model_fields_set is not c.swaps[0].model_fields_set
        assert all(sw.model_fields_set == every for sw in c.swaps)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(list("aB1 .\n-É") + ["Ünter", " 7th", "\n\n", "Dr. "]), max_size=30).map("".join))
def test_names_are_digits_and_capitals_inside_sentences(text: str) -> None:
    # compare._names marks with C loops; the definition reads each word after its sentence start
    import importlib

    from spundetect.segment import Words

    compare_module = importlib.import_module("spundetect.compare")
    words = Words.of(text)
    starts = set(words.first)
    want = [t.text[:1].isdigit() or (k not in starts and t.text[:1].isupper()) for k, t in enumerate(words.flat)]
    assert compare_module._names(words) == want
def test_two_pieces_of_one_stretch_side_by_side_join_even_with_their_originals_apart() -> None:
    """Branch pan34: passages next to each other in the suspect whose originals lie a
    sentence or two apart (or swapped) are one reused stretch (PAN 2013 03's splits)."""
    import importlib

    from spundetect.passages import EDGE_GAP, GAP

    compare_module = importlib.import_module("spundetect.compare")
    assert compare_module.JOIN_ORIGINAL_GAP == GAP > EDGE_GAP
    first, second = _reuse(300, 360, 1000, 1050), _reuse(100, 300 - 25, 1050, 1100)  # swapped, 25 apart
    _, [joined] = compare_module._joined([], [first, second])
    assert joined.original == (100, 360) and joined.suspect == (1000, 1100) and joined.seeds == 2
    # originals further apart than one seed gap: two reused passages
    far = _reuse(360 + GAP + 1, 400 + GAP, 1050, 1100)
    assert len(compare_module._joined([], [first, far])[1]) == 2
    # apart in the suspect: two passages too
    apart = _reuse(100, 275, 1050 + EDGE_GAP + 1, 1100 + EDGE_GAP)
    assert len(compare_module._joined([], [first, apart])[1]) == 2
    # condensed passages stay as they are
    condensed = Reuse((100, 275), (1050, 1100), 1, True, 1.0)
    assert len(compare_module._joined([], [first, condensed])[1]) == 2


@settings(max_examples=200, deadline=None)
@given(reuse_lists)
def test_joined_passages_cover_their_pieces(found: list[Reuse]) -> None:
    import importlib

    compare_module = importlib.import_module("spundetect.compare")
    found = sorted(found, key=lambda r: r.suspect)
    # suspect sides that do not overlap, as the chain gives them
    found = [r for k, r in enumerate(found) if all(r.suspect[0] >= q.suspect[1] for q in found[:k])]
    _, joined = compare_module._joined([], found)
    assert len(joined) <= len(found)
    assert sum(r.seeds for r in joined) == sum(r.seeds for r in found)
    for r in found:  # each piece lies inside exactly one joined passage
        assert sum(j.suspect[0] <= r.suspect[0] and r.suspect[1] <= j.suspect[1]
                   and j.original[0] <= r.original[0] and r.original[1] <= j.original[1] for j in joined) >= 1
    for a, b in zip(found, found[1:]):  # neighbours that touch end in one passage
        if compare_module._touch(a, b, original_gap=compare_module.JOIN_ORIGINAL_GAP):
            assert any(j.suspect[0] <= a.suspect[0] and b.suspect[1] <= j.suspect[1] for j in joined)


# --- differential: the statistics' C-loop counts against one swap after the other ----------

def _plain_swap_counts(swaps: list[Any]) -> dict[str, Any]:
    """The swap counts of compare._statistics, one swap after the other (its loop before
    branch seedspeed3): the reference."""
    import importlib

    from spundetect.evidence import rare_loose

    cm = importlib.import_module("spundetect.compare")
    n_swaps = swapped_o = swapped_s = flagged = n_forms = 0
    weight: float = 0
    form_weight: float = 0
    keys: list[str] = []
    consistent = thesaurus = loose = 0
    for sw in swaps:
        if sw.relation == "identical":
            n_forms += 1
            form_weight += sw.weight
            continue
        n_swaps += 1
        size_o, size_s = (int(x) for x in sw.shape.split(":"))
        swapped_o += size_o
        swapped_s += size_s
        if sw.flagged:
            flagged += 1
        weight += sw.weight
        if sw.synonym:
            keys.append(cm._folded(sw.original))
            consistent += "consistent" in sw.reasons
            thesaurus += sw.relation == "thesaurus"
            loose += rare_loose(sw.relation, sw.reasons)
    return dict(swaps=n_swaps, swapped_original_tokens=swapped_o, swapped_suspect_tokens=swapped_s,
                synonym_swaps=len(keys), flagged_swaps=flagged, swap_weight=round(weight, 4),
                repeated_swaps=sum(1 for key in keys if keys.count(key) >= 2), consistent_swaps=consistent,
                thesaurus_swaps=thesaurus, form_swaps=n_forms, form_weight=round(form_weight, 4),
                rare_loose_swaps=loose)


_SWAP_VIEWS = st.builds(
    lambda *fields: fields,
    st.sampled_from(["Big", "big", "old  friend", "Old friend", "x"]),
    st.sampled_from(["identical", "thesaurus", "same_synset", "co_hyponym", "none", "related"]),
    st.sampled_from(["1:1", "1:2", "2:1", "3:2"]), st.booleans(), st.booleans(),
    st.floats(min_value=0.0, max_value=3.0, allow_nan=False),
    st.lists(st.sampled_from(["consistent", "frequency_drop", "rare_sense", "thesaurus"]), max_size=3).map(tuple),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_SWAP_VIEWS, max_size=40))
def test_statistics_count_the_swaps_as_one_swap_after_the_other(fields: list[tuple[Any, ...]]) -> None:
    # compare._statistics counts the swaps with C loops and sums their weights with
    # reduce (branch seedspeed3): every count and both float sums must be those of the
    # plain loop, bit for bit.
    import importlib

    from spundetect.segment import Words

    cm = importlib.import_module("spundetect.compare")
    swaps = [tuple.__new__(cm._SwapView, f) for f in fields]
    words = Words.of("One text.")
    got = cm._statistics(words, words, [], swaps, 0, 0)
    want = _plain_swap_counts(swaps)
    assert {k: getattr(got, k) for k in want} == want


@settings(max_examples=40, deadline=None)
@given(starts=st.lists(st.integers(0, 500), max_size=40, unique=True), lo=st.integers(-5, 505),
       width=st.integers(0, 30))
def test_words_in_bisects_the_starts_as_the_keyed_bisection(starts: list[int], lo: int, width: int) -> None:
    """Differential (branch seedspeed4): the swap's word range from the words' starts read
    once equals the bisection of the words themselves by their start (main's)."""
    from bisect import bisect_left
    from operator import attrgetter

    from spundetect.compare import _START, _words_in

    class _Word:
        def __init__(self, start: int) -> None:
            self.start = start

    words = [_Word(x) for x in sorted(starts)]
    key = attrgetter("start")
    span = (lo, lo + width)
    want = (bisect_left(words, span[0], key=key), bisect_left(words, span[1], key=key))
    assert _words_in(list(map(_START, words)), span) == want
