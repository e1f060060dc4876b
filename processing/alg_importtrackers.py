"""trampesti:importtrackers — a tracker file or a folder of them → one fix layer + a report."""
from __future__ import annotations

import os

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsFeatureSink,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFile,
    QgsProcessingOutputNumber,
    QgsProcessingParameterString,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ..core.definitions import ParticipantKey, TrackFormat
from ..core.exceptions import TrampestiError
from ..core.readers import ReaderOptions, combine, find_tracker_files, read_tracker_file
from ..core.readers.common import parse_timezone
from .base import TrampestiAlgorithm
from .layers import WGS84, fix_fields, gpkg_destination, make_fields, qdatetime_utc, write_fixes, write_fixes_gpkg

REPORT_FIELDS = (
    ("file", QVariant.Type.String),
    ("format", QVariant.Type.String),
    ("participant", QVariant.Type.String),
    ("fixes_read", QVariant.Type.Int),
    ("fixes_kept", QVariant.Type.Int),
    ("rejected", QVariant.Type.Int),
    ("reasons", QVariant.Type.String),
    ("first_utc", QVariant.Type.DateTime),
    ("last_utc", QVariant.Type.DateTime),
    ("status", QVariant.Type.String),
    ("used_timezone", QVariant.Type.Bool),
    ("message", QVariant.Type.String),
)

FORMAT_OPTIONS = [
    TrackFormat.AUTO, TrackFormat.GPX, TrackFormat.NMEA, TrackFormat.CSV, TrackFormat.PLT_GEOLIFE,
    TrackFormat.KML, TrackFormat.GEOJSON, TrackFormat.FIT, TrackFormat.TAKEOUT,
]
KEY_OPTIONS = [ParticipantKey.AUTO, ParticipantKey.FILE_STEM, ParticipantKey.FOLDER]


def parse_mapping(text: str) -> dict:
    """``lat=Latitude; lon=Longitude; time=Timestamp`` → dict (empty text → {})."""
    out = {}
    for part in (text or "").replace(",", ";").split(";"):
        if not part.strip():
            continue
        if "=" not in part:
            raise QgsProcessingException(
                f"Column mapping '{part.strip()}' must look like key=Column, e.g. lat=Latitude")
        k, v = part.split("=", 1)
        out[k.strip().lower()] = v.strip()
    return out


