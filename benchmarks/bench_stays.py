"""Benchmark: Trampesti's detect_stays beside trackintel's generate_staypoints (sliding).

Run:  .venv/bin/python benchmarks/bench_stays.py [--fixes 1000000] [--venv /tmp/bench-venv-trackintel]

trackintel lives only in its own venv (``/usr/bin/python3 -m venv /tmp/bench-venv-trackintel
&& /tmp/bench-venv-trackintel/bin/pip install trackintel``); it runs in a subprocess that
reads the same fixes from a CSV in /tmp and writes its staypoints back as CSV.

Rounds: the GeoLife .plt files in shared/data/plt (real, 1-5 s sampling) and a simulated
round of about a million fixes (tests/sim_stays.py, converted to WGS84 around Odense).
Both tools get 50 m / 10 min / 30 min gap and haversine (geodesic) distances.

Agreement: a stay of one tool matches a stay of the other (same participant) when start and
end are within one sampling interval (the participant's median). trackintel's
``finished_at`` is the first fix *outside* the stay, so the comparison uses the last fix that
trackintel assigned to the staypoint (``last_inside``), and Trampesti runs both with merging
off and edges unrefined (the plain Li et al. rules) and as default.

Every difference is explained by a *rules ladder* (``rules_ladder``): a per-fix emulation of
the sliding window with each disputed rule as a switch first reproduces trackintel exactly,
then the rules are switched one at a time to Trampesti's, counting the stays each rule
removes and adds; the last rung must equal ``detect_stays(merge_distance_m=0)`` exactly, and
the default's merging and edge refinement (core/edges.py) are the final steps. Planted truth (simulated round) scores each tool.
"""
from __future__ import annotations

import argparse
import csv
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SHARED = REPO.parent / "shared" / "data"

_pkg = Path(tempfile.mkdtemp(prefix="trampesti-bench-"))
(_pkg / "trampesti").symlink_to(REPO, target_is_directory=True)
sys.path.insert(0, str(_pkg))
sys.path.insert(0, str(REPO / "tests"))

from trampesti.core import stays as S  # noqa: E402
import sim_stays  # noqa: E402

WORK = Path("/tmp/bench_stays")
LAT0, LON0 = 55.3959, 10.3883  # Odense
R = S.EARTH_RADIUS_M

TRACKINTEL_WORKER = r'''
import sys, time, json
import pandas as pd, geopandas as gpd, trackintel as ti
src, dst = sys.argv[1], sys.argv[2]
include_last = sys.argv[3] == "1"
repeats = int(sys.argv[4])
df = pd.read_csv(src, dtype={"user_id": str}, float_precision="round_trip")
df["tracked_at"] = pd.to_datetime(df["time_s"], unit="s", utc=True)
gdf = gpd.GeoDataFrame(df[["user_id", "tracked_at"]], geometry=gpd.points_from_xy(df["lon"], df["lat"]), crs="EPSG:4326")
gdf.index.name = "id"
pfs = ti.Positionfixes(gdf)
times = []
for _ in range(repeats):
    t0 = time.perf_counter()
    pfs2, sp = pfs.generate_staypoints(method="sliding", dist_threshold=50, time_threshold=10,
                                       gap_threshold=30, include_last=include_last)
    times.append(time.perf_counter() - t0)
pfs2 = pfs2.copy()
EPOCH = pd.Timestamp(0, tz="UTC")
def secs(s):
    return (s - EPOCH) / pd.Timedelta(seconds=1)
pfs2["t"] = secs(pfs2["tracked_at"])
g = pfs2.dropna(subset=["staypoint_id"]).groupby("staypoint_id")["t"].agg(["min", "max", "count"])
sp = sp.copy()
out = pd.DataFrame({
    "user_id": sp["user_id"].astype(str),
    "started_at": secs(sp["started_at"]),
    "finished_at": secs(sp["finished_at"]),
})
out.index = sp.index
out["first_inside"] = g["min"].reindex(out.index).values
out["last_inside"] = g["max"].reindex(out.index).values
out["n_fixes"] = g["count"].reindex(out.index).values
out.to_csv(dst, index=False)
print(json.dumps({"seconds": sorted(times), "n_fixes": int(len(df)), "n_staypoints": int(len(sp)),
                  "version": ti.__version__}))
'''


