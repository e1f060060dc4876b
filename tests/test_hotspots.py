"""Percent-volume hotspots: shares of presence, analytic areas, connected regions and their
statistics (distinct participants), Getis-Ord Gi* against a brute-force sum."""
from __future__ import annotations

import math

import numpy as np
import pytest

from trampesti.core import hotspots, kde
from trampesti.core.exceptions import ParameterError


def gaussian_blobs(grid, blobs):
    """Analytic mixture of isotropic gaussians (x, y, sigma, mass) at the pixel centres."""
    gx, gy = np.meshgrid(*grid.centres())
    out = np.zeros(gx.shape)
    for bx, by, s, mass in blobs:
        out += mass / (2 * math.pi * s * s) * np.exp(-((gx - bx) ** 2 + (gy - by) ** 2) / (2 * s * s))
    return out


GRID = kde.Grid.from_extent(0, 0, 3000, 2000, 10.0)
BLOBS = [(700, 1200, 150, 5.0), (1900, 700, 250, 3.0), (2300, 1500, 90, 1.0)]


@pytest.mark.parametrize("level", [25, 50, 75, 90, 95])
def test_masks_hold_their_share_of_presence(level):
    d = gaussian_blobs(GRID, BLOBS)
    mask = hotspots.level_masks(d, [level])[level]
    share = d[mask].sum() / d.sum()
    assert level / 100 <= share <= level / 100 + 0.01
    # smallest such area: dropping the lowest cells of the mask (ties: symmetric positions)
    # falls below the level
    lowest = d[mask].min()
    assert d[mask & (d > lowest)].sum() / d.sum() < level / 100
    # every cell outside is not denser than every cell inside
    assert d[~mask].max() <= d[mask].min()


def test_threshold_by_independent_search():
    rng = np.random.default_rng(1)
    d = rng.gamma(0.5, 1.0, (40, 30))
    d[rng.random(d.shape) < 0.2] = 0.0
    d[3, 4] = np.nan  # nodata counts as no presence
    thr = hotspots.percent_volume_thresholds(d, [50, 90, 100])
    vals = d[np.isfinite(d)]
    total = vals.sum()
    for level, t in thr.items():
        # largest threshold t' among the data values with sum(d >= t') >= level% of total
        cands = [v for v in np.unique(vals[vals > 0]) if vals[vals >= v].sum() >= level / 100 * total * (1 - 1e-12)]
        assert t == max(cands)
    assert thr[100] == vals[vals > 0].min()


@pytest.mark.parametrize("level", [50, 90])
def test_single_gaussian_area_matches_analytic_hdr(level):
    """The L % highest-density region of an isotropic gaussian is a disk of area
    -2 pi sigma^2 ln(1 - L)."""
    sigma = 200.0
    grid = kde.Grid.from_extent(0, 0, 3000, 3000, 10.0)
    d = gaussian_blobs(grid, [(1500, 1500, sigma, 1.0)])
    mask = hotspots.level_masks(d, [level])[level]
    area = mask.sum() * grid.pixel_area_m2
    assert area == pytest.approx(-2 * math.pi * sigma**2 * math.log(1 - level / 100), rel=0.01)
    labels, regions = hotspots.label_regions(mask, d, grid, level_pct=level)
    assert len(regions) == 1
    assert regions[0].person_hours == pytest.approx(level / 100, abs=0.01)


def test_label_regions_eight_connected_with_stats_by_hand():
    d = np.array(
        [
            [1.0, 0.0, 0.0, 0.0, 0.0],
            [0.0, 2.0, 0.0, 0.0, 4.0],
            [0.0, 0.0, 0.0, 0.0, 4.0],
            [0.0, 0.0, 0.0, 0.0, 0.0],
        ]
    )
    grid = kde.Grid(0.0, 40.0, 10.0, 5, 4)
    mask = d > 0
    labels, regions = hotspots.label_regions(mask, d, grid, level_pct=50.0, area_unit_m2=10_000.0)
    assert labels.max() == 2 and len(regions) == 2  # the diagonal pair is one region
    assert labels[0, 0] == labels[1, 1] != labels[1, 4] == labels[2, 4]
    a = regions[labels[0, 0] - 1]
    b = regions[labels[1, 4] - 1]
    assert a.area_m2 == 200.0 and b.area_m2 == 200.0
    # density per hectare x 100 m^2 cells: (1 + 2) * 100 / 10 000
    assert a.person_hours == pytest.approx(0.03) and b.person_hours == pytest.approx(0.08)
    assert (a.peak, b.peak) == (2.0, 4.0) and a.level_pct == 50.0
    assert (a.row_min, a.row_max, a.col_min, a.col_max) == (0, 1, 0, 1)
    assert a.n_participants == -1  # no fixes given


