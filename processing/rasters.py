"""GeoTIFF reading and writing through GDAL (bulk numpy arrays, no per-pixel Python)."""
from __future__ import annotations

from typing import Dict, Optional, Tuple

import numpy as np
from osgeo import gdal
from qgis.core import QgsCoordinateReferenceSystem, QgsProcessingException

NODATA = -9999.0

gdal.UseExceptions()


def write_geotiff(path: str, array: np.ndarray, geotransform: Tuple[float, ...],
                  crs: QgsCoordinateReferenceSystem, description: str, units: str,
                  metadata: Optional[Dict[str, str]] = None, nodata: float = NODATA) -> None:
    """Write one float32 band (NaN → ``nodata``) with band description, units and metadata."""
    a = np.asarray(array, dtype=np.float32)
    a = np.where(np.isfinite(a), a, np.float32(nodata)).astype(np.float32)
    rows, cols = a.shape
    drv = gdal.GetDriverByName("GTiff")
    try:
        ds = drv.Create(path, cols, rows, 1, gdal.GDT_Float32,
                        options=["COMPRESS=DEFLATE", "PREDICTOR=3", "TILED=YES"])
    except RuntimeError as exc:
        raise QgsProcessingException(f"Cannot write the raster '{path}': {exc}") from exc
    ds.SetGeoTransform(tuple(float(v) for v in geotransform))
    ds.SetProjection(crs.toWkt())
    band = ds.GetRasterBand(1)
    band.SetNoDataValue(float(nodata))
    band.SetDescription(description)
    band.SetUnitType(units)
    band.WriteArray(a)
    md = {"UNITS": units}
    md.update(metadata or {})
    band.SetMetadata({str(k): str(v) for k, v in md.items()})
    band.FlushCache()
    ds.FlushCache()
    ds = None


def read_geotiff(path: str):
    """``(array float64 with NaN for nodata, geotransform, wkt)`` of band 1 of a raster."""
    try:
        ds = gdal.Open(path, gdal.GA_ReadOnly)
    except RuntimeError as exc:
        raise QgsProcessingException(f"Cannot open the raster '{path}': {exc}") from exc
    band = ds.GetRasterBand(1)
    a = band.ReadAsArray().astype(np.float64)
    nd = band.GetNoDataValue()
    if nd is not None:
        a[a == nd] = np.nan
    gt = ds.GetGeoTransform()
    wkt = ds.GetProjection()
    ds = None
    return a, gt, wkt
