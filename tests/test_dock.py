"""The dock driven through a whole demo round, headless, with the real background tasks.

A simulated Odense round (6 participants, 6 hours; demo/simulate.py) is imported, anonymised
(when trampesti:anonymise is registered), turned into stays/density/hotspots, sites (when the
site algorithms are registered) and a report. Another test cancels mid-run and checks that no
layer was added and no file was left behind. Tasks are awaited with a processEvents loop.
"""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

pytest.importorskip("qgis.core")

TIMEOUT_S = 60.0


def wait_for(dock, timeout_s: float = TIMEOUT_S) -> None:
    """Spin the event loop until the dock's chain is done and the task manager is idle."""
    from qgis.core import QgsApplication
    from qgis.PyQt.QtCore import QCoreApplication

    start = time.time()
    while True:
        QCoreApplication.processEvents()
        running = dock.chain is not None and dock.chain.running
        if not running and QgsApplication.taskManager().countActiveTasks() == 0:
            break
        if time.time() - start > timeout_s:
            raise AssertionError(f"the dock's step did not finish in {timeout_s} s: {dock.status.text()!r}")
        time.sleep(0.01)
    QCoreApplication.processEvents()


@pytest.fixture()
def iface(qgis_app):
    from qgis.gui import QgsMapCanvas

    from .qgis_iface import FakeIface

    class CanvasIface(FakeIface):
        def __init__(self) -> None:
            super().__init__()
            self._canvas = QgsMapCanvas()
            self._canvas.resize(600, 400)

        def mapCanvas(self):  # noqa: N802 (QGIS API)
            return self._canvas

    return CanvasIface()


@pytest.fixture()
def clean_project(qgis_app):
    from qgis.core import QgsProject

    QgsProject.instance().clear()
    yield QgsProject.instance()
    QgsProject.instance().clear()


@pytest.fixture(scope="module")
def small_round(tmp_path_factory):
    from trampesti.demo.simulate import simulate_round

    out = tmp_path_factory.mktemp("dock_round")
    truth = simulate_round(out, n_participants=6, hours=6, round_label="2026-12")
    del truth
    return out


def _load_layers(project, folder: Path) -> dict:
    from qgis.core import QgsVectorLayer

    layers = {}
    for name in ("toilets", "cover", "schools", "candidates", "phases", "handout"):
        layer = QgsVectorLayer(str(folder / "layers" / f"{name}.geojson"), name, "ogr")
        assert layer.isValid(), name
        project.addMapLayer(layer)
        layers[name] = layer
    return layers


def _alg(alg_id: str) -> bool:
    from trampesti.ui.runner import algorithm_available

    return algorithm_available(alg_id)


