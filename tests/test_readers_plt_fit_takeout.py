"""PLT (GeoLife, OziExplorer), FIT and Google Takeout JSON through ``read_tracker_file``.

References come from the raw files (text columns, an independent OLE-date conversion,
fitdecode's raw semicircles, a plain walk over the JSON) or from files built by hand here.
"""
from __future__ import annotations

import datetime as dt
import json
import struct
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

from trampesti.core.readers import ReaderOptions, read_tracker_file

FEET = 0.3048


def utc(s: str) -> float:
    return dt.datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()


def ole_to_utc(days: float) -> float:
    """OLE/Excel serial date → epoch seconds, via datetime (independent of the reader)."""
    d = dt.datetime(1899, 12, 30, tzinfo=dt.timezone.utc) + dt.timedelta(days=days)
    return round(d.timestamp())


def check_invariant(res) -> None:
    assert res.fixes_read == res.fixes_kept + sum(res.reasons.values())
    if res.fixes_kept:
        assert np.all(np.diff(res.fixes.time_s) >= 0)
        assert np.all(np.isfinite(res.fixes.lat)) and np.all(np.isfinite(res.fixes.lon))


# ------------------------------------------------------------------------------------- PLT


@pytest.mark.parametrize("name, n, first, last", [
    ("geolife_000_20081024020959.plt", 244, "2008-10-24T02:09:59Z", "2008-10-24T02:47:06Z"),
    ("geolife_001_20081023055305.plt", 961, "2008-10-23T05:53:05Z", "2008-10-23T12:04:28Z"),
    ("geolife_010_20080330004134.plt", 681, "2008-03-30T00:41:34Z", "2008-03-30T15:59:40Z"),
])
def test_geolife(shared_data, name, n, first, last):
    path = shared_data / "plt" / name
    rows = [ln.split(",") for ln in path.read_text().splitlines()[6:] if ln.strip()]
    res = read_tracker_file(str(path))
    check_invariant(res)
    assert res.format == "plt-geolife" and res.status == "ok"
    assert (res.fixes_read, res.fixes_kept, dict(res.reasons)) == (n, n, {}) and len(rows) == n
    assert res.fixes.time_s[0] == utc(first) and res.fixes.time_s[-1] == utc(last)
    assert res.fixes.source[0] == f"{name}:7"
    assert (res.fixes.lat[0], res.fixes.lon[0]) == (float(rows[0][0]), float(rows[0][1]))
    # the text date/time (GMT) agrees with the OLE serial column, row by row
    assert res.fixes.time_s.tolist() == sorted(ole_to_utc(float(r[4])) for r in rows)
    alt = float(rows[0][3])
    if alt == -777:
        assert np.isnan(res.fixes.ele_m).all()  # geolife_010: -777 on every row = invalid
    else:
        assert res.fixes.ele_m[0] == pytest.approx(alt * FEET)


def test_geolife_gap_splits_segments(shared_data):
    res = read_tracker_file(str(shared_data / "plt" / "geolife_001_20081023055305.plt"))
    gaps = np.diff(res.fixes.time_s)
    assert gaps.max() == 16256  # MANIFEST: 4.5 h gap inside one file
    assert res.fixes.segment.max() == 1 + int((gaps > 300).sum())


def test_oziexplorer_latin1_crlf_french_months(shared_data):
    path = shared_data / "plt" / "oziexplorer_20070813_short.plt"
    raw = path.read_bytes()
    assert b"\r\n" in raw and b"ao\xfbt" in raw
    rows = [ln.split(",") for ln in raw.decode("latin-1").splitlines()[6:] if ln.strip()]
    res = read_tracker_file(str(path))
    check_invariant(res)
    assert res.format == "plt-ozi"
    assert (res.fixes_read, res.fixes_kept, dict(res.reasons)) == (44, 44, {})
    # the serial (7 decimals, ±4.3 ms) is the time; the text is it truncated to the second
    serial = [(dt.datetime(1899, 12, 30, tzinfo=dt.timezone.utc) + dt.timedelta(days=float(r[4]))).timestamp() for r in rows]
    assert res.fixes.time_s.tolist() == pytest.approx(serial, abs=0.0044)
    text = [utc("2007-08-13T" + r[6].strip() + "Z") for r in rows]
    assert np.floor(res.fixes.time_s).tolist() == text
    assert res.fixes.time_s[0] == utc("2007-08-13T07:52:19Z")  # serial 07:52:19.001, text 07:52:19
    assert res.fixes.time_s[-1] == pytest.approx(utc("2007-08-13T07:57:01.996Z"))  # text 07:57:01
    assert (res.fixes.lat[0], res.fixes.lon[0]) == (47.466222, 3.747318)
    assert res.fixes.ele_m[0] == pytest.approx(1258.8 * FEET)
    assert "2390" in res.message  # the header's point count is wrong
    local = read_tracker_file(str(path), ReaderOptions(timezone="Europe/Paris"))
    assert local.used_timezone and local.fixes.time_s[0] == utc("2007-08-13T05:52:19Z")


