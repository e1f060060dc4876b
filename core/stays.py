"""Stays, places, trips and flows from GPS fixes (pure numpy/scipy, no QGIS).

Units: times are float64 seconds since 1970-01-01 UTC (``*_s``), distances metres (``*_m``),
coordinates either projected metres (``x_m``/``y_m``, e.g. UTM, as the Processing algorithm
gives them) or WGS84 degrees (``lat``/``lon``, "geodesic mode", haversine distances).

Stay detection
--------------
The sliding-window method of Li et al. (2008, "Mining user similarity based on location
history", ACM GIS) as used by trackintel's ``generate_staypoints(method='sliding')``, per
participant, with these rules (each one is tested in ``tests/test_stays.py``):

* **Anchor and window.** From an anchor fix *i* the window grows over *i+1, i+2, ...* while
  each fix is within ``distance_m`` of the anchor. The window's *last fix inside* is *e*.
  The window is a stay when ``t[e] - t[i] >= min_duration_s``; the next anchor is then
  *e+1*. Otherwise the next anchor is *i+1* (Li et al.; trackintel jumps to the first fix
  outside instead, which starts stays late).
* **A stay lasts from its first to its last fix inside**, never to the first fix outside
  (trackintel uses the first fix outside as ``finished_at``, which makes a 4-minute stop
  followed by a 2-minute walk a 6-minute "stay", trackintel #132).
* **Edges where walking stops and starts** (``refine_edges``, on by default). The window's
  first fix inside is on the walk in whenever fixes are dense (up to a minute early at 1 s
  sampling); :mod:`.edges` moves each edge to the first (last) fix at rest, fitted under a
  GPS-error model learnt from the participant's own fixes at rest, and from the logger's own
  speed over ground where it recorded one (``speed_mps``; speeds filled in from positions
  are recognised and not used). It only trims, never below ``min_duration_s``. On simulated
  rounds (tests/sim_stays.py, 10 seeds, 1 118 planted stays) start and end are within one
  sampling interval for 99.4 % of the planted stays with the loggers' speed, 93.4 % from
  positions alone, and 15 % for the window's own edges (benchmarks/bench_stay_edges.py).
* **Signal gaps.** A gap of at most ``max_gap_s`` between consecutive fixes is allowed inside
  a stay when the fix after the gap is again within ``distance_m`` of the anchor (people
  indoors lose the signal but stay put). A longer gap ends the stay at the last fix before
  the gap; the stay is kept if long enough and flagged ``open_end`` (its real end is not
  observed); the fix after the gap can start a new stay, flagged ``open_start``.
* **Track ends.** A stay running into a participant's last fix is reported, ``open_end``;
  one starting at the first fix is ``open_start`` (scikit-mobility #190 lost these).
* **Same-time fixes** belong together: fixes sharing the time of a stay's first or last fix
  join that stay (trackintel #229 left a duplicate outside, making a one-fix trip).
* **Short excursions and noise splits.** GPS noise puts single fixes more than
  ``distance_m`` from the anchor and would cut a long stay into pieces (or end it early with
  a remainder too short to count). So a stay goes on over later fixes within
  ``merge_distance_m`` (default ``distance_m``) of its centroid as long as each run of fixes
  further away in between spans at most ``merge_max_interruption_s`` (default
  ``min_duration_s / 2``: 5 min on foot) from its first to its last fix; and consecutive
  stays of a participant with centroids within ``merge_distance_m`` and such a short run
  between them are one stay. The fixes of the bridged run belong to the stay (a stay is
  always a contiguous run of fixes). Stays at places further apart, even back to back, stay
  separate and complete; places closer than about ``distance_m`` can merge. Set
  ``merge_distance_m=0`` for the plain Li et al. result (trackintel-like).

A stay needs one clean window: if noise never leaves ``min_duration_s`` of fixes within
``distance_m`` of one anchor, the bridging above has nothing to extend and the stay is missed
(e.g. a 15-minute stop with an outlier fix every 8 minutes; real receivers' errors drift
slowly, and ``cleanfixes`` drops speed spikes first).

Speed: no Python loop over fixes. A vectorised necessary test (12 fixes sampled from each
anchor's minimum-duration window must lie within ``distance_m``), evaluated lazily over
blocks of anchors ahead of the current position, leaves only plausible anchors; the
remaining loop runs over stays and near-miss anchors, and each of its steps measures
distances in numpy blocks. About 4-7 million fixes/s projected, 2-4 million geodesic, without
edge refinement; the refinement costs about half a millisecond per stay edge (2 million
fixes/s on the simulated rounds).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from scipy.spatial import ConvexHull, cKDTree

from . import edges, kanon
from .definitions import MovementPreset
from .exceptions import CancelledError, ParameterError
from .geodesy import EARTH_RADIUS_M, haversine_m  # noqa: F401  (part of this module's API)


TIME_EPS_S = 1e-3
"""Times closer than this (seconds) are equal in duration and gap tests: float64 epoch seconds
carry rounding, and an exactly 10-minute stay must not come out as 599.9999999 s."""

ProgressFn = Optional[Callable[[float], None]]
CancelFn = Optional[Callable[[], bool]]


# --------------------------------------------------------------------------- parameters
@dataclass(frozen=True)
class StayParams:
    """Stay-detection thresholds: metres and seconds."""

    distance_m: float = 50.0
    min_duration_s: float = 600.0
    max_gap_s: float = 1800.0

    def as_kwargs(self) -> Dict[str, float]:
        return {"distance_m": self.distance_m, "min_duration_s": self.min_duration_s,
                "max_gap_s": self.max_gap_s}


STAY_PRESETS: Dict[MovementPreset, StayParams] = {
    # on foot: 50 m covers GPS noise at a bench or doorway, 10 min is a real stop, indoors
    # loss of signal up to 30 min is still the same stay
    MovementPreset.WALK: StayParams(50.0, 600.0, 1800.0),
    # by bike: faster passes through a 50 m circle; larger circle so that locking/unlocking
    # and pushing the bike around a site stay one stay
    MovementPreset.BIKE: StayParams(100.0, 600.0, 1800.0),
    # living in a car: parking areas are large, slow traffic must not count (15 min), and
    # garages/underpasses block the signal for longer (60 min)
    MovementPreset.CAR: StayParams(150.0, 900.0, 3600.0),
}
"""Presets keyed by :class:`MovementPreset` (walk is the default)."""


def preset_params(preset=MovementPreset.WALK) -> StayParams:
    """The :class:`StayParams` of a preset (enum member or its value such as ``"bike"``)."""
    try:
        return STAY_PRESETS[MovementPreset(preset)]
    except ValueError as exc:
        raise ParameterError(f"unknown movement preset {preset!r}; use walk, bike or car") from exc


# --------------------------------------------------------------------------- geometry
def _unit_vectors(lat, lon) -> np.ndarray:
    la = np.radians(lat)
    lo = np.radians(lon)
    c = np.cos(la)
    return np.stack([c * np.cos(lo), c * np.sin(lo), np.sin(la)], axis=-1)


def _vectors_to_latlon(v: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
    v = np.atleast_2d(v)
    lat = np.degrees(np.arctan2(v[:, 2], np.hypot(v[:, 0], v[:, 1])))
    lon = np.degrees(np.arctan2(v[:, 1], v[:, 0]))
    return lat, lon


def local_projection(lat, lon, origin: Tuple[float, float]) -> Tuple[np.ndarray, np.ndarray]:
    """Equirectangular metres about ``origin`` (lat0, lon0); longitude differences wrap.

    Good to a fraction of a percent over a city; used in geodesic mode to give stays and
    places metric ``x_m``/``y_m`` (also across the antimeridian).
    """
    lat0, lon0 = origin
    dlon = (np.asarray(lon, dtype=np.float64) - lon0 + 180.0) % 360.0 - 180.0
    x = np.radians(dlon) * EARTH_RADIUS_M * np.cos(np.radians(lat0))
    y = np.radians(np.asarray(lat, dtype=np.float64) - lat0) * EARTH_RADIUS_M
    return x, y


def circle_ring(x: float, y: float, radius_m: float, n_vertices: int = 32) -> np.ndarray:
    """Closed ring (n_vertices + 1, 2) approximating a circle, counter-clockwise."""
    a = np.linspace(0.0, 2.0 * np.pi, n_vertices, endpoint=False)
    ring = np.column_stack([x + radius_m * np.cos(a), y + radius_m * np.sin(a)])
    return np.vstack([ring, ring[:1]])


def buffered_hull_ring(points: np.ndarray, radius_m: float, n_vertices: int = 32) -> np.ndarray:
    """Closed ring of the convex hull of ``points`` (k, 2) buffered by ``radius_m``.

    The buffer is the Minkowski sum with a ``n_vertices``-gon circumscribing nothing
    fancier: hull(points) + circle = hull(points + every circle vertex). Counter-clockwise.
    """
    pts = np.unique(np.asarray(points, dtype=np.float64).reshape(-1, 2), axis=0)
    if radius_m <= 0:
        raise ParameterError("place radius must be positive")
    if len(pts) >= 3:
        try:
            pts = pts[ConvexHull(pts).vertices]
        except Exception:  # collinear points: keep them all, the buffer makes them 2-D
            pass
    a = np.linspace(0.0, 2.0 * np.pi, n_vertices, endpoint=False)
    circ = radius_m * np.column_stack([np.cos(a), np.sin(a)])
    cloud = (pts[:, None, :] + circ[None, :, :]).reshape(-1, 2)
    ring = cloud[ConvexHull(cloud).vertices]
    return np.vstack([ring, ring[:1]])


# --------------------------------------------------------------------------- stays
@dataclass
class Stays:
    """Detected stays, columnar (one row per stay), plus the per-fix ``stay_id``.

    ``arrive_s``/``leave_s`` are the times of the first/last fix of the stay (UTC epoch s),
    ``duration_s = leave_s - arrive_s``; ``x_m``/``y_m`` the centroid of the stay's fixes in
    the metric frame (the caller's projection, or :func:`local_projection` about ``origin``
    in geodesic mode); ``lat``/``lon`` the centroid in degrees when lat/lon were given (else
    NaN); ``first_idx``/``last_idx`` indices into the input arrays of the stay's first and
    last fix; ``open_start``/``open_end`` flag stays whose start/end was not observed (track
    end or a gap longer than ``max_gap_s``); ``place_id`` is -1 until places are assigned.
    ``stay_id`` has one entry per input fix: the row of its stay, -1 = moving (or unusable).
    """

    participant: np.ndarray
    arrive_s: np.ndarray
    leave_s: np.ndarray
    duration_s: np.ndarray
    n_fixes: np.ndarray
    x_m: np.ndarray
    y_m: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    first_idx: np.ndarray
    last_idx: np.ndarray
    open_start: np.ndarray
    open_end: np.ndarray
    place_id: np.ndarray
    stay_id: np.ndarray
    params: StayParams = field(default_factory=StayParams)
    origin: Optional[Tuple[float, float]] = None
    # sorted positions of the usable fixes (input index of the k-th fix in
    # participant/time order) and each stay's first/last position in that order
    order: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64), repr=False)
    first_pos: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64), repr=False)
    last_pos: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64), repr=False)
    refinement: Optional[edges.EdgeReport] = field(default=None, repr=False)
    """What the edge refinement did (None when it did not run)."""

    def __len__(self) -> int:
        return int(self.arrive_s.shape[0])


def _participant_ids(participant, n: int) -> Tuple[np.ndarray, np.ndarray]:
    """Integer id per fix and the label of each id (ids follow first appearance when every
    participant's fixes are contiguous, the usual layout; sorted labels otherwise)."""
    if participant is None:
        return np.zeros(n, dtype=np.int64), np.array([""], dtype=object)
    p = np.asarray(participant)
    if p.shape[0] != n:
        raise ParameterError("participant and time_s differ in length")
    if n == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=object)
    chg = np.flatnonzero(p[1:] != p[:-1]) + 1
    starts = np.concatenate([[0], chg])
    run_labels = p[starts]
    run_labels = np.array([str(v) for v in run_labels.tolist()], dtype=object)
    if len(set(run_labels.tolist())) == run_labels.shape[0]:
        pid = np.zeros(n, dtype=np.int64)
        pid[chg] = 1
        return np.cumsum(pid), run_labels
    labels, pid = np.unique(p.astype(str), return_inverse=True)
    return pid.astype(np.int64), labels.astype(object)


