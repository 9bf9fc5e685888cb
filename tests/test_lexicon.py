"""Tests of spundetect.lexicon: the shipped WordNet 3.0, relations, lookups, offline use.

Facts of WordNet 3.0 that differ from what one might guess are asserted as they are
("friend" -> "pal" is a hyponym, not a shared synset; there is no lemma "Chinese
language"), with the reason beside the assertion.
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import hashlib
import importlib.util
import pickle
import random
import threading
import zipfile
import zlib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spundetect.errors import InputTypeError, ResourceError, SettingsError
from spundetect.lexicon import DATA_DIR, RELATIONS, Lexicon, Relation, get_lexicon

REPO = Path(__file__).resolve().parent.parent
ZIP = DATA_DIR / "corpora" / "wordnet.zip"


@pytest.fixture(scope="module")
def lex() -> Lexicon:
    return get_lexicon()


def _run(code: str) -> dict[str, object]:
    """Run ``code`` in a fresh interpreter; it prints one JSON object as last line."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


# ---------------------------------------------------------------------------- data


def test_shipped_data_layout_and_licence() -> None:
    assert ZIP.is_file()
    licence = (DATA_DIR / "LICENSE").read_text(encoding="utf-8")
    assert "WordNet 3.0 Copyright 2006 by Princeton University" in licence
    assert 'THIS SOFTWARE AND DATABASE IS PROVIDED "AS IS"' in licence
    with zipfile.ZipFile(ZIP) as zf:
        names = set(zf.namelist())
        lexnames = zf.read("wordnet/lexnames").decode("ascii").splitlines()
        assert zf.read("wordnet/LICENSE").decode("utf-8") == licence
    expected = {f"wordnet/{k}.{p}" for k in ("data", "index") for p in ("adj", "adv", "noun", "verb")}
    expected |= {f"wordnet/{p}.exc" for p in ("adj", "adv", "noun", "verb")}
    expected |= {"wordnet/", "wordnet/lexnames", "wordnet/index.sense", "wordnet/cntlist.rev", "wordnet/LICENSE"}
    assert names == expected
    assert len(lexnames) == 45
    assert lexnames[0] == "00\tadj.all\t3"
    assert lexnames[5] == "05\tnoun.animal\t1"
    assert lexnames[44] == "44\tadj.ppl\t3"
    assert all(int(line.split("\t")[0]) == i for i, line in enumerate(lexnames))


def test_lazy_import_and_offline_load_without_nltk() -> None:
    """In a fresh interpreter with every socket refused: importing the module loads
    neither NLTK nor wordfreq; loading then works, never imports NLTK (the shipped table
    replaces its reader) and so leaves nltk.data.path alone."""
    code = r"""
import json, socket, sys
def refuse(*args, **kwargs):
    raise OSError("network blocked by test")
socket.socket.connect = refuse
socket.socket.connect_ex = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse
from spundetect.lexicon import DATA_DIR, get_lexicon
lazy = {m: m in sys.modules for m in ("nltk", "wordfreq")}
lex = get_lexicon()
r = lex.relation("model", "mannequin")
print(json.dumps({
    "lazy": lazy,
    "kind": r.kind, "rank": r.sense_rank,
    "nltk_after": "nltk" in sys.modules,
    "zipf": lex.zipf("mannequin"),
    "synonyms": len(lex.synonyms("quick")),
}))
sys.stdout.flush()
import os
os._exit(0)  # skip tearing down a million objects at exit
"""
    result = _run(code)
    assert result["lazy"] == {"nltk": False, "wordfreq": False}
    assert result["kind"] == "same_synset" and result["rank"] == 8
    assert result["nltk_after"] is False
    assert isinstance(result["zipf"], float) and result["zipf"] > 2.0
    assert isinstance(result["synonyms"], int) and result["synonyms"] > 5


def test_missing_data_raises_resource_error(tmp_path: Path) -> None:
    with pytest.raises(ResourceError) as info:
        Lexicon(tmp_path)
    assert str(tmp_path / "table.pickle.zlib") in str(info.value)
    assert info.value.code.startswith("E2")


@pytest.mark.parametrize(
    "content",
    [b"not zlib", zlib.compress(b"not a pickle"), zlib.compress(pickle.dumps({"format": 0}))],
)
def test_corrupt_data_raises_resource_error(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "table.pickle.zlib").write_bytes(content)
    with pytest.raises(ResourceError) as info:
        Lexicon(tmp_path)
    assert str(tmp_path) in str(info.value)


# ---------------------------------------------------------------------------- relations


