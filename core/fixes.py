"""The fix table: columnar numpy arrays for GPS fixes, and the steps every reader shares.

Units: times are float64 seconds since 1970-01-01 UTC (``time_s``), coordinates are
WGS84 degrees, ``ele_m`` metres, ``speed_mps`` metres per second, ``dwell_s`` seconds.
Missing values are NaN in float columns.
"""
from __future__ import annotations

import ctypes
import sys
from collections import Counter
from dataclasses import dataclass, field, fields
from typing import Any, Dict, Iterator, List, Optional, Sequence, Union

import numpy as np

from .definitions import RejectReason

DEFAULT_MAX_GAP_S = 300.0
"""Gap (seconds) above which a track is split into a new segment and dwell time is capped."""

FLOAT_COLUMNS = ("time_s", "lat", "lon", "ele_m", "speed_mps", "hdop", "sats", "dwell_s")


def text_column(n: int, value: str) -> np.ndarray:
    """An object array of ``n`` references to one ``value``.

    ``np.full(n, "T01", dtype=object)`` would make ``n`` separate copies of the text (numpy
    converts the fill value to a fixed-width array first): 50+ bytes per row, 1.3 GB for 24 M
    fixes.
    """
    out = np.empty(int(n), dtype=object)
    out.fill(value)
    return out


