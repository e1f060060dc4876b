"""A whole round, headless: import → anonymise → density → hotspots, written to one folder.

Used by ``make demo`` (``demo/run_round.py``) and by the dock. Every step is a call to the
plugin's own Processing algorithms through ``processing.run``, so the job is exactly what a
planner gets from the toolbox or the Modeler.

Privacy: the raw fixes live in a memory layer only and are never written to disk (unless
``RoundSettings.keep_raw``: then ``raw_fixes.gpkg`` in the output folder, mode 0600, with a
warning). Density and hotspots are computed from the ANONYMISED fixes. No output names a
file, device serial or track name: the import report is written with pseudonyms and neutral
file labels ("P07 file 1 (gpx)"); the full raw import report goes to the log only.

Outputs in ``out_dir``: ``round.gpkg`` (layers ``fixes`` = anonymised fixes, pseudonymised
personal data; ``report`` = import report with pseudonyms; ``hotspots``; ``privacy`` = what
was removed per pseudonym and reason), ``density.tif``, ``map.png`` (hotspots over density
with legend and scale bar, rendered by a QGIS print layout), ``report.html`` (with a privacy
section), ``privacy.html`` (the report for the data-protection officer) and ``privacy.json``.
The withdrawal key is written only where ``RoundSettings.key_file`` says (keep it apart).
"""
from __future__ import annotations

import datetime as _dt
import html
import json
import os
import shutil
import stat
import tempfile
from dataclasses import dataclass, field
from typing import Dict, List, Optional

