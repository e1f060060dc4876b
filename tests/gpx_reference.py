"""GPX fixes as gpxpy reads them and as Trampesti's reader reads them, in one comparable form.

Each fix is ``(lat, lon, ele, time in integer microseconds)``, ``None`` where missing; times
without a zone are UTC (GPX). Used by ``tests/test_readers_gpx.py`` (identity on every real
file) and ``benchmarks/bench_readers.py`` (the same check beside the timing).
"""
from __future__ import annotations

import datetime as dt

import gpxpy

from trampesti.core.readers import ReaderOptions, gpx

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


def micro(t: float) -> int:
    """Epoch seconds → integer microseconds (gpxpy's resolution)."""
    return int(round(t * 1e6))


def gpxpy_points(text: str) -> list:
    """Every track point of ``text`` as gpxpy parses it."""
    g = gpxpy.parse(text)
    out = []
    for t in g.tracks:
        for s in t.segments:
            for p in s.points:
                if p.time is None:
                    us = None
                else:
                    tt = p.time if p.time.tzinfo else p.time.replace(tzinfo=dt.timezone.utc)
                    us = (tt - EPOCH) // dt.timedelta(microseconds=1)
                out.append((p.latitude, p.longitude, p.elevation, us))
    return out


def our_points(path: str, data: bytes) -> list:
    """The fixes of Trampesti's GPX reader for the same file."""
    fx = gpx.read(path, data, ReaderOptions()).fixes
    return [(la, lo, None if e != e else e, None if t != t else micro(t))
            for la, lo, e, t in zip(fx.lat.tolist(), fx.lon.tolist(), fx.ele_m.tolist(), fx.time_s.tolist())]
