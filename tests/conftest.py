"""Build the real site once per test session and give tests parsed output.

The project (settings, content, theme, plugins) is copied to a temporary
folder and built there with the production settings, so tests never touch
the developer's output/ or content/, and a test can prove that the build
changed no source file.
"""

import hashlib
import os
import shutil
import socket
import subprocess
import sys
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]
PROJECT_FILES = ["pelicanconf.py", "publishconf.py", "content", "theme", "plugins"]
LANGS = ["en", "ru", "az"]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def tree_digest(path):
    """{relative path: sha256} of every file under `path`."""
    digests = {}
    for file in sorted(Path(path).rglob("*")):
        if file.is_file():
            digests[str(file.relative_to(path))] = hashlib.sha256(
                file.read_bytes()
            ).hexdigest()
    return digests


def copy_project(destination):
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, destination / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        else:
            shutil.copy2(source, destination / name)


def run_pelican(project, site_url, settings="publishconf.py", extra_args=()):
    env = dict(os.environ, SITEURL=site_url)
    return subprocess.run(
        [sys.executable, "-m", "pelican", "content", "-s", settings,
         "--fatal", "warnings", *extra_args],
        cwd=project, env=env, capture_output=True, text=True, check=False,
    )


@dataclass
class BuiltSite:
    """The output of one build, with helpers to read it."""

    project: Path
    site_url: str
    result: subprocess.CompletedProcess
    _soups: dict = field(default_factory=dict)

    @property
    def output(self):
        return self.project / "output"

    @property
    def log(self):
        return self.result.stdout + self.result.stderr

    def path(self, relative):
        return self.output / relative

    def exists(self, relative):
        return self.path(relative).is_file()

    def text(self, relative):
        return self.path(relative).read_text(encoding="utf-8")

    def soup(self, relative):
        """Parsed HTML of an output file (cached)."""
        if relative not in self._soups:
            self._soups[relative] = BeautifulSoup(self.text(relative), "lxml")
        return self._soups[relative]

    def html_files(self):
        return sorted(str(p.relative_to(self.output))
                      for p in self.output.rglob("*.html"))

    def url_to_file(self, url):
        """The output file an internal URL points at, or None if external."""
        parts = urlsplit(url)
        root = urlsplit(self.site_url)
        if parts.netloc and parts.netloc != root.netloc:
            return None
        path = parts.path.lstrip("/")
        if path == "" or path.endswith("/"):
            path += "index.html"
        return path

    @cached_property
    def content_files(self):
        return sorted(p.relative_to(self.project / "content")
                      for p in (self.project / "content").rglob("*.md"))


@pytest.fixture(scope="session")
def site_url():
    return f"http://127.0.0.1:{free_port()}"


@pytest.fixture(scope="session")
def built(tmp_path_factory, site_url):
    project = tmp_path_factory.mktemp("project")
    copy_project(project)
    before = tree_digest(project / "content")
    result = run_pelican(project, site_url)
    site = BuiltSite(project, site_url, result)
    site.content_digest_before = before
    return site


@pytest.fixture(scope="session")
def site(built):
    """The built site; fails every dependent test if the build failed."""
    assert built.result.returncode == 0, built.log[-5000:]
    return built
