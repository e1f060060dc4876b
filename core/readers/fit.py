"""Reader for Garmin/ANT FIT activity files (needs the ``fitdecode`` package).

Every ``record`` message is one record: positions in semicircles (× 180 / 2³¹ → degrees),
``enhanced_altitude``/``altitude`` in metres, ``enhanced_speed``/``speed`` in m/s.

* Records without a position → ``no_position`` (watches without GPS, swims, foot pods).
* Timestamps below 0x10000000 are device-relative (seconds since the device was switched on).
  They are resolved with a message carrying both an absolute ``timestamp`` and a
  ``system_timestamp`` (``timestamp_correlation``); without one the file is reported as having
  "no absolute time" and those records are rejected as ``bad_time``.
* Chained files (several FIT headers in one file) are all read.
* A truncated or corrupt file keeps every good record before the break; the message says where
  decoding stopped.
* The ``file_id`` serial number becomes the participant key.
"""
from __future__ import annotations

import datetime as _dt
import io
import os
import warnings
from typing import List, Optional

import numpy as np

from ..definitions import RejectReason, TrackFormat
from ..exceptions import ReaderError
from ..fixes import Fixes, ReadResult, SourceRefs
from .common import ReaderOptions

SEMICIRCLE_DEG = 180.0 / 2 ** 31
FIT_DATETIME_MIN = 0x10000000
FIT_EPOCH_S = 631065600.0  # 1989-12-31T00:00:00Z
PLACEHOLDER_SERIALS = {0, 0xFFFFFFFF, 0x7FFFFFFF}


def sniff(head: bytes, name: str) -> int:
    """100 for a FIT file header (size 12 or 14, ``.FIT`` signature)."""
    if len(head) >= 12 and head[0] in (12, 14) and head[8:12] == b".FIT":
        return 100
    return 0


def _value(msg, *names):
    for nm in names:
        try:
            if msg.has_field(nm):
                v = msg.get_value(nm)
                if v is not None:
                    return v
        except (KeyError, ValueError, TypeError):
            continue
    return None


def _epoch(v) -> float:
    """Epoch seconds of a fitdecode timestamp value; relative (int) values stay device seconds."""
    if isinstance(v, _dt.datetime):
        if v.tzinfo is None:
            v = v.replace(tzinfo=_dt.timezone.utc)
        return v.timestamp()
    return np.nan


def read(path: str, data: bytes, opts: ReaderOptions) -> ReadResult:
    """Read every ``record`` of a (possibly chained, truncated or corrupt) FIT file."""
    try:
        import fitdecode
    except ImportError as exc:
        raise ReaderError(
            "FIT files need the Python package 'fitdecode', which is not installed "
            "(install it into the Python that QGIS uses, e.g. 'pip install fitdecode')") from exc
    name = os.path.basename(path)
    res = ReadResult(file=path, format=TrackFormat.FIT.value)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = _decode(fitdecode, data)
    (t_abs, t_rel, lat, lon, ele, spd, serial, offset_s, headers, stopped) = out
    if caught:
        res.notes.append(f"{len(caught)} decoder warnings (damaged or unknown message definitions)")
    if serial is not None:
        res.participant = str(serial)
    n = len(lat)
    if headers > 1:
        res.notes.append(f"{headers} FIT files chained in one: all read")
    if stopped:
        res.notes.append(f"file is truncated or corrupt: decoding stopped after {n} records ({stopped}); "
                         "the records before the break were kept")
    if n == 0:
        return res
    ta, tr = np.array(t_abs), np.array(t_rel)
    la_, lo_ = np.array(lat), np.array(lon)
    relative = np.isfinite(tr)
    time_s = ta.copy()
    bad_time = np.zeros(n, dtype=bool)
    if relative.any():
        if offset_s is not None:
            time_s[relative] = tr[relative] + offset_s
            res.notes.append(f"{int(relative.sum())} device-relative times resolved with the time correlation message")
        else:
            bad_time = relative
            res.notes.append(f"no absolute time: {int(relative.sum())} records have device-relative timestamps "
                             "and no message to convert them")
    no_time = ~np.isfinite(time_s) & ~bad_time
    no_pos = ~(np.isfinite(la_) & np.isfinite(lo_))
    if no_pos.all():
        res.notes.append("no record has a position (a device without GPS?)")
    # one reason per record, time first (as in the shared checks)
    rej_bad = bad_time
    rej_none = no_time & ~rej_bad
    rej_pos = no_pos & ~rej_bad & ~rej_none
    res.reject(RejectReason.BAD_TIME, int(rej_bad.sum()))
    res.reject(RejectReason.NO_TIME, int(rej_none.sum()))
    res.reject(RejectReason.NO_POSITION, int(rej_pos.sum()))
    keep = ~(rej_bad | rej_none | rej_pos)
    idx = np.nonzero(keep)[0]
    src = SourceRefs.of_file(f"{name}:record ", np.asarray(idx, dtype=np.int64) + 1)
    res.fixes = Fixes.from_columns(time_s=time_s[keep], lat=la_[keep], lon=lo_[keep],
                                   ele_m=np.array(ele)[keep], speed_mps=np.array(spd)[keep], source=src)
    return res


