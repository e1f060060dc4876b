"""A whole round, headless: import → density → hotspots, written to one output folder.

Used by ``make demo`` (``demo/run_round.py``) and by the dock. Every step is a call to the
plugin's own Processing algorithms through ``processing.run``, so the job is exactly what a
planner gets from the toolbox or the Modeler.

Outputs in ``out_dir``: ``round.gpkg`` (layers ``fixes``, ``report``, ``hotspots``),
``density.tif``, ``map.png`` (hotspots over density with legend and scale bar, rendered by a
QGIS print layout) and ``report.html``.
"""
from __future__ import annotations

import datetime as _dt
import html
import os
from dataclasses import dataclass, field
from typing import Dict, List, Optional

from qgis.core import (
    QgsCoordinateTransformContext,
    QgsLayoutExporter,
    QgsLayoutItemLabel,
    QgsLayoutItemLegend,
    QgsLayoutItemMap,
    QgsLayoutItemScaleBar,
    QgsLayoutPoint,
    QgsLayoutSize,
    QgsPrintLayout,
    QgsProcessingContext,
    QgsProcessingFeedback,
    QgsProject,
    QgsRasterLayer,
    QgsRectangle,
    QgsScaleBarSettings,
    QgsUnitTypes,
    QgsVectorFileWriter,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtGui import QFont

from .styles import style_density, style_hotspots


def tr(text: str) -> str:
    return QCoreApplication.translate("RoundJob", text)


@dataclass
class RoundSettings:
    """Parameters of a round; names follow the algorithms' parameters (see DESIGN.md)."""

    round_label: str = "round-1"
    timezone: str = "UTC"
    bandwidth_m: float = 0.0
    pixel_size_m: float = 10.0
    k_min: int = 3
    levels: str = "50,75,90"
    per_participant: bool = True
    extra: Dict[str, object] = field(default_factory=dict)


@dataclass
class RoundResult:
    out_dir: str
    gpkg: str
    density: str
    map_png: str
    report_html: str
    import_rows: List[dict]
    hotspot_rows: List[dict]
    results: Dict[str, dict]


def _run(alg_id: str, params: dict, context: QgsProcessingContext, feedback: QgsProcessingFeedback) -> dict:
    import processing  # QGIS's processing package, importable once Processing is initialised

    return processing.run(alg_id, params, context=context, feedback=feedback)


def write_gpkg_layer(layer: QgsVectorLayer, gpkg: str, name: str, overwrite_file: bool) -> None:
    """Write ``layer`` as table ``name`` of the GeoPackage (creating or adding to the file)."""
    opts = QgsVectorFileWriter.SaveVectorOptions()
    opts.driverName = "GPKG"
    opts.layerName = name
    opts.fileEncoding = "UTF-8"
    opts.actionOnExistingFile = (QgsVectorFileWriter.ActionOnExistingFile.CreateOrOverwriteFile if overwrite_file
                                 else QgsVectorFileWriter.ActionOnExistingFile.CreateOrOverwriteLayer)
    err = QgsVectorFileWriter.writeAsVectorFormatV3(layer, gpkg, QgsCoordinateTransformContext(), opts)
    if err[0] != QgsVectorFileWriter.WriterError.NoError:
        raise RuntimeError(f"Could not write {name} to {gpkg}: {err[1]}")


def layer_rows(layer: QgsVectorLayer) -> List[dict]:
    names = [f.name() for f in layer.fields()]
    rows = []
    for feat in layer.getFeatures():
        row = {}
        for n, v in zip(names, feat.attributes()):
            if hasattr(v, "toString") and not isinstance(v, str):
                v = v.toString("yyyy-MM-dd HH:mm:ss") + " UTC" if hasattr(v, "toMSecsSinceEpoch") else v.toString()
            row[n] = v
        rows.append(row)
    return rows


def run_round(input_path: str, out_dir: str, settings: Optional[RoundSettings] = None,
              feedback: Optional[QgsProcessingFeedback] = None) -> RoundResult:
    """Run import → density → hotspots on ``input_path`` and write the four outputs to ``out_dir``."""
    settings = settings or RoundSettings()
    feedback = feedback or QgsProcessingFeedback()
    os.makedirs(out_dir, exist_ok=True)
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    gpkg = os.path.join(out_dir, "round.gpkg")
    density = os.path.join(out_dir, "density.tif")
    results: Dict[str, dict] = {}

    feedback.pushInfo(tr("1/3 Importing tracker files"))
    res = _run("trampesti:importtrackers", {
        "INPUT": input_path, "ROUND": settings.round_label, "TIMEZONE": settings.timezone,
        "OUTPUT": "memory:fixes", "REPORT": "memory:report"}, context, feedback)
    results["import"] = res
    fixes = context.getMapLayer(res["OUTPUT"]) if isinstance(res["OUTPUT"], str) else res["OUTPUT"]
    report = context.getMapLayer(res["REPORT"]) if isinstance(res["REPORT"], str) else res["REPORT"]
    write_gpkg_layer(fixes, gpkg, "fixes", overwrite_file=True)
    write_gpkg_layer(report, gpkg, "report", overwrite_file=False)
    import_rows = layer_rows(report)
    if fixes.featureCount() == 0:
        raise RuntimeError(tr("No fixes could be read from {p}: see the import report").format(p=input_path))

    feedback.pushInfo(tr("2/3 Kernel density"))
    res = _run("trampesti:kerneldensity", {
        "INPUT": fixes, "BANDWIDTH_M": settings.bandwidth_m, "PIXEL_SIZE_M": settings.pixel_size_m,
        "K_MIN": settings.k_min, "PER_PARTICIPANT": settings.per_participant, "OUTPUT": density}, context, feedback)
    results["kerneldensity"] = res

    feedback.pushInfo(tr("3/3 Hotspots"))
    res = _run("trampesti:hotspots", {
        "INPUT": density, "LEVELS": settings.levels, "FIXES": fixes, "K_MIN": settings.k_min,
        "OUTPUT": "memory:hotspots"}, context, feedback)
    results["hotspots"] = res
    hotspots = context.getMapLayer(res["OUTPUT"]) if isinstance(res["OUTPUT"], str) else res["OUTPUT"]
    write_gpkg_layer(hotspots, gpkg, "hotspots", overwrite_file=False)
    hotspot_rows = layer_rows(hotspots)

    density_layer = QgsRasterLayer(density, tr("Density (person-hours/ha)"))
    style_density(density_layer)
    hot_layer = QgsVectorLayer(f"{gpkg}|layername=hotspots", tr("Hotspots"), "ogr")
    style_hotspots(hot_layer)
    map_png = os.path.join(out_dir, "map.png")
    render_map([hot_layer, density_layer], map_png, tr("Trampesti round {r}").format(r=settings.round_label))
    report_html = os.path.join(out_dir, "report.html")
    write_report_html(report_html, settings, import_rows, hotspot_rows, results, os.path.basename(map_png))
    return RoundResult(out_dir, gpkg, density, map_png, report_html, import_rows, hotspot_rows, results)


def render_map(layers: list, path: str, title: str, extent: Optional[QgsRectangle] = None,
               width_mm: float = 297.0, height_mm: float = 210.0, dpi: int = 150) -> None:
    """Render layers (first on top) through a print layout with title, legend and scale bar."""
    project = QgsProject.instance()
    for lyr in layers:
        project.addMapLayer(lyr, False)
    try:
        layout = QgsPrintLayout(project)
        layout.initializeDefaults()
        page = layout.pageCollection().page(0)
        page.setPageSize(QgsLayoutSize(width_mm, height_mm, QgsUnitTypes.LayoutUnit.LayoutMillimeters))
        m = QgsLayoutItemMap(layout)
        layout.addLayoutItem(m)
        m.attemptMove(QgsLayoutPoint(8, 18, QgsUnitTypes.LayoutUnit.LayoutMillimeters))
        m.attemptResize(QgsLayoutSize(width_mm - 80, height_mm - 26, QgsUnitTypes.LayoutUnit.LayoutMillimeters))
        m.setCrs(layers[-1].crs())
        m.setLayers(layers)
        m.setKeepLayerSet(True)
        if extent is None:
            extent = QgsRectangle(layers[0].extent())
            if extent.isEmpty():
                extent = QgsRectangle(layers[-1].extent())
        ext = QgsRectangle(extent)
        ext.scale(1.15)
        # setExtent resizes the item to the extent's aspect; zoomToExtent alone leaves an empty
        # extent on QGIS 3.22: set, restore the size, then zoom
        m.setExtent(ext)
        m.attemptResize(QgsLayoutSize(width_mm - 80, height_mm - 26, QgsUnitTypes.LayoutUnit.LayoutMillimeters))
        m.zoomToExtent(ext)
        m.setFrameEnabled(True)
        label = QgsLayoutItemLabel(layout)
        layout.addLayoutItem(label)
        label.setText(title)
        label.setFont(QFont("DejaVu Sans", 16))
        label.attemptMove(QgsLayoutPoint(8, 5, QgsUnitTypes.LayoutUnit.LayoutMillimeters))
        label.attemptResize(QgsLayoutSize(width_mm - 16, 10, QgsUnitTypes.LayoutUnit.LayoutMillimeters))
        legend = QgsLayoutItemLegend(layout)
        layout.addLayoutItem(legend)
        legend.setTitle(tr("Legend"))
        legend.setLinkedMap(m)
        legend.setAutoUpdateModel(False)
        root = legend.model().rootGroup()
        root.removeAllChildren()
        for lyr in layers:
            root.addLayer(lyr)
        legend.attemptMove(QgsLayoutPoint(width_mm - 68, 18, QgsUnitTypes.LayoutUnit.LayoutMillimeters))
        bar = QgsLayoutItemScaleBar(layout)
        layout.addLayoutItem(bar)
        bar.setLinkedMap(m)
        bar.setStyle("Single Box")
        bar.setUnits(QgsUnitTypes.DistanceUnit.DistanceMeters)
        bar.setUnitLabel("m")
        bar.setNumberOfSegments(4)
        bar.setNumberOfSegmentsLeft(0)
        bar.setUnitsPerSegment(_nice_segment_m(ext.width() / 4.0))
        bar.setSegmentSizeMode(QgsScaleBarSettings.SegmentSizeMode.SegmentSizeFixed)
        bar.attemptMove(QgsLayoutPoint(12, height_mm - 22, QgsUnitTypes.LayoutUnit.LayoutMillimeters))
        exporter = QgsLayoutExporter(layout)
        settings = QgsLayoutExporter.ImageExportSettings()
        settings.dpi = dpi
        status = exporter.exportToImage(path, settings)
        if status != QgsLayoutExporter.ExportResult.Success:
            raise RuntimeError(f"Could not render the map to {path} (status {status})")
    finally:
        for lyr in layers:
            project.removeMapLayer(lyr.id())


def _nice_segment_m(target_m: float) -> float:
    """A round segment length (1, 2 or 5 × 10^n metres) not larger than ``target_m``."""
    import math

    if target_m <= 0:
        return 100.0
    p = 10 ** math.floor(math.log10(target_m))
    for f in (5, 2, 1):
        if f * p <= target_m:
            return float(f * p)
    return float(p)


def _table(rows: List[dict], columns: List[str], status_col: Optional[str] = None) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = []
    for r in rows:
        cls = f' class="{html.escape(str(r.get(status_col, "")))}"' if status_col else ""
        cells = "".join(f"<td>{html.escape(_fmt(r.get(c)))}</td>" for c in columns)
        body.append(f"<tr{cls}>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _fmt(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:,.2f}"
    s = str(v)
    return "" if s == "NULL" else s


def write_report_html(path: str, settings: RoundSettings, import_rows: List[dict], hotspot_rows: List[dict],
                      results: Dict[str, dict], map_name: str) -> None:
    """A self-contained HTML report: import table, hotspot table, the map and the parameters."""
    n_files = len(import_rows)
    n_failed = sum(1 for r in import_rows if r.get("status") == "failed")
    n_fixes = sum(int(r.get("fixes_kept") or 0) for r in import_rows)
    kd = results.get("kerneldensity", {})
    params = {
        tr("Round"): settings.round_label,
        tr("Time zone for zone-less times"): settings.timezone,
        tr("Bandwidth (m)"): f"{kd.get('BANDWIDTH_USED_M', settings.bandwidth_m):.1f}",
        tr("Pixel size (m)"): settings.pixel_size_m,
        tr("K_MIN (minimum participants per published figure)"): settings.k_min,
        tr("Hotspot levels (%)"): settings.levels,
        tr("Same weight for every participant"): settings.per_participant,
    }
    ptable = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(_fmt(v))}</td></tr>" for k, v in params.items())
    doc = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(tr('Trampesti round report'))}</title>
