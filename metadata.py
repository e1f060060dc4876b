"""Read values back from metadata.txt, the single source of the plugin version."""
from __future__ import annotations

import configparser
from functools import lru_cache
from pathlib import Path

PLUGIN_DIR = Path(__file__).resolve().parent


@lru_cache(maxsize=1)
def _meta() -> configparser.ConfigParser:
    cp = configparser.ConfigParser(interpolation=None)
    cp.read(PLUGIN_DIR / "metadata.txt", encoding="utf-8")
    return cp


def metadata_value(key: str, default: str = "") -> str:
    """A value of the [general] section of metadata.txt."""
    return _meta().get("general", key, fallback=default)


def plugin_version() -> str:
    return metadata_value("version", "0.0.0")


def icon_path(name: str = "trampesti.svg") -> str:
    """Absolute path of an icon in icons/ (loading by path works on Qt5 and Qt6)."""
    return str(PLUGIN_DIR / "icons" / name)