def _sorted_valid(participant, time_s, coords: Sequence[np.ndarray]):
    """Usable fixes in participant/time order: (order, pid, labels, t, identity).

    ``identity`` is True when every fix is usable and already in order (the usual layout of a
    Fixes table): then ``order`` is ``arange(n)`` and callers may skip gathering by it.
    """
    t = np.asarray(time_s, dtype=np.float64).reshape(-1)
    n = t.shape[0]
    pid, labels = _participant_ids(participant, n)
    probe = t.copy()
    for c in coords:
        if c.shape[0] != n:
            raise ParameterError("coordinate and time arrays differ in length")
        probe += c  # NaN anywhere makes the sum NaN
    valid = np.isfinite(probe)
    all_valid = bool(valid.all())
    idx = np.arange(n) if all_valid else np.flatnonzero(valid)
    ti, pi = (t, pid) if all_valid else (t[idx], pid[idx])
    if idx.size < 2:
        return idx, pid, labels, t, all_valid
    same = pi[1:] == pi[:-1]
    in_order = bool(np.all(pi[1:] >= pi[:-1])) and bool(np.all((ti[1:] >= ti[:-1]) | ~same))
    if in_order:
        return idx, pid, labels, t, all_valid
    return idx[np.lexsort((ti, pi))], pid, labels, t, False


