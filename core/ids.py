"""Participant identifiers as integer codes (pure numpy, no QGIS).

Tables of fixes hold the participant of every row as an object array of ``str`` — usually a
few dozen texts shared by millions of rows, sorted into runs. Turning such a column into a
fixed-width text array to sort or ``np.unique`` it needs 80-plus bytes per row (2 GB for
24 M fixes) and a sort of texts; :func:`participant_codes` decodes each run once instead.
"""
from __future__ import annotations

from typing import Tuple

import numpy as np


def participant_codes(participant) -> Tuple[np.ndarray, np.ndarray]:
    """(codes, labels): ``labels`` the distinct participants as text, sorted; ``codes`` the
    int64 index into ``labels`` of each row.

    The same result as ``np.unique(np.asarray(participant).astype(str), return_inverse=True)``
    (in the opposite order), in time and memory that grow with the number of runs of equal
    values rather than with the rows.
    """
    p = np.asarray(participant).reshape(-1)
    n = p.shape[0]
    if n == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=object)
    if p.dtype.kind in "iub":
        labels_num, inv = np.unique(p, return_inverse=True)
        txt = np.array([str(v) for v in labels_num.tolist()])
        order = np.argsort(txt, kind="stable")
        rank = np.empty(order.shape[0], dtype=np.int64)
        rank[order] = np.arange(order.shape[0])
        return rank[inv.reshape(-1)], txt[order].astype(object)
    starts = np.concatenate([[0], np.flatnonzero(p[1:] != p[:-1]) + 1])
    run_text = np.array([str(v) for v in p[starts].tolist()])
    labels, inv = np.unique(run_text, return_inverse=True)
    codes = np.repeat(inv.reshape(-1).astype(np.int64), np.diff(np.append(starts, n)))
    return codes, labels.astype(object)
