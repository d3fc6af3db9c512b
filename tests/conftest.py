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

from photos import write_fixture_photos
from project_copy import copy_project

ROOT = Path(__file__).resolve().parents[1]
LANGS = ["en", "ru", "az"]
# The build date the test build uses, so that upcoming and past events are
# the same whenever the suite runs.
BUILD_DATE = "2026-11-26"
# The setting the test builds add to pelicanconf.py: that date.
PINNED_DATE = [
    "-e",
    f'SITE_EVENTS={{"today": "{BUILD_DATE}", "calendar": "events/calendar.ics"}}',
]


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


def content_groups(site, folder):
    """{slug: set of languages with their own file} of the content files in
    `folder` (posts, pages, events…)."""
    found = {}
    for path in site.content_files:
        if path.parts[0] == folder:
            slug, lang, _ = path.name.split(".")
            found.setdefault(slug, set()).add(lang)
    return found


def run_pelican(project, site_url, settings="publishconf.py", extra_args=()):
    env = dict(os.environ, SITEURL=site_url)
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pelican",
            "content",
            "-s",
            settings,
            "--fatal",
            "warnings",
            *extra_args,
        ],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
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

    def asset(self, path):
        """Output path of a theme file: 'css/site.css' -> 'theme/css/site.css',
        or 'theme/css/site.<hash>.css' in a fingerprinted (publish) build."""
        stem, ext = os.path.splitext(path)
        for candidate in self.output.glob(f"theme/{stem}.*{ext}"):
            middle = candidate.name[len(os.path.basename(stem)) + 1 : -len(ext)]
            if len(middle) == 10 and all(c in "0123456789abcdef" for c in middle):
                return str(candidate.relative_to(self.output))
        return f"theme/{path}"

    def html_files(self):
        return sorted(
            str(p.relative_to(self.output)) for p in self.output.rglob("*.html")
        )

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
        return sorted(
            p.relative_to(self.project / "content")
            for p in (self.project / "content").rglob("*.md")
        )


@pytest.fixture(scope="session")
def site_url():
    return f"http://127.0.0.1:{free_port()}"


@pytest.fixture(scope="session")
def built(tmp_path_factory, site_url):
    project = tmp_path_factory.mktemp("project")
    copy_project(project)
    before = tree_digest(project / "content")
    result = run_pelican(
        project,
        site_url,
        extra_args=PINNED_DATE,
    )
    site = BuiltSite(project, site_url, result)
    site.content_digest_before = before
    return site


HOSTILE_FILES = ROOT / "tests" / "hostile"
# Content the tests need and the real site lacks (a timed event), laid out
# like content/.
FIXTURE_CONTENT = ROOT / "tests" / "fixtures" / "content"
# Where the generated photos of tests/photos.py go, under content/: the
# test content (tests/fixtures/content/) shows them.
FIXTURE_PHOTOS = "media/test-photos"


@pytest.fixture(scope="session")
def hostile(tmp_path_factory):
    """One build of the real project plus every file under tests/hostile/
    (laid out like the project: content/posts/…), tests/fixtures/content/
    and the photos that tests/photos.py generates,
    with the checks on, as `make publish` builds it. Each hostile input must
    pass `make check` (warnings allowed) and come out safe and faithful;
    tests assert on this output. Its content folder is compared before and
    after the build."""
    project = tmp_path_factory.mktemp("hostile")
    copy_project(project)
    for folder in (HOSTILE_FILES / "content", FIXTURE_CONTENT):
        for source in sorted(folder.rglob("*")):
            if source.is_file():
                target = project / "content" / source.relative_to(folder)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)
    write_fixture_photos(project / "content" / FIXTURE_PHOTOS)
    before = tree_digest(project / "content")
    # Its own address, so that the photo tests can serve it to a browser.
    site_url = f"http://127.0.0.1:{free_port()}"
    result = run_pelican(
        project,
        site_url,
        extra_args=PINNED_DATE,
    )
    site = BuiltSite(project, site_url, result)
    assert result.returncode == 0, site.log[-5000:]
    assert tree_digest(project / "content") == before
    return site


@pytest.fixture(scope="session")
def site(built):
    """The built site; fails every dependent test if the build failed."""
    assert built.result.returncode == 0, built.log[-5000:]
    return built


