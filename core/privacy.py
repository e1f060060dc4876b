"""Anonymising a round: pseudonyms, withdrawal, masking, coarsening, identifier scrubbing.

Everything works on plain arrays: ``participant`` (object array of raw keys or pseudonyms),
``time_s`` (float64 seconds since 1970-01-01 UTC), ``x_m``/``y_m`` (metres in a metric CRS,
e.g. UTM 32N for Denmark; the caller projects). :func:`anonymise_arrays` runs the whole
chain and returns an :class:`AnonymisationResult`; :func:`apply_to_fixes` turns it into an
anonymised :class:`~.fixes.Fixes` table. Re-identification risk and the report for the
data-protection officer live in :mod:`.risk`.

Order of the chain (each fix removed is counted once, under the first reason that hits it):

1. pseudonyms (random per round, never derived from the raw key);
2. ``masked_polygon``: true position inside a mask polygon (or within its buffer);
3. ``masked_sleeping_place``: true position within ``sleeping_radius_m`` of ANY participant's
   detected sleeping place (see :func:`sleeping_place_mask` for why "any");
4. ``masked_handout``: first/last ``handout_trim_min`` minutes of a track at a hand-out site;
5. coarsening of the fixes that remain: time rounding, optional removal of the calendar date,
   spatial snapping to cell centres and/or planar Laplace noise;
6. the masks of steps 2-4 are checked again on the *published* (coarsened) positions, so a
   fix snapped or noised into a masked area is removed too (same reason). After this no
   published fix lies inside a mask.
"""
from __future__ import annotations

import datetime as _dt
import json
import secrets
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Iterable, List, Optional, Sequence, Tuple, Union, cast

import numpy as np
from scipy.spatial import cKDTree

from .definitions import RejectReason
from .exceptions import CancelledError, ParameterError
from .fixes import Fixes

ProgressFn = Optional[Callable[[float], None]]
CancelFn = Optional[Callable[[], bool]]
RngLike = Union[None, int, np.random.Generator]
TzLike = Union[None, str, float, int, _dt.tzinfo]

# Reason keys (values of the report's ``removed`` dict). All are kinds of RejectReason.MASKED.
MASKED_POLYGON = "masked_polygon"
MASKED_SLEEPING_PLACE = "masked_sleeping_place"
MASKED_HANDOUT = "masked_handout"
WITHDRAWN = "withdrawn"
MASK_REASONS = (MASKED_POLYGON, MASKED_SLEEPING_PLACE, MASKED_HANDOUT)
MASKED = RejectReason.MASKED.value  # umbrella key, for callers that want one number

REFERENCE_MONDAY_UTC_S = 978307200.0
"""2001-01-01T00:00:00Z, a Monday: the week onto which :func:`drop_calendar_date` maps times."""

ALLOWED_FIELDS = ("participant", "round", "time_utc", "dwell_s", "segment", "speed_mps", "ele_m", "hdop", "sats")
"""The only attribute fields an anonymised fix layer may carry (geometry aside)."""

ALLOWED_METADATA = ("round", "crs", "time_resolution_s", "spatial_resolution_m", "k_min", "created_utc")
"""The only layer/file metadata keys an anonymised output may carry."""

ALWAYS_DROPPED = ("source",)


def make_rng(rng: RngLike) -> np.random.Generator:
    """A Generator: given, from an int seed (tests only), or seeded from the OS (production)."""
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None:
        return np.random.default_rng(secrets.randbits(128))
    return np.random.default_rng(int(rng))


def factorize(values) -> Tuple[np.ndarray, np.ndarray]:
    """(sorted distinct labels as str, int64 code per value). Fast for tables grouped by
    participant: strings are compared once per run, not sorted per row."""
    a = np.asarray(values, dtype=object).reshape(-1)
    if a.size == 0:
        return np.zeros(0, dtype=str), np.zeros(0, dtype=np.int64)
    brk = np.ones(a.size, dtype=bool)
    brk[1:] = a[1:] != a[:-1]
    labels, run_code = np.unique(a[brk].astype(str), return_inverse=True)
    return labels, run_code.reshape(-1).astype(np.int64)[np.cumsum(brk) - 1]


