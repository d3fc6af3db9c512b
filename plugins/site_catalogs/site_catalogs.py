"""Compile gettext catalogs from the committed .po files.

The .mo files are build products (not in git). Fuzzy or untranslated
entries would silently show English, so each one is a warning, which the
strict builds turn into a failure.

Each translation is also checked against the house terms
(plugins/site_terms): a variant to avoid is logged with the .po file and
line and the term to use. It is logged at INFO (shown by `pelican -v`), not
as a warning: the build runs with --fatal warnings, and a word is the
editor's to change, never a reason to stop a build. `make check` shows the
same findings as warnings, beside the content's.
"""

import gettext
import logging
import os

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from pelican import signals

from site_terms.terms import TermListError, catalog_findings, load_terms

logger = logging.getLogger(__name__)

DOMAIN = "messages"


def catalog_for(settings, lang):
    """gettext translations of the theme for `lang` (source text for main)."""
    if lang == settings["DEFAULT_LANG"]:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, settings["I18N_GETTEXT_LOCALEDIR"], [lang])


def add_gettext_in(generator):
    """Jinja global `gettext_in(lang, msgid)`: a string in any language, for
    pages that speak every language at once (root chooser, old addresses)."""
    catalogs = {}

    def gettext_in(lang, message):
        if lang not in catalogs:
            catalogs[lang] = catalog_for(generator.settings, lang)
        return catalogs[lang].gettext(message)

    generator.env.globals["gettext_in"] = gettext_in


def catalog_problems(catalog):
    """msgids of the entries that are fuzzy or have no translation."""
    problems = []
    for message in catalog:
        if not message.id:
            continue
        strings = (
            message.string if isinstance(message.string, tuple) else (message.string,)
        )
        if message.fuzzy or not all(strings):
            problems.append(
                message.id if isinstance(message.id, str) else message.id[0]
            )
    return problems


def compile_catalog(po_path, mo_path):
    """Write `mo_path` from `po_path`; return the problem msgids."""
    with open(po_path, "rb") as po_file:
        catalog = read_po(po_file)
    os.makedirs(os.path.dirname(mo_path), exist_ok=True)
    with open(mo_path, "wb") as mo_file:
        write_mo(mo_file, catalog)
    return catalog_problems(catalog)


def term_warnings(po_path, terms):
    """'path:line: warning: …' lines for the house-term variants in a
    catalog's translations."""
    return [
        finding.problem(po_path).format()
        for finding in catalog_findings(terms, po_path)
    ]


def _compile_all(pelican):
    settings = pelican.settings
    # initialized fires once per language site; the main one compiles.
    if settings["DEFAULT_LANG"] in settings.get("I18N_SUBSITES", {}):
        return
    try:
        lists = load_terms(settings)
    except TermListError:
        lists = {}  # site_terms reports the broken list
    localedir = settings["I18N_GETTEXT_LOCALEDIR"]
    for lang in settings["LANGUAGES"]:
        if lang == settings["DEFAULT_LANG"]:
            continue
        base = os.path.join(localedir, lang, "LC_MESSAGES", DOMAIN)
        if not os.path.exists(base + ".po"):
            logger.error("site_catalogs: no catalog for %r at %s.po", lang, base)
            continue
        for msgid in compile_catalog(base + ".po", base + ".mo"):
            logger.warning(
                "site_catalogs: %s.po: %r is untranslated or fuzzy", base, msgid
            )
        for line in term_warnings(base + ".po", lists.get(lang, [])):
            logger.info("site_catalogs: %s", line)


def register():
    signals.initialized.connect(_compile_all)
