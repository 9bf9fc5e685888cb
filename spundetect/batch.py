"""Batch runs: compare many pairs read from a CSV or JSON Lines file, resumably.

This is the library layer behind ``spundetect batch``: it never prints and never exits.
Every input row gives exactly one output record, in input order, written as one JSON
line. A row that cannot be used (bad JSON, a missing or wrongly typed field, a cell over
the size limit, a referenced file that is missing or not UTF-8) gives an *error record*
naming the file, the row and the field, and the run goes on.

Input (``format="csv"`` or ``"jsonl"``, by default from the file extension):

* ``original`` and ``suspect``: the two texts; or
* ``original_path`` and ``suspect_path``: paths of UTF-8 text files, relative to the
  directory of the pairs file (absolute paths work too); the two styles can be mixed
  per side and per row;
* ``id`` (optional): kept in the output record as is.

Rows are numbered from 1 in input order: the CSV header is not a row, and blank lines of a
JSON Lines file are skipped without taking a number.

Output records (one JSON object per line):

* good row: ``{"row": 3, "id": "a7", "ok": true, "score": 0.91, "verdict": "spun",
  "swaps": 12, "flagged": 7, "signature": "spundetect:0.1.0|..."}`` plus
  ``"result"`` (the whole :meth:`Comparison.model_dump`) with ``full=True``;
* bad row: ``{"row": 4, "id": null, "ok": false, "error": {"code": "E302",
  "message": "pairs.jsonl, row 4 (line 4): not valid JSON: ..."}}``.

Output is appended in chunks, each flushed and ``fsync``-ed. With ``resume=True`` the
existing output is checked line by line (a half-written last line, left by a killed run,
is cut off), the rows already there are skipped, and the rest is appended, so after a
crash and a resumed rerun every input row appears exactly once, in order.

Examples:
    >>> import json, pathlib, shutil, tempfile
    >>> from spundetect.batch import run_batch
    >>> tmp = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (tmp / "pairs.jsonl").write_text(
    ...     '{"id": "a", "original": "Two men met an old friend.", '
    ...     '"suspect": "2 males met a previous pal."}\\n'
    ...     '{"id": "b", "original": "No suspect here."}\\n', encoding="utf-8")
    >>> summary = run_batch(tmp / "pairs.jsonl", tmp / "results.jsonl")
    >>> summary.ok, summary.failed
    (1, 1)
    >>> [json.loads(line)["ok"] for line in open(tmp / "results.jsonl", encoding="utf-8")]
    [True, False]
    >>> shutil.rmtree(tmp)
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Literal

from spundetect import _version
from spundetect.compare import compare
from spundetect.errors import (
    FileFormatError,
    ResourceError,
    SettingsError,
    SpundetectError,
    describe,
)
from spundetect.settings import DEFAULT_DERIVED_SHARE, DEFAULT_MIN_SIMILARITY

__all__ = [
    "DEFAULT_MAX_CHARS",
    "FORMATS",
    "ROW_ERROR_CODES",
    "PairRow",
    "PairReader",
    "RowError",
    "OutputState",
    "BatchSummary",
    "detect_format",
    "read_text_file",
    "read_pairs",
    "run_queries",
    "count_rows",
    "read_output",
    "process_rows",
    "run_batch",
]

#: Largest text (in characters) accepted in one cell or referenced file: 10 million.
DEFAULT_MAX_CHARS = 10_000_000

#: Input formats of a pairs file.
FORMATS: tuple[str, ...] = ("csv", "jsonl")

Format = Literal["csv", "jsonl"]
DecodeErrors = Literal["strict", "replace"]
Record = dict[str, Any]

#: Error codes of error records (and of :class:`FileFormatError` raised for whole files).
ROW_ERROR_CODES: dict[str, str] = {
    "E300": "the pairs file cannot be read (missing, unknown format, CSV header without "
    "the needed columns)",
    "E301": "text that is not valid UTF-8 (in the pairs file or a referenced file)",
    "E302": "a row that cannot be parsed (bad JSON, malformed CSV)",
    "E303": "a required field is missing, or both the text and the path of one side are given",
    "E304": "a field has the wrong type (a number or null where text is needed...)",
    "E305": "a cell or a referenced file is over the size limit (max_chars)",
    "E306": "a referenced file cannot be opened (missing, a directory, no permission)",
    "E307": "the output file to resume is not a complete spundetect results file",
    "E308": "the output file to resume was written with other settings or another version",
    "E500": "an unexpected internal error while comparing one row (please report it)",
}

_EXTENSIONS: dict[str, Format] = {
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".jsonlines": "jsonl",
}
_SIDES = ("original", "suspect")
_QUERY_SIDES = ("text",)
_CHUNK_BYTES = 1 << 20
_CSV_FIELD_LIMIT = 2**31 - 1


@dataclass(frozen=True)
class RowError:
    """Why one input row gave no comparison.

    Attributes:
        code: a stable code from :data:`ROW_ERROR_CODES` (or the code of the library
            error raised by :func:`~spundetect.compare`).
        message: names the pairs file, the row and the field, and what is allowed.
    """

    code: str
    message: str


@dataclass(frozen=True)
class PairRow:
    """One row of a pairs file: the two texts, or the error that made it unusable.

    Attributes:
        row: 1-based row number (the CSV header and blank JSON Lines lines excluded).
        id: the row's ``id`` field, or ``None``.
        original: the original text (``None`` when ``error`` is set).
        suspect: the suspect text (``None`` when ``error`` is set).
        error: why the row is unusable, or ``None``.
        where: ``"<pairs file>, row N"``, to prefix messages about the row.
    """

    row: int
    id: str | int | None
    original: str | None = None
    suspect: str | None = None
    error: RowError | None = None
    where: str = ""


@dataclass
class OutputState:
    """What an existing results file holds, as read by :func:`read_output`.

    Attributes:
        done: row numbers already in the file.
        failed: how many of them are error records.
        valid_bytes: length of the file's complete, valid part.
        size: the file's actual size (larger when the last line was cut off).
        signatures: the distinct signatures of the good records.
    """

    done: set[int] = field(default_factory=set)
    failed: int = 0
    valid_bytes: int = 0
    size: int = 0
    signatures: set[str] = field(default_factory=set)


@dataclass
class BatchSummary:
    """The outcome of :func:`run_batch`.

    Attributes:
        output: the results file.
        rows: records in the output file at the end (old and new).
        written: records written by this run.
        skipped: input rows skipped because the output already had them (resume).
        ok: good records in the output file.
        failed: error records in the output file.
        truncated_bytes: bytes of a half-written last line cut off on resume.
        seconds: wall time of the run.
    """

    output: Path
    rows: int = 0
    written: int = 0
    skipped: int = 0
    ok: int = 0
    failed: int = 0
    truncated_bytes: int = 0
    seconds: float = 0.0


# --------------------------------------------------------------------------- input


def detect_format(path: str | os.PathLike[str], format: str | None = None) -> Format:
    """Return the format of a pairs file: ``format`` if given, else from its extension.

    Args:
        path: the pairs file.
        format: ``"csv"``, ``"jsonl"`` or ``None`` to use the extension (``.csv``;
            ``.jsonl``, ``.ndjson``, ``.jsonlines``).

    Raises:
        SettingsError: ``format`` is not one of :data:`FORMATS`.
        FileFormatError: ``format`` is ``None`` and the extension is not known (E300).

    Examples:
        >>> detect_format("pairs.CSV"), detect_format("x.txt", "jsonl")
        ('csv', 'jsonl')
    """
    if format is not None:
        if format not in FORMATS:
            raise SettingsError(f"format must be one of {', '.join(FORMATS)}, got {describe(format)}")
        return "csv" if format == "csv" else "jsonl"
    suffix = Path(path).suffix.lower()
    found = _EXTENSIONS.get(suffix)
    if found is None:
        raise FileFormatError(
            f"{os.fspath(path)}: cannot tell the format from the extension {suffix or '(none)'!r}; "
            f"use .csv or .jsonl, or give the format (csv or jsonl)",
            code="E300",
        )
    return found


def _check_limit(name: str, value: int, minimum: int = 1) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise SettingsError(f"{name} must be an int >= {minimum}, got {describe(value)}")
    return value


def _check_errors(errors: str) -> DecodeErrors:
    if errors not in ("strict", "replace"):
        raise SettingsError(f"errors must be 'strict' or 'replace', got {describe(errors)}")
    return "strict" if errors == "strict" else "replace"


def _bad_unicode(text: str) -> int | None:
    """Index of the first lone surrogate in ``text`` (not encodable as UTF-8), or None."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as err:
        return err.start
    return None