class ImportTrackers(TrampestiAlgorithm):
    """Read GPS tracker files of mixed formats into one clean fix layer with a per-file report."""

    ALGORITHM_ID = "importtrackers"
    DISPLAY_NAME = "Import tracker files"
    GROUP = "1 Import"
    GROUP_ID = "import"
    TAGS = "gps,gpx,nmea,csv,plt,kml,geojson,fit,takeout,tracker,logger,import"
    HELP = (
        "Reads one tracker file or every tracker file in a folder (sub-folders included) into one "
        "point layer of GPS fixes in EPSG:4326, with a report table that has one row per file.\n\n"
        "The format is detected from the content: GPX 1.0/1.1, NMEA 0183 (RMC, GGA, ZDA), logger "
        "CSV/TSV with auto-detected columns, GeoLife and OziExplorer PLT, KML tracks, GeoJSON, "
        "FIT and Google Takeout location history.\n\n"
        "Nothing is dropped silently: every record that does not become a fix is counted in the "
        "report under a reason (no_time, no_fix, zero_coords, bad_checksum, bad_time, duplicate…), "
        "and for every file fixes_read = fixes_kept + rejected. A broken file gets status 'failed' "
        "and a message; the rest of the folder is still read. Input files are opened read-only.\n\n"
        "dwell_s is the presence, in seconds, that each fix stands for: half the gap to each "
        "neighbour, each gap capped at MAX_GAP_S. segment restarts after a gap longer than "
        "MAX_GAP_S. TIMEZONE applies only to times written without a zone (the report says "
        "which files used it)."
    )

    INPUT = "INPUT"
    FORMAT = "FORMAT"
    TIMEZONE = "TIMEZONE"
    ROUND = "ROUND"
    DATE = "DATE"
    PARTICIPANT_KEY = "PARTICIPANT_KEY"
    MAX_HDOP = "MAX_HDOP"
    MAX_GAP_S = "MAX_GAP_S"
    CSV_MAPPING = "CSV_MAPPING"
    KEEP_SOURCE = "KEEP_SOURCE"
    OUTPUT = "OUTPUT"
    REPORT = "REPORT"

    def initAlgorithm(self, config=None):  # noqa: N802
        p = QgsProcessingParameterFile(self.INPUT, self.tr("Tracker folder (or one file)"),
                                       behavior=QgsProcessingParameterFile.Behavior.Folder)
        self.addParameter(self.with_help(p, self.tr(
            "A folder of tracker files (read recursively) or the path of a single file.")))
        self.addParameter(self.with_help(QgsProcessingParameterEnum(
            self.FORMAT, self.tr("Format"), options=[f.value for f in FORMAT_OPTIONS], defaultValue=0),
            self.tr("'auto' detects each file's format from its content.")))
        self.addParameter(self.with_help(QgsProcessingParameterString(
            self.TIMEZONE, self.tr("Time zone of times written without one"), defaultValue="UTC"),
            self.tr("IANA name (Europe/Copenhagen) or offset (+01:00). Used only for formats or files "
                    "whose times carry no zone.")))
        self.addParameter(self.with_help(QgsProcessingParameterString(
            self.ROUND, self.tr("Round label"), defaultValue="round-1"),
            self.tr("Written into the 'round' field, e.g. 2014-09.")))
        self.addParameter(self.advanced(self.with_help(QgsProcessingParameterString(
            self.DATE, self.tr("Date for NMEA logs without one (YYYY-MM-DD)"), optional=True),
            self.tr("GGA-only NMEA logs carry no date; used when the file has no ZDA sentence either."))))
        self.addParameter(self.advanced(self.with_help(QgsProcessingParameterEnum(
            self.PARTICIPANT_KEY, self.tr("Participant key"), options=[k.value for k in KEY_OPTIONS],
            defaultValue=0),
            self.tr("auto: device serial or track name where the file has one, else the file name; "
                    "file: always the file name; folder: the folder holding the file."))))
        self.addParameter(self.advanced(self.number(
            self.MAX_HDOP, "Reject fixes with HDOP above (0 = keep all)", 0.0, 0.0,
            help_text="Fixes with a larger horizontal dilution of precision are rejected as high_hdop.")))
        self.addParameter(self.advanced(self.number(
            self.MAX_GAP_S, "Maximum gap inside a segment (s)", 300.0, 1.0,
            help_text="A longer gap starts a new segment; dwell time is capped at this gap.")))
        self.addParameter(self.advanced(self.with_help(QgsProcessingParameterString(
            self.CSV_MAPPING, self.tr("CSV column mapping"), optional=True),
            self.tr("Overrides column detection, e.g. 'lat=Latitude; lon=Longitude; time=Timestamp'."))))
        self.addParameter(self.advanced(self.with_help(QgsProcessingParameterBoolean(
            self.KEEP_SOURCE, self.tr("Keep the source (file:line) of each fix"), defaultValue=True),
            self.tr("The 'source' field names files: it is dropped when anonymising."))))
        self.addParameter(self.with_help(QgsProcessingParameterFeatureSink(
            self.OUTPUT, self.tr("Fixes"), QgsProcessing.SourceType.TypeVectorPoint),
            self.tr("Points in EPSG:4326 with participant, round, time_utc, dwell_s, segment, source…")))
        self.addParameter(self.with_help(QgsProcessingParameterFeatureSink(
            self.REPORT, self.tr("Import report"), QgsProcessing.SourceType.TypeVector),
            self.tr("One row per file: format, counts, reasons, first/last time, status, message.")))
        self.addOutput(QgsProcessingOutputNumber("FIXES", self.tr("Number of fixes")))
        self.addOutput(QgsProcessingOutputNumber("FILES", self.tr("Number of files read")))
        self.addOutput(QgsProcessingOutputNumber("FILES_FAILED", self.tr("Number of files that failed")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        path = self.parameterAsFile(parameters, self.INPUT, context)
        if not path or not os.path.exists(path):
            raise QgsProcessingException(self.tr("The tracker folder or file '{p}' does not exist").format(p=path))
        fmt = FORMAT_OPTIONS[self.parameterAsEnum(parameters, self.FORMAT, context)]
        tz = self.parameterAsString(parameters, self.TIMEZONE, context).strip() or "UTC"
        try:
            parse_timezone(tz)
        except TrampestiError as exc:
            raise QgsProcessingException(str(exc)) from exc
        date = (self.parameterAsString(parameters, self.DATE, context) or "").strip() or None
        round_label = self.parameterAsString(parameters, self.ROUND, context).strip()
        max_hdop = self.parameterAsDouble(parameters, self.MAX_HDOP, context)
        opts = ReaderOptions(
            timezone=tz,
            date=date,
            csv_mapping=parse_mapping(self.parameterAsString(parameters, self.CSV_MAPPING, context)),
            max_hdop=max_hdop if max_hdop > 0 else None,
            participant_key=KEY_OPTIONS[self.parameterAsEnum(parameters, self.PARTICIPANT_KEY, context)].value,
            max_gap_s=self.parameterAsDouble(parameters, self.MAX_GAP_S, context),
        )
        keep_source = self.parameterAsBool(parameters, self.KEEP_SOURCE, context)

        files = find_tracker_files(path)
        if not files:
            feedback.pushWarning(self.tr("No tracker files found in {p}").format(p=path))
        base = path if os.path.isdir(path) else os.path.dirname(path)
        report_fields = make_fields(REPORT_FIELDS)
        (report, report_id) = self.parameterAsSink(parameters, self.REPORT, context, report_fields,
                                                    QgsWkbTypes.Type.NoGeometry, QgsCoordinateReferenceSystem())
        results = []
        for i, f in enumerate(files):
            if feedback.isCanceled():
                break
            rel = os.path.relpath(f, base) if os.path.isdir(path) else os.path.basename(f)
            feedback.setProgressText(self.tr("Reading {f}").format(f=rel))
            res = read_tracker_file(f, opts, fmt)
            results.append(res)
            first = qdatetime_utc(float(res.fixes.time_s.min())) if res.fixes_kept else None
            last = qdatetime_utc(float(res.fixes.time_s.max())) if res.fixes_kept else None
            row = QgsFeature(report_fields)
            row.setAttributes([rel, res.format, res.participant, res.fixes_read, res.fixes_kept, res.rejected,
                               res.reasons_text(), first, last, res.status, bool(res.used_timezone), res.message])
            report.addFeature(row, QgsFeatureSink.Flag.FastInsert)
            line = self.tr("{f}: {fmt}, {kept} of {read} fixes kept ({status})").format(
                f=rel, fmt=res.format, kept=res.fixes_kept, read=res.fixes_read, status=res.status)
            if res.status == "failed":
                feedback.reportError(line + " — " + res.message, False)
            elif res.status == "partial":
                feedback.pushWarning(line + " — " + res.message)
            else:
                feedback.pushInfo(line)
            feedback.setProgress(70.0 * (i + 1) / len(files))

        if feedback.isCanceled():
            return {}  # nothing written: the output is only created from a complete read
        n_files = len(results)
        n_failed = sum(1 for r in results if r.status == "failed")
        participants = {r.participant for r in results if r.fixes_kept}
        fixes = combine(results, opts.max_gap_s, consume=True)  # frees each file's table as it goes
        del results
        dest_path = gpkg_destination(self, parameters, self.OUTPUT, context)
        if dest_path:
            # a plain .gpkg file: written in bulk (numpy blobs, one transaction, packed R-tree)
            n = write_fixes_gpkg(dest_path, fixes, round_label, keep_source,
                                 progress=self.progress_fn(feedback, 70, 100), is_cancelled=self.cancel_fn(feedback))
            dest_id = dest_path
        else:
            (sink, dest_id) = self.parameterAsSink(parameters, self.OUTPUT, context, fix_fields(keep_source),
                                                    QgsWkbTypes.Type.Point, QgsCoordinateReferenceSystem(WGS84))
            if sink is None:
                raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
            n = write_fixes(sink, fixes, round_label, keep_source, self.progress_fn(feedback, 70, 100),
                            self.cancel_fn(feedback))
        feedback.pushInfo(self.tr("{n} fixes from {ok} of {files} files, {p} participants").format(
            n=n, ok=n_files - n_failed, files=n_files, p=len(participants)))
        return {self.OUTPUT: dest_id, self.REPORT: report_id, "FIXES": n, "FILES": n_files,
                "FILES_FAILED": n_failed}