def detect_stays(
    participant,
    time_s,
    x_m=None,
    y_m=None,
    distance_m: float = 50.0,
    min_duration_s: float = 600.0,
    max_gap_s: float = 1800.0,
    progress: ProgressFn = None,
    is_cancelled: CancelFn = None,
    *,
    lat=None,
    lon=None,
    merge_distance_m: Optional[float] = None,
    merge_max_interruption_s: Optional[float] = None,
    refine_edges: bool = True,
    speed_mps=None,
) -> Stays:
    """Stays of each participant by the sliding-window rules in the module docstring.

    ``participant`` (any labels, or None = one participant), ``time_s`` (UTC epoch seconds)
    and either ``x_m``/``y_m`` (projected metres, Euclidean distances) or ``lat``/``lon``
    (WGS84 degrees, haversine distances: geodesic mode, right across the antimeridian).
    When both are given, distances come from ``x_m``/``y_m`` and ``lat``/``lon`` only give the
    centroids in degrees. Fixes need not be sorted; fixes with NaN time or coordinates get
    ``stay_id`` -1. ``distance_m`` metres, ``min_duration_s``/``max_gap_s`` seconds.
    ``refine_edges`` moves each edge to where the track stops (starts) moving
    (:mod:`.edges`); False gives the plain window edges. ``speed_mps`` (optional, m/s, NaN
    where unknown): the device's speed over ground per fix, which the refinement uses where
    it tells a participant's rest from walking.
    """
    if distance_m <= 0 or min_duration_s < 0 or max_gap_s <= 0:
        raise ParameterError("distance_m and max_gap_s must be positive, min_duration_s >= 0")
    t_all = np.asarray(time_s, dtype=np.float64).reshape(-1)
    have_xy = x_m is not None and y_m is not None
    have_ll = lat is not None and lon is not None
    if not have_xy and not have_ll:
        raise ParameterError("give projected x_m/y_m or lat/lon coordinates")
    X = np.asarray(x_m, dtype=np.float64).reshape(-1) if have_xy else None
    Y = np.asarray(y_m, dtype=np.float64).reshape(-1) if have_xy else None
    LA = np.asarray(lat, dtype=np.float64).reshape(-1) if have_ll else None
    LO = np.asarray(lon, dtype=np.float64).reshape(-1) if have_ll else None
    coords = [c for c in (X, Y, LA, LO) if c is not None]
    speed_all = None
    if speed_mps is not None:
        try:
            speed_all = np.asarray(speed_mps, dtype=np.float64).reshape(-1)
        except (TypeError, ValueError) as exc:
            raise ParameterError(f"speed_mps must be numbers (m/s, NaN where unknown): {exc}") from None
        if speed_all.shape[0] != t_all.shape[0]:
            raise ParameterError(f"speed_mps has {speed_all.shape[0]} values for {t_all.shape[0]} fixes")
    order, pid_all, labels, _, identity = _sorted_valid(participant, t_all, coords)

    def in_order(a: np.ndarray) -> np.ndarray:
        return a if identity else a[order]

    n_all = t_all.shape[0]
    n = order.shape[0]
    geodesic = not have_xy
    params = StayParams(float(distance_m), float(min_duration_s), float(max_gap_s))
    merge_d = distance_m if merge_distance_m is None else float(merge_distance_m)
    merge_gap = min_duration_s / 2.0 if merge_max_interruption_s is None else float(merge_max_interruption_s)
    merge_gap = min(merge_gap, max_gap_s)

    t = in_order(t_all)
    pid = in_order(pid_all)
    origin = None
    if geodesic:
        # geodesic = no x/y, so lat/lon were given (else ParameterError above)
        assert LA is not None and LO is not None
        la = in_order(LA)
        lo = in_order(LO)
        uvec = _unit_vectors(la, lo)
        if n:
            olat, olon = _vectors_to_latlon(uvec.sum(axis=0)[None, :])
            origin = (float(olat[0]), float(olon[0]))
        # chord length of distance_m on the unit sphere: exact test of arc <= distance_m
        chord2 = (2.0 * np.sin(0.5 * distance_m / EARTH_RADIUS_M)) ** 2

        def _sq(dv: np.ndarray) -> np.ndarray:
            return np.einsum("ij,ij->i", dv, dv)

        def dist2_exceeds(i: int, j0: int, j1: int) -> np.ndarray:
            return _sq(uvec[j0:j1] - uvec[i]) > chord2

        def far_pairs(a: np.ndarray, b: np.ndarray) -> np.ndarray:
            dv = np.take(uvec, b, axis=0)
            dv -= np.take(uvec, a, axis=0)
            return _sq(dv) > chord2

        def centre_of(s0: int, e0: int) -> np.ndarray:
            v = uvec[s0:e0 + 1].mean(axis=0)
            return v / np.linalg.norm(v)

        def near_centre(c: np.ndarray, j0: int, j1: int, lim2: float) -> np.ndarray:
            return _sq(uvec[j0:j1] - c) <= lim2

        merge_lim2 = (2.0 * np.sin(0.5 * merge_d / EARTH_RADIUS_M)) ** 2
    else:
        assert X is not None and Y is not None  # have_xy
        xs = in_order(X)
        ys = in_order(Y)
        d2lim = float(distance_m) ** 2

        def dist2_exceeds(i: int, j0: int, j1: int) -> np.ndarray:
            return (xs[j0:j1] - xs[i]) ** 2 + (ys[j0:j1] - ys[i]) ** 2 > d2lim

        def far_pairs(a: np.ndarray, b: np.ndarray) -> np.ndarray:
            dx = np.take(xs, b)
            dx -= np.take(xs, a)
            dx *= dx
            dy = np.take(ys, b)
            dy -= np.take(ys, a)
            dy *= dy
            dx += dy
            return dx > d2lim

        def centre_of(s0: int, e0: int) -> np.ndarray:
            return np.array([xs[s0:e0 + 1].mean(), ys[s0:e0 + 1].mean()])

        def near_centre(c: np.ndarray, j0: int, j1: int, lim2: float) -> np.ndarray:
            return (xs[j0:j1] - c[0]) ** 2 + (ys[j0:j1] - c[1]) ** 2 <= lim2

        merge_lim2 = float(merge_d) ** 2

    empty_i = np.zeros(0, dtype=np.int64)
    if n == 0:
        return _build_stays(empty_i, empty_i, order, n_all, t, pid, labels, params, origin,
                            None, None, None, None, geodesic, np.zeros(0, bool), np.zeros(0, bool))

    # ---- segments: a new one at each participant change and after each gap > max_gap_s
    brk = np.empty(n, dtype=bool)
    brk[0] = True
    pid_chg = pid[1:] != pid[:-1]
    np.logical_or(pid_chg, np.diff(t) > max_gap_s + TIME_EPS_S, out=brk[1:])
    seg = np.cumsum(brk) - 1
    seg_first = np.flatnonzero(brk)
    seg_last = np.append(seg_first[1:] - 1, n - 1)
    # monotone search key: participant number, then time since the earliest fix
    t_min = float(t.min())
    rel = t - t_min
    width = 2.0 ** np.ceil(np.log2(float(rel.max()) + float(min_duration_s) + float(max_gap_s) + 2.0))
    key = rel + pid * width if labels.shape[0] > 1 else rel
    # slack for rounding in the key, so that q(i) below is never later than the true one
    slack = max(1e-6, 16.0 * np.finfo(np.float64).eps * float(width) * max(1, labels.shape[0]))

    def q_of(i):
        """First fix at least min_duration_s after anchor(s) i (possibly one early)."""
        return np.searchsorted(key, key[i] + (min_duration_s - TIME_EPS_S - slack), side="left")

    def seg_end_of(i: int) -> int:
        return int(seg_last[seg[i]])

    def first_same_of(i: int) -> int:
        lo = int(seg_first[seg[i]])
        while i > lo and t[i - 1] == t[i]:
            i -= 1
        return i

    def last_same_of(e: int) -> int:
        hi = seg_end_of(e)
        while e < hi and t[e + 1] == t[e]:
            e += 1
        return e

    # ---- necessary test, vectorised over blocks of anchors: sampled fixes of [i, q(i)]
    # must lie within distance_m of i. Blocks are evaluated lazily from the chain position,
    # so anchors inside a stay that the chain jumps over are never tested.
    later_samples = np.array([6, 3, 9, 1, 2, 4, 5, 7, 8, 10, 11], dtype=np.int64)

    def block_candidates(lo: int, hi: int) -> np.ndarray:
        ii = np.arange(lo, hi)
        qq = np.maximum(q_of(ii), ii)
        ok = qq <= seg_last[seg[lo:hi]]
        ii = ii[ok]
        span = qq[ok] - ii
        if ii.size == 0:
            return ii
        # the farthest sample first: it rejects moving anchors at once
        ok = ~far_pairs(ii, ii + span)
        ii = ii[ok]
        span = span[ok]
        if ii.size == 0:
            return ii
        # then 11 more samples of each survivor's window, in one vectorised step
        jj = ii[:, None] + (span[:, None] * later_samples[None, :]) // 12
        far = far_pairs(np.repeat(ii, later_samples.shape[0]), jj.reshape(-1))
        return ii[~far.reshape(jj.shape).any(axis=1)]

    blk: Dict[str, Any] = {"lo": 0, "hi": 0, "cand": np.zeros(0, dtype=np.int64), "size": 512}

    def next_candidate(p0: int) -> int:
        """First anchor >= p0 passing the necessary test (n when there is none)."""
        while p0 < n:
            if blk["lo"] <= p0 < blk["hi"]:
                c_ = blk["cand"]
                k_ = int(np.searchsorted(c_, p0, side="left"))
                if k_ < c_.shape[0]:
                    return int(c_[k_])
                p0 = blk["hi"]
                continue
            hi = min(n, p0 + blk["size"])
            blk["lo"], blk["hi"], blk["cand"] = p0, hi, block_candidates(p0, hi)
            blk["size"] = min(blk["size"] * 2, 1 << 16) if blk["cand"].size == 0 else 512
        return n

    def exact_end(i: int) -> int:
        """Last index e >= i such that every fix in (i, e] is within distance_m of i."""
        lim = seg_end_of(i)
        j0 = i + 1
        step = max(64, int(q_of(i)) - i + 1)
        while j0 <= lim:
            j1 = min(lim + 1, j0 + step)
            out = dist2_exceeds(i, j0, j1)
            if out.any():
                return j0 + int(np.argmax(out)) - 1
            j0 = j1
            step *= 2
        return lim

    def continue_stay(s0: int, e0: int) -> int:
        """Extend a stay over short excursions.

        Later fixes within ``merge_d`` of the stay's centroid still belong to it when the run of
        fixes further away in between spans at most ``merge_gap`` seconds (first to last fix of
        the run; a signal gap without fixes is no excursion, up to ``max_gap_s``).
        """
        if merge_d <= 0:
            return e0
        c = centre_of(s0, e0)
        lim = seg_end_of(e0)
        e_cur = e0
        width_fixes = 256
        while e_cur < lim:
            j1 = min(lim, e_cur + width_fixes)
            near_at = e_cur + 1 + np.flatnonzero(near_centre(c, e_cur + 1, j1 + 1, merge_lim2))
            ins = np.concatenate([[e_cur], near_at])
            a_, b_ = ins[:-1], ins[1:]
            # run of fixes further away between two near fixes: a_+1 .. b_-1
            run = b_ > a_ + 1
            if run.any():
                span = t[np.where(run, b_ - 1, a_)] - t[np.where(run, a_ + 1, a_)]
                long_run = span > merge_gap + TIME_EPS_S
                if long_run.any():
                    return int(a_[int(np.argmax(long_run))])
            e_last = int(ins[-1])
            if e_last < j1 and t[j1] - t[e_last + 1] > merge_gap + TIME_EPS_S:
                return e_last  # the trailing run is already too long
            if j1 == lim:
                return e_last
            e_cur = e_last
            width_fixes *= 2
        return e_cur

    starts: List[int] = []
    ends: List[int] = []
    p = 0
    it = 0
    while True:
        i = next_candidate(p)
        if i >= n:
            break
        e = exact_end(i)
        if t[e] - t[i] >= min_duration_s - TIME_EPS_S:
            e = last_same_of(continue_stay(i, e))
            s = max(first_same_of(i), ends[-1] + 1 if ends else 0)
            starts.append(s)
            ends.append(e)
            p = e + 1
        else:
            p = i + 1
        if (it & 1023) == 0:
            if is_cancelled is not None and is_cancelled():
                raise CancelledError("stay detection cancelled")
            if progress is not None:
                progress(0.9 * p / n)
        it += 1
    s_arr = np.asarray(starts, dtype=np.int64)
    e_arr = np.asarray(ends, dtype=np.int64)

    open_start = s_arr == seg_first[seg[s_arr]] if s_arr.size else np.zeros(0, bool)
    open_end = e_arr == seg_last[seg[e_arr]] if e_arr.size else np.zeros(0, bool)

    # ---- merge noise splits: same segment, close centroids, short interruption
    if s_arr.size > 1 and merge_d > 0:
        cxy = _range_centroids_metric(s_arr, e_arr, t, geodesic, xs if not geodesic else None,
                                      ys if not geodesic else None, uvec if geodesic else None)
        same_seg = seg[s_arr[1:]] == seg[e_arr[:-1]]
        # duration of the run of fixes between the two stays (0 when back to back)
        gap_run = s_arr[1:] - e_arr[:-1] > 1
        interruption = np.where(gap_run, t[np.maximum(s_arr[1:] - 1, 0)] - t[np.minimum(e_arr[:-1] + 1, n - 1)], 0.0)
        if geodesic:
            dd = EARTH_RADIUS_M * 2.0 * np.arcsin(np.clip(
                0.5 * np.linalg.norm(cxy[1:] - cxy[:-1], axis=1), 0.0, 1.0))
        else:
            dd = np.hypot(*(cxy[1:] - cxy[:-1]).T)
        join = same_seg & (interruption <= merge_gap + TIME_EPS_S) & (dd <= merge_d)
        if join.any():
            first_of = np.flatnonzero(np.concatenate([[True], ~join]))
            last_of = np.append(first_of[1:] - 1, s_arr.size - 1)
            open_start = open_start[first_of]
            open_end = open_end[last_of]
            s_arr = s_arr[first_of]
            e_arr = e_arr[last_of]
    refinement: Optional[edges.EdgeReport] = None
    if refine_edges and s_arr.size:
        if geodesic:
            la_o, lo_o = la, lo

            def window_xy(j0: int, j1: int) -> Tuple[np.ndarray, np.ndarray]:
                return local_projection(la_o[j0:j1], lo_o[j0:j1], (float(la_o[j0]), float(lo_o[j0])))
        else:
            def window_xy(j0: int, j1: int) -> Tuple[np.ndarray, np.ndarray]:
                return xs[j0:j1], ys[j0:j1]
        speed: Optional[np.ndarray] = None
        if speed_all is not None:
            speed = in_order(speed_all)
            step_m = (haversine_m(la_o[:-1], lo_o[:-1], la_o[1:], lo_o[1:]) if geodesic
                      else np.hypot(np.diff(xs), np.diff(ys)))
            speed = edges.drop_position_speeds(speed, t, pid, step_m)
        s_arr, e_arr, refinement = edges.refine_stay_edges(t, pid, seg, s_arr, e_arr, window_xy,
                                                  float(min_duration_s), TIME_EPS_S, is_cancelled,
                                                  speed)
    if progress is not None:
        progress(0.95)
    out = _build_stays(s_arr, e_arr, order, n_all, t, pid, labels, params, origin,
                       None if geodesic else xs, None if geodesic else ys,
                       in_order(LA) if LA is not None else None, in_order(LO) if LO is not None else None,
                       geodesic, open_start, open_end, uvec if geodesic else None, identity)
    out.refinement = refinement
    if progress is not None:
        progress(1.0)
    return out


