"""Trampesti in the QGIS ecosystem: shipped models in the provider, ``qgis_process``, batch mode,
the plugin repository's metadata rules, Qt6-ready enums and a missing optional dependency.

Inputs are two small simulated rounds (demo/simulate.py, 6 participants, 6 h each, planted
layers) prepared once in-process; every algorithm then runs again from ``qgis_process`` (a
throw-away QGIS profile with the repository symlinked as its ``trampesti`` plugin and enabled in
QGIS3.ini, as an installed plugin is) and once per round as Processing's batch dialog runs it.
The whole-round model runs from ``qgis_process`` on the full demo round (20 participants, 24 h).
"""
from __future__ import annotations

import ast
import configparser
import importlib
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import urlparse

import pytest

from .conftest import _PKG_PARENT, REPO, SHARED_DATA

N_SITES = 3
K_MIN = 3
ROUNDS = {  # label: simulate_round arguments
    "2014-09": {"seed": 20140901, "start_utc": "2014-09-01T06:00:00Z"},
    "2015-03": {"seed": 20150302, "start_utc": "2015-03-02T06:00:00Z"},
}
SMALL = {"n_participants": 6, "hours": 6}
PSEUDONYM = re.compile(r"^P\d+$")


# -- shared inputs --------------------------------------------------------------------------
@pytest.fixture(scope="module")
def rounds(qgis_app, tmp_path_factory):
    """Two small simulated rounds with every intermediate layer an algorithm may take as input.

    ``rounds[label]`` holds paths: trackers, layers, fixes, key, anon, density (both rounds on
    the first round's grid), hotspots, stays, scored candidates, raw_key (a device to withdraw)
    and ``store`` (a GeoPackage study store holding both rounds).
    """
    import processing

    from trampesti.demo.simulate import simulate_round

    base = tmp_path_factory.mktemp("eco-rounds")
    out = {}
    grid = None
    for label, kw in ROUNDS.items():
        d = base / label
        truth = simulate_round(d, round_label=label, **SMALL, **kw)
        lay = d / "layers"
        r = {"label": label, "dir": d, "trackers": str(d / "trackers"), "layers": lay,
             "raw_key": truth.data["participants"][0]["raw_key"], "truth": truth.data}
        r["fixes"] = str(d / "fixes.gpkg")
        processing.run("trampesti:importtrackers", {"INPUT": r["trackers"], "ROUND": label, "OUTPUT": r["fixes"],
                                                    "REPORT": "memory:"})
        r["key"], r["anon"] = str(d / "key.json"), str(d / "anon.gpkg")
        processing.run("trampesti:anonymise", {"INPUT": r["fixes"], "HANDOUT_LAYER": str(lay / "handout.geojson"),
                                               "ATTACK_TRIALS": 100, "OUTPUT": r["anon"], "REPORT": "memory:",
                                               "KEY_FILE": r["key"]})
        r["density"] = str(d / "density.tif")
        processing.run("trampesti:kerneldensity", {"INPUT": r["anon"], "GRID": grid, "OUTPUT": r["density"]})
        grid = grid or r["density"]
        r["hotspots"] = str(d / "hotspots.gpkg")
        processing.run("trampesti:hotspots", {"INPUT": r["density"], "FIXES": r["anon"], "OUTPUT": r["hotspots"]})
        r["stays"] = str(d / "stays.gpkg")
        processing.run("trampesti:detectstays", {"INPUT": r["anon"], "OUTPUT_STAYS": r["stays"],
                                                 "OUTPUT_PLACES": "memory:", "OUTPUT_TRIPS": "memory:"})
        r["scored"] = str(d / "scored.gpkg")
        processing.run("trampesti:sitesuitability", dict(_site_layers(r), DEMAND=r["anon"], OUTPUT=r["scored"]))
        out[label] = r
    store = str(base / "study.gpkg")
    for r in out.values():
        processing.run("trampesti:saveround", {"ROUND": r["label"], "FIXES": r["anon"], "HOTSPOTS": r["hotspots"],
                                               "DENSITY": r["density"], "STORE_KIND": 0, "STORE_FILE": store})
        r["store"] = store
    return out


def _site_layers(r):
    lay = r["layers"]
    return {"TOILETS": str(lay / "toilets.geojson"), "COVER": str(lay / "cover.geojson"),
            "EXCLUSIONS": str(lay / "schools.geojson"), "CANDIDATES": str(lay / "candidates.geojson")}


def _other(rounds, r):
    return next(o for o in rounds.values() if o is not r)


