"""Default symbology for Trampesti outputs, applied by layer post-processors."""
from __future__ import annotations

from qgis.core import (
    QgsColorRampShader,
    QgsGraduatedSymbolRenderer,
    QgsProcessingLayerPostProcessorInterface,
    QgsRasterShader,
    QgsRendererRange,
    QgsSingleBandPseudoColorRenderer,
    QgsFillSymbol,
)
from qgis.PyQt.QtGui import QColor

HEAT = ["#fff5eb", "#fdd0a2", "#fd8d3c", "#d94801", "#7f2704"]
LEVEL_COLOURS = {50: "#7f0000", 75: "#d7301f", 90: "#fc8d59"}


def style_density(layer) -> None:
    """Heat ramp from transparent zero to dark red over the layer's value range."""
    provider = layer.dataProvider()
    stats = provider.bandStatistics(1)
    vmax = stats.maximumValue if stats.maximumValue > 0 else 1.0
    items = [QgsColorRampShader.ColorRampItem(0.0, QColor(255, 255, 255, 0), "0")]
    for i, c in enumerate(HEAT):
        v = vmax * (i + 1) / len(HEAT)
        col = QColor(c)
        col.setAlpha(200)
        items.append(QgsColorRampShader.ColorRampItem(v, col, f"{v:.2f}"))
    ramp = QgsColorRampShader(0.0, vmax)
    ramp.setColorRampType(QgsColorRampShader.Type.Interpolated)
    ramp.setColorRampItemList(items)
    shader = QgsRasterShader()
    shader.setRasterShaderFunction(ramp)
    renderer = QgsSingleBandPseudoColorRenderer(provider, 1, shader)
    renderer.setClassificationMin(0.0)
    renderer.setClassificationMax(vmax)
    layer.setRenderer(renderer)
    layer.triggerRepaint()


def style_hotspots(layer) -> None:
    """Graduated outlines by level: the inner (50 %) level darkest and thickest."""
    ranges = []
    for level in sorted(LEVEL_COLOURS):
        sym = QgsFillSymbol.createSimple({
            "color": "0,0,0,0", "outline_color": LEVEL_COLOURS[level],
            "outline_width": str({50: 0.9, 75: 0.6, 90: 0.4}[level]), "outline_width_unit": "MM"})
        ranges.append(QgsRendererRange(level - 0.5, level + 0.5, sym, f"{level} %"))
    renderer = QgsGraduatedSymbolRenderer("level_pct", ranges)
    layer.setRenderer(renderer)
    layer.triggerRepaint()


class StylePostProcessor(QgsProcessingLayerPostProcessorInterface):
    """Applies one of the style functions above when Processing loads the output."""

    def __init__(self, style_fn) -> None:
        super().__init__()
        self.style_fn = style_fn

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802
        if layer is not None and layer.isValid():
            self.style_fn(layer)


def attach_style(context, dest_id: str, style_fn, keep: list) -> None:
    """Style ``dest_id`` when it is loaded on completion; ``keep`` holds the post-processor alive."""
    if context.willLoadLayerOnCompletion(dest_id):
        pp = StylePostProcessor(style_fn)
        keep.append(pp)
        context.layerToLoadOnCompletionDetails(dest_id).setPostProcessor(pp)


STAY_BLUE = "49,130,189"
PLACE_COLOURS = ["#deebf7", "#9ecae1", "#4292c6", "#08519c"]


def style_stays(layer) -> None:
    """Translucent blue circles whose area grows with the stay's duration (10 min small, 8 h large)."""
    from qgis.core import QgsMarkerSymbol, QgsProperty, QgsSingleSymbolRenderer, QgsSymbolLayer

    symbol = QgsMarkerSymbol.createSimple({"name": "circle", "color": STAY_BLUE + ",120", "outline_color": "white",
                                           "outline_width": "0.2", "size": "2"})
    # diameter ∝ sqrt(duration): 1.5 mm at 10 min, about 8 mm at 8 h; null durations smallest
    expr = "1.2 + 0.3 * sqrt(coalesce(\"duration_s\", 0) / 60.0)"
    symbol.symbolLayer(0).setDataDefinedProperty(QgsSymbolLayer.Property.PropertySize, QgsProperty.fromExpression(expr))
    layer.setRenderer(QgsSingleSymbolRenderer(symbol))
    layer.triggerRepaint()