def read_geolife(folder: Path):
    """Tiny GeoLife .plt reader: 6 header lines, then lat,lon,0,alt_ft,days,date,time (GMT)."""
    pid, t, lat, lon = [], [], [], []
    for f in sorted(folder.glob("geolife_*.plt")):
        with open(f, encoding="ascii", errors="replace") as fh:
            lines = fh.read().splitlines()
        if not lines or not lines[0].startswith("Geolife"):
            continue
        user = f.name.split("_")[1]
        for ln in lines[6:]:
            parts = ln.split(",")
            if len(parts) < 7:
                continue
            ts = np.datetime64(parts[5] + "T" + parts[6]).astype("datetime64[ms]").astype(np.int64) / 1000.0
            pid.append(user)
            t.append(ts)
            lat.append(float(parts[0]))
            lon.append(float(parts[1]))
    return np.array(pid, dtype=object), np.array(t), np.array(lat), np.array(lon)


def simulated_round(n_fixes: int, seed: int = 11):
    """About ``n_fixes`` simulated fixes, in WGS84 around Odense (plus the metric originals)."""
    per_participant = 311616 / 12.0  # fixes per participant-day of the default mix
    n_p = max(1, int(round(n_fixes / per_participant)))
    tr = sim_stays.simulate(n_participants=n_p, hours=24, seed=seed)
    lat = LAT0 + np.degrees(tr.y_m / R)
    lon = LON0 + np.degrees(tr.x_m / (R * np.cos(np.radians(LAT0))))
    return tr, tr.participant, tr.time_s, lat, lon


def run_trackintel(venv: Path, pid, t, lat, lon, tag: str, include_last: bool, repeats: int = 3):
    WORK.mkdir(parents=True, exist_ok=True)
    src = WORK / f"{tag}_fixes.csv"
    dst = WORK / f"{tag}_trackintel_sp{'_last' if include_last else ''}.csv"
    with open(src, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["user_id", "time_s", "lat", "lon"])
        for row in zip(pid, t, lat, lon):
            w.writerow([row[0], repr(float(row[1])), repr(float(row[2])), repr(float(row[3]))])
    worker = WORK / "trackintel_worker.py"
    worker.write_text(TRACKINTEL_WORKER)
    py = venv / "bin" / "python"
    r = subprocess.run([str(py), str(worker), str(src), str(dst), "1" if include_last else "0", str(repeats)],
                       capture_output=True, text=True, check=True)
    info = json.loads(r.stdout.strip().splitlines()[-1])
    with open(dst, newline="") as fh:
        rows = list(csv.DictReader(fh))
    sp = {
        "participant": np.array([r_["user_id"] for r_ in rows], dtype=object),
        "start": np.array([float(r_["started_at"]) for r_ in rows]),
        "finished_at": np.array([float(r_["finished_at"]) for r_ in rows]),
        "end": np.array([float(r_["last_inside"]) if r_["last_inside"] else np.nan for r_ in rows]),
    }
    return info, sp


