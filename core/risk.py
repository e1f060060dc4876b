"""Re-identification risk of a round's outputs, and the privacy report for the DPO.

The attack measured here (de Montjoye et al., "Unique in the crowd", Sci. Rep. 2013): an
attacker knows ``p`` points of a target person — a place (grid cell of ``cell_m`` metres)
and an hour slot (``slot_s`` seconds) where the person was, e.g. from seeing them — and
looks for traces in the published data that contain all ``p`` points. He then picks one of
the matching candidates at random. The success rate is the mean over random trials of
``1/|candidates|`` when the target is among the candidates (0 otherwise). Chance level is
``1/n`` for ``n`` participants.

For an aggregate (density cells, hotspots, places; each backed by >= k distinct
participants, see :mod:`.kanon`) there are no traces: a published record is a cell. The
attacker finds the published cells that contain his known points and picks one person from
those standing behind the smallest such cell; with nothing matched he has only chance. The
rate is computed from the real memberships, and is <= 1/k because no published cell has
fewer than k backers.
"""
from __future__ import annotations

import html
from dataclasses import asdict, dataclass
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple

import numpy as np
from scipy import sparse

from . import kanon
from .exceptions import CancelledError, ParameterError
from .privacy import MASK_REASONS, AnonymisationResult, RngLike, factorize, make_rng, unique_rows

ProgressFn = Optional[Callable[[float], None]]
CancelFn = Optional[Callable[[], bool]]

LABEL_RAW = "personal data (never leaves the project team)"
LABEL_ANONYMISED = "pseudonymised personal data (GDPR still applies)"
LABEL_AGGREGATE = "the shareable outputs"


@dataclass
class AttackResult:
    """Outcome of the p-point attack on one output. Rates are fractions 0..1."""

    p: int
    success_rate: float        # mean of 1/|candidates| (0 when the target is not a candidate)
    chance: float              # 1/n participants
    singled_out_share: float   # share of trials where the target was the only candidate
    worst_trial: float         # highest success of a single trial
    n_trials: int
    n_participants: int

    def as_dict(self) -> Dict[str, Any]:
        return asdict(self)


# --------------------------------------------------------------------------------------------
# Discretisation
# --------------------------------------------------------------------------------------------

def _cells(x_m: np.ndarray, y_m: np.ndarray, cell_m: float,
           origin_xy: Tuple[float, float]) -> Tuple[np.ndarray, np.ndarray]:
    if cell_m <= 0:
        raise ParameterError("The attack grid needs a positive cell size in metres")
    ix = np.floor((np.asarray(x_m, dtype=np.float64) - origin_xy[0]) / cell_m).astype(np.int64)
    iy = np.floor((np.asarray(y_m, dtype=np.float64) - origin_xy[1]) / cell_m).astype(np.int64)
    return ix, iy


def _slots(time_s: Optional[np.ndarray], slot_s: Optional[float], n: int) -> np.ndarray:
    if time_s is None or not slot_s or slot_s <= 0:
        return np.zeros(n, dtype=np.int64)
    return np.floor(np.asarray(time_s, dtype=np.float64) / float(slot_s)).astype(np.int64)


def _finite(*arrays) -> np.ndarray:
    ok = np.ones(np.asarray(arrays[0]).shape[0], dtype=bool)
    for a in arrays:
        if a is not None:
            ok &= np.isfinite(np.asarray(a, dtype=np.float64))
    return ok


def _pairs_matrix(pid: np.ndarray, tok: np.ndarray, n_p: int, n_t: int) -> sparse.csr_matrix:
    """Boolean participant x token incidence (duplicates collapse)."""
    m = sparse.csr_matrix((np.ones(pid.size, dtype=np.float64), (pid, tok)), shape=(n_p, n_t))
    m.data[:] = 1.0
    m.sum_duplicates()
    m.data[:] = 1.0
    return m


