"""Test harness: the plugin imported as the package ``trampesti``, QGIS started on demand.

Core tests need nothing but numpy/scipy. Tests that take the ``qgis_app`` or ``run_alg``
fixtures get a headless QGIS (``QT_QPA_PLATFORM=offscreen``, a temporary profile in
``QGIS_CUSTOM_CONFIG_PATH``) with the plugin loaded as QGIS loads it:
``classFactory(iface)`` then ``initProcessing()``.
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = (REPO.parent / "shared" / "data").resolve()

_PKG_PARENT = Path(tempfile.mkdtemp(prefix="trampesti-pkg-"))
(_PKG_PARENT / "trampesti").symlink_to(REPO, target_is_directory=True)
sys.path.insert(0, str(_PKG_PARENT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_PROFILE = tempfile.mkdtemp(prefix="trampesti-qgis-profile-")
SESSION: dict = {}
"""The plugin object loaded for the session (``SESSION['plugin']``)."""
os.environ["QGIS_CUSTOM_CONFIG_PATH"] = _PROFILE


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data`` beside the repository; tests using it skip where it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real test data not found at {SHARED_DATA} (the shared/ folder beside the repo)")
    return SHARED_DATA


@pytest.fixture(scope="session")
def qgis_app():
    """A headless QgsApplication with Processing and the Trampesti provider registered."""
    qgis_core = pytest.importorskip("qgis.core", reason="QGIS Python bindings are not installed")
    from qgis.core import QgsApplication

    app = QgsApplication.instance()
    if app is None:
        QgsApplication.setPrefixPath("/usr", True)
        app = QgsApplication([], False)
        app.initQgis()
    from trampesti.processing.headless import keep_worker_threads

    keep_worker_threads()  # see its docstring: idle pool threads exiting break CRS WKT export
    sys.path.insert(0, "/usr/share/qgis/python/plugins")
    import processing  # noqa: F401
    from processing.core.Processing import Processing

    Processing.initialize()
    from trampesti import classFactory

    from .qgis_iface import FakeIface

    iface = FakeIface()
    plugin = classFactory(iface)
    plugin.initProcessing()
    SESSION["plugin"] = plugin
    assert QgsApplication.processingRegistry().providerById("trampesti") is not None
    yield app
    SESSION["plugin"].unload()
    del qgis_core


@pytest.fixture()
def run_alg(qgis_app):
    """``run_alg('trampesti:importtrackers', {...})`` → the result dict of ``processing.run``."""
    import processing
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback, QgsProject

    def _run(alg_id, params, feedback=None):
        context = QgsProcessingContext()
        context.setProject(QgsProject.instance())
        return processing.run(alg_id, params, context=context, feedback=feedback or QgsProcessingFeedback())

    return _run


_EXIT_STATUS: dict = {}


def pytest_sessionfinish(session, exitstatus):
    _EXIT_STATUS["status"] = int(exitstatus)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config):
    """Leave at once once pytest has reported, when a QGIS application was started.

    After the last test the interpreter destroys QGIS's C++ objects (the application, the
    Processing registry, Qt's thread pools) in no fixed order, and QGIS 3.22 sometimes
    crashes there (a segmentation fault after "N passed", seen once in three full runs),
    which would turn a green run red. Every result is already written at this point, so the
    run ends here with pytest's own exit status.
    """
    if "plugin" in SESSION and "status" in _EXIT_STATUS:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(_EXIT_STATUS["status"])
