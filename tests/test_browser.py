"""The site as readers meet it, in headless Debian Chromium over HTTP:
the language switcher, the keyboard, a phone-sized screen, the chooser at
`/`, and nothing loaded from elsewhere. Screenshots of the home page and a
post in each language go to test-artifacts/screenshots/."""

import struct

import pytest

from conftest import (
    DESKTOP,
    LANGS,
    MOBILE,
    ROOT,
    content_groups,
    pages_by_type,
    url_path,
)

SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"


def translated_post(site):
    return sorted(
        s for s, langs in content_groups(site, "posts").items() if langs == set(LANGS)
    )[0]


def untranslated_posts(site):
    return sorted(
        s for s, langs in content_groups(site, "posts").items() if langs != set(LANGS)
    )


def test_content_has_fallback_posts(site):
    # The fallback scenarios below need a post missing in some language.
    assert untranslated_posts(site)


@pytest.mark.parametrize(
    ("in_ci", "outcome"),
    [(False, pytest.skip.Exception), (True, pytest.fail.Exception)],
)
def test_missing_tools_skip_locally_and_fail_in_ci(monkeypatch, in_ci, outcome):
    import conftest

    monkeypatch.setattr(conftest, "IN_CI", in_ci)
    with pytest.raises(outcome, match="Chromium not found"):
        conftest.skip_or_fail("Chromium not found")


# --- Language switcher ------------------------------------------------------


def switcher_link(page, lang):
    return page.locator(f".lang-switcher a[hreflang='{lang}']")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("where", ["home", "post", "page", "news"])
def test_switcher_keeps_the_reader_on_the_same_page(site, visit, lang, where):
    path = {
        "home": "",
        "post": f"news/{translated_post(site)}/",
        "page": "about/",
        "news": "news/",
    }[where]
    browser = visit()
    for other in LANGS:
        page = browser.open(f"/{lang}/{path}")
        switcher_link(page, other).click()
        page.wait_for_url(f"{site.site_url}/{other}/{path}")
        assert page.locator("html").get_attribute("lang") == other
    assert not browser.errors, browser.errors


@pytest.mark.parametrize("lang", LANGS)
def test_switcher_labels_fallbacks(site, visit, lang):
    browser = visit()
    groups = content_groups(site, "posts")
    for slug in untranslated_posts(site):
        page = browser.open(f"/{lang}/news/{slug}/")
        for other in LANGS:
            if other == lang:
                continue
            note = switcher_link(page, other).locator(".lang-switcher__note")
            if other in groups[slug]:
                assert note.count() == 0, (slug, other)
            else:
                assert note.is_visible(), (slug, other)
                assert note.get_attribute("lang") == lang
        if lang not in groups[slug]:
            # The fallback page itself says so, and its text is marked.
            assert page.locator(".notice").is_visible()
            assert page.locator("article.entry").get_attribute("lang") in groups[slug]


# --- Keyboard ---------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("where", ["", "news/", "about/"])
def test_first_tab_reaches_the_skip_link_which_moves_focus_to_main(visit, lang, where):
    page = visit().open(f"/{lang}/{where}")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    box = page.locator(".skip-link").bounding_box()
    assert box and box["y"] >= 0 and box["height"] > 0, (
        "skip link off screen when focused"
    )
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"
    assert page.evaluate("document.activeElement.tagName") == "MAIN"
    # main takes focus only as a starting point: no focus styling on it.
    assert (
        page.evaluate("getComputedStyle(document.activeElement).backgroundColor")
        == "rgba(0, 0, 0, 0)"
    )
    # The next Tab continues inside the main content, past the header.
    page.keyboard.press("Tab")
    assert page.evaluate(
        "document.getElementById('main-content').contains(document.activeElement)"
    )


# --- Phone-sized screen -----------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_mobile_has_no_horizontal_scroll(site, visit, lang):
    browser = visit(**MOBILE)
    paths = [
        "",
        f"news/{translated_post(site)}/",
        "about/",
        "news/",
        f"news/{untranslated_posts(site)[0]}/",
    ]
    too_wide = {}
    for path in paths:
        page = browser.open(f"/{lang}/{path}")
        widths = page.evaluate(
            "[document.documentElement.scrollWidth,"
            " document.documentElement.clientWidth]"
        )
        if widths[0] > widths[1]:
            too_wide[path] = widths
    assert not too_wide, f"scrollWidth > clientWidth at 360px: {too_wide}"


@pytest.mark.parametrize("lang", LANGS)
def test_mobile_navigation_is_visible_and_works(site, visit, lang):
    browser = visit(**MOBILE)
    page = browser.open(f"/{lang}/about/")
    links = page.locator(".main-nav__link, .lang-switcher__link")
    assert links.count() >= 7
    for i in range(links.count()):
        link = links.nth(i)
        assert link.is_visible(), link.inner_text()
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360, (
            link.inner_text(),
            box,
        )
        assert box["height"] >= 24, ("target smaller than 24px", link.inner_text(), box)
    page.locator(".main-nav__link[href$='/news/']").tap()
    page.wait_for_url(f"{site.site_url}/{lang}/news/")
    page.locator(".main-nav__link[href$='/contact/']").tap()
    page.wait_for_url(f"{site.site_url}/{lang}/contact/")
    assert not browser.errors, browser.errors


