"""trampesti:hotspots — percent-volume hotspot polygons of a density raster."""
from __future__ import annotations

import numpy as np
from qgis.core import (
    QgsFeature,
    QgsFeatureSink,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterString,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ..core import hotspots, kanon, kde
from ..core.exceptions import TrampestiError
from .base import TrampestiAlgorithm
from .layers import make_fields, points_input, read_points, transform_xy
from .polygonize import polygonize_labels
from .rasters import read_geotiff
from .styles import attach_style, style_hotspots

HOTSPOT_FIELDS = (
    ("level_pct", QVariant.Type.Double),
    ("person_hours", QVariant.Type.Double),
    ("n_participants", QVariant.Type.Int),
    ("area_m2", QVariant.Type.Double),
)
M2_PER_HA = 10000.0


class Hotspots(TrampestiAlgorithm):
    """The smallest areas holding 50, 75, 90 % of all presence, as polygons."""

    ALGORITHM_ID = "hotspots"
    DISPLAY_NAME = "Hotspot polygons"
    GROUP = "3 Hotspots"
    GROUP_ID = "hotspots"
    TAGS = "hotspot,percent volume contour,home range,density,polygon"
    HELP = (
        "Turns a density raster (from Kernel density of presence) into hotspot polygons: the L % "
        "hotspot is the smallest area that holds L % of all presence (percent-volume contour, "
        "highest density region; Hyndman 1996). Each connected area is one feature with "
        "level_pct, person_hours inside, area_m2 and n_participants.\n\n"
        "Give the fixes as FIXES to count the distinct participants with fixes inside each polygon; "
        "polygons with fewer than K_MIN participants are left out (k-anonymity). Without FIXES the "
        "raster's own suppression is the only protection and n_participants is empty."
    )

    INPUT = "INPUT"
    LEVELS = "LEVELS"
    FIXES = "FIXES"
    K_MIN = "K_MIN"
    OUTPUT = "OUTPUT"

    def initAlgorithm(self, config=None):  # noqa: N802
        self._keep = []
        self.addParameter(self.with_help(QgsProcessingParameterRasterLayer(self.INPUT, self.tr("Density raster")),
                                         self.tr("Output of Kernel density of presence (person-hours per hectare).")))
        self.addParameter(self.with_help(QgsProcessingParameterString(
            self.LEVELS, self.tr("Levels (% of presence)"), defaultValue="50,75,90"),
            self.tr("Comma-separated percentages, e.g. 50,75,90.")))
        self.addParameter(self.with_help(QgsProcessingParameterFeatureSource(
            self.FIXES, self.tr("Fixes (to count participants)"), [QgsProcessing.SourceType.TypeVectorPoint],
            optional=True), self.tr("Point layer with a 'participant' field.")))
        self.addParameter(self.number(self.K_MIN, "Minimum participants per polygon (K_MIN)", 3, 1, integer=True,
                                      help_text="Polygons with fewer distinct participants are not written."))
        self.addParameter(self.with_help(QgsProcessingParameterFeatureSink(
            self.OUTPUT, self.tr("Hotspots"), QgsProcessing.SourceType.TypeVectorPolygon),
            self.tr("Polygons with level_pct, person_hours, n_participants, area_m2.")))
        self.addOutput(QgsProcessingOutputNumber("SUPPRESSED", self.tr("Polygons suppressed below K_MIN")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        layer = self.parameterAsRasterLayer(parameters, self.INPUT, context)
        if layer is None:
            raise QgsProcessingException(self.invalidRasterError(parameters, self.INPUT))
        try:
            levels = hotspots.parse_levels(self.parameterAsString(parameters, self.LEVELS, context))
        except TrampestiError as exc:
            raise QgsProcessingException(str(exc)) from exc
        k_min = self.parameterAsInt(parameters, self.K_MIN, context)
        density, gt, wkt = read_geotiff(layer.source())
        crs = layer.crs()
        if abs(abs(gt[1]) - abs(gt[5])) > 1e-9 * abs(gt[1]) or gt[2] or gt[4]:
            raise QgsProcessingException(self.tr("The density raster must have square, north-up pixels"))
        grid = kde.Grid.from_geotransform(gt, density.shape[1], density.shape[0])
        x = y = pid = None
        fixes = points_input(self, parameters, self.FIXES, context) if parameters.get(self.FIXES) else None
        if fixes is not None:
            fx, fy, cols = read_points(fixes, ["participant"], self.cancel_fn(feedback))
            if "participant" not in cols:
                raise QgsProcessingException(self.tr("FIXES has no 'participant' field"))
            x, y = transform_xy(fx, fy, fixes.sourceCrs(), crs)
            pid = cols["participant"]
        else:
            feedback.pushWarning(self.tr("No FIXES given: n_participants cannot be counted"))
        fields = make_fields(HOTSPOT_FIELDS)
        (sink, dest_id) = self.parameterAsSink(parameters, self.OUTPUT, context, fields,
                                                QgsWkbTypes.Type.MultiPolygon, crs)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        suppressed = 0
        if not np.any(np.nan_to_num(density, nan=0.0) > 0):
            feedback.pushWarning(self.tr(
                "The density raster holds no published presence (every cell is zero or suppressed below "
                "K_MIN): there are no hotspots to draw"))
            levels = []
        for i, lv in enumerate(sorted(levels, reverse=True)):
            if feedback.isCanceled():
                break
            labels, regions = self.run_core(
                hotspots.label_regions, hotspots.level_masks(density, [lv])[lv], density, grid,
                x, y, pid, lv, M2_PER_HA)
            geoms = polygonize_labels(labels, gt, wkt or crs.toWkt())
            for reg in regions:
                if pid is not None and not kanon.is_publishable(reg.n_participants, k_min):
                    suppressed += 1
                    continue
                f = QgsFeature(fields)
                f.setAttributes([float(lv), reg.person_hours,
                                 reg.n_participants if reg.n_participants >= 0 else None, reg.area_m2])
                g = geoms.get(reg.label)
                if g is None:
                    continue
                g.convertToMultiType()
                f.setGeometry(g)
                sink.addFeature(f, QgsFeatureSink.Flag.FastInsert)
            feedback.setProgress(100.0 * (i + 1) / max(1, len(levels)))
        if suppressed:
            feedback.pushInfo(self.tr("{n} hotspot polygons left out: fewer than {k} participants").format(
                n=suppressed, k=k_min))
        attach_style(context, dest_id, style_hotspots, self._keep)
        return {self.OUTPUT: dest_id, "SUPPRESSED": suppressed}
