"""Fuzzing the tracker readers with mutated copies of the real files in shared/data.

Run:  cd /work/main && .venv/bin/python benchmarks/fuzz_readers.py [--cases 10000] [--seed 1]

A seeded random mutator (no hypothesis, so a case is reproducible from ``--seed`` and its
number alone) takes a real tracker file, applies 1-3 mutations — truncate, flip bytes, drop /
duplicate / shuffle lines, re-encode as UTF-16 or Latin-1, insert junk (random bytes, junk
lines, sentence or tag fragments, huge and odd numbers), replace numbers all over the file
by extreme ones, or splice the head of one real file onto the tail of another — writes the result to a copy under
/tmp with the original file name (detection looks at the name too) and reads it with
``read_tracker_file``. Every case asserts:

* no exception escapes ``read_tracker_file``, and no reader bug is swallowed by the dispatcher
  (its "Could not read the file (SomeError: …)" message counts as a crash too);
* ``fixes_read == fixes_kept + rejected`` with non-negative integer counts, all columns the
  same length, and ``status`` consistent (failed ⇔ nothing kept; partial ⇔ something rejected);
* no kept fix at (0, 0), out of range or NaN, times finite and plausible (2000 … now + 1 day),
  sorted by time per participant, no exact duplicate, ``dwell_s`` ≥ 0;
* no RuntimeWarning (numpy overflow / invalid value: a fault that shows in the QGIS log) and
  no DeprecationWarning;
* the mutated copy is byte-identical after reading, and every source file is unchanged at the
  end (SHA-256 before and after).

Prints per-mutation and per-format counts and every failure (seed, case, mutation, file);
exit status 1 when any case failed.
"""
from __future__ import annotations

import argparse
import hashlib
import random
import shutil
import sys
import tempfile
import time
import traceback
import warnings
from collections import Counter
from pathlib import Path
from typing import Callable, Dict, List, Optional, Tuple

import numpy as np

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
TRACK_DIRS = ("gpx", "nmea", "csv", "plt", "kml", "json", "fit", "cases")
SKIP_NAMES = {"CASES.md", "MANIFEST.md"}


def _import_readers():
    try:
        from trampesti.core.readers import read_tracker_file  # type: ignore
    except ImportError:
        pkg = Path(tempfile.mkdtemp(prefix="trampesti-fuzz-"))
        (pkg / "trampesti").symlink_to(REPO, target_is_directory=True)
        sys.path.insert(0, str(pkg))
        from trampesti.core.readers import read_tracker_file  # type: ignore
    from trampesti.core.readers import ReaderOptions  # type: ignore
    return read_tracker_file, ReaderOptions


def source_files(shared: Path = SHARED) -> List[Path]:
    """Every real tracker file of shared/data (sorted, so a seed means the same cases)."""
    out = []
    for d in TRACK_DIRS:
        folder = shared / d
        if folder.is_dir():
            out.extend(p for p in sorted(folder.iterdir()) if p.is_file() and p.name not in SKIP_NAMES)
    return out


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- mutations ---------------------------------------------------------------------------------
def _lines(data: bytes) -> List[bytes]:
    return data.splitlines(keepends=True)


def m_truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(0, len(data) + 1)] if data else data


