"""GPX 1.0 / 1.1 reader: a byte scanner, not a DOM parser.

Why not gpxpy or ElementTree: building a tree (or one Python object per element) costs
~40 µs per track point; a study with 20 participants and 1 s loggers reads tens of millions of
points. Here the common layout (``<trkpt lat lon>`` then ``<ele>``, ``<time>`` as the schema
orders them) is read with one C-level regular-expression pass over the bytes; any point that
does not fit (other attributes, namespace prefixes, children in another order, self-closing)
is read on its own with ``bytes.find``. Numbers and times are converted in bulk with numpy
(:func:`parse_iso_times`). The result is checked against gpxpy point for point in
``tests/test_readers_gpx.py`` (lat, lon, ele, time to the microsecond) and benchmarked in
``benchmarks/bench_readers.py`` (> 10x gpxpy).

What is read: every ``<trkpt>`` of every ``<trk>``/``<trkseg>`` (any namespace prefix, single
or double quotes, attributes in any order, self-closing points); children ``ele`` (metres),
``time`` (ISO 8601, ``Z``, ``±hh:mm``, ``±hhmm``, ``±hh``, up to 15 fractional digits,
truncated to microseconds as gpxpy does), ``speed`` (m/s, GPX 1.0), ``hdop``, ``sat``.
``<extensions>`` are ignored. ``<wpt>`` go to ``result.waypoints``; ``<rte>`` points are
counted in a note only: neither is a fix of the track. Zone-less times are read in
``opts.timezone`` (UTC when unset, as the GPX schema says).
"""
from __future__ import annotations

import datetime as _dt
import html
import os
import re
from typing import Dict, List, Optional, Sequence, Tuple, Union

import numpy as np

from ..definitions import RejectReason, TrackFormat
from ..fixes import Fixes, ReadResult, SourceRefs
from .common import ReaderOptions, days_from_civil, to_epoch_s

__all__ = ["sniff", "read", "parse_iso_times", "usable_track_name", "floats_from_bytes"]

_ROOT_RE = re.compile(rb"<(?:[\w.-]+:)?gpx[\s>]")
_COMMENT_RE = re.compile(rb"<!--.*?-->|<!\[CDATA\[.*?\]\]>", re.S)
_LAT_RE = re.compile(rb"""[\s\x00]lat\s*=\s*["']\s*([^"'\s]*)""")
_LON_RE = re.compile(rb"""[\s\x00]lon\s*=\s*["']\s*([^"'\s]*)""")
_CHILD_RE = re.compile(rb"<(?:[\w.-]+:)?(ele|time|speed|hdop|sat)(?:\s[^>]*)?>([^<]*)<")
_WPT_RE = re.compile(rb"<(?:[\w.-]+:)?wpt[\s>/]")
_EXT_RE = re.compile(rb"<(?:[\w.-]+:)?extensions[\s>/]")
_TRK_NAME_RE = re.compile(
    rb"<(?:[\w.-]+:)?trk[\s>].*?<(?:[\w.-]+:)?(name|trkseg|trkpt|/trk)[\s>/]([^<]*)", re.S
)
_CHILDREN = (b"ele", b"time", b"speed", b"hdop", b"sat")


# ---------------------------------------------------------------------------------------
# times
# ---------------------------------------------------------------------------------------

_SLOW_TIME_RE = re.compile(
    rb"^(\d{4})-(\d{1,2})-(\d{1,2})[T ](\d{1,2}):(\d{1,2})(?::(\d{1,2}))?(?:[.,](\d+))?\s*"
    rb"(Z|z|[+-]\d{2}(?::?\d{2})?)?$"
)
_SUFFIX_RE = re.compile(rb"^(?:[.,](\d*))?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$")
_DIGIT_COLS = np.array([0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18])


_MONTH_DAYS = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


def _valid_ymdhms(y, mo, d, h, mi, s) -> np.ndarray:
    leap = ((y % 4 == 0) & (y % 100 != 0)) | (y % 400 == 0)
    mo_c = np.clip(mo, 0, 12)
    dim = _MONTH_DAYS[mo_c] + ((mo_c == 2) & leap)
    return (mo >= 1) & (mo <= 12) & (d >= 1) & (d <= dim) & (h <= 23) & (mi <= 59) & (s <= 60)


