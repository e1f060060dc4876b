"""The fix table: columnar numpy arrays for GPS fixes, and the steps every reader shares.

Units: times are float64 seconds since 1970-01-01 UTC (``time_s``), coordinates are
WGS84 degrees, ``ele_m`` metres, ``speed_mps`` metres per second, ``dwell_s`` seconds.
Missing values are NaN in float columns.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, fields
from typing import Dict, List, Optional

import numpy as np

from .definitions import RejectReason

DEFAULT_MAX_GAP_S = 300.0
"""Gap (seconds) above which a track is split into a new segment and dwell time is capped."""

FLOAT_COLUMNS = ("time_s", "lat", "lon", "ele_m", "speed_mps", "hdop", "sats", "dwell_s")


@dataclass
class Fixes:
    """Columnar GPS fixes. All arrays have the same length.

    ``participant`` and ``source`` are object arrays of ``str``; ``segment`` is int32;
    ``sats`` is float64 so that it can hold NaN (written as an integer field).
    """

    participant: np.ndarray
    time_s: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    ele_m: np.ndarray
    speed_mps: np.ndarray
    hdop: np.ndarray
    sats: np.ndarray
    source: np.ndarray
    segment: np.ndarray
    dwell_s: np.ndarray

    def __len__(self) -> int:
        return int(self.time_s.shape[0])

    @classmethod
    def empty(cls) -> "Fixes":
        return cls.from_columns(time_s=[], lat=[], lon=[])

    @classmethod
    def from_columns(
        cls,
        time_s,
        lat,
        lon,
        participant=None,
        ele_m=None,
        speed_mps=None,
        hdop=None,
        sats=None,
        source=None,
        segment=None,
        dwell_s=None,
    ) -> "Fixes":
        """Build from sequences; missing optional columns become NaN / '' / 0."""
        t = np.asarray(time_s, dtype=np.float64).reshape(-1)
        n = t.shape[0]

        def fcol(v):
            if v is None:
                return np.full(n, np.nan)
            a = np.asarray(v, dtype=np.float64).reshape(-1)
            if a.shape[0] != n:
                raise ValueError("column length mismatch")
            return a

        def scol(v, default=""):
            if v is None:
                return np.full(n, default, dtype=object)
            if isinstance(v, str):
                return np.full(n, v, dtype=object)
            a = np.asarray(list(v), dtype=object).reshape(-1)
            if a.shape[0] != n:
                raise ValueError("column length mismatch")
            return a

        return cls(
            participant=scol(participant),
            time_s=t,
            lat=fcol(lat),
            lon=fcol(lon),
            ele_m=fcol(ele_m),
            speed_mps=fcol(speed_mps),
            hdop=fcol(hdop),
            sats=fcol(sats),
            source=scol(source),
            segment=np.zeros(n, dtype=np.int32) if segment is None else np.asarray(segment, dtype=np.int32),
            dwell_s=fcol(dwell_s) if dwell_s is not None else np.zeros(n),
        )

    def take(self, index) -> "Fixes":
        """A new table with the rows selected by an index array or boolean mask."""
        return Fixes(**{f.name: getattr(self, f.name)[index] for f in fields(self)})

    @staticmethod
    def concat(parts: List["Fixes"]) -> "Fixes":
        parts = [p for p in parts if p is not None]
        if not parts:
            return Fixes.empty()
        return Fixes(**{f.name: np.concatenate([getattr(p, f.name) for p in parts]) for f in fields(Fixes)})


@dataclass
class ReadResult:
    """What a reader gives for one file: the fixes kept and an account of everything else.

    Invariant: ``fixes_read == len(fixes) + rejected``.
    """

    file: str
    format: str
    participant: str = ""
    fixes: Fixes = field(default_factory=Fixes.empty)
    reasons: Counter = field(default_factory=Counter)
    message: str = ""
    used_timezone: bool = False
    waypoints: Optional[Fixes] = None
    notes: List[str] = field(default_factory=list)

    @property
    def fixes_kept(self) -> int:
        return len(self.fixes)

    @property
    def rejected(self) -> int:
        return int(sum(self.reasons.values()))

    @property
    def fixes_read(self) -> int:
        return self.fixes_kept + self.rejected

    @property
    def status(self) -> str:
        if self.fixes_kept == 0:
            return "failed"
        return "partial" if self.rejected else "ok"

    def reasons_text(self) -> str:
        """``bad_checksum=3; no_fix=12`` (sorted by key, as in the report)."""
        return "; ".join(f"{k}={v}" for k, v in sorted(self.reasons.items()) if v)

    def reject(self, reason: RejectReason, count: int = 1) -> None:
        if count:
            self.reasons[reason.value] += int(count)


def validate_positions(fx: Fixes, reasons: Counter, max_hdop: Optional[float] = None) -> Fixes:
    """Drop fixes with impossible positions (and HDOP above ``max_hdop``), counting reasons.

    NaN coordinates count as ``no_fix``; exactly (0, 0) as ``zero_coords``; |lat| > 90 or
    |lon| > 180 as ``out_of_range``; NaN time as ``no_time``.
    """
    n = len(fx)
    if n == 0:
        return fx
    bad = np.zeros(n, dtype=bool)
    no_time = ~np.isfinite(fx.time_s)
    nan_pos = ~(np.isfinite(fx.lat) & np.isfinite(fx.lon)) & ~no_time
    zero = (~nan_pos) & (~no_time) & (fx.lat == 0.0) & (fx.lon == 0.0)
    with np.errstate(invalid="ignore"):
        oor = (~nan_pos) & (~no_time) & ~zero & ((np.abs(fx.lat) > 90.0) | (np.abs(fx.lon) > 180.0))
    hd = np.zeros(n, dtype=bool)
    if max_hdop is not None and max_hdop > 0:
        with np.errstate(invalid="ignore"):
            hd = (~nan_pos) & (~no_time) & ~zero & ~oor & (fx.hdop > max_hdop)
    for mask, reason in (
        (no_time, RejectReason.NO_TIME),
        (nan_pos, RejectReason.NO_FIX),
        (zero, RejectReason.ZERO_COORDS),
        (oor, RejectReason.OUT_OF_RANGE),
        (hd, RejectReason.HIGH_HDOP),
    ):
        c = int(mask.sum())
        if c:
            reasons[reason.value] += c
            bad |= mask
    return fx.take(~bad) if bad.any() else fx


def _single_key(participant: np.ndarray) -> bool:
    """True when every row has the same participant key (compared as text)."""
    if participant.size == 0:
        return True
    first = participant[0]
    if not isinstance(first, str):
        return False
    return bool(np.all(participant == first))


def sort_and_merge_duplicates(fx: Fixes, reasons: Counter) -> Fixes:
    """Sort by participant then time (stable) and merge exact duplicates.

    An exact duplicate has the same participant, time, lat and lon as the fix before it;
    it is dropped and counted as ``duplicate``. Backwards time is fixed by the sort; the
    number of backward steps is returned in ``reasons`` only as a note key ``backwards_time``
    is *not* a rejection (the fixes are kept), so callers record it separately.
    """
    n = len(fx)
    if n == 0:
        return fx
    if _single_key(fx.participant):  # one participant (one file): the same order, cheaper
        order = np.argsort(fx.time_s, kind="stable")
    else:
        order = np.lexsort((fx.time_s, fx.participant.astype(str)))
    if not np.array_equal(order, np.arange(n)):  # already sorted: nothing to copy
        fx = fx.take(order)
    same = np.zeros(n, dtype=bool)
    same[1:] = (
        (fx.participant[1:] == fx.participant[:-1])
        & (fx.time_s[1:] == fx.time_s[:-1])
        & (fx.lat[1:] == fx.lat[:-1])
        & (fx.lon[1:] == fx.lon[:-1])
    )
    c = int(same.sum())
    if c:
        reasons[RejectReason.DUPLICATE.value] += c
        fx = fx.take(~same)
    return fx


def count_backward_steps(time_s: np.ndarray) -> int:
    """Number of places where time goes backwards in file order."""
    t = np.asarray(time_s, dtype=np.float64)
    if t.size < 2:
        return 0
    return int(np.sum(np.diff(t) < 0))


def assign_segments_and_dwell(fx: Fixes, max_gap_s: float = DEFAULT_MAX_GAP_S) -> Fixes:
    """Set ``segment`` and ``dwell_s`` in place on a table sorted by participant and time.

    A new segment starts at a participant's first fix and after every gap longer than
    ``max_gap_s`` seconds (segments are numbered 1, 2, ... per participant).
    ``dwell_s`` is half the gap to each neighbour of the same participant, each gap capped at
    ``max_gap_s``; a participant's first and last fix get nothing for the missing side.
    """
    n = len(fx)
    if n == 0:
        return fx
    t = fx.time_s
    same = np.zeros(n - 1, dtype=bool) if n > 1 else np.zeros(0, dtype=bool)
    if n > 1:
        same = fx.participant[1:] == fx.participant[:-1]
    gap = np.diff(t) if n > 1 else np.zeros(0)
    capped = np.where(same, np.minimum(gap, max_gap_s), 0.0)
    dwell = np.zeros(n)
    dwell[1:] += 0.5 * capped
    dwell[:-1] += 0.5 * capped
    new_seg = np.ones(n, dtype=bool)
    if n > 1:
        new_seg[1:] = (~same) | (gap > max_gap_s)
    first_of_participant = np.ones(n, dtype=bool)
    if n > 1:
        first_of_participant[1:] = ~same
    # running segment number, restarting at 1 for each participant
    cum = np.cumsum(new_seg)
    start_idx = np.maximum.accumulate(np.where(first_of_participant, np.arange(n), 0))
    base = cum[start_idx] - 1
    fx.segment = (cum - base).astype(np.int32)
    fx.dwell_s = dwell
    return fx


def summary_by_participant(fx: Fixes) -> Dict[str, int]:
    """Fix count per participant key."""
    keys, counts = np.unique(fx.participant.astype(str), return_counts=True)
    return {str(k): int(c) for k, c in zip(keys, counts)}
