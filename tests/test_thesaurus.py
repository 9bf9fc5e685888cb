"""The shipped broad thesaurus: lookups, base forms, the file format and its build."""

from __future__ import annotations

import functools
import importlib.util
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


def _reference_entries(th: Thesaurus) -> dict[bytes, bytes]:
    """Every entry of the file, each block decompressed whole and split into lines (the
    reader's way before blocks were read only as far as a look-up needs)."""
    import zlib

    entries: dict[bytes, bytes] = {}
    for offset, length in th._spans:
        start = th._base + offset
        for line in zlib.decompress(th._data[start : start + length]).splitlines():
            root, _, syns = line.partition(b"\t")
            entries[root] = syns
    return entries


def _reference(entries: dict[bytes, bytes], word: str) -> frozenset[str]:
    syns = entries.get(" ".join(word.lower().split()).encode())
    return frozenset(syns.decode().split(",")) if syns else frozenset()


def test_partial_blocks_against_whole_blocks() -> None:
    """Differential: every root of the shipped file, and the strings around each (a prefix,
    one past it, its first and last word), in a fresh reader, both in file order and
    shuffled (blocks read partly then further), give the entry the whole block has."""
    import random

    entries = _reference_entries(get_thesaurus())
    roots = sorted(r.decode() for r in entries)
    probes = roots + [r[:-1] for r in roots[::7]] + [r + "a" for r in roots[::5]] + [r + "\x00" for r in roots[::11]]
    probes += [r.split(" ")[-1] for r in roots if " " in r][::3] + ["", "a", "zzzzzz", "\x7f", "é"]
    for order in (probes, random.Random(4).sample(probes, len(probes))):
        th = Thesaurus()
        for word in order:
            assert th.entry(word) == _reference(entries, word), word


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="abcdeilmnorstuy -'", min_size=0, max_size=9), min_size=1, max_size=30))
def test_partial_blocks_any_order(words: list[str]) -> None:
    """Property: whatever the order of look-ups (each moving a block's decompression on),
    a fresh reader gives each word the entry of the whole block."""
    entries = _shipped_entries()
    th = Thesaurus()
    for word in words:
        assert th.entry(word) == _reference(entries, word)


@functools.lru_cache(maxsize=1)
def _shipped_entries() -> dict[bytes, bytes]:
    return _reference_entries(get_thesaurus())