def read_text_file(
    path: str | os.PathLike[str],
    *,
    max_chars: int | None = DEFAULT_MAX_CHARS,
    errors: str = "strict",
    label: str | None = None,
) -> str:
    """Read a text file as UTF-8, the way the CLI and batch runs read texts.

    A UTF-8 byte-order mark is dropped and Windows (``\\r\\n``) and old Mac (``\\r``) line
    endings become ``\\n``, as Python's text mode does.

    Args:
        path: the file.
        max_chars: largest accepted length in characters (``None``: no limit).
        errors: ``"strict"`` (invalid UTF-8 is an error) or ``"replace"`` (invalid bytes
            become U+FFFD).
        label: how messages name the file (default: the path as given).

    Returns:
        The text.

    Raises:
        FileFormatError: the file cannot be opened (E306), is not valid UTF-8 (E301) or
            is longer than ``max_chars`` (E305).

    Examples:
        >>> import pathlib, shutil, tempfile
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "t.txt"
        >>> _ = p.write_bytes(b"\\xef\\xbb\\xbfOne.\\r\\nTwo.\\r\\n")
        >>> read_text_file(p)
        'One.\\nTwo.\\n'
        >>> shutil.rmtree(p.parent)
    """
    mode = _check_errors(errors)
    name = label if label is not None else os.fspath(path)
    if "\x00" in os.fspath(path):
        raise FileFormatError(f"{name!r}: cannot open the file: a path may not contain a NUL character", code="E306")
    try:
        with open(path, "rb") as fh:
            if max_chars is not None:
                size = os.fstat(fh.fileno()).st_size
                if size > 4 * max_chars + 4:
                    raise FileFormatError(
                        f"{name}: file is {size} bytes, over the limit of {max_chars} "
                        f"characters (max_chars)",
                        code="E305",
                    )
            data = fh.read()
    except FileFormatError:
        raise
    except OSError as err:
        raise FileFormatError(f"{name}: cannot open the file: {err.strerror or err}", code="E306") from err
    try:
        text = data.decode("utf-8-sig", errors=mode)
    except UnicodeDecodeError as err:
        raise FileFormatError(
            f"{name}: not valid UTF-8 (byte 0x{data[err.start]:02x} at offset {err.start}); "
            f"re-encode the file as UTF-8 or read it with errors='replace'",
            code="E301",
        ) from err
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if max_chars is not None and len(text) > max_chars:
        raise FileFormatError(
            f"{name}: {len(text)} characters, over the limit of {max_chars} (max_chars)",
            code="E305",
        )
    return text


