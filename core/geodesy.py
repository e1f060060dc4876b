"""Distances on the WGS84 sphere, and speeds along a track (pure numpy, no QGIS).

Units: degrees in, metres and metres per second out."""
from __future__ import annotations

import numpy as np

EARTH_RADIUS_M = 6371008.8
"""Mean Earth radius (IUGG), metres, used by :func:`haversine_m`."""


def haversine_m(lat1, lon1, lat2, lon2) -> np.ndarray:
    """Great-circle distance in metres between WGS84 points (degrees; numpy broadcasting).

    Longitudes are differenced through the sine of half the difference, so the distance is
    right across the antimeridian (179.99 E to 179.99 W is about 2.2 km at the equator).
    """
    p1 = np.radians(lat1)
    p2 = np.radians(lat2)
    dp = p2 - p1
    dl = np.radians(np.asarray(lon2, dtype=np.float64) - np.asarray(lon1, dtype=np.float64))
    a = np.sin(dp * 0.5) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl * 0.5) ** 2
    return 2.0 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def path_speed_mps(step_m: np.ndarray, step_s: np.ndarray) -> np.ndarray:
    """Per fix, the path length to both neighbours over the time between them (m/s), from
    the n-1 distances ``step_m`` (metres) and durations ``step_s`` (seconds) between
    consecutive fixes, each 0 where two fixes are not neighbours (another participant or
    segment): a track's end uses its one step. NaN where that time is 0."""
    n = step_m.shape[0] + 1
    dist = np.zeros(n)
    span = np.zeros(n)
    dist[1:] += step_m
    dist[:-1] += step_m
    span[1:] += step_s
    span[:-1] += step_s
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(span > 0, dist / span, np.nan)
