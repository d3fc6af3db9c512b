"""Hostile text in front matter comes out as text, and an outdated
translation carries its notice. One extra build of a temporary copy, with
site_checks switched off: the checks would refuse these files, and this
proves the templates and feeds are safe even without them."""

import json
import os
import runpy
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup

from conftest import copy_project

HOSTILE = '<script>alert(1)</script> "><img src=x onerror=alert(1)>'
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    project = tmp_path_factory.mktemp("hostile")
    copy_project(project)
    (project / "content/posts/hostile.en.md").write_text(
        f"Title: {HOSTILE}\nDate: 2030-01-01 10:00\nCategory: news\n"
        f"Tags: {HOSTILE}\nSummary: {HOSTILE}\n\nText.\n", encoding="utf-8")
    about = project / "content/pages/about.en.md"
    about.write_text(about.read_text(encoding="utf-8").replace(
        "Modified: 2026-11-26", "Modified: 2030-01-01"), encoding="utf-8")
    plugins = runpy.run_path(str(project / "pelicanconf.py"))["PLUGINS"]
    plugins = [p for p in plugins if p != "site_checks"]
    # site_status reads front matter with site_checks' parser; Pelican only
    # makes it importable when site_checks is loaded, so put it on the path.
    env = dict(os.environ, SITEURL="http://127.0.0.1:9",
               PYTHONPATH=str(project / "plugins"))
    result = subprocess.run(
        [sys.executable, "-m", "pelican", "content", "-s", "publishconf.py",
         "--fatal", "warnings", "-e", f"PLUGINS={json.dumps(plugins)}"],
        cwd=project, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    return project / "output"


def executable_markup(soup):
    """Script elements or event handlers that the hostile text created."""
    found = []
    for tag in soup.find_all(True):
        if tag.name == "script":
            if tag.get("type") == "application/ld+json":
                json.loads(tag.string)  # the JSON survived: no </script> inside
            elif "alert(1)" in (tag.string or ""):
                found.append(str(tag))
        if tag.name == "img" and tag.get("src") == "x":
            found.append(str(tag))
        found += [f"{tag.name} {name}" for name in tag.attrs if name.startswith("on")]
    return found


def test_no_executable_markup_in_html(hostile_site):
    pages = [p for p in hostile_site.rglob("*.html") if "pagefind" not in p.parts]
    assert len(pages) > 50
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        assert executable_markup(soup) == [], page


def test_hostile_title_is_shown_as_text(hostile_site):
    soup = BeautifulSoup((hostile_site / "en/news/hostile/index.html").read_text(
        encoding="utf-8"), "lxml")
    assert soup.find("h1").get_text() == HOSTILE
    assert soup.find("meta", attrs={"name": "description"})["content"] == HOSTILE
    teaser = BeautifulSoup((hostile_site / "en/news/index.html").read_text(
        encoding="utf-8"), "lxml")
    assert HOSTILE in teaser.get_text()


def test_no_executable_markup_in_atom(hostile_site):
    tree = ET.parse(hostile_site / "en/feeds/atom.xml")
    entry = next(e for e in tree.getroot().iter(f"{ATOM}entry")
                 if "hostile" in e.find(f"{ATOM}link").get("href"))
    assert "<" not in entry.find(f"{ATOM}title").text
    for name in ["summary", "content"]:
        element = entry.find(f"{ATOM}{name}")
        if element is not None and element.get("type") == "html":
            soup = BeautifulSoup(element.text, "lxml")
            assert executable_markup(soup) == [], name
    summary = BeautifulSoup(entry.find(f"{ATOM}summary").text, "lxml")
    assert summary.get_text() == HOSTILE


@pytest.mark.parametrize(("lang", "notice"), [
    ("ru", "Этот перевод может быть старше английской версии."),
    ("az", "Bu tərcümə ingilis versiyasından köhnə ola bilər."),
])
def test_outdated_translation_has_a_notice(hostile_site, lang, notice):
    soup = BeautifulSoup((hostile_site / f"{lang}/about/index.html").read_text(
        encoding="utf-8"), "lxml")
    box = next(n for n in soup.select(".notice") if notice in n.get_text())
    link = box.find("a")
    assert link["href"].endswith("/en/about/") and link["hreflang"] == "en"


def test_source_and_up_to_date_pages_have_no_notice(hostile_site):
    text = (hostile_site / "en/about/index.html").read_text(encoding="utf-8")
    assert "older than the English" not in text
    text = (hostile_site / "ru/contact/index.html").read_text(encoding="utf-8")
    assert "может быть старше" not in text
