"""Pagefind search: built with the site, one index per language, only the
main content of the site's own-language posts and pages."""

import gzip
import json
import re

import pytest

from conftest import LANGS


def fragments(site):
    """Decoded Pagefind fragments (one per indexed page)."""
    found = []
    for path in sorted(site.path("pagefind").glob("*/fragment/*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        fragment = json.loads(data[len(b"pagefind_dcd") :])
        fragment["language"] = path.name.split("_", 1)[0]
        fragment["bundle"] = path.parent.parent.name
        found.append(fragment)
    return found


@pytest.fixture(scope="module")
def index(site):
    return fragments(site)


@pytest.mark.parametrize("lang", LANGS)
def test_one_bundle_per_language(site, lang):
    entry = json.loads(site.text(f"pagefind/{lang}/pagefind-entry.json"))
    assert set(entry["languages"]) == {lang}
    assert entry["languages"][lang]["page_count"] > 5
    assert site.exists(f"pagefind/{lang}/pagefind.js")


def test_nothing_but_language_bundles_in_the_bundle_folder(site):
    assert {p.name for p in site.path("pagefind").iterdir()} == set(LANGS)


def test_fragments_belong_to_their_language_site(index):
    for fragment in index:
        assert fragment["bundle"] == fragment["language"], fragment
        assert fragment["url"].startswith("/" + fragment["language"] + "/"), fragment


def test_only_posts_and_pages_are_indexed(site, index):
    urls = {f["url"] for f in index}
    for url in urls:
        assert re.fullmatch(
            r"/(en|ru|az)/((news|events|trainings|library)/[a-z0-9-]+/|[a-z0-9-]+/)",
            url,
        ), url
        assert url.split("/")[2] not in {"search", "404.html"}
    assert not any(url.endswith("/news/") for url in urls)


def test_every_page_with_a_search_body_is_indexed(site, index):
    """Pagefind reads only the files that can hold a post or a page (a glob
    made from the save_as settings): none may be missed."""
    with_body = {
        "/" + path.removesuffix("index.html")
        for path in site.html_files()
        if not path.startswith("pagefind/")
        and site.soup(path).select_one("[data-pagefind-body]")
    }
    assert with_body == {f["url"] for f in index}


def test_fallback_copies_are_not_indexed(site, index):
    urls = {f["url"] for f in index}
    for path in site.html_files():
        if site.soup(path).select_one(".notice"):
            assert "/" + path.removesuffix("index.html") not in urls, path


def test_navigation_is_not_indexed(index):
    for fragment in index:
        # Menu labels are not part of any page's text.
        assert "Network of ExpertsPartners" not in fragment["content"]
        assert not fragment["content"].startswith(("Home", "Главная", "Ana səhifə"))


def test_filters_and_metadata(index):
    by_lang = {}
    for fragment in index:
        by_lang.setdefault(fragment["language"], []).append(fragment)
        assert fragment["meta"]["title"]
    types = {f["filters"]["type"][0] for f in by_lang["ru"]}
    assert types == {
        "Новости",
        "Страницы",
        "Мероприятия",
        "Учебные программы",
        "Электронная библиотека",
    }
    posts = [f for f in by_lang["ru"] if f["filters"]["type"] == ["Новости"]]
    for post in posts:
        assert re.fullmatch(r"20\d\d", post["filters"]["year"][0])
        assert "г." in post["meta"]["date"]


def test_russian_only_word_is_only_in_the_russian_index(index):
    # "Государственной" appears in Russian text only.
    word = "Государственн"
    langs = {f["language"] for f in index if word in f["content"]}
    assert langs == {"ru"}


@pytest.mark.parametrize("lang", LANGS)
def test_search_page_per_language(site, lang):
    soup = site.soup(f"{lang}/search/index.html")
    form = soup.select_one("form[data-search-form]")
    assert form["data-pagefind"] == f"{site.site_url}/pagefind/{lang}/pagefind.js"
    assert soup.select_one("[data-search-nojs] a")
    assert soup.select_one('script[type="module"]')["src"].endswith(
        "/" + site.asset("js/search.js")
    )
    header_form = site.soup(f"{lang}/about/index.html").select_one(
        ".site-header form[role=search]"
    )
    assert header_form["action"] == f"{site.site_url}/{lang}/search/"


def test_search_interface_text_is_translated(site):
    az = site.soup("az/search/index.html")
    assert az.select_one("h1").get_text() == "Axtarış"
    form = az.select_one("form[data-search-form]")
    assert form["data-text-count"] == "Tapılan nəticələrin sayı: {count}"
    ru = site.soup("ru/search/index.html").select_one("form[data-search-form]")
    assert ru["data-text-count"] == "Найдено результатов: {count}"


@pytest.mark.parametrize("lang", LANGS)
def test_not_found_pages(site, lang):
    soup = site.soup(f"{lang}/404.html")
    assert soup.html["lang"] == lang
    assert soup.select_one('meta[name="robots"]')["content"].startswith("noindex")
    assert soup.select_one("main form[role=search]")
    assert soup.select_one(".main-nav")
    expected = {
        "en": "Page not found",
        "ru": "Страница не найдена",
        "az": "Səhifə tapılmadı",
    }[lang]
    assert soup.select_one("h1").get_text() == expected


def test_root_not_found_page(site):
    soup = site.soup("404.html")
    sections = soup.select("[data-not-found-lang]")
    assert [s["lang"] for s in sections] == LANGS
    for section in sections:
        assert section.select_one(f'a[hreflang="{section["lang"]}"]')
    assert soup.select_one(f'script[src$="/{site.asset("js/not_found.js")}"]')
