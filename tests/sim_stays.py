"""Simulated GPS tracks with planted stays (ground truth for stay detection).

Participants walk between places in a 6 km x 6 km city and stay at them; every fix has
GPS noise that drifts slowly and is smooth over seconds, as a real receiver's is (see
:func:`gps_noise`), sampling
is regular per participant (1-60 s) with random lost fixes, indoor stays lose the signal for
minutes, and some trips contain a short stop (traffic light, a chat) that is *not* a stay.

Units: seconds (UTC epoch), metres in a local metric frame. Used by ``tests/test_stays.py``
and ``benchmarks/bench_stays.py``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List, Sequence

import numpy as np
from scipy.signal import lfilter

T0 = 1622505600.0  # 2021-06-01 00:00:00 UTC


@dataclass
class PlantedStay:
    participant: str
    place: int
    start_s: float  # time of the first fix at rest at the place
    end_s: float    # time of the last fix at rest at the place
    sampling_s: float
    x_m: float
    y_m: float
    speed_mps: float = 1.0
    noise_rms_m: float = 10.0
    noise_drift_s: float = 60.0   # correlation time of the GPS error (s)
    noise_smooth_s: float = 0.0   # receiver smoothing time constant (s; 0 = "ou" model)
    arrive_s: float = 0.0         # the planted arrival itself (start_s is the first fix after it)
    depart_s: float = 0.0         # the planted departure (end_s is the last fix before it)


@dataclass
class SimTracks:
    participant: np.ndarray  # object array of str
    time_s: np.ndarray
    x_m: np.ndarray
    y_m: np.ndarray
    truth: List[PlantedStay]
    places_xy: np.ndarray
    true_x_m: np.ndarray  # noise-free positions
    true_y_m: np.ndarray
    at_rest: np.ndarray  # True while the participant is at rest at a place
    speed_mps: np.ndarray  # the logger's speed over ground (Doppler: true speed + own noise)


SPEED_NOISE_MPS = 0.05
SPEED_NOISE_PER_M = 0.01
"""Per-axis error of the simulated Doppler speed: SPEED_NOISE_MPS + SPEED_NOISE_PER_M x the
participant's RMS position error (m), i.e. 0.10-0.20 m/s for 5-15 m."""

NOISE_MODELS = ("receiver", "ou")
"""``receiver``: slowly drifting *and* smooth at the scale of seconds, as a real receiver's
filtered position is; ``ou``: a plain AR(1)/Ornstein-Uhlenbeck drift, rough at the scale of
seconds (its 1-s steps are as large as a walker's)."""


def gps_noise(rng: np.random.Generator, t: np.ndarray, sigma: float, tau_s: float,
              smooth_s: float = 4.0, model: str = "receiver") -> np.ndarray:
    """Stationary GPS error (std ``sigma`` metres per axis) at whole-second times ``t``.

    The error drifts with correlation time ``tau_s`` (an AR(1) on a 1-s grid). In the
    ``receiver`` model it is then low-passed with time constant ``smooth_s`` seconds (the
    receiver's own filter), which makes the 1-s steps small and the error smooth, as in the
    stationary SiRF log ``nmea/gpsbabel_track_nmea.nmea`` (``tests/test_simulate.py`` compares
    the shapes). Vectorised with ``scipy.signal.lfilter``; times must lie on one 1-s grid.
    """
    if model not in NOISE_MODELS:
        raise ValueError(f"noise model {model!r}: use one of {NOISE_MODELS}")
    if t.size == 0:
        return np.empty(0)
    burn = int(10 * (tau_s + smooth_s)) + 1
    idx = np.rint(t - t[0]).astype(np.int64) + burn
    e = rng.standard_normal(int(idx[-1]) + 1)
    p1 = float(np.exp(-1.0 / tau_s))
    x = lfilter([np.sqrt(1.0 - p1 * p1)], [1.0, -p1], e)
    if model == "receiver":
        p2 = float(np.exp(-1.0 / smooth_s))
        x = lfilter([1.0 - p2], [1.0, -p2], x)
        # stationary variance of the two-stage filter, so that the output std is sigma
        x /= np.sqrt((1.0 - p2) * (1.0 + p1 * p2) / ((1.0 + p2) * (1.0 - p1 * p2)))
    return sigma * x[idx]


