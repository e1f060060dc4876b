"""One round against another: density change, hotspot overlap, how well earlier sites still serve.

Everything works on one north-up metric grid (a GDAL geotransform ``(x0, p, 0, y0, 0, -p)``
in metres) and in one metric CRS for points. Densities are in person-hours per hectare (the
output of ``trampesti:kerneldensity``), NaN where a cell is nodata or suppressed below
``K_MIN`` distinct participants.

Privacy (``core.kanon``):

* a change cell is published only where **both** rounds published the cell; a cell suppressed
  (NaN) in either round stays NaN in the change raster, so the change never reveals a value
  that one of the rounds withheld;
* served figures computed from fixes count distinct participants; a figure backed by
  ``0 < n < k_min`` participants is withheld (NaN). A count of zero is published as zero: an
  empty group identifies nobody, and "nobody was within reach of the old site" is exactly what
  a planner needs to know.

Hotspot overlap is the Jaccard index ``|A ∩ B| / |A ∪ B|`` (Jaccard 1912) of the two rounds'
``L`` % hotspot areas, computed on the level masks (cell areas) or from polygon areas.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Dict, Iterable, Optional, Sequence, Tuple

import numpy as np
from scipy.spatial import cKDTree

from . import hotspots, kanon
from .exceptions import ParameterError

ProgressFn = Optional[Callable[[float], None]]
CancelFn = Optional[Callable[[], bool]]

DEFAULT_SERVICE_RADIUS_M = 300.0
M2_PER_HA = 10000.0


# --------------------------------------------------------------------------------------
# Grids
# --------------------------------------------------------------------------------------
def check_same_grid(shape_before: Sequence[int], gt_before: Sequence[float],
                    shape_after: Sequence[int], gt_after: Sequence[float],
                    rel_tol: float = 1e-6) -> None:
    """Raise :class:`ParameterError` unless both rasters have the same shape and geotransform.

    Geotransform terms are compared to ``rel_tol`` times the pixel size (metres).
    """
    sb, sa = tuple(int(v) for v in shape_before), tuple(int(v) for v in shape_after)
    hint = ("Run Kernel density for the later round with GRID = the earlier round's raster, so "
            "both rounds use identical pixels.")
    if sb != sa:
        raise ParameterError(
            f"BEFORE and AFTER are on different grids: {sb[0]} x {sb[1]} cells against "
            f"{sa[0]} x {sa[1]} cells (rows x columns). {hint}")
    gb = [float(v) for v in gt_before]
    ga = [float(v) for v in gt_after]
    if len(gb) != 6 or len(ga) != 6:
        raise ParameterError("a geotransform has six terms (x0, pixel, 0, y0, 0, -pixel)")
    tol = rel_tol * max(abs(gb[1]), abs(gb[5]), 1e-12)
    names = ("origin x", "pixel width", "rotation", "origin y", "rotation", "pixel height")
    for name, b, a in zip(names, gb, ga):
        if not abs(b - a) <= tol:
            raise ParameterError(
                f"BEFORE and AFTER are on different grids: {name} {b:g} against {a:g} (metres). {hint}")


def pixel_area_m2(gt: Sequence[float]) -> float:
    """Area of one cell in m² from a geotransform."""
    return abs(float(gt[1]) * float(gt[5]) - float(gt[2]) * float(gt[4]))


def cell_centres(gt: Sequence[float], shape: Sequence[int]) -> Tuple[np.ndarray, np.ndarray]:
    """1-D axes ``(x of each column, y of each row)`` of the cell centres of a north-up grid."""
    rows, cols = int(shape[0]), int(shape[1])
    xc = float(gt[0]) + (np.arange(cols) + 0.5) * float(gt[1])
    yc = float(gt[3]) + (np.arange(rows) + 0.5) * float(gt[5])
    return xc, yc


# --------------------------------------------------------------------------------------
# Density change
# --------------------------------------------------------------------------------------
def density_change(before: np.ndarray, after: np.ndarray, gt_before: Optional[Sequence[float]] = None,
                   gt_after: Optional[Sequence[float]] = None) -> np.ndarray:
    """``after - before`` (person-hours per hectare), NaN where either round is NaN.

    With both geotransforms given the grids are checked (:func:`check_same_grid`); shapes are
    always checked. Returns float64.
    """
    b = np.asarray(before, dtype=np.float64)
    a = np.asarray(after, dtype=np.float64)
    if b.ndim != 2 or a.ndim != 2:
        raise ParameterError("density rasters must be 2-D arrays")
    if gt_before is not None and gt_after is not None:
        check_same_grid(b.shape, gt_before, a.shape, gt_after)
    elif b.shape != a.shape:
        check_same_grid(b.shape, (0, 1, 0, 0, 0, -1), a.shape, (0, 1, 0, 0, 0, -1))
    out = a - b
    out[~(np.isfinite(a) & np.isfinite(b))] = np.nan
    return out


@dataclass
class ChangeSummary:
    """Figures of a change raster (volumes in person-hours, areas in m²)."""

    cells_published: int
    """Cells published in both rounds (finite change)."""
    cells_suppressed: int
    """Cells with presence in a round that are withheld because the other round suppressed them."""
    gain_person_hours: float
    loss_person_hours: float
    net_person_hours: float
    max_gain: float
    """Largest increase (person-hours per hectare); NaN without published cells."""
    max_loss: float
    """Largest decrease as a negative number (person-hours per hectare)."""


def summarise_change(before: np.ndarray, after: np.ndarray, change: np.ndarray,
                     cell_area_m2: float) -> ChangeSummary:
    """Totals of gain and loss over the published change cells."""
    c = np.asarray(change, dtype=np.float64)
    ok = np.isfinite(c)
    b = np.asarray(before, dtype=np.float64)
    a = np.asarray(after, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        present = (np.isfinite(b) & (b > 0)) | (np.isfinite(a) & (a > 0))
    ha = float(cell_area_m2) / M2_PER_HA
    v = np.where(ok, c, 0.0)
    gain = float(v[v > 0].sum() * ha)
    loss = float(-v[v < 0].sum() * ha)
    return ChangeSummary(
        cells_published=int(ok.sum()),
        cells_suppressed=int((present & ~ok).sum()),
        gain_person_hours=gain,
        loss_person_hours=loss,
        net_person_hours=gain - loss,
        max_gain=float(np.max(c[ok])) if ok.any() else float("nan"),
        max_loss=float(np.min(c[ok])) if ok.any() else float("nan"),
    )


def published_volume(density: np.ndarray, cell_area_m2: float) -> float:
    """Person-hours in the published cells of a density in person-hours per hectare."""
    d = np.asarray(density, dtype=np.float64)
    return float(np.nansum(np.where(np.isfinite(d), d, 0.0)) * float(cell_area_m2) / M2_PER_HA)


# --------------------------------------------------------------------------------------
# Hotspot overlap
# --------------------------------------------------------------------------------------
def jaccard_from_areas(area_before: float, area_after: float, area_intersection: float) -> float:
    """``|A ∩ B| / |A ∪ B|`` from the two areas and their intersection (any unit).

    NaN when both areas are empty (no hotspot in either round).
    """
    union = float(area_before) + float(area_after) - float(area_intersection)
    if not union > 0:
        return float("nan")
    return float(min(1.0, max(0.0, float(area_intersection) / union)))


def jaccard(mask_before: np.ndarray, mask_after: np.ndarray) -> float:
    """Jaccard index of two boolean masks on the same grid (NaN if both are empty)."""
    m1 = np.asarray(mask_before, dtype=bool)
    m2 = np.asarray(mask_after, dtype=bool)
    if m1.shape != m2.shape:
        raise ParameterError("hotspot masks differ in shape: they must be on the same grid")
    inter = int(np.count_nonzero(m1 & m2))
    return jaccard_from_areas(int(m1.sum()), int(m2.sum()), inter)


@dataclass
class LevelOverlap:
    """Overlap of the two rounds' ``level_pct`` % hotspots (areas in m², distance in metres)."""

    level_pct: float
    area_before_m2: float
    area_after_m2: float
    area_intersection_m2: float
    jaccard: float
    centroid_shift_m: float
    """Distance between the presence-weighted centroids of the two hotspots (NaN if one is empty)."""