GEOLIFE_HEAD = "Geolife trajectory\nWGS 84\nAltitude is in Feet\nReserved 3\n0,2,255,My Track,0,0,2,8421376\n0\n"


def test_plt_faulty_rows(tmp_path):
    text = GEOLIFE_HEAD + (
        "55.3959,10.3883,0,100,44348.3333333333,2021-06-01,08:00:00\n"
        "55.3960,10.3884,0,-777,44348.3334490741,2021-06-01,08:00:10\n"
        "abc,10.3884,0,10,44348.3335648148,2021-06-01,08:00:20\n"      # parse_error
        "55.3961,10.3885\n"                                              # parse_error (short)
        "55.3962,10.3886,0,10,,,\n"                                      # bad_time (no date/serial)
        "0,0,0,10,44348.3336805556,2021-06-01,08:00:30\n")               # zero_coords
    p = tmp_path / "faults.plt"
    p.write_text(text)
    res = read_tracker_file(str(p))
    check_invariant(res)
    assert res.format == "plt-geolife"
    assert res.fixes_read == 6 and res.fixes_kept == 2
    assert dict(res.reasons) == {"parse_error": 2, "bad_time": 1, "zero_coords": 1}
    assert res.fixes.ele_m[0] == pytest.approx(30.48) and np.isnan(res.fixes.ele_m[1])
    assert res.fixes.time_s.tolist() == [utc("2021-06-01T08:00:00Z"), utc("2021-06-01T08:00:10Z")]


def test_ozi_serial_only_and_detection_by_content(tmp_path):
    head = ("OziExplorer Track Point File Version 2.1\r\nWGS 84\r\nAltitude is in Feet\r\nReserved 3\r\n"
            "0,2,255,Odense,1,0,2,8421376,0\r\n2\r\n")
    body = "  55.395900,  10.388300,1, -777,44348.3333333, 01-juin-21, 08:00:00\r\n" \
           "  55.396000,  10.388400,0,   33,44348.3334491,,\r\n"
    p = tmp_path / "track.txt"  # extension says nothing: content decides
    p.write_bytes((head + body).encode("latin-1"))
    res = read_tracker_file(str(p))
    assert res.format == "plt-ozi" and res.fixes_kept == 2
    assert res.fixes.time_s[0] == utc("2021-06-01T08:00:00Z")
    assert res.fixes.time_s[1] == pytest.approx(utc("2021-06-01T08:00:10Z"), abs=0.01)


# ------------------------------------------------------------------------------------- FIT


def fit_counts(path: Path):
    """Independent reference with fitdecode: (records, records with position, first lat/lon in degrees)."""
    import fitdecode

    n, with_pos, first = 0, 0, None
    warnings.simplefilter("ignore")  # pytest restores the filters after each test
    try:
        with fitdecode.FitReader(str(path), check_crc=fitdecode.CrcCheck.DISABLED) as fr:
            for frame in fr:
                if isinstance(frame, fitdecode.FitDataMessage) and frame.name == "record":
                    n += 1
                    if frame.has_field("position_lat") and frame.get_value("position_lat") is not None:
                        with_pos += 1
                        if first is None:
                            first = (frame.get_value("position_lat") * 180 / 2 ** 31,
                                     frame.get_value("position_long") * 180 / 2 ** 31)
    except Exception:
        pass
    return n, with_pos, first


