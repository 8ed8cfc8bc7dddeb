"""Where the plan tests find their files.

The three MSPDI files saved by Microsoft Project live in the shared data folder
(``../shared/data/mspdi/`` beside the checkout, or ``$CIVICSHIFT_SHARED_DATA/mspdi``); they are
LGPL and not part of the project, so a checkout without them fails those tests with a message
saying where to put them (no skipping). The project's own fixtures are in ``plan_fixtures/``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "plan_fixtures"


def shared_mspdi(name: str) -> Path:
    candidates = []
    if os.environ.get("CIVICSHIFT_SHARED_DATA"):
        candidates.append(Path(os.environ["CIVICSHIFT_SHARED_DATA"]) / "mspdi" / name)
    candidates += [parent / "shared" / "data" / "mspdi" / name for parent in Path(__file__).parents]
    for path in candidates:
        if path.is_file():
            return path
    pytest.fail(
        f"the shared data file mspdi/{name} is absent: put the shared data folder at "
        "../shared/data beside the checkout or set CIVICSHIFT_SHARED_DATA",
        pytrace=False,
    )
