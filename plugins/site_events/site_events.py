"""Events are pages with a date range and a place.

Front matter: Start, End (YYYY-MM-DD, or YYYY-MM-DD HH:MM in Asia/Baku
unless Timezone is given), Format (in-person | online | hybrid), City,
Venue, Audience, Countries, Organisers, Registration (URL),
Registration_deadline, Training (slug of a training programme), News (slug
of a news post), Example (example content for editors).

Each language site gets `events_upcoming` and `events_past` (relative to the
build date, SITE_EVENTS["today"] or today in TIMEZONE), `events_by_training`,
an .ics file per event and a calendar feed, with one UID per event for all
languages.
"""

import datetime
import logging
import os
import zoneinfo
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import icalendar
from babel.dates import format_date, format_time
from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator

from site_content.paths import confined
from site_content.validate import event_times
from site_dates.site_dates import babel_locale

logger = logging.getLogger(__name__)

DEFAULTS = {
    # The build date that separates upcoming from past events ("YYYY-MM-DD");
    # None means today in TIMEZONE. Tests and previews can pin it.
    "today": None,
    "calendar": "events/calendar.ics",
}


@dataclass
class EventInfo:
    start: datetime.datetime
    end: datetime.datetime
    all_day: bool
    format: str
    city: str = ""
    venue: str = ""
    audience: str = ""
    countries: list = field(default_factory=list)
    organisers: list = field(default_factory=list)
    registration: str = ""
    registration_deadline: datetime.date | None = None
    training: str = ""
    news: str = ""
    example: bool = False

    @property
    def start_date(self):
        return self.start.date()

    @property
    def end_date(self):
        return self.end.date()


def events_settings(settings):
    return {**DEFAULTS, **settings.get("SITE_EVENTS", {})}


def event_info(values, default_timezone):
    """EventInfo from an event's typed values (site_content)."""
    start, end, all_day = event_times(values, default_timezone)
    return EventInfo(
        start=start,
        end=end,
        all_day=all_day,
        format=values["format"],
        city=values["city"] or "",
        venue=values["venue"] or "",
        audience=values["audience"] or "",
        countries=values["countries"] or [],
        organisers=values["organisers"] or [],
        registration=values["registration"] or "",
        registration_deadline=values["registration_deadline"],
        training=values["training"] or "",
        news=values["news"] or "",
        example=values["example"],
    )


def build_date(settings):
    today = events_settings(settings)["today"]
    if today:
        return datetime.date.fromisoformat(str(today))
    return datetime.datetime.now(zoneinfo.ZoneInfo(settings["TIMEZONE"])).date()


def split_events(events, today):
    """(upcoming soonest first, past latest first); an event is upcoming
    until its last day is over."""
    upcoming = sorted(
        (e for e in events if e.event.end_date >= today), key=lambda e: e.event.start
    )
    past = sorted(
        (e for e in events if e.event.end_date < today),
        key=lambda e: e.event.start,
        reverse=True,
    )
    return upcoming, past


def format_date_range(start, end, locale):
    """'25–29 July 2022', '25–29 июля 2022 г.', '25 iyul – 2 avqust 2022'.

    CLDR's interval patterns abbreviate month names; these keep them whole
    and in the right grammatical case (Babel's 'long' date pattern).
    """
    if start == end:
        return format_date(end, "long", locale=locale)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{format_date(end, 'long', locale=locale)}"
    if start.year == end.year:
        return (
            f"{format_date(start, 'd MMMM', locale=locale)} – "
            f"{format_date(end, 'long', locale=locale)}"
        )
    return (
        f"{format_date(start, 'long', locale=locale)} – "
        f"{format_date(end, 'long', locale=locale)}"
    )


def format_event_when(event, locale):
    """The date range, plus the hours when the event has them."""
    text = format_date_range(event.start_date, event.end_date, locale)
    if event.all_day:
        return text
    hours = (
        f"{format_time(event.start, 'HH:mm', locale=locale)}–"
        f"{format_time(event.end, 'HH:mm', locale=locale)}"
    )
    return f"{text}, {hours}"


def event_uid(slug, root_url):
    """The same UID for every language version of one event."""
    host = urlsplit(root_url).hostname or "localhost"
    return f"event-{slug}@{host}"


