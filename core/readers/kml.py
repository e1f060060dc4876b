"""KML reader: ``gx:Track`` (KML 2.2 extension), ``Track`` (OGC KML 2.3) and timestamped
Placemarks.

* a Track pairs its ``<when>`` and ``<coord>`` elements *within that track*, in order (a file
  may hold several tracks and loose ``<when>`` of other Placemarks: pairing every ``<when>``
  of the file with every coordinate would misalign them). Extra ``<when>`` or ``<coord>``
  of a track without a partner are counted as ``parse_error``. ``<coord>`` is
  ``lon lat [alt]`` (metres).
* a Placemark with a ``<Point>`` and a ``<TimeStamp><when>`` is one fix; a Point without time
  counts as ``no_time``; a Placemark with a time and no geometry (e.g. "Recording started")
  is not a position record and is not counted. ``LineString`` coordinates (no times) count
  as ``no_time``.

Times are ISO 8601 (``Z``, offsets, fractions); zone-less ones are read in ``opts.timezone``.
"""
from __future__ import annotations

import os
import re
from typing import List, Tuple

import numpy as np

from ..definitions import RejectReason, TrackFormat
from ..fixes import Fixes, ReadResult, SourceRefs
from .common import ReaderOptions
from .gpx import _blank_out, _line_numbers, _to_utf8, parse_iso_times, usable_track_name

__all__ = ["sniff", "read"]

_P = rb"(?:[\w.-]+:)?"
_KML_RE = re.compile(rb"<" + _P + rb"kml[\s>]")
_COMMENT_RE = re.compile(rb"<!--.*?-->", re.S)
_TRACK_RE = re.compile(rb"<" + _P + rb"Track(?:\s[^>]*)?>(.*?)</" + _P + rb"Track\s*>", re.S)
_WHEN_RE = re.compile(rb"<" + _P + rb"when(?:\s[^>]*)?>([^<]*)</")
_COORD_RE = re.compile(rb"<" + _P + rb"coord(?:\s[^>]*)?>([^<]*)</")
_PLACEMARK_RE = re.compile(rb"<" + _P + rb"Placemark[\s>](.*?)</" + _P + rb"Placemark\s*>", re.S)
_POINT_RE = re.compile(rb"<" + _P + rb"Point[\s>].*?<" + _P + rb"coordinates(?:\s[^>]*)?>([^<]*)<", re.S)
_STAMP_RE = re.compile(rb"<" + _P + rb"TimeStamp[\s>].*?<" + _P + rb"when(?:\s[^>]*)?>([^<]*)<", re.S)
_LINE_RE = re.compile(rb"<" + _P + rb"LineString[\s>].*?<" + _P + rb"coordinates(?:\s[^>]*)?>([^<]*)<", re.S)
_TRACK_OPEN_RE = re.compile(rb"<" + _P + rb"Track[\s>]")
_NAME_RE = re.compile(rb"<" + _P + rb"name(?:\s[^>]*)?>([^<]*)<")


def sniff(head: bytes, name: str) -> int:
    """100 for a ``<kml>`` root (any prefix)."""
    return 100 if _KML_RE.search(_to_utf8(head)) else 0


def _split_coord(text: bytes, sep: bytes) -> Tuple[float, float, float]:
    parts = text.replace(b",", b" ").split()
    try:
        lon = float(parts[0])
        lat = float(parts[1])
    except (IndexError, ValueError):
        return np.nan, np.nan, np.nan
    try:
        alt = float(parts[2]) if len(parts) > 2 else np.nan
    except ValueError:
        alt = np.nan
    return lat, lon, alt


def read(path: str, data: bytes, opts: ReaderOptions) -> ReadResult:
    """Read the tracks and timestamped points of a KML file."""
    name = os.path.basename(path)
    res = ReadResult(file=path, format=TrackFormat.KML.value)
    data = _to_utf8(data)
    if b"<!--" in data:
        data = _COMMENT_RE.sub(_blank_out, data)
    whens: List[bytes] = []
    coords: List[Tuple[float, float, float]] = []
    offsets: List[int] = []
    parse_errors = 0
    no_time = 0
    track_spans: List[Tuple[int, int]] = []
    n_tracks = 0
    for tm in _TRACK_RE.finditer(data):
        n_tracks += 1
        track_spans.append(tm.span())
        body_start = tm.start(1)
        body = tm.group(1)
        w = [(m.start(), m.group(1).strip()) for m in _WHEN_RE.finditer(body)]
        c = [m.group(1) for m in _COORD_RE.finditer(body)]
        k = min(len(w), len(c))
        parse_errors += max(len(w), len(c)) - k
        for (off, when), cc in zip(w[:k], c[:k]):
            lat, lon, alt = _split_coord(cc, b" ")  # "lon lat alt" (commas tolerated)
            if not (lat == lat and lon == lon):
                parse_errors += 1
                continue
            whens.append(when)
            coords.append((lat, lon, alt))
            offsets.append(body_start + off)
    # Placemarks outside tracks: Point + TimeStamp, or LineString (untimed)
    for pm in _PLACEMARK_RE.finditer(data):
        if any(a <= pm.start(1) < b or pm.start(1) <= a < pm.end(1) for a, b in track_spans):
            continue
        body = pm.group(1)
        pt = _POINT_RE.search(body)
        if pt is not None:
            lat, lon, alt = _split_coord(pt.group(1), b",")
            if not (lat == lat and lon == lon):
                parse_errors += 1
                continue
            st = _STAMP_RE.search(body)
            when = st.group(1).strip() if st else b""
            whens.append(when)
            coords.append((lat, lon, alt))
            offsets.append(pm.start(1) + pt.start(1))
        ln = _LINE_RE.search(body)
        if ln is not None:
            no_time += len(ln.group(1).split())
    res.reject(RejectReason.PARSE_ERROR, parse_errors)
    res.reject(RejectReason.NO_TIME, no_time)
    if no_time:
        res.notes.append(f"{no_time} LineString points carry no time")
    if whens:
        t, ok, zoneless = parse_iso_times(whens, opts.tzinfo())
        arr = np.array(coords, dtype=np.float64).reshape(-1, 3)
        lines = _line_numbers(data, np.array(offsets, dtype=np.int64))
        fx = Fixes.from_columns(time_s=t, lat=arr[:, 0], lon=arr[:, 1], ele_m=arr[:, 2],
                                source=SourceRefs.of_file(f"{name}:", lines))
        res.reject(RejectReason.BAD_TIME, int((~ok).sum()))
        res.fixes = fx.take(ok) if not ok.all() else fx
        res.used_timezone = bool(zoneless.any() and opts.tzinfo() is not None)
    # participant: the name of the first Placemark holding a track, if it names someone
    for pm in _PLACEMARK_RE.finditer(data):
        if _TRACK_OPEN_RE.search(pm.group(1)):
            nm = _NAME_RE.search(pm.group(1))
            if nm:
                res.participant = usable_track_name(nm.group(1).decode("utf-8", errors="replace"))
            break
    return res
