"""Tests of the command line: ``main([...])`` in process, and a real killed-and-resumed run."""

from __future__ import annotations

import io
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

import spundetect
from spundetect.cli import EXIT_INPUT, EXIT_OK, EXIT_USAGE, main

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
ORIGINAL = EXAMPLES / "original.txt"
SPUN = EXAMPLES / "spun.txt"


def records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


# ----------------------------------------------------------------------------- general


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == EXIT_OK
    assert capsys.readouterr().out.strip() == f"spundetect {spundetect.__version__}"


@pytest.mark.parametrize("argv", [["--help"], ["compare", "--help"], ["batch", "--help"]])
def test_help_has_examples_and_exit_codes(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    assert main(argv) == EXIT_OK
    out = capsys.readouterr().out
    assert "examples:" in out and "exit codes" in out


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["frobnicate"],
        ["compare", "a.txt"],
        ["compare", "a.txt", "b.txt", "--threshold", "2"],
        ["compare", "a.txt", "b.txt", "--json", "--html", "x.html"],
        ["compare", "a.txt", "b.txt", "--width", "0"],
        ["batch", "pairs.csv"],
        ["batch", "pairs.csv", "-o", "out.jsonl", "--format", "xml"],
        ["batch", "pairs.csv", "-o", "out.jsonl", "--workers", "zero"],
    ],
)
def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    assert main(argv) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "spundetect: error:" in err


# ----------------------------------------------------------------------------- compare


def test_compare_text_report(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", str(ORIGINAL), str(SPUN), "--width", "72"]) == EXIT_OK
    out = capsys.readouterr().out
    result = spundetect.compare(ORIGINAL.read_text(encoding="utf-8"), SPUN.read_text(encoding="utf-8"))
    assert result.verdict.upper() in out.upper()
    assert str(result.signature) in out


def test_compare_prints_the_passages(capsys: pytest.CaptureFixture[str]) -> None:
    moved = EXAMPLES / "moved"
    argv = ["compare", str(moved / "original.txt"), str(moved / "suspect.txt"), "--width", "100"]
    assert main(argv) == EXIT_OK
    out = capsys.readouterr().out
    result = spundetect.compare(*(
        (moved / name).read_text(encoding="utf-8") for name in ("original.txt", "suspect.txt")))
    assert len(result.passages) >= 2
    assert f"passages: {len(result.passages)} ({result.reused_share:.0%} of the suspect" in out
    for ps in result.passages:
        a, b = ps.suspect_span
        assert f"{ps.index + 1}. {ps.kind}, score {ps.score:.2f}, " in out
        assert f"(chars {a}-{b})" in " ".join(out.split())
    # the example takes its passages from the original out of order
    starts = [ps.original_span[0] for ps in result.passages]
    assert (starts != sorted(starts)) == ("out of order: the original has them" in out)
    assert starts != sorted(starts)


def test_compare_json_and_stdin(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(SPUN.read_bytes().replace(b"\n", b"\r\n")), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    assert main(["compare", str(ORIGINAL), "-", "--json"]) == EXIT_OK
    result = spundetect.Comparison.model_validate_json(capsys.readouterr().out)
    assert result == spundetect.compare(ORIGINAL.read_text(encoding="utf-8"), SPUN.read_text(encoding="utf-8"))


def test_compare_html(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "report.html"
    assert main(["compare", str(ORIGINAL), str(SPUN), "--html", str(out)]) == EXIT_OK
    printed = capsys.readouterr().out
    assert "report written to" in printed and " passage" in printed
    page = out.read_text(encoding="utf-8")
    assert "<html" in page.lower() and "Kelmsby" in page


def test_compare_input_errors_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", str(tmp_path / "none.txt"), str(SPUN)]) == EXIT_INPUT
    err = capsys.readouterr().err
    assert err.startswith("spundetect: error: [E306]") and "none.txt" in err
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"caf\xe9 au lait")
    assert main(["compare", str(bad), str(SPUN)]) == EXIT_INPUT
    err = capsys.readouterr().err
    assert "[E301]" in err and "bad.txt" in err and "0xe9" in err
    assert main(["compare", str(bad), str(SPUN), "--decode-errors", "replace", "--json"]) == EXIT_OK
    capsys.readouterr()
    assert main(["compare", "-", "-"]) == EXIT_USAGE
    assert main(["compare", str(ORIGINAL), str(SPUN), "--max-chars", "10"]) == EXIT_INPUT
    assert "[E305]" in capsys.readouterr().err
    assert main(["compare", str(ORIGINAL), str(SPUN), "--pipeline", "no_such_pipeline_xyz"]) == EXIT_INPUT
    assert "no_such_pipeline_xyz" in capsys.readouterr().err


# ----------------------------------------------------------------------------- batch


def test_batch_ok_is_quiet_when_piped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pairs = tmp_path / "pairs.csv"
    pairs.write_text('id,original,suspect\n1,Two men came.,2 males came.\n2,"A b, c.","A b, c."\n')
    out = tmp_path / "out.jsonl"
    assert main(["batch", str(pairs), "-o", str(out)]) == EXIT_OK
    assert capsys.readouterr().err == ""
    assert [(r["row"], r["id"], r["ok"]) for r in records(out)] == [(1, "1", True), (2, "2", True)]


def test_batch_malformed_rows_go_on_with_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = json.dumps({"original": "Two men met an old friend.", "suspect": "2 males met a previous pal."})
    lines = [
        good,
        '{"original": "unfinished", "suspect": ',          # bad JSON
        '{"id": "m", "original": "no suspect"}',           # missing field
        '{"id": "t", "original": 42, "suspect": "x"}',     # wrong type
        json.dumps({"id": "big", "original": "x" * (10_000_001), "suspect": "y"}),  # over 10 MB
        good,
    ]
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["batch", str(pairs), "-o", str(out)]) == EXIT_INPUT
    err = capsys.readouterr().err
    assert "spundetect: error: 4 of 6 rows failed" in err
    got = records(out)
    assert [r["row"] for r in got] == [1, 2, 3, 4, 5, 6]
    assert [r["ok"] for r in got] == [True, False, False, False, False, True]
    codes = [r["error"]["code"] for r in got if not r["ok"]]
    assert codes == ["E302", "E303", "E304", "E305"]
    assert [r["id"] for r in got[1:5]] == [None, "m", "t", "big"]
    for r in got[1:5]:
        assert f"{pairs}, row {r['row']}" in r["error"]["message"]
    assert "field 'original'" in got[3]["error"]["message"]
    assert "10000001 characters" in got[4]["error"]["message"]


def test_batch_whole_file_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["batch", str(tmp_path / "none.jsonl"), "-o", str(tmp_path / "o.jsonl")]) == EXIT_INPUT
    assert "[E300]" in capsys.readouterr().err
    odd = tmp_path / "pairs.txt"
    odd.write_text("x")
    assert main(["batch", str(odd), "-o", str(tmp_path / "o.jsonl")]) == EXIT_INPUT
    assert "extension" in capsys.readouterr().err
    header = tmp_path / "p.csv"
    header.write_text("a,b\n1,2\n")
    assert main(["batch", str(header), "-o", str(tmp_path / "o.jsonl")]) == EXIT_INPUT
    assert "line 1" in capsys.readouterr().err