def emulate_rules(pid, t, lat, lon, jump: bool, duration_to_first_outside: bool,
                  gap_discards: bool, include_last: bool, d=50.0, tmin=600.0, gmax=1800.0):
    """Per-fix reference of the sliding-window rules with each disputed rule as a switch.

    trackintel 1.4.2 = jump=True, duration_to_first_outside=True, gap_discards=True
    (+ include_last); Trampesti (merging off) = all False (+ include_last=True).
    Returns a set of (participant, start_s, last_inside_s).
    """
    out = set()
    rad = math.pi / 180.0
    pid_s = pid.astype(str)
    for p in np.unique(pid_s):
        m = np.flatnonzero(pid_s == p)
        m = m[np.argsort(t[m], kind="stable")]
        tt, la, lo = t[m].tolist(), (lat[m] * rad).tolist(), (lon[m] * rad).tolist()
        n = len(tt)
        cl = [math.cos(v) for v in la]

        def dist(i, j):
            a = math.sin((la[j] - la[i]) / 2) ** 2 + cl[i] * cl[j] * math.sin((lo[j] - lo[i]) / 2) ** 2
            return 2 * 6371000.0 * math.asin(math.sqrt(a))

        eps = 1e-3  # trackintel compares int64 nanoseconds; these are float seconds
        i = 0
        j = 1
        while j < n:
            if tt[j] - tt[j - 1] > gmax + eps:
                if not gap_discards and tt[j - 1] - tt[i] >= tmin - eps:
                    out.add((p, round(tt[i], 3), round(tt[j - 1], 3)))
                i = j
                j = i + 1
                continue
            if dist(i, j) >= d:
                end = tt[j] if duration_to_first_outside else tt[j - 1]
                if end - tt[i] >= tmin - eps:
                    out.add((p, round(tt[i], 3), round(tt[j - 1], 3)))
                    i = j
                else:
                    i = j if jump else i + 1
                j = i + 1
                continue
            j += 1
        if include_last and n and tt[n - 1] - tt[i] >= tmin - eps:
            out.add((p, round(tt[i], 3), round(tt[n - 1], 3)))
    return out


def as_set(participant, start, end):
    """Stays as (participant, start, end) with times rounded to the millisecond."""
    return {(str(a), round(float(b), 3), round(float(c), 3)) for a, b, c in zip(participant, start, end)}


def rules_ladder(pid, t, lat, lon, ti_last, ours_plain, ours_default, ours_merged=None):
    """Attribute every difference to one rule: change the rules one at a time."""
    rungs = [
        ("trackintel rules (emulated, include_last)", dict(jump=True, duration_to_first_outside=True, gap_discards=True, include_last=True)),
        ("+ duration counted to the last fix inside (#132)", dict(jump=True, duration_to_first_outside=False, gap_discards=True, include_last=True)),
        ("+ a gap > 30 min ends the stay instead of discarding it", dict(jump=True, duration_to_first_outside=False, gap_discards=False, include_last=True)),
        ("+ failed anchor steps one fix instead of jumping to the first fix outside", dict(jump=False, duration_to_first_outside=False, gap_discards=False, include_last=True)),
    ]
    ladder = []
    real_ti = as_set(ti_last["participant"], ti_last["start"], ti_last["end"])
    prev = None
    for name, kw in rungs:
        cur = emulate_rules(pid, t, lat, lon, **kw)
        row = {"rung": name, "stays": len(cur)}
        if prev is None:
            row["identical_to_real_trackintel"] = cur == real_ti
            row["real_trackintel_only"] = len(real_ti - cur)
            row["emulation_only"] = len(cur - real_ti)
        else:
            row["stays_removed_by_this_rule"] = len(prev - cur)
            row["stays_added_by_this_rule"] = len(cur - prev)
        ladder.append(row)
        prev = cur
    ours = as_set(ours_plain.participant, ours_plain.arrive_s, ours_plain.leave_s)
    ladder.append({"rung": "Trampesti detect_stays, merging off", "stays": len(ours),
                   "identical_to_last_rung": ours == prev, "differ": len(ours ^ prev)})
    ours_m = as_set(ours_merged.participant, ours_merged.arrive_s, ours_merged.leave_s)
    ladder.append({"rung": "+ noise splits merged / short excursions bridged", "stays": len(ours_m),
                   "stays_removed_by_this_rule": len(ours - ours_m), "stays_added_by_this_rule": len(ours_m - ours)})
    ours_d = as_set(ours_default.participant, ours_default.arrive_s, ours_default.leave_s)
    ladder.append({"rung": "+ edges refined to where walking stops/starts (default)", "stays": len(ours_d),
                   "stays_with_moved_edges": len(ours_m - ours_d)})
    return ladder


