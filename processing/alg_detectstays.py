"""trampesti:detectstays — stays, places, trips, flows and a movement density from fixes."""
from __future__ import annotations

from dataclasses import replace
from typing import Dict, List, Optional, Tuple

import numpy as np
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsFeatureSink,
    QgsGeometry,
    QgsLineString,
    QgsPointXY,
    QgsPolygon,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterRasterDestination,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ..core import kanon, kde
from ..core import stays as core_stays
from ..core.definitions import MovementPreset
from ..core.fixes import text_column
from ..core.stays import EARTH_RADIUS_M
from .base import TrampestiAlgorithm
from .layers import (
    WGS84,
    choose_metric_crs,
    make_fields,
    points_input,
    qdatetime_utc,
    read_points,
    transform_xy,
    utm_epsg_for,
)
from .rasters import write_geotiff
from .styles import (
    attach_style,
    style_density,
    style_flows,
    style_places,
    style_stays,
    style_trips,
)

PRESETS = [MovementPreset.WALK, MovementPreset.BIKE, MovementPreset.CAR]
M2_PER_HA = 10000.0
MAX_CELLS = 200_000_000
_KEY_SEP = "\u241f"  # joins participant and round into the detection key (never in a pseudonym)

STAY_FIELDS = (
    ("participant", QVariant.Type.String),
    ("round", QVariant.Type.String),
    ("arrive_utc", QVariant.Type.DateTime),
    ("leave_utc", QVariant.Type.DateTime),
    ("duration_s", QVariant.Type.Double),
    ("n_fixes", QVariant.Type.Int),
    ("place_id", QVariant.Type.Int),
    ("open_ended", QVariant.Type.Bool),
    ("open_start", QVariant.Type.Bool),
)
PLACE_FIELDS = (
    ("place_id", QVariant.Type.Int),
    ("n_participants", QVariant.Type.Int),
    ("n_visits", QVariant.Type.Int),
    ("person_hours", QVariant.Type.Double),
    ("area_m2", QVariant.Type.Double),
)
TRIP_FIELDS = (
    ("participant", QVariant.Type.String),
    ("round", QVariant.Type.String),
    ("start_utc", QVariant.Type.DateTime),
    ("end_utc", QVariant.Type.DateTime),
    ("length_m", QVariant.Type.Double),
    ("from_place", QVariant.Type.Int),
    ("to_place", QVariant.Type.Int),
    ("duration_s", QVariant.Type.Double),
)
FLOW_FIELDS = (
    ("from_place", QVariant.Type.Int),
    ("to_place", QVariant.Type.Int),
    ("n_participants", QVariant.Type.Int),
    ("n_trips", QVariant.Type.Int),
    ("length_m", QVariant.Type.Double),
)


def resolve_stay_params(preset, distance_m: float, min_duration_min: float, max_gap_min: float,
                        place_radius_m: float) -> Tuple[float, float, float, float]:
    """(distance_m, min_duration_s, max_gap_s, place_radius_m): explicit values (> 0) win,
    the preset fills the values left at 0; the place radius defaults to the stay distance."""
    base = core_stays.preset_params(preset)
    d = float(distance_m) if distance_m and distance_m > 0 else base.distance_m
    dur = float(min_duration_min) * 60.0 if min_duration_min and min_duration_min > 0 else base.min_duration_s
    gap = float(max_gap_min) * 60.0 if max_gap_min and max_gap_min > 0 else base.max_gap_s
    r = float(place_radius_m) if place_radius_m and place_radius_m > 0 else d
    return d, dur, gap, r


def spans_antimeridian(lon_deg: np.ndarray) -> bool:
    """True when finite longitudes (degrees) range over more than 180°: a track across ±180°."""
    lon = lon_deg[np.isfinite(lon_deg)]
    return bool(lon.size and float(lon.max()) - float(lon.min()) > 180.0)