def _parse_suffix(suf: bytes) -> Optional[Tuple[float, float, bool]]:
    """``.123+01:00`` → (fraction s truncated to µs, offset s, had_zone); None if not a suffix."""
    m = _SUFFIX_RE.match(suf.replace(b"\xe2\x88\x92", b"-"))
    if not m:
        return None
    frac, zone = m.groups()
    us = int((frac or b"")[:6].ljust(6, b"0")) if frac else 0
    if not zone:
        return us * 1e-6, 0.0, False
    if zone in (b"Z", b"z"):
        return us * 1e-6, 0.0, True
    sign = -1 if zone[:1] == b"-" else 1
    digits = zone[1:].replace(b":", b"")
    off = int(digits[:2]) * 3600 + (int(digits[2:4]) * 60 if len(digits) > 2 else 0)
    return us * 1e-6, float(sign * off), True


def _local_to_utc(local_s: np.ndarray, tz: Optional[_dt.tzinfo]) -> np.ndarray:
    """Zone-less epoch-like seconds (wall clock read as UTC) → true UTC seconds in ``tz``."""
    if tz is None or local_s.size == 0:
        return local_s
    if isinstance(tz, _dt.timezone):
        return local_s - tz.utcoffset(None).total_seconds()
    # zoneinfo: the offset is constant within a wall-clock hour (transitions fall on hours)
    hours = np.floor(local_s / 3600.0)
    uniq, inv = np.unique(hours, return_inverse=True)
    offs = np.empty(uniq.size)
    for k, hr in enumerate(uniq):
        wall = _dt.datetime(1970, 1, 1) + _dt.timedelta(seconds=float(hr) * 3600.0)
        offs[k] = float(hr) * 3600.0 - to_epoch_s(wall, tz)
    return local_s - offs[inv]


def _in09(x: np.ndarray) -> np.ndarray:
    return (x >= 0) & (x <= 9)


def _parse_suffixes(sarr: np.ndarray):
    """Vectorised parse of what follows ``YYYY-MM-DDTHH:MM:SS`` in an ``S`` array: optional
    ``.digits`` (truncated to µs) and an optional zone ``Z``/``±hh``/``±hhmm``/``±hh:mm``.
    Returns (µs, offset s, had_zone, valid); invalid rows go to the slow path."""
    n, w = sarr.shape[0], sarr.dtype.itemsize
    k = max(w - 19, 0)
    m = np.zeros((n, k + 10), dtype=np.int32)
    if k:
        m[:, :k] = sarr.view(np.uint8).reshape(n, w)[:, 19:]
    rows = np.arange(n)
    is_d = (m >= 48) & (m <= 57)
    has_frac = (m[:, 0] == 46) | (m[:, 0] == 44)
    run = np.cumprod(is_d[:, 1:], axis=1).sum(axis=1)
    nfrac = np.where(has_frac, run, 0)
    use = (np.arange(6)[None, :] < nfrac[:, None])
    us = (np.where(use, m[:, 1:7] - 48, 0) * (10 ** np.arange(5, -1, -1))[None, :]).sum(axis=1)
    z = np.where(has_frac, 1 + nfrac, 0)
    c0 = m[rows, z]
    zulu = (c0 == 90) | (c0 == 122)
    signed = (c0 == 43) | (c0 == 45)
    d1, d2 = m[rows, z + 1] - 48, m[rows, z + 2] - 48
    colon = m[rows, z + 3] == 58
    mpos = z + 3 + colon
    d3, d4 = m[rows, mpos] - 48, m[rows, mpos + 1] - 48
    has_mm = _in09(d3) & _in09(d4)
    zlen = np.where(zulu, 1, np.where(signed, np.where(has_mm, 5 + colon, 3), 0))
    valid = (m[rows, z + zlen] == 0) & (~signed | (_in09(d1) & _in09(d2))) & ~(signed & colon & ~has_mm)
    off = (d1 * 10 + d2) * 3600 + np.where(has_mm, (d3 * 10 + d4) * 60, 0)
    off = np.where(signed, np.where(c0 == 45, -off, off), 0).astype(np.float64)
    return us.astype(np.float64), off, zulu | signed, valid


