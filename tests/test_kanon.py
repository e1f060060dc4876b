"""The shared k-anonymity mechanism, against brute-force counts."""
from __future__ import annotations

import numpy as np

from trampesti.core import kanon


def brute_force_counts(cols, rows, pids, shape, radius):
    nr, nc = shape
    out = np.zeros(shape, dtype=int)
    for r in range(nr):
        for c in range(nc):
            near = (cols - c) ** 2 + (rows - r) ** 2 <= radius * radius + 1e-9
            out[r, c] = len(set(pids[near]))
    return out


def test_grid_distinct_participants_matches_brute_force():
    rng = np.random.default_rng(5)
    for radius in (0.0, 1.0, 2.5, 6.0):
        n = 60
        cols = rng.integers(0, 25, n)
        rows = rng.integers(0, 18, n)
        pids = rng.choice(["a", "b", "c", "d", "e"], n)
        got = kanon.grid_distinct_participants(cols, rows, pids, (18, 25), radius)
        assert np.array_equal(got, brute_force_counts(cols, rows, pids, (18, 25), radius)), radius


def test_one_person_many_fixes_counts_once():
    cols = np.full(100, 5)
    rows = np.full(100, 5)
    got = kanon.grid_distinct_participants(cols, rows, np.array(["solo"] * 100), (11, 11), 3.0)
    assert got.max() == 1
    assert not kanon.is_publishable(got, 3).any()


def test_points_outside_the_grid_are_ignored():
    got = kanon.grid_distinct_participants(np.array([-1, 50]), np.array([0, 0]), np.array(["a", "b"]), (4, 4), 1.0)
    assert got.sum() == 0


def test_distinct_count_and_suppress():
    groups = np.array([0, 0, 0, 1, 1, 2, -1])
    pids = np.array(["a", "a", "b", "c", "c", "d", "e"])
    counts = kanon.distinct_count(groups, pids, 4)
    assert counts.tolist() == [2, 1, 1, 0]
    vals = kanon.suppress(np.array([10.0, 5.0, 1.0, 0.0]), np.array([3, 2, 5, 0]), 3)
    assert np.isnan(vals[1]) and np.isnan(vals[3]) and vals[0] == 10.0 and vals[2] == 1.0
    assert kanon.min_k([3, 2, 5, 0], 3) == 3
    assert kanon.publishable_records([3, 2, 5, 0], 3).tolist() == [0, 2]
