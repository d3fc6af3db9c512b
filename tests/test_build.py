"""The build itself: it succeeds quietly, writes every language, and leaves
the sources alone."""

import re

import pytest

from conftest import LANGS, content_groups, tree_digest


def page_path(slug):
    return "index.html" if slug == "home" else f"{slug}/index.html"


def test_build_succeeds_without_warnings(built):
    assert built.result.returncode == 0, built.log[-5000:]
    assert not re.search(r"\b(WARNING|ERROR|CRITICAL)\b", built.log), built.log


def test_build_changes_no_content_file(site):
    assert tree_digest(site.project / "content") == site.content_digest_before


def test_content_exists():
    # Guards the parametrised tests below against an empty content folder.
    from conftest import ROOT

    assert len(list((ROOT / "content" / "posts").glob("*.md"))) >= 8 * 2
    assert len(list((ROOT / "content" / "pages").glob("*.md"))) >= 7 * 3


@pytest.mark.parametrize("lang", LANGS)
def test_every_language_has_home_and_lists(site, lang):
    for path in [
        "index.html",
        "news/index.html",
        "news/archive/index.html",
        "news/tags/index.html",
        "feeds/atom.xml",
    ]:
        assert site.exists(f"{lang}/{path}"), f"{lang}/{path}"


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_in_every_language(site, lang):
    pages = content_groups(site, "pages")
    assert pages
    for slug in pages:
        assert site.exists(f"{lang}/{page_path(slug)}"), (lang, slug)


@pytest.mark.parametrize("lang", LANGS)
def test_every_post_in_every_language(site, lang):
    posts = content_groups(site, "posts")
    assert posts
    for slug in posts:
        assert site.exists(f"{lang}/news/{slug}/index.html"), (lang, slug)


def test_root_files(site):
    assert site.exists("index.html")
    assert site.exists(site.asset("css/site.css"))
    # Theme assets live once, not per language.
    assert not site.path("ru/theme").exists()
    assert not site.path("en/theme").exists()


def test_no_drafts_in_production(site):
    assert not any("drafts" in path for path in site.html_files())
