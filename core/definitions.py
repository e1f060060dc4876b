"""Domain vocabularies as enums, in one place."""
from enum import Enum


class TrackFormat(str, Enum):
    """Tracker file formats Trampesti reads (value = the name written in the import report)."""

    AUTO = "auto"
    GPX = "gpx"
    NMEA = "nmea"
    CSV = "csv"
    PLT_GEOLIFE = "plt-geolife"
    PLT_OZI = "plt-ozi"
    KML = "kml"
    GEOJSON = "geojson"
    FIT = "fit"
    TAKEOUT = "google-takeout"
    UNKNOWN = "unknown"


class RejectReason(str, Enum):
    """Why a record read from a file did not become a fix (value = key in the report)."""

    NO_TIME = "no_time"            # point without any timestamp
    BAD_TIME = "bad_time"          # unparsable or implausible time (before 2000, in the future)
    NO_FIX = "no_fix"              # receiver says no fix / empty position
    NO_POSITION = "no_position"    # record without coordinates (e.g. FIT record without GPS)
    ZERO_COORDS = "zero_coords"    # exactly (0, 0): "null island"
    OUT_OF_RANGE = "out_of_range"  # |lat| > 90 or |lon| > 180
    BAD_CHECKSUM = "bad_checksum"  # NMEA checksum mismatch
    PARSE_ERROR = "parse_error"    # a line/record that could not be parsed
    DUPLICATE = "duplicate"        # exact duplicate of another fix (merged)
    HIGH_HDOP = "high_hdop"        # HDOP above MAX_HDOP
    SPEED_SPIKE = "speed_spike"    # impossible speed from the previous fix (cleanfixes)
    TRIMMED = "trimmed"            # first/last minutes trimmed (cleanfixes)
    MASKED = "masked"              # inside a masked place (anonymise)


class FileStatus(str, Enum):
    """Outcome of one file in the import report."""

    OK = "ok"
    PARTIAL = "partial"
    FAILED = "failed"


class ParticipantKey(str, Enum):
    """How the participant key of a file is chosen."""

    AUTO = "auto"          # device serial or track name where the file has one, else the file stem
    FILE_STEM = "file"     # always the file name without extension
    FOLDER = "folder"      # the name of the folder holding the file


class Kernel(str, Enum):
    """Kernel shapes for density estimation."""

    QUARTIC = "quartic"
    GAUSSIAN = "gaussian"


class Weight(str, Enum):
    """What each fix weighs in the density."""

    DWELL = "dwell"        # dwell_s: seconds of presence the fix stands for
    DURATION = "duration"  # duration_s of a stay
    FIELD = "field"        # a numeric field chosen by the user
    NONE = "none"          # every point counts 1


class MovementPreset(str, Enum):
    """Parameter presets for groups that move differently."""

    WALK = "walk"
    BIKE = "bike"
    CAR = "car"
