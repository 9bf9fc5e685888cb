"""The ``spundetect`` command line: ``compare`` two texts, ``inspect`` texts on their own,
``batch`` a pairs file, ``index``, ``search`` and group (``families``) a collection.

Usage::

    spundetect compare ORIGINAL SUSPECT [--json | --html OUT.html] [--all] [--width N] [--format html]
    spundetect inspect FILE... [--json | --html OUT.html] [--width N] [--known-only] [--format html]
    spundetect batch PAIRS -o RESULTS [--resume] [--format csv|jsonl] [--full] [--workers N]
    spundetect index add INDEX FILE|DIR|DOCS.jsonl... [--workers N] [--format html]
    spundetect search INDEX QUERY... [--find] [--json] [-k N]
    spundetect search INDEX --queries FILE -o RESULTS [--resume] [--find] [-k N]
    spundetect families INDEX [--json]

Exit codes: ``0`` success (for ``batch``: every row ok); ``1`` an input could not be read
or processed (for ``batch``: some rows failed); ``2`` usage error (unknown option, bad
value). ``130`` when interrupted with Ctrl-C.

This is the only module that prints. :func:`main` never calls :func:`sys.exit`, so it can
be tested directly; :func:`main_entry` (the ``spundetect`` console script and
``python -m spundetect``) does.

Examples:
    >>> from spundetect.cli import main
    >>> main(["--version"])  # doctest: +ELLIPSIS
    spundetect ...
    0
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Iterator, Sequence
from typing import IO, Any

from spundetect import _version
from spundetect.errors import FileFormatError, SettingsError, SpundetectError
from spundetect.settings import DEFAULT_DERIVED_SHARE, DEFAULT_MIN_SIMILARITY

__all__ = ["main", "main_entry", "build_parser", "EXIT_OK", "EXIT_INPUT", "EXIT_USAGE"]

#: Success (for ``batch``: every row gave a result).
EXIT_OK = 0
#: An input could not be read or processed (for ``batch``: at least one error record).
EXIT_INPUT = 1
#: Usage error: unknown command or option, or an option value that is not allowed.
EXIT_USAGE = 2
#: Interrupted (Ctrl-C).
EXIT_INTERRUPTED = 130

_PROG = "spundetect"

_MAIN_EPILOG = """\
examples:
  spundetect compare examples/original.txt examples/spun.txt
  spundetect compare original.txt - < suspect.txt --json
  spundetect compare original.txt suspect.txt --html report.html
  spundetect inspect manuscript.txt
  spundetect batch pairs.csv -o results.jsonl
  spundetect batch pairs.jsonl -o results.jsonl --resume --workers 2
  spundetect index add archive.index articles/ more.jsonl
  spundetect search archive.index suspect.txt --find

exit codes:
  0  success (batch: every row ok)
  1  an input could not be read or processed (batch: some rows failed)
  2  usage error (unknown option, value not allowed)

Run 'spundetect COMMAND --help' for a command's options.
"""

_COMPARE_EPILOG = """\
examples:
  spundetect compare examples/original.txt examples/spun.txt
  spundetect compare examples/moved/original.txt examples/moved/suspect.txt   # moved passages
  spundetect compare examples/original.txt examples/spun.txt --all --width 100
  cat suspect.txt | spundetect compare original.txt - --json > result.json
  spundetect compare original.txt suspect.txt --html report.html
  spundetect compare page.html copy.html      # web pages: their main text is compared

Texts are read as UTF-8 (a BOM is dropped; Windows line endings become \\n). Web pages
(.html, .htm, or any input with --format html) are compared by their main text,
extracted with trafilatura (pip install "spundetect[web]").
exit codes: 0 compared; 1 a text could not be read; 2 usage error.
"""

_INSPECT_EPILOG = """\
examples:
  spundetect inspect manuscript.txt
  spundetect inspect a.txt b.txt --json > results.jsonl
  spundetect inspect manuscript.txt --html report.html

With no original to compare, reports the marks spinning leaves in a text: tortured phrases
(known and new), leftover spintax, homoglyphs and invisible characters, and a score.
--json prints one JSON line per FILE (Inspection.model_dump_json), in order; --html writes
one page with a section per FILE.
exit codes: 0 inspected; 1 a file could not be read; 2 usage error.
"""

_BATCH_EPILOG = """\
pairs file (CSV with a header row, or JSON Lines, one object per line):
  original, suspect            the two texts; or
  original_path, suspect_path  paths of UTF-8 files, relative to the pairs file
  id                           optional, copied to the output

