"""Events, the trainings catalogue and the e-library."""

import datetime
import json
import zoneinfo

import icalendar
import pytest

from conftest import BUILD_DATE, LANGS, content_groups
from site_content.fields import Context, FieldError
from site_content.frontmatter import RawField
from site_content.model import KINDS, typed_values
from site_content.validate import validate_fields
from site_events import site_events
from site_library import site_library

SETTINGS = {"LANGUAGES": {"en": {}, "ru": {}, "az": {}}}


def parse_event(metadata, timezone):
    """EventInfo through the content model, as the build makes it."""
    ctx = Context(SETTINGS, "/nonexistent")
    fields = {
        key: RawField(key, key.capitalize(), value, number)
        for number, (key, value) in enumerate(metadata.items(), 1)
    }
    problems = [p for p in validate_fields("event", fields, ctx)[1] if p[1] == "error"]
    if problems:
        raise ValueError(problems[0][2])
    return site_events.event_info(typed_values("event", metadata, ctx), timezone)


def front_matter(site, path):
    meta = {}
    for line in (
        (site.project / "content" / path).read_text(encoding="utf-8").splitlines()
    ):
        if not line.strip():
            break
        key, _, value = line.partition(":")
        meta[key.strip().lower()] = value.strip()
    return meta


def read_ics(site, relative):
    return icalendar.Calendar.from_ical(site.path(relative).read_bytes())


def events_of(calendar):
    return [c for c in calendar.walk() if c.name == "VEVENT"]


# --- pure logic ------------------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("en_GB", "25–29 July 2022"),
        ("ru", "25–29 июля 2022\u202fг."),
        ("az", "25–29 iyul 2022"),
    ],
)
def test_date_range_same_month(locale, expected):
    assert (
        site_events.format_date_range(
            datetime.date(2022, 7, 25), datetime.date(2022, 7, 29), locale
        )
        == expected
    )


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("en_GB", "30 September – 2 October 2022"),
        ("ru", "30 сентября – 2 октября 2022\u202fг."),
        ("az", "30 sentyabr – 2 oktyabr 2022"),
    ],
)
def test_date_range_across_months(locale, expected):
    assert (
        site_events.format_date_range(
            datetime.date(2022, 9, 30), datetime.date(2022, 10, 2), locale
        )
        == expected
    )


def test_date_range_across_years_and_single_day():
    assert (
        site_events.format_date_range(
            datetime.date(2022, 12, 30), datetime.date(2023, 1, 2), "en_GB"
        )
        == "30 December 2022 – 2 January 2023"
    )
    assert (
        site_events.format_date_range(
            datetime.date(2022, 7, 25), datetime.date(2022, 7, 25), "az"
        )
        == "25 iyul 2022"
    )


def test_parse_event_all_day_and_timed():
    info = parse_event(
        {
            "title": "T",
            "start": "2022-07-25",
            "end": "2022-07-29",
            "format": "in-person",
        },
        "Asia/Baku",
    )
    assert info.all_day and info.start.tzinfo.key == "Asia/Baku"
    timed = parse_event(
        {
            "title": "T",
            "start": "2027-03-15 09:30",
            "end": "2027-03-15 17:00",
            "format": "online",
        },
        "Asia/Baku",
    )
    assert not timed.all_day
    assert timed.start.utcoffset() == datetime.timedelta(hours=4)


@pytest.mark.parametrize(
    ("metadata", "message"),
    [
        ({"title": "T", "end": "2022-07-29", "format": "online"}, "'Start' is missing"),
        (
            {
                "title": "T",
                "start": "2022-07-29",
                "end": "2022-07-25",
                "format": "online",
            },
            "ends before it starts",
        ),
        (
            {"title": "T", "start": "2022-13-01", "format": "online"},
            "is not a valid date",
        ),
        (
            {"title": "T", "start": "2022-07-25", "format": "webinar"},
            "unknown format 'webinar'",
        ),
        (
            {"title": "T", "start": "2022-07-25", "format": "Online"},
            "did you mean 'online'",
        ),
        (
            {
                "title": "T",
                "start": "2022-07-25",
                "end": "2022-07-26 10:00",
                "format": "online",
            },
            "both have a time",
        ),
        (
            {
                "title": "T",
                "start": "2022-07-25",
                "end": "9999-12-31",
                "format": "online",
            },
            "out of range",
        ),
        (
            {
                "title": "T",
                "start": "2022-07-25",
                "format": "online",
                "registration": "http://x",
            },
            "https://",
        ),
        (
            {
                "title": "T",
                "start": "2022-07-25",
                "format": "online",
                "timezone": "Mars/Base",
            },
            "is unknown",
        ),
    ],
)
def test_parse_event_errors(metadata, message):
    with pytest.raises((ValueError, FieldError), match=message):
        parse_event(metadata, "Asia/Baku")