@pytest.mark.parametrize("name, n, kept, reasons, first, last, serial, note", [
    ("garmin-oregon-700.fit", 999, 997, {"no_position": 2}, "2018-09-19T08:52:13Z", "2018-09-19T10:32:56Z",
     "3973281992", ""),
    ("lezyne_super_gps-bad-endian.fit", 804, 804, {}, "2019-08-18T03:50:17Z", "2019-08-18T05:21:32Z",
     "2998845657", "truncated or corrupt"),
    ("activity-unexpected-eof.fit", 14, 14, {}, "2012-04-09T21:22:26Z", "2012-04-09T21:22:39Z",
     "activity-unexpected-eof", "truncated or corrupt"),
    ("sample_mulitple_header.fit", 1773, 1462, {"no_position": 311}, "2018-05-27T07:33:01Z",
     "2018-05-27T10:11:12Z", "3915525118", "4 FIT files chained"),
    ("strava-android-app-201.10.fit", 473, 236, {"no_position": 236, "bad_time": 1}, "2021-09-27T14:13:10Z",
     None, "strava-android-app-201.10", "decoding stopped"),
])
def test_fit_files(shared_data, name, n, kept, reasons, first, last, serial, note):
    path = shared_data / "fit" / name
    ref_n, ref_pos, ref_first = fit_counts(path)
    res = read_tracker_file(str(path))
    check_invariant(res)
    assert res.format == "fit"
    assert (res.fixes_read, res.fixes_kept, dict(res.reasons)) == (n, kept, reasons)
    assert ref_n == n and res.reasons.get("no_position", 0) == n - ref_pos
    assert res.participant == serial  # file_id serial; placeholder 0x7FFFFFFF / none → file stem
    assert res.fixes.time_s[0] == utc(first)
    if last:
        assert res.fixes.time_s[-1] == utc(last)
    assert (res.fixes.lat[0], res.fixes.lon[0]) == pytest.approx(ref_first, abs=1e-12)
    assert res.fixes.source[0].startswith(f"{name}:record ")
    assert note in res.message


def test_fit_oregon_in_oslo(shared_data):
    res = read_tracker_file(str(shared_data / "fit" / "garmin-oregon-700.fit"))
    assert 59.93 < res.fixes.lat.min() and res.fixes.lat.max() < 60.02
    assert 10.68 < res.fixes.lon.min() and res.fixes.lon.max() < 10.76
    # the 31.6 min pause (1896 s between records 527 and 528) is followed by records 528–529
    # without position, so the kept fixes jump from record 527 to record 530
    i = int(np.argmax(np.diff(res.fixes.time_s)))
    assert np.diff(res.fixes.time_s)[i] > 1896
    assert res.fixes.source[i:i + 2].tolist() == ["garmin-oregon-700.fit:record 527", "garmin-oregon-700.fit:record 530"]


def test_fit_without_positions_or_absolute_time(shared_data):
    vivo = read_tracker_file(str(shared_data / "fit" / "garmin-vivosmart-hr.fit"))
    assert vivo.status == "failed" and dict(vivo.reasons) == {"no_position": 15} and "position" in vivo.message
    rel = read_tracker_file(str(shared_data / "fit" / "compressed-speed-distance.fit"))
    assert rel.status == "failed" and dict(rel.reasons) == {"bad_time": 755}
    assert "no absolute time" in rel.message and rel.participant == "1215347"


# A minimal FIT writer for synthetic files (little-endian definition + data messages, CRC 0).
FIT_EPOCH = 631065600


def _fit(messages, chained: int = 1) -> bytes:
    body = b""
    for local, (glob, fields, rows) in enumerate(messages):
        body += struct.pack("<BBBHB", 0x40 | local, 0, 0, glob, len(fields))
        for num, fmt, base in fields:
            body += struct.pack("<BBB", num, struct.calcsize("<" + fmt), base)
        for row in rows:
            body += struct.pack("<B", local) + b"".join(struct.pack("<" + f, v) for (_, f, _), v in zip(fields, row))
    one = struct.pack("<BBHI4sH", 14, 0x20, 2093, len(body), b".FIT", 0) + body + b"\x00\x00"
    return one * chained


FILE_ID = (0, [(0, "B", 0x00), (3, "I", 0x8C)], [(4, 12345678)])
REC_FIELDS = [(253, "I", 0x86), (0, "i", 0x85), (1, "i", 0x85), (2, "H", 0x84), (6, "H", 0x84)]
SEMI = 2 ** 31 / 180


def _rec(t, lat, lon, alt_m=12.0, speed=1.5):
    la = 0x7FFFFFFF if lat is None else int(round(lat * SEMI))
    lo = 0x7FFFFFFF if lon is None else int(round(lon * SEMI))
    return (t, la, lo, int(round((alt_m + 500) * 5)), int(round(speed * 1000)))


