"""Kernel density core: against a brute-force kernel sum, the QGIS #34958/#35747 heatmap case,
grid alignment, volume, per-participant weighting, automatic bandwidth, participant counts."""
from __future__ import annotations

import csv
import math

import numpy as np
import pytest

from trampesti.core import kanon, kde
from trampesti.core.exceptions import CancelledError, ParameterError


# ---------------------------------------------------------------- independent reference
def brute_kernel(d2, h, kernel):
    """Kernel written out from the docstring's formulas (not the module's)."""
    if kernel == "quartic":
        u = 1.0 - d2 / (h * h)
        return np.where(d2 < h * h, 3.0 / (math.pi * h * h) * u * u, 0.0)
    norm = 1.0 / (2.0 * math.pi * h * h * (1.0 - math.exp(-8.0)))
    return np.where(d2 < 16.0 * h * h, norm * np.exp(-d2 / (2.0 * h * h)), 0.0)


def brute_density(x, y, w, grid, h, kernel):
    """sum_i w_i K(|g - x_i|) at every pixel centre, pixel centres computed by hand."""
    p = grid.pixel_size_m
    xc = grid.x0_m + p * (np.arange(grid.n_cols) + 0.5)
    yc = grid.y0_m - p * (np.arange(grid.n_rows) + 0.5)
    gx, gy = np.meshgrid(xc, yc)
    out = np.zeros(gx.shape)
    for xi, yi, wi in zip(x, y, w):
        out += wi * brute_kernel((gx - xi) ** 2 + (gy - yi) ** 2, h, kernel)
    return out, gx, gy


def local_weight(x, y, w, gx, gy, radius):
    """Weight of the points within ``radius`` of each pixel centre."""
    out = np.zeros(gx.shape)
    for xi, yi, wi in zip(x, y, w):
        out += wi * (((gx - xi) ** 2 + (gy - yi) ** 2) < radius * radius)
    return out


def random_case(seed, n=30, size_m=600.0):
    rng = np.random.default_rng(seed)
    x = 500_000.0 + rng.uniform(0, size_m, n)
    y = 6_100_000.0 + rng.uniform(0, size_m, n)
    w = rng.uniform(0.2, 3.0, n)
    return x, y, w


def support(h, kernel):
    return h if kernel == "quartic" else 4.0 * h


# ---------------------------------------------------------------- Grid
def test_grid_geometry_by_hand():
    g = kde.Grid.from_extent(1003.0, 2001.0, 1047.0, 2029.0, 10.0)
    assert (g.x0_m, g.y0_m, g.n_cols, g.n_rows) == (1000.0, 2030.0, 5, 3)
    assert g.geotransform() == (1000.0, 10.0, 0.0, 2030.0, 0.0, -10.0)
    cols, rows = g.cell_of([1000.0, 1009.99, 1010.0, 1049.0], [2030.0, 2020.01, 2020.0, 2000.5])
    assert cols.tolist() == [0, 0, 1, 4]
    assert rows.tolist() == [0, 0, 1, 2]
    xc, yc = g.centres()
    assert xc.tolist() == [1005.0, 1015.0, 1025.0, 1035.0, 1045.0]
    assert yc.tolist() == [2025.0, 2015.0, 2005.0]
    assert g.flat_index([1025.0, 999.0], [2015.0, 2015.0]).tolist() == [1 * 5 + 2, -1]
    assert kde.Grid.from_geotransform(g.geotransform(), 5, 3) == g
    # padding grows by whole pixels, snapped to the same lattice
    gp = kde.Grid.from_extent(1003.0, 2001.0, 1047.0, 2029.0, 10.0, pad_m=15.0)
    assert (gp.x0_m, gp.y0_m, gp.n_cols, gp.n_rows) == (980.0, 2050.0, 9, 7)


