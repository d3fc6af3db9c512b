"""Front-matter text comes out whole, escaped for its context, in every
output; and an outdated translation carries its notice.

Titles, summaries, tags, places and authors are plain text
(FORMATTED_FIELDS = []). The inputs are tests/hostile/content/**/text-*.md,
built by the shared `hostile` fixture with the checks on: the check accepts
them as the legitimate text they are, and each output must give back
exactly what the editor wrote — in HTML text and attributes, JSON-LD, the
Atom feed, iCalendar, the search index and the Moodle redirect pages.
Summaries are stored as HTML (site_summary); where plain text is needed it
is that HTML turned back into text, decoded exactly once.
"""

import gzip
import json
import re
import xml.etree.ElementTree as ET

import icalendar
import pytest
from bs4 import BeautifulSoup

from conftest import LANGS

SITENAME = "Regional Training Center on Migration"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"

# What the editor wrote, character for character (tests/hostile/content/).
TITLE = 'Children <18 and adults >65 & "others"'
SUMMARY = 'Ages <18 & >65: a < b & "c" isn\'t &lt;markup&gt;.'
SCRIPT = '<script>alert(1)</script> "><img src=x onerror=alert(1)>'
CLOSING = "</title></script><!-- Tom &amp; Jerry --> ]]>"
CLOSING_SUMMARY = "</p></textarea>]]> &#60;b&#62; stays text, &amp; so does this."
# (slug, title, summary, tags) of the posts.
POSTS = [
    ("text-angle-brackets", TITLE, SUMMARY, [TITLE, "migration"]),
    ("text-script", SCRIPT, SCRIPT, [SCRIPT]),
    ("text-closing-tags", CLOSING, CLOSING_SUMMARY, []),
]
POST_IDS = [post[0] for post in POSTS]
# text-no-summary.en.md has no `Summary:`; Pelican takes it from the body.
AUTO_SUMMARY = "Children <18 & adults >65 and \u201cothers\u201d are welcome."

EVENT = "en/events/text-event/"
EVENT_TITLE = 'Workshop for children <18 and adults >65 & "others"'
CITY = 'Ganja <East> & "Old town"'
VENUE = "Hall <A> & 'B'"
AUDIENCE = 'Children <18 & adults >65 ("others")'
ORGANISER = 'Smith & "Sons" <Ltd>'

LIBRARY = "en/library/text-library/"
LIBRARY_TITLE = 'Guide for children <18 and adults >65 & "others"'
AUTHORS = [
    "Ministry of Labour & Social Protection <MLSPP>",
    '"Migration" Research Group',
    "O'Brien",
]

# The outdated translation group: English changed after ru and az.
OUTDATED = {
    "en": 'Rules <18 & >65 "for all"',
    "ru": 'Правила <18 и >65 «для всех» & "прочих"',
    "az": 'Qaydalar <18 və >65 "hamı üçün" & digərləri',
}


def post_path(slug):
    return f"en/news/{slug}/index.html"


def meta_content(soup, **attrs):
    return soup.find("meta", attrs=attrs)["content"]


def json_ld(soup):
    """The page's JSON-LD blocks, parsed; their raw text must hold no
    character that could end the <script> element or start markup."""
    blocks = []
    for script in soup.find_all("script", type="application/ld+json"):
        assert not re.search(r"[<>&]", script.string), script.string
        blocks.append(json.loads(script.string))
    return blocks


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


def fact(soup, label):
    """The <dd> of a facts list whose <dt> reads `label`."""
    term = next(dt for dt in soup.select("dl.facts dt") if dt.get_text() == label)
    return term.find_next_sibling("dd").get_text()


def atom_entry(site, slug):
    tree = ET.parse(site.path("en/feeds/atom.xml"))
    return next(
        entry
        for entry in tree.getroot().iter(f"{ATOM}entry")
        if entry.find(f"{ATOM}link").get("href").endswith(f"/news/{slug}/")
    )


