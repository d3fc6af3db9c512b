"""schema.org JSON-LD for events, news posts and the organisation.

Settings: SITE_ORGANIZATION, LANGUAGES, SITE_ROOT_URL. Signals: generator_init.
"""

from .site_schema import register

__all__ = ["register"]
