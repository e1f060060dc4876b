"""Choosing the study area: the connected area where most presence is.

A folder of tracker files may hold a participant's train trip to another city, or files from
several cities. A density grid over all of it would be enormous and mostly empty, so the
density step works on the *main study area*: fixes are put on a coarse occupancy grid
(``cell_m``, default 2 km), 8-connected occupied cells form areas, and the area with the most
weight (person-hours) is kept. What lies outside is counted and reported, never dropped
silently; a planner who wants another area gives an extent instead.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from .exceptions import CancelledError

EARTH_M_PER_DEG = 111_320.0


@dataclass
class StudyArea:
    """Which points lie in the main study area, and how much was left outside."""

    inside: np.ndarray  # bool per point
    n_areas: int
    weight_inside: float
    weight_outside: float

    @property
    def n_outside(self) -> int:
        return int((~self.inside).sum())


def approx_metric_xy(lon_deg: np.ndarray, lat_deg: np.ndarray):
    """Rough metres for coarse clustering only: x = lon·111 320·cos(lat), y = lat·111 320."""
    lat = np.asarray(lat_deg, dtype=np.float64)
    lon = np.asarray(lon_deg, dtype=np.float64)
    x = np.radians(lat)  # in place from here: 24 M points, one temporary instead of four
    np.cos(x, out=x)
    x *= lon
    x *= EARTH_M_PER_DEG
    return x, lat * EARTH_M_PER_DEG


def main_study_area(x_m: np.ndarray, y_m: np.ndarray, weight=None, cell_m: float = 2000.0,
                    is_cancelled: Optional[Callable[[], bool]] = None) -> StudyArea:
    """The connected area (8-connected cells of ``cell_m`` metres) holding the most weight.

    ``is_cancelled`` is asked between steps (each well under a second for 24 M points);
    :class:`CancelledError` when it says yes.
    """

    def check() -> None:
        if is_cancelled is not None and is_cancelled():
            raise CancelledError("study area cancelled")

    x = np.asarray(x_m, dtype=np.float64)
    y = np.asarray(y_m, dtype=np.float64)
    n = x.size
    w = np.ones(n) if weight is None else np.asarray(weight, dtype=np.float64)
    if n == 0:
        return StudyArea(np.zeros(0, dtype=bool), 0, 0.0, 0.0)
    cx = np.floor((x - x.min()) / cell_m).astype(np.int64)
    check()
    cy = np.floor((y - y.min()) / cell_m).astype(np.int64)
    check()
    # label the occupied cells as a sparse graph: no raster over the (possibly huge) extent.
    # Cells are numbered row-major (the order np.unique over (row, col) pairs would give, but
    # without sorting 24 M structured rows: that took 12 s holding the GIL, freezing QGIS).
    nx = int(cx.max()) + 1
    lin = cy * nx + cx
    del cx, cy
    n_cells = int(lin.max()) + 1
    if n_cells <= max(4 * n, 1 << 20):
        occupied = np.bincount(lin, minlength=n_cells) > 0
        cell_ids = np.flatnonzero(occupied)
        index_of = np.cumsum(occupied) - 1
        inv = index_of[lin]
        del occupied, index_of
    else:
        cell_ids, inv = np.unique(lin, return_inverse=True)
        inv = inv.reshape(-1)
    del lin
    check()
    keys = np.column_stack([cell_ids // nx, cell_ids % nx])
    labels = _label_sparse_cells(keys)
    point_label = labels[inv]
    per_label = np.bincount(point_label, weights=w)
    best = int(np.argmax(per_label))
    inside = point_label == best
    return StudyArea(inside, int(labels.max()) + 1, float(w[inside].sum()), float(w[~inside].sum()))


def _label_sparse_cells(keys: np.ndarray) -> np.ndarray:
    """Connected-component label (0..k-1) of each occupied cell (rows of ``keys`` = (row, col))."""
    m = keys.shape[0]
    if m == 1:
        return np.zeros(1, dtype=np.int64)
    width = int(keys[:, 1].max()) + 3
    lin = (keys[:, 0] + 1) * width + (keys[:, 1] + 1)  # sorted, since keys come from np.unique
    src, dst = [], []
    for dr in (-1, 0, 1):
        for dc in (-1, 0, 1):
            if dr == 0 and dc == 0:
                continue
            target = lin + dr * width + dc
            pos = np.clip(np.searchsorted(lin, target), 0, m - 1)
            hit = lin[pos] == target
            src.append(np.flatnonzero(hit))
            dst.append(pos[hit])
    s, d = np.concatenate(src), np.concatenate(dst)
    g = coo_matrix((np.ones(s.size), (s, d)), shape=(m, m))
    _, lab = connected_components(g, directed=False)
    return lab.astype(np.int64)