def test_grid_rejects_bad_input():
    with pytest.raises(ParameterError):
        kde.Grid.from_extent(0, 0, 10, 10, 0.0)
    with pytest.raises(ParameterError):
        kde.Grid.from_extent(0, 0, float("nan"), 10, 1.0)
    with pytest.raises(ParameterError):
        kde.Grid.from_geotransform((0, 10, 0.5, 0, 0, -10), 3, 3)


def test_two_rounds_align_pixel_for_pixel():
    """Grids of two different point sets with the same pixel size share the lattice, and a
    point common to both gets identical density in the cells both grids hold."""
    p = 25.0
    a_x, a_y, _ = random_case(1, n=10)
    b_x, b_y, _ = random_case(2, n=12, size_m=900.0)
    b_x = b_x + 333.3
    ga = kde.Grid.for_points(a_x, a_y, p, pad_m=300.0)
    gb = kde.Grid.for_points(b_x, b_y, p, pad_m=300.0)
    assert ga.geotransform() != gb.geotransform()  # different extents ...
    for off in ((ga.x0_m - gb.x0_m) / p, (ga.y0_m - gb.y0_m) / p):
        assert off == round(off)  # ... on the same pixel lattice
    common = ([a_x[0]], [a_y[0]], [2.0])
    for method in ("exact", "binned"):
        da = kde.kernel_density(*common, ga, 250.0, method=method)
        db = kde.kernel_density(*common, gb, 250.0, method=method)
        dc = int(round((ga.x0_m - gb.x0_m) / p))
        dr = int(round((gb.y0_m - ga.y0_m) / p))
        # cell (r, c) of ga is cell (r + dr, c + dc) of gb
        r0, r1 = max(0, -dr), min(ga.n_rows, gb.n_rows - dr)
        c0, c1 = max(0, -dc), min(ga.n_cols, gb.n_cols - dc)
        assert r1 - r0 > 10 and c1 - c0 > 10
        sub_a = da[r0:r1, c0:c1]
        sub_b = db[r0 + dr : r1 + dr, c0 + dc : c1 + dc]
        assert sub_a.max() > 0
        np.testing.assert_allclose(sub_a, sub_b, rtol=0, atol=1e-9 * da.max())


# ---------------------------------------------------------------- accuracy vs brute force
@pytest.mark.parametrize("kernel,h_px", [("quartic", 10), ("quartic", 16), ("gaussian", 10), ("gaussian", 14)])
@pytest.mark.parametrize("seed", [3, 4])
def test_binned_within_0_1_percent_of_peak_for_bandwidth_ge_10_px(kernel, h_px, seed):
    p = 10.0
    h = h_px * p
    x, y, w = random_case(seed)
    grid = kde.Grid.for_points(x, y, p, pad_m=support(h, kernel) + p)
    ref, gx, gy = brute_density(x, y, w, grid, h, kernel)
    got = kde.kernel_density(x, y, w, grid, h, kernel, method="binned")
    err = np.abs(got - ref)
    assert err.max() <= 1e-3 * ref.max()
    # the stated bound holds cell by cell: bound * K(0) * weight within reach
    s = kde.choose_oversample(h, grid, kernel)
    bound = kde.binning_error_bound(h, p, kernel, s)
    assert bound <= 1e-3 + 1e-6
    reach = support(h, kernel) + 2 * p / s
    lim = bound * kde.kernel_peak(h, kernel) * local_weight(x, y, w, gx, gy, reach)
    assert np.all(err <= lim + 1e-15 * ref.max())


@pytest.mark.parametrize("kernel,h_px", [("quartic", 3), ("quartic", 5), ("quartic", 7), ("gaussian", 2), ("gaussian", 4)])
def test_binned_small_bandwidth_within_stated_bound(kernel, h_px):
    """Below 10 px the oversampling is capped at 15 and the sampled kernel's renormalisation
    grows; the bound of binning_error_bound still holds cell by cell and stays under 1 %."""
    p = 10.0
    h = h_px * p
    x, y, w = random_case(5, n=25, size_m=300.0)
    grid = kde.Grid.for_points(x, y, p, pad_m=support(h, kernel) + p)
    ref, gx, gy = brute_density(x, y, w, grid, h, kernel)
    got = kde.kernel_density(x, y, w, grid, h, kernel, method="binned")
    s = kde.choose_oversample(h, grid, kernel)
    bound = kde.binning_error_bound(h, p, kernel, s)
    lim = bound * kde.kernel_peak(h, kernel) * local_weight(x, y, w, gx, gy, support(h, kernel) + 2 * p / s)
    err = np.abs(got - ref)
    assert np.all(err <= lim + 1e-15 * ref.max())
    assert err.max() <= 0.01 * ref.max()


