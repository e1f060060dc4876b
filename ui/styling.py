"""Map styles for what the dock adds: fixes here; stays, places, sites, density and hotspots from processing/styles."""
from __future__ import annotations

from qgis.core import (
    QgsMarkerSymbol,
    QgsSingleSymbolRenderer,
)

# one symbology for the panel and the Processing outputs
from ..processing.styles import (  # noqa: F401 (re-exported)
    style_density,
    style_hotspots,
    style_places,
    style_sites,
    style_stays,
)


def style_fixes(layer, anonymised: bool = False) -> None:
    """Small translucent dots: grey-blue for raw fixes, teal for anonymised ones."""
    colour = "38,139,130,90" if anonymised else "90,100,130,70"
    symbol = QgsMarkerSymbol.createSimple({"name": "circle", "color": colour, "outline_style": "no", "size": "1.2"})
    layer.setRenderer(QgsSingleSymbolRenderer(symbol))
    layer.triggerRepaint()
