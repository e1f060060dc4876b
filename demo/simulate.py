"""Deterministic simulator of one demo round of GPS-logger tracks in Odense Østerbro.

``simulate_round(out_dir)`` writes REAL tracker files (GPX 1.1, NMEA 0183, two logger CSV
dialects and one deliberately broken file) into ``out_dir/trackers/``, simulated map layers
(GeoJSON, EPSG:4326) into ``out_dir/layers/`` and the planted ground truth into
``out_dir/truth.json``. Everything follows from the seed: the same seed gives byte-identical
files. Pure Python + numpy; no qgis import.

The map (street graph, places, layers) is fixed; the seed drives behaviour (schedules, walking
speed, sampling, noise, gaps, outliers). Units: metres, seconds, UTC epoch seconds.

Files (default 20 participants): ``logger_01..08.gpx`` (GPX 1.1, track name = device serial),
``logger_09..14.nmea`` (RMC+GGA, CRLF; ``logger_10`` has 3 garbled epochs = 6 bad-checksum
lines and a no-fix block indoors), ``logger_15..17.csv`` (MTK/V-900 export header
``INDEX,UTC DATE,UTC TIME,LATITUDE,N/S,LONGITUDE,E/W,ALTITUDE,SPEED``, speed km/h),
``logger_18..20.csv`` (``device,time_utc,lat,lon,ele_m,hdop``) and ``logger_21.gpx``
(truncated mid-XML: must fail without aborting the folder).

``truth.json`` (also ``Truth.data``): ``seed``, ``round``, ``start_utc``, ``end_utc``,
``timezone``, ``bbox``, ``n_fixes_total``, ``broken_file``, ``handout``, ``remote`` (the place
one participant visits alone for 40 min), ``nmea_bad_file``, ``places`` (name → lat, lon, kind,
indoor), ``layers`` (what the layers plant: toilet near the shelter, school near the popular
bench, candidates inside each building phase, street graph) and ``participants``: per file
``file``, ``format``, ``raw_key`` (the key an importer finds: serial for GPX/device CSV, file
stem otherwise), ``device_serial``, ``n_fixes`` (trkpt / valid RMC status A / CSV rows),
``first_utc``, ``last_utc``, ``sampling``, ``sleeping_place``, ``stays`` (place, lat, lon,
arrive_utc, leave_utc, duration_s, indoor), ``trips``, ``gaps`` (no fixes strictly inside),
``outliers`` (single fixes moved ~200 m: time_utc, lat, lon, fix_index) and for NMEA
``n_rmc_lines``, ``bad_checksum_lines`` (1-based line numbers), ``n_nofix_epochs``.

CLI: ``python demo/simulate.py OUT_DIR [--seed N] [--participants N] [--hours H]``.
"""
from __future__ import annotations

import argparse
import datetime as _dt
import heapq
import json
import math
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

import numpy as np

try:
    from zoneinfo import ZoneInfo
except ImportError:  # pragma: no cover - Python < 3.9
    ZoneInfo = None  # type: ignore

# --------------------------------------------------------------------------------------------
# Geometry: a local equirectangular frame around Odense Østerbro (error < 1 cm over 3 km).
# --------------------------------------------------------------------------------------------
LAT0 = 55.405
LON0 = 10.395
EARTH_RADIUS_M = 6371008.8
M_PER_DEG_LAT = math.pi / 180.0 * EARTH_RADIUS_M
M_PER_DEG_LON = M_PER_DEG_LAT * math.cos(math.radians(LAT0))
TIMEZONE = "Europe/Copenhagen"

#: A bounding box that holds every simulated fix except the planted outliers
#: (lat_min, lat_max, lon_min, lon_max).
ODENSE_BBOX = (55.396, 55.414, 10.376, 10.428)

MIN_STAY_S = 20 * 60
GAP_SPLIT_S = 300  # GPX writer starts a new <trkseg> after a gap longer than this
NOISE_TAU_S = 20.0  # correlation time of the GPS position error, s


def to_xy(lat: Any, lon: Any) -> Tuple[Any, Any]:
    """WGS84 degrees → local metres (x east, y north) from (LAT0, LON0)."""
    return (np.asarray(lon) - LON0) * M_PER_DEG_LON, (np.asarray(lat) - LAT0) * M_PER_DEG_LAT


def to_latlon(x: Any, y: Any) -> Tuple[Any, Any]:
    """Local metres → WGS84 degrees (lat, lon)."""
    return LAT0 + np.asarray(y) / M_PER_DEG_LAT, LON0 + np.asarray(x) / M_PER_DEG_LON


