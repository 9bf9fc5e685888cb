"""The shipped broad thesaurus: lookups, base forms, the file format and its build."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from spundetect import ResourceError
from spundetect.evidence import judge, Context
from spundetect.thesaurus import Thesaurus, get_thesaurus

REPO = Path(__file__).resolve().parents[1]


def _builder():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("build_thesaurus", REPO / "data" / "build_thesaurus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_thesaurus"] = module
    spec.loader.exec_module(module)
    return module


def test_shipped_lookups() -> None:
    th = get_thesaurus()
    assert "landmark" in th.entry("monument")
    assert "landmark" in th.entry("  Monument ")
    assert th.entry("qzxv-not-a-word") == frozenset()
    assert th.entry("") == frozenset()
    assert "Moby" in th.source


@pytest.mark.parametrize("a,b", [("monument", "landmark"), ("landmarks", "monuments"),
                                 ("damaged", "harmed"), ("often", "regularly")])
def test_linked_both_ways_and_through_base_forms(a: str, b: str) -> None:
    th = get_thesaurus()
    assert th.linked(a, b) and th.linked(b, a)


@pytest.mark.parametrize("a,b", [("monument", "monuments"), ("the", "a"), ("cat", "algebra")])
def test_not_linked(a: str, b: str) -> None:
    assert not get_thesaurus().linked(a, b)


def test_judge_uses_the_thesaurus_only_where_wordnet_has_no_link() -> None:
    j = judge("monument", "landmark", Context())
    assert j.relation == "thesaurus" and j.synonym and not j.flagged
    assert j.reasons[0] == "thesaurus"
    # WordNet links these two: its relation wins
    assert judge("friend", "pal", Context()).relation == "hyponym"


def test_build_round_trip(tmp_path: Path) -> None:
    build = _builder()
    words = tmp_path / "words.txt"
    words.write_text(
        "big,large,huge,great big,Enormous,x1,big\n"
        "house,home,dwelling,residence\n"
        "Zebra,quagga\n"
        "home,house,abode\n", encoding="utf-8")
    out = tmp_path / "th.bin"
    assert build.main([str(words), "--out", str(out)]) == 0
    th = Thesaurus(out)
    # x1 (not a word shape) and the root itself are dropped; case is folded
    assert th.entry("big") >= {"large", "huge", "great big", "enormous"}
    assert "x1" not in th.entry("big") and "big" not in th.entry("big")
    assert th.entry("home") >= {"house", "abode"}
    assert th.linked("dwelling", "house")
    # deterministic: the same input gives the same bytes
    again = tmp_path / "th2.bin"
    build.main([str(words), "--out", str(again)])
    assert again.read_bytes() == out.read_bytes()


def test_many_blocks(tmp_path: Path) -> None:
    build = _builder()
    entries = {f"root{chr(97 + i % 26)}{i:05d}".replace("0", "o").replace("1", "l"): {"alpha", "beta"}
               for i in range(6000)}
    entries = {k.translate(str.maketrans("23456789", "abcdefgh")): v for k, v in entries.items()}
    data = build.pack(entries, "test")
    path = tmp_path / "big.bin"
    path.write_bytes(data)
    th = Thesaurus(path)
    for key in list(entries)[::250]:
        assert th.entry(key) == frozenset({"alpha", "beta"})
    assert th.entry("aaaa") == frozenset()  # before the first block
    assert th.entry("zzzz") == frozenset()  # after the last


def test_bad_files(tmp_path: Path) -> None:
    with pytest.raises(ResourceError, match="cannot read"):
        Thesaurus(tmp_path / "missing.bin")
    bad = tmp_path / "bad.bin"
    bad.write_bytes(b"not a thesaurus at all")
    with pytest.raises(ResourceError, match="magic"):
        Thesaurus(bad)
    broken = tmp_path / "broken.bin"
    broken.write_bytes(b"SPDTHES1" + (5).to_bytes(4, "little") + b"{oops")
    with pytest.raises(ResourceError, match="header"):
        Thesaurus(broken)
