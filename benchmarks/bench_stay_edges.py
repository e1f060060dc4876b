"""How close do stay edges come to the planted arrival and departure? (issue 5's criterion)

For simulated rounds (tests/sim_stays.py: 12 participants x 24 h, sampling 1-60 s, GPS error
5-15 m RMS that drifts and is smooth over seconds) this prints, per seed and overall, the
share of planted stays found with start *and* end within one sampling interval:

* ``plain``: the sliding window's own edges (``refine_edges=False``);
* ``refined``: edges moved to where the track stops/starts moving (core/edges.py);
  ``--speed device`` also gives it the logger's own (Doppler) speed over ground,
  ``--speed filled`` the speed cleanfixes fills in from positions, ``--speed none`` neither,
  and wrong speeds (``ema10``, ``ema30``, ``half-noise``, ``noise``: see :data:`SPEEDS`).
Also prints the hit rate by sampling interval and the run time of both modes.

Usage: .venv/bin/python benchmarks/bench_stay_edges.py [--seeds 7-16] [--noise receiver|ou]
       [--speed device|filled|none|ema10|ema30|half-noise|noise|whole-kmh|half-knots] [--speed-lag S] [--speed-noise X]
Units: seconds, metres.
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT.parent))
sys.path.insert(0, str(ROOT / "tests"))

import sim_stays  # noqa: E402

core_stays = __import__(f"{ROOT.name}.core.stays", fromlist=["detect_stays"])
core_geodesy = __import__(f"{ROOT.name}.core.geodesy", fromlist=["path_speed_mps"])


def path_speed(tr) -> np.ndarray:
    """Speed (m/s) as cleanfixes fills it in from positions: path length over the steps to
    both neighbours of the same participant, divided by their duration."""
    same = tr.participant[1:] == tr.participant[:-1]
    return core_geodesy.path_speed_mps(np.where(same, np.hypot(np.diff(tr.x_m), np.diff(tr.y_m)), 0.0),
                                       np.where(same, np.diff(tr.time_s), 0.0))


SPEEDS = ("device", "filled", "none", "ema10", "ema30", "half-noise", "noise", "whole-kmh", "half-knots")
"""What the refinement gets as speed: the logger's own (Doppler) speed; the speed cleanfixes
fills in from positions; none; the device speed low-passed (exponential filter, 10 or 30 s,
as an app might smooth it); the device speed for the first 12 h and noise (uniform 0-2 m/s)
after; noise all day; the device speed rounded to whole km/h or to half knots."""


def speed_variant(name: str, tr, seed: int):
    """The speed array of variant ``name`` (see :data:`SPEEDS`) for simulated tracks ``tr``."""
    if name == "device":
        return tr.speed_mps
    if name == "filled":
        return path_speed(tr)
    if name == "none":
        return None
    if name == "whole-kmh":
        return np.round(tr.speed_mps * 3.6) / 3.6
    if name == "half-knots":
        knot = 1852.0 / 3600.0
        return np.round(tr.speed_mps / (0.5 * knot)) * 0.5 * knot
    if name in ("ema10", "ema30"):
        tau = float(name[3:])
        return np.concatenate([sim_stays.low_passed(tr.time_s[tr.participant == p], tr.speed_mps[tr.participant == p], tau)
                               for p in np.unique(tr.participant)])
    noise = np.random.default_rng([seed, 99]).uniform(0.0, 2.0, tr.time_s.shape)
    if name == "half-noise":
        return np.where(tr.time_s < sim_stays.T0 + 12 * 3600, tr.speed_mps, noise)
    return noise


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", default="7-16", help="e.g. 7-16 or 7,8,9")
    ap.add_argument("--noise", default="receiver", choices=sim_stays.NOISE_MODELS)
    ap.add_argument("--speed", default="device", choices=SPEEDS)
    ap.add_argument("--speed-lag", type=float, default=0.0,
                    help="the logger's speed reads the true speed this many seconds late")
    ap.add_argument("--speed-noise", type=float, default=1.0,
                    help="scale the simulated speed error (1 = 0.10-0.20 m/s per axis)")
    a = ap.parse_args()
    sim_stays.SPEED_NOISE_MPS *= a.speed_noise
    sim_stays.SPEED_NOISE_PER_M *= a.speed_noise
    if "-" in a.seeds:
        s0, s1 = (int(v) for v in a.seeds.split("-"))
        seeds = list(range(s0, s1 + 1))
    else:
        seeds = [int(v) for v in a.seeds.split(",")]
    tot = defaultdict(float)
    by_dt = defaultdict(lambda: [0, 0, 0])
    print(f"noise model: {a.noise}; speed: {a.speed} (lag {a.speed_lag:g} s, error x{a.speed_noise:g}); tolerance: one sampling interval for start and end")
    print("seed  planted  plain  refined  spurious  fixes    t_plain  t_refined")
    for seed in seeds:
        tr = sim_stays.simulate(n_participants=12, hours=24, seed=seed, noise_model=a.noise,
                                 speed_lag_s=a.speed_lag)
        truth = [p for p in tr.truth if p.end_s - p.start_s >= 600.0]
        t0 = time.perf_counter()
        st0 = core_stays.detect_stays(tr.participant, tr.time_s, tr.x_m, tr.y_m, refine_edges=False)
        t_plain = time.perf_counter() - t0
        t0 = time.perf_counter()
        speed = speed_variant(a.speed, tr, seed)
        st = core_stays.detect_stays(tr.participant, tr.time_s, tr.x_m, tr.y_m, speed_mps=speed)
        t_ref = time.perf_counter() - t0
        m0, _, _, _ = sim_stays.match_stays(truth, st0.participant, st0.arrive_s, st0.leave_s)
        m1, _, _, _ = sim_stays.match_stays(truth, st.participant, st.arrive_s, st.leave_s)
        # spurious: reported stays matching no planted stay even with a generous 5-min tolerance
        _, d_any, _, _ = sim_stays.match_stays(truth, st.participant, st.arrive_s, st.leave_s, 300.0)
        spurious = len(st) - len(d_any)
        hit = np.zeros(len(truth), bool)
        hit[m1] = True
        hit0 = np.zeros(len(truth), bool)
        hit0[m0] = True
        for k, ps in enumerate(truth):
            b = by_dt[ps.sampling_s]
            b[0] += 1
            b[1] += int(hit0[k])
            b[2] += int(hit[k])
        n = len(truth)
        tot["n"] += n
        tot["plain"] += len(m0)
        tot["refined"] += len(m1)
        tot["spurious"] += spurious
        tot["reported"] += len(st)
        tot["t_plain"] += t_plain
        tot["t_ref"] += t_ref
        tot["fixes"] += len(tr.time_s)
        print(f"{seed:4d}  {n:7d}  {len(m0) / n:5.3f}  {len(m1) / n:7.3f}   "
              f"{spurious:3d}/{len(st):<4d}  {len(tr.time_s):7d}  {t_plain:6.2f} s  {t_ref:6.2f} s")
    n = tot["n"]
    print(f"ALL   {int(n):7d}  {tot['plain'] / n:5.3f}  {tot['refined'] / n:7.3f}   "
          f"{int(tot['spurious'])}/{int(tot['reported'])} = {tot['spurious'] / tot['reported']:.3f}")
    print(f"speed: plain {tot['fixes'] / tot['t_plain'] / 1e6:.2f} M fixes/s, "
          f"refined {tot['fixes'] / tot['t_ref'] / 1e6:.2f} M fixes/s")
    print("by sampling interval:  dt   planted  plain  refined")
    for dt in sorted(by_dt):
        b = by_dt[dt]
        print(f"                     {dt:4.0f}   {b[0]:5d}   {b[1] / b[0]:5.3f}  {b[2] / b[0]:7.3f}")


if __name__ == "__main__":
    main()