def search_fragment(site, url):
    for path in site.path("pagefind").glob("*/fragment/*.pf_fragment"):
        data = gzip.decompress(path.read_bytes())
        fragment = json.loads(data[len(b"pagefind_dcd") :])
        if fragment["url"] == url:
            return fragment
    raise AssertionError(f"{url} is not in the search index")


def list_pages(site, first):
    """`first` (e.g. en/news/index.html) and its numbered pages."""
    pages = [first]
    base = first[: -len("index.html")]
    number = 2
    while site.exists(f"{base}page/{number}/index.html"):
        pages.append(f"{base}page/{number}/index.html")
        number += 1
    return pages


def teaser(site, first_list_page, url_tail):
    """The teaser <article> that links to a URL ending in `url_tail`."""
    for page in list_pages(site, first_list_page):
        for article in site.soup(page).select("article.teaser"):
            link = article.select_one(".teaser__title a")
            if link["href"].endswith(url_tail):
                return article
    raise AssertionError(f"no teaser for {url_tail} in {first_list_page}")


# --- Nothing runs ------------------------------------------------------------


def test_no_executable_markup_in_html(hostile):
    pages = [p for p in hostile.html_files() if not p.startswith("pagefind/")]
    assert len(pages) > 50
    for page in pages:
        assert executable_markup(hostile.soup(page)) == [], page


def test_no_executable_markup_in_atom(hostile):
    entry = atom_entry(hostile, "text-script")
    for name in ["summary", "content"]:
        element = entry.find(f"{ATOM}{name}")
        if element is not None and element.get("type") == "html":
            soup = BeautifulSoup(element.text, "lxml")
            assert executable_markup(soup) == [], name


# --- Posts: HTML ---------------------------------------------------------------


@pytest.mark.parametrize(("slug", "title", "summary", "tags"), POSTS, ids=POST_IDS)
def test_post_title_is_whole_text_in_html(hostile, slug, title, summary, tags):
    soup = hostile.soup(post_path(slug))
    heading = soup.find("h1")
    assert heading.get_text() == title
    assert heading.find(True) is None  # text, not elements
    assert soup.title.get_text() == f"{title} · {SITENAME}"
    assert meta_content(soup, property="og:title") == title


@pytest.mark.parametrize(("slug", "title", "summary", "tags"), POSTS, ids=POST_IDS)
def test_post_summary_is_text_in_meta(hostile, slug, title, summary, tags):
    soup = hostile.soup(post_path(slug))
    assert meta_content(soup, name="description") == summary
    assert meta_content(soup, property="og:description") == summary


def test_summary_made_from_the_body_is_text_in_meta(hostile):
    """No `Summary:`: Pelican's summary is the body's HTML, turned into text
    the same way (Markdown escaped the characters; smarty curled the quotes)."""
    soup = hostile.soup(post_path("text-no-summary"))
    assert soup.find("h1").get_text() == "Summary from the text: <18 & >65"
    assert meta_content(soup, name="description") == AUTO_SUMMARY
    assert meta_content(soup, property="og:description") == AUTO_SUMMARY
    article = teaser(hostile, "en/news/index.html", "/news/text-no-summary/")
    assert article.select_one(".teaser__summary").get_text() == AUTO_SUMMARY


@pytest.mark.parametrize(("slug", "title", "summary", "tags"), POSTS, ids=POST_IDS)
def test_post_json_ld_holds_the_text(hostile, slug, title, summary, tags):
    [data] = json_ld(hostile.soup(post_path(slug)))
    assert data["headline"] == title
    assert data["description"] == summary


@pytest.mark.parametrize(("slug", "title", "summary", "tags"), POSTS, ids=POST_IDS)
def test_news_list_teaser_shows_the_text(hostile, slug, title, summary, tags):
    article = teaser(hostile, "en/news/index.html", f"/news/{slug}/")
    assert article.select_one(".teaser__title a").get_text() == title
    assert article.select_one(".teaser__summary").get_text() == summary


