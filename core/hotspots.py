"""Percent-volume hotspots of a density raster, connected regions and their statistics.

A ``L`` % hotspot is the smallest set of cells holding ``L`` % of all presence (the
"percent volume contour" / highest-density region of home-range analysis; Hyndman 1996,
*Computing and graphing highest density regions*, Am. Stat. 50, 120-126). Cells are sorted
by density, highest first; the threshold is the density of the cell at which the cumulative
sum first reaches ``L`` % of the total; the hotspot is every cell at or above it.

Units: density in weight units per ``area_unit_m2`` (1 = per m², 10 000 = per hectare);
volume = sum of density x pixel area in that unit. NaN cells (nodata, suppressed) are treated
as no presence.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Iterable, List, Optional, Tuple

import numpy as np
from scipy import ndimage, signal

from . import kanon
from .exceptions import ParameterError

EIGHT_CONNECTED = np.ones((3, 3), dtype=bool)


def _levels(levels_pct: Iterable[float]) -> List[float]:
    out = []
    for lv in levels_pct:
        v = float(lv)
        if not (0.0 < v <= 100.0):
            raise ParameterError(f"hotspot levels are percentages in (0, 100], got {lv!r}")
        out.append(v)
    if not out:
        raise ParameterError("give at least one hotspot level, e.g. 50,75,90")
    return out


def parse_levels(text: str) -> List[float]:
    """``"50, 75,90"`` -> ``[50.0, 75.0, 90.0]`` (sorted, unique)."""
    try:
        vals = [float(t) for t in str(text).replace(";", ",").split(",") if t.strip()]
    except ValueError:
        raise ParameterError(f"hotspot levels must be numbers separated by commas, got {text!r}") from None
    return sorted(set(_levels(vals)))


def percent_volume_thresholds(density: np.ndarray, levels_pct: Iterable[float]) -> Dict[float, float]:
    """Density threshold of each percent-volume level: ``{level_pct: threshold}``.

    ``density >= threshold`` is the smallest set of cells holding at least ``level_pct`` % of
    the total (ties at the threshold are all included). Levels must be in (0, 100]. Raises
    :class:`ParameterError` if the density holds no presence.
    """
    levels = _levels(levels_pct)
    d = np.asarray(density, dtype=np.float64).reshape(-1)
    vals = d[np.isfinite(d) & (d > 0)]
    if vals.size == 0:
        raise ParameterError("the density raster holds no presence (all cells zero or nodata)")
    vals = np.sort(vals)[::-1]
    cum = np.cumsum(vals)
    total = cum[-1]
    out: Dict[float, float] = {}
    for lv in levels:
        i = int(np.searchsorted(cum, lv / 100.0 * total * (1.0 - 1e-12), side="left"))
        out[lv] = float(vals[min(i, vals.size - 1)])
    return out


def level_masks(density: np.ndarray, levels: Iterable[float]) -> Dict[float, np.ndarray]:
    """Boolean hotspot mask of each percent-volume level: ``{level_pct: mask}``."""
    d = np.asarray(density, dtype=np.float64)
    thr = percent_volume_thresholds(d, levels)
    finite = np.isfinite(d) & (d > 0)
    with np.errstate(invalid="ignore"):
        return {lv: finite & (d >= t) for lv, t in thr.items()}


def volume_share(density: np.ndarray, mask: np.ndarray) -> float:
    """Share (0..1) of the total presence inside ``mask``."""
    d = np.where(np.isfinite(density), density, 0.0)
    total = d.sum()
    return float(d[mask].sum() / total) if total > 0 else 0.0


@dataclass
class Region:
    """One connected hotspot region (label ``label`` in the label raster)."""

    label: int
    level_pct: Optional[float]
    person_hours: float
    """Volume inside: sum of density x pixel area (in the density's weight unit)."""
    area_m2: float
    n_cells: int
    n_participants: int
    """Distinct participants with at least one fix inside the region (-1 if not given)."""
    peak: float
    """Highest density in the region."""
    row_min: int
    row_max: int
    col_min: int
    col_max: int


def label_regions(
    mask: np.ndarray,
    density: Optional[np.ndarray] = None,
    grid=None,
    x_m=None,
    y_m=None,
    participant=None,
    level_pct: Optional[float] = None,
    area_unit_m2: float = 1.0,
    pixel_size_m: Optional[float] = None,
) -> Tuple[np.ndarray, List[Region]]:
    """Connected regions (8-connectivity) of ``mask`` and their statistics.

    Returns ``(labels, regions)``: ``labels`` int32 (0 = outside, 1..n = region) and one
    :class:`Region` per label. ``person_hours`` = sum of ``density`` x pixel area /
    ``area_unit_m2`` (pass ``area_unit_m2=10_000`` for a density per hectare; with density in
    hours per m², the default, it is hours). ``n_participants`` counts distinct participants
    with fixes (``x_m, y_m, participant``, same CRS as ``grid``) inside the region through
    :func:`kanon.distinct_count`; -1 when no fixes are given. The pixel size comes from
    ``grid`` (a :class:`kde.Grid`) or ``pixel_size_m``.
    """
    m = np.asarray(mask, dtype=bool)
    if m.ndim != 2:
        raise ParameterError("mask must be a 2-D array")
    labels, n = ndimage.label(m, structure=EIGHT_CONNECTED)
    labels = labels.astype(np.int32)
    if pixel_size_m is None:
        pixel_size_m = grid.pixel_size_m if grid is not None else 1.0
    cell_area = float(pixel_size_m) ** 2
    flat = labels.reshape(-1)
    n_cells = np.bincount(flat, minlength=n + 1)
    if density is not None:
        d = np.asarray(density, dtype=np.float64)
        if d.shape != m.shape:
            raise ParameterError("density and mask differ in shape")
        d = np.where(np.isfinite(d), d, 0.0).reshape(-1)
        vol = np.bincount(flat, weights=d, minlength=n + 1) * cell_area / float(area_unit_m2)
        peak = np.zeros(n + 1)
        if n:
            peak[1:] = ndimage.maximum(d.reshape(m.shape), labels, index=np.arange(1, n + 1))
    else:
        vol = np.full(n + 1, np.nan)
        peak = np.full(n + 1, np.nan)
    if x_m is not None and participant is not None:
        if grid is None:
            raise ParameterError("counting participants needs the grid of the mask")
        cols, rows = grid.cell_of(x_m, y_m)
        inside = grid.inside(cols, rows)
        g = np.full(cols.shape, -1, dtype=np.int64)
        g[inside] = labels[rows[inside], cols[inside]].astype(np.int64) - 1  # -1 = outside regions
        n_part = kanon.distinct_count(g, np.asarray(participant), n)
    else:
        n_part = np.full(n, -1, dtype=np.int64)
    boxes = ndimage.find_objects(labels)
    regions = []
    for i in range(1, n + 1):
        sl = boxes[i - 1]
        regions.append(
            Region(
                label=i,
                level_pct=level_pct,
                person_hours=float(vol[i]),
                area_m2=float(n_cells[i] * cell_area),
                n_cells=int(n_cells[i]),
                n_participants=int(n_part[i - 1]),
                peak=float(peak[i]),
                row_min=int(sl[0].start),
                row_max=int(sl[0].stop - 1),
                col_min=int(sl[1].start),
                col_max=int(sl[1].stop - 1),
            )
        )
    return labels, regions


def hotspot_regions(
    density: np.ndarray,
    levels_pct: Iterable[float],
    grid,
    x_m=None,
    y_m=None,
    participant=None,
    area_unit_m2: float = 1.0,
) -> Dict[float, Tuple[np.ndarray, List[Region]]]:
    """:func:`level_masks` then :func:`label_regions` for each level: ``{level: (labels, regions)}``."""
    out = {}
    for lv, mask in level_masks(density, levels_pct).items():
        out[lv] = label_regions(mask, density, grid, x_m, y_m, participant, lv, area_unit_m2)
    return out


def getis_ord_gi_star(values: np.ndarray, radius_cells: float) -> np.ndarray:
    """Getis-Ord Gi* z-score of each cell with binary weights on a disk of ``radius_cells``.

    ``w_ij = 1`` for cells ``j`` within ``radius_cells`` of ``i`` (the cell itself included),
    0 otherwise. With ``n`` valid cells, mean ``X`` and ``S = sqrt(sum x^2 / n - X^2)``::

        Gi* = (sum_j w_ij x_j - X sum_j w_ij) / (S sqrt((n sum_j w_ij^2 - (sum_j w_ij)^2) / (n - 1)))

    (Ord & Getis 1995, *Geographical Analysis* 27, 286-306, eq. 4.) NaN cells are missing: they
    are left out of ``n`` and of every neighbourhood and get NaN. Cells at the raster edge
    simply have fewer neighbours. Returns float64 of the same shape; NaN where undefined
    (constant field, or a neighbourhood covering every cell).
    """
    v = np.asarray(values, dtype=np.float64)
    if v.ndim != 2:
        raise ParameterError("Gi* needs a 2-D array")
    valid = np.isfinite(v)
    n = int(valid.sum())
    out = np.full(v.shape, np.nan)
    if n < 2:
        return out
    x = np.where(valid, v, 0.0)
    mean = x.sum() / n
    s = np.sqrt(max(0.0, (x * x).sum() / n - mean * mean))
    if not s > 0:
        return out
    fp = kanon.disk_footprint(radius_cells).astype(np.float64)
    lag = signal.fftconvolve(x, fp, mode="same")
    wsum = np.rint(signal.fftconvolve(valid.astype(np.float64), fp, mode="same"))
    denom_sq = (n * wsum - wsum * wsum) / (n - 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        z = (lag - mean * wsum) / (s * np.sqrt(denom_sq))
    ok = valid & (denom_sq > 0)
    out[ok] = z[ok]
    return out