def test_n_participants_counts_distinct_people():
    d = gaussian_blobs(GRID, BLOBS)
    mask = hotspots.level_masks(d, [90])[90]
    labels, regions = hotspots.label_regions(mask, d, GRID, level_pct=90)
    c, r = GRID.cell_of([700, 1900, 2300], [1200, 700, 1500])
    lab = labels[r, c]
    assert len(set(lab.tolist())) == 3 and 0 not in lab
    rng = np.random.default_rng(2)
    x = np.concatenate([700 + rng.normal(0, 5, 1000), [705.0], 1900 + rng.normal(0, 5, 3), [10.0], [-500.0]])
    y = np.concatenate([1200 + rng.normal(0, 5, 1000), [1195.0], 700 + rng.normal(0, 5, 3), [10.0], [1200.0]])
    pid = np.array(["A"] * 1000 + ["B"] + ["C"] * 3 + ["D", "A"])  # D outside regions, last A off grid
    labels, regions = hotspots.label_regions(mask, d, GRID, x, y, pid, level_pct=90)
    counts = {int(lb): regions[int(lb) - 1].n_participants for lb in lab}
    assert [counts[int(lb)] for lb in lab] == [2, 1, 0]  # A once for 1000 fixes, plus B
    assert labels[GRID.cell_of([10.0], [10.0])[1][0], 1] == 0


def test_hotspots_from_kde_hold_their_share():
    rng = np.random.default_rng(3)
    x = np.concatenate([rng.normal(1000, 120, 3000), rng.normal(2200, 200, 2000)])
    y = np.concatenate([rng.normal(1000, 120, 3000), rng.normal(1400, 200, 2000)])
    w = rng.uniform(1, 30, x.size)
    grid = kde.Grid.for_points(x, y, 10.0, pad_m=300.0)
    dens = kde.kernel_density(x, y, w, grid, 150.0) * 10_000 / 3600  # hours per hectare
    total_h = w.sum() / 3600
    out = hotspots.hotspot_regions(dens, [50, 75, 90], grid, x, y, np.repeat(["P1", "P2"], [3000, 2000]), 10_000)
    for level, (labels, regions) in out.items():
        inside = sum(rg.person_hours for rg in regions)
        assert level / 100 <= inside / total_h <= level / 100 + 0.01
        assert sum(rg.area_m2 for rg in regions) == pytest.approx((labels > 0).sum() * 100.0)


def test_levels_are_validated():
    assert hotspots.parse_levels("90, 50;75,50") == [50.0, 75.0, 90.0]
    for bad in ("0", "101", "a,b", ""):
        with pytest.raises(ParameterError):
            hotspots.parse_levels(bad)
    with pytest.raises(ParameterError):
        hotspots.percent_volume_thresholds(np.zeros((3, 3)), [50])


def test_getis_ord_gi_star_matches_brute_force():
    rng = np.random.default_rng(4)
    v = rng.gamma(2.0, 1.0, (14, 11))
    v[5:8, 4:7] += 6.0  # a planted hotspot
    v[0, 3] = np.nan
    radius = 2.0
    z = hotspots.getis_ord_gi_star(v, radius)
    ok = np.isfinite(v)
    vals = v[ok]
    n = vals.size
    xbar = vals.mean()
    s = math.sqrt((vals**2).sum() / n - xbar**2)
    ref = np.full(v.shape, np.nan)
    for i in range(v.shape[0]):
        for j in range(v.shape[1]):
            if not ok[i, j]:
                continue
            lag = wsum = 0.0
            for a in range(v.shape[0]):
                for b in range(v.shape[1]):
                    if ok[a, b] and (a - i) ** 2 + (b - j) ** 2 <= radius**2:
                        lag += v[a, b]
                        wsum += 1.0
            ref[i, j] = (lag - xbar * wsum) / (s * math.sqrt((n * wsum - wsum**2) / (n - 1)))
    np.testing.assert_allclose(z, ref, rtol=1e-9, atol=1e-9, equal_nan=True)
    assert np.nanargmax(z) in np.ravel_multi_index(np.mgrid[5:8, 4:7].reshape(2, -1), v.shape)
    assert np.isnan(hotspots.getis_ord_gi_star(np.ones((5, 5)), 1.0)).all()
