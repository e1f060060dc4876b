"""Stay edges refined to the moment a person stopped or set off (pure numpy/scipy, no QGIS).

The sliding window of :mod:`.stays` starts a stay at the first fix within ``distance_m`` of
its anchor. When a person walks in, that fix is on the way: at 1 m/s the walk through a
50 m circle takes most of a minute, so a stay found by the window alone starts up to a
minute early and ends up to a minute late whenever fixes come every few seconds. Sparse
sampling hides this (the fix before arrival is already outside), dense sampling shows it.

This module moves each edge to where the track stops moving:

* **Noise model per participant.** GPS error drifts slowly and, after the receiver's own
  filter, is smooth over seconds. The model is a second-order Gauss-Markov process (an
  Ornstein-Uhlenbeck drift with correlation time ``drift_s``, low-passed with time
  constant ``smooth_s``; ``smooth_s = 0`` is a plain OU drift) plus white noise. Its
  parameters are fitted, per participant, to the autocorrelation of the fixes in the
  interior of that participant's stays (more than two minutes from either edge), where the
  person is known to be at rest. No constant is tuned to a device.
* **Hinge fit.** Around each edge the track is modelled as a straight walk at constant
  velocity that stops at a fixed point (or, at the end, sets off from it): positions
  ``c + w * max(tau - t, 0)`` with ``c`` and ``w`` free (2-D) and the stop time ``tau``
  scanned over the fixes of the window, then over sub-steps between them. Each candidate is
  scored by generalised least squares under the fitted noise covariance (Cholesky
  whitening); the best ``tau`` wins if it beats the window's own edge by a clear margin
  (:data:`MIN_GAIN`, a log-likelihood difference of 2), else the edge stays where it was.
* **Device speed** (optional). Loggers that record the receiver's own speed over ground
  (NMEA RMC, most CSV loggers, FIT, some GPX) measure it from the Doppler shift, which is
  independent of the position error and tells walking (about 1 m/s) from sitting (about
  0.1 m/s) fix by fix. Per participant, the speeds at rest (stay interiors) and on the move
  (fixes outside stays) are summarised by robust means and spreads; when the two are well
  apart (:data:`SPEED_MIN_SEPARATION`), each fix adds the log-likelihood ratio "moving
  rather than at rest" (capped at :data:`SPEED_LLR_CAP`) to the fit of every candidate stop
  time that puts it on the walk. Speeds a cleaning step filled in from positions are noisy at
  rest and not independent of the positions: they are recognised
  (:func:`drop_position_speeds`) and left out.
* **The speed is checked against the positions** (:func:`_speed_verdict`). Each edge is
  fitted with and without the speed from one factorisation. A right speed moves a stop
  only where the positions hardly mind; a wrong one (smoothed by an app, rows misaligned,
  noise) pulls stops to where they fit the positions badly. Per participant the mean of
  that cost decides whether the speed is used; per edge, a speed that contradicts the
  positions there is set aside. A receiver whose speed lags its positions (a velocity
  filter, up to :data:`MAX_LAG_S` or :data:`MAX_LAG_INTERVALS` intervals) is measured from
  the edges (speed switch minus the stop from positions alone) and allowed for; a larger
  lag rules the speed out. Same-time fixes count once.
* **The stay then starts at the first fix at or after ``tau``** (ends at the last fix at or
  before it): still a fix of the stay, never the first fix outside. Refinement only trims a
  stay, never makes it shorter than ``min_duration_s``, and keeps same-time fixes together.

Cost: one small Cholesky factorisation per edge (at most ``MAX_WINDOW_FIXES`` fixes), about
a millisecond; a per-stay loop, not a per-fix one. Units: seconds (UTC epoch), metres.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Tuple

import numpy as np
from scipy.linalg import LinAlgError, cholesky, solve_triangular

from .geodesy import path_speed_mps

PRE_S = 60.0
"""Seconds of track before a stay's first fix used to learn the walk in (also after the end)."""
SEARCH_S = 120.0
"""Seconds after a stay's first fix (before its last) in which the stop may lie."""
POST_S = 60.0
"""Seconds of rest after the last candidate stop used to pin the resting point."""
MIN_SPAN_INTERVALS = 3.0
"""Each of the three spans covers at least this many sampling intervals (sparse loggers)."""
MAX_PRE_FIXES = 48
MAX_SEARCH_FIXES = 96
MAX_POST_FIXES = 48
MAX_WINDOW_FIXES = MAX_PRE_FIXES + MAX_SEARCH_FIXES + MAX_POST_FIXES
SUB_STEPS = 4
"""Sub-steps per sampling interval in the second pass of the stop-time scan."""
MIN_GAIN = 4.0
"""Whitened sum-of-squares improvement (= 2 x log-likelihood) a refined edge must achieve over
the window's own edge; below it the edge is left alone."""
INTERIOR_MARGIN_S = 120.0
"""Fixes this close to a stay's edges are not used to fit the noise model."""
MAX_LAGS = 15
"""Autocorrelation lags (in sampling intervals) fitted by the noise model."""
MAX_FIT_FIXES = 12000
"""Interior fixes per participant used for the noise fit (the first stays' interiors)."""

