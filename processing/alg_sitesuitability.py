"""trampesti:sitesuitability — score candidate shelter sites against demand, toilets, cover, wind.

Also holds the layer → numpy helpers the site algorithms share: :func:`polygons_to_rings`,
:func:`feature_xy` (points, or centroids of lines/polygons), :func:`read_demand`.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsFeatureRequest,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsPointXY,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterString,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QVariant

from ..core import sites
from .base import TrampestiAlgorithm
from .layers import choose_metric_crs, points_input, read_points, transform_xy
from .rasters import read_geotiff, write_geotiff
from .styles import attach_style, style_candidates, style_density

S_PER_H = 3600.0
M2_PER_HA = 10000.0
TOILET_CURVES = ["linear", "sigmoid"]
#: criteria in their fixed order (weights W_<NAME>, output columns c_<name>)
CRITERIA = ("demand", "participants", "toilet", "cover", "wind", "extra")
RESULT_FIELDS = ("score", "person_hours_served", "participants_served", "toilet_dist_m", "covered")


# -- shared helpers ---------------------------------------------------------------------------
def tr(text: str) -> str:
    """Translate the shared helpers' messages (context "SiteLayers")."""
    return QCoreApplication.translate("SiteLayers", text)


def _ring_lengths_and_vertices(geom: QgsGeometry) -> list[list[list[tuple[float, float]]]]:
    if QgsWkbTypes.isCurvedType(geom.wkbType()):
        geom = QgsGeometry(geom.constGet().segmentize())
    if geom.isMultipart():
        polys = geom.asMultiPolygon()
    else:
        polys = [geom.asPolygon()]
    return [[[(p.x(), p.y()) for p in ring] for ring in poly if len(ring) >= 3] for poly in polys]


def polygons_to_rings(source, crs: QgsCoordinateReferenceSystem, context=None) -> list[list[np.ndarray]]:
    """Every polygon of ``source`` as a list of rings (exterior first, holes after), each an
    ``(m, 2)`` float64 array of metres in ``crs``; multipolygons give one entry per part.

    ``source`` is a QgsFeatureSource/QgsVectorLayer or None (→ ``[]``). Non-polygon features
    are skipped. All vertices are transformed in one :func:`transform_xy` call. ``context``
    is accepted for the Processing call signature (transforms go through OSR, like points).
    """
    if source is None:
        return []
    structure: list[list[int]] = []   # per polygon: vertex count of each ring
    xs: list[float] = []
    ys: list[float] = []
    req = QgsFeatureRequest().setNoAttributes()
    for feat in source.getFeatures(req):
        g = feat.geometry()
        if g is None or g.isNull() or g.isEmpty() or g.type() != QgsWkbTypes.GeometryType.PolygonGeometry:
            continue
        for poly in _ring_lengths_and_vertices(g):
            if not poly:
                continue
            structure.append([len(r) for r in poly])
            for ring in poly:
                xs.extend(p[0] for p in ring)
                ys.extend(p[1] for p in ring)
    if not structure:
        return []
    x, y = transform_xy(np.asarray(xs), np.asarray(ys), source.sourceCrs(), crs)
    xy = np.column_stack([x, y])
    out: list[list[np.ndarray]] = []
    pos = 0
    for lengths in structure:
        rings = []
        for n in lengths:
            rings.append(xy[pos:pos + n].copy())
            pos += n
        out.append(rings)
    return out


def feature_xy(source, crs: QgsCoordinateReferenceSystem, fields: Sequence[str] = ()):
    """``(xy (n, 2) in crs, attributes dict name → list, feature ids)`` of a point source;
    lines and polygons contribute their centroid (computed in the source CRS), multipoints
    their first point. Features without geometry are skipped."""
    names = [f.name() for f in source.fields()]
    present = [n for n in fields if n in names]
    cols: dict[str, list] = {n: [] for n in present}
    xs: list[float] = []
    ys: list[float] = []
    fids: list[int] = []
    for feat in source.getFeatures():
        g = feat.geometry()
        if g is None or g.isNull() or g.isEmpty():
            continue
        if g.type() == QgsWkbTypes.GeometryType.PointGeometry:
            p = g.asMultiPoint()[0] if g.isMultipart() else g.asPoint()
        else:
            c = g.centroid()
            if c.isNull() or c.isEmpty():
                continue
            p = c.asPoint()
        xs.append(p.x())
        ys.append(p.y())
        fids.append(feat.id())
        for n in present:
            v = feat[n]
            cols[n].append(None if v is None or (hasattr(v, "isNull") and v.isNull()) else v)
    x, y = transform_xy(np.asarray(xs, dtype=np.float64), np.asarray(ys, dtype=np.float64), source.sourceCrs(), crs)
    return np.column_stack([x, y]) if len(x) else np.zeros((0, 2)), cols, fids


