"""Only what pyproject.toml cannot say: a built wheel carries the user documentation.

The Markdown source stays in the repository's docs/ folder; building copies it into the package
as civicshift/help_docs/, where the in-application help (civicshift.web.help) reads it. A source
checkout (an editable install) reads docs/ directly.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

DOCS = Path(__file__).resolve().parent / "docs"


def copy_docs(build_lib: str) -> Path:
    target = Path(build_lib) / "civicshift" / "help_docs"
    shutil.copytree(DOCS, target, dirs_exist_ok=True)
    return target


class BuildWithDocs(build_py):
    def run(self):
        super().run()
        if not self.editable_mode:
            copy_docs(self.build_lib)


if __name__ == "__main__":  # as setuptools' build backend runs it; importable for the tests
    setup(cmdclass={"build_py": BuildWithDocs})
