"""Trampesti core: pure numpy/scipy logic with no QGIS import.

Everything in this package is testable without QGIS. The Processing algorithms in
``processing/`` translate layers to the arrays used here and back.
"""