def demand_weights(cols: dict, n: int) -> tuple[np.ndarray, str]:
    """Person-hours per demand point: ``duration_s / 3600`` (stays), else ``dwell_s / 3600``
    (fixes), else 1 per point. NaN → 0. Returns (weights, name of the field used or '')."""
    for name in ("duration_s", "dwell_s"):
        v = cols.get(name)
        if v is not None and len(v) == n and np.any(np.isfinite(v)):
            w = np.nan_to_num(np.asarray(v, dtype=np.float64), nan=0.0) / S_PER_H
            return np.clip(w, 0.0, None), name
    return np.ones(n), ""


def aggregate_demand(xy: np.ndarray, w: np.ndarray, pid: np.ndarray, cell_m: float):
    """Merge each participant's demand points within one ``cell_m`` square (weights summed,
    position = weighted mean; exact per participant, so distinct counts are unchanged).
    ``cell_m <= 0`` returns the input."""
    if cell_m <= 0 or len(xy) == 0:
        return xy, w, pid
    _, pcode = np.unique(pid.astype(str), return_inverse=True)
    ix = np.floor(xy[:, 0] / cell_m).astype(np.int64)
    iy = np.floor(xy[:, 1] / cell_m).astype(np.int64)
    keys = np.column_stack([pcode, ix, iy])
    _, inv = np.unique(keys, axis=0, return_inverse=True)
    inv = inv.ravel()
    m = inv.max() + 1
    ww = np.bincount(inv, weights=w, minlength=m)
    cnt = np.bincount(inv, minlength=m).astype(np.float64)
    wx = np.where(w > 0, w, 1e-12)
    sw = np.bincount(inv, weights=wx, minlength=m)
    mx = np.bincount(inv, weights=wx * xy[:, 0], minlength=m) / sw
    my = np.bincount(inv, weights=wx * xy[:, 1], minlength=m) / sw
    first = np.zeros(m, dtype=np.int64)
    first[inv[::-1]] = np.arange(len(inv))[::-1]
    del cnt
    return np.column_stack([mx, my]), ww, pid[first]


def read_demand(alg, parameters, name: str, context, feedback, crs: QgsCoordinateReferenceSystem | None = None):
    """Demand points of parameter ``name``: ``(xy in the metric CRS, person-hours, participant,
    metric CRS)``, or None when the parameter is empty. The metric CRS is ``crs`` or the
    source's if projected, else its UTM zone."""
    inp = points_input(alg, parameters, name, context)
    if inp is None:
        return None
    x, y, cols = read_points(inp, ["participant", "dwell_s", "duration_s"], alg.cancel_fn(feedback))
    if "participant" not in cols:
        raise QgsProcessingException(tr("{p} has no 'participant' field (needed to count distinct "
                                            "participants: k-anonymity)").format(p=name))
    src_crs = inp.crs() if hasattr(inp, "crs") else inp.sourceCrs()
    if crs is None:
        crs = choose_metric_crs(src_crs, x, y)
    mx, my = transform_xy(x, y, src_crs, crs)
    w, used = demand_weights(cols, len(mx))
    if not used:
        feedback.pushWarning(tr("{p} has neither 'duration_s' nor 'dwell_s': every point counts as "
                                    "one person-hour").format(p=name))
    ok = np.isfinite(mx) & np.isfinite(my)
    return np.column_stack([mx[ok], my[ok]]), w[ok], np.asarray(cols["participant"])[ok].astype(str), crs


def parse_ahp_matrix(text: str) -> np.ndarray:
    """'1,3,5;1/3,1,2;1/5,1/2,1' → a square float matrix (rows by ';', entries by ',' or spaces)."""
    rows = [r for r in (s.strip() for s in text.replace("\n", ";").split(";")) if r]
    out = []
    for r in rows:
        vals = []
        for tok in r.replace(",", " ").split():
            if "/" in tok:
                a, b = tok.split("/", 1)
                vals.append(float(a) / float(b))
            else:
                vals.append(float(tok))
        out.append(vals)
    if not out or any(len(r) != len(out) for r in out):
        raise ValueError(f"{len(out)} rows of lengths {[len(r) for r in out]}: the matrix must be square")
    return np.asarray(out, dtype=np.float64)


