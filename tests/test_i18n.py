"""Language identity: <html lang>, hreflang, switcher, fallbacks, dates."""

import re

import pytest

from conftest import LANGS, pages_by_type


def content_html_files(site, lang):
    return [p for p in site.html_files() if p.startswith(lang + "/")]


def is_fallback(site, lang, soup):
    """A page of `lang` that shows another language's text: it has the
    notice, and its canonical address is the original's (an outdated
    translation has a notice too, but is its own canonical)."""
    canonical = soup.select_one('link[rel="canonical"]')["href"]
    return soup.select_one(".notice") is not None and not canonical.startswith(
        f"{site.site_url}/{lang}/"
    )


def alternates_of(soup):
    return {
        link["hreflang"]: link["href"]
        for link in soup.select('link[rel="alternate"][hreflang]')
    }


def noindex(soup):
    robots = soup.select_one('meta[name="robots"]')
    return robots is not None and "noindex" in robots["content"]


@pytest.mark.parametrize("lang", LANGS)
def test_html_lang_is_the_site_language(site, lang):
    files = content_html_files(site, lang)
    assert files
    for path in files:
        assert site.soup(path).html["lang"] == lang, path


# Pages whose address differs between languages, so they have no
# alternates: a tag's slug is its translated name, and the library's facets
# are the documents' languages and types.
NO_ALTERNATES = {"tag", "library/language/*", "library/type/*"}


def own_versions(site, path):
    """{lang: URL} of the versions of `path` (lang/…) that the build wrote
    with their own text, not as a fallback copy."""
    rest = path.split("/", 1)[1]
    found = {}
    for lang in LANGS:
        other = f"{lang}/{rest}"
        if site.exists(other) and not is_fallback(site, lang, site.soup(other)):
            found[lang] = site.site_url + "/" + other.removesuffix("index.html")
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_every_indexed_page_names_its_versions(site, lang):
    """Each page a search engine may index, except those listed in
    NO_ALTERNATES, names exactly its own-language versions."""
    types = {
        path: kind for (kind, _), paths in pages_by_type(site).items() for path in paths
    }
    checked = 0
    for path in content_html_files(site, lang):
        soup = site.soup(path)
        if noindex(soup) or types[path] in NO_ALTERNATES:
            continue
        assert not is_fallback(site, lang, soup), path  # fallbacks are noindex
        alternates = alternates_of(soup)
        assert {
            k: v for k, v in alternates.items() if k != "x-default"
        } == own_versions(site, path), path
        checked += 1
    assert checked > 30


@pytest.mark.parametrize("lang", LANGS)
def test_hreflang_absolute_and_reciprocal(site, lang):
    for path in content_html_files(site, lang):
        soup = site.soup(path)
        alternates = alternates_of(soup)
        if not alternates:
            continue  # which pages must have them: the test above
        assert "x-default" in alternates, path
        assert alternates[lang] == site.site_url + "/" + path.removesuffix(
            "index.html"
        ), path
        for other, href in alternates.items():
            assert href.startswith(site.site_url + "/"), (path, href)
            target = site.url_to_file(href)
            assert site.exists(target), (path, href)
            if other == "x-default":
                continue
            assert alternates_of(site.soup(target)) == alternates, (path, target)


@pytest.mark.parametrize("lang", LANGS)
def test_switcher_targets_exist_and_mark_current(site, lang):
    for path in content_html_files(site, lang):
        soup = site.soup(path)
        links = soup.select(".lang-switcher a")
        assert [a["hreflang"] for a in links] == LANGS, path
        for a in links:
            assert a["lang"] == a["hreflang"]
            assert site.exists(site.url_to_file(a["href"])), (path, a["href"])
        current = soup.select('.lang-switcher a[aria-current="true"]')
        assert [a["hreflang"] for a in current] == [lang], path


def test_switcher_keeps_the_same_page(site):
    soup = site.soup("en/about/index.html")
    hrefs = [a["href"] for a in soup.select(".lang-switcher a")]
    assert hrefs == [f"{site.site_url}/{lang}/about/" for lang in LANGS]


def fallback_pages(site):
    found = []
    for lang in LANGS:
        for path in content_html_files(site, lang):
            if is_fallback(site, lang, site.soup(path)):
                found.append((lang, path))
    return found


def test_real_content_exercises_fallbacks(site):
    langs = {lang for lang, _ in fallback_pages(site)}
    assert "ru" in langs


def test_fallback_pages_are_marked(site):
    for lang, path in fallback_pages(site):
        soup = site.soup(path)
        entry = soup.select_one("main [lang]")
        true_lang = entry["lang"]
        assert true_lang != lang, path
        canonical = soup.select_one('link[rel="canonical"]')["href"]
        assert canonical == site.site_url + "/" + true_lang + "/" + path.split("/", 1)[
            1
        ].removesuffix("index.html"), path
        assert site.exists(site.url_to_file(canonical))
        # Not an alternate of anything: no hreflang here, and the original
        # does not name this address.
        assert not soup.select('link[rel="alternate"][hreflang]'), path
        original = site.soup(site.url_to_file(canonical))
        langs = [
            link["hreflang"]
            for link in original.select('link[rel="alternate"][hreflang]')
        ]
        assert lang not in langs, path
        assert soup.select_one('meta[name="robots"]')["content"].startswith("noindex")