examples:
  spundetect batch pairs.csv -o results.jsonl
  spundetect batch pairs.jsonl -o results.jsonl --full --workers 2
  spundetect batch pairs.jsonl -o results.jsonl --resume    # after a crash or Ctrl-C

Each input row gives one JSON line in RESULTS, in input order; a bad row gives an
error record {"row": N, "ok": false, "error": {"code": ..., "message": ...}} and the run
goes on. A progress bar is shown on stderr when it is a terminal.
exit codes: 0 every row ok; 1 some rows failed or the pairs file is unusable; 2 usage error.
"""


_INDEX_EPILOG = """\
documents:
  FILE         a UTF-8 text file; its id is the path as given
  DIR          every .txt, .md, .html and .htm file under DIR; ids are paths relative to DIR
  DOCS.jsonl   one JSON object a line: {"id": "...", "text": "..."}

Web pages (.html, .htm, or every document with --format html) are indexed by their
main text, extracted with trafilatura (pip install "spundetect[web]").

examples:
  spundetect index add archive.index articles/
  spundetect index add archive.index crawl.jsonl --workers 2
  spundetect index add archive.index pages.jsonl --format html

An id already in the index is replaced. Each batch of a few hundred documents is one
transaction: a killed run keeps every batch written before. A progress count is shown
on stderr when it is a terminal.
exit codes: 0 added; 1 a document could not be read or the index is unusable; 2 usage error.
"""

_SEARCH_EPILOG = """\
examples:
  spundetect search archive.index suspect.txt
  spundetect search archive.index suspect.txt other.txt --find --json
  cat page.txt | spundetect search archive.index - -k 3
  spundetect search archive.index --queries crawl.jsonl -o results.jsonl --find
  spundetect search archive.index --queries crawl.jsonl -o results.jsonl --find --resume

Without --find: the documents sharing the most spin-proof fingerprints, best first (no
comparison). With --find: those candidates compared with the query; only the documents
the query is derived from are listed.
exit codes: 0 searched; 1 a query could not be read or the index is unusable; 2 usage error.
"""


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors use the same prefix as ours."""

    def error(self, message: str) -> Any:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{_PROG}: error: {message}\n")


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number >= 1, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number >= 1, got {text!r}")
    return value


def _unit_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number in [0, 1], got {text!r}") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"must be a number in [0, 1], got {text!r}")
    return value


def _add_compare_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("scoring options (as in spundetect.compare)")
    g.add_argument("--threshold", type=_unit_float, metavar="X",
                   help="score from which the verdict is 'spun' (default: the model's calibrated threshold)")
    g.add_argument("--pipeline", metavar="NAME",
                   help="an installed spaCy pipeline for sentence splitting (default: built-in blank English)")
    g.add_argument("--min-similarity", type=_unit_float, default=DEFAULT_MIN_SIMILARITY, metavar="X",
                   help="sentence pairs less similar than this are never aligned (default: %(default)s)")
    g.add_argument("--derived-share", type=_unit_float, default=DEFAULT_DERIVED_SHARE, metavar="X",
                   help="share of a pair's tokens unchanged or swapped for it to count as derived "
                        "(default: %(default)s)")


def _add_input_options(p: argparse.ArgumentParser) -> None:
    from spundetect.batch import DEFAULT_MAX_CHARS

    g = p.add_argument_group("reading options")
    g.add_argument("--max-chars", type=_positive_int, default=DEFAULT_MAX_CHARS, metavar="N",
                   help="largest text accepted, in characters (default: %(default)s)")
    g.add_argument("--decode-errors", choices=("strict", "replace"), default="strict",
                   help="invalid UTF-8: 'strict' reports an error, 'replace' uses U+FFFD "
                        "(default: %(default)s)")


def _command(sub: Any, name: str, help_: str, description: str, epilog: str) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(
        name, help=help_, description=description, epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    return parser


def _add_output_options(p: argparse.ArgumentParser, json_help: str, html_help: str) -> None:
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help=json_help)
    out.add_argument("--html", metavar="OUT.html", help=html_help)