def _weighted_centroid(density: np.ndarray, mask: np.ndarray, gt: Sequence[float]) -> Tuple[float, float]:
    rows, cols = np.nonzero(mask)
    if rows.size == 0:
        return float("nan"), float("nan")
    w = np.asarray(density, dtype=np.float64)[rows, cols]
    w = np.where(np.isfinite(w) & (w > 0), w, 0.0)
    if not w.sum() > 0:
        w = np.ones_like(w)
    xc, yc = cell_centres(gt, mask.shape)
    return float(np.average(xc[cols], weights=w)), float(np.average(yc[rows], weights=w))


def hotspot_overlap(before: np.ndarray, after: np.ndarray, gt: Sequence[float],
                    levels_pct: Iterable[float]) -> Dict[float, LevelOverlap]:
    """Jaccard overlap per percent-volume level of the two densities' hotspot masks.

    The masks are :func:`core.hotspots.level_masks` of each density (NaN = no presence). A round
    with no presence at all has empty masks (Jaccard NaN if both are empty, else 0).
    """
    levels = sorted(set(float(v) for v in levels_pct))
    b = np.asarray(before, dtype=np.float64)
    a = np.asarray(after, dtype=np.float64)
    if b.shape != a.shape:
        raise ParameterError("BEFORE and AFTER densities differ in shape: they must be on the same grid")

    def masks(d: np.ndarray) -> Dict[float, np.ndarray]:
        if not np.any(np.isfinite(d) & (np.nan_to_num(d, nan=0.0) > 0)):
            return {lv: np.zeros(d.shape, dtype=bool) for lv in levels}
        return hotspots.level_masks(d, levels)

    mb, ma = masks(b), masks(a)
    cell = pixel_area_m2(gt)
    out: Dict[float, LevelOverlap] = {}
    for lv in levels:
        m1, m2 = mb[lv], ma[lv]
        inter = float(np.count_nonzero(m1 & m2)) * cell
        a1, a2 = float(m1.sum()) * cell, float(m2.sum()) * cell
        c1 = _weighted_centroid(b, m1, gt)
        c2 = _weighted_centroid(a, m2, gt)
        out[lv] = LevelOverlap(lv, a1, a2, inter, jaccard_from_areas(a1, a2, inter),
                               float(math.hypot(c2[0] - c1[0], c2[1] - c1[1])))
    return out


