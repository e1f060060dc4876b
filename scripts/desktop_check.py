"""Run inside the real QGIS desktop by scripts/desktop_check.sh (``qgis --code`` this file).

Once the main window is up it checks what a planner would see after installing the zip:
the Trampesti provider and its algorithms in the Processing registry and toolbox, the
Trampesti toolbar button, and the dock that button opens. With TRAMPESTI_CHECK_DATA set it
also imports that folder through the dock (the real background task) so the screenshot shows
a filled report. Then it saves a full-window screenshot, writes a JSON result and quits.

Environment (set by the shell script):
  TRAMPESTI_CHECK_RESULT      JSON result path
  TRAMPESTI_CHECK_SCREENSHOT  PNG path
  TRAMPESTI_CHECK_DATA        folder of tracker files to import via the dock ('' = none)
  TRAMPESTI_CHECK_PLUGIN_DIR  the unzipped plugin folder (to check where ext_libs came from)

QGIS executes this file with ``exec`` in ``__main__`` (no ``__file__``): everything is driven
by QTimer.singleShot so the event loop keeps running between steps.
"""
import json
import os
import sys
import time
import traceback

import qgis.utils
from qgis.core import Qgis, QgsApplication, QgsFillSymbol, QgsProject, QgsVectorLayer
from qgis.PyQt.QtCore import QPoint, QRect, Qt, QTimer
from qgis.PyQt.QtWidgets import QAction, QApplication, QDockWidget, QMainWindow

_RESULT_PATH = os.environ.get("TRAMPESTI_CHECK_RESULT", "/tmp/trampesti_desktop_check.json")
_SHOT_PATH = os.environ.get("TRAMPESTI_CHECK_SCREENSHOT", "docs/screenshots/qgis_desktop.png")
_DATA = os.environ.get("TRAMPESTI_CHECK_DATA", "")
_PLUGIN_DIR = os.environ.get("TRAMPESTI_CHECK_PLUGIN_DIR", "")
_PLUGIN_DIR = os.path.realpath(_PLUGIN_DIR) if _PLUGIN_DIR else ""
_WINDOW = (1600, 1000)
_START_DELAY_MS = 2500
_IMPORT_TIMEOUT_S = 40.0
_WATCHDOG_MS = 100_000
_REQUIRED_ALGS = ("importtrackers", "kerneldensity", "hotspots")

_check = {
    "started_unix": time.time(),
    "qgis_version": Qgis.QGIS_VERSION,
    "python": sys.version.split()[0],
    "errors": [],
    "log": [],
    "ok": False,
}


def _log_message(message, tag, level):
    """Keep warnings/errors QGIS logs (Python errors of plugins land under 'Python error')."""
    if level >= Qgis.MessageLevel.Warning or "trampesti" in (tag or "").lower():
        _check["log"].append(f"[{tag}] {message}"[:500])


QgsApplication.messageLog().messageReceived.connect(_log_message)


def _fail(text):
    _check["errors"].append(text)


def _finish():
    """Screenshot, JSON, quit — always reached (also after an exception or the watchdog)."""
    if _check.get("finished"):
        return
    _check["finished"] = True
    try:
        QApplication.processEvents()
        mw = qgis.utils.iface.mainWindow()
        os.makedirs(os.path.dirname(os.path.abspath(_SHOT_PATH)), exist_ok=True)
        pixmap = mw.grab()
        saved = pixmap.save(_SHOT_PATH, "PNG")
        _check["screenshot"] = _SHOT_PATH if saved else None
        _check["screenshot_size"] = [pixmap.width(), pixmap.height()]
        if not saved:
            _fail(f"could not save the screenshot to {_SHOT_PATH}")
    except Exception:  # noqa: BLE001 (report everything)
        _fail("screenshot: " + traceback.format_exc())
    _check["python_errors"] = [m for m in _check["log"] if "Python error" in m or "Traceback" in m]
    if any("trampesti" in m.lower() for m in _check["python_errors"]):
        _fail("QGIS logged Python errors from Trampesti")
    _check["elapsed_s"] = round(time.time() - _check["started_unix"], 1)
    _check["ok"] = not _check["errors"]
    with open(_RESULT_PATH, "w", encoding="utf-8") as fh:
        json.dump(_check, fh, indent=1, default=str)
    QgsProject.instance().setDirty(False)
    QTimer.singleShot(0, lambda: QgsApplication.exit(0))


def _guarded(step):
    def run():
        try:
            step()
        except Exception:  # noqa: BLE001
            _fail(f"{step.__name__}: " + traceback.format_exc())
            _finish()
    return run


def _check_provider():
    registry = QgsApplication.processingRegistry()
    provider = registry.providerById("trampesti")
    _check["provider_found"] = provider is not None
    if provider is None:
        _fail("no Processing provider 'trampesti' is registered")
        return
    _check["provider_name"] = provider.longName()
    _check["algorithms"] = sorted(a.id() for a in provider.algorithms())
    for alg in _REQUIRED_ALGS:
        if f"trampesti:{alg}" not in _check["algorithms"]:
            _fail(f"algorithm trampesti:{alg} is missing")


