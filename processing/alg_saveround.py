"""trampesti:saveround — store a round's layers, density raster and settings in the study store."""
from __future__ import annotations

import json

from qgis.core import (
    QgsDataSourceUri,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterDatabaseSchema,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterProviderConnection,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterString,
    QgsProviderRegistry,
)

from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP

from ..core.exceptions import TrampestiError
from .base import TrampestiAlgorithm
from .store import GeoPackageStore, PostgisStore, RoundStore

STORE_KINDS = ["gpkg", "postgis"]
DEFAULT_SCHEMA = "trampesti"


def store_from_parameters(alg: TrampestiAlgorithm, parameters, context, kind_param: str, file_param: str,
                          conn_param: str, schema_param: str, file_is_output: bool = True) -> RoundStore:
    """The study store chosen by an algorithm's STORE_KIND / STORE_FILE / CONNECTION / SCHEMA."""
    kind = STORE_KINDS[alg.parameterAsEnum(parameters, kind_param, context)]
    try:
        if kind == "gpkg":
            path = (alg.parameterAsFileOutput(parameters, file_param, context) if file_is_output
                    else alg.parameterAsFile(parameters, file_param, context))
            if not path:
                raise QgsProcessingException(alg.tr("Choose the study's GeoPackage file (STORE_FILE)"))
            return GeoPackageStore(path)
        name = alg.parameterAsConnectionName(parameters, conn_param, context)
        if not name:
            raise QgsProcessingException(alg.tr("Choose a PostgreSQL connection (CONNECTION)"))
        md = QgsProviderRegistry.instance().providerMetadata("postgres")
        try:
            conn = md.findConnection(name)
        except Exception:  # QgsProviderConnectionException: unknown name
            conn = None
        if conn is None:
            raise QgsProcessingException(alg.tr("There is no PostgreSQL connection named '{n}'").format(n=name))
        schema = alg.parameterAsSchema(parameters, schema_param, context) or DEFAULT_SCHEMA
        return PostgisStore(QgsDataSourceUri(conn.uri()), schema)
    except TrampestiError as exc:
        raise QgsProcessingException(str(exc)) from exc


def add_store_parameters(alg: TrampestiAlgorithm, file_is_output: bool = True) -> None:
    """STORE_KIND, STORE_FILE, CONNECTION, SCHEMA with help (shared by save and load)."""
    from qgis.core import QgsProcessingParameterFile

    alg.addParameter(alg.with_help(QgsProcessingParameterEnum(
        "STORE_KIND", alg.tr("Study store"), options=[alg.tr("GeoPackage file"), alg.tr("PostGIS database")],
        defaultValue=0), alg.tr("One GeoPackage per study (default), or a schema of a PostGIS database.")))
    if file_is_output:
        p = QgsProcessingParameterFileDestination("STORE_FILE", alg.tr("Study GeoPackage"),
                                                  alg.tr("GeoPackage (*.gpkg)"), optional=True, createByDefault=False)
    else:
        p = QgsProcessingParameterFile("STORE_FILE", alg.tr("Study GeoPackage"), extension="gpkg", optional=True)
    alg.addParameter(alg.with_help(p, alg.tr(
        "The study's GeoPackage: created on first use, every later round is added to it.")))
    alg.addParameter(alg.with_help(QgsProcessingParameterProviderConnection(
        "CONNECTION", alg.tr("PostgreSQL connection"), "postgres", optional=True),
        alg.tr("A saved PostgreSQL connection whose credentials are an authentication configuration "
               "(authcfg); connections with a stored password are refused.")))
    alg.addParameter(alg.with_help(QgsProcessingParameterDatabaseSchema(
        "SCHEMA", alg.tr("Schema"), connectionParameterName="CONNECTION", defaultValue=DEFAULT_SCHEMA,
        optional=True), alg.tr("Schema of the study (created if missing).")))


