"""Every place where site_speed patches, overrides or copies internals of
Pelican, i18n_subsites (and Jinja and Markdown), in one list: PATCHES.

These are what breaks when a pin changes: requirements.txt pins
pelican==4.12.0, pelican-i18n-subsites==1.0.0, Jinja2==3.1.6 and
Markdown==3.11.3, and each Patch names the version it was written against.
tests/test_patches.py guards each one: it fails, naming the patch, when the
installed version no longer has what the patch relies on.

The functions below are the only code of site_speed that assigns to
Pelican's or i18n_subsites' objects; the other modules call them. The
subclasses that override a method (CachedMarkdownReader, RelativePathMemo,
SharedBytecodeCache, ShareWriter, SkippingInlineProcessor) live with their
concern and are listed here with it.
"""

import os
import types
from dataclasses import dataclass

from pelican import signals
from pelican.cache import FileStampDataCacher
from pelican.contents import Page
from pelican.generators import ArticlesGenerator
from pelican.plugins.i18n_subsites import i18n_subsites

PELICAN = "pelican 4.12.0"
I18N_SUBSITES = "pelican-i18n-subsites 1.0.0"
JINJA = "Jinja2 3.1.6"
MARKDOWN = "Markdown 3.11.3"


@dataclass(frozen=True)
class Patch:
    name: str  # how tests/test_patches.py refers to it
    target: str  # the patched or copied object, importable in the pinned version
    what: str  # what site_speed does to it
    why: str
    where: str  # the site_speed code that does it
    pinned: str  # the version it was written against


PATCHES = [
    Patch(
        "reader_class",
        "pelican.readers.Readers",
        "replaces MarkdownReader by CachedMarkdownReader in the instance's "
        "reader_classes at readers_init, which Readers.__init__ sends after "
        "filling reader_classes and before making the readers",
        "a source is converted once per build and kept on disk",
        "parse_cache.use_cached_reader, patches.use_reader_class",
        PELICAN,
    ),
    Patch(
        "markdown_reader",
        "pelican.readers.MarkdownReader",
        "CachedMarkdownReader overrides read() and process_metadata(); read() "
        "sets _source_path and _md (a stand-in without FORMATTED_FIELDS) and "
        "calls _parse_metadata(meta); convert_markdown repeats the conversion "
        "of MarkdownReader.read; dates are memoised by text, as "
        "METADATA_PROCESSORS['date'] and ['modified'] ignore the settings",
        "the cached HTML and raw metadata give what the stock reader gives",
        "parse_cache.CachedMarkdownReader, parse_cache.convert_markdown",
        PELICAN,
    ),
    Patch(
        "read_file",
        "pelican.readers.Readers.read_file",
        "replaced on the instance by a wrapper that passes memo_class("
        "content_class) as its third argument",
        "each file's relative path is computed once",
        "parse_cache.use_cached_reader, patches.wrap_content_class",
        PELICAN,
    ),
    Patch(
        "relative_source_path",
        "pelican.contents.Content.get_relative_source_path",
        "overridden by RelativePathMemo, mixed into the content classes under "
        "their own names (Content._expand_settings reads PAGE_URL and the like "
        "by the class name)",
        "Pelican computes it at every URL and save_as it formats",
        "parse_cache.RelativePathMemo, parse_cache.memo_class",
        PELICAN,
    ),
    Patch(
        "file_stamps",
        "pelican.cache.FileStampDataCacher._get_file_stamp",
        "replaced on each CachingGenerator and its Readers by a constant, when "
        "CACHE_CONTENT and LOAD_CONTENT_CACHE are off",
        "without Pelican's content cache the stamps (a stat each) are never "
        "compared to anything",
        "parse_cache.skip_file_stamps, patches.drop_file_stamps",
        PELICAN,
    ),
    Patch(
        "template_environment",
        "pelican.generators.Generator.__init__",
        "sets bytecode_cache and auto_reload=False on generator.env, which "
        "exists when generator_init is sent",
        "compiled templates are shared and a template is not checked again "
        "for changes within a build",
        "template_cache.share_templates, patches.share_compiled_templates",
        PELICAN,
    ),
    Patch(
        "bytecode_cache",
        "jinja2.bccache.FileSystemBytecodeCache.get_bucket",
        "SharedBytecodeCache overrides get_bucket and set_bucket and keeps the "
        "bytecode in memory too",
        "one compilation per template for every environment of the build",
        "template_cache.SharedBytecodeCache",
        JINJA,
    ),
    Patch(
        "gettext",
        "pelican.plugins.i18n_subsites.i18n_subsites.install_templates_translations",
        "replaces the new-style gettext it installs in env.globals (at "
        "get_writer, through update_generators) by a memo, when the generator "
        "starts writing",
        "a message without variables is translated once per environment",
        "template_cache.memoize_gettext, patches.replace_gettext",
        I18N_SUBSITES,
    ),
    Patch(
        "generate_context",
        "pelican.generators.ArticlesGenerator.generate_context",
        "replaced on the instance (and PagesGenerator's) for a language site "
        "this process does not write, by one that only calls "
        "Generator._update_context with the names the stock one puts in the "
        "context (ARTICLE_CONTEXT, PAGE_CONTEXT)",
        "a process reads only the content of the sites it writes",
        "shares.build_only_own_sites, patches.skip_generate_context",
        PELICAN,
    ),
    Patch(
        "native_urls",
        "pelican.plugins.i18n_subsites.i18n_subsites._NATIVE_CONTENT_URL_DB",
        "fills it (setdefault) with each item's URL in its own language: "
        "override_url or Content._expand_settings('url'), which is "
        "Content.url in the site of its language; at "
        "article_generator_pretaxonomy and page_generator_finalized, before "
        "i18n_subsites' filter_contents_translations",
        "a site that is not built in this process records no URL, and "
        "i18n_subsites looks every translation's URL up there",
        "shares.record_native_urls, patches.record_native_urls",
        I18N_SUBSITES,
    ),
    Patch(
        "generate_output",
        "pelican.generators.Generator",
        "generate_output(writer) replaced on the instance at "
        "all_generators_finalized, which Pelican.run sends before it asks for "
        "the writer and calls generate_output",
        "a process writes only its share, through ShareWriter",
        "render_cache.assign_output, patches.replace_generate_output",
        PELICAN,
    ),
    Patch(
        "writer",
        "pelican.writers.Writer.write_file",
        "ShareWriter stands in for the Writer with the same write_file and "
        "write_feed signatures, and announces the pages it does not write "
        "through content_written with the local context write_file makes",
        "the sitemap and search see every page, written or kept",
        "render_cache.ShareWriter, patches.announce_written",
        PELICAN,
    ),
    Patch(
        "worker_rerun",
        "pelican.Pelican.run",
        "a forked worker calls run() again on the main Pelican object: run "
        "makes its context and generators anew, sends get_generators first and "
        "finalized after the output",
        "a worker builds from the start and writes only its share",
        "shares.fork_workers",
        PELICAN,
    ),
    Patch(
        "inline_patterns",
        "markdown.treeprocessors.InlineProcessor._InlineProcessor__handleInline",
        "SkippingInlineProcessor overrides the private __handleInline and calls "
        "__applyPattern; instances' __class__ is swapped",
        "the inline pass skips the patterns that cannot match",
        "inline_patterns.skip_unmatched_patterns",
        MARKDOWN,
    ),
]

