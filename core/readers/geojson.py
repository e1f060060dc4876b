"""GeoJSON track reader (RFC 7946, WGS84 longitude/latitude).

* ``Point`` features: the time is a property named ``time``, ``timestamp``, ``datetime``,
  ``date_time``, ``tracked_at``, ``recorded_at``, ``created_at``, ``gps_time``, ``time_utc``,
  ``utc``, ``when`` or ``date`` (first found, case-insensitive) holding an ISO 8601 string
  or epoch seconds (milliseconds when > 1e11).
* ``LineString`` / ``MultiLineString`` / ``MultiPoint``: one time per coordinate from
  ``properties.coordTimes`` (togeojson, GPS Visualizer), ``properties.coordinateProperties.times``
  or ``properties.times``; lists of lists for MultiLineString. Without times every
  coordinate counts as ``no_time``.
* ``ele_m`` from a third coordinate; ``speed_mps``/``hdop``/``sats`` from properties with
  those (or common) names on Point features.
* a feature with a null geometry counts as ``no_position``. A legacy ``crs`` member naming
  anything but WGS84 stops the file (tracks must be in longitude/latitude).

Google Takeout location history is JSON but not GeoJSON: ``sniff`` only claims documents
with ``"type": "FeatureCollection"`` / ``"Feature"``.
"""
from __future__ import annotations

import json
import os
import re
from typing import Any, Dict, List, Optional, Tuple

import numpy as np

from ..definitions import RejectReason, TrackFormat
from ..exceptions import ReaderError
from ..fixes import Fixes, ReadResult, SourceRefs
from .common import ReaderOptions, decode_text
from .gpx import parse_iso_times

__all__ = ["sniff", "read", "TIME_KEYS"]

TIME_KEYS = ("time", "timestamp", "datetime", "date_time", "tracked_at", "recorded_at",
             "created_at", "gps_time", "time_utc", "utc", "when", "date")
_SPEED_KEYS = ("speed_mps", "speed")
_HDOP_KEYS = ("hdop",)
_SATS_KEYS = ("sats", "sat", "satellites", "num_sats")
_ELE_KEYS = ("ele", "ele_m", "elevation", "altitude", "alt")
_PARTICIPANT_KEYS = ("participant", "participant_id", "device_id", "deviceid", "device",
                     "serial", "tracker_id", "tracker")
_SNIFF_RE = re.compile(r'"type"\s*:\s*"(FeatureCollection|Feature)"')
_WGS84 = ("crs84", "4326", "wgs84", "wgs 84")


def sniff(head: bytes, name: str) -> int:
    """80 for a GeoJSON FeatureCollection or Feature, else 0."""
    text = decode_text(head).lstrip()
    if not text.startswith("{"):
        return 0
    return 80 if _SNIFF_RE.search(text) else 0


def _prop(props: Dict[str, Any], keys) -> Any:
    low = {str(k).lower(): v for k, v in props.items()}
    for k in keys:
        if k in low and low[k] not in (None, ""):
            return low[k]
    return None


def _num(v: Any) -> float:
    try:
        return float(v)
    except (TypeError, ValueError):
        return np.nan


