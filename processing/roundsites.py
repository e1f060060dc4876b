"""Sites step of the headless round: site suitability + site selection on the round's layers.

Called by :mod:`processing.roundjob` (``make demo``) after the hotspots::

    from .roundsites import add_sites_to_round, sites_section_html
    sites = add_sites_to_round(anon, os.path.join(input_dir, "..", "layers"), out_dir, k_min=settings.k_min,
                               gpkg=gpkg, context=context, feedback=feedback)
    # map: render_map([sites.sites, sites.scored, hot_layer, density_layer], ...)
    # report: sites_section_html(sites)

Everything it writes is aggregate (k-anonymous) output: scored candidates and ranked sites.
"""
from __future__ import annotations

import html
import os
from dataclasses import dataclass, field

from qgis.core import (
    QgsCoordinateTransformContext,
    QgsProcessingContext,
    QgsProcessingFeedback,
    QgsProject,
    QgsVectorFileWriter,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QCoreApplication

from .styles import style_candidates, style_sites

#: layer files of a round's layers folder (demo/simulate.py names); missing files are skipped
LAYER_FILES = {"toilets": "toilets.geojson", "cover": "cover.geojson", "exclusions": "schools.geojson",
               "candidates": "candidates.geojson", "phases": "phases.geojson"}
SITE_COLUMNS = ["rank", "cand_id", "score", "person_hours_served", "participants_served", "toilet_dist_m",
                "covered", "stability"]
REPORT_COLUMNS = ["phase", "solver", "optimal", "objective_value", "upper_bound", "gap_pct", "n_sites",
                  "n_moved", "person_hours_served", "person_hours_total", "participants_served",
                  "participants_total"]


def tr(text: str) -> str:
    return QCoreApplication.translate("RoundSites", text)


@dataclass
class SitesResult:
    """What :func:`add_sites_to_round` made: styled layers (read back from ``gpkg``) and rows."""

    sites: QgsVectorLayer                 # ranked sites (no phases), styled: numbered, size by rank
    scored: QgsVectorLayer                # scored candidates, graduated by score
    site_rows: list[dict]                 # one dict per ranked site (all output fields)
    report_rows: list[dict]               # the selection report (solver, objective, bound, gap, totals)
    phase_sites: QgsVectorLayer | None = None   # one set of sites per phase (when phases exist)
    phase_rows: list[dict] = field(default_factory=list)
    phase_report_rows: list[dict] = field(default_factory=list)
    gpkg: str = ""
    results: dict[str, dict] = field(default_factory=dict)


def _rows(layer: QgsVectorLayer) -> list[dict]:
    from qgis.core import NULL

    names = [f.name() for f in layer.fields()]
    return [{n: (None if v == NULL else v) for n, v in zip(names, f.attributes()) if n != "fid"}
            for f in layer.getFeatures()]


def _write(layer: QgsVectorLayer, gpkg: str, name: str) -> None:
    opts = QgsVectorFileWriter.SaveVectorOptions()
    opts.driverName = "GPKG"
    opts.layerName = name
    opts.fileEncoding = "UTF-8"
    opts.actionOnExistingFile = (QgsVectorFileWriter.ActionOnExistingFile.CreateOrOverwriteLayer
                                 if os.path.exists(gpkg) else QgsVectorFileWriter.ActionOnExistingFile.CreateOrOverwriteFile)
    err = QgsVectorFileWriter.writeAsVectorFormatV3(layer, gpkg, QgsCoordinateTransformContext(), opts)
    if err[0] != QgsVectorFileWriter.WriterError.NoError:
        raise RuntimeError(f"Could not write {name} to {gpkg}: {err[1]}")


def _layer(res: dict, key: str, context: QgsProcessingContext):
    v = res[key]
    return context.getMapLayer(v) if isinstance(v, str) else v


def add_sites_to_round(demand: str | QgsVectorLayer, layers_dir: str, out_dir: str, k_min: int = 3,
                       n_sites: int = 3, walk_radius_m: float = 150.0, service_radius_m: float = 200.0,
                       min_spacing_m: float = 100.0, exclusion_buffer_m: float = 50.0,
                       weights: dict[str, float] | None = None, sensitivity_runs: int = 50,
                       relocation_penalty: float = 5.0, gpkg: str | None = None,
                       context: QgsProcessingContext | None = None,
                       feedback: QgsProcessingFeedback | None = None) -> SitesResult:
    """Run ``trampesti:sitesuitability`` then ``trampesti:selectsites`` for one round.

    ``demand``: the anonymised fixes (``participant``, ``dwell_s``) or stays (``participant``,
    ``duration_s``), a layer or a path (a GeoPackage layer is read in bulk: much faster than a
    memory layer). ``layers_dir``: folder with toilets/cover/schools/candidates/phases.geojson
    (any missing file is skipped; no candidates = a grid). ``weights``: ``{"W_DEMAND": 0.35, ...}``
    overriding the algorithm defaults. Writes the layers ``sites_scored``, ``sites``,
    ``sites_report`` (and ``sites_phases``, ``sites_phases_report`` when phases.geojson exists)
    into ``gpkg`` (default ``out_dir/sites.gpkg``; an existing file gets the layers added).
    Returns a :class:`SitesResult` with styled layers read back from the GeoPackage.
    """
    import processing  # QGIS's processing package, importable once Processing is initialised

    feedback = feedback or QgsProcessingFeedback()
    if context is None:
        context = QgsProcessingContext()
        context.setProject(QgsProject.instance())
    os.makedirs(out_dir, exist_ok=True)
    gpkg = gpkg or os.path.join(out_dir, "sites.gpkg")
    files = {k: os.path.join(layers_dir, v) for k, v in LAYER_FILES.items()}
    files = {k: v for k, v in files.items() if os.path.isfile(v)}
    results: dict[str, dict] = {}

    feedback.pushInfo(tr("Sites 1/2: site suitability"))
    params = {"DEMAND": demand, "K_MIN": k_min, "WALK_RADIUS_M": walk_radius_m,
              "EXCLUSION_BUFFER_M": exclusion_buffer_m, "OUTPUT": "memory:sites_scored"}
    for key, name in (("toilets", "TOILETS"), ("cover", "COVER"), ("exclusions", "EXCLUSIONS"),
                      ("candidates", "CANDIDATES")):
        if key in files:
            params[name] = files[key]
    params.update(weights or {})
    res = processing.run("trampesti:sitesuitability", params, context=context, feedback=feedback)
    results["sitesuitability"] = {k: v for k, v in res.items() if k != "OUTPUT"}
    scored = _layer(res, "OUTPUT", context)
    _write(scored, gpkg, "sites_scored")

    feedback.pushInfo(tr("Sites 2/2: choosing {n} sites").format(n=n_sites))
    sel = {"CANDIDATES": scored, "DEMAND": demand, "N_SITES": n_sites, "SERVICE_RADIUS_M": service_radius_m,
           "MIN_SPACING_M": min_spacing_m, "K_MIN": k_min, "SENSITIVITY_RUNS": sensitivity_runs,
           "OUTPUT": "memory:sites", "REPORT": "memory:sites_report"}
    for key, name in (("toilets", "TOILETS"), ("cover", "COVER")):
        if key in files:
            sel[name] = files[key]
    res = processing.run("trampesti:selectsites", sel, context=context, feedback=feedback)
    results["selectsites"] = {k: v for k, v in res.items() if k not in ("OUTPUT", "REPORT")}
    _write(_layer(res, "OUTPUT", context), gpkg, "sites")
    _write(_layer(res, "REPORT", context), gpkg, "sites_report")

    out = SitesResult(sites=QgsVectorLayer(f"{gpkg}|layername=sites", tr("Ranked sites"), "ogr"),
                      scored=QgsVectorLayer(f"{gpkg}|layername=sites_scored", tr("Scored candidate sites"), "ogr"),
                      site_rows=[], report_rows=[], gpkg=gpkg, results=results)
    if "phases" in files:
        feedback.pushInfo(tr("Sites: one plan per phase"))
        res = processing.run("trampesti:selectsites", dict(sel, PHASES=files["phases"], SENSITIVITY_RUNS=0,
                                                           RELOCATION_PENALTY=relocation_penalty,
                                                           OUTPUT="memory:sites_phases",
                                                           REPORT="memory:sites_phases_report"),
                             context=context, feedback=feedback)
        results["selectsites_phases"] = {k: v for k, v in res.items() if k not in ("OUTPUT", "REPORT")}
        _write(_layer(res, "OUTPUT", context), gpkg, "sites_phases")
        _write(_layer(res, "REPORT", context), gpkg, "sites_phases_report")
        out.phase_sites = QgsVectorLayer(f"{gpkg}|layername=sites_phases", tr("Sites per phase"), "ogr")
        out.phase_rows = sorted(_rows(out.phase_sites), key=lambda r: (str(r.get("phase")), r["rank"]))
        out.phase_report_rows = _rows(QgsVectorLayer(f"{gpkg}|layername=sites_phases_report", "r", "ogr"))
        style_sites(out.phase_sites)
    style_sites(out.sites)
    style_candidates(out.scored)
    out.site_rows = sorted(_rows(out.sites), key=lambda r: r["rank"])
    out.report_rows = _rows(QgsVectorLayer(f"{gpkg}|layername=sites_report", "r", "ogr"))
    return out


def _cell(v) -> str:
    if v is None:
        return "–"
    if isinstance(v, bool):
        return tr("yes") if v else tr("no")
    if isinstance(v, float):
        return f"{v:.2f}"
    return html.escape(str(v))


def _table(rows: list[dict], columns: list[str]) -> str:
    cols = [c for c in columns if any(c in r for r in rows)]
    head = "".join(f"<th>{html.escape(c)}</th>" for c in cols)
    body = "".join("<tr>" + "".join(f"<td>{_cell(r.get(c))}</td>" for c in cols) + "</tr>" for r in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def sites_section_html(result: SitesResult) -> str:
    """An HTML section for the round report: ranked sites, solver report, the phase plan."""
    parts = [f"<h2>{html.escape(tr('Ranked sites'))}</h2>", _table(result.site_rows, SITE_COLUMNS),
             f"<h3>{html.escape(tr('Site selection'))}</h3>", _table(result.report_rows, REPORT_COLUMNS)]
    if result.phase_rows:
        parts += [f"<h3>{html.escape(tr('Sites per phase'))}</h3>",
                  _table(result.phase_rows, ["phase", "moved"] + SITE_COLUMNS[:-1]),
                  _table(result.phase_report_rows, REPORT_COLUMNS)]
    return "\n".join(parts)
