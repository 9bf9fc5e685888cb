"""Verdicts on texts that share only a little: two reports of one event sharing a
quotation, a spun page among other text on the same topic, and how the rest of the two
texts relates (:func:`spundetect.passages.background`): contracts, properties and a check
against a plain reference."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from test_compare import ESSAY, check_contract

import spundetect
from spundetect.lexicon import get_lexicon
from spundetect.passages import BACKGROUND_WORDS, RARE_ZIPF, Reuse, background, content_key, find_passages
from spundetect.score import TOPIC_BACKGROUND
from spundetect.segment import Words

QUOTE = ('"We have never seen the Wessock rise this fast, and every family on Corrigan Street was '
         'woken by the sirens before dawn, so I want to thank the Pellington rescue volunteers who '
         'carried our elderly neighbours to the school hall on their backs," Mayor Ingrid Hallvard said.')
# Two reports of one flood by different writers: the same names, places and event words,
# one quotation in common.
REPORT = (
    "Floodwater swept through the lower half of Thornbury Vale overnight after the River Wessock "
    "burst its embankment near the Pellington bridge. Firefighters evacuated forty households and "
    "laid sandbags along Corrigan Street until the early hours.\n\n" + QUOTE + "\n\n"
    "Meteorologists at the Harwick station recorded ninety millimetres of rainfall in twelve hours, "
    "the heaviest downpour in the valley since records began. The county engineer warned that the "
    "embankment, built of clay in the nineteenth century, could fail again if the drizzle persists. "
    "Insurers have opened a helpline for homeowners, and the parish church is serving soup to "
    "anyone displaced by the flooding."
)
OTHER_REPORT = (
    "Residents of Thornbury Vale were counting the cost on Tuesday after a breach in the Wessock "
    "embankment sent muddy water through dozens of cottages. The breach opened close to the old "
    "Pellington bridge shortly after midnight, and sandbags stacked by firefighters held the water "
    "back from the primary school.\n\n" + QUOTE + "\n\n"
    "Hydrologists blamed a week of torrential rainfall on the hills above Harwick, where the Wessock "
    "rises. Engineers from the county council will inspect the clay embankment once the river "
    "recedes, and the parish hall has become a shelter for displaced families with their dogs, "
    "mattresses and insurance paperwork."
)
# Another story from the bundled example's town (Kelmsby, its harbour, Margaret Ellis),
# sharing its names and figures but no sentence.
KELMSBY = (
    "Margaret Ellis's grandson, a trawlerman, moored at Kelmsby harbour for the festival weekend. "
    "Visitors queued for smoked mackerel and lifeboat tours, while a brass band played shanties "
    "beside the slipway. The harbourmaster counted 20,000 visitors over the two days. "
)
KELMSBY_AFTER = (
    "On Sunday the festival closed with fireworks over the estuary. Stallholders said takings "
    "reached 3.2 times last summer's, and the Kelmsby rowing club beat the coastguards at the tug "
    "of war. "
)


def _background(original: str, suspect: str) -> float | None:
    o, s = Words.of(original), Words.of(suspect)
    lexicon = get_lexicon()
    return background(o.norms, s.norms, find_passages(o.norms, s.norms),
                      rare=lambda w: lexicon.zipf(w) < RARE_ZIPF)


def test_two_reports_sharing_one_quotation_are_unrelated() -> None:
    # The quotation (48 words) is a passage of its own; the rest of the two reports shares
    # their topic, so it is what two reporters quoting one mayor share: not reuse.
    assert _background(REPORT, OTHER_REPORT) >= TOPIC_BACKGROUND  # type: ignore[operator]
    c = spundetect.compare(REPORT, OTHER_REPORT)
    check_contract(c)
    assert c.verdict == "unrelated" and c.passages == [] and c.reused_share == 0.0
    # The same quotation pasted among text on another topic is reuse of the report.
    page = ESSAY * 2 + "\n\n" + QUOTE + "\n\n" + ESSAY.replace("Bees", "Wasps")
    assert (_background(REPORT, page) or 0.0) < TOPIC_BACKGROUND
    c = spundetect.compare(REPORT, page)
    assert c.verdict == "copy"
    [passage] = c.passages
    assert page[slice(*passage.suspect_span)] in QUOTE and passage.suspect_tokens >= 40


def test_a_spun_page_among_text_on_its_own_topic_is_spun(example_pair: tuple[str, str]) -> None:
    # A spun article inside another report of the same event: the spun passage shows
    # reuse whatever the rest shares, and the page is spun, with its passage shown.
    original, spun = example_pair
    body = spun.split("\n\nLeave a Reply")[0]
    page = KELMSBY + "\n\n" + body + "\n\n" + KELMSBY_AFTER
    assert _background(original, page) >= TOPIC_BACKGROUND  # type: ignore[operator]
    c = spundetect.compare(original, page)
    check_contract(c)
    assert c.verdict == "spun"
    assert any(p.kind == "spun" for p in c.passages)
    start = page.index(body)
    spun_passages = [p for p in c.passages if p.kind == "spun"]
    assert min(p.suspect_span[0] for p in spun_passages) < start + 40
    assert max(p.suspect_span[1] for p in spun_passages) > start + len(body) - 40


def test_background_needs_enough_rare_words() -> None:
    o = [["the", "river", "wessock", "burst", "its", "embankment"]]
    assert background(o, o, [], rare=lambda w: True) is None  # fewer than BACKGROUND_WORDS keys
    many = [[f"w{k:02d}x" for k in range(BACKGROUND_WORDS)]]  # distinct keys
    assert background(many, many, [], rare=lambda w: True) == 1.0
    # words inside a passage are not the rest
    assert background(many, many, [Reuse((0, 1), (0, 1), 1, False, 1.0)], rare=lambda w: True) is None
    assert background([["other"]], many, [], rare=lambda w: True) == 0.0


def _plain_background(original: list[list[str]], suspect: list[list[str]], found: list[Reuse],
                      rare: set[str]) -> float | None:
    """The definition, word by word: rare content words of the suspect outside every
    passage, by key; the share of those keys the original has anywhere."""
    flat = [w for sentence in suspect for w in sentence]
    outside = [w for j, w in enumerate(flat) if not any(r.suspect[0] <= j < r.suspect[1] for r in found)]
    keys = {content_key(w) for w in outside if content_key(w) is not None and w in rare}
    if len(keys) < BACKGROUND_WORDS:
        return None
    o_keys = {content_key(w) for sentence in original for w in sentence}
    return len(keys & o_keys) / len(keys)


_WORDS = st.sampled_from([f"w{k:02d}x" for k in range(40)] + ["the", "of", "and", "a", "to"])
_TEXT = st.lists(st.lists(_WORDS, min_size=1, max_size=12), min_size=1, max_size=8)


@settings(max_examples=120, deadline=None)
@given(_TEXT, _TEXT, st.lists(st.tuples(st.integers(0, 60), st.integers(0, 20)), max_size=3),
       st.sets(st.sampled_from([f"w{k:02d}x" for k in range(40)])))
def test_background_matches_a_plain_reading(original: list[list[str]], suspect: list[list[str]],
                                            spans: list[tuple[int, int]], rare: set[str]) -> None:
    found = [Reuse((0, 1), (a, a + n), 1, False, 1.0) for a, n in spans]
    got = background(original, suspect, found, rare=lambda w: w in rare)
    assert got == _plain_background(original, suspect, found, rare)
    if got is not None:
        assert 0.0 <= got <= 1.0