def case(alg: str, rounds, r, out: Path):
    """Parameters of one small run of ``trampesti:<alg>`` on round ``r``, outputs in ``out``;
    and the outputs that must then exist with, for layers with a ``round`` field, that label."""
    o = {}

    def dest(name, suffix):
        o[name] = str(out / f"{alg}_{name.lower()}{suffix}")
        return o[name]

    if alg == "importtrackers":
        p = {"INPUT": r["trackers"], "ROUND": r["label"], "OUTPUT": dest("OUTPUT", ".gpkg"),
             "REPORT": dest("REPORT", ".gpkg")}
    elif alg == "cleanfixes":
        p = {"INPUT": r["fixes"], "OUTPUT": dest("OUTPUT", ".gpkg"), "REPORT": dest("REPORT", ".gpkg")}
    elif alg == "anonymise":
        p = {"INPUT": r["fixes"], "HANDOUT_LAYER": str(r["layers"] / "handout.geojson"), "ATTACK_TRIALS": 100,
             "OUTPUT": dest("OUTPUT", ".gpkg"), "REPORT": dest("REPORT", ".gpkg"), "KEY_FILE": dest("KEY_FILE", ".json")}
    elif alg == "withdraw":
        p = {"INPUT": r["anon"], "KEY_FILE": r["key"], "DEVICES": r["raw_key"], "OUTPUT": dest("OUTPUT", ".gpkg")}
    elif alg == "detectstays":
        p = {"INPUT": r["anon"], "OUTPUT_STAYS": dest("OUTPUT_STAYS", ".gpkg"),
             "OUTPUT_PLACES": dest("OUTPUT_PLACES", ".gpkg"), "OUTPUT_TRIPS": dest("OUTPUT_TRIPS", ".gpkg")}
    elif alg == "kerneldensity":
        p = {"INPUT": r["anon"], "OUTPUT": dest("OUTPUT", ".tif")}
    elif alg == "hotspots":
        p = {"INPUT": r["density"], "FIXES": r["anon"], "OUTPUT": dest("OUTPUT", ".gpkg")}
    elif alg == "sitesuitability":
        p = dict(_site_layers(r), DEMAND=r["anon"], OUTPUT=dest("OUTPUT", ".gpkg"))
    elif alg == "selectsites":
        p = {"CANDIDATES": r["scored"], "DEMAND": r["anon"], "N_SITES": 2, "SENSITIVITY_RUNS": 20,
             "OUTPUT": dest("OUTPUT", ".gpkg"), "REPORT": dest("REPORT", ".gpkg")}
    elif alg == "compareround":
        p = {"BEFORE": _other(rounds, r)["density"], "AFTER": r["density"], "OUTPUT": dest("OUTPUT", ".tif"),
             "REPORT": dest("REPORT", ".gpkg")}
    elif alg == "saveround":
        p = {"ROUND": r["label"], "FIXES": r["anon"], "HOTSPOTS": r["hotspots"], "DENSITY": r["density"],
             "STORE_KIND": 0, "STORE_FILE": dest("STORE_FILE", ".gpkg")}
    elif alg == "loadround":
        p = {"ROUND": r["label"], "STORE_KIND": 0, "STORE_FILE": r["store"]}
    else:
        raise KeyError(alg)
    return p, o


def _check_outputs(alg: str, label: str, outputs: dict) -> None:
    from qgis.core import QgsRasterLayer, QgsVectorLayer

    for name, path in outputs.items():
        assert Path(path).is_file() and Path(path).stat().st_size > 0, f"{alg}: {name} was not written"
        if path.endswith(".tif"):
            assert QgsRasterLayer(path, name).isValid(), f"{alg}: {name}"
        elif path.endswith(".gpkg") and alg != "saveround":
            lyr = QgsVectorLayer(path, name, "ogr")
            assert lyr.isValid(), f"{alg}: {name}"
            if lyr.fields().indexOf("round") >= 0 and lyr.featureCount():
                assert {f["round"] for f in lyr.getFeatures()} == {label}, f"{alg}: {name}"


def _feature_count(path: str) -> int:
    from qgis.core import QgsVectorLayer

    return QgsVectorLayer(path, "n", "ogr").featureCount()


def algorithm_ids():
    from trampesti.processing.provider import algorithm_classes

    return [cls.ALGORITHM_ID for cls in algorithm_classes()]


def model_names():
    from trampesti.processing.provider import model_files, model_name_for

    return [model_name_for(p) for p in model_files()]


# -- 1. the provider offers the shipped models ----------------------------------------------
def test_provider_offers_every_shipped_model_under_a_stable_id(qgis_app):
    from qgis.core import QgsApplication, QgsProcessingModelAlgorithm

    from trampesti.processing.provider import TrampestiModel

    files = sorted((REPO / "models").glob("*.model3"))
    assert {p.name for p in files} >= {"trampesti_round_hotspots.model3", "trampesti_round_stays.model3",
                                       "trampesti_round_full.model3"}
    registry = QgsApplication.processingRegistry()
    provider = registry.providerById("trampesti")
    models = [a for a in provider.algorithms() if isinstance(a, QgsProcessingModelAlgorithm)]
    assert sorted(m.id() for m in models) == sorted(f"trampesti:{p.stem[len('trampesti_'):]}" for p in files)
    for path in files:
        model_id = f"trampesti:{path.stem[len('trampesti_'):]}"
        alg = registry.algorithmById(model_id)
        plain = QgsProcessingModelAlgorithm()
        assert plain.fromFile(str(path))
        assert alg.displayName() == plain.name()  # the model's own title, as the Modeler saved it
        assert alg.group() == "Trampesti models"
        assert re.fullmatch(r"trampesti:[a-z0-9_]+", alg.id())
        # children resolved through the registry, also on the instance the registry keeps
        assert all(c.algorithm() is not None for c in alg.childAlgorithms().values()), model_id
        assert alg.validate()[0], alg.validate()[1]
        inst = registry.createAlgorithmById(model_id)
        assert isinstance(inst, TrampestiModel) and inst.id() == model_id and inst is not alg
        assert sorted(p.name() for p in inst.parameterDefinitions()) == sorted(
            p.name() for p in plain.parameterDefinitions())


