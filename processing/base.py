"""The base class every Trampesti algorithm derives from, and shared parameter factories."""
from __future__ import annotations

from typing import Callable, Optional

from qgis.core import (
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterNumber,
)
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtGui import QIcon

from ..core.exceptions import TrampestiError
from ..metadata import icon_path, metadata_value

HELP_URL = metadata_value("homepage") + "#algorithms"


class TrampestiAlgorithm(QgsProcessingAlgorithm):
    """Shared plumbing: instance creation, translation, group, icon, help, feedback adapters.

    Subclasses set ``ALGORITHM_ID`` (the stable, lower-case id without the provider prefix),
    ``DISPLAY_NAME``, ``GROUP`` and ``GROUP_ID``, ``TAGS`` and ``HELP``; all strings in English,
    translated through :meth:`tr`.
    """

    ALGORITHM_ID = ""
    DISPLAY_NAME = ""
    GROUP = ""
    GROUP_ID = ""
    TAGS = ""
    HELP = ""

    # -- identity ---------------------------------------------------------------------------
    def createInstance(self):  # noqa: N802
        return type(self)()

    def name(self) -> str:
        return self.ALGORITHM_ID

    def displayName(self) -> str:  # noqa: N802
        return self.tr(self.DISPLAY_NAME)

    def group(self) -> str:
        return self.tr(self.GROUP)

    def groupId(self) -> str:  # noqa: N802
        return self.GROUP_ID

    def tags(self):
        return [t.strip() for t in self.tr(self.TAGS).split(",") if t.strip()]

    def shortHelpString(self) -> str:  # noqa: N802
        return self.tr(self.HELP)

    def helpUrl(self) -> str:  # noqa: N802
        return HELP_URL

    def icon(self) -> QIcon:
        return QIcon(icon_path())

    def tr(self, text: str) -> str:
        return QCoreApplication.translate(type(self).__name__, text)

    # -- helpers ----------------------------------------------------------------------------
    @staticmethod
    def advanced(param: QgsProcessingParameterDefinition) -> QgsProcessingParameterDefinition:
        """Mark a rarely changed parameter as advanced (keeps the dialog short)."""
        param.setFlags(param.flags() | QgsProcessingParameterDefinition.Flag.FlagAdvanced)
        return param

    @staticmethod
    def with_help(param: QgsProcessingParameterDefinition, text: str) -> QgsProcessingParameterDefinition:
        if hasattr(param, "setHelp"):  # QGIS >= 3.16
            param.setHelp(text)
        return param

    def number(self, name: str, label: str, default: float, minimum: Optional[float] = 0.0,
               maximum: Optional[float] = None, integer: bool = False, help_text: str = "",
               optional: bool = False) -> QgsProcessingParameterNumber:
        kind = QgsProcessingParameterNumber.Type.Integer if integer else QgsProcessingParameterNumber.Type.Double
        p = QgsProcessingParameterNumber(name, self.tr(label), kind, default, optional)
        if minimum is not None:
            p.setMinimum(minimum)
        if maximum is not None:
            p.setMaximum(maximum)
        return self.with_help(p, self.tr(help_text))

    @staticmethod
    def progress_fn(feedback: Optional[QgsProcessingFeedback], start: float = 0.0,
                    end: float = 100.0) -> Callable[[float], None]:
        """A ``progress(fraction)`` callable for core/ mapping 0..1 to ``start..end`` percent."""
        def _progress(fraction: float) -> None:
            if feedback is not None:
                feedback.setProgress(start + (end - start) * max(0.0, min(1.0, float(fraction))))
        return _progress

    @staticmethod
    def cancel_fn(feedback: Optional[QgsProcessingFeedback]) -> Callable[[], bool]:
        return (lambda: feedback.isCanceled()) if feedback is not None else (lambda: False)

    @staticmethod
    def fail(message: str) -> QgsProcessingException:
        return QgsProcessingException(message)

    def run_core(self, fn, *args, **kwargs):
        """Call a core function, turning a TrampestiError into a QgsProcessingException."""
        try:
            return fn(*args, **kwargs)
        except TrampestiError as exc:
            raise QgsProcessingException(str(exc)) from exc