def test_split_events_relative_to_build_date():
    def event(start, end):
        info = parse_event(
            {"title": "T", "start": start, "end": end, "format": "online"}, "Asia/Baku"
        )
        return type("E", (), {"event": info})()

    past, today, future = (
        event("2022-01-01", "2022-01-02"),
        event("2026-11-25", "2026-11-26"),
        event("2027-03-15", "2027-03-17"),
    )
    upcoming, done = site_events.split_events(
        [future, past, today], datetime.date(2026, 11, 26)
    )
    assert upcoming == [today, future]
    assert done == [past]


def test_file_sizes_are_localised():
    assert site_library.format_size(1_234_567, "en_GB") == "1.2 MB"
    assert site_library.format_size(1_234_567, "ru") == "1,2 МБ"
    assert site_library.format_size(21_140, "az") == "21 kB"


# --- the built site --------------------------------------------------------


@pytest.fixture(scope="module")
def events(site):
    found = content_groups(site, "events")
    assert len(found) >= 6
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_every_event_has_a_page_and_ics(site, events, lang):
    for slug in events:
        assert site.exists(f"{lang}/events/{slug}/index.html")
        calendar = read_ics(site, f"{lang}/events/{slug}/{slug}.ics")
        (vevent,) = events_of(calendar)
        assert str(vevent["url"]) == f"{site.site_url}/{lang}/events/{slug}/"


def test_uid_is_the_same_in_every_language(site, events):
    for slug in events:
        uids = {
            str(events_of(read_ics(site, f"{lang}/events/{slug}/{slug}.ics"))[0]["uid"])
            for lang in LANGS
        }
        assert len(uids) == 1, slug


DEFAULT_ZONE = next(f.default for f in KINDS["event"]["fields"] if f.key == "timezone")


def expected_times(meta):
    """(DTSTART, DTEND) of an event's front matter: days for an all-day
    event, whose DTEND is the day after the last (RFC 5545, 3.6.1); times
    in the event's zone for a timed one."""
    end = meta.get("end", meta["start"])
    if len(meta["start"]) == 10:
        return (
            datetime.date.fromisoformat(meta["start"]),
            datetime.date.fromisoformat(end) + datetime.timedelta(days=1),
        )
    zone = zoneinfo.ZoneInfo(meta.get("timezone", DEFAULT_ZONE))
    return tuple(
        datetime.datetime.fromisoformat(moment).replace(tzinfo=zone)
        for moment in (meta["start"], end)
    )


@pytest.mark.parametrize("build", ["site", "hostile"])
def test_ics_dates_and_summary_match_the_content(request, build):
    """The real content, and the test content with its timed events."""
    site = request.getfixturevalue(build)
    for slug, langs in content_groups(site, "events").items():
        for lang in langs:
            meta = front_matter(site, f"events/{slug}.{lang}.md")
            (vevent,) = events_of(read_ics(site, f"{lang}/events/{slug}/{slug}.ics"))
            assert str(vevent["summary"]) == meta["title"]
            assert vevent["summary"].params["LANGUAGE"] == lang
            start, end = expected_times(meta)
            for key, moment in (("dtstart", start), ("dtend", end)):
                assert vevent.decoded(key) == moment, (slug, key)
                assert type(vevent.decoded(key)) is type(moment), (slug, key)
                if isinstance(moment, datetime.datetime):
                    assert vevent[key].params["TZID"] == str(moment.tzinfo), (slug, key)


