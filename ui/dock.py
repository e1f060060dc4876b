"""The Trampesti dock: a planner runs a whole round in five steps without the toolbox.

1 Files → 2 Privacy → 3 Movement and hotspots → 4 Sites → 5 Results (report for the council).
Every step runs the plugin's Processing algorithms by id in the background
(:class:`~.runner.AlgChain`), with progress and Cancel; results reach the project and the
round's folder only when the whole step succeeded. A step whose algorithm is not registered in
this version is disabled with a message. The settings are kept in the QGIS project.
"""
from __future__ import annotations

import os
import shutil
from typing import Dict, List, Optional

from qgis.core import (
    Qgis,
    QgsApplication,
    QgsMapLayer,
    QgsMapLayerProxyModel,
    QgsMessageLog,
    QgsProject,
    QgsRasterLayer,
    QgsVectorLayer,
)
from qgis.gui import QgsDockWidget, QgsFileWidget, QgsMapLayerComboBox
from qgis.PyQt.QtCore import QCoreApplication, Qt
from qgis.PyQt.QtGui import QColor
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSlider,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from . import styling
from .runner import LOG_TAG, AlgChain, ChainStep, algorithm_available
from .settings import DEFAULTS, read_settings, write_settings

ALG_IMPORT = "trampesti:importtrackers"
ALG_ANONYMISE = "trampesti:anonymise"
ALG_STAYS = "trampesti:detectstays"
ALG_DENSITY = "trampesti:kerneldensity"
ALG_HOTSPOTS = "trampesti:hotspots"
ALG_SUITABILITY = "trampesti:sitesuitability"
ALG_SELECT = "trampesti:selectsites"

STATUS_COLOURS = {"failed": "#f6c9c9", "partial": "#fde9b0", "ok": "#dff0d8"}
FALLBACK_WEIGHTS = ["W_DEMAND", "W_TOILET", "W_COVER"]


