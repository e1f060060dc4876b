"""Does QGIS stay responsive, and does Cancel work within a second, on a 24 M-fix round?

Runs algorithms the way the dock does (``ui.runner.AlgChain``: one
``QgsProcessingAlgRunnerTask`` per step on the QGIS task manager) in headless QGIS, while a
20 ms ``QTimer`` on the main thread stands in for the user interface. It reports:

* **main-thread stalls**: the largest delay of a timer tick beyond its 20 ms period, and the
  99th percentile (what a planner would feel as the window freezing);
* **cancel latency**: seconds from pressing Cancel (``AlgChain.cancel()``) to the chain
  reporting that it stopped.

Runs, on the output of ``benchmarks/simulate_large.py`` (40 trackers × 7 days at 1 Hz =
24.2 M fixes, made if missing):

1. ``trampesti:importtrackers`` on the folder, to the end (the fixes GeoPackage);
2. the same, cancelled after ``--cancel-after`` seconds;
3. ``trampesti:kerneldensity`` on that GeoPackage, to the end;
4. the same, cancelled after ``--cancel-after`` seconds (at most 5 s).

``--fixes PATH`` skips 1 and 2 and uses that GeoPackage.

Usage: QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_responsiveness.py
       [--data /tmp/trampesti-large-40x7d] [--cancel-after 20]
Units: seconds, milliseconds.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_round  # noqa: E402,F401  (puts the plugin on sys.path as "trampesti", offscreen Qt)

TICK_MS = 20


def run_chain(app, alg_id: str, params: dict, cancel_after_s: float = 0.0) -> dict:
    """Run one step like the dock; measure timer stalls and (optionally) cancel latency."""
    from qgis.PyQt.QtCore import QTimer

    from trampesti.ui.runner import AlgChain, ChainStep

    chain = AlgChain([ChainStep(alg_id, lambda c: dict(params))])
    ticks: list = []
    state = {"done": False, "ok": None, "cancelled": None, "t_done": 0.0, "t_cancel": 0.0}

    def on_tick() -> None:
        ticks.append(time.perf_counter())

    def on_finished(ok: bool, cancelled: bool, message: str) -> None:
        state.update(done=True, ok=ok, cancelled=cancelled, t_done=time.perf_counter(), message=message)

    timer = QTimer()
    timer.setInterval(TICK_MS)
    timer.timeout.connect(on_tick)
    chain.finished.connect(on_finished)
    t0 = time.perf_counter()
    timer.start()
    chain.start()
    while not state["done"]:
        app.processEvents()
        now = time.perf_counter()
        if cancel_after_s and not state["t_cancel"] and now - t0 >= cancel_after_s:
            state["t_cancel"] = now
            chain.cancel()
        time.sleep(0.002)
    timer.stop()
    gaps = np.diff(np.asarray(ticks)) * 1000.0 - TICK_MS if len(ticks) > 1 else np.zeros(1)
    out = {"alg": alg_id, "ok": state["ok"], "cancelled": state["cancelled"],
           "wall_s": state["t_done"] - t0, "ticks": len(ticks),
           "stall_max_ms": float(gaps.max()), "stall_p99_ms": float(np.percentile(gaps, 99)),
           "stall_median_ms": float(np.median(gaps))}
    if cancel_after_s:
        out["cancel_latency_s"] = state["t_done"] - state["t_cancel"] if state["t_cancel"] else None
    chain.cleanup()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default="/tmp/trampesti-large-40x7d")
    ap.add_argument("--cancel-after", type=float, default=20.0)
    ap.add_argument("--json", default="")
    ap.add_argument("--fixes", default="", help="an existing fixes GeoPackage: skip the import runs")
    a = ap.parse_args()
    if not (Path(a.data) / "truth.json").is_file():
        from simulate_large import simulate_large

        simulate_large(a.data, 40, 7, 1.0, 1, 2)
    from trampesti.processing.headless import keep_worker_threads, load_plugin, start_qgis

    app = start_qgis()
    keep_worker_threads()
    load_plugin()
    out_dir = Path(tempfile.mkdtemp(prefix="trampesti-resp-"))
    fixes = a.fixes or str(out_dir / "fixes.gpkg")
    rows = []
    if not a.fixes:
        imp = {"INPUT": str(Path(a.data) / "trackers"), "OUTPUT": fixes, "REPORT": "TEMPORARY_OUTPUT"}
        rows.append(run_chain(app, "trampesti:importtrackers", imp))
        rows.append(run_chain(app, "trampesti:importtrackers", dict(imp, OUTPUT=str(out_dir / "cancelled.gpkg")),
                              a.cancel_after))
    kd = {"INPUT": fixes, "PIXEL_SIZE_M": 10.0, "K_MIN": 3, "OUTPUT": str(out_dir / "density.tif")}
    rows.append(run_chain(app, "trampesti:kerneldensity", kd))
    rows.append(run_chain(app, "trampesti:kerneldensity", dict(kd, OUTPUT=str(out_dir / "density2.tif")),
                          min(a.cancel_after, 5.0)))
    print(f"{'algorithm':28s} {'result':10s} {'wall s':>8s} {'stall max ms':>13s} {'p99 ms':>8s} {'cancel s':>9s}")
    for r in rows:
        res = "cancelled" if r["cancelled"] else ("ok" if r["ok"] else "failed")
        lat = r.get("cancel_latency_s")
        print(f"{r['alg']:28s} {res:10s} {r['wall_s']:8.1f} {r['stall_max_ms']:13.0f} {r['stall_p99_ms']:8.0f} "
              f"{'' if lat is None else f'{lat:9.2f}'}")
    left = [p.name for p in out_dir.iterdir()]
    print("files left by the cancelled runs:", [n for n in left if n.startswith(("cancelled", "density2"))])
    if a.json:
        Path(a.json).write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
