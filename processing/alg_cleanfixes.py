"""trampesti:cleanfixes — drop impossible fixes, trim the hand-out minutes, fill speeds; a report."""
from __future__ import annotations

from typing import List

import numpy as np
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsFeatureSink,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ..core import clean
from ..core.definitions import MovementPreset
from ..core.fixes import DEFAULT_MAX_GAP_S, Fixes, text_column
from .base import TrampestiAlgorithm
from .layers import (
    WGS84,
    fix_fields,
    make_fields,
    points_input,
    read_points,
    transform_xy,
    write_fixes,
)

PRESETS = [MovementPreset.WALK, MovementPreset.BIKE, MovementPreset.CAR]

REPORT_FIELDS = (
    ("participant", QVariant.Type.String),
    ("fixes_in", QVariant.Type.Int),
    ("fixes_out", QVariant.Type.Int),
    ("removed", QVariant.Type.Int),
    ("speed_spike", QVariant.Type.Int),
    ("high_hdop", QVariant.Type.Int),
    ("duplicate", QVariant.Type.Int),
    ("zero_coords", QVariant.Type.Int),
    ("trimmed", QVariant.Type.Int),
    ("invalid", QVariant.Type.Int),
)

READ_FIELDS = ("participant", "round", "time_utc", "speed_mps", "ele_m", "hdop", "sats", "source")


