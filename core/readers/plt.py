"""Reader for ``.plt`` track files: GeoLife (Microsoft Research) and OziExplorer.

Both have six header lines and rows ``lat, lon, code, altitude_ft, days, date, time``, where
``days`` is an OLE/Excel serial date (days since 1899-12-30, fraction = time of day). They are
told apart by content: line 1 is ``Geolife trajectory`` or ``OziExplorer Track Point File``.

* GeoLife times are GMT (GeoLife user guide); the date/time text columns are used, the serial
  column where they are unreadable.
* OziExplorer writes a localised date text (``13-août-07``, ISO-8859-1) that is ignored: the
  serial column is the time (OziExplorer itself reads only that column), to the millisecond,
  or to the whole second the time text names where both agree. The format defines no time zone, so ``opts.tzinfo()`` applies
  (none = UTC, as GPSBabel reads it).

Altitude is in feet in both (converted to metres; ``-777`` = invalid → NaN).
"""
from __future__ import annotations

import os
import re
from typing import List, Tuple

import numpy as np

from ..definitions import RejectReason, TrackFormat
from ..exceptions import ReaderError
from ..fixes import Fixes, ReadResult, SourceRefs
from .common import ReaderOptions, decode_text
from .csvlog import local_to_utc, parse_datetimes

OLE_EPOCH_DAYS = 25569.0  # 1970-01-01 as an OLE/Excel serial date
FEET_M = 0.3048
INVALID_ALT_FT = -777.0
HEADER_LINES = 6
_ROW_RE = re.compile(r"^\s*[-+]?\d+(?:\.\d*)?\s*,\s*[-+]?\d+(?:\.\d*)?\s*,")


def _kind(text_head: str) -> str:
    first = text_head.lstrip("\ufeff").lstrip()[:60].lower()
    if first.startswith("geolife trajectory"):
        return "geolife"
    if first.startswith("oziexplorer track point file"):
        return "ozi"
    return ""


def sniff(head: bytes, name: str) -> int:
    """95 for a GeoLife or OziExplorer signature line; 40 for a ``.plt`` with PLT-shaped rows."""
    text = head[3:].decode("latin-1", errors="replace") if head.startswith(b"\xef\xbb\xbf") \
        else head.decode("latin-1", errors="replace")
    if _kind(text):
        return 95
    if os.path.splitext(name)[1].lower() == ".plt":
        lines = text.splitlines()[HEADER_LINES:HEADER_LINES + 5]
        if lines and all(_ROW_RE.match(ln) and ln.count(",") >= 6 for ln in lines if ln.strip()):
            return 40
    return 0


def _split_rows(lines: List[str], first_line_no: int) -> Tuple[List[List[str]], np.ndarray]:
    """Non-empty rows split at commas (cells stripped) and their 1-based line numbers."""
    rows, nums = [], []
    for i, ln in enumerate(lines):
        if not ln.strip():
            continue
        cells = [c.strip() for c in ln.split(",")]
        rows.append(cells)
        nums.append(first_line_no + i)
    return rows, np.array(nums, dtype=np.int64)


def _col(rows: List[List[str]], i: int) -> List[str]:
    return [r[i] if i < len(r) else "" for r in rows]


def _floats(values: List[str]) -> np.ndarray:
    out = np.full(len(values), np.nan)
    for i, v in enumerate(values):
        try:
            out[i] = float(v)
        except ValueError:
            pass
    return out


def read(path: str, data: bytes, opts: ReaderOptions) -> ReadResult:
    """Read a GeoLife or OziExplorer ``.plt`` file (every data row is accounted for)."""
    name = os.path.basename(path)
    text = decode_text(data)
    kind = _kind(text) or "geolife"
    fmt = TrackFormat.PLT_OZI if kind == "ozi" else TrackFormat.PLT_GEOLIFE
    res = ReadResult(file=path, format=fmt.value)
    lines = text.splitlines()
    if len(lines) < HEADER_LINES:
        raise ReaderError("PLT file shorter than its 6 header lines")
    datum = lines[1].strip()
    if datum and "wgs" not in datum.lower().replace(" ", ""):
        res.notes.append(f"datum '{datum}' is not WGS 84: coordinates were used unchanged")
    if kind == "ozi":
        claimed = lines[5].strip()
        rows_text = [ln for ln in lines[HEADER_LINES:] if ln.strip()]
        if claimed.isdigit() and int(claimed) != len(rows_text):
            res.notes.append(f"header says {int(claimed)} points, the file has {len(rows_text)} rows")
    rows, line_no = _split_rows(lines[HEADER_LINES:], HEADER_LINES + 1)
    n = len(rows)
    if n == 0:
        return res
    lat = _floats(_col(rows, 0))
    lon = _floats(_col(rows, 1))
    alt_ft = _floats(_col(rows, 3))
    days = _floats(_col(rows, 4))
    short = np.array([len(r) < 5 for r in rows])
    bad_pos = ~(np.isfinite(lat) & np.isfinite(lon)) & np.array([bool(r[0]) and len(r) > 1 and bool(r[1]) for r in rows])
    ele = np.where(alt_ft == INVALID_ALT_FT, np.nan, alt_ft * FEET_M)
    days = np.where(np.abs(days) < 1e7, days, np.nan)  # beyond ±27 000 years: not a date (no overflow)
    serial_s = (days - OLE_EPOCH_DAYS) * 86400.0

    dates, times = _col(rows, 5), _col(rows, 6)
    if kind == "geolife":
        naive, _zone, ok, _ = parse_datetimes([f"{d} {t}" if d and t else "" for d, t in zip(dates, times)])
        time_s = np.where(ok, naive, np.round(serial_s, 3))  # GMT by definition
    else:
        # the serial is the time (7 decimals ≈ 9 ms). It becomes a whole second where it lies within
        # 5 ms of one and the time text (which writers truncate) names that second; otherwise it
        # is kept to the millisecond (07:52:28.998 written as "07:52:28").
        whole = np.rint(serial_s)
        tod, _z, ok_t, _ = parse_datetimes([f"1970-01-01 {t}" if t else "" for t in times])
        text_agrees = ~ok_t | (np.mod(whole, 86400.0) == tod)
        naive = np.where((np.abs(serial_s - whole) < 0.005) & text_agrees, whole, np.round(serial_s, 3))
        tz = opts.tzinfo()
        time_s = local_to_utc(naive, tz)
        if tz is not None:
            res.used_timezone = True
    bad_time = ~np.isfinite(time_s) & ~short
    rej_parse = short | (bad_pos & ~short)
    rej_time = bad_time & ~rej_parse
    res.reject(RejectReason.PARSE_ERROR, int(rej_parse.sum()))
    res.reject(RejectReason.BAD_TIME, int(rej_time.sum()))
    keep = ~(rej_parse | rej_time)
    src = SourceRefs.of_file(f"{name}:", line_no[keep])
    res.fixes = Fixes.from_columns(time_s=time_s[keep], lat=lat[keep], lon=lon[keep], ele_m=ele[keep], source=src)
    return res
