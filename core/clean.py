"""Cleaning imported fixes: impossible positions out, hand-out minutes trimmed, speeds filled.

Pure numpy. Units: times in epoch seconds UTC, distances in metres (great-circle, haversine
on a sphere of radius :data:`.geodesy.EARTH_RADIUS_M`, so tracks that cross the antimeridian
keep their true distances and speeds), speeds in km/h for thresholds and m/s in the
``speed_mps`` column.

Steps, in order; every fix removed is counted once, under the first reason that applies:

1. ``invalid``: no time, no position or a position out of range (a fix layer from
   importtrackers has none; other layers may).
2. ``zero_coords``: exactly (0, 0), "null island".
3. ``duplicate``: the same participant, time and position as another fix (one is kept).
4. ``high_hdop``: HDOP above ``max_hdop`` (fixes without HDOP are kept).
5. ``trimmed``: the first ``trim_start_min`` and the last ``trim_end_min`` minutes of each
   participant's track (logger hand-out and return).
6. ``speed_spike``: single-fix outliers. A fix is a spike when the speed from the previous kept
   fix AND the speed to the next kept fix both exceed ``max_speed_kmh``; a pair of consecutive
   fixes is a spike when the track jumps away into the pair and back out of it above
   ``max_speed_kmh`` while going straight from the fix before to the fix after stays below it.
   Both jumps must also be longer than ``min_spike_m`` (25 m): with 1 s sampling the ordinary
   GPS error of a few metres alone reads as 15+ km/h, and such noise is not an outlier.
   A fix is also a spike when it lies more than ``max_jump_m`` from both neighbours and the
   neighbours lie within a quarter of that distance of each other (a jump out and straight
   back: the screening rule of Bjørneraas et al. 2010, *Screening GPS location data for errors
   using animal movement characteristics*, J. Wildl. Manage. 74:1361, which pairs large
   incoming and outgoing steps with a sharp return); it catches outliers in sparse sampling,
   where a 200 m jump over 60 s is only 12 km/h. The test is repeated on the kept fixes until
   nothing changes (at most :data:`MAX_SPIKE_PASSES` passes), vectorised over all fixes.

Afterwards ``segment`` and ``dwell_s`` are recomputed
(:func:`~trampesti.core.fixes.assign_segments_and_dwell`, new segment after ``max_gap_s``) and
``speed_mps`` is filled from positions where the file had none.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional

import numpy as np

from .definitions import MovementPreset, RejectReason
from .exceptions import CancelledError, ParameterError
from .fixes import DEFAULT_MAX_GAP_S, Fixes, assign_segments_and_dwell, text_column
from .geodesy import haversine_m, path_speed_mps


MAX_SPIKE_PASSES = 10
"""Upper bound on the passes of the speed-spike test (it usually settles after 1–2)."""

PRESET_MAX_SPEED_KMH: Dict[str, float] = {
    MovementPreset.WALK.value: 15.0,   # a brisk run; walking is 4–6 km/h
    MovementPreset.BIKE.value: 45.0,   # a fast cyclist downhill
    MovementPreset.CAR.value: 200.0,   # motorway or train
}
"""Default speed limit (km/h) of each movement preset."""

PRESET_MAX_JUMP_M: Dict[str, float] = {
    MovementPreset.WALK.value: 100.0,
    MovementPreset.BIKE.value: 250.0,
    MovementPreset.CAR.value: 0.0,     # off: vehicles do turn back, and GPS jumps are short against their steps
}
"""Default out-and-back jump distance (metres) of each preset; 0 = the jump test is off."""

JUMP_RETURN_FRACTION = 0.25
"""For the jump test: the neighbours of the fix must lie within this fraction of ``max_jump_m``."""

REASONS = ("invalid", RejectReason.ZERO_COORDS.value, RejectReason.DUPLICATE.value,
           RejectReason.HIGH_HDOP.value, RejectReason.TRIMMED.value, RejectReason.SPEED_SPIKE.value)
"""Removal reasons in the order they are applied (the report's columns)."""


@dataclass
class CleanOptions:
    """Parameters of :func:`clean_fixes`.

    ``max_speed_kmh`` / ``max_jump_m``: ``None`` takes the preset's value; ``max_jump_m`` of 0
    turns the jump test off, ``max_speed_kmh`` of 0 the speed test. ``max_hdop`` ``None`` or 0
    keeps every HDOP. Trims in minutes, ``max_gap_s`` in seconds. ``min_spike_m``: both jumps
    of a speed spike must be longer than this (metres), above ordinary GPS noise.
    """

    preset: str = MovementPreset.WALK.value
    max_speed_kmh: Optional[float] = None
    max_jump_m: Optional[float] = None
    max_hdop: Optional[float] = None
    trim_start_min: float = 0.0
    trim_end_min: float = 0.0
    max_gap_s: float = DEFAULT_MAX_GAP_S
    min_spike_m: float = 25.0

    def speed_limit_kmh(self) -> float:
        if self.max_speed_kmh is not None:
            return float(self.max_speed_kmh)
        return PRESET_MAX_SPEED_KMH[_preset(self.preset)]

    def jump_limit_m(self) -> float:
        if self.max_jump_m is not None:
            return float(self.max_jump_m)
        return PRESET_MAX_JUMP_M[_preset(self.preset)]


@dataclass
class CleanResult:
    """What :func:`clean_fixes` gives.

    ``fixes``: the kept fixes sorted by participant and time, segments and dwell recomputed.
    ``reason``: per *input* row, "" when kept, else the reason it was removed.
    ``kept_index``: the input row of each output fix (to carry other columns along).
    ``rows``: one dict per participant (sorted by key) with ``participant``, ``fixes_in``,
    ``fixes_out`` and one count per reason in :data:`REASONS`; ``totals``: the same summed,
    with ``participant`` = ``"all"``. For every row ``fixes_in = fixes_out + Σ reasons``.
    """

    fixes: Fixes
    reason: np.ndarray
    kept_index: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    rows: List[Dict[str, object]] = field(default_factory=list)
    totals: Dict[str, object] = field(default_factory=dict)
    spike_passes: int = 0
    speed_filled: int = 0


def _preset(name: str) -> str:
    value = getattr(name, "value", name)
    if value not in PRESET_MAX_SPEED_KMH:
        raise ParameterError(f"Unknown movement preset '{value}': use walk, bike or car")
    return str(value)


def _speed_kmh(d_m: np.ndarray, dt_s: np.ndarray) -> np.ndarray:
    """km/h from metres and seconds; a move in zero time is infinitely fast, no move is 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        v = 3.6 * d_m / dt_s
    v = np.where(dt_s > 0, v, np.where(d_m > 0, np.inf, 0.0))
    return v


def _spike_pass(t: np.ndarray, lat: np.ndarray, lon: np.ndarray, grp: np.ndarray,
                vmax_kmh: float, jump_m: float, max_gap_s: float, min_spike_m: float) -> np.ndarray:
    """Spikes among the (kept) fixes given, sorted by participant and time: a boolean mask."""
    n = t.shape[0]
    spike = np.zeros(n, dtype=bool)
    if n < 3:
        return spike
    same = grp[1:] == grp[:-1]                      # step k: fix k → k+1 within one participant
    d = haversine_m(lat[:-1], lon[:-1], lat[1:], lon[1:])
    dt = np.diff(t)
    v = _speed_kmh(d, dt)
    fast = (v > vmax_kmh) & (d > min_spike_m) if vmax_kmh > 0 else np.zeros(n - 1, dtype=bool)
    # single fix i (1..n-2): step i-1 in, step i out
    inner = same[:-1] & same[1:]
    d_skip = haversine_m(lat[:-2], lon[:-2], lat[2:], lon[2:])
    single = np.zeros(n - 2, dtype=bool)
    single |= fast[:-1] & fast[1:]
    if jump_m > 0:
        close_in_time = (dt[:-1] <= max_gap_s) & (dt[1:] <= max_gap_s)
        single |= (d[:-1] > jump_m) & (d[1:] > jump_m) & (d_skip < JUMP_RETURN_FRACTION * jump_m) & close_in_time
    spike[1:-1] = single & inner
    # a pair (i, i+1), i in 1..n-3: jump in at step i-1, out at step i+1, the straight way i-1 → i+2 plausible
    if vmax_kmh > 0 and n >= 4:
        d3 = haversine_m(lat[:-3], lon[:-3], lat[3:], lon[3:])
        v3 = _speed_kmh(d3, t[3:] - t[:-3])
        pair = fast[:-2] & fast[2:] & ~fast[1:-1] & (v3 <= vmax_kmh) & same[:-2] & same[1:-1] & same[2:]
        pair &= ~spike[1:-2] & ~spike[2:-1]
        spike[1:-2] |= pair
        spike[2:-1] |= pair
    return spike


def _fill_speed(fx: Fixes) -> int:
    """Fill NaN ``speed_mps`` from positions (m/s over the steps to both neighbours of the same
    segment; one side at a segment's ends); returns how many were filled."""
    n = len(fx)
    missing = ~np.isfinite(fx.speed_mps)
    if n == 0 or not missing.any():
        return 0
    if n == 1:
        return 0
    same = (fx.participant[1:] == fx.participant[:-1]) & (fx.segment[1:] == fx.segment[:-1])
    d = np.where(same, haversine_m(fx.lat[:-1], fx.lon[:-1], fx.lat[1:], fx.lon[1:]), 0.0)
    v = path_speed_mps(d, np.where(same, np.diff(fx.time_s), 0.0))
    fill = missing & np.isfinite(v)
    speed = fx.speed_mps.copy()
    speed[fill] = v[fill]
    fx.speed_mps = speed
    return int(fill.sum())


def clean_fixes(fx: Fixes, options: Optional[CleanOptions] = None,
                progress: Optional[Callable[[float], None]] = None,
                is_cancelled: Optional[Callable[[], bool]] = None) -> CleanResult:
    """Clean a fix table (any order, any number of participants); see the module docstring.

    The input table is not modified. Raises :class:`CancelledError` when ``is_cancelled()``
    turns true and :class:`ParameterError` for an unknown preset or negative limits.
    """
    opts = options or CleanOptions()
    vmax = opts.speed_limit_kmh()
    jump = opts.jump_limit_m()
    if vmax < 0 or jump < 0 or opts.trim_start_min < 0 or opts.trim_end_min < 0 or opts.max_gap_s <= 0:
        raise ParameterError("Speed limit, jump distance and trims must not be negative, and the maximum gap "
                             "must be positive")

    def check() -> None:
        if is_cancelled is not None and is_cancelled():
            raise CancelledError("Cleaning was cancelled")

    def step(f: float) -> None:
        if progress is not None:
            progress(f)

    n = len(fx)
    keys, key = np.unique(fx.participant.astype(str), return_inverse=True)  # key: int code per fix
    key = key.reshape(-1)
    reason = text_column(n, "")
    alive = np.ones(n, dtype=bool)

    def remove(mask: np.ndarray, why: str) -> None:
        m = mask & alive
        reason[m] = why
        alive[m] = False

    t, lat, lon = fx.time_s, fx.lat, fx.lon
    with np.errstate(invalid="ignore"):
        invalid = ~(np.isfinite(t) & np.isfinite(lat) & np.isfinite(lon)) | (np.abs(lat) > 90.0) | (np.abs(lon) > 180.0)
    remove(invalid, "invalid")
    remove((lat == 0.0) & (lon == 0.0), RejectReason.ZERO_COORDS.value)
    # duplicates: same participant, time and position, adjacent after sorting on all four
    if n > 1:
        order = np.lexsort((lon, lat, t, key))
        ok = alive[order]
        idx = order[ok]
        dup = np.zeros(idx.shape[0], dtype=bool)
        dup[1:] = ((key[idx][1:] == key[idx][:-1]) & (t[idx][1:] == t[idx][:-1])
                   & (lat[idx][1:] == lat[idx][:-1]) & (lon[idx][1:] == lon[idx][:-1]))
        mask = np.zeros(n, dtype=bool)
        mask[idx[dup]] = True
        remove(mask, RejectReason.DUPLICATE.value)
    if opts.max_hdop is not None and opts.max_hdop > 0:
        with np.errstate(invalid="ignore"):
            remove(fx.hdop > opts.max_hdop, RejectReason.HIGH_HDOP.value)
    step(0.2)
    check()

    # the kept fixes sorted by participant then time: every later step works on this order
    order = np.lexsort((t, key))
    order = order[alive[order]]
    if (opts.trim_start_min > 0 or opts.trim_end_min > 0) and order.size:
        k = key[order]
        tt = t[order]
        first = np.ones(order.size, dtype=bool)
        first[1:] = k[1:] != k[:-1]
        gid = np.cumsum(first) - 1
        starts = np.flatnonzero(first)
        ends = np.append(starts[1:], order.size) - 1
        t0 = tt[starts][gid]
        t1 = tt[ends][gid]
        trim = (tt < t0 + 60.0 * opts.trim_start_min) | (tt > t1 - 60.0 * opts.trim_end_min)
        mask = np.zeros(n, dtype=bool)
        mask[order[trim]] = True
        remove(mask, RejectReason.TRIMMED.value)
        order = order[~trim]
    step(0.4)

    passes = 0
    if vmax > 0 or jump > 0:
        while passes < MAX_SPIKE_PASSES and order.size >= 3:
            check()
            passes += 1
            sp = _spike_pass(t[order], lat[order], lon[order], key[order], vmax, jump, opts.max_gap_s,
                             opts.min_spike_m)
            if not sp.any():
                break
            mask = np.zeros(n, dtype=bool)
            mask[order[sp]] = True
            remove(mask, RejectReason.SPEED_SPIKE.value)
            order = order[~sp]
            step(0.4 + 0.4 * passes / MAX_SPIKE_PASSES)
    step(0.8)
    check()

    out = fx.take(order)
    assign_segments_and_dwell(out, opts.max_gap_s)
    filled = _fill_speed(out)

    rows: List[Dict[str, object]] = []
    totals: Dict[str, object] = {"participant": "all", "fixes_in": 0, "fixes_out": 0}
    totals.update({r: 0 for r in REASONS})
    if n:
        inv = key
        n_in = np.bincount(inv, minlength=keys.size)
        n_out = np.bincount(inv[alive], minlength=keys.size)
        per_reason = {r: np.bincount(inv[reason == r], minlength=keys.size) for r in REASONS}
        for j, k in enumerate(keys.tolist()):
            row: Dict[str, object] = {"participant": str(k), "fixes_in": int(n_in[j]), "fixes_out": int(n_out[j])}
            row.update({r: int(per_reason[r][j]) for r in REASONS})
            rows.append(row)
        totals["fixes_in"] = n
        totals["fixes_out"] = int(alive.sum())
        totals.update({r: int(per_reason[r].sum()) for r in REASONS})
    step(1.0)
    return CleanResult(fixes=out, reason=reason, kept_index=order, rows=rows, totals=totals,
                       spike_passes=passes, speed_filled=filled)
