"""Tests of the demo-round simulator (demo/simulate.py).

The files are parsed here independently of the plugin's readers (xml.etree, csv, string ops);
distances use the haversine formula, not the simulator's local frame.
"""
from __future__ import annotations

import csv
import hashlib
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from functools import reduce
from pathlib import Path
from typing import Dict, List, Tuple

import numpy as np
import pytest

from trampesti.demo.simulate import simulate_round

REPO = Path(__file__).resolve().parents[1]
GPX_NS = "{http://www.topografix.com/GPX/1/1}"
# Odense (Østerbro, station, harbour road east) — hand-picked, wider than the simulator's box
LAT_MIN, LAT_MAX, LON_MIN, LON_MAX = 55.390, 55.420, 10.370, 10.435


def haversine_m(lat1, lon1, lat2, lon2):
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(np.asarray(lon2) - np.asarray(lon1))
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * 6371008.8 * np.arcsin(np.sqrt(a))


def epoch(iso_z: str) -> int:
    return int(np.datetime64(iso_z.rstrip("Z"), "s").astype(np.int64))


def xor_checksum(body: str) -> str:
    return "%02X" % reduce(lambda c, ch: c ^ ord(ch), body, 0)


def nmea_deg(v: str, hemi: str) -> float:
    k = v.index(".") - 2
    d = float(v[:k]) + float(v[k:]) / 60.0
    return -d if hemi in "SW" else d