def test_whole_round_through_the_dock(iface, clean_project, small_round, tmp_path):
    from qgis.core import QgsRasterLayer, QgsVectorLayer

    from trampesti.ui.dock import TrampestiDock

    project = clean_project
    ref = _load_layers(project, small_round)
    truth = json.loads((small_round / "truth.json").read_text())
    dock = TrampestiDock(iface, iface.mainWindow())
    assert dock.objectName() == "TrampestiDock"
    out_dir = tmp_path / "out"
    dock.folder.setFilePath(str(small_round / "trackers"))
    dock.round_label.setText("2026-12")
    dock.out_dir.setFilePath(str(out_dir))
    dock.k_min.setValue(3)

    # 1 Files: one row per file, the truncated file failed and coloured, fixes on the map
    assert dock.start_import()
    assert dock.cancel_button.isEnabled()
    wait_for(dock)
    n_files = len(list((small_round / "trackers").iterdir()))
    assert dock.table.rowCount() == n_files
    statuses = {dock.table.item(r, 0).text(): dock.table.item(r, 4).text() for r in range(n_files)}
    assert statuses[truth["broken_file"]] in ("failed", "partly read")  # truncated mid-XML
    assert sum(1 for s in statuses.values() if s == "ok") >= n_files - 2
    broken_row = [r for r in range(n_files) if dock.table.item(r, 0).text() == truth["broken_file"]][0]
    raw_status = dock.files_rows[broken_row]["status"]
    assert dock.table.item(broken_row, 0).background().color().name() == {"failed": "#f6c9c9", "partial": "#fde9b0"}[raw_status]
    fixes = dock.layers["fixes"]
    assert isinstance(fixes, QgsVectorLayer) and project.mapLayer(fixes.id()) is not None
    expected = sum(p["n_fixes"] for p in truth["participants"] if p["file"] != truth["broken_file"])
    assert fixes.featureCount() == sum(int(r["fixes_kept"]) for r in dock.files_rows)
    assert fixes.featureCount() >= 0.9 * expected

    # 2 Privacy
    dock.handout_layer.setLayer(ref["handout"])
    if _alg("trampesti:anonymise"):
        assert dock.start_anonymise()
        wait_for(dock)
        anon = dock.layers.get("anonymised")
        assert anon is not None and project.mapLayer(anon.id()) is not None, dock.status.text()
        assert 0 < anon.featureCount() <= fixes.featureCount()
        raw_keys = {p["raw_key"] for p in truth["participants"]}
        assert not raw_keys & {str(f["participant"]) for f in anon.getFeatures()}
    else:
        assert not dock.anonymise_button.isEnabled()
        assert "not available" in dock.privacy_notice.text()

    # 3 Movement and hotspots: density raster moved into the round folder, hotspots added
    assert dock.start_movement()
    wait_for(dock)
    density = dock.layers.get("density")
    assert isinstance(density, QgsRasterLayer), dock.status.text()
    assert Path(density.source()).parent == out_dir and Path(density.source()).exists()
    hot = dock.layers["hotspots"]
    assert project.mapLayer(hot.id()) is not None
    assert sorted({int(r["level_pct"]) for r in dock.hotspot_rows}) == [50, 75, 90]
    assert all(int(r["n_participants"]) >= 3 for r in dock.hotspot_rows)
    assert dock.hotspot_table.rowCount() == len(dock.hotspot_rows)
    if _alg("trampesti:detectstays"):
        assert dock.layers.get("stays") is not None

    # 4 Sites
    dock.toilets_layer.setLayer(ref["toilets"])
    dock.cover_layer.setLayer(ref["cover"])
    dock.exclusions_layer.setLayer(ref["schools"])
    dock.candidates_layer.setLayer(ref["candidates"])
    dock.n_sites.setValue(2)
    names = list(dock.weight_sliders)
    dock.weight_sliders[names[0]].setValue(60)
    for n in names[1:]:
        dock.weight_sliders[n].setValue(20)
    w = dock.normalised_weights()
    assert abs(sum(w.values()) - 1.0) < 1e-9
    assert abs(w[names[0]] - 60 / (60 + 20 * (len(names) - 1))) < 1e-9
    assert dock.weight_labels[names[0]].text().startswith(str(round(100 * w[names[0]])))
    # 4 Sites, with the real algorithms
    assert _alg("trampesti:sitesuitability") and _alg("trampesti:selectsites")
    assert dock.sites_button.isEnabled()
    assert dock.start_sites()
    wait_for(dock)
    sites = dock.layers.get("sites")
    assert sites is not None and project.mapLayer(sites.id()) is not None, dock.status.text()
    assert 1 <= sites.featureCount() <= 2
    assert sorted(f["rank"] for f in sites.getFeatures()) == list(range(1, sites.featureCount() + 1))
    assert dock.sites_table.rowCount() == sites.featureCount()
    # 5 Results: a click zooms the canvas onto the site
    canvas = iface.mapCanvas()
    dock.zoom_to_site(0)
    clicked = sites.getFeature(dock.site_rows[0]["_fid"])
    from qgis.core import QgsCoordinateTransform

    ct = QgsCoordinateTransform(sites.crs(), canvas.mapSettings().destinationCrs(), project)
    centre = ct.transform(clicked.geometry().asPoint())
    assert canvas.extent().contains(centre)
    assert canvas.extent().center().distance(centre) < 0.05 * canvas.extent().width() + 1e-9

    # 5 Report: HTML + PDF in the round folder, no temporary folder left
    paths = dock.export_report()
    assert paths is not None, dock.status.text()
    html = Path(paths["html"]).read_text(encoding="utf-8")
    pdf = Path(paths["pdf"]).read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    assert "2026-12" in html and "50" in html
    for p in truth["participants"]:  # no raw identifier in the council report
        assert p["raw_key"] not in html and p["file"] not in html
    assert not [x for x in os.listdir(out_dir) if x.startswith(".trampesti-report-")]

    # settings are kept in the project and restored by a new dock
    dock.save_settings()
    dock2 = TrampestiDock(iface, iface.mainWindow())
    assert dock2.round_label.text() == "2026-12"
    assert dock2.n_sites.value() == 2
    assert dock2.toilets_layer.currentLayer() is ref["toilets"]
    assert dock2.weight_sliders[names[0]].value() == 60

    # ... and restored when a project is read (QgsProject.readProject)
    qgs = tmp_path / "round.qgs"
    assert project.write(str(qgs))
    dock2.round_label.setText("changed")
    dock2.k_min.setValue(7)
    assert project.read(str(qgs))
    assert dock2.round_label.text() == "2026-12"
    assert dock2.k_min.value() == 3


def test_cancel_leaves_nothing(iface, clean_project, small_round, tmp_path):
    from qgis.core import QgsApplication

    from trampesti.ui.dock import TrampestiDock

    project = clean_project
    dock = TrampestiDock(iface, iface.mainWindow())
    out_dir = tmp_path / "out"
    dock.folder.setFilePath(str(small_round / "trackers"))
    dock.out_dir.setFilePath(str(out_dir))

    # cancelled import: no layer
    before = set(project.mapLayers())
    assert dock.start_import()
    dock.cancel()
    wait_for(dock)
    assert set(project.mapLayers()) == before
    assert "fixes" not in dock.layers
    assert not os.path.exists(dock.chain.tmp_dir)

    # a finished import, then a cancelled density/hotspot step: no layer, no file
    assert dock.start_import()
    wait_for(dock)
    before = set(project.mapLayers())
    assert len(before) == 1
    assert dock.start_movement()
    tmp_dir = dock.chain.tmp_dir
    start = time.time()
    while dock.chain.running and QgsApplication.taskManager().countActiveTasks() == 0 and time.time() - start < 5:
        from qgis.PyQt.QtCore import QCoreApplication

        QCoreApplication.processEvents()
    dock.cancel()
    wait_for(dock)
    assert "Cancel" in dock.status.text() or "cancel" in dock.status.text().lower()
    assert set(project.mapLayers()) == before
    assert "density" not in dock.layers and "hotspots" not in dock.layers
    assert not os.path.exists(tmp_dir)
    assert not out_dir.exists() or not list(out_dir.iterdir())
