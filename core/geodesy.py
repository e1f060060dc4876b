"""Distances on the WGS84 sphere (pure numpy, no QGIS). Units: degrees in, metres out."""
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
