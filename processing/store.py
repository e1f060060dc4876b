"""A study store: every round of a study in one GeoPackage or one PostGIS schema.

Layout (the same in both kinds)
-------------------------------
* one table per layer kind — ``fixes``, ``stays``, ``places``, ``trips``, ``hotspots``,
  ``sites`` — holding every round's features, told apart by the text column ``round``;
* ``rounds``: one row per round — ``round``, ``created_utc``, ``settings`` (JSON text),
  ``layers`` (JSON: feature count per stored layer), ``density`` (where its raster is),
  ``density_units``;
* the density raster of each round:

  - **GeoPackage**: a GeoPackage raster table ``density_<round>`` in the same file (GDAL's GPKG
    driver, 2-D gridded coverage with lossless float32 TIFF tiles; the round label is reduced
    to ``[a-z0-9_]``). QGIS opens it as ``GPKG:<file>:density_<round>``.
  - **PostGIS**: table ``density`` with ``round``, ``gtiff`` (the GeoTIFF's bytes, bytea),
    ``description``, ``units``. :meth:`RoundStore.density` writes it back to a GeoTIFF file.
    (A ``raster`` column would need ``postgis_raster`` with GDAL drivers enabled by a superuser;
    bytea needs nothing beyond ``postgis``.)

Credentials
-----------
A PostGIS store is reached through a :class:`QgsDataSourceUri` whose credentials live in QGIS's
authentication manager (``authcfg=<id>``). A URI that carries a password itself is refused, so
no password can end up in a project, a model, a report, the settings JSON or a log;
:meth:`RoundStore.describe` is the only text about a store that algorithms print.

Fixes are stored only anonymised: a layer that still has the raw ``source`` field is refused.
"""
from __future__ import annotations

import base64
import json
import os
import re
import sqlite3
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable, Dict, List, Optional

from osgeo import gdal
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCoordinateTransformContext,
    QgsDataSourceUri,
    QgsFeature,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsProviderRegistry,
    QgsRasterLayer,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QDateTime, Qt, QVariant

from ..core.exceptions import ParameterError, TrampestiError

gdal.UseExceptions()

STORE_LAYERS = ("fixes", "stays", "places", "trips", "hotspots", "sites")
ROUNDS_TABLE = "rounds"
DENSITY_TABLE = "density"
ROUND_FIELD = "round"
RAW_ONLY_FIELDS = ("source",)
"""Fields that only raw (not anonymised) layers carry: their presence refuses a fixes layer."""
SECRET_KEYS = re.compile(r"pass(word)?|secret|token|authcfg|credential", re.I)
IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
BATCH = 5000


class StoreError(TrampestiError):
    """The study store cannot be opened or written (message a planner can act on)."""


@dataclass
class RoundInfo:
    """One row of the ``rounds`` table."""

    round_label: str
    created_utc: str
    """ISO 8601 UTC time the round was stored, e.g. ``2026-12-03T16:40:00Z``."""
    settings: Dict[str, object] = field(default_factory=dict)
    layers: Dict[str, int] = field(default_factory=dict)
    density: str = ""
    density_units: str = ""


def safe_table_suffix(label: str) -> str:
    """``"2014-09 Odense"`` → ``"2014_09_odense"`` (for raster table names)."""
    s = re.sub(r"[^a-z0-9_]+", "_", str(label).strip().lower()).strip("_")
    if not s:
        raise ParameterError(f"the round label {label!r} has no letters or digits")
    return s[:50]


def sql_text(value: str) -> str:
    """A SQL string literal (standard-conforming quotes)."""
    return "'" + str(value).replace("'", "''") + "'"


def scrub_settings(settings: Optional[Dict[str, object]]) -> Dict[str, object]:
    """Copy of the settings without any key that looks like a credential (recursively)."""
    def walk(obj):
        if isinstance(obj, dict):
            return {str(k): walk(v) for k, v in obj.items() if not SECRET_KEYS.search(str(k))}
        if isinstance(obj, (list, tuple)):
            return [walk(v) for v in obj]
        return obj
    return walk(dict(settings or {}))


def _utc_now_iso() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _source_crs(source) -> QgsCoordinateReferenceSystem:
    return source.sourceCrs() if hasattr(source, "sourceCrs") else source.crs()


