"""/sitemap.xml and /robots.txt: valid, complete, reciprocal."""

from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from conftest import LANGS

NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "x": "http://www.w3.org/1999/xhtml",
}
XSD = Path(__file__).parent / "schemas" / "sitemap.xsd"


INDEX_XSD = Path(__file__).parent / "schemas" / "siteindex.xsd"


@pytest.fixture(scope="module")
def index(site):
    return etree.parse(str(site.path("sitemap.xml")))


@pytest.fixture(scope="module")
def sitemaps(site, index):
    """The sitemaps the index names, parsed."""
    found = []
    for loc in index.getroot().findall("s:sitemap/s:loc", NS):
        assert loc.text.startswith(site.site_url + "/")
        found.append(etree.parse(str(site.path(site.url_to_file(loc.text)))))
    return found


@pytest.fixture(scope="module")
def urls(sitemaps):
    """{loc: {hreflang: href}} over every sitemap."""
    found = {}
    for sitemap in sitemaps:
        for url in sitemap.getroot().findall("s:url", NS):
            loc = url.findtext("s:loc", namespaces=NS)
            found[loc] = {
                link.get("hreflang"): link.get("href")
                for link in url.findall("x:link", NS)
            }
    return found


def test_index_names_root_and_every_language(site, index):
    locs = [loc.text for loc in index.getroot().findall("s:sitemap/s:loc", NS)]
    assert locs == [f"{site.site_url}/sitemap-root.xml"] + [
        f"{site.site_url}/sitemap-{lang}.xml" for lang in LANGS
    ]


def test_sitemaps_validate_against_xsd(index, sitemaps):
    assert etree.XMLSchema(etree.parse(str(INDEX_XSD))).validate(index)
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    for sitemap in sitemaps:
        assert schema.validate(sitemap), schema.error_log


def test_each_page_listed_once(sitemaps):
    locs = [
        u.findtext("s:loc", namespaces=NS)
        for sitemap in sitemaps
        for u in sitemap.getroot().findall("s:url", NS)
    ]
    assert len(locs) > 50
    assert [loc for loc, n in Counter(locs).items() if n > 1] == []


def test_every_url_exists_and_is_absolute(site, urls):
    for loc, alternates in urls.items():
        for url in [loc, *alternates.values()]:
            assert url.startswith(site.site_url + "/"), url
            assert site.exists(site.url_to_file(url)), url


def test_alternates_are_reciprocal_with_x_default(urls):
    for loc, alternates in urls.items():
        if not alternates:
            continue
        assert "x-default" in alternates, loc
        assert loc in alternates.values(), loc
        for lang, href in alternates.items():
            if lang == "x-default":
                continue
            assert urls[href] == alternates, (loc, href)


def test_fallbacks_and_noindex_pages_are_not_listed(site, urls):
    for loc in urls:
        path = site.url_to_file(loc)
        soup = site.soup(path)
        assert not soup.select(".notice"), loc
        robots = soup.select_one('meta[name="robots"]')
        assert robots is None or "noindex" not in robots["content"], loc


def test_every_real_page_is_listed(site, urls):
    listed = {site.url_to_file(loc) for loc in urls}
    for path in site.html_files():
        if path.startswith("pagefind/"):
            continue
        soup = site.soup(path)
        robots = soup.select_one('meta[name="robots"]')
        if robots is not None and "noindex" in robots["content"]:
            continue
        assert path in listed, path


@pytest.mark.parametrize("lang", [*LANGS, "root"])
def test_hreflang_in_sitemap_matches_page_head(site, urls, lang):
    """Every listed page of the language (or outside them), whether it has
    alternates, some or none: the sitemap says what its head says."""
    prefix = f"{site.site_url}/" + ("" if lang == "root" else f"{lang}/")
    listed = [
        loc
        for loc in urls
        if loc.startswith(prefix)
        and (lang != "root" or loc.removeprefix(prefix).split("/", 1)[0] not in LANGS)
    ]
    assert listed
    for loc in listed:
        head = {
            link["hreflang"]: link["href"]
            for link in site.soup(site.url_to_file(loc)).select(
                'link[rel="alternate"][hreflang]'
            )
        }
        assert urls[loc] == head, loc


def test_robots_points_to_sitemap(site):
    robots = site.text("robots.txt")
    assert f"Sitemap: {site.site_url}/sitemap.xml" in robots.splitlines()
    assert "Disallow: /\n" not in robots
