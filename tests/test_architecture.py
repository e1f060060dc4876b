"""Architecture rules that keep the plugin portable: core/ without QGIS, Qt only via qgis.PyQt."""
from __future__ import annotations

import re
import subprocess
import sys

from .conftest import _PKG_PARENT, REPO


def test_core_imports_without_qgis():
    """Every module of core/ imports with ``qgis`` (and PyQt) made unimportable."""
    code = f"""
import importlib, pkgutil, sys
sys.path.insert(0, {str(_PKG_PARENT)!r})
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('qgis', 'PyQt5', 'PyQt6', 'osgeo'):
            raise ImportError('blocked for the test: ' + name)
        return None
sys.meta_path.insert(0, Block())
import trampesti.core as core
names = []
for info in pkgutil.walk_packages(core.__path__, 'trampesti.core.'):
    importlib.import_module(info.name)
    names.append(info.name)
assert not any(m.split('.')[0] in ('qgis', 'PyQt5', 'osgeo') for m in sys.modules), 'qgis was imported'
print(len(names))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert int(out.stdout.strip().splitlines()[-1]) >= 10


def _py_files():
    skip = {".venv", "build", "dist", "ext_libs", ".git"}
    for p in REPO.rglob("*.py"):
        if not skip.intersection(p.relative_to(REPO).parts):
            yield p


def test_qt_only_through_qgis_pyqt():
    bad = []
    pat = re.compile(r"^\s*(from|import)\s+(PyQt5|PyQt6|PySide2|PySide6)\b", re.M)
    for p in _py_files():
        if pat.search(p.read_text(encoding="utf-8")):
            bad.append(str(p.relative_to(REPO)))
    assert bad == []


def test_no_tr_of_formatted_strings():
    """Translate, then format: a formatted string passed to tr() can never match a translation."""
    bad = []
    pat = re.compile(r"\btr\(\s*f[\"']")
    for p in _py_files():
        if pat.search(p.read_text(encoding="utf-8")):
            bad.append(str(p.relative_to(REPO)))
    assert bad == []


def test_no_generated_resources_committed():
    out = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True)
    files = out.stdout.split()
    assert not [f for f in files if f.endswith(("resources_rc.py", "resources.py", ".qm"))]