def parse_iso_times(
    texts: Sequence[bytes], tz: Optional[_dt.tzinfo] = None
) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Parse ISO 8601 date-times in bulk into epoch seconds UTC (float64).

    ``texts`` are stripped byte strings; ``b''`` means "no time". Returns ``(time_s, ok,
    zoneless)``: ``time_s`` NaN where there is no time or it cannot be parsed, ``ok`` False
    only for texts that are present but unparsable (``bad_time``), ``zoneless`` True where a
    time had no zone and was read in ``tz`` (None = UTC). Fractions are truncated to whole
    microseconds (as gpxpy does). The common ``YYYY-MM-DDTHH:MM:SS`` head is decoded with
    array arithmetic; the rest (fraction, zone) once per distinct spelling.
    """
    n = len(texts)
    t = np.full(n, np.nan)
    ok = np.ones(n, dtype=bool)
    zoneless = np.zeros(n, dtype=bool)
    if n == 0:
        return t, ok, zoneless
    texts = list(texts)
    sarr = np.array(texts, dtype="S")
    present = sarr != b""
    fast = present.copy()
    if sarr.dtype.itemsize >= 19:
        head = sarr.astype("S19").view(np.uint8).reshape(n, 19).astype(np.int32)
        dig = head[:, _DIGIT_COLS] - 48
        fast &= np.all((dig >= 0) & (dig <= 9), axis=1)
        fast &= (head[:, 4] == 45) & (head[:, 7] == 45) & ((head[:, 10] == 84) | (head[:, 10] == 32))
        fast &= (head[:, 13] == 58) & (head[:, 16] == 58)
        y = dig[:, 0] * 1000 + dig[:, 1] * 100 + dig[:, 2] * 10 + dig[:, 3]
        mo = dig[:, 4] * 10 + dig[:, 5]
        d = dig[:, 6] * 10 + dig[:, 7]
        h = dig[:, 8] * 10 + dig[:, 9]
        mi = dig[:, 10] * 10 + dig[:, 11]
        s = dig[:, 12] * 10 + dig[:, 13]
        fast &= _valid_ymdhms(y, mo, d, h, mi, s)
        days = days_from_civil(y.astype(np.int64), mo.astype(np.int64), d.astype(np.int64))
        secs = (days * 86400 + h * 3600 + mi * 60 + s).astype(np.float64)
    else:
        fast[:] = False
        secs = np.zeros(n)
    if fast.any() and sarr.dtype.itemsize == 20 and bool(np.all(sarr.view(np.uint8).reshape(n, 20)[fast, 19] == 90)):
        t[fast] = secs[fast]  # all "...SSZ": nothing more to parse
    elif fast.any():
        us, off, had_zone, good = _parse_suffixes(sarr)
        fast &= good
        t[fast] = secs[fast] + us[fast] * 1e-6 - off[fast]
        zoneless[fast] = ~had_zone[fast]
    arr = texts
    # slow path: 1-digit fields, missing seconds, anything else the head test refused
    for i in np.flatnonzero(present & ~fast).tolist():
        m = _SLOW_TIME_RE.match(arr[i].strip().replace(b"\xe2\x88\x92", b"-"))
        if not m:
            ok[i] = False
            continue
        y_, mo_, d_, h_, mi_, s_, fr, zone = m.groups()
        vals = np.array([int(y_), int(mo_), int(d_), int(h_), int(mi_), int(s_ or 0)])
        if not _valid_ymdhms(*[vals[k:k + 1] for k in range(6)])[0]:
            ok[i] = False
            continue
        base = float(days_from_civil(vals[0:1], vals[1:2], vals[2:3])[0]) * 86400.0
        base += vals[3] * 3600 + vals[4] * 60 + vals[5]
        r = _parse_suffix((b"." + fr if fr else b"") + (zone or b""))
        assert r is not None  # _SLOW_TIME_RE only matches fraction/zone forms _SUFFIX_RE accepts
        t[i] = base + r[0] - r[1]
        zoneless[i] = not r[2]
    if tz is not None and zoneless.any():
        t[zoneless] = _local_to_utc(t[zoneless], tz)
    return t, ok, zoneless & ok & present


def floats_from_bytes(values: Sequence[bytes]) -> Tuple[np.ndarray, np.ndarray]:
    """Byte strings → float64 (NaN for ``b''``); also a mask of present-but-unparsable values."""
    n = len(values)
    if n == 0:
        return np.zeros(0), np.zeros(0, dtype=bool)
    try:
        return np.fromiter(map(float, values), dtype=np.float64, count=n), np.zeros(n, dtype=bool)
    except ValueError:
        pass
    try:
        return np.array([v or b"nan" for v in values]).astype(np.float64), np.zeros(n, dtype=bool)
    except ValueError:
        out = np.full(n, np.nan)
        bad = np.zeros(n, dtype=bool)
        for i, v in enumerate(values):
            if v:
                try:
                    out[i] = float(v)
                except ValueError:
                    bad[i] = True
        return out, bad


# ---------------------------------------------------------------------------------------
# participant
# ---------------------------------------------------------------------------------------

_GENERIC_NAME_RE = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|track|trk|tracklog|activity|route|"
    r"recording|log|segment|current|unnamed|untitled|new|run|walk|ride|gps|data|active)s?\b",
    re.I,
)


def usable_track_name(name: Optional[str]) -> str:
    """A track name that can serve as participant key, or ``''``.

    Names generated by devices (``2020-12-18 07:24:29``, ``03-OCT-10 #2``,
    ``Track-140525-133057``, ``304.1``, ``ACTIVE LOG``) differ from file to file for the same
    person; used as keys they would count one person as several participants and weaken the
    k-anonymity threshold. Such names are refused (the file stem is used instead).
    """
    s = html.unescape(name or "").strip()
    if not s:
        return ""
    rest = _GENERIC_NAME_RE.sub("", s.replace("_", " "))
    rest = re.sub(r"[\W\d_]+", "", rest)
    return s if rest else ""


# ---------------------------------------------------------------------------------------
# scanner
# ---------------------------------------------------------------------------------------


def sniff(head: bytes, name: str) -> int:
    """100 for a document whose root is ``<gpx>`` (any prefix), 20 for a bare ``.gpx`` name."""
    h = _to_utf8(head)
    if _ROOT_RE.search(h):
        return 100
    if name.lower().endswith(".gpx") and h.lstrip().startswith(b"<"):
        return 20
    return 0


def _to_utf8(data: bytes) -> bytes:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace").encode("utf-8")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:]
    return data


def _blank_out(m: "re.Match[bytes]") -> bytes:
    """A comment or CDATA replaced by its newlines only, so that line numbers stay right."""
    return b"\n" * m.group(0).count(b"\n")


def _split_elements(data: bytes, tag: bytes) -> Tuple[Union[List[bytes], _Pieces], np.ndarray, bool]:
    """The text following every ``<tag`` (up to the next one) and its 1-based line number.

    Without a namespace prefix (the common case) the start tags are located with numpy on
    the bytes; else with a regular-expression split. Also says whether a prefix was seen.
    """
    otag = b"<" + tag
    if (b":" + tag) not in data:
        buf = np.frombuffer(data, dtype=np.uint8)
        lt = np.flatnonzero(buf == 60)
        lt = lt[lt + len(otag) < buf.size]
        hit = np.ones(lt.size, dtype=bool)
        for j, ch in enumerate(tag):
            hit &= buf[lt + 1 + j] == ch
        cand = lt[hit]
        nxt = buf[cand + len(otag)]
        starts = cand[np.isin(nxt, _AFTER_NAME_CODES)]
        return _Pieces(data, starts, len(otag)), _line_numbers(data, starts), False
    splitter = re.compile(rb"(<(?:[\w.-]+:)?" + tag + rb")(?=[\s>/])")
    parts = splitter.split(data)
    seps = parts[1::2]
    lens = np.fromiter(map(len, parts), dtype=np.int64, count=len(parts))
    starts = (np.cumsum(lens) - lens)[1::2]
    return parts[2::2], _line_numbers(data, starts), any(x != otag for x in set(seps))


class _Pieces:
    """The text after each start tag, sliced from the document only when asked for."""

    def __init__(self, data: bytes, starts: np.ndarray, width: int) -> None:
        self.data, self.width = data, width
        self.a = (starts + width).tolist()
        self.b = np.append(starts[1:], len(data)).tolist()

    def __len__(self) -> int:
        return len(self.a)

    def __getitem__(self, i: int) -> bytes:
        return self.data[self.a[i]:self.b[i]]

    def __iter__(self):
        d = self.data
        return (d[a:b] for a, b in zip(self.a, self.b))


_AFTER_NAME_CODES = np.array([32, 9, 13, 10, 62, 47], dtype=np.uint8)


def _line_numbers(data: bytes, offsets: np.ndarray) -> np.ndarray:
    if offsets.size == 0:
        return np.zeros(0, dtype=np.int64)
    newlines = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == 10)
    return np.searchsorted(newlines, offsets) + 1


def _fast_regex(tag: bytes) -> "re.Pattern[bytes]":
    """``<tag attrs>`` then, as the GPX schema orders them, an optional ``<ele>`` and an
    optional ``<time>`` as first children: one C-level ``findall`` over the document."""
    return re.compile(
        rb"<" + tag + rb"(?=[\s>])([^>]*)(?<!/)>\s*(?:<ele>([^<]*)</ele>\s*)?(?:<time>([^<]*)</time>)?"
    )


_FAST = {b"trkpt": _fast_regex(b"trkpt"), b"wpt": _fast_regex(b"wpt")}


def _one(p: bytes, close: bytes, has_ext: bool) -> Tuple[bytes, bytes, bytes, int, int]:
    """One element's piece (text after ``<tag``): attributes, time, ele, children span."""
    gt = p.find(b">")
    if gt < 0:
        return p, b"", b"", 0, 0
    if gt and p[gt - 1] == 47:  # "/": self-closing, no children
        return p[:gt], b"", b"", gt, gt
    end = p.find(close, gt)
    if end < 0:
        end = len(p)
    if has_ext:
        e = p.find(b"<extensions", gt, end)
        if e >= 0:
            end = e
    i = p.find(b"<time>", gt, end)
    tm = p[i + 6:p.find(b"<", i + 6, end)].strip() if i >= 0 else b""
    i = p.find(b"<ele>", gt, end)
    el = p[i + 5:p.find(b"<", i + 5, end)].strip() if i >= 0 else b""
    return p[:gt], tm, el, gt, end