def test_fit_synthetic_positions_units_and_missing_position(tmp_path):
    t0 = int(utc("2021-06-01T08:00:00Z")) - FIT_EPOCH
    recs = [_rec(t0, 55.3959, 10.3883), _rec(t0 + 1, None, None), _rec(t0 + 2, 55.3960, 10.3884, 15.0, 2.0)]
    p = tmp_path / "a.fit"
    p.write_bytes(_fit([FILE_ID, (20, REC_FIELDS, recs)]))
    res = read_tracker_file(str(p))
    check_invariant(res)
    assert (res.fixes_read, res.fixes_kept, dict(res.reasons)) == (3, 2, {"no_position": 1})
    assert res.participant == "12345678"
    assert res.fixes.time_s.tolist() == [utc("2021-06-01T08:00:00Z"), utc("2021-06-01T08:00:02Z")]
    assert res.fixes.lat.tolist() == pytest.approx([55.3959, 55.3960], abs=1e-7)
    assert res.fixes.ele_m.tolist() == pytest.approx([12.0, 15.0]) and res.fixes.speed_mps.tolist() == [1.5, 2.0]
    assert res.fixes.source.tolist() == ["a.fit:record 1", "a.fit:record 3"]


def test_fit_synthetic_relative_time_resolved_by_correlation(tmp_path):
    t_abs = int(utc("2021-06-01T08:00:00Z")) - FIT_EPOCH
    corr = (162, [(253, "I", 0x86), (1, "I", 0x86)], [(t_abs, 1000)])  # device second 1000 = 08:00:00Z
    recs = [_rec(1000, 55.39, 10.38), _rec(1060, 55.40, 10.39)]
    p = tmp_path / "rel.fit"
    p.write_bytes(_fit([FILE_ID, corr, (20, REC_FIELDS, recs)]))
    res = read_tracker_file(str(p))
    assert res.fixes.time_s.tolist() == [utc("2021-06-01T08:00:00Z"), utc("2021-06-01T08:01:00Z")]
    p2 = tmp_path / "rel_nocorr.fit"
    p2.write_bytes(_fit([FILE_ID, (20, REC_FIELDS, recs)]))
    res2 = read_tracker_file(str(p2))
    assert res2.status == "failed" and dict(res2.reasons) == {"bad_time": 2} and "no absolute time" in res2.message


def test_fit_synthetic_chained_and_truncated(tmp_path):
    t0 = int(utc("2021-06-01T08:00:00Z")) - FIT_EPOCH
    one = _fit([FILE_ID, (20, REC_FIELDS, [_rec(t0, 55.39, 10.38), _rec(t0 + 5, 55.391, 10.381)])])
    second = _fit([FILE_ID, (20, REC_FIELDS, [_rec(t0 + 10, 55.392, 10.382), _rec(t0 + 15, 55.393, 10.383)])])
    p = tmp_path / "chain.fit"
    p.write_bytes(one + second)
    res = read_tracker_file(str(p))
    assert res.fixes_kept == 4 and "2 FIT files chained" in res.message
    cut = tmp_path / "cut.fit"
    cut.write_bytes((one + second)[: len(one) + len(second) - 2 - 10])  # mid-way through the last record
    res2 = read_tracker_file(str(cut))
    assert res2.fixes_kept == 3 and res2.fixes.time_s[-1] == utc("2021-06-01T08:00:10Z")
    assert "truncated or corrupt" in res2.message
    junk = tmp_path / "junk.fit"
    junk.write_bytes(one[:14] + b"\xff" * 40)
    res3 = read_tracker_file(str(junk))
    assert res3.status == "failed" and "corrupt" in res3.message


def test_fit_without_fitdecode_says_so(tmp_path, shared_data, monkeypatch):
    monkeypatch.setitem(sys.modules, "fitdecode", None)  # import fitdecode → ImportError
    res = read_tracker_file(str(shared_data / "fit" / "garmin-oregon-700.fit"))
    assert res.status == "failed" and "fitdecode" in res.message and "not installed" in res.message


# --------------------------------------------------------------------------------- Takeout