def _iso(t: float) -> str:
    """UTC epoch seconds → ``YYYY-MM-DDTHH:MM:SSZ``."""
    return _dt.datetime.fromtimestamp(int(round(t)), _dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse_utc(s: str) -> int:
    d = _dt.datetime.fromisoformat(s.replace("Z", "+00:00"))
    if d.tzinfo is None:
        d = d.replace(tzinfo=_dt.timezone.utc)
    return int(d.timestamp())


def _tz() -> _dt.tzinfo:
    if ZoneInfo is not None:
        try:
            return ZoneInfo(TIMEZONE)
        except Exception:  # noqa: BLE001 - no tzdata: fall back to CEST
            pass
    return _dt.timezone(_dt.timedelta(hours=2))


# --------------------------------------------------------------------------------------------
# The fixed map: places, street graph, sleeping spots.
# --------------------------------------------------------------------------------------------
#: name → (lat, lon, kind, indoor, opening hours local [from, to))
PLACES: Dict[str, Tuple[float, float, str, bool, Tuple[float, float]]] = {
    "station": (55.4015, 10.3870, "station", False, (5.0, 24.0)),
    "handout": (55.4062, 10.3912, "handout", False, (0.0, 24.0)),
    "day_shelter": (55.4058, 10.3958, "day_shelter", True, (9.0, 17.0)),
    "supermarket": (55.4032, 10.3992, "supermarket", True, (7.0, 22.0)),
    "bench_park": (55.4078, 10.3898, "bench", False, (0.0, 24.0)),
    "bench_square": (55.4074, 10.3968, "square", False, (0.0, 24.0)),
    "bench_canal": (55.4035, 10.3905, "bench", False, (0.0, 24.0)),
    "remote_allotment": (55.4062, 10.4235, "remote", False, (0.0, 24.0)),
}
#: day places chosen at random, with base popularity and (min, max) stay in seconds
DAY_PLACES: Dict[str, Tuple[float, Tuple[int, int]]] = {
    "day_shelter": (3.0, (40 * 60, 3 * 3600)),
    "bench_park": (2.5, (20 * 60, 150 * 60)),
    "station": (2.0, (20 * 60, 90 * 60)),
    "supermarket": (1.5, (20 * 60, 35 * 60)),
    "bench_square": (1.5, (20 * 60, 120 * 60)),
    "bench_canal": (1.0, (20 * 60, 90 * 60)),
}
REMOTE_PLACE = "remote_allotment"
REMOTE_STAY_S = 40 * 60

_GRID_X = (-600.0, -400.0, -200.0, 0.0, 200.0, 400.0)
_GRID_Y = (-400.0, -200.0, 0.0, 200.0, 400.0)
_REMOVED_EDGES = {((1, 1), (1, 2)), ((3, 3), (3, 4)), ((2, 0), (3, 0)), ((0, 4), (1, 4))}
_DIAGONALS = (((0, 0), (1, 1)), ((3, 2), (4, 3)))
_REMOTE_CHAIN = ((750.0, 40.0), (1100.0, 80.0), (1450.0, 110.0), (1720.0, 125.0))


@dataclass
class StreetGraph:
    """Street nodes (local metres) and undirected edges, with cached shortest paths."""

    xy: np.ndarray
    names: List[str]
    adj: Dict[int, List[Tuple[int, float]]]
    edges: List[Tuple[int, int]]
    _cache: Dict[Tuple[int, int], List[int]] = field(default_factory=dict)

    def nearest(self, x: float, y: float) -> int:
        return int(np.argmin(np.hypot(self.xy[:, 0] - x, self.xy[:, 1] - y)))

    def path(self, a: int, b: int) -> List[int]:
        """Dijkstra shortest node path a → b."""
        key = (a, b)
        if key in self._cache:
            return self._cache[key]
        dist = {a: 0.0}
        prev: Dict[int, int] = {}
        heap = [(0.0, a)]
        done = set()
        while heap:
            d, u = heapq.heappop(heap)
            if u in done:
                continue
            done.add(u)
            if u == b:
                break
            for v, w in self.adj[u]:
                nd = d + w
                if nd < dist.get(v, math.inf):
                    dist[v] = nd
                    prev[v] = u
                    heapq.heappush(heap, (nd, v))
        out = [b]
        while out[-1] != a:
            out.append(prev[out[-1]])
        out.reverse()
        self._cache[key] = out
        return out


def build_street_graph() -> StreetGraph:
    """The fixed 34-node street graph of Østerbro (a jittered grid plus a road east)."""
    jitter = np.random.default_rng(7).uniform(-25.0, 25.0, size=(len(_GRID_Y), len(_GRID_X), 2))
    names: List[str] = []
    coords: List[Tuple[float, float]] = []
    index: Dict[Tuple[int, int], int] = {}
    for r, y in enumerate(_GRID_Y):
        for c, x in enumerate(_GRID_X):
            index[(r, c)] = len(coords)
            names.append(f"n{r}{c}")
            coords.append((x + jitter[r, c, 0], y + jitter[r, c, 1]))
    pairs: List[Tuple[int, int]] = []
    for r in range(len(_GRID_Y)):
        for c in range(len(_GRID_X)):
            for nb in ((r, c + 1), (r + 1, c)):
                if nb in index and ((r, c), nb) not in _REMOVED_EDGES:
                    pairs.append((index[(r, c)], index[nb]))
    for p, q in _DIAGONALS:
        pairs.append((index[p], index[q]))
    last = index[(2, len(_GRID_X) - 1)]
    for k, (x, y) in enumerate(_REMOTE_CHAIN):
        names.append(f"e{k + 1}")
        coords.append((x, y))
        pairs.append((last, len(coords) - 1))
        last = len(coords) - 1
    xy = np.array(coords, dtype=float)
    adj: Dict[int, List[Tuple[int, float]]] = {i: [] for i in range(len(coords))}
    for a, b in pairs:
        w = float(np.hypot(*(xy[a] - xy[b])))
        adj[a].append((b, w))
        adj[b].append((a, w))
    return StreetGraph(xy=xy, names=names, adj=adj, edges=pairs)


def sleeping_spots(n: int) -> Dict[str, Tuple[float, float]]:
    """``n`` fixed sleeping places (lat, lon): ≥ 90 m from every day place, ≥ 50 m apart."""
    rng = np.random.default_rng(4242)
    day_xy = [to_xy(p[0], p[1]) for p in PLACES.values()]
    spots: List[Tuple[float, float]] = []
    while len(spots) < n:
        x, y = rng.uniform(-650.0, 400.0), rng.uniform(-430.0, 430.0)
        if min(math.hypot(x - px, y - py) for px, py in day_xy) < 90.0:
            continue
        if spots and min(math.hypot(x - sx, y - sy) for sx, sy in spots) < 50.0:
            continue
        spots.append((x, y))
    out = {}
    for i, (x, y) in enumerate(spots):
        lat, lon = to_latlon(x, y)
        out[f"sleep_{i + 1:02d}"] = (round(float(lat), 7), round(float(lon), 7))
    return out


# --------------------------------------------------------------------------------------------
# Schedules
# --------------------------------------------------------------------------------------------
@dataclass
class Segment:
    """A stay at ``place`` or a walk along ``path`` (local metres) over [start, end) UTC s."""

    kind: str
    start: int
    end: int
    place: str
    to_place: str = ""
    path: Optional[np.ndarray] = None
    length_m: float = 0.0


class _World:
    def __init__(self, n_participants: int) -> None:
        self.graph = build_street_graph()
        self.sleep = sleeping_spots(n_participants)
        self.xy: Dict[str, Tuple[float, float]] = {}
        for name, p in PLACES.items():
            x, y = to_xy(p[0], p[1])
            self.xy[name] = (float(x), float(y))
        for name, (lat, lon) in self.sleep.items():
            x, y = to_xy(lat, lon)
            self.xy[name] = (float(x), float(y))
        self.node_of = {name: self.graph.nearest(*xy) for name, xy in self.xy.items()}
        self._paths: Dict[Tuple[str, str], Tuple[np.ndarray, float]] = {}
        self.tz = _tz()

    def route(self, a: str, b: str) -> Tuple[np.ndarray, float]:
        """Polyline (k, 2) in metres and its length from place a to place b along streets."""
        key = (a, b)
        if key not in self._paths:
            nodes = self.graph.path(self.node_of[a], self.node_of[b])
            pts = [self.xy[a]] + [tuple(self.graph.xy[i]) for i in nodes] + [self.xy[b]]
            arr = np.array(pts, dtype=float)
            # drop zero-length legs (place exactly on its node)
            keep = np.ones(len(arr), bool)
            keep[1:] = np.hypot(*(np.diff(arr, axis=0).T)) > 1e-6
            arr = arr[keep]
            if len(arr) == 1:
                arr = np.vstack([arr, arr])
            length = float(np.hypot(*(np.diff(arr, axis=0).T)).sum())
            self._paths[key] = (arr, length)
        return self._paths[key]

    def local_hour(self, t: float) -> float:
        d = _dt.datetime.fromtimestamp(t, self.tz)
        return d.hour + d.minute / 60.0


@dataclass
class _Person:
    index: int
    file: str
    fmt: str
    serial: str
    raw_key: str
    sleep: str
    speed_mps: float
    move_iv: int
    stay_iv: int
    noise_m: float
    weights: Dict[str, float]
    forced: List[Tuple[int, str, int]]  # (earliest utc, place, duration s)
    rng: np.random.Generator


def _walk_s(world: _World, a: str, b: str, speed: float) -> int:
    return max(30, int(round(world.route(a, b)[1] / speed)))


def _choose(world: _World, p: _Person, cur: str, t: int) -> Tuple[Optional[str], int, bool]:
    for k, (earliest, place, dur) in enumerate(p.forced):
        if t >= earliest and place != cur:
            del p.forced[k]
            return place, dur, True
    hour = world.local_hour(t + 300)
    names, w = [], []
    for name in DAY_PLACES:
        o, c = PLACES[name][4]
        if name != cur and o <= hour < c:
            names.append(name)
            w.append(p.weights[name])
    if not names:
        return None, 0, False
    wa = np.array(w) / sum(w)
    name = names[int(p.rng.choice(len(names), p=wa))]
    lo, hi = DAY_PLACES[name][1]
    return name, int(p.rng.integers(lo, hi + 1)), False


def _fill(world: _World, p: _Person, segs: List[Segment], b: str, tb: int) -> None:
    """Append day visits after the stay ``segs[-1]`` so that a walk arrives at ``b`` at ``tb``."""
    cur, t = segs[-1].place, segs[-1].end
    while True:
        place, dur, forced = _choose(world, p, cur, t)
        if place is None:
            break
        w1 = _walk_s(world, cur, place, p.speed_mps)
        w2 = _walk_s(world, place, b, p.speed_mps)
        slack = tb - t - w1 - w2
        if slack < (dur if forced else MIN_STAY_S):
            if forced:
                p.forced.insert(0, (t, place, dur))
            break
        dur = min(dur, slack)
        if not forced and slack - dur < MIN_STAY_S + 600:
            dur = slack
        path, length = world.route(cur, place)
        segs.append(Segment("walk", t, t + w1, cur, place, path, length))
        segs.append(Segment("stay", t + w1, t + w1 + dur, place))
        t += w1 + dur
        cur = place
    w = _walk_s(world, cur, b, p.speed_mps)
    left = tb - t - w
    segs[-1].end += left
    if segs[-1].end - segs[-1].start < 60:  # anchors too close: shorten the walk instead
        segs[-1].end = segs[-1].start + 60
    path, length = world.route(cur, b)
    segs.append(Segment("walk", segs[-1].end, tb, cur, b, path, length))


def _schedule(world: _World, p: _Person, t0: int, t_end: int) -> List[Segment]:
    rng = p.rng
    t_first = t0 + int(rng.integers(0, 600))
    t_last = t_end - int(rng.integers(0, 600))
    segs = [Segment("stay", t_first, t_first + int(rng.integers(300, 721)), "handout")]
    hand_end_start = t_last - int(rng.integers(300, 721))
    # the night: 23:00 local ± 15 min → 06:00 local ± 15 min, if it fits in the round
    loc = _dt.datetime.fromtimestamp(t_first, world.tz)
    night = None
    for day in range(0, 3):
        d = (loc + _dt.timedelta(days=day)).date()
        a = _dt.datetime(d.year, d.month, d.day, 23, 0, tzinfo=world.tz)
        nxt = d + _dt.timedelta(days=1)
        lv = _dt.datetime(nxt.year, nxt.month, nxt.day, 6, 0, tzinfo=world.tz)
        a_s = int(a.timestamp()) + int(rng.integers(-900, 901))
        l_s = int(lv.timestamp()) + int(rng.integers(-900, 901))
        if a_s >= segs[0].end + 3600 and l_s <= hand_end_start - 1800:
            night = (a_s, l_s)
            break
    if night is not None:
        _fill(world, p, segs, p.sleep, night[0])
        segs.append(Segment("stay", night[0], night[1], p.sleep))
    _fill(world, p, segs, "handout", hand_end_start)
    segs.append(Segment("stay", hand_end_start, t_last, "handout"))
    for s0, s1 in zip(segs[:-1], segs[1:]):
        assert s0.end == s1.start and s0.end > s0.start, (s0, s1)
    return segs


# --------------------------------------------------------------------------------------------
# Fixes
# --------------------------------------------------------------------------------------------
@dataclass
class _Track:
    t: np.ndarray  # int64 UTC s
    lat: np.ndarray
    lon: np.ndarray
    ele: np.ndarray
    speed: np.ndarray  # m/s
    course: np.ndarray  # degrees true
    hdop: np.ndarray
    sats: np.ndarray
    nofix_t: np.ndarray  # epochs logged without a fix (NMEA V / quality 0), UTC s
    gaps: List[Dict[str, Any]]
    outliers: List[Dict[str, Any]]


def _interp_path(path: np.ndarray, frac: np.ndarray) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
    leg = np.hypot(*(np.diff(path, axis=0).T))
    cum = np.concatenate([[0.0], np.cumsum(leg)])
    s = frac * cum[-1]
    x = np.interp(s, cum, path[:, 0])
    y = np.interp(s, cum, path[:, 1])
    k = np.clip(np.searchsorted(cum, s, side="right") - 1, 0, len(leg) - 1)
    d = np.diff(path, axis=0)[k]
    course = np.degrees(np.arctan2(d[:, 0], d[:, 1])) % 360.0
    return x, y, course


def _track(world: _World, p: _Person, segs: List[Segment], nofix_indoors: bool) -> _Track:
    rng = p.rng
    ts, xs, ys, crs, spd, indoor = [], [], [], [], [], []
    stays_indoor: List[Segment] = []
    for k, s in enumerate(segs):
        iv = p.move_iv if s.kind == "walk" else p.stay_iv
        t = np.arange(s.start, s.end, iv, dtype=np.int64)
        if k == len(segs) - 1:
            t = np.append(t, np.int64(s.end))
        if s.kind == "stay":
            px, py = world.xy[s.place]
            r, a = rng.uniform(0.0, 2.0), rng.uniform(0.0, 2 * math.pi)
            xs.append(np.full(len(t), px + r * math.cos(a)))
            ys.append(np.full(len(t), py + r * math.sin(a)))
            crs.append(rng.uniform(0.0, 360.0, len(t)))
            spd.append(np.abs(rng.normal(0.0, 0.12, len(t))))
            ind = PLACES[s.place][3] if s.place in PLACES else False
            indoor.append(np.full(len(t), ind))
            if s.place == "day_shelter":
                stays_indoor.append(s)
        else:
            frac = (t - s.start) / float(s.end - s.start)
            x, y, c = _interp_path(s.path, frac)
            xs.append(x)
            ys.append(y)
            crs.append(c)
            spd.append(np.clip(s.length_m / (s.end - s.start) * (1 + rng.normal(0, 0.06, len(t))), 0, None))
            indoor.append(np.zeros(len(t), bool))
        ts.append(t)
    t = np.concatenate(ts)
    x, y = np.concatenate(xs), np.concatenate(ys)
    course, speed = np.concatenate(crs), np.concatenate(spd)
    indoor = np.concatenate(indoor)
    n = len(t)

    # GPS noise: time-correlated (white noise on a 1 s grid smoothed by exp(-dt/τ), τ = 20 s,
    # then read at the fix times), RMS radial = noise_m (more indoors), capped at 2·noise_m / 26 m
    noise_m = np.where(indoor, rng.uniform(12.0, 15.0), p.noise_m)
    kern = np.exp(-np.arange(100) / NOISE_TAU_S)
    kern /= math.sqrt((kern**2).sum())
    span = int(t[-1] - t[0]) + 1
    white = rng.normal(size=(2, span + len(kern) - 1))
    grid = np.stack([np.convolve(white[i], kern, mode="valid") for i in range(2)])
    ex, ey = grid[:, t - t[0]] * (noise_m / math.sqrt(2.0))
    r = np.hypot(ex, ey)
    cap = np.minimum(2.0 * noise_m, 26.0)
    f = np.where(r > cap, cap / np.maximum(r, 1e-9), 1.0)
    x, y = x + ex * f, y + ey * f
    hdop = np.round(np.clip(noise_m / 4.0 + rng.normal(0, 0.15, n), 0.6, 9.9), 1)
    sats = np.where(indoor, rng.integers(4, 7, n), rng.integers(7, 12, n))
    ele = np.round(11.0 + 0.004 * y + rng.normal(0, 2.5, n), 1)

    # signal gaps: indoors at the day shelter (10-40 min), plus 1-2 random gaps (3-15 min)
    gaps: List[Dict[str, Any]] = []
    for s in stays_indoor:
        dur = s.end - s.start
        g = min(int(rng.integers(600, 2401)), dur - 480)
        if g < 600:
            continue
        g0 = s.start + int(rng.integers(180, dur - g - 180 + 1))
        gaps.append({"start": g0, "end": g0 + g, "reason": "indoors", "place": s.place})
    for _ in range(int(rng.integers(1, 3))):
        for _try in range(50):
            g = int(rng.integers(180, 901))
            if t[-1] - t[0] < 2 * 3600 + g + 2:
                break
            g0 = int(rng.integers(t[0] + 3600, t[-1] - 3600 - g))
            if all(g0 + g + 300 < o["start"] or g0 > o["end"] + 300 for o in gaps):
                gaps.append({"start": g0, "end": g0 + g, "reason": "random", "place": ""})
                break
    gaps.sort(key=lambda o: o["start"])
    keep = np.ones(n, bool)
    nofix: List[np.ndarray] = []
    for g in gaps:
        inside = (t > g["start"]) & (t < g["end"])
        keep &= ~inside
        if nofix_indoors and g["reason"] == "indoors" and not nofix:
            nofix.append(t[inside])
            g["nofix_logged"] = True

    # outliers: 1-3 single fixes displaced ~200 m
    outliers: List[Dict[str, Any]] = []
    cand = np.flatnonzero(keep & (t > t[0] + 1800) & (t < t[-1] - 1800))
    for i in rng.choice(cand, size=min(int(rng.integers(1, 4)), len(cand)), replace=False):
        d, a = rng.uniform(190.0, 215.0), rng.uniform(0.0, 2 * math.pi)
        x[i] += d * math.cos(a)
        y[i] += d * math.sin(a)
        outliers.append({"index": int(i), "offset_m": round(float(d), 1)})
    lat, lon = to_latlon(x, y)
    # re-index outliers after dropping gap fixes
    new_index = np.cumsum(keep) - 1
    out_list = []
    for o in sorted(outliers, key=lambda o: o["index"]):
        i = o["index"]
        out_list.append({"time_utc": _iso(t[i]), "lat": round(float(lat[i]), 7),
                         "lon": round(float(lon[i]), 7), "offset_m": o["offset_m"],
                         "fix_index": int(new_index[i])})
    gap_list = [{"start_utc": _iso(g["start"]), "end_utc": _iso(g["end"]), "duration_s": g["end"] - g["start"],
                 "reason": g["reason"], "place": g["place"], "nofix_logged": bool(g.get("nofix_logged", False))}
                for g in gaps]
    return _Track(t=t[keep], lat=lat[keep], lon=lon[keep], ele=ele[keep], speed=speed[keep],
                  course=course[keep], hdop=hdop[keep], sats=sats[keep],
                  nofix_t=np.concatenate(nofix) if nofix else np.zeros(0, np.int64),
                  gaps=gap_list, outliers=out_list)


# --------------------------------------------------------------------------------------------
# Writers
# --------------------------------------------------------------------------------------------
def _time_strings(t: np.ndarray) -> List[str]:
    return list(np.datetime_as_string(t.astype("datetime64[s]"), unit="s"))


def _fmt(fmt: str, a: np.ndarray) -> List[str]:
    return [fmt % v for v in a.tolist()]


def write_gpx(path: Path, serial: str, tr: _Track) -> int:
    """GPX 1.1 with one <trk> named after the device serial; new <trkseg> after gaps > 300 s."""
    ts = _time_strings(tr.t)
    la, lo = _fmt("%.7f", tr.lat), _fmt("%.7f", tr.lon)
    el, hd = _fmt("%.1f", tr.ele), _fmt("%.1f", tr.hdop)
    sa = tr.sats.tolist()
    brk = set((np.flatnonzero(np.diff(tr.t) > GAP_SPLIT_S) + 1).tolist())
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<gpx version="1.1" creator="@trip PC 2.0 - {serial}" '
           'xmlns="http://www.topografix.com/GPX/1/1" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           'xsi:schemaLocation="http://www.topografix.com/GPX/1/1 http://www.topografix.com/GPX/1/1/gpx.xsd">',
           f"  <metadata>\n    <name>{serial}</name>\n    <time>{ts[0]}Z</time>\n  </metadata>",
           f"  <trk>\n    <name>{serial}</name>\n    <trkseg>"]
    for i in range(len(ts)):
        if i in brk:
            out.append("    </trkseg>\n    <trkseg>")
        out.append(f'      <trkpt lat="{la[i]}" lon="{lo[i]}"><ele>{el[i]}</ele><time>{ts[i]}Z</time>'
                   f"<sat>{sa[i]}</sat><hdop>{hd[i]}</hdop></trkpt>")
    out.append("    </trkseg>\n  </trk>\n</gpx>\n")
    path.write_text("\n".join(out), encoding="utf-8", newline="\n")
    return len(ts)