def _scan(data: bytes, tag: bytes):
    """Every ``<tag ...>`` element: attribute texts, children texts (``ele``, ``time``, ...,
    before ``<extensions>``, ``b''`` where absent) and line numbers."""
    pieces, lines, prefixed = _split_elements(data, tag)
    n = len(pieces)
    attrs: List[bytes] = []
    kids: Dict[bytes, List[bytes]] = {}
    if n == 0:
        return attrs, kids, lines
    close = tag + b">"
    has_ext = b"extensions" in data
    loose = prefixed or re.search(rb"<(ele|time|speed|hdop|sat)[\s/]", data) is not None
    if loose:  # namespaced or spaced child tags: one regular expression per point
        bodies = []
        for p in pieces:
            a, _, _, gt, end = _one(p, close, False)
            attrs.append(a)
            body = p[gt + 1:end] if end > gt else b""
            m = _EXT_RE.search(body) if has_ext else None
            bodies.append(body[:m.start()] if m else body)
        for c in _CHILDREN:
            kids[c] = []
        for body in bodies:
            found = dict(_CHILD_RE.findall(body)) if body else {}
            for c in _CHILDREN:
                kids[c].append(found.get(c, b"").strip())
        return attrs, kids, lines
    fast = _FAST[tag].findall(data) if tag in _FAST else []
    want_ele = b"<ele>" in data
    if len(fast) == n:
        # C speed for the common layout; a point whose time (or ele, where the file has
        # elevations) was not found right after the start tag is looked at on its own
        attrs = [f[0] for f in fast]
        eles = [f[1] for f in fast]
        times = [f[2] for f in fast]
        redo = np.array(times, dtype="S") == b""
        if want_ele:
            redo |= np.array(eles, dtype="S") == b""
        for i in np.flatnonzero(redo).tolist():
            a, tm, el, _, _ = _one(pieces[i], close, has_ext)
            attrs[i], times[i], eles[i] = a, tm, el
    else:
        attrs, times, eles = [], [], []
        for p in pieces:
            a, tm, el, _, _ = _one(p, close, has_ext)
            attrs.append(a)
            times.append(tm)
            eles.append(el)
    kids[b"time"] = times
    if want_ele:
        kids[b"ele"] = eles
    for c in (b"speed", b"hdop", b"sat"):
        ot = b"<" + c + b">"
        if ot not in data:
            continue
        w = len(ot)
        vals = []
        for p in pieces:
            _, _, _, gt, end = _one(p, close, has_ext)
            i = p.find(ot, gt, end)
            vals.append(p[i + w:p.find(b"<", i + w, end)].strip() if i >= 0 else b"")
        kids[c] = vals
    return attrs, kids, lines