def _add_run_options(p: argparse.ArgumentParser, doing: str, progress: str) -> None:
    """``--workers`` and ``--no-progress`` of a long run (batch, index add)."""
    p.add_argument("--workers", type=_positive_int, default=1, metavar="N",
                   help=f"processes to {doing} in (default: %(default)s)")
    p.add_argument("--no-progress", action="store_true",
                   help=f"no {progress}, even when stderr is a terminal")


def _add_page_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", dest="input_format", choices=("text", "html"),
                   help="'html': the files are web pages; their main text is extracted and used "
                        "(needs spundetect[web]); default: 'html' for .html/.htm files, else 'text'")


def _add_results_options(p: argparse.ArgumentParser, source: str, *, required: bool) -> None:
    """The options of a resumable run over a CSV or JSON Lines file (batch, batch queries)."""
    p.add_argument("-o", "--output", required=required, metavar="RESULTS",
                   help="the results file (JSON Lines); replaced unless --resume")
    p.add_argument("--resume", action="store_true",
                   help="keep the rows already in RESULTS and do only the missing ones")
    p.add_argument("--format", choices=("csv", "jsonl"), help=f"format of {source} (default: from its extension)")


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser of the ``spundetect`` command.

    Returns:
        The parser, with the ``compare`` and ``batch`` sub-commands.

    Examples:
        >>> args = build_parser().parse_args(["compare", "a.txt", "b.txt", "--json"])
        >>> args.command, args.json
        ('compare', True)
    """
    parser = _Parser(
        prog=_PROG,
        description="Tell whether a text is a machine-reworded (spun) copy of another, "
                    "with the evidence.",
        epilog=_MAIN_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"{_PROG} {_version.__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    cmp = _command(sub, "compare", "compare two texts and report the verdict, score, passages and swaps",
                    "Compare ORIGINAL and SUSPECT and print a report (text by default): the "
                    "verdict and score, the reused passages (where each comes from in the "
                    "original, in any order) and the changed sentence pairs.", _COMPARE_EPILOG)
    cmp.add_argument("original", metavar="ORIGINAL", help="the original text file ('-' for stdin)")
    cmp.add_argument("suspect", metavar="SUSPECT", help="the suspect text file ('-' for stdin)")
    _add_output_options(cmp, "print the whole result as JSON (Comparison.model_dump_json)",
                        "write a self-contained HTML report to OUT.html")
    cmp.add_argument("--all", action="store_true", dest="all_pairs",
                     help="text report: show every sentence pair, not only those with changes")
    cmp.add_argument("--width", type=_positive_int, metavar="N",
                     help="text report: wrap lines at N columns")
    _add_page_option(cmp)
    _add_compare_options(cmp)
    _add_input_options(cmp)

    ins = _command(sub, "inspect", "find the marks of spinning in texts on their own (no original)",
                    "Inspect each FILE on its own and print a report (text by default).", _INSPECT_EPILOG)
    ins.add_argument("files", metavar="FILE", nargs="+", help="a text file ('-' for stdin)")
    _add_output_options(ins, "print one JSON line per FILE (Inspection.model_dump_json)",
                        "write a self-contained HTML report of every FILE to OUT.html")
    ins.add_argument("--width", type=_positive_int, metavar="N",
                     help="text report: wrap lines at N columns")
    ins.add_argument("--known-only", action="store_true",
                     help="match the shipped list of tortured phrases only (no new phrases)")
    _add_page_option(ins)
    _add_input_options(ins)

    bat = _command(sub, "batch", "compare every pair of a CSV or JSON Lines file, resumably",
                    "Compare every pair of PAIRS and write one JSON line per row to RESULTS.", _BATCH_EPILOG)
    bat.add_argument("pairs", metavar="PAIRS", help="the pairs file (.csv or .jsonl)")
    _add_results_options(bat, "PAIRS", required=True)
    bat.add_argument("--full", action="store_true",
                     help="add the whole comparison to each record as \"result\"")
    _add_run_options(bat, "compare", "progress bar")
    _add_compare_options(bat)
    _add_input_options(bat)

    idx = sub.add_parser(
        "index",
        help="build an index of documents to search (see 'index add')",
        description="Manage an on-disk index (an SQLite file) of documents.",
    )
    idx_sub = idx.add_subparsers(dest="index_command", metavar="ACTION", parser_class=_Parser)
    idx_sub.required = True
    add = _command(idx_sub, "add", "add documents (files, directories, JSON Lines) to an index",
                  "Add documents to INDEX (created when it does not exist).", _INDEX_EPILOG)
    add.add_argument("index", metavar="INDEX", help="the index file (created if missing)")
    add.add_argument("documents", metavar="DOCUMENT", nargs="+", help="a text file, a directory or a .jsonl file")
    _add_run_options(add, "fingerprint", "progress count")
    _add_page_option(add)
    _add_input_options(add)

    sea = _command(sub, "search", "find the indexed documents a text may be derived from",
                  "Search INDEX for the documents each QUERY may be derived from.", _SEARCH_EPILOG)
    sea.add_argument("index", metavar="INDEX", help="an index made by 'spundetect index add'")
    sea.add_argument("queries", metavar="QUERY", nargs="*", help="a text file ('-' for stdin)")
    sea.add_argument("--queries", dest="queries_file", metavar="FILE",
                     help="a CSV or JSON Lines file of queries (fields text or text_path, and id); "
                          "results go to --output, one JSON line per row")
    _add_results_options(sea, "the --queries file", required=False)
    sea.add_argument("-k", type=_positive_int, default=10, metavar="N",
                     help="results per query at most (default: %(default)s)")
    sea.add_argument("--find", action="store_true",
                     help="compare the candidates and keep only those the query is derived from")
    sea.add_argument("--json", action="store_true",
                     help="print one JSON object per query: {\"query\", \"hits\"} or {\"query\", \"matches\"}")
    _add_compare_options(sea)
    _add_input_options(sea)

    fam = sub.add_parser(
        "families",
        help="group an index into families of copies and spun versions of one text",
        description="Search every document of INDEX against the others, confirm with a comparison, "
                    "and print the families of related documents.",
    )
    fam.add_argument("index", metavar="INDEX", help="an index made by 'spundetect index add'")
    fam.add_argument("--candidates", type=_positive_int, default=10, metavar="N",
                     help="search hits per document compared with it (default: %(default)s)")
    fam.add_argument("--json", action="store_true", help="print one JSON object (a Family) per line")
    _add_compare_options(fam)
    return parser


def _error(message: str) -> None:
    print(f"{_PROG}: error: {message}", file=sys.stderr)


_PAGES = (".html", ".htm")


def _as_page(name: str, text: str, args: argparse.Namespace) -> str:
    """``text`` read from ``name``, or its main text when it is a web page (``--format``,
    else its extension)."""
    from spundetect.errors import InputError

    fmt = getattr(args, "input_format", None) or ("html" if name.lower().endswith(_PAGES) else "text")
    if fmt == "text":
        return text
    from spundetect.web import extract

    try:
        return extract(text)
    except InputError as err:
        raise type(err)(f"{name}: {err.message}", code=err.code) from err


def _read_input(name: str, args: argparse.Namespace) -> str:
    from spundetect.batch import read_text_file

    if name != "-":
        return _as_page(name, read_text_file(name, max_chars=args.max_chars, errors=args.decode_errors), args)
    data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode("utf-8")
    try:
        text = data.decode("utf-8-sig", errors=args.decode_errors)
    except UnicodeDecodeError as err:
        raise FileFormatError(
            f"<stdin>: not valid UTF-8 (byte 0x{data[err.start]:02x} at offset {err.start}); "
            f"re-encode it as UTF-8 or use --decode-errors replace",
            code="E301",
        ) from err
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > args.max_chars:
        raise FileFormatError(
            f"<stdin>: {len(text)} characters, over the limit of {args.max_chars} (--max-chars)",
            code="E305",
        )
    return _as_page("<stdin>", text, args)


def _options(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "pipeline": args.pipeline,
        "min_similarity": args.min_similarity,
        "derived_share": args.derived_share,
        "threshold": args.threshold,
    }


def _cmd_compare(args: argparse.Namespace) -> int:
    from spundetect.compare import compare
    from spundetect.direction import reversed_note

    if args.original == "-" and args.suspect == "-":
        _error("only one of ORIGINAL and SUSPECT can be '-' (stdin)")
        return EXIT_USAGE
    original = _read_input(args.original, args)
    suspect = _read_input(args.suspect, args)
    result = compare(original, suspect, **_options(args))
    if args.json:
        sys.stdout.write(result.model_dump_json(indent=2) + "\n")
    elif args.html:
        try:
            result.save_html(args.html)
        except OSError as err:
            _error(f"{args.html}: cannot write the HTML report: {err.strerror or err}")
            return EXIT_INPUT
        passages = len(result.passages)
        print(f"{result.verdict} (score {result.score:.3f}, {len(result.flagged_swaps)} flagged of "
              f"{len(result.swaps)} swaps, {passages} passage{'' if passages == 1 else 's'}): "
              f"report written to {args.html}")
        note = reversed_note(result.reversed)
        if note is not None:
            print(note)
    else:
        report = result.to_text(width=args.width, all_pairs=args.all_pairs)
        sys.stdout.write(report if report.endswith("\n") else report + "\n")
    return EXIT_OK


def _cmd_inspect(args: argparse.Namespace) -> int:
    from spundetect.inspection import inspect

    if args.files.count("-") > 1:
        _error("stdin ('-') can be given only once")
        return EXIT_USAGE
    results = [(name, inspect(_read_input(name, args), new_phrases=not args.known_only))
               for name in args.files]
    if args.json:
        for _name, result in results:
            sys.stdout.write(result.model_dump_json() + "\n")
    elif args.html:
        from spundetect.render.html import escape, stylesheet, wrap_page
        from spundetect.render.inspection import EXTRA_CSS, fragment

        body = "".join(f'<section class="spd-file"><h1>{escape(name)}</h1>\n'
                       f"{fragment(result, assets=False)}</section>\n" for name, result in results)
        try:
            with open(args.html, "w", encoding="utf-8") as fh:
                fh.write(wrap_page(body, title="spundetect inspection", css=stylesheet() + EXTRA_CSS))
        except OSError as err:
            _error(f"{args.html}: cannot write the HTML report: {err.strerror or err}")
            return EXIT_INPUT
        for name, result in results:
            print(f"{name}: score {result.score:.3f}, {len(result.tells)} tells")
        print(f"report written to {args.html}")
    else:
        for k, (name, result) in enumerate(results):
            if len(results) > 1:
                sys.stdout.write(("\n" if k else "") + f"== {name} ==\n")
            sys.stdout.write(result.to_text(width=args.width))
    return EXIT_OK


def _clock(seconds: float) -> str:
    seconds = int(max(0.0, seconds))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"


class _Progress:
    """A one-line progress bar on a terminal: rows done, rows/s, ETA, failures."""

    def __init__(self, stream: IO[str], total: int) -> None:
        self.stream = stream
        self.total = total
        self.skipped = 0
        self.done = 0
        self.failed = 0
        self.start = time.monotonic()
        self.last = 0.0

    def begin(self, skipped: int) -> None:
        self.skipped = skipped
        self.start = time.monotonic()
        self.draw(force=True)

    def update(self, record: dict[str, Any]) -> None:
        self.done += 1
        if not record.get("ok"):
            self.failed += 1
        self.draw()

    def draw(self, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self.last < 0.1:
            return
        self.last = now
        elapsed = now - self.start
        rate = self.done / elapsed if elapsed > 0 else 0.0
        current = self.skipped + self.done
        total = max(self.total, current)
        left = total - current
        eta = _clock(left / rate) if rate > 0 else "?"
        width = 24
        filled = int(width * current / total) if total else width
        bar = "#" * filled + "-" * (width - filled)
        failed = f"  {self.failed} failed" if self.failed else ""
        self.stream.write(f"\r[{bar}] {current}/{total} rows  {rate:.1f} rows/s  ETA {eta}{failed}\x1b[K")
        self.stream.flush()

    def end(self) -> None:
        self.draw(force=True)
        self.stream.write("\n")
        self.stream.flush()


def _run_outcome(summary: Any, output: str) -> int:
    """The notes and exit code at the end of a resumable run (batch, batch queries)."""
    if summary.truncated_bytes:
        print(f"{_PROG}: note: cut off a half-written last line ({summary.truncated_bytes} bytes) "
              f"of {output}", file=sys.stderr)
    if summary.failed:
        _error(f"{summary.failed} of {summary.rows} rows failed; their error records are in "
               f"{output} (\"ok\": false)")
        return EXIT_INPUT
    return EXIT_OK


def _cmd_batch(args: argparse.Namespace) -> int:
    from spundetect.batch import count_rows, detect_format, run_batch

    detect_format(args.pairs, args.format)
    progress: _Progress | None = None
    if not args.no_progress and sys.stderr.isatty():
        progress = _Progress(sys.stderr, count_rows(args.pairs, format=args.format))
    try:
        summary = run_batch(
            args.pairs,
            args.output,
            format=args.format,
            resume=args.resume,
            full=args.full,
            workers=args.workers,
            max_chars=args.max_chars,
            errors=args.decode_errors,
            on_start=progress.begin if progress else None,
            on_record=progress.update if progress else None,
            **_options(args),
        )
    finally:
        if progress is not None:
            progress.end()
    if progress is not None:
        print(f"{summary.rows} rows in {args.output} ({summary.written} new, {summary.skipped} "
              f"already done): {summary.ok} ok, {summary.failed} failed, "
              f"{summary.seconds:.1f} s", file=sys.stderr)
    return _run_outcome(summary, args.output)


def _documents(paths: Sequence[str], args: argparse.Namespace) -> Iterator[tuple[str, str]]:
    """``(id, text)`` of every document the ``index add`` arguments name, lazily."""
    import json
    from pathlib import Path

    from spundetect.batch import read_text_file

    for name in paths:
        path = Path(name)
        if path.is_dir():
            for file in sorted(p for p in path.rglob("*")
                               if p.is_file() and p.suffix.lower() in (".txt", ".md", *_PAGES)):
                yield (file.relative_to(path).as_posix(),
                       _as_page(str(file), read_text_file(file, max_chars=args.max_chars,
                                                          errors=args.decode_errors), args))
        elif path.suffix.lower() in (".jsonl", ".ndjson", ".jsonlines"):
            text = read_text_file(path, max_chars=None, errors=args.decode_errors)
            for number, line in enumerate(text.split("\n"), 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as err:
                    raise FileFormatError(f"{name}, line {number}: not valid JSON ({err.msg})", code="E302") from err
                if not isinstance(row, dict) or not isinstance(row.get("id"), str) or not isinstance(
                        row.get("text"), str):
                    raise FileFormatError(
                        f"{name}, line {number}: must be an object with string fields 'id' and 'text'", code="E304")
                if len(row["text"]) > args.max_chars:
                    raise FileFormatError(f"{name}, line {number}: text over the limit of {args.max_chars} "
                                          f"characters (--max-chars)", code="E305")
                yield row["id"], (_as_page(f"{name}, line {number}", row["text"], args)
                                  if args.input_format == "html" else row["text"])
        else:
            yield name, _as_page(name, read_text_file(path, max_chars=args.max_chars, errors=args.decode_errors), args)


def _cmd_index(args: argparse.Namespace) -> int:
    from spundetect.index import Index

    with Index(args.index) as index:
        progress = not args.no_progress
        added = index.add_many(_documents(args.documents, args), workers=args.workers, progress=progress)
        total = len(index)
    if progress and sys.stderr.isatty():
        sys.stderr.write("\n")
    print(f"added {added} documents to {args.index} ({total} in the index)")
    return EXIT_OK


def _cmd_search(args: argparse.Namespace) -> int:
    import json
    from pathlib import Path

    from spundetect.index import Index

    if not Path(args.index).is_file():
        _error(f"{args.index}: no such index (make one with 'spundetect index add')")
        return EXIT_INPUT
    if args.queries.count("-") > 1:
        _error("only one QUERY can be '-' (stdin)")
        return EXIT_USAGE
    if bool(args.queries) == bool(args.queries_file) or bool(args.queries_file) != bool(args.output):
        _error("give QUERY files, or --queries FILE with --output RESULTS")
        return EXIT_USAGE
    with Index(args.index) as index:
        if args.queries_file:
            return _search_file(index, args)
        for name in args.queries:
            text = _read_input(name, args)
            if args.find:
                matches = index.find(text, k=args.k, **_options(args))
                if args.json:
                    print(json.dumps({"query": name, "matches": [
                        {"doc_id": m.doc_id, "verdict": m.comparison.verdict, "score": m.comparison.score,
                         "hit": m.hit.model_dump()} for m in matches]}, ensure_ascii=False))
                    continue
                print(f"{name}: {len(matches)} match{'es' if len(matches) != 1 else ''}")
                for m in matches:
                    print(f"  {m.doc_id}\t{m.comparison.verdict}\tscore {m.comparison.score:.3f}\t"
                          f"{m.hit.shared} shared fingerprints")
            else:
                hits = index.search(text, k=args.k)
                if args.json:
                    print(json.dumps({"query": name, "hits": [h.model_dump() for h in hits]}, ensure_ascii=False))
                    continue
                print(f"{name}: {len(hits)} hit{'s' if len(hits) != 1 else ''}")
                for h in hits:
                    print(f"  {h.doc_id}\tscore {h.score:.3f}\t{h.shared} shared fingerprints\t"
                          f"coverage {h.coverage:.2f}")
    return EXIT_OK


def _search_file(index: Any, args: argparse.Namespace) -> int:
    from spundetect.batch import count_rows, detect_format, run_queries

    detect_format(args.queries_file, args.format)
    progress: _Progress | None = None
    if sys.stderr.isatty():
        progress = _Progress(sys.stderr, count_rows(args.queries_file, format=args.format))
    try:
        summary = run_queries(
            index, args.queries_file, args.output, find=args.find, k=args.k, format=args.format,
            resume=args.resume, max_chars=args.max_chars, errors=args.decode_errors,
            on_start=progress.begin if progress else None, on_record=progress.update if progress else None,
            **(_options(args) if args.find else {}),
        )
    finally:
        if progress is not None:
            progress.end()
    return _run_outcome(summary, args.output)


def _cmd_families(args: argparse.Namespace) -> int:
    from pathlib import Path

    from spundetect.families import families
    from spundetect.index import Index

    if not Path(args.index).is_file():
        _error(f"{args.index}: no such index (make one with 'spundetect index add')")
        return EXIT_INPUT
    with Index(args.index) as index:
        found = families(index, candidates=args.candidates, **_options(args))
    for k, family in enumerate(found, 1):
        if args.json:
            print(family.model_dump_json())
            continue
        print(f"family {k}: {len(family.members)} documents: {', '.join(family.members)}"
              + (f" (likely original: {family.original})" if family.original else ""))
        for link in family.links:
            print(f"  {link.suspect} <- {link.original}\t{link.verdict}\tscore {link.score:.3f}")
    if not args.json:
        print(f"{len(found)} famil{'ies' if len(found) != 1 else 'y'}")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``spundetect`` command line and return its exit code.

    Never calls :func:`sys.exit` (argparse's exits for ``--help``, ``--version`` and usage
    errors are turned into the return value).

    Args:
        argv: the arguments without the program name (default: ``sys.argv[1:]``).

    Returns:
        ``0`` success, ``1`` input error or failed batch rows, ``2`` usage error,
        ``130`` interrupted.

    Examples:
        >>> main(["compare", "no/such/file.txt", "other.txt"])
        1
    """
    parser = build_parser()
    try:
        args = parser.parse_args(list(argv) if argv is not None else None)
    except SystemExit as exit_:
        code = exit_.code
        return code if isinstance(code, int) else (EXIT_OK if code is None else EXIT_USAGE)
    try:
        if args.command == "compare":
            return _cmd_compare(args)
        if args.command == "inspect":
            return _cmd_inspect(args)
        if args.command == "index":
            return _cmd_index(args)
        if args.command == "search":
            return _cmd_search(args)
        if args.command == "families":
            return _cmd_families(args)
        return _cmd_batch(args)
    except SettingsError as err:
        _error(str(err))
        return EXIT_USAGE
    except SpundetectError as err:
        _error(str(err))
        return EXIT_INPUT
    except KeyboardInterrupt:
        _error("interrupted")
        return EXIT_INTERRUPTED


def main_entry() -> None:
    """Console-script entry point: ``sys.exit(main())``."""
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (e.g. '| head'): stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        code = EXIT_INPUT
    sys.exit(code)


if __name__ == "__main__":  # pragma: no cover
    main_entry()