def nmea_checksum(body: str) -> str:
    """XOR of the characters between '$' and '*', two hex digits."""
    c = 0
    for ch in body.encode("ascii"):
        c ^= ch
    return f"{c:02X}"


def _checksums(bodies: Sequence[str]) -> List[str]:
    if not bodies:
        return []
    buf = np.frombuffer("".join(bodies).encode("ascii"), dtype=np.uint8)
    lens = np.fromiter((len(b) for b in bodies), dtype=np.int64, count=len(bodies))
    starts = np.concatenate([[0], np.cumsum(lens)[:-1]])
    xor = np.bitwise_xor.reduceat(buf, starts)
    return [f"{v:02X}" for v in xor.tolist()]


def _nmea_coord(v: np.ndarray, deg_width: int) -> List[str]:
    a = np.abs(v)
    d = np.floor(a)
    m = np.round((a - d) * 60.0, 4)
    carry = m >= 60.0
    d, m = d + carry, np.where(carry, 0.0, m)
    f = "%0" + str(deg_width) + "d%07.4f"
    return [f % (int(di), mi) for di, mi in zip(d.tolist(), m.tolist())]


def write_nmea(path: Path, serial: str, tr: _Track, bad_epochs: int, rng: np.random.Generator) -> Dict[str, Any]:
    """NMEA 0183 (CRLF): a $PMTK705 header naming the device, then RMC+GGA per epoch.

    ``bad_epochs`` epochs (while walking) get one garbled character in both sentences, so their
    checksums fail; epochs in ``tr.nofix_t`` are written as RMC status V / GGA quality 0.
    """
    t_all = np.concatenate([tr.t, tr.nofix_t])
    fix = np.concatenate([np.ones(len(tr.t), bool), np.zeros(len(tr.nofix_t), bool)])
    order = np.argsort(t_all, kind="stable")
    t_all, fix = t_all[order], fix[order]
    pos = np.cumsum(fix) - 1  # index into the fix arrays
    ts = _time_strings(t_all)
    hms = [s[11:13] + s[14:16] + s[17:19] + ".000" for s in ts]
    dmy = [s[8:10] + s[5:7] + s[2:4] for s in ts]
    la, lo = _nmea_coord(tr.lat, 2), _nmea_coord(tr.lon, 3)
    kn = _fmt("%.2f", tr.speed * 1.943844)
    co = _fmt("%.2f", tr.course)
    hd, el = _fmt("%.1f", tr.hdop), _fmt("%.1f", tr.ele)
    sa = tr.sats.tolist()
    bodies: List[str] = []
    for j in range(len(ts)):
        if fix[j]:
            i = pos[j]
            ns = "N" if tr.lat[i] >= 0 else "S"
            ew = "E" if tr.lon[i] >= 0 else "W"
            bodies.append(f"GPRMC,{hms[j]},A,{la[i]},{ns},{lo[i]},{ew},{kn[i]},{co[i]},{dmy[j]},,,A")
            bodies.append(f"GPGGA,{hms[j]},{la[i]},{ns},{lo[i]},{ew},1,{sa[i]:02d},{hd[i]},{el[i]},M,40.6,M,,")
        else:
            bodies.append(f"GPRMC,{hms[j]},V,,,,,0.00,0.00,{dmy[j]},,,N")
            bodies.append(f"GPGGA,{hms[j]},,,,,0,00,99.9,,M,,M,,")
    sums = _checksums(bodies)
    # garble a digit of the latitude in both sentences of a few epochs while walking
    bad_lines: List[int] = []
    bad_times: List[str] = []
    if bad_epochs:
        walking = np.flatnonzero(fix & (np.concatenate([[0.0], np.diff(t_all)]) <= 5))
        walking = walking[(walking > 100) & (walking < len(ts) - 100)]
        if len(walking) < bad_epochs:
            walking = np.flatnonzero(fix)[1:-1]
        picks = np.sort(rng.choice(walking, size=min(bad_epochs, len(walking)), replace=False))
        for j in picks.tolist():
            for line in (2 * j, 2 * j + 1):
                b = bodies[line]
                k = b.index(",", 7) + 3  # a minute digit of the latitude
                old = b[k]
                new = str((int(old) + 1 + int(rng.integers(0, 8))) % 10)
                bodies[line] = b[:k] + new + b[k + 1:]
                bad_lines.append(line + 2)  # 1-based, after the header line
            bad_times.append(ts[j] + "Z")
    header = f"PMTK705,AXN_2.10_3339_2013070201,5223,{serial},1.0"
    lines = [f"${header}*{nmea_checksum(header)}"]
    lines += [f"${b}*{s}" for b, s in zip(bodies, sums)]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("ascii"))
    n_rmc = len(ts)
    return {"n_fixes": int(fix.sum()) - len(bad_times), "n_rmc_lines": n_rmc, "n_gga_lines": n_rmc,
            "n_nofix_epochs": int((~fix).sum()), "bad_checksum_lines": bad_lines,
            "bad_checksum_times_utc": bad_times, "n_epochs_with_position": int(fix.sum())}


