"""Read the term lists once per build, so that a list an editor broke is
named at the start (as an error, which stops a strict build) rather than
silently checking nothing. The lists are used by site_checks and
site_catalogs, which import terms.py; this plugin only vouches for them."""

import logging

from pelican import signals

from .terms import TermListError, load_terms

logger = logging.getLogger(__name__)


def _validate(pelican):
    settings = pelican.settings
    # initialized fires once per language site; the main one reads the lists.
    if settings["DEFAULT_LANG"] in settings.get("I18N_SUBSITES", {}):
        return
    try:
        load_terms(settings)
    except TermListError as error:
        logger.error("site_terms: the term list cannot be read: %s", error)


def register():
    signals.initialized.connect(_validate)
