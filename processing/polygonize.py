"""Label rasters → polygons with GDAL (one call per raster, not per cell)."""
from __future__ import annotations

from typing import Dict, Tuple

import numpy as np
from osgeo import gdal, ogr, osr
from qgis.core import QgsGeometry


def polygonize_labels(labels: np.ndarray, geotransform: Tuple[float, ...], wkt: str) -> Dict[int, QgsGeometry]:
    """Polygons of every label > 0 (8-connected cells), one (multi)polygon per label."""
    rows, cols = labels.shape
    mem = gdal.GetDriverByName("MEM").Create("", cols, rows, 1, gdal.GDT_Int32)
    mem.SetGeoTransform(tuple(geotransform))
    if wkt:
        mem.SetProjection(wkt)
    band = mem.GetRasterBand(1)
    band.WriteArray(labels.astype(np.int32))
    mask_ds = gdal.GetDriverByName("MEM").Create("", cols, rows, 1, gdal.GDT_Byte)
    mask_ds.GetRasterBand(1).WriteArray((labels > 0).astype(np.uint8))
    sr = osr.SpatialReference()
    if wkt:
        sr.ImportFromWkt(wkt)
    vds = ogr.GetDriverByName("Memory").CreateDataSource("")
    layer = vds.CreateLayer("poly", srs=sr if wkt else None, geom_type=ogr.wkbPolygon)
    layer.CreateField(ogr.FieldDefn("label", ogr.OFTInteger))
    gdal.Polygonize(band, mask_ds.GetRasterBand(1), layer, 0, ["8CONNECTED=8"])
    parts: Dict[int, list] = {}
    for feat in layer:
        lab = int(feat.GetField(0))
        g = QgsGeometry()
        g.fromWkb(bytes(feat.GetGeometryRef().ExportToWkb()))
        parts.setdefault(lab, []).append(g)
    return {lab: (gs[0] if len(gs) == 1 else QgsGeometry.unaryUnion(gs)) for lab, gs in parts.items()}