def write_csv_mtk(path: Path, tr: _Track) -> int:
    """Logger CSV as exported from an MTK/V-900 style logger (CRLF, speed in km/h)."""
    ts = _time_strings(tr.t)
    la, lo = _fmt("%.6f", np.abs(tr.lat)), _fmt("%.6f", np.abs(tr.lon))
    el, sp = _fmt("%.1f", tr.ele), _fmt("%.1f", tr.speed * 3.6)
    out = ["INDEX,UTC DATE,UTC TIME,LATITUDE,N/S,LONGITUDE,E/W,ALTITUDE,SPEED"]
    for i, s in enumerate(ts):
        out.append(f"{i + 1},{s[0:4]}/{s[5:7]}/{s[8:10]},{s[11:19]},{la[i]},N,{lo[i]},E,{el[i]},{sp[i]}")
    path.write_bytes(("\r\n".join(out) + "\r\n").encode("ascii"))
    return len(ts)


def write_csv_device(path: Path, serial: str, tr: _Track) -> int:
    """Simple CSV ``device,time_utc,lat,lon,ele_m,hdop`` (LF, ISO times with Z)."""
    ts = _time_strings(tr.t)
    la, lo = _fmt("%.7f", tr.lat), _fmt("%.7f", tr.lon)
    el, hd = _fmt("%.1f", tr.ele), _fmt("%.1f", tr.hdop)
    out = ["device,time_utc,lat,lon,ele_m,hdop"]
    out += [f"{serial},{s}Z,{la[i]},{lo[i]},{el[i]},{hd[i]}" for i, s in enumerate(ts)]
    path.write_text("\n".join(out) + "\n", encoding="utf-8", newline="\n")
    return len(ts)


