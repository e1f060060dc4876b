"""Writes models/*.model3: the Processing models shipped with Trampesti.

Run with ``.venv/bin/python scripts/build_models.py`` after changing an algorithm's parameters.
The files are what the Graphical Modeler saves (QgsProcessingModelAlgorithm.toFile) and open
there for editing.
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def build_hotspot_model():
    from qgis.core import (
        QgsProcessingModelAlgorithm,
        QgsProcessingModelChildParameterSource,
        QgsProcessingParameterFile,
        QgsProcessingParameterNumber,
        QgsProcessingParameterString,
    )

    m = QgsProcessingModelAlgorithm("Round: tracker files to hotspots", "Trampesti models", "trampesti_models")
    m.setHelpContent({"ALG_DESC": "Imports a folder of tracker files, estimates the time-weighted density of "
                                   "presence and draws percent-volume hotspots, with K_MIN participants behind "
                                   "every published cell and polygon."})

    def add_input(param, x, y):
        _add_input(m, param, x, y)

    add_input(QgsProcessingParameterFile("trackers", "Tracker folder", behavior=QgsProcessingParameterFile.Behavior.Folder), 120, 60)
    add_input(QgsProcessingParameterString("round", "Round label", defaultValue="round-1"), 120, 130)
    add_input(QgsProcessingParameterNumber("k_min", "Minimum participants (K_MIN)",
                                           QgsProcessingParameterNumber.Type.Integer, 3, False, 1), 120, 200)
    add_input(QgsProcessingParameterNumber("pixel_size_m", "Pixel size (m)",
                                           QgsProcessingParameterNumber.Type.Double, 10.0, False, 0.1), 120, 270)

    src = QgsProcessingModelChildParameterSource

    def child(alg_id, cid, x, y, params, outputs):
        return _add_child(m, alg_id, cid, x, y, params, outputs)

    child("trampesti:importtrackers", "import", 420, 80, {
        "INPUT": src.fromModelParameter("trackers"), "ROUND": src.fromModelParameter("round"),
        "FORMAT": src.fromStaticValue(0), "TIMEZONE": src.fromStaticValue("UTC"),
    }, {"OUTPUT": "fixes", "REPORT": "import_report"})
    child("trampesti:kerneldensity", "density", 420, 200, {
        "INPUT": src.fromChildOutput("import", "OUTPUT"), "K_MIN": src.fromModelParameter("k_min"),
        "PIXEL_SIZE_M": src.fromModelParameter("pixel_size_m"), "BANDWIDTH_M": src.fromStaticValue(0.0),
        "WEIGHT": src.fromStaticValue(0), "KERNEL": src.fromStaticValue(0), "PER_PARTICIPANT": src.fromStaticValue(True),
    }, {"OUTPUT": "density"})
    child("trampesti:hotspots", "hotspots", 420, 320, {
        "INPUT": src.fromChildOutput("density", "OUTPUT"), "FIXES": src.fromChildOutput("import", "OUTPUT"),
        "K_MIN": src.fromModelParameter("k_min"), "LEVELS": src.fromStaticValue("50,75,90"),
    }, {"OUTPUT": "hotspots"})
    return m


def _add_input(m, param, x: float, y: float, help_text: str = "") -> None:
    """Add model input ``param`` at (x, y). With ``help_text``, also the model help entry for it:
    QGIS 3.22 does not read a model parameter's own help back from the file, so the Modeler's
    model help (one entry per input name) is what the dialog and qgis_process help show."""
    from qgis.core import QgsProcessingModelParameter
    from qgis.PyQt.QtCore import QPointF

    if help_text:
        param.setHelp(help_text)
        m.setHelpContent(dict(m.helpContent(), **{param.name(): help_text}))
    mp = QgsProcessingModelParameter(param.name())
    mp.setPosition(QPointF(x, y))
    m.addModelParameter(param, mp)


def _add_child(m, alg_id, cid, x, y, params, outputs, output_default=None):
    """Add child algorithm ``cid`` to model ``m``: ``params`` sources, other parameters at their
    defaults (as the Modeler's dialog saves them), ``outputs`` child output → model output name.
    ``output_default``: the model outputs' default value (e.g. ``TEMPORARY_OUTPUT``, so a caller
    that does not name an output still runs; ``None`` = the caller must name every output)."""
    from qgis.core import (
        QgsApplication,
        QgsProcessingModelChildAlgorithm,
        QgsProcessingModelChildParameterSource,
        QgsProcessingModelOutput,
    )
    from qgis.PyQt.QtCore import QPointF

    c = QgsProcessingModelChildAlgorithm(alg_id)
    c.setChildId(cid)
    c.setDescription(cid)
    c.setPosition(QPointF(x, y))
    for k, v in params.items():
        c.addParameterSources(k, [v])
    alg = QgsApplication.processingRegistry().algorithmById(alg_id)
    if alg is None:
        raise RuntimeError(f"algorithm {alg_id} is not registered")
    for pdef in alg.parameterDefinitions():
        if pdef.name() not in params and not pdef.isDestination():
            c.addParameterSources(pdef.name(), [QgsProcessingModelChildParameterSource.fromStaticValue(pdef.defaultValue())])
    outs = {}
    for child_out, model_out in outputs.items():
        o = QgsProcessingModelOutput(model_out, model_out)
        o.setChildId(cid)
        o.setChildOutputName(child_out)
        if output_default is not None:
            o.setDefaultValue(output_default)
        outs[model_out] = o
    c.setModelOutputs(outs)
    m.addChildAlgorithm(c)
    return c


def build_stays_model():
    """Round: tracker files → stays → density of stay time → hotspots of where people stay.

    Inputs ``trackers``, ``round``, ``preset`` (walk/bike/car), ``k_min``, ``pixel_size_m``;
    outputs ``import:fixes``, ``import:import_report``, ``stays:stays``, ``stays:places``,
    ``stays:trips``, ``density:stay_density``, ``hotspots:stay_hotspots``.
    """
    from qgis.core import (
        QgsProcessingModelAlgorithm,
        QgsProcessingModelChildParameterSource,
        QgsProcessingParameterEnum,
        QgsProcessingParameterFile,
        QgsProcessingParameterNumber,
        QgsProcessingParameterString,
    )

    m = QgsProcessingModelAlgorithm("Round: tracker files to stays and stay hotspots", "Trampesti models",
                                    "trampesti_models")
    m.setHelpContent({"ALG_DESC": "Imports a folder of tracker files, detects each participant's stays (with "
                                   "places and trips), estimates the density of stay time (weighted by stay "
                                   "duration) and draws percent-volume hotspots of where people stay. Places, "
                                   "density cells and hotspots are suppressed below K_MIN participants; stays "
                                   "and trips are per participant (personal data)."})

    def add_input(param, x, y):
        _add_input(m, param, x, y)

    add_input(QgsProcessingParameterFile("trackers", "Tracker folder", behavior=QgsProcessingParameterFile.Behavior.Folder), 120, 60)
    add_input(QgsProcessingParameterString("round", "Round label", defaultValue="round-1"), 120, 130)
    add_input(QgsProcessingParameterEnum("preset", "Movement preset", options=["walk", "bike", "car"], defaultValue=0), 120, 200)
    add_input(QgsProcessingParameterNumber("k_min", "Minimum participants (K_MIN)",
                                           QgsProcessingParameterNumber.Type.Integer, 3, False, 1), 120, 270)
    add_input(QgsProcessingParameterNumber("pixel_size_m", "Pixel size (m)",
                                           QgsProcessingParameterNumber.Type.Double, 10.0, False, 0.1), 120, 340)
    src = QgsProcessingModelChildParameterSource
    _add_child(m, "trampesti:importtrackers", "import", 420, 80, {
        "INPUT": src.fromModelParameter("trackers"), "ROUND": src.fromModelParameter("round"),
        "FORMAT": src.fromStaticValue(0), "TIMEZONE": src.fromStaticValue("UTC"),
    }, {"OUTPUT": "fixes", "REPORT": "import_report"})
    _add_child(m, "trampesti:detectstays", "stays", 420, 200, {
        "INPUT": src.fromChildOutput("import", "OUTPUT"), "PRESET": src.fromModelParameter("preset"),
        "K_MIN": src.fromModelParameter("k_min"),
    }, {"OUTPUT_STAYS": "stays", "OUTPUT_PLACES": "places", "OUTPUT_TRIPS": "trips"})
    _add_child(m, "trampesti:kerneldensity", "density", 420, 320, {
        "INPUT": src.fromChildOutput("stays", "OUTPUT_STAYS"), "K_MIN": src.fromModelParameter("k_min"),
        "PIXEL_SIZE_M": src.fromModelParameter("pixel_size_m"), "BANDWIDTH_M": src.fromStaticValue(0.0),
        "WEIGHT": src.fromStaticValue(1),  # duration: duration_s of each stay
        "KERNEL": src.fromStaticValue(0), "PER_PARTICIPANT": src.fromStaticValue(True),
    }, {"OUTPUT": "stay_density"})
    _add_child(m, "trampesti:hotspots", "hotspots", 420, 440, {
        "INPUT": src.fromChildOutput("density", "OUTPUT"), "FIXES": src.fromChildOutput("stays", "OUTPUT_STAYS"),
        "K_MIN": src.fromModelParameter("k_min"), "LEVELS": src.fromStaticValue("50,75,90"),
    }, {"OUTPUT": "stay_hotspots"})
    return m


def build_full_model():
    """The whole round: tracker files → clean → anonymise → stays → density → hotspots →
    site suitability → the best N sites (``trampesti:round_full``).

    Inputs ``trackers`` (folder), ``round``, ``k_min``, ``handout`` (optional hand-out site),
    ``toilets``, ``cover``, ``exclusions``, ``candidates`` (optional layers), ``n_sites``.
    Only pseudonymised or aggregate layers are model outputs: ``anonymise:fixes``,
    ``anonymise:privacy_report``, ``stays:places``, ``density:density``, ``hotspots:hotspots``,
    ``suitability:candidates``, ``sites:sites``, ``sites:site_report``. The raw fixes, import and
    cleaning reports (file names, device serials) stay temporary inside the model run.
    """
    from qgis.core import (
        QgsProcessing,
        QgsProcessingModelAlgorithm,
        QgsProcessingModelChildDependency,
        QgsProcessingModelChildParameterSource,
        QgsProcessingParameterFeatureSource,
        QgsProcessingParameterFile,
        QgsProcessingParameterNumber,
        QgsProcessingParameterString,
    )

    m = QgsProcessingModelAlgorithm("Round: tracker files to ranked shelter sites", "Trampesti models",
                                    "trampesti_models")
    m.setHelpContent({"ALG_DESC": "The whole round: imports a folder of tracker files, removes impossible "
                                   "fixes and the hand-out minutes, anonymises (pseudonyms, masked sleeping "
                                   "places and hand-out site, coarsened time), detects stays and places, "
                                   "estimates the time-weighted density of presence, draws percent-volume "
                                   "hotspots, scores candidate sites against toilets, cover and exclusion "
                                   "zones and chooses the best N sites. Every aggregate is backed by at least "
                                   "K_MIN participants; raw fixes never leave the model run."})
    P = QgsProcessing.SourceType

    def add_input(param, x, y, help_text):
        _add_input(m, param, x, y, help_text)

    add_input(QgsProcessingParameterFile("trackers", "Tracker folder",
                                         behavior=QgsProcessingParameterFile.Behavior.Folder), 120, 60,
              "The round's tracker files (GPX, NMEA, logger CSV, PLT, KML, GeoJSON, FIT, Takeout), one per logger.")
    add_input(QgsProcessingParameterString("round", "Round label", defaultValue="round-1"), 120, 130,
              "The round's label, e.g. 2014-09: written to every fix, stay and trip.")
    add_input(QgsProcessingParameterNumber("k_min", "Minimum participants (K_MIN)",
                                           QgsProcessingParameterNumber.Type.Integer, 3, False, 1), 120, 200,
              "Every published place, density cell, hotspot and site figure counts at least this many "
              "distinct participants; smaller aggregates are suppressed.")
    add_input(QgsProcessingParameterFeatureSource("handout", "Hand-out site", [P.TypeVectorPoint, P.TypeVectorPolygon],
                                                  optional=True), 120, 270,
              "Point or polygon where loggers are handed out and returned: fixes near it at the start and "
              "end of a track are removed.")
    add_input(QgsProcessingParameterFeatureSource("toilets", "Toilets", [P.TypeVectorPoint, P.TypeVectorPolygon],
                                                  optional=True), 120, 340,
              "Public toilets: sites near one score higher.")
    add_input(QgsProcessingParameterFeatureSource("cover", "Cover (canopies, arcades, underpasses)",
                                                  [P.TypeVectorPolygon], optional=True), 120, 410,
              "Polygons under a roof: sites in or near them score higher.")
    add_input(QgsProcessingParameterFeatureSource("exclusions", "Exclusion zones (schools, kindergartens)",
                                                  [P.TypeVectorPolygon], optional=True), 120, 480,
              "No site inside these polygons or within 50 m of them.")
    add_input(QgsProcessingParameterFeatureSource("candidates", "Candidate sites",
                                                  [P.TypeVectorPoint, P.TypeVectorPolygon], optional=True), 120, 550,
              "Possible sites (points, or polygons: centroids). Empty: a 25 m grid over where people spend time.")
    add_input(QgsProcessingParameterNumber("n_sites", "Number of sites", QgsProcessingParameterNumber.Type.Integer,
                                           3, False, 1), 120, 620,
              "How many sites to choose (coverage optimisation of the person-hours within 200 m).")
    src = QgsProcessingModelChildParameterSource
    k_min = src.fromModelParameter("k_min")
    tmp = QgsProcessing.TEMPORARY_OUTPUT

    def child(alg_id, cid, x, y, params, outputs):
        return _add_child(m, alg_id, cid, x, y, params, outputs, output_default=tmp)

    child("trampesti:importtrackers", "import", 420, 60, {
        "INPUT": src.fromModelParameter("trackers"), "ROUND": src.fromModelParameter("round"),
        "FORMAT": src.fromStaticValue(0), "TIMEZONE": src.fromStaticValue("UTC"),
    }, {})
    child("trampesti:cleanfixes", "clean", 420, 150, {
        "INPUT": src.fromChildOutput("import", "OUTPUT"),
    }, {})
    child("trampesti:anonymise", "anonymise", 420, 240, {
        "INPUT": src.fromChildOutput("clean", "OUTPUT"), "HANDOUT_LAYER": src.fromModelParameter("handout"),
        "K_MIN": k_min,
    }, {"OUTPUT": "fixes", "REPORT": "privacy_report"})
    child("trampesti:detectstays", "stays", 720, 330, {
        "INPUT": src.fromChildOutput("anonymise", "OUTPUT"), "K_MIN": k_min,
    }, {"OUTPUT_PLACES": "places"})
    child("trampesti:kerneldensity", "density", 420, 420, {
        "INPUT": src.fromChildOutput("anonymise", "OUTPUT"), "K_MIN": k_min,
        "WEIGHT": src.fromStaticValue(0), "PER_PARTICIPANT": src.fromStaticValue(True),
    }, {"OUTPUT": "density"})
    child("trampesti:hotspots", "hotspots", 420, 510, {
        "INPUT": src.fromChildOutput("density", "OUTPUT"), "FIXES": src.fromChildOutput("anonymise", "OUTPUT"),
        "K_MIN": k_min, "LEVELS": src.fromStaticValue("50,75,90"),
    }, {"OUTPUT": "hotspots"})
    child("trampesti:sitesuitability", "suitability", 420, 600, {
        "DEMAND": src.fromChildOutput("anonymise", "OUTPUT"), "TOILETS": src.fromModelParameter("toilets"),
        "COVER": src.fromModelParameter("cover"), "EXCLUSIONS": src.fromModelParameter("exclusions"),
        "CANDIDATES": src.fromModelParameter("candidates"), "K_MIN": k_min,
    }, {"OUTPUT": "candidates"})
    child("trampesti:selectsites", "sites", 420, 690, {
        "CANDIDATES": src.fromChildOutput("suitability", "OUTPUT"),
        "DEMAND": src.fromChildOutput("anonymise", "OUTPUT"), "N_SITES": src.fromModelParameter("n_sites"),
        "TOILETS": src.fromModelParameter("toilets"), "COVER": src.fromModelParameter("cover"), "K_MIN": k_min,
    }, {"OUTPUT": "sites", "REPORT": "site_report"})
    # stays and density, and hotspots and suitability, need nothing of each other: run them in the
    # order the round is told (import → clean → anonymise → stays → density → hotspots →
    # suitability → sites), so the log reads as a chain
    children = m.childAlgorithms()
    for cid, after in (("density", "stays"), ("suitability", "hotspots")):
        c = children[cid]
        c.setDependencies(list(c.dependencies()) + [QgsProcessingModelChildDependency(after)])
        m.setChildAlgorithm(c)
    return m


BUILDERS = (
    (build_hotspot_model, "trampesti_round_hotspots.model3"),
    (build_stays_model, "trampesti_round_stays.model3"),
    (build_full_model, "trampesti_round_full.model3"),
)


def _same_model(model, path: Path) -> bool:
    """True when ``path`` already holds ``model`` (Qt writes XML attributes in hash order, so
    rewriting an unchanged model would still change the file's bytes)."""
    from qgis.core import QgsProcessingModelAlgorithm

    if not path.exists():
        return False
    with tempfile.TemporaryDirectory() as tmp:  # compare as read back: the file turns NULL into ''
        fresh_path = str(Path(tmp) / path.name)
        fresh, old = QgsProcessingModelAlgorithm(), QgsProcessingModelAlgorithm()
        if not (model.toFile(fresh_path) and fresh.fromFile(fresh_path) and old.fromFile(str(path))):
            return False
        return fresh.toVariant() == old.toVariant()


def main() -> int:
    os.environ.setdefault("QT_HASH_SEED", "0")  # stable attribute order in the written .model3
    parent = Path(tempfile.mkdtemp(prefix="trampesti-pkg-"))
    (parent / "trampesti").symlink_to(REPO, target_is_directory=True)
    sys.path.insert(0, str(parent))
    from trampesti.processing.headless import load_plugin, start_qgis

    start_qgis()
    load_plugin()
    for builder, name in BUILDERS:
        model = builder()
        ok, errors = model.validate()
        if not ok:
            print(name, "does not validate:", errors)
            return 1
        out = REPO / "models" / name
        out.parent.mkdir(exist_ok=True)
        if _same_model(model, out):
            print("unchanged", out.relative_to(REPO))
            continue
        if not model.toFile(str(out)):
            print("could not write", out)
            return 1
        print("wrote", out.relative_to(REPO))
    return 0


if __name__ == "__main__":
    sys.exit(main())
