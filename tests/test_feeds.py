"""One Atom feed per language, with absolute URLs and only its language."""

import xml.etree.ElementTree as ET

import pytest

from conftest import LANGS

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def own_posts(site, lang):
    return {
        p.name.split(".")[0]
        for p in site.content_files
        if p.parts[0] == "posts" and p.name.split(".")[1] == lang
    }


@pytest.mark.parametrize("lang", LANGS)
def test_feed_parses_with_self_link_and_language(site, lang):
    root = ET.fromstring(site.path(f"{lang}/feeds/atom.xml").read_bytes())
    assert root.tag == ATOM + "feed"
    assert root.get(XML_LANG) == lang
    self_link = root.find(f"{ATOM}link[@rel='self']").get("href")
    assert self_link == f"{site.site_url}/{lang}/feeds/atom.xml"


@pytest.mark.parametrize("lang", LANGS)
def test_feed_holds_only_its_own_language(site, lang):
    root = ET.fromstring(site.path(f"{lang}/feeds/atom.xml").read_bytes())
    entries = root.findall(ATOM + "entry")
    slugs = set()
    for entry in entries:
        href = entry.find(ATOM + "link").get("href")
        assert href.startswith(f"{site.site_url}/{lang}/news/"), href
        slugs.add(href.rstrip("/").rsplit("/", 1)[1])
    assert slugs == own_posts(site, lang)


@pytest.mark.parametrize("lang", LANGS)
def test_pages_link_their_own_feed(site, lang):
    link = site.soup(f"{lang}/index.html").select_one(
        'link[type="application/atom+xml"]'
    )
    assert link["href"] == f"{site.site_url}/{lang}/feeds/atom.xml"