def _range_sums(col: np.ndarray, s: np.ndarray, e: np.ndarray) -> np.ndarray:
    """Sums of ``col`` over the sorted, disjoint index ranges [s, e] (one pass, no temporaries)."""
    n = col.shape[0]
    bounds = np.column_stack([s, e + 1]).reshape(-1)
    if bounds[-1] >= n:
        bounds = bounds[:-1]
    return np.add.reduceat(col, bounds, axis=0)[0::2]


def _range_centroids_metric(s, e, t, geodesic, xs, ys, uvec) -> np.ndarray:
    """Centroid of each sorted index range [s, e]: (k, 2) metres, or (k, 3) unit vectors."""
    cnt = (e - s + 1).astype(np.float64)
    if geodesic:
        m = _range_sums(uvec, s, e)
        return m / np.linalg.norm(m, axis=1, keepdims=True)
    return np.column_stack([_range_sums(xs, s, e) / cnt, _range_sums(ys, s, e) / cnt])


def _build_stays(s, e, order, n_all, t, pid, labels, params, origin, X, Y, LA, LO,
                 geodesic, open_start, open_end, uvec=None, identity=False) -> Stays:
    """The Stays table; ``X, Y, LA, LO`` are already in sorted (``order``) order."""
    k = s.shape[0]
    stay_sorted = np.full(order.shape[0], -1, dtype=np.int64)
    if k:
        lengths = e - s + 1
        pos = np.repeat(s - np.concatenate([[0], np.cumsum(lengths)[:-1]]), lengths) + np.arange(int(lengths.sum()))
        stay_sorted[pos] = np.repeat(np.arange(k), lengths)
    if identity:
        stay_id = stay_sorted
    else:
        stay_id = np.full(n_all, -1, dtype=np.int64)
        stay_id[order] = stay_sorted

    lat_c = np.full(k, np.nan)
    lon_c = np.full(k, np.nan)
    if k and LA is not None:
        uv = uvec if uvec is not None else _unit_vectors(LA, LO)
        u = _range_centroids_metric(s, e, t, True, None, None, uv)
        lat_c, lon_c = _vectors_to_latlon(u)
    if k and X is not None:
        c = _range_centroids_metric(s, e, t, False, X, Y, None)
        x_c, y_c = c[:, 0], c[:, 1]
    elif k:
        x_c, y_c = local_projection(lat_c, lon_c, origin)
    else:
        x_c = np.zeros(0)
        y_c = np.zeros(0)
    arrive = t[s] if k else np.zeros(0)
    leave = t[e] if k else np.zeros(0)
    return Stays(
        participant=labels[pid[s]] if k else np.zeros(0, dtype=object),
        arrive_s=arrive,
        leave_s=leave,
        duration_s=leave - arrive,
        n_fixes=(e - s + 1).astype(np.int64),
        x_m=np.asarray(x_c, dtype=np.float64),
        y_m=np.asarray(y_c, dtype=np.float64),
        lat=np.asarray(lat_c, dtype=np.float64),
        lon=np.asarray(lon_c, dtype=np.float64),
        first_idx=order[s] if k else np.zeros(0, dtype=np.int64),
        last_idx=order[e] if k else np.zeros(0, dtype=np.int64),
        open_start=np.asarray(open_start, dtype=bool),
        open_end=np.asarray(open_end, dtype=bool),
        place_id=np.full(k, -1, dtype=np.int64),
        stay_id=stay_id,
        params=params,
        origin=origin,
        order=order,
        first_pos=s.astype(np.int64),
        last_pos=e.astype(np.int64),
    )


