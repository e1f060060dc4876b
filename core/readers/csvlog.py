"""Reader for delimited logger exports (CSV, TSV, ``;``- or ``|``-separated text).

Everything is detected from the content: the delimiter (``,`` ``;`` tab ``|``), ``#`` metadata
lines before the header (the last one may be a unit row, as in Garmin G1000 logs), the header
and the role of each column — latitude/longitude in two columns or one (``55.39,10.38``,
``POINT(lon lat)``), hemispheres as suffix/prefix (``31.769598N``) or in their own columns,
units inside values (``98.470 m``, ``0.000 km/h``) or in the header (``altitude (ft)``),
date and time in one or two columns, a UTC-offset column, epoch seconds/milliseconds, and a
fix-status column whose "No fix" rows are rejected even when they carry coordinates.
``ReaderOptions.csv_mapping`` overrides the detection.

Units of the result: times epoch seconds UTC, coordinates WGS84 degrees, ``ele_m`` metres,
``speed_mps`` metres per second.
"""
from __future__ import annotations

import csv
import datetime as _dt
import os
import re
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np

from ..definitions import RejectReason, TrackFormat
from ..exceptions import ReaderError
from ..fixes import Fixes, ReadResult, SourceRefs
from .common import ReaderOptions, days_from_civil, decode_text

DELIMITERS = (",", ";", "\t", "|")
ROLES = ("lat", "lon", "time", "date", "participant", "ele", "speed", "hdop", "sats")

# --------------------------------------------------------------------------------------
# time helpers (also used by plt.py and takeout.py)
# --------------------------------------------------------------------------------------


def local_to_utc(naive_s: np.ndarray, tz: Optional[_dt.tzinfo]) -> np.ndarray:
    """Epoch seconds of wall-clock times in ``tz`` (given as if they were UTC) → real UTC.

    ``tz=None`` means the times already are UTC. Offsets are looked up once per distinct
    hour (DST-aware for IANA zones; ambiguous autumn hours take the first occurrence).
    """
    t = np.asarray(naive_s, dtype=np.float64)
    if tz is None or t.size == 0:
        return t.copy()
    out = np.full(t.shape, np.nan)
    ok = np.isfinite(t)
    if not ok.any():
        return out
    hours = np.floor(t[ok] / 3600.0)
    uniq, inv = np.unique(hours, return_inverse=True)
    offs = np.empty(uniq.shape)
    epoch = _dt.datetime(1970, 1, 1)
    for i, h in enumerate(uniq):
        try:
            wall = epoch + _dt.timedelta(seconds=float(h) * 3600.0)
            off = tz.utcoffset(wall)
            offs[i] = off.total_seconds() if off is not None else 0.0
        except (OverflowError, ValueError):
            offs[i] = np.nan
    out[ok] = t[ok] - offs[inv]
    return out


_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "oct": 10, "nov": 11, "dec": 12, "maj": 5, "okt": 10,
}

_ZONE = r"(?P<zone>Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?|(?:UTC|GMT)[+-]\d{1,2}(?::?\d{2})?)?"
_TIME = r"(?P<H>\d{1,2}):?(?P<M>\d{2})(?::?(?P<S>\d{2}))?(?:[.,](?P<F>\d+))?\s*(?P<ampm>[AaPp][Mm])?"
_SEP = r"(?:[T_]|\s+|\s*,\s*)"
_DT_PATTERNS = {
    "ymd": re.compile(r"^\s*(?P<a>\d{4})[-/.](?P<b>\d{1,2})[-/.](?P<c>\d{1,2})" + _SEP + _TIME + r"\s*" + _ZONE + r"\s*$", re.I),
    "xyz": re.compile(r"^\s*(?P<a>\d{1,2})[-/.](?P<b>\d{1,2})[-/.](?P<c>\d{2,4})" + _SEP + _TIME + r"\s*" + _ZONE + r"\s*$", re.I),
    "c8": re.compile(r"^\s*(?P<a>\d{4})(?P<b>\d{2})(?P<c>\d{2})" + _SEP + r"?" + _TIME + r"\s*" + _ZONE + r"\s*$", re.I),
    "c6": re.compile(r"^\s*(?P<a>\d{2})(?P<b>\d{2})(?P<c>\d{2})" + _SEP + _TIME + r"\s*" + _ZONE + r"\s*$", re.I),
    "mon": re.compile(r"^\s*(?P<a>\d{1,2})[-\s](?P<b>[A-Za-z]{3})[A-Za-z]*\.?[-\s](?P<c>\d{2,4})" + _SEP + _TIME + r"\s*" + _ZONE + r"\s*$", re.I),
}


def _zone_seconds(z: Optional[str]) -> float:
    """Offset east of UTC in seconds of a zone suffix; NaN when there is none."""
    if not z:
        return np.nan
    z = z.upper()
    if z in ("Z", "UTC", "GMT"):
        return 0.0
    z = z.replace("UTC", "").replace("GMT", "")
    sign = -1.0 if z[0] == "-" else 1.0
    digits = z[1:].replace(":", "")
    if len(digits) <= 2:
        return sign * int(digits) * 3600.0
    return sign * (int(digits[:-2]) * 3600.0 + int(digits[-2:]) * 60.0)


