"""The Danish translation is complete and in step with the sources.

The .ts is regenerated from plugin.py, ui/ and processing/ with pylupdate5 (plus the strings
i18n/extract.py finds that pylupdate5 cannot see) into a temporary file and compared with
the committed i18n/trampesti_da.ts: a new source string without a translation, or a committed
message whose source vanished, fails. Every message must be finished and non-empty, keep the
source's {placeholders}, compile with lrelease, and a translator loaded from the .qm must
translate known strings (dock, algorithm display name, algorithm help).
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
TS = REPO / "i18n" / "trampesti_da.ts"
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def _messages(ts: Path):
    root = ET.parse(str(ts)).getroot()
    out = []
    for ctx in root.findall("context"):
        name = ctx.findtext("name")
        for msg in ctx.findall("message"):
            tr = msg.find("translation")
            out.append((name, msg.findtext("source") or "", tr))
    return out


def _lrelease() -> str:
    tool = shutil.which("lrelease") or ("/usr/lib/qt5/bin/lrelease" if Path("/usr/lib/qt5/bin/lrelease").exists() else None)
    if tool is None:
        pytest.fail("lrelease is not installed (Debian package qttools5-dev-tools; scripts/setup.sh installs it)")
    return tool


@pytest.fixture(scope="module")
def fresh_ts(tmp_path_factory) -> Path:
    if shutil.which("pylupdate5") is None:
        pytest.fail("pylupdate5 is not installed (Debian package pyqt5-dev-tools; scripts/setup.sh installs it)")
    sys.path.insert(0, str(REPO / "i18n"))
    try:
        import extract
    finally:
        sys.path.pop(0)
    out = tmp_path_factory.mktemp("i18n") / "fresh.ts"
    extract.run_pylupdate(out)
    return out


def test_sources_and_committed_ts_have_the_same_messages(fresh_ts):
    fresh = {(c, s) for c, s, _ in _messages(fresh_ts)}
    committed = {(c, s) for c, s, _ in _messages(TS)}
    assert len(fresh) > 300
    missing = sorted(fresh - committed)
    vanished = sorted(committed - fresh)
    assert not missing, f"{len(missing)} source strings have no Danish message (run i18n/extract.py update): {missing[:10]}"
    assert not vanished, f"{len(vanished)} messages in the .ts are no longer in the sources: {vanished[:10]}"


def test_every_message_is_translated():
    problems = []
    for ctx, src, tr in _messages(TS):
        if tr is None or tr.get("type") in ("unfinished", "obsolete", "vanished") or not (tr.text or "").strip():
            problems.append((ctx, src[:60]))
            continue
        if sorted(PLACEHOLDER.findall(src)) != sorted(PLACEHOLDER.findall(tr.text)):
            problems.append((ctx, src[:60], "placeholders differ"))
    assert not problems, f"{len(problems)} messages are not finished: {problems[:10]}"
    assert 'type="unfinished"' not in TS.read_text(encoding="utf-8")


def test_translations_are_danish_not_copies():
    """Longer messages must differ from the English source (a copied string is no translation)."""
    same = [s for _, s, tr in _messages(TS) if len(s) > 25 and tr is not None and tr.text == s]
    assert not same, same[:5]
    text = TS.read_text(encoding="utf-8")
    for word in ("sporingsfil", "deltager", "opholdssted", "runde", "anonymis", "udelukkelseszone", "overdækning"):
        assert word in text.lower(), word


def test_lrelease_compiles_and_translator_translates(qgis_app, tmp_path):
    from qgis.PyQt.QtCore import QCoreApplication, QTranslator

    qm = tmp_path / "trampesti_da.qm"
    proc = subprocess.run([_lrelease(), str(TS), "-qm", str(qm)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "0 unfinished" in proc.stdout, proc.stdout
    translator = QTranslator()
    assert translator.load(str(qm))
    QCoreApplication.installTranslator(translator)
    try:
        assert QCoreApplication.translate("TrampestiDock", "Import files") == "Indlæs filer"
        assert QCoreApplication.translate("TrampestiDock", "{n} fixes from {f} files ({bad} failed).").format(
            n=5, f=2, bad=1) == "5 GPS-punkter fra 2 filer (1 fejlet)."
        from trampesti.processing.alg_importtrackers import ImportTrackers

        alg = ImportTrackers()
        assert alg.displayName() == "Indlæs sporingsfiler"
        assert alg.shortHelpString().startswith("Læser én sporingsfil")
        from trampesti.ui.dock import TrampestiDock

        dock = TrampestiDock(None, None)
        assert dock.tabs.tabText(0) == "1 Filer"
        assert dock.import_button.text() == "Indlæs filer"
        dock.deleteLater()
    finally:
        QCoreApplication.removeTranslator(translator)
    assert QCoreApplication.translate("TrampestiDock", "Import files") == "Import files"