def read_fixes(path: Path, fmt: str) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(time UTC s, lat, lon) of every fix in a simulated file, parsed independently."""
    times: List[str] = []
    lats: List[float] = []
    lons: List[float] = []
    if fmt == "gpx":
        for pt in ET.parse(path).getroot().iter(GPX_NS + "trkpt"):
            lats.append(float(pt.get("lat")))
            lons.append(float(pt.get("lon")))
            times.append(pt.find(GPX_NS + "time").text)
    elif fmt == "nmea":
        for line in path.read_text(encoding="ascii").splitlines():
            body, _, cs = line[1:].partition("*")
            f = body.split(",")
            if f[0] == "GPRMC" and f[2] == "A" and cs == xor_checksum(body):
                hh, mm, ss, dd, mo, yy = f[1][0:2], f[1][2:4], f[1][4:6], f[9][0:2], f[9][2:4], f[9][4:6]
                times.append(f"20{yy}-{mo}-{dd}T{hh}:{mm}:{ss}")
                lats.append(nmea_deg(f[3], f[4]))
                lons.append(nmea_deg(f[5], f[6]))
    elif fmt == "csv_mtk":
        with open(path, newline="", encoding="ascii") as fh:
            for r in csv.DictReader(fh):
                times.append(r["UTC DATE"].replace("/", "-") + "T" + r["UTC TIME"])
                lats.append(float(r["LATITUDE"]) * (1 if r["N/S"] == "N" else -1))
                lons.append(float(r["LONGITUDE"]) * (1 if r["E/W"] == "E" else -1))
    else:
        with open(path, newline="", encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                times.append(r["time_utc"])
                lats.append(float(r["lat"]))
                lons.append(float(r["lon"]))
    t = np.array([s.rstrip("Z") for s in times], dtype="datetime64[s]").astype(np.int64)
    return t, np.array(lats), np.array(lons)


def tree_hashes(root: Path) -> Dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def sim(tmp_path_factory):
    out = tmp_path_factory.mktemp("round")
    truth = simulate_round(out)
    fixes = {p["file"]: read_fixes(out / "trackers" / p["file"], p["format"]) for p in truth.participants}
    return out, truth, fixes


def test_truth_json_matches_returned_truth(sim):
    out, truth, _ = sim
    on_disk = json.loads((out / "truth.json").read_text(encoding="utf-8"))
    assert on_disk == json.loads(json.dumps(truth.data))
    assert len(truth.participants) == 20
    counts = {}
    for p in truth.participants:
        counts[p["format"]] = counts.get(p["format"], 0) + 1
    assert counts == {"gpx": 8, "nmea": 6, "csv_mtk": 3, "csv_device": 3}
    files = sorted(p.name for p in (out / "trackers").iterdir())
    assert files == sorted([p["file"] for p in truth.participants] + [truth.broken_file])
    assert 150_000 <= truth["n_fixes_total"] <= 300_000


def test_same_seed_identical_bytes_other_seed_differs(sim, tmp_path):
    out, _, _ = sim
    simulate_round(tmp_path / "again")
    simulate_round(tmp_path / "other", seed=7)
    h0, h1, h2 = tree_hashes(out), tree_hashes(tmp_path / "again"), tree_hashes(tmp_path / "other")
    assert h0 == h1
    tracker_files = [k for k in h0 if k.startswith("trackers/") and not k.endswith("logger_21.gpx")]
    assert len(tracker_files) == 20
    assert all(h0[k] != h2[k] for k in tracker_files)
    assert h0["truth.json"] != h2["truth.json"]


def test_fix_counts_and_first_last_match_files(sim):
    out, truth, fixes = sim
    for p in truth.participants:
        t, lat, lon = fixes[p["file"]]
        assert len(t) == p["n_fixes"], p["file"]
        assert np.all(np.diff(t) > 0), p["file"]
        assert t[0] == epoch(p["first_utc"]) and t[-1] == epoch(p["last_utc"])
        if p["format"] == "nmea":
            text = (out / "trackers" / p["file"]).read_text(encoding="ascii")
            assert text.count("$GPRMC,") == p["n_rmc_lines"]
            assert text.count("$GPGGA,") == p["n_gga_lines"]
        if p["format"] in ("csv_mtk", "csv_device"):
            lines = (out / "trackers" / p["file"]).read_bytes().splitlines()
            assert len(lines) == p["n_fixes"] + 1  # header + one row per fix


def test_nmea_checksums_valid_except_planted(sim):
    out, truth, _ = sim
    bad_files = []
    for p in (q for q in truth.participants if q["format"] == "nmea"):
        lines = (out / "trackers" / p["file"]).read_bytes().decode("ascii").split("\r\n")
        assert lines[-1] == ""  # CRLF-terminated
        bad = [i + 1 for i, ln in enumerate(lines[:-1])
               if xor_checksum(ln[1:].partition("*")[0]) != ln.partition("*")[2]]
        assert bad == p["bad_checksum_lines"], p["file"]
        if bad:
            bad_files.append(p["file"])
            # the garbled sentences really are fixes (RMC+GGA pairs) and the no-fix block exists
            assert len(bad) == 6 and all(lines[i - 1].startswith(("$GPRMC", "$GPGGA")) for i in bad)
            nofix = [ln for ln in lines if ln.startswith("$GPRMC,") and ln.split(",")[2] == "V"]
            assert len(nofix) == p["n_nofix_epochs"] >= 10
            gga0 = [ln for ln in lines if ln.startswith("$GPGGA,") and ln.split(",")[6] == "0"]
            assert len(gga0) == len(nofix)
        assert lines[0].startswith("$PMTK705,") and p["device_serial"] in lines[0]
    assert bad_files == [truth["nmea_bad_file"]]


def test_fixes_inside_odense_except_planted_outliers(sim):
    _, truth, fixes = sim
    n_out = 0
    for p in truth.participants:
        t, lat, lon = fixes[p["file"]]
        is_out = np.isin(t, [epoch(o["time_utc"]) for o in p["outliers"]])
        assert is_out.sum() == len(p["outliers"]) >= 1
        inside = (lat > LAT_MIN) & (lat < LAT_MAX) & (lon > LON_MIN) & (lon < LON_MAX)
        assert inside[~is_out].all(), p["file"]
        # an outlier is a single jump: ≥ 150 m from both neighbours
        for i in np.flatnonzero(is_out):
            assert haversine_m(lat[i], lon[i], lat[i - 1], lon[i - 1]) > 150
            assert haversine_m(lat[i], lon[i], lat[i + 1], lon[i + 1]) > 150
        # ordinary noise: consecutive fixes 1-60 s apart are < 100 m apart (walkers, 3-15 m noise)
        ok = ~(is_out | np.roll(is_out, 1))[1:]
        step = haversine_m(lat[:-1], lon[:-1], lat[1:], lon[1:])[ok]
        dt = np.diff(t)[ok]
        assert np.all(step[dt <= 60] < 100), p["file"]
        n_out += int(is_out.sum())
    assert 20 <= n_out <= 60


def test_planted_stays_fixes_near_place(sim):
    _, truth, fixes = sim
    n_stays = 0
    for p in truth.participants:
        t, lat, lon = fixes[p["file"]]
        out_t = {epoch(o["time_utc"]) for o in p["outliers"]}
        for s in p["stays"]:
            sel = (t >= epoch(s["arrive_utc"])) & (t <= epoch(s["leave_utc"]))
            sel &= ~np.isin(t, list(out_t))
            assert sel.sum() >= 3, (p["file"], s)
            d = haversine_m(lat[sel], lon[sel], s["lat"], s["lon"])
            assert d.max() <= 30.0, (p["file"], s["place"], d.max())
            assert np.median(d) <= 20.0
            n_stays += 1
            assert s["lat"] == truth.places[s["place"]]["lat"]
    assert n_stays >= 20 * 5


def test_stay_durations_night_and_handout(sim):
    _, truth, fixes = sim
    for p in truth.participants:
        stays = p["stays"]
        assert stays[0]["place"] == stays[-1]["place"] == "handout"
        day = [s for s in stays if truth.places[s["place"]]["kind"] not in ("handout", "sleeping_place")]
        assert len(day) >= 4
        assert all(20 * 60 <= s["duration_s"] <= 195 * 60 for s in day)  # 20 min - ~3 h
        # night 23:00-06:00 Copenhagen (UTC+2 in September) ± 15 min
        night = [s for s in stays if s["place"] == p["sleeping_place"]["place"]]
        assert len(night) == 1
        arrive_local = (epoch(night[0]["arrive_utc"]) + 7200) % 86400
        leave_local = (epoch(night[0]["leave_utc"]) + 7200) % 86400
        assert abs(arrive_local - 23 * 3600) <= 900 and abs(leave_local - 6 * 3600) <= 900
        # the first and last fixes are at the hand-out site
        t, lat, lon = fixes[p["file"]]
        h = truth["handout"]
        assert haversine_m(lat[0], lon[0], h["lat"], h["lon"]) < 30
        assert haversine_m(lat[-1], lon[-1], h["lat"], h["lon"]) < 30
        # walking 1.2-1.4 m/s along the street graph
        for trip in p["trips"]:
            v = trip["length_m"] / (epoch(trip["end_utc"]) - epoch(trip["start_utc"]))
            assert 1.1 <= v <= 1.45 or trip["length_m"] < 40, trip
    sleeps = [p["sleeping_place"]["place"] for p in truth.participants]
    assert len(set(sleeps)) == 20


def test_time_span_about_24h(sim):
    _, truth, fixes = sim
    start, end = epoch(truth["start_utc"]), epoch(truth["end_utc"])
    assert end - start == 24 * 3600
    for p in truth.participants:
        t = fixes[p["file"]][0]
        assert start <= t[0] <= start + 600 and end - 600 <= t[-1] <= end
        assert 23.6 * 3600 <= t[-1] - t[0] <= 24 * 3600
        intervals = np.diff(t)
        assert intervals.min() >= 1 and np.median(intervals) <= 60


def test_gaps_planted(sim):
    _, truth, fixes = sim
    indoor = 0
    for p in truth.participants:
        t = fixes[p["file"]][0]
        for g in p["gaps"]:
            g0, g1 = epoch(g["start_utc"]), epoch(g["end_utc"])
            assert not np.any((t > g0) & (t < g1)), (p["file"], g)
            if g["reason"] == "indoors":
                indoor += 1
                assert 600 <= g1 - g0 <= 2400
            else:
                assert 180 <= g1 - g0 <= 900
    assert indoor >= 10


def test_remote_place_visited_by_one_participant_only(sim):
    _, truth, fixes = sim
    r = truth.places[truth["remote"]["place"]]
    for name, q in truth.places.items():
        if name != truth["remote"]["place"]:
            assert haversine_m(r["lat"], r["lon"], q["lat"], q["lon"]) > 1350
    near = []
    for p in truth.participants:
        t, lat, lon = fixes[p["file"]]
        if np.any(haversine_m(lat, lon, r["lat"], r["lon"]) < 300):
            near.append(p["file"])
    assert near == [truth["remote"]["participant_file"]]
    visit = [s for s in truth.participant(near[0])["stays"] if s["place"] == truth["remote"]["place"]]
    assert len(visit) == 1 and visit[0]["duration_s"] == 40 * 60


def test_device_serials_inside_files(sim):
    out, truth, _ = sim
    for p in truth.participants:
        text = (out / "trackers" / p["file"]).read_text(encoding="utf-8")
        if p["format"] == "gpx":
            root = ET.fromstring(text)
            assert root.find(f"{GPX_NS}trk/{GPX_NS}name").text == p["device_serial"] == p["raw_key"]
        elif p["format"] == "csv_device":
            assert text.splitlines()[1].split(",")[0] == p["device_serial"] == p["raw_key"]
        elif p["format"] == "nmea":
            assert p["device_serial"] in text.splitlines()[0]
    assert len({p["device_serial"] for p in truth.participants}) == 20


def test_broken_file_is_broken(sim):
    out, truth, _ = sim
    path = out / "trackers" / truth.broken_file
    assert path.stat().st_size > 1000
    with pytest.raises(ET.ParseError):
        ET.parse(path)


def _point_in_ring(x: float, y: float, ring: List[List[float]]) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in zip(ring[:-1], ring[1:]):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def test_layers(sim):
    out, truth, _ = sim
    layers = {n: json.loads((out / "layers" / f"{n}.geojson").read_text(encoding="utf-8"))
              for n in ("toilets", "cover", "schools", "handout", "candidates", "phases", "streets")}
    toilets = layers["toilets"]["features"]
    assert len(toilets) == 8 and all(f["properties"]["name"] for f in toilets)
    ds = truth.places["day_shelter"]
    d = [haversine_m(ds["lat"], ds["lon"], f["geometry"]["coordinates"][1], f["geometry"]["coordinates"][0])
         for f in toilets]
    assert min(d) < 60
    assert len(layers["cover"]["features"]) == 6
    assert 2 <= len(layers["schools"]["features"]) <= 3
    bench = truth.places["bench_park"]
    ring = layers["schools"]["features"][0]["geometry"]["coordinates"][0]
    assert min(haversine_m(bench["lat"], bench["lon"], la, lo) for lo, la in ring) < 120
    h = truth["handout"]
    assert _point_in_ring(h["lon"], h["lat"], layers["handout"]["features"][0]["geometry"]["coordinates"][0])
    cands = layers["candidates"]["features"]
    assert len(cands) == 40
    phases = layers["phases"]["features"]
    assert sorted(f["properties"]["phase"] for f in phases) == [1, 2]
    for f in phases:
        ring = f["geometry"]["coordinates"][0]
        inside = [c["properties"]["cand_id"] for c in cands if _point_in_ring(*c["geometry"]["coordinates"], ring)]
        assert inside and inside == truth["layers"]["candidates"]["in_phase"][str(f["properties"]["phase"])]
    for layer in layers.values():
        for f in layer["features"]:
            g = f["geometry"]
            pts = {"Point": [g["coordinates"]], "LineString": g["coordinates"]}.get(g["type"], g["coordinates"][0])
            assert all(LON_MIN < lo < LON_MAX and LAT_MIN < la < LAT_MAX for lo, la in pts)


def test_cli(tmp_path):
    r = subprocess.run([sys.executable, str(REPO / "demo" / "simulate.py"), str(tmp_path / "cli"),
                        "--participants", "6", "--hours", "12"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    truth = json.loads((tmp_path / "cli" / "truth.json").read_text(encoding="utf-8"))
    assert len(truth["participants"]) == 6
    assert (tmp_path / "cli" / "trackers" / "logger_07.gpx").exists()
    for p in truth["participants"]:
        t = read_fixes(tmp_path / "cli" / "trackers" / p["file"], p["format"])[0]
        assert len(t) == p["n_fixes"] and t[-1] - t[0] <= 12 * 3600
