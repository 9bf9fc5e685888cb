#!/usr/bin/env python3
"""Build the WordNet 3.0 data that spundetect ships, from the Debian WordNet packages.

What it does:

1. reads the WordNet 3.0 database installed by the Debian packages ``wordnet-base`` and
   ``wordnet-sense-index`` (default ``/usr/share/wordnet``; another directory can be
   given as the first argument);
2. writes the ``lexnames`` file that Debian does not install: WordNet's standard 45 lines
   ``NN<TAB>lexicographer.file<TAB>POS_NUMBER`` as documented in the ``lexnames(5WN)``
   man page (checked against the installed man page when it is present, and against the
   lexicographer file numbers used by the data files);
3. packs the files NLTK's ``WordNetCorpusReader`` reads (``data.*``, ``index.*``,
   ``*.exc``, ``lexnames``, ``index.sense``, ``cntlist.rev``) plus the WordNet licence
   into ``spundetect/_data/wordnet/corpora/wordnet.zip``, laid out like NLTK's own
   download (``wordnet/<file>`` inside the zip), deterministically (sorted members,
   fixed timestamps), so re-running on the same input gives the same bytes;
4. copies the Princeton licence notice and disclaimer from
   ``/usr/share/doc/wordnet-base/copyright`` to ``spundetect/_data/wordnet/LICENSE``;
5. unless ``--no-verify`` is given, opens the result with NLTK (no network, no
   ``nltk.download()``) and looks a few words up;
6. reads the new zip with NLTK's ``WordNetCorpusReader`` and writes the lookup table
   spundetect reads at run time, ``spundetect/_data/wordnet/table.pickle.zlib`` (see
   :func:`build_table`), so that spundetect needs neither NLTK nor the zip to run.

Usage::

    apt-get install wordnet-base wordnet-sense-index
    python data/build_wordnet.py                      # from /usr/share/wordnet
    python data/build_wordnet.py /path/to/WordNet-3.0/dict --copyright /path/to/LICENSE
    python data/build_wordnet.py --table-only         # the table only, from the shipped zip

The zip needs only the standard library; the check and the table need NLTK.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import os
import pickle
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
import zlib
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = Path("/usr/share/wordnet")
DEFAULT_COPYRIGHT = Path("/usr/share/doc/wordnet-base/copyright")
DEFAULT_MANPAGE = Path("/usr/share/man/man5/lexnames.5WN.gz")
DEFAULT_DEST = REPO_ROOT / "spundetect" / "_data" / "wordnet"

POS_NUMBER = {"noun": 1, "verb": 2, "adj": 3, "adv": 4}

#: WordNet 3.0's lexicographer files, in file-number order (lexnames(5WN)).
LEXICOGRAPHER_FILES: tuple[str, ...] = (
    "adj.all", "adj.pert", "adv.all", "noun.Tops", "noun.act", "noun.animal",
    "noun.artifact", "noun.attribute", "noun.body", "noun.cognition",
    "noun.communication", "noun.event", "noun.feeling", "noun.food", "noun.group",
    "noun.location", "noun.motive", "noun.object", "noun.person", "noun.phenomenon",
    "noun.plant", "noun.possession", "noun.process", "noun.quantity", "noun.relation",
    "noun.shape", "noun.state", "noun.substance", "noun.time", "verb.body",
    "verb.change", "verb.cognition", "verb.communication", "verb.competition",
    "verb.consumption", "verb.contact", "verb.creation", "verb.emotion", "verb.motion",
    "verb.perception", "verb.possession", "verb.social", "verb.stative", "verb.weather",
    "adj.ppl",
)  # fmt: skip

#: Files copied unchanged from the source directory (what NLTK's reader opens).
COPIED_FILES: tuple[str, ...] = (
    "data.adj", "data.adv", "data.noun", "data.verb",
    "index.adj", "index.adv", "index.noun", "index.verb",
    "adj.exc", "adv.exc", "noun.exc", "verb.exc",
    "index.sense", "cntlist.rev",
)  # fmt: skip

TABLE_NAME = "table.pickle.zlib"
TABLE_FORMAT = 1  # spundetect.lexicon refuses a table of another format

ZIP_DATE = (2006, 12, 6, 0, 0, 0)  # WordNet 3.0's release month; keeps the zip reproducible


def lexnames_text() -> str:
    """Return the content of WordNet 3.0's standard ``lexnames`` file (45 lines)."""
    lines = []
    for number, name in enumerate(LEXICOGRAPHER_FILES):
        lines.append(f"{number:02d}\t{name}\t{POS_NUMBER[name.split('.')[0]]}\n")
    return "".join(lines)


