"""DESIGN.md: civicshift.core never imports Django. Checked in a fresh interpreter."""

import subprocess
import sys


def test_importing_core_loads_no_django_module():
    code = (
        "import sys, pkgutil, importlib, civicshift.core as c\n"
        "for m in pkgutil.walk_packages(c.__path__, 'civicshift.core.'):\n"
        "    if '.tests' not in m.name: importlib.import_module(m.name)\n"
        "bad = sorted(n for n in sys.modules if n == 'django' or n.startswith('django.'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "", f"civicshift.core loaded: {result.stdout}"