def style_places(layer) -> None:
    """Places graduated (quantiles, 4 classes) by n_participants, light to dark blue."""
    from qgis.core import QgsGradientColorRamp

    renderer = QgsGraduatedSymbolRenderer("n_participants")
    renderer.setSourceSymbol(QgsFillSymbol.createSimple({"color": "0,0,0,0", "outline_color": "8,81,156,220",
                                                         "outline_width": "0.4"}))
    renderer.setSourceColorRamp(QgsGradientColorRamp(QColor(PLACE_COLOURS[0]), QColor(PLACE_COLOURS[-1])))
    classes = min(4, max(1, layer.featureCount()))
    try:
        from qgis.core import QgsClassificationQuantile

        renderer.setClassificationMethod(QgsClassificationQuantile())
        renderer.updateClasses(layer, classes)
    except (ImportError, AttributeError, TypeError):  # QGIS < 3.10
        renderer.updateClasses(layer, QgsGraduatedSymbolRenderer.Mode.Quantile, classes)
    for i, rng in enumerate(renderer.ranges()):
        c = QColor(rng.symbol().color())
        renderer.updateRangeSymbol(i, QgsFillSymbol.createSimple({
            "color": f"{c.red()},{c.green()},{c.blue()},140", "outline_color": "8,81,156,220", "outline_width": "0.4"}))
    layer.setRenderer(renderer)
    layer.triggerRepaint()


def style_trips(layer) -> None:
    """Thin translucent grey-blue lines."""
    from qgis.core import QgsLineSymbol, QgsSingleSymbolRenderer

    symbol = QgsLineSymbol.createSimple({"color": "70,90,120,110", "width": "0.25", "width_unit": "MM"})
    layer.setRenderer(QgsSingleSymbolRenderer(symbol))
    layer.triggerRepaint()


def style_flows(layer) -> None:
    """Dark orange lines, width growing with n_participants (0.5 mm at 3, about 3 mm at 20)."""
    from qgis.core import QgsLineSymbol, QgsProperty, QgsSingleSymbolRenderer, QgsSymbolLayer

    symbol = QgsLineSymbol.createSimple({"color": "217,72,1,170", "width": "0.6", "width_unit": "MM",
                                         "capstyle": "round"})
    expr = "0.3 + 0.14 * coalesce(\"n_participants\", 0)"
    symbol.symbolLayer(0).setDataDefinedProperty(QgsSymbolLayer.Property.PropertyStrokeWidth,
                                                 QgsProperty.fromExpression(expr))
    layer.setRenderer(QgsSingleSymbolRenderer(symbol))
    layer.triggerRepaint()


SCORE_COLOURS = ["#d7191c", "#fdae61", "#ffffbf", "#a6d96a", "#1a9641"]
SITE_COLOUR = "#6a3d9a"


def style_candidates(layer) -> None:
    """Scored candidates graduated by ``score`` in five equal classes over 0..1, red (poor) to green (best)."""
    from qgis.core import QgsMarkerSymbol

    ranges = []
    for i, c in enumerate(SCORE_COLOURS):
        lo, hi = i / len(SCORE_COLOURS), (i + 1) / len(SCORE_COLOURS)
        sym = QgsMarkerSymbol.createSimple({"name": "circle", "color": c, "outline_color": "60,60,60,160",
                                            "outline_width": "0.15", "size": str(1.6 + 0.5 * i)})
        ranges.append(QgsRendererRange(lo - (1e-9 if i == 0 else 0.0), hi + (1e-9 if i == len(SCORE_COLOURS) - 1 else 0.0),
                                       sym, f"{lo:.1f} – {hi:.1f}"))
    layer.setRenderer(QgsGraduatedSymbolRenderer("score", ranges))
    layer.triggerRepaint()


def style_sites(layer) -> None:
    """Ranked sites: purple squares, the best (rank 1) largest, each labelled with its rank."""
    from qgis.core import (
        QgsMarkerSymbol,
        QgsPalLayerSettings,
        QgsProperty,
        QgsSingleSymbolRenderer,
        QgsSymbolLayer,
        QgsTextBufferSettings,
        QgsTextFormat,
        QgsVectorLayerSimpleLabeling,
    )

    symbol = QgsMarkerSymbol.createSimple({"name": "square", "color": SITE_COLOUR, "outline_color": "white",
                                           "outline_width": "0.4", "size": "5"})
    # 7 mm for rank 1, 1 mm less per rank, never below 3 mm
    symbol.symbolLayer(0).setDataDefinedProperty(
        QgsSymbolLayer.Property.PropertySize, QgsProperty.fromExpression("max(3, 8 - coalesce(\"rank\", 5))"))
    layer.setRenderer(QgsSingleSymbolRenderer(symbol))
    settings = QgsPalLayerSettings()
    settings.fieldName = "rank"
    fmt = QgsTextFormat()
    fmt.setSize(9)
    fmt.setColor(QColor("#2d004b"))
    buf = QgsTextBufferSettings()
    buf.setEnabled(True)
    buf.setSize(1.0)
    buf.setColor(QColor("white"))
    fmt.setBuffer(buf)
    settings.setFormat(fmt)
    settings.placement = QgsPalLayerSettings.Placement.OverPoint
    settings.yOffset = -4.0
    layer.setLabeling(QgsVectorLayerSimpleLabeling(settings))
    layer.setLabelsEnabled(True)
    layer.triggerRepaint()
