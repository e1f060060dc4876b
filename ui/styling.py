"""Map styles for what the dock adds: fixes, stays, places, sites (density and hotspots from processing/styles)."""
from __future__ import annotations

from qgis.core import (
    QgsFillSymbol,
    QgsMarkerSymbol,
    QgsPalLayerSettings,
    QgsSingleSymbolRenderer,
    QgsTextBufferSettings,
    QgsTextFormat,
    QgsVectorLayerSimpleLabeling,
)
from qgis.PyQt.QtGui import QColor, QFont

from ..processing.styles import style_density, style_hotspots  # noqa: F401 (re-exported)


def style_fixes(layer, anonymised: bool = False) -> None:
    """Small translucent dots: grey-blue for raw fixes, teal for anonymised ones."""
    colour = "38,139,130,90" if anonymised else "90,100,130,70"
    symbol = QgsMarkerSymbol.createSimple({"name": "circle", "color": colour, "outline_style": "no", "size": "1.2"})
    layer.setRenderer(QgsSingleSymbolRenderer(symbol))
    layer.triggerRepaint()


def style_stays(layer) -> None:
    symbol = QgsMarkerSymbol.createSimple({"name": "circle", "color": "49,130,189,150", "outline_color": "white",
                                           "outline_width": "0.2", "size": "2.4"})
    layer.setRenderer(QgsSingleSymbolRenderer(symbol))
    layer.triggerRepaint()


def style_places(layer) -> None:
    symbol = QgsFillSymbol.createSimple({"color": "49,130,189,50", "outline_color": "49,130,189,200",
                                         "outline_width": "0.4"})
    layer.setRenderer(QgsSingleSymbolRenderer(symbol))
    layer.triggerRepaint()


def style_sites(layer) -> None:
    """Dark blue stars labelled with their rank."""
    symbol = QgsMarkerSymbol.createSimple({"name": "star", "color": "#08306b", "outline_color": "white",
                                           "outline_width": "0.5", "size": "6"})
    layer.setRenderer(QgsSingleSymbolRenderer(symbol))
    if layer.fields().indexOf("rank") >= 0:
        settings = QgsPalLayerSettings()
        settings.fieldName = "rank"
        settings.placement = QgsPalLayerSettings.Placement.OverPoint
        settings.yOffset = -4.0
        fmt = QgsTextFormat()
        fmt.setFont(QFont("DejaVu Sans", 10, QFont.Weight.Bold))
        fmt.setSize(10)
        fmt.setColor(QColor("#08306b"))
        buffer = QgsTextBufferSettings()
        buffer.setEnabled(True)
        buffer.setSize(1.0)
        buffer.setColor(QColor("white"))
        fmt.setBuffer(buffer)
        settings.setFormat(fmt)
        layer.setLabeling(QgsVectorLayerSimpleLabeling(settings))
        layer.setLabelsEnabled(True)
    layer.triggerRepaint()
