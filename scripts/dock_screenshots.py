"""Run inside the real QGIS desktop by scripts/dock_screenshots.sh (``qgis --code`` this file).

Drives the Trampesti dock through a simulated demo round — the real buttons, the real
background tasks — and saves a screenshot of the main window at each step:
docs/screenshots/dock_1_files.png, dock_2_privacy.png, dock_3_movement.png, dock_4_sites.png,
dock_5_results.png. Writes a JSON result (what ran, how long, errors) and quits.

Environment (set by the shell script):
  TRAMPESTI_SHOT_DATA    the simulated round (trackers/, layers/)
  TRAMPESTI_SHOT_DIR     where the PNGs go
  TRAMPESTI_SHOT_OUT     the round's output folder (density, report)
  TRAMPESTI_SHOT_RESULT  JSON result path
"""
import json
import os
import time
import traceback

import qgis.utils
from qgis.core import (
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsFillSymbol,
    QgsLineSymbol,
    QgsMarkerSymbol,
    QgsProject,
    QgsSingleSymbolRenderer,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import Qt, QTimer
from qgis.PyQt.QtWidgets import QAction, QApplication, QDockWidget, QMainWindow

DATA = os.environ.get("TRAMPESTI_SHOT_DATA", "/tmp/trampesti-shots/round")
SHOT_DIR = os.environ.get("TRAMPESTI_SHOT_DIR", "docs/screenshots")
OUT = os.environ.get("TRAMPESTI_SHOT_OUT", "/tmp/trampesti-shots/out")
RESULT = os.environ.get("TRAMPESTI_SHOT_RESULT", "/tmp/trampesti-shots/result.json")
WINDOW = (1600, 1000)
STEP_TIMEOUT_S = 90.0

state = {"errors": [], "steps": {}, "started": time.time(), "log": []}


def _log(message, tag, level):
    if "trampesti" in (tag or "").lower() or "python" in (tag or "").lower():
        state["log"].append(f"[{tag}] {message}"[:400])


QgsApplication.messageLog().messageReceived.connect(_log)


def finish():
    if state.get("finished"):
        return
    state["finished"] = True
    state["elapsed_s"] = round(time.time() - state["started"], 1)
    state["ok"] = not state["errors"]
    with open(RESULT, "w", encoding="utf-8") as fh:
        json.dump(state, fh, indent=1, default=str)
    QgsProject.instance().setDirty(False)
    QTimer.singleShot(0, lambda: QgsApplication.exit(0))


def guarded(fn):
    def run():
        try:
            fn()
        except Exception:  # noqa: BLE001 (report everything, then quit)
            state["errors"].append(f"{fn.__name__}: {traceback.format_exc()}")
            finish()
    return run


def shot(name):
    QApplication.processEvents()
    mw = qgis.utils.iface.mainWindow()
    path = os.path.join(SHOT_DIR, name)
    ok = mw.grab().save(path, "PNG")
    state["steps"].setdefault(name, {})["saved"] = ok
    if not ok:
        state["errors"].append(f"could not save {path}")


def add_reference_layers():
    """Streets, cover, schools, toilets, candidates, hand-out site from the simulation."""
    project = QgsProject.instance()
    styles = {
        "streets": QgsLineSymbol.createSimple({"color": "#c9c4bb", "width": "0.5"}),
        "cover": QgsFillSymbol.createSimple({"color": "120,120,120,40", "outline_color": "#8c8c8c"}),
        "schools": QgsFillSymbol.createSimple({"color": "230,97,1,35", "outline_color": "#e66101", "outline_style": "dash"}),
        "phases": QgsFillSymbol.createSimple({"color": "0,0,0,0", "outline_color": "#7b3294", "outline_style": "dot"}),
        "toilets": QgsMarkerSymbol.createSimple({"name": "square", "color": "#2c7bb6", "size": "2.6"}),
        "candidates": QgsMarkerSymbol.createSimple({"name": "circle", "color": "white", "outline_color": "#333333",
                                                    "size": "2.2"}),
        "handout": QgsMarkerSymbol.createSimple({"name": "triangle", "color": "#1a9641", "size": "3.5"}),
    }
    names = {"streets": "Gader", "cover": "Overdækning", "schools": "Skoler", "phases": "Byggefaser",
             "toilets": "Toiletter", "candidates": "Mulige placeringer", "handout": "Udleveringssted"}
    layers = {}
    for key in ("streets", "phases", "cover", "schools", "candidates", "toilets", "handout"):
        path = os.path.join(DATA, "layers", f"{key}.geojson")
        if not os.path.exists(path):
            continue
        layer = QgsVectorLayer(path, names[key], "ogr")
        if not layer.isValid():
            continue
        if key in styles:
            layer.setRenderer(QgsSingleSymbolRenderer(styles[key]))
        project.addMapLayer(layer)
        layers[key] = layer
    state["layers"] = layers
    return layers


def arrange(dock):
    mw = qgis.utils.iface.mainWindow()
    for name in ("Browser", "ProcessingToolbox"):
        w = mw.findChild(QDockWidget, name)
        if w is not None:
            w.hide()
    QMainWindow.removeDockWidget(mw, dock)
    QMainWindow.addDockWidget(mw, Qt.DockWidgetArea.RightDockWidgetArea, dock)
    dock.show()
    dock.raise_()
    layers = mw.findChild(QDockWidget, "Layers")
    QApplication.processEvents()
    if layers is not None:
        mw.resizeDocks([layers, dock], [300, 620], Qt.Orientation.Horizontal)
    QApplication.processEvents()


def wait_then(next_step, name):
    """Poll until the dock's chain is done; then run ``next_step``."""
    dock = state["dock"]
    started = time.time()

    def poll():
        running = dock.chain is not None and dock.chain.running
        if running and time.time() - started < STEP_TIMEOUT_S:
            QTimer.singleShot(200, poll)
            return
        state["steps"].setdefault(name, {}).update(seconds=round(time.time() - started, 1), status=dock.status.text())
        if running:
            state["errors"].append(f"{name}: did not finish in {STEP_TIMEOUT_S} s")
        QTimer.singleShot(1200, guarded(next_step))

    QTimer.singleShot(200, poll)


@guarded
def step_start():
    iface = qgis.utils.iface
    mw = iface.mainWindow()
    mw.showNormal()
    mw.setGeometry(0, 0, *WINDOW)
    action = mw.findChild(QAction, "trampestiShowDock")
    if action is None:
        state["errors"].append("no action trampestiShowDock")
        finish()
        return
    action.trigger()
    QApplication.processEvents()
    dock = mw.findChild(QDockWidget, "TrampestiDock")
    state["dock"] = dock
    arrange(dock)
    add_reference_layers()
    utm = QgsCoordinateReferenceSystem("EPSG:25832")
    QgsProject.instance().setCrs(utm)  # after the first layer set it
    iface.mapCanvas().setDestinationCrs(utm)
    dock.folder.setFilePath(os.path.join(DATA, "trackers"))
    dock.round_label.setText("2026-12")
    dock.out_dir.setFilePath(OUT)
    dock.tabs.setCurrentIndex(0)
    dock.import_button.click()
    wait_then(step_files_done, "dock_1_files.png")


def step_files_done():
    dock = state["dock"]
    utm = QgsCoordinateReferenceSystem("EPSG:25832")
    QgsProject.instance().setCrs(utm)
    qgis.utils.iface.mapCanvas().setDestinationCrs(utm)
    fixes = dock.layers.get("fixes")
    if fixes is not None:
        dock.zoom_to_layer(fixes)
    QTimer.singleShot(800, guarded(_shot_files))


def _shot_files():
    shot("dock_1_files.png")
    dock = state["dock"]
    dock.tabs.setCurrentIndex(1)
    layers = state["layers"]
    if "handout" in layers:
        dock.handout_layer.setLayer(layers["handout"])
    dock.night_radius.setValue(75)  # the demo's sleeping places are close together
    if dock.anonymise_button.isEnabled():
        dock.anonymise_button.click()
        wait_then(step_privacy_done, "dock_2_privacy.png")
    else:
        QTimer.singleShot(500, guarded(step_privacy_done))


def step_privacy_done():
    shot("dock_2_privacy.png")
    dock = state["dock"]
    dock.tabs.setCurrentIndex(2)
    dock.movement_button.click()
    wait_then(step_movement_done, "dock_3_movement.png")


def step_movement_done():
    dock = state["dock"]
    fixes = dock.fixes_for_analysis()
    root = QgsProject.instance().layerTreeRoot()
    if fixes is not None and root.findLayer(fixes.id()) is not None:
        root.findLayer(fixes.id()).setItemVisibilityChecked(False)
    QTimer.singleShot(800, guarded(_shot_movement))


def _shot_movement():
    shot("dock_3_movement.png")
    dock = state["dock"]
    layers = state["layers"]
    dock.tabs.setCurrentIndex(3)
    for key, combo in (("toilets", dock.toilets_layer), ("cover", dock.cover_layer),
                       ("schools", dock.exclusions_layer), ("candidates", dock.candidates_layer),
                       ("phases", dock.phases_layer)):
        if key in layers:
            combo.setLayer(layers[key])
    values = [60, 25, 15, 10, 10, 10]
    for slider, v in zip(dock.weight_sliders.values(), values):
        slider.setValue(v)
    dock.n_sites.setValue(3)
    QTimer.singleShot(600, guarded(_shot_sites))


def _shot_sites():
    shot("dock_4_sites.png")
    dock = state["dock"]
    if dock.sites_button.isEnabled():
        dock.sites_button.click()
        wait_then(step_sites_done, "dock_5_results.png")
    else:
        state["steps"]["dock_5_results.png"] = {"note": "site algorithms not registered"}
        QTimer.singleShot(300, guarded(step_sites_done))


def step_sites_done():
    dock = state["dock"]
    dock.tabs.setCurrentIndex(4)
    if dock.sites_table.rowCount():
        dock.sites_table.selectRow(0)
        dock.zoom_to_site(0, 0)
        dock.zoom_to_layer(dock.layers.get("hotspots"))
    paths = dock.export_report()
    state["report"] = paths
    QTimer.singleShot(1200, guarded(_shot_results))


def _shot_results():
    shot("dock_5_results.png")
    finish()


QTimer.singleShot(150_000, lambda: (state["errors"].append("watchdog"), finish()))
QTimer.singleShot(2500, step_start)