def write_broken_gpx(path: Path, serial: str, t0: int) -> Dict[str, Any]:
    """A GPX cut off mid-element (the logger's battery died while the file was being saved)."""
    lat, lon = PLACES["handout"][0], PLACES["handout"][1]
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<gpx version="1.1" creator="@trip PC 2.0 - {serial}" xmlns="http://www.topografix.com/GPX/1/1">',
           f"  <trk>\n    <name>{serial}</name>\n    <trkseg>"]
    for i in range(40):
        out.append(f'      <trkpt lat="{lat + 1e-6 * (i % 7):.7f}" lon="{lon + 1e-6 * (i % 5):.7f}">'
                   f"<ele>12.0</ele><time>{_iso(t0 + 5 * i)}</time></trkpt>")
    text = "\n".join(out) + '\n      <trkpt lat="55.40'
    path.write_text(text, encoding="utf-8", newline="\n")
    return {"file": path.name, "problem": "truncated mid-XML (unclosed <trkpt>, <trkseg>, <trk>, <gpx>)",
            "complete_trkpt": 40, "device_serial": serial}


# --------------------------------------------------------------------------------------------
# Layers
# --------------------------------------------------------------------------------------------
def _rect(cx: float, cy: float, w: float, h: float) -> List[List[List[float]]]:
    """A closed rectangle ring (lon, lat) centred at local metres (cx, cy), w × h metres."""
    ring = []
    for dx, dy in ((-1, -1), (1, -1), (1, 1), (-1, 1), (-1, -1)):
        lat, lon = to_latlon(cx + dx * w / 2.0, cy + dy * h / 2.0)
        ring.append([round(float(lon), 7), round(float(lat), 7)])
    return [ring]


