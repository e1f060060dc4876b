"""CSV/TSV logger exports through ``read_tracker_file``: real files, the CSV cases, synthetic faults.

Reference values are read off the raw files (line numbers given) or computed by hand in the
test, never taken from the reader's own output.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from trampesti.core.readers import ReaderOptions, read_tracker_file


def utc(s: str) -> float:
    """Epoch seconds of an ISO text with an explicit zone."""
    return dt.datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()


def check_invariant(res) -> None:
    assert res.fixes_read == res.fixes_kept + sum(res.reasons.values())
    fx = res.fixes
    assert len(fx.time_s) == len(fx.lat) == len(fx.source) == len(fx.participant)
    if len(fx):
        assert np.all(np.diff(fx.time_s) >= 0) or len(set(fx.participant.tolist())) > 1
        assert np.all(np.isfinite(fx.lat)) and np.all(np.isfinite(fx.lon)) and np.all(np.isfinite(fx.time_s))


def row_at(res, source: str) -> int:
    idx = np.nonzero(res.fixes.source == source)[0]
    assert idx.size == 1, f"{source} not kept exactly once"
    return int(idx[0])


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> str:
    p = tmp_path / name
    p.write_bytes(text.encode(encoding))
    return str(p)


# ---------------------------------------------------------------------------------- real files


def test_mtk_logger_units_in_values_ns_columns_and_no_fix_rows(shared_data):
    path = shared_data / "csv" / "mtk_logger.csv"
    raw = path.read_text().splitlines()[1:]
    no_fix_rows = sum(1 for ln in raw if ",No fix," in ln)
    assert no_fix_rows == 14  # MANIFEST: 14 "No fix" rows that still carry coordinates
    res = read_tracker_file(str(path))
    check_invariant(res)
    assert res.format == "csv" and res.status == "partial"
    assert res.fixes_read == 817 and res.fixes_kept == 803
    assert dict(res.reasons) == {"no_fix": 14}
    # first valid row: line 14 "13,D,2008/01/27,14:14:35.000,SPS,57.707240,N,11.967281,E,22.480 m,4.329 km/h,...,6(9)"
    assert res.fixes.time_s[0] == pytest.approx(utc("2008-01-27T14:14:35Z"))
    assert res.fixes.time_s[-1] == pytest.approx(utc("2008-01-27T15:21:20Z"))  # line 816, row 815
    i = row_at(res, "mtk_logger.csv:14")
    assert (res.fixes.lat[i], res.fixes.lon[i]) == pytest.approx((57.707240, 11.967281))
    assert res.fixes.ele_m[i] == pytest.approx(22.480)
    assert res.fixes.speed_mps[i] == pytest.approx(4.329 / 3.6)
    assert res.fixes.sats[i] == 6
    assert res.used_timezone is False and "read as UTC" in res.message


def test_mtk_logger_with_timezone_shifts_naive_times(shared_data):
    res = read_tracker_file(str(shared_data / "csv" / "mtk_logger.csv"), ReaderOptions(timezone="Europe/Stockholm"))
    assert res.used_timezone is True
    assert res.fixes.time_s[0] == pytest.approx(utc("2008-01-27T13:14:35Z"))  # CET = UTC+1 in January
    assert "TIMEZONE" in res.message


def test_columbus_v900_suffix_hemispheres_yymmdd_and_out_of_order_chunks(shared_data):
    path = shared_data / "csv" / "v900_advanced_mode.csv"
    assert b"\x00" in path.read_bytes()  # NUL padding in the fields
    res = read_tracker_file(str(path))
    check_invariant(res)
    assert (res.fixes_read, res.fixes_kept, dict(res.reasons)) == (21, 21, {})
    assert res.fixes.time_s[0] == pytest.approx(utc("2009-02-04T06:26:22Z"))
    assert res.fixes.time_s[-1] == pytest.approx(utc("2009-02-04T06:38:26Z"))
    assert "backwards 1 times" in res.message  # 2419–2424 come before 1705–1719
    # line 2: "2419,T,090204,063821,31.769598N,035.208829E,787,20,..., HDOP 1.1"; speed in km/h
    i = row_at(res, "v900_advanced_mode.csv:2")
    assert (res.fixes.lat[i], res.fixes.lon[i]) == pytest.approx((31.769598, 35.208829))
    assert res.fixes.time_s[i] == pytest.approx(utc("2009-02-04T06:38:21Z"))
    assert res.fixes.ele_m[i] == 787 and res.fixes.hdop[i] == pytest.approx(1.1)
    assert res.fixes.speed_mps[i] == pytest.approx(20 / 3.6)
    assert res.fixes.source[0] == "v900_advanced_mode.csv:8"  # earliest time is INDEX 1705


def test_garmin_g1000_local_time_plus_offset_feet_and_knots(shared_data):
    res = read_tracker_file(str(shared_data / "csv" / "garmin_g1000.csv"))
    check_invariant(res)
    assert (res.fixes_read, res.fixes_kept, dict(res.reasons)) == (442, 442, {})
    assert res.fixes.time_s[0] == pytest.approx(utc("2014-03-29T22:50:22Z"))
    assert res.fixes.time_s[-1] == pytest.approx(utc("2014-03-29T22:57:57Z"))
    assert res.used_timezone is False  # UTCOfst column gives the zone
    # line 4: "2014-03-29, 22:50:22, +00:00, , 40.2171326, -111.7177124, 4517.8 (AltB), 29.96, 4503.9 (AltMSL ft), .., GndSpd 3.50 kt"
    assert res.fixes.source[0] == "garmin_g1000.csv:4"
    assert (res.fixes.lat[0], res.fixes.lon[0]) == pytest.approx((40.2171326, -111.7177124))
    assert res.fixes.ele_m[0] == pytest.approx(4503.9 * 0.3048)
    assert res.fixes.speed_mps[0] == pytest.approx(3.50 * 1852 / 3600, rel=1e-4)


def test_google_trajectory_semicolon_reverse_order(shared_data):
    res = read_tracker_file(str(shared_data / "csv" / "trackintel_google_trajectory.csv"))
    check_invariant(res)
    assert (res.fixes_read, res.fixes_kept, dict(res.reasons)) == (416, 416, {})
    assert res.participant == "1"  # user_id column
    assert res.fixes.time_s[0] == pytest.approx(utc("2012-12-18T11:53:30Z"))
    assert res.fixes.time_s[-1] == pytest.approx(utc("2012-12-18T21:30:35Z"))
    assert res.fixes.source[0] == "trackintel_google_trajectory.csv:417"  # last line = earliest
    assert (res.fixes.lat[0], res.fixes.lon[0]) == pytest.approx((47.3661502, 8.5493352))
    assert "sorted" in res.message


def test_posmo_lon_first_naive_nanoseconds(shared_data):
    path = shared_data / "csv" / "trackintel_posmo_trajectory.csv"
    res = read_tracker_file(str(path))
    check_invariant(res)
    assert (res.fixes_read, res.fixes_kept, dict(res.reasons)) == (1327, 1327, {})
    # longitude;latitude order: compare with the columns split by hand (user_id;longitude;latitude;...)
    cells = [ln.split(";") for ln in path.read_text().splitlines()[1:]]
    ref = {f"trackintel_posmo_trajectory.csv:{k + 2}": (float(c[2]), float(c[1])) for k, c in enumerate(cells)}
    got = {s: (la, lo) for s, la, lo in zip(res.fixes.source, res.fixes.lat, res.fixes.lon)}
    assert got == ref
    assert 46.5 < res.fixes.lat.min() and res.fixes.lat.max() < 47.06  # MANIFEST: Lausanne–Neuchâtel
    i = row_at(res, "trackintel_posmo_trajectory.csv:2")  # 0;7.0389004;47.0516249;0.0;2019-01-25 20:00:16.178999901
    assert (res.fixes.lat[i], res.fixes.lon[i]) == pytest.approx((47.0516249, 7.0389004))
    assert res.fixes.time_s[i] == pytest.approx(utc("2019-01-25T20:00:16Z") + 0.178999901, abs=1e-6)
    assert res.fixes.time_s[-1] == pytest.approx(utc("2019-01-25T20:52:13Z"))
    zurich = read_tracker_file(str(path), ReaderOptions(timezone="Europe/Zurich"))
    assert zurich.used_timezone is True
    assert zurich.fixes.time_s[0] == pytest.approx(res.fixes.time_s[0] - 3600.0)


@pytest.mark.parametrize("name, n, first, last", [
    ("duplicate_fixes_inside_stay.csv", 7, "2021-06-01T08:00:00Z", "2021-06-01T08:11:00Z"),
    ("stay_at_end_of_track.csv", 13, "2021-06-01T08:00:00Z", "2021-06-01T08:19:00Z"),
    ("staypoint_duration_below_threshold.csv", 5, "2021-06-01T08:00:00Z", "2021-06-01T08:07:00Z"),
])
def test_cases_csv(shared_data, name, n, first, last):
    path = shared_data / "cases" / name
    lines = path.read_text().splitlines()
    res = read_tracker_file(str(path))
    check_invariant(res)
    assert res.fixes_read == n == len(lines) - 1
    dup = len(lines[1:]) - len(set(lines[1:]))  # exact duplicate rows, counted by hand
    assert res.reasons.get("duplicate", 0) == dup and res.fixes_kept == n - dup
    assert res.participant == "1"
    assert res.fixes.time_s[0] == pytest.approx(utc(first))
    assert res.fixes.time_s[-1] == pytest.approx(utc(last))
    cells = lines[1].split(",")
    assert (res.fixes.lat[0], res.fixes.lon[0]) == pytest.approx((float(cells[2]), float(cells[3])))


def test_duplicate_inside_stay_keeps_segment_and_dwell(shared_data):
    res = read_tracker_file(str(shared_data / "cases" / "duplicate_fixes_inside_stay.csv"))
    # 08:00, 08:03, 08:03 (other position), 08:09, 08:10, 08:11: the 6-min gap (> 300 s) starts segment 2;
    # dwell = half of each gap to a neighbour, gaps capped at 300 s
    assert res.fixes_kept == 6 and res.fixes.segment.tolist() == [1, 1, 1, 2, 2, 2]
    assert res.fixes.dwell_s.tolist() == [90.0, 90.0, 150.0, 180.0, 60.0, 30.0]


def test_heatmap_points_table_is_not_a_tracker_file(shared_data):
    res = read_tracker_file(str(shared_data / "cases" / "heatmap_points_epsg25832.csv"))
    assert res.status == "failed" and res.fixes_read == 0
    assert "latitude/longitude" in res.message and "x/y" in res.message


def test_geolife_labels_file_is_reported_not_a_track(shared_data):
    res = read_tracker_file(str(shared_data / "plt" / "geolife_010_labels.txt"))
    assert res.status == "failed" and "labels" in res.message


# ------------------------------------------------------------------------------- synthetic files


def test_xy_columns_in_degrees_with_times_are_a_track(tmp_path):
    p = write(tmp_path, "export.csv", "fid,X,Y,time_utc\n1,10.3883,55.3959,2021-06-01 08:00:00\n2,10.3884,55.396,2021-06-01 08:00:05\n")
    res = read_tracker_file(p)
    assert res.fixes_kept == 2 and (res.fixes.lat[0], res.fixes.lon[0]) == (55.3959, 10.3883)
    assert "x/y" in res.message and res.used_timezone is False  # column name says UTC
    projected = write(tmp_path, "proj.csv", "id,x,y,time\n1,587800,6140600,2021-06-01T08:00:00Z\n")
    assert read_tracker_file(projected).status == "failed"


@pytest.mark.parametrize("sep", ["\t", "|"])
def test_tsv_and_pipe_iso_z(tmp_path, sep):
    p = write(tmp_path, "a.tsv", sep.join(["timestamp", "latitude", "longitude", "elevation"]) + "\n" +
              sep.join(["2021-06-01T08:00:00Z", "55.3959", "10.3883", "12.5"]) + "\n" +
              sep.join(["2021-06-01T08:00:10Z", "55.3960", "10.3884", "13"]) + "\n")
    res = read_tracker_file(p)
    check_invariant(res)
    assert res.fixes_kept == 2 and res.fixes.time_s[1] == utc("2021-06-01T08:00:10Z")
    assert res.fixes.ele_m.tolist() == [12.5, 13.0] and res.fixes.source.tolist() == ["a.tsv:2", "a.tsv:3"]


@pytest.mark.parametrize("header, scale", [("time_ms", 1000), ("timestamp", 1000), ("unix_time", 1)])
def test_epoch_columns(tmp_path, header, scale):
    t0 = utc("2021-06-01T08:00:00Z")
    p = write(tmp_path, "e.csv", f"{header},lat,lon\n{int(t0 * scale)},55.39,10.38\n{int((t0 + 5) * scale)},55.391,10.381\n")
    res = read_tracker_file(p)
    assert res.fixes_kept == 2 and res.fixes.time_s.tolist() == [t0, t0 + 5]


def test_ns_ew_columns_and_suffixes_south_west(tmp_path):
    p = write(tmp_path, "h.csv", "date,time,latitude,n/s,longitude,e/w\n"
              "2021/06/01,08:00:00,33.5,S,70.25,W\n2021/06/01,08:00:05,33.6,N,70.35,E\n")
    res = read_tracker_file(p)
    assert res.fixes.lat.tolist() == [-33.5, 33.6] and res.fixes.lon.tolist() == [-70.25, 70.35]
    p2 = write(tmp_path, "s.csv", "time,lat,lon\n2021-06-01T08:00:00Z,33.5S,070.25W\n2021-06-01T08:00:01Z,N55 23.754,E10 23.298\n")
    res2 = read_tracker_file(p2)
    assert res2.fixes.lat[0] == -33.5 and res2.fixes.lon[0] == -70.25
    assert res2.fixes.lat[1] == pytest.approx(55 + 23.754 / 60) and res2.fixes.lon[1] == pytest.approx(10 + 23.298 / 60)


def test_mapping_overrides_detection(tmp_path):
    p = write(tmp_path, "m.csv", "Breite;Laenge;Zeitpunkt;Wer\n55,3959;10,3883;2021-06-01 08:00:00;kim\n"
              "55,3960;10,3884;2021-06-01 08:00:30;kim\n")
    plain = read_tracker_file(p)
    assert plain.status == "failed" and "Breite" in plain.message  # not guessable: columns listed
    opts = ReaderOptions(csv_mapping={"lat": "Breite", "lon": "laenge", "time": "Zeitpunkt", "participant": "Wer"})
    res = read_tracker_file(p, opts)
    check_invariant(res)
    assert res.fixes_kept == 2 and res.participant == "kim"
    assert res.fixes.lat.tolist() == [55.3959, 55.396]  # decimal commas
    assert res.fixes.time_s[1] == utc("2021-06-01T08:00:30Z")
    bad = read_tracker_file(p, ReaderOptions(csv_mapping={"lat": "nope", "lon": "Laenge"}))
    assert bad.status == "failed" and "nope" in bad.message


@pytest.mark.parametrize("text", [
    'time,position\n2021-06-01T08:00:00Z,"55.39,10.38"\n2021-06-01T08:01:00Z,"55.40,10.39"\n',
    "tid;position\n2021-06-01T08:00:00Z;55.39,10.38\n2021-06-01T08:01:00Z;55.40,10.39\n",
    "time\tlat/lon\n2021-06-01T08:00:00Z\t55.39 10.38\n2021-06-01T08:01:00Z\t55.40 10.39\n",
    'time,geometry\n2021-06-01T08:00:00Z,POINT (10.38 55.39)\n2021-06-01T08:01:00Z,POINT (10.39 55.40)\n',
])
def test_lat_lon_in_one_column(tmp_path, text):
    res = read_tracker_file(write(tmp_path, "one.csv", text))
    assert res.fixes_kept == 2
    assert res.fixes.lat.tolist() == [55.39, 55.40] and res.fixes.lon.tolist() == [10.38, 10.39]


def test_mapping_same_column_for_lat_and_lon(tmp_path):
    p = write(tmp_path, "pair.csv", 'when;where\n2021-06-01T08:00:00Z;55.39,10.38\n')
    res = read_tracker_file(p, ReaderOptions(csv_mapping={"lat": "where", "lon": "where", "time": "when"}))
    assert (res.fixes.lat[0], res.fixes.lon[0]) == (55.39, 10.38)


def test_naive_times_use_timezone_with_dst(tmp_path):
    p = write(tmp_path, "n.csv", "time,lat,lon\n2021-06-01 08:00:00,55.39,10.38\n2021-01-15 08:00:00,55.39,10.38\n")
    res = read_tracker_file(p, ReaderOptions(timezone="Europe/Copenhagen"))
    assert res.used_timezone is True
    assert sorted(res.fixes.time_s.tolist()) == [utc("2021-01-15T07:00:00Z"), utc("2021-06-01T06:00:00Z")]
    fixed = read_tracker_file(p, ReaderOptions(timezone="+05:30"))
    assert fixed.fixes.time_s[0] == utc("2021-01-15T02:30:00Z")
    zoned = write(tmp_path, "z.csv", "time,lat,lon\n2021-06-01T08:00:00+02:00,55.39,10.38\n")
    r2 = read_tracker_file(zoned, ReaderOptions(timezone="America/New_York"))
    assert r2.used_timezone is False and r2.fixes.time_s[0] == utc("2021-06-01T06:00:00Z")


def test_offset_column_and_european_dates(tmp_path):
    p = write(tmp_path, "o.csv", "Lcl Date, Lcl Time, UTCOfst, Latitude, Longitude\n"
              " 01.06.2021, 08:00:00, +02:00, 55.39, 10.38\n 13.06.2021, 08:00:00, -0130, 55.39, 10.38\n")
    res = read_tracker_file(p, ReaderOptions(timezone="Asia/Tokyo"))  # must be ignored: zone is given
    assert res.used_timezone is False
    assert res.fixes.time_s.tolist() == [utc("2021-06-01T06:00:00Z"), utc("2021-06-13T09:30:00Z")]
    us = write(tmp_path, "us.csv", "date,time,lat,lon\n06/13/2021,8:00:00 PM,55.39,10.38\n")
    assert read_tracker_file(us).fixes.time_s[0] == utc("2021-06-13T20:00:00Z")


def test_units_in_header_feet_kmh_mph(tmp_path):
    p = write(tmp_path, "u.csv", "time,lat,lon,Altitude (ft),speed_kmh\n2021-06-01T08:00:00Z,55.39,10.38,100,36\n")
    res = read_tracker_file(p)
    assert res.fixes.ele_m[0] == pytest.approx(30.48) and res.fixes.speed_mps[0] == pytest.approx(10.0)
    p2 = write(tmp_path, "v.csv", "time,lat,lon,alt,speed\n2021-06-01T08:00:00Z,55.39,10.38,328 ft,10 mph\n")
    res2 = read_tracker_file(p2)
    assert res2.fixes.ele_m[0] == pytest.approx(328 * 0.3048) and res2.fixes.speed_mps[0] == pytest.approx(4.4704)
    p3 = write(tmp_path, "w.csv", "time,lat,lon,ele,speed\n2021-06-01T08:00:00Z,55.39,10.38,12,1.5\n")
    res3 = read_tracker_file(p3)  # no unit: metres and m/s
    assert res3.fixes.ele_m[0] == 12 and res3.fixes.speed_mps[0] == 1.5


def test_several_participants_keep_their_rows(tmp_path):
    p = write(tmp_path, "group.csv", "user_id,tracked_at,latitude,longitude\n"
              "a,2021-06-01T08:00:00Z,55.39,10.38\nb,2021-06-01T08:00:00Z,55.39,10.38\n"
              "a,2021-06-01T08:01:00Z,55.391,10.381\n")
    res = read_tracker_file(p)
    check_invariant(res)
    assert res.fixes_kept == 3 and dict(res.reasons) == {}  # same time+place, other person: no duplicate
    assert sorted(res.fixes.participant.tolist()) == ["a", "a", "b"]
    assert res.participant == "group"  # the report row falls back to the file stem
    assert res.fixes.segment.tolist() == [1, 1, 1] and res.fixes.dwell_s.tolist() == [30.0, 30.0, 0.0]
    by_file = read_tracker_file(p, ReaderOptions(participant_key="file"))
    assert set(by_file.fixes.participant.tolist()) == {"group"}


def test_row_id_column_is_not_a_participant(tmp_path):
    p = write(tmp_path, "ids.csv", "id,time,lat,lon\n1,2021-06-01T08:00:00Z,55.39,10.38\n2,2021-06-01T08:00:05Z,55.39,10.38\n"
              "3,2021-06-01T08:00:10Z,55.39,10.38\n")
    res = read_tracker_file(p)
    assert res.participant == "ids" and set(res.fixes.participant.tolist()) == {"ids"}


def test_logger_oddities_together(tmp_path):
    text = ("# exported by SomeLogger 1.2\n# device=XYZ\n"
            "INDEX, DATE, TIME, VALID, LATITUDE, N/S, LONGITUDE, E/W, HEIGHT, SPEED,\n"
            "4, 2021/06/01, 08:00:30.000, SPS, 55.39600, N, 10.38900, E, 12.0 m, 3.6 km/h,\n"
            "3, 2021/06/01, 08:00:20.000, No fix, 55.39500, N, 10.38800, E, 12.0 m, 0.0 km/h,\n"
            "\n"
            "2, 2021/06/01, 08:00:10.000, SPS, 55.39400, N, 10.38700, E, 11.0 m, 7.2 km/h,\n"
            "INDEX, DATE, TIME, VALID, LATITUDE, N/S, LONGITUDE, E/W, HEIGHT, SPEED,\n"
            "1, 2021/06/01, 08:00:00.000, SPS, 55.39300, N, 10.38600, E, 10.0 m, 0.0 km/h,\n")
    res = read_tracker_file(write(tmp_path, "log.csv", text))
    check_invariant(res)
    assert res.fixes_read == 4 and res.fixes_kept == 3 and dict(res.reasons) == {"no_fix": 1}
    assert res.fixes.lat.tolist() == [55.393, 55.394, 55.396]
    assert res.fixes.speed_mps.tolist() == pytest.approx([0.0, 2.0, 1.0])
    assert res.fixes.source.tolist() == ["log.csv:9", "log.csv:7", "log.csv:4"]


def test_every_row_accounted_for(tmp_path):
    text = ("time,lat,lon,fix\n"
            "2021-06-01T08:00:00Z,55.39,10.38,3D\n"   # kept
            "not a time,55.39,10.38,3D\n"             # bad_time
            ",55.39,10.38,3D\n"                       # no_time
            "2021-06-01T08:00:02Z,,,3D\n"             # no_fix (empty position)
            "2021-06-01T08:00:03Z,abc,10.38,3D\n"     # parse_error
            "2021-06-01T08:00:04Z\n"                  # parse_error (short row)
            "2021-06-01T08:00:05Z,0,0,3D\n"           # zero_coords
            "2021-06-01T08:00:06Z,95.0,10.38,3D\n"    # out_of_range
            "2021-06-01T08:00:07Z,55.39,10.38,none\n"  # no_fix (status column)
            "1999-06-01T08:00:00Z,55.39,10.38,3D\n"   # bad_time (before 2000)
            "2021-06-01T08:00:00Z,55.39,10.38,3D\n")  # duplicate
    res = read_tracker_file(write(tmp_path, "faults.csv", text))
    check_invariant(res)
    assert res.fixes_read == 11 and res.fixes_kept == 1
    assert dict(res.reasons) == {"bad_time": 2, "no_time": 1, "no_fix": 2, "parse_error": 2,
                                 "zero_coords": 1, "out_of_range": 1, "duplicate": 1}


def test_yymmdd_hhmmss_and_compact_dates(tmp_path):
    p = write(tmp_path, "c.csv", "DATE,TIME,LAT,LON\n210601,080000,55.39,10.38\n20210601,080005,55.39,10.38\n")
    res = read_tracker_file(p)
    assert res.fixes.time_s.tolist() == [utc("2021-06-01T08:00:00Z"), utc("2021-06-01T08:00:05Z")]


def test_latitude_e7_columns_and_utf8_bom(tmp_path):
    p = write(tmp_path, "e7.csv", "\ufefftimestampMs,latitudeE7,longitudeE7\n1622534400000,553959000,103883000\n")
    res = read_tracker_file(p)
    assert (res.fixes.lat[0], res.fixes.lon[0]) == (55.3959, 10.3883) and res.fixes.time_s[0] == utc("2021-06-01T08:00:00Z")


def test_headerless_and_no_time_column(tmp_path):
    res = read_tracker_file(write(tmp_path, "nohdr.csv", "55.39,10.38,2021-06-01T08:00:00Z\n55.40,10.39,2021-06-01T08:00:01Z\n"))
    assert res.status == "failed" and "header" in res.message
    res2 = read_tracker_file(write(tmp_path, "notime.csv", "lat,lon\n55.39,10.38\n55.40,10.39\n"))
    assert res2.status == "failed" and dict(res2.reasons) == {"no_time": 2} and "no time column" in res2.message


def test_latin1_and_utf16_files(tmp_path):
    text = "tid;breddegrad;længdegrad;højde\n2021-06-01T08:00:00Z;55.39;10.38;12\n"
    for enc in ("latin-1", "utf-16"):
        res = read_tracker_file(write(tmp_path, f"dk-{enc}.csv", text, enc))
        assert res.fixes_kept == 1 and res.fixes.ele_m[0] == 12


def test_logger_export_speed_without_a_unit_is_km_per_h(tmp_path):
    """MTK / Holux / Qstarz exports (INDEX, separate N/S and E/W columns) write SPEED in km/h
    with no unit; a plain CSV's bare speed stays m/s."""
    p = write(tmp_path, "q.csv", "INDEX,UTC DATE,UTC TIME,LATITUDE,N/S,LONGITUDE,E/W,ALTITUDE,SPEED\r\n"
                                 "1,2014/09/01,06:00:19,55.406152,N,10.391162,E,13.1,4.5\r\n")
    res = read_tracker_file(p)
    assert res.fixes.speed_mps[0] == pytest.approx(4.5 / 3.6)
    p2 = write(tmp_path, "plain.csv", "time,lat,lon,speed\n2021-06-01T08:00:00Z,55.39,10.38,1.5\n")
    assert read_tracker_file(p2).fixes.speed_mps[0] == pytest.approx(1.5)
