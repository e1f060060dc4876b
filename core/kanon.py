"""The one k-anonymity mechanism every aggregate output goes through.

An aggregate (a density cell, a hotspot polygon, a place, a flow, a site figure) is shown
only when at least ``k_min`` *distinct participants* stand behind it. Counting is by
participant, never by fixes or visits: one person sitting all day is still one person.
"""
from __future__ import annotations

from typing import Iterable, Optional, Sequence, Tuple

import numpy as np
from scipy import ndimage

from .ids import participant_codes

DEFAULT_K_MIN = 3


def is_publishable(n_participants, k_min: int = DEFAULT_K_MIN):
    """True where ``n_participants >= k_min`` (works on scalars and arrays)."""
    return np.asarray(n_participants) >= int(k_min)


def distinct_count(group_ids: np.ndarray, participant_ids: np.ndarray, n_groups: int) -> np.ndarray:
    """Distinct participants per group.

    ``group_ids`` (int, -1 = no group) and ``participant_ids`` (any hashable, same length)
    describe membership records (a fix in a cell, a visit to a place, ...). Returns an int
    array of length ``n_groups`` with the number of distinct participants in each group.
    """
    g = np.asarray(group_ids, dtype=np.int64)
    keep = g >= 0
    g = g[keep]
    if g.size == 0:
        return np.zeros(n_groups, dtype=np.int64)
    pid, _ = participant_codes(np.asarray(participant_ids)[keep])
    pairs = np.unique(g * (int(pid.max()) + 1) + pid)
    return np.bincount(pairs // (int(pid.max()) + 1), minlength=n_groups).astype(np.int64)


def disk_footprint(radius_cells: float) -> np.ndarray:
    """Boolean disk of the given radius (in cells), centred in an odd-sized square."""
    r = max(0, int(np.ceil(radius_cells)))
    yy, xx = np.mgrid[-r : r + 1, -r : r + 1]
    return (xx * xx + yy * yy) <= radius_cells * radius_cells + 1e-9


def grid_distinct_participants(
    cols: np.ndarray,
    rows: np.ndarray,
    participant_ids: np.ndarray,
    shape: Tuple[int, int],
    radius_cells: float,
    progress=None,
    is_cancelled=None,
) -> np.ndarray:
    """Distinct participants with presence within ``radius_cells`` of each grid cell.

    ``cols``/``rows`` are integer cell indices of each fix (outside the grid are ignored),
    ``shape`` is (n_rows, n_cols). For each participant the occupied cells are dilated by a
    disk of the given radius; the result is the number of participants whose dilated
    footprint covers the cell. This is the count behind a kernel-density cell when the
    kernel's support radius is ``radius_cells``.
    """
    nr, nc = shape
    cols = np.asarray(cols, dtype=np.int64)
    rows = np.asarray(rows, dtype=np.int64)
    inside = (cols >= 0) & (cols < nc) & (rows >= 0) & (rows < nr)
    pids, _ = participant_codes(participant_ids)
    out = np.zeros(shape, dtype=np.int32)
    uniq = np.unique(pids[inside])
    r2 = float(radius_cells) ** 2 + 1e-9
    for i, p in enumerate(uniq):
        if is_cancelled is not None and is_cancelled():
            break
        m = inside & (pids == p)
        occ = np.zeros(shape, dtype=bool)
        occ[rows[m], cols[m]] = True
        if radius_cells >= 1.0:
            # exact disk dilation in O(cells): squared distance to the nearest occupied cell
            d2 = ndimage.distance_transform_edt(~occ, return_distances=True) ** 2
            occ = d2 <= r2
        out += occ
        if progress is not None:
            progress((i + 1) / len(uniq))
    return out


def suppress(values: np.ndarray, n_participants: np.ndarray, k_min: int = DEFAULT_K_MIN,
             fill: float = np.nan) -> np.ndarray:
    """Copy of ``values`` with entries backed by fewer than ``k_min`` participants set to ``fill``."""
    v = np.array(values, dtype=np.float64, copy=True)
    v[~is_publishable(n_participants, k_min)] = fill
    return v


def publishable_records(n_participants: Sequence[int], k_min: int = DEFAULT_K_MIN) -> np.ndarray:
    """Indices of aggregate records that may be written."""
    return np.flatnonzero(is_publishable(n_participants, k_min))


def min_k(n_participants: Iterable[int], k_min: int = DEFAULT_K_MIN) -> Optional[int]:
    """Smallest participant count among the records that are published (None if none are)."""
    a = np.asarray(list(n_participants))
    a = a[a >= k_min]
    return int(a.min()) if a.size else None