class RoundStore:
    """Common logic; subclasses give the connection, table URIs and raster storage."""

    kind = ""
    pk = "fid"

    # -- to implement -------------------------------------------------------------------------
    def connection(self):
        """The ``QgsAbstractDatabaseProviderConnection`` of the store."""
        raise NotImplementedError

    def schema(self) -> str:
        return ""

    def qualified(self, table: str) -> str:
        return f'"{table}"'

    def layer_uri(self, table: str) -> str:
        raise NotImplementedError

    def provider_key(self) -> str:
        raise NotImplementedError

    def describe(self) -> str:
        """Text about the store that is safe to print or log (never a password)."""
        raise NotImplementedError

    def _write_density(self, label: str, raster_path: str) -> str:
        raise NotImplementedError

    def _drop_density(self, label: str) -> None:
        raise NotImplementedError

    def density(self, label: str, out_path: Optional[str] = None) -> str:
        """A GDAL-readable reference to the round's density raster."""
        raise NotImplementedError

    # -- tables ---------------------------------------------------------------------------------
    def table_names(self) -> List[str]:
        return [t.tableName() for t in self.connection().tables(self.schema())]

    def has_table(self, table: str) -> bool:
        return table in self.table_names()

    def execute(self, sql: str):
        try:
            return self.connection().executeSql(sql)
        except Exception as exc:  # QgsProviderConnectionException
            raise StoreError(f"The study store ({self.describe()}) refused a statement: {exc}") from exc

    def open_table(self, table: str, label: Optional[str] = None) -> QgsVectorLayer:
        """The stored table as a layer, restricted to one round when ``label`` is given."""
        lyr = QgsVectorLayer(self.layer_uri(table), table if label is None else f"{table} {label}",
                             self.provider_key())
        if not lyr.isValid():
            raise StoreError(f"The table '{table}' of the study store ({self.describe()}) cannot be opened")
        if label is not None:
            lyr.setSubsetString(f'"{ROUND_FIELD}" = {sql_text(label)}')
        return lyr

    def layer(self, name: str, label: str) -> QgsVectorLayer:
        """One round's features of a stored layer kind (``fixes``, ``hotspots``, ...)."""
        return self.open_table(name, label)

    def _create_table(self, table: str, fields: QgsFields, wkb_type, crs) -> None:
        try:
            self.connection().createVectorTable(self.schema(), table, fields, wkb_type, crs, False, {})
        except Exception as exc:
            raise StoreError(f"Cannot create the table '{table}' in the study store ({self.describe()}): "
                             f"{exc}") from exc

    def _ensure_rounds_table(self) -> None:
        if self.has_table(ROUNDS_TABLE):
            return
        fields = QgsFields()
        for name, kind in ((ROUND_FIELD, QVariant.Type.String), ("created_utc", QVariant.Type.DateTime),
                           ("settings", QVariant.Type.String), ("layers", QVariant.Type.String),
                           ("density", QVariant.Type.String), ("density_units", QVariant.Type.String)):
            fields.append(QgsField(name, kind))
        self._create_table(ROUNDS_TABLE, fields, QgsWkbTypes.Type.NoGeometry, QgsCoordinateReferenceSystem())

    # -- rounds ---------------------------------------------------------------------------------
    def rounds(self) -> List[RoundInfo]:
        """Every stored round, oldest first."""
        if not self.has_table(ROUNDS_TABLE):
            return []
        lyr = self.open_table(ROUNDS_TABLE)
        out = []
        order = []
        for f in lyr.getFeatures():
            created = f["created_utc"]
            if isinstance(created, QDateTime):
                created = created.toUTC().toString("yyyy-MM-ddTHH:mm:ss") + "Z"
            out.append(RoundInfo(
                round_label=str(f[ROUND_FIELD]), created_utc=str(created or ""),
                settings=json.loads(f["settings"] or "{}"), layers=json.loads(f["layers"] or "{}"),
                density=str(f["density"] or ""), density_units=str(f["density_units"] or "")))
            order.append((out[-1].created_utc, f.id()))
        return [r for _, r in sorted(zip(order, out), key=lambda t: t[0])]

    def round_info(self, label: str) -> RoundInfo:
        for r in self.rounds():
            if r.round_label == label:
                return r
        raise StoreError(f"The round '{label}' is not in the study store ({self.describe()})")

    def delete_round(self, label: str) -> None:
        """Remove every feature, the raster and the ``rounds`` row of a round."""
        tables = set(self.table_names())
        for table in STORE_LAYERS + (ROUNDS_TABLE,):
            if table in tables:
                self.execute(f'DELETE FROM {self.qualified(table)} WHERE "{ROUND_FIELD}" = {sql_text(label)}')
        self._drop_density(label)

    def save_round(self, label: str, layers: Dict[str, object], density_path: Optional[str] = None,
                   settings: Optional[Dict[str, object]] = None, overwrite: bool = False,
                   density_units: str = "person-hours per hectare",
                   progress: Optional[Callable[[float], None]] = None,
                   is_cancelled: Optional[Callable[[], bool]] = None) -> RoundInfo:
        """Store a round's layers (``{kind: source}``), its density raster and settings.

        ``kind`` is one of :data:`STORE_LAYERS`; a source is anything with ``fields()``,
        ``getFeatures()``, ``wkbType()`` and ``sourceCrs()``/``crs()``. Every feature gets
        ``round = label``. An existing round of the same label is replaced when ``overwrite``,
        else refused.
        """
        label = str(label).strip()
        if not label:
            raise ParameterError("give the round a label, e.g. 2014-09")
        for kind in layers:
            if kind not in STORE_LAYERS:
                raise ParameterError(f"unknown layer kind '{kind}' (one of {', '.join(STORE_LAYERS)})")
        fx = layers.get("fixes")
        if fx is not None:
            raw = [n for n in RAW_ONLY_FIELDS if fx.fields().lookupField(n) >= 0]
            if raw:
                raise StoreError("The fixes still have the raw field(s) " + ", ".join(raw) +
                                 ": run Anonymise first; only anonymised fixes go into a study store")
        existing = {r.round_label for r in self.rounds()}
        if label in existing:
            if not overwrite:
                raise StoreError(f"The round '{label}' is already in the study store ({self.describe()}): "
                                 "choose another label or allow replacing it")
            self.delete_round(label)
        self._ensure_rounds_table()
        counts: Dict[str, int] = {}
        items = [(k, v) for k, v in layers.items() if v is not None]
        for i, (kind, source) in enumerate(items):
            counts[kind] = self._append(kind, source, label, is_cancelled)
            if progress is not None:
                progress((i + 1) / (len(items) + 1))
        dens_ref = self._write_density(label, density_path) if density_path else ""
        info = RoundInfo(label, _utc_now_iso(), scrub_settings(settings), counts, dens_ref,
                         density_units if density_path else "")
        rounds = self.open_table(ROUNDS_TABLE)
        f = QgsFeature(rounds.fields())
        f[ROUND_FIELD] = label
        f["created_utc"] = QDateTime.fromString(info.created_utc, Qt.DateFormat.ISODate).toUTC()
        f["settings"] = json.dumps(info.settings, sort_keys=True)
        f["layers"] = json.dumps(counts, sort_keys=True)
        f["density"] = dens_ref
        f["density_units"] = info.density_units
        if not rounds.dataProvider().addFeatures([f]):
            raise StoreError(f"Cannot write the round '{label}' to the rounds table ({self.describe()})")
        if progress is not None:
            progress(1.0)
        return info

    def _append(self, kind: str, source, label: str, is_cancelled=None) -> int:
        skip = {self.pk.lower(), "fid", ROUND_FIELD, *RAW_ONLY_FIELDS}
        src_fields = source.fields()
        keep = [f for f in src_fields if f.name().lower() not in skip]
        src_crs = _source_crs(source)
        wkb = source.wkbType()
        if not self.has_table(kind):
            fields = QgsFields()
            fields.append(QgsField(ROUND_FIELD, QVariant.Type.String))
            for f in keep:
                fields.append(QgsField(f.name(), f.type(), f.typeName(), f.length(), f.precision()))
            self._create_table(kind, fields, wkb, src_crs)
        table = self.open_table(kind)
        prov = table.dataProvider()
        missing = [QgsField(f.name(), f.type()) for f in keep if table.fields().lookupField(f.name()) < 0]
        if missing:
            if not prov.addAttributes(missing):
                raise StoreError(f"Cannot add the fields {[f.name() for f in missing]} to '{kind}'")
            table.updateFields()
        dst_fields = table.fields()
        multi = QgsWkbTypes.isMultiType(table.wkbType())
        has_geom = table.wkbType() != QgsWkbTypes.Type.NoGeometry and wkb != QgsWkbTypes.Type.NoGeometry
        xform = None
        if has_geom and src_crs.isValid() and table.crs().isValid() and src_crs != table.crs():
            xform = QgsCoordinateTransform(src_crs, table.crs(), QgsCoordinateTransformContext())
        pairs = [(src_fields.lookupField(f.name()), dst_fields.lookupField(f.name())) for f in keep]
        round_idx = dst_fields.lookupField(ROUND_FIELD)
        n = 0
        batch: List[QgsFeature] = []
        for feat in source.getFeatures():
            if is_cancelled is not None and n % 1000 == 0 and is_cancelled():
                break
            out = QgsFeature(dst_fields)
            attrs = [None] * dst_fields.count()
            src_attrs = feat.attributes()
            for si, di in pairs:
                attrs[di] = src_attrs[si]
            attrs[round_idx] = label
            out.setAttributes(attrs)
            if has_geom and feat.hasGeometry():
                g = feat.geometry()
                if xform is not None:
                    g.transform(xform)
                if multi and not g.isMultipart():
                    g.convertToMultiType()
                out.setGeometry(g)
            batch.append(out)
            n += 1
            if len(batch) >= BATCH:
                self._flush(prov, batch, kind)
        self._flush(prov, batch, kind)
        return n

    def _flush(self, prov, batch: List[QgsFeature], kind: str) -> None:
        if batch and not prov.addFeatures(batch, QgsFeatureSink.Flag.FastInsert):
            raise StoreError(f"Cannot write features to '{kind}' in the study store ({self.describe()}): "
                             f"{'; '.join(prov.errors()[-3:])}")
        batch.clear()


