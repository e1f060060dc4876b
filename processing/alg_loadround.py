"""trampesti:loadround — one stored round's layers, density raster and settings from the study store."""
from __future__ import annotations

import json

from qgis.core import (
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingOutputRasterLayer,
    QgsProcessingOutputString,
    QgsProcessingOutputVectorLayer,
    QgsProcessingParameterString,
)

from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP

from .alg_saveround import add_store_parameters, store_from_parameters
from .base import TrampestiAlgorithm
from .store import STORE_LAYERS, raster_layer
from .styles import style_density, style_hotspots

OUTPUTS = {kind: kind.upper() for kind in STORE_LAYERS}
OUTPUT_LABELS = {  # marked for translation (context LoadRound)
    "fixes": QT_TRANSLATE_NOOP("LoadRound", "Fixes"),
    "stays": QT_TRANSLATE_NOOP("LoadRound", "Stays"),
    "places": QT_TRANSLATE_NOOP("LoadRound", "Places"),
    "trips": QT_TRANSLATE_NOOP("LoadRound", "Trips"),
    "hotspots": QT_TRANSLATE_NOOP("LoadRound", "Hotspots"),
    "sites": QT_TRANSLATE_NOOP("LoadRound", "Sites"),
}


class LoadRound(TrampestiAlgorithm):
    """Opens a stored round as layers (a filter on round = the label), with its raster and settings."""

    ALGORITHM_ID = "loadround"
    DISPLAY_NAME = "Load round from study store"
    GROUP = "5 Rounds"
    GROUP_ID = "rounds"
    TAGS = "round,store,geopackage,postgis,archive,monitoring,load,open"
    HELP = (
        "Opens one round of the study store (see Save round to study store): its fixes, hotspots, "
        "stays, places, trips and sites as layers filtered on round = ROUND, its density raster and "
        "its settings JSON. Leave ROUND empty to list the stored rounds in the log.\n\n"
        "PostGIS layers keep the connection's authentication configuration (authcfg) in their "
        "source, never a password; a PostGIS round's raster is written to a temporary GeoTIFF."
    )

    ROUND = "ROUND"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(self.with_help(QgsProcessingParameterString(self.ROUND, self.tr("Round label"),
                                                                      optional=True),
                                         self.tr("The stored round's label, e.g. 2014-09 (empty: list the rounds).")))
        add_store_parameters(self, file_is_output=False)
        for kind, name in OUTPUTS.items():
            self.addOutput(QgsProcessingOutputVectorLayer(name, self.tr(OUTPUT_LABELS.get(kind, kind.capitalize()))))
        self.addOutput(QgsProcessingOutputRasterLayer("DENSITY", self.tr("Density raster")))
        self.addOutput(QgsProcessingOutputString("SETTINGS", self.tr("Settings (JSON)")))
        self.addOutput(QgsProcessingOutputString("ROUNDS", self.tr("Stored rounds (comma-separated)")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        store = store_from_parameters(self, parameters, context, "STORE_KIND", "STORE_FILE", "CONNECTION", "SCHEMA",
                                      file_is_output=False)
        rounds = self.run_core(store.rounds)
        labels = [r.round_label for r in rounds]
        feedback.pushInfo(self.tr("{s}: rounds {r}").format(s=store.describe(), r=", ".join(labels) or "–"))
        results = {"ROUNDS": ",".join(labels)}
        label = self.parameterAsString(parameters, self.ROUND, context).strip()
        if not label:
            return results
        if label not in labels:
            raise QgsProcessingException(self.tr("The round '{r}' is not in {s} (stored: {all})").format(
                r=label, s=store.describe(), all=", ".join(labels) or "none"))
        info = next(r for r in rounds if r.round_label == label)
        results["SETTINGS"] = json.dumps(info.settings, sort_keys=True)
        tables = set(self.run_core(store.table_names))
        for kind, name in OUTPUTS.items():
            if kind not in tables or not info.layers.get(kind):
                continue
            layer = self.run_core(store.layer, kind, label)
            layer.setName(f"{kind} {label}")
            if kind == "hotspots":
                style_hotspots(layer)
            context.temporaryLayerStore().addMapLayer(layer)
            context.addLayerToLoadOnCompletion(layer.id(), QgsProcessingContext.LayerDetails(
                layer.name(), context.project(), name))
            results[name] = layer.id()
        if info.density:
            ref = self.run_core(store.density, label)
            raster = raster_layer(ref, f"density {label}")
            if not raster.isValid():
                raise QgsProcessingException(
                    self.tr("The stored raster of round '{r}' cannot be opened").format(r=label))
            style_density(raster)
            context.temporaryLayerStore().addMapLayer(raster)
            context.addLayerToLoadOnCompletion(raster.id(), QgsProcessingContext.LayerDetails(
                raster.name(), context.project(), "DENSITY"))
            results["DENSITY"] = raster.id()
        return results