import numpy as np
from qgis.core import (
    QgsCoordinateTransformContext,
    QgsLayerMetadata,
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

from ..core import privacy, risk
from .alg_anonymise import pseudonymised_metadata
from .layers import read_points, transform_xy
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
    # privacy (trampesti:anonymise)
    mask_layer: str = ""                 # polygons whose fixes are always removed (any CRS); "" = none
    mask_night_places: bool = True
    night_timezone: str = "Europe/Copenhagen"  # local time for nights and dropped dates
    night_radius_m: float = 75.0
    handout_layer: str = ""              # point/polygon of the hand-out site; "" = none
    handout_radius_m: float = 100.0
    handout_trim_min: float = 30.0
    time_resolution_s: float = 60.0
    drop_date: bool = False
    spatial_resolution_m: float = 0.0
    laplace_epsilon_per_m: float = 0.0
    key_file: str = ""                   # where to write the withdrawal key (keep apart); "" = not written
    keep_raw: bool = False               # write raw_fixes.gpkg (mode 0600) into out_dir
    attack_trials: int = 1000            # random tries per attack figure in the privacy report
    # movement and sites
    clean: bool = True                   # trampesti:cleanfixes (walk preset) before anonymising
    detect_stays: bool = True            # trampesti:detectstays on the anonymised fixes
    layers_dir: str = ""                 # folder with toilets/cover/schools/candidates/phases.geojson; "" = no sites
    n_sites: int = 3
    service_radius_m: float = 200.0


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
    privacy_html: str = ""
    privacy_report: Dict[str, object] = field(default_factory=dict)
    raw_import_rows: List[dict] = field(default_factory=list)  # in memory only (file names!): for the dock
    place_rows: List[dict] = field(default_factory=list)
    site_rows: List[dict] = field(default_factory=list)
    raw_fixes: str = ""                  # path of raw_fixes.gpkg when keep_raw


def _run(alg_id: str, params: dict, context: QgsProcessingContext, feedback: QgsProcessingFeedback) -> dict:
    import processing  # QGIS's processing package, importable once Processing is initialised

    return processing.run(alg_id, params, context=context, feedback=feedback)


def write_gpkg_layer(layer: QgsVectorLayer, gpkg: str, name: str, overwrite_file: bool,
                     metadata: Optional[QgsLayerMetadata] = None) -> None:
    """Write ``layer`` as table ``name`` of the GeoPackage (creating or adding to the file)."""
    opts = QgsVectorFileWriter.SaveVectorOptions()
    opts.driverName = "GPKG"
    opts.layerName = name
    opts.fileEncoding = "UTF-8"
    opts.actionOnExistingFile = (QgsVectorFileWriter.ActionOnExistingFile.CreateOrOverwriteFile if overwrite_file
                                 else QgsVectorFileWriter.ActionOnExistingFile.CreateOrOverwriteLayer)
    if metadata is not None:
        opts.layerMetadata = metadata
        opts.saveMetadata = True
    err = QgsVectorFileWriter.writeAsVectorFormatV3(layer, gpkg, QgsCoordinateTransformContext(), opts)
    if err[0] != QgsVectorFileWriter.WriterError.NoError:
        raise RuntimeError(f"Could not write {name} to {gpkg}: {err[1]}")


def _metadata(title: str, abstract: str) -> QgsLayerMetadata:
    md = QgsLayerMetadata()
    md.setTitle(title)
    md.setAbstract(abstract)
    return md


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


def _layer(res: dict, key: str, context: QgsProcessingContext):
    v = res[key]
    return context.getMapLayer(v) if isinstance(v, str) else v


def _private_umask():
    """Context manager: files created inside are readable by their owner only."""
    import contextlib

    @contextlib.contextmanager
    def cm():
        old = os.umask(0o077)
        try:
            yield
        finally:
            os.umask(old)
    return cm()


def safe_import_rows(raw_rows: List[dict], pseudonyms: Dict[str, str], time_resolution_s: float,
                     drop_date: bool) -> List[dict]:
    """The import report for outputs: no file name, raw key or free-text message.

    Each file becomes "P07 file 1 (gpx)" (numbered per pseudonym; files whose participant
    got no pseudonym because nothing could be read are "unread file 1 (gpx)"); rows are
    sorted by that label, so the order says nothing about the file names. Messages (which
    can quote names) are left out: they are in the log. First/last times are rounded to the
    time resolution, or left out when the calendar date is dropped.
    """
    def when(v) -> str:
        if drop_date or not v or v == "NULL":
            return ""
        try:
            t = _dt.datetime.strptime(str(v).replace(" UTC", ""), "%Y-%m-%d %H:%M:%S").replace(tzinfo=_dt.timezone.utc)
        except ValueError:
            return ""
        r = float(time_resolution_s or 0)
        s = t.timestamp()
        if r > 0:
            s = float(np.floor(s / r + 0.5) * r)
        return _dt.datetime.fromtimestamp(s, _dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")

    keyed = []
    for r in raw_rows:
        pn = pseudonyms.get(str(r.get("participant") or ""), "")
        keyed.append((pn or "~", str(r.get("format") or ""), r))
    keyed.sort(key=lambda k: (k[0], k[1], -int(k[2].get("fixes_read") or 0)))
    counter: Dict[str, int] = {}
    out = []
    for pn, fmt, r in keyed:
        who = pn if pn != "~" else "unread"
        counter[who] = counter.get(who, 0) + 1
        out.append({
            "file": f"{who} file {counter[who]} ({fmt or 'unknown'})",
            "format": fmt,
            "participant": pn if pn != "~" else "",
            "fixes_read": r.get("fixes_read"),
            "fixes_kept": r.get("fixes_kept"),
            "rejected": r.get("rejected"),
            "reasons": r.get("reasons"),
            "first_utc": when(r.get("first_utc")),
            "last_utc": when(r.get("last_utc")),
            "status": r.get("status"),
            "used_timezone": r.get("used_timezone"),
            "message": tr("see the QGIS log") if r.get("message") not in (None, "", "NULL") else "",
        })
    return out


def _rows_layer(rows: List[dict], name: str) -> QgsVectorLayer:
    """A memory table (no geometry) from dict rows: text for everything but counts."""
    from qgis.core import QgsFeature, QgsField
    from qgis.PyQt.QtCore import QVariant

    lyr = QgsVectorLayer("None", name, "memory")
    cols = list(rows[0].keys()) if rows else ["file"]
    ints = {"fixes_read", "fixes_kept", "rejected"}
    lyr.dataProvider().addAttributes([QgsField(c, QVariant.Type.Int if c in ints else (
        QVariant.Type.Bool if c == "used_timezone" else QVariant.Type.String)) for c in cols])
    lyr.updateFields()
    feats = []
    for r in rows:
        f = QgsFeature(lyr.fields())
        vals = []
        for c in cols:
            v = r.get(c)
            if c in ints:
                vals.append(None if v in (None, "NULL") else int(v))
            elif c == "used_timezone":
                vals.append(bool(v) if v not in (None, "NULL") else None)
            else:
                vals.append("" if v is None else str(v))
        f.setAttributes(vals)
        feats.append(f)
    lyr.dataProvider().addFeatures(feats)
    return lyr


def hotspot_attack(hotspots: QgsVectorLayer, anon: QgsVectorLayer, raw: QgsVectorLayer,
                   pseudonyms: Dict[str, str], k_min: int, n_trials: int = 1000) -> Dict[str, object]:
    """The p-point attack on the published hotspot polygons (an ``extra_aggregates`` entry).

    Backers of a polygon: the pseudonyms with anonymised fixes inside it. Attacker's
    knowledge: the raw fixes (mapped to pseudonyms in memory), each as every polygon that
    holds it; he knows p of the hotspots a person visited and picks from the smallest
    matching polygon's backers.
    """
    crs = hotspots.crs()
    ax, ay, acol = read_points(anon, ["participant"])
    ax, ay = transform_xy(ax, ay, anon.sourceCrs(), crs)
    rx, ry, rcol = read_points(raw, ["participant"])
    rx, ry = transform_xy(rx, ry, raw.sourceCrs(), crs)
    rp = privacy.apply_pseudonyms(rcol["participant"], pseudonyms) if rx.size else np.zeros(0, dtype=object)
    mg, mp, kg, kp = [], [], [], []
    for gid, feat in enumerate(hotspots.getFeatures()):
        g = feat.geometry()
        if g is None or g.isEmpty():
            continue
        parts = g.asMultiPolygon() if g.isMultipart() else [g.asPolygon()]
        rings = [[np.array([[p.x(), p.y()] for p in ring]) for ring in poly if len(ring) >= 3] for poly in parts]
        rings = [r for r in rings if r]
        inside_a = privacy.mask_polygons(ax, ay, rings)
        inside_r = privacy.mask_polygons(rx, ry, rings)
        who = np.unique(acol["participant"][inside_a].astype(str))
        mg.append(np.full(who.size, gid, dtype=np.int64))
        mp.append(who.astype(object))
        kg.append(np.full(int(inside_r.sum()), gid, dtype=np.int64))
        kp.append(rp[inside_r])
    n_all = len(pseudonyms)
    if not mg:
        return {}
    res = risk.aggregate_risk_from_membership(
        np.concatenate(mg), np.concatenate(mp), np.concatenate(kg), np.concatenate(kp), k_min=k_min,
        n_trials=n_trials, n_participants=n_all)
    first = next(iter(res.values()))
    return {"name": "hotspot polygons", "k_min": int(k_min), "min_k_published": first.min_k_published,
            "n_published": first.n_published, "n_suppressed": first.n_suppressed, "attack": res}


def run_round(input_path: str, out_dir: str, settings: Optional[RoundSettings] = None,
              feedback: Optional[QgsProcessingFeedback] = None) -> RoundResult:
    """Run import → anonymise → density → hotspots on ``input_path``; write the outputs to ``out_dir``."""
    settings = settings or RoundSettings()
    feedback = feedback or QgsProcessingFeedback()
    os.makedirs(out_dir, exist_ok=True)
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    gpkg = os.path.join(out_dir, "round.gpkg")
    density = os.path.join(out_dir, "density.tif")
    privacy_html = os.path.join(out_dir, "privacy.html")
    privacy_json = os.path.join(out_dir, "privacy.json")
    results: Dict[str, dict] = {}
    work = tempfile.mkdtemp(prefix="trampesti-round-")  # mode 0700; removed in finally
    raw_path = ""
    try:
        feedback.pushInfo(tr("Importing tracker files (raw fixes stay in memory)"))
        res = _run("trampesti:importtrackers", {
            "INPUT": input_path, "ROUND": settings.round_label, "TIMEZONE": settings.timezone,
            "OUTPUT": "memory:fixes", "REPORT": "memory:report"}, context, feedback)
        results["import"] = {k: v for k, v in res.items() if k not in ("OUTPUT", "REPORT")}
        raw = _layer(res, "OUTPUT", context)
        raw_import_rows = layer_rows(_layer(res, "REPORT", context))
        if raw.featureCount() == 0:
            raise RuntimeError(tr("No fixes could be read: see the import report in the log"))
        if settings.keep_raw:
            raw_path = os.path.join(out_dir, "raw_fixes.gpkg")
            with _private_umask():
                write_gpkg_layer(raw, raw_path, "raw_fixes", overwrite_file=True,
                                 metadata=_metadata("Raw fixes — " + risk.LABEL_RAW, risk.LABEL_RAW))
            os.chmod(raw_path, stat.S_IRUSR | stat.S_IWUSR)
            feedback.pushWarning(tr(
                "keep_raw is on: the RAW fixes (device serials, file names, exact tracks) are in {p} "
                "(readable by you only). Delete the file as soon as it is not needed.").format(p=raw_path))

        if settings.clean:
            feedback.pushInfo(tr("Cleaning fixes (speed spikes, duplicates, poor HDOP)"))
            res = _run("trampesti:cleanfixes", {
                "INPUT": raw, "TRIM_START_MIN": 0, "TRIM_END_MIN": 0,  # the hand-out minutes: anonymise
                "OUTPUT": "memory:clean", "REPORT": "memory:clean_report"}, context, feedback)
            results["clean"] = {k: v for k, v in res.items() if k not in ("OUTPUT", "REPORT")}
            raw = _layer(res, "OUTPUT", context)

        feedback.pushInfo(tr("Anonymising"))
        key_path = settings.key_file or os.path.join(work, "withdrawal-key.json")
        params = {
            "INPUT": raw, "MASK_NIGHT_PLACES": settings.mask_night_places,
            "NIGHT_RADIUS_M": settings.night_radius_m, "TIMEZONE": settings.night_timezone,
            "HANDOUT_RADIUS_M": settings.handout_radius_m, "HANDOUT_TRIM_MIN": settings.handout_trim_min,
            "TIME_RESOLUTION_S": settings.time_resolution_s, "DROP_DATE": settings.drop_date,
            "SPATIAL_RESOLUTION_M": settings.spatial_resolution_m,
            "LAPLACE_EPSILON": settings.laplace_epsilon_per_m, "K_MIN": settings.k_min,
            "OUTPUT": "memory:fixes", "REPORT": "memory:privacy", "REPORT_JSON": privacy_json,
            "KEY_FILE": key_path, "ATTACK_TRIALS": settings.attack_trials,
        }
        if settings.mask_layer:
            params["MASK_LAYER"] = settings.mask_layer
        if settings.handout_layer:
            params["HANDOUT_LAYER"] = settings.handout_layer
        res = _run("trampesti:anonymise", params, context, feedback)
        results["anonymise"] = {k: v for k, v in res.items() if k not in ("OUTPUT", "REPORT", "KEY_FILE")}
        anon = _layer(res, "OUTPUT", context)
        with open(key_path, encoding="utf-8") as fh:
            pseudonyms = privacy.read_withdrawal_key(fh.read())
        if not settings.key_file:
            feedback.pushWarning(tr("No withdrawal key file was set: participants of this round cannot withdraw "
                                    "later (set key_file to keep one, apart from the round's data)"))
        if anon.featureCount() == 0:
            raise RuntimeError(tr("Anonymising left no fixes: check the masks and the night radius"))
        round_label = settings.round_label
        write_gpkg_layer(anon, gpkg, "fixes", overwrite_file=True, metadata=pseudonymised_metadata(round_label))
        import_rows = safe_import_rows(raw_import_rows, pseudonyms, settings.time_resolution_s, settings.drop_date)
        write_gpkg_layer(_rows_layer(import_rows, "report"), gpkg, "report", overwrite_file=False,
                         metadata=_metadata(tr("Import report (pseudonyms only)"), tr(
                             "One row per tracker file; file names replaced by pseudonym and number.")))
        write_gpkg_layer(_layer(res, "REPORT", context), gpkg, "privacy", overwrite_file=False,
                         metadata=_metadata(tr("Privacy report"), tr(
                             "Fixes kept and removed per pseudonym and reason; see privacy.html.")))

        feedback.pushInfo(tr("Kernel density (from the anonymised fixes)"))
        res = _run("trampesti:kerneldensity", {
            "INPUT": anon, "BANDWIDTH_M": settings.bandwidth_m, "PIXEL_SIZE_M": settings.pixel_size_m,
            "K_MIN": settings.k_min, "PER_PARTICIPANT": settings.per_participant, "OUTPUT": density},
            context, feedback)
        results["kerneldensity"] = res

        feedback.pushInfo(tr("Hotspots"))
        res = _run("trampesti:hotspots", {
            "INPUT": density, "LEVELS": settings.levels, "FIXES": anon, "K_MIN": settings.k_min,
            "OUTPUT": "memory:hotspots"}, context, feedback)
        results["hotspots"] = {k: v for k, v in res.items() if k != "OUTPUT"}
        hotspots = _layer(res, "OUTPUT", context)
        write_gpkg_layer(hotspots, gpkg, "hotspots", overwrite_file=False,
                         metadata=_metadata(tr("Hotspots — shareable output"), tr(
                             "Aggregate: every polygon is backed by at least K_MIN participants.")))
        hotspot_rows = layer_rows(hotspots)

        place_rows: List[dict] = []
        if settings.detect_stays:
            feedback.pushInfo(tr("Stays, places and flows"))
            res = _run("trampesti:detectstays", {
                "INPUT": anon, "K_MIN": settings.k_min, "OUTPUT_STAYS": "memory:stays",
                "OUTPUT_PLACES": "memory:places", "OUTPUT_TRIPS": "memory:trips", "OUTPUT_FLOWS": "memory:flows"},
                context, feedback)
            results["detectstays"] = {k: v for k, v in res.items() if not k.startswith("OUTPUT")}
            write_gpkg_layer(_layer(res, "OUTPUT_STAYS", context), gpkg, "stays", overwrite_file=False,
                             metadata=pseudonymised_metadata(round_label))
            places = _layer(res, "OUTPUT_PLACES", context)
            write_gpkg_layer(places, gpkg, "places", overwrite_file=False,
                             metadata=_metadata(tr("Places — shareable output"), tr(
                                 "Aggregate: every place is backed by at least K_MIN participants.")))
            write_gpkg_layer(_layer(res, "OUTPUT_FLOWS", context), gpkg, "flows", overwrite_file=False,
                             metadata=_metadata(tr("Flows — shareable output"), tr(
                                 "Aggregate: every flow is backed by at least K_MIN participants.")))
            place_rows = layer_rows(places)

        sites = None
        if settings.layers_dir:
            from .roundsites import add_sites_to_round, sites_section_html

            feedback.pushInfo(tr("Suitability and the best sites"))
            sites = add_sites_to_round(f"{gpkg}|layername=fixes", settings.layers_dir, out_dir,
                                       k_min=settings.k_min, n_sites=settings.n_sites,
                                       service_radius_m=settings.service_radius_m, gpkg=gpkg,
                                       context=context, feedback=feedback)
            results["sites"] = {"n_sites": len(sites.site_rows)}

        feedback.setProgressText(tr("Privacy report"))
        with open(privacy_json, encoding="utf-8") as fh:
            report = json.load(fh)
        if hotspots.featureCount():
            extra = hotspot_attack(hotspots, anon, raw, pseudonyms, settings.k_min, settings.attack_trials)
            if extra:
                att = extra.pop("attack")
                extra.update({"label": risk.LABEL_AGGREGATE,
                              "attack": [r.as_dict() for _, r in sorted(att.items())]})
                report["outputs"].append(extra)
        with open(privacy_json, "w", encoding="utf-8") as fh:
            json.dump(report, fh, ensure_ascii=False, indent=1)
        with open(privacy_html, "w", encoding="utf-8") as fh:
            fh.write(risk.privacy_report_html(report))
        del pseudonyms

        density_layer = QgsRasterLayer(density, tr("Density (person-hours/ha)"))
        style_density(density_layer)
        hot_layer = QgsVectorLayer(f"{gpkg}|layername=hotspots", tr("Hotspots"), "ogr")
        style_hotspots(hot_layer)
        map_png = os.path.join(out_dir, "map.png")
        map_layers = [hot_layer, density_layer]
        if sites is not None and sites.sites is not None:
            map_layers = [sites.sites] + context_layers(settings.layers_dir) + map_layers
        render_map(map_layers, map_png, tr("Trampesti round {r}").format(r=round_label),
                   extent=QgsRectangle(hot_layer.extent()) if hot_layer.featureCount() else None)
        report_html = os.path.join(out_dir, "report.html")
        extra_html = ""
        if place_rows:
            extra_html += "<h2>" + html.escape(tr("Places")) + "</h2><p>" + html.escape(tr(
                "Where stays of several participants concentrate; places with fewer than K_MIN participants "
                "are not shown.")) + "</p>" + _table(place_rows, ["place_id", "n_participants", "n_visits",
                                                                  "person_hours"])
        if sites is not None:
            extra_html += sites_section_html(sites)
        write_report_html(report_html, settings, import_rows, hotspot_rows, results, os.path.basename(map_png),
                          report, os.path.basename(privacy_html), extra_html)
        return RoundResult(out_dir, gpkg, density, map_png, report_html, import_rows, hotspot_rows, results,
                           privacy_html=privacy_html, privacy_report=report, raw_import_rows=raw_import_rows,
                           raw_fixes=raw_path, place_rows=place_rows,
                           site_rows=list(sites.site_rows) if sites is not None else [])
    finally:
        shutil.rmtree(work, ignore_errors=True)
        # drop the in-memory raw layers with the context's temporary store
        context.temporaryLayerStore().removeAllMapLayers()


def context_layers(layers_dir: str) -> list:
    """Public context for the map: toilets (blue squares) and schools (grey hatched), when present."""
    from qgis.core import QgsFillSymbol, QgsMarkerSymbol, QgsSingleSymbolRenderer

    out = []
    for name, title, symbol in (
        ("toilets.geojson", tr("Public toilets"),
         lambda: QgsMarkerSymbol.createSimple({"name": "square", "color": "#2b6f8a", "size": "2.2"})),
        ("schools.geojson", tr("Schools (excluded)"),
         lambda: QgsFillSymbol.createSimple({"color": "150,150,150,60", "outline_color": "#555555",
                                             "style": "b_diagonal"})),
    ):
        path = os.path.join(layers_dir, name)
        if layers_dir and os.path.exists(path):
            lyr = QgsVectorLayer(path, title, "ogr")
            if lyr.isValid():
                lyr.setRenderer(QgsSingleSymbolRenderer(symbol()))
                out.append(lyr)
    return out


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
        add_scale_bar(layout, m, nice_segment_m(ext.width() / 4.0), 12, height_mm - 22)
        exporter = QgsLayoutExporter(layout)
        settings = QgsLayoutExporter.ImageExportSettings()
        settings.dpi = dpi
        status = exporter.exportToImage(path, settings)
        if status != QgsLayoutExporter.ExportResult.Success:
            raise RuntimeError(f"Could not render the map to {path} (status {status})")
    finally:
        for lyr in layers:
            project.removeMapLayer(lyr.id())


def add_scale_bar(layout, map_item, segment_m: float, x_mm: float, y_mm: float):
    """A 4-segment single-box scale bar in metres (segments of ``segment_m``) at (x, y) mm."""
    bar = QgsLayoutItemScaleBar(layout)
    layout.addLayoutItem(bar)
    bar.setLinkedMap(map_item)
    bar.setStyle("Single Box")
    bar.setUnits(QgsUnitTypes.DistanceUnit.DistanceMeters)
    bar.setUnitLabel("m")
    bar.setNumberOfSegments(4)
    bar.setNumberOfSegmentsLeft(0)
    bar.setUnitsPerSegment(segment_m)
    bar.setSegmentSizeMode(QgsScaleBarSettings.SegmentSizeMode.SegmentSizeFixed)
    bar.attemptMove(QgsLayoutPoint(x_mm, y_mm, QgsUnitTypes.LayoutUnit.LayoutMillimeters))
    return bar


def nice_segment_m(target_m: float) -> float:
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


def privacy_section_html(report: Dict[str, object], privacy_name: str = "privacy.html") -> str:
    """The privacy part of the round report: fixes removed, and the attack figures per output."""
    if not report:
        return ""
    e = html.escape
    rem = report.get("removed", {})
    lines = [f"<h2>{e(tr('Privacy'))}</h2>",
             "<p>" + e(tr("{n} participants. {i} fixes imported, {o} kept after anonymising; removed: {r}.").format(
                 n=report.get("n_participants"), i=report.get("fixes_in"), o=report.get("fixes_out"),
                 r=", ".join(f"{k} {v}" for k, v in rem.items()) or tr("none"))) + "</p>",
             "<p>" + e(tr("An attacker who knows p places and hours of one person tries to pick that person out of "
                          "each output. Right guess, against a blind guess (1/n):")) + "</p>",
             "<table><thead><tr><th>" + e(tr("Output")) + "</th><th>" + e(tr("Data label")) + "</th>"
             + "".join(f"<th>p = {p}</th>" for p in report.get("attack_grid", {}).get("p_values", [1, 2, 3, 4]))
             + "<th>" + e(tr("Blind guess")) + "</th></tr></thead><tbody>"]
    for o in report.get("outputs", []):
        att = o.get("attack", [])
        chance = att[0]["chance"] if att else None
        lines.append(f"<tr><td>{e(str(o['name']))}</td><td>{e(str(o['label']))}</td>"
                     + "".join(f"<td>{100.0 * float(a['success_rate']):.1f} %</td>" for a in att)
                     + (f"<td>{100.0 * float(chance):.1f} %</td>" if chance is not None else "<td></td>") + "</tr>")
    lines.append("</tbody></table>")
    lines.append("<p>" + e(tr("The fix layer in round.gpkg is pseudonymised personal data (GDPR applies): keep it "
                              "in the project. Density and hotspots are the shareable outputs.")) + f" <a href=\"{e(privacy_name)}\">"
                 + e(tr("Full privacy report")) + "</a></p>")
    return "\n".join(lines)


def write_report_html(path: str, settings: RoundSettings, import_rows: List[dict], hotspot_rows: List[dict],
                      results: Dict[str, dict], map_name: str, privacy_report: Optional[Dict[str, object]] = None,
                      privacy_name: str = "privacy.html", extra_html: str = "") -> None:
    """A self-contained HTML report: import table, hotspot table, the map, privacy and the parameters."""
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
        tr("Time resolution (s)"): settings.time_resolution_s,
        tr("Spatial resolution (m)"): settings.spatial_resolution_m,
        tr("Calendar date dropped"): settings.drop_date,
        tr("Sleeping places masked (radius m)"): settings.night_radius_m if settings.mask_night_places else tr("no"),
        tr("Hand-out site trimmed (minutes)"): settings.handout_trim_min if settings.handout_layer else tr("no site given"),
        tr("Mask polygons"): tr("yes") if settings.mask_layer else tr("none"),
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
{extra_html}
{privacy_section_html(privacy_report or {}, privacy_name)}
<h2>{html.escape(tr('Import'))}</h2>
{_table(import_rows, ['file', 'format', 'fixes_read', 'fixes_kept', 'rejected', 'reasons', 'first_utc', 'last_utc', 'status', 'message'], 'status')}
<h2>{html.escape(tr('Parameters'))}</h2>
<table>{ptable}</table>
</body></html>
"""
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(doc)
