"""Reader for Google Takeout location history (JSON).

Two layouts:

* **Semantic Location History** (``{"timelineObjects": [...]}``): each ``placeVisit`` gives two
  fixes at the visit centre (``centerLatE7``/``centerLngE7``), at its start and its end time;
  its ``simplifiedRawPath`` points are fixes too. Each ``activitySegment`` gives its
  ``startLocation`` at the start time and its ``endLocation`` at the end time, plus every
  ``simplifiedRawPath``/``waypointPath`` point that has a time of its own. Waypoints without a
  time are counted as ``no_time``; locations and visits without coordinates as ``no_position``.
* **Records.json** (``{"locations": [{latitudeE7, longitudeE7, timestamp | timestampMs}]}``),
  also the bare list form, and the on-device ``semanticSegments``/``rawSignals`` export
  (``"55.3959°, 10.3883°"`` points).

E7 integers are degrees × 10⁷ (values above 2³¹ written unsigned by some exports are
wrapped back to negative). Times are ISO 8601 with zone or epoch milliseconds (UTC).
"""
from __future__ import annotations

import json
import os
import re
from typing import Any, Dict, List, Optional

import numpy as np

from ..definitions import RejectReason, TrackFormat
from ..exceptions import ReaderError
from ..fixes import Fixes, ReadResult, SourceRefs
from .common import ReaderOptions, decode_text, parse_iso_time


def sniff(head: bytes, name: str) -> int:
    """90 for JSON naming Takeout keys (``timelineObjects``, ``locations`` with ``latitudeE7``...)."""
    h = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if h[:1] not in (b"{", b"["):
        return 0
    if any(k in head for k in (b'"timelineObjects"', b'"semanticSegments"', b'"placeVisit"', b'"activitySegment"')):
        return 90
    if b'"latitudeE7"' in head or b'"latE7"' in head:
        return 85
    return 0


def _e7(v: Any) -> float:
    if not isinstance(v, (int, float)) or isinstance(v, bool):
        return np.nan
    v = int(v)
    if v > 1800000000:  # written as unsigned 32-bit by some exports
        v -= 2 ** 32
    return v / 1e7


def _time(obj: Dict[str, Any], *keys: str) -> Optional[float]:
    """Epoch seconds of the first time field present (ISO text or epoch milliseconds)."""
    for k in keys:
        v = obj.get(k)
        if v is None:
            continue
        if k.endswith("Ms") or isinstance(v, (int, float)):
            try:
                return float(v) / 1000.0
            except (TypeError, ValueError):
                return np.nan
        if isinstance(v, str):
            if v.strip().lstrip("-").isdigit():
                return float(v) / 1000.0
            t, _ = parse_iso_time(v)
            return np.nan if t is None else t
    return None


_DEG_PAIR = re.compile(r"^\s*(?:geo:)?\s*([-+]?\d+(?:\.\d+)?)\s*°?\s*,\s*([-+]?\d+(?:\.\d+)?)\s*°?\s*$")


class _Acc:
    """Collects records: kept ones as columns, rejected ones as counts."""

    def __init__(self, res: ReadResult, name: str) -> None:
        self.res, self.name = res, name
        self.t: List[float] = []
        self.lat: List[float] = []
        self.lon: List[float] = []
        self.ele: List[float] = []
        self.spd: List[float] = []
        self.src: List[int] = []  # record numbers
        self.n = 0

    def add(self, t: Optional[float], lat: float, lon: float, ele: float = np.nan, spd: float = np.nan) -> None:
        self.n += 1
        if t is None:
            self.res.reject(RejectReason.NO_TIME)
            return
        if not np.isfinite(t):
            self.res.reject(RejectReason.BAD_TIME)
            return
        if not (np.isfinite(lat) and np.isfinite(lon)):
            self.res.reject(RejectReason.NO_POSITION)
            return
        self.t.append(t)
        self.lat.append(lat)
        self.lon.append(lon)
        self.ele.append(ele)
        self.spd.append(spd)
        self.src.append(self.n)

    def fixes(self) -> Fixes:
        return Fixes.from_columns(time_s=self.t, lat=self.lat, lon=self.lon, ele_m=self.ele,
                                  speed_mps=self.spd, source=SourceRefs.of_file(f"{self.name}:record ", self.src))


def _loc(d: Any, lat_key: str = "latitudeE7", lon_key: str = "longitudeE7"):
    if not isinstance(d, dict):
        return np.nan, np.nan
    return _e7(d.get(lat_key)), _e7(d.get(lon_key))


