"""KML (gx:Track, KML 2.3 Track, timestamped Placemarks) and GeoJSON track readers."""
from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest

from trampesti.core.definitions import TrackFormat
from trampesti.core.readers import ReaderOptions, detect_format, geojson, kml, read_tracker_file

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


def utc(s: str) -> float:
    return (dt.datetime.fromisoformat(s.replace("Z", "+00:00")) - EPOCH).total_seconds()


def write(tmp_path: Path, name: str, text: str) -> str:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return str(p)


# ---------------------------------------------------------------- KML, real files

def _etree_track_pairs(path: Path):
    """Reference: (when, lon, lat, alt) paired inside each Track element, with ElementTree."""
    out = []
    for el in ET.parse(path).iter():
        if el.tag.rsplit("}", 1)[-1] != "Track":
            continue
        whens = [c.text.strip() for c in el if c.tag.rsplit("}", 1)[-1] == "when"]
        coords = [c.text.split() for c in el if c.tag.rsplit("}", 1)[-1] == "coord"]
        out += [(utc(w), float(c[0]), float(c[1]), float(c[2])) for w, c in zip(whens, coords)]
    return np.array(out)


@pytest.mark.parametrize("fname,n,first,last,coord", [
    ("google_ext_mytracks.kml", 451, "2014-05-25T18:30:59Z", "2014-05-25T20:13:09Z", (30.244696, -97.8586)),
    ("Placemark-Track-1_kml23.kml", 7, "2010-05-28T02:02:09Z", "2010-05-28T02:02:56Z", (37.371915, -122.207881)),
])
def test_real_kml(shared_data, fname, n, first, last, coord):
    path = shared_data / "kml" / fname
    res = read_tracker_file(str(path))
    assert res.format == TrackFormat.KML.value
    assert (res.fixes_read, res.fixes_kept, dict(res.reasons)) == (n, n, {})
    assert res.fixes.time_s[0] == utc(first) and res.fixes.time_s[-1] == utc(last)
    assert (res.fixes.lat[0], res.fixes.lon[0]) == coord
    ref = _etree_track_pairs(path)
    assert len(ref) == n
    order = np.argsort(ref[:, 0], kind="stable")
    assert np.array_equal(res.fixes.time_s, ref[order, 0])
    assert np.array_equal(res.fixes.lon, ref[order, 1]) and np.array_equal(res.fixes.lat, ref[order, 2])
    assert np.array_equal(res.fixes.ele_m, ref[order, 3])


def test_my_tracks_loose_whens_not_paired(shared_data):
    """The 2 start/stop <when> outside the gx:Track must not shift the pairing."""
    res = read_tracker_file(str(shared_data / "kml" / "google_ext_mytracks.kml"))
    # the track's first <when> is 18:30:59 (18:30:57 is the "Recording started" placemark)
    assert utc("2014-05-25T18:30:57Z") not in res.fixes.time_s.tolist()
    assert res.fixes.source[0] == "google_ext_mytracks.kml:61"


KML_HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2" '
            'xmlns:gx="http://www.google.com/kml/ext/2.2"><Document><name>Anna</name>\n')


def test_kml_two_tracks_points_and_faults(tmp_path):
    text = KML_HEAD + (
        "<Placemark><name>Anna logger</name><gx:MultiTrack>\n"
        "<gx:Track><when>2021-06-01T08:00:00Z</when><when>2021-06-01T08:00:10Z</when>"
        "<gx:coord>10.1 55.1 5</gx:coord><gx:coord>10.2 55.2 6</gx:coord></gx:Track>\n"
        "<gx:Track><when>2021-06-01T09:00:00+02:00</when><when>2021-06-01T07:00:10Z</when><when>2021-06-01T07:00:20Z</when>"
        "<gx:coord>10.3 55.3</gx:coord><gx:coord>10.4 55.4</gx:coord></gx:Track>\n"
        "</gx:MultiTrack></Placemark>\n"
        "<Placemark><TimeStamp><when>2021-06-01T06:00:00Z</when></TimeStamp>"
        "<Point><coordinates>10.0,55.0,1</coordinates></Point></Placemark>\n"
        "<Placemark><Point><coordinates>9.0,54.0</coordinates></Point></Placemark>\n"
        "<Placemark><TimeStamp><when>bad</when></TimeStamp><Point><coordinates>9.5,54.5</coordinates></Point></Placemark>\n"
        "<Placemark><name>stopped</name><TimeStamp><when>2021-06-01T10:00:00Z</when></TimeStamp></Placemark>\n"
        "</Document></kml>")
    res = read_tracker_file(write(tmp_path, "a.kml", text))
    # 4 paired track points + 1 timed point kept; 1 unpaired <when>, 1 untimed, 1 bad time
    assert (res.fixes_read, res.fixes_kept) == (8, 5)
    assert dict(res.reasons) == {"parse_error": 1, "no_time": 1, "bad_time": 1}
    assert res.fixes.lat.tolist() == [55.0, 55.3, 55.4, 55.1, 55.2]
    assert res.fixes.time_s[:3].tolist() == [utc("2021-06-01T06:00:00Z"), utc("2021-06-01T07:00:00Z"),
                                             utc("2021-06-01T07:00:10Z")]
    assert res.fixes.ele_m[3] == 5.0 and np.isnan(res.fixes.ele_m[1])
    assert res.participant == "Anna logger"