def test_batch_progress_on_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text("".join(json.dumps({"original": f"Row {k} is old.", "suspect": f"Row {k} is previous."})
                             + "\n" for k in range(5)))
    fake = _Tty()
    monkeypatch.setattr(sys, "stderr", fake)
    assert main(["batch", str(pairs), "-o", str(tmp_path / "o.jsonl"), "--format", "jsonl"]) == EXIT_OK
    shown = fake.getvalue()
    assert "5/5 rows" in shown and "rows/s" in shown and "ETA" in shown
    assert "5 ok, 0 failed" in shown
    fake.truncate(0)
    assert main(["batch", str(pairs), "-o", str(tmp_path / "o.jsonl"), "--no-progress"]) == EXIT_OK
    assert fake.getvalue().strip("\x00") == ""


def test_batch_full_and_workers(tmp_path: Path) -> None:
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text("".join(json.dumps({"id": k, "original": f"The old man {k}.", "suspect": f"The previous male {k}."})
                             + "\n" for k in range(12)))
    out = tmp_path / "o.jsonl"
    assert main(["batch", str(pairs), "-o", str(out), "--full", "--workers", "2"]) == EXIT_OK
    got = records(out)
    assert [r["id"] for r in got] == list(range(12))
    assert spundetect.Comparison.model_validate(got[0]["result"]).original == "The old man 0."


def test_resume_after_a_kill_in_mid_line_notes_the_cut(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The state a SIGKILL inside a write leaves: whole records, then part of one.
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text("".join(json.dumps({"id": k, "original": f"The old man {k}.", "suspect": f"The previous male {k}."})
                             + "\n" for k in range(3)))
    out = tmp_path / "o.jsonl"
    assert main(["batch", str(pairs), "-o", str(out)]) == EXIT_OK
    first = out.read_bytes().split(b"\n")[0] + b"\n"
    out.write_bytes(first + b'{"row": 2, "ok": tr')
    assert main(["batch", str(pairs), "-o", str(out), "--resume"]) == EXIT_OK
    assert capsys.readouterr().err == f"spundetect: note: cut off a half-written last line (19 bytes) of {out}\n"
    assert [r["row"] for r in records(out)] == [1, 2, 3]


def test_killed_batch_resumes_with_every_row_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    original = ORIGINAL.read_text(encoding="utf-8")
    spun = SPUN.read_text(encoding="utf-8")
    n = 400
    pairs = tmp_path / "pairs.jsonl"
    with pairs.open("w", encoding="utf-8") as fh:
        for k in range(n):
            fh.write(json.dumps({"id": f"p{k}", "original": f"Row {k}. {original}", "suspect": f"Row {k}. {spun}"}) + "\n")
    out = tmp_path / "results.jsonl"
    env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    cmd = [sys.executable, "-m", "spundetect", "batch", str(pairs), "-o", str(out), "--full"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            if out.exists() and out.read_bytes().count(b"\n") >= 40:
                break  # well into the run, past the first chunks
            time.sleep(0.005)
        assert proc.poll() is None, "the batch ended before it could be killed"
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.close()
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    before = out.read_bytes().count(b"\n")
    assert 0 < before < n, f"killed after {before} rows"
    print(f"killed after {before} of {n} rows", file=sys.__stderr__)

    # The rerun happens in this process (resources already loaded: keeps the test fast).
    assert main([*cmd[3:], "--resume"]) == EXIT_OK
    # Quiet when stderr is not a terminal, but for the one note a kill in mid-line calls for
    # (whether the kill lands between lines or inside one is up to timing).
    err = capsys.readouterr().err
    assert err == "" or re.fullmatch(
        r"spundetect: note: cut off a half-written last line \(\d+ bytes\) of \S+\n", err), err
    got = records(out)
    assert [r["row"] for r in got] == list(range(1, n + 1))
    assert [r["id"] for r in got] == [f"p{k}" for k in range(n)]
    assert all(r["ok"] for r in got)
