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
* **The stay then starts at the first fix at or after ``tau``** (ends at the last fix at or
  before it): still a fix of the stay, never the first fix outside. Refinement only trims a
  stay, never makes it shorter than ``min_duration_s``, and keeps same-time fixes together.

Cost: one small Cholesky factorisation per edge (at most ``MAX_WINDOW_FIXES`` fixes), about
a millisecond; a per-stay loop, not a per-fix one. Units: seconds (UTC epoch), metres.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Dict, Optional, Tuple

import numpy as np
from scipy.linalg import LinAlgError, cholesky, solve_triangular

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


def best_stop(T: np.ndarray, P: np.ndarray, first_cand: int, last_cand: int,
              model: NoiseModel) -> Tuple[float, float]:
    """Stop time of a walk that ends at rest, fitted to a window of fixes.

    ``T`` (seconds, increasing) and ``P`` (W x 2 metres) hold the window: fixes of the walk
    in, then fixes at rest. The stop is searched from ``T[first_cand]`` (the current edge)
    to ``T[last_cand]``. Returns (best stop time, whitened improvement over a stop at
    ``T[first_cand]``).
    """
    W = T.shape[0]
    tr = T - T[0]
    try:
        L = cholesky(model.covariance(tr), lower=True, check_finite=False)
    except LinAlgError:
        return float(T[first_cand]), 0.0
    Y = solve_triangular(L, P, lower=True, check_finite=False)
    U = solve_triangular(L, np.ones(W), lower=True, check_finite=False)
    uu = float(U @ U)
    uy = U @ Y

    def scores(tau: np.ndarray) -> np.ndarray:
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

    cand = np.arange(first_cand, last_cand + 1)
    s1 = scores(tr[cand])
    k = int(cand[int(np.argmax(s1))])
    # second pass: sub-steps in the intervals next to the best fix
    lo = max(k - 2, first_cand - 1, 0)
    hi = min(k + 1, last_cand, W - 1)
    fr = np.arange(1, SUB_STEPS + 1) / SUB_STEPS
    sub = (tr[lo:hi, None] + (tr[lo + 1:hi + 1] - tr[lo:hi])[:, None] * fr[None, :]).reshape(-1)
    sub = sub[(sub >= tr[first_cand]) & (sub <= tr[last_cand])]
    tau = tr[k]
    best = float(s1.max())
    if sub.size:
        s2 = scores(sub)
        k2 = int(np.argmax(s2))
        if s2[k2] > best:
            tau, best = sub[k2], float(s2[k2])
    return float(tau + T[0]), best - float(s1[0])


CoordsFn = Callable[[int, int], Tuple[np.ndarray, np.ndarray]]


def refine_stay_edges(t: np.ndarray, pid: np.ndarray, seg: np.ndarray,
                      starts: np.ndarray, ends: np.ndarray, coords: CoordsFn,
                      min_duration_s: float, time_eps_s: float = 1e-3,
                      is_cancelled: Optional[Callable[[], bool]] = None) -> Tuple[np.ndarray, np.ndarray, int]:
    """Refined (starts, ends) of stays, and how many edges moved.

    ``t``/``pid``/``seg``: times (s), participant numbers and segment numbers of the fixes in
    participant/time order; ``starts``/``ends``: each stay's first/last position in that
    order (sorted, not overlapping); ``coords(j0, j1)`` gives metric x, y (metres, any local
    frame) of positions ``j0 .. j1-1``. A stay keeps its edges when refining would make it
    shorter than ``min_duration_s``.
    """
    s_new = starts.copy()
    e_new = ends.copy()
    k = starts.shape[0]
    if k == 0:
        return s_new, e_new, 0
    n = t.shape[0]
    models = _participant_models(t, pid, starts, ends, coords)
    moved = 0
    for q in range(k):
        if is_cancelled is not None and (q & 255) == 0 and is_cancelled():
            from .exceptions import CancelledError
            raise CancelledError("stay detection cancelled")
        s, e = int(starts[q]), int(ends[q])
        model = models.get(int(pid[s]))
        if model is None:
            continue
        prev_end = int(e_new[q - 1]) if q else -1
        next_start = int(starts[q + 1]) if q + 1 < k else n
        ns = _refine_start(t, seg, s, e, prev_end, coords, model)
        ne = _refine_end(t, seg, s, e, next_start, coords, model)
        # same-time fixes stay together
        while ns > s and t[ns - 1] == t[ns]:
            ns -= 1
        while ne < e and t[ne + 1] == t[ne]:
            ne += 1
        if ne <= ns or t[ne] - t[ns] < min_duration_s - time_eps_s:
            continue
        moved += int(ns != s) + int(ne != e)
        s_new[q], e_new[q] = ns, ne
    return s_new, e_new, moved


