"""Site suitability and site selection for mobile shelters.

Everything here works in one metric CRS: coordinates are ``(x_m, y_m)`` numpy arrays of shape
``(n, 2)`` in metres; distances and radii are metres; demand weights are person-hours (a fix's
``dwell_s / 3600`` or a stay's ``duration_s / 3600``). Polygons are given as a list of
polygons, each a list of rings (``(m, 2)`` arrays, exterior first, holes after; rings may be
open or closed). A flat list of rings is read as one (multi)polygon under the even-odd rule,
which keeps holes holes and disjoint parts separate.

Two stages, matching ``trampesti:sitesuitability`` and ``trampesti:selectsites``:

1. **Suitability** (multi-criteria evaluation): each criterion maps every candidate to a score
   in 0..1 (demand, toilet access, cover, wind shelter, extra benefit/cost criteria);
   exclusion zones (with a buffer) remove candidates altogether; the weights are direct or
   come from an AHP pairwise comparison matrix (Saaty 1980: principal eigenvector,
   consistency ratio CR = CI / RI, refused above 0.1); the score is the weighted sum.
2. **Selection**: the maximal covering location problem (MCLP, Church & ReVelle 1974) --
   choose ``n_sites`` candidates so that as much demand as possible lies within
   ``service_radius_m`` of an open site -- solved exactly as a mixed-integer programme with
   :func:`scipy.optimize.milp` (HiGHS). A greedy heuristic (Nemhauser, Wolsey & Fisher 1978:
   at least (1 - 1/e) of the optimum for the plain cardinality-constrained problem) with the
   LP-relaxation upper bound is the fallback for very large instances or when the solver
   stops at a time limit. Mobile shelters over several phases (:func:`plan_phases`) and a
   Monte Carlo weight sensitivity (:func:`weight_sensitivity`) build on it.

Privacy (``core.kanon``): demand counts only where at least ``k_min`` distinct participants
stand behind it, and per-site figures backed by fewer than ``k_min`` participants are
withheld (NaN).
"""
from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Optional, Union

import numpy as np
from scipy import sparse
from scipy.spatial import cKDTree

from . import kanon
from .exceptions import CancelledError, ParameterError

try:  # scipy >= 1.9
    from scipy.optimize import Bounds, LinearConstraint, linprog, milp

    HAVE_MILP = True
except ImportError:  # pragma: no cover - the supported stack has milp
    HAVE_MILP = False
    from scipy.optimize import linprog  # type: ignore[assignment]

# runtime aliases: typing forms, not PEP 604 unions, so that Python 3.9 can evaluate them
ProgressFn = Optional[Callable[[float], None]]  # noqa: UP045
CancelFn = Optional[Callable[[], bool]]  # noqa: UP045
PolygonsLike = Union[None, np.ndarray, Sequence[np.ndarray], Sequence[Sequence[np.ndarray]]]  # noqa: UP007

#: Saaty's random consistency index RI by matrix order n (Saaty 1980, Table 1.7).
SAATY_RI: dict[int, float] = {
    1: 0.0, 2: 0.0, 3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32, 8: 1.41, 9: 1.45, 10: 1.49,
}
#: AHP matrices whose consistency ratio exceeds this are refused.
MAX_CONSISTENCY_RATIO = 0.1

OBJECTIVES = ("person_hours", "participants")
_POINT_CHUNK = 2_000_000  # points x edges evaluated per numpy block
_MILP_DISP = False  # True prints the HiGHS log (debugging)


def _check_cancel(is_cancelled: CancelFn) -> None:
    if is_cancelled is not None and is_cancelled():
        raise CancelledError("Site computation cancelled.")


def _report(progress: ProgressFn, fraction: float) -> None:
    if progress is not None:
        progress(float(min(1.0, max(0.0, fraction))))


def _as_xy(xy, name: str) -> np.ndarray:
    a = np.asarray(xy, dtype=np.float64)
    if a.size == 0:
        return np.zeros((0, 2), dtype=np.float64)
    if a.ndim != 2 or a.shape[1] != 2:
        raise ParameterError(f"{name} must be an (n, 2) array of x_m, y_m coordinates, got shape {a.shape}.")
    if not np.all(np.isfinite(a)):
        raise ParameterError(f"{name} contains missing (NaN) or infinite coordinates.")
    return a


# --------------------------------------------------------------------------------------------
# Candidates
# --------------------------------------------------------------------------------------------

def grid_candidates(xmin: float, ymin: float, xmax: float, ymax: float, spacing_m: float,
                    within: PolygonsLike = None) -> np.ndarray:
    """Candidate points at the centres of a square grid covering the box, spacing ``spacing_m``.

    The first centre is at ``(xmin + spacing_m/2, ymin + spacing_m/2)``; centres stay inside
    the box. ``within`` (optional polygons, e.g. the study area) keeps only the centres inside.
    Returns an ``(n, 2)`` float64 array in the box's metric CRS.
    """
    if not spacing_m > 0:
        raise ParameterError(f"Candidate grid spacing must be positive, got {spacing_m} m.")
    if xmax < xmin or ymax < ymin:
        raise ParameterError("Candidate grid box has xmax < xmin or ymax < ymin.")
    nx = math.floor((xmax - xmin) / spacing_m + 1e-9)
    ny = math.floor((ymax - ymin) / spacing_m + 1e-9)
    if nx * ny > 5_000_000:
        raise ParameterError(
            f"A {spacing_m} m grid over this box gives {nx * ny} candidates; use a coarser spacing.")
    xs = xmin + (np.arange(nx) + 0.5) * spacing_m
    ys = ymin + (np.arange(ny) + 0.5) * spacing_m
    gx, gy = np.meshgrid(xs, ys)
    pts = np.column_stack([gx.ravel(), gy.ravel()])
    if within is not None:
        pts = pts[points_in_polygons(pts, within)]
    return pts


# --------------------------------------------------------------------------------------------
# Geometry: vectorised point-in-polygon and point-to-boundary distance
# --------------------------------------------------------------------------------------------

def _is_ring(obj) -> bool:
    try:
        a = np.asarray(obj, dtype=np.float64)
    except (ValueError, TypeError):
        return False
    return a.ndim == 2 and a.shape[1] == 2


def _normalise_polygons(polygons: PolygonsLike) -> list[list[np.ndarray]]:
    """``[[ring, ...], ...]``: a list of polygons, each a list of (m, 2) rings."""
    if polygons is None:
        return []
    if isinstance(polygons, np.ndarray) and polygons.ndim == 2:
        polygons = [polygons]
    polys = list(polygons)
    if not polys:
        return []
    if all(_is_ring(p) for p in polys):
        polys = [polys]  # a flat list of rings = one (multi)polygon, even-odd rule
    out: list[list[np.ndarray]] = []
    for poly in polys:
        rings: list[np.ndarray] = []
        for ring in poly:
            r = np.asarray(ring, dtype=np.float64)
            if r.ndim != 2 or r.shape[1] != 2:
                raise ParameterError(f"A polygon ring must be an (m, 2) array, got shape {r.shape}.")
            if len(r) >= 2 and np.array_equal(r[0], r[-1]):
                r = r[:-1]
            if len(r) >= 3:
                rings.append(r)
        if rings:
            out.append(rings)
    return out


