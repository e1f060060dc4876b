"""Time-weighted kernel density on a north-up metric grid.

Units: coordinates and distances in metres of a projected (metric) CRS, weights in whatever
unit the caller chooses (seconds of presence, hours, counts). :func:`kernel_density` returns
density in *weight units per square metre*; multiply by 10 000 for "per hectare".

Method
------
The exact estimate at a pixel centre ``g`` is ``f(g) = sum_i w_i K(|g - x_i|)``. Two ways of
computing it are offered (``method=``):

``"exact"``
    Direct summation over the pixel centres inside each point's kernel support. Every
    kernel is then exactly radially symmetric, exactly zero beyond its support and peaks in
    the cell holding its point. Cost ``O(N * (2R+1)^2)`` with ``R`` the support in pixels.

``"binned"``
    Linear ("cloud-in-cell", bilinear) binning of the weights to a lattice of spacing
    ``q = pixel / s`` (``s`` odd, the *oversampling* factor) followed by FFT convolution
    with the kernel sampled at lattice offsets, evaluated at the pixel centres through a
    polyphase split (``s*s`` convolutions at pixel resolution, so the result is identical
    to a fine-grid convolution sampled at the pixel centres). Cost ``O(N + s^2 G log G)``
    for ``G`` pixels; points are binned in chunks so memory stays bounded for tens of
    millions of points (Wand 1994; Fan & Marron 1994).

``"auto"`` (default) uses ``exact`` when ``N * (2R+1)^2 <= EXACT_BUDGET`` and ``binned``
otherwise.

Error bound of linear binning (see :func:`binning_error_bound`). Binning replaces, for every
point, ``K(g - x_i)`` by its bilinear interpolant from the four surrounding lattice nodes. For
a kernel in ``W^{2,inf}`` the bilinear interpolation error is at most
``q^2/8 (sup|K_xx| + sup|K_yy|)``. With ``C`` the kernel's peak value this gives, per unit
weight and relative to ``C``:

* quartic (support radius ``h``): ``sup|K_xx| = 8 C / h^2``  ->  ``2 (q/h)^2``;
* gaussian (``sigma``, truncated at 4 sigma): ``sup|K_xx| = C / sigma^2`` plus the jump at the
  truncation (``exp(-8) C``)  ->  ``(q/sigma)^2 / 4 + exp(-8)``;

plus the (tiny, computed) effect of renormalising the sampled kernel so that the volume is
exact. So ``|f_binned(g) - f(g)| <= bound * C * W(g)`` where ``W(g)`` is the weight within
reach of ``g`` (for one point: ``bound`` times the kernel peak). With ``oversample=None`` the
factor ``s`` is chosen as the smallest odd integer with ``bound <= max_binning_error``
(default 1e-3, i.e. 0.1 % of the peak), limited by ``MAX_FINE_CELLS``.

Kernels
-------
quartic (biweight, the shape of QGIS Heatmap)
    ``K(d) = 3 / (pi h^2) * (1 - d^2/h^2)^2`` for ``d < h``, else 0; ``h = bandwidth_m`` is the
    support radius.
gaussian
    ``bandwidth_m`` is ``sigma``: ``K(d) = exp(-d^2 / (2 sigma^2)) / (2 pi sigma^2)`` truncated
    at ``4 sigma`` and renormalised by ``1 / (1 - exp(-8))`` so that it integrates to 1.

In both methods the sampled kernel is renormalised so that each point deposits exactly its
weight on the grid (``volume(density) == sum(weights)`` when the grid holds the kernels).

References: Silverman, B.W. (1986) *Density Estimation for Statistics and Data Analysis*;
Wand, M.P. (1994) Fast computation of multivariate kernel estimators, *J. Comput. Graph.
Stat.* 3, 433-445; Wand & Jones (1995) *Kernel Smoothing*.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Optional, Tuple, Union

import numpy as np
from scipy import fft as sp_fft

from . import kanon
from .definitions import Kernel
from .exceptions import CancelledError, ParameterError
from .ids import participant_codes

ProgressFn = Optional[Callable[[float], None]]
CancelFn = Optional[Callable[[], bool]]

CHUNK_POINTS = 2_000_000
"""Points binned per chunk (bounds temporary memory to a few hundred MB)."""

EXACT_BUDGET = 20_000_000
"""``method="auto"`` sums exactly when points x stencil cells stays below this."""

MAX_FINE_CELLS = 48_000_000
"""Upper limit of lattice nodes (s^2 x padded pixels) for oversampled binning (~384 MB)."""

MAX_GRID_CELLS = 100_000_000
"""Refuse grids larger than this (a planner should choose a coarser pixel). The binned density
needs about 40-60 bytes per (padded) cell at ``oversample=1``: ~5 GB at this limit."""

SECONDS_PER_M2_TO_HOURS_PER_HA = 10_000.0 / 3600.0
"""Multiply a density of dwell seconds per m² by this for person-hours per hectare."""

GAUSS_TRUNCATE_SIGMA = 4.0
"""Gaussian kernels are cut at this many sigma (and renormalised)."""


# --------------------------------------------------------------------------------------
# Grid
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Grid:
    """A north-up raster grid in a metric CRS.

    ``x0_m, y0_m`` is the upper-left corner, ``pixel_size_m`` the square cell size. Column
    ``c`` spans ``[x0 + c p, x0 + (c+1) p)``, row ``r`` spans ``(y0 - (r+1) p, y0 - r p]``.
    """

    x0_m: float
    y0_m: float
    pixel_size_m: float
    n_cols: int
    n_rows: int

    def __post_init__(self) -> None:
        if not (math.isfinite(self.pixel_size_m) and self.pixel_size_m > 0):
            raise ParameterError(f"pixel size must be a positive number of metres, got {self.pixel_size_m!r}")
        if self.n_cols < 1 or self.n_rows < 1:
            raise ParameterError(f"grid must have at least one row and column, got {self.n_rows} x {self.n_cols}")

    @property
    def shape(self) -> Tuple[int, int]:
        """``(n_rows, n_cols)``, the shape of arrays on this grid."""
        return (int(self.n_rows), int(self.n_cols))

    @property
    def pixel_area_m2(self) -> float:
        return float(self.pixel_size_m) ** 2

    @property
    def extent(self) -> Tuple[float, float, float, float]:
        """``(xmin, ymin, xmax, ymax)`` in metres."""
        p = self.pixel_size_m
        return (self.x0_m, self.y0_m - self.n_rows * p, self.x0_m + self.n_cols * p, self.y0_m)

    def cell_of(self, x_m, y_m) -> Tuple[np.ndarray, np.ndarray]:
        """Integer ``(cols, rows)`` of the cells holding each point (may lie outside the grid)."""
        p = self.pixel_size_m
        x = np.asarray(x_m, dtype=np.float64)
        y = np.asarray(y_m, dtype=np.float64)
        with np.errstate(invalid="ignore"):
            cols = x - self.x0_m  # in place from here on: 24 M points are 190 MB per array
            cols /= p
            np.floor(cols, out=cols)
            rows = self.y0_m - y
            rows /= p
            np.floor(rows, out=rows)
        bad = ~(np.isfinite(cols) & np.isfinite(rows))
        if bad.any():
            cols[bad] = -1
            rows[bad] = -1
        del bad
        c = cols.astype(np.int64)
        del cols
        r = rows.astype(np.int64)
        return c, r

    def inside(self, cols, rows) -> np.ndarray:
        """True where ``(cols, rows)`` is a cell of this grid."""
        cols = np.asarray(cols)
        rows = np.asarray(rows)
        return (cols >= 0) & (cols < self.n_cols) & (rows >= 0) & (rows < self.n_rows)

    def flat_index(self, x_m, y_m) -> np.ndarray:
        """Row-major cell index ``row * n_cols + col`` of each point, -1 outside the grid."""
        cols, rows = self.cell_of(x_m, y_m)
        ok = self.inside(cols, rows)
        return np.where(ok, rows * self.n_cols + cols, -1)

    def centres(self) -> Tuple[np.ndarray, np.ndarray]:
        """1-D coordinate axes of the pixel centres: ``(x of each column, y of each row)``.

        Use ``np.meshgrid(*grid.centres())`` for 2-D arrays of shape ``(n_rows, n_cols)``.
        """
        p = self.pixel_size_m
        xc = self.x0_m + (np.arange(self.n_cols) + 0.5) * p
        yc = self.y0_m - (np.arange(self.n_rows) + 0.5) * p
        return xc, yc

    def geotransform(self) -> Tuple[float, float, float, float, float, float]:
        """GDAL geotransform ``(x0, p, 0, y0, 0, -p)`` (north-up)."""
        p = float(self.pixel_size_m)
        return (float(self.x0_m), p, 0.0, float(self.y0_m), 0.0, -p)

    @classmethod
    def from_geotransform(cls, gt, n_cols: int, n_rows: int) -> "Grid":
        """Grid of a north-up GDAL geotransform with square pixels."""
        x0, px, rx, y0, ry, py = (float(v) for v in gt)
        if rx != 0.0 or ry != 0.0:
            raise ParameterError("rotated rasters are not supported (geotransform has rotation terms)")
        if py >= 0 or abs(abs(py) - px) > 1e-9 * max(px, 1.0):
            raise ParameterError(f"raster must be north-up with square pixels (pixel {px} x {py})")
        return cls(x0, y0, px, int(n_cols), int(n_rows))

    @classmethod
    def from_extent(
        cls,
        xmin: float,
        ymin: float,
        xmax: float,
        ymax: float,
        pixel_size_m: float,
        pad_m: float = 0.0,
        origin_m: Tuple[float, float] = (0.0, 0.0),
    ) -> "Grid":
        """Smallest grid covering the extent grown by ``pad_m``, snapped to the pixel lattice.

        Edges are snapped to ``origin_m + k * pixel_size_m`` (integer ``k``), so two grids made
        with the same pixel size and origin (e.g. two rounds) align pixel for pixel: their
        corners differ by whole pixels.
        """
        p = float(pixel_size_m)
        if not (math.isfinite(p) and p > 0):
            raise ParameterError(f"pixel size must be a positive number of metres, got {pixel_size_m!r}")
        vals = (xmin, ymin, xmax, ymax, pad_m)
        if not all(math.isfinite(float(v)) for v in vals):
            raise ParameterError("extent is empty or not finite (no valid points?)")
        if xmax < xmin or ymax < ymin:
            raise ParameterError(f"extent is inverted: ({xmin}, {ymin}, {xmax}, {ymax})")
        ox, oy = float(origin_m[0]), float(origin_m[1])
        eps = 1e-9
        kx0 = math.floor((xmin - pad_m - ox) / p + eps)
        kx1 = math.ceil((xmax + pad_m - ox) / p - eps)
        ky0 = math.floor((ymin - pad_m - oy) / p + eps)
        ky1 = math.ceil((ymax + pad_m - oy) / p - eps)
        n_cols = max(1, kx1 - kx0)
        n_rows = max(1, ky1 - ky0)
        if n_cols * n_rows > MAX_GRID_CELLS:
            raise ParameterError(
                f"the grid would have {n_cols} x {n_rows} cells; choose a larger pixel size "
                f"(now {p} m) or a smaller area"
            )
        return cls(ox + kx0 * p, oy + ky1 * p, p, int(n_cols), int(n_rows))

    @classmethod
    def for_points(
        cls, x_m, y_m, pixel_size_m: float, pad_m: float = 0.0, origin_m: Tuple[float, float] = (0.0, 0.0)
    ) -> "Grid":
        """:meth:`from_extent` of the finite points, grown by ``pad_m`` (e.g. the kernel support)."""
        x = np.asarray(x_m, dtype=np.float64)
        y = np.asarray(y_m, dtype=np.float64)
        ok = np.isfinite(x) & np.isfinite(y)
        if not ok.any():
            raise ParameterError("no points with finite coordinates")
        return cls.from_extent(x[ok].min(), y[ok].min(), x[ok].max(), y[ok].max(), pixel_size_m, pad_m, origin_m)


# --------------------------------------------------------------------------------------
# Kernels
# --------------------------------------------------------------------------------------
def _kernel(kernel) -> Kernel:
    try:
        return Kernel(kernel.value if isinstance(kernel, Kernel) else str(kernel).lower())
    except ValueError:
        raise ParameterError(f"unknown kernel {kernel!r}; use 'quartic' or 'gaussian'") from None


def support_radius_m(bandwidth_m: float, kernel: Union[str, Kernel] = "quartic") -> float:
    """Distance (metres) beyond which the kernel is zero: ``h`` (quartic) or ``4 sigma`` (gaussian)."""
    k = _kernel(kernel)
    return float(bandwidth_m) * (GAUSS_TRUNCATE_SIGMA if k is Kernel.GAUSSIAN else 1.0)


def kernel_peak(bandwidth_m: float, kernel: Union[str, Kernel] = "quartic") -> float:
    """``K(0)`` in 1/m² for one unit of weight (before sampling renormalisation)."""
    k = _kernel(kernel)
    h = float(bandwidth_m)
    if k is Kernel.QUARTIC:
        return 3.0 / (math.pi * h * h)
    return 1.0 / (2.0 * math.pi * h * h * (1.0 - math.exp(-0.5 * GAUSS_TRUNCATE_SIGMA**2)))


def kernel_value(d2_m2: np.ndarray, bandwidth_m: float, kernel: Union[str, Kernel] = "quartic") -> np.ndarray:
    """Kernel value (1/m², integrates to 1) at squared distances ``d2_m2`` (m²)."""
    k = _kernel(kernel)
    h = float(bandwidth_m)
    d2 = np.asarray(d2_m2, dtype=np.float64)
    c = kernel_peak(h, k)
    if k is Kernel.QUARTIC:
        u = 1.0 - d2 / (h * h)
        return np.where(u > 0.0, c * u * u, 0.0)
    r2 = d2 / (h * h)
    return np.where(r2 < GAUSS_TRUNCATE_SIGMA**2, c * np.exp(-0.5 * r2), 0.0)


def _check_bandwidth(bandwidth_m: float) -> float:
    h = float(bandwidth_m)
    if not (math.isfinite(h) and h > 0):
        raise ParameterError(f"bandwidth must be a positive number of metres, got {bandwidth_m!r}")
    return h


def _interp_bound(kernel: Kernel, bandwidth_m: float, spacing_m: float) -> float:
    """Bilinear-interpolation part of the binning bound, relative to the kernel peak."""
    r = spacing_m / bandwidth_m
    if kernel is Kernel.QUARTIC:
        return 2.0 * r * r
    return 0.25 * r * r + math.exp(-0.5 * GAUSS_TRUNCATE_SIGMA**2)


def _phase_kernels(kernel: Kernel, h: float, p: float, s: int):
    """Polyphase kernels for oversampling ``s``: dict (ay, ax) -> 2-D array, pad P, max |eps|."""
    q = p / s
    m = (s - 1) // 2
    rf = int(math.ceil(support_radius_m(h, kernel) / q))
    pad = int(math.ceil((rf + s) / s)) + 1
    n = np.arange(-pad, pad + 1)
    kernels = {}
    eps_max = 0.0
    for a in range(s):
        d_a = (n * s + m - a).astype(np.float64)  # fine offsets along one axis for phase a
        for b in range(s):
            d_b = (n * s + m - b).astype(np.float64)
            d2 = (d_a[:, None] ** 2 + d_b[None, :] ** 2) * (q * q)
            kab = kernel_value(d2, h, kernel)
            total = kab.sum() * p * p
            if total <= 0:
                # kernel narrower than the lattice: deposit the weight in the nearest pixel
                kab = np.zeros_like(kab)
                kab[pad, pad] = 1.0
                total = p * p
                eps_max = max(eps_max, 1.0)
            else:
                eps_max = max(eps_max, abs(1.0 / total - 1.0))
            kernels[(a, b)] = kab / total
    return kernels, pad, eps_max


def binning_error_bound(
    bandwidth_m: float,
    pixel_size_m: float,
    kernel: Union[str, Kernel] = "quartic",
    oversample: int = 1,
) -> float:
    """Upper bound of the linear-binning error, relative to the kernel peak, per unit weight.

    ``|f_binned(g) - f_exact(g)| <= bound * K(0) * W(g)`` for every pixel centre ``g``, where
    ``W(g)`` is the weight of the points within reach of ``g`` and ``f_exact`` uses the
    analytically normalised kernel. Includes the renormalisation of the sampled kernel.
    """
    k = _kernel(kernel)
    h = _check_bandwidth(bandwidth_m)
    s = int(oversample)
    _, _, eps = _phase_kernels(k, h, float(pixel_size_m), s)
    return (1.0 + eps) * _interp_bound(k, h, float(pixel_size_m) / s) + eps


def choose_oversample(
    bandwidth_m: float,
    grid: Grid,
    kernel: Union[str, Kernel] = "quartic",
    max_binning_error: float = 1e-3,
) -> int:
    """Smallest odd oversampling with interpolation bound <= ``max_binning_error`` (memory-capped)."""
    k = _kernel(kernel)
    h = _check_bandwidth(bandwidth_m)
    p = grid.pixel_size_m
    s = 1
    while _interp_bound(k, h, p / s) > max_binning_error and s < 15:
        s += 2
    support_px = support_radius_m(h, k) / p
    while s > 1:
        pad = math.ceil(support_px + 1) + 2
        if s * s * (grid.n_rows + 2 * pad) * (grid.n_cols + 2 * pad) <= MAX_FINE_CELLS:
            break
        s -= 2
    return s


# --------------------------------------------------------------------------------------
# Density
# --------------------------------------------------------------------------------------
def participant_weights(weight: np.ndarray, participant: np.ndarray) -> np.ndarray:
    """Rescale ``weight`` so every participant has the same total (= total / n_participants).

    Totals are taken over all given points (also those outside the grid). Participants whose
    total weight is zero keep zero weight and are not counted. The sum of the returned
    weights equals the sum of ``weight``.
    """
    w = np.asarray(weight, dtype=np.float64)
    pid = np.asarray(participant)
    if pid.shape != w.shape:
        raise ParameterError("participant and weight arrays differ in length")
    inv, _ = participant_codes(pid)
    ok = np.isfinite(w)
    n_groups = int(inv.max()) + 1 if inv.size else 0
    if ok.all():
        per = np.bincount(inv, weights=w, minlength=n_groups)
    else:
        per = np.bincount(inv[ok], weights=w[ok], minlength=n_groups)
    del ok
    n_pos = int(np.count_nonzero(per > 0))
    if n_pos == 0:
        return np.zeros_like(w)
    target = per.sum() / n_pos
    factor = np.zeros_like(per)
    factor[per > 0] = target / per[per > 0]
    out = factor[inv]
    out *= w
    return out


def _validate_points(x_m, y_m, weight, participant, per_participant):
    x = np.asarray(x_m, dtype=np.float64).reshape(-1)
    y = np.asarray(y_m, dtype=np.float64).reshape(-1)
    if x.shape != y.shape:
        raise ParameterError("x and y arrays differ in length")
    if weight is None:
        w = None
    else:
        w = np.asarray(weight, dtype=np.float64).reshape(-1)
        if w.shape != x.shape:
            raise ParameterError("weight and coordinate arrays differ in length")
        if np.any(w < 0):
            raise ParameterError("weights must not be negative")
    if per_participant:
        if participant is None:
            raise ParameterError("per-participant weighting needs the participant of each point")
        w = participant_weights(np.ones_like(x) if w is None else w, participant)
    return x, y, w


def _chunks(n: int, size: int):
    for start in range(0, n, size):
        yield start, min(n, start + size)


def _report(progress: ProgressFn, value: float) -> None:
    if progress is not None:
        progress(float(min(1.0, max(0.0, value))))


def _check_cancel(is_cancelled: CancelFn) -> None:
    if is_cancelled is not None and is_cancelled():
        raise CancelledError("kernel density cancelled")


def kernel_density(
    x_m,
    y_m,
    weight,
    grid: Grid,
    bandwidth_m: float,
    kernel: Union[str, Kernel] = "quartic",
    participant=None,
    per_participant: bool = False,
    progress: ProgressFn = None,
    is_cancelled: CancelFn = None,
    method: str = "auto",
    oversample: Optional[int] = None,
    max_binning_error: float = 1e-3,
    chunk_points: int = CHUNK_POINTS,
) -> np.ndarray:
    """Kernel density of weighted points on ``grid``, in weight units per m².

    ``x_m, y_m`` are metric coordinates (same CRS as ``grid``); ``weight`` (``None`` = 1 per
    point) e.g. dwell seconds. Points with non-finite coordinates or weight are ignored;
    negative weights raise :class:`ParameterError`. ``bandwidth_m`` is the quartic support
    radius or the gaussian sigma (see module docstring). ``per_participant=True`` rescales the
    weights so each participant has the same total weight (the volume is unchanged);
    ``participant`` must then be given.

    ``method`` is ``"auto"``, ``"exact"`` or ``"binned"``; ``oversample`` (odd) overrides the
    binning lattice refinement chosen from ``max_binning_error`` (relative to the kernel
    peak, see :func:`binning_error_bound`). Points outside the grid still contribute where
    their kernel reaches into it. Returns float64 ``(n_rows, n_cols)``.
    """
    k = _kernel(kernel)
    h = _check_bandwidth(bandwidth_m)
    if method not in ("auto", "exact", "binned"):
        raise ParameterError(f"unknown method {method!r}; use 'auto', 'exact' or 'binned'")
    x, y, w = _validate_points(x_m, y_m, weight, participant, per_participant)
    _check_cancel(is_cancelled)
    p = grid.pixel_size_m
    if method == "auto":
        r_px = int(math.ceil(support_radius_m(h, k) / p)) + 1
        method = "exact" if x.size * (2 * r_px + 1) ** 2 <= EXACT_BUDGET else "binned"
    if method == "exact":
        reach = support_radius_m(h, k) + 2.0 * p
        xmin, ymin, xmax, ymax = grid.extent
        near = (x > xmin - reach) & (x < xmax + reach) & (y > ymin - reach) & (y < ymax + reach)
        if w is not None:
            near &= np.isfinite(w) & (w > 0)
        idx = np.flatnonzero(near)
        out = _density_exact(x[idx], y[idx], None if w is None else w[idx], grid, h, k, progress, is_cancelled)
    else:
        s = int(oversample) if oversample is not None else choose_oversample(h, grid, k, max_binning_error)
        if s < 1 or s % 2 == 0:
            raise ParameterError(f"oversample must be a positive odd integer, got {oversample!r}")
        out = _density_binned(x, y, w, grid, h, k, s, progress, is_cancelled, int(chunk_points))
    _report(progress, 1.0)
    return out


def _density_exact(x, y, w, grid: Grid, h: float, k: Kernel, progress, is_cancelled) -> np.ndarray:
    """Direct summation at pixel centres; each point's kernel renormalised to its weight."""
    p = grid.pixel_size_m
    nr, nc = grid.shape
    r_px = int(math.ceil(support_radius_m(h, k) / p)) + 1
    off = np.arange(-r_px, r_px + 1)
    dy, dx = np.meshgrid(off, off, indexing="ij")
    dx = dx.reshape(-1)
    dy = dy.reshape(-1)
    centre = dx.size // 2
    fx = (x - grid.x0_m) / p - 0.5  # continuous column coordinate (pixel centres at integers)
    fy = (grid.y0_m - y) / p - 0.5
    ic = np.rint(fx).astype(np.int64)
    ir = np.rint(fy).astype(np.int64)
    out = np.zeros(nr * nc, dtype=np.float64)
    per_chunk = max(1, 4_000_000 // dx.size)
    n = x.size
    for a, b in _chunks(n, per_chunk):
        _check_cancel(is_cancelled)
        cols = ic[a:b, None] + dx[None, :]
        rows = ir[a:b, None] + dy[None, :]
        d2 = ((cols - fx[a:b, None]) ** 2 + (rows - fy[a:b, None]) ** 2) * (p * p)
        val = kernel_value(d2, h, k)
        norm = val.sum(axis=1) * (p * p)
        empty = norm <= 0
        if np.any(empty):
            val[empty, centre] = 1.0
            norm[empty] = p * p
        wk = (1.0 if w is None else w[a:b]) / norm
        val *= wk[:, None] if np.ndim(wk) else wk
        ok = (cols >= 0) & (cols < nc) & (rows >= 0) & (rows < nr)
        out += np.bincount((rows[ok] * nc + cols[ok]), weights=val[ok], minlength=nr * nc)
        _report(progress, 0.99 * b / n)
    return out.reshape(nr, nc)


def _density_binned(
    x, y, w, grid: Grid, h: float, k: Kernel, s: int, progress, is_cancelled, chunk_points: int
) -> np.ndarray:
    """Linear binning on a lattice of spacing pixel/s, then polyphase FFT convolution."""
    p = grid.pixel_size_m
    nr, nc = grid.shape
    kernels, pad, _ = _phase_kernels(k, h, p, s)
    q = p / s
    hf = (nr + 2 * pad) * s  # fine lattice rows (padded)
    wf = (nc + 2 * pad) * s
    shift = pad * s
    bins = np.zeros(hf * wf, dtype=np.float64)
    n = x.size
    for a, b in _chunks(n, max(1, chunk_points)):
        _check_cancel(is_cancelled)
        # fine lattice coordinates, node centres at integers (padded array indices)
        u = (x[a:b] - grid.x0_m) * (1.0 / q) + (shift - 0.5)
        v = (grid.y0_m - y[a:b]) * (1.0 / q) + (shift - 0.5)
        i0 = np.floor(u)
        j0 = np.floor(v)
        # all four nodes inside the padded lattice; NaN compares False and is dropped. Points
        # beyond the padding cannot reach the grid (padding > kernel support).
        keep = (i0 >= 0) & (i0 < wf - 1) & (j0 >= 0) & (j0 < hf - 1)
        if w is not None:
            ww = w[a:b]
            keep &= np.isfinite(ww) & (ww > 0)
            ww = ww[keep]
        else:
            ww = 1.0
        tx = u[keep] - i0[keep]
        ty = v[keep] - j0[keep]
        flat = j0[keep].astype(np.int64) * wf + i0[keep].astype(np.int64)
        del u, v, i0, j0, keep
        m = flat.size
        idx = np.empty(4 * m, dtype=np.int64)
        val = np.empty(4 * m, dtype=np.float64)
        ux = 1.0 - tx
        uy = 1.0 - ty
        idx[:m] = flat
        val[:m] = ux * uy
        idx[m : 2 * m] = flat + 1
        val[m : 2 * m] = tx * uy
        idx[2 * m : 3 * m] = flat + wf
        val[2 * m : 3 * m] = ux * ty
        idx[3 * m :] = flat + (wf + 1)
        val[3 * m :] = tx * ty
        if w is not None:
            val.reshape(4, m)[:] *= ww
        del flat, tx, ty, ux, uy
        bins += np.bincount(idx, weights=val, minlength=hf * wf)
        del idx, val
        _report(progress, 0.5 * b / n)
    bins = bins.reshape(hf, wf)
    n_phase = s * s
    done = 0
    # sum_phases (B_phase * K_phase): transform each phase, accumulate the products in the
    # frequency domain, one inverse transform; keep the "valid" part (pixel centres).
    kside = 2 * pad + 1
    fshape = (
        sp_fft.next_fast_len(nr + 2 * pad + kside - 1, real=True),
        sp_fft.next_fast_len(nc + 2 * pad + kside - 1, real=True),
    )
    acc = None
    with sp_fft.set_workers(-1):
        for (ay, ax), kab in kernels.items():
            _check_cancel(is_cancelled)
            phase = bins[ay::s, ax::s]
            if phase.any():
                prod = sp_fft.rfft2(phase, fshape)
                prod *= sp_fft.rfft2(kab, fshape)
                if acc is None:
                    acc = prod
                else:
                    acc += prod
                del prod
            done += 1
            _report(progress, 0.5 + 0.49 * done / n_phase)
        del bins, phase
        if acc is None:
            return np.zeros((nr, nc), dtype=np.float64)
        full = sp_fft.irfft2(acc, fshape)
    del acc
    out = np.ascontiguousarray(full[kside - 1 : kside - 1 + nr, kside - 1 : kside - 1 + nc])
    del full
    peak = out.max() if out.size else 0.0
    out[out < peak * 1e-12] = 0.0  # FFT round-off (also clips tiny negatives)
    return out


def volume(density: np.ndarray, grid: Grid) -> float:
    """Integral of the density over the grid: ``nansum(density) * pixel area``.

    With density in weight units per m² this is in weight units (e.g. seconds).
    """
    return float(np.nansum(density)) * grid.pixel_area_m2


# --------------------------------------------------------------------------------------
# Bandwidth
# --------------------------------------------------------------------------------------
def weighted_quantile(values: np.ndarray, q, weight: Optional[np.ndarray] = None) -> np.ndarray:
    """Weighted quantiles (``q`` in 0..1) by linear interpolation of mid-point cumulative weights.

    Sorted values ``v_i`` with weights ``w_i`` sit at plotting positions
    ``(S_i - w_i/2) / W`` (``S_i`` = cumulative weight); for equal weights this equals
    ``numpy.percentile(method="hazen")``.
    """
    v = np.asarray(values, dtype=np.float64)
    wt = np.ones_like(v) if weight is None else np.asarray(weight, dtype=np.float64)
    order = np.argsort(v, kind="stable")
    v = v[order]
    wt = wt[order]
    del order
    pos = np.cumsum(wt)
    total = pos[-1]
    wt *= 0.5
    pos -= wt
    pos /= total
    del wt
    return np.interp(np.asarray(q, dtype=np.float64), pos, v)


def _canonical_ratio_quartic_to_gauss() -> float:
    """Ratio of canonical bandwidths (Marron & Nolan 1988) of the 2-D quartic and gaussian.

    delta_K = (R(K) / mu2(K)^2)^(1/(d+4)), d = 2. Quartic with unit support: R = 9/(5 pi),
    mu2 = 1/8. Standard gaussian: R = 1/(4 pi), mu2 = 1.
    """
    d_quartic = ((9.0 / (5.0 * math.pi)) / (1.0 / 8.0) ** 2) ** (1.0 / 6.0)
    d_gauss = (1.0 / (4.0 * math.pi)) ** (1.0 / 6.0)
    return d_quartic / d_gauss


QUARTIC_PER_GAUSS = _canonical_ratio_quartic_to_gauss()
"""Quartic support radius equivalent to a gaussian sigma of 1 (about 2.78)."""


def auto_bandwidth_m(
    x_m,
    y_m,
    weight=None,
    kernel: Union[str, Kernel] = "quartic",
    n_effective: Optional[float] = None,
    is_cancelled: CancelFn = None,
) -> float:
    """Normal-reference ("Silverman/Scott") bandwidth for 2-D projected points, in metres.

    Per axis the robust spread ``s_a = min(weighted std, weighted IQR / 1.349)``; the pooled
    spread ``sigma = sqrt((s_x^2 + s_y^2) / 2)``. The sample size is Kish's effective
    ``n = (sum w)^2 / sum w^2`` (or ``n_effective`` if given; GPS fixes are strongly
    autocorrelated, so a planner may prefer e.g. the number of stays). The gaussian
    bandwidth is the AMISE-optimal normal reference for d = 2,
    ``sigma_h = (4/(d+2))^(1/(d+4)) * sigma * n^(-1/(d+4)) = sigma * n^(-1/6)``
    (Silverman 1986, eq. 4.14; Scott 1992, eq. 6.42). For ``kernel="quartic"`` it is converted
    to the equivalent quartic support radius by the canonical-bandwidth ratio
    :data:`QUARTIC_PER_GAUSS` (Marron & Nolan 1988; Wand & Jones 1995, sect. 4.5).
    Weighted quantiles follow :func:`weighted_quantile`; the std is the weighted population std.
    """
    k = _kernel(kernel)
    x = np.asarray(x_m, dtype=np.float64).reshape(-1)
    y = np.asarray(y_m, dtype=np.float64).reshape(-1)
    w = np.ones_like(x) if weight is None else np.asarray(weight, dtype=np.float64).reshape(-1)
    ok = np.isfinite(x) & np.isfinite(y) & np.isfinite(w) & (w > 0)
    if not ok.all():  # copies only when something is left out (24 M fixes: 0.6 GB)
        x, y, w = x[ok], y[ok], w[ok]
    del ok
    if x.size < 2:
        raise ParameterError("an automatic bandwidth needs at least two points with positive weight")
    wsum = w.sum()

    def spread(a: np.ndarray) -> float:
        mean = float(np.dot(w, a)) / wsum
        d = a - mean
        d *= d
        std = math.sqrt(max(0.0, float(np.dot(w, d)) / wsum))
        del d
        q25, q75 = weighted_quantile(a, [0.25, 0.75], w)
        iqr = (q75 - q25) / 1.349
        robust = min(std, iqr) if iqr > 0 else std
        return robust

    _check_cancel(is_cancelled)
    sx = spread(x)
    _check_cancel(is_cancelled)  # each axis sorts all points: about 2 s for 24 M
    sy = spread(y)
    _check_cancel(is_cancelled)
    sigma = math.sqrt((sx * sx + sy * sy) / 2.0)
    if not sigma > 0:
        raise ParameterError("all points coincide; give a bandwidth in metres")
    n = float(n_effective) if n_effective is not None else float(wsum * wsum / np.dot(w, w))
    h_gauss = sigma * n ** (-1.0 / 6.0)
    return h_gauss * (QUARTIC_PER_GAUSS if k is Kernel.QUARTIC else 1.0)


# --------------------------------------------------------------------------------------
# Participants behind each cell
# --------------------------------------------------------------------------------------
def participants_within(
    x_m,
    y_m,
    participant,
    grid: Grid,
    radius_m: float,
    conservative: bool = True,
    progress: ProgressFn = None,
    is_cancelled: CancelFn = None,
) -> np.ndarray:
    """Distinct participants with fixes within ``radius_m`` of each cell, ``(n_rows, n_cols)`` int.

    Uses the shared mechanism :func:`kanon.grid_distinct_participants`: each participant's
    occupied cells are dilated by a disk. A fix lies anywhere in its cell, up to
    ``pixel/sqrt(2)`` from the cell centre, so with ``conservative=True`` the disk radius is
    ``radius_m / pixel - 1/sqrt(2)`` cells: a participant is only counted for a cell if one of
    their fixes is certainly within ``radius_m`` of it (the count never exceeds the true count,
    the safe side for k-anonymity). ``conservative=False`` uses ``radius_m / pixel``.
    Fixes outside the grid are not counted. Pass ``radius_m = support_radius_m(bandwidth)``
    for the participants behind a density cell.
    """
    r = float(radius_m) / grid.pixel_size_m
    if conservative:
        r = max(0.0, r - math.sqrt(0.5))
    cols, rows = grid.cell_of(x_m, y_m)
    inside = grid.inside(cols, rows)
    pids = np.asarray(participant).reshape(-1)
    if pids.shape != cols.shape:
        raise ParameterError("participant and coordinate arrays differ in length")
    codes, _ = participant_codes(pids)
    if not inside.all():
        cols, rows, codes = cols[inside], rows[inside], codes[inside]
    del inside
    out = np.zeros(grid.shape, dtype=np.int32)
    if codes.size == 0:
        _report(progress, 1.0)
        return out
    # The shared mechanism, called per participant on the bounding box of their fixes grown by
    # the disk radius (identical result; the dilation then only touches cells it can reach).
    present, inv = np.unique(codes, return_inverse=True)
    order = np.argsort(inv, kind="stable")
    bounds = np.searchsorted(inv[order], np.arange(present.size + 1))
    rad = int(math.ceil(r)) + 1
    nr, nc = grid.shape
    for i in range(present.size):
        _check_cancel(is_cancelled)
        sel = order[bounds[i] : bounds[i + 1]]
        rr, cc = rows[sel], cols[sel]
        r0, r1 = max(0, int(rr.min()) - rad), min(nr, int(rr.max()) + rad + 1)
        c0, c1 = max(0, int(cc.min()) - rad), min(nc, int(cc.max()) + rad + 1)
        out[r0:r1, c0:c1] += kanon.grid_distinct_participants(cc - c0, rr - r0, codes[sel], (r1 - r0, c1 - c0), r)
        _report(progress, (i + 1) / present.size)
    return out