def _walked_s(tt: np.ndarray, half: float, stop: float) -> np.ndarray:
    """Seconds walked ``tt`` seconds into a trip that pauses ``stop`` seconds after ``half``."""
    return np.where(tt < half, tt, np.where(tt < half + stop, half, tt - stop))


def _path_velocity(a: np.ndarray, b: np.ndarray, f: np.ndarray) -> np.ndarray:
    """d position / d f of the slightly bent path from ``a`` to ``b`` at fractions ``f``
    (k x 1): ``a + (b - a) f + perp(b - a) 0.15 sin(pi f)``, metres per unit of f."""
    return (b - a) + np.array([-(b - a)[1], (b - a)[0]]) * 0.15 * np.pi * np.cos(np.pi * f)


def low_passed(t: np.ndarray, v: np.ndarray, tau_s: float) -> np.ndarray:
    """``v`` at times ``t`` (seconds) through a causal exponential filter with time constant
    ``tau_s`` (seconds): a speed as an app might smooth it."""
    out = np.empty_like(v)
    acc = v[0]
    for i in range(v.size):
        acc += (1.0 if i == 0 else 1.0 - np.exp(-(t[i] - t[i - 1]) / tau_s)) * (v[i] - acc)
        out[i] = acc
    return out


def simulate(
    n_participants: int = 12,
    hours: float = 24.0,
    seed: int = 7,
    sampling_choices_s: Sequence[float] = (1, 2, 5, 10, 15, 30, 60),
    noise_rms_m: Sequence[float] = (5.0, 15.0),
    n_places: int = 25,
    stay_minutes: Sequence[float] = (15.0, 180.0),
    indoor_gap_minutes: Sequence[float] = (3.0, 20.0),
    walk_speed_mps: Sequence[float] = (0.9, 1.5),
    drop_rate: float = 0.01,
    noise_model: str = "receiver",
    speed_lag_s: float = 0.0,
) -> SimTracks:
    """Tracks of ``n_participants`` over ``hours`` with planted stays (see module docstring).

    ``noise_rms_m``: range of each participant's horizontal RMS error (metres);
    ``noise_model``: one of :data:`NOISE_MODELS` (see :func:`gps_noise`);
    ``speed_lag_s``: the logger's speed reads the true speed this many seconds late (a
    receiver's velocity filter), 0 = none.
    """
    if speed_lag_s < 0:
        raise ValueError("speed_lag_s: a lag (>= 0 s); a speed that leads is not simulated")
    rng = np.random.default_rng(seed)
    # places at least 400 m apart
    places: List[np.ndarray] = []
    while len(places) < n_places:
        p = rng.uniform(0, 6000, 2)
        if all(np.hypot(*(p - q)) >= 400 for q in places):
            places.append(p)
    places_xy = np.array(places)
    parts: Dict[str, list] = {k: [] for k in ("pid", "t", "x", "y", "tx", "ty", "rest", "v")}
    truth: List[PlantedStay] = []
    end_t = T0 + hours * 3600.0
    for pi in range(n_participants):
        name = f"P{pi + 1:02d}"
        dt = float(sampling_choices_s[pi % len(sampling_choices_s)])
        rms = rng.uniform(*noise_rms_m)
        sigma_axis = rms / np.sqrt(2.0)
        tau = rng.uniform(30.0, 120.0)
        smooth = rng.uniform(3.0, 6.0)
        speed = rng.uniform(*walk_speed_mps)
        home = [int(rng.integers(n_places)) for _ in range(4)]  # a few favourite places
        # timeline of (kind, t_start, t_end, place_from, place_to, stop, spot_from, spot_to);
        # people sit a few metres from the place's point (bench, doorway) and walk to that spot
        def spot_at(place: int) -> np.ndarray:
            return places_xy[place] + rng.uniform(-3, 3, 2)

        t = T0 + rng.uniform(0, dt)
        cur = home[0]
        spot = spot_at(cur)
        segs = []
        first = True
        while t < end_t:
            dur = rng.uniform(*stay_minutes) * 60.0 if not first else rng.uniform(2, 7) * 3600.0
            # the day starts at rest: the first stay covers the fixes from T0 on (else the
            # first fixes, sampled before the timeline's start, had no position)
            segs.append(("stay", T0 if first else t, min(t + dur, end_t), cur, cur, 0.0, spot, spot))
            first = False
            t += dur
            if t >= end_t:
                break
            nxt = cur
            while nxt == cur:
                nxt = home[int(rng.integers(4))] if rng.random() < 0.6 else int(rng.integers(n_places))
            nxt_spot = spot_at(nxt)
            dist = float(np.hypot(*(nxt_spot - spot)))
            travel = dist / speed
            stop = rng.uniform(60, 240) if rng.random() < 0.3 else 0.0
            segs.append(("trip", t, t + travel + stop, cur, nxt, stop, spot, nxt_spot))
            t += travel + stop
            cur, spot = nxt, nxt_spot
        times = np.arange(T0 + rng.uniform(0, dt), end_t, dt)
        keep = rng.random(times.shape[0]) >= drop_rate
        tx = np.empty(times.shape[0])
        ty = np.empty(times.shape[0])
        vx = np.zeros(times.shape[0])
        vy = np.zeros(times.shape[0])
        rest = np.zeros(times.shape[0], dtype=bool)
        for si, sg in enumerate(segs):
            m = (times >= sg[1]) & (times < sg[2])
            if sg[0] == "stay":
                tx[m], ty[m] = sg[6]
                rest[m] = True
                if speed_lag_s > 0 and si > 0:
                    # the logger still reads the walk's last velocity for a moment
                    prev = segs[si - 1]
                    v_end = _path_velocity(prev[6], prev[7], np.ones((1, 1)))[0] / (prev[2] - prev[1] - prev[5])
                    ml_ = m & (times - sg[1] < speed_lag_s)
                    vx[ml_], vy[ml_] = v_end
                idx = np.flatnonzero(m)
                if idx.size and (sg[2] - sg[1]) > 40 * 60 and rng.random() < 0.5:
                    # indoors: lose the signal for a while in the middle of the stay
                    # (at most the stay less 10 min at either end)
                    g = min(rng.uniform(*indoor_gap_minutes) * 60.0, sg[2] - sg[1] - 20 * 60)
                    g0 = rng.uniform(sg[1] + 10 * 60, sg[2] - 10 * 60 - g)
                    keep[(times >= g0) & (times < g0 + g)] = False
            else:
                a, b = sg[6], sg[7]
                stop = sg[5]
                travel = sg[2] - sg[1] - stop
                # stop half way (the walk pauses)
                tt = times[m] - sg[1]
                half = travel / 2.0
                f = np.clip(_walked_s(tt, half, stop) / travel, 0, 1)[:, None]
                # slightly bent path (an L-ish detour) so that trips are not straight lines
                bend = np.array([-(b - a)[1], (b - a)[0]]) * 0.15 * np.sin(np.pi * f)
                pos = a + (b - a) * f + bend
                tx[m], ty[m] = pos[:, 0], pos[:, 1]
                # true velocity at the (possibly lagged) time the logger's speed refers to
                tl = tt - speed_lag_s
                fl = np.clip(_walked_s(tl, half, stop) / travel, 0, 1)[:, None]
                # d pos / d f * d f / d t, 0 during the pause
                dfdt = np.where((tl < 0) | ((tl >= half) & (tl < half + stop)), 0.0, 1.0 / travel)[:, None]
                vel = _path_velocity(a, b, fl) * dfdt
                vx[m], vy[m] = vel[:, 0], vel[:, 1]
        times, tx, ty, rest = times[keep], tx[keep], ty[keep], rest[keep]
        vx, vy = vx[keep], vy[keep]
        nx = gps_noise(rng, times, sigma_axis, tau, smooth, noise_model)
        ny = gps_noise(rng, times, sigma_axis, tau, smooth, noise_model)
        # Doppler speed: its own error, independent of the position's, larger where the
        # position is poor (multipath); at rest it reads 0.1-0.25 m/s, as the real
        # stationary logs in ../shared/data/nmea do (0.08-0.27 m/s)
        # (own random stream, so that positions are the same with or without it)
        sv = SPEED_NOISE_MPS + SPEED_NOISE_PER_M * rms
        rng_v = np.random.default_rng([seed, pi, 1])
        device_speed = np.hypot(vx + gps_noise(rng_v, times, sv, 2.0, model="ou"),
                                vy + gps_noise(rng_v, times, sv, 2.0, model="ou"))
        for sg in segs:
            if sg[0] != "stay":
                continue
            m = (times >= sg[1]) & (times < sg[2])
            if m.sum() < 2:
                continue
            tm = times[m]
            truth.append(PlantedStay(name, int(sg[3]), float(tm[0]), float(tm[-1]), dt,
                                     float(sg[6][0]), float(sg[6][1]), float(speed), float(rms),
                                     float(tau), float(smooth) if noise_model == "receiver" else 0.0,
                                     float(sg[1]), float(sg[2])))
        parts["pid"].append(np.full(times.shape[0], name, dtype=object))
        parts["t"].append(times)
        parts["x"].append(tx + nx)
        parts["y"].append(ty + ny)
        parts["tx"].append(tx)
        parts["ty"].append(ty)
        parts["rest"].append(rest)
        parts["v"].append(device_speed)
    cat = {k: np.concatenate(v) for k, v in parts.items()}
    return SimTracks(cat["pid"], cat["t"], cat["x"], cat["y"], truth, places_xy, cat["tx"], cat["ty"], cat["rest"],
                     cat["v"])