def _check_plugin_loaded():
    _check["active_plugins"] = sorted(qgis.utils.active_plugins)
    _check["plugin_loaded"] = "trampesti" in qgis.utils.active_plugins
    if not _check["plugin_loaded"]:
        _fail("QGIS did not load the trampesti plugin (not in qgis.utils.active_plugins)")
    module = sys.modules.get("trampesti")
    _check["plugin_file"] = getattr(module, "__file__", None)
    if module is not None and _PLUGIN_DIR and not os.path.realpath(module.__file__).startswith(_PLUGIN_DIR):
        _fail(f"trampesti was imported from {module.__file__}, not from the installed zip")
    libs = {}
    req = os.path.join(_PLUGIN_DIR or "", "requirements.txt")
    bundled = ["fitdecode"]
    if os.path.exists(req):
        with open(req, encoding="utf-8") as fh:
            bundled = [ln.split("==")[0].strip() for ln in fh if ln.strip() and not ln.startswith("#")]
    for name in bundled:
        try:
            libs[name] = __import__(name).__file__
        except ImportError as exc:
            libs[name] = f"ImportError: {exc}"
            _fail(f"{name} is not importable in the QGIS desktop once Trampesti is loaded")
    _check["dependencies"] = libs


def _open_toolbox():
    """Show the Processing toolbox with the Trampesti provider expanded and its first algorithm selected."""
    mw = qgis.utils.iface.mainWindow()
    toolbox = mw.findChild(QDockWidget, "ProcessingToolbox")
    if toolbox is None:
        _fail("the Processing toolbox dock (ProcessingToolbox) is not in the main window")
        return None
    action = mw.findChild(QAction, "toolboxAction")
    if action is not None and not action.isChecked():
        action.trigger()
    toolbox.setUserVisible(True)
    tree = toolbox.algorithmTree
    proxy = tree.model()
    try:  # PyQt sees the view's model as a plain QSortFilterProxyModel
        from qgis.gui import QgsProcessingToolboxProxyModel
        from qgis.PyQt import sip

        toolbox_proxy = sip.cast(proxy, QgsProcessingToolboxProxyModel)
        provider_index = proxy.mapFromSource(toolbox_proxy.toolboxModel().indexForProvider("trampesti"))
    except Exception:  # noqa: BLE001 (fall back to the provider's name in the tree)
        matches = [proxy.index(r, 0) for r in range(proxy.rowCount()) if proxy.index(r, 0).data() == "Trampesti"]
        provider_index = matches[0] if matches else proxy.index(-1, -1)
    if not provider_index.isValid():
        _fail("the Processing toolbox shows no Trampesti entry")
        return toolbox
    tree.collapseAll()
    tree.expand(provider_index)
    groups = []
    for row in range(proxy.rowCount(provider_index)):
        group = proxy.index(row, 0, provider_index)
        tree.expand(group)
        groups.append(group.data())
        for alg_row in range(proxy.rowCount(group)):
            _check.setdefault("toolbox_algorithms", []).append(proxy.index(alg_row, 0, group).data())
    _check["toolbox_groups"] = groups
    first_group = proxy.index(0, 0, provider_index)
    if first_group.isValid() and proxy.rowCount(first_group):
        tree.setCurrentIndex(proxy.index(0, 0, first_group))
    last = provider_index  # scrolled into view, so the whole Trampesti branch shows
    if groups:
        last_group = proxy.index(len(groups) - 1, 0, provider_index)
        rows = proxy.rowCount(last_group)
        last = proxy.index(rows - 1, 0, last_group) if rows else last_group
    _SCROLL.update(tree=tree, index=last)
    tree.scrollTo(last, tree.EnsureVisible)
    return toolbox


_SCROLL = {}


def _on_screen(widget):
    """Really drawn in the main window: not hidden, not a background tab, not moved off-screen."""
    if widget is None or not widget.isVisible() or widget.visibleRegion().isEmpty():
        return False
    mw = qgis.utils.iface.mainWindow()
    top_left = widget.mapTo(mw, QPoint(0, 0))
    rect = QRect(top_left, widget.size())
    return mw.rect().contains(rect.center()) and rect.width() > 100 and rect.height() > 100


def _arrange(mw, toolbox, dock):
    """Screenshot layout: Layers above the Processing toolbox on the left, Trampesti alone on the right."""
    browser = mw.findChild(QDockWidget, "Browser")
    layers = mw.findChild(QDockWidget, "Layers")
    if browser is not None:
        browser.hide()
    if toolbox is not None and layers is not None:
        QMainWindow.removeDockWidget(mw, toolbox)
        QMainWindow.addDockWidget(mw, Qt.DockWidgetArea.LeftDockWidgetArea, toolbox)
        toolbox.show()
        mw.splitDockWidget(layers, toolbox, Qt.Orientation.Vertical)
    QMainWindow.removeDockWidget(mw, dock)
    QMainWindow.addDockWidget(mw, Qt.DockWidgetArea.RightDockWidgetArea, dock)
    dock.show()
    dock.raise_()
    QApplication.processEvents()
    if toolbox is not None and layers is not None:
        mw.resizeDocks([layers, dock], [340, 560], Qt.Orientation.Horizontal)
        mw.resizeDocks([layers, toolbox], [230, 640], Qt.Orientation.Vertical)
    QApplication.processEvents()
    if _SCROLL:
        _SCROLL["tree"].scrollTo(_SCROLL["index"], _SCROLL["tree"].EnsureVisible)


