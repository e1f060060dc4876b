"""Tracker-file readers: detection by content, one module per format, shared post-processing.

Every reader module has ``sniff(head: bytes, name: str) -> int`` (0 = not mine, larger =
more certain) and ``read(path: str, data: bytes, opts: ReaderOptions) -> ReadResult``. A reader
returns *every* record it found: kept ones in ``result.fixes`` (times in epoch seconds UTC,
NaN where unknown), the others counted in ``result.reasons``. :func:`read_tracker_file` then
applies the checks common to all formats, so a fault is fixed once for its whole kind.
"""
from __future__ import annotations

import os
import time
from typing import Callable, Iterator, List, Optional

import numpy as np

from ..definitions import RejectReason, TrackFormat
from ..exceptions import ReaderError, UnsupportedFormatError
from ..fixes import (
    Fixes,
    ReadResult,
    assign_segments_and_dwell,
    count_backward_steps,
    release_free_memory,
    sort_and_merge_duplicates,
    text_column,
    validate_positions,
)
from ..ids import participant_codes
from . import csvlog, fit, geojson, gpx, kml, nmea, plt, takeout
from .common import ReaderOptions

READERS = {
    TrackFormat.GPX: gpx,
    TrackFormat.NMEA: nmea,
    TrackFormat.CSV: csvlog,
    TrackFormat.PLT_GEOLIFE: plt,
    TrackFormat.KML: kml,
    TrackFormat.GEOJSON: geojson,
    TrackFormat.FIT: fit,
    TrackFormat.TAKEOUT: takeout,
}

TRACK_EXTENSIONS = {
    ".gpx", ".nmea", ".nma", ".log", ".txt", ".csv", ".tsv", ".plt", ".kml", ".geojson",
    ".json", ".fit",
}
"""Extensions looked at when a folder is scanned (content decides the format)."""

MIN_PLAUSIBLE_S = 946684800.0  # 2000-01-01T00:00:00Z
SNIFF_BYTES = 8192

__all__ = ["ReaderOptions", "READERS", "detect_format", "read_tracker_file", "find_tracker_files"]


def detect_format(data: bytes, name: str) -> Optional[TrackFormat]:
    """The format whose reader is most certain about this content (None if none is)."""
    head = data[:SNIFF_BYTES]
    best, best_score = None, 0
    for fmt, mod in READERS.items():
        try:
            score = int(mod.sniff(head, name))
        except Exception:  # a sniffer must never stop detection
            score = 0
        if score > best_score:
            best, best_score = fmt, score
    return best


def find_tracker_files(path: str) -> List[str]:
    """A file itself, or every candidate file below a folder (recursive, sorted, no hidden files)."""
    if os.path.isfile(path):
        return [path]
    out = []
    for root, dirs, files in os.walk(path):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for f in sorted(files):
            if f.startswith("."):
                continue
            if os.path.splitext(f)[1].lower() in TRACK_EXTENSIONS or "." not in f:
                out.append(os.path.join(root, f))
    return out


def participant_from_path(path: str, mode: str) -> str:
    if mode == "folder":
        return os.path.basename(os.path.dirname(os.path.abspath(path))) or "participant"
    return os.path.splitext(os.path.basename(path))[0]


def read_tracker_file(
    path: str,
    opts: Optional[ReaderOptions] = None,
    fmt: TrackFormat = TrackFormat.AUTO,
) -> ReadResult:
    """Read one file (opened read-only) into a :class:`ReadResult`; never raises for bad content.

    Steps after the format reader: positions validated (NaN → ``no_fix``, (0,0) →
    ``zero_coords``, out of range, HDOP), times before 2000 or in the future → ``bad_time``,
    sorted by time (backward steps noted), exact duplicates merged (``duplicate``), segments
    and ``dwell_s`` assigned, participant key set.
    """
    opts = opts or ReaderOptions()
    name = os.path.basename(path)
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        return ReadResult(file=path, format=TrackFormat.UNKNOWN.value,
                          message=f"Cannot open the file: {exc.strerror or exc}")
    if fmt == TrackFormat.AUTO or fmt is None:
        detected = detect_format(data, name)
    else:
        detected = TrackFormat(fmt)
        if detected == TrackFormat.PLT_OZI:
            detected = TrackFormat.PLT_GEOLIFE
    if detected is None:
        msg = "Empty file" if not data.strip() else "Not a tracker format Trampesti knows (GPX, NMEA, CSV, PLT, KML, GeoJSON, FIT, Google Takeout)"
        return ReadResult(file=path, format=TrackFormat.UNKNOWN.value, message=msg)
    mod = READERS[detected]
    try:
        res = mod.read(path, data, opts)
    except (ReaderError, UnsupportedFormatError) as exc:
        return ReadResult(file=path, format=detected.value, message=str(exc))
    except Exception as exc:  # a reader bug must not abort a folder: report it on the file
        return ReadResult(file=path, format=detected.value,
                          message=f"Could not read the file ({type(exc).__name__}: {exc})")
    return postprocess(res, path, opts)