def check_against_manpage(text: str, manpage: Path) -> bool:
    """Compare ``text`` with the table in the lexnames(5WN) man page, if installed.

    Returns True when the man page was found and agrees; raises SystemExit on a mismatch.
    """
    if not manpage.is_file():
        return False
    with gzip.open(manpage, "rt", encoding="utf-8", errors="replace") as fp:
        page = fp.read()
    found = []
    for line in page.splitlines():
        match = re.match(r"^(\d\d)\t(\S+)\s*\t", line)
        if match:
            found.append((int(match.group(1)), match.group(2)))
    expected = list(enumerate(LEXICOGRAPHER_FILES))
    if found != expected:
        sys.exit(f"lexnames table in {manpage} differs from the built-in WordNet 3.0 table")
    return True


def check_source(source: Path) -> None:
    """Check that ``source`` holds a WordNet 3.0 database with every file we copy."""
    missing = [name for name in COPIED_FILES if not (source / name).is_file()]
    if missing:
        sys.exit(
            f"{source} lacks {', '.join(missing)}; install the Debian packages "
            "wordnet-base and wordnet-sense-index (or pass the WordNet dict directory)"
        )
    with open(source / "data.adj", encoding="utf-8") as fp:
        head = "".join(next(fp) for _ in range(30))
    if "WordNet 3.0 Copyright" not in head:
        sys.exit(f"{source / 'data.adj'} does not say 'WordNet 3.0'; refusing to build")


def check_lexfile_numbers(source: Path) -> None:
    """Check every synset's lexicographer file number against its part of speech."""
    pos_of_file = [POS_NUMBER[name.split(".")[0]] for name in LEXICOGRAPHER_FILES]
    ss_type_pos = {"n": 1, "v": 2, "a": 3, "s": 3, "r": 4}
    for suffix in ("adj", "adv", "noun", "verb"):
        with open(source / f"data.{suffix}", encoding="utf-8") as fp:
            for line in fp:
                if line.startswith(" "):
                    continue
                fields = line.split(None, 3)
                lex_filenum, ss_type = int(fields[1]), fields[2]
                if lex_filenum >= len(pos_of_file) or pos_of_file[lex_filenum] != ss_type_pos[ss_type]:
                    sys.exit(f"data.{suffix}: synset {fields[0]} has lex_filenum {lex_filenum}")


def licence_text(copyright_file: Path) -> str:
    """Extract the Princeton WordNet 3.0 licence (notice and disclaimer) from a
    Debian machine-readable copyright file, or return a plain licence file as is."""
    raw = copyright_file.read_text(encoding="utf-8")
    if not raw.startswith("Format:"):
        return raw if raw.endswith("\n") else raw + "\n"
    match = re.search(r"^License: WordNet3\.0\n((?:[ \t].*\n?)+)", raw, re.MULTILINE)
    if not match:
        sys.exit(f"no 'License: WordNet3.0' paragraph in {copyright_file}")
    lines = []
    for line in match.group(1).splitlines():
        line = line[1:] if line.startswith(" ") else line.lstrip()
        lines.append("" if line.strip() == "." else line.rstrip())
    text = "\n".join(lines).strip("\n") + "\n"
    if "WordNet 3.0 Copyright 2006 by Princeton University" not in text:
        sys.exit(f"licence text from {copyright_file} lacks the WordNet 3.0 notice")
    return text


