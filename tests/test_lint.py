"""Static checks: ruff (pyflakes, syntax, bugbear) over the whole repository, as configured in pyproject.toml."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO


def test_ruff_finds_nothing():
    ruff = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
    if not Path(ruff).exists():
        pytest.skip("ruff is not installed (it comes with requirements-dev.txt)")
    out = subprocess.run([ruff, "check", "--no-cache", "--output-format", "concise", str(REPO)],
                         capture_output=True, text=True, cwd=str(REPO), timeout=120)
    assert out.returncode == 0, out.stdout[-4000:] + out.stderr[-2000:]