def test_takeout_semantic_location_history(shared_data):
    path = shared_data / "json" / "googletakeout_2013_JUNE.json"
    objs = json.loads(path.read_text())["timelineObjects"]
    visits = [o["placeVisit"] for o in objs if "placeVisit" in o]
    segs = [o["activitySegment"] for o in objs if "activitySegment" in o]
    assert (len(visits), len(segs)) == (60, 167)  # MANIFEST
    no_centre = sum(1 for v in visits if "centerLatE7" not in v)
    visit_raw = sum(len((v.get("simplifiedRawPath") or {}).get("points", [])) for v in visits)
    seg_raw = sum(len((s.get("simplifiedRawPath") or {}).get("points", [])) for s in segs)
    waypoints = sum(len((s.get("waypointPath") or {}).get("waypoints", [])) for s in segs)
    empty_ends = sum(("latitudeE7" not in s["startLocation"]) + ("latitudeE7" not in s["endLocation"]) for s in segs)
    res = read_tracker_file(str(path))
    check_invariant(res)
    assert res.format == "google-takeout"
    assert res.fixes_read == 2 * len(visits) + visit_raw + 2 * len(segs) + seg_raw + waypoints
    assert no_centre == 2 and res.reasons["no_position"] == 2 * no_centre + empty_ends
    assert res.reasons["no_time"] == waypoints  # waypointPath points carry no time
    assert res.fixes.time_s[0] == utc("2013-06-01T16:06:54.349Z")
    assert res.fixes.time_s[-1] == utc("2013-06-19T22:52:34.023Z")
    # first visit: centre 374279703, -1221400046 at its start and its end time
    v = visits[0]
    at = np.isclose(res.fixes.lat, 37.4279703) & np.isclose(res.fixes.lon, -122.1400046)
    assert {utc(v["duration"]["startTimestamp"]), utc(v["duration"]["endTimestamp"])} <= set(res.fixes.time_s[at].tolist())
    assert res.fixes.lon[0] == -122.1401737  # exact E7 division


def test_takeout_records_json_variants(tmp_path):
    doc = {"locations": [
        {"latitudeE7": 553959000, "longitudeE7": 103883000, "timestampMs": "1622534400000", "altitude": 12},
        {"latitudeE7": 553960000, "longitudeE7": 4294967296 - 1221401737, "timestamp": "2021-06-01T08:00:10.5Z"},
        {"latitudeE7": 553961000, "longitudeE7": 103885000},                      # no_time
        {"timestampMs": "1622534420000"},                                          # no_position
        {"latitudeE7": 553962000, "longitudeE7": 103886000, "timestamp": "soon"},  # bad_time
    ]}
    p = tmp_path / "Records.json"
    p.write_text(json.dumps(doc))
    res = read_tracker_file(str(p))
    check_invariant(res)
    assert res.fixes_read == 5 and dict(res.reasons) == {"no_time": 1, "no_position": 1, "bad_time": 1}
    assert res.fixes.time_s.tolist() == [utc("2021-06-01T08:00:00Z"), utc("2021-06-01T08:00:10.5Z")]
    assert res.fixes.lat[0] == 55.3959 and res.fixes.lon[1] == -122.1401737 and res.fixes.ele_m[0] == 12


def test_takeout_visit_without_centre_and_timestamp_ms(tmp_path):
    doc = {"timelineObjects": [
        {"placeVisit": {"location": {"latitudeE7": 553959000, "longitudeE7": 103883000},
                        "duration": {"startTimestampMs": "1622534400000", "endTimestampMs": "1622538000000"}}},
        {"placeVisit": {"centerLatE7": 553959000, "centerLngE7": 103883000,
                        "duration": {"startTimestamp": "2021-06-01T10:00:00Z", "endTimestamp": "2021-06-01T11:00:00Z"}}},
    ]}
    p = tmp_path / "2021_JUNE.json"
    p.write_text(json.dumps(doc))
    res = read_tracker_file(str(p))
    assert dict(res.reasons) == {"no_position": 2} and res.fixes_kept == 2
    assert res.fixes.time_s.tolist() == [utc("2021-06-01T10:00:00Z"), utc("2021-06-01T11:00:00Z")]


def test_takeout_broken_json_fails_cleanly(tmp_path):
    p = tmp_path / "cut.json"
    p.write_text('{"timelineObjects": [{"placeVisit": {"centerLatE7": 5539')
    res = read_tracker_file(str(p))
    assert res.status == "failed" and "JSON" in res.message