def local_to_lonlat(x_m: np.ndarray, y_m: np.ndarray, origin: Tuple[float, float]) -> Tuple[np.ndarray, np.ndarray]:
    """Inverse of :func:`core.stays.local_projection` (equirectangular metres about origin) → lon, lat degrees."""
    lat0, lon0 = origin
    lat = lat0 + np.degrees(np.asarray(y_m, dtype=np.float64) / EARTH_RADIUS_M)
    lon = lon0 + np.degrees(np.asarray(x_m, dtype=np.float64) / (EARTH_RADIUS_M * np.cos(np.radians(lat0))))
    return (lon + 180.0) % 360.0 - 180.0, lat


def dwell_from_times(key: np.ndarray, t: np.ndarray, max_gap_s: float) -> np.ndarray:
    """dwell_s as the importer computes it (half the capped gap to each neighbour), for inputs without it."""
    n = t.shape[0]
    out = np.zeros(n)
    if n < 2:
        return out
    order = np.lexsort((t, key))
    ks, ts = key[order], t[order]
    half = np.where(ks[1:] == ks[:-1], 0.5 * np.minimum(np.diff(ts), max_gap_s), 0.0)
    half = np.nan_to_num(half, nan=0.0)
    d = np.zeros(n)
    d[1:] += half
    d[:-1] += half
    out[order] = d
    return out


def _int_or_null(v: int) -> Optional[int]:
    return None if v < 0 else int(v)


