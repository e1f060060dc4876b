"""NMEA 0183 reader: RMC, GGA, GNS, GLL and ZDA from any talker, merged per epoch.

Own parser rather than pynmea2, for reasons measured on the real logs in
``shared/data/nmea`` and in ``benchmarks/bench_readers.py``:

* control over what is a record: pynmea2 parses sentences, but a *fix* is an epoch
  (several sentences sharing one time of day), and a GGA carries no date at all;
* robustness: pynmea2 raises on checksum errors instead of letting us count them, refuses
  the ``222509.`` spelling of a time, reads GPS-week-rollover years (``220899``) as 1999
  dates, and gives the empty coordinates of no-fix sentences no reliable meaning;
* speed: nothing is done per line in Python. Sentences are located, split at their commas,
  checksummed (a cumulative XOR over the bytes) and their fields converted to numbers with
  numpy on the raw bytes (``mantissa / 10**digits`` is exactly ``float(text)``); epochs are
  formed with ``np.unique``. A naive pynmea2 loop that does far less (valid RMC only, no
  merging) is 2-3x slower (see the benchmark).

Rules (one record = one epoch, i.e. one time of day with at least one position sentence):

* sentences are grouped by time of day (``hhmmss`` with any fraction: ``222507.00``,
  ``222508``, ``222509.``, ``222510.1``); an epoch is a fix when any of its sentences
  has a fix (RMC/GLL status ``A``, GGA quality 1-5, GNS mode not ``N``); else ``no_fix``.
  A time field that is present but not ``hhmmss[.f]`` gives a ``bad_time`` record; a
  sentence with an empty time field is a record of its own (``no_fix`` or ``no_time``).
* a wrong checksum drops the sentence; an epoch left with only such sentences is counted
  ``bad_checksum``. Sentences without checksum are accepted. Proprietary (``$P...``),
  other sentence types and ``#`` comment lines are skipped, never counted.
* the date comes from the epoch's RMC; else from the nearest RMC or ZDA in file order
  (``GGA``-only logs dated by a final ``$GPZDA`` work), counting midnight roll-overs from
  the times of day; else from ``opts.date`` (the first epoch's day); else the epoch has no
  time (``no_time``) and the message asks for a DATE.
* GPS week rollover: a date exactly 1024 weeks (7168 days, or a multiple) before another
  date of the same file or before ``opts.date`` is moved forward; with no such evidence,
  fixes dated before 2000 are rejected as ``bad_time`` with a note that names the likely
  real date.

Units: ``speed_mps`` from knots (1 kn = 1852/3600 m/s), ``ele_m`` = GGA/GNS antenna altitude
above mean sea level (metres), times UTC (NMEA defines UTC: the TIMEZONE option is not used).
"""
from __future__ import annotations

import datetime as _dt
import os
import re
from typing import Dict, List, Optional, Tuple

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from ..definitions import RejectReason, TrackFormat
from ..fixes import Fixes, ReadResult, SourceRefs
from .common import ReaderOptions, days_from_civil, decode_text
from .gpx import _valid_ymdhms

__all__ = ["sniff", "read", "WEEK_ROLLOVER_DAYS"]

WEEK_ROLLOVER_DAYS = 7168
"""1024 GPS weeks in days: the step by which old receivers misdate fixes after a rollover."""

KNOT_MPS = 1852.0 / 3600.0
_SNIFF_RE = re.compile(r"^[ \t]*\$(?!P)[A-Z]{2}(RMC|GGA|GNS|GLL|ZDA|GSA|GSV|VTG|TXT),", re.M)
_EPOCH_DAY = 719163  # date(1970, 1, 1).toordinal()
_MIN_PLAUSIBLE_DAY = 10957  # 2000-01-01


def sniff(head: bytes, name: str) -> int:
    """90 when the head holds several NMEA sentences, 60 for one."""
    text = decode_text(head)
    n = len(_SNIFF_RE.findall(text))
    if n >= 2:
        return 90
    return 60 if n == 1 else 0


def _rollover_shifts(dates: List[int], opts_day: Optional[int]) -> Dict[int, int]:
    """Days to add to each date that another date of the file (or ``opts.date``) shows to be a
    whole number of 1024-week rollovers early. Dates with no such evidence are not moved."""
    uniq = sorted(set(dates))
    refs = list(uniq) + ([opts_day] if opts_day is not None else [])
    shifts: Dict[int, int] = {}
    for d in uniq:
        for r in refs:
            k = round((r - d) / WEEK_ROLLOVER_DAYS)
            if k >= 1 and abs(d + k * WEEK_ROLLOVER_DAYS - r) <= 3:
                shifts[d] = k * WEEK_ROLLOVER_DAYS
                break
    return shifts