def _attr_floats(attrs: List[bytes], rx: "re.Pattern[bytes]") -> np.ndarray:
    joined = b"\x00" + b"\x00".join(attrs)
    vals = rx.findall(joined)
    if len(vals) != len(attrs):  # a point without this attribute (or with it twice): one by one
        vals = []
        for a in attrs:
            m = rx.search(b"\x00" + a)
            vals.append(m.group(1) if m else b"")
    out, bad = floats_from_bytes(vals)
    out[bad] = np.nan
    return out


_Q = rb"""\s*=\s*["']([^"']*)["']"""
_CANON = {
    tag: re.compile(
        rb"<" + tag + rb"\s+(?:lat" + _Q + rb"\s+lon" + _Q + rb"|lon" + _Q + rb"\s+lat" + _Q + rb")\s*>"
        rb"\s*(?:<ele>([^<]*)</ele>\s*)?(?:<time>([^<]*)</time>)?"
    )
    for tag in (b"trkpt", b"wpt")
}


_START = {tag: re.compile(rb"<" + tag + rb"(?=[\s>/])") for tag in (b"trkpt", b"wpt")}


def _canonical(data: bytes, tag: bytes):
    """The common case in one C-level pass: every ``<tag`` has only ``lat``/``lon``
    attributes and, as the schema orders them, ``<ele>`` and ``<time>`` as first children.
    Returns (lat, lon, ele, time texts, start offsets) or None when a point does not fit
    (then :func:`_scan` handles the file)."""
    otag = b"<" + tag
    if otag not in data or (b":" + tag) in data:
        return None
    starts = np.array([m.start() for m in _START[tag].finditer(data)], dtype=np.int64)
    g = _CANON[tag].findall(data)
    if len(g) != starts.size:
        return None
    lat = [x[0] or x[3] for x in g]
    lon = [x[1] or x[2] for x in g]
    eles = [x[4] or b"" for x in g]
    times = [x[5] or b"" for x in g]
    want_ele = b"<ele>" in data
    redo = np.array(times, dtype="S") == b""
    if want_ele:
        redo |= np.array(eles, dtype="S") == b""
    if redo.any():  # e.g. time after another child, or no time at all: look at the point itself
        pieces = _Pieces(data, starts, len(otag))
        close, has_ext = tag + b">", b"extensions" in data
        for i in np.flatnonzero(redo).tolist():
            _, times[i], eles[i], _, _ = _one(pieces[i], close, has_ext)
    return lat, lon, eles, times, starts


