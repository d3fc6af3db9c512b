"""A copy of the project for a build that must not touch the checkout: the
test session (tests/conftest.py), the browser editor's session
(tools/cms_session.py) and the benchmark (tools/benchmark/).

What a build reads is the settings, the content, the theme and the plugins;
compiled catalogs (*.mo) and bytecode are left out, as a build makes them.
"""

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROJECT_FILES = ["pelicanconf.py", "publishconf.py", "content", "theme", "plugins"]


def copy_files(source_root, destination, names, *ignore):
    """Copy the files and folders `names` of `source_root` into `destination`,
    leaving out __pycache__ and the `ignore` patterns."""
    for name in names:
        source = source_root / name
        if source.is_dir():
            shutil.copytree(
                source,
                destination / name,
                ignore=shutil.ignore_patterns("__pycache__", *ignore),
            )
        else:
            shutil.copy2(source, destination / name)


def copy_project(destination, source_root=ROOT):
    """The project at `source_root` (this checkout by default) in `destination`."""
    copy_files(source_root, destination, PROJECT_FILES, "*.mo")
