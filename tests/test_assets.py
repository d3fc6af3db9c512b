"""The production post-processing (plugins/site_assets): minified HTML, CSS
and JS, fingerprinted theme files, .gz/.br twins; and plain development
URLs."""

import gzip
import hashlib
import re
from importlib.metadata import version
from pathlib import Path

import brotli
import pytest

from site_assets import site_assets

ROOT = Path(__file__).resolve().parents[1]
FINGERPRINT = re.compile(r"\.[0-9a-f]{10}\.[a-z0-9]+$")
TEXT_TYPES = {".html", ".css", ".js", ".xml", ".json", ".svg", ".txt"}


def theme_sources():
    static = ROOT / "theme" / "static"
    return {str(p.relative_to(static)): p for p in static.rglob("*") if p.is_file()}


def test_every_theme_file_is_fingerprinted_by_its_content(site):
    salt = version("minify-html").encode()
    for relative, source in theme_sources().items():
        digest = hashlib.sha256(salt + source.read_bytes()).hexdigest()[:10]
        stem, ext = relative.rsplit(".", 1)
        assert site.exists(f"theme/{stem}.{digest}.{ext}"), relative
        assert not site.exists(f"theme/{relative}"), f"{relative}: plain name left"


def test_pages_link_theme_files_by_fingerprinted_url(site):
    for path in site.html_files():
        if path.startswith("pagefind/"):
            continue
        soup = site.soup(path)
        for tag in soup.select("link[href], script[src]"):
            url = tag.get("href") or tag.get("src")
            if "/theme/" in url:
                assert FINGERPRINT.search(url), (path, url)
                assert site.exists(site.url_to_file(url)), (path, url)


def test_search_imports_pagefind_by_its_own_name(site):
    form = site.soup("en/search/index.html").select_one("form[data-search-form]")
    assert form["data-pagefind"].endswith("/pagefind/en/pagefind.js")
    assert site.exists("pagefind/en/pagefind.js")


@pytest.mark.parametrize("path", ["en/index.html", "ru/news/index.html", "404.html"])
def test_html_is_minified_and_still_whole(site, path):
    text = site.text(path)
    assert "\n  " not in text  # no template indentation left
    assert text.startswith("<!doctype html><html")
    assert text.rstrip().endswith("</body></html>")  # closing tags kept
    soup = site.soup(path)
    assert soup.html["lang"]
    assert soup.select_one("main#main-content")


def test_css_and_js_are_minified(site):
    for relative, source in theme_sources().items():
        if source.suffix not in (".css", ".js"):
            continue
        built = site.path(site.asset(relative)).read_bytes()
        assert len(built) < len(source.read_bytes()) * 0.9, relative
        assert b"\n\n" not in built


def test_no_inline_scripts_or_styles(site):
    """The CSP has no 'unsafe-inline': every script is a file, no style attributes."""
    for path in site.html_files():
        if path.startswith("pagefind/"):
            continue
        soup = site.soup(path)
        for script in soup.find_all("script"):
            assert script.get("src") or script.get("type") == "application/ld+json", (
                path
            )
        assert not soup.find_all("style"), path
        assert not soup.select("[style]"), path
        assert not soup.select("[onclick], [onload], [onerror]"), path


def test_text_files_have_gzip_and_brotli_twins(site):
    checked = 0
    for file in site.output.rglob("*"):
        if not file.is_file() or file.suffix not in TEXT_TYPES:
            continue
        data = file.read_bytes()
        gz, br = Path(f"{file}.gz"), Path(f"{file}.br")
        if len(data) < 256:
            continue
        assert gz.is_file() and br.is_file(), file
        assert gzip.decompress(gz.read_bytes()) == data
        assert brotli.decompress(br.read_bytes()) == data
        assert gz.read_bytes()[4:8] == b"\0\0\0\0"  # mtime 0: same input, same bytes
        checked += 1
    assert checked > 50


def test_compressed_twins_are_not_compressed_again(site):
    assert not list(site.output.rglob("*.gz.gz")) + list(site.output.rglob("*.br.gz"))
    assert not list(site.output.rglob("*.gz.br"))
    # Pagefind's index files are compressed by Pagefind already.
    assert not list(site.output.rglob("*.pf_fragment.gz"))


def test_minify_keeps_html_parser_neutral():
    html = (
        '<!DOCTYPE html>\n<html lang="ru">\n<head><title>x</title></head>\n'
        "<body>\n  <p>one</p>\n  <p>two <b>three</b></p>\n</body>\n</html>\n"
    )
    out = site_assets.minify_html_text(html)
    assert out == (
        "<!doctype html><html lang=ru><head><title>x</title></head>"
        "<body><p>one</p><p>two <b>three</b></p></body></html>"
    )


def test_fingerprinted_name():
    name = site_assets.fingerprinted_name("css/site.css", b"body{}", 10)
    assert name == f"css/site.{hashlib.sha256(b'body{}').hexdigest()[:10]}.css"


class FakePelican:
    def __init__(self, settings):
        self.settings = settings


def development_settings(fingerprint):
    return {
        "DEFAULT_LANG": "en",
        "I18N_SUBSITES": {"ru": {}},
        "THEME": str(ROOT / "theme"),
        "THEME_STATIC_PATHS": ["static"],
        "THEME_STATIC_DIR": "../theme",
        "OUTPUT_PATH": "/srv/out/en",
        "OUTPUT_ROOT": "/srv/out",
        "SITE_ROOT_URL": "http://localhost:8000",
        "SITE_ASSETS": {"fingerprint": fingerprint},
    }


@pytest.fixture
def restore_assets():
    saved = dict(site_assets._assets)
    yield
    site_assets._assets.clear()
    site_assets._assets.update(saved)


def test_development_urls_are_plain(restore_assets):
    site_assets._collect_assets(FakePelican(development_settings(False)))
    assert (
        site_assets.asset_url("css/site.css")
        == "http://localhost:8000/theme/css/site.css"
    )


def test_fingerprinted_urls(restore_assets):
    site_assets._collect_assets(FakePelican(development_settings(True)))
    assert FINGERPRINT.search(site_assets.asset_url("js/search.js"))
    assert site_assets.asset_url("js/search.js").startswith(
        "http://localhost:8000/theme/js/search."
    )


def test_unknown_asset_is_an_error(restore_assets, caplog):
    site_assets._collect_assets(FakePelican(development_settings(False)))
    site_assets.asset_url("css/missing.css")
    assert "no such file" in caplog.text
