"""trampesti:anonymise — pseudonyms, masked places, coarsened time/space, the privacy report."""
from __future__ import annotations

import json
import os
from collections import Counter
from typing import List, Tuple

import numpy as np
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeature,
    QgsFeatureSink,
    QgsLayerMetadata,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingLayerPostProcessorInterface,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterString,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP, QVariant

from ..core import privacy, risk
from ..core.fixes import DEFAULT_MAX_GAP_S, Fixes, assign_segments_and_dwell
from ..core.readers.common import parse_timezone
from ..core.exceptions import TrampestiError
from .base import TrampestiAlgorithm
from .layers import WGS84, choose_metric_crs, fix_fields, make_fields, read_points, transform_xy, write_fixes

REPORT_FIELDS = (
    ("pseudonym", QVariant.Type.String),
    ("reason", QVariant.Type.String),
    ("fixes", QVariant.Type.Int),
    ("description", QVariant.Type.String),
)

REASON_TEXT = {  # marked for translation; translated with the algorithm's context when written
    "kept": QT_TRANSLATE_NOOP("Anonymise", "published (after coarsening)"),
    privacy.MASKED_POLYGON: QT_TRANSLATE_NOOP("Anonymise", "inside a masked area (MASK_LAYER)"),
    privacy.MASKED_SLEEPING_PLACE: QT_TRANSLATE_NOOP("Anonymise", "near a sleeping place detected at night"),
    privacy.MASKED_HANDOUT: QT_TRANSLATE_NOOP("Anonymise", "first/last minutes at the hand-out site"),
    privacy.WITHDRAWN: QT_TRANSLATE_NOOP("Anonymise", "the participant withdrew"),
}

PSEUDONYMISED_TITLE = "Anonymised fixes — pseudonymised personal data"
PSEUDONYMISED_ABSTRACT = (
    "Pseudonymised personal data (GDPR still applies). GPS fixes of the round's participants after "
    "Trampesti's anonymisation: pseudonyms (P01…) instead of device serials, names or file names; "
    "sleeping places, masked areas and the hand-out minutes removed; times and positions coarsened. "
    "Keep it with the project team and delete it with the round. Only aggregates (density, hotspots, "
    "sites — each backed by at least K_MIN participants) are the shareable outputs."
)

# fields read from the input; 'source' and any other column are never read
READ_FIELDS = ("participant", "round", "time_utc", "speed_mps", "ele_m", "hdop", "sats")


def pseudonymised_metadata(round_label: str = "") -> QgsLayerMetadata:
    """Layer metadata that labels a fix layer as pseudonymised personal data."""
    md = QgsLayerMetadata()
    md.setTitle(PSEUDONYMISED_TITLE + (f", round {round_label}" if round_label else ""))
    md.setAbstract(PSEUDONYMISED_ABSTRACT)
    md.setKeywords({"privacy": ["pseudonymised personal data", "GDPR"]})
    md.setRights(["Pseudonymised personal data: not for publication"])
    return md


def label_pseudonymised(layer, round_label: str = "") -> None:
    """Set the metadata and abstract of an anonymised fix layer."""
    if layer is None:
        return
    layer.setMetadata(pseudonymised_metadata(round_label))
    if hasattr(layer, "setAbstract"):
        layer.setAbstract(PSEUDONYMISED_ABSTRACT)
    if hasattr(layer, "setTitle"):
        layer.setTitle(PSEUDONYMISED_TITLE)


class _LabelPostProcessor(QgsProcessingLayerPostProcessorInterface):
    def __init__(self, round_label: str) -> None:
        super().__init__()
        self.round_label = round_label

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802
        if layer is not None and layer.isValid():
            label_pseudonymised(layer, self.round_label)


