"""The main study area: the connected area with the most presence, the rest counted."""
from __future__ import annotations

import numpy as np

from trampesti.core.studyarea import approx_metric_xy, main_study_area


def test_two_cities_keeps_the_heavier_one():
    rng = np.random.default_rng(1)
    a = rng.normal(0, 300, size=(500, 2))            # city A: 500 points
    b = rng.normal(0, 300, size=(200, 2)) + 50_000   # city B, 70 km away: 200 points
    xy = np.vstack([a, b])
    area = main_study_area(xy[:, 0], xy[:, 1])
    assert area.inside[:500].all() and not area.inside[500:].any()
    assert area.n_areas == 2 and area.n_outside == 200


def test_weight_not_count_decides():
    x = np.array([0.0, 10.0, 20.0, 90_000.0])
    y = np.zeros(4)
    w = np.array([1.0, 1.0, 1.0, 10.0])  # one long stay far away outweighs three short fixes
    area = main_study_area(x, y, w)
    assert area.inside.tolist() == [False, False, False, True]
    assert area.weight_inside == 10.0 and area.weight_outside == 3.0


def test_a_walk_of_dense_fixes_stays_connected():
    x = np.arange(0, 30_000, 25.0)  # a 30 km walk with a fix every 25 m
    area = main_study_area(x, np.zeros_like(x))
    assert area.inside.all() and area.n_areas == 1


def test_diagonal_neighbours_connect():
    x = np.array([100.0, 2100.0, 4100.0])
    y = np.array([100.0, 2100.0, 4100.0])  # cells (0,0), (1,1), (2,2)
    assert main_study_area(x, y).n_areas == 1


def test_approx_metric_scale():
    x, y = approx_metric_xy(np.array([10.0, 11.0]), np.array([60.0, 60.0]))
    assert abs((x[1] - x[0]) - 55_660.0) < 1.0  # cos(60°) = 0.5