def release_free_memory() -> None:
    """Hand memory that Python has freed back to the operating system, where possible.

    glibc keeps freed small and medium blocks (a tracker file's columns are a few hundred
    kB each) in its heap, so a process that read 24 M fixes file by file stays gigabytes
    larger than what it holds. ``malloc_trim(0)`` returns the free pages; elsewhere (macOS,
    Windows, musl) this does nothing.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


class SourceRefs:
    """Where each fix came from (``file:line`` or ``file:record N``), held compactly.

    A million fixes of one file would otherwise carry a million Python strings (about 75 bytes
    each); here they are a table of prefixes (``"x.gpx:"``, ``"x.fit:record "``) and, per fix,
    a prefix number (int32) and a line or record number (int64; -1 = the prefix alone, for
    texts that are not ``prefix + number``). The text is made only when asked for (one item,
    ``tolist``, ``astype``, ``np.asarray``, iteration, ``==``), e.g. per chunk when a layer is
    written. Indexing with a slice, mask or index array gives a ``SourceRefs``.
    """

    __slots__ = ("prefixes", "prefix_id", "number")

    def __init__(self, prefixes: Sequence[str], prefix_id: np.ndarray, number: np.ndarray) -> None:
        self.prefixes = list(prefixes)
        self.prefix_id = np.asarray(prefix_id, dtype=np.int32).reshape(-1)
        self.number = np.asarray(number, dtype=np.int64).reshape(-1)
        if self.prefix_id.shape != self.number.shape:
            raise ValueError("prefix_id and number differ in length")

    @classmethod
    def of_file(cls, prefix: str, numbers) -> "SourceRefs":
        """``prefix + str(number)`` for each number (e.g. ``SourceRefs.of_file("a.gpx:", lines)``)."""
        num = np.asarray(numbers, dtype=np.int64).reshape(-1)
        return cls([prefix], np.zeros(num.shape[0], dtype=np.int32), num)

    @classmethod
    def from_texts(cls, texts) -> "SourceRefs":
        """Any sequence of strings (each distinct text becomes a prefix without a number)."""
        arr = np.asarray(list(texts) if not isinstance(texts, np.ndarray) else texts, dtype=object).reshape(-1)
        if arr.size == 0:
            return cls([], np.zeros(0, np.int32), np.zeros(0, np.int64))
        uniq, inv = np.unique(arr.astype(str), return_inverse=True)
        return cls([str(u) for u in uniq], inv, np.full(arr.shape[0], -1, dtype=np.int64))

    @property
    def shape(self):
        return self.number.shape

    @property
    def size(self) -> int:
        return int(self.number.shape[0])

    def __len__(self) -> int:
        return int(self.number.shape[0])

    def _text(self, i: int) -> str:
        num = int(self.number[i])
        pre = self.prefixes[int(self.prefix_id[i])]
        return pre if num < 0 else f"{pre}{num}"

    def __getitem__(self, index):
        if isinstance(index, (int, np.integer)):
            return self._text(int(index))
        return SourceRefs(self.prefixes, self.prefix_id[index], self.number[index])

    def tolist(self) -> List[str]:
        pre = self.prefixes
        return [p if n < 0 else f"{p}{n}" for p, n in
                zip((pre[i] for i in self.prefix_id.tolist()), self.number.tolist())]

    def __iter__(self) -> Iterator[str]:
        return iter(self.tolist())

    def __array__(self, dtype=None, copy=None) -> np.ndarray:
        out = np.empty(len(self), dtype=object)
        out[:] = self.tolist()
        return out if dtype is None else out.astype(dtype)

    def astype(self, dtype) -> np.ndarray:
        return self.__array__().astype(dtype)

    def __eq__(self, other):  # elementwise, as a numpy array of str would
        return self.__array__() == other

    def __ne__(self, other):
        return self.__array__() != other

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        head = ", ".join(repr(v) for v in self[:3].tolist())
        return f"SourceRefs([{head}{', ...' if len(self) > 3 else ''}], n={len(self)})"

    def __getstate__(self):
        return self.prefixes, self.prefix_id, self.number

    def __setstate__(self, state) -> None:
        self.prefixes, self.prefix_id, self.number = state

    @staticmethod
    def concat(parts: Sequence[Any]) -> "SourceRefs":
        """One ``SourceRefs`` from several (plain arrays of strings are converted)."""
        refs = [p if isinstance(p, SourceRefs) else SourceRefs.from_texts(p) for p in parts]
        prefixes: List[str] = []
        index: Dict[str, int] = {}
        ids, nums = [], []
        for r in refs:
            remap = np.empty(len(r.prefixes), dtype=np.int32)
            for k, pre in enumerate(r.prefixes):
                if pre not in index:
                    index[pre] = len(prefixes)
                    prefixes.append(pre)
                remap[k] = index[pre]
            ids.append(remap[r.prefix_id] if len(r.prefixes) else r.prefix_id)
            nums.append(r.number)
        if not ids:
            return SourceRefs([], np.zeros(0, np.int32), np.zeros(0, np.int64))
        return SourceRefs(prefixes, np.concatenate(ids), np.concatenate(nums))


SourceColumn = Union[np.ndarray, SourceRefs]
"""The ``source`` column: :class:`SourceRefs`, or an object array of ``str`` (e.g. all "")."""


@dataclass
class Fixes:
    """Columnar GPS fixes. All arrays have the same length.

    ``participant`` is an object array of ``str``; ``source`` a :class:`SourceRefs` (or an
    object array of ``str``); ``segment`` is int32; ``sats`` is float64 so that it can hold
    NaN (written as an integer field).
    """

    participant: np.ndarray
    time_s: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    ele_m: np.ndarray
    speed_mps: np.ndarray
    hdop: np.ndarray
    sats: np.ndarray
    source: SourceColumn
    segment: np.ndarray
    dwell_s: np.ndarray

    def __len__(self) -> int:
        return int(self.time_s.shape[0])

    @classmethod
    def empty(cls) -> "Fixes":
        return cls.from_columns(time_s=[], lat=[], lon=[])

    @classmethod
    def from_columns(
        cls,
        time_s,
        lat,
        lon,
        participant=None,
        ele_m=None,
        speed_mps=None,
        hdop=None,
        sats=None,
        source=None,
        segment=None,
        dwell_s=None,
    ) -> "Fixes":
        """Build from sequences; missing optional columns become NaN / '' / 0."""
        t = np.asarray(time_s, dtype=np.float64).reshape(-1)
        n = t.shape[0]

        def fcol(v):
            if v is None:
                return np.full(n, np.nan)
            a = np.asarray(v, dtype=np.float64).reshape(-1)
            if a.shape[0] != n:
                raise ValueError("column length mismatch")
            return a

        def scol(v, default=""):
            if v is None:
                return text_column(n, default)
            if isinstance(v, str):
                return text_column(n, v)
            if isinstance(v, SourceRefs):
                if len(v) != n:
                    raise ValueError("column length mismatch")
                return v
            a = np.asarray(list(v), dtype=object).reshape(-1)
            if a.shape[0] != n:
                raise ValueError("column length mismatch")
            return a

        return cls(
            participant=scol(participant),
            time_s=t,
            lat=fcol(lat),
            lon=fcol(lon),
            ele_m=fcol(ele_m),
            speed_mps=fcol(speed_mps),
            hdop=fcol(hdop),
            sats=fcol(sats),
            source=scol(source),
            segment=np.zeros(n, dtype=np.int32) if segment is None else np.asarray(segment, dtype=np.int32),
            dwell_s=fcol(dwell_s) if dwell_s is not None else np.zeros(n),
        )

    def take(self, index) -> "Fixes":
        """A new table with the rows selected by an index array or boolean mask."""
        return Fixes(**{f.name: getattr(self, f.name)[index] for f in fields(self)})

    @staticmethod
    def concat(parts: List["Fixes"], consume: bool = False) -> "Fixes":
        """One table from several, column by column. With ``consume`` each part's column is
        released as soon as it is copied, so that memory holds about one copy of the data, not
        two (the parts are left empty)."""
        parts = [p for p in parts if p is not None]
        if not parts:
            return Fixes.empty()
        cols: Dict[str, Any] = {}
        for f in fields(Fixes):
            vals = [getattr(p, f.name) for p in parts]
            if f.name == "source" and any(isinstance(v, SourceRefs) for v in vals):
                cols[f.name] = SourceRefs.concat(vals)
            else:
                cols[f.name] = np.concatenate(vals)
            del vals
            if consume:
                empty = cols[f.name][:0]
                if isinstance(empty, SourceRefs):
                    empty = SourceRefs([], np.zeros(0, np.int32), np.zeros(0, np.int64))
                else:
                    empty = empty.copy()  # not a view: it would keep the whole column alive
                for p in parts:
                    setattr(p, f.name, empty)
                release_free_memory()
        return Fixes(**cols)

    def reorder(self, order: np.ndarray) -> None:
        """Put the rows in ``order`` in place, one column at a time (peak: one extra column)."""
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name)[order])


@dataclass
class ReadResult:
    """What a reader gives for one file: the fixes kept and an account of everything else.

    Invariant: ``fixes_read == len(fixes) + rejected``.
    """

    file: str
    format: str
    participant: str = ""
    fixes: Fixes = field(default_factory=Fixes.empty)
    reasons: Counter = field(default_factory=Counter)
    message: str = ""
    used_timezone: bool = False
    waypoints: Optional[Fixes] = None
    notes: List[str] = field(default_factory=list)
    kept_count: int = -1  # set when the table was handed on (readers.combine(consume=True))

    @property
    def fixes_kept(self) -> int:
        return self.kept_count if self.kept_count >= 0 else len(self.fixes)

    @property
    def rejected(self) -> int:
        return int(sum(self.reasons.values()))

    @property
    def fixes_read(self) -> int:
        return self.fixes_kept + self.rejected

    @property
    def status(self) -> str:
        if self.fixes_kept == 0:
            return "failed"
        return "partial" if self.rejected else "ok"

    def reasons_text(self) -> str:
        """``bad_checksum=3; no_fix=12`` (sorted by key, as in the report)."""
        return "; ".join(f"{k}={v}" for k, v in sorted(self.reasons.items()) if v)

    def reject(self, reason: RejectReason, count: int = 1) -> None:
        if count:
            self.reasons[reason.value] += int(count)


def validate_positions(fx: Fixes, reasons: Counter, max_hdop: Optional[float] = None) -> Fixes:
    """Drop fixes with impossible positions (and HDOP above ``max_hdop``), counting reasons.

    NaN coordinates count as ``no_fix``; exactly (0, 0) as ``zero_coords``; |lat| > 90 or
    |lon| > 180 as ``out_of_range``; NaN time as ``no_time``.
    """
    n = len(fx)
    if n == 0:
        return fx
    bad = np.zeros(n, dtype=bool)
    no_time = ~np.isfinite(fx.time_s)
    nan_pos = ~(np.isfinite(fx.lat) & np.isfinite(fx.lon)) & ~no_time
    zero = (~nan_pos) & (~no_time) & (fx.lat == 0.0) & (fx.lon == 0.0)
    with np.errstate(invalid="ignore"):
        oor = (~nan_pos) & (~no_time) & ~zero & ((np.abs(fx.lat) > 90.0) | (np.abs(fx.lon) > 180.0))
    hd = np.zeros(n, dtype=bool)
    if max_hdop is not None and max_hdop > 0:
        with np.errstate(invalid="ignore"):
            hd = (~nan_pos) & (~no_time) & ~zero & ~oor & (fx.hdop > max_hdop)
    for mask, reason in (
        (no_time, RejectReason.NO_TIME),
        (nan_pos, RejectReason.NO_FIX),
        (zero, RejectReason.ZERO_COORDS),
        (oor, RejectReason.OUT_OF_RANGE),
        (hd, RejectReason.HIGH_HDOP),
    ):
        c = int(mask.sum())
        if c:
            reasons[reason.value] += c
            bad |= mask
    return fx.take(~bad) if bad.any() else fx


def _single_key(participant: np.ndarray) -> bool:
    """True when every row has the same participant key (compared as text)."""
    if participant.size == 0:
        return True
    first = participant[0]
    if not isinstance(first, str):
        return False
    return bool(np.all(participant == first))


def sort_and_merge_duplicates(fx: Fixes, reasons: Counter) -> Fixes:
    """Sort by participant then time (stable) and merge exact duplicates.

    An exact duplicate has the same participant, time, lat and lon as the fix before it;
    it is dropped and counted as ``duplicate``. Backwards time is fixed by the sort; the
    number of backward steps is returned in ``reasons`` only as a note key ``backwards_time``
    is *not* a rejection (the fixes are kept), so callers record it separately.
    """
    n = len(fx)
    if n == 0:
        return fx
    if _single_key(fx.participant):  # one participant (one file): the same order, cheaper
        order = np.argsort(fx.time_s, kind="stable")
    else:
        order = np.lexsort((fx.time_s, fx.participant.astype(str)))
    if not np.array_equal(order, np.arange(n)):  # already sorted: nothing to copy
        fx = fx.take(order)
    same = np.zeros(n, dtype=bool)
    same[1:] = (
        (fx.participant[1:] == fx.participant[:-1])
        & (fx.time_s[1:] == fx.time_s[:-1])
        & (fx.lat[1:] == fx.lat[:-1])
        & (fx.lon[1:] == fx.lon[:-1])
    )
    c = int(same.sum())
    if c:
        reasons[RejectReason.DUPLICATE.value] += c
        fx = fx.take(~same)
    return fx


def count_backward_steps(time_s: np.ndarray) -> int:
    """Number of places where time goes backwards in file order."""
    t = np.asarray(time_s, dtype=np.float64)
    if t.size < 2:
        return 0
    return int(np.sum(np.diff(t) < 0))


def assign_segments_and_dwell(fx: Fixes, max_gap_s: float = DEFAULT_MAX_GAP_S) -> Fixes:
    """Set ``segment`` and ``dwell_s`` in place on a table sorted by participant and time.

    A new segment starts at a participant's first fix and after every gap longer than
    ``max_gap_s`` seconds (segments are numbered 1, 2, ... per participant).
    ``dwell_s`` is half the gap to each neighbour of the same participant, each gap capped at
    ``max_gap_s``; a participant's first and last fix get nothing for the missing side.
    """
    n = len(fx)
    if n == 0:
        return fx
    t = fx.time_s
    same = np.zeros(n - 1, dtype=bool) if n > 1 else np.zeros(0, dtype=bool)
    if n > 1:
        same = fx.participant[1:] == fx.participant[:-1]
    gap = np.diff(t) if n > 1 else np.zeros(0)
    capped = np.where(same, np.minimum(gap, max_gap_s), 0.0)
    dwell = np.zeros(n)
    dwell[1:] += 0.5 * capped
    dwell[:-1] += 0.5 * capped
    new_seg = np.ones(n, dtype=bool)
    if n > 1:
        new_seg[1:] = (~same) | (gap > max_gap_s)
    first_of_participant = np.ones(n, dtype=bool)
    if n > 1:
        first_of_participant[1:] = ~same
    # running segment number, restarting at 1 for each participant
    cum = np.cumsum(new_seg)
    start_idx = np.maximum.accumulate(np.where(first_of_participant, np.arange(n), 0))
    base = cum[start_idx] - 1
    fx.segment = (cum - base).astype(np.int32)
    fx.dwell_s = dwell
    return fx


def summary_by_participant(fx: Fixes) -> Dict[str, int]:
    """Fix count per participant key."""
    keys, counts = np.unique(fx.participant.astype(str), return_counts=True)
    return {str(k): int(c) for k, c in zip(keys, counts)}
