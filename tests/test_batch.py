"""Tests of spundetect.batch: reading pairs files, error records, writing and resuming."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import spundetect
from spundetect.batch import (
    ROW_ERROR_CODES,
    PairRow,
    RowError,
    count_rows,
    detect_format,
    process_rows,
    read_output,
    read_pairs,
    read_text_file,
    run_batch,
)
from spundetect.errors import FileFormatError, SettingsError

PAIRS = [
    ("Two men met an old friend in Moscow.", "2 males met a previous pal in Moscow."),
    ("The small town opened a new library.", "The little city opened a brand new library."),
    ("It rained all day.", "It rained all day."),
    ("Cats sleep a lot.", "The stock market fell sharply on Monday."),
]


def jsonl(path: Path, rows: list[Any]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def text_rows(n: int) -> list[dict[str, Any]]:
    return [{"id": f"r{k}", "original": PAIRS[k % 4][0], "suspect": PAIRS[k % 4][1]} for k in range(n)]


def test_jsonl_good_rows_in_order_with_summary(tmp_path: Path) -> None:
    pairs = jsonl(tmp_path / "pairs.jsonl", text_rows(8))
    summary = run_batch(pairs, tmp_path / "out.jsonl")
    assert (summary.rows, summary.written, summary.ok, summary.failed, summary.skipped) == (8, 8, 8, 0, 0)
    out = records(tmp_path / "out.jsonl")
    assert [r["row"] for r in out] == list(range(1, 9))
    assert [r["id"] for r in out] == [f"r{k}" for k in range(8)]
    expected = spundetect.compare(*PAIRS[0])
    first = out[0]
    assert list(first) == ["row", "id", "ok", "score", "verdict", "swaps", "flagged", "signature"]
    assert first["ok"] is True
    assert first["score"] == expected.score and first["verdict"] == expected.verdict
    assert first["swaps"] == len(expected.swaps) and first["flagged"] == len(expected.flagged_swaps)
    assert first["signature"] == str(expected.signature)
    assert out[2]["verdict"] == "copy"


def test_full_result_round_trips(tmp_path: Path) -> None:
    pairs = jsonl(tmp_path / "pairs.jsonl", text_rows(2))
    run_batch(pairs, tmp_path / "out.jsonl", full=True)
    out = records(tmp_path / "out.jsonl")
    again = spundetect.Comparison.model_validate(out[0]["result"])
    assert again == spundetect.compare(*PAIRS[0])


def test_csv_with_paths_bom_and_windows_line_endings(tmp_path: Path) -> None:
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "a.txt").write_bytes(b"\xef\xbb\xbfTwo men met an old friend.\r\nThey talked.\r\n")
    (texts / "b.txt").write_bytes(b"2 males met a previous pal.\r\nThey talked.\r\n")
    pairs = tmp_path / "pairs.csv"
    pairs.write_bytes(
        b"\xef\xbb\xbfid,original,suspect,original_path,suspect_path\r\n"
        b"p1,,,texts/a.txt,texts/b.txt\r\n"
        b'p2,"Old friend, came.","Previous pal, came.",,\r\n'
        b"\r\n"
        b',Cats sleep.,,,texts/b.txt\r\n'
    )
    run_batch(pairs, tmp_path / "out.jsonl")
    out = records(tmp_path / "out.jsonl")
    assert [(r["row"], r["id"], r["ok"]) for r in out] == [(1, "p1", True), (2, "p2", True), (3, None, True)]
    with read_pairs(pairs) as rows:
        first = next(rows)
    assert first.original == "Two men met an old friend.\nThey talked.\n"


@pytest.mark.parametrize(
    ("line", "code", "needle"),
    [
        ('{"original": "a", "suspect": ', "E302", "not valid JSON"),
        ('{"original": "a"}', "E303", "missing field 'suspect'"),
        ('{"original": 5, "suspect": "b"}', "E304", "field 'original': must be a string"),
        ('{"original": "a", "suspect": null}', "E304", "field 'suspect'"),
        ('["a", "b"]', "E304", "must be a JSON object"),
        ('{"original": "a", "suspect": "b", "id": [1]}', "E304", "field 'id'"),
        ('{"original": "a", "original_path": "x", "suspect": "b"}', "E303", "not both"),
        ('{"original": "a", "suspect": "\\ud800"}', "E301", "field 'suspect'"),
        ('{"original": "a", "suspect_path": "missing.txt"}', "E306", "missing.txt"),
        ('{"original": "a", "suspect_path": ""}', "E304", "suspect_path"),
    ],
)
def test_bad_jsonl_rows_become_error_records(tmp_path: Path, line: str, code: str, needle: str) -> None:
    good = json.dumps({"original": PAIRS[0][0], "suspect": PAIRS[0][1]})
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text(f"{good}\n{line}\n{good}\n", encoding="utf-8")
    summary = run_batch(pairs, tmp_path / "out.jsonl")
    out = records(tmp_path / "out.jsonl")
    assert [r["ok"] for r in out] == [True, False, True]
    assert (summary.ok, summary.failed) == (2, 1)
    error = out[1]
    assert error["row"] == 2 and error["error"]["code"] == code
    assert error["error"]["code"] in ROW_ERROR_CODES
    message = error["error"]["message"]
    assert message.startswith(f"{pairs}, row 2 (line 2)")
    assert needle in message


def test_cell_over_max_chars(tmp_path: Path) -> None:
    pairs = jsonl(tmp_path / "pairs.jsonl", [{"original": "x" * 101, "suspect": "y"}, text_rows(1)[0]])
    run_batch(pairs, tmp_path / "out.jsonl", max_chars=100)
    out = records(tmp_path / "out.jsonl")
    assert out[0]["error"]["code"] == "E305" and "field 'original'" in out[0]["error"]["message"]
    assert out[1]["ok"] is True


def test_line_far_over_the_limit_is_skipped_without_parsing(tmp_path: Path) -> None:
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text('{"original": "' + "x" * 100_000 + '"}\n' + json.dumps(text_rows(1)[0]) + "\n")
    run_batch(pairs, tmp_path / "out.jsonl", max_chars=100)
    out = records(tmp_path / "out.jsonl")
    assert out[0]["error"]["code"] == "E305" and out[0]["row"] == 1
    assert out[1]["ok"] is True and out[1]["row"] == 2


def test_invalid_utf8_file_is_named_and_replace_mode_reads_it(tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_bytes(b"An old \xff friend.")
    (tmp_path / "good.txt").write_text("A previous pal.", encoding="utf-8")
    pairs = jsonl(tmp_path / "pairs.jsonl", [{"original_path": "bad.txt", "suspect_path": "good.txt"}])
    run_batch(pairs, tmp_path / "out.jsonl")
    [rec] = records(tmp_path / "out.jsonl")
    assert rec["error"]["code"] == "E301"
    assert "bad.txt" in rec["error"]["message"] and "original_path" in rec["error"]["message"]
    run_batch(pairs, tmp_path / "out.jsonl", errors="replace")
    [rec] = records(tmp_path / "out.jsonl")
    assert rec["ok"] is True


def test_invalid_utf8_in_pairs_files(tmp_path: Path) -> None:
    pairs = tmp_path / "pairs.jsonl"
    good = json.dumps({"original": "a b", "suspect": "a b"}).encode()
    pairs.write_bytes(good + b"\n" + b'{"original": "\xff", "suspect": "x"}\n' + good + b"\n")
    run_batch(pairs, tmp_path / "out.jsonl")
    assert [r.get("error", {}).get("code") for r in records(tmp_path / "out.jsonl")] == [None, "E301", None]
    csv_pairs = tmp_path / "pairs.csv"
    csv_pairs.write_bytes(b"original,suspect\na b,a b\nc \xfe d,c d\n")
    run_batch(csv_pairs, tmp_path / "out.jsonl")
    out = records(tmp_path / "out.jsonl")
    assert out[1]["error"]["code"] == "E301" and "field 'original'" in out[1]["error"]["message"]
    run_batch(csv_pairs, tmp_path / "out.jsonl", errors="replace")
    assert all(r["ok"] for r in records(tmp_path / "out.jsonl"))


def test_csv_row_with_wrong_cell_count(tmp_path: Path) -> None:
    pairs = tmp_path / "pairs.csv"
    pairs.write_text("original,suspect\na b,a b\nonly one cell\na,b,c\nc d,c d\n", encoding="utf-8")
    run_batch(pairs, tmp_path / "out.jsonl")
    out = records(tmp_path / "out.jsonl")
    assert [(r["row"], r["ok"]) for r in out] == [(1, True), (2, False), (3, False), (4, True)]
    assert "row 2 (line 3)" in out[1]["error"]["message"] and out[1]["error"]["code"] == "E303"


def test_whole_file_errors_raise(tmp_path: Path) -> None:
    with pytest.raises(FileFormatError) as err:
        read_pairs(tmp_path / "nope.jsonl")
    assert err.value.code == "E300" and "nope.jsonl" in str(err.value)
    with pytest.raises(FileFormatError, match="extension"):
        detect_format("pairs.txt")
    with pytest.raises(SettingsError):
        detect_format("pairs.csv", "xml")
    bad_header = tmp_path / "h.csv"
    bad_header.write_text("left,right\na,b\n")
    with pytest.raises(FileFormatError, match="'original'") as err:
        read_pairs(bad_header)
    assert err.value.code == "E300"
    empty = tmp_path / "e.csv"
    empty.write_text("")
    with pytest.raises(FileFormatError, match="empty"):
        read_pairs(empty)
    with pytest.raises(SettingsError):
        run_batch(tmp_path / "e.csv", tmp_path / "o.jsonl", threshold=2.0)
    assert not (tmp_path / "o.jsonl").exists()


def test_blank_lines_take_no_row_number_and_count_rows(tmp_path: Path) -> None:
    pairs = tmp_path / "pairs.jsonl"
    rows = [json.dumps(r) for r in text_rows(3)]
    pairs.write_text(f"{rows[0]}\n\n   \n{rows[1]}\r\n{rows[2]}", encoding="utf-8")
    assert count_rows(pairs) == 3
    run_batch(pairs, tmp_path / "out.jsonl")
    assert [r["row"] for r in records(tmp_path / "out.jsonl")] == [1, 2, 3]
    csv_pairs = tmp_path / "p.csv"
    csv_pairs.write_text("original,suspect\na,b\nc,d\n")
    assert count_rows(csv_pairs) == 2


def test_resume_cuts_half_line_and_does_each_row_once(tmp_path: Path) -> None:
    pairs = jsonl(tmp_path / "pairs.jsonl", text_rows(10))
    run_batch(pairs, tmp_path / "full.jsonl")
    complete = (tmp_path / "full.jsonl").read_bytes()
    lines = complete.splitlines(keepends=True)
    partial = tmp_path / "out.jsonl"
    partial.write_bytes(b"".join(lines[:4]) + lines[4][:17])
    starts: list[int] = []
    seen: list[int] = []
    summary = run_batch(pairs, partial, resume=True, on_start=starts.append,
                        on_record=lambda r: seen.append(r["row"]))
    assert starts == [4] and seen == list(range(5, 11))
    assert (summary.skipped, summary.written, summary.rows, summary.truncated_bytes) == (4, 6, 10, 17)
    assert partial.read_bytes() == complete
    # Nothing left to do: a second resume writes nothing.
    assert run_batch(pairs, partial, resume=True).written == 0
    assert partial.read_bytes() == complete


def test_resume_counts_old_failures(tmp_path: Path) -> None:
    pairs = jsonl(tmp_path / "pairs.jsonl", [{"original": "a"}, *text_rows(2)])
    out = tmp_path / "out.jsonl"
    run_batch(pairs, out)
    out.write_bytes(out.read_bytes().splitlines(keepends=True)[0])
    summary = run_batch(pairs, out, resume=True)
    assert (summary.rows, summary.ok, summary.failed, summary.written) == (3, 2, 1, 2)


def test_resume_refuses_foreign_or_other_settings_output(tmp_path: Path) -> None:
    pairs = jsonl(tmp_path / "pairs.jsonl", text_rows(3))
    out = tmp_path / "out.jsonl"
    out.write_text('{"row": 1, "ok": true}\nnot json\n{"row": 3, "ok": true}\n')
    with pytest.raises(FileFormatError, match="line 2") as err:
        run_batch(pairs, out, resume=True)
    assert err.value.code == "E307"
    run_batch(pairs, out)
    with pytest.raises(FileFormatError) as err:
        run_batch(pairs, out, resume=True, threshold=0.9)
    assert err.value.code == "E308"
    assert read_output(tmp_path / "missing.jsonl").done == set()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.floats(min_value=0.0, max_value=1.0))
def test_resume_after_a_cut_anywhere_gives_the_uninterrupted_output(tmp_path: Path, cut: float) -> None:
    pairs = tmp_path / "pairs.jsonl"
    full = tmp_path / "full.jsonl"
    if not full.exists():
        jsonl(pairs, [*text_rows(5), {"suspect": "x"}, *text_rows(2)])
        run_batch(pairs, full)
    complete = full.read_bytes()
    out = tmp_path / "out.jsonl"
    out.write_bytes(complete[: int(len(complete) * cut)])
    run_batch(pairs, out, resume=True)
    assert out.read_bytes() == complete


def test_process_rows_and_workers_agree(tmp_path: Path) -> None:
    rows = [PairRow(k + 1, k, *PAIRS[k % 4]) for k in range(20)]
    rows.insert(3, PairRow(99, "bad", error=RowError("E303", "x, row 99: missing field 'suspect'")))
    serial = list(process_rows(rows))
    parallel = list(process_rows(rows, workers=2))
    assert serial == parallel
    assert [r["row"] for r in serial] == [r.row for r in rows]


def test_workers_use_the_package_pool_and_keep_row_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    """The batch path runs in spundetect.parallel's pool (issue 16: one pool); a row whose
    comparison fails in a worker still becomes its error record, in its place, and the run
    goes on."""
    from spundetect import batch, parallel
    from spundetect.errors import InputError

    if parallel.default_start_method() != "fork":
        pytest.skip("the patched compare reaches the workers only when they are forked")
    real = batch.compare

    def flaky(original: str, suspect: str, **options: Any) -> Any:
        if original == "boom":
            raise InputError("no good", code="E102")
        if original == "crash":
            raise ZeroDivisionError("x")
        return real(original, suspect, **options)

    pools: list[int] = []
    new_pool = parallel._new_pool

    def counting(workers: int, *args: Any) -> Any:
        pools.append(workers)
        return new_pool(workers, *args)

    monkeypatch.setattr(batch, "compare", flaky)
    monkeypatch.setattr(parallel, "_new_pool", counting)
    rows = [PairRow(k + 1, k, *PAIRS[k % 4]) for k in range(30)]
    rows[5] = PairRow(6, 5, "boom", "x")
    rows[17] = PairRow(18, 17, "crash", "x")
    serial = list(process_rows(rows))
    assert pools == []
    pooled = list(process_rows(rows, workers=2))
    assert pools == [2]
    assert pooled == serial
    assert [r["row"] for r in pooled] == list(range(1, 31))
    assert pooled[5]["error"]["code"] == "E102" and pooled[17]["error"]["code"] == "E500"
    assert all(r["ok"] for k, r in enumerate(pooled) if k not in (5, 17))
    # Stopping early (a killed or interrupted run) closes the pool at once.
    records = process_rows(rows, workers=2)
    assert next(records)["row"] == 1
    records.close()
    assert pools == [2, 2]


def test_read_text_file_errors(tmp_path: Path) -> None:
    with pytest.raises(FileFormatError) as err:
        read_text_file(tmp_path / "none.txt")
    assert err.value.code == "E306"
    big = tmp_path / "big.txt"
    big.write_text("x" * 50)
    with pytest.raises(FileFormatError) as err:
        read_text_file(big, max_chars=10)
    assert err.value.code == "E305"
    assert read_text_file(big, max_chars=None) == "x" * 50