def test_kml_sniff(shared_data):
    for f in (shared_data / "kml").iterdir():
        assert detect_format(f.read_bytes()[:8192], f.name) == TrackFormat.KML
    assert kml.sniff((shared_data / "gpx" / "Mojstrovka.gpx").read_bytes()[:8192], "x.kml") == 0


# ---------------------------------------------------------------- GeoJSON (fixtures in tmp_path)

def fc(features, **extra):
    return json.dumps({"type": "FeatureCollection", "features": features, **extra})


def point(lon, lat, **props):
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": props}


def test_geojson_points_with_time_properties(tmp_path):
    feats = [
        point(10.38, 55.39, time="2021-06-01T08:00:00Z", device_id="T07", speed=1.5),
        point(10.39, 55.40, timestamp=1622534410000, device_id="T07"),  # epoch milliseconds
        point(10.40, 55.41, tracked_at="2021-06-01 08:00:20+00:00", device_id="T07", hdop=0.9),
        point(10.41, 55.42, Datetime="2021-06-01T10:00:30", device_id="T07"),  # zone-less
        point(10.42, 55.43, name="no time here", device_id="T07"),
        {"type": "Feature", "geometry": None, "properties": {"time": "2021-06-01T08:01:00Z"}},
        point(10.43, 55.44, time="not a time"),
    ]
    p = write(tmp_path, "pts.geojson", fc(feats))
    res = read_tracker_file(p, ReaderOptions(timezone="+02:00"))
    assert res.format == TrackFormat.GEOJSON.value
    assert (res.fixes_read, res.fixes_kept) == (7, 4)
    assert dict(res.reasons) == {"no_time": 1, "no_position": 1, "bad_time": 1}
    assert res.fixes.time_s.tolist() == [utc("2021-06-01T08:00:00Z"), utc("2021-06-01T08:00:10Z"),
                                         utc("2021-06-01T08:00:20Z"), utc("2021-06-01T08:00:30Z")]
    assert res.used_timezone
    assert res.fixes.lat.tolist() == [55.39, 55.40, 55.41, 55.42]
    assert res.fixes.speed_mps[0] == 1.5 and res.fixes.hdop[2] == 0.9
    assert res.participant == "T07"
    assert res.fixes.source[1] == "pts.geojson:record 2"


def test_geojson_lines_with_coordinate_times(tmp_path):
    line = {"type": "Feature", "properties": {"coordTimes": ["2021-06-01T08:00:00Z", "2021-06-01T08:00:05Z"]},
            "geometry": {"type": "LineString", "coordinates": [[10.0, 55.0, 4.0], [10.1, 55.1, 5.0]]}}
    multi = {"type": "Feature",
             "properties": {"coordinateProperties": {"times": [["2021-06-01T09:00:00Z"],
                                                               ["2021-06-01T09:00:05Z", "2021-06-01T09:00:10Z"]]}},
             "geometry": {"type": "MultiLineString", "coordinates": [[[11.0, 56.0]], [[11.1, 56.1], [11.2, 56.2]]]}}
    untimed = {"type": "Feature", "properties": {},
               "geometry": {"type": "LineString", "coordinates": [[12.0, 57.0], [12.1, 57.1], [12.2, 57.2]]}}
    res = read_tracker_file(write(tmp_path, "lines.json", fc([line, multi, untimed])))
    assert res.format == TrackFormat.GEOJSON.value
    assert (res.fixes_read, res.fixes_kept, dict(res.reasons)) == (8, 5, {"no_time": 3})
    assert res.fixes.lat.tolist() == [55.0, 55.1, 56.0, 56.1, 56.2]
    assert res.fixes.ele_m[:2].tolist() == [4.0, 5.0]
    assert res.fixes.time_s[-1] == utc("2021-06-01T09:00:10Z")


def test_geojson_projected_crs_refused(tmp_path):
    doc = fc([point(590000, 6140000, time="2021-06-01T08:00:00Z")],
             crs={"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::25832"}})
    res = read_tracker_file(write(tmp_path, "utm.geojson", doc))
    assert res.status == "failed" and "WGS84" in res.message


def test_geojson_does_not_claim_takeout(shared_data):
    f = shared_data / "json" / "googletakeout_2013_JUNE.json"
    head = f.read_bytes()[:8192]
    assert geojson.sniff(head, f.name) == 0
    assert detect_format(f.read_bytes(), f.name) != TrackFormat.GEOJSON
    assert geojson.sniff(b'{"locations": [{"timestampMs": "1", "latitudeE7": 1}]}', "Records.json") == 0
    assert geojson.sniff(fc([]).encode(), "x.json") == 80
