"""Trampesti QGIS plugin entry point. Kept tiny: QGIS calls classFactory(iface)."""
import os as _os
import sys as _sys

# The packaged zip bundles pure-Python dependencies (gpxpy, pynmea2, fitdecode) in ext_libs/
# so the plugin installs on a stock QGIS; they are used only where the system lacks them.
_EXT_LIBS = _os.path.join(_os.path.dirname(__file__), "ext_libs")
if _os.path.isdir(_EXT_LIBS) and _EXT_LIBS not in _sys.path:
    _sys.path.append(_EXT_LIBS)


def classFactory(iface):  # noqa: N802 (QGIS API name)
    """Create the plugin instance (QGIS calls this when the plugin is loaded)."""
    from .plugin import TrampestiPlugin

    return TrampestiPlugin(iface)