# The real content has no page missing in Azerbaijani; the test content
# (the `hostile` build) has English-only posts.
@pytest.mark.parametrize(
    ("build", "lang", "text"),
    [
        (
            "site",
            "ru",
            "Эта страница пока не переведена на русский язык. "
            "Ниже она приведена на английском языке. Исходная страница",
        ),
        (
            "hostile",
            "az",
            "Bu səhifə hələ Azərbaycan dilinə tərcümə olunmayıb. "
            "Aşağıda ingilis dilində təqdim olunur. Orijinal səhifə",
        ),
    ],
)
def test_fallback_notice_is_in_the_readers_language(request, build, lang, text):
    site = request.getfixturevalue(build)
    pages = [path for page_lang, path in fallback_pages(site) if page_lang == lang]
    assert pages
    for path in pages:
        soup = site.soup(path)
        notice = soup.select_one(".notice")
        assert not notice.has_attr("lang")
        assert notice.get_text(" ", strip=True) == text, path
        original = notice.find("a")
        assert original["hreflang"] == "en" == soup.select_one("main [lang]")["lang"]


def test_fallback_switcher_labels_missing_language(site):
    ru = [path for lang, path in fallback_pages(site) if lang == "ru"]
    en_path = "en/" + ru[0].split("/", 1)[1]
    links = site.soup(en_path).select(".lang-switcher a")
    ru_link = next(a for a in links if a["hreflang"] == "ru")
    assert ru_link.select_one(".lang-switcher__note")


def test_fallback_listed_with_language_marker(site):
    ru = [
        path for lang, path in fallback_pages(site) if lang == "ru" and "/news/" in path
    ]
    assert ru
    listing = site.soup("ru/news/index.html")
    url = site.site_url + "/" + ru[0].removesuffix("index.html")
    link = listing.find("a", href=url)
    assert link is not None
    teaser = link.find_parent("article")
    assert teaser["lang"] == "en"
    assert teaser.select_one(".badge").get_text(strip=True) == "на английском"


@pytest.mark.parametrize(
    ("lang", "pattern"),
    [
        (
            "en",
            r"\d{1,2} (January|February|March|April|May|June|July|August|"
            r"September|October|November|December) \d{4}",
        ),
        (
            "ru",
            r"\d{1,2} (января|февраля|марта|апреля|мая|июня|июля|августа|"
            r"сентября|октября|ноября|декабря) \d{4}\sг\.",
        ),
        (
            "az",
            r"\d{1,2} (yanvar|fevral|mart|aprel|may|iyun|iyul|avqust|sentyabr|"
            r"oktyabr|noyabr|dekabr) \d{4}",
        ),
    ],
)
def test_dates_are_localised(site, lang, pattern):
    times = site.soup(f"{lang}/news/index.html").select("time[datetime]")
    assert times
    for time in times:
        assert re.fullmatch(pattern, time.get_text(strip=True)), time
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}(T.*)?", time["datetime"])


@pytest.mark.parametrize("lang", LANGS)
def test_tag_slugs_are_readable_ascii(site, lang):
    links = site.soup(f"{lang}/news/tags/index.html").select(".tag-list a")
    assert links
    for a in links:
        slug = a["href"].rstrip("/").rsplit("/", 1)[1]
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug), a["href"]


def test_og_locale(site):
    soup = site.soup("ru/about/index.html")
    assert soup.select_one('meta[property="og:locale"]')["content"] == "ru_RU"
    alternates = {
        m["content"] for m in soup.select('meta[property="og:locale:alternate"]')
    }
    assert alternates == {"en_GB", "az_AZ"}


def test_chooser_page(site):
    soup = site.soup("index.html")
    links = soup.select(".chooser__list a")
    assert [a["hreflang"] for a in links] == LANGS
    names = {a["hreflang"]: a.find_parent("li")["lang"] for a in links}
    assert names == {lang: lang for lang in LANGS}
    assert [a.select_one(".chooser__name").get_text() for a in links] == [
        "English",
        "Русский",
        "Azərbaycanca",
    ]
    hreflangs = {
        link["hreflang"]: link["href"]
        for link in soup.select('link[rel="alternate"][hreflang]')
    }
    assert hreflangs["x-default"] == site.site_url + "/"
    for lang in LANGS:
        assert hreflangs[lang] == f"{site.site_url}/{lang}/"
        assert site.exists(f"{lang}/index.html")
    # No forced redirect: no meta refresh, and the script only marks.
    assert not soup.select('meta[http-equiv="refresh"]')
    script = site.text(site.asset("js/chooser.js"))
    assert "location" not in script
