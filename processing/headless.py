"""Start QGIS without a desktop and load the plugin as QGIS does (for demo, tests, scripts)."""
from __future__ import annotations

import os
import sys
import tempfile


class _HeadlessIface:
    """The little of QgisInterface that initProcessing needs (nothing) — a placeholder object."""

    def mainWindow(self):  # noqa: N802
        return None


_STATE: dict = {}


def keep_worker_threads() -> None:
    """Never let the global thread pool's idle threads expire.

    With QGIS 3.22 on Debian 12, when a pool thread that ran a QgsTask (e.g. the dock's
    background algorithms) exits after the default 30 s idle time, CRS WKT export in the main
    thread breaks from then on (``QgsCoordinateReferenceSystem('EPSG:25832').toWkt()`` returns
    ''), so rasters are written without a CRS. Keeping the threads alive avoids it.
    """
    from qgis.PyQt.QtCore import QThreadPool

    QThreadPool.globalInstance().setExpiryTimeout(-1)


def start_qgis(profile_dir: str = ""):
    """A QgsApplication (offscreen, temporary profile unless given) with Processing initialised."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if "QGIS_CUSTOM_CONFIG_PATH" not in os.environ:
        os.environ["QGIS_CUSTOM_CONFIG_PATH"] = profile_dir or tempfile.mkdtemp(prefix="trampesti-qgis-")
    from qgis.core import QgsApplication

    app = QgsApplication.instance()
    if app is None:
        QgsApplication.setPrefixPath("/usr", True)
        app = QgsApplication([], False)
        app.initQgis()
        _STATE["app"] = app
    keep_worker_threads()
    plugins = "/usr/share/qgis/python/plugins"
    if plugins not in sys.path:
        sys.path.insert(0, plugins)
    from processing.core.Processing import Processing

    Processing.initialize()
    return app


def load_plugin(iface=None):
    """``classFactory(iface)`` + ``initProcessing()``; returns the plugin object."""
    from qgis.core import QgsApplication

    from .. import classFactory

    plugin = classFactory(iface or _HeadlessIface())
    if QgsApplication.processingRegistry().providerById("trampesti") is None:
        plugin.initProcessing()
    _STATE.setdefault("plugins", []).append(plugin)  # the provider's Python side must stay alive
    return plugin