def ical_event(page, page_url, root_url, stamp):
    info = page.event
    vevent = icalendar.Event()
    vevent.add("uid", event_uid(page.slug, root_url))
    # The title is text (icalendar escapes it); the summary is stored as
    # HTML (site_summary): striptags() drops its tags and decodes its
    # entities once, so "&lt;18" in the page is "<18" in the calendar.
    vevent.add("summary", page.title, parameters={"LANGUAGE": page.content_lang})
    description = page.metadata.get("summary", "")
    if description:
        vevent.add(
            "description",
            Markup(description).striptags(),
            parameters={"LANGUAGE": page.content_lang},
        )
    if info.all_day:
        vevent.add("dtstart", info.start_date)
        # DTEND of an all-day event is exclusive (RFC 5545, 3.6.1).
        vevent.add("dtend", info.end_date + datetime.timedelta(days=1))
    else:
        vevent.add("dtstart", info.start)
        vevent.add("dtend", info.end)
    vevent.add("dtstamp", stamp)
    location = ", ".join(part for part in (info.venue, info.city) if part)
    if info.format == "online":
        location = page_url
    if location:
        vevent.add("location", location)
    vevent.add("url", page_url)
    vevent.add("status", "CONFIRMED")
    return vevent


def ical_calendar(events, name, url_of, root_url, stamp):
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//RTCM//rtcm-website//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # An X- property is written as given unless it is typed as TEXT.
    calendar.add("x-wr-calname", icalendar.vText(name))
    calendar.add("x-wr-timezone", "Asia/Baku")
    for page in events:
        calendar.add_component(ical_event(page, url_of(page), root_url, stamp))
    calendar.add_missing_timezones()
    return calendar


def _attach_event(content):
    if getattr(content, "kind", None) != "event":
        return
    values = getattr(content, "values", None)
    content.event = event_info(values, content.settings["TIMEZONE"]) if values else None


def _collect_events(generator):
    settings = generator.settings
    events = [
        page
        for page in generator.pages
        if getattr(page, "kind", None) == "event"
        and getattr(page, "event", None) is not None
    ]
    upcoming, past = split_events(events, build_date(settings))
    by_training = {}
    for page in past:
        if page.event.training:
            by_training.setdefault(page.event.training, []).append(page)
    generator.context["events_upcoming"] = upcoming
    generator.context["events_past"] = past
    generator.context["events_by_training"] = by_training
    generator.context["events_today"] = build_date(settings)


def _add_filters(generator):
    settings = generator.settings
    locale = babel_locale(settings["LANGUAGES"], settings["DEFAULT_LANG"])

    def event_when(event):
        return format_event_when(event, locale)

    generator.env.filters["event_when"] = event_when


class EventsCalendarGenerator(Generator):
    """Writes events/<slug>/<slug>.ics and the language's calendar feed."""

    def generate_output(self, writer):
        del writer
        settings = self.settings
        root_url = settings["SITE_ROOT_URL"]
        site_url = settings["SITEURL"]
        events = self.context.get("events_upcoming", []) + self.context.get(
            "events_past", []
        )

        # DTSTAMP from the build date, not the clock: same input, same files.
        stamp = datetime.datetime.combine(
            build_date(settings), datetime.time(), datetime.UTC
        )

        def url_of(page):
            return f"{site_url}/{page.url}"

        for page in events:
            calendar = ical_calendar([page], page.title, url_of, root_url, stamp)
            self._write(page.url + page.slug + ".ics", calendar)
        feed = ical_calendar(
            sorted(events, key=lambda p: p.event.start),
            settings["SITENAME"],
            url_of,
            root_url,
            stamp,
        )
        self._write(events_settings(settings)["calendar"], feed)

    def _write(self, relative, calendar):
        path = confined(self.output_path, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as ics:
            ics.write(calendar.to_ical())


def _get_generators(pelican):
    del pelican
    return EventsCalendarGenerator


def register():
    signals.content_object_init.connect(_attach_event)
    signals.page_generator_finalized.connect(_collect_events)
    signals.generator_init.connect(_add_filters)
    signals.get_generators.connect(_get_generators)