def debian_versions() -> str:
    """Return the installed Debian package versions, or '' when dpkg is unavailable."""
    try:
        out = subprocess.run(
            ["dpkg-query", "-W", "-f", "${Package} ${Version}\\n", "wordnet-base", "wordnet-sense-index"],
            capture_output=True, text=True, check=False, timeout=30,
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return ""
    return out.stdout.strip()


def build_zip(source: Path, lexnames: str, licence: str, target: Path, level: int) -> None:
    """Write the NLTK-style ``wordnet.zip`` (members under ``wordnet/``) to ``target``."""
    members: dict[str, bytes] = {
        "LICENSE": licence.encode("utf-8"),
        "lexnames": lexnames.encode("ascii"),
    }
    for name in COPIED_FILES:
        members[name] = (source / name).read_bytes()
    with zipfile.ZipFile(target, "w") as zf:
        directory = zipfile.ZipInfo("wordnet/", date_time=ZIP_DATE)
        directory.external_attr = (0o40755 << 16) | 0x10
        zf.writestr(directory, b"")
        for name in sorted(members):
            info = zipfile.ZipInfo(f"wordnet/{name}", date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o100644 << 16
            zf.writestr(info, members[name], compresslevel=level)


def _pointer_text(synset: object, symbols: tuple[str, ...], lemmas: bool) -> str:
    """The synsets ``synset`` points to with ``symbols`` (synset pointers, and lemma
    pointers too when ``lemmas``), as sorted ``<pos><offset>`` words, satellites as 'a'."""
    found: set[tuple[str, int]] = set()
    pointers = synset._pointers  # type: ignore[attr-defined]
    for symbol in symbols:
        for pos, offset in pointers.get(symbol, ()):
            found.add(("a" if pos == "s" else pos, offset))
    if lemmas:
        for (_, symbol), targets in synset._lemma_pointers.items():  # type: ignore[attr-defined]
            if symbol in symbols:
                for pos, offset, _ in targets:
                    found.add(("a" if pos == "s" else pos, offset))
    return " ".join(f"{pos}{offset}" for pos, offset in sorted(found))


def table_data(wn: object, zip_sha256: str) -> dict[str, object]:
    """Everything ``spundetect.lexicon`` reads from WordNet, read through NLTK's reader.

    - ``index``: lemma -> ``"n<offset>,<offset>;v<offset>"`` (NLTK's
      ``_lemma_pos_offset_map`` without the derived ``'s'`` lists, offsets in WordNet's
      sense order);
    - ``exceptions``: pos -> {inflected form: base forms} (morphy's exception lists);
    - ``synsets``: pos -> {offset: record}, one record per synset, fields joined by
      ``|``: NLTK's pos (``'s'`` for satellites), lemma names (NLTK's ``lemma_names()``),
      their SemCor counts (NLTK's ``Lemma.count()``; empty when all are 0), then as
      ``<pos><offset>`` words: hypernyms and instance hypernyms; similar-to, also-see and
      verb-group links (synset and lemma pointers); derivation and pertainym links
      (synset and lemma pointers); and for satellites their head adjectives.
    """
    index = {}
    for lemma, by_pos in wn._lemma_pos_offset_map.items():  # type: ignore[attr-defined]
        index[lemma] = ";".join(
            f"{pos}{','.join(map(str, offsets))}" for pos, offsets in by_pos.items() if pos != "s"
        )
    exceptions = {
        pos: {form: tuple(bases) for form, bases in table.items()}
        for pos, table in wn._exception_map.items()  # type: ignore[attr-defined]
        if pos != "s"
    }
    synsets: dict[str, dict[int, str]] = {}
    for pos, suffix in (("n", "noun"), ("v", "verb"), ("a", "adj"), ("r", "adv")):
        records: dict[int, str] = {}
        for line in wn.open(f"data.{suffix}"):  # type: ignore[attr-defined]
            if line.startswith(" "):  # the licence header
                continue
            synset = wn.synset_from_pos_and_offset(pos, int(line[:8]))  # type: ignore[attr-defined]
            names = synset.lemma_names()
            counts = [lemma.count() for lemma in synset.lemmas()]
            if any(c in name for name in names for c in " |"):
                sys.exit(f"lemma name with a space or '|' in synset {synset}")
            fields = [
                synset.pos(),
                " ".join(names),
                " ".join(map(str, counts)) if any(counts) else "",
                _pointer_text(synset, ("@", "@i"), lemmas=False),
                _pointer_text(synset, ("&", "^", "$"), lemmas=True),
                _pointer_text(synset, ("+", "\\"), lemmas=True),
                _pointer_text(synset, ("&",), lemmas=False) if synset.pos() == "s" else "",
            ]
            records[synset.offset()] = "|".join(fields)
        synsets[pos] = records
    return {
        "format": TABLE_FORMAT,
        "source": f"corpora/wordnet.zip sha256 {zip_sha256}",
        "index": index,
        "exceptions": exceptions,
        "synsets": synsets,
    }


def open_with_nltk(dest: Path) -> object:
    """NLTK's ``WordNetCorpusReader`` over ``dest/corpora/wordnet.zip``, offline."""
    import warnings

    import nltk.data
    from nltk.corpus.reader.wordnet import WordNetCorpusReader

    class _Reader(WordNetCorpusReader):  # type: ignore[misc]
        def map_wn(self, version: str = "wordnet") -> None:  # no second WordNet to map from
            return None

    if str(dest) not in nltk.data.path:
        nltk.data.path.append(str(dest))
    root = nltk.data.find("corpora/wordnet.zip/wordnet/", paths=[str(dest)])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _Reader(root, None)


def build_table(dest: Path) -> Path:
    """Write ``dest/table.pickle.zlib``: :func:`table_data` of the zip in ``dest``.

    A zlib-compressed pickle (protocol 4) of plain dicts and strings: spundetect loads it
    in about 0.1 s without importing NLTK, where opening the zip with NLTK's reader takes
    about 0.8 s with NLTK's import. Reproducible: the same zip gives the same bytes.
    """
    archive = dest / "corpora" / "wordnet.zip"
    digest = hashlib.sha256(archive.read_bytes()).hexdigest()
    data = table_data(open_with_nltk(dest), digest)
    blob = zlib.compress(pickle.dumps(data, protocol=4), 9)
    target = dest / TABLE_NAME
    tmp = target.with_suffix(".tmp")
    tmp.write_bytes(blob)
    os.chmod(tmp, 0o644)
    os.replace(tmp, target)
    print(f"wrote {target} ({len(blob) / 1e6:.2f} MB, sha256 {hashlib.sha256(blob).hexdigest()})")
    return target


def verify(dest: Path) -> None:
    """Open the built data with NLTK, offline, and look a few words up."""
    import nltk

    wn: Any = open_with_nltk(dest)
    dog = wn.synsets("dogs")[0]
    assert dog.name() == "dog.n.01", dog
    assert dog.offset() == 2084071, dog.offset()
    assert dog.lexname() == "noun.animal", dog.lexname()
    assert wn.synset("friend.n.01").lemmas()[0].count() > 0
    assert wn.lemma_from_key("dog%1:05:00::").synset() == dog
    assert wn.get_version() == "3.0"
    assert len(wn._lexnames) == 45
    print(f"verified with NLTK {nltk.__version__}: {dog.name()} -> {dog.hypernyms()}")


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE,
                        help=f"WordNet 3.0 dict directory (default {DEFAULT_SOURCE})")
    parser.add_argument("--copyright", type=Path, default=DEFAULT_COPYRIGHT,
                        help="Debian copyright file or plain WordNet LICENSE file")
    parser.add_argument("--manpage", type=Path, default=DEFAULT_MANPAGE,
                        help="lexnames(5WN) man page to cross-check the lexnames table")
    parser.add_argument("--dest", type=Path, default=DEFAULT_DEST,
                        help=f"output directory (default {DEFAULT_DEST})")
    parser.add_argument("--level", type=int, default=9, help="zlib level (default 9)")
    parser.add_argument("--no-verify", action="store_true", help="skip the NLTK check")
    parser.add_argument("--table-only", action="store_true",
                        help=f"only rebuild {TABLE_NAME} from the zip already in --dest")
    args = parser.parse_args(argv)  # fmt: skip
    if args.table_only:
        build_table(args.dest)
        return 0

    source: Path = args.source
    dest: Path = args.dest
    check_source(source)
    check_lexfile_numbers(source)
    lexnames = lexnames_text()
    checked = check_against_manpage(lexnames, args.manpage)
    licence = licence_text(args.copyright)

    corpora = dest / "corpora"
    corpora.mkdir(parents=True, exist_ok=True)
    target = corpora / "wordnet.zip"
    with tempfile.NamedTemporaryFile(dir=corpora, suffix=".tmp", delete=False) as tmp:
        tmp_path = Path(tmp.name)
    try:
        build_zip(source, lexnames, licence, tmp_path, args.level)
        os.chmod(tmp_path, 0o644)  # NLTK refuses group/world-writable data files
        os.replace(tmp_path, target)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()
    (dest / "LICENSE").write_text(licence, encoding="utf-8")
    os.chmod(dest / "LICENSE", 0o644)

    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    raw_size = sum((source / name).stat().st_size for name in COPIED_FILES)
    print(f"source: {source} ({raw_size / 1e6:.1f} MB in {len(COPIED_FILES)} files)")
    versions = debian_versions()
    if versions:
        print("debian packages: " + versions.replace("\n", ", "))
    print(f"lexnames: 45 lines{' (matches lexnames(5WN))' if checked else ''}")
    print(f"wrote {target} ({target.stat().st_size / 1e6:.2f} MB, sha256 {digest})")
    print(f"wrote {dest / 'LICENSE'}")
    if not args.no_verify:
        verify(dest)
    build_table(dest)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
