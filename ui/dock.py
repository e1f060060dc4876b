"""The Trampesti dock: walks a planner through a round (first page of the panel)."""
from __future__ import annotations

import os

from qgis.core import QgsApplication, QgsProcessingAlgRunnerTask, QgsProcessingContext, QgsProcessingFeedback, QgsProject
from qgis.gui import QgsDockWidget, QgsFileWidget
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


def tr(text: str) -> str:
    return QCoreApplication.translate("TrampestiDock", text)


class TrampestiDock(QgsDockWidget):
    """Step 1 of a round: choose a folder of tracker files, import it in the background, see the report."""

    def __init__(self, iface=None, parent=None) -> None:
        super().__init__(tr("Trampesti"), parent)
        self.setObjectName("TrampestiDock")
        self.iface = iface
        self.task = None
        self.feedback = None
        self.context = None
        body = QWidget(self)
        layout = QVBoxLayout(body)
        intro = QLabel(tr("<b>1 Files</b> — choose the folder with this round's tracker files "
                          "(GPX, NMEA, CSV, PLT, KML, GeoJSON, FIT). Files are only read, never changed."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.folder = QgsFileWidget()
        self.folder.setStorageMode(QgsFileWidget.StorageMode.GetDirectory)
        self.folder.setObjectName("trampestiFolder")
        form.addRow(tr("Tracker folder"), self.folder)
        self.round_label = QLineEdit("round-1")
        self.round_label.setObjectName("trampestiRound")
        form.addRow(tr("Round"), self.round_label)
        self.timezone = QLineEdit("Europe/Copenhagen")
        form.addRow(tr("Time zone of local times"), self.timezone)
        layout.addLayout(form)
        self.run_button = QPushButton(tr("Import files"))
        self.run_button.setObjectName("trampestiImport")
        self.run_button.clicked.connect(self.start_import)
        self.cancel_button = QPushButton(tr("Cancel"))
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        layout.addWidget(self.run_button)
        layout.addWidget(self.cancel_button)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        layout.addWidget(self.progress)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("trampestiFiles")
        self.table.setHorizontalHeaderLabels([tr("File"), tr("Format"), tr("Fixes"), tr("Status"), tr("Problems")])
        layout.addWidget(self.table)
        self.setWidget(body)

    # -- running ------------------------------------------------------------------------------
    def start_import(self) -> None:
        folder = self.folder.filePath()
        if not folder or not os.path.exists(folder):
            self.status.setText(tr("Choose an existing folder of tracker files first."))
            return
        alg = QgsApplication.processingRegistry().createAlgorithmById("trampesti:importtrackers")
        params = {"INPUT": folder, "ROUND": self.round_label.text(), "TIMEZONE": self.timezone.text(),
                  "OUTPUT": "memory:fixes", "REPORT": "memory:report"}
        self.context = QgsProcessingContext()
        self.context.setProject(QgsProject.instance())
        self.feedback = QgsProcessingFeedback()
        self.feedback.progressChanged.connect(lambda p: self.progress.setValue(int(p)))
        self.task = QgsProcessingAlgRunnerTask(alg, params, self.context, self.feedback)
        self.task.executed.connect(self._finished)
        self.run_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.status.setText(tr("Reading files…"))
        QgsApplication.taskManager().addTask(self.task)

    def cancel(self) -> None:
        if self.feedback is not None:
            self.feedback.cancel()

    def _finished(self, ok: bool, results: dict) -> None:
        self.run_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        if not ok:
            self.status.setText(tr("The import stopped (cancelled or failed): nothing was added to the map."))
            return
        report = self.context.takeResultLayer(results["REPORT"])
        fixes = self.context.takeResultLayer(results["OUTPUT"])
        self.fill_table(report)
        if fixes is not None:
            fixes.setName(tr("Fixes {r}").format(r=self.round_label.text()))
            QgsProject.instance().addMapLayer(fixes)
        self.status.setText(tr("{n} fixes from {f} files ({bad} failed).").format(
            n=int(results.get("FIXES", 0)), f=int(results.get("FILES", 0)), bad=int(results.get("FILES_FAILED", 0))))

    def fill_table(self, report) -> None:
        feats = list(report.getFeatures()) if report is not None else []
        self.table.setRowCount(len(feats))
        for r, f in enumerate(feats):
            vals = [f["file"], f["format"], f"{f['fixes_kept']}/{f['fixes_read']}", f["status"], f["message"]]
            for c, v in enumerate(vals):
                item = QTableWidgetItem(str(v))
                item.setToolTip(str(v))
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