def time_ours(pid, t, lat=None, lon=None, x=None, y=None, repeats=5, **kw):
    """(best, median) wall seconds over ``repeats`` runs, and the stays."""
    times = []
    st = None
    for _ in range(repeats):
        t0 = time.perf_counter()
        st = S.detect_stays(pid, t, x, y, distance_m=50, min_duration_s=600, max_gap_s=1800, lat=lat, lon=lon, **kw)
        times.append(time.perf_counter() - t0)
    return (min(times), float(np.median(times))), st


def median_dt(pid, t):
    out = {}
    for p in np.unique(pid.astype(str)):
        tt = np.sort(t[pid.astype(str) == p])
        d = np.diff(tt)
        d = d[d > 0]
        out[p] = float(np.median(d)) if d.size else 1.0
    return out


def match(a_pid, a_s, a_e, b_pid, b_s, b_e, tol):
    """Greedy one-to-one matches of a-stays to b-stays: |start| and |end| differences <= tol[participant]."""
    used = np.zeros(len(b_s), dtype=bool)
    ma = np.full(len(a_s), -1)
    b_pid = b_pid.astype(str)
    for k in range(len(a_s)):
        tl = tol[str(a_pid[k])] + 1e-6
        c = np.flatnonzero((b_pid == str(a_pid[k])) & ~used & (np.abs(b_s - a_s[k]) <= tl) & (np.abs(b_e - a_e[k]) <= tl))
        if c.size:
            j = c[np.argmin(np.abs(b_s[c] - a_s[k]) + np.abs(b_e[c] - a_e[k]))]
            used[j] = True
            ma[k] = j
    return ma, used