def test_plain_linear_binning_error_follows_its_bound():
    """Without oversampling (s = 1) linear binning errs by about (p/h)^2 of the peak for a
    point at a cell corner (1 % at 10 px), within the stated 2 (p/h)^2, which is why the
    default refines the lattice."""
    p, h = 10.0, 100.0
    grid = kde.Grid.from_extent(0, 0, 400, 400, p)
    x, y = np.array([200.0]), np.array([200.0])  # on a pixel corner
    ref, _, _ = brute_density(x, y, [1.0], grid, h, "quartic")
    got = kde.kernel_density(x, y, None, grid, h, method="binned", oversample=1)
    rel = np.abs(got - ref).max() / ref.max()
    assert 0.5 * (p / h) ** 2 < rel <= kde.binning_error_bound(h, p, "quartic", 1)
    assert kde.binning_error_bound(h, p, "quartic", 1) == pytest.approx(2 * (p / h) ** 2, rel=5e-3)


@pytest.mark.parametrize("kernel", ["quartic", "gaussian"])
def test_exact_method_matches_brute_force(kernel):
    p, h = 10.0, 120.0
    x, y, w = random_case(6)
    grid = kde.Grid.for_points(x, y, p, pad_m=support(h, kernel) + p)
    ref, _, _ = brute_density(x, y, w, grid, h, kernel)
    got = kde.kernel_density(x, y, w, grid, h, kernel, method="exact")
    assert np.abs(got - ref).max() <= 1e-4 * ref.max()  # only the per-point renormalisation


@pytest.mark.parametrize("method", ["exact", "binned"])
@pytest.mark.parametrize("kernel", ["quartic", "gaussian"])
def test_volume_equals_total_weight(method, kernel):
    p, h = 20.0, 150.0
    x, y, w = random_case(7, n=200, size_m=2000.0)
    grid = kde.Grid.for_points(x, y, p, pad_m=support(h, kernel) + 2 * p)
    d = kde.kernel_density(x, y, w, grid, h, kernel, method=method)
    assert d.dtype == np.float64 and d.shape == (grid.n_rows, grid.n_cols)
    assert abs(kde.volume(d, grid) / w.sum() - 1.0) <= 1e-6
    assert d.min() >= 0.0


def test_volume_is_lost_only_where_kernels_leave_the_grid():
    p, h = 10.0, 100.0
    grid = kde.Grid.from_extent(0, 0, 1000, 1000, p)
    # one point on the left edge: exactly half of a symmetric kernel lies inside
    d = kde.kernel_density([0.0], [500.0], [4.0], grid, h, method="binned")
    assert kde.volume(d, grid) == pytest.approx(2.0, rel=2e-3)
    # a point 150 m outside contributes nothing, one 50 m outside a part
    assert kde.kernel_density([-150.0], [500.0], None, grid, h).max() == 0.0
    assert kde.kernel_density([-50.0], [500.0], None, grid, h).max() > 0.0


def test_chunked_binning_equals_single_chunk():
    x, y, w = random_case(8, n=1000, size_m=1500.0)
    grid = kde.Grid.for_points(x, y, 10.0, pad_m=160.0)
    a = kde.kernel_density(x, y, w, grid, 150.0, method="binned")
    b = kde.kernel_density(x, y, w, grid, 150.0, method="binned", chunk_points=97)
    np.testing.assert_allclose(a, b, rtol=0, atol=1e-12 * a.max())


