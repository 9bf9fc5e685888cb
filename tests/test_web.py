"""spundetect.web (HTML input with trafilatura) in the library, the index and the CLI."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

pytest.importorskip("trafilatura")

import spundetect  # noqa: E402
from spundetect.cli import main  # noqa: E402
from spundetect.errors import InputError, MissingExtraError, ResourceError, SettingsError  # noqa: E402
from spundetect.web import extract  # noqa: E402

ARTICLE = [
    "The Lighthouse Keepers",
    "The two men met an old friend in Moscow on the third of May, 1999. They walked along the "
    "river for an hour and talked about the long winter that had just ended.",
    "Later that evening they ate bread and drank strong tea in a small wooden house near the "
    "bridge, where the old friend had lived since he left the navy.",
]
SPUN = [
    "The Lighthouse Keepers",
    "The 2 males met a previous pal in Moscow on the third of May, 1999. They strolled along the "
    "stream for an hour and discussed the lengthy winter that had just finished.",
    "Later that night they consumed bread and drank powerful tea in a little wooden house close to the "
    "bridge, where the previous pal had lived since he departed the navy.",
]
BOILERPLATE = ["Subscribe to our newsletter", "Privacy policy", "Copyright 2024 Example News",
               "Most read this week", "Sign in"]


def page(paragraphs: list[str], site: str = "Example News") -> str:
    """A news page: header with navigation, sidebar, article, footer."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs[1:])
    return f"""<!DOCTYPE html>
<html><head><title>{paragraphs[0]} | {site}</title><meta charset="utf-8"></head>
<body>
<header><a href="/">{site}</a>
  <nav><ul><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li>
  <li><a href="/login">Sign in</a></li></ul></nav></header>
<aside class="sidebar"><h3>Most read this week</h3><ul><li><a href="/a">Markets fall again</a></li>
  <li><a href="/b">A new bridge for the city</a></li></ul></aside>
<main><article><h1>{paragraphs[0]}</h1>{body}</article></main>
<footer><p>Subscribe to our newsletter</p><p>Copyright 2024 {site}. All rights reserved.</p>
  <a href="/privacy">Privacy policy</a></footer>
</body></html>"""


# --- extract --------------------------------------------------------------------------------


def test_extract_keeps_the_article_and_drops_the_boilerplate() -> None:
    text = extract(page(ARTICLE))
    for paragraph in ARTICLE[1:]:
        assert paragraph in text
    assert text.index(ARTICLE[1]) < text.index(ARTICLE[2])
    for words in BOILERPLATE:
        assert words not in text, words
    # a second site's chrome around the same article gives the same text
    assert extract(page(ARTICLE, site="Daily Planet")) == text


def test_extract_errors() -> None:
    with pytest.raises(InputError) as err:
        extract(b"<html></html>")  # type: ignore[arg-type]
    assert err.value.code == "E101"
    for empty in ("", "   ", "<html><body></body></html>", "<p>a fragment</p>"):
        with pytest.raises(InputError) as err:
            extract(empty)
        assert err.value.code == "E104", empty


def test_missing_extra_is_a_coded_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # import trafilatura -> ImportError
    with pytest.raises(MissingExtraError) as err:
        extract(page(ARTICLE))
    assert err.value.code == "E201" and isinstance(err.value, (ImportError, ResourceError))
    assert 'pip install "spundetect[web]"' in err.value.message
    index = spundetect.Index()
    read: list[int] = []

    def docs():  # type: ignore[no-untyped-def]
        read.append(1)
        yield "a", page(ARTICLE)

    with pytest.raises(MissingExtraError):
        index.add_many(docs(), format="html")
    assert read == [] and len(index) == 0  # failed before reading anything
    with pytest.raises(MissingExtraError):
        index.add("a", page(ARTICLE), format="html")
    index.add("a", page(ARTICLE))  # plain text still works without the extra
    assert len(index) == 1


# --- compare and the index --------------------------------------------------------------------


def test_compare_extracted_pages_spans_refer_to_the_extracted_text() -> None:
    original, suspect = extract(page(ARTICLE)), extract(page(SPUN, site="Daily Planet"))
    c = spundetect.compare(original, suspect)
    assert c.verdict == "spun"
    assert c.original == original and c.suspect == suspect  # the texts compared are kept
    for swap in c.swaps:
        assert c.original[swap.original_span[0]:swap.original_span[1]] == swap.original