def test_tags_keep_their_text(hostile):
    soup = hostile.soup(post_path("text-angle-brackets"))
    links = {a.get_text(): a["href"] for a in soup.select(".tag-list a")}
    assert set(links) == {TITLE, "migration"}
    tag_page = hostile.soup(hostile.url_to_file(links[TITLE]))
    assert tag_page.find("h1").get_text() == f"Tag: {TITLE}"
    assert tag_page.title.get_text() == f"Tag: {TITLE} · {SITENAME}"
    assert meta_content(tag_page, property="og:title") == f"Tag: {TITLE}"
    assert tag_page.select_one(".teaser__title a").get_text() == TITLE
    tags = hostile.soup("en/news/tags/index.html")
    assert {TITLE, SCRIPT} <= {a.get_text() for a in tags.select(".tag-list a")}


# --- Posts: feed, sitemap, search ------------------------------------------------


@pytest.mark.parametrize(("slug", "title", "summary", "tags"), POSTS, ids=POST_IDS)
def test_atom_entry_holds_the_text(hostile, slug, title, summary, tags):
    entry = atom_entry(hostile, slug)
    title_element = entry.find(f"{ATOM}title")
    assert title_element.get("type", "text") == "text"
    assert title_element.text == title
    summary_element = entry.find(f"{ATOM}summary")
    assert summary_element.get("type") == "html"
    assert BeautifulSoup(summary_element.text, "lxml").get_text() == summary
    terms = [c.get("term") for c in entry.findall(f"{ATOM}category")]
    assert terms[1:] == tags


@pytest.mark.parametrize("lang", LANGS)
def test_sitemaps_are_xml_and_list_the_pages(hostile, lang):
    root = ET.parse(hostile.path(f"sitemap-{lang}.xml")).getroot()
    locs = {loc.text for loc in root.iter(f"{SITEMAP}loc")}
    assert f"{hostile.site_url}/{lang}/text-outdated/" in locs
    if lang == "en":
        for slug in POST_IDS:
            assert f"{hostile.site_url}/en/news/{slug}/" in locs
        assert f"{hostile.site_url}/{EVENT}" in locs


@pytest.mark.parametrize(("slug", "title", "summary", "tags"), POSTS, ids=POST_IDS)
def test_search_index_holds_the_title(hostile, slug, title, summary, tags):
    fragment = search_fragment(hostile, f"/en/news/{slug}/")
    assert fragment["meta"]["title"] == title
    assert fragment["content"].startswith(title)


# --- An event -------------------------------------------------------------------


def test_event_page_shows_the_text(hostile):
    soup = hostile.soup(EVENT + "index.html")
    assert soup.find("h1").get_text() == EVENT_TITLE
    assert soup.title.get_text() == f"{EVENT_TITLE} · {SITENAME}"
    assert meta_content(soup, property="og:title") == EVENT_TITLE
    assert meta_content(soup, name="description") == SUMMARY
    assert meta_content(soup, property="og:description") == SUMMARY
    assert fact(soup, "Where") == f"{VENUE}, {CITY}"
    assert fact(soup, "For whom") == AUDIENCE
    assert fact(soup, "Organisers") == ORGANISER


def test_event_json_ld_holds_the_text(hostile):
    [data] = json_ld(hostile.soup(EVENT + "index.html"))
    assert data["name"] == EVENT_TITLE
    assert data["description"] == SUMMARY
    assert data["location"]["name"] == VENUE
    assert data["location"]["address"]["addressLocality"] == CITY
    assert data["audience"]["audienceType"] == AUDIENCE
    assert [o["name"] for o in data["organizer"]] == [ORGANISER]


def test_event_teaser_shows_the_text(hostile):
    article = teaser(hostile, "en/events/index.html", "/events/text-event/")
    assert article.select_one(".teaser__title a").get_text() == EVENT_TITLE
    assert CITY in article.select_one(".teaser__meta").get_text()
    assert article.select_one(".teaser__summary").get_text() == SUMMARY


@pytest.mark.parametrize("ics", [EVENT + "text-event.ics", "en/events/calendar.ics"])
def test_calendar_holds_the_text(hostile, ics):
    calendar = icalendar.Calendar.from_ical(hostile.path(ics).read_bytes())
    [event] = [
        c
        for c in calendar.walk("VEVENT")
        if str(c["url"]).endswith("/events/text-event/")
    ]
    assert str(event["summary"]) == EVENT_TITLE
    assert str(event["description"]) == SUMMARY
    assert str(event["location"]) == f"{VENUE}, {CITY}"
    if ics.endswith("text-event.ics"):
        assert str(calendar["x-wr-calname"]) == EVENT_TITLE