# What ArticlesGenerator.generate_context and PagesGenerator.generate_context
# pass to _update_context.
ARTICLE_CONTEXT = (
    "articles",
    "drafts",
    "hidden_articles",
    "dates",
    "tags",
    "categories",
    "authors",
    "related_posts",
)
PAGE_CONTEXT = ("pages", "hidden_pages", "draft_pages")
# The generator lists whose items i18n_subsites may look up.
NATIVE_URL_LISTS = (
    "articles",
    "translations",
    "hidden_articles",
    "hidden_translations",
    "drafts",
    "drafts_translations",
    "pages",
    "hidden_pages",
    "draft_pages",
    "draft_translations",
)


def use_reader_class(readers, stock, replacement):
    for extension, reader_class in list(readers.reader_classes.items()):
        if reader_class is stock:
            readers.reader_classes[extension] = replacement


def wrap_content_class(readers, wrap):
    read_file = readers.read_file

    def read_with_memo(base_path, path, content_class=Page, *args, **kwargs):
        return read_file(base_path, path, wrap(content_class), *args, **kwargs)

    readers.read_file = read_with_memo


def drop_file_stamps(generator):
    for cacher in (generator, getattr(generator, "readers", None)):
        if isinstance(cacher, FileStampDataCacher):
            cacher._get_file_stamp = _no_stamp


def _no_stamp(_filename):
    return b""


def share_compiled_templates(env, bytecode_cache):
    env.bytecode_cache = bytecode_cache
    # Every build makes new environments, so a template cannot change under
    # one: no need to stat its file again at each of the ~60 000 lookups.
    env.auto_reload = False


def replace_gettext(env, wrap):
    env.globals["gettext"] = wrap(env.globals["gettext"])


def skip_generate_context(generator):
    generator.generate_context = types.MethodType(_skip_context, generator)


def _skip_context(generator):
    """generate_context of a site this process does not write: no file is
    read. The lists stay empty; the context gets the names templates and
    plugins look up."""
    if isinstance(generator, ArticlesGenerator):
        generator._update_context(ARTICLE_CONTEXT)
    else:
        generator._update_context(PAGE_CONTEXT)


def native_url(item):
    """The URL `item` has in the site of its own language (what
    i18n_subsites records when that site reads it)."""
    if hasattr(item, "override_url"):
        return item.override_url
    return item._expand_settings("url")  # noqa: SLF001 - as in_default_lang


def record_native_urls(generator):
    for name in NATIVE_URL_LISTS:
        for item in getattr(generator, name, []):
            i18n_subsites._NATIVE_CONTENT_URL_DB.setdefault(  # noqa: SLF001
                item.source_path, native_url(item)
            )


def replace_generate_output(generator, generate_output):
    generator.generate_output = generate_output


def announce_written(writer, files, context, kwargs):
    """Send content_written for each of `files` (relative to the writer's
    output) as Writer.write_file does after writing it."""
    output = writer.output_path
    for relative in files:
        localcontext = context.copy()
        localcontext["localsiteurl"] = localcontext.get("localsiteurl")
        localcontext["output_file"] = relative
        localcontext.update(kwargs)
        signals.content_written.send(
            os.path.join(output, relative), context=localcontext
        )
