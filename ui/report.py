"""The round report for the council: HTML and PDF (a QgsPrintLayout exported by QgsLayoutExporter).

Contents: the map (sites, hotspots, places, density, with legend and scale bar), the import
summary, the privacy summary, the hotspot table, the site table and every parameter used.
Privacy: the council report names no file, device or participant — the import summary is
counted by format and status only, and every figure comes from K_MIN-suppressed outputs.

Files are written to a temporary folder inside the round's folder first and moved into place
only when all of them were written (no half-written report is left behind).
"""
from __future__ import annotations

import datetime as _dt
import html
import os
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from typing import Dict, List, Sequence, Tuple

from qgis.core import (
    QgsCoordinateTransform,
    QgsLayoutExporter,
    QgsLayoutFrame,
    QgsLayoutItemLabel,
    QgsLayoutItemLegend,
    QgsLayoutItemMap,
    QgsLayoutItemPage,
    QgsLayoutItemTextTable,
    QgsLayoutMultiFrame,
    QgsLayoutPoint,
    QgsLayoutSize,
    QgsLayoutTableColumn,
    QgsMapLayerLegendUtils,
    QgsPrintLayout,
    QgsProject,
    QgsRasterLayer,
    QgsRectangle,
    QgsTextFormat,
    QgsUnitTypes,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtGui import QFont

from ..processing.roundjob import add_scale_bar, nice_segment_m

MM = QgsUnitTypes.LayoutUnit.LayoutMillimeters
PAGE_W, PAGE_H = 297.0, 210.0


@dataclass
class RoundReport:
    """Everything the report shows; the dock fills it (tests may fill it by hand)."""

    round_label: str
    settings: Dict[str, object]
    files_rows: List[dict]
    privacy_rows: List[Tuple[str, object]]
    hotspot_rows: List[dict]
    site_rows: List[dict]
    results: Dict[str, dict]
    layers: list
    layer_names: Dict[str, str] = field(default_factory=dict)
    weights: Dict[str, float] = field(default_factory=dict)


class ReportText:
    """The report's words (translation context ``ReportText``)."""

    def tr(self, text: str) -> str:
        return QCoreApplication.translate("ReportText", text)

    def title(self, round_label: str) -> str:
        return self.tr("Trampesti round report — {round}").format(round=round_label)

    def import_summary(self, rows: List[dict]) -> Tuple[List[str], List[List[str]], str]:
        """Counts by format and status; no file names or participant keys."""
        by = Counter((str(r.get("format") or "?"), str(r.get("status") or "?")) for r in rows)
        fixes = Counter()
        for r in rows:
            fixes[(str(r.get("format") or "?"), str(r.get("status") or "?"))] += int(r.get("fixes_kept") or 0)
        body = [[fmt, self.status_word(st), str(n), str(fixes[(fmt, st)])] for (fmt, st), n in sorted(by.items())]
        reasons = Counter()
        for r in rows:
            for part in str(r.get("reasons") or "").split(";"):
                if "=" in part:
                    k, v = part.split("=", 1)
                    try:
                        reasons[k.strip()] += int(v)
                    except ValueError:
                        continue
        n_fixes = sum(int(r.get("fixes_kept") or 0) for r in rows)
        n_failed = sum(1 for r in rows if r.get("status") == "failed")
        text = self.tr("{f} files read, {bad} could not be read; {n} fixes kept.").format(
            f=len(rows), bad=n_failed, n=n_fixes)
        if reasons:
            text += " " + self.tr("Records left out: {reasons}.").format(
                reasons=", ".join(f"{k} {v}" for k, v in sorted(reasons.items())))
        return [self.tr("Format"), self.tr("Status"), self.tr("Files"), self.tr("Fixes kept")], body, text

    def status_word(self, status: str) -> str:
        return {"ok": self.tr("ok"), "partial": self.tr("partly read"), "failed": self.tr("failed")}.get(status, status)

    def hotspot_table(self, rows: List[dict]) -> Tuple[List[str], List[List[str]]]:
        head = [self.tr("Level (% of time)"), self.tr("Person-hours"), self.tr("Participants"), self.tr("Area (ha)")]
        body = [[_n(r.get("level_pct"), 0), _n(r.get("person_hours"), 1), _s(r.get("n_participants")),
                 _n((r.get("area_m2") or 0) / 10000.0, 2)] for r in rows]
        return head, body

    def site_table(self, rows: List[dict]) -> Tuple[List[str], List[List[str]]]:
        head = [self.tr("Rank"), self.tr("Score"), self.tr("Person-hours served"), self.tr("Participants served"),
                self.tr("Toilet (m)"), self.tr("Covered")]
        body = []
        for i, r in enumerate(rows):
            cov = r.get("covered")
            body.append([_s(r.get("rank") or i + 1), _n(r.get("score"), 2), _n(r.get("person_hours_served"), 1),
                         _s(r.get("participants_served")), _n(r.get("toilet_dist_m"), 0),
                         "" if cov is None else (self.tr("yes") if bool(cov) else self.tr("no"))])
        return head, body

    def parameters(self, report: RoundReport) -> List[List[str]]:
        s = report.settings
        lay = QgsProject.instance()

        def layer_name(key: str) -> str:
            layer = lay.mapLayer(str(s.get(key) or "")) if s.get(key) else None
            return layer.name() if layer is not None else self.tr("none")

        density = report.results.get("density", {})
        bw = density.get("BANDWIDTH_USED_M")
        rows = [
            [self.tr("Round"), _s(s.get("round"))],
            [self.tr("Time zone of local times"), _s(s.get("timezone"))],
            [self.tr("Fewest people behind a figure (K_MIN)"), _s(s.get("k_min"))],
            [self.tr("Hide fixes inside"), layer_name("mask_layer")],
            [self.tr("Hide sleeping places"), self.tr("yes") if s.get("mask_night_places") else self.tr("no")],
            [self.tr("Hide around sleeping places (m)"), _s(s.get("night_radius_m"))],
            [self.tr("Hand-out site"), layer_name("handout_layer")],
            [self.tr("Hide around the hand-out site (m)"), _s(s.get("handout_radius_m"))],
            [self.tr("Round times to (min)"), _s(s.get("time_resolution_min"))],
            [self.tr("Snap positions to a grid of (m)"), _s(s.get("spatial_resolution_m"))],
            [self.tr("Stay radius (m)"), _s(s.get("stay_distance_m"))],
            [self.tr("Shortest stay (min)"), _s(s.get("stay_min_duration_min"))],
            [self.tr("Longest gap inside a stay (min)"), _s(s.get("stay_max_gap_min"))],
            [self.tr("Smoothing distance (m)"), (_n(bw, 0) + " " + self.tr("(automatic)"))
             if bw is not None and not s.get("bandwidth_m") else _s(s.get("bandwidth_m"))],
            [self.tr("Cell size (m)"), _s(s.get("pixel_size_m"))],
            [self.tr("Count every participant equally"), self.tr("yes") if s.get("per_participant") else self.tr("no")],
            [self.tr("Hotspot levels (% of time)"), _s(s.get("levels"))],
            [self.tr("Toilets"), layer_name("toilets_layer")],
            [self.tr("Cover (roofs, arcades)"), layer_name("cover_layer")],
            [self.tr("Exclusion zones"), layer_name("exclusions_layer")],
            [self.tr("Candidate sites"), layer_name("candidates_layer")],
            [self.tr("Building phases"), layer_name("phases_layer")],
        ]
        for k, w in report.weights.items():
            rows.append([self.tr("Weight {name}").format(name=k), self.tr("{pct} %").format(pct=round(100 * w))])
        rows += [
            [self.tr("Number of sites"), _s(s.get("n_sites"))],
            [self.tr("Service radius (m)"), _s(s.get("service_radius_m"))],
            [self.tr("Least distance between sites (m)"), _s(s.get("min_spacing_m"))],
        ]
        return rows


def _s(v) -> str:
    return "" if v is None or str(v) == "NULL" else str(v)


def _n(v, d: int) -> str:
    try:
        return f"{float(v):.{d}f}"
    except (TypeError, ValueError):
        return ""


# -- layout -----------------------------------------------------------------------------------
def _map_extent(layers, crs) -> QgsRectangle:
    extent = QgsRectangle()
    extent.setMinimal()
    for layer in layers:
        if layer.extent().isEmpty():
            continue
        xform = QgsCoordinateTransform(layer.crs(), crs, QgsProject.instance())
        extent.combineExtentWith(xform.transformBoundingBox(layer.extent()))
    return extent


def _label(layout, text: str, x: float, y: float, w: float, h: float, size: int = 10, bold: bool = False):
    label = QgsLayoutItemLabel(layout)
    layout.addLayoutItem(label)
    label.setText(text)
    font = QFont("DejaVu Sans", size)
    font.setBold(bold)
    try:
        fmt = QgsTextFormat()
        fmt.setFont(font)
        fmt.setSize(size)
        label.setTextFormat(fmt)
    except AttributeError:  # QGIS < 3.24
        label.setFont(font)
    label.attemptMove(QgsLayoutPoint(x, y, MM))
    label.attemptResize(QgsLayoutSize(w, h, MM))
    return label


def _table(layout, head: Sequence[str], body: Sequence[Sequence[str]], x: float, y: float, w: float,
           page: int) -> float:
    """A text table at (x, y) on ``page``; returns its height in mm."""
    table = QgsLayoutItemTextTable(layout)
    layout.addMultiFrame(table)
    cols = []
    for h in head:
        col = QgsLayoutTableColumn()
        col.setHeading(h)
        cols.append(col)
    table.setColumns(cols)
    for row in body:
        table.addRow([str(c) for c in row])
    font = QFont("DejaVu Sans", 8)
    try:
        cell, header = QgsTextFormat(), QgsTextFormat()
        cell.setFont(font)
        cell.setSize(8)
        bold = QFont(font)
        bold.setBold(True)
        header.setFont(bold)
        header.setSize(8)
        table.setContentTextFormat(cell)
        table.setHeaderTextFormat(header)
    except AttributeError:  # QGIS < 3.16
        table.setContentFont(font)
    height = 7.0 + 5.2 * max(1, len(body))
    frame = QgsLayoutFrame(layout, table)
    frame.attemptMove(QgsLayoutPoint(x, y, MM), page=page)
    frame.attemptResize(QgsLayoutSize(w, height, MM))
    table.addFrame(frame)
    table.setResizeMode(QgsLayoutMultiFrame.ResizeMode.UseExistingFrames)
    return height


def build_layout(report: RoundReport, text: ReportText) -> Tuple[QgsPrintLayout, QgsPrintLayout]:
    """(map layout with one page, full layout with map page + table pages)."""
    project = QgsProject.instance()
    layouts = []
    for _ in range(2):
        layout = QgsPrintLayout(project)
        layout.initializeDefaults()
        layout.setName(text.title(report.round_label))
        page = layout.pageCollection().page(0)
        page.setPageSize(QgsLayoutSize(PAGE_W, PAGE_H, MM))
        _label(layout, text.title(report.round_label), 10, 6, PAGE_W - 20, 10, 16, True)
        layers = list(report.layers)
        crs = layers[-1].crs()
        m = QgsLayoutItemMap(layout)
        layout.addLayoutItem(m)
        m.attemptMove(QgsLayoutPoint(10, 18, MM))
        m.attemptResize(QgsLayoutSize(PAGE_W - 100, PAGE_H - 28, MM))
        m.setCrs(crs)
        m.setLayers(layers)
        m.setKeepLayerSet(True)
        ext = _map_extent(layers[:-1] or layers, crs)
        ext.scale(1.25)
        m.setExtent(ext)
        m.attemptResize(QgsLayoutSize(PAGE_W - 100, PAGE_H - 28, MM))
        m.zoomToExtent(ext)
        m.setFrameEnabled(True)
        legend = QgsLayoutItemLegend(layout)
        layout.addLayoutItem(legend)
        legend.setTitle(QCoreApplication.translate("ReportText", "Legend"))
        legend.setLinkedMap(m)
        legend.setAutoUpdateModel(False)
        root = legend.model().rootGroup()
        root.removeAllChildren()
        for layer in layers:
            node = root.addLayer(layer)
            node.setCustomProperty("legend/title-label", layer.name().replace(" " + report.round_label, ""))
            if isinstance(layer, QgsRasterLayer):  # "Band 1: density of presence (Gray)" → the unit
                QgsMapLayerLegendUtils.setLegendNodeUserLabel(
                    node, 0, QCoreApplication.translate("ReportText", "person-hours per hectare"))
                legend.model().refreshLayerLegend(node)
            elif isinstance(layer, QgsVectorLayer) and layer.renderer() is not None \
                    and layer.renderer().type() == "singleSymbol":  # the symbol row carries the title
                QgsMapLayerLegendUtils.setLegendNodeUserLabel(node, 0, layer.name().replace(" " + report.round_label, ""))
                legend.model().refreshLayerLegend(node)
        legend.setColumnCount(1)
        legend.attemptMove(QgsLayoutPoint(PAGE_W - 86, 18, MM))
        add_scale_bar(layout, m, nice_segment_m(m.extent().width() / 8.0), 14, PAGE_H - 22)
        layouts.append(layout)
    full = layouts[1]
    _add_table_pages(full, report, text)
    return layouts[0], full


def _new_page(layout) -> int:
    page = QgsLayoutItemPage(layout)
    page.setPageSize(QgsLayoutSize(PAGE_W, PAGE_H, MM))
    layout.pageCollection().addPage(page)
    return layout.pageCollection().pageCount() - 1


def _add_table_pages(layout, report: RoundReport, text: ReportText) -> None:
    """Page 2: import and privacy (left), hotspots (right). Page 3: sites, then the parameters."""
    ctx = "ReportText"
    p = _new_page(layout)
    top = p * (PAGE_H + layout.pageCollection().spaceBetweenPages())
    col_w = (PAGE_W - 30) / 2
    y = 10.0
    head, body, summary = text.import_summary(report.files_rows)
    _label(layout, QCoreApplication.translate(ctx, "Import"), 10, top + y, col_w, 7, 12, True)
    _label(layout, summary, 10, top + y + 7, col_w, 12, 8)
    y += 20
    y += _table(layout, head, body, 10, y, col_w, p) + 6
    _label(layout, QCoreApplication.translate(ctx, "Privacy"), 10, top + y, col_w, 7, 12, True)
    y += 8
    prows = [[_s(k), _s(v)] for k, v in report.privacy_rows] or [
        [QCoreApplication.translate(ctx, "not anonymised in this version"), ""]]
    _table(layout, [QCoreApplication.translate(ctx, "What"), QCoreApplication.translate(ctx, "Value")],
           prows[:18], 10, y, col_w, p)
    x2 = 20 + col_w
    _label(layout, QCoreApplication.translate(ctx, "Hotspots"), x2, top + 10, col_w, 7, 12, True)
    _label(layout, QCoreApplication.translate(ctx, "Each level is the smallest area holding that share of all time spent."),
           x2, top + 17, col_w, 10, 8)
    head, body = text.hotspot_table(report.hotspot_rows)
    _table(layout, head, body, x2, 28, col_w, p)

    p = _new_page(layout)
    top = p * (PAGE_H + layout.pageCollection().spaceBetweenPages())
    _label(layout, QCoreApplication.translate(ctx, "Sites"), 10, top + 10, PAGE_W - 20, 7, 12, True)
    head, body = text.site_table(report.site_rows)
    if not body:
        body = [[QCoreApplication.translate(ctx, "no sites chosen in this round")] + [""] * (len(head) - 1)]
    y = 18 + _table(layout, head, body, 10, 18, PAGE_W - 20, p) + 8
    _label(layout, QCoreApplication.translate(ctx, "Parameters"), 10, top + y, PAGE_W - 20, 7, 12, True)
    y += 8
    params = text.parameters(report)
    half = (len(params) + 1) // 2
    setting, value = QCoreApplication.translate(ctx, "Setting"), QCoreApplication.translate(ctx, "Value")
    _table(layout, [setting, value], params[:half], 10, y, col_w, p)
    _table(layout, [setting, value], params[half:], x2, y, col_w, p)


# -- HTML ---------------------------------------------------------------------------------------
def _html_table(head: Sequence[str], body: Sequence[Sequence[str]]) -> str:
    h = "".join(f"<th>{html.escape(c)}</th>" for c in head)
    b = "".join("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>" for row in body)
    return f"<table><thead><tr>{h}</tr></thead><tbody>{b}</tbody></table>"


def report_html(report: RoundReport, text: ReportText, map_name: str) -> str:
    head, body, summary = text.import_summary(report.files_rows)
    hh, hb = text.hotspot_table(report.hotspot_rows)
    sh, sb = text.site_table(report.site_rows)
    prows = [[_s(k), _s(v)] for k, v in report.privacy_rows]
    created = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    e = html.escape
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{e(text.title(report.round_label))}</title>
<style>
body{{font-family:'DejaVu Sans',Arial,sans-serif;margin:2em;color:#222;max-width:1100px}}
table{{border-collapse:collapse;margin:.6em 0 1.4em;font-size:90%}} th,td{{border:1px solid #bbb;padding:3px 8px;text-align:left}}
th{{background:#eee}} img{{max-width:100%;border:1px solid #999}}
</style></head><body>
<h1>{e(text.title(report.round_label))}</h1>
<p>{e(QCoreApplication.translate("ReportText", "Created {when}.").format(when=created))} {e(QCoreApplication.translate("ReportText", "No file, device or person is named in this report; every figure is backed by at least K_MIN = {k} different participants.").format(k=report.settings.get("k_min")))}</p>
<h2>{e(QCoreApplication.translate("ReportText", "Map"))}</h2>
<p><img src="{e(map_name)}" alt="{e(QCoreApplication.translate("ReportText", "Map of the round"))}"></p>
<h2>{e(QCoreApplication.translate("ReportText", "Import"))}</h2>
<p>{e(summary)}</p>
{_html_table(head, body)}
<h2>{e(QCoreApplication.translate("ReportText", "Privacy"))}</h2>
{_html_table([QCoreApplication.translate("ReportText", "What"), QCoreApplication.translate("ReportText", "Value")], prows) if prows else "<p>" + e(QCoreApplication.translate("ReportText", "not anonymised in this version")) + "</p>"}
<h2>{e(QCoreApplication.translate("ReportText", "Hotspots"))}</h2>
<p>{e(QCoreApplication.translate("ReportText", "Each level is the smallest area holding that share of all time spent."))}</p>
{_html_table(hh, hb)}
<h2>{e(QCoreApplication.translate("ReportText", "Sites"))}</h2>
{_html_table(sh, sb) if sb else "<p>" + e(QCoreApplication.translate("ReportText", "no sites chosen in this round")) + "</p>"}
<h2>{e(QCoreApplication.translate("ReportText", "Parameters"))}</h2>
{_html_table([QCoreApplication.translate("ReportText", "Setting"), QCoreApplication.translate("ReportText", "Value")], text.parameters(report))}
</body></html>
"""


def write_report(report: RoundReport, out_dir: str) -> Dict[str, str]:
    """Write ``report_<round>.html``, ``.pdf`` and the map PNG into ``out_dir``; returns their paths."""
    if not report.layers:
        raise ValueError("no layers to map")
    text = ReportText()
    os.makedirs(out_dir, exist_ok=True)
    stem = "report_" + "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in report.round_label)
    tmp = tempfile.mkdtemp(prefix=".trampesti-report-", dir=out_dir)
    try:
        map_layout, full = build_layout(report, text)
        png = os.path.join(tmp, stem + "_map.png")
        img = QgsLayoutExporter.ImageExportSettings()
        img.dpi = 150
        status = QgsLayoutExporter(map_layout).exportToImage(png, img)
        if status != QgsLayoutExporter.ExportResult.Success:
            raise RuntimeError(f"map image export failed (status {status})")
        pdf = os.path.join(tmp, stem + ".pdf")
        pdf_settings = QgsLayoutExporter.PdfExportSettings()
        pdf_settings.dpi = 200
        pdf_settings.rasterizeWholeImage = False
        status = QgsLayoutExporter(full).exportToPdf(pdf, pdf_settings)
        if status != QgsLayoutExporter.ExportResult.Success:
            raise RuntimeError(f"PDF export failed (status {status})")
        html_path = os.path.join(tmp, stem + ".html")
        with open(html_path, "w", encoding="utf-8") as fh:
            fh.write(report_html(report, text, os.path.basename(png)))
        final: Dict[str, str] = {}
        for key, path in (("map", png), ("pdf", pdf), ("html", html_path)):
            dest = os.path.join(out_dir, os.path.basename(path))
            if os.path.exists(dest):
                os.remove(dest)
            shutil.move(path, dest)
            final[key] = dest
        return final
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