def movement_fixes_mask(stays: Stays) -> np.ndarray:
    """True for input fixes that are in no stay (and usable): the input of a desire-line density."""
    m = stays.stay_id < 0
    usable = np.zeros(stays.stay_id.shape[0], dtype=bool)
    usable[stays.order] = True
    return m & usable


# --------------------------------------------------------------------------- places
@dataclass
class Places:
    """Places published after k-anonymity: one row per place, ``place_id`` 0..n-1.

    ``x_m``/``y_m`` mean of the member stays' centroids (same frame as the stays), ``ring``
    a list of closed (m, 2) vertex arrays, ``n_participants`` distinct participants,
    ``n_visits`` stays, ``person_hours`` summed stay durations / 3600. ``stay_place_id`` has
    one entry per stay: its published place, -1 when it belongs to none (suppressed).
    ``n_suppressed`` counts clusters dropped for having fewer than ``k_min`` participants.
    """

    place_id: np.ndarray
    x_m: np.ndarray
    y_m: np.ndarray
    ring: List[np.ndarray]
    n_participants: np.ndarray
    n_visits: np.ndarray
    person_hours: np.ndarray
    stay_place_id: np.ndarray
    n_suppressed: int = 0
    radius_m: float = 0.0

    def __len__(self) -> int:
        return int(self.place_id.shape[0])


