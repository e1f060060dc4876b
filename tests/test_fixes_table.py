"""The fix table's compact source column (core/fixes.py SourceRefs) and combine's memory mode."""
from __future__ import annotations

import pickle

import numpy as np
import pytest

from trampesti.core.fixes import Fixes, SourceRefs
from trampesti.core.ids import participant_codes
from trampesti.core.readers import ReaderOptions, combine, find_tracker_files, read_tracker_file


def test_source_refs_behave_like_an_array_of_texts():
    r = SourceRefs.of_file("a.gpx:", [7, 9, 12])
    assert len(r) == 3 and r.shape == (3,)
    assert r[0] == "a.gpx:7" and r[-1] == "a.gpx:12"
    assert r[1:].tolist() == ["a.gpx:9", "a.gpx:12"]
    assert r[np.array([True, False, True])].tolist() == ["a.gpx:7", "a.gpx:12"]
    assert r[np.array([2, 0])].tolist() == ["a.gpx:12", "a.gpx:7"]
    assert list(r) == ["a.gpx:7", "a.gpx:9", "a.gpx:12"]
    assert (r == "a.gpx:9").tolist() == [False, True, False]
    assert np.asarray(r).dtype == object and np.asarray(r)[2] == "a.gpx:12"
    assert r.astype(str).tolist() == ["a.gpx:7", "a.gpx:9", "a.gpx:12"]
    back = pickle.loads(pickle.dumps(r))
    assert back.tolist() == r.tolist()


def test_source_refs_concat_merges_prefixes_and_plain_texts():
    a = SourceRefs.of_file("a.gpx:", [1, 2])
    b = SourceRefs.of_file("b.fit:record ", [5])
    c = np.array(["", "x.csv:3"], dtype=object)
    d = SourceRefs.of_file("a.gpx:", [3])
    m = SourceRefs.concat([a, b, c, d])
    assert m.tolist() == ["a.gpx:1", "a.gpx:2", "b.fit:record 5", "", "x.csv:3", "a.gpx:3"]
    assert len(m.prefixes) == 4  # a.gpx: once
    assert m.number.dtype == np.int64 and m.prefix_id.dtype == np.int32


def test_fixes_concat_and_take_keep_sources():
    f1 = Fixes.from_columns([1.0, 2.0], [55.0, 55.1], [10.0, 10.1], participant="A",
                            source=SourceRefs.of_file("a.gpx:", [4, 5]))
    f2 = Fixes.from_columns([0.5], [56.0], [11.0], participant="B", source=["b.csv:2"])
    fx = Fixes.concat([f1, f2])
    assert isinstance(fx.source, SourceRefs)
    assert fx.source.tolist() == ["a.gpx:4", "a.gpx:5", "b.csv:2"]
    assert fx.take(np.array([2, 0])).source.tolist() == ["b.csv:2", "a.gpx:4"]
    with pytest.raises(ValueError):
        Fixes.from_columns([1.0], [55.0], [10.0], source=SourceRefs.of_file("a:", [1, 2]))


def test_participant_codes_sort_like_the_texts():
    p = np.array(["P2", "P2", "P10", "P10", "P1", "P2"], dtype=object)
    codes, labels = participant_codes(p)
    # text order: P1 < P10 < P2, as np.unique on the texts
    assert labels.tolist() == ["P1", "P10", "P2"]
    assert codes.tolist() == [2, 2, 1, 1, 0, 2]
    ref_labels, ref_codes = np.unique(p.astype(str), return_inverse=True)
    assert codes.tolist() == ref_codes.tolist() and labels.tolist() == ref_labels.tolist()
    # integers are ordered as their texts too (3 < 10 numerically, "10" < "3" as text)
    codes, labels = participant_codes(np.array([3, 10, 3]))
    assert labels.tolist() == ["10", "3"] and codes.tolist() == [1, 0, 1]


def test_combine_consume_gives_the_same_table_and_keeps_the_counts(shared_data):
    files = [f for sub in ("gpx", "nmea", "csv", "plt", "fit") for f in find_tracker_files(str(shared_data / sub))]
    opts = ReaderOptions()
    ref_results = [read_tracker_file(f, opts) for f in files]
    kept = [r.fixes_kept for r in ref_results]
    ref = combine(ref_results, opts.max_gap_s)
    results = [read_tracker_file(f, opts) for f in files]
    got = combine(results, opts.max_gap_s, consume=True)
    assert len(got) == len(ref) == sum(kept) > 5000
    for name in ("time_s", "lat", "lon", "ele_m", "speed_mps", "hdop", "sats", "dwell_s", "segment"):
        assert np.array_equal(getattr(got, name), getattr(ref, name), equal_nan=name != "segment"), name
    assert got.participant.tolist() == ref.participant.tolist()
    assert got.source.tolist() == ref.source.tolist()
    # each file's table was handed over, its counts were not
    assert all(len(r.fixes) == 0 for r in results)
    assert [r.fixes_kept for r in results] == kept
    assert [r.status for r in results] == [r.status for r in ref_results]


def test_text_columns_share_one_object_per_file(shared_data):
    """A file's participant column holds one text, not one copy per fix (numpy's
    np.full(n, text, dtype=object) makes a copy per row: 50+ bytes each)."""
    from trampesti.core.fixes import text_column

    col = text_column(1000, "T01")
    assert col.dtype == object and col.tolist() == ["T01"] * 1000
    assert len({id(v) for v in col}) == 1
    res = read_tracker_file(str(shared_data / "gpx" / "garmin_xt_strk.gpx"), ReaderOptions(participant_key="file"))
    assert len(res.fixes) > 700  # 958 points, 164 of them duplicates of the other track
    assert len({id(v) for v in res.fixes.participant}) == 1
    fx = combine([res, read_tracker_file(str(shared_data / "nmea" / "gpsbabel_track_nmea.nmea"),
                                          ReaderOptions(participant_key="file"))], 300.0, consume=True)
    assert len({id(v) for v in fx.participant}) == 2