def test_full_model_chains_the_round_and_publishes_only_safe_layers(qgis_app):
    from qgis.core import QgsApplication

    m = QgsApplication.processingRegistry().algorithmById("trampesti:round_full")
    kids = {c.childId(): c.algorithmId() for c in m.childAlgorithms().values()}
    assert kids == {"import": "trampesti:importtrackers", "clean": "trampesti:cleanfixes",
                    "anonymise": "trampesti:anonymise", "stays": "trampesti:detectstays",
                    "density": "trampesti:kerneldensity", "hotspots": "trampesti:hotspots",
                    "suitability": "trampesti:sitesuitability", "sites": "trampesti:selectsites"}
    # each step feeds on the one before it (the chain of the issue)
    chain = ["import", "clean", "anonymise", "stays", "density", "hotspots", "suitability", "sites"]
    for before, after in zip(chain, chain[1:]):
        assert before in m.dependsOnChildAlgorithms(after), (before, after)
    inputs = {p.name(): p for p in m.parameterDefinitions() if not p.isDestination()}
    assert set(inputs) == {"trackers", "round", "k_min", "handout", "toilets", "cover", "exclusions",
                           "candidates", "n_sites"}
    from qgis.core import QgsProcessingParameterDefinition as D

    optional = {n for n, p in inputs.items() if p.flags() & D.Flag.FlagOptional}
    assert optional == {"handout", "toilets", "cover", "exclusions", "candidates"}
    # no raw fixes, import or cleaning report (file names, device serials) leave the model
    outs = {d.name() for d in m.destinationParameterDefinitions()}
    assert not any(o.startswith(("import:", "clean:")) for o in outs)
    assert "sites:sites" in outs and "anonymise:fixes" in outs


def test_models_have_help_and_the_full_model_explains_every_input(qgis_app):
    from qgis.core import QgsApplication

    registry = QgsApplication.processingRegistry()
    for name in model_names():
        assert "<p>" in registry.algorithmById(f"trampesti:{name}").shortHelpString(), name
    full = registry.createAlgorithmById("trampesti:round_full")
    missing = [p.name() for p in full.parameterDefinitions() if not p.help()]
    assert missing == []
    assert "distinct participants" in full.parameterDefinition("k_min").help()


def test_models_run_by_id_through_processing_run(qgis_app, rounds, tmp_path):
    import processing
    from qgis.core import QgsVectorLayer

    r = rounds["2014-09"]
    res = processing.run("trampesti:round_hotspots", {
        "trackers": r["trackers"], "round": r["label"], "k_min": K_MIN, "pixel_size_m": 10,
        "import:fixes": str(tmp_path / "f.gpkg"), "import:import_report": str(tmp_path / "rep.gpkg"),
        "density:density": str(tmp_path / "d.tif"), "hotspots:hotspots": str(tmp_path / "h.gpkg")})
    hot = QgsVectorLayer(res["hotspots:hotspots"], "h", "ogr")
    assert hot.isValid() and hot.featureCount() > 0
    assert {f["level_pct"] for f in hot.getFeatures()} == {50.0, 75.0, 90.0}
    assert all(f["n_participants"] >= K_MIN for f in hot.getFeatures())
    # the model's import child is the same algorithm as the provider's: same fixes
    fixes = QgsVectorLayer(res["import:fixes"], "f", "ogr")
    assert fixes.featureCount() == QgsVectorLayer(r["fixes"], "f0", "ogr").featureCount()
    res = processing.run("trampesti:round_stays", {
        "trackers": r["trackers"], "round": r["label"], "preset": 0, "k_min": K_MIN, "pixel_size_m": 10,
        **{o: str(tmp_path / f"s_{o.replace(':', '_')}.{'tif' if o.startswith('density') else 'gpkg'}")
           for o in ("import:fixes", "import:import_report", "stays:stays", "stays:places", "stays:trips",
                     "density:stay_density", "hotspots:stay_hotspots")}})
    stays = QgsVectorLayer(res["stays:stays"], "st", "ogr")
    assert stays.featureCount() > 0 and {f["round"] for f in stays.getFeatures()} == {r["label"]}
    assert all(f["n_participants"] >= K_MIN for f in QgsVectorLayer(res["stays:places"], "pl", "ogr").getFeatures())


# -- qgis_process ---------------------------------------------------------------------------
def _qgis_process_exe() -> str:
    """``qgis_process``; Debian's wrapper adds ``$QGIS_OPTS`` from /etc/default/qgis, and
    ``--noversioncheck`` there makes qgis_process 3.22 refuse every command: then the binary."""
    exe = shutil.which("qgis_process")
    if exe is None:
        pytest.skip("qgis_process is not installed")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    probe = subprocess.run([exe, "--version"], capture_output=True, text=True, env=env, timeout=60)
    if probe.returncode != 0 and os.access(exe + ".bin", os.X_OK):
        return exe + ".bin"
    return exe


