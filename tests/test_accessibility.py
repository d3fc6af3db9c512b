"""Accessibility: axe-core (WCAG 2.0/2.1/2.2 A and AA) in a real browser on
every page type of every language, against the real CSS (so colour
contrast is measured, not assumed); a visible focus indicator on
everything a keyboard reaches; and, from the parsed HTML of every file,
one h1, no skipped heading levels and `lang` on each language name."""

import itertools

import pytest

from conftest import LANGS, pages_by_type, url_path

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Templated lists look alike: one page of each type is enough. Posts and
# pages carry their own content, so every one of them is checked.
EVERY_PAGE_OF = {"post", "fallback post", "page", "fallback page"}


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def axe_violations(axe, page):
    results = axe.run(
        page,
        options={
            "runOnly": {"type": "tag", "values": AXE_TAGS},
            "resultTypes": ["violations"],
        },
    )
    return results.response["violations"], results


def pages_to_check(site, lang):
    chosen = []
    for (page_type, page_lang), paths in sorted(pages_by_type(site).items()):
        if page_lang == lang:
            chosen += [
                (page_type, p)
                for p in (paths if page_type in EVERY_PAGE_OF else paths[:1])
            ]
    return chosen


def test_every_expected_page_type_is_checked(site):
    types = {key for key in pages_by_type(site)}
    expected = {"home", "news", "post", "page", "tags", "tag", "archive", "category"}
    for lang in LANGS:
        assert {(t, lang) for t in expected} <= types, lang
    assert ("chooser", "") in types
    assert any(t == "fallback post" for t, _ in types)


@pytest.mark.parametrize("lang", [*LANGS, ""])
def test_axe_finds_no_violations(site, visit, axe, lang):
    browser = visit()
    reports = []
    checked = []
    for page_type, path in pages_to_check(site, lang):
        page = browser.page
        page.goto(url_path(path))
        violations, results = axe_violations(axe, page)
        checked.append(page_type)
        if violations:
            reports.append(f"--- {path} ({page_type})\n{results.generate_report()}")
    assert checked, f"no pages of language {lang!r}"
    assert not reports, "\n".join(reports)


def test_axe_catches_a_violation(visit, axe, site):
    """Guards the test above: axe runs with these tags and reports."""
    page = visit().open("/en/")
    page.evaluate("""() => {
        document.querySelector('h1').style.color = '#ddd';
        document.documentElement.removeAttribute('lang');
    }""")
    ids = {v["id"] for v in axe_violations(axe, page)[0]}
    assert {"color-contrast", "html-has-lang"} <= ids


# --- Focus indicator ----------------------------------------------------------

FOCUS_STYLES = """() => {
    const s = getComputedStyle(document.activeElement);
    return {outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2,
            shadow: s.boxShadow, background: s.backgroundColor,
            tag: document.activeElement.tagName,
            text: (document.activeElement.textContent || '').trim().slice(0, 40),
            key: document.activeElement.dataset.focusKey || null};
}"""

REMEMBER_UNFOCUSED = """() => {
    const all = document.querySelectorAll('a[href], button, input, select, textarea,'
                                          + ' [tabindex]:not([tabindex="-1"])');
    window.__unfocused = {};
    all.forEach((el, i) => {
        el.dataset.focusKey = String(i);
        const s = getComputedStyle(el);
        window.__unfocused[i] = {shadow: s.boxShadow, background: s.backgroundColor};
    });
    return all.length;
}"""


@pytest.mark.parametrize("path", [*(f"/{lang}/news/" for lang in LANGS), "/"])
def test_everything_the_keyboard_reaches_shows_focus(visit, path):
    page = visit().open(path)
    count = page.evaluate(REMEMBER_UNFOCUSED)
    assert count >= 3
    missing, seen = [], 0
    for _ in range(count + 2):
        page.keyboard.press("Tab")
        style = page.evaluate(FOCUS_STYLES)
        if style["key"] is None:
            if style["tag"] == "BODY":
                break
            continue
        seen += 1
        before = page.evaluate(f"window.__unfocused[{style['key']}]")
        visible = (
            style["outline"]
            or (style["shadow"] != "none" and style["shadow"] != before["shadow"])
            or style["background"] != before["background"]
        )
        if not visible:
            missing.append(f"{style['tag']} {style['text']!r}")
    assert seen >= min(count, 5), f"Tab reached only {seen} of {count} elements"
    assert not missing, f"no visible focus indicator: {missing}"


# --- Parsed HTML (no browser) -------------------------------------------------


def headings(soup):
    return [int(h.name[1]) for h in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])]


def test_every_page_has_exactly_one_h1(site):
    wrong = {
        f: n
        for f in site.html_files()
        if not f.startswith("pagefind/") and (n := headings(site.soup(f)).count(1)) != 1
    }
    assert not wrong, wrong


def test_no_heading_level_is_skipped(site):
    skipped = {}
    for file in site.html_files():
        if file.startswith("pagefind/"):
            continue
        levels = headings(site.soup(file))
        for before, after in itertools.pairwise([0, *levels]):
            if after > before + 1:
                skipped[file] = (
                    f"h{before} -> h{after}" if before else f"starts at h{after}"
                )
                break
    assert not skipped, skipped


def test_language_names_carry_their_lang(site):
    wrong = []
    for file in site.html_files():
        soup = site.soup(file)
        links = soup.select(".lang-switcher a[hreflang], .chooser__item")
        for link in links:
            lang = link.get("hreflang") or link.get("data-lang-choice")
            if link.get("lang") != lang:
                wrong.append((file, lang, link.get("lang")))
        if (
            file != "index.html"
            and not file.startswith("pagefind/")
            and soup.select_one(".lang-switcher")
        ):
            assert len(soup.select(".lang-switcher a[hreflang]")) == len(LANGS), file
    assert not wrong, wrong[:10]


def test_every_language_page_has_a_switcher(site):
    for lang in LANGS:
        assert site.soup(f"{lang}/index.html").select(".lang-switcher a[lang]"), lang