def parse_datetimes(values: Sequence[str], dayfirst: Optional[bool] = None
                    ) -> Tuple[np.ndarray, np.ndarray, np.ndarray, List[str]]:
    """Parse date-time strings of one column.

    Returns ``(naive_s, zone_s, ok, notes)``: ``naive_s`` = epoch seconds of the wall-clock time
    read as UTC, ``zone_s`` = the offset (seconds east of UTC) written in the text or NaN,
    ``ok`` = parsed. Day-first vs month-first for ``01/02/2021`` is decided from the whole
    column (a field above 12); when it cannot be decided, day first (European) is used.
    """
    n = len(values)
    y = np.zeros(n, np.int64)
    mo = np.ones(n, np.int64)
    d = np.ones(n, np.int64)
    sec = np.zeros(n, np.float64)
    zone = np.full(n, np.nan)
    ok = np.zeros(n, dtype=bool)
    kinds = np.zeros(n, dtype=np.int8)  # 1 = x/y/z order to be decided
    ab = np.zeros((n, 2), np.int64)
    notes: List[str] = []
    order = list(_DT_PATTERNS.items())
    last = 0
    for i, v in enumerate(values):
        if not v:
            continue
        m = None
        for k in range(len(order)):
            j = (last + k) % len(order)
            m = order[j][1].match(v)
            if m:
                last = j
                break
        if m is None:
            continue
        kind = order[last][0]
        gd = m.groupdict()
        try:
            a, c = int(gd["a"]), int(gd["c"])
            if kind == "mon":
                b = _MONTHS.get(gd["b"].lower()[:3])
                if b is None:
                    continue
            else:
                b = int(gd["b"])
            if kind in ("ymd", "c8"):
                yy, mm, dd = a, b, c
            elif kind == "c6":
                yy, mm, dd = 2000 + a, b, c
            elif kind == "mon":
                yy, mm, dd = c, b, a
            else:
                yy, mm, dd = c, b, a  # provisional: day first
                kinds[i] = 1
                ab[i] = (a, b)
            if yy < 100:
                yy += 2000 if yy < 80 else 1900
            hh, mi = int(gd["H"]), int(gd["M"])
            ss = int(gd["S"] or 0)
            ampm = gd.get("ampm")
            if ampm:
                if hh > 12:
                    continue
                hh = hh % 12 + (12 if ampm.lower() == "pm" else 0)
            if not (hh <= 24 and mi < 60 and ss <= 60):
                continue
            frac = float("0." + gd["F"]) if gd["F"] else 0.0
        except (TypeError, ValueError):
            continue
        y[i], mo[i], d[i] = yy, mm, dd
        sec[i] = hh * 3600 + mi * 60 + ss + frac
        zone[i] = _zone_seconds(gd.get("zone"))
        ok[i] = True
    amb = kinds == 1
    if amb.any():
        first, second = ab[amb, 0], ab[amb, 1]
        if dayfirst is None:
            if (first > 12).any():
                dayfirst = True
            elif (second > 12).any():
                dayfirst = False
            else:
                dayfirst = True
                notes.append("dates like 01/02 could be day or month first: read as day first")
        if not dayfirst:
            mo[amb], d[amb] = first, second
    valid = ok & (mo >= 1) & (mo <= 12) & (d >= 1) & (d <= 31)
    naive = np.full(n, np.nan)
    naive[valid] = days_from_civil(y[valid], mo[valid], d[valid]) * 86400.0 + sec[valid]
    return naive, zone, valid, notes


# --------------------------------------------------------------------------------------
# number, unit and coordinate helpers
# --------------------------------------------------------------------------------------

_NUM_UNIT_RE = re.compile(r"^\s*([-+]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][-+]?\d+)?)\s*([A-Za-z/°\"']*)")
SPEED_FACTORS = {
    "m/s": 1.0, "mps": 1.0, "ms": 1.0, "km/h": 1 / 3.6, "kmh": 1 / 3.6, "kph": 1 / 3.6,
    "kmt": 1 / 3.6, "km/t": 1 / 3.6, "mph": 0.44704, "kt": 0.514444, "kn": 0.514444,
    "kts": 0.514444, "knots": 0.514444, "knot": 0.514444,
}
LENGTH_FACTORS = {"m": 1.0, "meter": 1.0, "meters": 1.0, "metres": 1.0, "ft": 0.3048, "feet": 0.3048, "foot": 0.3048}


def _fast_floats(values: Sequence[str]) -> Optional[np.ndarray]:
    try:
        return np.asarray(values, dtype=object).astype(np.float64)
    except (ValueError, TypeError):
        return None


def numbers_with_units(values: Sequence[str], decimal_comma: bool = False) -> Tuple[np.ndarray, Optional[str]]:
    """Leading number of each value (NaN if none) and the unit written after most of them."""
    arr = _fast_floats(values)
    if arr is not None:
        return arr, None
    out = np.full(len(values), np.nan)
    units: Dict[str, int] = {}
    for i, v in enumerate(values):
        m = _NUM_UNIT_RE.match(v)
        if not m:
            continue
        num = m.group(1)
        if "," in num:
            if not decimal_comma and "." in num:
                continue
            num = num.replace(",", ".")
        try:
            out[i] = float(num)
        except ValueError:
            continue
        u = m.group(2).lower()
        if u:
            units[u] = units.get(u, 0) + 1
    unit = max(units, key=units.__getitem__) if units else None
    return out, unit