def test_event_search_index_holds_the_title(hostile):
    fragment = search_fragment(hostile, "/" + EVENT)
    assert fragment["meta"]["title"] == EVENT_TITLE


# --- A library entry ------------------------------------------------------------


def test_library_entry_shows_the_text(hostile):
    soup = hostile.soup(LIBRARY + "index.html")
    assert soup.find("h1").get_text() == LIBRARY_TITLE
    assert soup.title.get_text() == f"{LIBRARY_TITLE} · {SITENAME}"
    assert meta_content(soup, name="description") == SUMMARY
    assert fact(soup, "Authors") == ", ".join(AUTHORS)
    library = hostile.soup("en/library/index.html")
    titles = [a.get_text() for a in library.select(".document__title a")]
    assert LIBRARY_TITLE in titles
    assert search_fragment(hostile, "/" + LIBRARY)["meta"]["title"] == LIBRARY_TITLE


@pytest.mark.parametrize("lang", LANGS)
def test_library_authors_are_names(site, lang):
    """The real entries: `Authors:` as the names the file gives, in its
    order, joined with commas; never Python's list of Author objects."""
    checked = 0
    for path in site.content_files:
        if path.parts[0] != "publications":
            continue
        slug, file_lang, _ = path.name.split(".")
        if file_lang != lang:
            continue
        text = (site.project / "content" / path).read_text(encoding="utf-8")
        written = re.search(r"^Authors:(.*)$", text, re.M).group(1)
        names = [name.strip() for name in written.split(",")]
        soup = site.soup(f"{lang}/library/{slug}/index.html")
        authors = soup.select("dl.facts dd")[0]
        assert authors.find_previous_sibling("dt").get_text() in (
            "Authors",
            "Авторы",
            "Müəlliflər",
        )
        assert authors.get_text() == ", ".join(names)
        assert "Author" not in authors.get_text() and "[" not in authors.get_text()
        checked += 1
    assert checked >= 3


# --- Pages in every language: the outdated-translation notice ----------------------


@pytest.mark.parametrize("lang", LANGS)
def test_page_title_is_whole_text_in_every_language(hostile, lang):
    soup = hostile.soup(f"{lang}/text-outdated/index.html")
    assert soup.find("h1").get_text() == OUTDATED[lang]
    assert meta_content(soup, property="og:title") == OUTDATED[lang]
    fragment = search_fragment(hostile, f"/{lang}/text-outdated/")
    assert fragment["meta"]["title"] == OUTDATED[lang]


@pytest.mark.parametrize(
    ("lang", "notice"),
    [
        ("ru", "Перевод может не отражать последних изменений английского текста."),
        ("az", "Tərcümə ingilis mətnindəki son dəyişiklikləri əks etdirməyə bilər."),
    ],
)
def test_outdated_translation_has_a_notice(hostile, lang, notice):
    soup = hostile.soup(f"{lang}/text-outdated/index.html")
    box = next(n for n in soup.select(".notice") if notice in n.get_text())
    link = box.find("a")
    assert link["href"].endswith("/en/text-outdated/") and link["hreflang"] == "en"


def test_source_and_up_to_date_pages_have_no_notice(hostile):
    text = hostile.text("en/text-outdated/index.html")
    assert "older than the English" not in text
    text = hostile.text("ru/contact/index.html")
    assert "может не отражать последних изменений" not in text


# --- Moodle redirect pages ---------------------------------------------------------


def test_redirect_pages_show_the_titles(hostile):
    posts = hostile.soup("blog/index.php")
    link = posts.select_one('a[data-moodle-id="7"]')
    assert link.get_text() == TITLE
    assert executable_markup(posts) == []
    page = hostile.soup("course/RTCM/page/42-rules/index.html")
    assert page.select_one("a[data-path]").get_text() == OUTDATED["en"]