SPEED_MIN_SEPARATION = 3.0
"""Rest and moving speeds must be this many pooled spreads apart for the speed channel."""
SPEED_LLR_CAP = 4.0
"""Largest log-likelihood ratio one fix's speed may add (robust to odd readings)."""
SPEED_SD_FLOOR_MPS = 0.05
"""Smallest spread (m/s) assumed for rest or moving speeds."""
MIN_SPEED_FIXES = 30
"""Fixes with a speed needed at rest and on the move to fit a participant's speed model."""

MIN_LAG_EDGES = 4
"""Clear edges needed to correct a lag (fewer can still show a speed too late to use)."""
MAX_LAG_INTERVALS = 2.0
MAX_LAG_S = 5.0
"""A speed lagging more than this many sampling intervals and seconds is not a receiver's
(which lag 0-2 s) but a processed one (smoothed, misaligned rows): it is not used."""
MAX_POSITION_LOSS = 3.5
MAX_POSITION_LOSS_SPREAD = 6.0
"""A participant's speed is trusted when its mean cost to the positions' fit (2 x
log-likelihood per edge) over n edges is at most MAX_POSITION_LOSS +
MAX_POSITION_LOSS_SPREAD / sqrt(n): a right speed costs them 0-3.5 on the simulated rounds,
a smoothed or misaligned one 5-35, and a mean over few edges spreads more."""
EDGE_MAX_POSITION_LOSS = 12.0
"""Largest cost to the positions' fit at one edge for it to use the speed."""
MIN_LAG_INTERVALS = 0.5
"""A measured lag shorter than this many sampling intervals (or 0.75 s) is taken as none."""

_DRIFT_GRID_S = np.geomspace(3.0, 900.0, 40)
_SMOOTH_GRID_S = np.concatenate([[0.0], np.geomspace(0.5, 60.0, 30)])
_WHITE_GRID = np.array([0.0, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3])


@dataclass(frozen=True)
class NoiseModel:
    """GPS error of one participant at rest: per-axis variance ``var_m2`` (m²), drift
    correlation time ``drift_s``, receiver smoothing ``smooth_s`` (0 = none) and the white
    share ``white`` of the variance; ``interval_s`` is the sampling interval it was fitted at
    (median, seconds). Fitted by :func:`fit_noise_model`."""

    var_m2: float
    drift_s: float
    smooth_s: float
    white: float
    interval_s: float = 1.0

    def correlation(self, lag_s: np.ndarray) -> np.ndarray:
        """Correlation of the error at time lags ``lag_s`` (seconds, >= 0), white part excluded."""
        return _gm2_correlation(np.abs(lag_s), self.drift_s, self.smooth_s)

    def covariance(self, t: np.ndarray) -> np.ndarray:
        """Covariance matrix (m²) of one axis of the error at increasing times ``t`` (seconds).

        Only the lower triangle is meaningful (what the Cholesky factorisation reads): each
        exponential ``exp(-(t_i - t_j) / a)`` is built as an outer product of ``exp(-t_i / a)``
        and ``exp(t_j / a)`` from W exponentials instead of W² (times centred on the window).
        """
        tc = t - 0.5 * (t[0] + t[-1])
        c = _decay_outer(tc, self.drift_s)
        if self.smooth_s > 0:
            a, b = self.drift_s, self.smooth_s
            c = (a * c - b * _decay_outer(tc, b)) / (a - b)
        c *= (1.0 - self.white) * self.var_m2
        # white part, plus a floor for coordinate rounding (0.1 m) and numerical safety
        c[np.diag_indices_from(c)] = self.var_m2 + 1e-4 * self.var_m2 + 0.01
        return c


@dataclass(frozen=True)
class SpeedModel:
    """Device speed of one participant: robust mean and spread (m/s) at rest and on the move."""

    rest_mps: float
    rest_sd_mps: float
    move_mps: float
    move_sd_mps: float

    @property
    def separation(self) -> float:
        """Distance between the two means in pooled spreads."""
        pooled = float(np.hypot(self.rest_sd_mps, self.move_sd_mps)) / np.sqrt(2.0)  # no overflow
        return (self.move_mps - self.rest_mps) / pooled

    def llr(self, speed_mps: np.ndarray) -> np.ndarray:
        """Per fix, log p(speed | moving) - log p(speed | at rest), capped at
        ±:data:`SPEED_LLR_CAP`; 0 where the speed is missing (NaN)."""
        zr = (speed_mps - self.rest_mps) / self.rest_sd_mps
        zm = (speed_mps - self.move_mps) / self.move_sd_mps
        out = 0.5 * (zr * zr - zm * zm) + np.log(self.rest_sd_mps / self.move_sd_mps)
        out = np.clip(out, -SPEED_LLR_CAP, SPEED_LLR_CAP)
        return np.where(np.isfinite(out), out, 0.0)


