"""The e-library: document facts computed at build time, facet pages.

Settings: SITE_LIBRARY, PATH, LANGUAGES. Signals: content_object_init,
page_generator_finalized, generator_init, get_generators.
"""

from .site_library import register

__all__ = ["register"]
