"""Static check: mypy on core/ (the QGIS-free package) finds no error, as STYLE.md asks.

Run as the package ``trampesti.core`` (a temporary folder holding a ``trampesti`` symlink to
the repository), with the ``[tool.mypy]`` settings of pyproject.toml plus the same flags on
the command line, so the result does not depend on where pytest was started.
"""
from __future__ import annotations

import importlib.util
import re
import subprocess
import sys

import pytest

from .conftest import REPO


def test_mypy_finds_nothing_in_core(tmp_path):
    if importlib.util.find_spec("mypy") is None:
        pytest.skip("mypy is not installed (it comes with requirements-dev.txt)")
    (tmp_path / "trampesti").symlink_to(REPO, target_is_directory=True)
    cmd = [sys.executable, "-m", "mypy", "--config-file", str(REPO / "pyproject.toml"),
           "--ignore-missing-imports", "--follow-imports=silent",
           "--cache-dir", str(tmp_path / ".mypy_cache"), "-p", "trampesti.core"]
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=str(tmp_path), timeout=300)
    report = out.stdout[-6000:] + out.stderr[-2000:]
    assert out.returncode == 0, report
    # every module of core/ was checked (a wrong package path would check nothing or fail)
    m = re.search(r"Success: no issues found in (\d+) source files", out.stdout)
    assert m is not None, report
    n_core = sum(1 for _ in (REPO / "core").rglob("*.py"))
    assert int(m.group(1)) == n_core, report
