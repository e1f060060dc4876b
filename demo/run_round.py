#!/usr/bin/env python3
"""``make demo``: a whole Trampesti round, headless, through the plugin's Processing algorithms.

Without ``--input`` it first writes the embedded demo round — a deterministic simulated day of
20 participants in Odense Østerbro, as real GPX, NMEA and CSV files — and runs on that.
Outputs go to ``out/demo`` (or ``out/<input folder name>``): round.gpkg, density.tif, map.png,
report.html, privacy.html (the privacy report for the data-protection officer).
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _import_plugin_package() -> None:
    """Make the repository importable as the package ``trampesti`` (as QGIS would name it)."""
    parent = Path(tempfile.mkdtemp(prefix="trampesti-pkg-"))
    (parent / "trampesti").symlink_to(REPO, target_is_directory=True)
    sys.path.insert(0, str(parent))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--input", help="folder (or file) of tracker files; default: the simulated demo round")
    ap.add_argument("--out", help="output folder; default out/demo or out/<input name>")
    ap.add_argument("--round", default=None, help="round label")
    ap.add_argument("--timezone", default="UTC", help="time zone for times written without one")
    ap.add_argument("--pixel", type=float, default=10.0, help="pixel size in metres")
    ap.add_argument("--bandwidth", type=float, default=0.0, help="kernel bandwidth in metres (0 = automatic)")
    ap.add_argument("--k-min", type=int, default=3, help="minimum participants behind any published figure")
    ap.add_argument("--handout", help="point/polygon layer of the hand-out site (default for the demo: the "
                                      "simulated layers/handout.geojson)")
    ap.add_argument("--mask", help="polygon layer of areas whose fixes are always removed")
    ap.add_argument("--night-radius", type=float, default=75.0, help="masking radius around sleeping places (m)")
    ap.add_argument("--time-resolution", type=float, default=60.0, help="times rounded to this many seconds")
    ap.add_argument("--spatial-resolution", type=float, default=0.0, help="positions snapped to this grid (m, 0 = off)")
    ap.add_argument("--drop-date", action="store_true", help="keep weekday and local time only")
    ap.add_argument("--key-file", help="where to write the withdrawal key (keep it apart from the outputs); "
                                       "default out/keys/<round>-withdrawal-key.json")
    ap.add_argument("--layers", help="folder with toilets/cover/schools/candidates/phases .geojson for the sites "
                    "step (default for the demo: the simulated layers; none: no sites)")
    ap.add_argument("--sites", type=int, default=3, help="number of mobile shelters to place")
    ap.add_argument("--keep-raw", action="store_true", help="also write the RAW fixes (mode 0600) to the output")
    args = ap.parse_args(argv)
    _import_plugin_package()

    from trampesti.processing.headless import load_plugin, start_qgis

    start_qgis()
    load_plugin()
    from qgis.core import QgsProcessingFeedback

    from trampesti.processing.roundjob import RoundSettings, run_round

    class PrintFeedback(QgsProcessingFeedback):
        def pushInfo(self, info):  # noqa: N802
            print(info, flush=True)

        def pushWarning(self, warning):  # noqa: N802
            print("warning:", warning, flush=True)

        def reportError(self, error, fatalError=False):  # noqa: N802,N803
            print("problem:", error, flush=True)

    if args.input:
        input_path = os.path.abspath(args.input)
        handout = args.handout or ""
        layers_dir = args.layers or ""
        if not os.path.exists(input_path):
            print(f"error: {input_path} does not exist", file=sys.stderr)
            return 2
        name = Path(input_path).stem or "input"
        out = args.out or str(REPO / "out" / name)
        round_label = args.round or name
    else:
        from trampesti.demo.simulate import simulate_round

        out = args.out or str(REPO / "out" / "demo")
        sim_dir = os.path.join(out, "simulated")
        print(f"Writing the simulated demo round to {sim_dir}", flush=True)
        simulate_round(sim_dir)
        input_path = os.path.join(sim_dir, "trackers")
        handout = args.handout or os.path.join(sim_dir, "layers", "handout.geojson")
        layers_dir = args.layers or os.path.join(sim_dir, "layers")
        round_label = args.round or "2014-09"
    settings = RoundSettings(round_label=round_label, timezone=args.timezone, bandwidth_m=args.bandwidth,
                             pixel_size_m=args.pixel, k_min=args.k_min, handout_layer=handout,
                             mask_layer=args.mask or "", night_radius_m=args.night_radius,
                             time_resolution_s=args.time_resolution, spatial_resolution_m=args.spatial_resolution,
                             drop_date=args.drop_date, keep_raw=args.keep_raw, layers_dir=layers_dir,
                             n_sites=args.sites,
                             key_file=args.key_file or str(REPO / "out" / "keys" / f"{round_label}-withdrawal-key.json"))
    result = run_round(input_path, out, settings, PrintFeedback())
    failed = [r["file"] for r in result.raw_import_rows if r.get("status") == "failed"]
    print(f"\n{len(result.import_rows)} files ({len(failed)} failed), "
          f"{len(result.hotspot_rows)} hotspot polygons.")
    for p in (result.gpkg, result.density, result.map_png, result.report_html, result.privacy_html):
        print("wrote", os.path.relpath(p, os.getcwd()))
    print("withdrawal key (keep apart, delete after the withdrawal period):",
          os.path.relpath(settings.key_file, os.getcwd()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