def _known_slices(pid: np.ndarray, tok: np.ndarray, n_p: int) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct known tokens per participant: (tokens sorted by participant, start, count)."""
    pairs = unique_rows(np.column_stack([pid, tok]))[0] if pid.size else np.zeros((0, 2), dtype=np.int64)
    counts = np.bincount(pairs[:, 0], minlength=n_p) if pairs.size else np.zeros(n_p, dtype=np.int64)
    start = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
    return pairs[:, 1].astype(np.int64), start, counts


def _draw(rng: np.random.Generator, known_tok: np.ndarray, start: np.ndarray, counts: np.ndarray,
          targets: np.ndarray, p: int) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each trial's target, ``min(p, its number of points)`` distinct known tokens.
    Returns (trial index per chosen token, token, number chosen per trial)."""
    k = np.minimum(p, counts[targets])
    # a uniform sample without replacement of the target's distinct points, per trial
    rows, toks = [], []
    for i, (tg, kk) in enumerate(zip(targets, k)):
        s, c = int(start[tg]), int(counts[tg])
        pick = rng.choice(c, size=int(kk), replace=False) + s
        rows.append(np.full(int(kk), i, dtype=np.int64))
        toks.append(known_tok[pick])
    if not rows:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), k
    return np.concatenate(rows), np.concatenate(toks), k


# --------------------------------------------------------------------------------------------
# Attack on traces (fix layers)
# --------------------------------------------------------------------------------------------