def _points(data: bytes, tag: bytes, name: str, tz) -> Tuple[Fixes, np.ndarray, np.ndarray, int]:
    """Fixes for every ``tag`` element, plus masks (bad time, bad coordinates) and count of
    zone-less times."""
    canon = None
    if not any((b"<" + c + b">") in data for c in (b"speed", b"hdop", b"sat")):
        canon = _canonical(data, tag)
    if canon is not None:
        lat_t, lon_t, eles, times, starts = canon
        n = len(times)
        lat, bad_la = floats_from_bytes(lat_t)
        lon, bad_lo = floats_from_bytes(lon_t)
        lat[bad_la | (np.array(lat_t, dtype="S") == b"")] = np.nan
        lon[bad_lo | (np.array(lon_t, dtype="S") == b"")] = np.nan
        kids = {b"time": times}
        if b"<ele>" in data:
            kids[b"ele"] = eles
        lines = _line_numbers(data, starts)
    else:
        attrs, kids, lines = _scan(data, tag)
        n = len(attrs)
        if n == 0:
            return Fixes.empty(), np.zeros(0, bool), np.zeros(0, bool), 0
        lat = _attr_floats(attrs, _LAT_RE)
        lon = _attr_floats(attrs, _LON_RE)
    nan = np.full(n, np.nan)

    def col(c):
        return floats_from_bytes(kids[c])[0] if c in kids else nan

    t, ok, zoneless = parse_iso_times(kids.get(b"time", [b""] * n), tz)
    source = SourceRefs.of_file(f"{name}:", lines)
    fx = Fixes.from_columns(time_s=t, lat=lat, lon=lon, ele_m=col(b"ele"), speed_mps=col(b"speed"),
                            hdop=col(b"hdop"), sats=col(b"sat"), source=source)
    bad_pos = ~(np.isfinite(lat) & np.isfinite(lon))
    return fx, ~ok, bad_pos, int(zoneless.sum())


