"""QGIS Processing layer: thin algorithms that move layers to core/ arrays and back."""
