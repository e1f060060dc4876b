"""Benchmark: Trampesti's exact MCLP (core.sites.select_sites) against spopt's MCLP (PuLP/CBC).

Run from the repository root with the plugin's interpreter::

    .venv/bin/python benchmarks/bench_sites.py            # all instances
    .venv/bin/python benchmarks/bench_sites.py --quick    # skip the 2 000 x 20 000 instance

spopt is never installed into the plugin's venv. It lives in its own venv, made once with::

    /usr/bin/python3 -m venv /tmp/bench-venv-spopt
    /tmp/bench-venv-spopt/bin/pip install spopt pulp

Each instance is written to ``/tmp/bench_sites/<name>.npz``; spopt runs in a subprocess in its
venv on the same file and writes its chosen facilities to JSON. Both choices are then scored
by the same dense distance computation here (independent of either solver), so "same
optimum" compares covered person-hours, not the solvers' own reports. k-anonymity is off
(``k_min=1``) for the comparison because spopt has no such rule; one extra run shows ours
with ``k_min=3``.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
_PKG = Path(tempfile.mkdtemp(prefix="trampesti-bench-"))
(_PKG / "trampesti").symlink_to(REPO, target_is_directory=True)
sys.path.insert(0, str(_PKG))

from trampesti.core import sites as S

WORK = Path("/tmp/bench_sites")
SPOPT_PY = Path(os.environ.get("SPOPT_PYTHON", "/tmp/bench-venv-spopt/bin/python"))

WORKER = r'''
import json, sys, time
import numpy as np
from scipy.spatial.distance import cdist
import pulp
from spopt.locate import MCLP
inst = np.load(sys.argv[1])
t0 = time.perf_counter()
cost = cdist(inst["demand_xy"], inst["candidate_xy"])           # clients x facilities
t1 = time.perf_counter()
model = MCLP.from_cost_matrix(cost, inst["weight"], float(inst["radius"]), p_facilities=int(inst["n_sites"]))
t2 = time.perf_counter()
model = model.solve(pulp.PULP_CBC_CMD(msg=False), results=False)
t3 = time.perf_counter()
chosen = [j for j, v in enumerate(model.fac_vars) if v.value() is not None and v.value() > 0.5]
json.dump({"sites": chosen, "status": pulp.LpStatus[model.problem.status],
           "objective": float(pulp.value(model.problem.objective)),
           "t_cost_s": t1 - t0, "t_build_s": t2 - t1, "t_solve_s": t3 - t2, "t_total_s": t3 - t0},
          open(sys.argv[2], "w"))
'''


def make_instance(seed: int, n_cand: int, n_dem: int, extent_m: float, n_hot: int = 40, n_part: int = 20):
    """Clustered demand (hotspots + 20 % background) and uniform candidates in a square city."""
    rng = np.random.default_rng(seed)
    cand = rng.uniform(0, extent_m, (n_cand, 2))
    centres = rng.uniform(0.06 * extent_m, 0.94 * extent_m, (n_hot, 2))
    n_clu = int(0.8 * n_dem)
    k = rng.integers(0, n_hot, n_clu)
    dem = np.vstack([centres[k] + rng.normal(0, 0.03 * extent_m, (n_clu, 2)),
                     rng.uniform(0, extent_m, (n_dem - n_clu, 2))])
    w = rng.exponential(0.1, n_dem)                       # person-hours per point
    pid = rng.integers(0, n_part, n_dem)
    return cand, dem, w, pid


def covered_weight(cand, dem, w, sites, radius):
    """Person-hours within ``radius`` of the chosen sites (chunked dense distances)."""
    s = cand[np.asarray(sites, dtype=int)]
    hit = np.zeros(len(dem), dtype=bool)
    for a in range(0, len(dem), 5000):
        d = np.sqrt(((dem[a:a + 5000, None, :] - s[None]) ** 2).sum(-1))
        hit[a:a + 5000] = (d <= radius).any(axis=1)
    return float(w[hit].sum())


def run_spopt(name: str, timeout_s: float, reuse: bool = False):
    out = WORK / f"{name}.spopt.json"
    if reuse and out.exists():
        return json.loads(out.read_text()), float("nan")
    worker = WORK / "spopt_worker.py"
    worker.write_text(WORKER)
    t0 = time.perf_counter()
    try:
        subprocess.run([str(SPOPT_PY), str(worker), str(WORK / f"{name}.npz"), str(out)],
                       check=True, timeout=timeout_s, capture_output=True, text=True)
    except subprocess.TimeoutExpired:
        return None, time.perf_counter() - t0
    except subprocess.CalledProcessError as e:
        print(e.stderr[-2000:])
        return None, time.perf_counter() - t0
    return json.loads(out.read_text()), time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="skip the 2000 x 20000 instance")
    ap.add_argument("--spopt-timeout", type=float, default=1800.0)
    ap.add_argument("--reuse-spopt", action="store_true",
                    help="reuse /tmp/bench_sites/<instance>.spopt.json from an earlier run (same seeds)")
    args = ap.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    have_spopt = SPOPT_PY.exists()
    if not have_spopt:
        print(f"spopt venv not found at {SPOPT_PY}: only Trampesti is timed (see the module docstring)")

    instances = [  # name, seed, candidates, demand points, extent m, sites, radius m
        ("small_100x1000", 1, 100, 1000, 2000.0, 5, 250.0),
        ("medium_500x5000", 2, 500, 5000, 4000.0, 10, 300.0),
        ("medium_500x5000_p20_r400", 3, 500, 5000, 4000.0, 20, 400.0),
        ("large_2000x20000", 7, 2000, 20000, 5000.0, 10, 300.0),
    ]
    if args.quick:
        instances = instances[:-1]
    rows = []
    for name, seed, nc, nd, ext, p, r in instances:
        cand, dem, w, pid = make_instance(seed, nc, nd, ext)
        np.savez(WORK / f"{name}.npz", candidate_xy=cand, demand_xy=dem, weight=w, radius=r, n_sites=p)
        t0 = time.perf_counter()
        sel = S.select_sites(cand, dem, w, pid, p, r, k_min=1)
        t_ours = time.perf_counter() - t0
        ours_obj = covered_weight(cand, dem, w, sel.site_index, r)
        t0 = time.perf_counter()
        gr = S.select_sites(cand, dem, w, pid, p, r, k_min=1, method="greedy")
        t_greedy = time.perf_counter() - t0
        row = {"instance": name, "ours_s": t_ours, "ours_obj": ours_obj, "ours_method": sel.method,
               "ours_optimal": sel.optimal, "units": sel.n_units, "greedy_obj": gr.objective_value,
               "greedy_gap_vs_lp": gr.gap, "greedy_s": t_greedy, "notes": "; ".join(sel.notes)}
        if have_spopt:
            res, t_wall = run_spopt(name, args.spopt_timeout, args.reuse_spopt)
            if res is None:
                row.update({"spopt_s": t_wall, "spopt_obj": float("nan"), "spopt_status": "timeout/failed"})
            else:
                row.update({"spopt_s": res["t_total_s"], "spopt_wall_s": t_wall, "spopt_status": res["status"],
                            "spopt_obj": covered_weight(cand, dem, w, res["sites"], r),
                            "spopt_build_s": res["t_build_s"], "spopt_solve_s": res["t_solve_s"]})
        rows.append(row)
        print(json.dumps(row), flush=True)

    # ours with k-anonymity on the largest instance that ran (k_min = 3, 'participants' too)
    name, seed, nc, nd, ext, p, r = instances[-1]
    cand, dem, w, pid = make_instance(seed, nc, nd, ext)
    for objective in ("person_hours", "participants"):
        t0 = time.perf_counter()
        sel = S.select_sites(cand, dem, w, pid, p, r, k_min=3, objective=objective, min_spacing_m=0.0)
        print(json.dumps({"instance": name, "k_min": 3, "objective": objective, "ours_s": time.perf_counter() - t0,
                          "objective_value": sel.objective_value, "optimal": sel.optimal, "method": sel.method}))

    print()
    print(f"{'instance':28s} {'ours s':>8s} {'spopt s':>9s} {'ratio':>7s}  {'same optimum':12s} "
          f"{'ours obj':>10s} {'spopt obj':>10s} {'greedy gap':>10s}")
    for row in rows:
        sp_s = row.get("spopt_s", float("nan"))
        sp_o = row.get("spopt_obj", float("nan"))
        same = abs(sp_o - row["ours_obj"]) <= 1e-6 * max(1.0, abs(sp_o)) if np.isfinite(sp_o) else None
        print(f"{row['instance']:28s} {row['ours_s']:8.2f} {sp_s:9.2f} {sp_s / row['ours_s']:7.1f}  "
              f"{same!s:12s} {row['ours_obj']:10.3f} {sp_o:10.3f} {row['greedy_gap_vs_lp']:10.4f}")


if __name__ == "__main__":
    main()