_CODE = {b"RMC": 0, b"GGA": 1, b"GNS": 2, b"GLL": 3, b"ZDA": 4}
_NFIELDS = {0: 12, 1: 9, 2: 9, 3: 7, 4: 4}  # fields read of each kind of sentence


def _first_per_group(gid: np.ndarray, mask: np.ndarray, *order_keys: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
    """For rows where ``mask``: (group ids, row index) of the first row of each group, rows
    ordered by ``order_keys`` (most significant last, as in ``np.lexsort``)."""
    rows = np.flatnonzero(mask)
    if rows.size == 0:
        return rows, rows
    o = np.lexsort(tuple(k[rows] for k in order_keys) + (gid[rows],))
    rows = rows[o]
    g, first = np.unique(gid[rows], return_index=True)
    return g, rows[first]


def _unique_first(a: np.ndarray) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``np.unique(a, return_index=True, return_inverse=True)``, in O(n) when ``a`` is
    already non-decreasing (a log's epochs in time order: the usual case)."""
    if a.size and bool(np.all(a[1:] >= a[:-1])):
        new = np.ones(a.size, dtype=bool)
        new[1:] = a[1:] != a[:-1]
        first = np.flatnonzero(new)
        return a[first], first, np.cumsum(new) - 1
    return np.unique(a, return_index=True, return_inverse=True)


def _first_in_file_order(gid: np.ndarray, mask: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
    """:func:`_first_per_group` ordered by file position alone, without a sort of the rows
    (they are in file order already: the first of a group is its first occurrence)."""
    rows = np.flatnonzero(mask)
    if rows.size == 0:
        return rows, rows
    g, first, _ = _unique_first(gid[rows])
    return g, rows[first]


def _first_by_priority(gid: np.ndarray, mask: np.ndarray, priority: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
    """``_first_per_group(gid, mask, seq, priority)``: per group the row of lowest priority,
    the first in file order among equals; O(n) when the groups come in order."""
    rows = np.flatnonzero(mask)
    if rows.size == 0:
        return rows, rows
    g_rows = gid[rows]
    if not bool(np.all(g_rows[1:] >= g_rows[:-1])):
        return _first_per_group(gid, mask, np.arange(gid.size), priority)
    g, starts, inv = _unique_first(g_rows)
    p = priority[rows]
    best = np.minimum.reduceat(p, starts)
    cand = np.flatnonzero(p == best[inv])
    first = np.ones(cand.size, dtype=bool)
    first[1:] = inv[cand[1:]] != inv[cand[:-1]]
    return g, rows[cand[first]]


_FW = 24  # widest field parsed, bytes
_MAX_FIELDS = 15  # most fields split per sentence
_POW10 = 10 ** np.arange(19, dtype=np.int64)


class _Sentences:
    """Sentences of interest located and split with numpy on the bytes of the log.

    ``s``: offset of each ``$``; ``body_end``: offset of its ``*`` (or line end); ``c0``:
    index into ``commas`` of the comma after the sentence type. ``field(j)`` gives a
    zero-padded byte matrix of field ``j`` (0 = first field after the type) and its length.
    """

    def __init__(self, arr: np.ndarray, s: np.ndarray, body_end: np.ndarray, n_data: Optional[int] = None) -> None:
        # ``arr`` may come padded already (read() passes its zero-padded buffer)
        self.arr = arr if arr.size >= _FW + 8 and not arr[-(_FW + 8):].any() else \
            np.concatenate([arr, np.zeros(_FW + 8, dtype=np.uint8)])
        # every run of _FW bytes as a row of a read-only view: a field matrix is then one row
        # gather (memcpy per row) instead of a gather through an n x width index matrix
        self.windows = sliding_window_view(self.arr, _FW)
        size = arr.size if n_data is None else n_data  # bytes of the log itself (the rest is padding)
        commas = np.flatnonzero(arr[:size] == 44)
        # sentinels past the end stand for the missing commas of short last sentences
        self.commas = np.concatenate([commas, np.full(_MAX_FIELDS + 1, size + 1, dtype=commas.dtype)])
        self.comma_rows = sliding_window_view(self.commas, _MAX_FIELDS + 1)
        self.s, self.body_end = s, body_end
        self._split_cache: Dict[int, Tuple[int, np.ndarray, np.ndarray]] = {}
        self.c0 = np.searchsorted(commas, s)

    def split(self, rows: np.ndarray, nfields: int, kind: Optional[int] = None) -> None:
        """Field boundaries of the sentences ``rows`` (fields 0 .. nfields-1), for ``field``.

        With ``kind`` (a sentence code: ``rows`` are then all sentences of that kind) the
        boundaries are kept and a later split of the same kind reuses them."""
        cache = self._split_cache
        if kind is not None and kind in cache and cache[kind][0] >= nfields:
            _, self.starts, self.lens = cache[kind]
            return
        cpos = self.comma_rows[self.c0[rows], :nfields + 1]  # the next nfields+1 commas, one row gather
        be = self.body_end[rows][:, None]
        self.starts = cpos[:, :-1] + 1
        present = cpos[:, :-1] < be
        self.lens = np.where(present, np.maximum(np.minimum(cpos[:, 1:], be) - self.starts, 0), 0)
        if kind is not None:
            cache[kind] = (nfields, self.starts, self.lens)

    def field(self, j: int, width: int) -> Tuple[np.ndarray, np.ndarray]:
        """Zero-padded bytes of field ``j`` of the rows given to :meth:`split`, and lengths
        (clipped to ``width + 1``: longer fields are flagged by their length)."""
        lens = np.minimum(self.lens[:, j], width + 1)
        if width == 1:  # flags and hemispheres: one byte per row, no window needed
            mat = self.arr[self.starts[:, j]][:, None]
            mat *= lens[:, None] > 0
            return mat, lens
        w = max(min(width, int(lens.max()) if lens.size else 1), 7 if width >= 7 else width)
        mat = self.windows[self.starts[:, j], :w]
        short = np.flatnonzero(lens < w)
        if short.size:  # zero the bytes after the field (only rows shorter than the matrix)
            mat[short] *= np.arange(w, dtype=np.int64)[None, :] < lens[short][:, None]
        return mat, lens


def _clip_int(a: np.ndarray, lo: int, hi: int) -> np.ndarray:
    """``np.clip`` for integer arrays without its per-call overhead (numpy 1.24: ~20 µs)."""
    return np.minimum(np.maximum(a, lo), hi)


def _decimal(mat: np.ndarray, lens: np.ndarray) -> Tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Byte matrix of ``[-]digits[.digits]`` → (integer mantissa, digits after the dot, sign, ok).

    ``mantissa / 10**frac`` is then exactly ``float(text)`` (IEEE division of two exactly
    representable integers is correctly rounded), for up to 15 significant digits.

    Loggers write a field with one layout all along (``5523.4000``, ``01``, ``0.9``): the rows
    with the layout of the first row are converted with a fixed digit weighting, the others
    (if any) by the general path; both give the same integers."""
    n, w = mat.shape
    L = int(lens[0]) if n else 0
    if n >= 16 and 0 < L <= w:
        row = mat[0, :L]
        dots = np.flatnonzero(row == 46)
        neg0 = bool(row[0] == 45)
        digit_cols = np.array([c for c in range(L) if c not in dots.tolist() and not (c == 0 and neg0)],
                              dtype=np.int64)
        if dots.size <= 1 and 1 <= digit_cols.size <= 15:
            d = mat[:, digit_cols] - np.uint8(48)  # wraps below '0': one compare tests digits
            match = (lens == L) & np.all(d <= 9, axis=1)
            if dots.size:
                match &= mat[:, int(dots[0])] == 46
            match &= (mat[:, 0] == 45) if neg0 else (mat[:, 0] != 45)
            if match.all() or match.sum() * 2 > n:
                weights = _POW10[digit_cols.size - 1 - np.arange(digit_cols.size)]
                mant = d.astype(np.int64) @ weights
                frac = np.full(n, int(L - 1 - dots[0]) if dots.size else 0, dtype=np.int64)
                sign = np.full(n, -1.0 if neg0 else 1.0)
                ok = match.copy()
                if not match.all():
                    rest = np.flatnonzero(~match)
                    m2, f2, s2, o2 = _decimal_general(mat[rest], lens[rest])
                    mant[rest], frac[rest], sign[rest], ok[rest] = m2, f2, s2, o2
                return mant, frac, sign, ok
    return _decimal_general(mat, lens)


def _decimal_general(mat: np.ndarray, lens: np.ndarray) -> Tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """:func:`_decimal` for any mix of layouts."""
    inside = np.arange(mat.shape[1])[None, :] < lens[:, None]
    is_d = (mat >= 48) & (mat <= 57) & inside
    is_dot = (mat == 46) & inside
    neg = mat[:, 0] == 45
    lead = np.zeros_like(is_d)
    lead[:, 0] = neg
    ok = (lens > 0) & (lens <= mat.shape[1]) & np.all(is_d | is_dot | lead | ~inside, axis=1)
    ok &= (is_dot.sum(axis=1) <= 1) & (is_d.sum(axis=1) >= 1) & (is_d.sum(axis=1) <= 15)
    dot = np.where(is_dot.any(axis=1), is_dot.argmax(axis=1), lens)
    right = np.cumsum(is_d[:, ::-1], axis=1)[:, ::-1]  # digits at or right of each column
    power = _POW10[np.minimum(np.maximum(right - 1, 0), 18)]
    mant = (np.where(is_d, mat.astype(np.int64) - 48, 0) * power).sum(axis=1)
    frac = (is_d & (np.arange(mat.shape[1])[None, :] > dot[:, None])).sum(axis=1)
    return mant, frac, np.where(neg, -1.0, 1.0), ok


def _num(mat, lens) -> np.ndarray:
    mant, frac, sign, ok = _decimal(mat, lens)
    return np.where(ok, sign * (mant / 10.0 ** frac), np.nan)


def _dm(mat, lens, hemi_mat, hemi_lens, neg: int) -> np.ndarray:
    """``ddmm.mmmm`` + hemisphere → signed degrees, as ``float(dd) + float(mm.mmmm) / 60``."""
    mant, frac, sign, ok = _decimal(mat, lens)
    scale = 10 ** (frac + 2)
    deg = (mant // scale).astype(np.float64)
    minutes = (mant % scale) / 10.0 ** frac
    ok &= (sign > 0) & (minutes < 60.0) & (lens - frac - (frac > 0) >= 3)
    out = np.where(ok, deg + minutes / 60.0, np.nan)
    south = (hemi_lens == 1) & (hemi_mat[:, 0] == neg)
    return np.where(south, -out, out)


def _flag(mat, lens, chars: bytes) -> np.ndarray:
    """Field is exactly one of ``chars`` (one character)."""
    return (lens == 1) & np.isin(mat[:, 0], list(chars))


def _tod_mat(mat, lens) -> Tuple[np.ndarray, np.ndarray]:
    """``hhmmss[.f]`` → (seconds of the day or NaN, present-but-misspelt mask)."""
    present = lens > 0
    inside = np.arange(mat.shape[1])[None, :] < lens[:, None]
    is_d = (mat >= 48) & (mat <= 57)
    ok = present & (lens >= 6) & np.all(is_d[:, :6], axis=1)
    ok &= (lens == 6) | ((mat[:, 6] == 46) & np.all(is_d[:, 7:] | ~inside[:, 7:], axis=1))
    m4 = mat[:, :4].astype(np.int64) - 48
    h = m4[:, 0] * 10 + m4[:, 1]
    m = m4[:, 2] * 10 + m4[:, 3]
    sub = mat.copy()
    sub[:, :4] = 48  # seconds part only: "ss[.fff]"
    mant, frac, _, ok2 = _decimal(sub, lens)
    secs = (mant % (10 ** (frac + 2))) / 10.0 ** frac
    ok &= ok2 & (h <= 23) & (m <= 59) & (secs < 61.0)
    tod = np.where(ok, h * 3600.0 + m * 60.0 + secs, np.nan)
    return tod, present & ~ok


def _ddmmyy(mat, lens) -> np.ndarray:
    """RMC ``ddmmyy`` → days since 1970 (-1 if not a date). ``yy`` < 80 is 20yy; the Telit
    ``-1`` year printed after the 2019 rollover is 1999."""
    d = mat[:, :6].astype(np.int64) - 48
    is_d = (d >= 0) & (d <= 9)
    ok = (lens == 6) & is_d[:, :4].all(axis=1)
    two = is_d[:, 4] & is_d[:, 5]
    telit = (mat[:, 4] == 45) & is_d[:, 5]
    ok &= two | telit
    yy = d[:, 4] * 10 + d[:, 5]
    year = np.where(telit, 2000 - d[:, 5], np.where(yy < 80, 2000 + yy, 1900 + yy))
    day, month = d[:, 0] * 10 + d[:, 1], d[:, 2] * 10 + d[:, 3]
    z = np.zeros_like(day)
    ok &= _valid_ymdhms(year, month, day, z, z, z)
    days = days_from_civil(year, _clip_int(month, 1, 12), _clip_int(day, 1, 31))
    return np.where(ok, days, -1)


_LOW_BYTES = np.array([(1 << (8 * k)) - 1 for k in range(8)], dtype=np.uint64)


def _xor_ranges(padded: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """XOR of the bytes ``arr[a:b]`` for each pair of offsets (the NMEA checksum), as int64.

    Eight bytes at a time: a prefix XOR over the little-endian 64-bit words of the buffer
    gives the XOR of whole words; the bytes of the first word before ``a`` are taken out and
    those of the last word before ``b`` put in; XOR-ing the 8 bytes of the result together
    gives the same byte as a byte-wise XOR (XOR is associative and commutative). ``padded``
    is the buffer zero-padded to a multiple of 8 bytes, with ``b`` below its size."""
    words = padded.view("<u8")  # padded: a multiple of 8 bytes, zeros after the data, b < its size
    n8 = words.size
    prefix = np.zeros(n8 + 1, dtype=np.uint64)
    np.bitwise_xor.accumulate(words, out=prefix[1:])
    wa, wb = a // 8, b // 8
    v = prefix[wb] ^ prefix[wa]
    v ^= words[wa] & _LOW_BYTES[a % 8]
    v ^= words[wb] & _LOW_BYTES[b % 8]
    v ^= v >> np.uint64(32)
    v ^= v >> np.uint64(16)
    v ^= v >> np.uint64(8)
    return (v & np.uint64(0xFF)).astype(np.int64)


def read(path: str, data: bytes, opts: ReaderOptions) -> ReadResult:
    """Read an NMEA 0183 log into one fix per epoch (see the module docstring)."""
    name = os.path.basename(path)
    res = ReadResult(file=path, format=TrackFormat.NMEA.value)
    head = data[:4]
    utf16_like = len(head) >= 4 and ((head[1] == 0 and head[3] == 0) or (head[0] == 0 and head[2] == 0))
    if data.isascii() and not utf16_like:  # what decode_text + encode would give, without the copies
        buf = data
    else:
        buf = decode_text(data).encode("utf-8", errors="replace")
    if b"\n" not in buf and b"\r" in buf:  # old Mac line ends
        buf = buf.replace(b"\r", b"\n")
    if b"\n " in buf or b"\n\t" in buf or buf[:1] in (b" ", b"\t"):  # indented sentences
        buf = re.sub(rb"(?m)^[ \t]+", b"", buf)
    arr = np.frombuffer(buf, dtype=np.uint8)
    nl = np.flatnonzero(arr == 10)
    ls = np.concatenate([[0], nl + 1])
    le = np.append(nl, arr.size)
    keep = ls < arr.size
    ls, le = ls[keep], le[keep]
    line_no = np.flatnonzero(keep) + 1
    # one zero-padded copy serves every gather past a line end, the field windows and the
    # 8-byte words of the checksums
    pad = np.zeros(((arr.size + _FW + 16) // 8 + 1) * 8, dtype=np.uint8)
    pad[:arr.size] = arr
    first = pad[ls]
    stray = int((~np.isin(first, [36, 33, 35, 13, 10, 32, 9, 0])).sum())
    if stray:
        res.notes.append(f"{stray} lines that are not NMEA sentences were skipped")
    # --- sentences of interest: $ttRMC/GGA/GNS/GLL/ZDA, talker not proprietary ("P...") ----
    t1, t2 = pad[ls + 1], pad[ls + 2]
    upper = (t1 >= 65) & (t1 <= 90) & (t2 >= 65) & (t2 <= 90) & (t1 != 80)
    typ = pad[ls + 3].astype(np.int64) * 65536 + pad[ls + 4].astype(np.int64) * 256 + pad[ls + 5]
    code = np.full(ls.size, -1, dtype=np.int64)
    for name_b, c in _CODE.items():
        code[typ == name_b[0] * 65536 + name_b[1] * 256 + name_b[2]] = c
    is_s = (first == 36) & upper & (code >= 0) & (pad[ls + 6] == 44)
    if not is_s.any():
        res.message = "No NMEA position sentences (RMC, GGA, GNS, GLL) found"
        return res
    s, e, code, lines = ls[is_s], le[is_s], code[is_s], line_no[is_s]
    e = np.where((e > s) & (pad[np.maximum(e - 1, 0)] == 13), e - 1, e)
    n = s.size
    # --- checksums, all at once: XOR of the bytes between "$" and "*" --------------------
    # the last "*" before the line end: where it ends "*hh" (nearly always), else searched
    em = np.maximum(e, 3)
    star = np.where((pad[em - 3] == 42) & (pad[em - 2] != 42) & (pad[em - 1] != 42) & (e >= 3), e - 3, -1)
    slow = np.flatnonzero(star < 0)
    if slow.size:
        stars = np.flatnonzero(arr == 42)
        si = np.searchsorted(stars, e[slow]) - 1
        star[slow] = np.where(si >= 0, stars[np.maximum(si, 0)] if stars.size else 0, -1)
    has_star = star > s
    body_end = np.where(has_star, star, e)
    hexv = np.full((n, 2), -1, dtype=np.int64)
    for j in (1, 2):
        ch = pad[np.where(has_star, star + j, 0)].astype(np.int64)
        hexv[:, j - 1] = np.where((ch >= 48) & (ch <= 57), ch - 48,
                                  np.where((ch >= 65) & (ch <= 70), ch - 55,
                                           np.where((ch >= 97) & (ch <= 102), ch - 87, -1)))
    has_cs = has_star & (hexv >= 0).all(axis=1) & (star + 2 < e + 1)
    computed = _xor_ranges(pad, s + 1, np.maximum(body_end, s + 1))
    cs_ok = ~has_cs | (computed == hexv[:, 0] * 16 + hexv[:, 1])
    n_bad_cs = int((~cs_ok).sum())
    if n_bad_cs:
        res.notes.append(f"{n_bad_cs} sentences with a wrong checksum were ignored")
    S = _Sentences(pad, s, body_end, arr.size)
    # --- time of day and midnight roll-overs ---------------------------------------------
    tod = np.full(n, np.nan)
    tbad = np.zeros(n, dtype=bool)
    tspan = np.zeros((n, 2), dtype=np.int64)
    for c, j in ((0, 0), (1, 0), (2, 0), (4, 0), (3, 4)):
        rows = np.flatnonzero(code == c)
        if rows.size:
            S.split(rows, max(j + 1, _NFIELDS[c]), kind=c)
            mat, lens = S.field(j, 16)
            tod[rows], tbad[rows] = _tod_mat(mat, lens)
            tspan[rows, 0] = S.starts[:, j]
            tspan[rows, 1] = S.starts[:, j] + S.lens[:, j]
    timed = np.isfinite(tod)
    tt = tod[timed]
    roll = np.zeros(tt.size, dtype=np.int64)
    if tt.size > 1:
        roll[1:] = tt[1:] < tt[:-1] - 43200.0
    day_t = np.zeros(n, dtype=np.int64)
    day_t[timed] = np.cumsum(roll)
    last = np.maximum.accumulate(np.where(timed, np.arange(n), -1))
    day_idx = np.where(last >= 0, day_t[np.maximum(last, 0)], 0)
    # --- fields of each kind ---------------------------------------------------------------
    lat = np.full(n, np.nan)
    lon = np.full(n, np.nan)
    valid = np.zeros(n, dtype=bool)
    ele = np.full(n, np.nan)
    hdop = np.full(n, np.nan)
    sats = np.full(n, np.nan)
    speed = np.full(n, np.nan)
    date = np.full(n, -1, dtype=np.int64)
    zdate = np.full(n, -1, dtype=np.int64)

    def F(j: int, rows: np.ndarray, width: int) -> Tuple[np.ndarray, np.ndarray]:
        return S.field(j, width)

    rows = np.flatnonzero(code == 0)  # RMC: time,status,lat,NS,lon,EW,kn,course,date,mv,mvEW,mode
    if rows.size:
        S.split(rows, 12, kind=0)
        v = _flag(*F(1, rows, 1), b"A")
        mm, ml = F(11, rows, 1)
        v &= ~((ml > 0) & (mm[:, 0] == 78))
        lat[rows] = _dm(*F(2, rows, 14), *F(3, rows, 1), 83)
        lon[rows] = _dm(*F(4, rows, 15), *F(5, rows, 1), 87)
        speed[rows] = _num(*F(6, rows, 10)) * KNOT_MPS
        date[rows] = _ddmmyy(*F(8, rows, 6))
        valid[rows] = v
    for c in (1, 2):  # GGA: time,lat,NS,lon,EW,quality,nsat,hdop,alt ; GNS: same with mode
        rows = np.flatnonzero(code == c)
        if not rows.size:
            continue
        S.split(rows, 9, kind=c)
        qm, ql = F(5, rows, 4)
        if c == 1:
            v = _flag(qm, ql, b"12345")
        else:
            inside = np.arange(qm.shape[1])[None, :] < ql[:, None]
            v = np.any(np.isin(qm, list(b"ADPRF")) & inside, axis=1)
        lat[rows] = _dm(*F(1, rows, 14), *F(2, rows, 1), 83)
        lon[rows] = _dm(*F(3, rows, 15), *F(4, rows, 1), 87)
        sats[rows] = _num(*F(6, rows, 4))
        hdop[rows] = _num(*F(7, rows, 8))
        ele[rows] = _num(*F(8, rows, 12))
        valid[rows] = v
    rows = np.flatnonzero(code == 3)  # GLL: lat,NS,lon,EW,time,status,mode
    if rows.size:
        S.split(rows, 7, kind=3)
        v = _flag(*F(5, rows, 1), b"A")
        mm, ml = F(6, rows, 1)
        v &= ~((ml > 0) & (mm[:, 0] == 78))
        lat[rows] = _dm(*F(0, rows, 14), *F(1, rows, 1), 83)
        lon[rows] = _dm(*F(2, rows, 15), *F(3, rows, 1), 87)
        valid[rows] = v
    rows = np.flatnonzero(code == 4)  # ZDA: time,dd,mm,yyyy
    if rows.size:
        S.split(rows, 4, kind=4)
        dd, mo, yy = _num(*F(1, rows, 4)), _num(*F(2, rows, 4)), _num(*F(3, rows, 6))
        okz = np.isfinite(dd) & np.isfinite(mo) & np.isfinite(yy)
        di, mi, yi = (np.where(okz, x, 1).astype(np.int64) for x in (dd, mo, yy))
        z = np.zeros_like(di)
        okz &= _valid_ymdhms(yi, mi, di, z, z, z) & (yi > 1900)
        zdate[rows] = np.where(okz, days_from_civil(yi, _clip_int(mi, 1, 12), _clip_int(di, 1, 31)), -1)
    valid &= np.isfinite(lat) & np.isfinite(lon)
    # --- epochs: position sentences grouped by (day, time of day) -------------------------
    pos = code < 4
    seq = np.arange(n)
    key = np.full(n, 0, dtype=np.int64)
    key[timed] = day_idx[timed] * 86_400_000 + np.round(tod[timed] * 1000.0).astype(np.int64)
    bad_rows = np.flatnonzero(pos & tbad)
    if bad_rows.size:
        raw = np.array([buf[tspan[i, 0]:tspan[i, 1]] for i in bad_rows.tolist()], dtype="S")
        new = np.ones(raw.size, dtype=bool)
        new[1:] = raw[1:] != raw[:-1]
        key[bad_rows] = -1 - np.cumsum(new)
    empty = pos & ~timed & ~tbad
    key[empty] = -(10 ** 15) - seq[empty]
    prow = np.flatnonzero(pos)
    if prow.size == 0:
        return res
    uniq, first, inv = _unique_first(key[prow])
    rank = np.empty(uniq.size, dtype=np.int64)
    rank[np.argsort(first, kind="stable")] = np.arange(uniq.size)
    gid = np.full(n, -1, dtype=np.int64)
    gid[prow] = rank[inv]
    n_ep = uniq.size
    ep_first = np.sort(prow[first])  # first sentence of each epoch, in epoch order
    g = gid[prow]
    n_good = np.bincount(g, weights=cs_ok[prow], minlength=n_ep)
    n_bad = np.bincount(g, weights=~cs_ok[prow], minlength=n_ep)
    vg = valid & cs_ok & pos
    has_fix = np.bincount(gid[vg], minlength=n_ep) > 0
    ep_timed = timed[ep_first]
    ep_bad = tbad[ep_first]
    # reasons for epochs without a usable fix
    nofix = ~(has_fix & ep_timed)
    r_cs = nofix & (n_good == 0) & (n_bad > 0)
    r_bt = nofix & ~r_cs & ep_bad
    r_nt = nofix & ~r_cs & ~r_bt & has_fix
    r_nf = nofix & ~r_cs & ~r_bt & ~r_nt
    res.reject(RejectReason.BAD_CHECKSUM, int(r_cs.sum()))
    res.reject(RejectReason.BAD_TIME, int(r_bt.sum()))
    res.reject(RejectReason.NO_TIME, int(r_nt.sum()))
    res.reject(RejectReason.NO_FIX, int(r_nf.sum()))
    fix_ep = np.flatnonzero(~nofix)
    if fix_ep.size == 0:
        return res
    # per epoch: position from RMC, else GGA, GNS, GLL; GGA/GNS extras; RMC speed and date
    eg, er = _first_by_priority(gid, vg, code)
    e_lat = np.full(n_ep, np.nan)
    e_lon = np.full(n_ep, np.nan)
    e_lat[eg], e_lon[eg] = lat[er], lon[er]
    e_ele, e_hdop, e_sats, e_speed = (np.full(n_ep, np.nan) for _ in range(4))
    eg, er = _first_in_file_order(gid, vg & ((code == 1) | (code == 2)))
    e_ele[eg], e_hdop[eg], e_sats[eg] = ele[er], hdop[er], sats[er]
    eg, er = _first_in_file_order(gid, vg & (code == 0))
    e_speed[eg] = speed[er]
    e_date = np.full(n_ep, -1, dtype=np.int64)
    eg, er = _first_in_file_order(gid, vg & (code == 0) & (date >= 0))
    e_date[eg] = date[er]
    # anchors (sentence index, day index, date): ZDA with a good checksum, dated RMC epochs
    zr = np.flatnonzero((code == 4) & cs_ok & timed & (zdate >= 0))
    er = np.flatnonzero((e_date >= 0) & ~nofix)
    a_pos = np.concatenate([zr, ep_first[er]])
    a_di = np.concatenate([day_idx[zr], day_idx[ep_first[er]]])
    a_date = np.concatenate([zdate[zr], e_date[er]])
    o = np.argsort(a_pos, kind="stable")
    anchors = (a_pos[o], a_di[o], a_date[o])
    _date_fixes(res, fix_ep, ep_first, day_idx, tod, e_date, anchors, opts,
                name, lines, e_lat, e_lon, e_ele, e_speed, e_hdop, e_sats)
    return res


def _date_fixes(res, fix_ep, ep_first, day_idx, tod, e_date, anchors, opts, name, lines,
                e_lat, e_lon, e_ele, e_speed, e_hdop, e_sats) -> None:
    """Give every fix epoch its date (own RMC, nearest anchor, DATE option), correct GPS week
    rollovers where the file proves them, and fill ``res.fixes``."""
    opts_day: Optional[int] = None
    if opts.date:
        try:
            opts_day = _dt.date.fromisoformat(str(opts.date).strip()).toordinal() - _EPOCH_DAY
        except ValueError:
            res.notes.append(f"DATE '{opts.date}' is not YYYY-MM-DD and was ignored")
    own = e_date[fix_ep]
    a_pos, a_di, a_date = anchors
    udates = np.unique(np.concatenate([a_date, own[own >= 0]]))
    shifts = _rollover_shifts(udates.tolist(), opts_day)
    shift_of = np.zeros(udates.size, dtype=np.int64)
    for k, d in enumerate(udates.tolist()):
        shift_of[k] = shifts.get(d, 0)

    def shifted(d: np.ndarray) -> np.ndarray:
        return d + shift_of[np.searchsorted(udates, d)] if d.size else d

    if shifts:
        moved = int(np.isin(own, list(shifts)).sum())
        res.notes.append(f"dates of {moved} fixes were 1024 GPS weeks early (week-number rollover) "
                         "and were corrected")
    a_date = shifted(a_date)
    first = ep_first[fix_ep]
    e_day = day_idx[first]
    day = np.full(fix_ep.size, np.nan)
    has_own = own >= 0
    if has_own.any():
        day[has_own] = shifted(own[has_own])
    rest = ~has_own
    if rest.any():
        if a_pos.size:
            i = np.maximum(np.searchsorted(a_pos, first[rest], side="right") - 1, 0)
            day[rest] = (a_date - a_di).astype(np.float64)[i] + e_day[rest]
        elif opts_day is not None:
            day[rest] = opts_day + e_day[rest]
        else:
            res.notes.append(f"{int(rest.sum())} fixes have a time of day but no date (no RMC or "
                             "ZDA sentence): give the DATE option (YYYY-MM-DD of the first fix)")
    t = day * 86400.0 + tod[first]
    early = np.isfinite(day) & (day < _MIN_PLAUSIBLE_DAY)
    if early.any():
        k = np.ceil((_MIN_PLAUSIBLE_DAY - day[early][0]) / WEEK_ROLLOVER_DAYS)
        guess = _dt.date.fromordinal(int(day[early][0] + k * WEEK_ROLLOVER_DAYS) + _EPOCH_DAY)
        res.reject(RejectReason.BAD_TIME, int(early.sum()))
        res.notes.append(f"{int(early.sum())} fixes are dated before 2000, probably a GPS week "
                         f"rollover (real date perhaps {guess.isoformat()}): give DATE to correct")
    keep = ~early
    ep = fix_ep[keep]
    res.fixes = Fixes.from_columns(
        time_s=t[keep], lat=e_lat[ep], lon=e_lon[ep], ele_m=e_ele[ep], speed_mps=e_speed[ep],
        hdop=e_hdop[ep], sats=e_sats[ep],
        source=SourceRefs.of_file(f"{name}:", lines[first[keep]]),
    )
