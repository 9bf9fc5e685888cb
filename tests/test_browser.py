"""The HTML report in a real browser: Debian's Chromium, headless, driven by Playwright.

Needs ``/usr/bin/chromium`` (``apt-get install -y chromium``) and the Python package
``playwright`` (its own browser download is never used: ``executable_path`` points at
Debian's Chromium). Skips cleanly when either is missing.

Loads reports (file:// URLs) of a hand-made result whose suspect carries hostile payloads
(script tags, event handlers, ``javascript:`` links, ``</style>``, attribute-breaking
quotes) and checks that swaps are highlighted, that focusing a swap shows its reasons,
that the hide-unchanged control works, and that nothing injected ran. Loads the report of
an out-of-order pair (tests/golden/moved.json: passages taken from the original in another
order) and checks that both bands of every passage show, and that hovering, focusing or
clicking a band lights up (or pins and scrolls to) its counterpart in the other column.
Saves screenshots to tests/artifacts/ and, with ``SPUNDETECT_DOCS_SCREENSHOT=1``, a
screenshot of the bundled out-of-order example (examples/moved/) to docs/images/report.png.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_render_text import load

from spundetect.evidence import REASONS
from spundetect.render.html import fragment, page

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "tests" / "artifacts"
CHROMIUM = os.environ.get("SPUNDETECT_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
if not Path(CHROMIUM).is_file():
    pytest.skip(f"chromium is not installed ({CHROMIUM})", allow_module_level=True)

TRANSPARENT = "rgba(0, 0, 0, 0)"


@pytest.fixture(scope="module")
def context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_api.sync_playwright() as pw:
        ctx = pw.chromium.launch_persistent_context(
            str(profile),
            executable_path=CHROMIUM,
            headless=True,
            args=FLAGS,
            viewport={"width": 1280, "height": 900},
        )
        ctx.set_default_timeout(5000)
        try:
            yield ctx
        finally:
            ctx.close()


class Opened:
    """A page with the dialogs and console errors it produced."""

    def __init__(self, ctx: Any, path: Path) -> None:
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page = ctx.new_page()
        self.page.on("dialog", self._dialog)
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(path.as_uri())
        self.page.wait_for_load_state("load")

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def pwned(self) -> Any:
        return self.page.evaluate("() => window.__pwned")


@pytest.fixture(scope="module")
def hostile_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    c = load("hostile")
    d = tmp_path_factory.mktemp("reports")
    with_csp = d / "page.html"
    with_csp.write_text(page(c), encoding="utf-8")
    # The fragment in a bare page without any Content Security Policy: escaping alone
    # must keep the payloads inert.
    bare = d / "fragment.html"
    bare.write_text(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>"
        + fragment(c)
        + "</body></html>",
        encoding="utf-8",
    )
    small = d / "small.html"
    small.write_text(page(load("small_pair")), encoding="utf-8")
    moved = d / "moved.html"
    moved.write_text(page(load("moved")), encoding="utf-8")
    return {"page": with_csp, "fragment": bare, "small": small, "moved": moved}


@pytest.mark.parametrize("which", ["page", "fragment"])
def test_nothing_injected_runs(context: Any, hostile_files: dict[str, Path], which: str) -> None:
    opened = Opened(context, hostile_files[which])
    p = opened.page
    p.wait_for_timeout(150)  # let an injected onerror/onload fire, if any existed
    # hover and focus everything a payload could hang a handler on
    marks = p.locator("mark.spd-mark")
    for k in range(marks.count()):
        marks.nth(k).hover()
    for k in range(marks.count()):
        marks.nth(k).focus()
    # and the passages' bands and labels (hover, focus, click: the script's own handlers)
    labels = p.locator(".spd-band-label[tabindex]")
    assert labels.count() == 4  # two passages, both columns
    for k in range(labels.count()):
        labels.nth(k).hover()
        labels.nth(k).click()
        p.keyboard.press("Enter")
    assert opened.pwned() is None
    assert opened.dialogs == []
    assert p.locator("img, svg, iframe, a, object, embed, textarea").count() == 0
    assert p.locator("script").count() == 1
    assert p.locator("style").count() == 1
    # the payloads are shown as text
    body = p.inner_text("table.spd-pairs")
    assert "<script>window.__pwned=1;alert(1)</script>" in body
    assert '<a href="javascript:window.__pwned=3">click</a>' in body
    band = p.inner_text('.spd-doc-s .spd-band[data-passage="1"]')
    assert "</style><script>window.__pwned=4</script>" in band
    assert opened.errors == []
    p.close()


def test_report_behaves(context: Any, hostile_files: dict[str, Path]) -> None:
    opened = Opened(context, hostile_files["small"])
    p = opened.page

    # swaps are highlighted, coloured by judgement
    colours = {}
    for judgement in ("flagged", "synonym", "edit"):
        loc = p.locator(f"mark.spd-swap.spd-{judgement}")
        assert loc.count() >= 2
        colours[judgement] = loc.first.evaluate("e => getComputedStyle(e).backgroundColor")
        assert colours[judgement] != TRANSPARENT
    assert len(set(colours.values())) == 3

    # focusing a swap (keyboard) shows its reasons; the other column's side is outlined
    flagged = p.locator("td.spd-o mark.spd-flagged").first
    tip = flagged.locator(".spd-tip")
    assert not tip.is_visible()
    # (Tab from the checkbox: the passage map's first band label, then its first swap)
    p.locator("input.spd-hide-unchanged").focus()
    p.keyboard.press("Tab")
    assert p.evaluate("() => document.activeElement.className").startswith("spd-band-label")
    p.keyboard.press("Tab")
    assert p.evaluate("() => document.activeElement.dataset.key") == "s0"
    assert p.evaluate("() => !!document.activeElement.closest('.spd-doc-o')")
    flagged.focus()
    assert tip.is_visible()
    assert REASONS["rare_sense"] in tip.inner_text()
    twin = p.locator('td.spd-s mark[data-key="s0"]')
    assert "spd-active" in (twin.get_attribute("class") or "")
    p.keyboard.press("Escape")
    assert not tip.is_visible()

    # hovering shows the tooltip too
    p.locator('td.spd-s mark[data-key="s5"]').hover()
    assert p.locator('td.spd-s mark[data-key="s5"] .spd-tip').is_visible()
    p.mouse.move(0, 0)

    # the control hides unchanged pairs, and only those
    unchanged = p.locator("tr.spd-unchanged")
    changed = p.locator("tr.spd-changed")
    assert unchanged.count() == 1 and unchanged.first.is_visible()
    p.locator("input.spd-hide-unchanged").check()
    assert unchanged.first.is_hidden()
    assert all(changed.nth(k).is_visible() for k in range(changed.count()))
    p.locator("input.spd-hide-unchanged").uncheck()
    assert unchanged.first.is_visible()

    # print: no tooltips and no controls
    p.emulate_media(media="print")
    assert p.locator(".spd-controls").is_hidden()
    p.emulate_media(media="screen")

    # a picture of it, with one tooltip open
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    p.locator('td.spd-s mark[data-key="s0"]').focus()
    p.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
    assert opened.errors == [] and opened.dialogs == []
    p.close()


def _in_view(loc: Any) -> bool:
    return bool(loc.evaluate(
        "e => { const r = e.getBoundingClientRect();"
        " return r.bottom > 0 && r.top < window.innerHeight; }"))


def _background(loc: Any) -> str:
    return str(loc.evaluate("e => getComputedStyle(e).backgroundColor"))


def test_passages_out_of_order(context: Any, hostile_files: dict[str, Path]) -> None:
    c = load("moved")
    starts = [ps.original_span[0] for ps in c.passages]
    assert starts != sorted(starts)  # the pair is out of order
    opened = Opened(context, hostile_files["moved"])
    p = opened.page
    p.set_viewport_size({"width": 1280, "height": 700})

    def band(column: str, k: int) -> Any:
        return p.locator(f'.spd-doc-{column} .spd-band[data-passage="{k}"]').first

    # both bands of every passage are shown, labelled, in colour; colours differ
    colours = set()
    for ps in c.passages:
        for column in ("o", "s"):
            b = band(column, ps.index)
            assert b.count() == 1 and b.is_visible()
            label = b.locator(".spd-band-label")
            assert label.inner_text() == f"{ps.index + 1} {ps.kind} {ps.score:.2f}"
            assert _background(b) != TRANSPARENT
        colours.add(_background(band("s", ps.index)))
    assert len(colours) == len(c.passages)
    # swaps stay marked inside the bands
    assert p.locator(".spd-doc-s .spd-band mark.spd-flagged").count() > 0

    # hovering a band lights up its counterpart in the other column, and only it
    first, other = c.passages[0].index, c.passages[1].index
    twin = band("o", first)
    before = _background(twin)
    band("s", first).locator(".spd-band-label").hover()
    assert "spd-band-on" in (twin.get_attribute("class") or "")
    assert _background(twin) != before
    assert "spd-band-on" not in (band("o", other).get_attribute("class") or "")
    p.mouse.move(0, 0)
    assert "spd-band-on" not in (twin.get_attribute("class") or "")
    assert _background(twin) == before

    # clicking pins the passage and brings its other side into view (it is further down
    # the original, out of view); clicking again unpins it
    p.evaluate("() => window.scrollTo(0, 0)")
    label = band("s", first).locator(".spd-band-label")
    label.scroll_into_view_if_needed()
    assert not _in_view(twin)
    label.click()
    assert "spd-band-pin" in (twin.get_attribute("class") or "")
    assert _in_view(twin)
    p.mouse.move(0, 0)
    assert _background(twin) != before  # stays lit while pinned
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    p.screenshot(path=str(ARTIFACTS / "passages-pinned.png"))
    band("o", first).locator(".spd-band-label").click()
    assert "spd-band-pin" not in (twin.get_attribute("class") or "")

    # the keyboard: Tab to a label lights up the other side; Enter pins it
    label = band("o", other).locator(".spd-band-label")
    label.focus()
    assert "spd-band-on" in (band("s", other).get_attribute("class") or "")
    p.keyboard.press("Enter")
    assert "spd-band-pin" in (band("s", other).get_attribute("class") or "")
    p.keyboard.press("Enter")
    assert "spd-band-pin" not in (band("s", other).get_attribute("class") or "")

    # the summary's passage rows and the pairs' badges light up the bands too
    p.locator(f'.spd-ptable tr[data-passage="{first}"]').hover()
    assert "spd-band-on" in (band("s", first).get_attribute("class") or "")
    assert "spd-band-on" in (band("o", first).get_attribute("class") or "")
    p.locator(f'.spd-pbadge[data-passage="{other}"]').first.hover()
    assert "spd-band-on" in (band("o", other).get_attribute("class") or "")

    # a picture of the map with a passage lit up
    p.evaluate("() => window.scrollTo(0, 0)")
    band("s", first).locator(".spd-band-label").hover()
    p.screenshot(path=str(ARTIFACTS / "passages.png"), full_page=True)
    assert (ARTIFACTS / "passages.png").stat().st_size > 10_000
    assert opened.errors == [] and opened.dialogs == []
    p.close()


@pytest.mark.skipif(
    os.environ.get("SPUNDETECT_DOCS_SCREENSHOT") != "1",
    reason="set SPUNDETECT_DOCS_SCREENSHOT=1 to refresh docs/images/report.png",
)
def test_docs_screenshot(context: Any, tmp_path: Path) -> None:
    import spundetect

    examples = REPO / "examples" / "moved"
    c = spundetect.compare(
        (examples / "original.txt").read_text(encoding="utf-8"),
        (examples / "suspect.txt").read_text(encoding="utf-8"),
    )
    assert len(c.passages) >= 2
    path = tmp_path / "example.html"
    c.save_html(path)
    opened = Opened(context, path)
    p = opened.page
    p.set_viewport_size({"width": 1200, "height": 1250})
    # the suspect's first passage lit up: its band in the original is further down
    p.locator('.spd-doc-s .spd-band[data-passage="0"] .spd-band-label').first.hover()
    out = REPO / "docs" / "images" / "report.png"
    out.parent.mkdir(parents=True, exist_ok=True)
    p.screenshot(path=str(out), full_page=False)
    assert out.stat().st_size > 10_000
    p.close()