def cluster_places(
    stays: Stays,
    place_radius_m: float = 50.0,
    k_min: int = kanon.DEFAULT_K_MIN,
    min_stays: int = 1,
    shape: str = "hull",
    progress: ProgressFn = None,
    is_cancelled: CancelFn = None,
) -> Places:
    """Places: stays of all participants clustered by centroid, suppressed below ``k_min``.

    Density-based (DBSCAN, Ester et al. 1996, on stay centroids): a stay with at least
    ``min_stays`` stays (itself included) within ``place_radius_m`` metres is a core stay;
    core stays within ``place_radius_m`` of each other are one place (connected components of
    the radius graph); other stays join the nearest core stay within the radius or form a
    place of their own. With ``min_stays=1`` this is single linkage at ``place_radius_m``.
    A place is published only when :func:`kanon.is_publishable` holds for its distinct
    participants (:func:`kanon.distinct_count`); stays of suppressed places get -1.
    ``shape`` "hull": convex hull of the member centroids buffered by ``place_radius_m``;
    "circle": a 32-gon around the place centroid reaching ``place_radius_m`` beyond the
    furthest member (reveals less about individual stays).
    """
    if place_radius_m <= 0:
        raise ParameterError("place radius must be positive")
    k = len(stays)
    empty = Places(np.zeros(0, np.int64), np.zeros(0), np.zeros(0), [], np.zeros(0, np.int64),
                   np.zeros(0, np.int64), np.zeros(0), np.full(k, -1, np.int64), 0, float(place_radius_m))
    if k == 0:
        return empty
    pts = np.column_stack([stays.x_m, stays.y_m])
    tree = cKDTree(pts)
    pairs = tree.query_pairs(r=float(place_radius_m), output_type="ndarray")
    deg = np.ones(k, dtype=np.int64)
    if pairs.size:
        deg += np.bincount(pairs[:, 0], minlength=k) + np.bincount(pairs[:, 1], minlength=k)
    core = deg >= int(min_stays)
    cp = pairs[core[pairs[:, 0]] & core[pairs[:, 1]]] if pairs.size else pairs.reshape(0, 2)
    g = coo_matrix((np.ones(cp.shape[0]), (cp[:, 0], cp[:, 1])), shape=(k, k))
    _, label = connected_components(g, directed=False)
    # border stays (not core) join the nearest core stay within the radius
    border = np.flatnonzero(~core)
    if border.size and core.any():
        ctree = cKDTree(pts[core])
        dist, j = ctree.query(pts[border], k=1, distance_upper_bound=float(place_radius_m))
        ok = np.isfinite(dist)
        label[border[ok]] = label[np.flatnonzero(core)[j[ok]]]
    if is_cancelled is not None and is_cancelled():
        raise CancelledError("place clustering cancelled")
    _, label = np.unique(label, return_inverse=True)
    n_cl = int(label.max()) + 1
    n_part = kanon.distinct_count(label, stays.participant, n_cl)
    keep = kanon.is_publishable(n_part, k_min)
    new_id = np.full(n_cl, -1, dtype=np.int64)
    new_id[keep] = np.arange(int(keep.sum()))
    stay_place = new_id[label]
    kept = np.flatnonzero(keep)
    n_visits = np.bincount(label, minlength=n_cl)[kept]
    hours = np.bincount(label, weights=stays.duration_s, minlength=n_cl)[kept] / 3600.0
    cx = np.bincount(label, weights=pts[:, 0], minlength=n_cl)[kept] / n_visits
    cy = np.bincount(label, weights=pts[:, 1], minlength=n_cl)[kept] / n_visits
    rings: List[np.ndarray] = []
    members_sorted = np.argsort(label, kind="stable")
    bounds = np.searchsorted(label[members_sorted], np.arange(n_cl + 1))
    for r, cl in enumerate(kept):
        mem = pts[members_sorted[bounds[cl]:bounds[cl + 1]]]
        if shape == "circle":
            reach = float(np.max(np.hypot(mem[:, 0] - cx[r], mem[:, 1] - cy[r])))
            rings.append(circle_ring(cx[r], cy[r], reach + place_radius_m))
        else:
            rings.append(buffered_hull_ring(mem, place_radius_m))
        if progress is not None and (r & 63) == 0:
            progress((r + 1) / len(kept))
    return Places(
        place_id=np.arange(kept.size, dtype=np.int64),
        x_m=cx,
        y_m=cy,
        ring=rings,
        n_participants=n_part[kept].astype(np.int64),
        n_visits=n_visits.astype(np.int64),
        person_hours=hours,
        stay_place_id=stay_place,
        n_suppressed=int((~keep).sum()),
        radius_m=float(place_radius_m),
    )


