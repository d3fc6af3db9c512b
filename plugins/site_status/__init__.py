"""Translation status: which translations are missing or older than the
English version, as a report (`make translations`, /en/status/translations/)
and as a notice on outdated translations.

Settings: SITE_STATUS (optional: source_lang, save_as), LANGUAGES,
I18N_GETTEXT_LOCALEDIR, TIMEZONE.
Signals: article_generator_finalized, page_generator_finalized (every
language site), get_generators (main site).
Reads front matter with the content model's parser (plugins/site_content).
"""

from .site_status import register

__all__ = ["register"]
