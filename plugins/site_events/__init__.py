"""Events: structured metadata, upcoming/past lists, iCalendar files.

Settings: SITE_EVENTS, TIMEZONE, LANGUAGES, SITE_ROOT_URL.
Signals: content_object_init, page_generator_finalized, generator_init,
get_generators.
"""

from .site_events import register

__all__ = ["register"]