def read(path: str, data: bytes, opts: ReaderOptions) -> ReadResult:
    """Read the timed points of a GeoJSON FeatureCollection (or single Feature)."""
    name = os.path.basename(path)
    res = ReadResult(file=path, format=TrackFormat.GEOJSON.value)
    try:
        doc = json.loads(decode_text(data))
    except ValueError as exc:
        raise ReaderError(f"Not valid JSON: {exc}") from exc
    if not isinstance(doc, dict):
        raise ReaderError("Not a GeoJSON object")
    crs = doc.get("crs")
    if isinstance(crs, dict):
        cname = str((crs.get("properties") or {}).get("name", "")).lower()
        if cname and not any(w in cname for w in _WGS84):
            raise ReaderError(f"The GeoJSON is in {cname}; tracks must be longitude/latitude (WGS84)")
    if doc.get("type") == "Feature":
        feats = [doc]
    else:
        feats = doc.get("features") or []
    times: List[Any] = []
    rows: List[Tuple[float, float, float, float, float, float]] = []
    participants = set()
    no_pos = 0
    no_time = 0
    parse_errors = 0
    for feat in feats:
        if not isinstance(feat, dict):
            parse_errors += 1
            continue
        props = feat.get("properties") or {}
        if not isinstance(props, dict):
            props = {}
        p = _prop(props, _PARTICIPANT_KEYS)
        if p is not None:
            participants.add(str(p))
        geom = feat.get("geometry")
        if not isinstance(geom, dict):
            no_pos += 1
            continue
        gtype = geom.get("type")
        coords = geom.get("coordinates")
        if gtype == "Point":
            t = _prop(props, TIME_KEYS)
            pos = _position(coords)
            if pos is None:
                parse_errors += 1
                continue
            ele = pos[2] if pos[2] == pos[2] else _num(_prop(props, _ELE_KEYS))
            times.append(t)
            rows.append((pos[0], pos[1], ele, _num(_prop(props, _SPEED_KEYS)),
                         _num(_prop(props, _HDOP_KEYS)), _num(_prop(props, _SATS_KEYS))))
        elif gtype in ("LineString", "MultiPoint", "MultiLineString"):
            parts = coords if gtype == "MultiLineString" else [coords]
            tl = _coord_times(props)
            if gtype == "MultiLineString" and tl is not None and tl and not isinstance(tl[0], list):
                tl = [tl]
            if gtype != "MultiLineString" and tl is not None:
                tl = [tl]
            for pi, part in enumerate(parts or []):
                ptimes = tl[pi] if tl is not None and pi < len(tl) and isinstance(tl[pi], list) else None
                for ci, c in enumerate(part or []):
                    pos = _position(c)
                    if pos is None:
                        parse_errors += 1
                        continue
                    t = ptimes[ci] if ptimes is not None and ci < len(ptimes) else None
                    if t is None:
                        no_time += 1
                        continue
                    times.append(t)
                    rows.append((pos[0], pos[1], pos[2], np.nan, np.nan, np.nan))
        else:
            no_pos += 1
    res.reject(RejectReason.NO_POSITION, no_pos)
    res.reject(RejectReason.NO_TIME, no_time)
    res.reject(RejectReason.PARSE_ERROR, parse_errors)
    if len(participants) == 1:
        res.participant = participants.pop()
    if not rows:
        return res
    t_s, ok, zl = _times(times, opts)
    arr = np.array(rows, dtype=np.float64).reshape(-1, 6)
    fx = Fixes.from_columns(time_s=t_s, lat=arr[:, 0], lon=arr[:, 1], ele_m=arr[:, 2],
                            speed_mps=arr[:, 3], hdop=arr[:, 4], sats=arr[:, 5],
                            source=SourceRefs.of_file(f"{name}:record ", np.arange(1, len(rows) + 1)))
    res.reject(RejectReason.BAD_TIME, int((~ok).sum()))
    res.fixes = fx.take(ok) if not ok.all() else fx
    res.used_timezone = bool(zl.any() and opts.tzinfo() is not None)
    return res


def _position(c: Any) -> Optional[Tuple[float, float, float]]:
    """``[lon, lat, (ele)]`` → (lat, lon, ele); None if not two numbers."""
    if not isinstance(c, (list, tuple)) or len(c) < 2:
        return None
    lon, lat = _num(c[0]), _num(c[1])
    if not (lat == lat and lon == lon):
        return None
    return lat, lon, (_num(c[2]) if len(c) > 2 else np.nan)


def _coord_times(props: Dict[str, Any]) -> Optional[list]:
    for key in ("coordTimes", "times"):
        v = props.get(key)
        if isinstance(v, list):
            return v
    cp = props.get("coordinateProperties")
    if isinstance(cp, dict):
        for key in ("times", "coordTimes", "time"):
            if isinstance(cp.get(key), list):
                return cp[key]
    return None


def _times(values: List[Any], opts: ReaderOptions):
    """Mixed ISO strings / epoch numbers / None → (time_s, ok, zoneless)."""
    n = len(values)
    texts: List[bytes] = []
    nums = np.full(n, np.nan)
    for i, v in enumerate(values):
        if isinstance(v, bool) or v is None:
            texts.append(b"")
        elif isinstance(v, (int, float)):
            x = float(v)
            nums[i] = x / 1000.0 if abs(x) > 1e11 else x
            texts.append(b"")
        else:
            texts.append(str(v).strip().encode("utf-8", errors="replace"))
    t, ok, zl = parse_iso_times(texts, opts.tzinfo())
    isnum = np.isfinite(nums)
    t[isnum] = nums[isnum]
    return t, ok, zl
