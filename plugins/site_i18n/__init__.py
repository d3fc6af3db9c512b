"""Language identity, fallbacks and alternates for the /en/ /ru/ /az/ sites.

Settings: LANGUAGES, SITE_FALLBACKS, SITE_ROOT_URL.
Signals: initialized, generator_init, article_generator_pretaxonomy,
page_generator_finalized (connected before i18n_subsites, see PLUGINS).
"""

from .site_i18n import register

__all__ = ["register"]
