"""Fallback pages, translation groups and language helpers.

Every language site shows every translation group at the same path. Where a
group lacks the site's language, a *fallback* copy of the best available
version (per SITE_FALLBACKS) is published at the site's own address; the
template marks its content with its true language, adds a notice, points
`canonical` at the original and leaves it out of hreflang.

This runs before i18n_subsites filters the content lists: the copy takes the
site's language as its `lang` (its address), so the filter keeps it, while
`content_lang` keeps the language of the text.
"""

import copy
import logging
import posixpath

from pelican import signals
from pelican.contents import Article
from pelican.utils import order_content

logger = logging.getLogger(__name__)


def language_url(root_url, lang, path=""):
    """Absolute URL of `path` (a content URL such as 'news/x/') in `lang`."""
    return posixpath.join(root_url + "/" + lang + "/", path)


def translation_groups(items):
    """Map each slug to {lang: item} for a list of content items."""
    groups = {}
    for item in items:
        groups.setdefault(item.slug, {})[item.lang] = item
    return groups


def pick_fallback(versions, preferences):
    """The version a missing language shows instead: first preference present."""
    for lang in preferences:
        if lang in versions:
            return versions[lang]
    return next(iter(versions.values()), None)


def make_fallback(source, lang):
    """A copy of `source` published at `lang`'s address, text unchanged."""
    fallback = copy.copy(source)
    fallback.lang = lang
    fallback.in_default_lang = True
    fallback.content_lang = source.lang
    fallback.is_fallback = True
    fallback.fallback_source = source
    fallback.translations = []
    # Tags are words of the source language; they would not belong in this
    # language's tag index.
    if isinstance(source, Article):
        fallback.tags = []
    return fallback


def _validate_settings(pelican):
    settings = pelican.settings
    languages = settings["LANGUAGES"]
    if settings["DEFAULT_LANG"] not in languages:
        logger.error(
            "site_i18n: DEFAULT_LANG %r is not in LANGUAGES", settings["DEFAULT_LANG"]
        )
    for lang, preferences in settings["SITE_FALLBACKS"].items():
        unknown = [x for x in [lang, *preferences] if x not in languages]
        if unknown:
            logger.error(
                "site_i18n: SITE_FALLBACKS names unknown languages %s",
                ", ".join(unknown),
            )


def _add_template_helpers(generator):
    settings = generator.settings
    root_url = settings["SITE_ROOT_URL"]

    def lang_url(lang, path=""):
        return language_url(root_url, lang, path)

    generator.env.globals["lang_url"] = lang_url
    generator.env.globals["current_lang"] = settings["DEFAULT_LANG"]


def _drop_unknown_languages(items, languages):
    """Remove items whose language has no site and say which file it is.

    i18n_subsites crashes with a KeyError on such files (its bug #1032).
    """
    kept = []
    for item in items:
        if item.lang in languages:
            kept.append(item)
        else:
            logger.error(
                "%s: language %r in the file name is not one of the site's "
                "languages (%s); rename the file to <slug>.<lang>.md",
                item.source_path,
                item.lang,
                ", ".join(languages),
            )
    for item in kept:
        item.translations = [t for t in item.translations if t.lang in languages]
    return kept


def _localise_list(originals, translations, settings, order_by):
    """Rewrite one (originals, translations) pair for this site's language.

    Leaves native items where they are and adds one fallback per group that
    lacks this language. Works in place: the generator's context holds the
    same list objects.
    """
    languages = settings["LANGUAGES"]
    lang = settings["DEFAULT_LANG"]
    items = _drop_unknown_languages(originals + translations, languages)
    native_ids = {id(item) for item in items}
    originals[:] = [item for item in originals if id(item) in native_ids]
    translations[:] = [item for item in translations if id(item) in native_ids]
    fallbacks = []
    for versions in translation_groups(items).values():
        native_langs = [code for code in languages if code in versions]
        for item in versions.values():
            item.native_langs = native_langs
            item.content_lang = item.lang
            item.is_fallback = False
        if lang not in versions:
            source = pick_fallback(versions, settings["SITE_FALLBACKS"][lang])
            fallbacks.append(make_fallback(source, lang))
    originals.extend(fallbacks)
    originals[:] = order_content(originals, order_by)


def _mark_drafts(drafts, languages):
    """Drafts get no fallbacks, but templates read the same attributes."""
    for versions in translation_groups(drafts).values():
        native_langs = [code for code in languages if code in versions]
        for item in versions.values():
            item.native_langs = native_langs
            item.content_lang = item.lang
            item.is_fallback = False


def _localise_articles(generator):
    settings = generator.settings
    _localise_list(
        generator.articles,
        generator.translations,
        settings,
        settings["ARTICLE_ORDER_BY"],
    )
    _mark_drafts(
        generator.drafts + generator.drafts_translations, settings["LANGUAGES"]
    )


def _localise_pages(generator):
    settings = generator.settings
    order_by = settings["PAGE_ORDER_BY"]
    _localise_list(generator.pages, generator.translations, settings, order_by)
    # i18n_subsites filters only published pages; hidden pages of other
    # languages would be written into this site as they are.
    lang = settings["DEFAULT_LANG"]
    hidden = generator.hidden_pages + generator.hidden_translations
    generator.hidden_translations[:] = []
    generator.hidden_pages[:] = hidden
    _localise_list(
        generator.hidden_pages, generator.hidden_translations, settings, order_by
    )
    generator.hidden_pages[:] = [p for p in generator.hidden_pages if p.lang == lang]
    _mark_drafts(
        generator.draft_pages + generator.draft_translations, settings["LANGUAGES"]
    )


def register():
    signals.initialized.connect(_validate_settings)
    signals.generator_init.connect(_add_template_helpers)
    signals.article_generator_pretaxonomy.connect(_localise_articles)
    signals.page_generator_finalized.connect(_localise_pages)
