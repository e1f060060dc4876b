"""trampesti:selectsites — choose the best N shelter sites (maximal covering location problem)."""
from __future__ import annotations

import numpy as np
from qgis.core import (
    QgsFeature,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsPointXY,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputBoolean,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ..core import kanon, sites
from .alg_sitesuitability import (
    aggregate_demand,
    feature_xy,
    polygons_to_rings,
    read_demand,
    variant_fields,
)
from .base import TrampestiAlgorithm
from .styles import attach_style, style_sites

OBJECTIVE_OPTIONS = list(sites.OBJECTIVES)  # person_hours, participants
SITE_FIELDS = ("rank", "score", "person_hours_served", "participants_served", "toilet_dist_m", "covered",
               "phase", "moved", "stability")
REPORT_FIELDS = (
    ("phase", QVariant.Type.String), ("solver", QVariant.Type.String), ("optimal", QVariant.Type.Bool),
    ("objective", QVariant.Type.String), ("objective_value", QVariant.Type.Double),
    ("upper_bound", QVariant.Type.Double), ("gap_pct", QVariant.Type.Double), ("n_sites", QVariant.Type.Int),
    ("n_moved", QVariant.Type.Int), ("person_hours_served", QVariant.Type.Double),
    ("person_hours_total", QVariant.Type.Double), ("participants_served", QVariant.Type.Int),
    ("participants_total", QVariant.Type.Int), ("suppressed_person_hours", QVariant.Type.Double),
    ("runtime_s", QVariant.Type.Double), ("notes", QVariant.Type.String),
)
FIXED_SNAP_M = 1.0


def _truthy(v) -> bool:
    if v is None:
        return False
    if isinstance(v, str):
        return v.strip().lower() in ("1", "true", "yes", "y", "t", "ja")
    try:
        return bool(v) and not (hasattr(v, "isNull") and v.isNull())
    except (TypeError, ValueError):
        return False


def _num(v) -> float:
    try:
        return float(v) if v is not None else np.nan
    except (TypeError, ValueError):
        return np.nan


def recover_weights(criteria: np.ndarray, score: np.ndarray) -> np.ndarray | None:
    """Non-negative weights w (sum 1) with ``criteria @ w == score``, or None when the score is
    not such a weighted sum (residual > 1e-6)."""
    from scipy.optimize import nnls

    ok = np.all(np.isfinite(criteria), axis=1) & np.isfinite(score)
    if ok.sum() < criteria.shape[1]:
        return None
    w, _ = nnls(criteria[ok], score[ok])
    if w.sum() <= 0 or np.max(np.abs(criteria[ok] @ w - score[ok])) > 1e-6:
        return None
    return w / w.sum()


def compress_demand(dxy: np.ndarray, dw: np.ndarray, dpid: np.ndarray, cxy: np.ndarray, allowed: np.ndarray,
                    radius_m: float, by_participant: bool):
    """Merge demand points whose sets of allowed candidates within ``radius_m`` are identical (and,
    with ``by_participant``, whose participant is the same): weights summed, position = one member's.

    Exact for the covering objective over the allowed candidates (a unit's contribution depends only
    on which sites cover it), so re-selections on the merged demand choose the same sites. Points
    that no allowed candidate covers are dropped (kept only when nothing else is left).
    """
    from scipy.spatial import cKDTree

    cand = np.flatnonzero(allowed)
    if len(cand) == 0 or len(dxy) == 0:
        return dxy, dw, dpid
    near = cKDTree(cxy[cand]).query_ball_point(dxy, r=radius_m)
    _, pcode = np.unique(dpid, return_inverse=True)
    groups: dict[tuple, int] = {}
    first: list[int] = []
    inv = np.full(len(dxy), -1, dtype=np.int64)
    for i, lst in enumerate(near):
        if not lst:
            continue
        key = (int(pcode[i]) if by_participant else 0, tuple(sorted(lst)))
        g = groups.get(key)
        if g is None:
            g = groups[key] = len(first)
            first.append(i)
        inv[i] = g
    if not first:
        return dxy[:1], dw[:1], dpid[:1]
    hit = inv >= 0
    w = np.bincount(inv[hit], weights=dw[hit], minlength=len(first))
    idx = np.asarray(first, dtype=np.int64)
    return dxy[idx], w, dpid[idx]


class SelectSites(TrampestiAlgorithm):
    """Maximal covering location: N sites serving the most demand, exact MILP (HiGHS) or greedy."""

    ALGORITHM_ID = "selectsites"
    DISPLAY_NAME = "Select sites"
    GROUP = "5 Sites"
    GROUP_ID = "sites"
    TAGS = "site,selection,location,coverage,MCLP,MILP,HiGHS,greedy,phases,sensitivity"
    HELP = (
        "Chooses N_SITES of the candidate sites so that as much demand as possible lies within "
        "SERVICE_RADIUS_M of a site (maximal covering location problem, Church & ReVelle 1974), "
        "solved exactly as a mixed-integer programme with scipy's HiGHS solver; for very large "
        "inputs a greedy heuristic with its LP upper bound and gap is used. The REPORT table says "
        "which solver ran, the objective value, the bound and gap and the totals served.\n\n"
        "OBJECTIVE person_hours maximises the person-hours served; participants maximises the "
        "number of distinct participants served (ties broken by person-hours). Sites are at least "
        "MIN_SPACING_M apart; sites marked in FIXED_FIELD or given as FIXED_SITES always stay. When the "
        "candidates carry a suitability 'score' (Site suitability), SCORE_WEIGHT of the objective goes "
        "to the mean score of the chosen sites.\n\n"
        "Mobile shelters: PHASES are polygons with a 'phase' field, the areas unavailable in each "
        "phase (works, events). One set of sites is chosen per phase; keeping a site earns "
        "RELOCATION_PENALTY objective units, so a site moves only when that gains more. 'moved' marks "
        "sites that are new in a phase.\n\n"
        "Stability: SENSITIVITY_RUNS re-selections with every criterion weight multiplied by a random "
        "factor within ±WEIGHT_SPREAD (needs the c_* columns of Site suitability); stability is the "
        "share of runs that chose the site.\n\nPrivacy: demand behind fewer than K_MIN distinct "
        "participants does not count, a site must serve at least K_MIN participants, and per-site "
        "figures below K_MIN are left empty."
    )

    CANDIDATES = "CANDIDATES"
    DEMAND = "DEMAND"
    N_SITES = "N_SITES"
    SERVICE_RADIUS_M = "SERVICE_RADIUS_M"
    MIN_SPACING_M = "MIN_SPACING_M"
    FIXED_FIELD = "FIXED_FIELD"
    FIXED_SITES = "FIXED_SITES"
    OBJECTIVE = "OBJECTIVE"
    K_MIN = "K_MIN"
    PHASES = "PHASES"
    PHASE_FIELD = "PHASE_FIELD"
    RELOCATION_PENALTY = "RELOCATION_PENALTY"
    SCORE_WEIGHT = "SCORE_WEIGHT"
    SENSITIVITY_RUNS = "SENSITIVITY_RUNS"
    WEIGHT_SPREAD = "WEIGHT_SPREAD"
    SEED = "SEED"
    TIME_LIMIT_S = "TIME_LIMIT_S"
    DEMAND_CELL_M = "DEMAND_CELL_M"
    TOILETS = "TOILETS"
    COVER = "COVER"
    OUTPUT = "OUTPUT"
    REPORT = "REPORT"

    def initAlgorithm(self, config=None):
        self._keep = []
        P = QgsProcessing.SourceType
        src = QgsProcessingParameterFeatureSource
        self.addParameter(self.with_help(src(self.CANDIDATES, self.tr("Candidate sites (scored)"),
                                             [P.TypeVectorPoint, P.TypeVectorPolygon]),
                                         self.tr("Candidates, e.g. the output of Site suitability (score, c_*).")))
        self.addParameter(self.with_help(src(self.DEMAND, self.tr("Demand (fixes or stays)"), [P.TypeVectorPoint]),
                                         self.tr("Points with 'participant' and 'dwell_s' (fixes) or 'duration_s' "
                                                 "(stays).")))
        self.addParameter(self.number(self.N_SITES, "Number of sites", 3, 1, integer=True,
                                      help_text="How many sites to choose (per phase)."))
        self.addParameter(self.number(self.SERVICE_RADIUS_M, "Service radius (m)", 200.0, 1.0,
                                      help_text="Demand within this distance of a site is served by it."))
        self.addParameter(self.number(self.MIN_SPACING_M, "Minimum spacing between sites (m)", 100.0, 0.0,
                                      help_text="No two chosen sites closer than this."))
        self.addParameter(self.advanced(self.with_help(QgsProcessingParameterField(
            self.FIXED_FIELD, self.tr("Fixed-site field (true = must stay)"), parentLayerParameterName=self.CANDIDATES,
            optional=True), self.tr("A boolean (or 0/1, yes/no) field of CANDIDATES marking sites that must stay."))))
        self.addParameter(self.advanced(self.with_help(src(self.FIXED_SITES, self.tr("Fixed sites"),
                                                           [P.TypeVectorPoint], optional=True),
                                                       self.tr("Existing sites that must stay (matched to a "
                                                               "candidate within 1 m, else added)."))))
        self.addParameter(self.with_help(QgsProcessingParameterEnum(
            self.OBJECTIVE, self.tr("Objective"), options=OBJECTIVE_OPTIONS, defaultValue=0),
            self.tr("person_hours: most person-hours served; participants: most distinct participants served.")))
        self.addParameter(self.number(self.K_MIN, "Minimum participants (K_MIN)", 3, 1, integer=True,
                                      help_text="Demand behind fewer distinct participants does not count."))
        self.addParameter(self.with_help(src(self.PHASES, self.tr("Phases (unavailable areas)"),
                                             [P.TypeVectorPolygon], optional=True),
                                         self.tr("Polygons with a phase field: areas where no site can stand in "
                                                 "that phase.")))
        self.addParameter(self.advanced(self.with_help(QgsProcessingParameterField(
            self.PHASE_FIELD, self.tr("Phase field"), defaultValue="phase", parentLayerParameterName=self.PHASES,
            optional=True), self.tr("Field of PHASES holding the phase (number or text, sorted)."))))
        self.addParameter(self.number(self.RELOCATION_PENALTY, "Relocation penalty (objective units)", 5.0, 0.0,
                                      help_text="Cost of moving a site between phases, in person-hours (or "
                                                "participants): a site moves only when that gains more."))
        self.addParameter(self.advanced(self.number(
            self.SCORE_WEIGHT, "Share of the objective for the suitability score", 0.1, 0.0, 0.95,
            help_text="0 = coverage only; a = (1 - a) × share of demand served + a × mean score of the sites.")))
        self.addParameter(self.number(self.SENSITIVITY_RUNS, "Weight sensitivity runs", 200, 0, integer=True,
                                      help_text="Re-selections with perturbed criterion weights (0 = off)."))
        self.addParameter(self.advanced(self.number(self.WEIGHT_SPREAD, "Weight spread (±share)", 0.2, 0.0, 0.99,
                                                    help_text="Each weight is multiplied by a factor in 1 ± spread.")))
        self.addParameter(self.advanced(self.number(self.SEED, "Random seed", 1, 0, integer=True,
                                                    help_text="Seed of the sensitivity runs (same seed, same result).")))
        self.addParameter(self.advanced(self.number(self.TIME_LIMIT_S, "Solver time limit (s)", 60.0, 0.1,
                                                    help_text="The MILP stops here; the best plan so far is kept "
                                                              "and its gap reported.")))
        self.addParameter(self.advanced(self.number(
            self.DEMAND_CELL_M, "Demand aggregation cell (m)", 5.0, 0.0,
            help_text="Each participant's demand points within one cell are merged before solving. 0 = off.")))
        self.addParameter(self.advanced(self.with_help(src(self.TOILETS, self.tr("Toilets (for toilet_dist_m)"),
                                                           [P.TypeVectorPoint, P.TypeVectorPolygon], optional=True),
                                                       self.tr("Else toilet_dist_m is taken from the candidates."))))
        self.addParameter(self.advanced(self.with_help(src(self.COVER, self.tr("Cover (for covered)"),
                                                           [P.TypeVectorPolygon], optional=True),
                                                       self.tr("Else 'covered' is taken from the candidates."))))
        self.addParameter(self.with_help(QgsProcessingParameterFeatureSink(
            self.OUTPUT, self.tr("Sites"), QgsProcessing.SourceType.TypeVectorPoint),
            self.tr("Ranked sites: rank, score, person_hours_served, participants_served, toilet_dist_m, covered, "
                    "stability (and phase, moved).")))
        self.addParameter(self.with_help(QgsProcessingParameterFeatureSink(
            self.REPORT, self.tr("Site selection report"), QgsProcessing.SourceType.TypeVector, optional=True),
            self.tr("Per phase: solver, objective value, bound, gap and totals served.")))
        self.addOutput(QgsProcessingOutputString("SOLVER", self.tr("Solver used (first phase): milp or greedy")))
        self.addOutput(QgsProcessingOutputBoolean("OPTIMAL", self.tr("Proven optimal (first phase)")))
        self.addOutput(QgsProcessingOutputNumber("OBJECTIVE_VALUE", self.tr("Objective value (first phase)")))
        self.addOutput(QgsProcessingOutputNumber("GAP", self.tr("Optimality gap (first phase, 0..1)")))

    def _phase_masks(self, parameters, context, cxy, crs, feedback):
        src = self.parameterAsSource(parameters, self.PHASES, context)
        if src is None:
            return None, None
        field = self.parameterAsString(parameters, self.PHASE_FIELD, context) or "phase"
        if src.fields().lookupField(field) < 0:
            raise QgsProcessingException(self.tr("PHASES has no field '{f}'").format(f=field))
        groups: dict[object, list] = {}
        for feat in src.getFeatures():
            v = feat[field]
            if v is None or (hasattr(v, "isNull") and v.isNull()):
                continue
            groups.setdefault(v, []).append(feat)
        if not groups:
            feedback.pushWarning(self.tr("PHASES has no phase values: one plan without phases"))
            return None, None
        keys = list(groups)
        try:
            numeric = [float(k) for k in keys]
            keys = [k for _, k in sorted(zip(numeric, keys))]
            is_int = all(float(k).is_integer() for k in keys)
        except (TypeError, ValueError):
            keys = sorted(keys, key=str)
            is_int = False
        from .alg_sitesuitability import _OneFeature

        masks = []
        for k in keys:
            rings = []
            for feat in groups[k]:
                rings.extend(polygons_to_rings(_OneFeature(src, feat), crs, context))
            masks.append(sites.points_in_polygons(cxy, rings) if rings else np.zeros(len(cxy), dtype=bool))
        labels = [int(float(k)) if is_int else str(k) for k in keys]
        return masks, labels

    def processAlgorithm(self, parameters, context, feedback):
        cand_src = self.parameterAsSource(parameters, self.CANDIDATES, context)
        if cand_src is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.CANDIDATES))
        n_sites = self.parameterAsInt(parameters, self.N_SITES, context)
        radius = self.parameterAsDouble(parameters, self.SERVICE_RADIUS_M, context)
        spacing = self.parameterAsDouble(parameters, self.MIN_SPACING_M, context)
        k_min = self.parameterAsInt(parameters, self.K_MIN, context)
        objective = OBJECTIVE_OPTIONS[self.parameterAsEnum(parameters, self.OBJECTIVE, context)]
        penalty = self.parameterAsDouble(parameters, self.RELOCATION_PENALTY, context)
        score_weight = self.parameterAsDouble(parameters, self.SCORE_WEIGHT, context)
        runs = self.parameterAsInt(parameters, self.SENSITIVITY_RUNS, context)
        spread = self.parameterAsDouble(parameters, self.WEIGHT_SPREAD, context)
        seed = self.parameterAsInt(parameters, self.SEED, context)
        time_limit = self.parameterAsDouble(parameters, self.TIME_LIMIT_S, context)
        fixed_field = self.parameterAsString(parameters, self.FIXED_FIELD, context)

        ccrs = cand_src.sourceCrs()
        dem = read_demand(self, parameters, self.DEMAND, context, feedback,
                          ccrs if ccrs.isValid() and not ccrs.isGeographic() else None)
        if dem is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.DEMAND))
        dxy, dw, dpid, crs = dem
        dxy, dw, dpid = aggregate_demand(dxy, dw, dpid, self.parameterAsDouble(parameters, self.DEMAND_CELL_M, context))
        if len(dxy) == 0:
            raise QgsProcessingException(self.tr("DEMAND has no points"))

        copy_fields = variant_fields(cand_src, SITE_FIELDS, keep_criteria=True)  # c_* travel with the site
        copy_names = [f.name() for f in copy_fields]
        crit_names = [f.name() for f in cand_src.fields() if f.name().startswith("c_")]
        extra_names = [n for n in ("score", "toilet_dist_m", "covered") if cand_src.fields().lookupField(n) >= 0]
        wanted = copy_names + crit_names + extra_names + ([fixed_field] if fixed_field else [])
        cxy, cols, _ = feature_xy(cand_src, crs, list(dict.fromkeys(wanted)))
        n_c = len(cxy)
        if n_c == 0:
            raise QgsProcessingException(self.tr("CANDIDATES has no features with a geometry"))
        attrs = [list(r) for r in zip(*[cols[n] for n in copy_names])] if copy_names else [[] for _ in range(n_c)]
        score = np.array([_num(v) for v in cols["score"]]) if "score" in cols else np.full(n_c, np.nan)
        crit = (np.column_stack([[_num(v) for v in cols[n]] for n in crit_names]) if crit_names
                else np.zeros((n_c, 0)))
        cand_toilet = np.array([_num(v) for v in cols["toilet_dist_m"]]) if "toilet_dist_m" in cols else None
        cand_cover = [(None if v is None else _truthy(v)) for v in cols["covered"]] if "covered" in cols else None
        fixed = [i for i, v in enumerate(cols.get(fixed_field, [])) if _truthy(v)] if fixed_field else []

        fixed_src = self.parameterAsSource(parameters, self.FIXED_SITES, context)
        if fixed_src is not None and fixed_src.featureCount() > 0:
            fxy = feature_xy(fixed_src, crs)[0]
            added = 0
            for p in fxy:
                d = np.hypot(*(cxy - p).T)
                j = int(np.argmin(d))
                if d[j] <= FIXED_SNAP_M:
                    fixed.append(j)
                    continue
                cxy = np.vstack([cxy, p])
                attrs.append([None] * len(copy_names))
                score = np.append(score, np.nan)
                crit = np.vstack([crit, np.full((1, crit.shape[1]), np.nan)])
                if cand_toilet is not None:
                    cand_toilet = np.append(cand_toilet, np.nan)
                if cand_cover is not None:
                    cand_cover.append(None)
                fixed.append(len(cxy) - 1)
                added += 1
            feedback.pushInfo(self.tr("{n} fixed sites ({a} added as new candidates)").format(n=len(fxy), a=added))
            n_c = len(cxy)
        fixed = sorted(set(fixed))

        has_score = bool(np.any(np.isfinite(score)))
        total_units = float(dw.sum()) if objective == "person_hours" else float(len(np.unique(dpid)))
        beta = (score_weight / (1.0 - score_weight) * total_units / max(1, n_sites)
                if has_score and score_weight > 0 else 0.0)
        score0 = np.nan_to_num(score, nan=0.0)
        if beta > 0:
            feedback.pushInfo(self.tr("Suitability enters the objective: {b:.3g} objective units per unit of "
                                      "score and site (SCORE_WEIGHT {a:g})").format(b=beta, a=score_weight))

        masks, labels = self._phase_masks(parameters, context, cxy, crs, feedback)
        phase_masks = masks if masks is not None else [np.zeros(n_c, dtype=bool)]
        common = {"service_radius_m": radius, "min_spacing_m": spacing, "objective": objective, "k_min": k_min,
                      "time_limit_s": time_limit, "candidate_score": score if has_score else None}

        def solve(t: int, prev: np.ndarray, bonus_score: np.ndarray, progress=None, counted=None, allowed=None):
            excl = phase_masks[t]
            demand = (dxy, dw, dpid)
            kw = dict(common)
            if counted is not None:  # sensitivity runs: the demand that counts, merged (see compress_demand)
                demand = counted
                kw["k_min"] = 1
                excl = excl | ~allowed
            bonus = beta * bonus_score
            if masks is not None and prev.size:
                keep_prev = prev[~excl[prev]]
                bonus = bonus.copy()
                bonus[keep_prev] += penalty
            fx = [j for j in fixed if not excl[j]]
            if kw["candidate_score"] is None:
                kw.pop("candidate_score")
            return self.run_core(sites.select_sites, cxy, *demand, n_sites, fixed=fx, excluded_mask=excl,
                                 site_bonus=bonus, progress=progress, is_cancelled=self.cancel_fn(feedback), **kw)

        selections = []
        prevs = []
        prev = np.zeros(0, dtype=np.int64)
        n_ph = len(phase_masks)
        for t in range(n_ph):
            prevs.append(prev)
            sel = solve(t, prev, score0, self.progress_fn(feedback, 60.0 * t / n_ph, 60.0 * (t + 1) / n_ph))
            selections.append(sel)
            prev = np.sort(sel.site_index)
            for note in sel.notes:
                feedback.pushInfo(note)

        # weight sensitivity
        stability: list[np.ndarray | None] = [None] * n_ph
        if runs > 0:
            w0 = recover_weights(crit, score) if crit.shape[1] else None
            if w0 is None or beta <= 0:
                feedback.pushWarning(self.tr(
                    "Stability not computed: the candidates need 'score' and the c_* criterion columns of Site "
                    "suitability, and SCORE_WEIGHT > 0 (otherwise the weights do not change the choice)"))
            else:
                feedback.pushInfo(self.tr("Sensitivity: {n} runs, weights {w} ± {s:.0%}").format(
                    n=runs, w=", ".join(f"{c[2:]} {v:.3f}" for c, v in zip(crit_names, w0)), s=spread))
                c0 = np.nan_to_num(crit, nan=0.0)
                # the demand that counts (>= K_MIN participants) and the eligible candidates do not change
                # with the weights: settle them once, then re-select with k_min = 1 on that demand
                _, pcode = np.unique(dpid, return_inverse=True)
                counted = sites._counted_demand(dxy, pcode.astype(np.int64), radius, k_min)
                for t in range(n_ph):
                    allowed = selections[t].eligible

                    merged = compress_demand(dxy[counted], dw[counted], dpid[counted], cxy, allowed, radius,
                                             objective == "participants")
                    feedback.pushInfo(self.tr("Sensitivity: {n} demand points merged into {m} by the candidates "
                                              "that cover them").format(n=int(counted.sum()), m=len(merged[0])))

                    def selector(s, t=t, allowed=allowed, merged=merged):
                        return solve(t, prevs[t], s, counted=merged, allowed=allowed).site_index
                    res = self.run_core(sites.weight_sensitivity, c0, w0, n_sites, n_runs=runs, spread=spread,
                                        rng=seed, selector=selector,
                                        progress=self.progress_fn(feedback, 60 + 38.0 * t / n_ph,
                                                                  60 + 38.0 * (t + 1) / n_ph),
                                        is_cancelled=self.cancel_fn(feedback))
                    stability[t] = res.frequency
                    if set(res.base_sites.tolist()) != set(selections[t].site_index.tolist()):
                        feedback.pushInfo(self.tr("Sensitivity: the unperturbed re-selection found an equally good "
                                                  "alternative plan (ties in the objective)"))

        # per-site attributes
        toilets = self.parameterAsSource(parameters, self.TOILETS, context)
        txy = feature_xy(toilets, crs)[0] if toilets is not None and toilets.featureCount() else None
        cover = self.parameterAsSource(parameters, self.COVER, context)
        cover_p = polygons_to_rings(cover, crs, context) if cover is not None else None

        fields = QgsFields()
        for f in copy_fields:
            fields.append(f)
        spec = [("rank", QVariant.Type.Int), ("score", QVariant.Type.Double),
                ("person_hours_served", QVariant.Type.Double), ("participants_served", QVariant.Type.Int),
                ("toilet_dist_m", QVariant.Type.Double), ("covered", QVariant.Type.Bool)]
        if masks is not None:
            spec += [("phase", QVariant.Type.Int if all(isinstance(v, int) for v in labels) else QVariant.Type.String),
                     ("moved", QVariant.Type.Bool)]
        spec += [("stability", QVariant.Type.Double)]
        for name, kind in spec:
            fields.append(QgsField(name, kind))
        sink, dest_id = self.parameterAsSink(parameters, self.OUTPUT, context, fields, QgsWkbTypes.Type.Point, crs)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        report_rows = []
        for t, sel in enumerate(selections):
            idx = sel.site_index
            sxy = cxy[idx]
            if txy is not None:
                tdist = sites.nearest_distance_m(sxy, txy)
            elif cand_toilet is not None:
                tdist = cand_toilet[idx]
            else:
                tdist = np.full(len(idx), np.nan)
            if cover_p is not None:
                cov = [bool(v) for v in sites.points_in_polygons(sxy, cover_p)]
            elif cand_cover is not None:
                cov = [cand_cover[j] for j in idx]
            else:
                cov = [None] * len(idx)
            prev_t = prevs[t]
            moved = ~np.isin(idx, prev_t) if t > 0 else np.zeros(len(idx), dtype=bool)
            for r in range(len(idx)):
                j = int(idx[r])
                f = QgsFeature(fields)
                f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(float(sxy[r, 0]), float(sxy[r, 1]))))
                ph, npart, sc = sel.person_hours_served[r], sel.participants_served[r], sel.score[r]
                td = tdist[r]
                row = list(attrs[j]) + [int(sel.rank[r]), float(sc) if np.isfinite(sc) else None,
                                        float(ph) if np.isfinite(ph) else None,
                                        int(npart) if np.isfinite(npart) else None,
                                        float(td) if np.isfinite(td) else None, cov[r]]
                if masks is not None:
                    row += [labels[t], bool(moved[r])]
                row += [float(stability[t][j]) if stability[t] is not None else None]
                f.setAttributes(row)
                sink.addFeature(f, QgsFeatureSink.Flag.FastInsert)
            tot_p = sel.total_participants_served
            tot_all = sel.total_participants
            report_rows.append([
                str(labels[t]) if masks is not None else "", sel.method, bool(sel.optimal), objective,
                float(sel.objective_value), float(sel.upper_bound) if np.isfinite(sel.upper_bound) else None,
                100.0 * float(sel.gap), len(idx), int(moved.sum()),
                float(sel.total_person_hours_served) if kanon.is_publishable(tot_p, k_min) else None,
                float(sel.total_person_hours) if kanon.is_publishable(tot_all, k_min) else None,
                int(tot_p) if kanon.is_publishable(tot_p, k_min) else None,
                int(tot_all) if kanon.is_publishable(tot_all, k_min) else None,
                float(sel.suppressed_person_hours), float(sel.runtime_s), "; ".join(sel.notes)])
            solver = (self.tr("exact MILP (scipy HiGHS), proven optimal") if sel.method == "milp" and sel.optimal
                      else self.tr("{m}, upper bound {u:.3f}, gap {g:.2%}").format(
                          m=sel.method, u=sel.upper_bound, g=sel.gap))
            feedback.pushInfo(self.tr("{ph}{n} sites, objective {o:.3f} ({obj}); {s}").format(
                ph=(self.tr("Phase {p}: ").format(p=labels[t]) if masks is not None else ""), n=len(idx),
                o=sel.objective_value, obj=objective, s=solver))

        out = {self.OUTPUT: dest_id}
        rsink, rdest = self.parameterAsSink(parameters, self.REPORT, context,
                                            _report_fields(), QgsWkbTypes.Type.NoGeometry)
        if rsink is not None:
            for row in report_rows:
                f = QgsFeature(_report_fields())
                f.setAttributes(row)
                rsink.addFeature(f, QgsFeatureSink.Flag.FastInsert)
            out[self.REPORT] = rdest
        s0 = selections[0]
        out.update({"SOLVER": s0.method, "OPTIMAL": bool(s0.optimal), "OBJECTIVE_VALUE": float(s0.objective_value),
                    "GAP": float(s0.gap)})
        attach_style(context, dest_id, style_sites, self._keep)
        return out


def _report_fields() -> QgsFields:
    fields = QgsFields()
    for name, kind in REPORT_FIELDS:
        fields.append(QgsField(name, kind))
    return fields