class DetectStays(TrampestiAlgorithm):
    """Stays per participant; places, flows and a movement density as k-anonymous aggregates."""

    ALGORITHM_ID = "detectstays"
    DISPLAY_NAME = "Detect stays, places and trips"
    GROUP = "3 Hotspots"  # step 3 of the dock: movement and hotspots
    GROUP_ID = "hotspots"
    TAGS = "stay,staypoint,stop,place,trip,flow,desire line,movement,od,trajectory"
    HELP = (
        "Finds where each participant stayed (stays), the places several participants share (places), "
        "the movements between stays (trips), the place-to-place flows and, optionally, a density of "
        "movement (where people walk, not where they sit).\n\n"
        "Stays: sliding window of Li et al. (2008, 'Mining user similarity based on location history'), "
        "as trackintel's generate_staypoints: a stay is a run of fixes within DISTANCE_M of its first "
        "fix lasting at least MIN_DURATION_MIN, from its first to its last fix inside. Signal gaps up to "
        "MAX_GAP_MIN inside a stay are allowed (indoors); a longer gap, or the end of a track, ends the "
        "stay and flags it open_ended (its real end was not observed; open_start likewise for the "
        "beginning). Short excursions caused by GPS noise are bridged. Stays of one participant across "
        "midnight are one stay. Fixes need not be sorted.\n\n"
        "REFINE_EDGES (on by default) then moves each stay's start to the first fix after the person "
        "stopped walking, and its end to the last fix before they set off: the window alone starts a stay "
        "at the first fix of the walk in that is within DISTANCE_M, up to a minute early when fixes come "
        "every few seconds. The stop is fitted as the kink of a straight walk that ends at rest, under a "
        "GPS-error model learnt from each participant's own fixes at rest; an edge moves only when the "
        "fit is clearly better, and a stay never becomes shorter than MIN_DURATION_MIN. Where the "
        "logger recorded its own speed over ground (speed_mps: NMEA RMC, most logger CSVs, FIT), that "
        "speed also tells, fix by fix, walking from sitting, and the edges land on the exact fix far "
        "more often. The speed is checked against the positions per participant and per edge, and a "
        "speed that contradicts them (smoothed, misaligned, noise) is not used; speeds that Clean fixes "
        "filled in from positions are recognised and not used either.\n\n"
        "PRESET walk (50 m, 10 min, 30 min), bike (100 m, 10 min, 30 min) or car (150 m, 15 min, 60 min) "
        "fills every threshold left at 0; a value you give (> 0) always wins. PLACE_RADIUS_M = 0 uses the "
        "stay distance.\n\n"
        "Places: stay centroids of all participants clustered by density (DBSCAN, Ester et al. 1996) "
        "within PLACE_RADIUS_M; polygons are the hull of the member stays buffered by the radius. "
        "Trips join consecutive stays of a participant along the fixes between them (a trip with a gap "
        "longer than MAX_GAP_MIN is left out). Flows count trips between published places (place "
        "centroid to place centroid).\n\n"
        "Movement density: kernel density (quartic, radius BANDWIDTH_M) of the fixes in no stay, weighted "
        "by dwell_s, in person-hours per hectare, as Kernel density of presence.\n\n"
        "Coordinates: outputs are in the input's CRS if it is projected, else in the local UTM zone "
        "(EPSG:25832 for Denmark), so that lengths and areas read in metres, as the density raster. "
        "A geographic input crossing the antimeridian is measured on the sphere (haversine) and written "
        "in the UTM zone of its centre.\n\n"
        "Privacy: stays and trips are per participant — pseudonymised personal data, like the fixes: "
        "keep them inside the project. Places, flows and the movement density are aggregates: each one "
        "counts distinct participants and is suppressed below K_MIN (k-anonymity); a stay or trip whose "
        "place is suppressed has an empty place_id / from_place / to_place."
    )

    INPUT = "INPUT"
    PRESET = "PRESET"
    DISTANCE_M = "DISTANCE_M"
    MIN_DURATION_MIN = "MIN_DURATION_MIN"
    MAX_GAP_MIN = "MAX_GAP_MIN"
    PLACE_RADIUS_M = "PLACE_RADIUS_M"
    REFINE_EDGES = "REFINE_EDGES"
    K_MIN = "K_MIN"
    BANDWIDTH_M = "BANDWIDTH_M"
    PIXEL_SIZE_M = "PIXEL_SIZE_M"
    OUTPUT_STAYS = "OUTPUT_STAYS"
    OUTPUT_PLACES = "OUTPUT_PLACES"
    OUTPUT_TRIPS = "OUTPUT_TRIPS"
    OUTPUT_FLOWS = "OUTPUT_FLOWS"
    OUTPUT_MOVEMENT = "OUTPUT_MOVEMENT"

    def initAlgorithm(self, config=None):  # noqa: N802
        self._keep = []
        self.addParameter(self.with_help(QgsProcessingParameterFeatureSource(
            self.INPUT, self.tr("Fixes"), [QgsProcessing.SourceType.TypeVectorPoint]),
            self.tr("Point layer with 'participant' and 'time_utc' fields (output of Import tracker files "
                    "or Anonymise); 'round' and 'dwell_s' are used when present. Any CRS.")))
        self.addParameter(self.with_help(QgsProcessingParameterEnum(
            self.PRESET, self.tr("Movement preset"), options=[p.value for p in PRESETS], defaultValue=0),
            self.tr("walk: 50 m / 10 min / 30 min; bike: 100 m / 10 min / 30 min; car: 150 m / 15 min / "
                    "60 min. Fills DISTANCE_M, MIN_DURATION_MIN and MAX_GAP_MIN where they are 0.")))
        self.addParameter(self.number(self.DISTANCE_M, "Stay distance (m, 0 = from preset)", 0.0, 0.0,
                                      help_text="Fixes within this distance of a stay's first fix belong to it."))
        self.addParameter(self.number(self.MIN_DURATION_MIN, "Minimum stay duration (min, 0 = from preset)", 0.0, 0.0,
                                      help_text="Shorter stops are not stays."))
        self.addParameter(self.number(self.MAX_GAP_MIN, "Maximum signal gap inside a stay (min, 0 = from preset)",
                                      0.0, 0.0, help_text="A longer gap without fixes ends the stay (open_ended)."))
        # optional, so that models and scripts saved before this parameter existed still run
        refine = QgsProcessingParameterBoolean(
            self.REFINE_EDGES, self.tr("Refine stay edges to where walking stops and starts"), defaultValue=True,
            optional=True)
        self.addParameter(self.advanced(self.with_help(refine, self.tr(
            "Off: a stay runs from the first to the last fix inside the window, walk-in fixes included."))))
        self.addParameter(self.advanced(self.number(
            self.PLACE_RADIUS_M, "Place radius (m, 0 = stay distance)", 0.0, 0.0,
            help_text="Stays whose centroids are this close are one place; also the buffer of place polygons.")))
        self.addParameter(self.number(self.K_MIN, "Minimum participants per place or flow (K_MIN)", 3, 1, integer=True,
                                      help_text="Places, flows and movement cells with fewer distinct participants "
                                                "are not published."))
        self.addParameter(self.advanced(self.number(
            self.BANDWIDTH_M, "Movement density: kernel radius (m)", 25.0, 0.1,
            help_text="Quartic kernel radius of the movement density.")))
        self.addParameter(self.advanced(self.number(
            self.PIXEL_SIZE_M, "Movement density: pixel size (m)", 5.0, 0.1,
            help_text="Side of a cell of the movement density in metres.")))
        self.addParameter(self.with_help(QgsProcessingParameterFeatureSink(
            self.OUTPUT_STAYS, self.tr("Stays"), QgsProcessing.SourceType.TypeVectorPoint),
            self.tr("One point per stay at its centroid: participant, round, arrive_utc, leave_utc, duration_s, "
                    "n_fixes, place_id, open_ended, open_start. Personal data.")))
        self.addParameter(self.with_help(QgsProcessingParameterFeatureSink(
            self.OUTPUT_PLACES, self.tr("Places"), QgsProcessing.SourceType.TypeVectorPolygon),
            self.tr("Places of K_MIN or more participants: place_id, n_participants, n_visits, person_hours.")))
        self.addParameter(self.with_help(QgsProcessingParameterFeatureSink(
            self.OUTPUT_TRIPS, self.tr("Trips"), QgsProcessing.SourceType.TypeVectorLine),
            self.tr("Lines along the fixes between consecutive stays: participant, round, start_utc, end_utc, "
                    "length_m, from_place, to_place. Personal data.")))
        p = QgsProcessingParameterFeatureSink(self.OUTPUT_FLOWS, self.tr("Flows between places"),
                                              QgsProcessing.SourceType.TypeVectorLine, optional=True,
                                              createByDefault=False)
        self.addParameter(self.with_help(p, self.tr(
            "Optional: place centroid to place centroid, with n_participants and n_trips; below K_MIN left out.")))
        p = QgsProcessingParameterRasterDestination(self.OUTPUT_MOVEMENT, self.tr("Movement density (person-hours/ha)"),
                                                    optional=True, createByDefault=False)
        self.addParameter(self.with_help(p, self.tr(
            "Optional float32 GeoTIFF: density of the fixes in no stay (desire lines), cells below K_MIN nodata.")))
        self.addOutput(QgsProcessingOutputNumber("N_STAYS", self.tr("Number of stays")))
        self.addOutput(QgsProcessingOutputNumber("N_PLACES", self.tr("Number of places published")))
        self.addOutput(QgsProcessingOutputNumber("PLACES_SUPPRESSED", self.tr("Places suppressed below K_MIN")))
        self.addOutput(QgsProcessingOutputNumber("N_TRIPS", self.tr("Number of trips")))
        self.addOutput(QgsProcessingOutputNumber("FLOWS_SUPPRESSED", self.tr("Flows suppressed below K_MIN")))
        self.addOutput(QgsProcessingOutputString("CRS", self.tr("CRS of the outputs")))

    # ------------------------------------------------------------------------------------------
    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        source = self.parameterAsSource(parameters, self.INPUT, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.INPUT))
        preset = PRESETS[self.parameterAsEnum(parameters, self.PRESET, context)]
        distance_m, min_dur_s, max_gap_s, radius_m = resolve_stay_params(
            preset, self.parameterAsDouble(parameters, self.DISTANCE_M, context),
            self.parameterAsDouble(parameters, self.MIN_DURATION_MIN, context),
            self.parameterAsDouble(parameters, self.MAX_GAP_MIN, context),
            self.parameterAsDouble(parameters, self.PLACE_RADIUS_M, context))
        k_min = self.parameterAsInt(parameters, self.K_MIN, context)
        feedback.pushInfo(self.tr("Stays: {d:g} m, at least {m:g} min, gaps up to {g:g} min ({p}); places within "
                                  "{r:g} m; K_MIN = {k}").format(d=distance_m, m=min_dur_s / 60.0, g=max_gap_s / 60.0,
                                                                 p=preset.value, r=radius_m, k=k_min))

        feedback.setProgressText(self.tr("Reading fixes"))
        src_crs = source.sourceCrs()
        x, y, cols = read_points(points_input(self, parameters, self.INPUT, context),
                                 ["participant", "round", "time_utc", "dwell_s", "speed_mps"],
                                 self.cancel_fn(feedback))
        for need in ("participant", "time_utc"):
            if need not in cols:
                raise QgsProcessingException(self.tr(
                    "The input has no '{f}' field: use the output of Import tracker files").format(f=need))
        t = np.asarray(cols["time_utc"], dtype=np.float64)
        ok = np.isfinite(x) & np.isfinite(y) & np.isfinite(t)
        if not ok.all():
            feedback.pushWarning(self.tr("{n} fixes without a position or time are left out").format(n=int((~ok).sum())))
        x, y, t = x[ok], y[ok], t[ok]
        speed = np.asarray(cols["speed_mps"], dtype=np.float64)[ok] if "speed_mps" in cols else None
        if speed is not None and not np.isfinite(speed).any():
            speed = None
        part = np.asarray(cols["participant"], dtype=object)[ok]
        rnd = np.asarray(cols["round"], dtype=object)[ok] if "round" in cols else text_column(x.size, "")
        if x.size == 0:
            raise QgsProcessingException(self.tr("No fixes with a position and a time in the input"))
        # detection key: participant and round, so that no stay or trip spans two rounds
        rounds = sorted(set(rnd.tolist()))
        if len(rounds) > 1:
            key = np.array([f"{p}{_KEY_SEP}{r}" for p, r in zip(part.tolist(), rnd.tolist())], dtype=object)
        else:
            key = part
        key_part: Dict[str, str] = {}
        key_round: Dict[str, str] = {}
        for k_, p_, r_ in zip(key.tolist(), part.tolist(), rnd.tolist()):
            if k_ not in key_part:
                key_part[k_] = p_
                key_round[k_] = r_

        # ---- coordinates: metric CRS (projected input or local UTM), or the sphere across ±180°
        geodesic = src_crs.isGeographic() and spans_antimeridian(x)
        if geodesic:
            lon, lat = transform_xy(x, y, src_crs, QgsCoordinateReferenceSystem(WGS84), self.cancel_fn(feedback))
            feedback.pushInfo(self.tr("The fixes cross the antimeridian: distances measured on the sphere"))
        else:
            metric = choose_metric_crs(src_crs, x, y)
            xm, ym = transform_xy(x, y, src_crs, metric, self.cancel_fn(feedback))
            # contiguous copies: transform_xy returns strided columns, 10x slower to gather from
            xm, ym = np.ascontiguousarray(xm), np.ascontiguousarray(ym)

        feedback.setProgressText(self.tr("Detecting stays"))
        kw = dict(distance_m=distance_m, min_duration_s=min_dur_s, max_gap_s=max_gap_s,
                  refine_edges=(self.parameterAsBool(parameters, self.REFINE_EDGES, context)
                                if parameters.get(self.REFINE_EDGES) is not None else True),
                  speed_mps=speed, progress=self.progress_fn(feedback, 5, 50),
                  is_cancelled=self.cancel_fn(feedback))
        if geodesic:
            st = self.run_core(core_stays.detect_stays, key, t, lat=lat, lon=lon, **kw)
            origin = st.origin if st.origin is not None else (float(np.nanmean(lat)), 0.0)
            metric = QgsCoordinateReferenceSystem(f"EPSG:{utm_epsg_for(origin[1], origin[0])}")
            txm, tym = core_stays.local_projection(lat, lon, origin)
        else:
            st = self.run_core(core_stays.detect_stays, key, t, xm, ym, **kw)
            txm, tym = xm, ym
        if feedback.isCanceled():
            return {}
        ref = st.refinement
        if ref is not None:
            feedback.pushInfo(self.tr("Stay edges: {m} of {e} moved to where walking stops or starts").format(
                m=ref.edges_moved, e=2 * ref.stays))
            if ref.speed_used or ref.speed_set_aside:
                feedback.pushInfo(self.tr(
                    "Logger speed over ground: used for {u} participant tracks ({l} with a lag allowed for), "
                    "set aside for {a} where it contradicts the positions").format(
                    u=ref.speed_used, l=len(ref.speed_lags_s), a=ref.speed_set_aside))
        feedback.pushInfo(self.tr("Output CRS: {c}").format(c=metric.authid()))

        def to_out(ax: np.ndarray, ay: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
            """Core metric frame → output CRS coordinates."""
            if not geodesic:
                return ax, ay
            lo, la = local_to_lonlat(ax, ay, origin)
            return transform_xy(lo, la, QgsCoordinateReferenceSystem(WGS84), metric)

        stay_part = np.array([key_part[k_] for k_ in st.participant.tolist()], dtype=object)
        stay_round = np.array([key_round[k_] for k_ in st.participant.tolist()], dtype=object)
        feedback.setProgressText(self.tr("Clustering places (K_MIN = {k})").format(k=k_min))
        # places count real participants (a person in two rounds is one person)
        places = self.run_core(core_stays.cluster_places, replace(st, participant=stay_part), radius_m, k_min,
                               progress=self.progress_fn(feedback, 50, 60), is_cancelled=self.cancel_fn(feedback))
        st = core_stays.assign_places(st, places)
        tr_ = self.run_core(core_stays.trips, st, t, txm, tym)
        trip_part = np.array([key_part[k_] for k_ in tr_.participant.tolist()], dtype=object)
        trip_round = np.array([key_round[k_] for k_ in tr_.participant.tolist()], dtype=object)
        fl = core_stays.flows(replace(tr_, participant=trip_part), k_min)
        feedback.pushInfo(self.tr("{s} stays of {p} participants; {n} places published, {q} suppressed below K_MIN; "
                                  "{t} trips; {f} flows published, {g} suppressed").format(
            s=len(st), p=len(set(stay_part.tolist())), n=len(places), q=places.n_suppressed, t=len(tr_),
            f=len(fl), g=fl.n_suppressed))

        results = {"N_STAYS": len(st), "N_PLACES": len(places), "PLACES_SUPPRESSED": places.n_suppressed,
                   "N_TRIPS": len(tr_), "FLOWS_SUPPRESSED": fl.n_suppressed, "CRS": metric.authid()}
        feedback.setProgressText(self.tr("Writing stays, places and trips"))
        results[self.OUTPUT_STAYS] = self._write_stays(parameters, context, st, stay_part, stay_round, to_out, metric)
        attach_style(context, results[self.OUTPUT_STAYS], style_stays, self._keep)
        results[self.OUTPUT_PLACES] = self._write_places(parameters, context, places, to_out, metric)
        attach_style(context, results[self.OUTPUT_PLACES], style_places, self._keep)
        results[self.OUTPUT_TRIPS] = self._write_trips(parameters, context, tr_, trip_part, trip_round, to_out, metric)
        attach_style(context, results[self.OUTPUT_TRIPS], style_trips, self._keep)
        feedback.setProgress(70)
        dest = self._write_flows(parameters, context, fl, places, to_out, metric)
        if dest:
            results[self.OUTPUT_FLOWS] = dest
            attach_style(context, dest, style_flows, self._keep)
        movement_out = self.parameterAsOutputLayer(parameters, self.OUTPUT_MOVEMENT, context)
        if movement_out:
            feedback.setProgressText(self.tr("Movement density"))
            moving = core_stays.movement_fixes_mask(st)
            if "dwell_s" in cols:
                dwell = np.nan_to_num(np.asarray(cols["dwell_s"], dtype=np.float64)[ok], nan=0.0)
            else:
                dwell = dwell_from_times(key, t, max_gap_s)
            mx, my = (xm, ym) if not geodesic else to_out(txm, tym)
            self._write_movement(parameters, context, feedback, movement_out, mx[moving], my[moving],
                                 dwell[moving] / 3600.0, part[moving], k_min, metric)
            results[self.OUTPUT_MOVEMENT] = movement_out
            attach_style(context, movement_out, style_density, self._keep)
        feedback.setProgress(100)
        return results

    # ------------------------------------------------------------------------------------------
    def _sink(self, parameters, name, context, spec, wkb, crs):
        sink, dest = self.parameterAsSink(parameters, name, context, make_fields(spec), wkb, crs)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, name))
        return sink, dest

    def _write_stays(self, parameters, context, st, part, rnd, to_out, crs) -> str:
        sink, dest = self._sink(parameters, self.OUTPUT_STAYS, context, STAY_FIELDS, QgsWkbTypes.Type.Point, crs)
        fields = make_fields(STAY_FIELDS)
        ox, oy = to_out(st.x_m, st.y_m)
        feats = []
        for i in range(len(st)):
            f = QgsFeature(fields)
            f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(float(ox[i]), float(oy[i]))))
            f.setAttributes([str(part[i]), str(rnd[i]), qdatetime_utc(float(st.arrive_s[i])),
                             qdatetime_utc(float(st.leave_s[i])), float(st.duration_s[i]), int(st.n_fixes[i]),
                             _int_or_null(int(st.place_id[i])), bool(st.open_end[i]), bool(st.open_start[i])])
            feats.append(f)
        sink.addFeatures(feats, QgsFeatureSink.Flag.FastInsert)
        return dest

    def _write_places(self, parameters, context, places, to_out, crs) -> str:
        sink, dest = self._sink(parameters, self.OUTPUT_PLACES, context, PLACE_FIELDS, QgsWkbTypes.Type.Polygon, crs)
        fields = make_fields(PLACE_FIELDS)
        feats = []
        for i in range(len(places)):
            ring = places.ring[i]
            rx, ry = to_out(ring[:, 0], ring[:, 1])
            geom = QgsGeometry(QgsPolygon(QgsLineString(rx.tolist(), ry.tolist())))
            f = QgsFeature(fields)
            f.setGeometry(geom)
            f.setAttributes([int(places.place_id[i]), int(places.n_participants[i]), int(places.n_visits[i]),
                             float(places.person_hours[i]), float(geom.area())])
            feats.append(f)
        sink.addFeatures(feats, QgsFeatureSink.Flag.FastInsert)
        return dest

    def _write_trips(self, parameters, context, tr_, part, rnd, to_out, crs) -> str:
        sink, dest = self._sink(parameters, self.OUTPUT_TRIPS, context, TRIP_FIELDS, QgsWkbTypes.Type.LineString, crs)
        fields = make_fields(TRIP_FIELDS)
        feats: List[QgsFeature] = []
        for i in range(len(tr_)):
            path = tr_.path[i]
            px, py = to_out(path[:, 0], path[:, 1])
            if px.size == 1:  # back-to-back stays: a zero-length line keeps the trip visible
                px, py = np.repeat(px, 2), np.repeat(py, 2)
            f = QgsFeature(fields)
            f.setGeometry(QgsGeometry(QgsLineString(px.tolist(), py.tolist())))
            f.setAttributes([str(part[i]), str(rnd[i]), qdatetime_utc(float(tr_.start_s[i])),
                             qdatetime_utc(float(tr_.end_s[i])), float(tr_.length_m[i]),
                             _int_or_null(int(tr_.from_place[i])), _int_or_null(int(tr_.to_place[i])),
                             float(tr_.end_s[i] - tr_.start_s[i])])
            feats.append(f)
        sink.addFeatures(feats, QgsFeatureSink.Flag.FastInsert)
        return dest

    def _write_flows(self, parameters, context, fl, places, to_out, crs) -> Optional[str]:
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT_FLOWS, context, make_fields(FLOW_FIELDS),
                                          QgsWkbTypes.Type.LineString, crs)
        if sink is None:
            return None
        fields = make_fields(FLOW_FIELDS)
        cx, cy = to_out(places.x_m, places.y_m)
        feats = []
        for a, b, n_p, n_t in zip(fl.from_place.tolist(), fl.to_place.tolist(), fl.n_participants.tolist(),
                                  fl.n_trips.tolist()):
            f = QgsFeature(fields)
            geom = QgsGeometry(QgsLineString([float(cx[a]), float(cx[b])], [float(cy[a]), float(cy[b])]))
            f.setGeometry(geom)
            f.setAttributes([int(a), int(b), int(n_p), int(n_t), float(geom.length())])
            feats.append(f)
        sink.addFeatures(feats, QgsFeatureSink.Flag.FastInsert)
        return dest

    def _write_movement(self, parameters, context, feedback, out, x, y, w, pid, k_min, crs) -> None:
        bandwidth_m = self.parameterAsDouble(parameters, self.BANDWIDTH_M, context)
        pixel_m = self.parameterAsDouble(parameters, self.PIXEL_SIZE_M, context)
        keep = np.isfinite(x) & np.isfinite(y) & (w > 0)
        x, y, w, pid = x[keep], y[keep], w[keep], pid[keep]
        if x.size == 0:
            feedback.pushWarning(self.tr("No moving fixes: the movement density is empty"))
            grid = kde.Grid(0.0, pixel_m, pixel_m, 1, 1)
            write_geotiff(out, np.full(grid.shape, np.nan), grid.geotransform(), crs, "density of movement",
                          "person-hours per hectare", {"K_MIN": str(k_min)})
            return
        grid = kde.Grid.from_extent(float(x.min()), float(y.min()), float(x.max()), float(y.max()),
                                    pixel_m, bandwidth_m + pixel_m)
        if grid.n_cols * grid.n_rows > MAX_CELLS:
            raise QgsProcessingException(self.tr(
                "The movement grid would have {n} cells: use a larger pixel size").format(n=grid.n_cols * grid.n_rows))
        density = self.run_core(kde.kernel_density, x, y, w, grid, bandwidth_m, kernel="quartic", participant=pid,
                                per_participant=False, progress=self.progress_fn(feedback, 72, 95),
                                is_cancelled=self.cancel_fn(feedback)) * M2_PER_HA
        n_part = kde.participants_within(x, y, pid, grid, bandwidth_m)
        published = kanon.suppress(density, n_part, k_min) if k_min > 1 else density
        if k_min > 1:
            feedback.pushInfo(self.tr("Movement density: {n} cells suppressed (fewer than {k} participants)").format(
                n=int(np.sum((n_part < k_min) & (density > 0))), k=k_min))
        write_geotiff(out, published, grid.geotransform(), crs, "density of movement", "person-hours per hectare",
                      {"BANDWIDTH_M": f"{bandwidth_m:.3f}", "KERNEL": "quartic", "K_MIN": str(k_min),
                       "WEIGHT": "dwell", "PIXEL_SIZE_M": f"{pixel_m:g}", "CONTENT": "fixes in no stay",
                       "SOFTWARE": "Trampesti"})
