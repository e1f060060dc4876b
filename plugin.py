"""The Trampesti plugin object: registers the Processing provider, a toolbar button and the dock."""
from __future__ import annotations

from typing import Optional

from qgis.core import QgsApplication
from qgis.PyQt.QtCore import QCoreApplication, QLocale, QSettings, QTranslator, Qt
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import QAction

from .metadata import PLUGIN_DIR, icon_path


class TrampestiPlugin:
    """QGIS plugin entry: ``initProcessing`` (also used headless), ``initGui`` and ``unload``."""

    MENU = "&Trampesti"

    def __init__(self, iface) -> None:
        self.iface = iface
        self.provider = None
        self.action: Optional[QAction] = None
        self.dock = None
        self.translator: Optional[QTranslator] = None
        self._install_translator()

    # -- i18n -------------------------------------------------------------------------------
    def _install_translator(self) -> None:
        """Load i18n/trampesti_<lang>.qm for the QGIS locale, if it was built."""
        locale = QSettings().value("locale/userLocale", QLocale().name()) or "en"
        lang = str(locale)[:2]
        qm = PLUGIN_DIR / "i18n" / f"trampesti_{lang}.qm"
        if qm.exists():
            self.translator = QTranslator()
            if self.translator.load(str(qm)):
                QCoreApplication.installTranslator(self.translator)

    @staticmethod
    def tr(text: str) -> str:
        return QCoreApplication.translate("TrampestiPlugin", text)

    # -- Processing ---------------------------------------------------------------------------
    def initProcessing(self) -> None:  # noqa: N802 (QGIS API name)
        """Register the provider: makes the algorithms visible to the toolbox, Modeler and qgis_process."""
        if self.provider is not None:
            return
        from .processing.provider import TrampestiProvider

        self.provider = TrampestiProvider()
        QgsApplication.processingRegistry().addProvider(self.provider)

    # -- GUI ----------------------------------------------------------------------------------
    def initGui(self) -> None:  # noqa: N802 (QGIS API name)
        self.initProcessing()
        self.action = QAction(QIcon(icon_path()), self.tr("Trampesti round"), self.iface.mainWindow())
        self.action.setObjectName("trampestiShowDock")
        self.action.setCheckable(True)
        self.action.setToolTip(self.tr("Open the Trampesti panel: run a round from tracker files to sites"))
        self.action.toggled.connect(self._toggle_dock)
        self.iface.addToolBarIcon(self.action)
        self.iface.addPluginToMenu(self.MENU, self.action)

    def _toggle_dock(self, checked: bool) -> None:
        if self.dock is None:
            if not checked:
                return
            from .ui.dock import TrampestiDock

            self.dock = TrampestiDock(self.iface, self.iface.mainWindow())
            self.dock.setToggleVisibilityAction(self.action)
            self.iface.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.dock.setUserVisible(checked)

    def show_dock(self) -> None:
        """Open the panel (used by tests and by the toolbar button)."""
        if self.action is not None:
            self.action.setChecked(True)
        else:
            self._toggle_dock(True)

    def unload(self) -> None:
        """Remove everything this plugin added to QGIS."""
        if self.dock is not None:
            self.iface.removeDockWidget(self.dock)
            self.dock.deleteLater()
            self.dock = None
        if self.action is not None:
            self.iface.removePluginMenu(self.MENU, self.action)
            self.iface.removeToolBarIcon(self.action)
            self.action.deleteLater()
            self.action = None
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
        if self.translator is not None:
            QCoreApplication.removeTranslator(self.translator)
            self.translator = None
