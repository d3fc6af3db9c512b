"""Build schema.org data (Event, NewsArticle, Organization) for templates.

Templates print the result with `|tojson` inside
<script type="application/ld+json">: a data block the browser never runs,
so it needs no exception in the Content-Security-Policy. `tojson` writes
`<`, `>`, `&` and `'` as JSON unicode escapes, so no text can close the
element.

Values are plain text: titles, venues and the like are text already and go
in as they are; summaries are stored as HTML (site_summary) and are turned
back into text, never stripped of what only looks like markup.
"""

from markupsafe import Markup
from pelican import signals

ATTENDANCE = {
    "in-person": "https://schema.org/OfflineEventAttendanceMode",
    "online": "https://schema.org/OnlineEventAttendanceMode",
    "hybrid": "https://schema.org/MixedEventAttendanceMode",
}


def html_to_text(html):
    """The text an HTML fragment shows: tags dropped, entities decoded once
    ('<p>a &lt; b &amp; &#34;c&#34;</p>' -> 'a < b & "c"')."""
    return Markup(html or "").striptags()


def organization(org, lang, root_url):
    """The centre as a schema.org Organization, named in `lang`."""
    names = org["names"]
    return {
        "@context": "https://schema.org",
        "@type": "Organization",
        "@id": f"{root_url}/#organization",
        "name": names[lang],
        "alternateName": [name for code, name in names.items() if code != lang]
        + list(org["short_names"].values()),
        "url": f"{root_url}/{lang}/",
        "email": org["email"],
        "address": {
            "@type": "PostalAddress",
            "addressLocality": "Baku",
            "addressCountry": "AZ",
        },
        "founder": [
            {"@type": "Organization", "name": name} for name in org["founders"]
        ],
    }


def _publisher(org, lang, root_url):
    return {
        "@type": "Organization",
        "@id": f"{root_url}/#organization",
        "name": org["names"][lang],
    }


def news_article(article, url, org, root_url):
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "inLanguage": article.content_lang,
        "datePublished": article.date.isoformat(),
        "dateModified": getattr(article, "modified", article.date).isoformat(),
        "url": url,
        "mainEntityOfPage": url,
        "author": _publisher(org, article.content_lang, root_url),
        "publisher": _publisher(org, article.content_lang, root_url),
    }
    if article.metadata.get("summary"):
        data["description"] = html_to_text(article.metadata["summary"])
    return data


def event(page, url, org, root_url):
    info = page.event
    start = info.start_date.isoformat() if info.all_day else info.start.isoformat()
    end = info.end_date.isoformat() if info.all_day else info.end.isoformat()
    place = {
        "@type": "Place",
        "name": info.venue or info.city,
        "address": {
            "@type": "PostalAddress",
            "addressLocality": info.city,
            "addressCountry": "AZ" if info.city else "",
        },
    }
    online = {"@type": "VirtualLocation", "url": url}
    location = {"in-person": place, "online": online, "hybrid": [place, online]}[
        info.format
    ]
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": page.title,
        "inLanguage": page.content_lang,
        "startDate": start,
        "endDate": end,
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": ATTENDANCE[info.format],
        "location": location,
        "url": url,
        "organizer": [
            {"@type": "Organization", "name": name} for name in info.organisers
        ]
        or [_publisher(org, page.content_lang, root_url)],
    }
    if page.metadata.get("summary"):
        data["description"] = html_to_text(page.metadata["summary"])
    if info.audience:
        data["audience"] = {"@type": "Audience", "audienceType": info.audience}
    return data


def organization_settings(settings):
    """SITE_ORGANIZATION plus the centre's names from LANGUAGES."""
    languages = settings["LANGUAGES"]
    return {
        **settings["SITE_ORGANIZATION"],
        "names": {lang: info["sitename"] for lang, info in languages.items()},
        "short_names": {lang: info["shortname"] for lang, info in languages.items()},
    }


def _add_globals(generator):
    settings = generator.settings
    org = organization_settings(settings)
    root_url = settings["SITE_ROOT_URL"]
    generator.env.globals["schema_organization"] = lambda lang: organization(
        org, lang, root_url
    )
    generator.env.globals["schema_news_article"] = lambda article, url: news_article(
        article, url, org, root_url
    )
    generator.env.globals["schema_event"] = lambda page, url: event(
        page, url, org, root_url
    )


def register():
    signals.generator_init.connect(_add_globals)
