"""Write the sitemaps: /sitemap.xml (an index), one sitemap per language
(/sitemap-<lang>.xml) and one for the root pages, and /robots.txt.

Every written HTML page is recorded as it is written; each language site
writes its own sitemap when it finishes (possibly in a process of its own,
see site_speed), and the main site writes the root sitemap, the index and
robots.txt. A page lists as alternates only the real translations of its
content (fallback copies are not in any sitemap), plus x-default. A list page
(news, archive, category, ...) exists in every language by construction:
every translation group is shown in every language. Pelican's sitemap plugin
emits wrong URLs with i18n sub-sites, hence this one. The sitemaps hold
addresses only, never titles; every address is XML-escaped where written.
"""

import logging
import os
from xml.sax.saxutils import escape, quoteattr

from pelican import signals

from site_content.sites import is_main_site

logger = logging.getLogger(__name__)

DEFAULTS = {
    # Paths (inside a language folder) that are not listed: not-found pages,
    # the search page and the editors' status pages.
    "exclude": ["404.html", "search/", "status/"],
}

# Pages written so far in this build: list of dicts (see _record).
_pages = []


def sitemap_settings(settings):
    return {**DEFAULTS, **settings.get("SITE_SITEMAP", {})}


def page_url(path):
    """Public path of an output file: 'en/about/index.html' -> 'en/about/'."""
    if path == "index.html" or path.endswith("/index.html"):
        return path[: -len("index.html")]
    return path


def _reset(pelican):
    """At the start of every build of the main site (`pelican -r` runs many
    builds in one process)."""
    if is_main_site(pelican.settings):
        _pages.clear()


def _record(path, context):
    if not path.endswith(".html"):
        return
    settings = context
    relative = os.path.relpath(path, settings["OUTPUT_ROOT"]).replace(os.sep, "/")
    lang, _, inner = relative.partition("/")
    if lang not in settings["LANGUAGES"]:
        lang, inner = None, relative  # a root page such as the chooser
    exclude = sitemap_settings(settings)["exclude"]
    if any(inner == rule or inner.startswith(rule) for rule in exclude):
        return
    item = context.get("article") or context.get("page")
    if item is not None and getattr(item, "is_fallback", False):
        return
    lastmod = None
    if item is not None:
        lastmod = getattr(item, "modified", None) or getattr(item, "date", None)
    if item is not None:
        alternates = list(item.native_langs)
    else:
        alternates = None  # a list page: whichever languages have it
    if "tag" in context or "facet" in context:
        alternates = [lang]  # tag words and library facets differ by language
    _pages.append(
        {
            "lang": lang,
            "inner": page_url(inner),
            "lastmod": lastmod,
            "alternates": alternates,
            "list": item is None,
        }
    )


def sitemap_entries(pages, languages, main_lang):
    """[(loc_path, lastmod, {hreflang: path})] with root-relative paths."""
    entries = []
    for page in pages:
        inner = page["inner"]
        if page["lang"] is None:
            # The chooser: an alternate of every home page, and their x-default.
            alternates = {lang: f"{lang}/" for lang in languages}
            alternates["x-default"] = inner
            entries.append((inner, None, alternates))
            continue
        langs = page["alternates"]
        if langs is None:
            langs = list(languages)
        alternates = {}
        if len(langs) > 1 or inner == "":
            alternates = {lang: f"{lang}/{inner}" for lang in langs}
            if inner == "":
                alternates["x-default"] = ""
            else:
                default = main_lang if main_lang in langs else langs[0]
                alternates["x-default"] = f"{default}/{inner}"
        entries.append(
            (
                f"{page['lang']}/{inner}" if page["lang"] else inner,
                page["lastmod"],
                alternates,
            )
        )
    entries.sort(key=lambda entry: entry[0])
    return entries


def render_sitemap(entries, root_url):
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for loc, lastmod, alternates in entries:
        lines.append("  <url>")
        lines.append(f"    <loc>{escape(f'{root_url}/{loc}')}</loc>")
        if lastmod is not None:
            lines.append(f"    <lastmod>{lastmod.isoformat()}</lastmod>")
        for hreflang, path in alternates.items():
            href = quoteattr(f"{root_url}/{path}")
            lines.append(
                f'    <xhtml:link rel="alternate" hreflang="{hreflang}" href={href}/>'
            )
        lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def render_index(names, root_url):
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    lines.extend(
        f"  <sitemap><loc>{escape(f'{root_url}/{name}')}</loc></sitemap>"
        for name in names
    )
    lines.append("</sitemapindex>")
    return "\n".join(lines) + "\n"


def render_robots(root_url, disallow=()):
    rules = "".join(f"Disallow: {path}\n" for path in disallow)
    return f"User-agent: *\n{rules}Allow: /\n\nSitemap: {root_url}/sitemap.xml\n"


def _write_file(output, name, text):
    with open(os.path.join(output, name), "w", encoding="utf-8") as out:
        out.write(text)


def _write(pelican):
    """At the end of each language site: its sitemap; at the end of the main
    site (the last): also the root pages' sitemap, the index, robots.txt."""
    settings = pelican.settings
    root_url = settings["SITE_ROOT_URL"]
    languages = list(settings["LANGUAGES"])
    lang = settings["DEFAULT_LANG"]
    output = settings["OUTPUT_ROOT"]
    own = [page for page in _pages if page["lang"] == lang]
    if not any(page["list"] for page in own):
        # Not the process that wrote this language's lists: site_speed gives
        # them to one process, which also hears of every post and page the
        # others write, and writes the sitemap (the others write a share of
        # the posts and pages only, or nothing of this language).
        return
    main_lang = next(
        code for code in languages if code not in settings.get("I18N_SUBSITES", {})
    )
    _write_file(
        output,
        f"sitemap-{lang}.xml",
        render_sitemap(sitemap_entries(own, languages, main_lang), root_url),
    )
    if not is_main_site(settings):
        return
    root = [page for page in _pages if page["lang"] is None]
    _write_file(
        output,
        "sitemap-root.xml",
        render_sitemap(sitemap_entries(root, languages, lang), root_url),
    )
    names = ["sitemap-root.xml"] + [f"sitemap-{code}.xml" for code in languages]
    _write_file(output, "sitemap.xml", render_index(names, root_url))
    _write_file(
        output,
        "robots.txt",
        render_robots(root_url, settings.get("SITE_SITEMAP", {}).get("disallow", ())),
    )
    logger.info("site_sitemap: sitemaps for %s", ", ".join(names))
    _pages.clear()


def register():
    signals.get_generators.connect(_reset)
    signals.content_written.connect(_record)
    signals.finalized.connect(_write)