def test_relation_kinds_constant() -> None:
    assert RELATIONS == (
        "identical", "same_synset", "similar_to", "hypernym", "hyponym",
        "co_hyponym", "derivation", "other_pos", "related", "none",
    )  # fmt: skip


def test_friend_pal_is_hyponym(lex: Lexicon) -> None:
    # WordNet 3.0 puts "pal" in buddy.n.01 (brother, buddy, chum, crony, pal, sidekick),
    # a hyponym of friend.n.01; no synset holds both words.
    r = lex.relation("friend", "pal")
    assert (r.kind, r.pos, r.sense_rank, r.sense_count) == ("hyponym", "n", 1, 5)


def test_model_mannequin_is_a_rare_shared_sense(lex: Lexicon) -> None:
    r = lex.relation("model", "mannequin")
    assert r == Relation("same_synset", "n", 8, 9, 0, 19)


def test_old_previous_is_the_last_adjective_sense(lex: Lexicon) -> None:
    r = lex.relation("old", "previous")  # previous.s.01 "previous, old": sense 8 of 8
    assert (r.kind, r.pos, r.sense_rank, r.sense_count, r.tagged_count) == ("same_synset", "a", 8, 8, 0)
    assert r.first_sense_tagged > 100


def test_countries_nations_first_sense(lex: Lexicon) -> None:
    r = lex.relation("countries", "nations")
    assert (r.kind, r.pos, r.sense_rank) == ("same_synset", "n", 1)
    assert r.tagged_count == r.first_sense_tagged > 0


def test_taxonomy(lex: Lexicon) -> None:
    assert lex.relation("dog", "animal").kind == "hypernym"  # dog -> domestic animal -> animal
    assert lex.relation("animal", "dog").kind == "hyponym"
    assert lex.relation("dog", "wolf").kind == "co_hyponym"  # both canines
    assert lex.relation("quick", "rapid").kind == "co_hyponym"  # satellites of "fast"
    assert lex.relation("wet", "damp").kind == "similar_to"
    assert lex.relation("Dogs", "ANIMALS").kind == "hypernym"


def test_identical_derivation_other_pos_none(lex: Lexicon) -> None:
    assert lex.relation("run", "ran") == Relation("identical", "v", 1, 41, 106, 106)
    assert lex.relation("Countries", "country").kind == "identical"
    assert lex.relation("xyzzyq", "XYZZYQ") == Relation("identical", None, None, 0, 0, 0)
    assert lex.relation("decision", "decide").kind == "derivation"
    # "lower" is mostly the adjective "low"; "frown" shares a synset with the verb only.
    r = lex.relation("lower", "frown")
    assert (r.kind, r.pos, r.sense_rank) == ("other_pos", "v", 5)
    assert lex.relation("dog", "xyzzyq") == Relation("none", None, None, 0, 0, 0)
    assert lex.relation("fast", "slow").kind == "none"  # antonyms are not a link here


def test_chinese_language_is_not_a_wordnet_lemma(lex: Lexicon) -> None:
    # WordNet 3.0 calls the language just "Chinese" (chinese.n.01); no "Chinese_language".
    assert lex.is_lemma("Chinese")
    assert not lex.is_lemma("Chinese language")
    assert lex.relation("Chinese", "Chinese language").kind == "none"


def test_multiword_lemmas(lex: Lexicon) -> None:
    assert lex.is_lemma("going through")
    assert lex.is_lemma("Going_Through")
    assert lex.is_lemma("went  through")
    assert lex.is_lemma("looked up")
    assert lex.is_lemma("United States")
    assert lex.lemmas("going through") == [("go through", "v")]
    assert not lex.is_lemma("through going")


def test_relation_results_are_cached(lex: Lexicon) -> None:
    first = lex.relation("car", "automobile")
    assert lex.relation("Car", "AUTOMOBILE") is first
    assert first.kind == "same_synset"
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.kind = "none"  # type: ignore[misc]


