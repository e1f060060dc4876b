"""Moving data between QGIS layers and the numpy arrays of ``core/``.

Everything here is bulk where QGIS allows it: features are built and added in batches and
coordinates are transformed with one GDAL/OSR call per array, not per point.
"""
from __future__ import annotations

from typing import Callable, Iterable, List, Optional, Sequence, Tuple

import numpy as np
from osgeo import osr
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsFeatureRequest,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsPointXY,
    QgsProcessingException,
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
    """Epoch seconds from a QDateTime / QDate / ISO string attribute (NaN when null)."""
    if value is None:
        return float("nan")
    if isinstance(value, QDateTime):
        if value.isNull() or not value.isValid():
            return float("nan")
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


def write_fixes(sink: QgsFeatureSink, fx: Fixes, round_label: str, with_source: bool = True,
                progress: Optional[Callable[[float], None]] = None,
                is_cancelled: Optional[Callable[[], bool]] = None) -> int:
    """Add the fixes to ``sink`` (point geometries in EPSG:4326) in batches; returns the count."""
    n = len(fx)
    fields = fix_fields(with_source)
    written = 0
    for start in range(0, n, BATCH):
        if is_cancelled is not None and is_cancelled():
            break
        stop = min(n, start + BATCH)
        feats: List[QgsFeature] = []
        lon, lat = fx.lon[start:stop].tolist(), fx.lat[start:stop].tolist()
        for i in range(start, stop):
            f = QgsFeature(fields)
            attrs = [
                str(fx.participant[i]),
                round_label,
                qdatetime_utc(fx.time_s[i]),
                float(fx.dwell_s[i]),
                int(fx.segment[i]),
                _nan_to_none(fx.speed_mps[i]),
                _nan_to_none(fx.ele_m[i]),
                _nan_to_none(fx.hdop[i]),
                None if not np.isfinite(fx.sats[i]) else int(fx.sats[i]),
            ]
            if with_source:
                attrs.append(str(fx.source[i]))
            f.setAttributes(attrs)
            f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(lon[i - start], lat[i - start])))
            feats.append(f)
        if not sink.addFeatures(feats, QgsFeatureSink.Flag.FastInsert):
            raise QgsProcessingException("Could not write fixes to the output layer")
        written += len(feats)
        if progress is not None:
            progress(stop / max(1, n))
    return written


def read_points(source, fields_wanted: Sequence[str] = ("participant", "time_utc", "dwell_s", "segment"),
                is_cancelled: Optional[Callable[[], bool]] = None):
    """Coordinates (in the source CRS) and attribute columns of a point source.

    Returns ``(x, y, columns)`` with ``columns[name]`` a numpy array (object for text,
    float64 epoch seconds for datetimes, float64 otherwise); fields absent from the source are
    missing from ``columns``. Multi-points contribute their first point.
    """
    names = [f.name() for f in source.fields()]
    present = [n for n in fields_wanted if n in names]
    idx = [names.index(n) for n in present]
    req = QgsFeatureRequest()
    req.setSubsetOfAttributes(idx)
    xs: List[float] = []
    ys: List[float] = []
    cols: dict = {n: [] for n in present}
    kinds = {n: source.fields().field(n).type() for n in present}
    for i, feat in enumerate(source.getFeatures(req)):
        if is_cancelled is not None and i % 10000 == 0 and is_cancelled():
            break
        g = feat.geometry()
        if g is None or g.isEmpty():
            continue
        p = g.asPoint() if not g.isMultipart() else g.asMultiPoint()[0]
        xs.append(p.x())
        ys.append(p.y())
        attrs = feat.attributes()
        for n, j in zip(present, idx):
            cols[n].append(attrs[j])
    out = {}
    for n in present:
        k = kinds[n]
        vals = cols[n]
        if k in (QVariant.Type.DateTime, QVariant.Type.Date, QVariant.Type.String) and n.endswith("_utc"):
            out[n] = np.array([epoch_from_qdatetime(v) for v in vals], dtype=np.float64)
        elif k == QVariant.Type.String:
            out[n] = np.array(["" if v is None else str(v) for v in vals], dtype=object)
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
    sr = osr.SpatialReference()
    authid = crs.authid()
    if authid.upper().startswith("EPSG:"):
        sr.ImportFromEPSG(int(authid.split(":")[1]))
    else:
        sr.ImportFromWkt(crs.toWkt())
    sr.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return sr


def transform_xy(x: np.ndarray, y: np.ndarray, src: QgsCoordinateReferenceSystem,
                 dst: QgsCoordinateReferenceSystem) -> Tuple[np.ndarray, np.ndarray]:
    """Transform coordinate arrays between CRSs in one call (x = easting/longitude)."""
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if x.size == 0 or src == dst:
        return x.copy(), y.copy()
    ct = osr.CoordinateTransformation(_osr(src), _osr(dst))
    pts = np.column_stack([x, y])
    out = np.asarray(ct.TransformPoints(pts), dtype=np.float64)
    return out[:, 0], out[:, 1]


def choose_metric_crs(src: QgsCoordinateReferenceSystem, x: np.ndarray, y: np.ndarray) -> QgsCoordinateReferenceSystem:
    """The source CRS if it is projected in metres, else the local UTM zone of the data."""
    if src.isValid() and not src.isGeographic():
        return src
    if x.size == 0:
        return QgsCoordinateReferenceSystem("EPSG:25832")
    lon, lat = transform_xy(np.array([np.nanmedian(x)]), np.array([np.nanmedian(y)]), src,
                            QgsCoordinateReferenceSystem(WGS84))
    return QgsCoordinateReferenceSystem(f"EPSG:{utm_epsg_for(float(lon[0]), float(lat[0]))}")