def compare(name, pid, t, lat, lon, venv: Path, truth=None, xy=None, speed=None):
    print(f"\n=== {name}: {len(t)} fixes, {len(np.unique(pid.astype(str)))} participants")
    info, ti = run_trackintel(venv, pid, t, lat, lon, name, include_last=False)
    info_l, ti_l = run_trackintel(venv, pid, t, lat, lon, name, include_last=True)
    sec_plain, ours_plain = time_ours(pid, t, lat, lon, merge_distance_m=0, refine_edges=False)
    _, ours_merged = time_ours(pid, t, lat, lon, repeats=1, refine_edges=False)
    sec_def, ours_def = time_ours(pid, t, lat, lon)
    tol = median_dt(pid, t)
    ti_all = sorted(info["seconds"] + info_l["seconds"])
    ti_s = (ti_all[0], float(np.median(ti_all)))  # best, median over all trackintel runs
    res = {"fixes": int(len(t)), "trackintel_version": info["version"],
           "trackintel_s_all_runs": ti_all, "trackintel_fixes_per_s_best_median": [len(t) / ti_s[0], len(t) / ti_s[1]],
           "ours_geodesic_plain_s_best_median": sec_plain, "ours_geodesic_default_s_best_median": sec_def,
           "ours_geodesic_fixes_per_s_best_median": [len(t) / sec_def[0], len(t) / sec_def[1]],
           "speedup_geodesic_default_best_vs_best_median_vs_median": [ti_s[0] / sec_def[0], ti_s[1] / sec_def[1]]}
    if xy is not None:
        sec_xy, _ = time_ours(pid, t, x=xy[0], y=xy[1])
        res.update({"ours_projected_default_s_best_median": sec_xy,
                    "ours_projected_fixes_per_s_best_median": [len(t) / sec_xy[0], len(t) / sec_xy[1]],
                    "speedup_projected_default_best_vs_best_median_vs_median": [ti_s[0] / sec_xy[0], ti_s[1] / sec_xy[1]]})
    ours_spd = None
    if speed is not None:
        # the loggers' own speed over ground (trackintel has no use for it)
        sec_spd, ours_spd = time_ours(pid, t, lat, lon, speed_mps=speed)
        res.update({"ours_geodesic_default_with_speed_s_best_median": sec_spd,
                    "speedup_geodesic_default_with_speed_best_vs_best_median_vs_median":
                        [ti_s[0] / sec_spd[0], ti_s[1] / sec_spd[1]]})
    res.update({
           "trackintel_staypoints": int(len(ti["start"])), "trackintel_staypoints_include_last": int(len(ti_l["start"])),
           "ours_plain_stays": len(ours_plain), "ours_default_stays": len(ours_def)})
    for label, ours, tisp in (("plain_vs_ti_include_last", ours_plain, ti_l), ("plain_vs_ti", ours_plain, ti),
                              ("default_vs_ti_include_last", ours_def, ti_l)):
        ma, used = match(ours.participant, ours.arrive_s, ours.leave_s, tisp["participant"], tisp["start"], tisp["end"], tol)
        res[label] = {"matched": int((ma >= 0).sum()), "ours_unmatched": int((ma < 0).sum()),
                      "trackintel_unmatched": int((~used).sum())}
    res["rules_ladder"] = rules_ladder(pid, t, lat, lon, ti_l, ours_plain, ours_def, ours_merged)
    if truth is not None:
        truth = [p for p in truth if p.end_s - p.start_s >= 600]
        def tl(p):
            return p.sampling_s + (50.0 + 2 * p.noise_rms_m) / p.speed_mps
        rows = [("ours_default", ours_def.arrive_s, ours_def.leave_s, ours_def.participant)]
        if ours_spd is not None:
            rows.append(("ours_default_with_speed", ours_spd.arrive_s, ours_spd.leave_s, ours_spd.participant))
        for label, a_s, a_e, a_p in rows + [
                                     ("ours_plain", ours_plain.arrive_s, ours_plain.leave_s, ours_plain.participant),
                                     ("trackintel_include_last", ti_l["start"], ti_l["end"], ti_l["participant"]),
                                     ("trackintel_include_last_finished_at", ti_l["start"], ti_l["finished_at"], ti_l["participant"])]:
            mt, md, _, _ = sim_stays.match_stays(truth, a_p, a_s, a_e, tl)
            # issue 5's rule: start and end within one sampling interval
            m1, _, _, _ = sim_stays.match_stays(truth, a_p, a_s, a_e)
            res["truth_" + label] = {"planted": len(truth), "found": int(len(mt)),
                                     "found_within_one_interval": int(len(m1)),
                                     "reported": int(len(a_s)), "spurious": int(len(a_s) - len(md))}
    print(json.dumps(res, indent=1))
    return res


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--fixes", type=int, default=1_000_000)
    ap.add_argument("--venv", default="/tmp/bench-venv-trackintel")
    args = ap.parse_args()
    venv = Path(args.venv)
    if not (venv / "bin" / "python").exists():
        print(f"SKIP trackintel: no venv at {venv} (/usr/bin/python3 -m venv {venv} && "
              f"{venv}/bin/pip install trackintel); timing Trampesti alone")
        tr, pid, t, lat, lon = simulated_round(args.fixes)
        (best, med), st = time_ours(pid, t, x=tr.x_m, y=tr.y_m)
        print(json.dumps({"fixes": int(len(t)), "ours_projected_s_best_median": [best, med],
                          "ours_projected_fixes_per_s_median": len(t) / med, "stays": len(st)}))
        return
    results = {}
    pid, t, lat, lon = read_geolife(SHARED / "plt")
    results["geolife"] = compare("geolife", pid, t, lat, lon, venv)
    tr, pid, t, lat, lon = simulated_round(args.fixes)
    # projected metres are what the QGIS algorithm passes (after projecting to UTM)
    results["simulated"] = compare("simulated", pid, t, lat, lon, venv, truth=tr.truth, xy=(tr.x_m, tr.y_m),
                                   speed=tr.speed_mps)
    WORK.mkdir(parents=True, exist_ok=True)
    (WORK / "results.json").write_text(json.dumps(results, indent=1))
    print(f"\nresults written to {WORK / 'results.json'}")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