class _RowFailure(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _side_text(
    record: Mapping[str, object],
    side: str,
    *,
    where: str,
    base: Path,
    max_chars: int,
    errors: DecodeErrors,
) -> str:
    path_key = f"{side}_path"
    has_text, has_path = side in record, path_key in record
    if has_text and has_path:
        raise _RowFailure(
            "E303", f"{where}: give either field {side!r} or field {path_key!r}, not both"
        )
    if not has_text and not has_path:
        raise _RowFailure(
            "E303", f"{where}: missing field {side!r} (the text) or {path_key!r} (a file path)"
        )
    if has_text:
        value = record[side]
        if not isinstance(value, str):
            raise _RowFailure(
                "E304", f"{where}, field {side!r}: must be a string (the text), got {describe(value)}"
            )
        if len(value) > max_chars:
            raise _RowFailure(
                "E305",
                f"{where}, field {side!r}: {len(value)} characters, over the limit of "
                f"{max_chars} (max_chars)",
            )
        bad = _bad_unicode(value)
        if bad is not None:
            raise _RowFailure(
                "E301",
                f"{where}, field {side!r}: not valid Unicode text (a lone surrogate or "
                f"undecodable byte at character {bad})",
            )
        return value
    value = record[path_key]
    if not isinstance(value, str) or not value:
        raise _RowFailure(
            "E304", f"{where}, field {path_key!r}: must be a non-empty file path, got {describe(value)}"
        )
    target = Path(value)
    if not target.is_absolute():
        target = base / target
    try:
        return read_text_file(target, max_chars=max_chars, errors=errors, label=f"file {value!r}")
    except FileFormatError as err:
        raise _RowFailure(err.code, f"{where}, field {path_key!r}: {err.message}") from err


def _make_row(
    record: Mapping[str, object],
    *,
    row: int,
    where: str,
    base: Path,
    max_chars: int,
    errors: DecodeErrors,
    sides: tuple[str, ...] = _SIDES,
) -> PairRow:
    raw_id = record.get("id")
    ident: str | int | None = None
    if raw_id is not None:
        if isinstance(raw_id, bool) or not isinstance(raw_id, (str, int)):
            return PairRow(
                row, None,
                error=RowError("E304", f"{where}, field 'id': must be a string or an integer, "
                                       f"got {describe(raw_id)}"),
                where=where,
            )
        if isinstance(raw_id, str) and _bad_unicode(raw_id) is not None:
            return PairRow(row, None, error=RowError(
                "E301", f"{where}, field 'id': not valid Unicode text"), where=where)
        ident = raw_id
    try:
        texts = [
            _side_text(record, side, where=where, base=base, max_chars=max_chars, errors=errors)
            for side in sides
        ]
    except _RowFailure as err:
        return PairRow(row, ident, error=RowError(err.code, err.message), where=where)
    if len(texts) == 1:  # a query: a suspect without its original
        return PairRow(row, ident, suspect=texts[0], where=where)
    return PairRow(row, ident, original=texts[0], suspect=texts[1], where=where)


def _binary_lines(fh: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """Yield ``(line number, line)``; ``None`` for a line longer than ``limit`` bytes."""
    number = 0
    while True:
        line = fh.readline(limit)
        if not line:
            return
        number += 1
        if len(line) >= limit and not line.endswith(b"\n"):
            # Over the limit: skip the rest of this line without holding it.
            while True:
                rest = fh.readline(_CHUNK_BYTES)
                if not rest or rest.endswith(b"\n"):
                    break
            yield number, None
        else:
            yield number, line


def _jsonl_rows(
    fh: BinaryIO,
    *,
    name: str,
    base: Path,
    max_chars: int,
    errors: DecodeErrors,
    skip: Collection[int],
    sides: tuple[str, ...] = _SIDES,
) -> Iterator[PairRow]:
    row = 0
    limit = 12 * max_chars + 65536
    for number, line in _binary_lines(fh, limit):
        if line is not None:
            if number == 1 and line.startswith(b"\xef\xbb\xbf"):
                line = line[3:]
            if not line.strip():
                continue
        row += 1
        if row in skip:
            continue
        where = f"{name}, row {row} (line {number})"
        if line is None:
            yield PairRow(row, None, error=RowError(
                "E305", f"{where}: the line is over {limit} bytes, the limit for "
                        f"max_chars={max_chars}"), where=where)
            continue
        try:
            text = line.decode("utf-8", errors=errors)
        except UnicodeDecodeError as err:
            yield PairRow(row, None, error=RowError(
                "E301", f"{where}: not valid UTF-8 (byte 0x{line[err.start]:02x} at byte "
                        f"{err.start} of the line); re-encode the file as UTF-8"), where=where)
            continue
        try:
            value = json.loads(text)
        except json.JSONDecodeError as err:
            yield PairRow(row, None, error=RowError(
                "E302", f"{where}: not valid JSON ({err.msg} at column {err.colno})"), where=where)
            continue
        except RecursionError:
            yield PairRow(row, None, error=RowError(
                "E302", f"{where}: not valid JSON (nested too deeply)"), where=where)
            continue
        if not isinstance(value, dict):
            yield PairRow(row, None, error=RowError(
                "E304", f"{where}: must be a JSON object with fields {' and '.join(map(repr, sides))}, "
                        f"got {describe(value)}"), where=where)
            continue
        yield _make_row(value, row=row, where=where, base=base, max_chars=max_chars, errors=errors, sides=sides)


def _csv_header(reader: Any, name: str, sides: tuple[str, ...] = _SIDES) -> list[str]:
    try:
        header = next(reader)
    except StopIteration:
        raise FileFormatError(f"{name}: the CSV file is empty (it needs a header row)", code="E300") from None
    except csv.Error as err:
        raise FileFormatError(f"{name}, line 1: cannot read the CSV header: {err}", code="E300") from err
    columns = [c.strip() for c in header]
    if columns and columns[0].startswith("\ufeff"):
        columns[0] = columns[0][1:]
    if _bad_unicode("".join(columns)) is not None:
        raise FileFormatError(f"{name}, line 1: the CSV header is not valid UTF-8", code="E301")
    for side in sides:
        if side not in columns and f"{side}_path" not in columns:
            raise FileFormatError(
                f"{name}, line 1: the CSV header must name a column {side!r} (the text) or "
                f"{side + '_path'!r} (a file path); it has {columns}",
                code="E300",
            )
    dupes = sorted({c for c in columns if columns.count(c) > 1})
    if dupes:
        raise FileFormatError(f"{name}, line 1: the CSV header repeats columns {dupes}", code="E300")
    return columns


def _csv_rows(
    fh: BinaryIO,
    *,
    name: str,
    base: Path,
    max_chars: int,
    errors: DecodeErrors,
    skip: Collection[int],
    sides: tuple[str, ...] = _SIDES,
) -> Iterator[PairRow]:
    if csv.field_size_limit() < _CSV_FIELD_LIMIT:
        # Process-wide setting of the csv module; oversized cells are reported per row.
        csv.field_size_limit(_CSV_FIELD_LIMIT)
    text = io.TextIOWrapper(
        fh, encoding="utf-8", errors="surrogateescape" if errors == "strict" else "replace", newline=""
    )
    reader = csv.reader(text)
    columns = _csv_header(reader, name, sides)
    row = 0
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            row += 1
            if row not in skip:
                where = f"{name}, row {row} (line {line})"
                yield PairRow(row, None, error=RowError("E302", f"{where}: malformed CSV: {err}"), where=where)
            continue
        if not cells or (len(cells) == 1 and not cells[0].strip()):
            continue  # a blank line
        row += 1
        if row in skip:
            continue
        where = f"{name}, row {row} (line {line})"
        if len(cells) != len(columns):
            yield PairRow(row, None, error=RowError(
                "E303", f"{where}: has {len(cells)} cells but the header names {len(columns)} "
                        f"columns {columns}"), where=where)
            continue
        record: dict[str, object] = dict(zip(columns, cells))
        bad = next((c for c in columns if _bad_unicode(str(record[c])) is not None), None)
        if bad is not None:
            yield PairRow(row, None, error=RowError(
                "E301", f"{where}, field {bad!r}: not valid UTF-8; re-encode the file as UTF-8 "
                        f"or read it with errors='replace'"), where=where)
            continue
        for side in sides:
            path_key = f"{side}_path"
            # An empty cell in a column that is not used by this row counts as absent.
            if path_key in record and record[path_key] == "" and (side in record):
                del record[path_key]
            elif side in record and record[side] == "" and record.get(path_key):
                del record[side]
        if record.get("id") == "":
            record["id"] = None
        yield _make_row(record, row=row, where=where, base=base, max_chars=max_chars, errors=errors, sides=sides)


def read_pairs(
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    errors: str = "strict",
    skip_rows: Collection[int] = (),
) -> PairReader:
    """Read the rows of a pairs file, one :class:`PairRow` per row, in input order.

    The file is opened and (for CSV) its header checked before this returns; rows are
    then read lazily. Bad rows come back with :attr:`PairRow.error` set.

    Args:
        path: a CSV or JSON Lines file (UTF-8; a BOM and Windows line endings are fine).
        format: ``"csv"``, ``"jsonl"`` or ``None`` (from the extension).
        max_chars: largest text, in characters, of one cell or one referenced file.
        errors: ``"strict"``: invalid UTF-8 makes an error record (E301);
            ``"replace"``: invalid bytes become U+FFFD and the row is used.
        skip_rows: row numbers not to yield (already done); referenced files of skipped
            rows are not read.

    Returns:
        An iterator of rows (a :class:`PairReader`; close it to close the file early).

    Raises:
        FileFormatError: the file cannot be opened or its format told, or the CSV header
            lacks the needed columns (E300).
        SettingsError: ``format``, ``max_chars`` or ``errors`` is not allowed.

    Examples:
        >>> import pathlib, shutil, tempfile
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "pairs.csv"
        >>> _ = p.write_text("id,original,suspect\\nx,An old man.,A previous male.\\ny,Hi.\\n")
        >>> rows = list(read_pairs(p))
        >>> rows[0].suspect, rows[1].error.code
        ('A previous male.', 'E303')
        >>> shutil.rmtree(p.parent)
    """
    return _read_rows(path, format=format, max_chars=max_chars, errors=errors, skip_rows=skip_rows, sides=_SIDES)


def _read_rows(
    path: str | os.PathLike[str],
    *,
    format: str | None,
    max_chars: int,
    errors: str,
    skip_rows: Collection[int],
    sides: tuple[str, ...],
) -> PairReader:
    fmt = detect_format(path, format)
    _check_limit("max_chars", max_chars)
    mode = _check_errors(errors)
    name = os.fspath(path)
    base = Path(path).resolve().parent
    try:
        fh: BinaryIO = open(path, "rb")
    except OSError as err:
        raise FileFormatError(f"{name}: cannot open the pairs file: {err.strerror or err}", code="E300") from err
    reader = _csv_rows if fmt == "csv" else _jsonl_rows
    rows = PairReader(fh, reader(fh, name=name, base=base, max_chars=max_chars, errors=mode, skip=skip_rows,
                                 sides=sides))
    if fmt == "csv":
        try:
            rows.start()  # reads and checks the header now
        except BaseException:
            rows.close()
            raise
    return rows


class PairReader(Iterator[PairRow]):
    """The iterator :func:`read_pairs` returns: closes the file when exhausted or closed.

    Also a context manager (``with read_pairs(path) as rows: ...``).
    """

    def __init__(self, fh: BinaryIO, rows: Iterator[PairRow]) -> None:
        self._fh = fh
        self._rows = rows
        self._first: list[PairRow] = []

    def start(self) -> None:
        """Read up to the first row (for CSV, this checks the header)."""
        try:
            self._first.append(next(self._rows))
        except StopIteration:
            self.close()

    def __next__(self) -> PairRow:
        if self._first:
            return self._first.pop()
        if self._fh.closed:
            raise StopIteration
        try:
            return next(self._rows)
        except StopIteration:
            self.close()
            raise

    def close(self) -> None:
        """Close the pairs file."""
        close = getattr(self._rows, "close", None)
        if close is not None:
            close()
        self._fh.close()

    def __enter__(self) -> PairReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def count_rows(path: str | os.PathLike[str], *, format: str | None = None) -> int:
    """Quickly count the rows of a pairs file (for a progress bar's total).

    Counts non-blank lines (minus the header for CSV), so a CSV file with line breaks
    inside quoted cells is over-counted.

    Args:
        path: the pairs file.
        format: as in :func:`read_pairs`.

    Returns:
        The number of rows, or 0 when the file cannot be read.

    Examples:
        >>> import pathlib, shutil, tempfile
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "p.jsonl"
        >>> _ = p.write_text('{"a": 1}\\n\\n{"b": 2}\\n')
        >>> count_rows(p)
        2
        >>> shutil.rmtree(p.parent)
    """
    fmt = detect_format(path, format)
    count = 0
    try:
        with open(path, "rb") as fh:
            for line in fh:
                if line.strip():
                    count += 1
    except OSError:
        return 0
    return max(0, count - 1) if fmt == "csv" else count


# --------------------------------------------------------------------------- output


def read_output(path: str | os.PathLike[str]) -> OutputState:
    """Check an existing results file and report which rows it holds.

    Every line must be a complete JSON object with an integer ``"row"`` and a boolean
    ``"ok"``. A last line without its newline, or that is not valid (a run killed while
    writing), is not counted: :attr:`OutputState.valid_bytes` stops before it.

    Args:
        path: the results file (a missing file reads as empty).

    Returns:
        The rows done, the count of error records and the valid length.

    Raises:
        FileFormatError: a line other than the last is not a valid record (E307).

    Examples:
        >>> import pathlib, shutil, tempfile
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "out.jsonl"
        >>> _ = p.write_text('{"row": 1, "ok": true}\\n{"row": 2, "ok": fa')
        >>> state = read_output(p)
        >>> sorted(state.done), state.valid_bytes, state.size
        ([1], 23, 42)
        >>> shutil.rmtree(p.parent)
    """
    state = OutputState()
    name = os.fspath(path)
    try:
        fh = open(path, "rb")
    except FileNotFoundError:
        return state
    except OSError as err:
        raise FileFormatError(f"{name}: cannot open the results file: {err.strerror or err}", code="E307") from err
    with fh:
        state.size = os.fstat(fh.fileno()).st_size
        offset = 0
        number = 0
        pending_error: str | None = None
        for line in fh:
            number += 1
            if pending_error is not None:
                raise FileFormatError(pending_error, code="E307")
            record: object = None
            if line.endswith(b"\n"):
                try:
                    record = json.loads(line.decode("utf-8"))
                except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
                    record = None
            valid = (
                isinstance(record, dict)
                and isinstance(record.get("row"), int)
                and not isinstance(record.get("row"), bool)
                and isinstance(record.get("ok"), bool)
            )
            if not valid:
                # Allowed only as the (half-written) last line.
                pending_error = (
                    f"{name}, line {number}: not a complete spundetect result record; "
                    f"the file was not written by 'spundetect batch' or was edited. "
                    f"Fix or remove it, or run without resume"
                )
                continue
            assert isinstance(record, dict)
            offset += len(line)
            state.done.add(record["row"])
            if record["ok"]:
                signature = record.get("signature")
                if isinstance(signature, str):
                    state.signatures.add(signature)
            else:
                state.failed += 1
        state.valid_bytes = offset
    return state


def _ok_record(row: PairRow, full: bool, options: Mapping[str, Any]) -> Record:
    assert row.original is not None and row.suspect is not None
    try:
        result = compare(row.original, row.suspect, **options)
    except SpundetectError as err:
        if isinstance(err, (SettingsError, ResourceError)):
            raise  # wrong settings or missing resources: every row would fail
        return _error_record(row, RowError(err.code, f"{row.where}: {err.message}"))
    except Exception as err:  # noqa: BLE001 - one bad row must not stop a batch
        return _error_record(row, RowError(
            "E500", f"{row.where}: internal error {type(err).__name__}: {err}; please report it"))
    record: Record = {
        "row": row.row,
        "id": row.id,
        "ok": True,
        "score": result.score,
        "verdict": result.verdict,
        "swaps": len(result.swaps),
        "flagged": len(result.flagged_swaps),
        "signature": str(result.signature),
    }
    if full:
        record["result"] = result.model_dump(mode="json")
    return record


def _error_record(row: PairRow, error: RowError) -> Record:
    return {"row": row.row, "id": row.id, "ok": False, "error": {"code": error.code, "message": error.message}}


def _process_one(row: PairRow, full: bool, options: Mapping[str, Any]) -> Record:
    if row.error is not None:
        return _error_record(row, row.error)
    return _ok_record(row, full, options)


def _process_chunk(rows: list[PairRow], full: bool, options: dict[str, Any]) -> list[Record]:
    return [_process_one(row, full, options) for row in rows]


def _warm_up(options: dict[str, Any]) -> None:
    compare("Warm up.", "Warm up.", **options)


def process_rows(
    rows: Iterable[PairRow],
    *,
    full: bool = False,
    workers: int = 1,
    pipeline: str | None = None,
    min_similarity: float = DEFAULT_MIN_SIMILARITY,
    derived_share: float = DEFAULT_DERIVED_SHARE,
    threshold: float | None = None,
    exact_alignment: bool | None = None,
) -> Iterator[Record]:
    """Compare each row and yield its output record, in input order.

    Args:
        rows: rows as given by :func:`read_pairs`.
        full: add the whole comparison (``Comparison.model_dump``) as ``"result"``.
        workers: processes to compare in (1: in this process; more: the package's pool,
            :func:`spundetect.parallel.ordered_map`).
        pipeline: as in :func:`spundetect.compare`, the same for every row.
        min_similarity: as in :func:`spundetect.compare`.
        derived_share: as in :func:`spundetect.compare`.
        threshold: as in :func:`spundetect.compare`.
        exact_alignment: as in :func:`spundetect.compare`.

    Yields:
        One record per row: a good record or an error record.

    Raises:
        SettingsError: an option is not allowed.
        ResourceError: a resource every row needs is missing (e.g. the spaCy pipeline).

    Examples:
        >>> rows = [PairRow(1, "a", "Two men came.", "2 males came."), PairRow(2, None,
        ...         error=RowError("E303", "p.csv, row 2: missing field 'suspect'"))]
        >>> [(r["row"], r["ok"]) for r in process_rows(rows)]
        [(1, True), (2, False)]
    """
    _check_limit("workers", workers)
    options: dict[str, Any] = {
        "pipeline": pipeline,
        "min_similarity": min_similarity,
        "derived_share": derived_share,
        "threshold": threshold,
        "exact_alignment": exact_alignment,
    }
    _warm_up(options)  # validates the settings and loads resources once
    if workers == 1:
        for row in rows:
            yield _process_one(row, full, options)
        return
    # The package's one process pool (spundetect.parallel): rows go in chunks, records come
    # back in input order, a bad row is an error record made in the worker. Its workers fork
    # from this warmed-up process (or warm up on their first row under forkserver/spawn).
    from spundetect.parallel import ordered_map

    tasks = ((chunk, full, options) for chunk in _chunks(rows))
    # Closed here, not when collected: on Ctrl-C or an error the pool stops at once, even
    # while the traceback still holds this frame.
    with contextlib.closing(ordered_map(_process_chunk, tasks, workers=workers)) as results:
        for records in results:
            yield from records


def _chunks(rows: Iterable[PairRow], size: int = 8) -> Iterator[list[PairRow]]:
    """The rows in lists of ``size`` (the last may be shorter): one pool task each."""
    chunk: list[PairRow] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class _Writer:
    """Appends JSON lines; flushes and fsyncs whole chunks."""

    def __init__(self, path: Path, chunk_size: int, flush_seconds: float) -> None:
        self._fh = open(path, "ab")
        self._buffer: list[bytes] = []
        self._chunk_size = chunk_size
        self._flush_seconds = flush_seconds
        self._last = time.monotonic()

    def add(self, record: Record) -> None:
        line = json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"
        self._buffer.append(line.encode("utf-8", errors="backslashreplace"))
        if len(self._buffer) >= self._chunk_size or time.monotonic() - self._last >= self._flush_seconds:
            self.flush()

    def flush(self) -> None:
        if self._buffer:
            self._fh.write(b"".join(self._buffer))
            self._buffer.clear()
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self._last = time.monotonic()

    def close(self) -> None:
        try:
            self.flush()
        finally:
            self._fh.close()


def run_batch(
    pairs: str | os.PathLike[str],
    output: str | os.PathLike[str],
    *,
    format: str | None = None,
    resume: bool = False,
    full: bool = False,
    workers: int = 1,
    max_chars: int = DEFAULT_MAX_CHARS,
    errors: str = "strict",
    chunk_size: int = 32,
    flush_seconds: float = 1.0,
    on_start: Callable[[int], None] | None = None,
    on_record: Callable[[Record], None] | None = None,
    pipeline: str | None = None,
    min_similarity: float = DEFAULT_MIN_SIMILARITY,
    derived_share: float = DEFAULT_DERIVED_SHARE,
    threshold: float | None = None,
    exact_alignment: bool | None = None,
) -> BatchSummary:
    """Compare every pair of a pairs file and write one JSON line per row to ``output``.

    Args:
        pairs: the CSV or JSON Lines pairs file (see the module documentation).
        output: the results file (JSON Lines). Without ``resume`` it is replaced.
        format: ``"csv"``, ``"jsonl"`` or ``None`` (from the extension of ``pairs``).
        resume: keep the records already in ``output`` (cutting off a half-written last
            line) and compare only the rows it lacks.
        full: add the whole comparison to each good record as ``"result"``.
        workers: processes to compare in.
        max_chars: largest text, in characters, of one cell or referenced file.
        errors: ``"strict"`` or ``"replace"``: what invalid UTF-8 does (see
            :func:`read_pairs`).
        chunk_size: records per write; each write is flushed and fsync-ed.
        flush_seconds: also write when this long has passed since the last write.
        on_start: called once, before the first row is compared, with the number of
            rows already done (for progress).
        on_record: called with each new record once it is produced (for progress).
        pipeline: as in :func:`spundetect.compare`, the same for every row.
        min_similarity: as in :func:`spundetect.compare`.
        derived_share: as in :func:`spundetect.compare`.
        threshold: as in :func:`spundetect.compare`.
        exact_alignment: as in :func:`spundetect.compare`.

    Returns:
        A :class:`BatchSummary`; ``failed`` counts error records in the whole output.

    Raises:
        FileFormatError: the pairs file cannot be read (E300), the output to resume is
            not a results file (E307) or was written with other settings (E308).
        SettingsError: an option is not allowed.
        ResourceError: a resource every row needs is missing.

    Examples:
        >>> import pathlib, shutil, tempfile
        >>> tmp = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (tmp / "p.csv").write_text("original,suspect\\nOld friend.,Previous pal.\\n")
        >>> run_batch(tmp / "p.csv", tmp / "r.jsonl").rows
        1
        >>> shutil.rmtree(tmp)
    """
    start = time.monotonic()
    _check_limit("chunk_size", chunk_size)
    _check_limit("workers", workers)
    options: dict[str, Any] = {
        "pipeline": pipeline,
        "min_similarity": min_similarity,
        "derived_share": derived_share,
        "threshold": threshold,
        "exact_alignment": exact_alignment,
    }
    _warm_up(options)  # checks the settings (and loads resources) before touching output
    return _run_resumable(
        pairs, output, lambda: str(compare("Warm up.", "Warm up.", **options).signature),
        lambda done: read_pairs(pairs, format=format, max_chars=max_chars, errors=errors, skip_rows=done),
        lambda rows: process_rows(rows, full=full, workers=workers, **options),
        resume=resume, chunk_size=chunk_size, flush_seconds=flush_seconds, on_start=on_start,
        on_record=on_record, start=start,
    )


def _run_resumable(
    source: str | os.PathLike[str],
    output: str | os.PathLike[str],
    signature: Callable[[], str],
    open_rows: Callable[[Collection[int]], PairReader],
    process: Callable[[Iterable[PairRow]], Iterable[Record]],
    *,
    resume: bool,
    chunk_size: int,
    flush_seconds: float,
    on_start: Callable[[int], None] | None,
    on_record: Callable[[Record], None] | None,
    start: float,
) -> BatchSummary:
    """One record per input row, appended in fsync-ed chunks; with ``resume``, the rows
    already in ``output`` are skipped (a half-written last line is cut off) and the rest
    appended. The machinery of :func:`run_batch` and :func:`run_queries`."""
    out = Path(output)
    if out.exists() and out.resolve() == Path(source).resolve():
        raise FileFormatError(f"{os.fspath(output)}: the output file is the input file itself", code="E300")
    state = OutputState()
    summary = BatchSummary(output=out)
    if resume:
        state = read_output(out)
        if state.signatures:
            current = signature()
            other = sorted(state.signatures - {current})
            if other:
                raise FileFormatError(
                    f"{os.fspath(output)}: written with settings {other[0]!r}, but this run uses "
                    f"{current!r}; resume with the same options and version, or start a new file",
                    code="E308",
                )
    rows = open_rows(state.done)
    try:
        if resume and state.size > state.valid_bytes:
            with open(out, "r+b") as fh:
                fh.truncate(state.valid_bytes)
                fh.flush()
                os.fsync(fh.fileno())
            summary.truncated_bytes = state.size - state.valid_bytes
        elif not resume:
            out.parent.mkdir(parents=True, exist_ok=True)
            with open(out, "wb") as fh:
                os.fsync(fh.fileno())
        writer = _Writer(out, chunk_size, flush_seconds)
    except OSError as err:
        rows.close()
        raise FileFormatError(f"{os.fspath(output)}: cannot write the results file: {err.strerror or err}",
                              code="E307") from err
    failed = state.failed
    written = 0
    try:
        if on_start is not None:
            on_start(len(state.done))
        for record in process(rows):
            writer.add(record)
            written += 1
            if not record["ok"]:
                failed += 1
            if on_record is not None:
                on_record(record)
    finally:
        rows.close()
        writer.close()
    summary.written = written
    summary.skipped = len(state.done)
    summary.rows = len(state.done) + written
    summary.failed = failed
    summary.ok = summary.rows - failed
    summary.seconds = time.monotonic() - start
    return summary


def run_queries(
    index: Any,
    queries: str | os.PathLike[str],
    output: str | os.PathLike[str],
    *,
    find: bool = False,
    k: int = 10,
    format: str | None = None,
    resume: bool = False,
    max_chars: int = DEFAULT_MAX_CHARS,
    errors: str = "strict",
    chunk_size: int = 32,
    flush_seconds: float = 1.0,
    on_start: Callable[[int], None] | None = None,
    on_record: Callable[[Record], None] | None = None,
    **options: Any,
) -> BatchSummary:
    """Search an index for every query of a CSV or JSON Lines file, resumably.

    As :func:`run_batch` (same reading, output handling, resume and error records), with
    rows of one text: ``text`` (the query) or ``text_path`` (a UTF-8 file), and an
    optional ``id``. A good
    record is ``{"row", "id", "ok": true, "hits": [Hit...]}``, or with ``find``
    ``{"row", "id", "ok": true, "matches": [{"doc_id", "verdict", "score", "hit"}...]}``,
    and carries a ``signature`` naming the version, the index's fingerprints, ``k`` and
    ``find`` (resuming with others is E308).

    Args:
        index: a :class:`spundetect.Index`.
        queries: the queries file.
        output: the results file (JSON Lines); replaced unless ``resume``.
        find: run :meth:`~spundetect.Index.find` instead of :meth:`~spundetect.Index.search`.
        k: results per query at most.
        format: ``"csv"``, ``"jsonl"`` or ``None`` (from the extension of ``queries``).
        resume: keep the records already in ``output`` and do only the rows it lacks.
        max_chars: largest text, in characters.
        errors: ``"strict"`` or ``"replace"`` (invalid UTF-8).
        chunk_size: records per write (each write is flushed and fsync-ed).
        flush_seconds: also write when this long has passed since the last write.
        on_start: called with the number of rows already done.
        on_record: called with each new record.
        **options: passed to :func:`spundetect.compare` by ``find``.

    Returns:
        A :class:`BatchSummary`.

    Raises:
        FileFormatError: as :func:`run_batch`.
        SettingsError: ``k`` or an option is not allowed.

    Examples:
        >>> import json, pathlib, shutil, tempfile, spundetect
        >>> tmp = pathlib.Path(tempfile.mkdtemp())
        >>> index = spundetect.Index()
        >>> index.add("a", "The two men met an old friend in Moscow in May of 1999.")
        >>> _ = (tmp / "q.jsonl").write_text('{"id": "q", "text": "The 2 males met a pal in Moscow in May of 1999."}\\n')
        >>> run_queries(index, tmp / "q.jsonl", tmp / "out.jsonl").ok
        1
        >>> json.loads((tmp / "out.jsonl").read_text())["hits"][0]["doc_id"]
        'a'
        >>> shutil.rmtree(tmp)
    """
    start = time.monotonic()
    _check_limit("chunk_size", chunk_size)
    _check_limit("k", k)
    signature = f"spundetect:{_version.__version__}|index:{index.config.key}|k:{k}|find:{find}"
    if find:
        signature += "|" + str(compare("Warm up.", "Warm up.", **options).signature)

    def process(rows: Iterable[PairRow]) -> Iterator[Record]:
        for row in rows:
            if row.error is not None:
                yield _error_record(row, row.error)
                continue
            assert row.suspect is not None
            record: Record = {"row": row.row, "id": row.id, "ok": True}
            try:
                if find:
                    record["matches"] = [
                        {"doc_id": m.doc_id, "verdict": m.comparison.verdict, "score": m.comparison.score,
                         "hit": m.hit.model_dump(mode="json")}
                        for m in index.find(row.suspect, k=k, **options)]
                else:
                    record["hits"] = [h.model_dump(mode="json") for h in index.search(row.suspect, k=k)]
            except SpundetectError as err:
                yield _error_record(row, RowError(err.code, f"{row.where}: {err.message}"))
                continue
            record["signature"] = signature
            yield record

    return _run_resumable(
        queries, output, lambda: signature,
        lambda done: _read_rows(queries, format=format, max_chars=max_chars, errors=errors, skip_rows=done,
                                sides=_QUERY_SIDES),
        process, resume=resume, chunk_size=chunk_size, flush_seconds=flush_seconds, on_start=on_start,
        on_record=on_record, start=start,
    )