def _pt(x: float, y: float) -> List[float]:
    lat, lon = to_latlon(x, y)
    return [round(float(lon), 7), round(float(lat), 7)]


def _fc(features: List[Tuple[Dict[str, Any], Dict[str, Any]]]) -> str:
    fc = {"type": "FeatureCollection",
          "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}},
          "features": [{"type": "Feature", "properties": props, "geometry": geom} for props, geom in features]}
    return json.dumps(fc, ensure_ascii=False, indent=1) + "\n"


def _in_rect(x: float, y: float, r: Tuple[float, float, float, float]) -> bool:
    return r[0] <= x <= r[1] and r[2] <= y <= r[3]


def write_layers(layers_dir: Path, world: _World) -> Dict[str, Any]:
    """Toilets, cover, schools, hand-out site, candidates, building phases, streets (GeoJSON)."""
    layers_dir.mkdir(parents=True, exist_ok=True)
    xy = world.xy
    info: Dict[str, Any] = {}

    sx, sy = xy["day_shelter"]
    tx, ty = xy["station"]
    toilets = [("Toilet ved værestedet", sx + 30, sy + 20), ("Odense Banegård, toilet", tx + 40, ty + 15),
               ("Toilet Kongens Have", -520, 170), ("Toilet Østre Stationsvej", -150, -300),
               ("Toilet Skt. Hans Plads", 300, 110), ("Toilet Nørre Plads", -40, 390),
               ("Toilet Havnegade", 380, 380), ("Toilet Vesterbro", 150, -360)]
    feats = [({"toilet_id": f"T{i + 1}", "name": n, "open_24h": i % 2 == 0}, {"type": "Point", "coordinates": _pt(x, y)})
             for i, (n, x, y) in enumerate(toilets)]
    (layers_dir / "toilets.geojson").write_text(_fc(feats), encoding="utf-8")
    info["toilets"] = {"count": len(toilets), "near_day_shelter": toilets[0][0],
                       "near_day_shelter_dist_m": round(math.hypot(30, 20), 1)}

    qx, qy = xy["bench_square"]
    mx, my = xy["supermarket"]
    cx, cy = xy["bench_canal"]
    hx, hy = xy["handout"]
    cover = [("Banegårdens perronoverdækning", "station canopy", tx, ty, 70, 18),
             ("Busskur Skt. Hans Plads", "bus shelter", qx + 15, qy, 12, 4),
             ("Arkaden ved supermarkedet", "arcade", mx, my - 12, 45, 7),
             ("Jernbaneunderføring", "underpass", cx - 30, cy + 10, 22, 9),
             ("Kirkens våbenhus", "church porch", 240, 250, 9, 7),
             ("Cykeltag ved udleveringen", "bicycle shelter", hx + 25, hy - 15, 16, 5)]
    feats = [({"cover_id": f"C{i + 1}", "name": n, "kind": k}, {"type": "Polygon", "coordinates": _rect(x, y, w, h)})
             for i, (n, k, x, y, w, h) in enumerate(cover)]
    (layers_dir / "cover.geojson").write_text(_fc(feats), encoding="utf-8")
    info["cover"] = {"count": len(cover), "names": [c[0] for c in cover]}

    bx, by = xy["bench_park"]
    schools = [("Østerbro Skole", "school", bx + 80, by + 40, 80, 60),
               ("Børnehuset Kastanjen", "kindergarten", 330, -20, 50, 40),
               ("Nørregade Friskole", "school", -150, -120, 70, 50)]
    feats = [({"school_id": f"S{i + 1}", "name": n, "kind": k}, {"type": "Polygon", "coordinates": _rect(x, y, w, h)})
             for i, (n, k, x, y, w, h) in enumerate(schools)]
    (layers_dir / "schools.geojson").write_text(_fc(feats), encoding="utf-8")
    # distance from bench_park to the nearest edge of Østerbro Skole's rectangle
    dx = max(abs(schools[0][2] - bx) - schools[0][4] / 2, 0.0)
    dy = max(abs(schools[0][3] - by) - schools[0][5] / 2, 0.0)
    info["schools"] = {"count": len(schools), "near_popular_bench": schools[0][0], "bench": "bench_park",
                       "bench_dist_m": round(math.hypot(dx, dy), 1)}

    feats = [({"name": "Udlevering af GPS-loggere", "place": "handout"},
              {"type": "Polygon", "coordinates": _rect(hx, hy, 40, 30)})]
    (layers_dir / "handout.geojson").write_text(_fc(feats), encoding="utf-8")
    info["handout"] = {"width_m": 40, "height_m": 30, "centre": [PLACES["handout"][0], PLACES["handout"][1]]}

    # candidates: pavement points beside street edges (6 m off the centre line)
    g = world.graph
    cands: List[Tuple[str, float, float]] = []
    for a, b in g.edges:
        if g.names[a].startswith("e") or g.names[b].startswith("e"):
            continue
        (x1, y1), (x2, y2) = g.xy[a], g.xy[b]
        L = math.hypot(x2 - x1, y2 - y1)
        nx, ny = -(y2 - y1) / L, (x2 - x1) / L
        cands.append((f"{g.names[a]}-{g.names[b]}", (x1 + x2) / 2 + 6 * nx, (y1 + y2) / 2 + 6 * ny))
        if len(cands) == 40:
            break
    phases = {1: (150.0, 430.0, -430.0, -150.0), 2: (-640.0, -380.0, -120.0, 120.0)}
    feats = [({"cand_id": f"K{i + 1:02d}", "street": n, "land": "public"}, {"type": "Point", "coordinates": _pt(x, y)})
             for i, (n, x, y) in enumerate(cands)]
    (layers_dir / "candidates.geojson").write_text(_fc(feats), encoding="utf-8")
    in_phase = {str(k): [f"K{i + 1:02d}" for i, (_, x, y) in enumerate(cands) if _in_rect(x, y, r)]
                for k, r in phases.items()}
    feats = []
    for k, (x0, x1, y0, y1) in phases.items():
        feats.append(({"phase": k, "name": f"Byggefase {k}", "start": f"2015-0{3 * k}-01"},
                      {"type": "Polygon", "coordinates": _rect((x0 + x1) / 2, (y0 + y1) / 2, x1 - x0, y1 - y0)}))
    (layers_dir / "phases.geojson").write_text(_fc(feats), encoding="utf-8")
    info["candidates"] = {"count": len(cands), "in_phase": in_phase}

    feats = [({"edge_id": f"{g.names[a]}-{g.names[b]}"},
              {"type": "LineString", "coordinates": [_pt(*g.xy[a]), _pt(*g.xy[b])]}) for a, b in g.edges]
    (layers_dir / "streets.geojson").write_text(_fc(feats), encoding="utf-8")
    info["streets"] = {"nodes": {g.names[i]: [round(float(v), 7) for v in to_latlon(*g.xy[i])]
                                 for i in range(len(g.names))},
                       "edges": [[g.names[a], g.names[b]] for a, b in g.edges]}
    info["files"] = sorted(p.name for p in layers_dir.glob("*.geojson"))
    return info


