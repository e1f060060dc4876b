"""Helpers shared by every reader: text decoding, time parsing, options."""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from typing import Dict, Optional

import numpy as np

try:  # Python 3.9+
    from zoneinfo import ZoneInfo
except ImportError:  # pragma: no cover
    ZoneInfo = None  # type: ignore

from ..exceptions import ParameterError

EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)


@dataclass
class ReaderOptions:
    """Options every reader receives.

    ``timezone``: IANA name (``Europe/Copenhagen``) or fixed offset (``+01:00``) applied to
    times that carry no zone; ``None`` means UTC. ``date``: ``YYYY-MM-DD`` for NMEA logs with
    GGA only and no ZDA. ``csv_mapping``: column overrides, e.g. ``{"lat": "Latitude",
    "time": "Timestamp"}``. ``max_hdop``: reject fixes with a larger HDOP (None = keep).
    ``participant_key``: ``auto`` / ``file`` / ``folder``.
    """

    timezone: Optional[str] = None
    date: Optional[str] = None
    csv_mapping: Dict[str, str] = field(default_factory=dict)
    max_hdop: Optional[float] = None
    participant_key: str = "auto"
    max_gap_s: float = 300.0
    now_s: Optional[float] = None  # "the future" starts here; None = the clock at import

    def tzinfo(self) -> Optional[_dt.tzinfo]:
        """The tzinfo for zone-less times, or None for UTC."""
        return parse_timezone(self.timezone)


_OFFSET_RE = re.compile(r"^(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$", re.I)


def days_from_civil(y: np.ndarray, m: np.ndarray, d: np.ndarray) -> np.ndarray:
    """Days since 1970-01-01 of proleptic Gregorian dates (vectorised, integer arrays)."""
    y = np.asarray(y, dtype=np.int64) - (np.asarray(m) <= 2)
    m = np.asarray(m, dtype=np.int64)
    d = np.asarray(d, dtype=np.int64)
    era = np.floor_divide(y, 400)
    yoe = y - era * 400
    mp = (m + 9) % 12
    doy = (153 * mp + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def parse_timezone(name: Optional[str]) -> Optional[_dt.tzinfo]:
    """``None``/``''``/``UTC`` → None; ``+01:00``/``-0600``/``UTC+2`` → fixed; else IANA name."""
    if name is None:
        return None
    s = str(name).strip()
    if not s or s.upper() in ("UTC", "Z", "GMT"):
        return None
    m = _OFFSET_RE.match(s)
    if m:
        sign = -1 if m.group(1) == "-" else 1
        minutes = int(m.group(2)) * 60 + int(m.group(3) or 0)
        return _dt.timezone(sign * _dt.timedelta(minutes=minutes))
    if ZoneInfo is None:
        raise ParameterError(f"Time zone '{s}' cannot be used on this Python")
    try:
        return ZoneInfo(s)
    except Exception as exc:  # zoneinfo raises several kinds
        raise ParameterError(
            f"Unknown time zone '{s}': use a name such as Europe/Copenhagen or an offset such as +01:00"
        ) from exc


def decode_text(data: bytes) -> str:
    """Decode a text file: UTF-8 (with/without BOM), UTF-16 LE/BE by BOM or NUL pattern, else Latin-1."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        return data.decode("utf-16", errors="replace")
    head = data[:2000]
    if len(head) >= 4 and head[1:2] == b"\x00" and head[3:4] == b"\x00":
        return data.decode("utf-16-le", errors="replace")
    if len(head) >= 4 and head[0:1] == b"\x00" and head[2:3] == b"\x00":
        return data.decode("utf-16-be", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def to_epoch_s(d: _dt.datetime, tz: Optional[_dt.tzinfo] = None) -> float:
    """Seconds since the epoch (UTC). Naive datetimes are in ``tz`` (None = UTC)."""
    if d.tzinfo is None:
        if tz is None:
            d = d.replace(tzinfo=_dt.timezone.utc)
        elif hasattr(tz, "utcoffset") and not isinstance(tz, _dt.timezone):
            d = d.replace(tzinfo=tz)  # zoneinfo: fold=0 for ambiguous times
        else:
            d = d.replace(tzinfo=tz)
    return (d - EPOCH).total_seconds()


_ISO_RE = re.compile(
    r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*"
    r"(Z|[+-]\d{2}(?::?\d{2})?)?\s*$",
    re.I,
)


def parse_iso_time(text: str, tz: Optional[_dt.tzinfo] = None):
    """Parse an ISO 8601 date-time into epoch seconds (float).

    Accepts ``Z``, ``+01:00``, ``-0600``, ``+01``, any number of fractional digits (``,`` or
    ``.``), a space instead of ``T``. Returns ``(seconds, had_zone)`` or ``(None, False)`` when
    the text is not a date-time. Zone-less times are in ``tz`` (None = UTC).
    """
    m = _ISO_RE.match(text or "")
    if not m:
        return None, False
    y, mo, d, h, mi, s, frac, zone = m.groups()
    try:
        base = _dt.datetime(int(y), int(mo), int(d), int(h), int(mi), int(s or 0))
    except ValueError:
        return None, False
    fr = float("0." + frac) if frac else 0.0
    if zone:
        if zone.upper() == "Z":
            off = 0
        else:
            sign = -1 if zone[0] == "-" else 1
            digits = zone[1:].replace(":", "")
            off = sign * (int(digits[:2]) * 3600 + (int(digits[2:4]) * 60 if len(digits) > 2 else 0))
        return (base.replace(tzinfo=_dt.timezone.utc) - EPOCH).total_seconds() - off + fr, True
    return to_epoch_s(base, tz) + fr, False