# --------------------------------------------------------------------------------------
# How well the earlier sites still serve the group
# --------------------------------------------------------------------------------------
@dataclass
class Served:
    """Presence within the service radius of the sites in one round.

    ``share_presence`` is person-hours within reach / all person-hours (0..1).
    ``participants_served`` / ``participants_total`` and their share come only from fixes
    (NaN from a density raster). Figures withheld under k-anonymity are NaN.
    """

    person_hours_served: float
    person_hours_total: float
    share_presence: float
    participants_served: float
    participants_total: float
    share_participants: float


def _site_tree(site_xy) -> cKDTree:
    s = np.asarray(site_xy, dtype=np.float64).reshape(-1, 2)
    s = s[np.all(np.isfinite(s), axis=1)]
    if s.shape[0] == 0:
        raise ParameterError("no sites with valid coordinates were given")
    return cKDTree(s)


def within_radius(x_m, y_m, site_xy, radius_m: float) -> np.ndarray:
    """True for each point within ``radius_m`` metres of the nearest site."""
    if not (math.isfinite(float(radius_m)) and float(radius_m) > 0):
        raise ParameterError(f"the service radius must be a positive number of metres, got {radius_m!r}")
    x = np.asarray(x_m, dtype=np.float64).reshape(-1)
    y = np.asarray(y_m, dtype=np.float64).reshape(-1)
    ok = np.isfinite(x) & np.isfinite(y)
    out = np.zeros(x.shape, dtype=bool)
    if ok.any():
        d, _ = _site_tree(site_xy).query(np.column_stack([x[ok], y[ok]]), k=1,
                                         distance_upper_bound=float(radius_m) * (1 + 1e-12))
        out[ok] = np.isfinite(d) & (d <= float(radius_m))
    return out


def served_from_density(density: np.ndarray, gt: Sequence[float], site_xy, radius_m: float) -> Served:
    """Share of a density's published presence in cells whose centre is within ``radius_m`` of a site.

    ``density`` in person-hours per hectare on the grid ``gt``; suppressed cells (NaN) count as
    no presence (they are already withheld). Participant figures are NaN (a raster holds none).
    """
    d = np.asarray(density, dtype=np.float64)
    rows, cols = np.nonzero(np.isfinite(d) & (np.nan_to_num(d, nan=0.0) > 0))
    cell_ha = pixel_area_m2(gt) / M2_PER_HA
    nan = float("nan")
    if rows.size == 0:
        return Served(0.0, 0.0, nan, nan, nan, nan)
    xc, yc = cell_centres(gt, d.shape)
    near = within_radius(xc[cols], yc[rows], site_xy, radius_m)
    w = d[rows, cols] * cell_ha
    total = float(w.sum())
    served = float(w[near].sum())
    return Served(served, total, served / total if total > 0 else nan, nan, nan, nan)


def _k_ok(n: int, k_min: int) -> bool:
    return n == 0 or bool(kanon.is_publishable(n, k_min))


def served_from_points(x_m, y_m, weight, participant, site_xy, radius_m: float,
                       k_min: int = kanon.DEFAULT_K_MIN) -> Served:
    """Presence (``weight``, e.g. person-hours) and distinct participants within reach of the sites.

    Every figure goes through the k-anonymity rule: the served figures are withheld (NaN) when
    ``0 < participants_served < k_min``; everything is withheld when the round itself has fewer
    than ``k_min`` participants.
    """
    x = np.asarray(x_m, dtype=np.float64).reshape(-1)
    y = np.asarray(y_m, dtype=np.float64).reshape(-1)
    w = np.asarray(weight, dtype=np.float64).reshape(-1)
    pid = np.asarray(participant).astype(str).reshape(-1)
    if not (x.shape == y.shape == w.shape == pid.shape):
        raise ParameterError("coordinates, weights and participants differ in length")
    ok = np.isfinite(x) & np.isfinite(y) & np.isfinite(w) & (w > 0)
    x, y, w, pid = x[ok], y[ok], w[ok], pid[ok]
    nan = float("nan")
    near = within_radius(x, y, site_xy, radius_m)
    n_total = int(np.unique(pid).size)
    n_served = int(np.unique(pid[near]).size)
    total = float(w.sum())
    served = float(w[near].sum())
    if not kanon.is_publishable(n_total, k_min):
        return Served(nan, nan, nan, nan, nan, nan)
    if not _k_ok(n_served, k_min):
        return Served(nan, total, nan, nan, float(n_total), nan)
    return Served(served, total, served / total if total > 0 else nan, float(n_served), float(n_total),
                  n_served / n_total if n_total else nan)