def _points(acc: _Acc, pts: Any) -> None:
    if not isinstance(pts, list):
        return
    for p in pts:
        if not isinstance(p, dict):
            acc.add(None, np.nan, np.nan)
            continue
        la, lo = _e7(p.get("latE7", p.get("latitudeE7"))), _e7(p.get("lngE7", p.get("longitudeE7")))
        acc.add(_time(p, "timestamp", "timestampMs"), la, lo)


def _semantic(acc: _Acc, objs: List[Any]) -> None:
    for o in objs:
        if not isinstance(o, dict):
            continue
        pv = o.get("placeVisit")
        if isinstance(pv, dict):
            dur = pv.get("duration") or {}
            la, lo = _e7(pv.get("centerLatE7")), _e7(pv.get("centerLngE7"))
            acc.add(_time(dur, "startTimestamp", "startTimestampMs"), la, lo)
            acc.add(_time(dur, "endTimestamp", "endTimestampMs"), la, lo)
            _points(acc, (pv.get("simplifiedRawPath") or {}).get("points"))
        seg = o.get("activitySegment")
        if isinstance(seg, dict):
            dur = seg.get("duration") or {}
            la, lo = _loc(seg.get("startLocation"))
            acc.add(_time(dur, "startTimestamp", "startTimestampMs"), la, lo)
            la, lo = _loc(seg.get("endLocation"))
            acc.add(_time(dur, "endTimestamp", "endTimestampMs"), la, lo)
            _points(acc, (seg.get("waypointPath") or {}).get("waypoints"))
            _points(acc, (seg.get("simplifiedRawPath") or {}).get("points"))


def _records(acc: _Acc, locs: List[Any]) -> None:
    for p in locs:
        if not isinstance(p, dict):
            acc.add(None, np.nan, np.nan)
            continue
        la, lo = _loc(p)
        alt = p.get("altitude")
        vel = p.get("velocity")
        acc.add(_time(p, "timestamp", "timestampMs"), la, lo,
                float(alt) if isinstance(alt, (int, float)) else np.nan,
                float(vel) if isinstance(vel, (int, float)) else np.nan)


def _deg_pair(text: Any):
    m = _DEG_PAIR.match(text) if isinstance(text, str) else None
    return (float(m.group(1)), float(m.group(2))) if m else (np.nan, np.nan)


def _device_timeline(acc: _Acc, data: Dict[str, Any]) -> None:
    for seg in data.get("semanticSegments") or []:
        if not isinstance(seg, dict):
            continue
        visit = seg.get("visit")
        if isinstance(visit, dict):
            latlng = ((visit.get("topCandidate") or {}).get("placeLocation") or {}).get("latLng")
            la, lo = _deg_pair(latlng)
            acc.add(_time(seg, "startTime"), la, lo)
            acc.add(_time(seg, "endTime"), la, lo)
        for p in seg.get("timelinePath") or []:
            la, lo = _deg_pair(p.get("point") if isinstance(p, dict) else None)
            acc.add(_time(p, "time") if isinstance(p, dict) else None, la, lo)
    for sig in data.get("rawSignals") or []:
        pos = sig.get("position") if isinstance(sig, dict) else None
        if isinstance(pos, dict):
            la, lo = _deg_pair(pos.get("LatLng") or pos.get("latLng"))
            alt = pos.get("altitudeMeters")
            acc.add(_time(pos, "timestamp"), la, lo, float(alt) if isinstance(alt, (int, float)) else np.nan)


def read(path: str, data: bytes, opts: ReaderOptions) -> ReadResult:
    """Read a Takeout JSON file (every visit end, location and path point is accounted for)."""
    name = os.path.basename(path)
    res = ReadResult(file=path, format=TrackFormat.TAKEOUT.value)
    try:
        doc = json.loads(decode_text(data))
    except ValueError as exc:
        raise ReaderError(f"Not valid JSON ({exc}); the Takeout file may be cut short") from exc
    acc = _Acc(res, name)
    if isinstance(doc, dict) and isinstance(doc.get("timelineObjects"), list):
        _semantic(acc, doc["timelineObjects"])
    elif isinstance(doc, dict) and isinstance(doc.get("locations"), list):
        _records(acc, doc["locations"])
    elif isinstance(doc, dict) and ("semanticSegments" in doc or "rawSignals" in doc):
        _device_timeline(acc, doc)
    elif isinstance(doc, list) and doc and isinstance(doc[0], dict) and "latitudeE7" in doc[0]:
        _records(acc, doc)
    else:
        raise ReaderError("JSON without Google Takeout location history (no timelineObjects or locations)")
    res.fixes = acc.fixes()
    if res.reasons.get(RejectReason.NO_TIME.value):
        res.notes.append("path points without their own time (waypointPath) were not used")
    return res
