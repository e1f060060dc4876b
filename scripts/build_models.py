"""Writes models/*.model3: the Processing models shipped with Trampesti.

Run with ``.venv/bin/python scripts/build_models.py`` after changing an algorithm's parameters.
The files are what the Graphical Modeler saves (QgsProcessingModelAlgorithm.toFile) and open
there for editing.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def build_hotspot_model():
    from qgis.core import (
        QgsProcessingModelAlgorithm,
        QgsProcessingModelChildAlgorithm,
        QgsProcessingModelChildParameterSource,
        QgsProcessingModelOutput,
        QgsProcessingModelParameter,
        QgsProcessingParameterFile,
        QgsProcessingParameterNumber,
        QgsProcessingParameterString,
    )
    from qgis.PyQt.QtCore import QPointF

    m = QgsProcessingModelAlgorithm("Round: tracker files to hotspots", "Trampesti models", "trampesti_models")
    m.setHelpContent({"ALG_DESC": "Imports a folder of tracker files, estimates the time-weighted density of "
                                   "presence and draws percent-volume hotspots, with K_MIN participants behind "
                                   "every published cell and polygon."})

    def add_input(param, x, y):
        mp = QgsProcessingModelParameter(param.name())
        mp.setPosition(QPointF(x, y))
        m.addModelParameter(param, mp)

    add_input(QgsProcessingParameterFile("trackers", "Tracker folder", behavior=QgsProcessingParameterFile.Behavior.Folder), 120, 60)
    add_input(QgsProcessingParameterString("round", "Round label", defaultValue="round-1"), 120, 130)
    add_input(QgsProcessingParameterNumber("k_min", "Minimum participants (K_MIN)",
                                           QgsProcessingParameterNumber.Type.Integer, 3, False, 1), 120, 200)
    add_input(QgsProcessingParameterNumber("pixel_size_m", "Pixel size (m)",
                                           QgsProcessingParameterNumber.Type.Double, 10.0, False, 0.1), 120, 270)

    src = QgsProcessingModelChildParameterSource

    def child(alg_id, cid, x, y, params, outputs):
        c = QgsProcessingModelChildAlgorithm(alg_id)
        c.setChildId(cid)
        c.setDescription(cid)
        c.setPosition(QPointF(x, y))
        for k, v in params.items():
            c.addParameterSources(k, [v])
        # every other parameter at its default, as the Modeler's dialog would save it
        from qgis.core import QgsApplication

        alg = QgsApplication.processingRegistry().algorithmById(alg_id)
        for pdef in alg.parameterDefinitions():
            if pdef.name() not in params and not pdef.isDestination():
                c.addParameterSources(pdef.name(), [src.fromStaticValue(pdef.defaultValue())])
        outs = {}
        for child_out, model_out in outputs.items():
            o = QgsProcessingModelOutput(model_out, model_out)
            o.setChildId(cid)
            o.setChildOutputName(child_out)
            outs[model_out] = o
        c.setModelOutputs(outs)
        m.addChildAlgorithm(c)
        return c

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


def _add_child(m, alg_id, cid, x, y, params, outputs):
    """Add child algorithm ``cid`` to model ``m``: ``params`` sources, other parameters at their
    defaults (as the Modeler's dialog saves them), ``outputs`` child output → model output name."""
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
        QgsProcessingModelParameter,
        QgsProcessingParameterEnum,
        QgsProcessingParameterFile,
        QgsProcessingParameterNumber,
        QgsProcessingParameterString,
    )
    from qgis.PyQt.QtCore import QPointF

    m = QgsProcessingModelAlgorithm("Round: tracker files to stays and stay hotspots", "Trampesti models",
                                    "trampesti_models")
    m.setHelpContent({"ALG_DESC": "Imports a folder of tracker files, detects each participant's stays (with "
                                   "places and trips), estimates the density of stay time (weighted by stay "
                                   "duration) and draws percent-volume hotspots of where people stay. Places, "
                                   "density cells and hotspots are suppressed below K_MIN participants; stays "
                                   "and trips are per participant (personal data)."})

    def add_input(param, x, y):
        mp = QgsProcessingModelParameter(param.name())
        mp.setPosition(QPointF(x, y))
        m.addModelParameter(param, mp)

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


def main() -> int:
    parent = Path(tempfile.mkdtemp(prefix="trampesti-pkg-"))
    (parent / "trampesti").symlink_to(REPO, target_is_directory=True)
    sys.path.insert(0, str(parent))
    from trampesti.processing.headless import load_plugin, start_qgis

    start_qgis()
    load_plugin()
    for builder, name in ((build_hotspot_model, "trampesti_round_hotspots.model3"),
                          (build_stays_model, "trampesti_round_stays.model3")):
        model = builder()
        ok, errors = model.validate()
        if not ok:
            print(name, "does not validate:", errors)
            return 1
        out = REPO / "models" / name
        out.parent.mkdir(exist_ok=True)
        if not model.toFile(str(out)):
            print("could not write", out)
            return 1
        print("wrote", out.relative_to(REPO))
    return 0

if __name__ == "__main__":
    sys.exit(main())