def test_test_content_has_timed_events(hostile):
    timed = [
        slug
        for slug, langs in content_groups(hostile, "events").items()
        if len(front_matter(hostile, f"events/{slug}.{sorted(langs)[0]}.md")["start"])
        > 10
    ]
    assert "timed-workshop-berlin" in timed and len(timed) >= 2


def test_timed_event_in_its_own_time_zone(hostile):
    slug = "timed-workshop-berlin"
    for path in (f"en/events/{slug}/{slug}.ics", "en/events/calendar.ics"):
        calendar = read_ics(hostile, path)
        [vevent] = [
            v for v in events_of(calendar) if str(v["uid"]).startswith(f"event-{slug}@")
        ]
        assert vevent["dtstart"].to_ical() == b"20261214T183000"
        assert vevent["dtend"].to_ical() == b"20261216T211500"
        assert vevent["dtend"].params["TZID"] == "Europe/Berlin"
        zones = {str(z["tzid"]) for z in calendar.walk("VTIMEZONE")}
        assert "Europe/Berlin" in zones


@pytest.mark.parametrize("lang", LANGS)
def test_calendar_feed_per_language(site, events, lang):
    calendar = read_ics(site, f"{lang}/events/calendar.ics")
    vevents = events_of(calendar)
    assert len(vevents) == len(events)
    assert len({str(v["uid"]) for v in vevents}) == len(events)
    assert calendar.get("version") == "2.0" and calendar.get("prodid")
    timed = [v for v in vevents if isinstance(v.decoded("dtstart"), datetime.datetime)]
    if timed:
        zones = [c for c in calendar.walk() if c.name == "VTIMEZONE"]
        assert [str(z["tzid"]) for z in zones] == ["Asia/Baku"]
    soup = site.soup(f"{lang}/events/index.html")
    assert soup.find("a", href=f"{site.site_url}/{lang}/events/calendar.ics")


def test_fallback_event_keeps_its_language_in_the_calendar(site, events):
    missing = [slug for slug, langs in events.items() if "ru" not in langs]
    assert missing, "the content has events without Russian"
    (vevent,) = events_of(read_ics(site, f"ru/events/{missing[0]}/{missing[0]}.ics"))
    assert vevent["summary"].params["LANGUAGE"] == "en"


@pytest.mark.parametrize("lang", LANGS)
def test_upcoming_and_past_split_at_build_date(site, events, lang):
    today = datetime.date.fromisoformat(BUILD_DATE)
    soup = site.soup(f"{lang}/events/index.html")
    upcoming = {
        a["href"]
        for a in soup.select(
            "#upcoming-events ~ .teaser a, section[aria-labelledby=upcoming-events] a"
        )
    }
    past = {a["href"] for a in soup.select("section[aria-labelledby=past-events] a")}
    assert upcoming and past
    for slug, langs in events.items():
        source = lang if lang in langs else "en"
        meta = front_matter(site, f"events/{slug}.{source}.md")
        end = datetime.date.fromisoformat(meta.get("end", meta["start"])[:10])
        url = f"{site.site_url}/{lang}/events/{slug}/"
        assert url in (upcoming if end >= today else past), slug


def test_upcoming_example_is_marked_in_front_matter_only(site, events):
    examples = [
        slug
        for slug, langs in events.items()
        if front_matter(site, f"events/{slug}.{sorted(langs)[0]}.md").get("example")
        == "true"
    ]
    assert examples
    for lang in LANGS:
        text = (
            site.soup(f"{lang}/events/{examples[0]}/index.html")
            .select_one("main")
            .get_text()
        )
        assert "example" not in text.lower()


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "25–29 July 2022"),
        ("ru", "25–29 июля 2022\u202fг."),
        ("az", "25–29 iyul 2022"),
    ],
)
def test_event_page_summary_box(site, lang, text):
    soup = site.soup(f"{lang}/events/training-of-trainers-2022/index.html")
    box = soup.select_one(".summary-box")
    assert box.select_one("time").get_text() == text
    assert box.select_one("time")["datetime"] == "2022-07-25"
    link = box.find(
        "a",
        href=f"{site.site_url}/{lang}/events/training-of-trainers-2022/"
        "training-of-trainers-2022.ics",
    )
    assert link is not None