# --- The chooser at / -------------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "lang"), [("ru-RU", "ru"), ("az-AZ", "az"), ("en-US", "en")]
)
def test_chooser_suggests_the_browser_language_without_redirecting(
    site, visit, locale, lang
):
    browser = visit(locale=locale, **DESKTOP)
    page = browser.page
    navigations = []
    page.on("framenavigated", lambda frame: navigations.append(frame.url))
    page.goto("/")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)  # time a redirect would need to show up
    assert page.url == f"{site.site_url}/"
    assert navigations == [f"{site.site_url}/"]
    suggested = page.locator(".chooser__item--suggested")
    assert suggested.count() == 1
    assert suggested.get_attribute("data-lang-choice") == lang
    assert suggested.locator(".chooser__hint").is_visible()
    assert page.locator(".chooser__hint:visible").count() == 1
    assert not browser.errors, browser.errors


def test_chooser_suggests_nothing_for_other_languages(site, visit):
    page = visit(locale="de-DE", **DESKTOP).open("/")
    page.wait_for_load_state("networkidle")
    assert page.locator(".chooser__item--suggested").count() == 0
    assert page.locator(".chooser__hint:visible").count() == 0


# --- Search -------------------------------------------------------------------

SEARCH_WORDS = {"en": "training", "ru": "тренинг", "az": "təlim"}


@pytest.mark.parametrize("lang", LANGS)
def test_search_returns_results_in_its_own_language(site, visit, lang):
    if not site.exists(f"{lang}/search/index.html"):
        pytest.skip("the build has no search page")
    browser = visit()
    page = browser.open(f"/{lang}/search/?q={SEARCH_WORDS[lang]}")
    results = page.locator(".search-result__title a")
    results.first.wait_for(timeout=10_000)
    hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
    assert hrefs
    foreign = [
        h
        for h in hrefs
        if not (h.startswith(f"/{lang}/") or h.startswith(f"{site.site_url}/{lang}/"))
    ]
    assert not foreign, f"results from other languages: {foreign}"
    results.first.click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == lang
    assert not browser.errors, browser.errors
    assert not browser.foreign_requests(), browser.foreign_requests()


# --- Console and origin -----------------------------------------------------


@pytest.mark.parametrize("lang", [*LANGS, ""])
def test_no_console_errors_and_no_request_leaves_the_site(site, visit, lang):
    browser = visit()
    opened = []
    for (page_type, page_lang), paths in sorted(pages_by_type(site).items()):
        if page_lang == lang and page_type != "404":
            browser.open(url_path(paths[0]))
            browser.page.wait_for_load_state("networkidle")
            opened.append(paths[0])
    assert opened
    assert not browser.errors, browser.errors
    assert not browser.foreign_requests(), browser.foreign_requests()
    assert browser.requests, "no request was recorded at all"


def test_missing_pages_answer_404(site, visit):
    page = visit().page
    response = page.goto(f"/{LANGS[0]}/no-such-page/")
    assert response.status == 404
    if site.exists(f"{LANGS[0]}/404.html"):
        # The language's own not-found page, as a static host serves it.
        assert page.locator("h1").inner_text() == site.soup(
            f"{LANGS[0]}/404.html"
        ).h1.get_text(strip=True)
    response = page.goto(f"/{LANGS[1]}")
    assert response.ok and page.url == f"{site.site_url}/{LANGS[1]}/"


# --- Screenshots ------------------------------------------------------------


def png_size(path):
    """(width, height) in pixels, from the PNG's header."""
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR", path
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("device", ["desktop", "mobile"])
def test_screenshots(site, visit, lang, device):
    """Each screenshot shows the page as designed: the whole width and no
    more (nothing scrolls sideways), the first screen exactly, with the
    site's stylesheet applied (the page looks different without it), the
    page's heading on the first screen, and no error on the way."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    options = DESKTOP if device == "desktop" else MOBILE
    width, height = options["viewport"]["width"], options["viewport"]["height"]
    scale = options.get("device_scale_factor", 1)
    browser = visit(**options)
    for name, path in [("home", ""), ("post", f"news/{translated_post(site)}/")]:
        page = browser.open(f"/{lang}/{path}")
        page.wait_for_load_state("networkidle")
        target = SCREENSHOTS / f"{lang}-{name}-{device}.png"
        page.screenshot(path=target, full_page=True)
        full_width, full_height = png_size(target)
        assert full_width == width * scale, (target, full_width)
        assert full_height >= height * scale, (target, full_height)
        # The first screen alone, as docs/screenshots/ keeps it.
        top = SCREENSHOTS / f"{lang}-{name}-{device}-top.png"
        page.screenshot(path=top)
        assert png_size(top) == (width * scale, height * scale), top
        heading = page.locator("h1").bounding_box()
        assert heading and heading["width"] > 0 and heading["height"] > 0, target
        assert 0 <= heading["y"] < height, (target, heading)
        sheets = page.evaluate("""() => [...document.styleSheets].map(
            sheet => [sheet.href, sheet.cssRules.length])""")
        assert sheets and all(rules > 0 for _, rules in sheets), sheets
        page.evaluate(
            "() => { for (const s of document.styleSheets) s.disabled = true; }"
        )
        assert page.screenshot() != top.read_bytes(), f"{top}: the same without CSS"
    assert not browser.errors, browser.errors