def test_relation_is_thread_safe(lex: Lexicon) -> None:
    # Words no other test uses, so the threads hit cold caches and NLTK's shared reader.
    pairs = [("vessel", "ship"), ("quarrel", "argument"), ("gaze", "stare"),
             ("brave", "courageous"), ("purchase", "buy"), ("tiny", "minuscule"),
             ("seize", "grab"), ("weary", "tired"), ("harbour", "port"), ("swift", "rapid")]  # fmt: skip
    results: dict[int, list[Relation]] = {}
    start = threading.Barrier(6)

    def work(n: int) -> None:
        order = pairs[n:] + pairs[:n]
        start.wait()
        got = {p: lex.relation(*p) for p in order}
        results[n] = [got[p] for p in pairs]

    threads = [threading.Thread(target=work, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    expected = [lex._compute_relation(a, b) for a, b in pairs]  # recomputed serially
    assert len(results) == 6 and all(r == expected for r in results.values())
    assert lex.relation("vessel", "ship").kind == "hyponym"  # a ship is a kind of vessel


# ---------------------------------------------------------------------------- lookups


def test_lemmas_most_frequent_first(lex: Lexicon) -> None:
    assert lex.lemmas("saw")[0] == ("see", "v")
    assert ("saw", "n") in lex.lemmas("saw")
    assert lex.lemmas("countries") == [("country", "n")]
    assert lex.lemmas("lower")[0] == ("low", "a")


def test_synonyms(lex: Lexicon) -> None:
    quick = lex.synonyms("quick")
    assert quick[:3] == ["speedy", "flying", "fast"]
    assert "quick" not in quick and len(quick) == len(set(quick))
    model = lex.synonyms("models", pos="n")
    assert "mannequin" in model and "fashion model" in model
    assert not any("_" in s for s in model)
    assert "country" not in lex.synonyms("countries")
    assert lex.synonyms("model", pos="s") == lex.synonyms("model", pos="a") == ["exemplary"]
    with pytest.raises(SettingsError):
        lex.synonyms("model", pos="x")


def test_senses_known_zipf(lex: Lexicon) -> None:
    assert lex.senses("model") == 16 and lex.senses("model", "n") == 9
    assert lex.zipf("the") > 6.5
    assert lex.is_known("mannequin") and lex.is_known("Models")
    assert not lex.is_known("xqzjvw")


JUNK = ["", " ", "\t\n", "12", "3.14", "!!!", "-", "_", "__", "'s", "\x00", "\u200b",
        "😀", "👩‍👩‍👧", "ﬁne", "Ⅻ", "a" * 10_000, "x y " * 500, "??? !!!", "\ud800"]  # fmt: skip


@pytest.mark.parametrize("junk", JUNK)
def test_junk_never_raises(lex: Lexicon, junk: str) -> None:
    for a, b in ((junk, "dog"), ("dog", junk), (junk, junk)):
        assert lex.relation(a, b).kind in RELATIONS
    assert isinstance(lex.lemmas(junk), list)
    assert isinstance(lex.is_lemma(junk), bool)
    assert isinstance(lex.is_known(junk), bool)
    assert isinstance(lex.zipf(junk), float)
    assert isinstance(lex.synonyms(junk), list)
    assert lex.senses(junk) >= 0


def test_non_strings_raise_input_type_error(lex: Lexicon) -> None:
    with pytest.raises(InputTypeError):
        lex.relation(None, "dog")  # type: ignore[arg-type]
    with pytest.raises(InputTypeError):
        lex.is_lemma(3)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------- the table


def _build_script() -> object:
    spec = importlib.util.spec_from_file_location("build_wordnet", REPO / "data" / "build_wordnet.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def nltk_wn() -> object:
    """NLTK's own reader over the shipped zip (what the table was built from)."""
    return _build_script().open_with_nltk(DATA_DIR)  # type: ignore[attr-defined]


def test_table_built_from_shipped_zip() -> None:
    """The table records the zip it was built from: rebuild it when the zip changes
    (python data/build_wordnet.py --table-only)."""
    table = pickle.loads(zlib.decompress((DATA_DIR / "table.pickle.zlib").read_bytes()))
    digest = hashlib.sha256(ZIP.read_bytes()).hexdigest()
    assert table["source"] == f"corpora/wordnet.zip sha256 {digest}"
    assert table["format"] == 1


def test_table_matches_nltk(lex: Lexicon, nltk_wn: object) -> None:
    """Morphy, the lemma index and the synset records agree with NLTK's reader."""
    wn: Any = nltk_wn
    words = ["model", "good", "run", "ran", "quickly", "previous", "mice", "geese", "better",
             "best", "went", "dogs", "churches", "looked_up", "going", "axes", "women", "ties",
             "s", "es", "ing", "hot_dog", "life-threatening", "one's_mind", "xyzzy", ""]
    rng = random.Random(3)
    words += rng.sample(sorted(wn._lemma_pos_offset_map), 300)
    words += [w + suffix for w in rng.sample(sorted(wn._lemma_pos_offset_map), 300)
              for suffix in ("s", "es", "ed", "ing", "er", "est")]
    for word in words:
        for pos in ("n", "v", "a", "r"):
            assert list(lex._morphy(word, pos)) == wn._morphy(word, pos), (word, pos)
            offsets = wn._lemma_pos_offset_map[word].get(pos, []) if word in wn._lemma_pos_offset_map else []
            assert list(lex._offsets(word, pos)) == offsets, (word, pos)
    for word in words[:120]:
        for synset in wn.synsets(word):
            pos = "a" if synset.pos() == "s" else synset.pos()
            fields = lex._record((pos, synset.offset()))
            assert fields[0] == synset.pos()
            assert fields[1].split(" ") == synset.lemma_names()
            counts = [lemma.count() for lemma in synset.lemmas()]
            assert (list(map(int, fields[2].split())) if fields[2] else [0] * len(counts)) == counts
            hyper = {("a" if p == "s" else p, o) for sym in ("@", "@i") for p, o in synset._pointers.get(sym, ())}
            assert lex._links((pos, synset.offset()), 3) == hyper


def test_plain_word_zipf_is_wordfreqs(lex: Lexicon) -> None:
    """The shortcut for plain lower-case words gives wordfreq's own answer (checked on a
    sample of wordfreq's English list and on random strings it lacks)."""
    import re
    import string

    from wordfreq import get_frequency_dict, zipf_frequency

    from spundetect.lexicon import _plain_zipf

    freqs = get_frequency_dict("en", "best")
    rng = random.Random(11)
    words = rng.sample(sorted(w for w in freqs if re.fullmatch("[a-z]+", w)), 30_000)
    words += ["".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(1, 14)))
              for _ in range(5_000)]
    assert [w for w in words if _plain_zipf(freqs, w) != zipf_frequency(w, "en")] == []
    assert lex.zipf("the") == zipf_frequency("the", "en")
    assert lex.zipf("37th") == zipf_frequency("37th", "en")  # not plain: wordfreq itself


def test_phrase_pre_check_never_hides_a_lemma(lex: Lexicon) -> None:
    # _may_be_phrase answers "no" without morphy; whenever it does, the full look-up of the
    # phrase and of its hyphenated spelling must find nothing.
    phrases = [k for k in lex._index if "_" in k]
    rng = random.Random(5)
    sample = rng.sample(phrases, 1500)
    words = [k for k in lex._index if "_" not in k and k.isalpha()]
    keys = set(sample)
    keys |= {k + "s" for k in sample[:300]} | {k.replace("_", "s_", 1) for k in sample[300:600]}
    keys |= {k.replace("-", "_") for k in lex._index if "-" in k and k.count("-") <= 2}
    keys |= {"_".join(rng.sample(words, 2)) for _ in range(1500)}
    keys |= {"_".join(rng.sample(["more", "and", "the", "of", "lots", "a", "in", "friend", "'s"], 2))
             for _ in range(200)}
    skipped = 0
    for key in keys:
        if lex._may_be_phrase(key):
            continue
        skipped += 1
        assert not lex._compute_plain_entry(key).synsets, key
        assert not lex._compute_plain_entry(key.replace("_", "-")).synsets, key
    assert skipped > 1000  # the check does skip most non-lemmas


def test_unlinked_shortcut_agrees_with_the_sense_by_sense_tests(lex: Lexicon) -> None:
    # _compute_relation settles "none" from unions of the two words' neighbourhoods; the
    # plain test below walks every sense of the original, as the full loop does.
    def linked(original: str, suspect: str) -> bool:
        first, second = lex._entry(original), lex._entry(suspect)
        others = second.synsets
        sim_s, up_s, par_s, der_s = (lex._union(f, others) for f in
                                     (lex._similar, lex._up2, lex._parents, lex._derived))
        for key in first.synsets:
            sim, up, par, der = lex._similar(key), lex._up2(key), lex._parents(key), lex._derived(key)
            if (key in others or key in sim_s or key in up_s or key in der_s
                    or not sim.isdisjoint(others) or not up.isdisjoint(others)
                    or not par.isdisjoint(par_s) or not der.isdisjoint(others)
                    or not sim.isdisjoint(sim_s) or not der.isdisjoint(sim_s)
                    or not sim.isdisjoint(der_s) or not up.isdisjoint(up_s)):
                return True
        return False

    rng = random.Random(11)
    words = [k for k in lex._index if "_" not in k and k.isalpha()]
    pairs = [(rng.choice(words), rng.choice(words)) for _ in range(1500)]
    # and pairs linked in every way: words of a synset's parents, grandparents, similar
    # and derived synsets, and of its siblings (other children of a parent)
    def names(key: tuple[str, int]) -> list[str]:
        return [n.lower() for n in lex._record(key)[1].split(" ")]

    for word in rng.sample(words, 400):
        for key in list(lex._entry(word).synsets)[:3]:
            near = set(lex._up2(key)) | set(lex._similar(key)) | set(lex._derived(key))
            for parent in lex._parents(key):
                near |= {k for k in lex._similar(parent)}  # cousins through a head word
            for other in near:
                pairs.append((word, rng.choice(names(other))))
    children: dict[tuple[str, int], list[tuple[str, int]]] = {}
    for word in rng.sample(words, 3000):
        for key in lex._entry(word).synsets:
            for parent in lex._parents(key):
                children.setdefault(parent, []).append(key)
    for kids in children.values():
        if len(kids) >= 2:
            a, b = rng.sample(kids, 2)
            pairs.append((rng.choice(names(a)), rng.choice(names(b))))
    nones = 0
    for original, suspect in pairs:
        rel = lex._compute_relation(original, suspect)
        first, second = lex._entry(original), lex._entry(suspect)
        if not first.synsets or not second.synsets or rel.kind == "identical":
            continue
        nones += rel.kind == "none"
        assert (rel.kind != "none") == linked(original, suspect), (original, suspect, rel)
    assert nones > 500


def test_nearby_one_step_up_or_similar(lex: Lexicon) -> None:
    # a direct hypernym: "sack" is a kind of "bag"; "carcinoma" of "cancer"
    assert "bag" in lex.nearby("sack") and "bag" in lex.nearby("Sacks")
    assert "cancer" in lex.nearby("carcinoma")
    # an adjective's similar-to / head: "noteworthy" -> "significant"
    assert "significant" in lex.nearby("noteworthy")
    # never the word, its base forms or its synonyms; no duplicates; unknown -> []
    near = lex.nearby("networks")
    assert "network" not in near and "networks" not in near
    assert not set(near) & set(lex.synonyms("networks"))
    assert len({w.lower() for w in near}) == len(near)
    assert lex.nearby("xqzjvw") == [] and lex.nearby("") == []
    assert lex.nearby("a" * 500) == []
    with pytest.raises(InputTypeError):
        lex.nearby(3)  # type: ignore[arg-type]


_NEARBY_WORDS = ["sack", "noteworthy", "carcinoma", "district", "affiliation", "network", "quick",
                 "information", "shared", "region", "dog", "run", "blue", "model", "forecast"]


@pytest.mark.parametrize("word", _NEARBY_WORDS)
def test_nearby_agrees_with_relation(lex: Lexicon, word: str) -> None:
    """Differential against :meth:`relation` (the reference): every lemma of
    :meth:`nearby` is linked to the word (never ``none``), and never ``identical`` (another
    form of the word itself). Which kind: a lemma of one sense one step up may share a
    synset with another sense of the word, so any linked kind is accepted."""
    for other in lex.nearby(word):
        kind = lex.relation(other, word).kind
        assert kind not in ("none", "identical"), (word, other, kind)


def _reference_morphy(lex: Lexicon, form: str, pos: str) -> tuple[str, ...]:
    """Morphy as NLTK writes it: every suffix rule tried in turn (the code of before
    branch wordfacts, which first tests whether any rule's ending is there)."""
    from spundetect.lexicon import _SUBSTITUTIONS

    exceptions = lex._exceptions[pos]
    forms = [form, *exceptions[form]] if form in exceptions else [form] + [
        form[: -len(old)] + new for old, new in _SUBSTITUTIONS[pos] if form.endswith(old)]
    found: list[str] = []
    for candidate in forms:
        by_pos = lex._index.get(candidate)
        if by_pos is not None and pos in by_pos and candidate not in found:
            found.append(candidate)
    return tuple(found)


def test_morphy_against_every_rule_tried() -> None:
    """Differential: WordNet lemmas, their inflections and the exception lists' forms."""
    lex = get_lexicon()
    lemmas = sorted(lex._index)[::41]
    forms = lemmas + [w + e for w in lemmas[::5] for e in ("s", "es", "ed", "ing", "er", "est", "ies", "men", "ves")]
    forms += sorted(lex._exception_forms)[::7] + ["", "s", "es", "ing", "men", "running", "geese", "better"]
    for form in forms:
        for pos in ("n", "v", "a", "r"):
            assert lex._compute_morphy(form, pos) == _reference_morphy(lex, form, pos), (form, pos)


@settings(max_examples=300, deadline=None)
@given(st.from_regex(r"[a-z]{0,8}(s|es|ed|ing|er|est|ies|men|ves|ses|xes|ches)?", fullmatch=True),
       st.sampled_from(["n", "v", "a", "r"]))
def test_morphy_property(form: str, pos: str) -> None:
    lex = get_lexicon()
    assert lex._compute_morphy(form, pos) == _reference_morphy(lex, form, pos)