class TrampestiDock(QgsDockWidget):
    """The round panel. ``iface`` may be a stand-in (tests); ``iface.mapCanvas()`` may be None."""

    STEP_FILES, STEP_PRIVACY, STEP_MOVEMENT, STEP_SITES, STEP_RESULTS = range(5)

    def tr(self, text: str) -> str:  # noqa: D102 (context = this class, as pylupdate5 sees it)
        return QCoreApplication.translate("TrampestiDock", text)

    def __init__(self, iface=None, parent=None) -> None:
        super().__init__(QCoreApplication.translate("TrampestiDock", "Trampesti round"), parent)
        self.setObjectName("TrampestiDock")
        self.iface = iface
        self.chain: Optional[AlgChain] = None
        self.layers: Dict[str, QgsMapLayer] = {}
        self.files_rows: List[dict] = []
        self.privacy_rows: List[dict] = []
        self.hotspot_rows: List[dict] = []
        self.site_rows: List[dict] = []
        self.results: Dict[str, dict] = {}
        self.last_report: Dict[str, str] = {}
        self.weight_sliders: Dict[str, QSlider] = {}
        self.weight_labels: Dict[str, QLabel] = {}
        self.setAcceptDrops(True)

        body = QWidget(self)
        outer = QVBoxLayout(body)
        outer.setContentsMargins(4, 4, 4, 4)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("trampestiSteps")
        self.tabs.setUsesScrollButtons(True)
        self.tabs.setDocumentMode(True)
        outer.addWidget(self.tabs, 1)
        self._build_files_page()
        self._build_privacy_page()
        self._build_movement_page()
        self._build_sites_page()
        self._build_results_page()

        # shared run bar: progress, message, cancel, back/next
        self.status = QLabel("")
        self.status.setObjectName("trampestiStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        outer.addWidget(self.status)
        bar = QHBoxLayout()
        self.progress = QProgressBar()
        self.progress.setObjectName("trampestiProgress")
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        bar.addWidget(self.progress, 1)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("trampestiCancel")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        bar.addWidget(self.cancel_button)
        outer.addLayout(bar)
        nav = QHBoxLayout()
        self.back_button = QPushButton(self.tr("< Back"))
        self.back_button.clicked.connect(lambda: self.tabs.setCurrentIndex(max(0, self.tabs.currentIndex() - 1)))
        self.next_button = QPushButton(self.tr("Next >"))
        self.next_button.clicked.connect(
            lambda: self.tabs.setCurrentIndex(min(self.tabs.count() - 1, self.tabs.currentIndex() + 1)))
        nav.addWidget(self.back_button)
        nav.addStretch(1)
        nav.addWidget(self.next_button)
        outer.addLayout(nav)
        self.tabs.currentChanged.connect(self._page_changed)
        self.setWidget(body)

        self.restore_settings()
        self.refresh_availability()
        self._page_changed(0)
        QgsProject.instance().readProject.connect(self._project_read)
        QgsApplication.processingRegistry().providerAdded.connect(self._provider_added)

    # ======================================================================================
    # page construction
    # ======================================================================================
    def _page(self, title: str, intro: str):
        page = QWidget()
        layout = QVBoxLayout(page)
        label = QLabel(intro)
        label.setWordWrap(True)
        layout.addWidget(label)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(page)
        self.tabs.addTab(scroll, title)
        notice = QLabel("")
        notice.setWordWrap(True)
        notice.setStyleSheet("QLabel { background: #fde9b0; padding: 4px; border-radius: 3px; }")
        notice.hide()
        layout.addWidget(notice)
        return page, layout, notice

    @staticmethod
    def _spin(minimum: float, maximum: float, decimals: int = 0, step: float = 1.0, suffix: str = ""):
        if decimals == 0:
            w = QSpinBox()
            w.setRange(int(minimum), int(maximum))
            w.setSingleStep(int(step))
        else:
            w = QDoubleSpinBox()
            w.setRange(minimum, maximum)
            w.setDecimals(decimals)
            w.setSingleStep(step)
        if suffix:
            w.setSuffix(suffix)
        return w

    @staticmethod
    def _layer_combo(filters, name: str) -> QgsMapLayerComboBox:
        combo = QgsMapLayerComboBox()
        combo.setFilters(filters)
        combo.setAllowEmptyLayer(True)
        combo.setLayer(None)
        combo.setObjectName(name)
        return combo

    def _build_files_page(self) -> None:
        page, layout, self.files_notice = self._page(self.tr("1 Files"), self.tr(
            "Drop the folder with this round's tracker files onto this panel, or choose it below. "
            "GPX, NMEA, CSV, PLT, KML, GeoJSON and FIT files are read; they are never changed."))
        form = QFormLayout()
        self.folder = QgsFileWidget()
        self.folder.setStorageMode(QgsFileWidget.StorageMode.GetDirectory)
        self.folder.setObjectName("trampestiFolder")
        form.addRow(self.tr("Tracker folder"), self.folder)
        self.round_label = QLineEdit()
        self.round_label.setObjectName("trampestiRound")
        self.round_label.setToolTip(self.tr("A short name for this round, e.g. 2026-12. It is written on every layer and in the report."))
        form.addRow(self.tr("Round"), self.round_label)
        self.timezone = QLineEdit()
        self.timezone.setToolTip(self.tr("Used only for files whose times carry no time zone."))
        form.addRow(self.tr("Time zone of local times"), self.timezone)
        self.out_dir = QgsFileWidget()
        self.out_dir.setStorageMode(QgsFileWidget.StorageMode.GetDirectory)
        self.out_dir.setObjectName("trampestiOutDir")
        self.out_dir.setToolTip(self.tr("The density raster and the report are saved here."))
        form.addRow(self.tr("Save results in"), self.out_dir)
        layout.addLayout(form)
        self.import_button = QPushButton(self.tr("Import files"))
        self.import_button.setObjectName("trampestiImport")
        self.import_button.clicked.connect(self.start_import)
        self.run_button = self.import_button  # the name scripts/desktop_check.py uses
        layout.addWidget(self.import_button)
        self.files_summary = QLabel("")
        self.files_summary.setWordWrap(True)
        layout.addWidget(self.files_summary)
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("trampestiFiles")
        self.table.setHorizontalHeaderLabels([self.tr("File"), self.tr("Format"), self.tr("Participant"),
                                              self.tr("Fixes"), self.tr("Status"), self.tr("Problems")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setMinimumHeight(220)
        layout.addWidget(self.table, 1)

    def _build_privacy_page(self) -> None:
        page, layout, self.privacy_notice = self._page(self.tr("2 Privacy"), self.tr(
            "Before anything is counted, the fixes are anonymised: people get pseudonyms such as P07, "
            "private places are hidden, and times and positions are made coarser. No figure is shown "
            "unless enough different people stand behind it."))
        form = QFormLayout()
        self.mask_layer = self._layer_combo(QgsMapLayerProxyModel.Filter.PolygonLayer, "trampestiMaskLayer")
        self.mask_layer.setToolTip(self.tr("Areas where no fix is kept at all, e.g. shelters, homes, hospitals."))
        form.addRow(self.tr("Hide fixes inside"), self.mask_layer)
        self.mask_night = QCheckBox(self.tr("Hide sleeping places"))
        self.mask_night.setToolTip(self.tr("Where each participant spends the night is found from the night hours; "
                                           "every fix near such a place is removed."))
        form.addRow("", self.mask_night)
        self.night_radius = self._spin(0, 1000, 0, 10, self.tr(" m"))
        self.night_radius.setToolTip(self.tr("Fixes of anyone this close to a sleeping place are removed."))
        self.mask_night.toggled.connect(self.night_radius.setEnabled)
        form.addRow(self.tr("Hide around sleeping places"), self.night_radius)
        self.handout_layer = self._layer_combo(QgsMapLayerProxyModel.Filter.VectorLayer, "trampestiHandout")
        self.handout_layer.setToolTip(self.tr("Where the trackers were handed out and returned; fixes near it are dropped."))
        form.addRow(self.tr("Hand-out site"), self.handout_layer)
        self.handout_radius = self._spin(0, 1000, 0, 10, self.tr(" m"))
        form.addRow(self.tr("Hide around the hand-out site"), self.handout_radius)
        self.time_resolution = self._spin(1, 240, 0, 5, self.tr(" min"))
        self.time_resolution.setToolTip(self.tr("Times are rounded to this many minutes."))
        form.addRow(self.tr("Round times to"), self.time_resolution)
        self.spatial_resolution = self._spin(0, 500, 0, 5, self.tr(" m"))
        self.spatial_resolution.setToolTip(self.tr("Positions are moved to the centre of a grid square of this size."))
        form.addRow(self.tr("Snap positions to a grid of"), self.spatial_resolution)
        self.k_min = self._spin(1, 50, 0, 1)
        self.k_min.setObjectName("trampestiKMin")
        self.k_min.setToolTip(self.tr("K_MIN: a figure (density cell, hotspot, place, site) backed by fewer "
                                      "different people is not shown."))
        form.addRow(self.tr("Fewest people behind a figure (K_MIN)"), self.k_min)
        layout.addLayout(form)
        self.anonymise_button = QPushButton(self.tr("Anonymise"))
        self.anonymise_button.setObjectName("trampestiAnonymise")
        self.anonymise_button.clicked.connect(self.start_anonymise)
        layout.addWidget(self.anonymise_button)
        self.privacy_report = QTextBrowser()
        self.privacy_report.setObjectName("trampestiPrivacyReport")
        self.privacy_report.setMinimumHeight(160)
        self.privacy_report.setPlaceholderText(self.tr("The privacy report appears here after anonymising."))
        layout.addWidget(self.privacy_report, 1)

    def _build_movement_page(self) -> None:
        page, layout, self.movement_notice = self._page(self.tr("3 Movement and hotspots"), self.tr(
            "Finds where people stay (a place where someone remains for a while) and where the most "
            "time is spent (hotspots). The defaults suit a city centre."))
        self.stays_box = QGroupBox(self.tr("Stays"))
        form = QFormLayout(self.stays_box)
        self.stay_distance = self._spin(5, 500, 0, 5, self.tr(" m"))
        self.stay_distance.setToolTip(self.tr("A stay: all fixes within this distance of each other."))
        form.addRow(self.tr("Stay radius"), self.stay_distance)
        self.stay_duration = self._spin(1, 600, 0, 5, self.tr(" min"))
        form.addRow(self.tr("Shortest stay"), self.stay_duration)
        self.stay_gap = self._spin(1, 600, 0, 5, self.tr(" min"))
        self.stay_gap.setToolTip(self.tr("A longer gap without fixes ends the stay."))
        form.addRow(self.tr("Longest gap inside a stay"), self.stay_gap)
        layout.addWidget(self.stays_box)
        box = QGroupBox(self.tr("Density and hotspots"))
        form = QFormLayout(box)
        self.bandwidth = self._spin(0, 2000, 0, 10, self.tr(" m"))
        self.bandwidth.setSpecialValueText(self.tr("automatic"))
        self.bandwidth.setToolTip(self.tr("How far one person's presence is spread; 0 = chosen from the data."))
        form.addRow(self.tr("Smoothing distance"), self.bandwidth)
        self.pixel_size = self._spin(1, 200, 0, 1, self.tr(" m"))
        form.addRow(self.tr("Cell size"), self.pixel_size)
        self.per_participant = QCheckBox(self.tr("Count every participant equally"))
        self.per_participant.setToolTip(self.tr("Someone who carried the tracker longer does not weigh more."))
        form.addRow("", self.per_participant)
        self.levels = QLineEdit()
        self.levels.setToolTip(self.tr("Each level is the smallest area holding that share of all time spent."))
        form.addRow(self.tr("Hotspot levels (% of time)"), self.levels)
        layout.addWidget(box)
        self.movement_button = QPushButton(self.tr("Find stays and hotspots"))
        self.movement_button.setObjectName("trampestiMovement")
        self.movement_button.clicked.connect(self.start_movement)
        layout.addWidget(self.movement_button)
        self.movement_summary = QLabel("")
        self.movement_summary.setWordWrap(True)
        layout.addWidget(self.movement_summary)
        self.hotspot_table = QTableWidget(0, 4)
        self.hotspot_table.setHorizontalHeaderLabels([self.tr("Level"), self.tr("Person-hours"),
                                                      self.tr("Participants"), self.tr("Area (ha)")])
        self.hotspot_table.verticalHeader().setVisible(False)
        self.hotspot_table.verticalHeader().setDefaultSectionSize(22)
        self.hotspot_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.hotspot_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.hotspot_table.setMinimumHeight(150)
        self.hotspot_table.setMaximumHeight(260)
        layout.addWidget(self.hotspot_table)
        layout.addStretch(1)

    def _build_sites_page(self) -> None:
        page, layout, self.sites_notice = self._page(self.tr("4 Sites"), self.tr(
            "Scores the candidate sites for a mobile shelter and picks the best ones: close to where "
            "people spend their time, near a toilet, under cover, away from schools and other "
            "exclusion zones."))
        form = QFormLayout()
        self.toilets_layer = self._layer_combo(QgsMapLayerProxyModel.Filter.PointLayer, "trampestiToilets")
        form.addRow(self.tr("Toilets"), self.toilets_layer)
        self.cover_layer = self._layer_combo(QgsMapLayerProxyModel.Filter.PolygonLayer, "trampestiCover")
        form.addRow(self.tr("Cover (roofs, arcades)"), self.cover_layer)
        self.exclusions_layer = self._layer_combo(QgsMapLayerProxyModel.Filter.VectorLayer, "trampestiExclusions")
        self.exclusions_layer.setToolTip(self.tr("No site inside these areas, e.g. schools and playgrounds."))
        form.addRow(self.tr("Exclusion zones"), self.exclusions_layer)
        self.candidates_layer = self._layer_combo(QgsMapLayerProxyModel.Filter.PointLayer, "trampestiCandidates")
        self.candidates_layer.setToolTip(self.tr("Possible sites; empty = a regular grid over the hotspots."))
        form.addRow(self.tr("Candidate sites"), self.candidates_layer)
        self.phases_layer = self._layer_combo(QgsMapLayerProxyModel.Filter.PolygonLayer, "trampestiPhases")
        self.phases_layer.setToolTip(self.tr("Building phases: areas that are available only in some periods."))
        form.addRow(self.tr("Building phases"), self.phases_layer)
        layout.addLayout(form)
        self.weights_box = QGroupBox(self.tr("What matters most (weights, shown normalised)"))
        self.weights_form = QFormLayout(self.weights_box)
        layout.addWidget(self.weights_box)
        form = QFormLayout()
        self.n_sites = self._spin(1, 50, 0, 1)
        self.n_sites.setObjectName("trampestiNSites")
        form.addRow(self.tr("Number of sites"), self.n_sites)
        self.service_radius = self._spin(50, 3000, 0, 50, self.tr(" m"))
        self.service_radius.setToolTip(self.tr("People within this walking distance count as served by a site."))
        form.addRow(self.tr("Service radius"), self.service_radius)
        self.min_spacing = self._spin(0, 3000, 0, 50, self.tr(" m"))
        form.addRow(self.tr("Least distance between sites"), self.min_spacing)
        layout.addLayout(form)
        self.sites_button = QPushButton(self.tr("Rank sites"))
        self.sites_button.setObjectName("trampestiSites")
        self.sites_button.clicked.connect(self.start_sites)
        layout.addWidget(self.sites_button)
        layout.addStretch(1)

    def _build_results_page(self) -> None:
        page, layout, self.results_notice = self._page(self.tr("5 Results"), self.tr(
            "The chosen sites, best first. Click a row to show the site on the map. The report for the "
            "council holds the map, the import and privacy summaries, the hotspot and site tables and "
            "every setting used."))
        self.sites_table = QTableWidget(0, 6)
        self.sites_table.setObjectName("trampestiSitesTable")
        self.sites_table.setHorizontalHeaderLabels([self.tr("Rank"), self.tr("Score"), self.tr("Person-hours served"),
                                                    self.tr("Participants served"), self.tr("Toilet (m)"),
                                                    self.tr("Covered")])
        self.sites_table.verticalHeader().setVisible(False)
        self.sites_table.verticalHeader().setDefaultSectionSize(22)
        self.sites_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.sites_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.sites_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.sites_table.cellClicked.connect(self.zoom_to_site)
        self.sites_table.setMinimumHeight(200)
        layout.addWidget(self.sites_table, 1)
        self.report_button = QPushButton(self.tr("Export report (HTML and PDF)"))
        self.report_button.setObjectName("trampestiReport")
        self.report_button.clicked.connect(self.export_report)
        layout.addWidget(self.report_button)
        self.report_label = QLabel("")
        self.report_label.setWordWrap(True)
        self.report_label.setOpenExternalLinks(True)
        layout.addWidget(self.report_label)

    # ======================================================================================
    # settings
    # ======================================================================================
    def _layer_id(self, combo: QgsMapLayerComboBox) -> str:
        layer = combo.currentLayer()
        return layer.id() if layer is not None else ""

    @staticmethod
    def _set_layer(combo: QgsMapLayerComboBox, layer_id: str) -> None:
        layer = QgsProject.instance().mapLayer(layer_id) if layer_id else None
        combo.setLayer(layer)

    def current_settings(self) -> Dict[str, object]:
        """The values on the pages, with the keys of :data:`settings.DEFAULTS`."""
        return {
            "folder": self.folder.filePath(),
            "round": self.round_label.text().strip() or str(DEFAULTS["round"]),
            "timezone": self.timezone.text().strip() or "UTC",
            "out_dir": self.out_dir.filePath(),
            "mask_layer": self._layer_id(self.mask_layer),
            "mask_night_places": self.mask_night.isChecked(),
            "night_radius_m": float(self.night_radius.value()),
            "handout_layer": self._layer_id(self.handout_layer),
            "handout_radius_m": float(self.handout_radius.value()),
            "time_resolution_min": int(self.time_resolution.value()),
            "spatial_resolution_m": float(self.spatial_resolution.value()),
            "k_min": int(self.k_min.value()),
            "stay_distance_m": float(self.stay_distance.value()),
            "stay_min_duration_min": int(self.stay_duration.value()),
            "stay_max_gap_min": int(self.stay_gap.value()),
            "bandwidth_m": float(self.bandwidth.value()),
            "pixel_size_m": float(self.pixel_size.value()),
            "per_participant": self.per_participant.isChecked(),
            "levels": self.levels.text().strip() or str(DEFAULTS["levels"]),
            "toilets_layer": self._layer_id(self.toilets_layer),
            "cover_layer": self._layer_id(self.cover_layer),
            "exclusions_layer": self._layer_id(self.exclusions_layer),
            "candidates_layer": self._layer_id(self.candidates_layer),
            "phases_layer": self._layer_id(self.phases_layer),
            "weights": ";".join(f"{k}={s.value()}" for k, s in self.weight_sliders.items()),
            "n_sites": int(self.n_sites.value()),
            "service_radius_m": float(self.service_radius.value()),
            "min_spacing_m": float(self.min_spacing.value()),
        }

    def save_settings(self) -> None:
        write_settings(self.current_settings())

    def restore_settings(self) -> None:
        """Fill the pages from the project (or the defaults)."""
        s = read_settings()
        self.folder.setFilePath(str(s["folder"]))
        self.round_label.setText(str(s["round"]))
        self.timezone.setText(str(s["timezone"]))
        self.out_dir.setFilePath(str(s["out_dir"]))
        self._set_layer(self.mask_layer, str(s["mask_layer"]))
        self.mask_night.setChecked(bool(s["mask_night_places"]))
        self.night_radius.setValue(int(float(s["night_radius_m"])))
        self.night_radius.setEnabled(bool(s["mask_night_places"]))
        self._set_layer(self.handout_layer, str(s["handout_layer"]))
        self.handout_radius.setValue(int(float(s["handout_radius_m"])))
        self.time_resolution.setValue(int(s["time_resolution_min"]))
        self.spatial_resolution.setValue(int(float(s["spatial_resolution_m"])))
        self.k_min.setValue(int(s["k_min"]))
        self.stay_distance.setValue(int(float(s["stay_distance_m"])))
        self.stay_duration.setValue(int(s["stay_min_duration_min"]))
        self.stay_gap.setValue(int(s["stay_max_gap_min"]))
        self.bandwidth.setValue(int(float(s["bandwidth_m"])))
        self.pixel_size.setValue(int(float(s["pixel_size_m"])))
        self.per_participant.setChecked(bool(s["per_participant"]))
        self.levels.setText(str(s["levels"]))
        for key, combo in (("toilets_layer", self.toilets_layer), ("cover_layer", self.cover_layer),
                           ("exclusions_layer", self.exclusions_layer), ("candidates_layer", self.candidates_layer),
                           ("phases_layer", self.phases_layer)):
            self._set_layer(combo, str(s[key]))
        self.n_sites.setValue(int(s["n_sites"]))
        self.service_radius.setValue(int(float(s["service_radius_m"])))
        self.min_spacing.setValue(int(float(s["min_spacing_m"])))
        self._stored_weights = {}
        for part in str(s["weights"]).split(";"):
            if "=" in part:
                k, v = part.split("=", 1)
                try:
                    self._stored_weights[k.strip()] = int(float(v))
                except ValueError:
                    continue
        self._build_weight_sliders()

    def _provider_added(self, *args) -> None:
        self.refresh_availability()

    def _project_read(self, *args) -> None:
        self.restore_settings()
        self.refresh_availability()

    # ======================================================================================
    # availability of steps
    # ======================================================================================
    def _not_available(self, alg_id: str) -> str:
        return self.tr("{alg} is not available in this version of Trampesti.").format(alg=alg_id)

    def refresh_availability(self) -> None:
        """Disable what cannot run because its algorithm is not registered; say why."""
        busy = self.chain is not None and self.chain.running
        self.import_button.setEnabled(not busy and algorithm_available(ALG_IMPORT))
        anon = algorithm_available(ALG_ANONYMISE)
        self.anonymise_button.setEnabled(not busy and anon)
        self._notice(self.files_notice, "" if algorithm_available(ALG_IMPORT) else self._not_available(ALG_IMPORT))
        self._notice(self.privacy_notice, "" if anon else self._not_available(ALG_ANONYMISE) + " " + self.tr(
            "The next steps use the imported fixes; density, hotspots and sites still hide every figure "
            "backed by fewer than K_MIN people."))
        stays = algorithm_available(ALG_STAYS)
        self.stays_box.setEnabled(stays)
        movement_ok = algorithm_available(ALG_DENSITY) and algorithm_available(ALG_HOTSPOTS)
        self.movement_button.setEnabled(not busy and movement_ok)
        msgs = []
        if not stays:
            msgs.append(self._not_available(ALG_STAYS) + " " + self.tr("Only density and hotspots are made."))
        if not movement_ok:
            msgs.append(self._not_available(ALG_DENSITY))
        self._notice(self.movement_notice, " ".join(msgs))
        sites_ok = algorithm_available(ALG_SUITABILITY) and algorithm_available(ALG_SELECT)
        self.sites_button.setEnabled(not busy and sites_ok)
        missing = [a for a in (ALG_SUITABILITY, ALG_SELECT) if not algorithm_available(a)]
        self._notice(self.sites_notice, " ".join(self._not_available(a) for a in missing))
        self._notice(self.results_notice, self.tr("No sites can be chosen in this version; the report holds the "
                                                  "import, privacy and hotspot results.") if missing else "")
        self.report_button.setEnabled(not busy)
        self._build_weight_sliders()

    @staticmethod
    def _notice(label: QLabel, text: str) -> None:
        label.setText(text)
        label.setVisible(bool(text))

    def _page_changed(self, index: int) -> None:
        self.back_button.setEnabled(index > 0)
        self.next_button.setEnabled(index < self.tabs.count() - 1)

    # -- weights ------------------------------------------------------------------------------
    def weight_parameters(self) -> List[tuple]:
        """(name, label) of every ``W_*`` parameter of sitesuitability (or a fallback set)."""
        alg = QgsApplication.processingRegistry().algorithmById(ALG_SUITABILITY)
        if alg is None:
            return [(n, self._weight_label(n)) for n in FALLBACK_WEIGHTS]
        out = [(p.name(), p.description()) for p in alg.parameterDefinitions() if p.name().startswith("W_")]
        return out or [(n, self._weight_label(n)) for n in FALLBACK_WEIGHTS]

    def _weight_label(self, name: str) -> str:
        labels = {"W_DEMAND": self.tr("Near where people spend time"), "W_TOILET": self.tr("Near a toilet"),
                  "W_COVER": self.tr("Under cover")}
        return labels.get(name, name[2:].replace("_", " ").capitalize())

    def _build_weight_sliders(self) -> None:
        params = self.weight_parameters()
        if [n for n, _ in params] == list(self.weight_sliders):
            return
        stored = dict(getattr(self, "_stored_weights", {}))
        stored.update({k: s.value() for k, s in self.weight_sliders.items()})
        while self.weights_form.rowCount():
            self.weights_form.removeRow(0)
        self.weight_sliders.clear()
        self.weight_labels.clear()
        for name, label in params:
            row = QWidget()
            h = QHBoxLayout(row)
            h.setContentsMargins(0, 0, 0, 0)
            slider = QSlider(Qt.Orientation.Horizontal)
            slider.setRange(0, 100)
            slider.setValue(int(stored.get(name, 50)))
            slider.setObjectName(f"trampestiWeight_{name}")
            value = QLabel("")
            value.setMinimumWidth(42)
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            h.addWidget(slider, 1)
            h.addWidget(value)
            slider.valueChanged.connect(self._update_weight_labels)
            self.weight_sliders[name] = slider
            self.weight_labels[name] = value
            self.weights_form.addRow(label, row)
        self._update_weight_labels()

    def normalised_weights(self) -> Dict[str, float]:
        """Slider values scaled to sum to 1 (all equal when every slider is at 0)."""
        raw = {k: float(s.value()) for k, s in self.weight_sliders.items()}
        total = sum(raw.values())
        if total <= 0:
            return {k: 1.0 / len(raw) for k in raw} if raw else {}
        return {k: v / total for k, v in raw.items()}

    def _update_weight_labels(self, *args) -> None:
        for name, w in self.normalised_weights().items():
            self.weight_labels[name].setText(self.tr("{pct} %").format(pct=round(100 * w)))

    # ======================================================================================
    # running
    # ======================================================================================
    def _start_chain(self, steps: List[ChainStep], on_success, busy_text: str) -> bool:
        if self.chain is not None and self.chain.running:
            self.show_message(self.tr("A step is already running: wait for it or cancel it."), error=True)
            return False
        self.save_settings()
        self.chain = AlgChain(steps, self)
        self.chain.progressChanged.connect(lambda p: self.progress.setValue(int(p)))
        self.chain.finished.connect(lambda ok, cancelled, msg: self._chain_finished(ok, cancelled, msg, on_success))
        self.progress.setValue(0)
        self.cancel_button.setEnabled(True)
        self.show_message(busy_text)
        self.refresh_availability()
        self.chain.start()
        return True

    def cancel(self) -> None:
        """Stop the running step; nothing of it is kept."""
        if self.chain is not None and self.chain.running:
            self.chain.cancel()
            self.show_message(self.tr("Cancelling…"))

    def _chain_finished(self, ok: bool, cancelled: bool, message: str, on_success) -> None:
        chain = self.chain
        self.cancel_button.setEnabled(False)
        if ok:
            try:
                on_success(chain)
            except Exception as exc:  # noqa: BLE001 (planner message; details in the log)
                QgsMessageLog.logMessage(f"could not add the results: {exc!r}", LOG_TAG, Qgis.MessageLevel.Critical)
                self.show_message(self.tr("The results could not be added to the map: {msg}. Details are in "
                                          "the QGIS log (Trampesti).").format(msg=str(exc)), error=True)
            finally:
                chain.cleanup()
        elif cancelled:
            self.show_message(self.tr("Cancelled: nothing was added to the map and no file was written."))
        else:
            self.show_message(self.planner_error(message), error=True)
        self.refresh_availability()

    def planner_error(self, message: str) -> str:
        """An error a planner can act on; the technical text is in the QGIS log."""
        text = (message or "").strip()
        if text.startswith("trampesti:"):
            return self._not_available(text)
        base = self.tr("The step stopped with a problem: nothing was added to the map.")
        if text:
            return base + " " + text + " " + self.tr("(Details are in the QGIS log, tab Trampesti.)")
        return base + " " + self.tr("Details are in the QGIS log, tab Trampesti.")

    def show_message(self, text: str, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("QLabel { color: #a40000; font-weight: bold; }" if error else "")
        if error:
            QgsMessageLog.logMessage(text, LOG_TAG, Qgis.MessageLevel.Warning)

    @property
    def round_name(self) -> str:
        return self.round_label.text().strip() or str(DEFAULTS["round"])

    def output_dir(self) -> str:
        """The round's folder for files (created on first use)."""
        path = self.out_dir.filePath().strip()
        if not path:
            home = QgsProject.instance().homePath() or os.path.expanduser("~")
            path = os.path.join(home, "Trampesti", self.round_name)
        return path

    # -- adding results -----------------------------------------------------------------------
    def _group(self):
        root = QgsProject.instance().layerTreeRoot()
        name = self.tr("Trampesti {round}").format(round=self.round_name)
        group = root.findGroup(name)
        return group if group is not None else root.insertGroup(0, name)

    def add_layer(self, key: str, layer: QgsMapLayer, name: str) -> QgsMapLayer:
        """Add to the project (replacing this dock's earlier layer of the same kind)."""
        old = self.layers.pop(key, None)
        if old is not None:
            try:
                if QgsProject.instance().mapLayer(old.id()) is not None:
                    QgsProject.instance().removeMapLayer(old.id())
            except RuntimeError:  # already deleted by the user
                pass
        layer.setName(name)
        QgsProject.instance().addMapLayer(layer, False)
        self._group().insertLayer(0, layer)
        self.layers[key] = layer
        return layer

    def fixes_for_analysis(self) -> Optional[QgsMapLayer]:
        layer = self.layers.get("anonymised") or self.layers.get("fixes")
        return layer

    # ======================================================================================
    # step 1 — files
    # ======================================================================================
    def dragEnterEvent(self, event):  # noqa: N802 (Qt API)
        if self._dropped_folder(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event):  # noqa: N802 (Qt API)
        folder = self._dropped_folder(event)
        if folder is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.folder.setFilePath(folder)
        self.tabs.setCurrentIndex(self.STEP_FILES)
        self.start_import()

    @staticmethod
    def _dropped_folder(event) -> Optional[str]:
        mime = event.mimeData()
        if mime is None or not mime.hasUrls():
            return None
        for url in mime.urls():
            path = url.toLocalFile()
            if path and os.path.exists(path):
                return path
        return None

    def start_import(self) -> bool:
        folder = self.folder.filePath()
        if not folder or not os.path.exists(folder):
            self.show_message(self.tr("Choose an existing folder of tracker files first."), error=True)
            return False
        step = ChainStep(ALG_IMPORT, lambda chain: {
            "INPUT": folder, "ROUND": self.round_name, "TIMEZONE": self.timezone.text().strip() or "UTC",
            "OUTPUT": "memory:fixes", "REPORT": "memory:report"},
            {"OUTPUT": "fixes", "REPORT": "report"}, self.tr("Reading files"))
        return self._start_chain([step], self._import_done, self.tr("Reading the tracker files…"))

    def _import_done(self, chain: AlgChain) -> None:
        res = chain.results[ALG_IMPORT]
        self.results["import"] = res
        report = chain.outputs.get("report")
        self.fill_files_table(report)
        fixes = chain.outputs.get("fixes")
        n = int(res.get("FIXES", 0))
        if isinstance(fixes, QgsVectorLayer) and n > 0:
            styling.style_fixes(fixes)
            self.add_layer("fixes", fixes, self.tr("Fixes (not anonymised) {round}").format(round=self.round_name))
            self.layers.pop("anonymised", None)
            self.zoom_to_layer(fixes)
        text = self.tr("{n} fixes from {f} files ({bad} failed).").format(
            n=n, f=int(res.get("FILES", 0)), bad=int(res.get("FILES_FAILED", 0)))
        self.files_summary.setText(text)
        if n == 0:
            self.show_message(self.tr("No fix could be read from these files: see the Problems column."), error=True)
        else:
            self.show_message(text + " " + self.tr("Next: step 2, Privacy."))

    def fill_files_table(self, report) -> None:
        feats = list(report.getFeatures()) if isinstance(report, QgsVectorLayer) else []
        names = [f.name() for f in report.fields()] if feats else []
        self.files_rows = [{n: _plain(v) for n, v in zip(names, f.attributes())} for f in feats]
        self.table.setRowCount(len(self.files_rows))
        status_words = {"ok": self.tr("ok"), "partial": self.tr("partly read"), "failed": self.tr("failed")}
        for r, row in enumerate(self.files_rows):
            problems = "; ".join(x for x in (str(row.get("reasons") or ""), str(row.get("message") or "")) if x)
            vals = [row.get("file"), row.get("format"), row.get("participant"),
                    self.tr("{kept} of {read}").format(kept=row.get("fixes_kept") or 0, read=row.get("fixes_read") or 0),
                    status_words.get(str(row.get("status")), str(row.get("status"))), problems]
            colour = QColor(STATUS_COLOURS.get(str(row.get("status")), "#ffffff"))
            for c, v in enumerate(vals):
                item = QTableWidgetItem("" if v is None else str(v))
                item.setToolTip("" if v is None else str(v))
                if str(row.get("status")) != "ok" or c == 4:
                    item.setBackground(colour)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        for col, width in ((0, 130), (2, 120), (5, 260)):
            self.table.setColumnWidth(col, min(self.table.columnWidth(col), width) if col != 5 else
                                      max(self.table.columnWidth(col), width))
        self.table.horizontalHeader().setStretchLastSection(True)

    # ======================================================================================
    # step 2 — privacy
    # ======================================================================================
    def start_anonymise(self) -> bool:
        fixes = self.layers.get("fixes")
        if fixes is None:
            self.show_message(self.tr("Import the tracker files first (step 1)."), error=True)
            return False
        if not algorithm_available(ALG_ANONYMISE):
            self.show_message(self._not_available(ALG_ANONYMISE), error=True)
            return False
        s = self.current_settings()

        def build(chain):
            params = {
                "INPUT": fixes, "MASK_LAYER": self.mask_layer.currentLayer(),
                "MASK_NIGHT_PLACES": bool(s["mask_night_places"]), "NIGHT_RADIUS_M": s["night_radius_m"],
                "HANDOUT_LAYER": self.handout_layer.currentLayer(), "HANDOUT_RADIUS_M": s["handout_radius_m"],
                "TIME_RESOLUTION_S": int(s["time_resolution_min"]) * 60,
                "SPATIAL_RESOLUTION_M": s["spatial_resolution_m"], "K_MIN": s["k_min"],
                "TIMEZONE": s["timezone"], "OUTPUT": "memory:anonymised", "REPORT": "memory:privacy",
                "REPORT_HTML": chain.temp_path("privacy_report.html")}
            return {k: v for k, v in params.items() if v is not None}

        step = ChainStep(ALG_ANONYMISE, build, {"OUTPUT": "anonymised", "REPORT": "privacy"}, self.tr("Anonymising"))
        return self._start_chain([step], self._anonymise_done, self.tr("Anonymising the fixes…"))

    def _anonymise_done(self, chain: AlgChain) -> None:
        res = chain.results[ALG_ANONYMISE]
        self.results["anonymise"] = res
        layer = chain.outputs.get("anonymised")
        if isinstance(layer, QgsVectorLayer):
            styling.style_fixes(layer, anonymised=True)
            self.add_layer("anonymised", layer, self.tr("Fixes (anonymised) {round}").format(round=self.round_name))
            fixes = self.layers.get("fixes")
            if fixes is not None:
                node = QgsProject.instance().layerTreeRoot().findLayer(fixes.id())
                if node is not None:
                    node.setItemVisibilityChecked(False)
        html_report = res.get("REPORT_HTML")
        if isinstance(html_report, str) and os.path.exists(html_report):
            os.makedirs(self.output_dir(), exist_ok=True)
            final = _free_path(os.path.join(self.output_dir(), f"privacy_report_{_safe(self.round_name)}.html"))
            shutil.move(html_report, final)
            self.results["anonymise"] = dict(res, REPORT_HTML=final)
        self.privacy_rows = self.privacy_summary_rows(res, chain.outputs.get("privacy"))
        html_rows = "".join(f"<tr><td>{_esc(k)}</td><td><b>{_esc(v)}</b></td></tr>" for k, v in self.privacy_rows)
        n = layer.featureCount() if isinstance(layer, QgsVectorLayer) else 0
        link = ""
        final_html = self.results["anonymise"].get("REPORT_HTML")
        if isinstance(final_html, str) and os.path.exists(final_html):
            link = "<p>" + _esc(self.tr("The full privacy report for the data protection officer:")) + \
                f" <a href='file://{_esc(final_html)}'>{_esc(os.path.basename(final_html))}</a></p>"
        self.privacy_report.setHtml("<p>" + _esc(self.tr("{n} anonymised fixes are used from here on.").format(n=n))
                                    + "</p><table cellpadding='2'>" + html_rows + "</table>" + link)
        self.show_message(self.tr("Anonymised. Next: step 3, Movement and hotspots."))

    # ======================================================================================
    # step 3 — movement and hotspots
    # ======================================================================================
    def privacy_summary_rows(self, results: dict, report) -> List[tuple]:
        """(what, value) rows for the panel and the council report (pseudonyms never listed)."""
        labels = [("FIXES_IN", self.tr("Fixes read")), ("FIXES_OUT", self.tr("Fixes kept after anonymising")),
                  ("MASKED", self.tr("Fixes removed by the masks")), ("PARTICIPANTS", self.tr("Participants"))]
        rows: List[tuple] = [(label, int(results[key])) for key, label in labels if results.get(key) is not None]
        reasons = {"masked_polygon": self.tr("inside a hidden area"),
                   "masked_sleeping_place": self.tr("near a sleeping place"),
                   "masked_handout": self.tr("first and last minutes at the hand-out site"),
                   "withdrawn": self.tr("the participant withdrew")}
        if isinstance(report, QgsVectorLayer) and report.fields().indexOf("pseudonym") >= 0:
            for feat in report.getFeatures():
                if str(feat["pseudonym"]) == "all" and str(feat["reason"]) != "kept":
                    why = reasons.get(str(feat["reason"])) or _plain(feat["description"]) or str(feat["reason"])
                    rows.append((self.tr("Removed: {why}").format(why=why), int(feat["fixes"] or 0)))
        s = self.current_settings()
        rows.append((self.tr("Times rounded to"), self.tr("{n} min").format(n=s["time_resolution_min"])))
        rows.append((self.tr("Positions snapped to a grid of"), self.tr("{n} m").format(n=round(float(s["spatial_resolution_m"])))))
        rows.append((self.tr("Fewest people behind a figure (K_MIN)"), s["k_min"]))
        return rows

    def start_movement(self) -> bool:
        fixes = self.fixes_for_analysis()
        if fixes is None:
            self.show_message(self.tr("Import the tracker files first (step 1)."), error=True)
            return False
        s = self.current_settings()
        steps = []
        if algorithm_available(ALG_STAYS):
            steps.append(ChainStep(ALG_STAYS, lambda chain: {
                "INPUT": fixes, "DISTANCE_M": s["stay_distance_m"], "MIN_DURATION_MIN": s["stay_min_duration_min"],
                "MAX_GAP_MIN": s["stay_max_gap_min"], "K_MIN": s["k_min"], "OUTPUT_STAYS": "memory:stays",
                "OUTPUT_PLACES": "memory:places", "OUTPUT_TRIPS": "memory:trips"},
                {"OUTPUT_STAYS": "stays", "OUTPUT_PLACES": "places", "OUTPUT_TRIPS": "trips"}, self.tr("Finding stays")))
        steps.append(ChainStep(ALG_DENSITY, lambda chain: {
            "INPUT": fixes, "BANDWIDTH_M": s["bandwidth_m"], "PIXEL_SIZE_M": s["pixel_size_m"],
            "PER_PARTICIPANT": s["per_participant"], "K_MIN": s["k_min"],
            "OUTPUT": chain.temp_path("density.tif")}, {"OUTPUT": "density"}, self.tr("Density")))
        steps.append(ChainStep(ALG_HOTSPOTS, lambda chain: {
            "INPUT": chain.outputs["density"], "LEVELS": s["levels"], "FIXES": fixes, "K_MIN": s["k_min"],
            "OUTPUT": "memory:hotspots"}, {"OUTPUT": "hotspots"}, self.tr("Hotspots")))
        return self._start_chain(steps, self._movement_done, self.tr("Finding stays and hotspots…"))

    def _movement_done(self, chain: AlgChain) -> None:
        out_dir = self.output_dir()
        os.makedirs(out_dir, exist_ok=True)
        final = _free_path(os.path.join(out_dir, f"density_{_safe(self.round_name)}.tif"))
        shutil.move(str(chain.outputs["density"]), final)
        self.results["density"] = dict(chain.results.get(ALG_DENSITY, {}), path=final)
        self.results["hotspots"] = chain.results.get(ALG_HOTSPOTS, {})
        self.results["stays"] = chain.results.get(ALG_STAYS, {})
        density = QgsRasterLayer(final, "density")
        styling.style_density(density)
        self.add_layer("density", density, self.tr("Density (person-hours/ha) {round}").format(round=self.round_name))
        for key, name in (("places", self.tr("Places {round}")), ("stays", self.tr("Stays {round}"))):
            layer = chain.outputs.get(key)
            if isinstance(layer, QgsVectorLayer):
                styling.style_stays(layer) if key == "stays" else styling.style_places(layer)
                self.add_layer(key, layer, name.format(round=self.round_name))
        hot = chain.outputs.get("hotspots")
        self.hotspot_rows = []
        if isinstance(hot, QgsVectorLayer):
            styling.style_hotspots(hot)
            self.add_layer("hotspots", hot, self.tr("Hotspots {round}").format(round=self.round_name))
            self.hotspot_rows = sorted(layer_rows(hot), key=lambda r: float(r.get("level_pct") or 0))
            self.zoom_to_layer(hot)
        self.hotspot_table.setRowCount(len(self.hotspot_rows))
        for r, row in enumerate(self.hotspot_rows):
            vals = [self.tr("{p} %").format(p=_num(row.get("level_pct"), 0)), _num(row.get("person_hours"), 1),
                    str(row.get("n_participants") or ""), _num((row.get("area_m2") or 0) / 10000.0, 2)]
            for c, v in enumerate(vals):
                self.hotspot_table.setItem(r, c, QTableWidgetItem(v))
        n_stays = chain.outputs["stays"].featureCount() if isinstance(chain.outputs.get("stays"), QgsVectorLayer) else None
        bw = float(self.results["density"].get("BANDWIDTH_USED_M", 0) or 0)
        text = self.tr("{h} hotspot polygons; smoothing distance {bw} m.").format(h=len(self.hotspot_rows), bw=round(bw))
        if n_stays is not None:
            text = self.tr("{n} stays found.").format(n=n_stays) + " " + text
        self.movement_summary.setText(text)
        self.show_message(text + " " + self.tr("Next: step 4, Sites."))

    # ======================================================================================
    # step 4 — sites
    # ======================================================================================
    def _demand_value(self, alg_id: str, param: str = "DEMAND"):
        alg = QgsApplication.processingRegistry().algorithmById(alg_id)
        definition = alg.parameterDefinition(param) if alg is not None else None
        if definition is not None and definition.type() == "raster":
            density = self.layers.get("density")
            return density.source() if density is not None else None
        return self.layers.get("stays") or self.fixes_for_analysis()

    def start_sites(self) -> bool:
        if self.fixes_for_analysis() is None or self.layers.get("density") is None:
            self.show_message(self.tr("Find the hotspots first (step 3)."), error=True)
            return False
        missing = [a for a in (ALG_SUITABILITY, ALG_SELECT) if not algorithm_available(a)]
        if missing:
            self.show_message(self._not_available(missing[0]), error=True)
            return False
        s = self.current_settings()
        weights = self.normalised_weights()

        def build_suitability(chain):
            params = {"DEMAND": self._demand_value(ALG_SUITABILITY), "TOILETS": self.toilets_layer.currentLayer(),
                      "COVER": self.cover_layer.currentLayer(), "EXCLUSIONS": self.exclusions_layer.currentLayer(),
                      "CANDIDATES": self.candidates_layer.currentLayer(), "PHASES": self.phases_layer.currentLayer(),
                      "HOTSPOTS": self.layers.get("hotspots"), "K_MIN": s["k_min"],
                      "WALK_RADIUS_M": s["service_radius_m"], "OUTPUT": "memory:scored"}
            params.update(weights)
            return {k: v for k, v in params.items() if v is not None}

        def build_select(chain):
            params = {"CANDIDATES": chain.outputs["scored"], "DEMAND": self._demand_value(ALG_SELECT),
                      "N_SITES": s["n_sites"], "SERVICE_RADIUS_M": s["service_radius_m"],
                      "MIN_SPACING_M": s["min_spacing_m"], "K_MIN": s["k_min"], "OUTPUT": "memory:sites"}
            return {k: v for k, v in params.items() if v is not None}

        steps = [ChainStep(ALG_SUITABILITY, build_suitability, {"OUTPUT": "scored"}, self.tr("Scoring sites")),
                 ChainStep(ALG_SELECT, build_select, {"OUTPUT": "sites"}, self.tr("Choosing sites"))]
        return self._start_chain(steps, self._sites_done, self.tr("Scoring and choosing sites…"))

    def _sites_done(self, chain: AlgChain) -> None:
        self.results["sitesuitability"] = chain.results.get(ALG_SUITABILITY, {})
        self.results["selectsites"] = chain.results.get(ALG_SELECT, {})
        sites = chain.outputs.get("sites")
        self.site_rows = []
        if isinstance(sites, QgsVectorLayer):
            styling.style_sites(sites)
            self.add_layer("sites", sites, self.tr("Sites {round}").format(round=self.round_name))
            feats = sorted(sites.getFeatures(), key=lambda f: _rank(f))
            names = [f.name() for f in sites.fields()]
            for f in feats:
                row = {n: _plain(v) for n, v in zip(names, f.attributes())}
                row["_fid"] = f.id()
                self.site_rows.append(row)
        self.fill_sites_table()
        self.tabs.setCurrentIndex(self.STEP_RESULTS)
        self.show_message(self.tr("{n} sites chosen. Click a row to see it on the map.").format(n=len(self.site_rows)))

    # ======================================================================================
    # step 5 — results
    # ======================================================================================
    def fill_sites_table(self) -> None:
        self.sites_table.setRowCount(len(self.site_rows))
        for r, row in enumerate(self.site_rows):
            covered = row.get("covered")
            vals = [str(row.get("rank") or r + 1), _num(row.get("score"), 2), _num(row.get("person_hours_served"), 1),
                    str(row.get("participants_served") if row.get("participants_served") is not None else ""),
                    _num(row.get("toilet_dist_m"), 0),
                    "" if covered is None else (self.tr("yes") if bool(covered) else self.tr("no"))]
            for c, v in enumerate(vals):
                self.sites_table.setItem(r, c, QTableWidgetItem(v))

    def _canvas(self):
        if self.iface is None or not hasattr(self.iface, "mapCanvas"):
            return None
        return self.iface.mapCanvas()

    def zoom_to_layer(self, layer: QgsMapLayer) -> None:
        canvas = self._canvas()
        if canvas is None or layer is None:
            return
        from qgis.core import QgsCoordinateTransform

        extent = layer.extent()
        if extent.isEmpty():
            return
        xform = QgsCoordinateTransform(layer.crs(), canvas.mapSettings().destinationCrs(), QgsProject.instance())
        rect = xform.transformBoundingBox(extent)
        rect.scale(1.1)
        canvas.setExtent(rect)
        canvas.refresh()

    def zoom_to_site(self, row: int, column: int = 0) -> None:
        """Centre the map on the site of ``row`` and flash it."""
        sites = self.layers.get("sites")
        canvas = self._canvas()
        if sites is None or canvas is None or not (0 <= row < len(self.site_rows)):
            return
        fid = self.site_rows[row]["_fid"]
        canvas.zoomToFeatureIds(sites, [fid])
        if canvas.scale() < 2000:
            canvas.zoomScale(2000)
        canvas.refresh()
        try:
            canvas.flashFeatureIds(sites, [fid])
        except Exception:  # noqa: BLE001 (flashing is cosmetic)
            pass

    def report_layers(self) -> List[QgsMapLayer]:
        return [self.layers[k] for k in ("sites", "hotspots", "places", "density") if self.layers.get(k) is not None]

    def export_report(self) -> Optional[Dict[str, str]]:
        """Write report_<round>.html and .pdf into the round's folder (all-or-nothing)."""
        from .report import RoundReport, write_report

        if not self.report_layers():
            self.show_message(self.tr("Find the hotspots first (step 3): the report needs a map."), error=True)
            return None
        self.save_settings()
        report = RoundReport(
            round_label=self.round_name, settings=self.current_settings(), files_rows=self.files_rows,
            privacy_rows=self.privacy_rows, hotspot_rows=self.hotspot_rows, site_rows=self.site_rows,
            results=self.results, layers=self.report_layers(),
            layer_names={k: v.name() for k, v in self.layers.items()},
            weights=self.normalised_weights())
        self.progress.setRange(0, 0)
        self.show_message(self.tr("Writing the report…"))
        QCoreApplication.processEvents()
        try:
            paths = write_report(report, self.output_dir())
        except Exception as exc:  # noqa: BLE001 (planner message; details in the log)
            QgsMessageLog.logMessage(f"report failed: {exc!r}", LOG_TAG, Qgis.MessageLevel.Critical)
            self.show_message(self.tr("The report could not be written: {msg}. No report file was left "
                                      "behind.").format(msg=str(exc)), error=True)
            return None
        finally:
            self.progress.setRange(0, 100)
        self.last_report = paths
        self.progress.setValue(100)
        links = " · ".join(f"<a href='file://{_esc(p)}'>{_esc(os.path.basename(p))}</a>" for p in paths.values())
        self.report_label.setText(self.tr("Report saved:") + " " + links)
        self.show_message(self.tr("The report is saved in {folder}.").format(folder=self.output_dir()))
        return paths

    def closeEvent(self, event):  # noqa: N802 (Qt API)
        self.save_settings()
        super().closeEvent(event)


# -- helpers ----------------------------------------------------------------------------------
def _plain(v):
    """QVariant-ish values → plain Python (QDateTime → 'YYYY-MM-DD HH:MM UTC', NULL → None)."""
    if v is None:
        return None
    if hasattr(v, "isNull") and not isinstance(v, str):
        try:
            if v.isNull():
                return None
        except TypeError:
            pass
    if hasattr(v, "toMSecsSinceEpoch"):
        return v.toUTC().toString("yyyy-MM-dd HH:mm") + " UTC"
    if hasattr(v, "toString") and not isinstance(v, str):
        return v.toString()
    return v


def layer_rows(layer: QgsVectorLayer) -> List[dict]:
    names = [f.name() for f in layer.fields()]
    return [{n: _plain(v) for n, v in zip(names, f.attributes())} for f in layer.getFeatures()]


def _rank(feature) -> float:
    try:
        value = feature["rank"]
        return float(value) if value is not None else 1e9
    except (KeyError, TypeError, ValueError):
        return 1e9


def _num(v, decimals: int) -> str:
    try:
        return f"{float(v):.{decimals}f}"
    except (TypeError, ValueError):
        return ""


def _esc(v) -> str:
    import html

    return html.escape("" if v is None else str(v))


def _safe(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in name) or "round"


def _free_path(path: str) -> str:
    """``path`` or, if it exists, ``<stem>_2<ext>``, ``_3``… (never overwrite an earlier round's file)."""
    if not os.path.exists(path):
        return path
    stem, ext = os.path.splitext(path)
    i = 2
    while os.path.exists(f"{stem}_{i}{ext}"):
        i += 1
    return f"{stem}_{i}{ext}"