def jsonld(soup):
    return [
        json.loads(s.string) for s in soup.select('script[type="application/ld+json"]')
    ]


@pytest.mark.parametrize("lang", LANGS)
def test_event_jsonld(site, lang):
    (data,) = jsonld(site.soup(f"{lang}/events/training-of-trainers-2022/index.html"))
    assert data["@type"] == "Event"
    for key in (
        "name",
        "startDate",
        "endDate",
        "location",
        "eventAttendanceMode",
        "eventStatus",
        "organizer",
        "url",
    ):
        assert data[key], key
    assert data["startDate"] == "2022-07-25"
    assert data["url"] == f"{site.site_url}/{lang}/events/training-of-trainers-2022/"


@pytest.mark.parametrize("lang", LANGS)
def test_news_and_organization_jsonld(site, lang):
    (article,) = jsonld(site.soup(f"{lang}/news/training-of-trainers-2022/index.html"))
    assert article["@type"] == "NewsArticle"
    assert article["headline"] and article["datePublished"].startswith("2022-07-29")
    assert article["inLanguage"] == lang
    (org,) = jsonld(site.soup(f"{lang}/index.html"))
    assert org["@type"] == "Organization" and org["url"] == f"{site.site_url}/{lang}/"


def test_no_jsonld_on_fallback_copies(site):
    for path in site.html_files():
        soup = site.soup(path)
        if soup.select_one(".notice"):
            assert not jsonld(soup), path


@pytest.mark.parametrize("lang", LANGS)
def test_trainings_catalogue(site, lang):
    programmes = content_groups(site, "trainings")
    assert len(programmes) >= 5
    soup = site.soup(f"{lang}/trainings/index.html")
    sections = soup.select("section.catalogue")
    assert len(sections) >= 3
    listed = {a["href"] for a in soup.select("section.catalogue h3 a")}
    assert listed == {
        f"{site.site_url}/{lang}/trainings/{slug}/" for slug in programmes
    }
    sessions = soup.select(".teaser__sessions a")
    assert sessions
    for link in sessions:
        target = site.url_to_file(link["href"])
        assert site.soup(target).select("#past-sessions ~ .teaser")


@pytest.mark.parametrize("lang", LANGS)
def test_library_lists_size_format_and_language(site, lang):
    entries = content_groups(site, "publications")
    assert len(entries) >= 3
    soup = site.soup(f"{lang}/library/index.html")
    items = soup.select(".document")
    assert len(items) == len(entries)
    names = {
        "en": {"en": "in English", "ru": "in Russian", "az": "in Azerbaijani"},
        "ru": {"en": "на английском", "ru": "на русском", "az": "на азербайджанском"},
        "az": {
            "en": "ingilis dilində",
            "ru": "rus dilində",
            "az": "Azərbaycan dilində",
        },
    }
    for slug, langs in entries.items():
        source = lang if lang in langs else "en"
        meta = front_matter(site, f"publications/{slug}.{source}.md")
        size = (site.project / "content" / meta["document"]).stat().st_size
        locale = {"en": "en_GB"}.get(lang, lang)
        expected = (
            f"(PDF, {site_library.format_size(size, locale)}, "
            f"{names[lang][meta['document_lang']]})"
        )
        link = soup.find("a", href=f"{site.site_url}/{meta['document']}")
        assert link is not None, slug
        assert link["hreflang"] == meta["document_lang"]
        assert link.select_one(".download__facts").get_text() == expected
        assert site.exists(meta["document"])


@pytest.mark.parametrize("lang", LANGS)
def test_library_facet_pages(site, lang):
    soup = site.soup(f"{lang}/library/index.html")
    facet_links = soup.select(".facets a")
    assert len(facet_links) >= 4
    for link in facet_links:
        target = site.url_to_file(link["href"])
        assert site.exists(target), link["href"]
    language_pages = [a["href"] for a in facet_links if "/language/" in a["href"]]
    assert language_pages
    for href in language_pages:
        doc_lang = href.rstrip("/").rsplit("/", 1)[1]
        docs = site.soup(site.url_to_file(href)).select(".document")
        assert docs
        for doc in docs:
            assert doc.select_one("a[hreflang]")["hreflang"] == doc_lang