def test_weights_scale_and_nan_points_are_ignored():
    x, y, w = random_case(9, n=40)
    grid = kde.Grid.for_points(x, y, 10.0, pad_m=120.0)
    base = kde.kernel_density(x, y, w, grid, 110.0)
    np.testing.assert_allclose(kde.kernel_density(x, y, 3 * w, grid, 110.0), 3 * base, rtol=1e-12, atol=0)
    xn = np.append(x, [np.nan, x[0]])
    yn = np.append(y, [y[0], np.nan])
    wn = np.append(w, [1.0, 1.0])
    np.testing.assert_allclose(kde.kernel_density(xn, yn, wn, grid, 110.0), base, rtol=1e-12, atol=0)
    ones = kde.kernel_density(x, y, None, grid, 110.0)
    np.testing.assert_allclose(ones, kde.kernel_density(x, y, np.ones_like(x), grid, 110.0), rtol=1e-12)


# ---------------------------------------------------------------- per participant
@pytest.mark.parametrize("method", ["exact", "binned"])
def test_per_participant_equalises_totals(method):
    rng = np.random.default_rng(10)
    # A: 120 fixes of 1 s, B: 5 fixes of 10 s, C: 1 fix of 2 s -> total 172, each gets 172/3
    x = np.concatenate([rng.uniform(0, 300, 120), rng.uniform(600, 900, 5), [450.0]])
    y = np.concatenate([rng.uniform(0, 300, 120), rng.uniform(0, 300, 5), [700.0]])
    w = np.concatenate([np.ones(120), np.full(5, 10.0), [2.0]])
    pid = np.array(["A"] * 120 + ["B"] * 5 + ["C"])
    hand_w = np.concatenate([np.full(120, 172 / 3 / 120), np.full(5, 172 / 3 / 5), [172 / 3]])
    grid = kde.Grid.for_points(x, y, 10.0, pad_m=130.0)
    got = kde.kernel_density(x, y, w, grid, 110.0, participant=pid, per_participant=True, method=method)
    ref, _, _ = brute_density(x, y, hand_w, grid, 110.0, "quartic")
    assert np.abs(got - ref).max() <= 1e-3 * ref.max()
    assert kde.volume(got, grid) == pytest.approx(172.0, rel=1e-9)
    # each participant alone now carries 172/3
    for p_ in "ABC":
        m = pid == p_
        part = kde.kernel_density(x[m], y[m], kde.participant_weights(w, pid)[m], grid, 110.0, method=method)
        assert kde.volume(part, grid) == pytest.approx(172 / 3, rel=1e-9)
    with pytest.raises(ParameterError):
        kde.kernel_density(x, y, w, grid, 110.0, per_participant=True)


