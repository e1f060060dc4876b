"""GPX reader: real files (MANIFEST.md), the cases of CASES.md, gpxpy as reference, variants."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

gpxpy = pytest.importorskip("gpxpy")

from trampesti.core.definitions import TrackFormat  # noqa: E402
from trampesti.core.readers import ReaderOptions, detect_format, gpx, read_tracker_file  # noqa: E402

from .gpx_reference import gpxpy_points, micro, our_points  # noqa: E402

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


def utc(s: str) -> float:
    """ISO text with Z → epoch seconds (via datetime, independent of the reader)."""
    d = dt.datetime.fromisoformat(s.replace("Z", "+00:00"))
    return (d - EPOCH).total_seconds()


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> str:
    p = tmp_path / name
    p.write_bytes(text.encode(encoding))
    return str(p)


# ---------------------------------------------------------------- real files (MANIFEST.md)

# file, fixes_read, fixes_kept, reasons, first_utc, last_utc, (lat, lon) of the first kept fix
REAL = [
    ("304_to_UL_2019-02-18_0745.gpx", 2144, 2144, {}, "2019-02-18T07:45:50Z", "2019-02-18T09:00:26Z",
     (52.6291510, -8.6617460)),
    ("Mojstrovka.gpx", 184, 0, {"bad_time": 184}, None, None, None),
    ("around-visnjan-with-car.gpx", 104, 104, {}, "2020-12-18T06:15:50Z", "2020-12-18T06:24:24Z",
     (45.2735188510, 13.7142099626)),
    ("cerknicko-without-times.gpx", 296, 5, {"no_time": 291}, "2010-08-05T16:22:52Z",
     "2010-08-05T16:23:49Z", None),
    ("garmin_xt_strk.gpx", 958, 794, {"duplicate": 164}, "2010-05-28T18:55:34Z", "2010-05-29T11:42:30Z",
     (51.434061527, -0.928022861)),
    ("globalsat_gh625XT.gpx", 174, 174, {}, "2016-01-15T20:58:59Z", None, (55.718995, 13.194068)),
    ("korita-zbevnica.gpx", 871, 513, {"no_time": 358}, "2010-10-03T09:36:30Z", "2010-10-03T13:19:31Z",
     None),
    ("track-with-less-sec-time.gpx", 2, 2, {}, "2015-12-11T14:43:13Z", "2015-12-11T14:43:13.994Z",
     (57.011456, 9.992872)),
]


@pytest.mark.parametrize("fname,n_read,n_kept,reasons,first,last,coord", REAL, ids=[r[0] for r in REAL])
def test_real_gpx_matches_manifest(shared_data, fname, n_read, n_kept, reasons, first, last, coord):
    path = shared_data / "gpx" / fname
    res = read_tracker_file(str(path), ReaderOptions())
    assert res.format == TrackFormat.GPX.value
    # fixes_read counted independently: the number of <trkpt> gpxpy finds
    g = gpxpy.parse(path.read_text(encoding="utf-8"))
    n_trkpt = sum(len(s.points) for t in g.tracks for s in t.segments)
    assert res.fixes_read == n_read == n_trkpt
    assert res.fixes_kept == n_kept
    assert dict(res.reasons) == reasons
    assert res.fixes_read == res.fixes_kept + sum(res.reasons.values())
    if first is not None:
        assert res.fixes.time_s[0] == pytest.approx(utc(first), abs=1e-6)
    if last is not None:
        assert res.fixes.time_s[-1] == pytest.approx(utc(last), abs=1e-6)
    if coord is not None:
        assert (res.fixes.lat[0], res.fixes.lon[0]) == coord
    if n_kept:
        assert np.all(np.diff(res.fixes.time_s) >= 0)
        assert all(s.startswith(fname + ":") for s in res.fixes.source[:3])


def test_real_gpx_oddities(shared_data):
    d = shared_data / "gpx"
    moj = read_tracker_file(str(d / "Mojstrovka.gpx"))
    assert moj.status == "failed" and "untimed" in moj.message
    cer = read_tracker_file(str(d / "cerknicko-without-times.gpx"))
    assert cer.waypoints is not None and len(cer.waypoints) == 7  # waypoints kept out of the fixes
    kor = read_tracker_file(str(d / "korita-zbevnica.gpx"))
    assert len(kor.waypoints) == 2
    # garmin: track 2 repeats track 1 → time goes back at the boundary, 164 merged duplicates
    gar = read_tracker_file(str(d / "garmin_xt_strk.gpx"))
    assert "backwards" in gar.message
    # Danish file with +01:00: the 2 fixes are 0.994 s apart in UTC
    nike = read_tracker_file(str(d / "track-with-less-sec-time.gpx"))
    assert np.diff(nike.fixes.time_s)[0] == pytest.approx(0.994, abs=1e-6)
    # device-generated track names are not used as participant keys (file stem instead)
    for f in ("garmin_xt_strk.gpx", "globalsat_gh625XT.gpx", "korita-zbevnica.gpx", "304_to_UL_2019-02-18_0745.gpx"):
        assert read_tracker_file(str(d / f)).participant == Path(f).stem


def test_identical_to_gpxpy_on_every_real_and_case_file(shared_data):
    files = sorted((shared_data / "gpx").glob("*.gpx")) + sorted((shared_data / "cases").glob("*.gpx"))
    assert len(files) >= 13
    for f in files:
        data = f.read_bytes()
        ref = gpxpy_points(data.decode("utf-8"))
        ours = our_points(str(f), data)
        assert ours == ref, f.name


# ---------------------------------------------------------------- cases/CASES.md


def test_case_tz_offset_colon(shared_data):
    r = read_tracker_file(str(shared_data / "cases" / "tz_offset_colon.gpx"))
    assert r.fixes.time_s.tolist() == [utc("2021-06-01T15:00:00Z"), utc("2021-06-01T15:00:10Z")]


def test_case_tz_offset_nocolon(shared_data):
    r = read_tracker_file(str(shared_data / "cases" / "tz_offset_nocolon.gpx"))
    assert r.fixes.time_s.tolist() == [utc("2021-06-01T14:00:00Z"), utc("2021-06-01T14:00:10Z")]
    assert not r.used_timezone


def test_case_duplicate_timestamp(shared_data):
    r = read_tracker_file(str(shared_data / "cases" / "duplicate_timestamp.gpx"))
    assert r.fixes_read == 4 and r.fixes_kept == 4 and not r.reasons
    assert "share their time" in r.message  # reported, not silently lost
    assert np.all(np.isfinite(r.fixes.dwell_s))
    # the two fixes at 08:00:01 are both there, at their own places
    same = r.fixes.time_s == utc("2021-06-01T08:00:01Z")
    assert sorted(r.fixes.lat[same].tolist()) == [55.39605, 55.39610]


def test_case_single_quoted_ns(shared_data):
    r = read_tracker_file(str(shared_data / "cases" / "single_quoted_ns.gpx"))
    assert r.fixes_kept == 1
    assert (r.fixes.lat[0], r.fixes.lon[0], r.fixes.ele_m[0]) == (55.3960, 10.3880, 12.0)
    assert r.fixes.time_s[0] == utc("2021-06-01T08:00:00Z")


def test_case_mixed_missing_time(shared_data):
    r = read_tracker_file(str(shared_data / "cases" / "mixed_missing_time.gpx"))
    assert (r.fixes_read, r.fixes_kept, dict(r.reasons)) == (3, 2, {"no_time": 1})
    assert r.fixes.lat.tolist() == [55.3960, 55.3964]


# ---------------------------------------------------------------- variants of each fault kind

HEAD = '<?xml version="1.0"?>\n'


def test_prefixed_namespace_and_quoting_variants(tmp_path):
    text = HEAD + (
        "<g:gpx xmlns:g='http://www.topografix.com/GPX/1/1' version='1.1'>\n"
        "<g:trk><g:name>x</g:name><g:trkseg>\n"
        "<g:trkpt lon = '10.5' lat = '55.5'><g:ele>3.5</g:ele><g:time>2021-06-01T08:00:00Z</g:time></g:trkpt>\n"
        '<g:trkpt lat="55.6" lon="10.6"><g:time >2021-06-01T08:00:05Z</g:time><g:hdop>1.5</g:hdop><g:sat>7</g:sat></g:trkpt>\n'
        "</g:trkseg></g:trk></g:gpx>\n"
    )
    r = read_tracker_file(write(tmp_path, "p.gpx", text))
    assert r.format == "gpx"
    assert r.fixes.lat.tolist() == [55.5, 55.6] and r.fixes.lon.tolist() == [10.5, 10.6]
    assert r.fixes.ele_m[0] == 3.5 and np.isnan(r.fixes.ele_m[1])
    assert r.fixes.time_s.tolist() == [utc("2021-06-01T08:00:00Z"), utc("2021-06-01T08:00:05Z")]
    assert r.fixes.hdop[1] == 1.5 and r.fixes.sats[1] == 7
    assert r.fixes.source.tolist() == ["p.gpx:4", "p.gpx:5"]


@pytest.mark.parametrize("stamp,expect", [
    ("2021-06-01T08:00:00+0530", "2021-06-01T02:30:00Z"),
    ("2021-06-01T08:00:00+05:30", "2021-06-01T02:30:00Z"),
    ("2021-06-01T08:00:00+05", "2021-06-01T03:00:00Z"),
    ("2021-06-01T08:00:00\u221207:00", "2021-06-01T15:00:00Z"),  # Unicode minus
    ("2021-06-01T08:00:00.123456789-0600", "2021-06-01T14:00:00.123456Z"),  # 9 digits → µs
    ("2021-06-01 08:00:00Z", "2021-06-01T08:00:00Z"),
    ("2021-6-1T8:00:00Z", "2021-06-01T08:00:00Z"),
    ("2021-06-01T23:59:59.5-01:00", "2021-06-02T00:59:59.5Z"),
])
def test_time_spellings(tmp_path, stamp, expect):
    text = HEAD + ('<gpx xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>'
                   f'<trkpt lat="55.4" lon="10.4"><time>{stamp}</time></trkpt></trkseg></trk></gpx>')
    path = write(tmp_path, "t.gpx", text)
    r = read_tracker_file(path)
    assert r.fixes_kept == 1
    assert micro(r.fixes.time_s[0]) == micro(utc(expect))
    # the same instant as gpxpy gives
    ref = gpxpy_points(text)[0][3]
    assert micro(r.fixes.time_s[0]) == ref


def test_bad_times_untimed_and_self_closing(tmp_path):
    text = HEAD + ('<gpx xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>\n'
                   '<trkpt lat="55.4" lon="10.4"><time>2021-13-01T08:00:00Z</time></trkpt>\n'
                   '<trkpt lat="55.4" lon="10.4"><time>yesterday</time></trkpt>\n'
                   '<trkpt lat="55.4" lon="10.4"/>\n'
                   '<trkpt lat="55.5" lon="10.5"><time>2021-06-01T08:00:00Z</time></trkpt>\n'
                   '<trkpt lat="" lon="10.5"><time>2021-06-01T08:00:01Z</time></trkpt>\n'
                   "</trkseg></trk></gpx>")
    r = read_tracker_file(write(tmp_path, "b.gpx", text))
    assert r.fixes_read == 5
    assert dict(r.reasons) == {"bad_time": 2, "no_time": 1, "parse_error": 1}
    assert r.fixes.lat.tolist() == [55.5]


def test_extensions_routes_waypoints_comments_ignored(tmp_path):
    text = HEAD + (
        '<gpx xmlns="http://www.topografix.com/GPX/1/1">\n'
        '<wpt lat="55.0" lon="10.0"><time>2021-06-01T07:00:00Z</time><name>home</name></wpt>\n'
        '<rte><rtept lat="56.0" lon="11.0"><time>2021-06-01T07:30:00Z</time></rtept></rte>\n'
        "<!-- <trkpt lat=\"1\" lon=\"1\"><time>2021-06-01T07:00:00Z</time></trkpt> -->\n"
        '<trk><trkseg><trkpt lat="55.4" lon="10.4"><time>2021-06-01T08:00:00Z</time>'
        "<extensions><time>2000-01-01T00:00:00Z</time><speed>99</speed><ele>999</ele></extensions></trkpt>"
        '</trkseg><trkseg><trkpt lat="55.5" lon="10.5"><speed>1.25</speed><time>2021-06-01T08:00:10Z</time></trkpt>'
        '</trkseg></trk><trk><trkseg><trkpt lat="55.6" lon="10.6"><time>2021-06-01T08:00:20Z</time></trkpt>'
        "</trkseg></trk></gpx>")
    r = read_tracker_file(write(tmp_path, "e.gpx", text))
    assert r.fixes.lat.tolist() == [55.4, 55.5, 55.6]  # 2 tracks, 3 segments; no wpt/rtept/comment
    assert r.fixes.time_s[0] == utc("2021-06-01T08:00:00Z")
    assert np.isnan(r.fixes.speed_mps[0]) and np.isnan(r.fixes.ele_m[0])  # extension values ignored
    assert r.fixes.speed_mps[1] == 1.25
    assert r.waypoints is not None and r.waypoints.lat.tolist() == [55.0]
    assert r.waypoints.time_s[0] == utc("2021-06-01T07:00:00Z")
    assert "route points" in r.message
    assert r.fixes.source[0] == "e.gpx:6"


def test_zoneless_times_use_timezone_option(tmp_path):
    text = HEAD + ('<gpx xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>'
                   '<trkpt lat="55.4" lon="10.4"><time>2021-06-01T08:00:00</time></trkpt>'
                   '<trkpt lat="55.4" lon="10.5"><time>2021-01-01T08:00:00</time></trkpt>'
                   "</trkseg></trk></gpx>")
    p = write(tmp_path, "z.gpx", text)
    r = read_tracker_file(p, ReaderOptions(timezone="Europe/Copenhagen"))
    assert r.used_timezone and "TIMEZONE" in r.message
    # CET in January (+1), CEST in June (+2); sorted by time
    assert r.fixes.time_s.tolist() == [utc("2021-01-01T07:00:00Z"), utc("2021-06-01T06:00:00Z")]
    r2 = read_tracker_file(p)
    assert not r2.used_timezone
    assert r2.fixes.time_s.tolist() == [utc("2021-01-01T08:00:00Z"), utc("2021-06-01T08:00:00Z")]


def test_utf16_and_bom(tmp_path):
    text = ('<?xml version="1.0" encoding="UTF-16"?>\n<gpx xmlns="http://www.topografix.com/GPX/1/0">'
            '<trk><trkseg><trkpt lat="55.4" lon="10.4"><time>2021-06-01T08:00:00Z</time></trkpt>'
            "</trkseg></trk></gpx>")
    r = read_tracker_file(write(tmp_path, "u.gpx", "\ufeff" + text, "utf-16-le"))
    assert r.fixes_kept == 1 and r.fixes.lat[0] == 55.4
    r = read_tracker_file(write(tmp_path, "u8.gpx", "\ufeff" + text, "utf-8"))
    assert r.fixes_kept == 1


def test_participant_from_track_name(tmp_path):
    def doc(name):
        return HEAD + (f'<gpx xmlns="http://www.topografix.com/GPX/1/1"><trk><name>{name}</name><trkseg>'
                       '<trkpt lat="55.4" lon="10.4"><time>2021-06-01T08:00:00Z</time></trkpt>'
                       "</trkseg></trk></gpx>")
    assert read_tracker_file(write(tmp_path, "a.gpx", doc("Logger Anna &amp; Bo"))).participant == "Logger Anna & Bo"
    assert read_tracker_file(write(tmp_path, "b.gpx", doc("ACTIVE LOG #2"))).participant == "b"
    assert read_tracker_file(write(tmp_path, "c.gpx", doc("2020-12-18 07:24:29"))).participant == "c"
    assert read_tracker_file(write(tmp_path, "d.gpx", doc("Logger Anna")),
                             ReaderOptions(participant_key="file")).participant == "d"


def test_sniff_and_detection(tmp_path, shared_data):
    head = (shared_data / "gpx" / "around-visnjan-with-car.gpx").read_bytes()[:8192]
    assert gpx.sniff(head, "x.txt") == 100
    assert detect_format(head, "x.txt") == TrackFormat.GPX
    assert gpx.sniff(b"$GPRMC,,V,,,,,,,,,,N*53\r\n", "x.gpx") == 0
    assert gpx.sniff((shared_data / "kml" / "google_ext_mytracks.kml").read_bytes()[:8192], "k.kml") == 0


@pytest.mark.parametrize("extra_children", [False, True])  # fast one-pass path / per-point path
def test_random_documents_equal_gpxpy(tmp_path, extra_children):
    """Many random spellings in one document: our fixes equal gpxpy's exactly."""
    rng = np.random.default_rng(7)
    zones = ["Z", "+01:00", "-0600", "+0530", "", "-03"]
    rows = []
    for i in range(400):
        lat, lon = rng.uniform(-89, 89), rng.uniform(-179, 179)
        sec = int(rng.integers(946684800, 1_700_000_000))
        base = dt.datetime(1970, 1, 1) + dt.timedelta(seconds=sec)
        frac = "" if i % 4 == 0 else "." + "".join(str(x) for x in rng.integers(0, 10, int(rng.integers(1, 10))))
        stamp = base.strftime("%Y-%m-%dT%H:%M:%S") + frac + zones[i % len(zones)]
        q = "'" if i % 3 == 0 else '"'
        attrs = f"lat={q}{lat!r}{q} lon={q}{lon!r}{q}" if i % 2 else f"lon={q}{lon!r}{q} lat={q}{lat!r}{q}"
        ele = f"<ele>{rng.uniform(-50, 3000)!r}</ele>" if i % 5 else ""
        tim = f"<time>{stamp}</time>" if i % 7 else ""
        if extra_children and i % 13 == 0:
            attrs += ' x:src="a>b"'.replace(">", "&gt;")  # an extra attribute
        body = tim + ele if i % 11 == 0 else ele + tim  # out of schema order now and then
        if i % 17 == 0:
            body = "<name>p</name>" + body  # a child before time: read on its own
        if extra_children and i % 19 == 0:
            body += "<sat>5</sat><hdop>1.1</hdop>"
        rows.append(f"<trkpt {attrs}>{body}<extensions><x:hr>1</x:hr></extensions></trkpt>")
    text = HEAD + ('<gpx xmlns="http://www.topografix.com/GPX/1/1" xmlns:x="urn:x"><trk><trkseg>\n'
                   + "\n".join(rows) + "\n</trkseg></trk></gpx>")
    p = write(tmp_path, "r.gpx", text)
    assert (gpx._canonical(text.encode(), b"trkpt") is None) == extra_children
    assert our_points(p, text.encode()) == gpxpy_points(text)