_HEMI_SIGN = {"N": 1.0, "S": -1.0, "E": 1.0, "W": -1.0, "Ø": 1.0, "O": 1.0, "V": -1.0}
_COORD_NUM_RE = re.compile(r"\d+(?:[.,]\d+)?")


def parse_coordinate(text: str) -> float:
    """Degrees from ``55.3959``, ``-55,3959``, ``31.769598N``, ``N55 23.754``, ``55°23'45.2"N``.

    NaN for an empty value; raises ValueError for text that is not a coordinate.
    """
    s = text.strip().upper()
    if not s:
        return np.nan
    sign = 1.0
    if s[0] in _HEMI_SIGN:
        sign = _HEMI_SIGN[s[0]]
        s = s[1:].strip()
    elif s[-1] in _HEMI_SIGN:
        sign = _HEMI_SIGN[s[-1]]
        s = s[:-1].strip()
    if s.startswith("-"):
        sign = -sign
        s = s[1:].strip()
    elif s.startswith("+"):
        s = s[1:].strip()
    parts = _COORD_NUM_RE.findall(s)
    rest = _COORD_NUM_RE.sub("", s)
    if not parts or len(parts) > 3 or re.search(r"[^\s°'\"′″:DMS]", rest):
        raise ValueError(text)
    nums = [float(p.replace(",", ".")) for p in parts]
    deg = nums[0] + (nums[1] / 60.0 if len(nums) > 1 else 0.0) + (nums[2] / 3600.0 if len(nums) > 2 else 0.0)
    return sign * deg


def coordinate_column(values: Sequence[str]) -> Tuple[np.ndarray, np.ndarray]:
    """Degrees of a coordinate column and a mask of values that could not be parsed."""
    arr = _fast_floats(values)
    if arr is not None:
        return arr, np.zeros(len(values), dtype=bool)
    out = np.full(len(values), np.nan)
    bad = np.zeros(len(values), dtype=bool)
    for i, v in enumerate(values):
        try:
            out[i] = parse_coordinate(v)
        except ValueError:
            bad[i] = True
    return out, bad


_PAIR_RE = re.compile(r"[-+]?\d+\.\d+[NSEW]?|[NSEW]?[-+]?\d+\.\d+", re.I)