# --------------------------------------------------------------------------------------------
# The round
# --------------------------------------------------------------------------------------------
@dataclass
class Truth:
    """The planted ground truth of a simulated round (also written as ``truth.json``)."""

    out_dir: Path
    data: Dict[str, Any]

    @property
    def participants(self) -> List[Dict[str, Any]]:
        return self.data["participants"]

    @property
    def places(self) -> Dict[str, Any]:
        return self.data["places"]

    @property
    def broken_file(self) -> str:
        return self.data["broken_file"]

    @property
    def trackers_dir(self) -> Path:
        return self.out_dir / "trackers"

    @property
    def layers_dir(self) -> Path:
        return self.out_dir / "layers"

    def participant(self, file: str) -> Dict[str, Any]:
        for p in self.participants:
            if p["file"] == file:
                return p
        raise KeyError(file)

    def __getitem__(self, key: str) -> Any:
        return self.data[key]


def _formats(n: int) -> List[str]:
    n_gpx, n_nmea, n_mtk = round(0.4 * n), round(0.3 * n), round(0.15 * n)
    out = ["gpx"] * n_gpx + ["nmea"] * n_nmea + ["csv_mtk"] * n_mtk
    return (out + ["csv_device"] * n)[:n]


_EXT = {"gpx": "gpx", "nmea": "nmea", "csv_mtk": "csv", "csv_device": "csv"}


def _serial(fmt: str, idx: int) -> str:
    if fmt == "gpx":
        return f"GT-120 SN {8842000 + 37 * idx}"
    if fmt == "nmea":
        return f"GT-730FL SN {6120400 + 31 * idx}"
    if fmt == "csv_mtk":
        return f"V-900 SN {5100000 + 53 * idx}"
    return f"BT-Q1000XT SN {7710300 + 29 * idx}"