def _participant_models(t, pid, starts, ends, coords: CoordsFn) -> Dict[int, NoiseModel]:
    """One :class:`NoiseModel` per participant from the interiors of its stays."""
    out: Dict[int, NoiseModel] = {}
    sp = pid[starts]
    for p in np.unique(sp):
        rx, ry, rt, rg = [], [], [], []
        used = 0
        for q in np.flatnonzero(sp == p):
            s, e = int(starts[q]), int(ends[q])
            m0 = s + int(np.searchsorted(t[s:e + 1], t[s] + INTERIOR_MARGIN_S, side="left"))
            m1 = s + int(np.searchsorted(t[s:e + 1], t[e] - INTERIOR_MARGIN_S, side="right")) - 1
            if m1 - m0 < 10:
                continue
            x, y = coords(m0, m1 + 1)
            rx.append(x - x.mean())
            ry.append(y - y.mean())
            rt.append(t[m0:m1 + 1])
            rg.append(np.full(m1 - m0 + 1, q))
            used += m1 - m0 + 1
            if used >= MAX_FIT_FIXES:
                break
        if not rx:
            continue
        m = fit_noise_model(np.concatenate(rx), np.concatenate(ry), np.concatenate(rt), np.concatenate(rg))
        if m is not None:
            out[int(p)] = m
    return out


def _spans(model: NoiseModel) -> Tuple[float, float, float]:
    """Pre, search and post spans (s) of an edge window: the defaults, but at least
    MIN_SPAN_INTERVALS of the participant's sampling interval (sparse loggers)."""
    m = MIN_SPAN_INTERVALS * model.interval_s
    return max(PRE_S, m), max(SEARCH_S, m), max(POST_S, m)


def _refine_start(t, seg, s, e, prev_end, coords: CoordsFn, model: NoiseModel) -> int:
    pre_s, search_s, post_s = _spans(model)
    lo = s
    while (lo > prev_end + 1 and s - lo < MAX_PRE_FIXES and seg[lo - 1] == seg[s]
           and t[s] - t[lo - 1] <= pre_s):
        lo -= 1
    if s - lo < 2:
        return s
    kmax = min(e, s + MAX_SEARCH_FIXES - 1,
               s + int(np.searchsorted(t[s:e + 1], t[s] + search_s, side="right")) - 1)
    hi = min(e, kmax + MAX_POST_FIXES,
             kmax + int(np.searchsorted(t[kmax:e + 1], t[kmax] + post_s, side="right")) - 1)
    if kmax <= s or hi - kmax < 2:
        return s
    x, y = coords(lo, hi + 1)
    tau, gain = best_stop(t[lo:hi + 1], np.column_stack([x, y]), s - lo, kmax - lo, model)
    if gain < MIN_GAIN:
        return s
    # first fix at or after the stop
    return lo + int(np.searchsorted(t[lo:hi + 1], tau - 1e-6, side="left"))


def _refine_end(t, seg, s, e, next_start, coords: CoordsFn, model: NoiseModel) -> int:
    pre_s, search_s, post_s = _spans(model)
    hi = e
    while (hi < next_start - 1 and hi - e < MAX_PRE_FIXES and seg[hi + 1] == seg[e]
           and t[hi + 1] - t[e] <= pre_s):
        hi += 1
    if hi - e < 2:
        return e
    kmin = max(s, e - MAX_SEARCH_FIXES + 1,
               s + int(np.searchsorted(t[s:e + 1], t[e] - search_s, side="left")))
    lo = max(s, kmin - MAX_POST_FIXES,
             s + int(np.searchsorted(t[s:kmin + 1], t[kmin] - post_s, side="left")))
    if kmin >= e or kmin - lo < 2:
        return e
    x, y = coords(lo, hi + 1)
    # the end is the start of the time-reversed track
    T = -t[lo:hi + 1][::-1]
    P = np.column_stack([x[::-1], y[::-1]])
    tau, gain = best_stop(T, P, hi - e, hi - kmin, model)
    if gain < MIN_GAIN:
        return e
    # last fix at or before the departure
    return lo + int(np.searchsorted(t[lo:hi + 1], -tau + 1e-6, side="right")) - 1
