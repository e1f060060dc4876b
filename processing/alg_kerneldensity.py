"""trampesti:kerneldensity — time-weighted, participant-fair kernel density (person-hours/ha)."""
from __future__ import annotations

import numpy as np
from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterExtent,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
)

from ..core import kanon, kde, studyarea
from ..core.fixes import text_column
from ..core.studyarea import approx_metric_xy
from ..core.definitions import Kernel, Weight
from .base import TrampestiAlgorithm
from .layers import choose_metric_crs, points_input, read_points, transform_xy
from .rasters import write_geotiff
from .styles import attach_style, style_density

WEIGHTS = [Weight.DWELL, Weight.DURATION, Weight.FIELD, Weight.NONE]
KERNELS = [Kernel.QUARTIC, Kernel.GAUSSIAN]
M2_PER_HA = 10000.0


class KernelDensity(TrampestiAlgorithm):
    """Kernel density of presence on a fixed metric grid, suppressed below K_MIN participants."""

    ALGORITHM_ID = "kerneldensity"
    DISPLAY_NAME = "Kernel density of presence"
    GROUP = "3 Hotspots"
    GROUP_ID = "hotspots"
    TAGS = "heatmap,kde,kernel density,hotspot,dwell,presence,person-hours"
    HELP = (
        "Estimates where people spend time: a kernel density of fixes weighted by the time each fix "
        "stands for (dwell_s), in person-hours per hectare, on a grid in metres.\n\n"
        "The grid is in the input's CRS if it is projected, else in the local UTM zone (ETRS89 / "
        "UTM 32N, EPSG:25832, for Denmark). Give a previous round's raster as GRID (or an EXTENT) "
        "so that every round uses identical pixels.\n\n"
        "Weights: dwell time (default) makes a 1 s logger and a 60 s logger comparable; stay "
        "duration for stay layers; a numeric field; or none (every point counts 1). "
        "PER_PARTICIPANT gives every participant the same total weight, so one person sitting all "
        "day cannot make a hotspot alone.\n\n"
        "Kernel: quartic (biweight, the shape of QGIS Heatmap) with radius BANDWIDTH_M, or "
        "gaussian with standard deviation BANDWIDTH_M (truncated at 4 sigma). BANDWIDTH_M = 0 "
        "chooses it from the data (Silverman's rule, see the manual). Method: linear binning and "
        "FFT convolution (Wand & Jones 1995, Kernel Smoothing, ch. 4).\n\n"
        "Privacy: cells with fewer than K_MIN distinct participants within the kernel's reach are "
        "nodata (k-anonymity)."
    )

    INPUT = "INPUT"
    WEIGHT = "WEIGHT"
    WEIGHT_FIELD = "WEIGHT_FIELD"
    PER_PARTICIPANT = "PER_PARTICIPANT"
    BANDWIDTH_M = "BANDWIDTH_M"
    KERNEL = "KERNEL"
    PIXEL_SIZE_M = "PIXEL_SIZE_M"
    K_MIN = "K_MIN"
    GRID = "GRID"
    EXTENT = "EXTENT"
    OUTPUT = "OUTPUT"
    OUTPUT_PARTICIPANTS = "OUTPUT_PARTICIPANTS"

    def initAlgorithm(self, config=None):  # noqa: N802
        self._keep = []
        self.addParameter(self.with_help(QgsProcessingParameterFeatureSource(
            self.INPUT, self.tr("Fixes or stays"), [QgsProcessing.SourceType.TypeVectorPoint]),
            self.tr("Point layer with a 'participant' field (fixes from import, or stays).")))
        self.addParameter(self.with_help(QgsProcessingParameterEnum(
            self.WEIGHT, self.tr("Weight"), options=[w.value for w in WEIGHTS], defaultValue=0),
            self.tr("dwell: seconds of presence per fix (dwell_s); duration: duration_s of stays; "
                    "field: WEIGHT_FIELD; none: 1 per point.")))
        self.addParameter(self.advanced(self.with_help(QgsProcessingParameterField(
            self.WEIGHT_FIELD, self.tr("Weight field"), parentLayerParameterName=self.INPUT,
            type=QgsProcessingParameterField.DataType.Numeric, optional=True),
            self.tr("Numeric field used when WEIGHT is 'field'."))))
        self.addParameter(self.with_help(QgsProcessingParameterBoolean(
            self.PER_PARTICIPANT, self.tr("Same total weight for every participant"), defaultValue=True),
            self.tr("Fair per participant: each one's weights are scaled to the same total.")))
        self.addParameter(self.number(self.BANDWIDTH_M, "Bandwidth (m, 0 = automatic)", 0.0, 0.0,
                                      help_text="Quartic: kernel radius in metres; gaussian: standard deviation."))
        self.addParameter(self.with_help(QgsProcessingParameterEnum(
            self.KERNEL, self.tr("Kernel"), options=[k.value for k in KERNELS], defaultValue=0),
            self.tr("quartic (as QGIS Heatmap) or gaussian.")))
        self.addParameter(self.number(self.PIXEL_SIZE_M, "Pixel size (m)", 10.0, 0.1,
                                      help_text="Side of a grid cell in metres."))
        self.addParameter(self.number(self.K_MIN, "Minimum participants per cell (K_MIN)", 3, 1, integer=True,
                                      help_text="Cells backed by fewer distinct participants are nodata."))
        self.addParameter(self.advanced(self.with_help(QgsProcessingParameterRasterLayer(
            self.GRID, self.tr("Grid template (a previous round's density)"), optional=True),
            self.tr("Use exactly this raster's CRS, origin, pixel size and extent."))))
        self.addParameter(self.advanced(self.with_help(QgsProcessingParameterExtent(
            self.EXTENT, self.tr("Extent"), optional=True),
            self.tr("Fixed study area; the grid snaps to whole pixels."))))
        self.addParameter(self.with_help(QgsProcessingParameterRasterDestination(
            self.OUTPUT, self.tr("Density (person-hours/ha)")),
            self.tr("Float32 GeoTIFF in person-hours per hectare; suppressed cells are nodata.")))
        p = QgsProcessingParameterRasterDestination(self.OUTPUT_PARTICIPANTS, self.tr("Distinct participants per cell"),
                                                    optional=True, createByDefault=False)
        self.addParameter(self.advanced(self.with_help(p, self.tr(
            "Optional raster with the number of distinct participants within reach of each cell (suppressed below K_MIN)."))))
        self.addOutput(QgsProcessingOutputNumber("BANDWIDTH_USED_M", self.tr("Bandwidth used (m)")))
        self.addOutput(QgsProcessingOutputNumber("TOTAL_PERSON_HOURS", self.tr("Total person-hours published")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        source = points_input(self, parameters, self.INPUT, context)  # a whole OGR layer: read in bulk
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.INPUT))
        weight_kind = WEIGHTS[self.parameterAsEnum(parameters, self.WEIGHT, context)]
        weight_field = self.parameterAsString(parameters, self.WEIGHT_FIELD, context)
        kernel = KERNELS[self.parameterAsEnum(parameters, self.KERNEL, context)]
        bandwidth_m = self.parameterAsDouble(parameters, self.BANDWIDTH_M, context)
        pixel_m = self.parameterAsDouble(parameters, self.PIXEL_SIZE_M, context)
        k_min = self.parameterAsInt(parameters, self.K_MIN, context)
        per_participant = self.parameterAsBool(parameters, self.PER_PARTICIPANT, context)

        wanted = ["participant"]
        if weight_kind == Weight.DWELL:
            wanted.append("dwell_s")
        elif weight_kind == Weight.DURATION:
            wanted.append("duration_s")
        elif weight_kind == Weight.FIELD:
            if not weight_field:
                raise QgsProcessingException(self.tr("WEIGHT is 'field' but no WEIGHT_FIELD was chosen"))
            wanted.append(weight_field)
        feedback.setProgressText(self.tr("Reading points"))
        x, y, cols = read_points(source, wanted, self.cancel_fn(feedback))
        if feedback.isCanceled():
            return {}
        if "participant" not in cols:
            if k_min > 1 or per_participant:
                raise QgsProcessingException(self.tr(
                    "The input has no 'participant' field, so neither K_MIN nor PER_PARTICIPANT can be applied: "
                    "use the output of Import tracker files (or set K_MIN = 1 and PER_PARTICIPANT off for a "
                    "plain point density)"))
            cols["participant"] = text_column(x.size, "")
        if weight_kind == Weight.NONE:
            w = np.ones(x.size)
        else:
            name = wanted[1]
            if name not in cols:
                raise QgsProcessingException(self.tr("The input has no '{f}' field for the chosen weight").format(f=name))
            w = np.nan_to_num(cols[name], nan=0.0)
            if weight_kind in (Weight.DWELL, Weight.DURATION):
                w = w / 3600.0  # seconds → hours: the raster is in person-hours per hectare
        ok = np.isfinite(x) & np.isfinite(y) & (w > 0)
        if ok.all():  # the usual case: no copies of 24 M points
            pid = cols["participant"]
        else:
            x, y, w, pid = x[ok], y[ok], w[ok], cols["participant"][ok]
        del ok, cols
        if feedback.isCanceled():
            return {}
        if x.size == 0:
            raise QgsProcessingException(self.tr("No points with a positive weight in the input"))

        grid_layer = self.parameterAsRasterLayer(parameters, self.GRID, context)
        extent_given = self.parameterAsExtent(parameters, self.EXTENT, context)
        if grid_layer is None and (extent_given is None or extent_given.isNull() or extent_given.width() <= 0):
            if source.sourceCrs().isGeographic():
                cx, cy = approx_metric_xy(x, y)
            else:
                cx, cy = x, y
            if feedback.isCanceled():
                return {}
            area = self.run_core(studyarea.main_study_area, cx, cy, w, is_cancelled=self.cancel_fn(feedback))
            del cx, cy
            if area.n_outside:
                n_out_part = len(set(pid[~area.inside]) - set(pid[area.inside]))
                feedback.pushWarning(self.tr(
                    "{n} points ({h:.1f} h of {t:.1f} h) lie outside the main study area and are left out of "
                    "this density ({a} separate areas; {p} participants only outside). Give EXTENT to map "
                    "another area.").format(n=area.n_outside, h=area.weight_outside,
                                            t=area.weight_outside + area.weight_inside,
                                            a=area.n_areas, p=n_out_part))
                x, y, w, pid = x[area.inside], y[area.inside], w[area.inside], pid[area.inside]
        if grid_layer is not None:
            metric = grid_layer.crs()
        else:
            metric = choose_metric_crs(source.sourceCrs(), x, y)
        if feedback.isCanceled():
            return {}
        xm, ym = transform_xy(x, y, source.sourceCrs(), metric, self.cancel_fn(feedback))
        if feedback.isCanceled():
            return {}
        feedback.pushInfo(self.tr("Grid CRS: {c}").format(c=metric.authid()))
        if bandwidth_m <= 0:
            bandwidth_m = float(self.run_core(kde.auto_bandwidth_m, xm, ym, w, is_cancelled=self.cancel_fn(feedback)))
            feedback.pushInfo(self.tr("Automatic bandwidth: {b:.1f} m").format(b=bandwidth_m))
        support_m = bandwidth_m if kernel == Kernel.QUARTIC else 4.0 * bandwidth_m

        if grid_layer is not None:
            ext = grid_layer.extent()
            grid = kde.Grid.from_geotransform(
                (ext.xMinimum(), grid_layer.rasterUnitsPerPixelX(), 0.0, ext.yMaximum(), 0.0,
                 -grid_layer.rasterUnitsPerPixelY()), grid_layer.width(), grid_layer.height())
            pixel_m = grid.pixel_size_m
        else:
            extent = self.parameterAsExtent(parameters, self.EXTENT, context, metric)
            if extent is not None and not extent.isNull() and extent.width() > 0:
                grid = kde.Grid.from_extent(extent.xMinimum(), extent.yMinimum(), extent.xMaximum(),
                                            extent.yMaximum(), pixel_m, 0.0)
            else:
                grid = kde.Grid.from_extent(float(xm.min()), float(ym.min()), float(xm.max()), float(ym.max()),
                                            pixel_m, support_m + pixel_m)
        if grid.n_cols * grid.n_rows > 200_000_000:
            raise QgsProcessingException(self.tr(
                "The grid would have {n} cells: use a larger pixel size or a smaller extent").format(
                n=grid.n_cols * grid.n_rows))
        feedback.setProgressText(self.tr("Estimating density"))
        density = self.run_core(kde.kernel_density, xm, ym, w, grid, bandwidth_m, kernel=kernel.value,
                                participant=pid, per_participant=per_participant,
                                progress=self.progress_fn(feedback, 10, 70), is_cancelled=self.cancel_fn(feedback))
        if feedback.isCanceled():
            return {}
        density = density * M2_PER_HA
        part_out = self.parameterAsOutputLayer(parameters, self.OUTPUT_PARTICIPANTS, context)
        n_part = None
        published = density
        if k_min > 1 or part_out:
            feedback.setProgressText(self.tr("Counting distinct participants per cell (K_MIN = {k})").format(k=k_min))
            n_part = self.run_core(kde.participants_within, xm, ym, pid, grid, support_m,
                                   is_cancelled=self.cancel_fn(feedback))
        if k_min > 1:
            published = kanon.suppress(density, n_part, k_min)
            suppressed_cells = int(np.sum((n_part < k_min) & (density > 0)))
            feedback.pushInfo(self.tr("{n} cells with presence suppressed (fewer than {k} participants)").format(
                n=suppressed_cells, k=k_min))
        if not np.any(np.isfinite(published) & (published > 0)):
            feedback.pushWarning(self.tr(
                "No cell is backed by {k} or more distinct participants, so nothing can be published: the "
                "raster is all nodata. (Files of one person only show with K_MIN = 1 — never share such a map.)"
            ).format(k=k_min))
        out = self.parameterAsOutputLayer(parameters, self.OUTPUT, context)
        meta = {"BANDWIDTH_M": f"{bandwidth_m:.3f}", "KERNEL": kernel.value, "K_MIN": str(k_min),
                "WEIGHT": weight_kind.value, "PER_PARTICIPANT": str(per_participant),
                "PIXEL_SIZE_M": f"{pixel_m:g}", "SOFTWARE": "Trampesti"}
        units = "person-hours per hectare" if weight_kind in (Weight.DWELL, Weight.DURATION) else "weight per hectare"
        write_geotiff(out, published, grid.geotransform(), metric, "density of presence", units, meta)
        results = {self.OUTPUT: out, "BANDWIDTH_USED_M": bandwidth_m,
                   "TOTAL_PERSON_HOURS": float(np.nansum(published) * pixel_m * pixel_m / M2_PER_HA)}
        if part_out:
            write_geotiff(part_out, kanon.suppress(n_part, n_part, k_min), grid.geotransform(), metric,
                          "distinct participants", "participants", {"K_MIN": str(k_min)})
            results[self.OUTPUT_PARTICIPANTS] = part_out
        attach_style(context, out, style_density, self._keep)
        return results