def assign_places(stays: Stays, places: Places) -> Stays:
    """A copy of ``stays`` with ``place_id`` set from ``places`` (-1 = no published place)."""
    return replace(stays, place_id=np.asarray(places.stay_place_id, dtype=np.int64).copy())


# --------------------------------------------------------------------------- trips, flows
@dataclass
class Trips:
    """Movements between consecutive stays of a participant, one row per trip.

    ``start_s`` = the leave time of the stay before, ``end_s`` = the arrival at the next;
    ``length_m`` the summed straight segments of ``path`` (list of (m, 2) metric vertex
    arrays from the last fix of one stay to the first of the next); ``from_place`` /
    ``to_place`` place ids (-1 = none); ``from_stay``/``to_stay`` stay rows; ``max_step_s``
    the longest time between consecutive fixes on the way.
    """

    participant: np.ndarray
    start_s: np.ndarray
    end_s: np.ndarray
    length_m: np.ndarray
    from_place: np.ndarray
    to_place: np.ndarray
    from_stay: np.ndarray
    to_stay: np.ndarray
    max_step_s: np.ndarray
    path: List[np.ndarray]

    def __len__(self) -> int:
        return int(self.start_s.shape[0])


def trips(
    stays: Stays,
    time_s,
    x_m=None,
    y_m=None,
    place_id=None,
    max_gap_s: Optional[float] = None,
    *,
    lat=None,
    lon=None,
) -> Trips:
    """Trips between consecutive stays of each participant.

    ``time_s`` and ``x_m``/``y_m`` (metres) are the arrays given to :func:`detect_stays`; in
    geodesic mode give ``lat``/``lon`` instead: they are projected with
    :func:`local_projection` about ``stays.origin`` (the frame of the stays' ``x_m``/``y_m``).
    ``place_id`` per stay (default ``stays.place_id``). A trip whose path has a gap longer
    than ``max_gap_s`` (default the stays' ``max_gap_s``) was not observed and is left out.
    """
    if x_m is None or y_m is None:
        if lat is None or lon is None:
            raise ParameterError("give x_m/y_m or lat/lon to trips()")
        origin = stays.origin if stays.origin is not None else (0.0, 0.0)
        x_m, y_m = local_projection(np.asarray(lat, dtype=np.float64), np.asarray(lon, dtype=np.float64), origin)
    k = len(stays)
    gap = stays.params.max_gap_s if max_gap_s is None else float(max_gap_s)
    pl = stays.place_id if place_id is None else np.asarray(place_id, dtype=np.int64)
    if k < 2:
        z = np.zeros(0)
        zi = np.zeros(0, np.int64)
        return Trips(np.zeros(0, object), z, z, z, zi, zi, zi, zi, z, [])
    t = np.asarray(time_s, dtype=np.float64)[stays.order]
    xs = np.asarray(x_m, dtype=np.float64)[stays.order]
    ys = np.asarray(y_m, dtype=np.float64)[stays.order]
    a = np.arange(k - 1)
    b = a + 1
    same = stays.participant[a] == stays.participant[b]
    a, b = a[same], b[same]
    p0 = stays.last_pos[a]
    p1 = stays.first_pos[b]
    n = t.shape[0]
    step_len = np.zeros(n)
    step_dt = np.zeros(n)
    step_len[1:] = np.hypot(np.diff(xs), np.diff(ys))
    step_dt[1:] = np.diff(t)
    cl = np.concatenate([[0.0], np.cumsum(step_len[1:])])
    length = cl[p1] - cl[p0]
    # longest step inside [p0, p1]: reduceat over the steps p0+1..p1
    # (ranges are sorted and disjoint: reduce over [p0+1, p1+1) and keep every other)
    if p0.size:
        bounds = np.column_stack([p0 + 1, p1 + 1]).reshape(-1)
        max_dt = np.maximum.reduceat(np.append(step_dt, 0.0), bounds)[0::2]
    else:
        max_dt = np.zeros(0)
    ok = max_dt <= gap
    a, b, p0, p1, length, max_dt = a[ok], b[ok], p0[ok], p1[ok], length[ok], max_dt[ok]
    paths = [np.column_stack([xs[u:v + 1], ys[u:v + 1]]) for u, v in zip(p0, p1)]
    return Trips(
        participant=stays.participant[a],
        start_s=stays.leave_s[a],
        end_s=stays.arrive_s[b],
        length_m=length,
        from_place=pl[a],
        to_place=pl[b],
        from_stay=a.astype(np.int64),
        to_stay=b.astype(np.int64),
        max_step_s=max_dt,
        path=paths,
    )


