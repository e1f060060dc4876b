"""Moving data between QGIS layers and the numpy arrays of ``core/``.

Everything here is bulk where QGIS allows it: features are built and added in batches and
coordinates are transformed with one GDAL/OSR call per array, not per point.
"""
from __future__ import annotations

import itertools
import os
from typing import Callable, Iterable, List, Optional, Sequence, Tuple

import numpy as np
from osgeo import gdal, ogr, osr
from qgis.core import (
    NULL,
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsFeatureRequest,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsPoint,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingFeatureSourceDefinition,
    QgsProcessingOutputLayerDefinition,
    QgsProperty,
    QgsProviderRegistry,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QDate, QDateTime, QTime, Qt, QVariant

from ..core.fixes import Fixes

WGS84 = "EPSG:4326"
BATCH = 20000

FIX_FIELDS: Tuple[Tuple[str, int], ...] = (
    ("participant", QVariant.Type.String),
    ("round", QVariant.Type.String),
    ("time_utc", QVariant.Type.DateTime),
    ("dwell_s", QVariant.Type.Double),
    ("segment", QVariant.Type.Int),
    ("speed_mps", QVariant.Type.Double),
    ("ele_m", QVariant.Type.Double),
    ("hdop", QVariant.Type.Double),
    ("sats", QVariant.Type.Int),
    ("source", QVariant.Type.String),
)


def make_fields(spec: Iterable[Tuple[str, int]]) -> QgsFields:
    fields = QgsFields()
    for name, kind in spec:
        fields.append(QgsField(name, kind))
    return fields


def fix_fields(with_source: bool = True) -> QgsFields:
    """The fields of a fix layer (DESIGN.md); anonymised layers have no ``source``."""
    return make_fields([f for f in FIX_FIELDS if with_source or f[0] != "source"])


def qdatetime_utc(epoch_s: float):
    """A UTC QDateTime (millisecond precision) from epoch seconds; None for NaN."""
    if epoch_s is None or not np.isfinite(epoch_s):
        return None
    return QDateTime.fromMSecsSinceEpoch(int(round(float(epoch_s) * 1000.0)), Qt.TimeSpec.UTC)


def epoch_from_qdatetime(value) -> float:
    """Epoch seconds from a QDateTime / QDate / ISO string attribute (NaN when null).

    A QDateTime without a zone (``Qt.LocalTime``: what QGIS 3.22's OGR provider returns for
    every GeoPackage datetime, even one stored with ``Z``) is read as UTC wall-clock time, so
    ``time_utc`` does not shift with the machine's time zone (it did before: 1–2 h off on a
    planner's PC set to Europe/Copenhagen).
    """
    if value is None:
        return float("nan")
    if isinstance(value, QDateTime):
        if value.isNull() or not value.isValid():
            return float("nan")
        if value.timeSpec() == Qt.TimeSpec.LocalTime:
            value = QDateTime(value.date(), value.time(), Qt.TimeSpec.UTC)
        return value.toMSecsSinceEpoch() / 1000.0
    if isinstance(value, QDate):
        return QDateTime(value, QTime(0, 0), Qt.TimeSpec.UTC).toMSecsSinceEpoch() / 1000.0
    if isinstance(value, str):
        from ..core.readers.common import parse_iso_time

        t, _ = parse_iso_time(value)
        return float("nan") if t is None else t
    try:
        if value.isNull():  # QVariant NULL
            return float("nan")
    except AttributeError:
        pass
    return float("nan")


def _nan_to_none(v: float):
    return None if v is None or not np.isfinite(v) else float(v)


def _fix_attribute_columns(fx: Fixes, round_label: str, with_source: bool) -> List[list]:
    """The attribute columns of the fix layer as Python lists (None for NULL), in FIX_FIELDS order."""
    n = len(fx)
    cols = [
        fx.participant.astype(str).astype(object).tolist() if n else [],
        [round_label] * n,
        None,  # time_utc: filled by the caller in its own representation
        _float_list(fx.dwell_s),
        np.asarray(fx.segment, dtype=np.int64).tolist(),
        _float_list(fx.speed_mps),
        _float_list(fx.ele_m),
        _float_list(fx.hdop),
        _int_list(fx.sats),
    ]
    if with_source:
        cols.append(fx.source.astype(str).astype(object).tolist() if n else [])
    return cols


def _float_list(a: np.ndarray) -> list:
    """float64 array → list of float with None for NaN (vectorised; no per-value branch)."""
    a = np.asarray(a, dtype=np.float64)
    ok = np.isfinite(a)
    if ok.all():
        return a.tolist()
    o = a.astype(object)
    o[~ok] = None
    return o.tolist()


def _int_list(a: np.ndarray) -> list:
    """float64 array holding integers → list of int with None for NaN."""
    a = np.asarray(a, dtype=np.float64)
    ok = np.isfinite(a)
    o = np.where(ok, a, 0).astype(np.int64).astype(object)
    o[~ok] = None
    return o.tolist()


def write_fixes(sink: QgsFeatureSink, fx: Fixes, round_label: str, with_source: bool = True,
                progress: Optional[Callable[[float], None]] = None,
                is_cancelled: Optional[Callable[[], bool]] = None) -> int:
    """Add the fixes to ``sink`` (point geometries in EPSG:4326) in batches; returns the count.

    Works for every sink Processing can give (memory, GeoPackage, Shapefile, PostGIS…). Column
    values are converted once per column with numpy (NaN → NULL), so the per-feature Python
    work is one QgsFeature, one QDateTime and one point. Measured (QGIS 3.22, GDAL 3.6.2,
    CPU time on a 2-core VM): ≈ 19 µs per fix into a GeoPackage sink (200 k fixes in 3.9 s),
    ≈ 15 µs into a memory layer. Note that QGIS 3.22's OGR sink drops the fraction of a second
    of ``time_utc``. For a GeoPackage *file* destination :func:`write_fixes_gpkg` is ≈ 4×
    faster and keeps milliseconds — see :func:`gpkg_destination`.
    """
    n = len(fx)
    fields = fix_fields(with_source)
    written = 0
    cols = _fix_attribute_columns(fx, round_label, with_source)
    ms = np.round(np.asarray(fx.time_s, dtype=np.float64) * 1000.0)
    t_ok = np.isfinite(ms)
    ms_list = np.where(t_ok, ms, 0).astype(np.int64).tolist()
    t_ok_list = t_ok.tolist()
    lon, lat = np.asarray(fx.lon, dtype=np.float64).tolist(), np.asarray(fx.lat, dtype=np.float64).tolist()
    from_ms = QDateTime.fromMSecsSinceEpoch
    utc = Qt.TimeSpec.UTC
    for start in range(0, n, BATCH):
        if is_cancelled is not None and is_cancelled():
            break
        stop = min(n, start + BATCH)
        feats: List[QgsFeature] = []
        append = feats.append
        rows = zip(*[c[start:stop] if c is not None else [None] * (stop - start) for c in cols])
        for i, row in zip(range(start, stop), rows):
            f = QgsFeature(fields)
            row = list(row)
            row[2] = from_ms(ms_list[i], utc) if t_ok_list[i] else None
            f.setAttributes(row)
            f.setGeometry(QgsGeometry(QgsPoint(lon[i], lat[i])))
            append(f)
        if not sink.addFeatures(feats, QgsFeatureSink.Flag.FastInsert):
            raise QgsProcessingException("Could not write fixes to the output layer")
        written += len(feats)
        if progress is not None:
            progress(stop / max(1, n))
    return written


# -- fast GeoPackage writer ---------------------------------------------------------------------
_GPKG_APPLICATION_ID = 0x47504B47  # "GPKG"
_GPKG_USER_VERSION = 10200  # GeoPackage 1.2, what GDAL 3.6 / QGIS 3.22 write
_RTREE_MAX_CELLS = 51  # SQLite's RTREE_MAXCELLS: nodes of 4 + 51 × 24 bytes (2-D, 32-bit floats)
_RTREE_LEAF_CHUNK_NODES = 16384  # leaf nodes built and inserted per batch (≈ 20 MB of blobs)
_SQL_TYPES = {
    QVariant.Type.String: "TEXT", QVariant.Type.DateTime: "DATETIME", QVariant.Type.Double: "REAL",
    QVariant.Type.Int: "MEDIUMINT", QVariant.Type.LongLong: "INTEGER", QVariant.Type.Bool: "BOOLEAN",
    QVariant.Type.Date: "DATE",
}
_WGS84_WKT = (
    'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,'
    'AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,'
    'AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],'
    'AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]'
)


def gpkg_point_blobs(x: np.ndarray, y: np.ndarray, srs_id: int = 4326) -> List[bytes]:
    """GeoPackage geometry blobs of 2-D points, built vectorised (29 bytes each).

    Layout (GeoPackage 1.2 §2.1.3): ``'GP'``, version 0, flags 0x01 (little-endian, no
    envelope, not empty), int32 srs_id, then little-endian WKB Point (1, type 1, x, y).
    """
    n = int(np.asarray(x).shape[0])
    buf = np.zeros((n, 29), dtype=np.uint8)
    buf[:, 0] = ord("G")
    buf[:, 1] = ord("P")
    buf[:, 3] = 0x01
    buf[:, 4:8] = np.frombuffer(np.array([srs_id], dtype="<i4").tobytes(), dtype=np.uint8)
    buf[:, 8] = 1
    buf[:, 9:13] = np.frombuffer(np.array([1], dtype="<u4").tobytes(), dtype=np.uint8)
    buf[:, 13:21] = np.ascontiguousarray(x, dtype="<f8").view(np.uint8).reshape(n, 8)
    buf[:, 21:29] = np.ascontiguousarray(y, dtype="<f8").view(np.uint8).reshape(n, 8)
    raw = buf.tobytes()
    return [raw[i:i + 29] for i in range(0, n * 29, 29)]


def _hilbert_order(x: np.ndarray, y: np.ndarray, bits: int = 16) -> np.ndarray:
    """Indices sorting the points along a Hilbert curve on a 2^bits grid over their extent.

    The curve index is computed 1 M points at a time, so temporaries stay ≈ 50 MB.
    """
    n = x.shape[0]
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    side = (1 << bits) - 1
    lims = [(float(v.min()), float(v.max())) for v in (x, y)]
    # curve indices need 2 * bits bits: uint32 for the default 16 (half the memory of int64)
    d_all = np.empty(n, dtype=np.uint32 if bits <= 16 else np.int64)
    for a in range(0, n, 1_000_000):
        xi, yi = [np.zeros(min(n, a + 1_000_000) - a, dtype=np.int64) if hi <= lo else
                  ((v[a:a + 1_000_000] - lo) / (hi - lo) * side).astype(np.int64)
                  for v, (lo, hi) in zip((x, y), lims)]
        d = np.zeros(xi.shape[0], dtype=np.int64)
        s = 1 << (bits - 1)
        while s > 0:
            rx = ((xi & s) > 0).astype(np.int64)
            ry = ((yi & s) > 0).astype(np.int64)
            d += s * s * ((3 * rx) ^ ry)
            # rotate the quadrant
            flip = ry == 0
            swap_mirror = flip & (rx == 1)
            xi = np.where(swap_mirror, side - xi, xi)
            yi = np.where(swap_mirror, side - yi, yi)
            xi, yi = np.where(flip, yi, xi), np.where(flip, xi, yi)
            s >>= 1
        d_all[a:a + d.shape[0]] = d
    return np.argsort(d_all, kind="stable")


def _f32_down(v: np.ndarray) -> np.ndarray:
    f = v.astype(np.float32)
    return np.where(f.astype(np.float64) > v, np.nextafter(f, np.float32(-np.inf)), f)


def _f32_up(v: np.ndarray) -> np.ndarray:
    f = v.astype(np.float32)
    return np.where(f.astype(np.float64) < v, np.nextafter(f, np.float32(np.inf)), f)


def _rtree_node_blobs(ids: np.ndarray, box: np.ndarray, node_size: int) -> Tuple[List[bytes], np.ndarray]:
    """Pack consecutive entries (ids, float32 boxes minx,maxx,miny,maxy) into SQLite R-tree nodes.

    Returns the node blobs (header: u16 depth — written later for the root —, u16 cell count;
    cells: big-endian i64 id + 4 big-endian float32) and the bounding box of each node.
    """
    m = ids.shape[0]
    k = _RTREE_MAX_CELLS
    n_nodes = (m + k - 1) // k
    pad = n_nodes * k - m
    cells = np.zeros((n_nodes * k, 24), dtype=np.uint8)
    cells[:m, 0:8] = ids.astype(">i8").view(np.uint8).reshape(m, 8)
    cells[:m, 8:24] = box.astype(">f4").view(np.uint8).reshape(m, 16)
    nodes = np.zeros((n_nodes, node_size), dtype=np.uint8)
    nodes[:, 4:4 + k * 24] = cells.reshape(n_nodes, k * 24)
    counts = np.full(n_nodes, k, dtype=">u2")
    if pad:
        counts[-1] = k - pad
    nodes[:, 2:4] = counts.view(np.uint8).reshape(n_nodes, 2)
    boxp = np.empty((n_nodes * k, 4), dtype=np.float32)
    boxp[:m] = box
    if pad:
        boxp[m:] = box[-1]  # repeat the last box: does not change the node's bounds
    boxp = boxp.reshape(n_nodes, k, 4)
    nbox = np.stack([boxp[:, :, 0].min(axis=1), boxp[:, :, 1].max(axis=1),
                     boxp[:, :, 2].min(axis=1), boxp[:, :, 3].max(axis=1)], axis=1)
    raw = nodes.tobytes()
    return [raw[i:i + node_size] for i in range(0, n_nodes * node_size, node_size)], nbox


def _bulk_rtree(con, rtree: str, fid: np.ndarray, x: np.ndarray, y: np.ndarray,
                is_cancelled: Optional[Callable[[], bool]] = None) -> None:
    """Fill the (empty) SQLite R-tree ``rtree`` with points in one bulk load.

    Inserting 3.5 M points one by one into an R-tree takes ≈ 45 s here and GDAL 3.6's
    CreateSpatialIndex ≈ 60 s; this packs the tree directly (entries in Hilbert order, full
    nodes, upper levels grouping consecutive nodes) into the shadow tables ``_node``,
    ``_rowid`` and ``_parent`` in 5.2 s CPU (Hilbert sort ≈ 2 s, the 3.5 M ``_rowid`` rows ≈ 2 s). Bounds are rounded outwards to float32 as SQLite does.
    The result passes SQLite's ``rtreecheck()``.
    """
    n = fid.shape[0]
    if n == 0:
        return
    node_size = int(con.execute(f'SELECT length(data) FROM "{rtree}_node" WHERE nodeno = 1').fetchone()[0])
    if node_size < 4 + _RTREE_MAX_CELLS * 24:
        raise RuntimeError(f"unexpected R-tree node size {node_size}")
    order = _hilbert_order(x, y)
    k = _RTREE_MAX_CELLS
    counts = [(n + k - 1) // k]  # nodes per level, bottom-up, until one root
    while counts[-1] > 1:
        counts.append((counts[-1] + k - 1) // k)
    first_no = {}
    nxt = 1  # root = node 1, then level by level from the top
    for lev in range(len(counts) - 1, -1, -1):
        first_no[lev] = nxt
        nxt += counts[lev]
    depth = len(counts) - 1
    con.execute(f'DELETE FROM "{rtree}_node"')

    def put(lev: int, node0: int, blobs: List[bytes]) -> None:
        """Insert nodes node0… of level ``lev`` (and their parent links)."""
        if lev == depth:
            root = bytearray(blobs[0])
            root[0:2] = int(depth).to_bytes(2, "big")
            blobs = [bytes(root)] + blobs[1:]
        f0 = first_no[lev] + node0
        con.executemany(f'INSERT INTO "{rtree}_node"(nodeno, data) VALUES (?, ?)',
                        zip(range(f0, f0 + len(blobs)), blobs))
        if lev < depth:
            parent = first_no[lev + 1] + (node0 + np.arange(len(blobs))) // k
            con.executemany(f'INSERT INTO "{rtree}_parent"(nodeno, parentnode) VALUES (?, ?)',
                            zip(range(f0, f0 + len(blobs)), parent.tolist()))

    # leaves in chunks of whole nodes: blobs exist for one chunk at a time (bounded memory)
    step = k * _RTREE_LEAF_CHUNK_NODES
    boxes = []
    for a in range(0, n, step):
        if is_cancelled is not None and is_cancelled():
            raise QgsProcessingException("Cancelled")
        sel = order[a:a + step]
        xs, ys = x[sel], y[sel]
        box = np.stack([_f32_down(xs), _f32_up(xs), _f32_down(ys), _f32_up(ys)], axis=1).astype(np.float32)
        blobs, nbox = _rtree_node_blobs(fid[sel].astype(np.int64), box, node_size)
        put(0, a // k, blobs)
        boxes.append(nbox)
        del blobs, box, xs, ys, sel
    nbox = np.concatenate(boxes)
    for lev in range(1, len(counts)):
        child_no = np.arange(first_no[lev - 1], first_no[lev - 1] + counts[lev - 1], dtype=np.int64)
        blobs, nbox = _rtree_node_blobs(child_no, nbox, node_size)
        put(lev, 0, blobs)
    # _rowid: the leaf of every entry, in id order (appends to the B-tree: 3× faster than Hilbert order)
    # leaf node of each entry (in input order), filled in chunks of the Hilbert order
    leaf = np.empty(n, dtype=np.int64)
    for a in range(0, n, 1 << 20):
        b = min(n, a + (1 << 20))
        leaf[order[a:b]] = first_no[0] + np.arange(a, b, dtype=np.int64) // k
    del order
    by_id = np.argsort(fid, kind="stable") if n > 1 and np.any(np.diff(fid) < 0) else None
    ids = fid if by_id is None else fid[by_id]
    if by_id is not None:
        leaf = leaf[by_id]
    step = 500_000  # Python ints for one chunk at a time (24 M rows at once would take ≈ 2 GB)
    for a in range(0, n, step):
        if is_cancelled is not None and is_cancelled():
            raise QgsProcessingException("Cancelled")
        con.executemany(f'INSERT INTO "{rtree}_rowid"(rowid, nodeno) VALUES (?, ?)',
                        zip(ids[a:a + step].tolist(), leaf[a:a + step].tolist()))


def write_fixes_gpkg(path: str, fx: Fixes, round_label: str, with_source: bool = True,
                     layer_name: Optional[str] = None,
                     progress: Optional[Callable[[float], None]] = None,
                     is_cancelled: Optional[Callable[[], bool]] = None) -> int:
    """Write the fixes as a new GeoPackage file (one point layer, EPSG:4326, R-tree index).

    The same table GDAL/QGIS would write for :func:`fix_fields` (``fid`` primary key, ``geom``
    POINT, the FIX_FIELDS columns with GDAL's SQL types, ``time_utc`` as
    ``YYYY-MM-DDTHH:MM:SS.sssZ``), plus ``gpkg_ogr_contents`` and GDAL's standard R-tree and
    feature-count triggers, so the file stays consistent when it is edited in QGIS later.
    Geometry blobs are built in numpy, rows go in with one ``executemany`` inside one
    transaction and the R-tree is bulk-packed (:func:`_bulk_rtree`). An existing file is
    replaced (as a Processing sink does). Returns the number of fixes written.

    Measured (CPU time, 2-core VM, GDAL 3.6.2): 3.46 M fixes in 17.6 s (≈ 5 µs per fix, of
    which the R-tree bulk load is 5.2 s and sqlite3's ``executemany`` binding 12 values per row
    most of the rest), vs
    ≈ 19 µs per fix through a QGIS GeoPackage sink and ≈ 23 µs through OGR features. Peak
    memory above the Fixes table: ≈ 400 MB (rows are bound 200 k at a time).
    """
    import sqlite3

    n = len(fx)
    name = layer_name or os.path.splitext(os.path.basename(path))[0] or "fixes"
    spec = [f for f in FIX_FIELDS if with_source or f[0] != "source"]
    tmp = path + ".tmp-trampesti"
    for p in (tmp, tmp + "-journal"):
        if os.path.exists(p):
            os.remove(p)
    con = sqlite3.connect(tmp, isolation_level=None)
    try:
        con.execute("PRAGMA journal_mode = OFF")
        con.execute("PRAGMA synchronous = OFF")
        con.execute(f"PRAGMA application_id = {_GPKG_APPLICATION_ID}")
        con.execute(f"PRAGMA user_version = {_GPKG_USER_VERSION}")
        con.execute("BEGIN")
        _create_gpkg_metadata(con)
        cols_sql = ", ".join(f'"{c}" {_SQL_TYPES[k]}' for c, k in spec)
        con.execute(f'CREATE TABLE "{name}" ("fid" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, '
                    f'"geom" POINT, {cols_sql})')
        lon = np.asarray(fx.lon, dtype=np.float64)
        lat = np.asarray(fx.lat, dtype=np.float64)
        placeholders = ", ".join(["?"] * (len(spec) + 2))
        col_names = ", ".join(['"fid"', '"geom"'] + [f'"{c}"' for c, _ in spec])
        sql = f'INSERT INTO "{name}" ({col_names}) VALUES ({placeholders})'
        chunk = 200_000  # Python objects exist for one chunk at a time: bounded memory
        for start in range(0, n, chunk):
            if is_cancelled is not None and is_cancelled():
                raise QgsProcessingException("Cancelled")
            stop = min(n, start + chunk)
            part = fx.take(slice(start, stop))
            attrs = _fix_attribute_columns(part, round_label, with_source)
            t = np.asarray(part.time_s, dtype=np.float64)
            t_ok = np.isfinite(t)
            ms = np.where(t_ok, np.round(t * 1000.0), 0).astype("int64").astype("datetime64[ms]")
            iso = np.char.add(np.datetime_as_string(ms, unit="ms"), "Z").astype(object)
            iso[~t_ok] = None
            attrs[2] = iso.tolist()
            blobs = gpkg_point_blobs(lon[start:stop], lat[start:stop])
            con.executemany(sql, zip(range(start + 1, stop + 1), blobs, *attrs))
            del attrs, blobs, iso, part
            if progress is not None:
                progress(0.85 * stop / max(1, n))
        ok = np.isfinite(lon) & np.isfinite(lat)
        all_ok = bool(ok.all())
        lon_ok, lat_ok = (lon, lat) if all_ok else (lon[ok], lat[ok])  # no copies in the usual case
        ext = ((float(lon_ok.min()), float(lat_ok.min()), float(lon_ok.max()), float(lat_ok.max()))
               if lon_ok.size else (None, None, None, None))
        con.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change, "
                    "min_x, min_y, max_x, max_y, srs_id) VALUES (?, 'features', ?, '', "
                    "strftime('%Y-%m-%dT%H:%M:%fZ','now'), ?, ?, ?, ?, 4326)", (name, name) + ext)
        con.execute("INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', 'POINT', 4326, 0, 0)", (name,))
        con.execute("INSERT INTO gpkg_ogr_contents VALUES (?, ?)", (name, n))
        rtree = f"rtree_{name}_geom"
        con.execute(f'CREATE VIRTUAL TABLE "{rtree}" USING rtree(id, minx, maxx, miny, maxy)')
        con.execute("INSERT INTO gpkg_extensions VALUES (?, 'geom', 'gpkg_rtree_index', "
                    "'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')", (name,))
        fid = np.arange(1, n + 1, dtype=np.int64)
        _bulk_rtree(con, rtree, fid if all_ok else fid[ok], lon_ok, lat_ok, is_cancelled)
        del fid, lon_ok, lat_ok, ok
        if progress is not None:
            progress(0.95)
        _create_gpkg_triggers(con, name, rtree)
        con.execute("COMMIT")
    except BaseException:
        con.close()
        for p in (tmp, tmp + "-journal"):  # cancelled or failed: leave nothing behind
            if os.path.exists(p):
                os.remove(p)
        raise
    con.close()
    os.replace(tmp, path)
    if progress is not None:
        progress(1.0)
    return n


def _create_gpkg_metadata(con) -> None:
    """The GeoPackage core tables with the three required spatial reference systems."""
    con.execute("CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY, "
                "organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL, "
                "definition TEXT NOT NULL, description TEXT)")
    con.executemany("INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?)", [
        ("Undefined Cartesian SRS", -1, "NONE", -1, "undefined", "undefined Cartesian coordinate reference system"),
        ("Undefined geographic SRS", 0, "NONE", 0, "undefined", "undefined geographic coordinate reference system"),
        ("WGS 84 geodetic", 4326, "EPSG", 4326, _WGS84_WKT,
         "longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid"),
    ])
    con.execute("CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, "
                "identifier TEXT UNIQUE, description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT "
                "(strftime('%Y-%m-%dT%H:%M:%fZ','now')), min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, "
                "srs_id INTEGER, CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id))")
    con.execute("CREATE TABLE gpkg_ogr_contents (table_name TEXT NOT NULL PRIMARY KEY, feature_count INTEGER DEFAULT NULL)")
    con.execute("CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, "
                "geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL, "
                "CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name), "
                "CONSTRAINT uk_gc_table_name UNIQUE (table_name), "
                "CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name), "
                "CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id))")
    con.execute("CREATE TABLE gpkg_extensions (table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL, "
                "definition TEXT NOT NULL, scope TEXT NOT NULL, "
                "CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name))")


def _create_gpkg_triggers(con, t: str, r: str) -> None:
    """GDAL's R-tree maintenance and feature-count triggers (created after the bulk load)."""
    g = '"geom"'
    ins = (f'INSERT OR REPLACE INTO "{r}" VALUES (NEW."fid", ST_MinX(NEW.{g}), ST_MaxX(NEW.{g}), '
           f'ST_MinY(NEW.{g}), ST_MaxY(NEW.{g}));')
    con.execute(f'CREATE TRIGGER "{r}_insert" AFTER INSERT ON "{t}" WHEN (new.{g} NOT NULL AND NOT '
                f'ST_IsEmpty(NEW.{g})) BEGIN {ins} END')
    con.execute(f'CREATE TRIGGER "{r}_update1" AFTER UPDATE OF {g} ON "{t}" WHEN OLD."fid" = NEW."fid" AND '
                f'(NEW.{g} NOTNULL AND NOT ST_IsEmpty(NEW.{g})) BEGIN {ins} END')
    con.execute(f'CREATE TRIGGER "{r}_update2" AFTER UPDATE OF {g} ON "{t}" WHEN OLD."fid" = NEW."fid" AND '
                f'(NEW.{g} ISNULL OR ST_IsEmpty(NEW.{g})) BEGIN DELETE FROM "{r}" WHERE id = OLD."fid"; END')
    con.execute(f'CREATE TRIGGER "{r}_update3" AFTER UPDATE ON "{t}" WHEN OLD."fid" != NEW."fid" AND '
                f'(NEW.{g} NOTNULL AND NOT ST_IsEmpty(NEW.{g})) BEGIN DELETE FROM "{r}" WHERE id = OLD."fid"; '
                f'{ins} END')
    con.execute(f'CREATE TRIGGER "{r}_update4" AFTER UPDATE ON "{t}" WHEN OLD."fid" != NEW."fid" AND '
                f'(NEW.{g} ISNULL OR ST_IsEmpty(NEW.{g})) BEGIN DELETE FROM "{r}" WHERE id IN (OLD."fid", NEW."fid"); END')
    con.execute(f'CREATE TRIGGER "{r}_delete" AFTER DELETE ON "{t}" WHEN old.{g} NOT NULL BEGIN '
                f'DELETE FROM "{r}" WHERE id = OLD."fid"; END')
    con.execute(f'CREATE TRIGGER "trigger_insert_feature_count_{t}" AFTER INSERT ON "{t}" BEGIN UPDATE '
                f"gpkg_ogr_contents SET feature_count = feature_count + 1 WHERE lower(table_name) = lower('{t}'); END")
    con.execute(f'CREATE TRIGGER "trigger_delete_feature_count_{t}" AFTER DELETE ON "{t}" BEGIN UPDATE '
                f"gpkg_ogr_contents SET feature_count = feature_count - 1 WHERE lower(table_name) = lower('{t}'); END")


def gpkg_destination(alg, parameters: dict, name: str, context) -> Optional[str]:
    """The file path when the sink parameter ``name`` goes to a plain ``.gpkg`` file, else None.

    Then the algorithm may write with :func:`write_fixes_gpkg` and return the path as the
    output (``parameterAsOutputLayer`` registers it for loading on completion as
    ``parameterAsSink`` would); for ``TEMPORARY_OUTPUT`` (a memory layer for sinks in QGIS
    3.22), ``memory:``, ``ogr:dbname=…`` (a table inside an existing GeoPackage) or other
    formats it returns None and the algorithm keeps the ``parameterAsSink`` path.
    """
    value = parameters.get(name)
    if value is None:
        return None
    if isinstance(value, QgsProcessingOutputLayerDefinition):
        sink = value.sink
        text = sink.staticValue() if isinstance(sink, QgsProperty) else sink
        if isinstance(sink, QgsProperty) and sink.propertyType() != QgsProperty.Type.StaticProperty:
            return None
    else:
        text = value
    text = "" if text is None else str(text)
    # TEMPORARY_OUTPUT is a memory layer for feature sinks in QGIS 3.22: keep the sink
    if not text or text == QgsProcessing.TEMPORARY_OUTPUT or "|" in text or not text.lower().endswith(".gpkg"):
        return None
    if text.lower().startswith(("ogr:", "memory:", "postgres:", "spatialite:", "mssql:", "oracle:")):
        return None
    path = alg.parameterAsOutputLayer(parameters, name, context)
    if not path or not path.lower().endswith(".gpkg") or "|" in path:
        return None
    return path


# -- bulk reading ---------------------------------------------------------------------------------
def ogr_bulk_location(source) -> Optional[Tuple[str, str]]:
    """(file path, layer name) when ``source`` is a QgsVectorLayer that OGR can stream as is.

    None (→ the QgsFeature loop) for a QgsProcessingFeatureSource (it may stand for selected
    features, a feature limit or a filter), memory or other providers, a subset string, or a
    layer with unsaved edits.
    """
    if not isinstance(source, QgsVectorLayer) or not source.isValid():
        return None
    dp = source.dataProvider()
    if dp is None or dp.name() != "ogr" or source.subsetString():
        return None
    if source.isEditable() and source.isModified():
        return None
    parts = QgsProviderRegistry.instance().decodeUri("ogr", source.source())
    path = parts.get("path") or ""
    if not path or not os.path.isfile(path) or parts.get("subset"):
        return None
    if parts.get("layerId") not in (None, "", -1) and not parts.get("layerName"):
        return None
    return path, parts.get("layerName") or ""


def points_input(alg, parameters: dict, name: str, context):
    """The input for :func:`read_points`: the layer itself when the bulk path applies, else the source.

    The layer is returned only when the parameter asks for all of it (no 'selected features
    only', no feature limit, no filter): then ``read_points`` can stream the file with OGR.
    """
    value = parameters.get(name)
    if isinstance(value, QgsProcessingFeatureSourceDefinition):
        limit = getattr(value, "featureLimit", -1)
        flt = getattr(value, "filterExpression", "") or ""
        if value.selectedFeaturesOnly or (limit is not None and limit >= 0) or flt:
            return alg.parameterAsSource(parameters, name, context)
    layer = alg.parameterAsVectorLayer(parameters, name, context)
    if layer is not None and ogr_bulk_location(layer) is not None:
        return layer
    return alg.parameterAsSource(parameters, name, context)


def _decode_runs(a: np.ndarray) -> np.ndarray:
    """Fixed-width UTF-8 bytes (numpy ``S``) → object array of str, decoding each run once.

    Fix layers are sorted by participant, so 3.5 M participant values are a few dozen runs.
    """
    n = a.shape[0]
    if n == 0:
        return np.zeros(0, dtype=object)
    change = np.ones(n, dtype=bool)
    change[1:] = a[1:] != a[:-1]
    starts = np.flatnonzero(change)
    vals = np.array([v.decode("utf-8", "replace") for v in a[starts].tolist()], dtype=object)
    lengths = np.diff(np.append(starts, n))
    return np.repeat(vals, lengths)


def _wkb_xy(geom: np.ndarray, mask: Optional[np.ndarray] = None) -> Tuple[np.ndarray, np.ndarray]:
    """x, y of WKB points (first point of multi-points); NaN for null/empty/other geometries."""
    n = geom.shape[0]
    x = np.full(n, np.nan)
    y = np.full(n, np.nan)
    if n == 0:
        return x, y
    if geom.dtype.kind == "V" and geom.dtype.itemsize in (21, 29, 37):
        b = np.ascontiguousarray(geom).view(np.uint8).reshape(n, geom.dtype.itemsize)
        le = b[:, 0] == 1
        gtype = b[:, 1:5].copy().view("<u4").reshape(n)
        point = le & ((gtype == 1) | (gtype == 1001) | (gtype == 2001) | (gtype == 3001)
                      | ((gtype & 0x0FFFFFFF) == 1))
        xv = b[:, 5:13].copy().view("<f8").reshape(n)
        yv = b[:, 13:21].copy().view("<f8").reshape(n)
        x[point] = xv[point]
        y[point] = yv[point]
        rest = np.flatnonzero(~point)
    else:
        rest = np.arange(n)
    for i in rest.tolist():
        blob = geom[i]
        if blob is None or blob is np.ma.masked or (mask is not None and mask[i]):
            continue
        try:
            g = ogr.CreateGeometryFromWkb(bytes(blob))
        except RuntimeError:  # not WKB (a null geometry's empty bytes)
            continue
        if g is None or g.IsEmpty():
            continue
        if g.GetGeometryCount() > 0 and ogr.GT_Flatten(g.GetGeometryType()) != ogr.wkbPoint:
            g = g.GetGeometryRef(0)
        x[i], y[i] = g.GetX(), g.GetY()
    return x, y


def read_points_ogr(path: str, layer_name: str, fields_wanted: Sequence[str],
                    is_cancelled: Optional[Callable[[], bool]] = None):
    """:func:`read_points` for a file OGR can open, through OGR's Arrow stream (GDAL ≥ 3.6).

    Only the wanted columns and the geometry are read (``SetIgnoredFields``), in batches of
    64 k features. Text → object array of str (NULL → ""), datetime → float64 epoch seconds
    (the stored wall-clock time read as UTC, NULL → NaN; GDAL 3.6's Arrow stream drops any
    ``+hh:mm`` offset, as QGIS 3.22's reader does), numbers → float64 (NULL → NaN). Rows
    with a null or empty geometry are left out, as in the loop. Measured: 3.46 M fixes with
    participant, time_utc, dwell_s, segment in 1.0 s CPU (≈ 0.3 µs per fix, vs ≈ 15 µs per fix
    for the QgsFeature loop: ≈ 50× faster).
    """
    gdal.UseExceptions()
    ds = gdal.OpenEx(path, gdal.OF_VECTOR | gdal.OF_READONLY)
    lyr = ds.GetLayerByName(layer_name) if layer_name else ds.GetLayer(0)
    if lyr is None:
        raise QgsProcessingException(f"No layer '{layer_name}' in {path}")
    defn = lyr.GetLayerDefn()
    names = [defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())]
    present = [nm for nm in fields_wanted if nm in names]
    lyr.SetIgnoredFields([nm for nm in names if nm not in present] + ["OGR_STYLE"])
    geom_name = lyr.GetGeometryColumn() or "wkb_geometry"
    chunks_x: List[np.ndarray] = []
    chunks_y: List[np.ndarray] = []
    chunks: dict = {nm: [] for nm in present}
    stream = lyr.GetArrowStreamAsNumPy(options=["USE_MASKED_ARRAYS=YES", "INCLUDE_FID=NO",
                                               "MAX_FEATURES_IN_BATCH=65536"])
    for batch in stream:
        if is_cancelled is not None and is_cancelled():
            raise QgsProcessingException("Cancelled")  # never carry on with part of the points
        geom = batch.get(geom_name)
        if geom is None:
            geom = next(v for k, v in batch.items() if k not in present)
        if isinstance(geom, np.ma.MaskedArray):
            mask = np.ma.getmaskarray(geom)
            geom = np.ma.getdata(geom)
        else:
            mask = None
        x, y = _wkb_xy(geom, mask)
        if mask is not None:
            x[mask] = np.nan
        keep = np.isfinite(x) & np.isfinite(y)
        chunks_x.append(x[keep])
        chunks_y.append(y[keep])
        for nm in present:
            chunks[nm].append(_arrow_column(batch[nm], nm)[keep])
    del stream
    ds = None
    out = {}
    for nm in present:
        parts = chunks[nm]
        if parts:
            out[nm] = np.concatenate(parts)
        else:
            kind = defn.GetFieldDefn(names.index(nm)).GetType()
            out[nm] = np.zeros(0, dtype=object if kind == ogr.OFTString and not nm.endswith("_utc") else np.float64)
    xs = np.concatenate(chunks_x) if chunks_x else np.zeros(0)
    ys = np.concatenate(chunks_y) if chunks_y else np.zeros(0)
    return xs, ys, out


def _arrow_column(col, name: str) -> np.ndarray:
    """One Arrow column (numpy / masked) → the representation of :func:`read_points`."""
    mask = np.ma.getmaskarray(col) if isinstance(col, np.ma.MaskedArray) else None
    data = np.ma.getdata(col) if mask is not None else np.asarray(col)
    kind = data.dtype.kind
    if kind == "M":
        ms = data.astype("datetime64[ms]").astype(np.int64).astype(np.float64) / 1000.0
        if mask is not None:
            ms[mask] = np.nan
        return ms
    if kind in ("S", "O", "U"):
        if kind == "S":
            txt = _decode_runs(data)
        else:
            txt = np.array(["" if v is None else (v.decode("utf-8", "replace") if isinstance(v, bytes) else str(v))
                            for v in data.tolist()], dtype=object)
        if mask is not None:
            txt[mask] = ""
        if name.endswith("_utc"):
            return np.array([epoch_from_qdatetime(v) if v else np.nan for v in txt.tolist()], dtype=np.float64)
        return txt
    out = data.astype(np.float64)
    if mask is not None:
        out[mask] = np.nan
    return out


def read_points(source, fields_wanted: Sequence[str] = ("participant", "time_utc", "dwell_s", "segment"),
                is_cancelled: Optional[Callable[[], bool]] = None):
    """Coordinates (in the source CRS) and attribute columns of a point source.

    Returns ``(x, y, columns)`` with ``columns[name]`` a numpy array (object of str for text,
    NULL → ""; float64 epoch seconds for datetimes and ``*_utc`` text; float64 otherwise,
    NULL → NaN); fields absent from the source are missing from ``columns``. Multi-points
    contribute their first point; features without geometry are left out.

    A QgsVectorLayer read in full from a file (GeoPackage, Shapefile, FlatGeobuf…; see
    :func:`ogr_bulk_location`) is streamed with OGR's Arrow interface (:func:`read_points_ogr`,
    ≈ 0.3 µs per fix); anything else — a QgsProcessingFeatureSource (selection, limit,
    filter), memory layers, subset strings — goes through the QgsFeature loop (≈ 15 µs per
    fix on a GeoPackage, ≈ 12 µs on a memory layer). Algorithms get the bulk path with :func:`points_input` instead of
    ``parameterAsSource``.
    """
    loc = ogr_bulk_location(source)
    if loc is not None:
        try:
            return read_points_ogr(loc[0], loc[1], fields_wanted, is_cancelled)
        except (RuntimeError, AttributeError, ValueError):  # no Arrow in this GDAL, odd layer: loop
            pass
    return _read_points_loop(source, fields_wanted, is_cancelled)


def _read_points_loop(source, fields_wanted: Sequence[str], is_cancelled: Optional[Callable[[], bool]] = None):
    """The QgsFeature loop behind :func:`read_points` (any QgsFeatureSource)."""
    src_fields = source.fields()
    names = [f.name() for f in src_fields]
    present = [n for n in fields_wanted if n in names]
    idx = [names.index(n) for n in present]
    req = QgsFeatureRequest()
    req.setSubsetOfAttributes(idx)
    xs: List[float] = []
    ys: List[float] = []
    cols: List[list] = [[] for _ in present]
    kinds = {n: src_fields.field(n).type() for n in present}
    appenders = [c.append for c in cols]
    pairs = list(zip(appenders, idx))
    xa, ya = xs.append, ys.append
    for i, feat in enumerate(source.getFeatures(req)):
        if is_cancelled is not None and i % 10000 == 0 and is_cancelled():
            raise QgsProcessingException("Cancelled")  # never carry on with part of the points
        g = feat.geometry()
        if g.isNull() or g.isEmpty():
            continue
        c = g.constGet()
        if not isinstance(c, QgsPoint):
            c = c.geometryN(0) if c.numGeometries() > 0 else None
            if c is None:
                continue
        xa(c.x())
        ya(c.y())
        for app, j in pairs:  # feat[j] converts one QVariant; attributes() converts them all (3× slower)
            app(feat[j])
    out = {}
    for n, vals in zip(present, cols):
        k = kinds[n]
        if k in (QVariant.Type.DateTime, QVariant.Type.Date) or (k == QVariant.Type.String and n.endswith("_utc")):
            out[n] = np.array([epoch_from_qdatetime(v) for v in vals], dtype=np.float64)
        elif k == QVariant.Type.String:
            out[n] = np.array(["" if v is None or v == NULL else str(v) for v in vals], dtype=object)
        else:
            arr = np.empty(len(vals), dtype=np.float64)
            for i, v in enumerate(vals):
                try:
                    arr[i] = float(v) if v is not None else np.nan
                except (TypeError, ValueError):
                    arr[i] = np.nan
            out[n] = arr
    return np.asarray(xs, dtype=np.float64), np.asarray(ys, dtype=np.float64), out

# -- coordinate reference systems -------------------------------------------------------------
def utm_epsg_for(lon_deg: float, lat_deg: float) -> int:
    """EPSG code of the metric CRS for a study area centred at (lon, lat).

    ETRS89 / UTM (EPSG:258zz, zones 28–38) inside Europe — EPSG:25832 for Denmark — else
    WGS84 / UTM north (326zz) or south (327zz).
    """
    zone = int(np.floor((lon_deg + 180.0) / 6.0)) % 60 + 1
    if 34.0 <= lat_deg <= 72.0 and -16.0 <= lon_deg <= 40.0 and 28 <= zone <= 38:
        return 25800 + zone
    return (32600 if lat_deg >= 0 else 32700) + zone


def _osr(crs: QgsCoordinateReferenceSystem) -> osr.SpatialReference:
    """The GDAL/OSR twin of a QGIS CRS (x = easting/longitude); a clear error if GDAL cannot read it."""
    sr = osr.SpatialReference()
    authid = crs.authid()
    if authid.upper().startswith("EPSG:"):
        err = sr.ImportFromEPSG(int(authid.split(":")[1]))
    else:
        err = sr.ImportFromWkt(crs.toWkt())
    if err != 0:
        raise QgsProcessingException(
            f"GDAL cannot read the coordinate reference system '{authid or crs.description() or 'unknown'}' "
            f"(OGR error {err})")
    sr.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return sr


_TRANSFORM_CHUNK = 1 << 18  # ≈ 0.1 s per GDAL call, which holds the GIL: QGIS stays responsive


def transform_xy(x: np.ndarray, y: np.ndarray, src: QgsCoordinateReferenceSystem,
                 dst: QgsCoordinateReferenceSystem,
                 is_cancelled: Optional[Callable[[], bool]] = None) -> Tuple[np.ndarray, np.ndarray]:
    """Transform coordinate arrays between CRSs in one call (x = easting/longitude).

    Returns C-contiguous arrays: the strided columns of the (n, 3) result made
    ``core.stays.detect_stays`` 10× slower (3.5 M fixes: 35 s instead of 3 s).
    """
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if x.size == 0 or src == dst:
        return x.copy(), y.copy()
    ct = osr.CoordinateTransformation(_osr(src), _osr(dst))
    out_x = np.empty(x.size)
    out_y = np.empty(x.size)
    # GDAL returns a list of (x, y, z) tuples, about 140 bytes per point: in chunks, so that
    # 24 M points do not need 3 GB at once
    for a in range(0, x.size, _TRANSFORM_CHUNK):
        if is_cancelled is not None and is_cancelled():
            raise QgsProcessingException("Cancelled")
        b = min(x.size, a + _TRANSFORM_CHUNK)
        try:
            res = ct.TransformPoints(np.column_stack([x[a:b], y[a:b]]))
        except (TypeError, RuntimeError) as exc:  # GDAL could not build the transformation
            raise QgsProcessingException(
                f"GDAL cannot transform coordinates from {src.authid() or src.description()} to "
                f"{dst.authid() or dst.description()}") from exc
        part = np.fromiter(itertools.chain.from_iterable(res), dtype=np.float64, count=3 * (b - a)).reshape(-1, 3)
        del res
        out_x[a:b] = part[:, 0]
        out_y[a:b] = part[:, 1]
    return out_x, out_y


def choose_metric_crs(src: QgsCoordinateReferenceSystem, x: np.ndarray, y: np.ndarray) -> QgsCoordinateReferenceSystem:
    """The source CRS if it is projected in metres, else the local UTM zone of the data."""
    if src.isValid() and not src.isGeographic():
        return src
    if x.size == 0:
        return QgsCoordinateReferenceSystem("EPSG:25832")
    lon, lat = transform_xy(np.array([np.nanmedian(x)]), np.array([np.nanmedian(y)]), src,
                            QgsCoordinateReferenceSystem(WGS84))
    return QgsCoordinateReferenceSystem(f"EPSG:{utm_epsg_for(float(lon[0]), float(lat[0]))}")
