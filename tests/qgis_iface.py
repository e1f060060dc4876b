"""A small stand-in for QgisInterface, enough for the plugin's initGui/unload in tests."""
from __future__ import annotations

from qgis.PyQt.QtWidgets import QMainWindow, QToolBar


class FakeIface:
    """Records what the plugin adds so tests can assert it is removed again."""

    def __init__(self) -> None:
        self._window = QMainWindow()
        self._toolbar = QToolBar()
        self.menu_actions = []
        self.toolbar_actions = []
        self.docks = []

    def mainWindow(self):
        return self._window

    def addToolBarIcon(self, action) -> None:
        self.toolbar_actions.append(action)

    def removeToolBarIcon(self, action) -> None:
        self.toolbar_actions.remove(action)

    def addPluginToMenu(self, menu: str, action) -> None:
        self.menu_actions.append((menu, action))

    def removePluginMenu(self, menu: str, action) -> None:
        self.menu_actions.remove((menu, action))

    def addDockWidget(self, area, dock) -> None:
        self.docks.append(dock)

    def removeDockWidget(self, dock) -> None:
        if dock in self.docks:
            self.docks.remove(dock)

    def messageBar(self):
        return None

    def mapCanvas(self):
        return None