def reidentification_risk(
    participant: np.ndarray,
    time_s: np.ndarray,
    x_m: np.ndarray,
    y_m: np.ndarray,
    p_values: Sequence[int] = (1, 2, 3, 4),
    cell_m: float = 100.0,
    slot_s: float = 3600.0,
    n_trials: int = 1000,
    rng: RngLike = None,
    known: Optional[Tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = None,
    tolerance_cells: int = 0,
    origin_xy: Tuple[float, float] = (0.0, 0.0),
    match: str = "all",
    progress: ProgressFn = None,
    is_cancelled: CancelFn = None,
) -> Dict[int, AttackResult]:
    """The p-point attack against a published fix layer (see the module docstring).

    ``participant``/``time_s``/``x_m``/``y_m``: the published traces (labels may be
    pseudonyms). ``known``: the attacker's background knowledge as (participant, time_s,
    x_m, y_m) with the SAME labels — typically the raw fixes, with times passed through the
    same calendar transform as the output; default = the published traces themselves.
    Both are discretised to (cell of ``cell_m`` m, slot of ``slot_s`` s). With
    ``tolerance_cells`` > 0 a published point also matches known points up to that many
    cells away (an attacker allowing for spatial noise). ``match``: ``"all"`` = candidates
    are the traces holding all known points (the classic unicity attack); ``"most"`` = the
    traces holding the largest number of them (at least one) — the stronger attacker when
    masking removed some of the points he knows. Both agree when knowledge = published.
    Returns ``{p: AttackResult}``.
    """
    if match not in ("all", "most"):
        raise ParameterError("match must be 'all' or 'most'")
    g = make_rng(rng)
    ok = _finite(time_s, x_m, y_m)
    pub_lab, pub_code = factorize(np.asarray(participant, dtype=object)[ok])
    pix, piy = _cells(np.asarray(x_m)[ok], np.asarray(y_m)[ok], cell_m, origin_xy)
    psl = _slots(np.asarray(time_s)[ok], slot_s, pub_code.size)
    pub = unique_rows(np.column_stack([pub_code, pix, piy, psl]))[0]  # distinct points per trace
    if known is None:
        kn_lab, kn = pub_lab, pub
    else:
        kp, kt, kx, ky = known
        kok = _finite(kt, kx, ky)
        kn_lab, kn_code = factorize(np.asarray(kp, dtype=object)[kok])
        kix, kiy = _cells(np.asarray(kx)[kok], np.asarray(ky)[kok], cell_m, origin_xy)
        ksl = _slots(None if kt is None else np.asarray(kt)[kok], slot_s, kn_code.size)
        kn = unique_rows(np.column_stack([kn_code, kix, kiy, ksl]))[0]
    if tolerance_cells and tolerance_cells > 0 and pub.size:
        r = int(tolerance_cells)
        offs = np.array([(dx, dy) for dx in range(-r, r + 1) for dy in range(-r, r + 1)], dtype=np.int64)
        grown = np.repeat(pub, offs.shape[0], axis=0)
        grown[:, 1] += np.tile(offs[:, 0], pub.shape[0])
        grown[:, 2] += np.tile(offs[:, 1], pub.shape[0])
        pub = unique_rows(grown)[0]
    n_pub = int(pub_lab.size)
    if n_pub == 0:
        raise ParameterError("There are no published fixes to attack")
    labels = np.union1d(pub_lab, kn_lab)
    pub_pid = np.searchsorted(labels, pub_lab)[pub[:, 0]]
    kn_pid = np.searchsorted(labels, kn_lab)[kn[:, 0]] if kn.size else np.zeros(0, dtype=np.int64)
    vocab, tok = unique_rows(np.vstack([pub[:, 1:], kn[:, 1:]]))
    pub_tok, kn_tok = tok[: pub.shape[0]], tok[pub.shape[0] :]
    n_p, n_t = labels.size, vocab.shape[0]
    M = _pairs_matrix(pub_pid, pub_tok, n_p, n_t)
    known_tok, start, counts = _known_slices(kn_pid, kn_tok, n_p)
    candidates_pool = np.flatnonzero(counts > 0)
    out: Dict[int, AttackResult] = {}
    for j, p in enumerate(p_values):
        if is_cancelled is not None and is_cancelled():
            raise CancelledError("The risk computation was cancelled")
        targets = candidates_pool[g.integers(0, candidates_pool.size, size=int(n_trials))]
        rows, toks, k = _draw(g, known_tok, start, counts, targets, int(p))
        Q = sparse.csc_matrix((np.ones(rows.size), (toks, rows)), shape=(n_t, int(n_trials)))
        hits = np.asarray((M @ Q).todense())  # participants x trials: how many chosen points each trace holds
        if match == "all":
            cand = hits >= k[None, :]
        else:
            best = hits.max(axis=0)
            cand = (hits == best[None, :]) & (best[None, :] > 0)
        n_cand = cand.sum(axis=0)
        target_in = cand[targets, np.arange(int(n_trials))]
        succ = np.where(target_in & (n_cand > 0), 1.0 / np.maximum(n_cand, 1), 0.0)
        out[int(p)] = AttackResult(
            p=int(p), success_rate=float(succ.mean()), chance=1.0 / n_pub,
            singled_out_share=float(np.mean(target_in & (n_cand == 1))), worst_trial=float(succ.max()),
            n_trials=int(n_trials), n_participants=n_pub,
        )
        if progress is not None:
            progress((j + 1) / len(p_values))
    return out


# --------------------------------------------------------------------------------------------
# Attack on aggregates
# --------------------------------------------------------------------------------------------

@dataclass
class AggregateAttackResult(AttackResult):
    """The p-point attack on an aggregate, with the aggregate's k figures."""

    k_min: int = kanon.DEFAULT_K_MIN
    min_k_published: Optional[int] = None   # smallest participant count of a published record
    n_published: int = 0
    n_suppressed: int = 0


def aggregate_risk_from_membership(
    member_group: np.ndarray,
    member_participant: np.ndarray,
    known_group: np.ndarray,
    known_participant: np.ndarray,
    k_min: int = kanon.DEFAULT_K_MIN,
    p_values: Sequence[int] = (1, 2, 3, 4),
    n_trials: int = 1000,
    rng: RngLike = None,
    n_participants: Optional[int] = None,
    is_cancelled: CancelFn = None,
) -> Dict[int, AggregateAttackResult]:
    """The attack on any aggregate given as memberships.

    ``member_group`` (int ids >= 0) / ``member_participant``: who stands behind each
    aggregate record (a cell, hotspot, place), one row per (record, participant) or more.
    Records are published iff :func:`kanon.is_publishable` (distinct participants >=
    ``k_min``). ``known_group``/``known_participant``: the attacker's known points, each as
    the record id it falls in (-1 = in no record). ``n_participants``: everyone in the round
    (for chance level; default = everyone in the memberships and the knowledge).
    """
    g = make_rng(rng)
    mg = np.asarray(member_group, dtype=np.int64)
    m_lab, m_code = factorize(member_participant)
    kg = np.asarray(known_group, dtype=np.int64)
    k_lab, k_code = factorize(known_participant)
    labels = np.union1d(m_lab, k_lab)
    n_all = int(n_participants) if n_participants else int(labels.size)
    if n_all == 0:
        raise ParameterError("There are no participants to attack")
    n_groups = int(max(mg.max(initial=-1), kg.max(initial=-1)) + 1)
    counts_per_group = kanon.distinct_count(mg, m_code, n_groups)
    published = kanon.is_publishable(counts_per_group, k_min) & (counts_per_group > 0)
    n_published = int(published.sum())
    n_suppressed = int(((counts_per_group > 0) & ~published).sum())
    min_k = kanon.min_k(counts_per_group[published], k_min) if n_published else None
    mpid = np.searchsorted(labels, m_lab)[m_code] if m_code.size else np.zeros(0, dtype=np.int64)
    kpid = np.searchsorted(labels, k_lab)[k_code] if k_code.size else np.zeros(0, dtype=np.int64)
    # backers of published records only: that is all the aggregate reveals
    keep_m = (mg >= 0) & published[np.clip(mg, 0, max(n_groups - 1, 0))] if n_groups else np.zeros(0, bool)
    M = _pairs_matrix(mg[keep_m], mpid[keep_m], max(n_groups, 1), labels.size)  # groups x participants
    backers = np.rint(np.asarray(M.sum(axis=1)).reshape(-1)).astype(np.int64)
    kk = kg >= 0
    known_tok, start, counts = _known_slices(kpid[kk], kg[kk], labels.size)
    pool = np.flatnonzero(counts > 0)
    out: Dict[int, AggregateAttackResult] = {}
    for p in p_values:
        if is_cancelled is not None and is_cancelled():
            raise CancelledError("The risk computation was cancelled")
        if pool.size == 0:
            succ = np.full(int(n_trials), 1.0 / n_all)
            single = np.zeros(int(n_trials), dtype=bool)
        else:
            targets = pool[g.integers(0, pool.size, size=int(n_trials))]
            rows, toks, _ = _draw(g, known_tok, start, counts, targets, int(p))
            # matched published records per trial; the attacker takes the one with fewest backers
            pub_hit = published[toks] if toks.size else np.zeros(0, bool)
            size = np.where(pub_hit, backers[toks], np.iinfo(np.int64).max)
            best_size = np.full(int(n_trials), np.iinfo(np.int64).max)
            np.minimum.at(best_size, rows, size)
            best_tok = np.full(int(n_trials), -1)
            is_best = pub_hit & (size == best_size[rows])
            best_tok[rows[is_best]] = toks[is_best]
            matched = best_tok >= 0
            target_backs = np.zeros(int(n_trials), dtype=bool)
            if matched.any():
                target_backs[matched] = np.asarray(M[best_tok[matched], targets[matched]]).reshape(-1) > 0
            n_cand = np.where(matched, backers[np.maximum(best_tok, 0)], n_all)
            succ = np.where(matched, np.where(target_backs, 1.0 / np.maximum(n_cand, 1), 0.0), 1.0 / n_all)
            single = matched & target_backs & (n_cand == 1)
        out[int(p)] = AggregateAttackResult(
            p=int(p), success_rate=float(succ.mean()), chance=1.0 / n_all,
            singled_out_share=float(single.mean()), worst_trial=float(succ.max()),
            n_trials=int(n_trials), n_participants=n_all, k_min=int(k_min),
            min_k_published=min_k, n_published=n_published, n_suppressed=n_suppressed,
        )
    return out


def grid_membership(
    participant: np.ndarray,
    x_m: np.ndarray,
    y_m: np.ndarray,
    cell_m: float,
    time_s: Optional[np.ndarray] = None,
    slot_s: Optional[float] = None,
    radius_cells: float = 0.0,
    origin_xy: Tuple[float, float] = (0.0, 0.0),
) -> Tuple[np.ndarray, np.ndarray]:
    """(cell triples (ix, iy, slot), participant) for each distinct presence in a grid
    aggregate; with ``radius_cells`` > 0 every presence also backs the cells within that
    radius (as a kernel density cell is backed by everyone within the kernel radius — the
    same rule as :func:`kanon.grid_distinct_participants`)."""
    ok = _finite(x_m, y_m, time_s)
    labels, pid = factorize(np.asarray(participant, dtype=object)[ok])
    ix, iy = _cells(np.asarray(x_m)[ok], np.asarray(y_m)[ok], cell_m, origin_xy)
    sl = _slots(None if time_s is None else np.asarray(time_s)[ok], slot_s, pid.size)
    base = unique_rows(np.column_stack([pid, ix, iy, sl]))[0] if pid.size else np.zeros((0, 4), np.int64)
    if radius_cells and radius_cells > 0 and base.size:
        fp = kanon.disk_footprint(radius_cells)
        r = fp.shape[0] // 2
        dy, dx = np.nonzero(fp)
        dx, dy = dx - r, dy - r
        rep = np.repeat(base, dx.size, axis=0)
        rep[:, 1] += np.tile(dx, base.shape[0])
        rep[:, 2] += np.tile(dy, base.shape[0])
        base = unique_rows(rep)[0]
    return base[:, 1:], labels[base[:, 0]] if base.size else np.zeros(0, dtype=str)


def aggregate_risk(
    participant: np.ndarray,
    x_m: np.ndarray,
    y_m: np.ndarray,
    cell_m: float,
    k_min: int = kanon.DEFAULT_K_MIN,
    p_values: Sequence[int] = (1, 2, 3, 4),
    n_trials: int = 1000,
    rng: RngLike = None,
    time_s: Optional[np.ndarray] = None,
    slot_s: Optional[float] = None,
    radius_cells: float = 0.0,
    known: Optional[Tuple[np.ndarray, Optional[np.ndarray], np.ndarray, np.ndarray]] = None,
    origin_xy: Tuple[float, float] = (0.0, 0.0),
    is_cancelled: CancelFn = None,
) -> Dict[int, AggregateAttackResult]:
    """The attack on a grid aggregate (a density raster; per time slot if ``time_s`` and
    ``slot_s`` are given) built from these fixes, cells below ``k_min`` suppressed.

    ``known`` = (participant, time_s, x_m, y_m) of the attacker's knowledge (default: the
    same fixes); each known point is looked up in the cell holding it.
    """
    cells, members = grid_membership(participant, x_m, y_m, cell_m, time_s, slot_s, radius_cells, origin_xy)
    if known is None:
        known = (participant, time_s, x_m, y_m)
    kp, kt, kx, ky = known
    kc, kmem = grid_membership(kp, kx, ky, cell_m, kt if time_s is not None else None, slot_s, 0.0, origin_xy)
    vocab, inv = unique_rows(np.vstack([cells, kc]).reshape(-1, 3))
    mg, kg = inv[: cells.shape[0]], inv[cells.shape[0] :]
    n_all = int(np.union1d(factorize(participant)[0], factorize(kp)[0]).size)
    return aggregate_risk_from_membership(mg, members, kg, kmem, k_min, p_values, n_trials, rng,
                                          n_participants=n_all, is_cancelled=is_cancelled)


# --------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------

def _attack_rows(res: Mapping[int, AttackResult]) -> List[Dict[str, Any]]:
    return [r.as_dict() for _, r in sorted(res.items())]


def privacy_report(
    result: AnonymisationResult,
    raw_participant: np.ndarray,
    raw_time_s: np.ndarray,
    raw_x_m: np.ndarray,
    raw_y_m: np.ndarray,
    k_min: int = kanon.DEFAULT_K_MIN,
    cell_m: Optional[float] = None,
    slot_s: float = 3600.0,
    p_values: Sequence[int] = (1, 2, 3, 4),
    n_trials: int = 1000,
    rng: RngLike = None,
    aggregate_cell_m: Optional[float] = None,
    aggregate_radius_cells: float = 0.0,
    extra_aggregates: Sequence[Dict[str, Any]] = (),
    round_label: str = "",
    progress: ProgressFn = None,
    is_cancelled: CancelFn = None,
) -> Dict[str, Any]:
    """The privacy report as a dict (JSON-ready; pseudonyms only, no raw key, no coordinates).

    ``raw_*`` are the rows given to :func:`~.privacy.anonymise_arrays` (raw keys are mapped
    to pseudonyms here and never stored). Three attacks, all with the attacker knowing real
    points (raw positions, the output's calendar transform applied to times):

    - raw fixes: the attack on the imported traces, at the output's resolution;
    - anonymised fixes: the same knowledge matched against the anonymised layer, the
      attacker taking the traces that hold the most of his points (``match="most"``, so
      points lost to masking do not make him give up), allowing 1 cell of slack under
      Laplace noise;
    - aggregates: a density grid of ``aggregate_cell_m`` (default ``cell_m``) built from the
      anonymised fixes with ``k_min`` suppression; plus any ``extra_aggregates`` entries
      (``{"name", "k_min", "min_k_published", "attack": {p: AttackResult}}``) from callers
      that computed the attack on their own hotspots or places.

    ``cell_m`` defaults to the output's spatial resolution, or 100 m when not coarsened.
    """
    g = make_rng(rng)
    s = result.settings
    if cell_m is None:
        cell_m = float(s.get("spatial_resolution_m") or 0.0) or 100.0
    slot_s = max(float(slot_s), float(s.get("time_resolution_s") or 0.0))
    raw_labels, raw_code = factorize(raw_participant)
    pseudo_all = np.array([result.pseudonyms[k] for k in raw_labels], dtype=object)[raw_code]
    t_known = np.asarray(raw_time_s, dtype=np.float64)
    if result.time_transform is not None:
        t_known = result.time_transform(t_known)
    known = (pseudo_all, t_known, raw_x_m, raw_y_m)
    tol = 1 if s.get("laplace_epsilon_per_m") else 0

    def step(f: float) -> None:
        if progress is not None:
            progress(f)

    raw_attack = reidentification_risk(pseudo_all, t_known, raw_x_m, raw_y_m, p_values, cell_m, slot_s,
                                       n_trials, g, is_cancelled=is_cancelled)
    step(0.3)
    anon_attack = reidentification_risk(result.participant_out, result.time_s_out, result.x_m_out,
                                        result.y_m_out, p_values, cell_m, slot_s, n_trials, g, known=known,
                                        tolerance_cells=tol, match="most",
                                        is_cancelled=is_cancelled) if result.n_out else {}
    step(0.6)
    agg_cell = float(aggregate_cell_m or cell_m)
    aggregates: List[Dict[str, Any]] = []
    if result.n_out:
        agg = aggregate_risk(result.participant_out, result.x_m_out, result.y_m_out, agg_cell, k_min, p_values,
                             n_trials, g, radius_cells=aggregate_radius_cells,
                             known=(pseudo_all, None, raw_x_m, raw_y_m),
                             is_cancelled=is_cancelled)
        first = next(iter(agg.values()))
        aggregates.append({
            "name": f"density grid {agg_cell:g} m",
            "label": LABEL_AGGREGATE,
            "k_min": int(k_min),
            "min_k_published": first.min_k_published,
            "n_published": first.n_published,
            "n_suppressed": first.n_suppressed,
            "attack": _attack_rows(agg),
        })
    for e in extra_aggregates:
        att = e.get("attack", {})
        aggregates.append({
            "name": str(e.get("name", "aggregate")), "label": LABEL_AGGREGATE,
            "k_min": int(e.get("k_min", k_min)), "min_k_published": e.get("min_k_published"),
            "n_published": e.get("n_published"), "n_suppressed": e.get("n_suppressed"),
            "attack": _attack_rows(att) if isinstance(att, dict) else list(att),
        })
    step(0.9)
    removed = {k: int(v) for k, v in sorted(result.removed.items())}
    by_p = {}
    for pn in sorted(result.kept_by_pseudonym):
        rem = {k: int(v) for k, v in sorted(result.removed_by_pseudonym.get(pn, {}).items())}
        by_p[pn] = {"kept": int(result.kept_by_pseudonym[pn]), "removed": rem, "removed_total": int(sum(rem.values()))}
    places: Dict[str, Dict[str, Any]] = {}
    for pl in result.sleeping_places:
        d = places.setdefault(pl.participant, {"places": 0, "night_hours": 0.0})
        d["places"] += 1
        d["night_hours"] = round(d["night_hours"] + pl.night_dwell_s / 3600.0, 1)
    report: Dict[str, Any] = {
        "kind": "trampesti-privacy-report",
        "round": str(round_label),
        "n_participants": len(result.kept_by_pseudonym),
        "fixes_in": result.n_in,
        "fixes_out": result.n_out,
        "removed": removed,
        "removed_total": int(sum(removed.values())),
        "masked_total": int(sum(v for k, v in removed.items() if k in MASK_REASONS)),
        "removed_by_pseudonym": by_p,
        "sleeping_places": {k: places[k] for k in sorted(places)},
        "settings": dict(s),
        "attack_grid": {"cell_m": float(cell_m), "slot_s": float(slot_s), "n_trials": int(n_trials),
                        "p_values": [int(p) for p in p_values], "tolerance_cells": tol},
        "outputs": [
            {"name": "raw fixes", "label": LABEL_RAW, "attack": _attack_rows(raw_attack)},
            {"name": "anonymised fixes", "label": LABEL_ANONYMISED, "attack": _attack_rows(anon_attack)},
        ] + aggregates,
    }
    step(1.0)
    return report


_REASON_TEXT = {
    "masked_polygon": "inside a masked area drawn by the planner",
    "masked_sleeping_place": "near a place where someone sleeps (detected at night)",
    "masked_handout": "first/last minutes at the site where loggers are handed out",
    "withdrawn": "the participant withdrew",
}


def _pct(v: float) -> str:
    return f"{100.0 * float(v):.1f} %"


def privacy_report_html(report: Dict[str, Any]) -> str:
    """The report as a self-contained HTML page written for a data-protection officer."""
    e = html.escape
    out: List[str] = [
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Privacy report</title>",
        "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}table{border-collapse:collapse;"
        "margin:1em 0}td,th{border:1px solid #999;padding:.25em .6em;text-align:right}th{background:#eee}"
        "td:first-child,th:first-child{text-align:left}.label{font-weight:bold}</style></head><body>",
        f"<h1>Privacy report{(' — round ' + e(str(report.get('round')))) if report.get('round') else ''}</h1>",
        "<p>This report says what was removed from the GPS tracks before anything was shared, and how "
        "easily a person could still be recognised in each output.</p>",
        f"<p>Participants: {int(report['n_participants'])}. GPS fixes before: {int(report['fixes_in'])}; "
        f"after anonymising: {int(report['fixes_out'])}; removed: {int(report['removed_total'])}.</p>",
        "<h2>What was removed and why</h2><table><tr><th>Reason</th><th>Fixes removed</th></tr>",
    ]
    for k, v in report["removed"].items():
        out.append(f"<tr><td>{e(_REASON_TEXT.get(k, k))}</td><td>{int(v)}</td></tr>")
    out.append("</table>")
    reasons = sorted({k for d in report["removed_by_pseudonym"].values() for k in d["removed"]})
    out.append("<h3>Per participant (pseudonyms only)</h3><table><tr><th>Pseudonym</th><th>Fixes kept</th>"
               + "".join(f"<th>{e(_REASON_TEXT.get(r, r))}</th>" for r in reasons) + "</tr>")
    for pn, d in report["removed_by_pseudonym"].items():
        out.append(f"<tr><td>{e(pn)}</td><td>{int(d['kept'])}</td>"
                   + "".join(f"<td>{int(d['removed'].get(r, 0))}</td>" for r in reasons) + "</tr>")
    out.append("</table>")
    n_sp = sum(int(v["places"]) for v in report["sleeping_places"].values())
    out.append(f"<p>Sleeping places detected at night and masked: {n_sp}, for "
               f"{len(report['sleeping_places'])} participants. Their locations are not in this report.</p>")
    s = report["settings"]
    if s.get("seeded"):
        out.append("<p><strong>Warning: this run used a fixed random seed (meant for tests only). Pseudonyms and "
                   "noise can be reproduced; do not use this output for a real round.</strong></p>")
    out.append("<h2>Settings</h2><table>" + "".join(
        f"<tr><td>{e(str(k))}</td><td>{e(str(v))}</td></tr>" for k, v in s.items()) + "</table>")
    ag = report["attack_grid"]
    out.append(
        "<h2>Could someone still recognise a person?</h2>"
        f"<p>We simulate someone who knows a few places and hours where a person was (for example from "
        f"seeing them), each to within {ag['cell_m']:g} m and {ag['slot_s'] / 60:g} minutes, and tries to "
        "pick that person's track from the output. The table gives how often that guess is right "
        f"(average over {int(ag['n_trials'])} random tries), next to the chance of a blind guess.</p>")
    for o in report["outputs"]:
        out.append(f"<h3>{e(str(o['name']))}: <span class='label'>{e(str(o['label']))}</span></h3>")
        if "k_min" in o:
            out.append(f"<p>Every published cell stands for at least {int(o['k_min'])} different people "
                       f"(smallest published: {e(str(o.get('min_k_published')))}; cells published: "
                       f"{e(str(o.get('n_published')))}, withheld: {e(str(o.get('n_suppressed')))}).</p>")
        out.append("<table><tr><th>Points known</th><th>Right guess</th><th>Blind guess</th>"
                   "<th>Person singled out</th></tr>")
        for r in o["attack"]:
            out.append(f"<tr><td>{int(r['p'])}</td><td>{_pct(r['success_rate'])}</td><td>{_pct(r['chance'])}</td>"
                       f"<td>{_pct(r['singled_out_share'])}</td></tr>")
        out.append("</table>")
    out.append(
        "<p>The anonymised fix layer is still personal data: the data-protection rules (GDPR) apply to "
        "it, it stays with the project team and is deleted with the round. Only the aggregates (maps "
        "of cells and areas, each backed by several people) are meant to be shared.</p></body></html>")
    return "\n".join(out)