class GeoPackageStore(RoundStore):
    """One GeoPackage file per study (created on first use)."""

    kind = "gpkg"
    pk = "fid"

    def __init__(self, path: str) -> None:
        self.path = os.path.abspath(str(path))
        if not self.path.lower().endswith(".gpkg"):
            raise ParameterError(f"a GeoPackage study store ends in .gpkg, got {path!r}")
        if not os.path.exists(self.path):
            os.makedirs(os.path.dirname(self.path) or ".", exist_ok=True)
            created = gdal.GetDriverByName("GPKG").Create(self.path, 0, 0, 0, gdal.GDT_Unknown)
            del created  # closes the new, empty GeoPackage
        self._conn = None

    def connection(self):
        if self._conn is None:
            md = QgsProviderRegistry.instance().providerMetadata("ogr")
            self._conn = md.createConnection(self.path, {})
        return self._conn

    def layer_uri(self, table: str) -> str:
        return f"{self.path}|layername={table}"

    def provider_key(self) -> str:
        return "ogr"

    def describe(self) -> str:
        return f"GeoPackage {self.path}"

    def raster_table(self, label: str) -> str:
        return f"density_{safe_table_suffix(label)}"

    def _write_density(self, label: str, raster_path: str) -> str:
        table = self.raster_table(label)
        self._drop_density(label)
        try:
            gdal.Translate(self.path, raster_path, format="GPKG",
                           creationOptions=[f"RASTER_TABLE={table}", "APPEND_SUBDATASET=YES", "TILE_FORMAT=TIFF"])
        except RuntimeError as exc:
            raise StoreError(f"Cannot store the density raster '{raster_path}' in {self.path}: {exc}") from exc
        return f"GPKG:{self.path}:{table}"

    def _drop_density(self, label: str) -> None:
        table = self.raster_table(label)
        con = sqlite3.connect(self.path, timeout=30.0)
        try:
            cur = con.cursor()
            found = cur.execute("SELECT 1 FROM gpkg_contents WHERE table_name = ?", (table,)).fetchone()
            if not found:
                return
            names = {r[0] for r in cur.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            for meta, col in (("gpkg_2d_gridded_tile_ancillary", "tpudt_name"),
                              ("gpkg_2d_gridded_coverage_ancillary", "tile_matrix_set_name"),
                              ("gpkg_tile_matrix", "table_name"), ("gpkg_tile_matrix_set", "table_name"),
                              ("gpkg_extensions", "table_name"), ("gpkg_contents", "table_name")):
                if meta in names:
                    cur.execute(f'DELETE FROM "{meta}" WHERE "{col}" = ?', (table,))
            cur.execute(f'DROP TABLE IF EXISTS "{table}"')
            con.commit()
        finally:
            con.close()

    def density(self, label: str, out_path: Optional[str] = None) -> str:
        ref = f"GPKG:{self.path}:{self.raster_table(label)}"
        if out_path:
            gdal.Translate(out_path, ref, format="GTiff")
            return out_path
        return ref


class PostgisStore(RoundStore):
    """The tables in one schema of a PostGIS database, reached through an ``authcfg``."""

    kind = "postgis"
    pk = "id"

    def __init__(self, uri: QgsDataSourceUri, schema: str = "trampesti") -> None:
        uri = QgsDataSourceUri(uri.uri(False)) if isinstance(uri, QgsDataSourceUri) else QgsDataSourceUri(str(uri))
        if uri.password():
            raise StoreError("The PostGIS connection carries a password in its URI: store the credentials in "
                             "QGIS's authentication manager and use the connection with an authentication "
                             "configuration (authcfg) instead, so no password is ever written anywhere")
        if not IDENTIFIER.match(str(schema)):
            raise ParameterError(f"the schema name {schema!r} must be lower-case letters, digits and _")
        self.uri = uri
        self._schema = str(schema)
        self._conn = None

    def connection(self):
        if self._conn is None:
            md = QgsProviderRegistry.instance().providerMetadata("postgres")
            base = QgsDataSourceUri(self.uri.connectionInfo(False))
            try:
                self._conn = md.createConnection(base.uri(False), {})
                self._conn.executeSql(f'CREATE SCHEMA IF NOT EXISTS "{self._schema}"')
            except Exception as exc:
                self._conn = None
                raise StoreError(f"Cannot reach the PostGIS study store ({self.describe()}): {exc}") from exc
        return self._conn

    def schema(self) -> str:
        return self._schema

    def qualified(self, table: str) -> str:
        return f'"{self._schema}"."{table}"'

    def layer_uri(self, table: str) -> str:
        u = QgsDataSourceUri(self.uri.connectionInfo(False))
        geom = "" if table == ROUNDS_TABLE else "geom"
        u.setDataSource(self._schema, table, geom, "", self.pk)
        return u.uri(False)

    def provider_key(self) -> str:
        return "postgres"

    def describe(self) -> str:
        u = self.uri
        auth = f" authcfg={u.authConfigId()}" if u.authConfigId() else ""
        return f"PostGIS {u.database()}@{u.host()}:{u.port()} schema {self._schema}{auth}"

    def _ensure_density_table(self) -> None:
        self.execute(f'CREATE TABLE IF NOT EXISTS {self.qualified(DENSITY_TABLE)} ('
                     f'"round" text PRIMARY KEY, gtiff bytea NOT NULL, description text, units text)')

    def _write_density(self, label: str, raster_path: str) -> str:
        self._ensure_density_table()
        tmp = None
        src = raster_path
        try:
            ds = gdal.Open(raster_path)
            if ds.GetDriver().ShortName != "GTiff":
                tmp = tempfile.NamedTemporaryFile(suffix=".tif", delete=False).name
                gdal.Translate(tmp, ds, format="GTiff")
                src = tmp
            band = ds.GetRasterBand(1)
            desc, units = band.GetDescription(), band.GetUnitType()
            ds = None
            with open(src, "rb") as fh:
                b64 = base64.b64encode(fh.read()).decode("ascii")
        except RuntimeError as exc:
            raise StoreError(f"Cannot read the density raster '{raster_path}': {exc}") from exc
        finally:
            if tmp:
                os.remove(tmp)
        self.execute(f'DELETE FROM {self.qualified(DENSITY_TABLE)} WHERE "round" = {sql_text(label)}')
        self.execute(f'INSERT INTO {self.qualified(DENSITY_TABLE)} ("round", gtiff, description, units) VALUES '
                     f"({sql_text(label)}, decode({sql_text(b64)}, 'base64'), {sql_text(desc)}, {sql_text(units)})")
        return f"postgis:{self._schema}.{DENSITY_TABLE}[{label}]"

    def _drop_density(self, label: str) -> None:
        if self.has_table(DENSITY_TABLE):
            self.execute(f'DELETE FROM {self.qualified(DENSITY_TABLE)} WHERE "round" = {sql_text(label)}')

    def density(self, label: str, out_path: Optional[str] = None) -> str:
        rows = self.execute(f"SELECT encode(gtiff, 'base64') FROM {self.qualified(DENSITY_TABLE)} "
                            f'WHERE "round" = {sql_text(label)}') if self.has_table(DENSITY_TABLE) else []
        if not rows:
            raise StoreError(f"No density raster of the round '{label}' in the study store ({self.describe()})")
        path = out_path or os.path.join(tempfile.mkdtemp(prefix="trampesti-density-"),
                                        f"density_{safe_table_suffix(label)}.tif")
        with open(path, "wb") as fh:
            fh.write(base64.b64decode(str(rows[0][0]).replace("\n", "")))
        return path


def open_store(kind: str, path: str = "", uri: Optional[QgsDataSourceUri] = None,
               schema: str = "trampesti") -> RoundStore:
    """``open_store('gpkg', path=...)`` or ``open_store('postgis', uri=..., schema=...)``."""
    if kind == "gpkg":
        if not path:
            raise ParameterError("give the study's GeoPackage file")
        return GeoPackageStore(path)
    if kind == "postgis":
        if uri is None:
            raise ParameterError("give a PostGIS connection")
        return PostgisStore(uri, schema)
    raise ParameterError(f"unknown store kind {kind!r} (gpkg or postgis)")


def raster_layer(ref: str, name: str) -> QgsRasterLayer:
    """A raster layer of a reference returned by :meth:`RoundStore.density`."""
    return QgsRasterLayer(ref, name, "gdal")