def match_stays(truth: List[PlantedStay], participant, arrive_s, leave_s, tolerance_s=None):
    """Greedy one-to-one matching of detected stays to planted ones.

    A detected stay matches a planted stay of the same participant when both its arrival and
    its leave are within the tolerance (default: the participant's sampling interval; a
    callable ``tolerance_s(planted)`` or a number). Returns (matched planted indices,
    matched detected indices, arrival errors, leave errors).
    """
    participant = np.asarray(participant).astype(str)
    arrive_s = np.asarray(arrive_s, dtype=np.float64)
    leave_s = np.asarray(leave_s, dtype=np.float64)
    used = np.zeros(arrive_s.shape[0], dtype=bool)
    mt, md, ea, el = [], [], [], []
    for k, ps in enumerate(truth):
        tol = ps.sampling_s if tolerance_s is None else (tolerance_s(ps) if callable(tolerance_s) else tolerance_s)
        cand = np.flatnonzero((participant == ps.participant) & ~used
                              & (np.abs(arrive_s - ps.start_s) <= tol + 1e-6)
                              & (np.abs(leave_s - ps.end_s) <= tol + 1e-6))
        if cand.size:
            j = cand[np.argmin(np.abs(arrive_s[cand] - ps.start_s) + np.abs(leave_s[cand] - ps.end_s))]
            used[j] = True
            mt.append(k)
            md.append(j)
            ea.append(arrive_s[j] - ps.start_s)
            el.append(leave_s[j] - ps.end_s)
    return np.array(mt, dtype=int), np.array(md, dtype=int), np.array(ea), np.array(el)