def _edges(rings: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Start and end points of every ring edge, stacked: two (m, 2) arrays."""
    a = np.concatenate(rings)
    b = np.concatenate([np.roll(r, -1, axis=0) for r in rings])
    return a, b


def _chunks(n_points: int, n_edges: int):
    step = max(1, _POINT_CHUNK // max(1, n_edges))
    for start in range(0, n_points, step):
        yield slice(start, min(n_points, start + step))


def points_in_polygons(xy: np.ndarray, polygons: PolygonsLike) -> np.ndarray:
    """True for points inside any polygon (even-odd rule within a polygon, so holes are holes).

    Crossing-number test, vectorised over points x edges in blocks. Points exactly on a
    boundary may fall either way (use :func:`distance_to_polygons` for a tolerance).
    """
    xy = _as_xy(xy, "points")
    inside = np.zeros(len(xy), dtype=bool)
    for rings in _normalise_polygons(polygons):
        a, b = _edges(rings)
        lo, hi = a.min(axis=0), a.max(axis=0)
        cand = np.flatnonzero((xy[:, 0] >= lo[0]) & (xy[:, 0] <= hi[0])
                              & (xy[:, 1] >= lo[1]) & (xy[:, 1] <= hi[1]) & ~inside)
        if cand.size == 0:
            continue
        x1, y1, x2, y2 = a[:, 0], a[:, 1], b[:, 0], b[:, 1]
        dy = y2 - y1
        safe_dy = np.where(dy == 0, 1.0, dy)
        for sl in _chunks(cand.size, len(a)):
            idx = cand[sl]
            px = xy[idx, 0][:, None]
            py = xy[idx, 1][:, None]
            straddle = (y1 > py) != (y2 > py)
            x_cross = x1 + (py - y1) * (x2 - x1) / safe_dy
            odd = np.count_nonzero(straddle & (px < x_cross), axis=1) % 2 == 1
            inside[idx[odd]] = True
    return inside


def distance_to_polygons(xy: np.ndarray, polygons: PolygonsLike) -> np.ndarray:
    """Distance in metres from each point to the nearest polygon (0 inside); inf if none.

    The distance outside is the shortest point-to-segment distance to any ring edge.
    """
    xy = _as_xy(xy, "points")
    polys = _normalise_polygons(polygons)
    dist = np.full(len(xy), np.inf)
    if not polys or len(xy) == 0:
        return dist
    a, b = _edges([r for rings in polys for r in rings])
    ab = b - a
    len2 = np.einsum("ij,ij->i", ab, ab)
    inv_len2 = np.where(len2 > 0, 1.0 / np.where(len2 > 0, len2, 1.0), 0.0)
    for sl in _chunks(len(xy), len(a)):
        px = xy[sl, 0][:, None] - a[:, 0]
        py = xy[sl, 1][:, None] - a[:, 1]
        t = np.clip((px * ab[:, 0] + py * ab[:, 1]) * inv_len2, 0.0, 1.0)
        ex = px - t * ab[:, 0]
        ey = py - t * ab[:, 1]
        dist[sl] = np.sqrt(np.min(ex * ex + ey * ey, axis=1))
    dist[points_in_polygons(xy, polys)] = 0.0
    return dist


def exclusion_mask(candidate_xy: np.ndarray, exclusion_polygons: PolygonsLike,
                   exclusion_buffer_m: float = 0.0) -> np.ndarray:
    """True for candidates inside an exclusion polygon or within ``exclusion_buffer_m`` of one."""
    if exclusion_buffer_m < 0:
        raise ParameterError(f"Exclusion buffer must be >= 0 m, got {exclusion_buffer_m}.")
    xy = _as_xy(candidate_xy, "candidates")
    if not _normalise_polygons(exclusion_polygons):
        return np.zeros(len(xy), dtype=bool)
    return distance_to_polygons(xy, exclusion_polygons) <= exclusion_buffer_m


# --------------------------------------------------------------------------------------------
# Criteria (each 0..1 per candidate)
# --------------------------------------------------------------------------------------------

def _participant_codes(participant) -> np.ndarray:
    """Integer code per record for any hashable participant ids."""
    p = np.asarray(participant)
    if p.size == 0:
        return np.zeros(0, dtype=np.int64)
    _, codes = np.unique(p.astype(str), return_inverse=True)
    return codes.astype(np.int64)


def _demand_arrays(demand_xy, demand_weight, demand_participant):
    dxy = _as_xy(demand_xy, "demand points")
    w = np.ones(len(dxy)) if demand_weight is None else np.asarray(demand_weight, dtype=np.float64)
    if w.shape != (len(dxy),):
        raise ParameterError(f"demand_weight has {w.size} values for {len(dxy)} demand points.")
    if np.any(~np.isfinite(w)) or np.any(w < 0):
        raise ParameterError("Demand weights (person-hours) must be finite and >= 0.")
    if demand_participant is None:
        raise ParameterError("Participant ids are needed for each demand point (k-anonymity).")
    pid = _participant_codes(demand_participant)
    if pid.shape != (len(dxy),):
        raise ParameterError(f"demand_participant has {pid.size} values for {len(dxy)} demand points.")
    return dxy, w, pid


def _coverage_pairs(candidate_xy: np.ndarray, demand_xy: np.ndarray, radius_m: float):
    """(candidate index, demand index) of every pair within ``radius_m`` (inclusive)."""
    if len(candidate_xy) == 0 or len(demand_xy) == 0:
        z = np.zeros(0, dtype=np.int64)
        return z, z
    tc = cKDTree(candidate_xy)
    td = cKDTree(demand_xy)
    pairs = tc.sparse_distance_matrix(td, radius_m, output_type="ndarray")
    return pairs["i"].astype(np.int64), pairs["j"].astype(np.int64)


@dataclass
class DemandScores:
    """Demand within walking distance of each candidate.

    ``person_hours`` and ``participants`` are NaN where fewer than ``k_min`` distinct
    participants stand behind the figure (k-anonymity); ``score`` is 0 there.
    """

    score: np.ndarray
    person_hours: np.ndarray
    participants: np.ndarray


def demand_scores(candidate_xy, demand_xy, demand_weight, demand_participant, walk_radius_m: float,
                  k_min: int = kanon.DEFAULT_K_MIN, participant_share: float = 0.5) -> DemandScores:
    """Person-hours and distinct participants within ``walk_radius_m`` of each candidate.

    ``score = (1 - participant_share) * ph / max(ph) + participant_share * np / max(np)``,
    both computed only over candidates backed by at least ``k_min`` distinct participants
    (the others score 0: their demand does not count).
    """
    if not walk_radius_m > 0:
        raise ParameterError(f"Walking radius must be positive, got {walk_radius_m} m.")
    if not 0.0 <= participant_share <= 1.0:
        raise ParameterError(f"participant_share must be within 0..1, got {participant_share}.")
    cxy = _as_xy(candidate_xy, "candidates")
    dxy, w, pid = _demand_arrays(demand_xy, demand_weight, demand_participant)
    ci, di = _coverage_pairs(cxy, dxy, walk_radius_m)
    ph = np.bincount(ci, weights=w[di], minlength=len(cxy))
    n_part = kanon.distinct_count(ci, pid[di], len(cxy)).astype(np.float64)
    ok = kanon.is_publishable(n_part, k_min)
    ph_ok = np.where(ok, ph, 0.0)
    np_ok = np.where(ok, n_part, 0.0)
    score = np.zeros(len(cxy))
    if ph_ok.max(initial=0.0) > 0:
        score += (1.0 - participant_share) * ph_ok / ph_ok.max()
    if np_ok.max(initial=0.0) > 0:
        score += participant_share * np_ok / np_ok.max()
    return DemandScores(score=np.clip(score, 0.0, 1.0),
                        person_hours=kanon.suppress(ph, n_part, k_min),
                        participants=kanon.suppress(n_part, n_part, k_min))


def nearest_distance_m(xy, target_xy) -> np.ndarray:
    """Distance in metres from each point to the nearest target point (inf when no targets)."""
    xy = _as_xy(xy, "points")
    t = _as_xy(target_xy, "targets")
    if len(t) == 0:
        return np.full(len(xy), np.inf)
    d, _ = cKDTree(t).query(xy, k=1)
    return np.asarray(d, dtype=np.float64)


def toilet_score(toilet_dist_m, toilet_ok_m: float, toilet_max_m: float,
                 ramp: str = "linear", steepness: float = 10.0) -> np.ndarray:
    """Toilet access score from the distance to the nearest toilet (metres).

    1 at or below ``toilet_ok_m``, 0 at or beyond ``toilet_max_m``. In between either a
    linear ramp ``1 - (d - ok) / (max - ok)`` or (``ramp='sigmoid'``) a logistic curve centred
    half-way, rescaled so that it meets 1 and 0 exactly at the two thresholds.
    """
    if not 0 <= toilet_ok_m < toilet_max_m:
        raise ParameterError(
            f"Toilet distances need 0 <= toilet_ok_m < toilet_max_m (got {toilet_ok_m} m, {toilet_max_m} m).")
    d = np.asarray(toilet_dist_m, dtype=np.float64)
    t = np.clip((d - toilet_ok_m) / (toilet_max_m - toilet_ok_m), 0.0, 1.0)
    t = np.where(np.isnan(d), 1.0, t)
    if ramp == "linear":
        return 1.0 - t
    if ramp == "sigmoid":
        def f(u):
            return 1.0 / (1.0 + np.exp(steepness * (u - 0.5)))
        f0, f1 = f(0.0), f(1.0)
        return np.clip((f(t) - f1) / (f0 - f1), 0.0, 1.0)
    raise ParameterError(f"Unknown toilet ramp '{ramp}' (use 'linear' or 'sigmoid').")


def polygon_proximity_score(candidate_xy, polygons: PolygonsLike, decay_m: float) -> np.ndarray:
    """1 inside the polygons, ``exp(-d / decay_m)`` at distance d outside (0 when no polygons)."""
    if not decay_m > 0:
        raise ParameterError(f"Distance decay must be positive, got {decay_m} m.")
    d = distance_to_polygons(candidate_xy, polygons)
    return np.where(np.isfinite(d), np.exp(-d / decay_m), 0.0)


def cover_score(candidate_xy, cover_polygons: PolygonsLike, cover_decay_m: float = 50.0) -> np.ndarray:
    """Cover criterion: 1 under cover (inside a cover polygon), else ``exp(-d / cover_decay_m)``."""
    return polygon_proximity_score(candidate_xy, cover_polygons, cover_decay_m)


def wind_shelter_score(candidate_xy, wind_polygons: PolygonsLike = None, wind_values=None,
                       wind_decay_m: float = 25.0, higher_is_sheltered: bool = True) -> np.ndarray:
    """Wind shelter from sheltered polygons (1 inside, exponential decay outside) or from raster
    values sampled at the candidates (min-max normalised; NaN = unknown -> 0)."""
    if wind_values is not None:
        v = np.asarray(wind_values, dtype=np.float64)
        if v.shape != (len(np.asarray(candidate_xy)),):
            raise ParameterError(f"Wind shelter values: {v.size} values for {len(candidate_xy)} candidates.")
        return minmax_normalise(v, benefit=higher_is_sheltered)
    return polygon_proximity_score(candidate_xy, wind_polygons, wind_decay_m)


def minmax_normalise(values, benefit: bool = True, mask: np.ndarray | None = None) -> np.ndarray:
    """Min-max normalise to 0..1 (``benefit=False``: a cost, small is good).

    Statistics use the entries in ``mask`` (default all); NaN scores 0; when all values are
    equal every finite entry scores 1 (the criterion does not discriminate).
    """
    v = np.asarray(values, dtype=np.float64)
    use = np.isfinite(v) if mask is None else (np.isfinite(v) & mask)
    out = np.zeros(v.shape)
    if not use.any():
        return out
    lo, hi = v[use].min(), v[use].max()
    fin = np.isfinite(v)
    if hi - lo <= 0:
        out[fin] = 1.0
        return out
    s = (v[fin] - lo) / (hi - lo)
    out[fin] = np.clip(s if benefit else 1.0 - s, 0.0, 1.0)
    return out


# --------------------------------------------------------------------------------------------
# Weights: direct and AHP
# --------------------------------------------------------------------------------------------

def normalise_weights(weights: Mapping[str, float]) -> dict[str, float]:
    """Weights scaled to sum 1. Negative or all-zero weights are refused."""
    w = {k: float(v) for k, v in weights.items()}
    bad = [k for k, v in w.items() if not np.isfinite(v) or v < 0]
    if bad:
        raise ParameterError(f"Criterion weights must be >= 0: {', '.join(bad)}.")
    total = sum(w.values())
    if total <= 0:
        raise ParameterError("At least one criterion weight must be positive.")
    return {k: v / total for k, v in w.items()}


@dataclass
class AhpResult:
    """Weights from an AHP pairwise comparison matrix (Saaty 1980)."""

    weights: np.ndarray          # principal eigenvector, sums to 1
    lambda_max: float            # principal eigenvalue
    ci: float                    # consistency index (lambda_max - n) / (n - 1)
    ri: float                    # Saaty's random index for this n
    cr: float                    # consistency ratio CI / RI (0 for n <= 2)


def ahp_weights(matrix, max_cr: float = MAX_CONSISTENCY_RATIO) -> AhpResult:
    """Principal-eigenvector weights of a reciprocal pairwise comparison matrix.

    ``matrix[i, j]`` says how much more important criterion i is than j (Saaty's 1..9 scale),
    with ``matrix[j, i] = 1 / matrix[i, j]``. Raises :class:`ParameterError` when the matrix
    is not square, positive and reciprocal, or when its consistency ratio exceeds ``max_cr``.
    """
    a = np.asarray(matrix, dtype=np.float64)
    if a.ndim != 2 or a.shape[0] != a.shape[1] or a.shape[0] == 0:
        raise ParameterError(f"The AHP matrix must be square, got shape {a.shape}.")
    n = a.shape[0]
    if n > max(SAATY_RI):
        raise ParameterError(f"AHP with {n} criteria: Saaty's random index is tabulated up to {max(SAATY_RI)}.")
    if not np.all(np.isfinite(a)) or np.any(a <= 0):
        raise ParameterError("AHP judgements must be positive numbers (Saaty's scale 1/9 .. 9).")
    if not np.allclose(a * a.T, 1.0, rtol=1e-3, atol=1e-3):
        i, j = np.unravel_index(np.argmax(np.abs(a * a.T - 1.0)), a.shape)
        raise ParameterError(
            f"The AHP matrix is not reciprocal: a[{i},{j}] = {a[i, j]:g} but a[{j},{i}] = {a[j, i]:g} "
            f"(it should be {1.0 / a[i, j]:g}).")
    vals, vecs = np.linalg.eig(a)
    k = int(np.argmax(vals.real))
    lam = float(vals[k].real)
    w = np.abs(vecs[:, k].real)
    w = w / w.sum()
    ri = SAATY_RI[n]
    ci = (lam - n) / (n - 1) if n > 2 else 0.0
    cr = ci / ri if n > 2 else 0.0
    if cr > max_cr:
        raise ParameterError(
            f"The AHP comparisons are too inconsistent: consistency ratio CR = {cr:.3f} "
            f"(CI = {ci:.3f}, RI = {ri:.2f} for {n} criteria) exceeds {max_cr:g}. "
            "Revise the pairwise judgements.")
    return AhpResult(weights=w, lambda_max=lam, ci=float(ci), ri=ri, cr=float(cr))


# --------------------------------------------------------------------------------------------
# Suitability
# --------------------------------------------------------------------------------------------

@dataclass
class Suitability:
    """Suitability of every candidate.

    ``criteria`` maps a criterion name to its 0..1 scores; ``score`` is the weighted sum.
    Excluded candidates are never scored: NaN in ``score`` and in every criterion.
    """

    score: np.ndarray
    criteria: dict[str, np.ndarray]
    weights: dict[str, float]
    excluded: np.ndarray
    toilet_dist_m: np.ndarray
    covered: np.ndarray
    demand: DemandScores | None = None
    ahp: AhpResult | None = None
    notes: list[str] = field(default_factory=list)

    def fields(self) -> dict[str, np.ndarray]:
        """Output fields per candidate: ``score``, ``toilet_dist_m``, ``covered`` and ``c_<criterion>``."""
        out: dict[str, np.ndarray] = {"score": self.score, "toilet_dist_m": self.toilet_dist_m,
                                      "covered": self.covered}
        for k, v in self.criteria.items():
            out[f"c_{k}"] = v
        return out

    def criteria_matrix(self) -> tuple[np.ndarray, list[str]]:
        """(n_candidates, n_criteria) matrix of criterion scores and the criterion names."""
        names = list(self.criteria)
        return np.column_stack([self.criteria[k] for k in names]), names


def weighted_score(criteria: Mapping[str, np.ndarray], weights: Mapping[str, float]) -> np.ndarray:
    """Weighted sum of criterion scores (weights normalised to sum 1 over ``criteria``)."""
    w = normalise_weights({k: weights.get(k, 0.0) for k in criteria})
    n = len(next(iter(criteria.values())))
    s = np.zeros(n)
    for k, v in criteria.items():
        s += w[k] * np.asarray(v, dtype=np.float64)
    return np.clip(s, 0.0, 1.0)


def site_suitability(
    candidate_xy,
    weights: Mapping[str, float] | None = None,
    ahp_matrix=None,
    ahp_criteria: Sequence[str] | None = None,
    demand_xy=None, demand_weight=None, demand_participant=None,
    walk_radius_m: float = 400.0, k_min: int = kanon.DEFAULT_K_MIN, participant_share: float = 0.5,
    toilet_xy=None, toilet_ok_m: float = 150.0, toilet_max_m: float = 600.0, toilet_ramp: str = "linear",
    cover_polygons: PolygonsLike = None, cover_decay_m: float = 50.0,
    wind_polygons: PolygonsLike = None, wind_values=None, wind_decay_m: float = 25.0,
    extra_criteria: Mapping[str, tuple[np.ndarray, str]] | None = None,
    exclusion_polygons: PolygonsLike = None, exclusion_buffer_m: float = 0.0,
    progress: ProgressFn = None, is_cancelled: CancelFn = None,
) -> Suitability:
    """Score candidates against every criterion that has input data.

    Criteria (names used for weights and ``c_<name>`` fields): ``demand`` (needs demand points),
    ``toilet`` (toilet points), ``cover`` (cover polygons), ``wind`` (wind polygons or sampled
    values) and every key of ``extra_criteria`` (``name -> (values, 'benefit' | 'cost')``,
    min-max normalised over the candidates that are not excluded).

    Weights: ``weights`` (name -> weight, normalised to sum 1), or ``ahp_matrix`` with the
    criterion order ``ahp_criteria``; neither = equal weights. A weight for a criterion without
    data is dropped and a criterion without a weight gets 0; both are noted in ``notes``.
    """
    cxy = _as_xy(candidate_xy, "candidates")
    n = len(cxy)
    notes: list[str] = []
    excluded = exclusion_mask(cxy, exclusion_polygons, exclusion_buffer_m)
    keep = ~excluded
    kxy = cxy[keep]
    crit: dict[str, np.ndarray] = {}
    demand_res: DemandScores | None = None
    steps = 5.0

    def full(values: np.ndarray, fill=np.nan) -> np.ndarray:
        out = np.full(n, fill, dtype=np.float64)
        out[keep] = values
        return out

    if demand_xy is not None and len(np.asarray(demand_xy)) > 0:
        _check_cancel(is_cancelled)
        d = demand_scores(kxy, demand_xy, demand_weight, demand_participant, walk_radius_m, k_min,
                          participant_share)
        demand_res = DemandScores(full(d.score), full(d.person_hours), full(d.participants))
        crit["demand"] = demand_res.score
    _report(progress, 1 / steps)

    toilet_dist = np.full(n, np.inf)
    if toilet_xy is not None and len(np.asarray(toilet_xy)) > 0:
        _check_cancel(is_cancelled)
        toilet_dist = nearest_distance_m(cxy, toilet_xy)
        crit["toilet"] = full(toilet_score(toilet_dist[keep], toilet_ok_m, toilet_max_m, toilet_ramp))
    _report(progress, 2 / steps)

    covered = np.zeros(n, dtype=bool)
    if _normalise_polygons(cover_polygons):
        _check_cancel(is_cancelled)
        covered = points_in_polygons(cxy, cover_polygons)
        crit["cover"] = full(cover_score(kxy, cover_polygons, cover_decay_m))
    _report(progress, 3 / steps)

    if wind_values is not None:
        wv = np.asarray(wind_values, dtype=np.float64)
        if wv.shape != (n,):
            raise ParameterError(f"Wind shelter values: {wv.size} values for {n} candidates.")
        crit["wind"] = full(minmax_normalise(wv[keep]))
    elif _normalise_polygons(wind_polygons):
        _check_cancel(is_cancelled)
        crit["wind"] = full(wind_shelter_score(kxy, wind_polygons, wind_decay_m=wind_decay_m))
    _report(progress, 4 / steps)

    for name, spec in (extra_criteria or {}).items():
        values, kind = spec
        v = np.asarray(values, dtype=np.float64)
        if v.shape != (n,):
            raise ParameterError(f"Criterion '{name}': {v.size} values for {n} candidates.")
        if kind not in ("benefit", "cost"):
            raise ParameterError(f"Criterion '{name}' must be 'benefit' or 'cost', got '{kind}'.")
        if name in crit:
            raise ParameterError(f"Criterion name '{name}' is used twice.")
        crit[name] = full(minmax_normalise(v[keep], benefit=(kind == "benefit")))

    if not crit:
        raise ParameterError("No criterion has input data: give demand, toilets, cover, wind or extra criteria.")

    ahp: AhpResult | None = None
    if ahp_matrix is not None:
        names = list(ahp_criteria) if ahp_criteria is not None else list(crit)
        ahp = ahp_weights(ahp_matrix)
        if len(names) != len(ahp.weights):
            raise ParameterError(
                f"The AHP matrix has {len(ahp.weights)} rows but {len(names)} criteria are named.")
        raw = dict(zip(names, ahp.weights))
    elif weights is not None:
        raw = dict(weights)
    else:
        raw = {k: 1.0 for k in crit}
    for k in list(raw):
        if k not in crit:
            notes.append(f"weight for '{k}' ignored: that criterion has no input data")
            del raw[k]
    for k in crit:
        if k not in raw:
            notes.append(f"criterion '{k}' has no weight: weight 0")
            raw[k] = 0.0
    w = normalise_weights(raw)
    score = np.full(n, np.nan)
    if keep.any():
        score[keep] = weighted_score({k: v[keep] for k, v in crit.items()}, w)
    _report(progress, 1.0)
    return Suitability(score=score, criteria=crit, weights=w, excluded=excluded,
                       toilet_dist_m=toilet_dist, covered=covered, demand=demand_res, ahp=ahp, notes=notes)


def site_attributes(site_xy, toilet_xy=None, cover_polygons: PolygonsLike = None) -> dict[str, np.ndarray]:
    """Per-site ``toilet_dist_m`` (metres to the nearest toilet, inf without toilets) and
    ``covered`` (True inside a cover polygon)."""
    sxy = _as_xy(site_xy, "sites")
    td = nearest_distance_m(sxy, toilet_xy if toilet_xy is not None else np.zeros((0, 2)))
    return {"toilet_dist_m": td, "covered": points_in_polygons(sxy, cover_polygons)}


# --------------------------------------------------------------------------------------------
# Selection: maximal covering location problem
# --------------------------------------------------------------------------------------------

@dataclass
class Selection:
    """Chosen sites and what they serve.

    Per site (arrays in rank order): ``site_index`` (into the candidates), ``rank`` (1 = the
    largest marginal gain, then each next site by its marginal gain given the ones before),
    ``score`` (the candidate's suitability when given, else its share of the objective),
    ``marginal_gain`` (objective units), ``person_hours_served`` and ``participants_served``
    (counted demand assigned to its nearest open site within the service radius; NaN where
    fewer than ``k_min`` participants stand behind the figure).

    Totals count each demand point once. ``objective_value`` is in objective units
    (person-hours, or participants plus a tie-breaking fraction < 0.5 for person-hours).
    ``upper_bound`` bounds the optimum (= objective for a proven optimum; the solver's dual
    bound or the LP relaxation otherwise); ``gap = (upper_bound - objective_value) / upper_bound``.
    """

    site_index: np.ndarray
    rank: np.ndarray
    score: np.ndarray
    marginal_gain: np.ndarray
    person_hours_served: np.ndarray
    participants_served: np.ndarray
    total_person_hours_served: float
    total_participants_served: int
    total_person_hours: float
    total_participants: int
    objective: str
    objective_value: float
    method: str
    optimal: bool
    upper_bound: float
    gap: float
    greedy_guarantee: bool
    eligible: np.ndarray
    suppressed_person_hours: float
    n_units: int
    runtime_s: float
    notes: list[str] = field(default_factory=list)

    def fields(self) -> dict[str, np.ndarray]:
        """Site output fields keyed by their DESIGN.md names (rank order)."""
        return {"rank": self.rank, "score": self.score,
                "person_hours_served": self.person_hours_served,
                "participants_served": self.participants_served}


@dataclass
class _Model:
    """An aggregated MCLP instance over the model candidates."""

    cand: np.ndarray            # candidate indices (into all candidates) of model columns
    cover: sparse.csr_matrix    # units x model candidates, 1 = unit covered by candidate
    weight: np.ndarray          # objective weight per unit
    constant: float             # objective already secured by fixed sites
    fixed_local: np.ndarray     # model column indices that must be open
    bonus: np.ndarray           # per model column objective bonus when open
    spacing_pairs: np.ndarray   # (m, 2) model column pairs closer than min spacing


def _aggregate_units(unit_of_pair: np.ndarray, cand_of_pair: np.ndarray, unit_weight: np.ndarray,
                     n_cols: int) -> tuple[sparse.csr_matrix, np.ndarray]:
    """Merge units with identical covering sets (exactly equivalent in the MCLP).

    Signatures are two independent 64-bit random sums over the covering set (collision
    probability ~ n^2 / 2^128). Units covered by nothing are dropped.
    """
    if unit_of_pair.size == 0:
        return sparse.csr_matrix((0, n_cols)), np.zeros(0)
    order = np.lexsort((cand_of_pair, unit_of_pair))
    u = unit_of_pair[order]
    c = cand_of_pair[order]
    rng = np.random.default_rng(0x5EED)
    r1 = rng.integers(0, 2**63, size=n_cols, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    r2 = rng.integers(0, 2**63, size=n_cols, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    starts = np.flatnonzero(np.r_[True, u[1:] != u[:-1]])
    units = u[starts]
    with np.errstate(over="ignore"):
        h1 = np.add.reduceat(r1[c], starts)
        h2 = np.add.reduceat(r2[c], starts)
    sig = np.column_stack([h1, h2])
    _, first, inv = np.unique(sig, axis=0, return_index=True, return_inverse=True)
    inv = inv.ravel()
    weights = np.bincount(inv, weights=unit_weight[units], minlength=len(first))
    # rows of the representative (first) unit of each signature
    rep_unit = units[first]
    lengths = np.diff(np.r_[starts, len(u)])
    rep_start = starts[first]
    rep_len = lengths[first]
    rows = np.repeat(np.arange(len(first)), rep_len)
    offs = np.arange(rep_len.sum()) - np.repeat(np.cumsum(rep_len) - rep_len, rep_len)
    cols = c[np.repeat(rep_start, rep_len) + offs]
    del rep_unit
    mat = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(first), n_cols))
    return mat, weights


def _lp_arrays(m: _Model):
    """Objective, inequality rows, cardinality row and bounds of the MCLP over [x | y]."""
    n_x = len(m.cand)
    n_u = m.cover.shape[0]
    c = -np.concatenate([m.bonus, m.weight])
    # y_u - sum_{j covers u} x_j <= 0
    blocks = [sparse.hstack([-m.cover, sparse.identity(n_u, format="csr")], format="csr")]
    rhs = [np.zeros(n_u)]
    if len(m.spacing_pairs):
        k = len(m.spacing_pairs)
        rows = np.repeat(np.arange(k), 2)
        blocks.append(sparse.csr_matrix((np.ones(2 * k), (rows, m.spacing_pairs.ravel())),
                                        shape=(k, n_x + n_u)))
        rhs.append(np.ones(k))
    a_ub = sparse.vstack(blocks, format="csr")
    a_card = sparse.csr_matrix(np.r_[np.ones(n_x), np.zeros(n_u)][None, :])
    lb = np.zeros(n_x + n_u)
    lb[m.fixed_local] = 1.0
    ub = np.ones(n_x + n_u)
    ub[n_x:][m.weight <= 0] = 0.0
    return c, a_ub, np.concatenate(rhs), a_card, lb, ub


def _solve_milp(m: _Model, n_sites: int, time_limit_s: float | None, mip_rel_gap: float):
    """Exact MCLP with :func:`scipy.optimize.milp` (HiGHS branch and cut)."""
    c, a_ub, b_ub, a_card, lb, ub = _lp_arrays(m)
    n_x = len(m.cand)
    cons = [LinearConstraint(a_ub, -np.inf, b_ub), LinearConstraint(a_card, n_sites, n_sites)]
    integrality = np.r_[np.ones(n_x), np.zeros(len(c) - n_x)]
    options = {"disp": _MILP_DISP, "mip_rel_gap": mip_rel_gap}
    if time_limit_s is not None:
        options["time_limit"] = max(0.1, float(time_limit_s))
    return milp(c, integrality=integrality, bounds=Bounds(lb, ub), constraints=cons, options=options)


@dataclass
class _LpResult:
    upper: float              # LP optimum incl. constant (an upper bound on the MCLP optimum)
    x: np.ndarray             # LP values of the site variables
    red_lower: np.ndarray     # reduced cost (>= 0) of x_j at its lower bound, minimisation sense
    red_upper: np.ndarray     # reduced cost (<= 0) of x_j at its upper bound, minimisation sense


def _solve_lp(m: _Model, n_sites: int, time_limit_s: float | None) -> _LpResult | None:
    """LP relaxation with HiGHS' interior point method and crossover (a vertex solution).

    On MCLP instances the interior point method is many times faster than dual simplex, and
    the vertex it returns is often integral -- then it is a proven MILP optimum.
    Returns None when the LP fails; raises ParameterError when it is infeasible.
    """
    c, a_ub, b_ub, a_card, lb, ub = _lp_arrays(m)
    options: dict[str, float] = {}
    if time_limit_s is not None:
        options["time_limit"] = max(0.1, float(time_limit_s))
    res = linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=a_card, b_eq=[n_sites],
                  bounds=np.column_stack([lb, ub]), method="highs-ipm", options=options)
    if res.status == 2:
        raise ParameterError("infeasible")
    if res.status != 0 or res.x is None:
        return None
    n_x = len(m.cand)
    lower = getattr(res, "lower", None)
    upper_m = getattr(res, "upper", None)
    rl = np.asarray(lower.marginals[:n_x]) if lower is not None else np.zeros(n_x)
    ru = np.asarray(upper_m.marginals[:n_x]) if upper_m is not None else np.zeros(n_x)
    return _LpResult(upper=float(-res.fun) + m.constant, x=np.asarray(res.x[:n_x]), red_lower=rl, red_upper=ru)


def _restrict(m: _Model, allow: np.ndarray, force: np.ndarray) -> tuple[_Model, np.ndarray]:
    """The model on the allowed columns with ``force`` columns fixed open.

    Units covered by a forced column move into the constant; units no allowed column covers
    are dropped. Returns the sub-model and, per sub-model column, the column in ``m``.
    """
    cols = np.flatnonzero(allow)
    local = np.full(len(m.cand), -1, dtype=np.int64)
    local[cols] = np.arange(len(cols))
    forced = np.zeros(len(m.cand), dtype=bool)
    forced[m.fixed_local] = True
    forced |= force
    forced &= allow
    if m.cover.shape[0]:
        by_forced = np.asarray(m.cover[:, np.flatnonzero(forced)].sum(axis=1)).ravel() > 0
        sub = m.cover[:, cols].tocsr()
        reach = np.diff(sub.indptr) > 0
    else:
        by_forced = np.zeros(0, dtype=bool)
        sub = m.cover[:, cols].tocsr()
        reach = by_forced
    constant = m.constant + float(m.weight[by_forced].sum())
    rows = np.flatnonzero(reach & ~by_forced)
    pairs = m.spacing_pairs
    if len(pairs):
        both = allow[pairs[:, 0]] & allow[pairs[:, 1]]
        pairs = local[pairs[both]]
    sub_model = _Model(cand=m.cand[cols], cover=sub[rows], weight=m.weight[rows], constant=constant,
                       fixed_local=local[np.flatnonzero(forced)], bonus=m.bonus[cols], spacing_pairs=pairs)
    return sub_model, cols


def _greedy(m: _Model, n_sites: int, col_xy: np.ndarray, min_spacing_m: float,
            is_cancelled: CancelFn = None, only: np.ndarray | None = None) -> np.ndarray:
    """Greedy maximal coverage: fixed columns first, then the largest marginal gain each step
    (among the ``only`` columns when given)."""
    cover_csc = m.cover.tocsc()
    cover_t = m.cover.T.tocsr()
    uncovered_w = m.weight.copy()
    allowed = np.ones(len(m.cand), dtype=bool) if only is None else np.asarray(only, dtype=bool).copy()
    tree = cKDTree(col_xy) if min_spacing_m > 0 and len(col_xy) else None
    chosen: list[int] = []

    def open_col(j: int) -> None:
        chosen.append(j)
        allowed[j] = False
        rows = cover_csc.indices[cover_csc.indptr[j]:cover_csc.indptr[j + 1]]
        uncovered_w[rows] = 0.0
        if tree is not None:
            near = np.asarray(tree.query_ball_point(col_xy[j], min_spacing_m), dtype=np.int64)
            if near.size:
                d = np.hypot(*(col_xy[near] - col_xy[j]).T)
                allowed[near[d < min_spacing_m]] = False

    for j in m.fixed_local:
        open_col(int(j))
    while len(chosen) < n_sites:
        _check_cancel(is_cancelled)
        gain = cover_t @ uncovered_w + m.bonus
        gain = np.where(allowed, gain, -np.inf)
        if not np.isfinite(gain).any():
            break
        open_col(int(np.argmax(gain)))
    return np.asarray(chosen, dtype=np.int64)


def _swap_improve(m: _Model, cols: np.ndarray, col_xy: np.ndarray, min_spacing_m: float,
                  max_rounds: int = 200, is_cancelled: CancelFn = None,
                  deadline: float | None = None) -> np.ndarray:
    """Vertex-substitution local search (Teitz & Bart 1968): swap one open site for a closed
    one while that raises the objective (best swap per round, fixed sites stay)."""
    cols = np.asarray(cols, dtype=np.int64).copy()
    if m.cover.shape[0] == 0 or len(cols) == 0:
        return cols
    cover_csc = m.cover.tocsc()
    cover_t = m.cover.T.tocsr()
    fixed = {int(j) for j in m.fixed_local}
    tree = cKDTree(col_xy) if min_spacing_m > 0 else None

    def near(j: int) -> np.ndarray:
        assert tree is not None
        idx = np.asarray(tree.query_ball_point(col_xy[j], min_spacing_m), dtype=np.int64)
        if idx.size == 0:
            return idx
        return idx[np.hypot(*(col_xy[idx] - col_xy[j]).T) < min_spacing_m]

    for _ in range(max_rounds):
        _check_cancel(is_cancelled)
        if deadline is not None and time.perf_counter() > deadline:
            break
        count = np.asarray(m.cover[:, cols].sum(axis=1)).ravel()
        is_open = np.zeros(len(m.cand), dtype=bool)
        is_open[cols] = True
        block = np.zeros(len(m.cand), dtype=np.int64)
        if tree is not None:
            for j in cols:
                block[near(int(j))] += 1
        best = (1e-9 * max(1.0, float(m.weight.sum())), -1, -1)
        for pos, s in enumerate(cols):
            if int(s) in fixed:
                continue
            rows = cover_csc.indices[cover_csc.indptr[s]:cover_csc.indptr[s + 1]]
            c_wo = count.copy()
            c_wo[rows] -= 1
            loss = float(m.weight[rows][c_wo[rows] == 0].sum()) + float(m.bonus[s])
            gain = cover_t @ (m.weight * (c_wo == 0)) + m.bonus - loss
            ok = ~is_open
            if tree is not None:
                b = block.copy()
                b[near(int(s))] -= 1
                ok &= b == 0
            gain = np.where(ok, gain, -np.inf)
            j = int(np.argmax(gain))
            if gain[j] > best[0]:
                best = (float(gain[j]), pos, j)
        if best[1] < 0:
            break
        cols[best[1]] = best[2]
    return cols


def _objective_of(m: _Model, cols: np.ndarray) -> float:
    if m.cover.shape[0] == 0:
        return m.constant + float(m.bonus[cols].sum())
    covered = np.asarray(m.cover[:, cols].sum(axis=1)).ravel() > 0
    return m.constant + float(m.weight[covered].sum()) + float(m.bonus[cols].sum())


def _rank_order(m: _Model, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Order the chosen columns by marginal gain (greedy within the chosen set)."""
    cover_csc = m.cover.tocsc()
    remaining = [int(c) for c in cols]
    uncovered_w = m.weight.copy()
    order: list[int] = []
    gains: list[float] = []
    while remaining:
        g = []
        for j in remaining:
            rows = cover_csc.indices[cover_csc.indptr[j]:cover_csc.indptr[j + 1]]
            g.append(float(uncovered_w[rows].sum()) + float(m.bonus[j]))
        k = int(np.argmax(g))
        j = remaining.pop(k)
        order.append(j)
        gains.append(g[k])
        uncovered_w[cover_csc.indices[cover_csc.indptr[j]:cover_csc.indptr[j + 1]]] = 0.0
    return np.asarray(order, dtype=np.int64), np.asarray(gains)


def _counted_demand(dxy: np.ndarray, pid: np.ndarray, radius_m: float, k_min: int) -> np.ndarray:
    """True for demand points with at least ``k_min`` distinct participants within ``radius_m``.

    A place (the disk of ``radius_m`` around a demand point) that fewer than ``k_min``
    participants stand behind does not count as demand.
    """
    n = len(dxy)
    if k_min <= 1 or n == 0:
        return np.ones(n, dtype=bool)
    count = np.zeros(n, dtype=np.int64)
    for p in np.unique(pid):
        pts = dxy[pid == p]
        d, _ = cKDTree(pts).query(dxy, k=1, distance_upper_bound=radius_m * (1 + 1e-12))
        count += np.isfinite(d)
    return kanon.is_publishable(count, k_min)


def select_sites(
    candidate_xy,
    demand_xy,
    demand_weight,
    demand_participant,
    n_sites: int,
    service_radius_m: float,
    min_spacing_m: float = 0.0,
    fixed: Sequence[int] | None = None,
    objective: str = "person_hours",
    k_min: int = kanon.DEFAULT_K_MIN,
    excluded_mask: np.ndarray | None = None,
    time_limit_s: float | None = None,
    method: str = "auto",
    candidate_score: np.ndarray | None = None,
    site_bonus: np.ndarray | None = None,
    kanon_radius_m: float | None = None,
    max_milp_nonzeros: int = 4_000_000,
    improve_greedy: bool = False,
    mip_rel_gap: float = 1e-7,
    progress: ProgressFn = None,
    is_cancelled: CancelFn = None,
) -> Selection:
    """Choose ``n_sites`` candidates that cover the most demand within ``service_radius_m``.

    Maximal covering location problem as a MILP (``scipy.optimize.milp``, HiGHS)::

        max  sum_u w_u y_u + sum_j b_j x_j
        s.t. y_u <= sum_{j covers u} x_j      (unit u counts only when an open site covers it)
             sum_j x_j = n_sites,  x_j = 1 for fixed j,
             x_j + x_k <= 1 for candidates closer than min_spacing_m,
             x binary, 0 <= y <= 1.

    Objectives: ``'person_hours'`` -- units are demand points with weight = person-hours;
    ``'participants'`` -- one unit per participant, served when *any* of their counted demand
    points is covered, weight 1, plus the person-hours scaled by ``0.5 / total`` as a strict
    tie-break (so serving ten people always beats one person's ten hours, and among equal
    head-counts more hours win). Units with identical covering sets are merged (exact), and
    units covered by a fixed site are dropped as already served.

    k-anonymity: a demand point counts only when at least ``k_min`` distinct participants
    have demand within ``kanon_radius_m`` (default ``service_radius_m``) of it, and a
    candidate can be opened only when its catchment holds counted demand of at least
    ``k_min`` distinct participants (fixed sites are exempt).

    ``method``: ``'milp'``, ``'greedy'`` or ``'auto'`` (MILP unless the coverage matrix has
    more than ``max_milp_nonzeros`` entries). With a time limit the best MILP solution found
    is used (and compared with greedy); without any MILP solution, greedy. Greedy results carry
    the LP-relaxation upper bound and gap; outside ``method='greedy'`` (or with
    ``improve_greedy``) the greedy plan is first improved by site swaps, which also sharpens
    the reduced-cost fixing that shrinks the MILP. ``site_bonus`` adds objective units per opened
    candidate (used by :func:`plan_phases`). ``excluded_mask`` candidates are never chosen.
    """
    t0 = time.perf_counter()
    if objective not in OBJECTIVES:
        raise ParameterError(f"Unknown objective '{objective}' (use one of {', '.join(OBJECTIVES)}).")
    if method not in ("auto", "milp", "greedy"):
        raise ParameterError(f"Unknown method '{method}' (use auto, milp or greedy).")
    if not service_radius_m > 0:
        raise ParameterError(f"Service radius must be positive, got {service_radius_m} m.")
    if min_spacing_m < 0:
        raise ParameterError(f"Minimum spacing must be >= 0 m, got {min_spacing_m}.")
    cxy = _as_xy(candidate_xy, "candidates")
    dxy, w, pid = _demand_arrays(demand_xy, demand_weight, demand_participant)
    n_c = len(cxy)
    n_sites = int(n_sites)
    if n_sites < 1:
        raise ParameterError(f"Number of sites must be at least 1, got {n_sites}.")
    excl = np.zeros(n_c, dtype=bool) if excluded_mask is None else np.asarray(excluded_mask, dtype=bool)
    if excl.shape != (n_c,):
        raise ParameterError(f"excluded_mask has {excl.size} entries for {n_c} candidates.")
    fixed_idx = np.unique(np.asarray([] if fixed is None else list(fixed), dtype=np.int64))
    if fixed_idx.size and (fixed_idx.min() < 0 or fixed_idx.max() >= n_c):
        raise ParameterError(f"A fixed site index is outside 0..{n_c - 1}.")
    if np.any(excl[fixed_idx]):
        raise ParameterError(
            f"Fixed site(s) {', '.join(map(str, fixed_idx[excl[fixed_idx]]))} lie in an exclusion zone.")
    if fixed_idx.size > n_sites:
        raise ParameterError(f"{fixed_idx.size} fixed sites but only {n_sites} sites to place.")
    bonus_all = np.zeros(n_c) if site_bonus is None else np.asarray(site_bonus, dtype=np.float64)
    if bonus_all.shape != (n_c,):
        raise ParameterError(f"site_bonus has {bonus_all.size} entries for {n_c} candidates.")
    notes: list[str] = []
    _check_cancel(is_cancelled)

    # --- k-anonymity on demand and candidate catchments -------------------------------------
    counted = _counted_demand(dxy, pid, service_radius_m if kanon_radius_m is None else kanon_radius_m, k_min)
    suppressed_ph = float(w[~counted].sum())
    if suppressed_ph > 0:
        notes.append(f"{int((~counted).sum())} demand points ({suppressed_ph:.1f} person-hours) "
                     f"are behind fewer than {k_min} participants and do not count")
    dxy_c, w_c, pid_c = dxy[counted], w[counted], pid[counted]
    ci, di = _coverage_pairs(cxy, dxy_c, service_radius_m)
    catch_part = kanon.distinct_count(ci, pid_c[di], n_c)
    eligible = ~excl & kanon.is_publishable(catch_part, k_min)
    eligible[fixed_idx] = True
    if int(eligible.sum()) < n_sites:
        raise ParameterError(
            f"Only {int(eligible.sum())} candidates are allowed (outside exclusions and serving at least "
            f"{k_min} participants) but {n_sites} sites were asked for.")
    _report(progress, 0.15)
    _check_cancel(is_cancelled)

    # --- model columns and units --------------------------------------------------------------
    cand = np.flatnonzero(eligible)
    col_of = np.full(n_c, -1, dtype=np.int64)
    col_of[cand] = np.arange(len(cand))
    keep_pair = eligible[ci]
    pc, pd = col_of[ci[keep_pair]], di[keep_pair]
    fixed_local = col_of[fixed_idx]
    is_fixed_col = np.zeros(len(cand), dtype=bool)
    is_fixed_col[fixed_local] = True

    total_ph = float(w_c.sum())
    if objective == "person_hours":
        unit_of_pair, unit_w = pd, w_c
    else:
        # participant units (weight 1) + point units (weight 0.5 * w / total): lexicographic
        n_p = int(pid_c.max()) + 1 if pid_c.size else 0
        pp = pid_c[pd]
        key = np.unique(pp * len(cand) + pc)
        part_unit, part_col = key // len(cand), key % len(cand)
        eps = 0.5 / total_ph if total_ph > 0 else 0.0
        unit_of_pair = np.concatenate([part_unit, n_p + pd])
        pc = np.concatenate([part_col, pc])
        unit_w = np.concatenate([np.ones(n_p), eps * w_c])
    # units already served by a fixed site
    n_units_raw = len(unit_w)
    served_fixed = np.zeros(n_units_raw, dtype=bool)
    served_fixed[unit_of_pair[is_fixed_col[pc]]] = True
    constant = float(unit_w[served_fixed].sum())
    keep_u = ~served_fixed[unit_of_pair]
    cover, weight = _aggregate_units(unit_of_pair[keep_u], pc[keep_u], unit_w, len(cand))
    pos = weight > 0
    cover, weight = cover[pos], weight[pos]

    spacing_pairs = np.zeros((0, 2), dtype=np.int64)
    if min_spacing_m > 0 and len(cand) > 1:
        pr = cKDTree(cxy[cand]).query_pairs(min_spacing_m, output_type="ndarray")
        if len(pr):
            d = np.hypot(*(cxy[cand[pr[:, 0]]] - cxy[cand[pr[:, 1]]]).T)
            spacing_pairs = pr[d < min_spacing_m].astype(np.int64)
        if len(spacing_pairs):
            both_fixed = is_fixed_col[spacing_pairs[:, 0]] & is_fixed_col[spacing_pairs[:, 1]]
            if both_fixed.any():
                a, b = cand[spacing_pairs[both_fixed][0]]
                raise ParameterError(
                    f"Fixed sites {a} and {b} are closer than the minimum spacing of {min_spacing_m:g} m.")
    model = _Model(cand=cand, cover=cover, weight=weight, constant=constant, fixed_local=fixed_local,
                   bonus=bonus_all[cand], spacing_pairs=spacing_pairs)
    _report(progress, 0.3)
    _check_cancel(is_cancelled)

    # --- solve ----------------------------------------------------------------------------------
    deadline = None if time_limit_s is None else t0 + float(time_limit_s)

    def remaining() -> float | None:
        return None if deadline is None else max(0.1, deadline - time.perf_counter())

    infeasible_msg = (f"No plan of {n_sites} sites satisfies the constraints (minimum spacing "
                      f"{min_spacing_m:g} m, fixed sites, exclusions). Reduce the spacing or the number of sites.")
    use_milp = HAVE_MILP and (method == "milp" or (method == "auto" and cover.nnz <= max_milp_nonzeros))
    if method == "milp" and not HAVE_MILP:
        notes.append("scipy.optimize.milp is unavailable: greedy used")
    if method == "auto" and HAVE_MILP and not use_milp:
        notes.append(f"coverage matrix has {cover.nnz} entries (> {max_milp_nonzeros}): greedy used")

    g_cols = _greedy(model, n_sites, cxy[cand], min_spacing_m, is_cancelled)
    if method != "greedy" or improve_greedy:
        g_cols = _swap_improve(model, g_cols, cxy[cand], min_spacing_m, is_cancelled=is_cancelled,
                               deadline=deadline)
    g_obj = _objective_of(model, g_cols) if len(g_cols) == n_sites else -np.inf
    cols = g_cols
    used = "greedy"
    optimal = False
    upper = float("inf")
    _report(progress, 0.4)
    _check_cancel(is_cancelled)
    try:
        lp = _solve_lp(model, n_sites, remaining())
    except ParameterError:
        raise ParameterError(infeasible_msg) from None
    if lp is not None:
        upper = lp.upper
    _report(progress, 0.7)
    _check_cancel(is_cancelled)
    if use_milp:
        tol = 1e-7 * max(1.0, abs(upper)) if np.isfinite(upper) else 0.0
        lp_cols = None
        if lp is not None and np.all(np.minimum(lp.x, 1.0 - lp.x) < 1e-6):
            lp_cols = np.flatnonzero(lp.x > 0.5)
        if lp_cols is not None and len(lp_cols) == n_sites and _objective_of(model, lp_cols) >= upper - tol:
            # an integral LP vertex: optimal for the MILP as well
            cols, used, optimal = lp_cols, "milp", True
            notes.append("LP relaxation has an integral optimum: proven optimal without branching")
        else:
            sub, back = model, np.arange(len(cand))
            if lp is not None:
                # LP-guided incumbent: greedy over the LP support, then swaps
                support = lp.x > 1e-6
                if support.sum() >= n_sites:
                    l_cols = _greedy(model, n_sites, cxy[cand], min_spacing_m, is_cancelled, only=support)
                    if len(l_cols) == n_sites:
                        l_cols = _swap_improve(model, l_cols, cxy[cand], min_spacing_m,
                                               is_cancelled=is_cancelled, deadline=deadline)
                        l_obj = _objective_of(model, l_cols)
                        if l_obj > g_obj:
                            g_cols, g_obj, cols = l_cols, l_obj, l_cols
            if lp is not None and np.isfinite(g_obj):
                # reduced-cost fixing: opening (closing) j costs at least its reduced cost, so a
                # column whose forced value would drop the LP bound below greedy is settled
                drop = upper - lp.red_lower < g_obj - tol
                force = upper + lp.red_upper < g_obj - tol
                drop &= ~force
                drop[model.fixed_local] = False
                if (~drop).sum() >= n_sites:
                    sub, back = _restrict(model, ~drop, force)
                    if drop.any() or force.any():
                        notes.append(f"reduced-cost fixing closed {int(drop.sum())} and opened "
                                     f"{int(force.sum())} of {len(cand)} candidates")
            res = _solve_milp(sub, n_sites, remaining(), mip_rel_gap)
            if res.status == 2:
                raise ParameterError(infeasible_msg)
            if res.x is not None:
                m_cols = back[np.flatnonzero(res.x[: len(sub.cand)] > 0.5)]
                optimal = res.status == 0
                if optimal or not np.isfinite(g_obj) or _objective_of(model, m_cols) >= g_obj:
                    cols, used = m_cols, "milp"
                bound = getattr(res, "mip_dual_bound", None)
                if not optimal and bound is not None and np.isfinite(bound):
                    upper = min(upper, float(-bound) + sub.constant)
                if not optimal:
                    notes.append(f"MILP stopped early ({res.message.strip()}); best solution kept")
            else:
                notes.append(f"MILP found no solution ({res.message.strip()}): greedy used")
    greedy_guarantee = used == "greedy" and len(spacing_pairs) == 0
    if used == "greedy" and (method != "greedy" or improve_greedy):
        notes.append("greedy solution improved by site swaps (local search)")
    if len(cols) < n_sites:
        notes.append(f"greedy could place only {len(cols)} of {n_sites} sites under the spacing rule")
    obj = _objective_of(model, cols)
    if optimal:
        upper = obj
    gap = (upper - obj) / upper if np.isfinite(upper) and upper > 0 else 0.0
    gap = max(0.0, gap)

    # --- rank, per-site figures -----------------------------------------------------------------
    order, gains = _rank_order(model, cols)
    sites = cand[order]
    sel_xy = cxy[sites]
    if len(sites) and len(dxy_c):
        dist, near = cKDTree(sel_xy).query(dxy_c, k=1, distance_upper_bound=service_radius_m * (1 + 1e-12))
        hit = np.isfinite(dist)
    else:
        near = np.zeros(len(dxy_c), dtype=np.int64)
        hit = np.zeros(len(dxy_c), dtype=bool)
    ph_site = np.bincount(near[hit], weights=w_c[hit], minlength=len(sites))
    np_site = kanon.distinct_count(np.where(hit, near, -1), pid_c, len(sites)).astype(np.float64)
    tot_ph = float(w_c[hit].sum())
    tot_np = int(np.unique(pid_c[hit]).size)
    if candidate_score is not None:
        cs = np.asarray(candidate_score, dtype=np.float64)
        if cs.shape != (n_c,):
            raise ParameterError(f"candidate_score has {cs.size} values for {n_c} candidates.")
        score = cs[sites]
    else:
        score = gains / obj if obj > 0 else np.zeros(len(sites))
    _report(progress, 1.0)
    return Selection(
        site_index=sites, rank=np.arange(1, len(sites) + 1), score=score, marginal_gain=gains,
        person_hours_served=kanon.suppress(ph_site, np_site, k_min),
        participants_served=kanon.suppress(np_site, np_site, k_min),
        total_person_hours_served=tot_ph, total_participants_served=tot_np,
        total_person_hours=total_ph, total_participants=int(np.unique(pid_c).size),
        objective=objective, objective_value=obj, method=used, optimal=optimal, upper_bound=upper,
        gap=gap, greedy_guarantee=greedy_guarantee, eligible=eligible, suppressed_person_hours=suppressed_ph,
        n_units=int(cover.shape[0]), runtime_s=time.perf_counter() - t0, notes=notes)


def covered_demand(site_xy, demand_xy, service_radius_m: float) -> np.ndarray:
    """True for demand points within ``service_radius_m`` of at least one site."""
    s = _as_xy(site_xy, "sites")
    d = _as_xy(demand_xy, "demand points")
    if len(s) == 0:
        return np.zeros(len(d), dtype=bool)
    dist, _ = cKDTree(s).query(d, k=1, distance_upper_bound=service_radius_m * (1 + 1e-12))
    return np.isfinite(dist)


# --------------------------------------------------------------------------------------------
# Phases (mobile shelters)
# --------------------------------------------------------------------------------------------

@dataclass
class PhasePlan:
    """A site plan per phase. ``kept[t]`` / ``moved_in[t]`` / ``moved_out[t]`` are candidate
    indices kept from, added to and dropped from phase t - 1 (phase 0 against ``initial_sites``)."""

    selections: list[Selection]
    kept: list[np.ndarray]
    moved_in: list[np.ndarray]
    moved_out: list[np.ndarray]
    had_initial: bool = False

    @property
    def n_moves(self) -> int:
        """Number of relocations (sites opened at a new place) over all phases; the first
        phase counts only when ``initial_sites`` were given."""
        first = 0 if self.had_initial else 1
        return int(sum(len(m) for m in self.moved_in[first:]))


def plan_phases(
    candidate_xy,
    demand_xy,
    demand_weight,
    demand_participant,
    phases: Sequence[np.ndarray],
    n_sites: int,
    service_radius_m: float,
    relocation_penalty: float,
    initial_sites: Sequence[int] | None = None,
    phase_demand_weights: Sequence[np.ndarray] | None = None,
    progress: ProgressFn = None,
    is_cancelled: CancelFn = None,
    **select_kwargs,
) -> PhasePlan:
    """Site plans for successive phases with candidates that become unavailable.

    ``phases[t]`` is a boolean mask of candidates unavailable in phase t (works, events,
    closures). Phase by phase, an exact MCLP is solved with a bonus of ``relocation_penalty``
    (objective units: person-hours, or participants) for every site of the previous phase that
    is kept. Since the number of sites is fixed, moving m sites forgoes m bonuses: a site is
    moved only when the coverage gained by moving exceeds the penalty per moved site. A
    previous site that is unavailable must move. The plan is sequential (each phase optimal
    given the one before), not a joint optimum over all phases. Phase t may have its own
    demand weights (``phase_demand_weights[t]``). Other keywords go to :func:`select_sites`.
    """
    if relocation_penalty < 0:
        raise ParameterError(f"Relocation penalty must be >= 0, got {relocation_penalty}.")
    cxy = _as_xy(candidate_xy, "candidates")
    n_c = len(cxy)
    base_excl = select_kwargs.pop("excluded_mask", None)
    base_excl = np.zeros(n_c, dtype=bool) if base_excl is None else np.asarray(base_excl, dtype=bool)
    fixed = select_kwargs.pop("fixed", None)
    prev = np.asarray([] if initial_sites is None else list(initial_sites), dtype=np.int64)
    sels: list[Selection] = []
    kept: list[np.ndarray] = []
    moved_in: list[np.ndarray] = []
    moved_out: list[np.ndarray] = []
    for t, mask in enumerate(phases):
        _check_cancel(is_cancelled)
        unavailable = np.asarray(mask, dtype=bool)
        if unavailable.shape != (n_c,):
            raise ParameterError(f"Phase {t + 1}: the unavailability mask has {unavailable.size} entries "
                                 f"for {n_c} candidates.")
        excl = base_excl | unavailable
        bonus = np.zeros(n_c)
        bonus[prev[~excl[prev]]] = relocation_penalty if prev.size else 0.0
        fx = None
        if fixed is not None:
            fx = [int(j) for j in fixed if not excl[int(j)]]
        w_t = demand_weight if phase_demand_weights is None else phase_demand_weights[t]
        sel = select_sites(cxy, demand_xy, w_t, demand_participant, n_sites, service_radius_m,
                           fixed=fx, excluded_mask=excl, site_bonus=bonus, **select_kwargs)
        cur = np.sort(sel.site_index)
        kept.append(np.intersect1d(prev, cur))
        moved_in.append(np.setdiff1d(cur, prev))
        moved_out.append(np.setdiff1d(prev, cur))
        sels.append(sel)
        prev = cur
        _report(progress, (t + 1) / max(1, len(phases)))
    return PhasePlan(selections=sels, kept=kept, moved_in=moved_in, moved_out=moved_out,
                     had_initial=initial_sites is not None)


# --------------------------------------------------------------------------------------------
# Weight sensitivity
# --------------------------------------------------------------------------------------------

@dataclass
class Sensitivity:
    """How often each candidate is chosen when the weights vary.

    ``frequency`` is the share of runs (0..1) that chose each candidate; ``base_sites`` the
    choice with the unperturbed weights; ``weight_samples`` the (n_runs, n_criteria) weights used.
    """

    frequency: np.ndarray
    base_sites: np.ndarray
    weight_samples: np.ndarray


def top_sites_by_score(score: np.ndarray, n_sites: int, candidate_xy=None, min_spacing_m: float = 0.0,
                       excluded_mask: np.ndarray | None = None) -> np.ndarray:
    """The ``n_sites`` best-scoring candidates, skipping any closer than ``min_spacing_m`` to one
    already taken (highest score first; NaN and excluded candidates never)."""
    s = np.asarray(score, dtype=np.float64).copy()
    bad = ~np.isfinite(s)
    if excluded_mask is not None:
        bad |= np.asarray(excluded_mask, dtype=bool)
    s[bad] = -np.inf
    order = np.argsort(-s, kind="stable")
    order = order[np.isfinite(s[order])]
    if min_spacing_m <= 0 or candidate_xy is None:
        return order[:n_sites]
    xy = _as_xy(candidate_xy, "candidates")
    chosen: list[int] = []
    for j in order:
        if chosen:
            d = np.hypot(*(xy[chosen] - xy[j]).T)
            if np.any(d < min_spacing_m):
                continue
        chosen.append(int(j))
        if len(chosen) == n_sites:
            break
    return np.asarray(chosen, dtype=np.int64)


def weight_sensitivity(
    criteria_matrix,
    weights,
    n_sites: int,
    candidate_xy=None,
    min_spacing_m: float = 0.0,
    excluded_mask: np.ndarray | None = None,
    n_runs: int = 200,
    spread: float = 0.2,
    rng: None | int | np.random.Generator = None,
    selector: Callable[[np.ndarray], np.ndarray] | None = None,
    progress: ProgressFn = None,
    is_cancelled: CancelFn = None,
) -> Sensitivity:
    """Monte Carlo weight sensitivity of the site choice.

    Each run multiplies every weight by an independent factor uniform in
    ``[1 - spread, 1 + spread]``, renormalises to sum 1, rescores the candidates
    (``criteria_matrix @ weights``, an (n_candidates, n_criteria) matrix of 0..1 scores; rows
    with NaN are excluded) and re-selects the sites: by default the ``n_sites`` best scores
    with ``min_spacing_m``; ``selector(score) -> indices`` replaces that (e.g. a call to
    :func:`select_sites` with ``candidate_score``). Returns the share of runs choosing each one.
    """
    m = np.asarray(criteria_matrix, dtype=np.float64)
    if m.ndim == 1:
        m = m[:, None]
    w0 = np.asarray(list(weights.values()) if isinstance(weights, Mapping) else weights, dtype=np.float64)
    if w0.shape != (m.shape[1],):
        raise ParameterError(f"{w0.size} weights for {m.shape[1]} criteria.")
    if np.any(w0 < 0) or w0.sum() <= 0:
        raise ParameterError("Weights must be >= 0 with a positive sum.")
    if not 0 <= spread < 1:
        raise ParameterError(f"Weight spread must be within 0..1, got {spread}.")
    gen = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)
    n_runs = int(n_runs)

    def choose(weights_vec: np.ndarray) -> np.ndarray:
        score = m @ (weights_vec / weights_vec.sum())
        if selector is not None:
            return np.asarray(selector(score), dtype=np.int64)
        return top_sites_by_score(score, n_sites, candidate_xy, min_spacing_m, excluded_mask)

    base = choose(w0)
    samples = w0[None, :] * gen.uniform(1 - spread, 1 + spread, size=(n_runs, len(w0)))
    samples /= samples.sum(axis=1, keepdims=True)
    count = np.zeros(m.shape[0])
    for r in range(n_runs):
        _check_cancel(is_cancelled)
        count[choose(samples[r])] += 1
        if progress is not None and (r % 10 == 9 or r == n_runs - 1):
            progress((r + 1) / n_runs)
    return Sensitivity(frequency=count / max(1, n_runs), base_sites=base, weight_samples=samples)