@dataclass
class Flows:
    """Place-to-place flows published after k-anonymity (directed; no self-loops by default)."""

    from_place: np.ndarray
    to_place: np.ndarray
    n_participants: np.ndarray
    n_trips: np.ndarray
    n_suppressed: int = 0

    def __len__(self) -> int:
        return int(self.from_place.shape[0])


def flows(trip_table: Trips, k_min: int = kanon.DEFAULT_K_MIN, include_loops: bool = False) -> Flows:
    """Trips counted per (from_place, to_place) in distinct participants; below ``k_min`` dropped.

    Trips from or to no place (-1) are not counted. Counting and suppression go through
    :func:`kanon.distinct_count` and :func:`kanon.is_publishable`.
    """
    f = np.asarray(trip_table.from_place, dtype=np.int64)
    g = np.asarray(trip_table.to_place, dtype=np.int64)
    ok = (f >= 0) & (g >= 0)
    if not include_loops:
        ok &= f != g
    zi = np.zeros(0, np.int64)
    if not ok.any():
        return Flows(zi, zi, zi, zi, 0)
    pairs, pair_id = np.unique(np.column_stack([f[ok], g[ok]]), axis=0, return_inverse=True)
    pair_id = pair_id.reshape(-1)
    n_part = kanon.distinct_count(pair_id, np.asarray(trip_table.participant)[ok], pairs.shape[0])
    n_trips = np.bincount(pair_id, minlength=pairs.shape[0])
    keep = kanon.is_publishable(n_part, k_min)
    return Flows(pairs[keep, 0], pairs[keep, 1], n_part[keep], n_trips[keep], int((~keep).sum()))
