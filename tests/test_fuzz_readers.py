"""A short slice of benchmarks/fuzz_readers.py: mutated real files never break a reader.

The full run (``benchmarks/fuzz_readers.py --cases 10000``) is a benchmark-style script; this
test runs 300 seeded cases (a few seconds) and the fault kinds fuzzing found, as regressions.
"""
from __future__ import annotations

import hashlib
import importlib.util
import random
from pathlib import Path

import numpy as np
import pytest

FUZZ = Path(__file__).resolve().parents[1] / "benchmarks" / "fuzz_readers.py"


@pytest.fixture(scope="module")
def fuzz():
    spec = importlib.util.spec_from_file_location("fuzz_readers", FUZZ)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_300_mutated_real_files_read_cleanly(fuzz, shared_data, tmp_path):
    files = fuzz.source_files(shared_data)
    assert len(files) >= 40
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in files}
    r = fuzz.run_fuzz(300, seed=20261203, files=files, work_dir=tmp_path)
    assert r["failures"] == [], r["failures"][:3]
    assert r["sources_changed"] == []
    assert {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in files} == before
    assert set(r["by_mutation"]) == set(fuzz.MUTATIONS)  # every mutation kind was exercised
    assert {"gpx", "nmea", "csv", "fit"} <= set(r["by_format"])
    assert r["by_status"].get("ok", 0) + r["by_status"].get("partial", 0) > 0


def test_mutations_are_reproducible_and_change_the_bytes(fuzz, shared_data):
    data = (shared_data / "gpx" / "garmin_xt_strk.gpx").read_bytes()
    a = fuzz.mutate(random.Random(5), data)
    b = fuzz.mutate(random.Random(5), data)
    assert a == b
    changed = sum(fuzz.MUTATIONS[m](random.Random(i), data) != data for i in range(20) for m in fuzz.MUTATIONS)
    assert changed >= 0.9 * 20 * len(fuzz.MUTATIONS)


def test_checker_flags_broken_results(fuzz):
    """The invariant checker itself can fail: a kept (0, 0) fix and a wrong status are caught."""
    from trampesti.core.fixes import Fixes, ReadResult

    res = ReadResult(file="x", format="gpx", fixes=Fixes.from_columns(
        time_s=[1.5e9, 1.5e9 + 1], lat=[0.0, 55.0], lon=[0.0, 10.0]))
    problems = fuzz.check_result(res, 1.7e9)
    assert any("(0, 0)" in p for p in problems)
    res2 = ReadResult(file="x", format="gpx", fixes=Fixes.from_columns(
        time_s=[1.5e9 + 1, 1.5e9], lat=[55.0, 55.0], lon=[10.0, 10.0]))
    assert any("sorted" in p for p in fuzz.check_result(res2, 1.7e9))
    res3 = ReadResult(file="x", format="gpx", message="Could not read the file (IndexError: boom)")
    assert any("crashed" in p for p in fuzz.check_result(res3, 1.7e9))


def test_csv_stray_quote_does_not_swallow_lines(tmp_path):
    """Fuzzing found: an unbalanced quote made csv.reader join the next lines into one field,
    so rows and line numbers no longer matched (IndexError); every line is one row now."""
    from trampesti.core.readers import read_tracker_file

    rows = [f"2014-09-01T06:{i:02d}:00Z,55.{400 + i},10.39" for i in range(20)]
    rows[5] = rows[5] + ',"oops'
    p = tmp_path / "log.csv"
    p.write_text("time,lat,lon\n" + "\n".join(rows) + "\n", encoding="utf-8")
    res = read_tracker_file(str(p))
    assert not res.message.startswith("Could not read")
    assert res.fixes_read == 20 and res.fixes_kept == 20
    assert res.fixes.lat[6] == pytest.approx(55.406)
    assert res.fixes.source[6].endswith(":8")  # line numbers still match the file


def test_csv_huge_quoted_field_is_a_parse_error_not_a_crash(tmp_path):
    """Fuzzing found: a quoted field over csv's 128 KiB field limit raised csv.Error."""
    from trampesti.core.readers import read_tracker_file

    rows = [f"2014-09-01T06:{i:02d}:00Z,55.{400 + i},10.39" for i in range(10)]
    rows.insert(4, '"' + "x" * 200_000)
    p = tmp_path / "log.csv"
    p.write_text("time,lat,lon\n" + "\n".join(rows) + "\n", encoding="utf-8")
    res = read_tracker_file(str(p))
    assert not res.message.startswith("Could not read")
    assert res.fixes_kept == 10 and res.fixes_read == 11
    assert np.all(np.diff(res.fixes.time_s) == 60.0)


def test_plt_huge_serial_day_is_rejected_without_numpy_overflow(tmp_path, shared_data):
    """Fuzzing found: a GeoLife/Ozi day serial like 1e308 overflowed to inf (RuntimeWarning in
    the QGIS log) before the row was rejected."""
    import warnings

    from trampesti.core.readers import read_tracker_file

    for name in ("geolife_000_20081024020959.plt", "oziexplorer_20070813_short.plt"):
        lines = (shared_data / "plt" / name).read_bytes().splitlines(keepends=True)
        row = lines[7].split(b",")
        row[4] = b"1e308"
        lines[7] = b",".join(row)
        p = tmp_path / name
        p.write_bytes(b"".join(lines))
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            res = read_tracker_file(str(p))
        clean = read_tracker_file(str(shared_data / "plt" / name))
        assert res.fixes_read == clean.fixes_read
        assert res.fixes_kept >= clean.fixes_kept - 1