def m_flip_bytes(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return data
    b = bytearray(data)
    for _ in range(rng.randint(1, 12)):
        i = rng.randrange(len(b))
        b[i] = rng.choice([b[i] ^ (1 << rng.randrange(8)), rng.randrange(256), 0, 0xFF, ord(","), ord("<")])
    return bytes(b)


def m_drop_lines(rng: random.Random, data: bytes) -> bytes:
    ls = _lines(data)
    if not ls:
        return data
    k = rng.randint(1, max(1, len(ls) // 4))
    drop = set(rng.sample(range(len(ls)), min(k, len(ls))))
    return b"".join(l for i, l in enumerate(ls) if i not in drop)


def m_duplicate_lines(rng: random.Random, data: bytes) -> bytes:
    ls = _lines(data)
    if not ls:
        return data
    for _ in range(rng.randint(1, 20)):
        i = rng.randrange(len(ls))
        ls.insert(rng.randrange(len(ls) + 1) if rng.random() < 0.3 else i, ls[i])
    return b"".join(ls)


def m_shuffle_lines(rng: random.Random, data: bytes) -> bytes:
    ls = _lines(data)
    if len(ls) < 2:
        return data
    if rng.random() < 0.5:
        rng.shuffle(ls)
    else:  # shuffle a window only: keeps headers, scrambles order
        a = rng.randrange(len(ls))
        b = min(len(ls), a + rng.randint(2, 40))
        part = ls[a:b]
        rng.shuffle(part)
        ls[a:b] = part
    return b"".join(ls)


def _as_text(data: bytes) -> str:
    for enc in ("utf-8", "utf-16"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def m_reencode(rng: random.Random, data: bytes) -> bytes:
    text = _as_text(data)
    enc = rng.choice(["utf-16", "utf-16-le", "utf-16-be", "latin-1", "utf-8-sig", "cp1252"])
    out = text.encode(enc, errors="replace")
    if rng.random() < 0.2:  # mixed: part re-encoded, part left as is
        cut = rng.randrange(len(out) + 1)
        out = out[:cut] + data[cut:]
    return out


_JUNK_LINES = [
    b"$GPRMC,,,,,,,,,,,*00\r\n", b"$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47\r\n",
    b"$GPRMC,999999,A,9999.999,N,99999.999,E,999.9,999.9,999999,,*00\r\n",
    b"$GPRMC,123519,A,0000.000,N,00000.000,E,0,0,230394,,*00\r\n",
    b"$GPGGA,,,,,,,,,,,,,,\r\n", b"$GPZDA,235959.99,31,12,2099,00,00*00\r\n", b"$GPRMC,123519.,A,4807.,N,1.,E,,,010100,,\r\n",
    b"<trkpt lat=\"91\" lon=\"181\"><time>2014-13-45T25:61:61Z</time></trkpt>\n",
    b"<trkpt lat=\"nan\" lon=\"inf\"><ele>1e400</ele><time>9999-12-31T23:59:59Z</time></trkpt>\n",
    b"<trkpt lat=\"0\" lon=\"0\"><time>2014-09-01T06:00:00Z</time></trkpt>\n", b"<trkpt></trkpt>\n",
    b"<![CDATA[ ]]>\n", b"<!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\">]>\n", b"</gpx>\n", b"<gpx>\n",
    b"1,2,3,4,5,6,7,8,9,10\n", b",,,,,,,,\n", b"lat,lon,time\n", b"NaN,NaN,NaN\n",
    b"55.4,10.39,2014-09-01T06:00:00Z\n", b"-999,-999,1e308,-1e308,0x10\n",
    b"39.9,116.3,0,492,39753.1,2008-10-24,02:09:59\n", b"39.9,116.3,0,-777,1e9,2008-99-99,99:99:99\n",
    b"{\"locations\": [{\"latitudeE7\": 999999999999, \"longitudeE7\": null, \"timestampMs\": \"x\"}]}\n",
    b"{\"type\": \"Feature\", \"geometry\": {\"type\": \"Point\", \"coordinates\": []}}\n",
    b"<when>2014-09-01T06:00:00Z</when><gx:coord>10 55</gx:coord><gx:coord>x y z</gx:coord>\n",
    b"\x00\x00\x00\x00\n", b"\xef\xbb\xbf\n", b"\xff\xfe\n", b"#comment\n", b"\t \r\n", b"\r", b"\n" * 50,
]


def m_insert_junk(rng: random.Random, data: bytes) -> bytes:
    ls = _lines(data) or [b""]
    for _ in range(rng.randint(1, 6)):
        r = rng.random()
        if r < 0.4:
            junk = rng.choice(_JUNK_LINES)
        elif r < 0.7:
            junk = bytes(rng.randrange(256) for _ in range(rng.randint(1, 200)))
        elif r < 0.85:  # a real line with a number replaced by an odd one
            src = bytearray(rng.choice(ls))
            digits = [i for i, c in enumerate(src) if 48 <= c <= 57]
            if digits:
                i = rng.choice(digits)
                src[i:i + 1] = rng.choice([b"9" * 40, b"-0", b"1e309", b"nan", b".", b"-", b"", b"\x00"])
            junk = bytes(src)
        else:  # a line cut in the middle
            src = rng.choice(ls)
            junk = src[: rng.randrange(len(src) + 1)]
        ls.insert(rng.randrange(len(ls) + 1), junk)
    return b"".join(ls)


_NUM_RE = None


def m_extreme_numbers(rng: random.Random, data: bytes) -> bytes:
    """Numbers all over the file replaced by extreme or odd ones (coordinates out of range,
    zero, negative zero, huge, many digits), keeping the structure intact."""
    import re

    global _NUM_RE
    if _NUM_RE is None:
        _NUM_RE = re.compile(rb"-?\d+(?:\.\d+)?")
    odd = [b"0", b"0.0", b"-0", b"90.0000001", b"-180.5", b"999999999999", b"1e308", b"00000000000000000000001",
           b"4807.038", b"9959.999", b"0000.000", b"1970", b"2100", b"-1", b"3.14159265358979323846264338"]
    p = rng.choice([0.02, 0.1, 0.5])

    def sub(m):
        return rng.choice(odd) if rng.random() < p else m.group(0)

    return _NUM_RE.sub(sub, data)


def m_splice(rng: random.Random, data: bytes) -> bytes:
    """The head of this file with the tail of another real file (mixed formats in one file)."""
    other = rng.choice(_SPLICE_POOL) if _SPLICE_POOL else data
    return data[: rng.randrange(len(data) + 1)] + other[rng.randrange(len(other) + 1):]


_SPLICE_POOL: List[bytes] = []

MUTATIONS: Dict[str, Callable[[random.Random, bytes], bytes]] = {
    "truncate": m_truncate,
    "flip_bytes": m_flip_bytes,
    "drop_lines": m_drop_lines,
    "duplicate_lines": m_duplicate_lines,
    "shuffle_lines": m_shuffle_lines,
    "reencode": m_reencode,
    "insert_junk": m_insert_junk,
    "extreme_numbers": m_extreme_numbers,
    "splice": m_splice,
}


def mutate(rng: random.Random, data: bytes) -> Tuple[bytes, List[str]]:
    names = [rng.choice(list(MUTATIONS)) for _ in range(rng.choice([1, 1, 1, 2, 2, 3]))]
    for nm in names:
        data = MUTATIONS[nm](rng, data)
    return data, names


# -- checks ------------------------------------------------------------------------------------
def check_result(res, now_s: float) -> List[str]:
    """Every invariant a ReadResult must hold; the list of violations (empty = fine)."""
    bad: List[str] = []
    fx = res.fixes
    n = len(fx)
    for f in ("participant", "time_s", "lat", "lon", "ele_m", "speed_mps", "hdop", "sats", "source",
              "segment", "dwell_s"):
        if getattr(fx, f).shape != (n,):
            bad.append(f"column {f} has shape {getattr(fx, f).shape}, not ({n},)")
    for k, v in res.reasons.items():
        if not isinstance(v, (int, np.integer)) or v < 0:
            bad.append(f"reason {k}={v!r} is not a non-negative count")
    if res.fixes_read != res.fixes_kept + res.rejected or res.fixes_kept != n:
        bad.append("fixes_read != fixes_kept + rejected")
    expect = "failed" if n == 0 else ("partial" if res.rejected else "ok")
    if res.status != expect:
        bad.append(f"status {res.status} but {n} kept / {res.rejected} rejected")
    if res.message.startswith("Could not read the file ("):
        bad.append(f"reader crashed: {res.message}")
    if n:
        lat, lon, t = fx.lat, fx.lon, fx.time_s
        if not (np.isfinite(lat).all() and np.isfinite(lon).all()):
            bad.append("NaN position kept")
        with np.errstate(invalid="ignore"):
            if ((lat == 0) & (lon == 0)).any():
                bad.append("fix at (0, 0) kept")
            if (np.abs(lat) > 90).any() or (np.abs(lon) > 180).any():
                bad.append("position out of range kept")
            if not np.isfinite(t).all() or (t < 946684800.0).any() or (t > now_s + 86400.0).any():
                bad.append("implausible time kept")
            if (fx.dwell_s < 0).any() or not np.isfinite(fx.dwell_s).all():
                bad.append("negative or NaN dwell_s")
        same = fx.participant[1:] == fx.participant[:-1]
        dt = np.diff(t)
        if (dt[same] < 0).any():
            bad.append("not sorted by time")
        dup = same & (dt == 0) & (lat[1:] == lat[:-1]) & (lon[1:] == lon[:-1])
        if dup.any():
            bad.append("exact duplicate kept")
    return bad


def run_fuzz(n_cases: int, seed: int = 1, files: Optional[List[Path]] = None, work_dir: Optional[Path] = None,
             verbose: bool = False, max_failures_shown: int = 30) -> Dict[str, object]:
    """Run ``n_cases`` cases; returns counts and the failures (dicts with case, file, mutations, problem)."""
    read_tracker_file, ReaderOptions = _import_readers()
    files = files if files is not None else source_files()
    if not files:
        raise SystemExit("no source files found")
    originals = {p: p.read_bytes() for p in files}
    _SPLICE_POOL[:] = list(originals.values())
    hashes = {p: hashlib.sha256(b).hexdigest() for p, b in originals.items()}
    own_dir = work_dir is None
    work = Path(work_dir) if work_dir is not None else Path(tempfile.mkdtemp(prefix="trampesti-fuzz-cases-"))
    now_s = time.time()
    opts = ReaderOptions(now_s=now_s, date="2014-09-01")
    rng = random.Random(seed)
    failures: List[Dict[str, object]] = []
    by_mut: Counter = Counter()
    by_fmt: Counter = Counter()
    by_status: Counter = Counter()
    fixes_total = 0
    t0 = time.perf_counter()
    try:
        for case in range(n_cases):
            src = files[rng.randrange(len(files))]
            data, muts = mutate(rng, originals[src])
            case_dir = work / f"c{case % 8}"
            case_dir.mkdir(exist_ok=True)
            path = case_dir / src.name
            path.write_bytes(data)
            before = hashlib.sha256(data).hexdigest()
            problems: List[str] = []
            try:
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always")
                    res = read_tracker_file(str(path), opts if case % 2 else None)
                problems = check_result(res, now_s)
                problems += [f"warning: {w.category.__name__}: {w.message} ({Path(w.filename).name}:{w.lineno})"
                             for w in caught if issubclass(w.category, (RuntimeWarning, DeprecationWarning))]
                by_fmt[res.format] += 1
                by_status[res.status] += 1
                fixes_total += res.fixes_kept
            except Exception:  # the one thing that must never happen
                problems = ["uncaught exception: " + traceback.format_exc(limit=6)]
            if sha256(path) != before:
                problems.append("the mutated copy was modified by reading")
            for m in muts:
                by_mut[m] += 1
            if problems:
                failures.append({"case": case, "file": str(src.relative_to(src.parents[1])), "mutations": muts,
                                 "problems": problems, "copy": str(path)})
                keep = work / "failures"
                keep.mkdir(exist_ok=True)
                shutil.copyfile(path, keep / f"case{case}_{src.name}")
                if verbose:
                    print(f"FAIL case {case} {src.name} {muts}: {problems[0][:300]}")
    finally:
        changed = [str(p) for p, h in hashes.items() if sha256(p) != h]
        if own_dir and not failures:
            shutil.rmtree(work, ignore_errors=True)
    elapsed = time.perf_counter() - t0
    return {"cases": n_cases, "seed": seed, "files": len(files), "failures": failures, "sources_changed": changed,
            "by_mutation": dict(by_mut), "by_format": dict(by_fmt), "by_status": dict(by_status),
            "fixes_kept": fixes_total, "seconds": elapsed, "work_dir": str(work)}


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description="Fuzz the Trampesti tracker readers with mutated real files.")
    ap.add_argument("--cases", type=int, default=10000, help="number of mutated files to read (default 10000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--verbose", action="store_true", help="print each failure as it happens")
    a = ap.parse_args(argv)
    r = run_fuzz(a.cases, a.seed, verbose=a.verbose)
    print(f"{r['cases']} cases from {r['files']} real files (seed {r['seed']}) in {r['seconds']:.1f} s "
          f"({r['cases'] / max(r['seconds'], 1e-9):.0f} cases/s), {r['fixes_kept']} fixes kept in all")
    print("mutations:", ", ".join(f"{k}={v}" for k, v in sorted(r["by_mutation"].items())))
    print("formats:  ", ", ".join(f"{k}={v}" for k, v in sorted(r["by_format"].items())))
    print("status:   ", ", ".join(f"{k}={v}" for k, v in sorted(r["by_status"].items())))
    kinds = Counter(p.split(":")[0][:80] for f in r["failures"] for p in f["problems"])
    print(f"failures: {len(r['failures'])}" + (" — " + "; ".join(f"{k} ×{v}" for k, v in kinds.most_common()) if kinds else ""))
    for f in r["failures"][:30]:
        print(f"  case {f['case']} {f['file']} {f['mutations']}: {f['problems'][0][:400]}")
    if r["failures"]:
        print("failing copies kept in", r["work_dir"] + "/failures")
    if r["sources_changed"]:
        print("SOURCE FILES CHANGED:", r["sources_changed"])
    return 1 if (r["failures"] or r["sources_changed"]) else 0


if __name__ == "__main__":
    sys.exit(main())
