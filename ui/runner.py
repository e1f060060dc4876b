"""Background runs for the dock: a chain of Processing algorithms, all-or-nothing.

Each step is one ``QgsProcessingAlgRunnerTask`` on the QGIS task manager (QGIS stays
responsive). Outputs go to memory layers or to a private temporary folder; nothing reaches
the project or the round's output folder until every step of the chain succeeded. On cancel
or failure the taken layers are dropped and the temporary folder is deleted.
"""
from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional

from qgis.core import (
    Qgis,
    QgsApplication,
    QgsMapLayer,
    QgsMessageLog,
    QgsProcessingAlgRunnerTask,
    QgsProcessingContext,
    QgsProcessingFeedback,
    QgsProject,
)
from qgis.PyQt.QtCore import QObject, pyqtSignal

LOG_TAG = "Trampesti"


def algorithm_available(alg_id: str) -> bool:
    """Is ``alg_id`` (e.g. ``trampesti:anonymise``) registered in this QGIS?"""
    return QgsApplication.processingRegistry().algorithmById(alg_id) is not None


def known_parameters(alg_id: str, params: dict) -> dict:
    """Only the parameters the algorithm defines (so newer/older versions run unchanged)."""
    alg = QgsApplication.processingRegistry().algorithmById(alg_id)
    if alg is None:
        return dict(params)
    return {k: v for k, v in params.items() if alg.parameterDefinition(k) is not None}


class _Feedback(QgsProcessingFeedback):
    """Keeps the error messages of a run (shown to the planner; details go to the log)."""

    def __init__(self) -> None:
        super().__init__()
        self.errors: List[str] = []

    def reportError(self, error, fatalError=False):  # noqa: N802,N803 (QGIS API)
        self.errors.append(str(error))
        super().reportError(error, fatalError)


@dataclass
class ChainStep:
    """One algorithm of a chain.

    ``build(chain)`` returns the parameter dict (it may use ``chain.outputs`` of earlier
    steps). ``take`` maps an output name of the algorithm to a key in ``chain.outputs``:
    layer outputs are taken from the context (the chain owns them), other values are stored
    as they are (file paths, numbers).
    """

    alg_id: str
    build: Callable[["AlgChain"], dict]
    take: Dict[str, str] = field(default_factory=dict)
    label: str = ""


class AlgChain(QObject):
    """Runs ``steps`` one after another in the background; ``finished(ok, cancelled, message)``."""

    progressChanged = pyqtSignal(float)
    stepChanged = pyqtSignal(str)
    finished = pyqtSignal(bool, bool, str)

    def __init__(self, steps: List[ChainStep], parent: Optional[QObject] = None) -> None:
        super().__init__(parent)
        self.steps = list(steps)
        self.outputs: Dict[str, object] = {}
        self.results: Dict[str, dict] = {}
        self.tmp_dir = tempfile.mkdtemp(prefix="trampesti-run-")
        self.context = QgsProcessingContext()
        self.context.setProject(QgsProject.instance())
        self.feedback: Optional[_Feedback] = None
        self.task: Optional[QgsProcessingAlgRunnerTask] = None
        self._index = -1
        self._cancel_requested = False
        self._done = False

    # -- public -------------------------------------------------------------------------------
    def start(self) -> None:
        self._next()

    def cancel(self) -> None:
        """Ask the running algorithm to stop; the chain then discards everything."""
        self._cancel_requested = True
        if self.feedback is not None:
            self.feedback.cancel()

    @property
    def running(self) -> bool:
        return not self._done

    def temp_path(self, name: str) -> str:
        """A file path inside the chain's private temporary folder."""
        return f"{self.tmp_dir}/{name}"

    def cleanup(self) -> None:
        """Drop the chain's layers and its temporary folder (after a cancel, a failure, or once moved)."""
        self.outputs.clear()
        shutil.rmtree(self.tmp_dir, ignore_errors=True)

    # -- internals ----------------------------------------------------------------------------
    def _next(self) -> None:
        self._index += 1
        if self._cancel_requested:
            self._finish(False, True, "")
            return
        if self._index >= len(self.steps):
            self._finish(True, False, "")
            return
        step = self.steps[self._index]
        alg = QgsApplication.processingRegistry().createAlgorithmById(step.alg_id)
        if alg is None:
            self._finish(False, False, step.alg_id)
            return
        try:
            params = known_parameters(step.alg_id, step.build(self))
        except Exception as exc:  # noqa: BLE001 (a planner message, details to the log)
            QgsMessageLog.logMessage(f"{step.alg_id}: could not prepare parameters: {exc!r}", LOG_TAG, Qgis.MessageLevel.Critical)
            self._finish(False, False, str(exc))
            return
        QgsMessageLog.logMessage(f"running {step.alg_id} with {params!r}", LOG_TAG, Qgis.MessageLevel.Info)
        self.stepChanged.emit(step.label or step.alg_id)
        self.feedback = _Feedback()
        n = len(self.steps)
        i = self._index
        self.feedback.progressChanged.connect(lambda p: self.progressChanged.emit((i + p / 100.0) / n * 100.0))
        self.task = QgsProcessingAlgRunnerTask(alg, params, self.context, self.feedback)
        self.task.executed.connect(self._executed)
        QgsApplication.taskManager().addTask(self.task)

    def _executed(self, ok: bool, results: dict) -> None:
        step = self.steps[self._index]
        self.task = None
        if self._cancel_requested or (self.feedback is not None and self.feedback.isCanceled()):
            self._finish(False, True, "")
            return
        if not ok:
            errors = self.feedback.errors if self.feedback is not None else []
            QgsMessageLog.logMessage(f"{step.alg_id} failed: " + " | ".join(errors), LOG_TAG, Qgis.MessageLevel.Critical)
            self._finish(False, False, errors[-1] if errors else "")
            return
        self.results[step.alg_id] = dict(results)
        for out_name, key in step.take.items():
            value = results.get(out_name)
            layer = None
            if isinstance(value, str) and value:
                layer = self.context.takeResultLayer(value)
            if isinstance(value, QgsMapLayer):
                layer = value
            self.outputs[key] = layer if layer is not None else value
        self._next()

    def _finish(self, ok: bool, cancelled: bool, message: str) -> None:
        self._done = True
        self.progressChanged.emit(100.0 if ok else 0.0)
        if not ok:
            self.cleanup()
        self.finished.emit(ok, cancelled, message)