def _add_background_map():
    """Countries from the world map QGIS ships (offline), drawn light grey under the fixes."""
    path = os.path.join(QgsApplication.pkgDataPath(), "resources", "data", "world_map.gpkg")
    if not os.path.exists(path):
        return
    layer = QgsVectorLayer(f"{path}|layername=countries", "Countries (QGIS world map)", "ogr")
    if not layer.isValid():
        return
    symbol = QgsFillSymbol.createSimple({"color": "#f1eee8", "outline_color": "#b9b4aa", "outline_width": "0.2"})
    layer.renderer().setSymbol(symbol)
    QgsProject.instance().addMapLayer(layer, False)
    QgsProject.instance().layerTreeRoot().addLayer(layer)


def _step_gui():
    iface = qgis.utils.iface
    mw = iface.mainWindow()
    mw.showNormal()
    mw.setGeometry(0, 0, *_WINDOW)
    _check_plugin_loaded()
    _check_provider()
    toolbox = _open_toolbox()

    action = mw.findChild(QAction, "trampestiShowDock")
    _check["toolbar_action_found"] = action is not None
    if action is None:
        _fail("no QAction 'trampestiShowDock' in the main window")
    else:
        _check["toolbar_action_in_plugin_toolbar"] = action in iface.pluginToolBar().actions()
        action.trigger()
    QApplication.processEvents()
    dock = mw.findChild(QDockWidget, "TrampestiDock")
    _check["dock_found"] = dock is not None
    if dock is None:
        _fail("triggering the Trampesti action opened no dock 'TrampestiDock'")
        _finish()
        return
    # How the dock opened, before this script rearranges anything (informational).
    _check["dock_after_trigger"] = {
        "on_screen": _on_screen(dock),
        "area": int(mw.dockWidgetArea(dock)),
        "tabified_with": [w.objectName() for w in mw.tabifiedDockWidgets(dock)],
    }
    _arrange(mw, toolbox, dock)
    _add_background_map()
    _check["state"] = {"dock": dock, "toolbox": toolbox}
    if _DATA and os.path.isdir(_DATA):
        dock.folder.setFilePath(_DATA)
        dock.round_label.setText("2026-12 desktop check")
        _check["import_started"] = time.time()
        dock.run_button.click()
        QTimer.singleShot(250, _guarded(_wait_import))
    else:
        QTimer.singleShot(500, _guarded(_step_verify))


def _wait_import():
    dock = _check["state"]["dock"]
    done = dock.run_button.isEnabled() and dock.table.rowCount() > 0
    failed = dock.run_button.isEnabled() and "stopped" in dock.status.text()
    if done or failed or time.time() - _check["import_started"] > _IMPORT_TIMEOUT_S:
        _check["import"] = {
            "folder": _DATA,
            "seconds": round(time.time() - _check["import_started"], 2),
            "status": dock.status.text(),
            "rows": dock.table.rowCount(),
            "layers": [layer.name() for layer in QgsProject.instance().mapLayers().values()],
        }
        if not done:
            _fail(f"the dock's import did not finish with a report: {dock.status.text()!r}")
        else:
            layers = [layer for layer in QgsProject.instance().mapLayers().values()
                      if layer.name().startswith("Fixes")]
            if layers:
                canvas = qgis.utils.iface.mapCanvas()
                canvas.setExtent(layers[0].extent())
                canvas.zoomScale(canvas.scale() * 1.1)
                canvas.refresh()
        QTimer.singleShot(1500, _guarded(_step_verify))
        return
    QTimer.singleShot(250, _guarded(_wait_import))


def _step_verify():
    mw = qgis.utils.iface.mainWindow()
    dock = _check["state"]["dock"]
    toolbox = _check["state"]["toolbox"]
    QApplication.processEvents()
    _check["window_size"] = [mw.width(), mw.height()]
    _check["dock_visible"] = _on_screen(dock)
    _check["dock_geometry"] = [dock.x(), dock.y(), dock.width(), dock.height()]
    if not _check["dock_visible"]:
        _fail("the Trampesti dock is not visible")
    _check["toolbox_visible"] = _on_screen(toolbox)
    _check["toolbox_geometry"] = [toolbox.x(), toolbox.y(), toolbox.width(), toolbox.height()] if toolbox else None
    if not _check["toolbox_visible"]:
        _fail("the Processing toolbox is not visible")
    del _check["state"]
    _finish()


QTimer.singleShot(_WATCHDOG_MS, lambda: (_fail("watchdog: the check did not finish in time"), _finish()))
QTimer.singleShot(_START_DELAY_MS, _guarded(_step_gui))