def write_private_text(path: str, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` readable by its owner only (mode 0600), even when the
    file existed before."""
    folder = os.path.dirname(os.path.abspath(path))
    if folder:
        os.makedirs(folder, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fd = -1
            fh.write(text)
    finally:
        if fd >= 0:
            os.close(fd)


def polygons_xy(source, dst_crs: QgsCoordinateReferenceSystem, context) -> List[List[np.ndarray]]:
    """Every polygon of a source as a list of rings (N x 2 arrays of metres in ``dst_crs``)."""
    out: List[List[np.ndarray]] = []
    if source is None:
        return out
    ct = QgsCoordinateTransform(source.sourceCrs(), dst_crs, context.transformContext())
    for feat in source.getFeatures():
        g = feat.geometry()
        if g is None or g.isEmpty() or g.type() != QgsWkbTypes.GeometryType.PolygonGeometry:
            continue
        g.transform(ct)
        parts = g.asMultiPolygon() if g.isMultipart() else [g.asPolygon()]
        for poly in parts:
            rings = [np.array([[p.x(), p.y()] for p in ring], dtype=np.float64) for ring in poly if len(ring) >= 3]
            if rings:
                out.append(rings)
    return out


def handout_sites_xy(source, dst_crs: QgsCoordinateReferenceSystem, context) -> Tuple[np.ndarray, float]:
    """Hand-out sites as points in ``dst_crs``, and the extra radius (m) that makes a circle
    around each point cover a polygon site entirely (0 for point sites)."""
    pts: List[Tuple[float, float]] = []
    extra = 0.0
    if source is None:
        return np.zeros((0, 2)), 0.0
    ct = QgsCoordinateTransform(source.sourceCrs(), dst_crs, context.transformContext())
    for feat in source.getFeatures():
        g = feat.geometry()
        if g is None or g.isEmpty():
            continue
        g.transform(ct)
        if g.type() == QgsWkbTypes.GeometryType.PointGeometry:
            for p in (g.asMultiPoint() if g.isMultipart() else [g.asPoint()]):
                pts.append((p.x(), p.y()))
        else:
            c = g.centroid().asPoint()
            pts.append((c.x(), c.y()))
            for v in g.vertices():
                extra = max(extra, float(np.hypot(v.x() - c.x(), v.y() - c.y())))
    return np.array(pts, dtype=np.float64).reshape(-1, 2), extra


class Anonymise(TrampestiAlgorithm):
    """Turn raw fixes into pseudonymised, masked and coarsened fixes, with a privacy report."""

    ALGORITHM_ID = "anonymise"
    DISPLAY_NAME = "Anonymise fixes"
    GROUP = "2 Privacy"
    GROUP_ID = "privacy"
    TAGS = "privacy,anonymise,pseudonym,gdpr,mask,k-anonymity,withdrawal"
    HELP = (
        "Makes a fix layer fit to work with, and writes what was done for the data-protection officer.\n\n"
        "1. Pseudonyms: every participant key (device serial, track name, file name) is replaced by a "
        "pseudonym P01, P02… drawn at random for this run; the 'source' field and every other column "
        "that could name a file or device are dropped.\n"
        "2. Masks: fixes inside MASK_LAYER polygons; fixes of anyone within NIGHT_RADIUS_M of a place "
        "where a participant spends the night (detected between NIGHT_START_H and NIGHT_END_H local "
        "time in TIMEZONE); and the first/last HANDOUT_TRIM_MIN minutes of each track near the "
        "hand-out site (HANDOUT_LAYER, within HANDOUT_RADIUS_M; for a polygon site the radius "
        "counts from its centre plus the polygon's own size).\n"
        "3. Coarsening: times rounded to TIME_RESOLUTION_S, optionally the calendar date dropped "
        "(weekday and local clock time kept), positions snapped to a SPATIAL_RESOLUTION_M grid "
        "and/or moved by planar Laplace noise (LAPLACE_EPSILON per metre). Masks are checked again "
        "on the published positions. dwell_s and segment are recomputed after masking.\n\n"
        "The output is still pseudonymised personal data (GDPR applies): keep it in the project. "
        "The shareable outputs are the aggregates built from it (density, hotspots), each backed "
        "by at least K_MIN participants.\n\n"
        "REPORT_HTML measures how often an attacker who knows 1-4 places and hours of a person "
        "could pick that person out of the raw fixes, the anonymised fixes and a K_MIN-suppressed "
        "aggregate, against blind chance (1/n).\n\n"
        "KEY_FILE (optional) links raw keys to pseudonyms, the only such link: it is written "
        "readable by its owner only; keep it apart from the round and delete it when the "
        "withdrawal period ends (use 'Withdraw a participant' with it)."
    )

    INPUT = "INPUT"
    MASK_LAYER = "MASK_LAYER"
    MASK_BUFFER_M = "MASK_BUFFER_M"
    MASK_NIGHT_PLACES = "MASK_NIGHT_PLACES"
    NIGHT_START_H = "NIGHT_START_H"
    NIGHT_END_H = "NIGHT_END_H"
    NIGHT_RADIUS_M = "NIGHT_RADIUS_M"
    TIMEZONE = "TIMEZONE"
    HANDOUT_LAYER = "HANDOUT_LAYER"
    HANDOUT_RADIUS_M = "HANDOUT_RADIUS_M"
    HANDOUT_TRIM_MIN = "HANDOUT_TRIM_MIN"
    TIME_RESOLUTION_S = "TIME_RESOLUTION_S"
    DROP_DATE = "DROP_DATE"
    SPATIAL_RESOLUTION_M = "SPATIAL_RESOLUTION_M"
    LAPLACE_EPSILON = "LAPLACE_EPSILON"
    MAX_GAP_S = "MAX_GAP_S"
    K_MIN = "K_MIN"
    OUTPUT = "OUTPUT"
    REPORT = "REPORT"
    REPORT_HTML = "REPORT_HTML"
    REPORT_JSON = "REPORT_JSON"
    KEY_FILE = "KEY_FILE"
    ATTACK_TRIALS = "ATTACK_TRIALS"

    def initAlgorithm(self, config=None):  # noqa: N802
        self._keep = []
        self.addParameter(self.with_help(QgsProcessingParameterFeatureSource(
            self.INPUT, self.tr("Fixes"), [QgsProcessing.SourceType.TypeVectorPoint]),
            self.tr("The fix layer from Import tracker files (participant, time_utc…).")))
        self.addParameter(self.with_help(QgsProcessingParameterFeatureSource(
            self.MASK_LAYER, self.tr("Mask polygons"), [QgsProcessing.SourceType.TypeVectorPolygon], optional=True),
            self.tr("Areas whose fixes are always removed (any CRS), e.g. shelters, homes, treatment centres.")))
        self.addParameter(self.advanced(self.number(
            self.MASK_BUFFER_M, "Buffer around mask polygons (m)", 0.0, 0.0,
            help_text="Fixes within this distance of a mask polygon are removed too.")))
        self.addParameter(self.with_help(QgsProcessingParameterBoolean(
            self.MASK_NIGHT_PLACES, self.tr("Mask sleeping places"), defaultValue=True),
            self.tr("Detect where each participant spends the night and remove every participant's fixes near it.")))
        self.addParameter(self.advanced(self.number(
            self.NIGHT_START_H, "Night starts at (local hour)", 22.0, 0.0, 24.0,
            help_text="Start of the night window in local clock hours (22 = 22:00).")))
        self.addParameter(self.advanced(self.number(
            self.NIGHT_END_H, "Night ends at (local hour)", 7.0, 0.0, 24.0,
            help_text="End of the night window in local clock hours (7 = 07:00).")))
        self.addParameter(self.advanced(self.number(
            self.NIGHT_RADIUS_M, "Masking radius around sleeping places (m)", 75.0, 0.0,
            help_text="Fixes of anyone within this distance of a detected sleeping place are removed.")))
        self.addParameter(self.advanced(self.with_help(QgsProcessingParameterString(
            self.TIMEZONE, self.tr("Local time zone (for nights and dropped dates)"),
            defaultValue="Europe/Copenhagen"),
            self.tr("IANA name (Europe/Copenhagen) or offset (+01:00); daylight saving time is handled."))))
        self.addParameter(self.with_help(QgsProcessingParameterFeatureSource(
            self.HANDOUT_LAYER, self.tr("Hand-out site"),
            [QgsProcessing.SourceType.TypeVectorPoint, QgsProcessing.SourceType.TypeVectorPolygon], optional=True),
            self.tr("Point or polygon where loggers are handed out and returned (any CRS).")))
        self.addParameter(self.number(
            self.HANDOUT_RADIUS_M, "Hand-out radius (m)", 100.0, 0.0,
            help_text="Fixes this close to the hand-out site at the start or end of a track are trimmed."))
        self.addParameter(self.number(
            self.HANDOUT_TRIM_MIN, "Trim at hand-out (minutes)", 30.0, 0.0,
            help_text="Minutes trimmed at the start and end of each track that begins or ends at the hand-out site."))
        self.addParameter(self.number(
            self.TIME_RESOLUTION_S, "Time resolution (s)", 60.0, 0.0,
            help_text="Times are rounded to this many seconds (0 = keep)."))
        self.addParameter(self.with_help(QgsProcessingParameterBoolean(
            self.DROP_DATE, self.tr("Drop the calendar date"), defaultValue=False),
            self.tr("Keep weekday and local clock time only (times move to a reference week in 2001).")))
        self.addParameter(self.number(
            self.SPATIAL_RESOLUTION_M, "Spatial resolution (m, 0 = off)", 0.0, 0.0,
            help_text="Positions are snapped to the centres of a grid with cells of this size."))
        self.addParameter(self.advanced(self.number(
            self.LAPLACE_EPSILON, "Laplace noise epsilon (per metre, 0 = off)", 0.0, 0.0,
            help_text="Geo-indistinguishability noise: mean displacement 2/epsilon metres (0.01 = 200 m).")))
        self.addParameter(self.advanced(self.number(
            self.MAX_GAP_S, "Maximum gap inside a segment (s)", DEFAULT_MAX_GAP_S, 1.0,
            help_text="For the recomputed segment and dwell_s: a longer gap starts a new segment.")))
        self.addParameter(self.number(
            self.K_MIN, "Minimum participants per aggregate (K_MIN)", 3, 1, integer=True,
            help_text="Used for the aggregate figures of the privacy report."))
        self.addParameter(self.with_help(QgsProcessingParameterFeatureSink(
            self.OUTPUT, self.tr("Anonymised fixes"), QgsProcessing.SourceType.TypeVectorPoint),
            self.tr("Pseudonymised personal data: fixes with pseudonyms, no source, masked and coarsened.")))
        self.addParameter(self.with_help(QgsProcessingParameterFeatureSink(
            self.REPORT, self.tr("Privacy report table"), QgsProcessing.SourceType.TypeVector),
            self.tr("One row per pseudonym and reason: fixes kept and removed (pseudonyms only).")))
        self.addParameter(self.with_help(QgsProcessingParameterFileDestination(
            self.REPORT_HTML, self.tr("Privacy report for the DPO (HTML)"), self.tr("HTML files (*.html)"),
            optional=True, createByDefault=False),
            self.tr("What was removed and why, and re-identification attack figures for raw fixes, "
                    "anonymised fixes and aggregates.")))
        self.addParameter(self.advanced(self.with_help(QgsProcessingParameterFileDestination(
            self.REPORT_JSON, self.tr("Privacy report (JSON)"), self.tr("JSON files (*.json)"),
            optional=True, createByDefault=False),
            self.tr("The same report as machine-readable JSON (pseudonyms and figures only)."))))
        self.addParameter(self.with_help(QgsProcessingParameterFileDestination(
            self.KEY_FILE, self.tr("Withdrawal key (keep apart!)"), self.tr("JSON files (*.json)"),
            optional=True, createByDefault=False),
            self.tr("Raw key → pseudonym, written readable by you only (mode 0600). Keep it away from the "
                    "round's data; without it nobody can link pseudonyms back.")))
        self.addParameter(self.advanced(self.number(
            self.ATTACK_TRIALS, "Attack trials for the report", 1000, 100, 100000, integer=True,
            help_text="Random tries per figure of the re-identification attack (more = steadier figures, slower).")))
        self.addOutput(QgsProcessingOutputNumber("FIXES_IN", self.tr("Fixes read")))
        self.addOutput(QgsProcessingOutputNumber("FIXES_OUT", self.tr("Fixes published")))
        self.addOutput(QgsProcessingOutputNumber("MASKED", self.tr("Fixes removed by masks")))
        self.addOutput(QgsProcessingOutputNumber("PARTICIPANTS", self.tr("Participants")))
        self.addOutput(QgsProcessingOutputString("LABEL", self.tr("Data label of the output")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        source = self.parameterAsSource(parameters, self.INPUT, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.INPUT))
        tz = self.parameterAsString(parameters, self.TIMEZONE, context).strip() or "Europe/Copenhagen"
        try:
            parse_timezone(tz)
        except TrampestiError as exc:
            raise QgsProcessingException(str(exc)) from exc
        k_min = self.parameterAsInt(parameters, self.K_MIN, context)
        max_gap_s = self.parameterAsDouble(parameters, self.MAX_GAP_S, context)

        feedback.setProgressText(self.tr("Reading fixes"))
        x, y, cols = read_points(source, READ_FIELDS, self.cancel_fn(feedback))
        if "participant" not in cols or "time_utc" not in cols:
            raise QgsProcessingException(self.tr(
                "The input needs 'participant' and 'time_utc' fields: use the output of Import tracker files"))
        n = x.size
        ok = np.isfinite(x) & np.isfinite(y) & np.isfinite(cols["time_utc"])
        if not ok.all():
            feedback.pushWarning(self.tr("{n} fixes without position or time are left out").format(n=int((~ok).sum())))
        x, y = x[ok], y[ok]
        cols = {k: v[ok] for k, v in cols.items()}
        if x.size == 0:
            raise QgsProcessingException(self.tr("The input holds no fixes with a position and a time"))
        metric = choose_metric_crs(source.sourceCrs(), x, y)
        xm, ym = transform_xy(x, y, source.sourceCrs(), metric, self.cancel_fn(feedback))
        feedback.pushInfo(self.tr("{n} fixes read; masks and coarsening in {c}").format(n=n, c=metric.authid()))

        mask_src = self.parameterAsSource(parameters, self.MASK_LAYER, context)
        polys = polygons_xy(mask_src, metric, context)
        hand_src = self.parameterAsSource(parameters, self.HANDOUT_LAYER, context)
        sites, extra_r = handout_sites_xy(hand_src, metric, context)
        handout_r = self.parameterAsDouble(parameters, self.HANDOUT_RADIUS_M, context)
        if sites.shape[0] and extra_r > 0:
            feedback.pushInfo(self.tr("Hand-out polygon: radius {r:.0f} m from its centre").format(r=handout_r + extra_r))
        opts = privacy.AnonymiseOptions(
            mask_polygons=polys,
            mask_buffer_m=self.parameterAsDouble(parameters, self.MASK_BUFFER_M, context),
            mask_sleeping_places=self.parameterAsBool(parameters, self.MASK_NIGHT_PLACES, context),
            sleeping_radius_m=self.parameterAsDouble(parameters, self.NIGHT_RADIUS_M, context),
            night_start_h=self.parameterAsDouble(parameters, self.NIGHT_START_H, context),
            night_end_h=self.parameterAsDouble(parameters, self.NIGHT_END_H, context),
            timezone=tz,
            handout_xy=sites,
            handout_radius_m=handout_r + extra_r,
            handout_trim_min=self.parameterAsDouble(parameters, self.HANDOUT_TRIM_MIN, context),
            time_resolution_s=self.parameterAsDouble(parameters, self.TIME_RESOLUTION_S, context),
            drop_calendar_date=self.parameterAsBool(parameters, self.DROP_DATE, context),
            spatial_resolution_m=self.parameterAsDouble(parameters, self.SPATIAL_RESOLUTION_M, context),
            laplace_epsilon_per_m=self.parameterAsDouble(parameters, self.LAPLACE_EPSILON, context),
        )
        feedback.setProgressText(self.tr("Pseudonyms, masks and coarsening"))
        raw_key = cols["participant"]
        t_raw = cols["time_utc"]
        res = self.run_core(privacy.anonymise_arrays, raw_key, t_raw, xm, ym, opts,
                            progress=self.progress_fn(feedback, 5, 45), is_cancelled=self.cancel_fn(feedback))
        if feedback.isCanceled():
            return {}

        # the published fixes, with dwell_s and segment recomputed on the published times
        keep = res.keep
        lon_out, lat_out = transform_xy(res.x_m_out, res.y_m_out, metric, QgsCoordinateReferenceSystem(WGS84))
        raw_fx = Fixes.from_columns(
            time_s=t_raw, lat=y, lon=x, participant=raw_key,
            ele_m=cols.get("ele_m"), speed_mps=cols.get("speed_mps"), hdop=cols.get("hdop"), sats=cols.get("sats"))
        out = privacy.apply_to_fixes(raw_fx, res, lat_out, lon_out)
        t_rounded = privacy.round_times(t_raw[keep], opts.time_resolution_s)
        order = np.lexsort((t_rounded, out.participant.astype(str)))
        out = out.take(order)
        t_pub = out.time_s.copy()
        out.time_s = t_rounded[order]
        assign_segments_and_dwell(out, max_gap_s)
        out.time_s = t_pub
        rounds = cols.get("round")
        round_label = ""
        vals: List[str] = []
        if rounds is not None and rounds.size:
            vals = [str(v) for v in np.unique(rounds.astype(str)) if str(v)]
            round_label = vals[0] if len(vals) == 1 else ",".join(vals)

        (sink, dest_id) = self.parameterAsSink(parameters, self.OUTPUT, context, fix_fields(with_source=False),
                                                QgsWkbTypes.Type.Point, QgsCoordinateReferenceSystem(WGS84))
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        if len(vals) > 1:
            # several rounds in one layer: write each row's own round label
            rk = rounds[keep][order].astype(str)
            for lab in np.unique(rk):
                write_fixes(sink, out.take(rk == lab), str(lab), with_source=False)
        else:
            write_fixes(sink, out, round_label, with_source=False, progress=self.progress_fn(feedback, 45, 60),
                        is_cancelled=self.cancel_fn(feedback))
        layer = context.getMapLayer(dest_id)
        if layer is not None:
            label_pseudonymised(layer, round_label)
        if context.willLoadLayerOnCompletion(dest_id):
            pp = _LabelPostProcessor(round_label)
            self._keep.append(pp)
            context.layerToLoadOnCompletionDetails(dest_id).setPostProcessor(pp)

        (rep, rep_id) = self.parameterAsSink(parameters, self.REPORT, context, make_fields(REPORT_FIELDS),
                                              QgsWkbTypes.Type.NoGeometry, QgsCoordinateReferenceSystem())
        if rep is not None:
            rep.addFeatures(self._report_features(res), QgsFeatureSink.Flag.FastInsert)

        masked = int(sum(v for k, v in res.removed.items() if k in privacy.MASK_REASONS))
        feedback.pushInfo(self.tr("{p} participants; {k} of {n} fixes published, {m} removed by masks ({d})").format(
            p=len(res.pseudonyms), k=res.n_out, n=res.n_in, m=masked,
            d=", ".join(f"{k}={v}" for k, v in sorted(res.removed.items())) or "none"))
        if len(res.sleeping_places):
            feedback.pushInfo(self.tr("{n} sleeping places detected and masked").format(n=len(res.sleeping_places)))

        results = {self.OUTPUT: dest_id, self.REPORT: rep_id, "FIXES_IN": res.n_in, "FIXES_OUT": res.n_out,
                   "MASKED": masked, "PARTICIPANTS": len(res.pseudonyms), "LABEL": risk.LABEL_ANONYMISED}
        html_path = self.parameterAsFileOutput(parameters, self.REPORT_HTML, context)
        json_path = self.parameterAsFileOutput(parameters, self.REPORT_JSON, context)
        if (html_path or json_path) and res.n_out:
            feedback.setProgressText(self.tr("Re-identification attack figures"))
            report = self.run_core(risk.privacy_report, res, raw_key, t_raw, xm, ym, k_min=k_min,
                                   n_trials=self.parameterAsInt(parameters, self.ATTACK_TRIALS, context),
                                   round_label=round_label, progress=self.progress_fn(feedback, 60, 95),
                                   is_cancelled=self.cancel_fn(feedback))
            if html_path:
                with open(html_path, "w", encoding="utf-8") as fh:
                    fh.write(risk.privacy_report_html(report))
                results[self.REPORT_HTML] = html_path
            if json_path:
                with open(json_path, "w", encoding="utf-8") as fh:
                    json.dump(report, fh, ensure_ascii=False, indent=1)
                results[self.REPORT_JSON] = json_path
            for o in report["outputs"]:
                a = {r["p"]: r for r in o["attack"]}
                if 4 in a:
                    feedback.pushInfo(self.tr("{name}: attacker knowing 4 points is right {s:.0%} of the time "
                                              "(blind guess {c:.0%})").format(
                        name=o["name"], s=a[4]["success_rate"], c=a[4]["chance"]))
        key_path = self.parameterAsFileOutput(parameters, self.KEY_FILE, context)
        if key_path:
            write_private_text(key_path, privacy.withdrawal_key_json(res.pseudonyms, round_label))
            feedback.pushWarning(self.tr(
                "The withdrawal key links pseudonyms to devices: keep it apart from the round's data and "
                "delete it when withdrawal is no longer possible"))
            results[self.KEY_FILE] = key_path
        feedback.setProgress(100.0)
        return results

    def _report_features(self, res: privacy.AnonymisationResult) -> List[QgsFeature]:
        fields = make_fields(REPORT_FIELDS)
        feats = []

        def add(pn: str, reason: str, count: int) -> None:
            f = QgsFeature(fields)
            f.setAttributes([pn, reason, int(count), self.tr(REASON_TEXT.get(reason, reason))])
            feats.append(f)

        totals: Counter = Counter()
        for pn in sorted(res.kept_by_pseudonym):
            add(pn, "kept", res.kept_by_pseudonym[pn])
            totals["kept"] += res.kept_by_pseudonym[pn]
            for reason, c in sorted(res.removed_by_pseudonym.get(pn, {}).items()):
                add(pn, reason, c)
                totals[reason] += c
        for reason in ["kept"] + sorted(k for k in totals if k != "kept"):
            add("all", reason, totals[reason])
        return feats
