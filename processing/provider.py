"""The Trampesti Processing provider (id ``trampesti``): algorithms and the shipped models."""
from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path
from typing import List, Optional

from qgis.core import QgsApplication, QgsProcessingModelAlgorithm, QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from ..metadata import PLUGIN_DIR, icon_path, plugin_version
from .base import TrampestiAlgorithm

ALGORITHM_MODULE_PREFIX = "alg_"
MODELS_DIR = PLUGIN_DIR / "models"
MODEL_FILE_PREFIX = "trampesti_"


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


def model_files() -> List[Path]:
    """The shipped models, ``models/*.model3`` (sorted by file name)."""
    return sorted(MODELS_DIR.glob("*.model3")) if MODELS_DIR.is_dir() else []


def model_name_for(path: Path) -> str:
    """The stable algorithm name of a shipped model: the file stem without ``trampesti_``,
    lower case (``models/trampesti_round_full.model3`` → ``round_full``, id ``trampesti:round_full``)."""
    stem = path.stem.lower()
    return stem[len(MODEL_FILE_PREFIX):] if stem.startswith(MODEL_FILE_PREFIX) else stem


class TrampestiModel(QgsProcessingModelAlgorithm):
    """A shipped ``.model3`` offered by the Trampesti provider under a stable lower-case name.

    QGIS names a model algorithm after its title (``name()`` = the model's name), which would give
    ids with spaces and colons; this keeps the title as ``displayName()`` (what the toolbox shows)
    and answers ``name()`` with the stable name, so the id is ``trampesti:<name>``.
    """

    def __init__(self, stable_name: str, source_path: str = "") -> None:
        super().__init__()
        self._stable_name = stable_name
        if source_path:
            self.fromFile(source_path)  # also sets sourceFilePath()

    @classmethod
    def load(cls, path: Path) -> Optional["TrampestiModel"]:
        """The model in ``path`` or ``None`` when the file cannot be read."""
        model = cls(model_name_for(path))
        return model if model.fromFile(str(path)) else None

    def name(self) -> str:
        return self._stable_name

    def createInstance(self):  # noqa: N802
        clone = TrampestiModel(self._stable_name)
        clone.loadVariant(self.toVariant())
        clone.setSourceFilePath(self.sourceFilePath())
        return clone


class TrampestiProvider(QgsProcessingProvider):
    """Offers every Trampesti algorithm and shipped model to the toolbox, the Modeler, batch mode
    and qgis_process."""

    def __init__(self) -> None:
        super().__init__()
        self._registry_hooked = False

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
        # models after the algorithms: their children are trampesti:* algorithms
        for path in model_files():
            model = TrampestiModel.load(path)
            if model is not None:
                self.addAlgorithm(model)
        self._hook_registry()

    # -- models' children ---------------------------------------------------------------------
    def _hook_registry(self) -> None:
        """On first load the provider is not yet in the registry, so the models' children
        (``trampesti:*``) could not be looked up: attach them once the provider is added."""
        if self._registry_hooked:
            return
        self._registry_hooked = True
        QgsApplication.processingRegistry().providerAdded.connect(self._on_provider_added)

    def _on_provider_added(self, provider_id: str) -> None:
        if provider_id != self.id():
            return
        try:
            QgsApplication.processingRegistry().providerAdded.disconnect(self._on_provider_added)
        except (TypeError, RuntimeError):
            pass
        self.reattach_models()

    def reattach_models(self) -> None:
        """Re-resolve every shipped model's child algorithms through the registry."""
        for alg in self.algorithms():
            if isinstance(alg, TrampestiModel):
                alg.loadVariant(alg.toVariant())
