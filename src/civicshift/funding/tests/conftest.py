from pathlib import Path

REAL = (
    Path(__file__).resolve().parents[2] / "formats/funding/tests/fixtures/grantsgov_real_131073.xml"
)