def pair_column(values: Sequence[str], lon_first: bool) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(lat, lon, bad)`` from one column holding both (``55.39,10.38``, ``POINT(10.38 55.39)``)."""
    n = len(values)
    lat = np.full(n, np.nan)
    lon = np.full(n, np.nan)
    bad = np.zeros(n, dtype=bool)
    for i, v in enumerate(values):
        s = v.strip()
        if not s:
            continue
        swap = lon_first or s.upper().startswith("POINT")
        nums = _PAIR_RE.findall(s)
        if len(nums) < 2:
            # decimal commas: "55,39 10,38"
            nums = re.findall(r"[-+]?\d+,\d+", s)
            nums = [x.replace(",", ".") for x in nums]
        if len(nums) < 2:
            bad[i] = True
            continue
        try:
            a, b = parse_coordinate(nums[0]), parse_coordinate(nums[1])
        except ValueError:
            bad[i] = True
            continue
        if swap:
            a, b = b, a
        lat[i], lon[i] = a, b
    return lat, lon, bad


# --------------------------------------------------------------------------------------
# header analysis
# --------------------------------------------------------------------------------------


def _norm(h: str) -> Tuple[str, str]:
    """``(base name, unit)`` of a header cell: ``'Altitude (ft)'`` → ``('altitude', 'ft')``."""
    s = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", h.strip().strip('"')).lower()  # camelCase → words
    unit = ""
    m = re.search(r"[(\[]([^)\]]*)[)\]]", s)
    if m:
        unit = m.group(1).strip()
        s = (s[: m.start()] + " " + s[m.end():]).strip()
    s = re.sub(r"[^a-z0-9/æøå]+", " ", s).strip()
    toks = s.split()
    if len(toks) > 1 and toks[-1] in ("m", "ft", "feet", "kmh", "kph", "mph", "kt", "kn", "knots", "mps", "ms", "s", "deg", "e7"):
        unit = unit or toks[-1]
        s = " ".join(toks[:-1])
    return s, unit


_LAT = re.compile(r"^(?:.* )?(?:lat|latitude|breddegrad)(?: n/s| ns| deg| degrees| e7)?$")
_LON = re.compile(r"^(?:.* )?(?:lon|long|lng|longitude|længdegrad)(?: e/w| ew| deg| degrees| e7)?$")
_PAIR_LATLON = {"lat/lon", "lat lon", "latlon", "latlng", "lat/lng", "lat lng", "position", "coordinates",
                "coordinate", "coords", "location", "latitude/longitude", "latitude longitude", "lat/long",
                "koordinater", "geometry", "wkt", "geom", "point"}
_PAIR_LONLAT = {"lon/lat", "lon lat", "lonlat", "lng lat", "lnglat", "lng/lat", "longitude/latitude",
                "longitude latitude", "long/lat"}
_NS = {"n/s", "ns", "lat ref", "latref", "latitude ref", "n s", "hemisphere ns", "lat hemisphere"}
_EW = {"e/w", "ew", "lon ref", "lonref", "longitude ref", "e w", "hemisphere ew", "lon hemisphere"}
_TIME_NAMES = ["utc time", "time utc", "timestamp utc", "gps time", "tracked at", "timestamp", "datetime",
               "date time", "date/time", "time", "utc", "gmt", "recorded at", "created at", "fix time",
               "lcl time", "local time", "time stamp", "gpstime", "epoch", "unix time", "unixtime",
               "epoch ms", "timestamp ms", "time ms", "unix timestamp", "tid", "tidspunkt", "datetimeutc",
               "recorded", "logged at", "date time utc"]
_TIME_EXCLUDE = {"elapsed", "duration", "dwell", "delta", "moving", "total", "zone", "offset", "ofst", "ttff", "lap"}
_DATE_NAMES = ["utc date", "date", "lcl date", "local date", "gmt date", "gps date", "day", "dato"]
_OFFSET_NAMES = {"utcofst", "utc ofst", "utc offset", "utcoffset", "tz", "timezone", "time zone",
                 "tz offset", "zone", "offset", "gmt offset"}
_PART_NAMES = ["participant", "participant id", "user id", "userid", "user", "device id", "deviceid", "device",
               "device serial", "serial", "serial number", "imei", "tracker", "tracker id", "person",
               "person id", "subject", "subject id", "individual id", "deltager", "id"]
_ELE_NAMES = ["altmsl", "alt msl", "altitude msl", "ele", "elevation", "altitude", "alt", "gps altitude",
              "altgps", "alt gps", "height", "hae", "højde"]
_SPEED_NAMES = ["speed", "gndspd", "gnd spd", "ground speed", "groundspeed", "speed over ground", "sog",
                "velocity", "spd", "hastighed"]
_HDOP_NAMES = ["hdop"]
_SATS_NAMES = ["sats", "satellites", "nsat", "num sats", "numsats", "nsats", "sat", "satellites used",
               "sats used", "sat used", "numsv", "gps sats"]
_VALID_NAMES = ["valid", "fix", "fix status", "gpsfix", "gps fix", "fix type", "fixtype", "status", "fix mode",
                "quality", "fix quality"]
_NO_FIX_VALUES = {"no fix", "nofix", "no_fix", "none", "invalid", "no", "v", "false", "nosoln", "no soln",
                  "no solution", "not fixed", "0", "n/a", "nf", "void", "no gps"}


def _first(names: Sequence[str], bases: List[str], taken: set) -> int:
    for name in names:
        for i, b in enumerate(bases):
            if b == name and i not in taken:
                return i
    return -1


class _Layout:
    """Which column plays which role (indices into the header; -1 = none)."""

    def __init__(self) -> None:
        self.col: Dict[str, int] = {r: -1 for r in ROLES}
        self.pair = -1
        self.pair_lon_first = False
        self.ns = -1
        self.ew = -1
        self.offset = -1
        self.valid = -1
        self.units: Dict[str, str] = {}
        self.lat_e7 = False
        self.lon_e7 = False


def analyse_header(header: List[str], unit_row: Optional[List[str]], mapping: Dict[str, str]) -> _Layout:
    """Assign roles to the header cells (``mapping`` first, then names)."""
    raw = [h.strip().strip('"') for h in header]
    normed = [_norm(h) for h in header]
    bases = [b for b, _ in normed]
    lay = _Layout()
    taken: set = set()
    lower = [r.lower() for r in raw]
    for role, colname in (mapping or {}).items():
        role = role.lower().strip()
        if role not in ROLES:
            raise ReaderError(f"CSV mapping: unknown role '{role}' (use one of {', '.join(ROLES)})")
        key = str(colname).strip().lower()
        idx = lower.index(key) if key in lower else (bases.index(_norm(key)[0]) if _norm(key)[0] in bases else -1)
        if idx < 0:
            raise ReaderError(f"CSV mapping: column '{colname}' for {role} is not in the header ({', '.join(raw)})")
        lay.col[role] = idx
        taken.add(idx)
    if lay.col["lat"] >= 0 and lay.col["lat"] == lay.col["lon"]:
        lay.pair = lay.col["lat"]
        lay.col["lat"] = lay.col["lon"] = -1
    mapped = {r for r, c in lay.col.items() if c >= 0} | ({"lat", "lon"} if lay.pair >= 0 else set())

    def want(role: str) -> bool:
        return role not in mapped

    if want("lat") and want("lon"):
        lat_i = next((i for i, b in enumerate(bases) if i not in taken and _LAT.match(b)), -1)
        lon_i = next((i for i, b in enumerate(bases) if i not in taken and _LON.match(b)), -1)
        if lat_i >= 0 and lon_i >= 0:
            lay.col["lat"], lay.col["lon"] = lat_i, lon_i
            taken |= {lat_i, lon_i}
        else:
            for i, b in enumerate(bases):
                if i in taken:
                    continue
                if b in _PAIR_LATLON or b in _PAIR_LONLAT:
                    lay.pair, lay.pair_lon_first = i, b in _PAIR_LONLAT
                    taken.add(i)
                    break
    elif want("lat") or want("lon"):
        role = "lat" if want("lat") else "lon"
        rx = _LAT if role == "lat" else _LON
        lay.col[role] = next((i for i, b in enumerate(bases) if i not in taken and rx.match(b)), -1)
        taken.add(lay.col[role])
    for role in ("lat", "lon"):
        i = lay.col[role]
        if i >= 0 and ("e7" in bases[i].split() or normed[i][1] == "e7" or raw[i].lower().endswith("e7")):
            setattr(lay, role + "_e7", True)
    lay.ns = next((i for i, b in enumerate(bases) if i not in taken and b in _NS), -1)
    lay.ew = next((i for i, b in enumerate(bases) if i not in taken and b in _EW), -1)
    taken |= {lay.ns, lay.ew}
    if want("date"):
        lay.col["date"] = _first(_DATE_NAMES, bases, taken)
        taken.add(lay.col["date"])
    if want("time"):
        i = _first(_TIME_NAMES, bases, taken)
        if i < 0:
            i = next((j for j, b in enumerate(bases) if j not in taken
                      and set(b.split()) & {"time", "timestamp", "datetime", "tid"}
                      and not set(b.split()) & _TIME_EXCLUDE), -1)
        lay.col["time"] = i
        taken.add(i)
    lay.offset = next((i for i, b in enumerate(bases) if i not in taken and b in _OFFSET_NAMES), -1)
    taken.add(lay.offset)
    for role, names in (("participant", _PART_NAMES), ("ele", _ELE_NAMES), ("speed", _SPEED_NAMES),
                        ("hdop", _HDOP_NAMES), ("sats", _SATS_NAMES)):
        if want(role):
            lay.col[role] = _first(names, bases, taken)
            taken.add(lay.col[role])
    lay.valid = _first(_VALID_NAMES, bases, taken)
    for role in ("ele", "speed", "time"):
        i = lay.col[role]
        if i < 0:
            continue
        u = normed[i][1]
        if unit_row is not None and i < len(unit_row) and not u:
            u = unit_row[i].strip().lower()
        lay.units[role] = u
    return lay


# --------------------------------------------------------------------------------------
# file structure
# --------------------------------------------------------------------------------------


def _split(lines: Sequence[str], delim: str) -> List[List[str]]:
    """One list of cells per line, always exactly ``len(lines)`` rows.

    One ``csv.reader`` over all lines is the fast path; but a stray quote makes it join the
    following lines into one field and a bare CR inside a line makes it raise, so then every
    line is split on its own (an unreadable line becomes a plain split at the delimiter).
    """
    try:
        rows = list(csv.reader(lines, delimiter=delim, quotechar='"', skipinitialspace=True))
        if len(rows) == len(lines):
            return rows
    except csv.Error:
        pass
    out: List[List[str]] = []
    for ln in lines:
        try:
            r = list(csv.reader([ln.replace("\r", " ").replace("\n", " ")], delimiter=delim, quotechar='"',
                                skipinitialspace=True))
        except csv.Error:
            r = []
        out.append(r[0] if len(r) == 1 else ln.split(delim))
    return out


def choose_delimiter(lines: Sequence[str]) -> Optional[str]:
    """The delimiter giving the same number (≥ 2) of fields on most of the sample lines."""
    best, best_score = None, 0.0
    sample = [ln for ln in lines[:60] if ln.strip()]
    if not sample:
        return None
    for d in DELIMITERS:
        try:
            rows = _split(sample, d)
        except csv.Error:
            continue
        counts = [len([c for c in r]) for r in rows]
        if not counts or max(counts) < 2:
            continue
        hdr = counts[0]
        if hdr < 2:
            continue
        same = sum(1 for c in counts[1:] if abs(c - hdr) <= 1) / max(1, len(counts) - 1) if len(counts) > 1 else 1.0
        score = same * 10 + min(hdr, 30) / 30.0
        if score > best_score:
            best, best_score = d, score
    return best if best_score >= 5 else None


def _is_comment(line: str) -> bool:
    s = line.lstrip()
    return s.startswith("#") or s.startswith("//")


def _looks_like_header(cells: List[str]) -> bool:
    named = 0
    for c in cells:
        c = c.strip().strip('"')
        if not c:
            continue
        if re.match(r"^[-+]?[\d.,:/ TZ+-]+[NSEW]?$", c, re.I):
            continue
        if re.search(r"[A-Za-zæøåÆØÅ]", c):
            named += 1
    return named >= max(1, len([c for c in cells if c.strip()]) // 2)


def structure(text: str) -> Tuple[Optional[str], int, List[str], Optional[List[str]], List[Tuple[int, str]]]:
    """``(delimiter, header line number, header cells, unit row, data lines)`` of a text file."""
    lines = text.replace("\x00", "").splitlines()
    meta: List[str] = []
    start = -1
    for i, ln in enumerate(lines):
        if not ln.strip():
            continue
        if _is_comment(ln):
            meta.append(ln)
            continue
        start = i
        break
    if start < 0:
        return None, 0, [], None, []
    delim = choose_delimiter(lines[start:start + 60])
    if delim is None:
        return None, start + 1, [], None, []
    header = _split([lines[start]], delim)[0]
    unit_row = None
    if meta:
        last = meta[-1].lstrip()[1:]
        cells = _split([last], delim)[0]
        if abs(len(cells) - len(header)) <= 1:
            unit_row = cells
    data = [(i + 1, lines[i]) for i in range(start + 1, len(lines))]
    return delim, start + 1, header, unit_row, data


# --------------------------------------------------------------------------------------
# sniff / read
# --------------------------------------------------------------------------------------


def sniff(head: bytes, name: str) -> int:
    """70–80 for delimited text whose header names coordinates; 5–10 for other delimited text."""
    ctrl = sum(1 for b in head[:4096] if b < 32 and b not in (0, 9, 10, 13))
    if ctrl > 4:  # binary (FIT, shapefile...), not text
        return 0
    try:
        text = decode_text(head)
    except Exception:
        return 0
    text = text.replace("\x00", "")
    first = text.lstrip()[:64]
    if not first or first[0] in "<{[$!" or first.lower().startswith(("geolife trajectory", "oziexplorer")):
        return 0
    lines = text.splitlines()
    if len(lines) > 2:
        lines = lines[:-1]  # the last line of a head may be cut short
    body = [ln for ln in lines if ln.strip() and not _is_comment(ln)]
    if not body:
        return 0
    if sum(1 for ln in body[:20] if ln.lstrip().startswith("$")) > len(body[:20]) // 2:
        return 0
    delim = choose_delimiter(body)
    if delim is None:
        return 0
    header = _split([body[0]], delim)[0]
    ext = os.path.splitext(name)[1].lower()
    base = 10 if ext in (".csv", ".tsv", ".txt") else 5
    if not _looks_like_header(header):
        return base
    try:
        lay = analyse_header(header, None, {})
    except ReaderError:
        return base
    has_pos = (lay.col["lat"] >= 0 and lay.col["lon"] >= 0) or lay.pair >= 0
    if has_pos:
        return 80 if (lay.col["time"] >= 0 or lay.col["date"] >= 0) else 70
    return base


def _cells(rows: List[List[str]], idx: int) -> List[str]:
    if idx < 0:
        return []
    return [r[idx].strip().strip('"').strip() if idx < len(r) else "" for r in rows]


def _epoch_scale(vals: np.ndarray, unit: str, name: str) -> Optional[float]:
    """Seconds per unit of a numeric time column (None when it is not an epoch column)."""
    fin = vals[np.isfinite(vals)]
    if fin.size == 0:
        return None
    med = float(np.median(np.abs(fin)))
    if unit in ("ms",) or "ms" in name.split() or "millis" in name:
        return 1e-3
    if med > 1e17:
        return 1e-9
    if med > 1e14:
        return 1e-6
    if med > 1e11:
        return 1e-3
    if med > 1e8:
        return 1.0
    return None


def read(path: str, data: bytes, opts: ReaderOptions) -> ReadResult:
    """Read a delimited logger export (see the module docstring); every data row is accounted for."""
    name = os.path.basename(path)
    res = ReadResult(file=path, format=TrackFormat.CSV.value)
    text = decode_text(data)
    delim, hdr_line, header, unit_row, data_lines = structure(text)
    if delim is None or not header:
        raise ReaderError("Not a delimited tracker file: no header line with ',', ';', tab or '|' separated columns")
    if not _looks_like_header(header) and not opts.csv_mapping:
        raise ReaderError(
            "The CSV has no header row naming its columns; add one (e.g. time,latitude,longitude) "
            "or name the columns with the CSV mapping")
    names = [h.strip().strip('"') for h in header]
    lay = analyse_header(header, unit_row, opts.csv_mapping)
    bases = [_norm(h)[0] for h in header]
    if not ((lay.col["lat"] >= 0 and lay.col["lon"] >= 0) or lay.pair >= 0):
        _xy_as_degrees(lay, bases, data_lines, delim, res)
    if not ((lay.col["lat"] >= 0 and lay.col["lon"] >= 0) or lay.pair >= 0):
        low = set(bases)
        if {"start time", "end time", "transportation mode"} <= low:
            raise ReaderError("This is a GeoLife transport-mode labels file, not a track (no coordinates)")
        hint = ""
        if {"x", "y"} & low or {"easting", "northing"} & low:
            hint = (" It has x/y columns: projected map coordinates of points, not a GPS log"
                    " (tracker files need WGS84 latitude/longitude and a time per row).")
        raise ReaderError(
            "No latitude/longitude columns found (columns: " + ", ".join(names) + ")." + hint +
            " If the file is a track, name its columns with the CSV mapping.")

    # rows ---------------------------------------------------------------------------
    body = [(ln, s) for ln, s in data_lines if s.strip() and not _is_comment(s)]
    rows = _split([s for _, s in body], delim)
    line_no = np.array([ln for ln, _ in body], dtype=np.int64)
    hdr_norm = [h.strip() for h in header]
    keep_rows = np.array([[c.strip() for c in r] != hdr_norm for r in rows], dtype=bool)
    if not keep_rows.all():  # repeated header lines (concatenated exports) are not records
        rows = [r for r, k in zip(rows, keep_rows) if k]
        line_no = line_no[keep_rows]
    n = len(rows)
    if n == 0:
        res.notes.append("the file has a header but no data rows")
        return res
    needed = max(i for i in [lay.col["lat"], lay.col["lon"], lay.pair] if i is not None)
    short = np.array([len(r) <= needed for r in rows], dtype=bool)
    decimal_comma = delim != ","

    # coordinates ----------------------------------------------------------------------
    if lay.pair >= 0:
        lat, lon, bad_pos = pair_column(_cells(rows, lay.pair), lay.pair_lon_first)
    else:
        lat, bad_lat = coordinate_column(_cells(rows, lay.col["lat"]))
        lon, bad_lon = coordinate_column(_cells(rows, lay.col["lon"]))
        bad_pos = bad_lat | bad_lon
        if lay.lat_e7:
            lat = lat / 1e7
        if lay.lon_e7:
            lon = lon / 1e7
    for idx, arr in ((lay.ns, "lat"), (lay.ew, "lon")):
        if idx >= 0:
            hemi = np.array([v[:1].upper() for v in _cells(rows, idx)], dtype=object)
            neg = (hemi == "S") | (hemi == "W") | (hemi == "V")
            if arr == "lat":
                lat = np.where(neg, -np.abs(lat), lat)
            else:
                lon = np.where(neg, -np.abs(lon), lon)

    # time ---------------------------------------------------------------------------
    tz = opts.tzinfo()
    t_idx, d_idx = lay.col["time"], lay.col["date"]
    time_s = np.full(n, np.nan)
    bad_time = np.zeros(n, dtype=bool)
    tname = bases[t_idx] if t_idx >= 0 else ""
    utc_named = any(w in (tname + " " + (bases[d_idx] if d_idx >= 0 else "")).split() for w in ("utc", "gmt", "z"))
    columbus = "tag" in bases and ("vox" in bases or "fix mode" in bases)
    if t_idx < 0 and d_idx < 0:
        res.notes.append("no time column found (columns: " + ", ".join(names) + ")")
    else:
        tvals = _cells(rows, t_idx) if t_idx >= 0 else [""] * n
        dvals = _cells(rows, d_idx) if d_idx >= 0 else None
        numeric = _fast_floats([v for v in tvals if v]) if t_idx >= 0 and dvals is None else None
        scale = None
        if numeric is not None and numeric.size:
            scale = _epoch_scale(numeric, lay.units.get("time", ""), tname)
        if scale is not None:
            tv, _ = numbers_with_units(tvals)
            time_s = tv * scale
            bad_time = np.array([bool(v) for v in tvals]) & ~np.isfinite(time_s)
        else:
            if dvals is not None and t_idx >= 0:
                probe = [v for v in tvals if v][:20]
                if probe and parse_datetimes(probe)[2].all():
                    dvals = None  # the time column holds full date-times already
            if dvals is not None:
                combo = [(d + " " + t).strip() if (d and t) else "" for d, t in zip(dvals, tvals)] if t_idx >= 0 else dvals
                present = np.array([bool(d) or bool(t) for d, t in zip(dvals, tvals)])
            else:
                combo = tvals
                present = np.array([bool(v) for v in tvals])
            naive, zone, ok, tnotes = parse_datetimes(combo)
            res.notes.extend(tnotes)
            if lay.offset >= 0:
                offs = np.array([_offset_value(v) for v in _cells(rows, lay.offset)], dtype=np.float64)
                zone = np.where(np.isfinite(zone), zone, offs)
            has_zone = np.isfinite(zone)
            naive_rows = ok & ~has_zone
            time_s = np.where(has_zone, naive - np.where(has_zone, zone, 0.0), np.nan)
            if naive_rows.any():
                if utc_named or columbus or tz is None:
                    time_s[naive_rows] = naive[naive_rows]
                    if not (utc_named or columbus):
                        res.notes.append("times had no zone and were read as UTC (set TIMEZONE if they are local)")
                else:
                    time_s[naive_rows] = local_to_utc(naive[naive_rows], tz)
                    res.used_timezone = True
            bad_time = present & ~ok

    # other columns ------------------------------------------------------------------------
    ele = speed = hdop = sats = None
    if lay.col["ele"] >= 0:
        ele, vu = numbers_with_units(_cells(rows, lay.col["ele"]), decimal_comma)
        ele = ele * _factor(lay.units.get("ele", ""), vu, LENGTH_FACTORS, 1.0)
        if bases[lay.col["ele"]] in ("altitude", "alt", "ele", "elevation"):
            ele = np.where(ele == -777.0, np.nan, ele)
    if lay.col["speed"] >= 0:
        speed, vu = numbers_with_units(_cells(rows, lay.col["speed"]), decimal_comma)
        # logger exports (Columbus V-900; MTK / Holux / Qstarz: INDEX with N/S and E/W columns)
        # write km/h without a unit
        mtk_style = "index" in bases and lay.ns >= 0 and lay.ew >= 0
        default = 1 / 3.6 if columbus or mtk_style else 1.0
        speed = speed * _factor(lay.units.get("speed", ""), vu, SPEED_FACTORS, default)
    if lay.col["hdop"] >= 0:
        hdop, _ = numbers_with_units(_cells(rows, lay.col["hdop"]), decimal_comma)
    if lay.col["sats"] >= 0:
        sats, _ = numbers_with_units(_cells(rows, lay.col["sats"]), decimal_comma)

    # participant --------------------------------------------------------------------------
    part = None
    pi = lay.col["participant"]
    if pi >= 0:
        pvals = np.array(_cells(rows, pi), dtype=object)
        uniq = set(pvals.tolist()) - {""}
        if bases[pi] == "id" and "participant" not in {k.lower() for k in (opts.csv_mapping or {})} \
                and len(uniq) > max(1, n // 2):
            uniq = set()  # a running row id, not a person
        if len(uniq) == 1:
            res.participant = uniq.pop()
        elif len(uniq) > 1:
            part = pvals
            res.notes.append(f"{len(uniq)} participants in one file (column {names[pi]})")

    # no-fix rows --------------------------------------------------------------------------
    no_fix = np.zeros(n, dtype=bool)
    if lay.valid >= 0:
        vv = np.array([v.lower() for v in _cells(rows, lay.valid)], dtype=object)
        no_fix = np.isin(vv, list(_NO_FIX_VALUES))

    # reasons: one per row, first match wins ---------------------------------------------------
    rej_parse = short | (bad_pos & ~short)
    rej_nofix = no_fix & ~rej_parse
    rej_time = bad_time & ~rej_parse & ~rej_nofix
    res.reject(RejectReason.PARSE_ERROR, int(rej_parse.sum()))
    res.reject(RejectReason.NO_FIX, int(rej_nofix.sum()))
    res.reject(RejectReason.BAD_TIME, int(rej_time.sum()))
    keep = ~(rej_parse | rej_nofix | rej_time)
    if int(rej_time.sum()):
        res.notes.append(f"{int(rej_time.sum())} times could not be read")

    def k(a):
        return None if a is None else np.asarray(a)[keep]

    src = SourceRefs.of_file(f"{name}:", line_no[keep])
    res.fixes = Fixes.from_columns(
        time_s=time_s[keep], lat=lat[keep], lon=lon[keep], participant=k(part),
        ele_m=k(ele), speed_mps=k(speed), hdop=k(hdop), sats=k(sats), source=src,
    )
    return res


def _xy_as_degrees(lay: _Layout, bases: List[str], data_lines: List[Tuple[int, str]], delim: str,
                   res: ReadResult) -> None:
    """Use ``x``/``y`` columns as longitude/latitude when the file has times and the values are degrees.

    (A GIS export of a fixes layer in EPSG:4326.) Projected x/y such as EPSG:25832 metres stay
    unused, and the caller reports the file as not a tracker log.
    """
    xi = next((i for i, b in enumerate(bases) if b in ("x", "xcoord", "x coord", "point x")), -1)
    yi = next((i for i, b in enumerate(bases) if b in ("y", "ycoord", "y coord", "point y")), -1)
    if xi < 0 or yi < 0 or (lay.col["time"] < 0 and lay.col["date"] < 0):
        return
    sample = _split([s for _, s in data_lines if s.strip() and not _is_comment(s)][:200], delim)
    xs = _fast_floats(_cells(sample, xi))
    ys = _fast_floats(_cells(sample, yi))
    if xs is None or ys is None or xs.size == 0:
        return
    if np.all(np.abs(xs) <= 180.0) and np.all(np.abs(ys) <= 90.0):
        lay.col["lon"], lay.col["lat"] = xi, yi
        res.notes.append("x/y columns read as longitude/latitude in WGS84 degrees")


def _offset_value(v: str) -> float:
    """Seconds east of UTC from ``+01:00``, ``-0600``, ``+2``, ``UTC+1``; NaN if empty/unreadable."""
    s = v.strip().upper().replace("UTC", "").replace("GMT", "").strip()
    if not s:
        return np.nan
    m = re.match(r"^([+-])?(\d{1,2})(?::?(\d{2}))?$", s)
    if not m:
        return np.nan
    sign = -1.0 if m.group(1) == "-" else 1.0
    return sign * (int(m.group(2)) * 3600.0 + int(m.group(3) or 0) * 60.0)


def _factor(header_unit: str, value_unit: Optional[str], table: Dict[str, float], default: float) -> float:
    """Conversion factor to SI from the unit in the header / unit row or after the values."""
    for u in (value_unit or "", header_unit or ""):
        u = u.strip().lower()
        if not u:
            continue
        if u in table:
            return table[u]
        first = u.split()[0]
        if first in table:
            return table[first]
    return default