@pytest.fixture(scope="module")
def qgis_process(tmp_path_factory):
    """``qgis_process(*args)`` → CompletedProcess, in a profile where Trampesti is an installed,
    enabled plugin (python/plugins/trampesti → the repository; [PythonPlugins] trampesti=true)."""
    exe = _qgis_process_exe()
    config = tmp_path_factory.mktemp("qgis-process-config")
    profile = config / "profiles" / "default"
    (profile / "python" / "plugins").mkdir(parents=True)
    (profile / "python" / "plugins" / "trampesti").symlink_to(REPO, target_is_directory=True)
    (profile / "QGIS").mkdir()
    (profile / "QGIS" / "QGIS3.ini").write_text("[PythonPlugins]\ntrampesti=true\n", encoding="utf-8")
    runtime = config / "xdg-runtime"
    runtime.mkdir(mode=0o700)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(QGIS_CUSTOM_CONFIG_PATH=str(config), QT_QPA_PLATFORM="offscreen", XDG_RUNTIME_DIR=str(runtime))

    def run(*args, timeout=240):
        return subprocess.run([exe, *args], capture_output=True, text=True, env=env, timeout=timeout)

    return run


def _run_json(qgis_process, alg_id: str, params: dict):
    args = ["--json", "run", alg_id, "--"]
    for k, v in params.items():
        if v is None:
            continue
        args.append(f"{k}={str(v).lower() if isinstance(v, bool) else v}")
    proc = qgis_process(*args)
    assert proc.returncode == 0, f"{alg_id} exit {proc.returncode}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return json.loads(proc.stdout[proc.stdout.index("{"):])


def test_qgis_process_lists_the_provider_and_shows_help(qgis_process):
    proc = qgis_process("--json", "list")
    assert proc.returncode == 0, proc.stderr
    listing = json.loads(proc.stdout[proc.stdout.index("{"):])
    provider = listing["providers"]["trampesti"]
    assert provider["name"] == "Trampesti"
    listed = set(provider["algorithms"])
    expected = {f"trampesti:{a}" for a in algorithm_ids() + model_names()}
    assert listed == expected
    assert {"trampesti:round_full", "trampesti:importtrackers", "trampesti:selectsites"} <= listed
    help_proc = qgis_process("help", "trampesti:importtrackers")
    assert help_proc.returncode == 0, help_proc.stderr
    text = help_proc.stdout
    assert "Import tracker files" in text
    for param in ("INPUT", "FORMAT", "TIMEZONE", "ROUND", "OUTPUT", "REPORT"):
        assert re.search(rf"^{param}:", text, re.M), param
    from trampesti.processing.alg_importtrackers import ImportTrackers

    assert ImportTrackers.HELP.split("\n")[0][:60] in text  # the algorithm's own help text


def test_qgis_process_imports_the_csv_cases(qgis_app, qgis_process, shared_data, tmp_path):
    from qgis.core import QgsVectorLayer

    cases = shared_data / "cases"
    n_files = len([p for p in cases.iterdir() if p.suffix.lower() in (".csv", ".gpx", ".nmea")])
    res = _run_json(qgis_process, "trampesti:importtrackers", {
        "INPUT": cases, "ROUND": "cases", "OUTPUT": tmp_path / "f.gpkg", "REPORT": tmp_path / "r.gpkg"})
    out = res["results"]
    assert out["FILES"] == n_files == 10
    report = QgsVectorLayer(str(tmp_path / "r.gpkg"), "r", "ogr")
    failed = {f["file"] for f in report.getFeatures() if f["status"] == "failed"}
    # CASES.md: the projected heat-map points are no GPS log, the NMEA file has no fix
    assert failed == {"heatmap_points_epsg25832.csv", "nofix_empty_fields.nmea"} and out["FILES_FAILED"] == 2
    fixes = QgsVectorLayer(str(tmp_path / "f.gpkg"), "f", "ogr")
    assert fixes.featureCount() == out["FIXES"] == sum(f["fixes_kept"] for f in report.getFeatures())
    assert {f["round"] for f in fixes.getFeatures()} == {"cases"}


@pytest.mark.parametrize("alg", [
    "importtrackers", "cleanfixes", "anonymise", "withdraw", "detectstays", "kerneldensity", "hotspots",
    "sitesuitability", "selectsites", "compareround", "saveround", "loadround"])
def test_qgis_process_runs_every_algorithm(qgis_process, rounds, alg, tmp_path):
    r = rounds["2015-03"]
    params, outputs = case(alg, rounds, r, tmp_path)
    res = _run_json(qgis_process, f"trampesti:{alg}", params)
    _check_outputs(alg, r["label"], outputs)
    results = res["results"]
    if alg == "withdraw":
        assert results["WITHDRAWN_PARTICIPANTS"] == 1 and results["WITHDRAWN_FIXES"] > 0
    if alg == "loadround":
        assert set(results["ROUNDS"].split(",")) == set(ROUNDS)
    if alg == "importtrackers":
        assert results["FILES"] == SMALL["n_participants"] + 1  # + the deliberately broken file


def test_every_algorithm_has_a_qgis_process_case():
    assert set(algorithm_ids()) == set(test_qgis_process_runs_every_algorithm.pytestmark[0].args[1])


@pytest.fixture(scope="module")
def demo_round(tmp_path_factory):
    """The simulated demo round as ``make demo`` uses it (20 participants, 24 h, Odense)."""
    from trampesti.demo.simulate import simulate_round

    d = tmp_path_factory.mktemp("eco-demo")
    truth = simulate_round(d)
    return {"trackers": str(d / "trackers"), "layers": d / "layers", "label": truth.data["round"],
            "truth": truth.data}


def test_qgis_process_runs_the_shipped_full_model_and_produces_sites(qgis_app, qgis_process, demo_round, tmp_path):
    """The shipped model runs from ``qgis_process`` on the demo round and produces sites."""
    from qgis.core import QgsVectorLayer

    r = demo_round
    lay = r["layers"]
    outs = {name: tmp_path / f"{name.replace(':', '_')}{'.tif' if name == 'density:density' else '.gpkg'}"
            for name in ("anonymise:fixes", "anonymise:privacy_report", "stays:places", "density:density",
                         "hotspots:hotspots", "suitability:candidates", "sites:sites", "sites:site_report")}
    res = _run_json(qgis_process, "trampesti:round_full", dict({
        "trackers": r["trackers"], "round": r["label"], "k_min": K_MIN, "n_sites": N_SITES,
        "handout": lay / "handout.geojson", "toilets": lay / "toilets.geojson", "cover": lay / "cover.geojson",
        "exclusions": lay / "schools.geojson", "candidates": lay / "candidates.geojson"}, **outs))
    sites = QgsVectorLayer(str(outs["sites:sites"]), "s", "ogr")
    assert sites.isValid()
    feats = list(sites.getFeatures())
    assert sorted(f["rank"] for f in feats) == list(range(1, N_SITES + 1))
    assert all(f["participants_served"] >= K_MIN and 0.0 <= f["score"] <= 1.0 for f in feats)
    # no site inside a school or kindergarten or within the 50 m buffer around it
    from qgis.core import QgsCoordinateTransform, QgsGeometry, QgsProject

    schools = QgsVectorLayer(str(lay / "schools.geojson"), "sch", "ogr")
    to_sites = QgsCoordinateTransform(schools.crs(), sites.crs(), QgsProject.instance())
    zones = []
    for f in schools.getFeatures():
        g = QgsGeometry(f.geometry())
        g.transform(to_sites)
        zones.append(g)
    assert len(zones) == r["truth"]["layers"]["schools"]["count"]
    assert all(z.distance(f.geometry()) >= 50.0 - 1e-6 for z in zones for f in feats)
    cands = QgsVectorLayer(str(lay / "candidates.geojson"), "c", "ogr")
    scored = QgsVectorLayer(str(outs["suitability:candidates"]), "sc", "ogr")
    assert 0 < scored.featureCount() < cands.featureCount()  # some dropped in exclusion zones
    # what the model published is pseudonymised: no device serial, no file name, no source field
    anon = QgsVectorLayer(str(outs["anonymise:fixes"]), "a", "ogr")
    assert anon.fields().indexOf("source") < 0
    parts = {f["participant"] for f in anon.getFeatures()}
    assert parts and all(PSEUDONYM.match(p) for p in parts)
    raw = {p["raw_key"] for p in r["truth"]["participants"]} | {p["device_serial"] for p in r["truth"]["participants"]}
    assert not parts & raw
    assert len(parts) == r["truth"]["n_participants"]
    assert res["results"]["sites:sites"] == str(outs["sites:sites"])


# -- batch mode -----------------------------------------------------------------------------
@pytest.mark.parametrize("alg", [
    "importtrackers", "cleanfixes", "anonymise", "withdraw", "detectstays", "kerneldensity", "hotspots",
    "sitesuitability", "selectsites", "compareround", "saveround", "loadround"])
def test_batch_mode_one_round_per_row(qgis_app, rounds, alg, tmp_path):
    """As Processing's batch dialog runs it: one algorithm object, per row preprocessParameters,
    a new context (dataobjects.createContext) and ``run`` (a fresh instance via createInstance)."""
    from processing.tools import dataobjects
    from qgis.core import QgsApplication, QgsProcessingFeedback

    alg_obj = QgsApplication.processingRegistry().createAlgorithmById(f"trampesti:{alg}")
    rows = []
    for label, r in rounds.items():
        out = tmp_path / label
        out.mkdir()
        rows.append((label, *case(alg, rounds, r, out)))
    feedback = QgsProcessingFeedback()
    results, contexts = [], []
    for label, params, outputs in rows:
        params = alg_obj.preprocessParameters(params)
        context = dataobjects.createContext(feedback)
        res, ok = alg_obj.run(params, context, feedback)
        assert ok, (alg, label)
        _check_outputs(alg, label, outputs)
        results.append(res)
        contexts.append(context)
    if alg == "importtrackers":
        # two rounds' folders → two fix layers, each with its own round label and its own fixes
        assert results[0]["FIXES"] != results[1]["FIXES"]
    if alg == "loadround":
        from qgis.core import QgsProcessingUtils

        assert [r["ROUNDS"] for r in results] == [results[0]["ROUNDS"]] * 2
        for res, context, label in zip(results, contexts, rounds):
            fixes = QgsProcessingUtils.mapLayerFromString(res["FIXES"], context)
            assert {f["round"] for f in fixes.getFeatures()} == {label}
            assert fixes.featureCount() == _feature_count(rounds[label]["anon"])


def test_every_algorithm_has_a_batch_case():
    assert set(algorithm_ids()) == set(test_batch_mode_one_round_per_row.pytestmark[0].args[1])


def test_create_instance_is_independent_and_flags_support_batch(qgis_app):
    from qgis.core import QgsApplication, QgsProcessingAlgorithm

    from trampesti.processing.base import TrampestiAlgorithm

    provider = QgsApplication.processingRegistry().providerById("trampesti")
    checked = 0
    for alg in provider.algorithms():
        a, b = alg.create(), alg.create()  # createInstance + initAlgorithm, as a run does
        assert a is not b and type(a) is type(alg) and a.id() == b.id() == alg.id()
        a._trampesti_probe = [1]
        assert not hasattr(b, "_trampesti_probe") and not hasattr(alg, "_trampesti_probe")
        for name, value in vars(a).items():
            if isinstance(value, (list, dict, set, bytearray)):
                assert getattr(b, name, None) is not value, f"{alg.id()}: {name} shared between instances"
        for cls in type(a).__mro__:
            if cls in (TrampestiAlgorithm,) or not issubclass(cls, QgsProcessingAlgorithm):
                continue
            shared = [n for n, v in vars(cls).items() if isinstance(v, (list, dict, set, bytearray))]
            assert not shared, f"{cls.__name__}: class-level mutable state {shared}"
        flags = alg.flags()
        assert flags & QgsProcessingAlgorithm.Flag.FlagSupportsBatch, alg.id()
        base = QgsProcessingAlgorithm.flags(alg)
        assert int(flags) & int(base) == int(base), f"{alg.id()} drops default flags"
        checked += 1
    assert checked == len(algorithm_ids()) + len(model_names())


def test_flags_overrides_keep_super_flags():
    bad = []
    for path in sorted((REPO / "processing").glob("alg_*.py")) + [REPO / "processing" / "base.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and node.name == "flags":
                src = ast.unparse(node)
                if "super().flags()" not in src and ".flags(self)" not in src:
                    bad.append(f"{path.name}:{node.lineno}")
    assert bad == []


# -- metadata.txt against the plugin repository's rules -------------------------------------
# plugins.qgis.org (QGIS-Django plugins/validator.py): required keys, boolean flags, author
# without slashes, real URLs for tracker/repository/homepage, package folder name, LICENSE
# and the icon in the package, no .pyc / __pycache__ / .git / __MACOSX / '..' in the zip.
REQUIRED_METADATA = ("name", "description", "version", "qgisMinimumVersion", "author", "email", "about",
                     "tracker", "repository")
BOOLEAN_METADATA = ("experimental", "deprecated", "server")
PLACEHOLDER_URLS = {"tracker": "http://bugs", "repository": "http://repo", "homepage": "http://homepage"}
QGIS_VERSION = re.compile(r"^\d+\.\d+(\.\d+)?$")
PLUGIN_VERSION = re.compile(r"^\d+\.\d+(\.\d+)?([.-]?(a|b|rc|alpha|beta|dev)\d*)?$")
PACKAGE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9-_]+$")
FORBIDDEN_DIRS = ("__MACOSX", ".git", "__pycache__")


def metadata_problems(text: str) -> list:
    """What plugins.qgis.org would refuse in a metadata.txt (empty list: accepted)."""
    cp = configparser.ConfigParser(interpolation=None)
    cp.optionxform = str  # keys are case-sensitive there (qgisMinimumVersion)
    try:
        cp.read_string(text)
    except configparser.Error as exc:
        return [f"does not parse: {exc}"]
    if not cp.has_section("general"):
        return ["no [general] section"]
    g = {k: v.strip() for k, v in cp.items("general")}
    problems = [f"missing {k}" for k in REQUIRED_METADATA if not g.get(k)]
    for k in BOOLEAN_METADATA:
        if k in g and g[k].lower() not in ("true", "false", "1", "0"):
            problems.append(f"{k} is not a boolean: {g[k]!r}")
    if "/" in g.get("author", ""):
        problems.append("author contains a slash")
    for k in ("qgisMinimumVersion", "qgisMaximumVersion"):
        if k in g and not QGIS_VERSION.match(g[k]):
            problems.append(f"{k} is not a QGIS version: {g[k]!r}")
    if "version" in g and not PLUGIN_VERSION.match(g["version"]):
        problems.append(f"version is not a dotted version: {g['version']!r}")
    if QGIS_VERSION.match(g.get("qgisMinimumVersion", "")) and QGIS_VERSION.match(g.get("qgisMaximumVersion", "9.9")):
        lo = tuple(int(x) for x in g["qgisMinimumVersion"].split("."))
        hi = tuple(int(x) for x in g.get("qgisMaximumVersion", f"{lo[0]}.99").split("."))
        if hi < lo:
            problems.append("qgisMaximumVersion is below qgisMinimumVersion")
    if "@" not in g.get("email", "@"):
        problems.append("email is not an address")
    for k, placeholder in PLACEHOLDER_URLS.items():
        if k in g:
            u = urlparse(g[k])
            if g[k] == placeholder or not (u.scheme in ("http", "https") and u.netloc):
                problems.append(f"{k} is not a valid URL: {g[k]!r}")
    if "tags" in g and any(not t.strip() for t in g["tags"].split(",")):
        problems.append("empty tag")
    if g.get("hasProcessingProvider", "no").lower() not in ("yes", "no", "true", "false"):
        problems.append("hasProcessingProvider is not yes/no")
    return problems


def package_problems(names: list, metadata_text: str) -> list:
    """What plugins.qgis.org would refuse in the zip's file list."""
    problems = []
    tops = {n.split("/")[0] for n in names}
    if len(tops) != 1:
        return [f"not one top folder: {sorted(tops)}"]
    top = tops.pop()
    if not PACKAGE_NAME.match(top):
        problems.append(f"package folder name {top!r}")
    for n in names:
        if ".." in n or n.startswith("/"):
            problems.append(f"path information: {n}")
        if ".pyc" in n:
            problems.append(f".pyc file: {n}")
        if set(n.split("/")) & set(FORBIDDEN_DIRS):
            problems.append(f"forbidden folder: {n}")
    for required in ("__init__.py", "metadata.txt", "LICENSE"):
        if f"{top}/{required}" not in names:
            problems.append(f"no {required}")
    cp = configparser.ConfigParser(interpolation=None)
    cp.read_string(metadata_text)
    icon = cp.get("general", "icon", fallback="")
    if icon and f"{top}/{icon.removeprefix('./')}" not in names:
        problems.append(f"icon {icon} not in the package")
    return problems


def test_metadata_checker_refuses_what_the_repository_refuses():
    good = (REPO / "metadata.txt").read_text(encoding="utf-8")
    assert metadata_problems(good) == []
    assert "missing email" in metadata_problems(re.sub(r"(?m)^email=.*\n", "", good))
    assert any("tracker" in p for p in metadata_problems(re.sub(r"(?m)^tracker=.*$", "tracker=http://bugs", good)))
    assert any("version" in p for p in metadata_problems(re.sub(r"(?m)^version=.*$", "version=first", good)))
    assert any("qgisMinimumVersion" in p for p in metadata_problems(
        re.sub(r"(?m)^qgisMinimumVersion=.*$", "qgisMinimumVersion=3.x", good)))
    assert any("slash" in p for p in metadata_problems(re.sub(r"(?m)^author=.*$", "author=a/b", good)))
    assert metadata_problems("[other]\nname=x\n") == ["no [general] section"]


def _package_file_list() -> list:
    """The files scripts/package.sh puts in the zip: tracked or trackable, not export-ignored."""
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=REPO,
                           capture_output=True, check=True).stdout
    attrs = subprocess.run(["git", "check-attr", "-z", "--stdin", "export-ignore"], cwd=REPO, input=files,
                           capture_output=True, check=True).stdout.split(b"\0")
    names = []
    for i in range(0, len(attrs) - 2, 3):
        path, value = attrs[i].decode(), attrs[i + 2].decode()
        if value != "set" and not path.startswith((".git", "build/", "dist/", "out/")) and (REPO / path).is_file():
            names.append(f"trampesti/{path}")
    return names