def unique_rows(a: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
    """``np.unique(a, axis=0, return_inverse=True)`` for integer matrices, via one int64 key
    per row (much faster on millions of rows); same lexicographic order."""
    a = np.asarray(a, dtype=np.int64)
    n, k = a.shape
    if n == 0:
        return a.reshape(0, k), np.zeros(0, dtype=np.int64)
    mins = a.min(axis=0)
    spans = a.max(axis=0) - mins + 1
    total = 1
    for v in spans:
        total *= int(v)
    if total >= 2 ** 62:
        u, inv = np.unique(a, axis=0, return_inverse=True)
        return u, inv.reshape(-1)
    key = np.zeros(n, dtype=np.int64)
    for j in range(k):
        key = key * spans[j] + (a[:, j] - mins[j])
    uk, inv = np.unique(key, return_inverse=True)
    rows = np.empty((uk.size, k), dtype=np.int64)
    rem = uk
    for j in range(k - 1, -1, -1):
        rows[:, j] = rem % spans[j] + mins[j]
        rem = rem // spans[j]
    return rows, inv.reshape(-1)


def _check(is_cancelled: CancelFn) -> None:
    if is_cancelled is not None and is_cancelled():
        raise CancelledError("Anonymising was cancelled")


# --------------------------------------------------------------------------------------------
# Pseudonyms and withdrawal
# --------------------------------------------------------------------------------------------

def make_pseudonyms(keys: Iterable, rng: RngLike = None) -> Dict[str, str]:
    """Map each distinct raw key to a pseudonym ``P01`` .. ``Pnn``, at random.

    The assignment is a uniformly random permutation drawn fresh for every call (every
    round): a pseudonym says nothing about the key (no hashing, no sorting by key, no
    dependence on the order in which keys are given). ``rng`` is None in production (seeded
    from the operating system via :mod:`secrets`); tests may pass a seed or a Generator.
    Pseudonyms have at least two digits (``P100`` onwards for more than 99 participants).
    """
    uniq = [str(k) for k in factorize(keys if isinstance(keys, np.ndarray) else list(keys))[0]]
    n = len(uniq)
    width = max(2, len(str(n)))
    perm = make_rng(rng).permutation(n)
    return {k: f"P{int(perm[i]) + 1:0{width}d}" for i, k in enumerate(uniq)}


def apply_pseudonyms(participant: np.ndarray, pseudonyms: Dict[str, str]) -> np.ndarray:
    """Object array of pseudonyms for an array of raw keys. Unknown keys raise ParameterError."""
    uniq, inv = factorize(participant)
    missing = [k for k in uniq if k not in pseudonyms]
    if missing:
        raise ParameterError(f"{len(missing)} participant(s) have no pseudonym; rebuild the pseudonym table")
    mapped = np.array([pseudonyms[k] for k in uniq], dtype=object)
    return mapped[inv] if inv.size else np.zeros(0, dtype=object)


def withdrawal_key(pseudonyms: Dict[str, str], round_label: str = "") -> Dict[str, object]:
    """The key file that lets a participant withdraw: raw key -> pseudonym, as a small dict.

    This is the ONLY structure that links raw keys to pseudonyms. The planner keeps it apart
    from the round's data (another folder, ideally another machine or a locked drawer) and
    deletes it when the withdrawal period ends; after that the pseudonyms cannot be linked
    back by anyone.
    """
    return {
        "kind": "trampesti-withdrawal-key",
        "version": 1,
        "round": str(round_label),
        "created_utc": _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "note": "Keep this file apart from the round's data. Delete it when withdrawal is no longer possible.",
        "pseudonyms": {str(k): str(v) for k, v in sorted(pseudonyms.items())},
    }


def withdrawal_key_json(pseudonyms: Dict[str, str], round_label: str = "") -> str:
    """:func:`withdrawal_key` as JSON text (UTF-8, indented)."""
    return json.dumps(withdrawal_key(pseudonyms, round_label), ensure_ascii=False, indent=2)


def read_withdrawal_key(text: str) -> Dict[str, str]:
    """The raw key -> pseudonym mapping from a withdrawal key file's JSON text."""
    try:
        doc = json.loads(text)
        mapping = doc["pseudonyms"]
        if doc.get("kind") != "trampesti-withdrawal-key" or not isinstance(mapping, dict):
            raise KeyError("kind")
    except (ValueError, KeyError, TypeError) as exc:
        raise ParameterError("This is not a Trampesti withdrawal key file") from exc
    return {str(k): str(v) for k, v in mapping.items()}


def pseudonyms_for_keys(key_file_mapping: Dict[str, str], raw_keys: Iterable[str]) -> List[str]:
    """Pseudonyms of the given raw keys (e.g. a device serial read off a returned logger)."""
    out = []
    for k in raw_keys:
        if str(k) not in key_file_mapping:
            raise ParameterError(f"Key '{k}' is not in this round's withdrawal key")
        out.append(key_file_mapping[str(k)])
    return out


def withdraw(fixes: Fixes, pseudonyms_to_remove: Iterable[str]) -> Tuple[Fixes, Counter]:
    """Remove every fix of the given pseudonyms. Returns the remaining fixes and
    ``Counter({'withdrawn': n})``. Aggregates must be recomputed afterwards."""
    labels, codes = factorize(fixes.participant)
    drop = np.isin(labels, [str(p) for p in pseudonyms_to_remove])[codes] if codes.size else np.zeros(0, bool)
    counts: Counter = Counter()
    n = int(drop.sum())
    if n:
        counts[WITHDRAWN] = n
    return fixes.take(~drop), counts


# --------------------------------------------------------------------------------------------
# Geometry: point in polygon (even-odd, holes), distance to boundaries
# --------------------------------------------------------------------------------------------

PolygonLike = Union[np.ndarray, Sequence[np.ndarray]]

_CHUNK_PAIRS = 2_000_000  # point x edge pairs evaluated at once (memory bound)


def _normalise_polygons(polygons: Union[PolygonLike, Sequence[PolygonLike]]) -> List[List[np.ndarray]]:
    """``[[ring, ring...], ...]`` from: one ring array, a list of ring arrays (= simple
    polygons), or a list of lists of rings (= polygons with holes: exterior first)."""
    if polygons is None:
        return []
    if isinstance(polygons, np.ndarray):
        polygons = [polygons]
    out = []
    for poly in polygons:
        rings = [poly] if isinstance(poly, np.ndarray) else list(poly)
        clean = []
        for r in rings:
            a = np.asarray(r, dtype=np.float64)
            if a.ndim != 2 or a.shape[1] < 2 or a.shape[0] < 3:
                raise ParameterError("A mask polygon ring needs at least 3 vertices given as x/y metres")
            a = a[:, :2]
            if not np.array_equal(a[0], a[-1]):
                a = np.vstack([a, a[:1]])
            clean.append(a)
        if clean:
            out.append(clean)
    return out


def _edges(rings: Sequence[np.ndarray]) -> Tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    x0 = np.concatenate([r[:-1, 0] for r in rings])
    y0 = np.concatenate([r[:-1, 1] for r in rings])
    x1 = np.concatenate([r[1:, 0] for r in rings])
    y1 = np.concatenate([r[1:, 1] for r in rings])
    return x0, y0, x1, y1


def points_in_polygon(x_m: np.ndarray, y_m: np.ndarray, rings: Sequence[np.ndarray]) -> np.ndarray:
    """True where a point lies inside one polygon given as rings (exterior + holes).

    Even-odd rule over all rings' edges together (a ray to +x crosses the boundary an odd
    number of times), so holes — and islands inside holes — need no special treatment.
    Points exactly on an edge may fall either way. Vectorised over points x edges in chunks.
    """
    x = np.asarray(x_m, dtype=np.float64)
    y = np.asarray(y_m, dtype=np.float64)
    inside = np.zeros(x.shape[0], dtype=bool)
    ring_list = [rings] if isinstance(rings, np.ndarray) else list(rings)
    rings = _normalise_polygons([ring_list])[0]
    allv = np.vstack(rings)
    bb = (x >= allv[:, 0].min()) & (x <= allv[:, 0].max()) & (y >= allv[:, 1].min()) & (y <= allv[:, 1].max())
    idx = np.flatnonzero(bb)
    if idx.size == 0:
        return inside
    x0, y0, x1, y1 = _edges(rings)
    dy = y1 - y0
    safe_dy = np.where(dy == 0.0, 1.0, dy)
    step = max(1, _CHUNK_PAIRS // max(1, x0.size))
    for s in range(0, idx.size, step):
        sel = idx[s : s + step]
        px = x[sel][:, None]
        py = y[sel][:, None]
        straddle = (y0 > py) != (y1 > py)
        x_cross = x0 + (py - y0) * (x1 - x0) / safe_dy
        crossings = np.count_nonzero(straddle & (px < x_cross), axis=1)
        inside[sel] = (crossings % 2) == 1
    return inside


def distance_to_rings(x_m: np.ndarray, y_m: np.ndarray, rings: Union[PolygonLike, Sequence[PolygonLike]],
                      max_distance_m: float = np.inf) -> np.ndarray:
    """Distance (metres) from each point to the nearest edge of the rings.

    Points farther than ``max_distance_m`` from the rings' bounding box get ``inf`` (not
    computed), which keeps buffering cheap for large fix tables.
    """
    x = np.asarray(x_m, dtype=np.float64)
    y = np.asarray(y_m, dtype=np.float64)
    out = np.full(x.shape[0], np.inf)
    polys = _normalise_polygons(rings if not isinstance(rings, np.ndarray) else [rings])
    flat = [r for poly in polys for r in poly]
    if not flat:
        return out
    allv = np.vstack(flat)
    pad = float(max_distance_m) if np.isfinite(max_distance_m) else np.inf
    near = (
        (x >= allv[:, 0].min() - pad) & (x <= allv[:, 0].max() + pad)
        & (y >= allv[:, 1].min() - pad) & (y <= allv[:, 1].max() + pad)
    )
    idx = np.flatnonzero(near)
    x0, y0, x1, y1 = _edges(flat)
    ex = x1 - x0
    ey = y1 - y0
    len2 = ex * ex + ey * ey
    safe_len2 = np.where(len2 == 0.0, 1.0, len2)
    step = max(1, _CHUNK_PAIRS // max(1, x0.size))
    for s in range(0, idx.size, step):
        sel = idx[s : s + step]
        px = x[sel][:, None] - x0
        py = y[sel][:, None] - y0
        t = np.clip((px * ex + py * ey) / safe_len2, 0.0, 1.0)
        dx = px - t * ex
        dy = py - t * ey
        out[sel] = np.sqrt(np.min(dx * dx + dy * dy, axis=1))
    return out


def mask_polygons(x_m: np.ndarray, y_m: np.ndarray, polygons, buffer_m: float = 0.0) -> np.ndarray:
    """True where a point is inside any mask polygon, or within ``buffer_m`` metres of one.

    ``polygons``: one ring (N x 2 array of x/y metres), a list of rings (each a simple
    polygon), or a list of polygons each given as a list of rings (exterior first, then
    holes). A point inside a hole is not masked unless it is within ``buffer_m`` of the
    hole's edge (the buffer grows the polygon into its holes too, as a GIS buffer does).
    """
    x = np.asarray(x_m, dtype=np.float64)
    y = np.asarray(y_m, dtype=np.float64)
    hit = np.zeros(x.shape[0], dtype=bool)
    for rings in _normalise_polygons(polygons):
        hit |= points_in_polygon(x, y, rings)
        if buffer_m and buffer_m > 0:
            rest = np.flatnonzero(~hit)
            if rest.size:
                d = distance_to_rings(x[rest], y[rest], [rings], max_distance_m=buffer_m)
                hit[rest[d <= buffer_m]] = True
    return hit


def within_radius(x_m: np.ndarray, y_m: np.ndarray, centres_xy, radius_m) -> np.ndarray:
    """True where a point lies within ``radius_m`` (scalar or one per centre) of any centre."""
    x = np.asarray(x_m, dtype=np.float64)
    y = np.asarray(y_m, dtype=np.float64)
    c = np.asarray(centres_xy, dtype=np.float64).reshape(-1, 2)
    hit = np.zeros(x.shape[0], dtype=bool)
    if c.shape[0] == 0 or x.size == 0:
        return hit
    r = np.broadcast_to(np.asarray(radius_m, dtype=np.float64), (c.shape[0],))
    # one pass per distinct radius, over the points inside the centres' box grown by it
    for rr in np.unique(r[r > 0]):
        cc = np.unique(c[r == rr], axis=0)
        lo = cc.min(axis=0) - rr
        hi = cc.max(axis=0) + rr
        cand = np.flatnonzero((x >= lo[0]) & (x <= hi[0]) & (y >= lo[1]) & (y <= hi[1]))
        if cand.size == 0:
            continue
        if cc.shape[0] <= 16:  # few centres: plain distances beat a tree
            for cx, cy in cc:
                dx = x[cand] - cx
                dy = y[cand] - cy
                hit[cand[dx * dx + dy * dy <= rr * rr]] = True
        else:
            d, _ = cKDTree(cc).query(np.column_stack([x[cand], y[cand]]), k=1,
                                     distance_upper_bound=float(rr) * (1.0 + 1e-9) + 1e-9)
            hit[cand[np.isfinite(d) & (d <= rr)]] = True
    return hit


# --------------------------------------------------------------------------------------------
# Local time
# --------------------------------------------------------------------------------------------

def _tzinfo(tz: TzLike) -> Optional[_dt.tzinfo]:
    if tz is None:
        return None
    if isinstance(tz, _dt.tzinfo):
        return tz
    if isinstance(tz, (int, float, np.integer, np.floating)):
        return _dt.timezone(_dt.timedelta(hours=float(tz)))
    from .readers.common import parse_timezone

    return parse_timezone(str(tz))


def local_offset_s(time_s: np.ndarray, tz: TzLike) -> np.ndarray:
    """UTC offset (seconds) in force at each instant: ``local = time_s + offset``.

    ``tz``: None/'UTC', an offset in hours (``1``), a text offset (``+01:00``), an IANA name
    (``Europe/Copenhagen``, daylight saving time handled) or a tzinfo. Offsets are looked up
    once per distinct quarter hour, not per fix.
    """
    t = np.asarray(time_s, dtype=np.float64)
    info = _tzinfo(tz)
    if info is None or t.size == 0:
        return np.zeros(t.shape)
    if isinstance(info, _dt.timezone):
        return np.full(t.shape, info.utcoffset(None).total_seconds())
    q = np.floor(t / 900.0)
    uq, inv = np.unique(q, return_inverse=True)
    offs = np.array([
        cast(_dt.timedelta, _dt.datetime.fromtimestamp(float(v) * 900.0, tz=info).utcoffset()).total_seconds()
        for v in uq
    ])
    # a transition happens on a quarter hour boundary, so the quarter's start decides
    return offs[inv]


# --------------------------------------------------------------------------------------------
# Sleeping places
# --------------------------------------------------------------------------------------------

@dataclass
class SleepingPlace:
    """A participant's main place at night. ``x_m``/``y_m`` is the dwell-weighted centre,
    ``radius_m`` the distance from it to the farthest fix counted in the stay."""

    participant: str
    x_m: float
    y_m: float
    radius_m: float
    night_dwell_s: float      # time at the place inside the night windows, all nights together
    longest_stay_s: float     # longest unbroken stay there inside one night window
    n_nights: int             # nights with presence at the place
    night: Optional[int] = None  # local date index (days since 1970) of the evening, per-night places only


def _night_seconds_before(local_s: np.ndarray, night_start_h: float, night_end_h: float) -> np.ndarray:
    """Night seconds between local time 0 (1970-01-01 00:00 local) and each ``local_s``.

    The difference of two values is the night time inside an interval, computed exactly
    for any interval length without stepping through it.
    """
    a, b = night_start_h * 3600.0, night_end_h * 3600.0
    days = np.floor(local_s / 86400.0)
    u = local_s - days * 86400.0
    if a > b:  # wraps midnight: [0, b) and [a, 24 h)
        per_day = b + (86400.0 - a)
        within = np.minimum(u, b) + np.maximum(0.0, u - a)
    else:
        per_day = b - a
        within = np.clip(u - a, 0.0, per_day)
    return days * per_day + within


def _night_dwell(t: np.ndarray, local: np.ndarray, same_next: np.ndarray, max_gap_s: float,
                 night_start_h: float, night_end_h: float) -> np.ndarray:
    """Night seconds each fix stands for: the fix holds from its time until the next fix of
    the same participant (at most ``max_gap_s``), and only the part inside the night window
    counts."""
    span = np.zeros(t.shape[0])
    if t.shape[0] > 1:
        span[:-1] = np.where(same_next, np.minimum(np.diff(t), max_gap_s), 0.0)
    return (_night_seconds_before(local + span, night_start_h, night_end_h)
            - _night_seconds_before(local, night_start_h, night_end_h))


def _main_place(x: np.ndarray, y: np.ndarray, t: np.ndarray, night_id: np.ndarray, dwell: np.ndarray,
                stay_radius_m: float, max_gap_s: float) -> Optional[Tuple[float, float, float, float, float, int]]:
    """The place with the most dwell within ``stay_radius_m``: grid-thin, neighbour sums,
    then two mean-shift steps. Returns (cx, cy, radius, dwell, longest_run, n_nights)."""
    if x.size == 0 or dwell.sum() <= 0:
        return None
    cell = stay_radius_m / 4.0
    ij = np.column_stack([np.floor(x / cell), np.floor(y / cell)]).astype(np.int64)
    cells, inv = unique_rows(ij)
    w = np.bincount(inv, weights=dwell, minlength=cells.shape[0])
    sx = np.bincount(inv, weights=dwell * x, minlength=cells.shape[0])
    sy = np.bincount(inv, weights=dwell * y, minlength=cells.shape[0])
    ok = w > 0
    cxy = np.column_stack([sx[ok] / w[ok], sy[ok] / w[ok]])
    w = w[ok]
    tree = cKDTree(cxy)
    pairs = tree.sparse_distance_matrix(tree, stay_radius_m, output_type="coo_matrix")
    # the sparse matrix drops zero distances (each cell to itself): add the own weight back
    neigh = np.asarray(pairs.tocsr().astype(bool).astype(np.float64) @ w).reshape(-1) + w
    cx, cy = cxy[int(np.argmax(neigh))]
    for _ in range(3):
        d = np.hypot(x - cx, y - cy)
        m = (d <= stay_radius_m) & (dwell > 0)
        if not m.any():
            break
        cx = float(np.average(x[m], weights=dwell[m]))
        cy = float(np.average(y[m], weights=dwell[m]))
    d = np.hypot(x - cx, y - cy)
    m = d <= stay_radius_m
    total = float(dwell[m].sum())
    # longest unbroken run of consecutive in-place fixes within one night
    brk = np.ones(x.size, dtype=bool)
    if x.size > 1:
        brk[1:] = ~(m[1:] & m[:-1] & (night_id[1:] == night_id[:-1]) & (np.diff(t) <= max_gap_s))
    run_id = np.cumsum(brk)
    run_dwell = np.bincount(run_id[m], weights=dwell[m]) if m.any() else np.zeros(1)
    radius = float(d[m].max()) if m.any() else 0.0
    nights = int(np.unique(night_id[m & (dwell > 0)]).size)
    return float(cx), float(cy), radius, total, float(run_dwell.max()), nights


def detect_sleeping_places(
    participant: np.ndarray,
    time_s: np.ndarray,
    x_m: np.ndarray,
    y_m: np.ndarray,
    timezone: TzLike = "Europe/Copenhagen",
    night_start_h: float = 22.0,
    night_end_h: float = 7.0,
    stay_radius_m: float = 50.0,
    min_duration_s: float = 3600.0,
    max_gap_s: float = 12.0 * 3600.0,
    per_night: bool = False,
    progress: ProgressFn = None,
    is_cancelled: CancelFn = None,
) -> List[SleepingPlace]:
    """Each participant's sleeping place: the longest stay inside the night window.

    Night = local clock time in ``[night_start_h, night_end_h)`` (wrapping midnight when
    start > end), in ``timezone`` (IANA name or offset; DST handled). Each fix stands for
    the time until the participant's next fix, capped at ``max_gap_s`` (default 12 h, so a
    logger that logs rarely while its carrier lies still — or a Takeout history that has
    only a visit's start and end — is counted fairly; over-counting only masks more), and
    the part of that time inside the night window is its night dwell. The place is where the participant spends
    the most night time within ``stay_radius_m`` of one centre — all nights summed when
    ``per_night`` is False (one place per participant), or one place per participant and
    night when True (for people who sleep in different spots; all are returned). Places
    with less than ``min_duration_s`` of night time are ignored. Summing dwell within a
    radius, rather than requiring one unbroken run, keeps a stay whole when GPS jitter or a
    short walk interrupts it; ``longest_stay_s`` gives the longest unbroken run too.
    """
    labels, p = factorize(participant)
    t = np.asarray(time_s, dtype=np.float64)
    x = np.asarray(x_m, dtype=np.float64)
    y = np.asarray(y_m, dtype=np.float64)
    good = np.isfinite(t) & np.isfinite(x) & np.isfinite(y)
    order = np.lexsort((t, p))
    order = order[good[order]]
    p, t, x, y = p[order], t[order], x[order], y[order]
    starts = np.searchsorted(p, np.arange(labels.size + 1))  # p is sorted: rows of each participant
    local = t + local_offset_s(t, timezone)
    same_next = p[1:] == p[:-1]
    dwell_all = _night_dwell(t, local, same_next, max_gap_s, night_start_h, night_end_h)
    night = dwell_all > 0
    night_id = np.floor((local - night_end_h * 3600.0) / 86400.0).astype(np.int64)
    places: List[SleepingPlace] = []
    uniq = np.unique(p[night])
    for i, who in enumerate(uniq):
        _check(is_cancelled)
        lo, hi = int(starts[who]), int(starts[who + 1])
        sel = lo + np.flatnonzero(night[lo:hi])
        nid = night_id[sel]
        dwell = dwell_all[sel]
        groups = [np.arange(sel.size)] if not per_night else [np.flatnonzero(nid == v) for v in np.unique(nid)]
        for g in groups:
            found = _main_place(x[sel][g], y[sel][g], t[sel][g], nid[g], dwell[g], stay_radius_m, max_gap_s)
            if found is None or found[3] < min_duration_s:
                continue
            cx, cy, rad, tot, longest, n_n = found
            places.append(SleepingPlace(str(labels[who]), cx, cy, rad, tot, longest, n_n,
                                        int(nid[g][0]) if per_night else None))
        if progress is not None:
            progress((i + 1) / len(uniq))
    return places


def sleeping_place_mask(x_m: np.ndarray, y_m: np.ndarray, places: Sequence[SleepingPlace],
                        radius_m: float) -> np.ndarray:
    """True where a fix — of ANY participant — lies within the masking radius of ANY
    participant's sleeping place.

    The radius used for a place is ``max(radius_m, place.radius_m)``. Why every participant's
    fixes and not only the sleeper's: (1) people sleep near each other, and a friend's fixes
    at 02:00 reveal the spot just as well; (2) a hole only in one person's trace, with other
    traces running through it, points at the hole; (3) it costs little data, because the
    masking radius is small next to a city.
    """
    if not places:
        return np.zeros(np.asarray(x_m).shape[0], dtype=bool)
    c = np.array([[pl.x_m, pl.y_m] for pl in places])
    r = np.array([max(float(radius_m), pl.radius_m) for pl in places])
    return within_radius(x_m, y_m, c, r)


# --------------------------------------------------------------------------------------------
# Hand-out site trimming
# --------------------------------------------------------------------------------------------

def handout_mask(
    participant: np.ndarray,
    time_s: np.ndarray,
    x_m: np.ndarray,
    y_m: np.ndarray,
    handout_xy,
    radius_m: float,
    trim_min: float,
    check_x_m: Optional[np.ndarray] = None,
    check_y_m: Optional[np.ndarray] = None,
) -> np.ndarray:
    """True for fixes to trim at the start/end of a track near a hand-out site.

    Per participant, the start window is the first ``trim_min`` minutes after the first fix
    and the end window the last ``trim_min`` minutes before the last fix. In a window a fix is
    trimmed when it lies within ``radius_m`` of a hand-out site, and the WHOLE window is
    trimmed when the track's first (last) fix lies there — the walk away from the hand-out
    would otherwise lead straight back to it. The hand-out visit itself (the unbroken run of
    fixes within ``radius_m`` at the very start or end of the track) is trimmed however long
    it lasts, and the window then counts from the end (start) of that visit.
    ``check_x_m``/``check_y_m`` (published positions) are tested against the radius too.
    Visits to the site in the middle of the round are NOT touched (use a mask polygon if the
    site itself must never appear).
    """
    t = np.asarray(time_s, dtype=np.float64)
    n = t.shape[0]
    sites = np.asarray(handout_xy, dtype=np.float64).reshape(-1, 2)
    if n == 0 or sites.shape[0] == 0 or radius_m <= 0 or trim_min <= 0:
        return np.zeros(n, dtype=bool)
    near = within_radius(x_m, y_m, sites, radius_m)
    if check_x_m is not None and check_y_m is not None:
        near |= within_radius(check_x_m, check_y_m, sites, radius_m)
    _, pid = factorize(participant)
    k = int(pid.max()) + 1
    order = np.lexsort((t, pid))
    ps, ts, ns = pid[order], t[order], near[order]
    new_p = np.r_[True, ps[1:] != ps[:-1]]
    last_p = np.r_[ps[1:] != ps[:-1], True]
    opening = _leading_run(ns, new_p)
    closing = _leading_run(ns[::-1], last_p[::-1])[::-1]
    # the windows count from the first/last fix outside the hand-out visit
    t_first = np.full(k, np.inf)
    t_last = np.full(k, -np.inf)
    np.minimum.at(t_first, ps, np.where(opening, np.inf, ts))
    np.maximum.at(t_last, ps, np.where(closing, -np.inf, ts))
    starts_near = np.zeros(k, dtype=bool)
    ends_near = np.zeros(k, dtype=bool)
    starts_near[ps[new_p]] = ns[new_p]
    ends_near[ps[last_p]] = ns[last_p]
    w = trim_min * 60.0
    in_start = ts <= t_first[ps] + w
    in_end = ts >= t_last[ps] - w
    trim_sorted = opening | closing | (in_start & (ns | starts_near[ps])) | (in_end & (ns | ends_near[ps]))
    out = np.zeros(n, dtype=bool)
    out[order] = trim_sorted
    return out


def _leading_run(flag: np.ndarray, group_start: np.ndarray) -> np.ndarray:
    """True for the unbroken run of ``flag`` at the start of each group (rows in group order)."""
    off = (~flag).astype(np.int64)
    cs = np.cumsum(off)
    base = (cs - off)[group_start][np.cumsum(group_start) - 1]
    return (cs - base) == 0


# --------------------------------------------------------------------------------------------
# Coarsening
# --------------------------------------------------------------------------------------------

def round_times(time_s: np.ndarray, resolution_s: float) -> np.ndarray:
    """Times rounded to the nearest multiple of ``resolution_s`` seconds since the epoch
    (halves round up: with 300 s, 10:02:30 -> 10:05:00). ``resolution_s <= 0`` keeps them."""
    t = np.asarray(time_s, dtype=np.float64)
    if not resolution_s or resolution_s <= 0:
        return t.copy()
    r = float(resolution_s)
    return np.floor(t / r + 0.5) * r


def drop_calendar_date(time_s: np.ndarray, timezone: TzLike = "Europe/Copenhagen") -> np.ndarray:
    """Keep weekday and local time of day, drop the date.

    Each time is moved to the same weekday and local clock time in the reference week that
    starts on Monday 2001-01-01 (local). The result is still a true UTC instant (so it can be
    stored in ``time_utc``): shown in ``timezone`` it reads e.g. "Wed 2001-01-03 23:15" for
    a fix taken on any Wednesday at 23:15 local time. The reference week is in winter, so
    for zones with DST the UTC value differs from the original by the DST hour, but the local
    weekday and clock time are exact. Compute ``dwell_s`` and ``segment`` before calling:
    a round longer than a week folds onto one week.
    """
    t = np.asarray(time_s, dtype=np.float64)
    if t.size == 0:
        return t.copy()
    local = t + local_offset_s(t, timezone)
    days = np.floor(local / 86400.0)
    sod = local - days * 86400.0
    weekday = np.mod(days + 3.0, 7.0)  # 1970-01-01 was a Thursday (Monday = 0)
    ref_local = REFERENCE_MONDAY_UTC_S + weekday * 86400.0 + sod
    # local wall clock in the reference week -> UTC, with the offset in force then
    guess = ref_local - local_offset_s(ref_local, timezone)
    return ref_local - local_offset_s(guess, timezone)


def snap_to_grid(x_m: np.ndarray, y_m: np.ndarray, resolution_m: float,
                 origin_xy: Tuple[float, float] = (0.0, 0.0)) -> Tuple[np.ndarray, np.ndarray]:
    """Each point moved to the centre of its ``resolution_m`` grid cell (cells anchored at
    ``origin_xy``, half-open ``[x0, x0 + res)``). ``resolution_m <= 0`` keeps the points."""
    x = np.asarray(x_m, dtype=np.float64)
    y = np.asarray(y_m, dtype=np.float64)
    if not resolution_m or resolution_m <= 0:
        return x.copy(), y.copy()
    r = float(resolution_m)
    ox, oy = float(origin_xy[0]), float(origin_xy[1])
    return (np.floor((x - ox) / r) + 0.5) * r + ox, (np.floor((y - oy) / r) + 0.5) * r + oy


def planar_laplace(x_m: np.ndarray, y_m: np.ndarray, epsilon_per_m: float,
                   rng: RngLike = None) -> Tuple[np.ndarray, np.ndarray]:
    """Geo-indistinguishability noise (Andrés et al., CCS 2013): each point moved by a
    distance r ~ Gamma(shape=2, scale=1/epsilon) (mean 2/epsilon metres) in a uniform
    direction. This is the planar Laplace density  eps^2/(2 pi) exp(-eps d). Smaller
    ``epsilon_per_m`` = more noise; e.g. ln(4)/200 m gives "4 times more likely" at most
    between any two points 200 m apart. ``rng`` None (production) = seeded from the OS.
    """
    x = np.asarray(x_m, dtype=np.float64)
    y = np.asarray(y_m, dtype=np.float64)
    if epsilon_per_m is None or epsilon_per_m <= 0:
        raise ParameterError("Laplace noise needs a positive epsilon (per metre)")
    g = make_rng(rng)
    r = g.gamma(2.0, 1.0 / float(epsilon_per_m), size=x.shape)
    a = g.uniform(0.0, 2.0 * np.pi, size=x.shape)
    return x + r * np.cos(a), y + r * np.sin(a)


# --------------------------------------------------------------------------------------------
# Identifier scrubbing
# --------------------------------------------------------------------------------------------

def allowed_fields(field_names: Iterable[str], keep_elevation: bool = True) -> Tuple[List[str], List[str]]:
    """Split field names into (kept, dropped) for an anonymised layer.

    Kept: only names in :data:`ALLOWED_FIELDS` (``ele_m`` only with ``keep_elevation``: it
    can tell the floor of a building). Everything else — ``source``, names, descriptions,
    device fields, any extra column — is dropped. Order of the input is kept.
    """
    allowed = set(ALLOWED_FIELDS)
    if not keep_elevation:
        allowed.discard("ele_m")
    for f in ALWAYS_DROPPED:
        allowed.discard(f)
    kept: List[str] = []
    dropped: List[str] = []
    for f in field_names:
        (kept if f in allowed else dropped).append(f)
    return kept, dropped


def scrub_metadata(metadata: Dict[str, object]) -> Dict[str, object]:
    """Only the keys in :data:`ALLOWED_METADATA` (GPX names, authors, file names are dropped)."""
    return {k: v for k, v in metadata.items() if k in ALLOWED_METADATA}


# --------------------------------------------------------------------------------------------
# The whole chain
# --------------------------------------------------------------------------------------------

@dataclass
class AnonymiseOptions:
    """Settings of one anonymisation run (units in the names; 0 switches a step off)."""

    mask_polygons: Sequence = ()
    mask_buffer_m: float = 0.0
    mask_sleeping_places: bool = True
    sleeping_radius_m: float = 200.0
    sleeping_stay_radius_m: float = 50.0
    sleeping_min_duration_s: float = 3600.0
    sleeping_per_night: bool = True
    sleeping_max_gap_s: float = 12.0 * 3600.0
    night_start_h: float = 22.0
    night_end_h: float = 7.0
    timezone: TzLike = "Europe/Copenhagen"
    handout_xy: Sequence = ()
    handout_radius_m: float = 100.0
    handout_trim_min: float = 30.0
    time_resolution_s: float = 0.0
    drop_calendar_date: bool = False
    spatial_resolution_m: float = 0.0
    grid_origin_xy: Tuple[float, float] = (0.0, 0.0)
    laplace_epsilon_per_m: float = 0.0
    keep_elevation: bool = True
    seed: Optional[int] = None  # tests only: pseudonyms and noise become reproducible

    def summary(self) -> Dict[str, object]:
        """Settings for the report (no coordinates of masks, sleeping places or sites)."""
        return {
            "mask_polygons": len(_normalise_polygons(self.mask_polygons)),
            "mask_buffer_m": float(self.mask_buffer_m),
            "mask_sleeping_places": bool(self.mask_sleeping_places),
            "sleeping_radius_m": float(self.sleeping_radius_m),
            "night_window": f"{self.night_start_h:g}-{self.night_end_h:g} h local",
            "handout_sites": int(np.asarray(self.handout_xy, dtype=float).reshape(-1, 2).shape[0]),
            "handout_radius_m": float(self.handout_radius_m),
            "handout_trim_min": float(self.handout_trim_min),
            "time_resolution_s": float(self.time_resolution_s),
            "drop_calendar_date": bool(self.drop_calendar_date),
            "spatial_resolution_m": float(self.spatial_resolution_m),
            "laplace_epsilon_per_m": float(self.laplace_epsilon_per_m),
            "keep_elevation": bool(self.keep_elevation),
        }


@dataclass
class AnonymisationResult:
    """What :func:`anonymise_arrays` gives. ``keep`` selects input rows; the ``*_out`` arrays
    are aligned with the kept rows. Nothing here holds a raw key except ``pseudonyms`` (which
    is for :func:`withdrawal_key` only and must not be written with the round)."""

    pseudonyms: Dict[str, str]
    keep: np.ndarray
    participant_out: np.ndarray
    time_s_out: np.ndarray
    x_m_out: np.ndarray
    y_m_out: np.ndarray
    removed: Counter
    removed_by_pseudonym: Dict[str, Counter]
    kept_by_pseudonym: Dict[str, int]
    sleeping_places: List[SleepingPlace]
    settings: Dict[str, Any] = field(default_factory=dict)
    time_transform: Optional[Callable[[np.ndarray], np.ndarray]] = None

    @property
    def n_in(self) -> int:
        return int(self.keep.shape[0])

    @property
    def n_out(self) -> int:
        return int(self.keep.sum())


def anonymise_arrays(
    participant: np.ndarray,
    time_s: np.ndarray,
    x_m: np.ndarray,
    y_m: np.ndarray,
    options: Optional[AnonymiseOptions] = None,
    pseudonyms: Optional[Dict[str, str]] = None,
    progress: ProgressFn = None,
    is_cancelled: CancelFn = None,
) -> AnonymisationResult:
    """Run the whole chain (see the module docstring) on raw keys and metric positions.

    ``pseudonyms`` may be given (e.g. to re-run a round with the same table); otherwise a
    fresh random table is drawn. The result's ``sleeping_places`` carry pseudonyms.
    """
    o = options or AnonymiseOptions()
    rng = make_rng(o.seed)
    raw_labels, raw_code = factorize(participant)
    t = np.asarray(time_s, dtype=np.float64)
    x = np.asarray(x_m, dtype=np.float64)
    y = np.asarray(y_m, dtype=np.float64)
    n = t.shape[0]
    if not (raw_code.shape[0] == n == x.shape[0] == y.shape[0]):
        raise ParameterError("participant, time_s, x_m and y_m must have the same length")
    if pseudonyms is None:
        pseudonyms = make_pseudonyms(raw_labels, rng)
    missing = [k for k in raw_labels if k not in pseudonyms]
    if missing:
        raise ParameterError(f"{len(missing)} participant(s) have no pseudonym; rebuild the pseudonym table")
    pseudo_labels = np.array([pseudonyms[k] for k in raw_labels], dtype=object)
    pseudo = pseudo_labels[raw_code] if n else np.zeros(0, dtype=object)
    codes = ("",) + MASK_REASONS
    reason = np.zeros(n, dtype=np.int8)  # index into ``codes``; 0 = kept

    def mark(mask: np.ndarray, why: str) -> None:
        reason[mask & (reason == 0)] = codes.index(why)

    def report(f: float) -> None:
        if progress is not None:
            progress(f)

    _check(is_cancelled)
    polys = _normalise_polygons(o.mask_polygons)
    if polys:
        mark(mask_polygons(x, y, polys, o.mask_buffer_m), MASKED_POLYGON)
    report(0.2)
    places: List[SleepingPlace] = []
    if o.mask_sleeping_places and o.sleeping_radius_m > 0:
        places = detect_sleeping_places(
            pseudo, t, x, y, timezone=o.timezone, night_start_h=o.night_start_h, night_end_h=o.night_end_h,
            stay_radius_m=o.sleeping_stay_radius_m, min_duration_s=o.sleeping_min_duration_s,
            max_gap_s=o.sleeping_max_gap_s, per_night=o.sleeping_per_night, is_cancelled=is_cancelled,
        )
        mark(sleeping_place_mask(x, y, places, o.sleeping_radius_m), MASKED_SLEEPING_PLACE)
    report(0.5)
    _check(is_cancelled)
    sites = np.asarray(o.handout_xy, dtype=np.float64).reshape(-1, 2)
    if sites.shape[0]:
        mark(handout_mask(pseudo, t, x, y, sites, o.handout_radius_m, o.handout_trim_min), MASKED_HANDOUT)
    report(0.6)

    # coarsen everything (cheap), then re-check the masks on the published positions
    t_out = round_times(t, o.time_resolution_s)
    time_transform = None
    if o.drop_calendar_date:
        tz = o.timezone
        t_out = drop_calendar_date(t_out, tz)

        def time_transform(v: np.ndarray, _tz=tz) -> np.ndarray:
            return drop_calendar_date(v, _tz)

    x_out, y_out = x, y
    if o.spatial_resolution_m and o.spatial_resolution_m > 0:
        x_out, y_out = snap_to_grid(x_out, y_out, o.spatial_resolution_m, o.grid_origin_xy)
    if o.laplace_epsilon_per_m and o.laplace_epsilon_per_m > 0:
        x_out, y_out = planar_laplace(x_out, y_out, o.laplace_epsilon_per_m, rng)
    report(0.7)
    _check(is_cancelled)
    if x_out is not x:
        if polys:
            mark(mask_polygons(x_out, y_out, polys, o.mask_buffer_m), MASKED_POLYGON)
        if places:
            mark(sleeping_place_mask(x_out, y_out, places, o.sleeping_radius_m), MASKED_SLEEPING_PLACE)
        if sites.shape[0]:
            mark(handout_mask(pseudo, t, x, y, sites, o.handout_radius_m, o.handout_trim_min,
                              check_x_m=x_out, check_y_m=y_out), MASKED_HANDOUT)
    report(0.9)

    keep = reason == 0
    table = np.bincount(raw_code * len(codes) + reason, minlength=raw_labels.size * len(codes)).reshape(
        raw_labels.size, len(codes))
    removed: Counter = Counter({codes[j]: int(table[:, j].sum()) for j in range(1, len(codes)) if table[:, j].sum()})
    by_p: Dict[str, Counter] = {}
    kept_by: Dict[str, int] = {}
    for i in np.argsort(pseudo_labels.astype(str)):
        pn = str(pseudo_labels[i])
        by_p[pn] = Counter({codes[j]: int(table[i, j]) for j in range(1, len(codes)) if table[i, j]})
        kept_by[pn] = int(table[i, 0])
    settings = o.summary()
    settings["seeded"] = o.seed is not None
    report(1.0)
    return AnonymisationResult(
        pseudonyms=pseudonyms,
        keep=keep,
        participant_out=pseudo[keep],
        time_s_out=t_out[keep],
        x_m_out=np.asarray(x_out)[keep],
        y_m_out=np.asarray(y_out)[keep],
        removed=removed,
        removed_by_pseudonym=by_p,
        kept_by_pseudonym=kept_by,
        sleeping_places=places,
        settings=settings,
        time_transform=time_transform,
    )


def apply_to_fixes(fixes: Fixes, result: AnonymisationResult, lat_out: np.ndarray, lon_out: np.ndarray) -> Fixes:
    """The anonymised Fixes table: kept rows, pseudonyms, coarsened times, ``source`` blank.

    ``lat_out``/``lon_out`` are the published positions (``result.x_m_out``/``y_m_out``
    projected back to WGS84 by the caller) — required, so the raw positions can never be
    written by mistake. ``ele_m`` is blanked (NaN) when the options said not to keep it.
    """
    if len(fixes) != result.n_in:
        raise ParameterError("The fixes table does not match the anonymisation result")
    out = fixes.take(result.keep)
    lat = np.asarray(lat_out, dtype=np.float64).reshape(-1)
    lon = np.asarray(lon_out, dtype=np.float64).reshape(-1)
    if lat.shape[0] != len(out) or lon.shape[0] != len(out):
        raise ParameterError("lat_out/lon_out must have one value per kept fix")
    out.participant = result.participant_out.copy()
    out.time_s = result.time_s_out.copy()
    out.lat = lat.copy()
    out.lon = lon.copy()
    out.source = np.full(len(out), "", dtype=object)
    if not result.settings.get("keep_elevation", True):
        out.ele_m = np.full(len(out), np.nan)
    return out