def _robust(v: np.ndarray, floor: float) -> Tuple[float, float]:
    med = float(np.median(v))
    return med, max(1.4826 * float(np.median(np.abs(v - med))), floor)


def speed_step_mps(speed_mps: np.ndarray) -> float:
    """The step (m/s) finite speeds are written in: the smallest gap between distinct values
    (0.278 for whole km/h, 0.257 for half knots; about 0 for unrounded speeds)."""
    u = np.unique(np.round(speed_mps[np.isfinite(speed_mps)], 6))
    return float(np.diff(u).min()) if u.size > 1 else 0.0


def fit_speed_model(rest_speed_mps: np.ndarray, move_speed_mps: np.ndarray) -> Optional[SpeedModel]:
    """A :class:`SpeedModel` from speeds (m/s) of fixes at rest and on the move, or None when
    either has fewer than :data:`MIN_SPEED_FIXES` finite values or they are not
    :data:`SPEED_MIN_SEPARATION` spreads apart (e.g. speeds computed from noisy positions).
    Spreads are at least :data:`SPEED_SD_FLOOR_MPS`, and at least the step the speeds are
    rounded to (:func:`speed_step_mps`)."""
    r = rest_speed_mps[np.isfinite(rest_speed_mps)]
    m = move_speed_mps[np.isfinite(move_speed_mps)]
    if r.size < MIN_SPEED_FIXES or m.size < MIN_SPEED_FIXES:
        return None
    # rounded speeds: a reading one step off is as likely as none, whatever the spread
    floor = max(SPEED_SD_FLOOR_MPS, speed_step_mps(np.concatenate([r, m])))
    model = SpeedModel(*_robust(r, floor), *_robust(m, floor))
    if not model.separation >= SPEED_MIN_SEPARATION:
        return None
    return model


def _decay_outer(tc: np.ndarray, scale_s: float) -> np.ndarray:
    """Lower triangle of exp(-(t_i - t_j) / scale_s) for centred increasing times ``tc``.

    Where the window is too long for the outer product (exp would overflow), the matrix is
    computed directly; the upper triangle is then also exact, else it is not used.
    """
    half = float(max(abs(tc[0]), abs(tc[-1])))
    if half / scale_s > 300.0:
        return np.exp(-np.abs(tc[:, None] - tc[None, :]) / scale_s)
    return np.outer(np.exp(-tc / scale_s), np.exp(tc / scale_s))


