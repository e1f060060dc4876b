"""trampesti:compareround — one round against another: density change, hotspot overlap, sites served."""
from __future__ import annotations

import html
import math
from typing import Dict, List, Optional, Tuple

import numpy as np
from qgis.core import (
    QgsColorRampShader,
    QgsFeature,
    QgsFeatureSink,
    QgsGeometry,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterString,
    QgsRasterShader,
    QgsSingleBandPseudoColorRenderer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP, QVariant
from qgis.PyQt.QtGui import QColor

from ..core import compare, hotspots
from ..core.exceptions import TrampestiError
from .base import TrampestiAlgorithm
from .layers import make_fields, read_points, transform_xy
from .rasters import read_geotiff, write_geotiff
from .styles import attach_style

REPORT_FIELDS = (
    ("metric", QVariant.Type.String),
    ("level", QVariant.Type.Double),
    ("before", QVariant.Type.Double),
    ("after", QVariant.Type.Double),
    ("change", QVariant.Type.Double),
)
CHANGE_UNITS = "person-hours per hectare"
LOSS = ["#08306b", "#2171b5", "#6baed6"]
GAIN = ["#fc9272", "#cb181d", "#67000d"]


def style_change(layer) -> None:
    """Diverging ramp symmetric about zero: blue loss, red gain, transparent at zero."""
    stats = layer.dataProvider().bandStatistics(1)
    vmax = max(abs(stats.minimumValue), abs(stats.maximumValue))
    if not (math.isfinite(vmax) and vmax > 0):
        vmax = 1.0
    items = []
    for i, c in enumerate(LOSS):
        v = -vmax * (len(LOSS) - i) / len(LOSS)
        col = QColor(c)
        col.setAlpha(220)
        items.append(QgsColorRampShader.ColorRampItem(v, col, f"{v:.2f}"))
    items.append(QgsColorRampShader.ColorRampItem(0.0, QColor(255, 255, 255, 0), "0"))
    for i, c in enumerate(GAIN):
        v = vmax * (i + 1) / len(GAIN)
        col = QColor(c)
        col.setAlpha(220)
        items.append(QgsColorRampShader.ColorRampItem(v, col, f"+{v:.2f}"))
    ramp = QgsColorRampShader(-vmax, vmax)
    ramp.setColorRampType(QgsColorRampShader.Type.Interpolated)
    ramp.setColorRampItemList(items)
    shader = QgsRasterShader()
    shader.setRasterShaderFunction(ramp)
    renderer = QgsSingleBandPseudoColorRenderer(layer.dataProvider(), 1, shader)
    renderer.setClassificationMin(-vmax)
    renderer.setClassificationMax(vmax)
    layer.setRenderer(renderer)
    layer.triggerRepaint()


def _none(v) -> Optional[float]:
    return None if v is None or not math.isfinite(float(v)) else float(v)


def _diff(b, a) -> Optional[float]:
    b, a = _none(b), _none(a)
    return None if b is None or a is None else a - b


class CompareRound(TrampestiAlgorithm):
    """Change of presence between two rounds on the same grid, with hotspot and site figures."""

    ALGORITHM_ID = "compareround"
    DISPLAY_NAME = "Compare two rounds"
    GROUP = "5 Rounds"
    GROUP_ID = "rounds"
    TAGS = "compare,change,round,difference,jaccard,overlap,monitoring,sites served"
    HELP = (
        "Compares a later round (AFTER) with an earlier one (BEFORE).\n\n"
        "Change raster: AFTER minus BEFORE in person-hours per hectare, on the same grid (run "
        "Kernel density for the later round with GRID = the earlier raster). Red is a gain, blue a "
        "loss. Privacy: a change cell is published only where both rounds published the cell; a "
        "cell suppressed below K_MIN in either round stays nodata, so a place left completely "
        "shows as nodata, not as a loss — the hotspot overlap and sites figures show that.\n\n"
        "Hotspot overlap: for each level the Jaccard index |A∩B| / |A∪B| of the two rounds' "
        "hotspot areas (1 = same place, 0 = no overlap; Jaccard 1912), from the hotspot polygons "
        "if given (their level_pct), else from the percent-volume masks of the two rasters at "
        "LEVELS; and the distance the hotspot's centre moved.\n\n"
        "Sites: with SITES (e.g. the sites chosen in the earlier round) the share of each round's "
        "presence within SERVICE_RADIUS_M of a site — how well the earlier sites still serve the "
        "group. With BEFORE_FIXES / AFTER_FIXES (weighted by dwell_s) the share of participants "
        "served is added; figures backed by fewer than K_MIN participants (but more than none) "
        "are withheld.\n\n"
        "REPORT rows: metric, level (for hotspot rows), before, after, change (after − before; for "
        "hotspot_jaccard and hotspot_centroid_shift_m the value itself)."
    )

    BEFORE = "BEFORE"
    AFTER = "AFTER"
    BEFORE_HOTSPOTS = "BEFORE_HOTSPOTS"
    AFTER_HOTSPOTS = "AFTER_HOTSPOTS"
    LEVELS = "LEVELS"
    SITES = "SITES"
    SERVICE_RADIUS_M = "SERVICE_RADIUS_M"
    BEFORE_FIXES = "BEFORE_FIXES"
    AFTER_FIXES = "AFTER_FIXES"
    K_MIN = "K_MIN"
    OUTPUT = "OUTPUT"
    REPORT = "REPORT"
    REPORT_HTML = "REPORT_HTML"

    def initAlgorithm(self, config=None):  # noqa: N802
        self._keep = []
        self.addParameter(self.with_help(QgsProcessingParameterRasterLayer(
            self.BEFORE, self.tr("Earlier round's density (BEFORE)")),
            self.tr("Density raster of the earlier round (Kernel density of presence).")))
        self.addParameter(self.with_help(QgsProcessingParameterRasterLayer(
            self.AFTER, self.tr("Later round's density (AFTER)")),
            self.tr("Density raster of the later round, on the same grid (GRID = the earlier raster).")))
        for name, label in ((self.BEFORE_HOTSPOTS, QT_TRANSLATE_NOOP("CompareRound", "Earlier round's hotspots")),
                            (self.AFTER_HOTSPOTS, QT_TRANSLATE_NOOP("CompareRound", "Later round's hotspots"))):
            self.addParameter(self.with_help(QgsProcessingParameterFeatureSource(
                name, self.tr(label), [QgsProcessing.SourceType.TypeVectorPolygon], optional=True),
                self.tr("Hotspot polygons with level_pct (output of Hotspot polygons). Give both or neither.")))
        self.addParameter(self.with_help(QgsProcessingParameterString(
            self.LEVELS, self.tr("Levels (% of presence)"), defaultValue="50,75,90"),
            self.tr("Hotspot levels compared when no hotspot polygons are given, e.g. 50,75,90.")))
        self.addParameter(self.with_help(QgsProcessingParameterFeatureSource(
            self.SITES, self.tr("Sites"), [QgsProcessing.SourceType.TypeVectorPoint], optional=True),
            self.tr("Shelter sites (e.g. chosen in the earlier round) whose service is compared.")))
        self.addParameter(self.number(self.SERVICE_RADIUS_M, "Service radius (m)", compare.DEFAULT_SERVICE_RADIUS_M,
                                      1.0, help_text="Presence within this distance of a site counts as served."))
        for name, label in ((self.BEFORE_FIXES, QT_TRANSLATE_NOOP("CompareRound", "Earlier round's fixes")),
                            (self.AFTER_FIXES, QT_TRANSLATE_NOOP("CompareRound", "Later round's fixes"))):
            self.addParameter(self.advanced(self.with_help(QgsProcessingParameterFeatureSource(
                name, self.tr(label), [QgsProcessing.SourceType.TypeVectorPoint], optional=True),
                self.tr("Fixes (or stays) with 'participant' and dwell_s (or duration_s): adds the share of "
                        "participants served. Give both or neither."))))
        self.addParameter(self.number(self.K_MIN, "Minimum participants per figure (K_MIN)", 3, 1, integer=True,
                                      help_text="Served figures backed by fewer distinct participants are withheld."))
        self.addParameter(self.with_help(QgsProcessingParameterRasterDestination(
            self.OUTPUT, self.tr("Change (person-hours/ha)")),
            self.tr("Float32 GeoTIFF: AFTER − BEFORE; nodata where either round is suppressed.")))
        self.addParameter(self.with_help(QgsProcessingParameterFeatureSink(
            self.REPORT, self.tr("Comparison report"), QgsProcessing.SourceType.TypeVector),
            self.tr("Table with metric, level, before, after, change.")))
        self.addParameter(self.with_help(QgsProcessingParameterFileDestination(
            self.REPORT_HTML, self.tr("Comparison report (HTML)"), self.tr("HTML files (*.html)"),
            optional=True, createByDefault=False),
            self.tr("Optional HTML page with the same figures, for the planners' meeting.")))
        self.addOutput(QgsProcessingOutputNumber("CELLS_PUBLISHED", self.tr("Change cells published")))

    # -- pieces -------------------------------------------------------------------------------
    def _polygons_by_level(self, source, crs, context) -> Dict[float, QgsGeometry]:
        if source.fields().lookupField("level_pct") < 0:
            raise QgsProcessingException(self.tr("The hotspot layer has no 'level_pct' field"))
        from qgis.core import QgsCoordinateTransform

        xform = QgsCoordinateTransform(source.sourceCrs(), crs, context.transformContext())
        parts: Dict[float, List[QgsGeometry]] = {}
        for f in source.getFeatures():
            lv = f["level_pct"]
            if lv is None or not f.hasGeometry():
                continue
            g = QgsGeometry(f.geometry())
            if source.sourceCrs() != crs:
                g.transform(xform)
            parts.setdefault(float(lv), []).append(g.makeValid())
        return {lv: QgsGeometry.unaryUnion(gs) for lv, gs in parts.items()}

    def _polygon_overlap(self, before: Dict[float, QgsGeometry],
                         after: Dict[float, QgsGeometry]) -> Dict[float, compare.LevelOverlap]:
        out = {}
        for lv in sorted(set(before) | set(after)):
            gb, ga = before.get(lv), after.get(lv)
            a1 = gb.area() if gb is not None else 0.0
            a2 = ga.area() if ga is not None else 0.0
            inter = gb.intersection(ga).area() if gb is not None and ga is not None else 0.0
            shift = float("nan")
            if gb is not None and ga is not None and a1 > 0 and a2 > 0:
                shift = gb.centroid().distance(ga.centroid())
            out[lv] = compare.LevelOverlap(lv, a1, a2, inter, compare.jaccard_from_areas(a1, a2, inter), shift)
        return out

    def _demand_points(self, source, crs, feedback) -> Tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        x, y, cols = read_points(source, ["participant", "dwell_s", "duration_s"], self.cancel_fn(feedback))
        if "participant" not in cols:
            raise QgsProcessingException(self.tr("The fixes have no 'participant' field"))
        if "dwell_s" in cols:
            w = np.nan_to_num(cols["dwell_s"], nan=0.0) / 3600.0
        elif "duration_s" in cols:
            w = np.nan_to_num(cols["duration_s"], nan=0.0) / 3600.0
        else:
            w = np.ones(x.size)
        xm, ym = transform_xy(x, y, source.sourceCrs(), crs)
        return xm, ym, w, cols["participant"]

    # -- run ----------------------------------------------------------------------------------
    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        lb = self.parameterAsRasterLayer(parameters, self.BEFORE, context)
        la = self.parameterAsRasterLayer(parameters, self.AFTER, context)
        if lb is None:
            raise QgsProcessingException(self.invalidRasterError(parameters, self.BEFORE))
        if la is None:
            raise QgsProcessingException(self.invalidRasterError(parameters, self.AFTER))
        if lb.crs() != la.crs():
            raise QgsProcessingException(self.tr(
                "BEFORE is in {a} and AFTER in {b}: both rounds must be on the same grid (run Kernel density "
                "for the later round with GRID = the earlier round's raster)").format(
                a=lb.crs().authid(), b=la.crs().authid()))
        k_min = self.parameterAsInt(parameters, self.K_MIN, context)
        radius_m = self.parameterAsDouble(parameters, self.SERVICE_RADIUS_M, context)
        before, gt_b, _ = read_geotiff(lb.source())
        after, gt_a, _ = read_geotiff(la.source())
        crs = lb.crs()
        feedback.setProgressText(self.tr("Change of presence"))
        change = self.run_core(compare.density_change, before, after, gt_b, gt_a)
        cell_m2 = compare.pixel_area_m2(gt_b)
        summary = compare.summarise_change(before, after, change, cell_m2)
        out = self.parameterAsOutputLayer(parameters, self.OUTPUT, context)
        write_geotiff(out, change, gt_b, crs, "change in density of presence (after - before)", CHANGE_UNITS,
                      {"BEFORE": lb.name(), "AFTER": la.name(), "SOFTWARE": "Trampesti",
                       "RULE": "published only where both rounds are published"})
        feedback.pushInfo(self.tr("{n} change cells published, {w} withheld (suppressed in one round)").format(
            n=summary.cells_published, w=summary.cells_suppressed))
        feedback.setProgress(30)

        rows: List[Tuple[str, Optional[float], Optional[float], Optional[float], Optional[float]]] = []
        vb, va = compare.published_volume(before, cell_m2), compare.published_volume(after, cell_m2)
        rows.append(("person_hours_published", None, vb, va, va - vb))
        nb, na = int(np.isfinite(before).sum()), int(np.isfinite(after).sum())
        rows.append(("cells_published", None, float(nb), float(na), float(na - nb)))
        rows.append(("change_cells_published", None, None, None, float(summary.cells_published)))
        rows.append(("change_cells_withheld", None, None, None, float(summary.cells_suppressed)))
        rows.append(("person_hours_gained", None, None, None, summary.gain_person_hours))
        rows.append(("person_hours_lost", None, None, None, summary.loss_person_hours))
        rows.append(("max_gain_per_ha", None, None, None, _none(summary.max_gain)))
        rows.append(("max_loss_per_ha", None, None, None, _none(summary.max_loss)))

        feedback.setProgressText(self.tr("Hotspot overlap"))
        hb = self.parameterAsSource(parameters, self.BEFORE_HOTSPOTS, context)
        ha = self.parameterAsSource(parameters, self.AFTER_HOTSPOTS, context)
        if (hb is None) != (ha is None):
            raise QgsProcessingException(self.tr("Give the hotspots of both rounds, or of neither"))
        if hb is not None:
            overlap = self._polygon_overlap(self._polygons_by_level(hb, crs, context),
                                            self._polygons_by_level(ha, crs, context))
        else:
            try:
                levels = hotspots.parse_levels(self.parameterAsString(parameters, self.LEVELS, context))
            except TrampestiError as exc:
                raise QgsProcessingException(str(exc)) from exc
            overlap = self.run_core(compare.hotspot_overlap, before, after, gt_b, levels)
        for lv, o in overlap.items():
            rows.append(("hotspot_area_m2", lv, o.area_before_m2, o.area_after_m2, o.area_after_m2 - o.area_before_m2))
            rows.append(("hotspot_jaccard", lv, None, None, _none(o.jaccard)))
            rows.append(("hotspot_centroid_shift_m", lv, None, None, _none(o.centroid_shift_m)))
            feedback.pushInfo(self.tr("{lv:g} % hotspot: Jaccard {j}, centre moved {d} m").format(
                lv=lv, j="–" if _none(o.jaccard) is None else f"{o.jaccard:.3f}",
                d="–" if _none(o.centroid_shift_m) is None else f"{o.centroid_shift_m:.0f}"))
        feedback.setProgress(60)

        sites = self.parameterAsSource(parameters, self.SITES, context)
        if sites is not None:
            feedback.setProgressText(self.tr("Presence served by the sites"))
            sx, sy, _ = read_points(sites, [], self.cancel_fn(feedback))
            sx, sy = transform_xy(sx, sy, sites.sourceCrs(), crs)
            site_xy = np.column_stack([sx, sy])
            fb = self.parameterAsSource(parameters, self.BEFORE_FIXES, context)
            fa = self.parameterAsSource(parameters, self.AFTER_FIXES, context)
            if (fb is None) != (fa is None):
                raise QgsProcessingException(self.tr("Give the fixes of both rounds, or of neither"))
            if fb is not None:
                sb = self.run_core(compare.served_from_points, *self._demand_points(fb, crs, feedback), site_xy,
                                   radius_m, k_min)
                sa = self.run_core(compare.served_from_points, *self._demand_points(fa, crs, feedback), site_xy,
                                   radius_m, k_min)
            else:
                sb = self.run_core(compare.served_from_density, before, gt_b, site_xy, radius_m)
                sa = self.run_core(compare.served_from_density, after, gt_b, site_xy, radius_m)
            rows.append(("served_share_presence", None, _none(sb.share_presence), _none(sa.share_presence),
                         _diff(sb.share_presence, sa.share_presence)))
            rows.append(("served_person_hours", None, _none(sb.person_hours_served), _none(sa.person_hours_served),
                         _diff(sb.person_hours_served, sa.person_hours_served)))
            if fb is not None:
                rows.append(("served_participants", None, _none(sb.participants_served),
                             _none(sa.participants_served), _diff(sb.participants_served, sa.participants_served)))
                rows.append(("served_share_participants", None, _none(sb.share_participants),
                             _none(sa.share_participants), _diff(sb.share_participants, sa.share_participants)))
            feedback.pushInfo(self.tr("Share of presence within {r:g} m of the sites: {b} before, {a} after").format(
                r=radius_m, b="withheld" if _none(sb.share_presence) is None else f"{sb.share_presence:.1%}",
                a="withheld" if _none(sa.share_presence) is None else f"{sa.share_presence:.1%}"))

        fields = make_fields(REPORT_FIELDS)
        (sink, report_id) = self.parameterAsSink(parameters, self.REPORT, context, fields,
                                                  QgsWkbTypes.Type.NoGeometry)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.REPORT))
        for r in rows:
            f = QgsFeature(fields)
            f.setAttributes([r[0], _none(r[1]) if r[1] is not None else None,
                             _none(r[2]) if r[2] is not None else None,
                             _none(r[3]) if r[3] is not None else None,
                             _none(r[4]) if r[4] is not None else None])
            sink.addFeature(f, QgsFeatureSink.Flag.FastInsert)
        results = {self.OUTPUT: out, self.REPORT: report_id, "CELLS_PUBLISHED": summary.cells_published}
        html_path = self.parameterAsFileOutput(parameters, self.REPORT_HTML, context)
        if html_path:
            self._write_html(html_path, lb.name(), la.name(), rows, radius_m, k_min)
            results[self.REPORT_HTML] = html_path
        attach_style(context, out, style_change, self._keep)
        feedback.setProgress(100)
        return results

    def _write_html(self, path: str, before: str, after: str, rows, radius_m: float, k_min: int) -> None:
        def cell(v) -> str:
            return "" if v is None else (f"{v:g}" if abs(v) >= 1000 or v == int(v) else f"{v:.4g}")
        lines = [
            "<!DOCTYPE html>", '<html lang="da"><head><meta charset="utf-8">',
            f"<title>{html.escape(self.tr('Trampesti: comparison of two rounds'))}</title>",
            "<style>body{font-family:sans-serif}td,th{padding:2px 8px;text-align:right}"
            "td:first-child{text-align:left}</style></head><body>",
            f"<h1>{html.escape(self.tr('Comparison of two rounds'))}</h1>",
            "<p>" + html.escape(self.tr("Before: {b}. After: {a}. Service radius {r:g} m; figures backed by fewer "
                                        "than {k} participants are withheld.").format(
                b=before, a=after, r=radius_m, k=k_min)) + "</p>",
            "<table><tr>" + "".join(f"<th>{html.escape(self.tr(h))}</th>"
                                    for h in (QT_TRANSLATE_NOOP("CompareRound", "metric"),
                                              QT_TRANSLATE_NOOP("CompareRound", "level"),
                                              QT_TRANSLATE_NOOP("CompareRound", "before"),
                                              QT_TRANSLATE_NOOP("CompareRound", "after"),
                                              QT_TRANSLATE_NOOP("CompareRound", "change"))) + "</tr>",
        ]
        for r in rows:
            lines.append("<tr><td>" + html.escape(r[0]) + "</td>" +
                         "".join(f"<td>{cell(_none(v) if v is not None else None)}</td>" for v in r[1:]) + "</tr>")
        lines += ["</table>", "</body></html>"]
        with open(path, "w", encoding="utf-8") as fh:
            fh.write("\n".join(lines) + "\n")
