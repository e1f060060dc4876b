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


def main() -> int:
    parent = Path(tempfile.mkdtemp(prefix="trampesti-pkg-"))
    (parent / "trampesti").symlink_to(REPO, target_is_directory=True)
    sys.path.insert(0, str(parent))
    from trampesti.processing.headless import load_plugin, start_qgis

    start_qgis()
    load_plugin()
    model = build_hotspot_model()
    ok, errors = model.validate()
    if not ok:
        print("model does not validate:", errors)
        return 1
    out = REPO / "models" / "trampesti_round_hotspots.model3"
    out.parent.mkdir(exist_ok=True)
    if not model.toFile(str(out)):
        print("could not write", out)
        return 1
    print("wrote", out.relative_to(REPO))
    return 0


if __name__ == "__main__":
    sys.exit(main())