def simulate_round(out_dir: Any, seed: int = 20140901, n_participants: int = 20, round_label: str = "2014-09",
                   start_utc: str = "2014-09-01T06:00:00Z", hours: float = 24) -> Truth:
    """Write a simulated round to ``out_dir`` (trackers/, layers/, truth.json); return the truth.

    ``start_utc``/``hours``: the round's window (UTC); each logger starts 0-10 min after the
    start and stops 0-10 min before the end, at the hand-out site.
    """
    if hours < 2:
        raise ValueError(f"hours must be at least 2 (a round of {hours} h leaves no time between hand-out and return)")
    out = Path(out_dir)
    trk_dir = out / "trackers"
    trk_dir.mkdir(parents=True, exist_ok=True)
    world = _World(n_participants)
    t0 = _parse_utc(start_utc)
    t_end = t0 + int(round(hours * 3600))
    fmts = _formats(n_participants)
    remote_idx = 5 if n_participants >= 5 else 1
    first_nmea = fmts.index("nmea") + 1 if "nmea" in fmts else None
    bad_nmea_idx = first_nmea + 1 if first_nmea and fmts[first_nmea:first_nmea + 1] == ["nmea"] else first_nmea
    participants = []
    n_total = 0
    for idx in range(1, n_participants + 1):
        rng = np.random.default_rng([int(seed), idx])
        fmt = fmts[idx - 1]
        file = f"logger_{idx:02d}.{_EXT[fmt]}"
        serial = _serial(fmt, idx)
        raw_key = serial if fmt in ("gpx", "csv_device") else Path(file).stem
        constant_rate = bool(rng.random() < 0.35)
        move_iv = int(rng.choice([1, 1, 2, 3, 5]))
        stay_iv = int(rng.choice([5, 10])) if constant_rate else int(rng.choice([15, 30, 60]))
        if constant_rate:
            move_iv = stay_iv
        weights = {k: float(v[0] * rng.gamma(2.0, 0.5)) for k, v in DAY_PLACES.items()}
        forced: List[Tuple[int, str, int]] = []
        if idx == remote_idx:
            forced.append((t0 + 5 * 3600, REMOTE_PLACE, REMOTE_STAY_S))
        if idx == bad_nmea_idx:
            forced.append((t0 + 3 * 3600, "day_shelter", int(rng.integers(70 * 60, 91 * 60))))
        p = _Person(index=idx, file=file, fmt=fmt, serial=serial, raw_key=raw_key,
                    sleep=f"sleep_{idx:02d}", speed_mps=float(rng.uniform(1.2, 1.4)), move_iv=move_iv,
                    stay_iv=stay_iv, noise_m=float(rng.uniform(3.0, 8.0)), weights=weights,
                    forced=forced, rng=rng)
        segs = _schedule(world, p, t0, t_end)
        tr = _track(world, p, segs, nofix_indoors=(idx == bad_nmea_idx))
        path = trk_dir / file
        extra: Dict[str, Any] = {}
        if fmt == "gpx":
            n_fix = write_gpx(path, serial, tr)
        elif fmt == "nmea":
            extra = write_nmea(path, serial, tr, 3 if idx == bad_nmea_idx else 0, rng)
            n_fix = extra.pop("n_fixes")
        elif fmt == "csv_mtk":
            n_fix = write_csv_mtk(path, tr)
        else:
            n_fix = write_csv_device(path, serial, tr)
        n_total += n_fix
        stays = [{"place": s.place, "kind": PLACES[s.place][2] if s.place in PLACES else "sleeping_place",
                  "lat": _place_latlon(world, s.place)[0], "lon": _place_latlon(world, s.place)[1],
                  "arrive_utc": _iso(s.start), "leave_utc": _iso(s.end), "duration_s": s.end - s.start,
                  "indoor": bool(PLACES[s.place][3]) if s.place in PLACES else False}
                 for s in segs if s.kind == "stay"]
        trips = [{"from_place": s.place, "to_place": s.to_place, "start_utc": _iso(s.start),
                  "end_utc": _iso(s.end), "length_m": round(s.length_m, 1)} for s in segs if s.kind == "walk"]
        slat, slon = world.sleep[p.sleep]
        night = [s for s in stays if s["place"] == p.sleep]
        participants.append({
            "index": idx, "file": file, "format": fmt, "raw_key": raw_key, "device_serial": serial,
            "n_fixes": n_fix, "first_utc": _iso(tr.t[0]), "last_utc": _iso(tr.t[-1]),
            "sampling": {"moving_s": move_iv, "stationary_s": stay_iv},
            "walk_speed_mps": round(p.speed_mps, 3), "noise_m": round(p.noise_m, 2),
            "sleeping_place": {"place": p.sleep, "lat": slat, "lon": slon,
                               "arrive_utc": night[0]["arrive_utc"] if night else None,
                               "leave_utc": night[0]["leave_utc"] if night else None},
            "handout": "handout", "visits_remote": idx == remote_idx,
            "stays": stays, "trips": trips, "gaps": tr.gaps, "outliers": tr.outliers, **extra,
        })
    broken = write_broken_gpx(trk_dir / f"logger_{n_participants + 1:02d}.gpx",
                              _serial("gpx", n_participants + 1), t0)
    layers = write_layers(out / "layers", world)
    places = {name: {"lat": v[0], "lon": v[1], "kind": v[2], "indoor": v[3],
                     "opening_hours_local": list(v[4])} for name, v in PLACES.items()}
    for name, (lat, lon) in world.sleep.items():
        places[name] = {"lat": lat, "lon": lon, "kind": "sleeping_place", "indoor": False,
                        "opening_hours_local": [0.0, 24.0]}
    data = {
        "generator": "trampesti demo/simulate.py", "seed": int(seed), "round": round_label,
        "start_utc": _iso(t0), "end_utc": _iso(t_end), "hours": hours, "timezone": TIMEZONE,
        "bbox": {"lat_min": ODENSE_BBOX[0], "lat_max": ODENSE_BBOX[1],
                 "lon_min": ODENSE_BBOX[2], "lon_max": ODENSE_BBOX[3]},
        "n_participants": n_participants, "n_fixes_total": n_total,
        "broken_file": broken["file"], "broken": broken,
        "handout": {"place": "handout", "lat": PLACES["handout"][0], "lon": PLACES["handout"][1]},
        "remote": {"place": REMOTE_PLACE, "participant_file": f"logger_{remote_idx:02d}.{_EXT[fmts[remote_idx - 1]]}",
                   "duration_s": REMOTE_STAY_S},
        "nmea_bad_file": (f"logger_{bad_nmea_idx:02d}.nmea" if bad_nmea_idx else None),
        "places": places, "layers": layers, "participants": participants,
    }
    (out / "truth.json").write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return Truth(out_dir=out, data=data)


def _place_latlon(world: _World, name: str) -> Tuple[float, float]:
    if name in PLACES:
        return PLACES[name][0], PLACES[name][1]
    return world.sleep[name]


def main(argv: Optional[Sequence[str]] = None) -> int:
    ap = argparse.ArgumentParser(description="Write a simulated Trampesti demo round (Odense Østerbro).")
    ap.add_argument("out_dir")
    ap.add_argument("--seed", type=int, default=20140901)
    ap.add_argument("--participants", type=int, default=20)
    ap.add_argument("--round", default="2014-09")
    ap.add_argument("--start-utc", default="2014-09-01T06:00:00Z")
    ap.add_argument("--hours", type=float, default=24)
    a = ap.parse_args(argv)
    truth = simulate_round(a.out_dir, seed=a.seed, n_participants=a.participants, round_label=a.round,
                           start_utc=a.start_utc, hours=a.hours)
    print(f"wrote {len(truth.participants)} tracker files + {truth.broken_file} (broken), "
          f"{truth['n_fixes_total']} fixes, layers and truth.json to {a.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