def test_metadata_and_package_pass_the_plugin_repository_rules():
    text = (REPO / "metadata.txt").read_text(encoding="utf-8")
    assert metadata_problems(text) == []
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("no git checkout to list the package files")
    names = _package_file_list()
    assert package_problems(names, text) == []
    assert "trampesti/models/trampesti_round_full.model3" in names  # the models ship with the plugin
    cp = configparser.ConfigParser(interpolation=None)
    cp.read_string(text)
    zip_path = REPO / "dist" / f"trampesti-{cp['general']['version']}.zip"
    if zip_path.is_file():  # the built zip, when there is one, passes too (and stays below 25 MB)
        with zipfile.ZipFile(zip_path) as zf:
            zip_names = [n for n in zf.namelist() if not n.endswith("/")]
        assert package_problems(zip_names, text) == []
        assert zip_path.stat().st_size < 25_000_000


# -- Qt6 readiness: fully scoped enums ------------------------------------------------------
ENUM_SCAN_SKIP = {".venv", "build", "dist", "ext_libs", ".git", "tests", "benchmarks"}


def unscoped_enum_uses(path: Path) -> list:
    """``Class.Member`` where Member is a value of an enum nested in a Qt/QGIS class
    (``Qt.AlignLeft``, ``QVariant.String``, ``QtCore.Qt.AlignLeft``): PyQt6 only knows
    ``Class.Enum.Member``.

    Decided at run time on PyQt5: the value's type is a sip enum reachable as ``Class.<type>``
    that holds the member.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith("qgis"):
            for a in node.names:
                imported[a.asname or a.name] = (node.module, a.name)
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name.startswith("qgis"):
                    imported[a.asname or a.name.split(".")[0]] = (a.asname and a.name or a.name.split(".")[0], None)

    def resolve(expr):
        if isinstance(expr, ast.Name) and expr.id in imported:
            module, name = imported[expr.id]
            try:
                mod = importlib.import_module(module)
            except ImportError:
                return None
            return mod if name is None else getattr(mod, name, None)
        if isinstance(expr, ast.Attribute):
            owner = resolve(expr.value)
            return getattr(owner, expr.attr, None) if owner is not None else None
        return None

    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute):
            continue
        cls = resolve(node.value)
        if not isinstance(cls, type):
            continue
        value = getattr(cls, node.attr, None)
        if value is None or isinstance(value, type):
            continue
        enum = getattr(cls, type(value).__name__, None)
        if enum is type(value) and type(enum).__name__ == "enumtype" and hasattr(enum, node.attr):
            rel = path.relative_to(REPO) if REPO in path.parents else path.name
            owner = ast.unparse(node.value)
            found.append(f"{rel}:{node.lineno} {owner}.{node.attr} → {owner}.{enum.__name__}.{node.attr}")
    return found


def test_unscoped_enum_scanner_finds_what_pyqt6_refuses(tmp_path):
    pytest.importorskip("qgis.core")
    sample = tmp_path / "sample.py"
    sample.write_text("from qgis.PyQt.QtCore import Qt, QVariant\nfrom qgis.core import QgsWkbTypes, QgsProcessing\n"
                      "from qgis.PyQt import QtCore\nimport qgis.core\nh = QtCore.Qt.AlignRight\n"
                      "i = qgis.core.QgsWkbTypes.Polygon\nj = QtCore.Qt.AlignmentFlag.AlignRight\n"
                      "a = Qt.AlignLeft | Qt.AlignmentFlag.AlignTop\nb = QVariant.String\nc = QgsWkbTypes.Point\n"
                      "d = QgsProcessing.SourceType.TypeVectorPoint\ne = QgsProcessing.TEMPORARY_OUTPUT\n"
                      "f = QgsWkbTypes.Type\ng = QgsWkbTypes.displayString\n", encoding="utf-8")
    found = sorted(f.split(" ", 1)[1] for f in unscoped_enum_uses(sample))
    assert found == sorted(["QVariant.String → QVariant.Type.String",
                            "QgsWkbTypes.Point → QgsWkbTypes.Type.Point",
                            "QtCore.Qt.AlignRight → QtCore.Qt.AlignmentFlag.AlignRight",
                            "Qt.AlignLeft → Qt.AlignmentFlag.AlignLeft",
                            "qgis.core.QgsWkbTypes.Polygon → qgis.core.QgsWkbTypes.Type.Polygon"])


def test_enums_are_fully_scoped_for_qt6():
    pytest.importorskip("qgis.core")
    found = []
    for p in sorted(REPO.rglob("*.py")):
        if not ENUM_SCAN_SKIP.intersection(p.relative_to(REPO).parts):
            found += unscoped_enum_uses(p)
    assert found == []


# -- a missing optional dependency is reported in words -------------------------------------
def test_missing_fitdecode_gives_a_failed_row_with_a_plain_message(tmp_path):
    """With ``fitdecode`` unimportable (and no bundled copy), the plugin still loads and a FIT
    file gets a failed report row saying what to install; the GPX file beside it is read."""
    fit = SHARED_DATA / "fit" / "garmin-oregon-700.fit"
    gpx = SHARED_DATA / "gpx" / "304_to_UL_2019-02-18_0745.gpx"  # 2144 fixes kept (test_algorithms)
    if not (fit.is_file() and gpx.is_file()):
        pytest.skip("shared data not found")
    folder = tmp_path / "trackers"
    folder.mkdir()
    shutil.copy(fit, folder)
    shutil.copy(gpx, folder)
    code = f"""
