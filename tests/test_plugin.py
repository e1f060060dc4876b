"""The plugin loads as QGIS loads it and registers its provider, toolbar action and dock."""
from __future__ import annotations

import configparser

from .conftest import REPO


def test_metadata_has_required_keys():
    cp = configparser.ConfigParser(interpolation=None)
    cp.read(REPO / "metadata.txt", encoding="utf-8")
    g = cp["general"]
    for key in ("name", "qgisMinimumVersion", "description", "about", "version", "author", "email",
                "repository", "tracker", "tags", "icon", "hasProcessingProvider"):
        assert g.get(key), key
    assert g["name"] == "Trampesti"
    assert g["qgisMinimumVersion"] == "3.22"
    assert g["hasProcessingProvider"] == "yes"
    assert (REPO / g["icon"]).is_file()
    assert "Dansk" in g["about"]


def test_provider_registered_with_design_ids(qgis_app):
    from qgis.core import QgsApplication

    from trampesti.metadata import plugin_version

    provider = QgsApplication.processingRegistry().providerById("trampesti")
    assert provider is not None
    ids = {a.id() for a in provider.algorithms()}
    for alg in ("importtrackers", "kerneldensity", "hotspots"):
        assert f"trampesti:{alg}" in ids
    assert provider.versionInfo() == plugin_version()
    assert not provider.icon().isNull()


def test_every_parameter_has_help(qgis_app):
    from qgis.core import QgsApplication, QgsProcessingModelAlgorithm

    provider = QgsApplication.processingRegistry().providerById("trampesti")
    for alg in provider.algorithms():
        assert alg.shortHelpString(), alg.id()
        if isinstance(alg, QgsProcessingModelAlgorithm):
            continue  # shipped models follow the Modeler's names (lower case): see test_ecosystem.py
        for p in alg.parameterDefinitions():
            assert p.help(), f"{alg.id()}:{p.name()} has no help"
            assert p.name() == p.name().upper()


def test_init_gui_and_unload_remove_everything(qgis_app):
    from qgis.core import QgsApplication

    from trampesti import classFactory

    from .conftest import SESSION
    from .qgis_iface import FakeIface

    iface = FakeIface()
    plugin = classFactory(iface)
    registry = QgsApplication.processingRegistry()
    SESSION["plugin"].unload()  # one provider per id: take the session's out while this one is tested
    try:
        assert registry.providerById("trampesti") is None
        plugin.initGui()
        assert registry.providerById("trampesti") is not None
        assert len(iface.toolbar_actions) == 1 and len(iface.menu_actions) == 1
        plugin.show_dock()
        assert len(iface.docks) == 1
        dock = iface.docks[0]
        assert dock.objectName() == "TrampestiDock"
        assert not dock.isHidden()
        plugin.unload()
        assert registry.providerById("trampesti") is None
        assert iface.toolbar_actions == [] and iface.menu_actions == [] and iface.docks == []
    finally:
        SESSION["plugin"].initProcessing()
