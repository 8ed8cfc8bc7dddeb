"""Recalculating workbooks with LibreOffice headless, for the tests of the live-formula model.

LibreOffice does not recalculate an .xlsx on loading by default: it shows the values stored in
the file (Tools ▸ Options ▸ LibreOffice Calc ▸ Formula ▸ "Recalculation on file load", "Excel
2007 and newer": "Never recalculate"). A private user profile whose
``user/registrymodifications.xcu`` sets ``/org.openoffice.Office.Calc/Formula/Load``
``OOXMLRecalcMode`` (and ``ODFRecalcMode``) to 0, "Always recalculate", makes every formula
recalculate on load, without macros or UNO. ``soffice --headless --convert-to xlsx`` then writes
the recalculated values into the converted copies, which openpyxl reads with ``data_only=True``.

One ``soffice`` start converts every file given; the profile is private (``-env:UserInstallation``),
so parallel test workers, and a LibreOffice someone has open, do not clash.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

RECALCULATE_ALWAYS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
 <prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
 <prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def soffice() -> str:
    """The path of ``soffice``; RuntimeError saying how to install it when it is missing."""
    path = shutil.which("soffice")
    if path is None:
        raise RuntimeError(
            "LibreOffice is needed to recalculate the workbook: "
            "sudo apt-get install libreoffice-calc-nogui (or: make system-packages)"
        )
    return path


def make_profile(directory: Path) -> Path:
    """A LibreOffice user profile in ``directory`` that recalculates every file it loads."""
    user = directory / "user"
    user.mkdir(parents=True, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(RECALCULATE_ALWAYS, encoding="utf-8")
    return directory


def recalculate(files: Sequence[Path], outdir: Path, profile: Path, timeout: float = 180) -> dict:
    """Open each workbook in LibreOffice, recalculate it, save it as .xlsx in ``outdir``.

    Returns {input path: converted path}. One ``soffice`` process for all of them.
    """
    outdir.mkdir(parents=True, exist_ok=True)
    command = [
        soffice(),
        f"-env:UserInstallation={profile.resolve().as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        "xlsx:Calc MS Excel 2007 XML",
        "--outdir",
        str(outdir),
        *(str(f) for f in files),
    ]
    done = subprocess.run(  # noqa: S603 - LibreOffice found on PATH, our own arguments
        command, capture_output=True, text=True, timeout=timeout, check=False
    )
    result = {Path(f): outdir / (Path(f).stem + ".xlsx") for f in files}
    missing = [str(f) for f, out in result.items() if not out.exists()]
    if done.returncode or missing:
        raise RuntimeError(
            f"soffice failed ({done.returncode}) for {missing}: {done.stdout}\n{done.stderr}"
        )
    return result