class CleanFixes(TrampestiAlgorithm):
    """Remove speed spikes, zero, duplicate and poor-HDOP fixes and trim hand-out minutes."""

    ALGORITHM_ID = "cleanfixes"
    DISPLAY_NAME = "Clean fixes"
    GROUP = "1 Import"
    GROUP_ID = "import"
    TAGS = "gps,clean,outlier,spike,speed,hdop,duplicate,trim,filter"
    HELP = (
        "Removes fixes that cannot be true from a fix layer (the output of Import tracker files; run it "
        "before anonymising) and reports, per participant, how many went and why. For every row of the "
        "report fixes_in = fixes_out + the removed counts.\n\n"
        "In order, each fix counted once under the first reason that applies: invalid (no time or "
        "position), zero_coords (exactly 0,0), duplicate (same participant, time and position), "
        "high_hdop (HDOP above MAX_HDOP), trimmed (the first TRIM_START_MIN and last TRIM_END_MIN "
        "minutes of each participant's track: the logger hand-out and return) and speed_spike.\n\n"
        "Speed spikes are single-fix outliers: the speed from the previous kept fix and to the next one "
        "both above MAX_SPEED_KMH (and both jumps longer than 25 m, above ordinary GPS noise), or a "
        "pair of fixes jumped into and out of that fast; or a fix more than MAX_JUMP_M from both "
        "neighbours while the neighbours are close together (jump out and straight back; Bjørneraas "
        "et al. 2010, J. Wildl. Manage. 74:1361), which catches outliers in sparse sampling. The test "
        "repeats on the kept fixes until nothing changes. Distances are great-circle (haversine), "
        "correct across the antimeridian.\n\n"
        "PRESET sets the defaults: walk 15 km/h and 100 m, bike 45 km/h and 250 m, car (or train) "
        "200 km/h with the jump test off. MAX_SPEED_KMH or MAX_JUMP_M of 0 take the preset's value; "
        "-1 turns that test off.\n\n"
        "dwell_s and segment are recomputed (a new segment after MAX_GAP_S); speed_mps is filled from "
        "the positions where the file had none."
    )

    INPUT = "INPUT"
    PRESET = "PRESET"
    MAX_SPEED_KMH = "MAX_SPEED_KMH"
    MAX_JUMP_M = "MAX_JUMP_M"
    MAX_HDOP = "MAX_HDOP"
    TRIM_START_MIN = "TRIM_START_MIN"
    TRIM_END_MIN = "TRIM_END_MIN"
    MAX_GAP_S = "MAX_GAP_S"
    OUTPUT = "OUTPUT"
    REPORT = "REPORT"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(self.with_help(QgsProcessingParameterFeatureSource(
            self.INPUT, self.tr("Fixes"), [QgsProcessing.SourceType.TypeVectorPoint]),
            self.tr("The fix layer from Import tracker files (participant, time_utc…), any CRS.")))
        self.addParameter(self.with_help(QgsProcessingParameterEnum(
            self.PRESET, self.tr("How participants move"), options=[p.value for p in PRESETS], defaultValue=0),
            self.tr("walk: 15 km/h, jumps of 100 m; bike: 45 km/h, 250 m; car or train: 200 km/h, no jump test.")))
        self.addParameter(self.number(
            self.MAX_SPEED_KMH, "Maximum speed (km/h; 0 = from preset, -1 = off)", 0.0, -1.0,
            help_text="A fix reached and left faster than this is a speed spike."))
        self.addParameter(self.advanced(self.number(
            self.MAX_JUMP_M, "Out-and-back jump (m; 0 = from preset, -1 = off)", 0.0, -1.0,
            help_text="A fix farther than this from both neighbours, whose neighbours are close together, "
                      "is a spike whatever the speed.")))
        self.addParameter(self.number(
            self.MAX_HDOP, "Maximum HDOP (0 = keep all)", 10.0, 0.0,
            help_text="Fixes with a larger horizontal dilution of precision are removed as high_hdop "
                      "(10 and above is rated 'fair' to 'poor'); fixes without HDOP are kept."))
        self.addParameter(self.number(
            self.TRIM_START_MIN, "Trim at the start of each track (minutes)", 10.0, 0.0,
            help_text="The first minutes of each participant's track (logger hand-out) are removed."))
        self.addParameter(self.number(
            self.TRIM_END_MIN, "Trim at the end of each track (minutes)", 10.0, 0.0,
            help_text="The last minutes of each participant's track (logger return) are removed."))
        self.addParameter(self.advanced(self.number(
            self.MAX_GAP_S, "Maximum gap inside a segment (s)", DEFAULT_MAX_GAP_S, 1.0,
            help_text="For the recomputed segment and dwell_s: a longer gap starts a new segment.")))
        self.addParameter(self.with_help(QgsProcessingParameterFeatureSink(
            self.OUTPUT, self.tr("Clean fixes"), QgsProcessing.SourceType.TypeVectorPoint),
            self.tr("The kept fixes in EPSG:4326, dwell_s and segment recomputed, speed_mps filled.")))
        self.addParameter(self.with_help(QgsProcessingParameterFeatureSink(
            self.REPORT, self.tr("Cleaning report"), QgsProcessing.SourceType.TypeVector),
            self.tr("One row per participant and a row 'all': fixes in, out, and removed per reason.")))
        self.addOutput(QgsProcessingOutputNumber("FIXES_IN", self.tr("Fixes read")))
        self.addOutput(QgsProcessingOutputNumber("FIXES_OUT", self.tr("Fixes kept")))
        self.addOutput(QgsProcessingOutputNumber("REMOVED", self.tr("Fixes removed")))

    @staticmethod
    def _limit(value: float):
        """0 → None (preset's value), negative → 0 (test off), else the value."""
        if value == 0:
            return None
        return 0.0 if value < 0 else float(value)

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        source = self.parameterAsSource(parameters, self.INPUT, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.INPUT))
        src_crs = source.sourceCrs()
        feedback.setProgressText(self.tr("Reading fixes"))
        x, y, cols = read_points(points_input(self, parameters, self.INPUT, context), READ_FIELDS,
                                 self.cancel_fn(feedback))
        if "participant" not in cols or "time_utc" not in cols:
            raise QgsProcessingException(self.tr(
                "The input needs 'participant' and 'time_utc' fields: use the output of Import tracker files"))
        lon, lat = transform_xy(x, y, src_crs, QgsCoordinateReferenceSystem(WGS84), self.cancel_fn(feedback))
        has_source = "source" in cols
        n = lon.size
        fx = Fixes.from_columns(
            time_s=cols["time_utc"], lat=lat, lon=lon, participant=cols["participant"],
            ele_m=cols.get("ele_m"), speed_mps=cols.get("speed_mps"), hdop=cols.get("hdop"),
            sats=cols.get("sats"), source=cols.get("source") if has_source else None)
        rounds = cols.get("round")
        if rounds is None:
            rounds = text_column(n, "")
        max_hdop = self.parameterAsDouble(parameters, self.MAX_HDOP, context)
        opts = clean.CleanOptions(
            preset=PRESETS[self.parameterAsEnum(parameters, self.PRESET, context)].value,
            max_speed_kmh=self._limit(self.parameterAsDouble(parameters, self.MAX_SPEED_KMH, context)),
            max_jump_m=self._limit(self.parameterAsDouble(parameters, self.MAX_JUMP_M, context)),
            max_hdop=max_hdop if max_hdop > 0 else None,
            trim_start_min=self.parameterAsDouble(parameters, self.TRIM_START_MIN, context),
            trim_end_min=self.parameterAsDouble(parameters, self.TRIM_END_MIN, context),
            max_gap_s=self.parameterAsDouble(parameters, self.MAX_GAP_S, context),
        )
        feedback.pushInfo(self.tr("{n} fixes read; speed limit {v:.0f} km/h, jump test {j}").format(
            n=n, v=opts.speed_limit_kmh(),
            j=(self.tr("{m:.0f} m").format(m=opts.jump_limit_m()) if opts.jump_limit_m() > 0 else self.tr("off"))))
        feedback.setProgressText(self.tr("Cleaning"))
        res = self.run_core(clean.clean_fixes, fx, opts, progress=self.progress_fn(feedback, 10, 50),
                            is_cancelled=self.cancel_fn(feedback))
        out = res.fixes
        out_rounds = rounds.astype(str)[res.kept_index]

        (sink, dest_id) = self.parameterAsSink(parameters, self.OUTPUT, context, fix_fields(has_source),
                                                QgsWkbTypes.Type.Point, QgsCoordinateReferenceSystem(WGS84))
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        labels = np.unique(out_rounds.astype(str)) if len(out) else np.zeros(0, dtype=str)
        if labels.size <= 1:
            write_fixes(sink, out, str(labels[0]) if labels.size else "", has_source,
                        self.progress_fn(feedback, 50, 95), self.cancel_fn(feedback))
        else:
            for lab in labels.tolist():
                write_fixes(sink, out.take(out_rounds.astype(str) == lab), str(lab), has_source)

        fields = make_fields(REPORT_FIELDS)
        (rep, rep_id) = self.parameterAsSink(parameters, self.REPORT, context, fields,
                                              QgsWkbTypes.Type.NoGeometry, QgsCoordinateReferenceSystem())
        if rep is not None:
            rep.addFeatures(self._report_features(fields, res), QgsFeatureSink.Flag.FastInsert)
        tot = res.totals
        removed = int(tot["fixes_in"]) - int(tot["fixes_out"])
        feedback.pushInfo(self.tr("{k} of {n} fixes kept; removed: {d}").format(
            k=tot["fixes_out"], n=tot["fixes_in"],
            d=", ".join(f"{r}={tot[r]}" for r in clean.REASONS if tot[r]) or self.tr("none")))
        if res.speed_filled:
            feedback.pushInfo(self.tr("speed_mps filled from positions for {n} fixes").format(n=res.speed_filled))
        feedback.setProgress(100.0)
        return {self.OUTPUT: dest_id, self.REPORT: rep_id, "FIXES_IN": int(tot["fixes_in"]),
                "FIXES_OUT": int(tot["fixes_out"]), "REMOVED": removed}

    @staticmethod
    def _report_features(fields, res: clean.CleanResult) -> List[QgsFeature]:
        feats = []
        for row in list(res.rows) + [res.totals]:
            f = QgsFeature(fields)
            removed = sum(int(row[r]) for r in clean.REASONS)
            f.setAttributes([str(row["participant"]), int(row["fixes_in"]), int(row["fixes_out"]), removed,
                             int(row["speed_spike"]), int(row["high_hdop"]), int(row["duplicate"]),
                             int(row["zero_coords"]), int(row["trimmed"]), int(row["invalid"])])
            feats.append(f)
        return feats
