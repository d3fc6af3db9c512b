"""`make publish SITEURL=…` builds for that address, and PUBLISH_SITEURL is
only the default. One build runs the Makefile's own `publish` target, in a
copy of the project, for another address: its canonical URLs, hreflang and
Open Graph links, feeds, calendar, sitemaps and robots.txt name that address,
and no file names the default one. `make -n` shows which address each way of
giving it selects, for `publish` and the deploy targets that run it."""

import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import LANGS, ROOT, copy_project

ADDRESS = "https://example.org"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
# The deploy targets whose recipe builds through `publish`.
PUBLISHING_TARGETS = ["publish", "rsync_upload", "github", "s3_upload"]


def make_env(**variables):
    """This process's environment without the variables that choose the
    address (nor those of a `make test` that runs this suite), plus
    `variables`."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SITEURL", "PUBLISH_SITEURL", "MAKEFLAGS", "MFLAGS", "MAKELEVEL"}
    }
    return {**env, **variables}


def dry_run(target, *arguments, **variables):
    """What `make -n target` would run here, in the checkout."""
    return subprocess.run(
        ["make", "-n", target, *arguments],
        cwd=ROOT,
        env=make_env(**variables),
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def built_for(printed):
    """The address a `make -n` run builds for: the one it announces, given
    to Pelican and to the link check."""
    [announced] = re.findall(r'^echo "Publishing for (\S+)/"$', printed, re.M)
    [pelican] = re.findall(
        r"^SITEURL=(\S+) \S+/pelican content -s publishconf\.py", printed, re.M
    )
    [checked] = re.findall(r"linkcheck\.py \S+ --site-url (\S+)$", printed, re.M)
    assert announced == pelican == checked, printed
    return announced


@pytest.fixture(scope="session")
def default_address():
    """PUBLISH_SITEURL as the Makefile sets it."""
    return built_for(dry_run("publish"))


@pytest.mark.parametrize("target", PUBLISHING_TARGETS)
def test_siteurl_on_the_command_line_is_the_address(target):
    assert (
        built_for(dry_run(target, "SITEURL=https://cli.example"))
        == "https://cli.example"
    )


@pytest.mark.parametrize("target", PUBLISHING_TARGETS)
def test_siteurl_in_the_environment_is_the_address(target):
    assert (
        built_for(dry_run(target, SITEURL="https://env.example"))
        == "https://env.example"
    )


def test_siteurl_wins_over_publish_siteurl():
    printed = dry_run(
        "publish",
        "SITEURL=https://cli.example",
        PUBLISH_SITEURL="https://default.example",
    )
    assert built_for(printed) == "https://cli.example"


def test_without_siteurl_publish_siteurl_is_the_address(default_address):
    assert default_address == "https://rtcm.az"
    printed = dry_run("publish", PUBLISH_SITEURL="https://default.example")
    assert built_for(printed) == "https://default.example"


def test_a_trailing_slash_is_dropped():
    assert (
        built_for(dry_run("publish", "SITEURL=https://cli.example/"))
        == "https://cli.example"
    )


@pytest.fixture(scope="session")
def published(tmp_path_factory):
    """The output of `make publish SITEURL=https://example.org` in a copy of
    the project. The Makefile runs with this session's Python (BIN) and a
    stamp of its own (STAMP), so that it never installs anything."""
    project = tmp_path_factory.mktemp("published")
    copy_project(project)
    for name in ["Makefile", "requirements.txt", "requirements-dev.txt"]:
        shutil.copy2(ROOT / name, project / name)
    (project / "tools").mkdir()
    for tool in (ROOT / "tools").glob("*.py"):
        shutil.copy2(tool, project / "tools" / tool.name)
    stamp = project / "installed"
    stamp.touch()  # newer than the requirements copied with their dates
    result = subprocess.run(
        [
            "make",
            "publish",
            f"SITEURL={ADDRESS}",
            f"BIN={Path(sys.executable).parent}",
            f"STAMP={stamp}",
        ],
        cwd=project,
        env=make_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-5000:]
    assert f"Publishing for {ADDRESS}/" in result.stdout
    return project / "output"


def own(url):
    return url.startswith(ADDRESS + "/")


def test_pages_link_the_address(published):
    """Canonical, hreflang alternates and og:url of every page."""
    seen = set()
    for path in sorted(published.rglob("*.html")):
        relative = path.relative_to(published).as_posix()
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        for link in soup.select(
            'link[rel="canonical"], link[rel="alternate"][hreflang]'
        ):
            assert own(link["href"]), (relative, str(link))
            seen.add("hreflang" if link.has_attr("hreflang") else "canonical")
        for meta in soup.select('meta[property="og:url"]'):
            assert own(meta["content"]), (relative, str(meta))
            seen.add("og:url")
    assert seen == {"canonical", "hreflang", "og:url"}


@pytest.mark.parametrize("lang", LANGS)
def test_feeds_name_the_address(published, lang):
    root = ET.fromstring((published / lang / "feeds" / "atom.xml").read_bytes())
    links = [link.get("href") for link in root.iter(ATOM + "link")]
    assert f"{ADDRESS}/{lang}/feeds/atom.xml" in links
    assert all(own(href) for href in links), links
    assert root.findtext(ATOM + "id") == f"{ADDRESS}/{lang}/"
    host = urlsplit(ADDRESS).hostname
    entry_ids = [entry.findtext(ATOM + "id") for entry in root.iter(ATOM + "entry")]
    assert entry_ids
    assert all(entry_id.startswith(f"tag:{host},") for entry_id in entry_ids), entry_ids


def test_sitemaps_and_robots_name_the_address(published):
    index = ET.parse(published / "sitemap.xml").getroot()
    sitemaps = [loc.text for loc in index.iter(SITEMAP + "loc")]
    assert sitemaps == [f"{ADDRESS}/sitemap-root.xml"] + [
        f"{ADDRESS}/sitemap-{lang}.xml" for lang in LANGS
    ]
    for sitemap in sitemaps:
        root = ET.parse(published / urlsplit(sitemap).path.lstrip("/")).getroot()
        urls = [loc.text for loc in root.iter(SITEMAP + "loc")] + [
            link.get("href") for link in root.iter(XHTML + "link")
        ]
        assert urls and all(own(url) for url in urls), sitemap
    robots = (published / "robots.txt").read_text(encoding="utf-8")
    assert re.findall(r"^Sitemap: (.*)$", robots, re.M) == [f"{ADDRESS}/sitemap.xml"]


def test_the_calendar_names_the_address(published):
    calendar = (published / "en" / "events" / "calendar.ics").read_text(
        encoding="utf-8"
    )
    urls = re.findall(r"^URL:(.*?)\r?$", calendar, re.M)
    assert urls and all(own(url) for url in urls), urls


def test_no_file_names_the_default_address(published, default_address):
    """Not in any file. (The .gz and .br twins are compressed copies of
    files checked here; Pagefind's index, compressed too, is not read.)"""
    default = ("//" + urlsplit(default_address).netloc).encode()
    named = [
        path.relative_to(published).as_posix()
        for path in sorted(published.rglob("*"))
        if path.is_file()
        and path.suffix not in {".gz", ".br"}
        and default in path.read_bytes()
    ]
    assert named == []
