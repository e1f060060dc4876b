"""The Trampesti Processing provider (id ``trampesti``)."""
from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path
from typing import List

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from ..metadata import icon_path, plugin_version
from .base import TrampestiAlgorithm

ALGORITHM_MODULE_PREFIX = "alg_"


def algorithm_classes() -> List[type]:
    """Every concrete algorithm class in ``processing/alg_*.py`` (sorted by id)."""
    classes = {}
    for info in pkgutil.iter_modules([str(Path(__file__).resolve().parent)]):
        if not info.name.startswith(ALGORITHM_MODULE_PREFIX):
            continue
        module = importlib.import_module(f"{__package__}.{info.name}")
        for _, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, TrampestiAlgorithm) and obj is not TrampestiAlgorithm and obj.__module__ == module.__name__:
                classes[obj.ALGORITHM_ID] = obj
    return [classes[k] for k in sorted(classes)]


class TrampestiProvider(QgsProcessingProvider):
    """Offers every Trampesti algorithm to the toolbox, the Modeler, batch mode and qgis_process."""

    def id(self) -> str:
        return "trampesti"

    def name(self) -> str:
        return "Trampesti"

    def longName(self) -> str:  # noqa: N802
        return f"Trampesti {plugin_version()}"

    def icon(self) -> QIcon:
        return QIcon(icon_path())

    def svgIconPath(self) -> str:  # noqa: N802
        return icon_path()

    def versionInfo(self) -> str:  # noqa: N802
        return plugin_version()

    def loadAlgorithms(self) -> None:  # noqa: N802
        for cls in algorithm_classes():
            self.addAlgorithm(cls())
