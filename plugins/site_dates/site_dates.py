"""Localised dates through Babel, with an explicit locale per language.

Pelican's own date formatting needs the machine's OS locales, which CI
images lack; Babel ships the CLDR data itself.
"""

import datetime
import functools

from babel.dates import format_date
from pelican import signals


def babel_locale(languages, lang):
    """The Babel locale of a site language (e.g. 'en' -> 'en_GB')."""
    return languages.get(lang, {}).get("babel_locale", lang)


def format_local_date(value, fmt="long", *, lang, languages):
    """`value` (date or datetime) as text in `lang`, e.g. '26 noyabr 2021'."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    return _format_date(value, fmt, babel_locale(languages, lang))


# A post's date is shown on its page and in every list it is in; Babel
# formatting costs more than rendering the rest of a list entry.
@functools.lru_cache(maxsize=65536)
def _format_date(value, fmt, locale):
    return format_date(value, format=fmt, locale=locale)


def isodate(value):
    """The value for <time datetime>: a date alone when there is no time."""
    if isinstance(value, datetime.datetime) and (value.hour, value.minute) == (0, 0):
        return value.date().isoformat()
    return value.isoformat()


def _add_filters(generator):
    # Each language site has its own Jinja environment, so the filter is
    # bound to that site's language: macros need no context to use it.
    settings = generator.settings
    generator.env.filters["localdate"] = functools.partial(
        format_local_date,
        lang=settings["DEFAULT_LANG"],
        languages=settings["LANGUAGES"],
    )
    generator.env.filters["isodate"] = isodate


def register():
    signals.generator_init.connect(_add_filters)