# --- Serving the build, and a real browser ----------------------------------

import contextlib  # noqa: E402
import functools  # noqa: E402
import http.server  # noqa: E402
import threading  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Headless on a closed network: without the background-networking flags
# Chromium keeps trying to reach Google's hosts.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
IN_CI = os.environ.get("CI", "").lower() == "true"


def skip_or_fail(reason):
    """Skip a test whose tool is missing, loudly; in CI (CI=true) fail it."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: missing tools fail the run)", pytrace=False)
    pytest.skip(f"SKIPPED, NOT TESTED: {reason}")


class SiteRequestHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the output folder like a static host: /ru redirects to /ru/
    (the standard handler does that), a missing file answers 404 with the
    site's own 404 page when the build has one."""

    def send_error(self, code, message=None, explain=None):
        if code == 404:
            for candidate in self._not_found_pages():
                if candidate.is_file():
                    body = candidate.read_bytes()
                    self.send_response(404)
                    self.send_header("Content-Type", "text/html; charset=utf-8")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    if self.command != "HEAD":
                        self.wfile.write(body)
                    return
        super().send_error(code, message, explain)

    def _not_found_pages(self):
        root = Path(self.directory)
        first = self.path.lstrip("/").split("/", 1)[0]
        if first in LANGS:
            yield root / first / "404.html"
        yield root / "404.html"

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@contextlib.contextmanager
def serving(output, site_url, handler=SiteRequestHandler):
    """`output` served over HTTP on exactly `site_url` (host and port), the
    address the build's absolute links point at."""
    parts = urlsplit(site_url)
    httpd = http.server.ThreadingHTTPServer(
        (parts.hostname, parts.port), functools.partial(handler, directory=str(output))
    )
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield site_url
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


@pytest.fixture(scope="session")
def server(site):
    """The built site, served on `site.site_url`."""
    with serving(site.output, site.site_url) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium for the whole session (no downloads)."""
    if not Path(CHROMIUM).is_file():
        skip_or_fail(
            f"Chromium not found at {CHROMIUM}; install it with "
            "`apt-get install chromium` to run the browser tests"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


DESKTOP = {"viewport": {"width": 1280, "height": 800}}
MOBILE = {
    "viewport": {"width": 360, "height": 740},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}


class Visit:
    """A browser context on the served site that records every request,
    console error and uncaught exception of its pages."""

    def __init__(self, browser, base_url, **options):
        self.base_url = base_url
        self.context = browser.new_context(base_url=base_url, **options)
        self.requests = []
        self.errors = []
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.page = self.new_page()

    def new_page(self):
        page = self.context.new_page()
        page.on(
            "console",
            lambda message: (
                message.type == "error"
                and self.errors.append(f"console: {message.text}")
            ),
        )
        page.on("pageerror", lambda error: self.errors.append(f"exception: {error}"))
        return page

    def open(self, path):
        response = self.page.goto(path)
        assert response is not None and response.ok, (
            path,
            response and response.status,
        )
        return self.page

    def foreign_requests(self):
        allowed = (self.base_url + "/", "data:", "blob:", "about:")
        return [url for url in self.requests if not url.startswith(allowed)]

    def close(self):
        self.context.close()


@pytest.fixture
def visit(browser, server):
    """visit(**context_options) -> Visit; contexts close after the test."""
    visits = []

    def make(**options):
        visits.append(Visit(browser, server, **(options or DESKTOP)))
        return visits[-1]

    yield make
    for opened in visits:
        opened.close()


def pages_by_type(site):
    """{(page type, lang): [output paths]} of every HTML file of the build,
    typed as tools/weight.py types them (a new kind of page is a new type;
    root-level pages have lang "")."""
    from weight import classify

    page_slugs = {
        p.name.split(".")[0] for p in site.content_files if p.parts[0] == "pages"
    } - {"home"}
    found = {}
    for path in site.html_files():
        if path.startswith("pagefind/"):
            continue
        key = classify(path, site.text(path), page_slugs)
        found.setdefault(key, []).append(path)
    return found


def url_path(relative):
    """The URL path of an output file: en/about/index.html -> /en/about/."""
    path = "/" + relative
    return path[: -len("index.html")] if path.endswith("/index.html") else path
