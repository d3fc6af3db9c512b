"""Page weight: what a first visit downloads stays within the budget.

The same function as `make weight` (tools/weight.py), on this session's
build; sizes are compressed bytes, no timing involved."""

import gzip

import pytest

from weight import BUDGET_BYTES, classify, page_slugs_of, site_weights


@pytest.fixture(scope="module")
def weights(site):
    return site_weights(
        site.output, site.site_url, page_slugs_of(site.project / "content")
    )


def test_every_html_file_is_measured(site, weights):
    assert {w.path for w in weights} >= set(site.html_files()) - {
        f for f in site.html_files() if f.startswith(("pagefind/", "admin/"))
    }
    assert all(w.total(("css",)) > 0 for w in weights), "a page without its stylesheet"


def test_every_page_is_within_the_budget(weights):
    over = {w.path: w.budgeted for w in weights if w.budgeted > BUDGET_BYTES}
    assert not over, f"over {BUDGET_BYTES} compressed bytes: {over}"


def test_no_page_loads_anything_from_another_site(weights):
    external = {w.path: w.external() for w in weights if w.external()}
    assert not external, external


def test_weight_counts_what_the_page_references(site, weights):
    home = next(w for w in weights if w.path == "en/index.html")
    urls = {r.url: r for r in home.resources}
    stylesheet = site.soup("en/index.html").find("link", rel="stylesheet")["href"]
    css = urls[stylesheet]
    data = site.path(site.url_to_file(stylesheet)).read_bytes()
    assert css.kind == "css" and css.raw == len(data)
    assert css.gzip == len(gzip.compress(data, 9, mtime=0))
    assert home.budgeted == sum(
        r.gzip for r in home.resources if r.kind in ("html", "css", "js", "fonts")
    )


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("index.html", ("chooser", "")),
        ("404.html", ("404", "")),
        ("ru/index.html", ("home", "ru")),
        ("az/news/index.html", ("news", "az")),
        ("en/news/page/2/index.html", ("news page-n", "en")),
        ("en/news/tags/index.html", ("tags", "en")),
        ("en/news/tags/training/index.html", ("tag", "en")),
        ("en/news/archive/index.html", ("archive", "en")),
        ("en/news/category/news/index.html", ("category", "en")),
        ("en/news/some-post/index.html", ("post", "en")),
        ("en/about/index.html", ("page", "en")),
        ("en/search/index.html", ("search", "en")),
        ("en/404.html", ("404", "en")),
        ("az/events/index.html", ("events", "az")),
        ("az/events/some-event/index.html", ("events/*", "az")),
        ("az/library/type/report/index.html", ("library/type/*", "az")),
        ("en/news/category/news/page/2/index.html", ("category", "en")),
    ],
)
def test_page_types(path, expected):
    assert classify(path, "", {"about"}) == expected


@pytest.mark.parametrize(
    "html",
    [
        '<link rel="canonical" href="https://example.org/en/news/x/">',
        "<link href=https://example.org/en/news/x/ rel=canonical>",
    ],
)
def test_fallback_pages_are_their_own_type(html):
    assert classify("ru/news/x/index.html", html, set()) == ("fallback post", "ru")
    assert classify("en/news/x/index.html", html, set()) == ("post", "en")
    assert classify("en/news/x/index.html", "", set()) == ("post", "en")