def _same_time_note(fx: Fixes) -> Optional[str]:
    t = fx.time_s[np.isfinite(fx.time_s)]
    if t.size < 2:
        return None
    vals, counts = np.unique(t, return_counts=True)
    if counts.max() >= 0.9 * t.size and t.size >= 10:
        when = _dt.datetime(1970, 1, 1) + _dt.timedelta(seconds=float(vals[counts.argmax()]))
        return (f"{int(counts.max())} of {t.size} points carry the same time {when:%Y-%m-%d %H:%M:%S} "
                "(the device clock was not set): the track is untimed")
    order = np.argsort(fx.time_s, kind="stable")
    ts, la, lo = fx.time_s[order], fx.lat[order], fx.lon[order]
    same = (ts[1:] == ts[:-1]) & ((la[1:] != la[:-1]) | (lo[1:] != lo[:-1]))
    c = int(same.sum())
    if c:
        return f"{c} point(s) share their time with a point at another place (both kept)"
    return None


def read(path: str, data: bytes, opts: ReaderOptions) -> ReadResult:
    """Read a GPX file: track points as fixes, waypoints in ``result.waypoints``."""
    name = os.path.basename(path)
    res = ReadResult(file=path, format=TrackFormat.GPX.value)
    data = _to_utf8(data)
    if b"<!--" in data or b"<![CDATA[" in data:
        data = _COMMENT_RE.sub(_blank_out, data)
    tz = opts.tzinfo()
    fx, bad_time, bad_pos, n_zoneless = _points(data, b"trkpt", name, tz)
    if len(fx):
        c_bt = int((bad_time & ~bad_pos).sum())
        c_bp = int(bad_pos.sum())
        res.reject(RejectReason.BAD_TIME, c_bt)
        res.reject(RejectReason.PARSE_ERROR, c_bp)
        if c_bp:
            res.notes.append(f"{c_bp} track points had unreadable coordinates")
        keep = ~(bad_time | bad_pos)
        fx = fx.take(keep) if not keep.all() else fx
        note = _same_time_note(fx)
        if note:
            res.notes.append(note)
    res.fixes = fx
    res.used_timezone = bool(n_zoneless and tz is not None)
    if b"wpt" in data and _WPT_RE.search(data):
        wp, wbt, wbp, _ = _points(data, b"wpt", name, tz)
        res.waypoints = wp.take(~wbp) if len(wp) else wp
    n_rte = len(re.findall(rb"<(?:[\w.-]+:)?rtept[\s>/]", data)) if b"rtept" in data else 0
    if n_rte:
        res.notes.append(f"{n_rte} route points (planned, not recorded) were not read as fixes")
    if b"trk" in data:
        for m in _TRK_NAME_RE.finditer(data):
            if m.group(1) == b"name":
                pname = usable_track_name(m.group(2).decode("utf-8", errors="replace"))
                if pname:
                    res.participant = pname
                    break
    return res