<style>
body{{font-family:'DejaVu Sans',Arial,sans-serif;margin:2em;color:#222;max-width:1100px}}
table{{border-collapse:collapse;margin:1em 0;font-size:90%}} th,td{{border:1px solid #bbb;padding:3px 7px;text-align:left}}
th{{background:#eee}} tr.failed td{{background:#fbe3e3}} tr.partial td{{background:#fff6d9}}
img{{max-width:100%;border:1px solid #999}}
</style></head><body>
<h1>{html.escape(tr('Trampesti round report'))} — {html.escape(settings.round_label)}</h1>
<p>{html.escape(tr('Created'))} {_dt.datetime.now(_dt.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}.
{html.escape(tr('{f} files read, {bad} failed; {n} fixes kept.').format(f=n_files, bad=n_failed, n=n_fixes))}</p>
<h2>{html.escape(tr('Map'))}</h2>
<p><img src="{html.escape(map_name)}" alt="{html.escape(tr('Hotspots over the density of presence'))}"></p>
<h2>{html.escape(tr('Hotspots'))}</h2>
<p>{html.escape(tr('Each level is the smallest area holding that share of all presence. Figures backed by fewer than K_MIN participants are not shown.'))}</p>
{_table(hotspot_rows, ['level_pct', 'person_hours', 'n_participants', 'area_m2'])}
<h2>{html.escape(tr('Import'))}</h2>
{_table(import_rows, ['file', 'format', 'fixes_read', 'fixes_kept', 'rejected', 'reasons', 'first_utc', 'last_utc', 'status', 'message'], 'status')}
<h2>{html.escape(tr('Parameters'))}</h2>
<table>{ptable}</table>
</body></html>
"""
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(doc)