def postprocess(res: ReadResult, path: str, opts: ReaderOptions) -> ReadResult:
    """The checks shared by every format (see :func:`read_tracker_file`)."""
    fx = res.fixes
    if not res.participant:
        res.participant = participant_from_path(path, opts.participant_key)
    elif opts.participant_key in ("file", "folder"):
        res.participant = participant_from_path(path, opts.participant_key)
    n = len(fx)
    if n:
        own = fx.participant != ""  # per-row keys (multi-participant CSV) stay in auto mode
        if opts.participant_key in ("file", "folder") or not own.any():
            fx.participant = text_column(n, res.participant)
        elif not own.all():
            fx.participant = np.where(own, fx.participant, res.participant).astype(object)
        fx = validate_positions(fx, res.reasons, opts.max_hdop)
    if len(fx):
        now = opts.now_s if opts.now_s is not None else time.time()
        bad_t = (fx.time_s < MIN_PLAUSIBLE_S) | (fx.time_s > now + 86400.0)
        c = int(bad_t.sum())
        if c:
            res.reject(RejectReason.BAD_TIME, c)
            fx = fx.take(~bad_t)
            res.notes.append(f"{c} fixes had an implausible clock (before 2000 or in the future)")
    if len(fx):
        back = count_backward_steps(fx.time_s)
        if back:
            res.notes.append(f"time went backwards {back} times; fixes were sorted")
        fx = sort_and_merge_duplicates(fx, res.reasons)
        fx = assign_segments_and_dwell(fx, opts.max_gap_s)
    res.fixes = fx
    if not res.message:
        res.message = _message(res)
    return res


def _message(res: ReadResult) -> str:
    parts = []
    if res.fixes_kept == 0:
        if res.fixes_read == 0:
            parts.append("No track points found in the file")
        else:
            parts.append(f"None of the {res.fixes_read} points could be used ({res.reasons_text()})")
    elif res.rejected:
        parts.append(f"{res.rejected} of {res.fixes_read} points left out ({res.reasons_text()})")
    if res.used_timezone:
        parts.append("times had no zone: the TIMEZONE parameter was applied")
    parts.extend(res.notes)
    return "; ".join(parts)


def iter_read_folder(
    path: str,
    opts: Optional[ReaderOptions] = None,
    fmt: TrackFormat = TrackFormat.AUTO,
    progress: Optional[Callable[[float], None]] = None,
    is_cancelled: Optional[Callable[[], bool]] = None,
) -> Iterator[ReadResult]:
    """Read every tracker file below ``path`` one by one (progress as a fraction 0..1)."""
    files = find_tracker_files(path)
    for i, f in enumerate(files):
        if is_cancelled is not None and is_cancelled():
            return
        yield read_tracker_file(f, opts, fmt)
        if progress is not None:
            progress((i + 1) / max(1, len(files)))


def combine(results: List[ReadResult], max_gap_s: float = 300.0, consume: bool = False) -> Fixes:
    """All kept fixes of several files, sorted by participant and time, segments renumbered.

    Nothing is dropped here (each file's report already accounts for every record); a
    participant with several files gets one continuous numbering of segments. With
    ``consume`` each file's table is emptied as it is copied (its counts stay right), so that
    memory holds one copy of the fixes instead of three; sorting is done column by column.
    """
    if consume:
        for r in results:
            r.kept_count = len(r.fixes)
    fx = Fixes.concat([r.fixes for r in results], consume=consume)
    if len(fx) == 0:
        return fx
    # participants as integer codes from their runs (a file is one run): sorting 24 M
    # strings would need a fixed-width text copy of the column (80+ bytes per fix)
    order = np.lexsort((fx.time_s, participant_codes(fx.participant)[0]))
    if not np.array_equal(order, np.arange(order.shape[0])):
        fx.reorder(order)
    del order
    if consume:
        release_free_memory()
    return assign_segments_and_dwell(fx, max_gap_s)