def _gm2_correlation(lag: np.ndarray, drift_s, smooth_s) -> np.ndarray:
    """Correlation of an OU drift (``drift_s``) low-passed with ``smooth_s`` (broadcasting)."""
    a = np.asarray(drift_s, dtype=np.float64)
    b = np.asarray(smooth_s, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        two = (a * np.exp(-lag / a) - b * np.exp(-lag / np.where(b > 0, b, 1.0))) / (a - b)
    return np.where(b > 0, two, np.exp(-lag / a))


def fit_noise_model(resid_x: np.ndarray, resid_y: np.ndarray, t: np.ndarray,
                    group: np.ndarray) -> Optional[NoiseModel]:
    """Fit a :class:`NoiseModel` to residuals (metres, about each group's mean) of fixes at
    rest; ``group`` numbers the stays (lags are taken within a group only), ``t`` seconds.
    None when there are too few pairs (fewer than 20 at the first lag)."""
    n = t.shape[0]
    if n < 10:
        return None
    same = group[1:] == group[:-1]
    dts = np.diff(t)[same]
    dts = dts[dts > 0]
    if dts.size < 20:
        return None
    dt = float(np.median(dts))
    if not dt > 0:
        return None
    var = float(np.mean(resid_x * resid_x + resid_y * resid_y) / 2.0)
    if not var > 0:
        return None
    lags, rho = [], []
    for h in range(1, MAX_LAGS + 1):
        if h >= n:
            break
        ok = (group[h:] == group[:-h]) & (np.abs(t[h:] - t[:-h] - h * dt) <= 0.25 * dt)
        m = int(ok.sum())
        if m < 20:
            break
        c = (np.dot(resid_x[h:][ok], resid_x[:-h][ok]) + np.dot(resid_y[h:][ok], resid_y[:-h][ok])) / (2.0 * m)
        lags.append(h * dt)
        rho.append(c / var)
    if not lags:
        return None
    lag = np.asarray(lags)
    r = np.asarray(rho)
    a = _DRIFT_GRID_S[:, None, None]
    b = _SMOOTH_GRID_S[None, :, None]
    valid = (b < a)[..., 0]
    base = _gm2_correlation(lag[None, None, :], a, b)            # (drift, smooth, lag)
    model = (1.0 - _WHITE_GRID[None, None, :, None]) * base[:, :, None, :]
    err = np.sum((model - r[None, None, None, :]) ** 2, axis=-1)  # (drift, smooth, white)
    err[~valid] = np.inf
    i, j, k = np.unravel_index(int(np.argmin(err)), err.shape)
    return NoiseModel(var, float(_DRIFT_GRID_S[i]), float(_SMOOTH_GRID_S[j]), float(_WHITE_GRID[k]), dt)


@dataclass
class _Fit:
    """One edge's fit in its window's frame (times ``T``): the stop with the speed (``tau``,
    ``gain``) and from positions alone (``tau_p``, ``gain_p``); for the consistency checks,
    the position scores ``p1`` at the candidate fixes ``cand`` and the speed's cumulative
    evidence ``cum_llr`` (None without speed)."""

    tau: float
    gain: float
    tau_p: float
    gain_p: float
    T: np.ndarray
    cand: np.ndarray
    p1: np.ndarray
    cum_llr: Optional[np.ndarray]

    def speed_scores(self, tau_rel: np.ndarray, shift_s: float) -> np.ndarray:
        """2 x the speed evidence for stops at ``tau_rel`` (seconds after ``T[0]``)."""
        assert self.cum_llr is not None
        t_state = (self.T - self.T[0]) - shift_s
        return 2.0 * self.cum_llr[np.searchsorted(t_state, tau_rel - 1e-9, side="left")]

    def position_loss(self, shift_s: float) -> float:
        """How much worse the positions fit (2 x log-likelihood, at the candidate fixes) at
        the stop chosen with the speed (shifted by ``shift_s``) than at their own best."""
        tr = self.T[self.cand] - self.T[0]
        k = int(np.argmax(self.p1 + self.speed_scores(tr, shift_s)))
        return float(self.p1.max() - self.p1[k])


def _stop_fit(T: np.ndarray, P: np.ndarray, first_cand: int, last_cand: int, model: NoiseModel,
              llr: Optional[np.ndarray], llr_shift_s: float) -> _Fit:
    """Stop time of a walk that ends at rest, fitted to a window of fixes.

    ``T`` (seconds, increasing) and ``P`` (W x 2 metres) hold the window: fixes of the walk
    in, then fixes at rest. The stop is searched from ``T[first_cand]`` (the current edge)
    to ``T[last_cand]``; gains are improvements of 2 x log-likelihood over a stop at
    ``T[first_cand]``. ``llr`` (optional, per fix): the speed channel's log-likelihood ratio
    "moving rather than at rest"; a stop at ``tau`` counts the fixes before it as moving,
    and the speed read at ``T[i]`` describes the motion at ``T[i] - llr_shift_s`` (a
    receiver whose speed lags). The fit with the speed and from positions alone come from
    one factorisation."""
    W = T.shape[0]
    tr = T - T[0]
    cand = np.arange(first_cand, last_cand + 1)
    try:
        L = cholesky(model.covariance(tr), lower=True, check_finite=False)
    except LinAlgError:
        t0 = float(T[first_cand])
        return _Fit(t0, 0.0, t0, 0.0, T, cand, np.zeros(cand.size), None)
    Y = solve_triangular(L, P, lower=True, check_finite=False)
    U = solve_triangular(L, np.ones(W), lower=True, check_finite=False)
    uu = float(U @ U)
    uy = U @ Y

    def position_scores(tau: np.ndarray) -> np.ndarray:
        # mean model per axis: c + w * max(tau - t, 0); whitened, squared norm of the
        # projection of both coordinates onto span{1, hinge(tau)} (closed form, 2 columns)
        H = np.maximum(tau[None, :] - tr[:, None], 0.0)
        V = solve_triangular(L, H, lower=True, check_finite=False)
        uv = U @ V
        vv = np.einsum("ij,ij->j", V, V)
        vy = V.T @ Y
        det = uu * vv - uv * uv
        det = np.where(det > 1e-12 * uu * np.maximum(vv, 1e-300), det, np.inf)
        proj = (vv[:, None] * uy[None, :] ** 2 - 2.0 * uv[:, None] * uy[None, :] * vy
                + uu * vy * vy) / det[:, None]
        return proj.sum(axis=1)

    cum_llr = None if llr is None else np.concatenate([[0.0], np.cumsum(llr)])
    p1 = position_scores(tr[cand])
    fit = _Fit(0.0, 0.0, 0.0, 0.0, T, cand, p1, cum_llr)
    fr = np.arange(1, SUB_STEPS + 1) / SUB_STEPS

    sub_scores: Dict[int, Tuple[np.ndarray, np.ndarray]] = {}

    def refine(s1: np.ndarray, with_speed: bool) -> Tuple[float, float]:
        k = int(cand[int(np.argmax(s1))])
        if k not in sub_scores:
            # second pass: sub-steps in the intervals next to the best fix
            lo = max(k - 2, first_cand - 1, 0)
            hi = min(k + 1, last_cand, W - 1)
            sub = (tr[lo:hi, None] + (tr[lo + 1:hi + 1] - tr[lo:hi])[:, None] * fr[None, :]).reshape(-1)
            sub = sub[(sub >= tr[first_cand]) & (sub <= tr[last_cand])]
            sub_scores[k] = (sub, position_scores(sub) if sub.size else sub)
        sub, ps = sub_scores[k]
        tau = tr[k]
        best = float(s1.max())
        if sub.size:
            s2 = ps + (fit.speed_scores(sub, llr_shift_s) if with_speed else 0.0)
            k2 = int(np.argmax(s2))
            if s2[k2] > best:
                tau, best = sub[k2], float(s2[k2])
        return float(tau + T[0]), best - float(s1[0])

    fit.tau_p, fit.gain_p = refine(p1, False)
    if cum_llr is None:
        fit.tau, fit.gain = fit.tau_p, fit.gain_p
    else:
        fit.tau, fit.gain = refine(p1 + fit.speed_scores(tr[cand], llr_shift_s), True)
    return fit


CoordsFn = Callable[[int, int], Tuple[np.ndarray, np.ndarray]]


def refine_stay_edges(t: np.ndarray, pid: np.ndarray, seg: np.ndarray,
                      starts: np.ndarray, ends: np.ndarray, coords: CoordsFn,
                      min_duration_s: float, time_eps_s: float = 1e-3,
                      is_cancelled: Optional[Callable[[], bool]] = None,
                      speed_mps: Optional[np.ndarray] = None) -> Tuple[np.ndarray, np.ndarray, "EdgeReport"]:
    """Refined (starts, ends) of stays, and an :class:`EdgeReport` of what moved.

    ``t``/``pid``/``seg``: times (s), participant numbers and segment numbers of the fixes in
    participant/time order; ``starts``/``ends``: each stay's first/last position in that
    order (sorted, not overlapping); ``coords(j0, j1)`` gives metric x, y (metres, any local
    frame) of positions ``j0 .. j1-1``. A stay keeps its edges when refining would make it
    shorter than ``min_duration_s``. ``speed_mps`` (optional, same order, NaN = none): the
    device's speed over ground, used where a participant's speeds tell rest from moving.
    """
    s_new = starts.copy()
    e_new = ends.copy()
    k = starts.shape[0]
    if k == 0:
        return s_new, e_new, EdgeReport()
    n = t.shape[0]
    models = _participant_models(t, pid, starts, ends, coords)
    report = EdgeReport(stays=k, participants=len(models))
    llr_all = None if speed_mps is None else speed_llr(t, pid, starts, ends, speed_mps)
    moved = np.zeros(k, dtype=np.int64)
    fits: Dict[int, list] = {}  # participant -> [(stay, start fit, end fit)] with speed

    def check(q: int) -> None:
        if is_cancelled is not None and (q & 255) == 0 and is_cancelled():
            from .exceptions import CancelledError
            raise CancelledError("stay detection cancelled")

    def apply(q: int, ns: int, ne: int) -> None:
        s, e = int(starts[q]), int(ends[q])
        # same-time fixes stay together
        while ns > s and t[ns - 1] == t[ns]:
            ns -= 1
        while ne < e and t[ne + 1] == t[ne]:
            ne += 1
        if ne <= ns or t[ne] - t[ns] < min_duration_s - time_eps_s:
            ns, ne = s, e
        moved[q] = int(ns != s) + int(ne != e)
        s_new[q], e_new[q] = ns, ne

    def fit_stay(q: int, model: NoiseModel, lag: float, use_speed: bool = True) -> Tuple["EdgeFit", "EdgeFit"]:
        s, e = int(starts[q]), int(ends[q])
        prev_end = int(e_new[q - 1]) if q else -1
        next_start = int(starts[q + 1]) if q + 1 < k else n
        ll = llr_all if use_speed else None
        fs = _fit_edge(t, _start_window(t, seg, s, e, prev_end, model), s, False, coords, model, ll, lag)
        fe = _fit_edge(t, _end_window(t, seg, s, e, next_start, model), e, True, coords, model, ll, lag)
        return fs, fe

    for q in range(k):
        check(q)
        p = int(pid[starts[q]])
        model = models.get(p)
        if model is None:
            continue
        fs, fe = fit_stay(q, model, 0.0)
        apply(q, _edge_index(t, fs, int(starts[q]), True), _edge_index(t, fe, int(ends[q]), True))
        if _has_speed(fs) or _has_speed(fe):
            fits.setdefault(p, []).append((q, fs, fe))
    # the speed checked against the positions, per participant: a lag, or no speed at all
    for p, rows in fits.items():
        model = models[p]
        edge_fits = [f for _, fs, fe in rows for f in (fs, fe) if _has_speed(f)]
        lag, trusted = _speed_verdict(edge_fits, model)
        if trusted:
            report.speed_used += 1
            if lag != 0.0:
                report.speed_lags_s.append(lag)
        else:
            report.speed_set_aside += 1
        for q, fs, fe in rows:
            check(q)
            if not trusted:  # as if there were no speed (its windows too)
                fs, fe = fit_stay(q, model, 0.0, use_speed=False)
            elif lag != 0.0:  # fitted again with the speed shifted by the lag
                fs, fe = fit_stay(q, model, lag)
            # per edge, positions alone where the speed contradicts them
            ok_s, ok_e = trusted and _edge_agrees(fs, lag), trusted and _edge_agrees(fe, lag)
            report.edges_speed_set_aside += int(trusted and _has_speed(fs) and not ok_s)
            report.edges_speed_set_aside += int(trusted and _has_speed(fe) and not ok_e)
            apply(q, _edge_index(t, fs, int(starts[q]), ok_s), _edge_index(t, fe, int(ends[q]), ok_e))
    report.edges_moved = int(moved.sum())
    return s_new, e_new, report


@dataclass
class EdgeReport:
    """What the refinement did: ``edges_moved`` of ``2 x stays`` edges; ``participants`` with
    a noise model (the others keep the window's edges); of those with a usable speed,
    ``speed_used`` (``speed_lags_s``: the lags allowed for, seconds) and
    ``speed_set_aside`` (it contradicted the positions); ``edges_speed_set_aside``: single
    edges fitted from positions alone although the participant's speed was used."""

    stays: int = 0
    edges_moved: int = 0
    participants: int = 0
    speed_used: int = 0
    speed_set_aside: int = 0
    speed_lags_s: List[float] = field(default_factory=list)
    edges_speed_set_aside: int = 0


EdgeFit = Optional[Tuple[Tuple[int, int, int], _Fit, bool]]
"""(window (lo, far, hi), fit, reverse) of one edge, or None where the track gives too little."""


def _fit_edge(t, window: Optional[Tuple[int, int, int]], edge: int, reverse: bool, coords: CoordsFn,
              model: NoiseModel, llr_all: Optional[np.ndarray], lag_s: float) -> EdgeFit:
    """The fit of a stay's first fix (``reverse`` False) or last fix (True)."""
    if window is None:
        return None
    lo, far, hi = window
    T, P, ll, first, last = _window(t, coords, llr_all, lo, hi, edge, far, reverse)
    if ll is not None and not ll.any():
        ll = None  # this participant's speed tells nothing
    # a lag runs the other way on the reversed track
    return window, _stop_fit(T, P, first, last, model, ll, -lag_s if reverse else lag_s), reverse


def _has_speed(fit: EdgeFit) -> bool:
    return fit is not None and fit[1].cum_llr is not None


def _edge_index(t, fit: EdgeFit, edge: int, with_speed: bool) -> int:
    """The refined fix of an edge: the first fix at or after the stop (a start), the last fix
    at or before the departure (an end); ``edge`` where the fit is not clearly better."""
    if fit is None:
        return edge
    (lo, _, hi), f, reverse = fit
    tau, gain = (f.tau, f.gain) if with_speed else (f.tau_p, f.gain_p)
    if gain < MIN_GAIN:
        return edge
    if not reverse:
        return lo + int(np.searchsorted(t[lo:hi + 1], tau - 1e-6, side="left"))
    return lo + int(np.searchsorted(t[lo:hi + 1], -tau + 1e-6, side="right")) - 1


def _shift(fit: EdgeFit, lag_s: float) -> float:
    """The speed's shift in an edge's window frame (the reversed track runs backwards)."""
    assert fit is not None
    return -lag_s if fit[2] else lag_s


def _edge_agrees(fit: EdgeFit, lag_s: float) -> bool:
    """Whether an edge may use the speed: the stop it picks costs the positions at most
    :data:`EDGE_MAX_POSITION_LOSS` (else the speed readings there contradict them)."""
    if not _has_speed(fit):
        return True
    assert fit is not None
    return fit[1].position_loss(_shift(fit, lag_s)) <= EDGE_MAX_POSITION_LOSS


def _speed_verdict(edge_fits: List[EdgeFit], model: NoiseModel) -> Tuple[float, bool]:
    """(lag in seconds, trusted) for one participant's speed, from its edge fits.

    Lag: the median of (time the speed switches) - (stop fitted from positions alone) over
    the edges where both are clear, considered when it is at least :data:`MIN_LAG_INTERVALS`
    sampling intervals (and 0.75 s). Of no lag and that lag (give or take half an interval,
    in quarters) the one with the smallest mean position loss (:meth:`_Fit.position_loss`)
    wins. A winning lag beyond :data:`MAX_LAG_INTERVALS` intervals (and :data:`MAX_LAG_S`)
    rules the speed out; correcting one needs :data:`MIN_LAG_EDGES` edges, ruling one out
    two. Otherwise the speed is trusted when the mean loss is at most
    :data:`MAX_POSITION_LOSS` plus a margin for few edges (:data:`MAX_POSITION_LOSS_SPREAD`).
    A speed that is wrong (misaligned, smoothed, unrelated to the motion) pulls the stops
    away from where the positions put them, which costs them much more than the spread of a
    right one."""
    diffs: List[float] = []
    for fit in edge_fits:
        assert fit is not None
        f = fit[1]
        cum = f.cum_llr
        assert cum is not None
        if f.gain_p < MIN_GAIN:
            continue
        step = _speed_step(f.T, np.diff(cum), int(f.cand[0]), int(f.cand[-1]))
        if step is not None:
            # in real time (the reversed track runs backwards)
            diffs.append((step - f.tau_p) * (-1.0 if fit[2] else 1.0))
    lags = [0.0]
    max_lag = max(MAX_LAG_INTERVALS * model.interval_s, MAX_LAG_S)
    lag = float(np.median(diffs)) if len(diffs) >= 2 else 0.0
    # with few edges a lag is only looked at when it is large enough to rule the speed out
    if abs(lag) >= max(MIN_LAG_INTERVALS * model.interval_s, 0.75) and (
            len(diffs) >= MIN_LAG_EDGES or abs(lag) > max_lag):
        # the median is only as sharp as the sampling: try quarter intervals around it
        lags += [lag + j * 0.25 * model.interval_s for j in (-2, -1, 0, 1, 2)]
    losses = [float(np.mean([fit[1].position_loss(_shift(fit, cand)) for fit in edge_fits if fit is not None]))
              for cand in lags]
    best = int(np.argmin(losses))
    if abs(lags[best]) > max_lag or (lags[best] != 0.0 and len(diffs) < MIN_LAG_EDGES):
        # not a receiver's lag (a processed speed: smoothed, rows shifted), or too few
        # edges to correct one
        return 0.0, False
    limit = MAX_POSITION_LOSS + MAX_POSITION_LOSS_SPREAD / np.sqrt(len(edge_fits))
    return lags[best], losses[best] <= limit


def _interior(t: np.ndarray, s: int, e: int) -> Tuple[int, int]:
    """Positions [m0, m1) of the stay s..e that lie more than :data:`INTERIOR_MARGIN_S` from
    both its edges: fixes known to be at rest."""
    m0 = s + int(np.searchsorted(t[s:e + 1], t[s] + INTERIOR_MARGIN_S, side="left"))
    m1 = s + int(np.searchsorted(t[s:e + 1], t[e] - INTERIOR_MARGIN_S, side="right"))
    return m0, m1


def _participant_models(t, pid, starts, ends, coords: CoordsFn) -> Dict[int, NoiseModel]:
    """One :class:`NoiseModel` per participant from the interiors of its stays."""
    out: Dict[int, NoiseModel] = {}
    sp = pid[starts]
    for p in np.unique(sp):
        rx, ry, rt, rg = [], [], [], []
        used = 0
        for q in np.flatnonzero(sp == p):
            m0, m1 = _interior(t, int(starts[q]), int(ends[q]))
            if m1 - m0 < 11:
                continue
            x, y = coords(m0, m1)
            tt = t[m0:m1]
            first = np.concatenate([[True], tt[1:] > tt[:-1]])  # same-time fixes: the first only
            if first.sum() < 10:
                continue
            x, y, tt = x[first], y[first], tt[first]
            rx.append(x - x.mean())
            ry.append(y - y.mean())
            rt.append(tt)
            rg.append(np.full(tt.shape[0], q))
            used += tt.shape[0]
            if used >= MAX_FIT_FIXES:
                break
        if not rx:
            continue
        m = fit_noise_model(np.concatenate(rx), np.concatenate(ry), np.concatenate(rt), np.concatenate(rg))
        if m is not None:
            out[int(p)] = m
    return out


def drop_position_speeds(speed_mps: np.ndarray, t: np.ndarray, pid: np.ndarray,
                         step_m: np.ndarray) -> np.ndarray:
    """``speed_mps`` with NaN where a value is the speed computed from positions (as
    ``cleanfixes`` fills in missing speeds: path length to both neighbours over their
    duration, within 0.2 %, which allows for a different map projection) rather than the
    device's own; ``step_m`` holds the n-1 distances (metres) between consecutive fixes."""
    n = t.shape[0]
    if n < 2:
        return speed_mps
    same = pid[1:] == pid[:-1]
    path = path_speed_mps(np.where(same, step_m, 0.0), np.where(same, np.diff(t), 0.0))
    like = np.abs(speed_mps - path) <= 2e-3 * path + 1e-6
    return np.where(like, np.nan, speed_mps)


def speed_llr(t: np.ndarray, pid: np.ndarray, starts: np.ndarray, ends: np.ndarray,
              speed_mps: np.ndarray) -> Optional[np.ndarray]:
    """Per fix, the speed channel's log-likelihood ratio "moving rather than at rest" (0 for
    participants whose speeds do not tell the two apart, and where a speed is missing); None
    when no participant's do. Rest speeds come from stay interiors (as for the noise model),
    moving speeds from the fixes outside every stay."""
    speed = np.asarray(speed_mps, dtype=np.float64)
    if not np.isfinite(speed).any():
        return None
    n = t.shape[0]
    in_stay = np.zeros(n + 1, dtype=np.int64)
    np.add.at(in_stay, starts, 1)
    np.add.at(in_stay, ends + 1, -1)
    outside = np.cumsum(in_stay[:n]) == 0
    interior = np.zeros(n, dtype=bool)
    for s, e in zip(starts.tolist(), ends.tolist()):
        m0, m1 = _interior(t, s, e)
        interior[m0:m1] = True
    out = np.zeros(n)
    used = False
    bounds = np.flatnonzero(np.concatenate([[True], pid[1:] != pid[:-1], [True]]))
    for a, b in zip(bounds[:-1].tolist(), bounds[1:].tolist()):
        sm = fit_speed_model(speed[a:b][interior[a:b]], speed[a:b][outside[a:b]])
        if sm is not None:
            out[a:b] = sm.llr(speed[a:b])
            used = True
    return out if used else None


def _spans(model: NoiseModel) -> Tuple[float, float, float]:
    """Pre, search and post spans (s) of an edge window: the defaults, but at least
    MIN_SPAN_INTERVALS of the participant's sampling interval (sparse loggers)."""
    m = MIN_SPAN_INTERVALS * model.interval_s
    return max(PRE_S, m), max(SEARCH_S, m), max(POST_S, m)


def _start_window(t, seg, s, e, prev_end, model: NoiseModel) -> Optional[Tuple[int, int, int]]:
    """(lo, kmax, hi) of a stay start's window: walk-in fixes lo..s-1, candidate stops
    s..kmax, rest fixes up to hi; None when the track gives too little on either side."""
    pre_s, search_s, post_s = _spans(model)
    lo = s
    while (lo > prev_end + 1 and s - lo < MAX_PRE_FIXES and seg[lo - 1] == seg[s]
           and t[s] - t[lo - 1] <= pre_s):
        lo -= 1
    if s - lo < 2:
        return None
    kmax = min(e, s + MAX_SEARCH_FIXES - 1,
               s + int(np.searchsorted(t[s:e + 1], t[s] + search_s, side="right")) - 1)
    hi = min(e, kmax + MAX_POST_FIXES,
             kmax + int(np.searchsorted(t[kmax:e + 1], t[kmax] + post_s, side="right")) - 1)
    if kmax <= s or hi - kmax < 2:
        return None
    return lo, kmax, hi


def _end_window(t, seg, s, e, next_start, model: NoiseModel) -> Optional[Tuple[int, int, int]]:
    """(lo, kmin, hi) of a stay end's window: rest fixes from lo, candidate departures
    kmin..e, walk-out fixes e+1..hi; None when the track gives too little."""
    pre_s, search_s, post_s = _spans(model)
    hi = e
    while (hi < next_start - 1 and hi - e < MAX_PRE_FIXES and seg[hi + 1] == seg[e]
           and t[hi + 1] - t[e] <= pre_s):
        hi += 1
    if hi - e < 2:
        return None
    kmin = max(s, e - MAX_SEARCH_FIXES + 1,
               s + int(np.searchsorted(t[s:e + 1], t[e] - search_s, side="left")))
    lo = max(s, kmin - MAX_POST_FIXES,
             s + int(np.searchsorted(t[s:kmin + 1], t[kmin] - post_s, side="left")))
    if kmin >= e or kmin - lo < 2:
        return None
    return lo, kmin, hi


def _window(t, coords: CoordsFn, llr_all: Optional[np.ndarray], lo: int, hi: int, edge: int,
            far: int, reverse: bool):
    """The fit problem of one edge on fixes lo..hi: times, positions (W x 2), speed evidence
    (or None) and the candidate range (``edge`` = the window's own edge, ``far`` = the
    furthest candidate, as positions in the window). An end is the start of the
    time-reversed track, so ``reverse`` flips time and order."""
    x, y = coords(lo, hi + 1)
    T = t[lo:hi + 1]
    P = np.column_stack([x, y])
    ll = None if llr_all is None else llr_all[lo:hi + 1]
    first, last = edge - lo, far - lo
    later = T[1:] > T[:-1]
    if not later.all():
        # same-time fixes (a logger writing a fix twice) count once
        keep = np.concatenate([[True], later])
        at = np.cumsum(keep) - 1
        T, P = T[keep], P[keep]
        ll = None if ll is None else ll[keep]
        first, last = int(at[first]), int(at[last])
    if not reverse:
        return T, P, ll, first, last
    w = T.shape[0] - 1
    return -T[::-1], P[::-1], None if ll is None else ll[::-1], w - first, w - last


def _speed_step(T: np.ndarray, llr: np.ndarray, first: int, last: int) -> Optional[float]:
    """Time where the speed readings of a window switch from moving to rest (midway between
    the last moving and the first resting reading), searched over readings first..last;
    None when the switch is at either end of the search (no clear step)."""
    cum = np.concatenate([[0.0], np.cumsum(llr)])
    k = first + int(np.argmax(cum[first:last + 1]))
    if k <= first or k >= last:
        return None
    return 0.5 * (float(T[k - 1]) + float(T[k]))
