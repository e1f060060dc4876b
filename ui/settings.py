"""The round's settings, kept in the QGIS project (scope ``trampesti``) so the next round starts from the last."""
from __future__ import annotations

from typing import Dict, Optional

from qgis.core import QgsProject

SCOPE = "trampesti"

DEFAULTS: Dict[str, object] = {
    "folder": "",
    "round": "round-1",
    "timezone": "Europe/Copenhagen",
    "out_dir": "",
    "mask_layer": "",
    "mask_night_places": True,
    "night_radius_m": 75.0,
    "handout_layer": "",
    "handout_radius_m": 100.0,
    "time_resolution_min": 5,
    "spatial_resolution_m": 25.0,
    "k_min": 3,
    "stay_distance_m": 50.0,
    "stay_min_duration_min": 10,
    "stay_max_gap_min": 30,
    "bandwidth_m": 0.0,
    "pixel_size_m": 10.0,
    "per_participant": True,
    "levels": "50,75,90",
    "toilets_layer": "",
    "cover_layer": "",
    "exclusions_layer": "",
    "candidates_layer": "",
    "phases_layer": "",
    "weights": "",
    "n_sites": 3,
    "service_radius_m": 400.0,
    "min_spacing_m": 150.0,
}


def write_settings(values: Dict[str, object], project: Optional[QgsProject] = None) -> None:
    """Store every value under ``/trampesti/<key>`` with its type (bool, int, float or text)."""
    project = project or QgsProject.instance()
    for key, value in values.items():
        entry = f"/{key}"
        if isinstance(value, bool):
            project.writeEntryBool(SCOPE, entry, value)
        elif isinstance(value, int):
            project.writeEntry(SCOPE, entry, int(value))
        elif isinstance(value, float):
            project.writeEntryDouble(SCOPE, entry, float(value))
        else:
            project.writeEntry(SCOPE, entry, str(value))


def read_settings(project: Optional[QgsProject] = None) -> Dict[str, object]:
    """The stored values, with :data:`DEFAULTS` for keys the project does not have."""
    project = project or QgsProject.instance()
    out: Dict[str, object] = {}
    for key, default in DEFAULTS.items():
        entry = f"/{key}"
        if isinstance(default, bool):
            value, ok = project.readBoolEntry(SCOPE, entry, default)
        elif isinstance(default, int):
            value, ok = project.readNumEntry(SCOPE, entry, default)
        elif isinstance(default, float):
            value, ok = project.readDoubleEntry(SCOPE, entry, default)
        else:
            value, ok = project.readEntry(SCOPE, entry, str(default))
        out[key] = value if ok else default
    return out