class SaveRound(TrampestiAlgorithm):
    """Adds one round to the study store: anonymised fixes, hotspots, stays, places, sites, raster."""

    ALGORITHM_ID = "saveround"
    DISPLAY_NAME = "Save round to study store"
    GROUP = "5 Rounds"
    GROUP_ID = "rounds"
    TAGS = "round,store,geopackage,postgis,archive,monitoring,save"
    HELP = (
        "Stores a round — anonymised fixes, hotspots, and stays, places, trips and sites if given, the "
        "density raster and the round's settings — in the study store, so later rounds can be "
        "compared with it.\n\n"
        "GeoPackage (default): one file per study with one table per layer kind (fixes, hotspots, "
        "...) holding every round, told apart by the 'round' column, a 'rounds' table (round, "
        "created_utc, settings JSON) and each round's raster as the GeoPackage raster table "
        "density_<round>.\n\n"
        "PostGIS: the same tables in a schema. Use a connection whose credentials are stored in "
        "QGIS's authentication manager (authcfg): no password is written into a project, model, "
        "report or log, and a connection carrying a password is refused.\n\n"
        "Fixes must be anonymised (no raw 'source' field). A round label already in the store is "
        "refused unless OVERWRITE is set."
    )

    ROUND = "ROUND"
    FIXES = "FIXES"
    HOTSPOTS = "HOTSPOTS"
    STAYS = "STAYS"
    PLACES = "PLACES"
    TRIPS = "TRIPS"
    SITES = "SITES"
    DENSITY = "DENSITY"
    SETTINGS = "SETTINGS"
    OVERWRITE = "OVERWRITE"
    STORE_KIND = "STORE_KIND"
    STORE_FILE = "STORE_FILE"
    CONNECTION = "CONNECTION"
    SCHEMA = "SCHEMA"

    LAYER_PARAMS = (
        ("fixes", "FIXES", QT_TRANSLATE_NOOP("SaveRound", "Anonymised fixes"), QgsProcessing.SourceType.TypeVectorPoint),
        ("hotspots", "HOTSPOTS", QT_TRANSLATE_NOOP("SaveRound", "Hotspots"), QgsProcessing.SourceType.TypeVectorPolygon),
        ("stays", "STAYS", QT_TRANSLATE_NOOP("SaveRound", "Stays"), QgsProcessing.SourceType.TypeVectorPoint),
        ("places", "PLACES", QT_TRANSLATE_NOOP("SaveRound", "Places"), QgsProcessing.SourceType.TypeVectorPolygon),
        ("trips", "TRIPS", QT_TRANSLATE_NOOP("SaveRound", "Trips"), QgsProcessing.SourceType.TypeVectorLine),
        ("sites", "SITES", QT_TRANSLATE_NOOP("SaveRound", "Sites"), QgsProcessing.SourceType.TypeVectorPoint),
    )

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(self.with_help(QgsProcessingParameterString(self.ROUND, self.tr("Round label")),
                                         self.tr("The round's label, e.g. 2014-09.")))
        for kind, name, label, geom in self.LAYER_PARAMS:
            self.addParameter(self.with_help(QgsProcessingParameterFeatureSource(
                name, self.tr(label), [geom], optional=True),
                self.tr("Stored in the table '{t}' with round = the label.").format(t=kind)))
        self.addParameter(self.with_help(QgsProcessingParameterRasterLayer(
            self.DENSITY, self.tr("Density raster"), optional=True),
            self.tr("The round's density (person-hours per hectare).")))
        self.addParameter(self.with_help(QgsProcessingParameterString(
            self.SETTINGS, self.tr("Settings (JSON)"), defaultValue="{}", multiLine=True, optional=True),
            self.tr("The round's settings as a JSON object (bandwidth, pixel size, K_MIN, levels, ...). "
                    "Keys that look like credentials are dropped.")))
        self.addParameter(self.with_help(QgsProcessingParameterBoolean(
            self.OVERWRITE, self.tr("Replace a round with the same label"), defaultValue=False),
            self.tr("Without it, saving a label that is already stored fails.")))
        add_store_parameters(self, file_is_output=True)
        self.addOutput(QgsProcessingOutputString("STORE", self.tr("Study store")))
        self.addOutput(QgsProcessingOutputString("DENSITY_REF", self.tr("Stored raster")))
        self.addOutput(QgsProcessingOutputNumber("N_FEATURES", self.tr("Features stored")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        label = self.parameterAsString(parameters, self.ROUND, context).strip()
        if not label:
            raise QgsProcessingException(self.tr("Give the round a label, e.g. 2014-09"))
        text = self.parameterAsString(parameters, self.SETTINGS, context) or "{}"
        try:
            settings = json.loads(text)
        except ValueError as exc:
            raise QgsProcessingException(self.tr("SETTINGS is not valid JSON: {e}").format(e=exc)) from exc
        if not isinstance(settings, dict):
            raise QgsProcessingException(self.tr("SETTINGS must be a JSON object, e.g. {\"k_min\": 3}"))
        layers = {}
        for kind, name, _, _ in self.LAYER_PARAMS:
            src = self.parameterAsSource(parameters, name, context)
            if src is not None:
                layers[kind] = src
        for kind, src in layers.items():
            idx = src.fields().lookupField("round")
            if idx >= 0:
                other = sorted(str(v) for v in src.uniqueValues(idx) if v is not None and str(v) not in ("", label)
                               and str(v) != "NULL")
                if other:
                    feedback.pushWarning(self.tr("{k}: the 'round' field holds {v}; it is stored as round {r}").format(
                        k=kind, v=", ".join(other[:5]), r=label))
        raster = self.parameterAsRasterLayer(parameters, self.DENSITY, context)
        if not layers and raster is None:
            raise QgsProcessingException(self.tr("Nothing to store: give at least one layer or the density raster"))
        store = store_from_parameters(self, parameters, context, self.STORE_KIND, self.STORE_FILE,
                                      self.CONNECTION, self.SCHEMA)
        feedback.pushInfo(self.tr("Storing round {r} in {s}").format(r=label, s=store.describe()))
        info = self.run_core(store.save_round, label, layers, raster.source() if raster is not None else None,
                             settings, self.parameterAsBool(parameters, self.OVERWRITE, context),
                             progress=self.progress_fn(feedback), is_cancelled=self.cancel_fn(feedback))
        for kind, n in info.layers.items():
            feedback.pushInfo(self.tr("{k}: {n} features").format(k=kind, n=n))
        return {"STORE": store.describe(), "DENSITY_REF": info.density,
                "N_FEATURES": int(sum(info.layers.values()))}