def variant_fields(source, skip: Sequence[str], keep_criteria: bool = False) -> list[QgsField]:
    """The source's fields whose names are not in ``skip`` (copied to the output); ``c_*``
    criterion columns only with ``keep_criteria``."""
    if source is None:
        return []
    return [QgsField(f) for f in source.fields()
            if f.name() not in skip and (keep_criteria or not f.name().startswith("c_"))]


def _nan_none(v):
    v = float(v)
    return v if np.isfinite(v) else None


# -- the algorithm ------------------------------------------------------------------------------
class SiteSuitability(TrampestiAlgorithm):
    """Multi-criteria suitability of candidate sites (weighted sum or AHP), exclusions removed."""

    ALGORITHM_ID = "sitesuitability"
    DISPLAY_NAME = "Site suitability"
    GROUP = "5 Sites"
    GROUP_ID = "sites"
    TAGS = "site,suitability,multi-criteria,MCE,AHP,shelter,toilet,cover,exclusion"
    HELP = (
        "Scores candidate sites for a mobile shelter from 0 (unsuitable) to 1 (best). Each criterion "
        "gives every candidate a 0..1 score, written as a c_<criterion> column: demand (person-hours "
        "of presence within the walking radius, from fixes' dwell_s or stays' duration_s), "
        "participants (distinct participants within the walking radius), toilet (1 within TOILET_OK_M "
        "of the nearest toilet, 0 beyond TOILET_MAX_M, linear or sigmoid in between), cover (1 under a "
        "cover polygon, exp(-d/COVER_DECAY_M) outside), wind (the same for wind-sheltered polygons) "
        "and an optional extra criterion (a field of EXTRA_LAYER, or the distance to its features).\n\n"
        "The score is the weighted sum; the W_* weights are normalised to sum 1, or give an AHP "
        "pairwise comparison matrix (Saaty): its principal eigenvector gives the weights and a "
        "matrix with consistency ratio CR > 0.1 is refused. A criterion without input is left out "
        "(with a note).\n\nCandidates inside an exclusion polygon (schools, kindergartens) or "
        "within EXCLUSION_BUFFER_M of one are dropped. Without CANDIDATES a grid of GRID_SPACING_M "
        "over the demand is scored. All layers may be in any CRS: they are transformed to one metric "
        "CRS (the demand's if projected, else its UTM zone).\n\nPrivacy: demand behind fewer than "
        "K_MIN distinct participants does not count (score 0, person_hours_served and "
        "participants_served empty)."
    )

    DEMAND = "DEMAND"
    DEMAND_RASTER = "DEMAND_RASTER"
    WALK_RADIUS_M = "WALK_RADIUS_M"
    TOILETS = "TOILETS"
    TOILET_OK_M = "TOILET_OK_M"
    TOILET_MAX_M = "TOILET_MAX_M"
    TOILET_CURVE = "TOILET_CURVE"
    COVER = "COVER"
    COVER_DECAY_M = "COVER_DECAY_M"
    WIND = "WIND"
    WIND_DECAY_M = "WIND_DECAY_M"
    EXCLUSIONS = "EXCLUSIONS"
    EXCLUSION_BUFFER_M = "EXCLUSION_BUFFER_M"
    CANDIDATES = "CANDIDATES"
    GRID_SPACING_M = "GRID_SPACING_M"
    W_DEMAND = "W_DEMAND"
    W_PARTICIPANTS = "W_PARTICIPANTS"
    W_TOILET = "W_TOILET"
    W_COVER = "W_COVER"
    W_WIND = "W_WIND"
    W_EXTRA = "W_EXTRA"
    AHP_MATRIX = "AHP_MATRIX"
    AHP_CRITERIA = "AHP_CRITERIA"
    EXTRA_LAYER = "EXTRA_LAYER"
    EXTRA_FIELD = "EXTRA_FIELD"
    EXTRA_BENEFIT = "EXTRA_BENEFIT"
    DEMAND_CELL_M = "DEMAND_CELL_M"
    K_MIN = "K_MIN"
    OUTPUT = "OUTPUT"
    OUTPUT_RASTER = "OUTPUT_RASTER"

    WEIGHT_DEFAULTS = (("W_DEMAND", "demand", QT_TRANSLATE_NOOP("SiteSuitability", "Weight: near where people spend time (person-hours)"), 0.35),
                       ("W_PARTICIPANTS", "participants", QT_TRANSLATE_NOOP("SiteSuitability", "Weight: near many different participants"), 0.25),
                       ("W_TOILET", "toilet", QT_TRANSLATE_NOOP("SiteSuitability", "Weight: near a toilet"), 0.2),
                       ("W_COVER", "cover", QT_TRANSLATE_NOOP("SiteSuitability", "Weight: under cover"), 0.15),
                       ("W_WIND", "wind", QT_TRANSLATE_NOOP("SiteSuitability", "Weight: sheltered from wind"), 0.05),
                       ("W_EXTRA", "extra", QT_TRANSLATE_NOOP("SiteSuitability", "Weight: extra criterion"), 0.1))

    def initAlgorithm(self, config=None):
        self._keep = []
        P = QgsProcessing.SourceType
        src = QgsProcessingParameterFeatureSource
        self.addParameter(self.with_help(src(self.DEMAND, self.tr("Demand (fixes or stays)"), [P.TypeVectorPoint],
                                             optional=True),
                                         self.tr("Points with 'participant' and 'dwell_s' (fixes) or 'duration_s' "
                                                 "(stays): where people spend time.")))
        self.addParameter(self.advanced(self.with_help(QgsProcessingParameterRasterLayer(
            self.DEMAND_RASTER, self.tr("Demand density raster (instead of points)"), optional=True),
            self.tr("A density raster in person-hours per hectare (Kernel density of presence), used when "
                    "DEMAND is empty. Its own K_MIN suppression applies; participants cannot be counted."))))
        self.addParameter(self.number(self.WALK_RADIUS_M, "Walking radius (m)", 150.0, 1.0,
                                      help_text="Demand within this distance of a candidate counts for it."))
        self.addParameter(self.with_help(src(self.TOILETS, self.tr("Toilets"),
                                             [P.TypeVectorPoint, P.TypeVectorPolygon], optional=True),
                                         self.tr("Public toilets (points, or polygons: their centroids).")))
        self.addParameter(self.number(self.TOILET_OK_M, "Toilet: full score within (m)", 100.0, 0.0,
                                      help_text="Candidates this close to a toilet get the full toilet score."))
        self.addParameter(self.number(self.TOILET_MAX_M, "Toilet: zero score beyond (m)", 400.0, 1.0,
                                      help_text="Candidates farther from any toilet get toilet score 0."))
        self.addParameter(self.advanced(self.with_help(QgsProcessingParameterEnum(
            self.TOILET_CURVE, self.tr("Toilet score curve"), options=TOILET_CURVES, defaultValue=0),
            self.tr("linear: straight ramp between the two distances; sigmoid: stays high near the toilet "
                    "and falls in the middle."))))
        self.addParameter(self.with_help(src(self.COVER, self.tr("Cover (canopies, arcades, underpasses)"),
                                             [P.TypeVectorPolygon], optional=True),
                                         self.tr("Polygons under a roof: 1 inside, decaying with distance outside.")))
        self.addParameter(self.advanced(self.number(self.COVER_DECAY_M, "Cover: distance decay (m)", 50.0, 1.0,
                                                    help_text="Cover score outside = exp(-distance / decay).")))
        self.addParameter(self.with_help(src(self.WIND, self.tr("Wind shelter"), [P.TypeVectorPolygon],
                                             optional=True),
                                         self.tr("Polygons sheltered from the prevailing wind.")))
        self.addParameter(self.advanced(self.number(self.WIND_DECAY_M, "Wind shelter: distance decay (m)", 25.0, 1.0,
                                                    help_text="Wind score outside = exp(-distance / decay).")))
        self.addParameter(self.with_help(src(self.EXCLUSIONS, self.tr("Exclusion zones (schools, kindergartens)"),
                                             [P.TypeVectorPolygon], optional=True),
                                         self.tr("No site inside these polygons or within the buffer of them.")))
        self.addParameter(self.number(self.EXCLUSION_BUFFER_M, "Exclusion buffer (m)", 50.0, 0.0,
                                      help_text="Candidates this close to an exclusion polygon are dropped."))
        self.addParameter(self.with_help(src(self.CANDIDATES, self.tr("Candidate sites"),
                                             [P.TypeVectorPoint, P.TypeVectorPolygon], optional=True),
                                         self.tr("Possible sites (points, or polygons: centroids). Empty: a grid "
                                                 "over the demand.")))
        self.addParameter(self.number(self.GRID_SPACING_M, "Grid spacing without candidates (m)", 25.0, 1.0,
                                      help_text="Spacing of the candidate grid (and of the suitability raster)."))
        for name, _, label, default in self.WEIGHT_DEFAULTS:
            self.addParameter(self.number(name, label, default, 0.0,
                                          help_text="Relative weight; the weights are normalised to sum 1."))
        self.addParameter(self.advanced(self.with_help(QgsProcessingParameterString(
            self.AHP_MATRIX, self.tr("AHP pairwise comparison matrix (replaces the weights)"), optional=True),
            self.tr("Rows separated by ';', entries by ',', e.g. 1,3,5;1/3,1,2;1/5,1/2,1 (Saaty's 1..9 scale). "
                    "Refused when the consistency ratio exceeds 0.1."))))
        self.addParameter(self.advanced(self.with_help(QgsProcessingParameterString(
            self.AHP_CRITERIA, self.tr("AHP criteria (order of the matrix rows)"), optional=True),
            self.tr("Comma-separated criterion names among demand, participants, toilet, cover, wind, extra. "
                    "Empty: the criteria that have input, in that order."))))
        self.addParameter(self.advanced(self.with_help(src(self.EXTRA_LAYER, self.tr("Extra criterion layer"),
                                                           [P.TypeVectorAnyGeometry], optional=True),
                                                       self.tr("Polygons (value of the one containing the candidate) "
                                                               "or points/lines (value of the nearest)."))))
        self.addParameter(self.advanced(self.with_help(QgsProcessingParameterField(
            self.EXTRA_FIELD, self.tr("Extra criterion field"), parentLayerParameterName=self.EXTRA_LAYER,
            type=QgsProcessingParameterField.DataType.Numeric, optional=True),
            self.tr("Numeric field of the extra layer. Empty: the distance (m) to the nearest feature."))))
        self.addParameter(self.advanced(self.with_help(QgsProcessingParameterBoolean(
            self.EXTRA_BENEFIT, self.tr("Extra criterion: higher is better"), defaultValue=True),
            self.tr("Unchecked: a cost (smaller values, or shorter distances, are better)."))))
        self.addParameter(self.advanced(self.number(
            self.DEMAND_CELL_M, "Demand aggregation cell (m)", 5.0, 0.0,
            help_text="Each participant's demand points within one cell of this size are merged (weights "
                      "summed) before counting: much faster on fixes, distances change by < cell/√2. 0 = off.")))
        self.addParameter(self.number(self.K_MIN, "Minimum participants (K_MIN)", 3, 1, integer=True,
                                      help_text="Demand behind fewer distinct participants does not count."))
        self.addParameter(self.with_help(QgsProcessingParameterFeatureSink(
            self.OUTPUT, self.tr("Scored candidates"), QgsProcessing.SourceType.TypeVectorPoint),
            self.tr("Candidates outside exclusions with score, c_<criterion>, person_hours_served, "
                    "participants_served, toilet_dist_m, covered.")))
        self.addParameter(self.with_help(QgsProcessingParameterRasterDestination(
            self.OUTPUT_RASTER, self.tr("Suitability raster"), optional=True, createByDefault=False),
            self.tr("Score on a grid of GRID_SPACING_M (excluded cells: no data).")))
        self.addOutput(QgsProcessingOutputNumber("N_CANDIDATES", self.tr("Candidates scored")))
        self.addOutput(QgsProcessingOutputNumber("N_EXCLUDED", self.tr("Candidates dropped in exclusion zones")))

    # -- inputs -------------------------------------------------------------------------------
    def _source(self, parameters, name, context, feedback, what):
        s = self.parameterAsSource(parameters, name, context)
        if s is not None and s.featureCount() == 0:
            feedback.pushWarning(self.tr("{w} ({p}) is empty: that criterion is left out").format(w=what, p=name))
            return None
        return s

    def _raster_demand(self, layer, crs, feedback):
        density, gt, _wkt = read_geotiff(layer.source())
        rows, cols = np.nonzero(np.nan_to_num(density, nan=0.0) > 0)
        x = gt[0] + (cols + 0.5) * gt[1] + (rows + 0.5) * gt[2]
        y = gt[3] + (cols + 0.5) * gt[4] + (rows + 0.5) * gt[5]
        area_ha = abs(gt[1] * gt[5] - gt[2] * gt[4]) / M2_PER_HA
        rcrs = layer.crs()
        if rcrs.isGeographic():
            raise QgsProcessingException(self.tr("DEMAND_RASTER must be in a projected (metric) CRS"))
        if crs is None:
            crs = rcrs
        mx, my = transform_xy(x, y, rcrs, crs)
        w = density[rows, cols] * area_ha
        feedback.pushInfo(self.tr("Demand from the density raster: {n} cells, {ph:.1f} person-hours").format(
            n=len(w), ph=float(w.sum())))
        return np.column_stack([mx, my]), w, crs

    def _extra_values(self, parameters, context, cxy, crs, feedback):
        layer = self.parameterAsSource(parameters, self.EXTRA_LAYER, context)
        if layer is None:
            return None
        if layer.featureCount() == 0:
            feedback.pushWarning(self.tr("EXTRA_LAYER is empty: the extra criterion is left out"))
            return None
        field = self.parameterAsString(parameters, self.EXTRA_FIELD, context)
        benefit = self.parameterAsBool(parameters, self.EXTRA_BENEFIT, context)
        kind = "benefit" if benefit else "cost"
        is_poly = QgsWkbTypes.geometryType(layer.wkbType()) == QgsWkbTypes.GeometryType.PolygonGeometry
        if is_poly:
            values = np.full(len(cxy), np.nan)
            polys: list[list[np.ndarray]] = []
            vals: list[float] = []
            for feat in layer.getFeatures():
                one = polygons_to_rings(_OneFeature(layer, feat), crs)
                polys.extend(one)
                v = feat[field] if field else 0.0
                vals.extend([np.nan if v is None or v == "" else float(v)] * len(one))
            if not field:
                return sites.distance_to_polygons(cxy, polys), kind
            for rings, v in zip(polys, vals):
                inside = sites.points_in_polygons(cxy, [rings]) & np.isnan(values)
                values[inside] = v
            return values, kind
        pxy, cols, _ = feature_xy(layer, crs, [field] if field else [])
        if not field:
            return sites.nearest_distance_m(cxy, pxy), kind
        from scipy.spatial import cKDTree

        v = np.array([np.nan if a is None else float(a) for a in cols[field]])
        _, idx = cKDTree(pxy).query(cxy, k=1)
        return v[idx], kind

    # -- run ----------------------------------------------------------------------------------
    def processAlgorithm(self, parameters, context, feedback):
        k_min = self.parameterAsInt(parameters, self.K_MIN, context)
        walk = self.parameterAsDouble(parameters, self.WALK_RADIUS_M, context)
        spacing = self.parameterAsDouble(parameters, self.GRID_SPACING_M, context)
        cell = self.parameterAsDouble(parameters, self.DEMAND_CELL_M, context)
        dem = read_demand(self, parameters, self.DEMAND, context, feedback)
        dxy = dw = dpid = None
        crs = None
        from_raster = False
        if dem is not None:
            dxy, dw, dpid, crs = dem
            n_raw = len(dxy)
            dxy, dw, dpid = aggregate_demand(dxy, dw, dpid, cell)
            feedback.pushInfo(self.tr("Demand: {n} points ({m} after merging per {c:g} m cell), {ph:.1f} "
                                      "person-hours, {p} participants").format(
                n=n_raw, m=len(dxy), c=cell, ph=float(dw.sum()), p=len(np.unique(dpid))))
        else:
            rl = self.parameterAsRasterLayer(parameters, self.DEMAND_RASTER, context)
            if rl is not None:
                dxy, dw, crs = self._raster_demand(rl, None, feedback)
                dpid = np.arange(len(dxy)).astype(str)
                from_raster = True
        cand_src = self.parameterAsSource(parameters, self.CANDIDATES, context)
        if crs is None:
            if cand_src is None:
                raise QgsProcessingException(self.tr("Give DEMAND (or DEMAND_RASTER) or CANDIDATES"))
            cx0, _, _ = feature_xy(cand_src, cand_src.sourceCrs())
            crs = choose_metric_crs(cand_src.sourceCrs(), cx0[:, 0], cx0[:, 1]) if len(cx0) else \
                choose_metric_crs(cand_src.sourceCrs(), np.zeros(0), np.zeros(0))
        feedback.pushInfo(self.tr("Working CRS: {c}").format(c=crs.authid() or crs.description()))

        # candidates
        copy_fields: list[QgsField] = []
        cand_attrs: list[list] = []
        if cand_src is not None:
            copy_fields = variant_fields(cand_src, RESULT_FIELDS)
            names = [f.name() for f in copy_fields]
            cxy, cols, _ = feature_xy(cand_src, crs, names)
            cand_attrs = [list(r) for r in zip(*[cols[n] for n in names])] if names else [[] for _ in range(len(cxy))]
            if len(cxy) == 0:
                raise QgsProcessingException(self.tr("CANDIDATES has no features with a geometry"))
        else:
            if dxy is None or len(dxy) == 0:
                raise QgsProcessingException(self.tr("Without CANDIDATES a demand layer is needed for the grid"))
            lo, hi = dxy.min(axis=0), dxy.max(axis=0)
            cxy = self.run_core(sites.grid_candidates, lo[0], lo[1], hi[0] + spacing, hi[1] + spacing, spacing)
            cand_attrs = [[] for _ in range(len(cxy))]
            feedback.pushInfo(self.tr("{n} grid candidates every {s:g} m").format(n=len(cxy), s=spacing))

        toilets = self._source(parameters, self.TOILETS, context, feedback, self.tr("Toilets"))
        txy = feature_xy(toilets, crs)[0] if toilets is not None else None
        cover = self._source(parameters, self.COVER, context, feedback, self.tr("Cover"))
        cover_p = polygons_to_rings(cover, crs, context) if cover is not None else None
        wind = self._source(parameters, self.WIND, context, feedback, self.tr("Wind shelter"))
        wind_p = polygons_to_rings(wind, crs, context) if wind is not None else None
        excl = self._source(parameters, self.EXCLUSIONS, context, feedback, self.tr("Exclusion zones"))
        excl_p = polygons_to_rings(excl, crs, context) if excl is not None else None
        for label, src, polys in ((self.tr("Cover"), cover, cover_p), (self.tr("Wind shelter"), wind, wind_p),
                                  (self.tr("Exclusion zones"), excl, excl_p)):
            if src is not None and not polys:
                feedback.pushWarning(self.tr("{w} has no polygons: left out").format(w=label))

        weights = {crit: self.parameterAsDouble(parameters, name, context)
                   for name, crit, _, _ in self.WEIGHT_DEFAULTS}
        ahp_text = (self.parameterAsString(parameters, self.AHP_MATRIX, context) or "").strip()
        ahp_matrix = None
        if ahp_text:
            try:
                ahp_matrix = parse_ahp_matrix(ahp_text)
            except (ValueError, ZeroDivisionError) as exc:
                raise QgsProcessingException(self.tr("AHP_MATRIX cannot be read: {e}").format(e=exc)) from exc

        kwargs = {
            "walk_radius_m": walk, "k_min": 1 if from_raster else k_min, "participant_share": 0.0,
            "toilet_xy": txy, "toilet_ok_m": self.parameterAsDouble(parameters, self.TOILET_OK_M, context),
            "toilet_max_m": self.parameterAsDouble(parameters, self.TOILET_MAX_M, context),
            "toilet_ramp": TOILET_CURVES[self.parameterAsEnum(parameters, self.TOILET_CURVE, context)],
            "cover_polygons": cover_p, "cover_decay_m": self.parameterAsDouble(parameters, self.COVER_DECAY_M, context),
            "wind_polygons": wind_p, "wind_decay_m": self.parameterAsDouble(parameters, self.WIND_DECAY_M, context),
            "exclusion_polygons": excl_p,
            "exclusion_buffer_m": self.parameterAsDouble(parameters, self.EXCLUSION_BUFFER_M, context)}

        def score(points: np.ndarray, progress):
            extra: dict[str, tuple] = {}
            dscores = None
            if dxy is not None and len(dxy):
                dscores = self.run_core(sites.demand_scores, points, dxy, dw, dpid, walk,
                                        1 if from_raster else k_min, 0.0)
                if not from_raster:
                    extra["participants"] = (np.nan_to_num(dscores.participants, nan=0.0), "benefit")
            ev = self._extra_values(parameters, context, points, crs, feedback)
            if ev is not None:
                extra["extra"] = ev
            available = {"demand": dscores is not None, "participants": "participants" in extra,
                         "toilet": txy is not None and len(txy) > 0, "cover": bool(cover_p),
                         "wind": bool(wind_p), "extra": "extra" in extra}
            order = [c for c in CRITERIA if available[c]]
            ahp_names = None
            if ahp_matrix is not None:
                names_text = (self.parameterAsString(parameters, self.AHP_CRITERIA, context) or "").strip()
                ahp_names = [s.strip().lower() for s in names_text.split(",") if s.strip()] if names_text else order
                unknown = [s for s in ahp_names if s not in CRITERIA]
                if unknown:
                    raise QgsProcessingException(self.tr("AHP_CRITERIA: unknown criteria {u} (use {c})").format(
                        u=", ".join(unknown), c=", ".join(CRITERIA)))
            res = self.run_core(
                sites.site_suitability, points, weights=None if ahp_matrix is not None else weights,
                ahp_matrix=ahp_matrix, ahp_criteria=ahp_names,
                demand_xy=dxy if dscores is not None else None, demand_weight=dw, demand_participant=dpid,
                extra_criteria=extra, progress=progress, is_cancelled=self.cancel_fn(feedback), **kwargs)
            return res, dscores

        res, dscores = score(cxy, self.progress_fn(feedback, 0, 70))
        if res.ahp is not None:
            feedback.pushInfo(self.tr("AHP weights {w}: lambda_max {l:.4f}, CI {ci:.4f}, RI {ri:.2f}, "
                                      "CR {cr:.4f}").format(
                w=", ".join(f"{k} {v:.3f}" for k, v in res.weights.items()), l=res.ahp.lambda_max,
                ci=res.ahp.ci, ri=res.ahp.ri, cr=res.ahp.cr))
        else:
            feedback.pushInfo(self.tr("Weights: {w}").format(w=", ".join(f"{k} {v:.3f}" for k, v in res.weights.items())))
        for note in res.notes:
            if "participants" in note and ahp_matrix is None and weights.get("participants", 0) == 0:
                continue
            feedback.pushInfo(note)

        crit_names = list(res.criteria)
        fields = QgsFields()
        for f in copy_fields:
            fields.append(f)
        for name, kind in ([("score", QVariant.Type.Double)]
                           + [(f"c_{c}", QVariant.Type.Double) for c in crit_names]
                           + [("person_hours_served", QVariant.Type.Double),
                              ("participants_served", QVariant.Type.Int),
                              ("toilet_dist_m", QVariant.Type.Double), ("covered", QVariant.Type.Bool)]):
            fields.append(QgsField(name, kind))
        sink, dest_id = self.parameterAsSink(parameters, self.OUTPUT, context, fields, QgsWkbTypes.Type.Point, crs)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        ph = dscores.person_hours if dscores is not None else np.full(len(cxy), np.nan)
        npart = dscores.participants if dscores is not None and not from_raster else np.full(len(cxy), np.nan)
        keep = np.flatnonzero(~res.excluded)
        for i in keep:
            f = QgsFeature(fields)
            f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(float(cxy[i, 0]), float(cxy[i, 1]))))
            p = npart[i]
            f.setAttributes(list(cand_attrs[i]) + [_nan_none(res.score[i])]
                            + [_nan_none(res.criteria[c][i]) for c in crit_names]
                            + [_nan_none(ph[i]), int(p) if np.isfinite(p) else None,
                               _nan_none(res.toilet_dist_m[i]), bool(res.covered[i])])
            sink.addFeature(f, QgsFeatureSink.Flag.FastInsert)
        n_excl = int(res.excluded.sum())
        feedback.pushInfo(self.tr("{n} candidates scored, {e} dropped in exclusion zones").format(n=len(keep), e=n_excl))
        feedback.setProgress(75)

        out = {self.OUTPUT: dest_id, "N_CANDIDATES": len(keep), "N_EXCLUDED": n_excl}
        raster_path = self.parameterAsOutputLayer(parameters, self.OUTPUT_RASTER, context)
        if raster_path:
            if cand_src is None:
                lo = dxy.min(axis=0)
                gxy, gres = cxy, res
            else:
                allxy = np.vstack([cxy] + ([dxy] if dxy is not None and len(dxy) else []))
                lo, hi = allxy.min(axis=0), allxy.max(axis=0)
                gxy = self.run_core(sites.grid_candidates, lo[0], lo[1], hi[0] + spacing, hi[1] + spacing, spacing)
                gres, _ = score(gxy, self.progress_fn(feedback, 75, 99))
            nx = len(np.unique(np.round(gxy[:, 0], 6)))
            ny = len(gxy) // max(1, nx)
            grid = gres.score.reshape(ny, nx)[::-1]
            gt = (float(lo[0]), spacing, 0.0, float(lo[1] + ny * spacing), 0.0, -spacing)
            write_geotiff(raster_path, grid, gt, crs, "site suitability", "score 0..1",
                          {"WEIGHTS": ", ".join(f"{k}={v:.4f}" for k, v in gres.weights.items())})
            out[self.OUTPUT_RASTER] = raster_path
            attach_style(context, raster_path, style_density, self._keep)
        attach_style(context, dest_id, style_candidates, self._keep)
        return out


class _OneFeature:
    """A one-feature stand-in for a feature source (for :func:`polygons_to_rings`)."""

    def __init__(self, source, feature: QgsFeature) -> None:
        self._source, self._feature = source, feature

    def getFeatures(self, request=None):
        return iter([self._feature])

    def sourceCrs(self):
        return self._source.sourceCrs()