import json, sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] == 'fitdecode':
            raise ImportError('No module named ' + repr(name))
        return None
sys.meta_path.insert(0, Block())
sys.path.insert(0, {str(_PKG_PARENT)!r})
from trampesti.processing.headless import load_plugin, start_qgis
start_qgis()
load_plugin()
import processing
from qgis.core import QgsApplication
assert QgsApplication.processingRegistry().providerById('trampesti') is not None
res = processing.run('trampesti:importtrackers', {{'INPUT': {str(folder)!r}, 'OUTPUT': 'memory:',
                                                   'REPORT': 'memory:'}})
rows = [{{'file': f['file'], 'status': f['status'], 'message': f['message'], 'kept': f['fixes_kept']}}
        for f in res['REPORT'].getFeatures()]
print('ROWS=' + json.dumps(rows))
print('FITDECODE_LOADED=' + str('fitdecode' in sys.modules))
"""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QGIS_CUSTOM_CONFIG_PATH=str(tmp_path / "profile"))
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    rows = {r["file"]: r for r in json.loads(proc.stdout.split("ROWS=", 1)[1].splitlines()[0])}
    assert "FITDECODE_LOADED=False" in proc.stdout
    fit_row, gpx_row = rows[fit.name], rows[gpx.name]
    assert fit_row["status"] == "failed" and fit_row["kept"] == 0
    message = fit_row["message"]
    assert "fitdecode" in message and "install" in message
    assert "Traceback" not in message and "ImportError" not in message and "File \"" not in message
    assert "Traceback" not in proc.stderr
    assert gpx_row["status"] == "ok" and gpx_row["kept"] == 2144