def _decode(fitdecode, data: bytes):
    """Walk the frames; stop (keeping what was read) at the first decoding error."""
    t_abs: List[float] = []
    t_rel: List[float] = []
    lat: List[float] = []
    lon: List[float] = []
    ele: List[float] = []
    spd: List[float] = []
    serial: Optional[int] = None
    offset_s: Optional[float] = None
    headers = 0
    stopped: Optional[str] = None
    reader = fitdecode.FitReader(io.BytesIO(data), check_crc=fitdecode.CrcCheck.DISABLED,
                                 error_handling=fitdecode.ErrorHandling.IGNORE)
    it = iter(reader)
    while True:
        try:
            frame = next(it)
        except StopIteration:
            break
        except Exception as exc:  # fitdecode raises FitError, ValueError, struct.error... on bad bytes
            stopped = f"{type(exc).__name__}: {exc}"
            break
        if isinstance(frame, fitdecode.FitHeader):
            headers += 1
            continue
        if not isinstance(frame, fitdecode.FitDataMessage):
            continue
        mname = frame.name
        if mname == "record":
            ts = _value(frame, "timestamp")
            if isinstance(ts, _dt.datetime):
                t_abs.append(_epoch(ts))
                t_rel.append(np.nan)
            elif isinstance(ts, (int, float)):
                t_abs.append(np.nan)
                t_rel.append(float(ts))
            else:
                t_abs.append(np.nan)
                t_rel.append(np.nan)
            la, lo = _value(frame, "position_lat"), _value(frame, "position_long")
            ok = isinstance(la, (int, float)) and isinstance(lo, (int, float))
            lat.append(la * SEMICIRCLE_DEG if ok else np.nan)
            lon.append(lo * SEMICIRCLE_DEG if ok else np.nan)
            e = _value(frame, "enhanced_altitude", "altitude")
            ele.append(round(float(e), 3) if isinstance(e, (int, float)) else np.nan)
            s = _value(frame, "enhanced_speed", "speed")
            spd.append(float(s) if isinstance(s, (int, float)) else np.nan)
        elif mname == "file_id" and serial is None:
            sn = _value(frame, "serial_number")
            if isinstance(sn, int) and sn not in PLACEHOLDER_SERIALS:
                serial = sn
        elif offset_s is None:
            ts, sys_ts = _value(frame, "timestamp"), _value(frame, "system_timestamp")
            if isinstance(ts, _dt.datetime) and isinstance(sys_ts, (int, float)):
                offset_s = _epoch(ts) - float(sys_ts)
    return t_abs, t_rel, lat, lon, ele, spd, serial, offset_s, headers, stopped