# ---------------------------------------------------------------- heatmap case (QGIS #34958, #35747)
def _heatmap_points(shared_data):
    with open(shared_data / "cases" / "heatmap_points_epsg25832.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return np.array([float(r["x"]) for r in rows]), np.array([float(r["y"]) for r in rows])


@pytest.mark.parametrize("method", ["auto", "binned"])
@pytest.mark.parametrize("offset", [(0.0, 0.0), (37.0, 71.0), (-12.5, 88.0), (49.0, -49.0)])
def test_heatmap_case_symmetric_zero_beyond_radius_max_in_own_cell(shared_data, method, offset):
    """The file's points lie on pixel corners; the offsets move them inside cells (where QGIS
    3.22's Heatmap mirrors each kernel vertically within its pixel, displacing its maximum)."""
    x, y = _heatmap_points(shared_data)
    assert x.size == 3
    x, y = x + offset[0], y + offset[1]
    h, p = 1500.0, 100.0
    grid = kde.Grid.for_points(x, y, p, pad_m=h + 2 * p)
    xc, yc = grid.centres()
    gx, gy = np.meshgrid(xc, yc)
    if method == "binned":
        s = kde.choose_oversample(h, grid)
        tol = kde.binning_error_bound(h, p, "quartic", s)  # relative to the peak
        spill = p / s * math.sqrt(2.0)  # a lattice node of a point lies this close at most
    else:
        tol, spill = 1e-12, 0.0
    for xi, yi in zip(x, y):
        d = kde.kernel_density([xi], [yi], None, grid, h, method=method)
        peak = d.max()
        dist = np.hypot(gx - xi, gy - yi)
        # zero beyond the radius (strictly for exact; beyond radius + lattice spill for binned)
        assert np.all(d[dist >= h + spill] == 0.0)
        assert np.all(d[dist >= h] <= tol * peak)
        assert np.all(d[dist < h - spill - 1.0] > 0.0)
        # the values follow the quartic profile around the true point (radially symmetric)
        prof = np.clip(1 - dist**2 / h**2, 0, None) ** 2
        scale = (d * prof).sum() / (prof * prof).sum()
        assert np.abs(d - scale * prof).max() <= 2 * tol * peak + 1e-12 * peak
        if offset == (0.0, 0.0):
            # centres at equal distance hold equal values; the groups include distances in
            # different directions (e.g. 1250/850 and 1450/350 m), not just mirror images
            key = np.round(dist, 6).ravel()
            order = np.argsort(key, kind="stable")
            ks, vs = key[order], d.ravel()[order]
            _, start = np.unique(ks, return_index=True)
            spread = np.maximum.reduceat(vs, start) - np.minimum.reduceat(vs, start)
            assert spread.max() <= 2 * tol * peak
            assert (np.diff(start) >= 16).sum() >= 3
        # maximum in the cell holding the point (strictly, inside a cell, for exact)
        c, r = grid.cell_of([xi], [yi])
        assert d[r[0], c[0]] >= peak * (1 - tol)
        if method == "auto" and offset != (0.0, 0.0):
            assert np.count_nonzero(d >= d[r[0], c[0]]) == 1
    # all three together: each point's own cell is the maximum of its neighbourhood
    d = kde.kernel_density(x, y, None, grid, h, method=method)
    for xi, yi in zip(x, y):
        c, r = grid.cell_of([xi], [yi])
        near = np.hypot(gx - xi, gy - yi) <= 500.0
        assert d[r[0], c[0]] >= d[near].max() * (1 - tol)


# ---------------------------------------------------------------- bandwidth
def test_auto_bandwidth_matches_hand_computation():
    ratio = 460.8 ** (1 / 6)  # ((9/(5 pi)) * 64 / (1/(4 pi)))^(1/6) = (2304/5)^(1/6)
    assert kde.QUARTIC_PER_GAUSS == pytest.approx(ratio, rel=1e-12)
    # evenly spaced: std (25.82, 51.64) < IQR/1.349 (33.36, 66.72) -> sigma = sqrt((6000/9 + 24000/9)/2)
    x = np.arange(9) * 10.0
    y = 2 * x
    sigma = math.sqrt((6000 / 9 + 24000 / 9) / 2)
    assert kde.auto_bandwidth_m(x, y, kernel="gaussian") == pytest.approx(sigma * 9 ** (-1 / 6), rel=1e-9)
    assert kde.auto_bandwidth_m(x, y) == pytest.approx(sigma * 9 ** (-1 / 6) * ratio, rel=1e-9)
    # an outlier: Hazen quartiles 1.75 and 6.25 -> IQR/1.349 = 4.5/1.349 wins over the std
    xo = np.array([0, 1, 2, 3, 4, 5, 6, 7, 1000.0])
    assert kde.auto_bandwidth_m(xo, xo, kernel="gaussian") == pytest.approx(4.5 / 1.349 * 9 ** (-1 / 6), rel=1e-9)
    # weighted: x (0,10,20), y (0,0,10), w (1,1,2): var_x = 275/4, var_y = 25; n_eff = 16/6
    xw, yw, ww = [0.0, 10.0, 20.0], [0.0, 0.0, 10.0], [1.0, 1.0, 2.0]
    expect = math.sqrt((275 / 4 + 25) / 2) * (16 / 6) ** (-1 / 6)
    assert kde.auto_bandwidth_m(xw, yw, ww, kernel="gaussian") == pytest.approx(expect, rel=1e-9)
    assert kde.weighted_quantile(xw, [0.25, 0.75], ww).tolist() == pytest.approx([5.0, 20.0])
    np.testing.assert_allclose(kde.weighted_quantile(xo, [0.1, 0.5, 0.9]), np.percentile(xo, [10, 50, 90], method="hazen"))
    with pytest.raises(ParameterError):
        kde.auto_bandwidth_m([5.0, 5.0], [1.0, 1.0])


# ---------------------------------------------------------------- participants behind cells
def test_participants_within_counts_distinct_and_conservatively():
    p, radius = 20.0, 300.0
    grid = kde.Grid.from_extent(0, 0, 2000, 1000, p)
    # A: 500 fixes around (205, 505); B: 1 fix 250 m east; C: far away
    rng = np.random.default_rng(11)
    x = np.concatenate([205 + rng.normal(0, 1, 500), [455.0], [1605.0]])
    y = np.concatenate([505 + rng.normal(0, 1, 500), [505.0], [505.0]])
    pid = np.array(["A"] * 500 + ["B", "C"])
    n = kde.participants_within(x, y, pid, grid, radius)
    c, r = grid.cell_of([205.0, 1605.0, 1000.0], [505.0, 505.0, 505.0])
    assert n[r[0], c[0]] == 2  # A once, despite 500 fixes, plus B
    assert n[r[1], c[1]] == 1
    assert n[r[2], c[2]] == 0
    # conservative: never more than the participants with a fix truly within radius of the centre
    xr = rng.uniform(0, 2000, 300)
    yr = rng.uniform(0, 1000, 300)
    pr = rng.integers(0, 12, 300).astype(str)
    got = kde.participants_within(xr, yr, pr, grid, radius)
    xc, yc = grid.centres()
    gx, gy = np.meshgrid(xc[::7], yc[::7])
    exact = np.zeros(gx.shape, dtype=int)
    inner = np.zeros(gx.shape, dtype=int)
    for q in np.unique(pr):
        m = pr == q
        dmin = np.min(np.hypot(gx[..., None] - xr[m], gy[..., None] - yr[m]), axis=-1)
        exact += dmin <= radius
        inner += dmin <= radius - 2 * p
    # the same as the shared mechanism on the whole grid (participants_within crops per person)
    cols, rows = grid.cell_of(xr, yr)
    whole = kanon.grid_distinct_participants(cols, rows, pr, grid.shape, radius / p - math.sqrt(0.5))
    np.testing.assert_array_equal(got, whole)
    sub = got[::7, ::7]
    assert np.all(sub <= exact)
    assert np.all(sub >= inner)
    assert (sub != exact).mean() < 0.2


# ---------------------------------------------------------------- plumbing
def test_progress_cancel_and_parameter_errors():
    x, y, w = random_case(12, n=100)
    grid = kde.Grid.for_points(x, y, 10.0, pad_m=110.0)
    seen = []
    kde.kernel_density(x, y, w, grid, 100.0, method="binned", progress=seen.append, chunk_points=10)
    assert seen[-1] == 1.0 and all(b >= a for a, b in zip(seen, seen[1:])) and len(seen) > 5
    with pytest.raises(CancelledError):
        kde.kernel_density(x, y, w, grid, 100.0, is_cancelled=lambda: True)
    for bad in (0.0, -5.0, float("nan")):
        with pytest.raises(ParameterError):
            kde.kernel_density(x, y, w, grid, bad)
    with pytest.raises(ParameterError):
        kde.kernel_density(x, y, -w, grid, 100.0)
    with pytest.raises(ParameterError):
        kde.kernel_density(x, y, w, grid, 100.0, kernel="epanechnikov")
    assert kde.kernel_density([], [], None, grid, 100.0).sum() == 0.0
    assert kde.support_radius_m(50.0, "gaussian") == 200.0