def test_index_add_html_stores_and_searches_the_extracted_text() -> None:
    bread = page(["Bread", "A recipe for bread needs flour, water, salt and some yeast, and an hour in a hot oven."])
    index = spundetect.Index()
    index.add("page", page(ARTICLE), format="html")
    index.add_many([("other", bread)], format="html")
    assert index.text("page") == extract(page(ARTICLE))
    query = extract(page(SPUN))
    hits = index.search(query)
    assert hits[0].doc_id == "page"
    assert all(0 <= a < b <= len(query) for a, b in hits[0].spans)
    assert [m.doc_id for m in index.find(query)] == ["page"]
    plain = spundetect.Index()
    plain.add_many([("page", extract(page(ARTICLE))), ("other", extract(bread))])
    assert plain.search(query) == hits
    with pytest.raises(SettingsError):
        index.add("x", "text", format="pdf")  # type: ignore[arg-type]
    with pytest.raises(SettingsError):
        index.add_many([("x", "text")], format="pdf")  # type: ignore[arg-type]
    with pytest.raises(InputError) as err:
        index.add_many([("ok", page(ARTICLE)), ("empty", "<html><body></body></html>")], format="html")
    assert err.value.code == "E104" and err.value.message.startswith("docs[1] text: ")


def test_build_index_html_on_dask() -> None:
    dask = pytest.importorskip("dask")
    db = pytest.importorskip("dask.bag")
    from spundetect.distributed import build_index

    pages = [("page", page(ARTICLE)), ("other", page(["Bread", "A recipe for bread needs flour, water "
                                                                "and an hour in a hot oven."]))]
    with dask.config.set(scheduler="synchronous"):
        sharded = build_index(db.from_sequence(pages, npartitions=2), format="html")
        one = spundetect.Index()
        one.add_many(pages, format="html")
        query = extract(page(SPUN))
        assert sharded.search(query) == one.search(query) and sharded.search(query)[0].doc_id == "page"


# --- the command line ---------------------------------------------------------------------------


def test_cli_compare_html(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.html").write_text(page(ARTICLE), encoding="utf-8")
    (tmp_path / "b.htm").write_text(page(SPUN, site="Daily Planet"), encoding="utf-8")
    assert main(["compare", str(tmp_path / "a.html"), str(tmp_path / "b.htm"), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["original"] == extract(page(ARTICLE)) and result["verdict"] == "spun"
    # --format html for files without the extension; --format text compares the markup
    (tmp_path / "a.page").write_text(page(ARTICLE), encoding="utf-8")
    assert main(["compare", str(tmp_path / "a.page"), str(tmp_path / "b.htm"), "--format", "html", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["original"] == extract(page(ARTICLE))
    assert main(["compare", str(tmp_path / "a.html"), str(tmp_path / "a.html"), "--format", "text", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["original"] == page(ARTICLE)
    (tmp_path / "empty.html").write_text("<html><body></body></html>", encoding="utf-8")
    assert main(["compare", str(tmp_path / "empty.html"), str(tmp_path / "a.html")]) == 1
    assert f"[E104] {tmp_path / 'empty.html'}: no main text" in capsys.readouterr().err


def test_cli_missing_extra(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                           monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.html").write_text(page(ARTICLE), encoding="utf-8")
    monkeypatch.setitem(sys.modules, "trafilatura", None)
    assert main(["compare", str(tmp_path / "a.html"), str(tmp_path / "a.html")]) == 1
    assert "[E201]" in capsys.readouterr().err


def test_cli_index_add_html(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pages = tmp_path / "pages"
    (pages / "sub").mkdir(parents=True)
    (pages / "article.html").write_text(page(ARTICLE), encoding="utf-8")
    (pages / "sub" / "bread.htm").write_text(page(["Bread", "A recipe for bread needs flour, water, salt "
                                                             "and some yeast, and an hour in a hot oven."]),
                                             encoding="utf-8")
    (pages / "notes.txt").write_text("Plain notes about the lighthouse and the sea.", encoding="utf-8")
    (pages / "style.css").write_text("body { color: red }", encoding="utf-8")
    crawl = tmp_path / "crawl.jsonl"
    crawl.write_text(json.dumps({"id": "crawled", "text": page(SPUN)}) + "\n", encoding="utf-8")
    index_path = str(tmp_path / "pages.index")
    assert main(["index", "add", index_path, str(pages), "--no-progress"]) == 0
    assert main(["index", "add", index_path, str(crawl), "--format", "html", "--no-progress"]) == 0
    capsys.readouterr()
    with spundetect.Index(index_path) as index:
        assert sorted(index) == ["article.html", "crawled", "notes.txt", "sub/bread.htm"]
        assert index.text("article.html") == extract(page(ARTICLE))
        assert index.text("crawled") == extract(page(SPUN))
        assert index.text("notes.txt").startswith("Plain notes")
    (tmp_path / "query.html").write_text(page(SPUN, site="Daily Planet"), encoding="utf-8")
    assert main(["search", index_path, str(tmp_path / "query.html"), "--json", "-k", "2"]) == 0
    hits = json.loads(capsys.readouterr().out)["hits"]
    assert [h["doc_id"] for h in hits] == ["crawled", "article.html"]
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"id": "x", "text": "<html></html>"}) + "\n", encoding="utf-8")
    assert main(["index", "add", index_path, str(bad), "--format", "html", "--no-progress"]) == 1
    assert f"[E104] {bad}, line 1: no main text" in capsys.readouterr().err
