"""The reference: the benchmark's articles as one plain single-language
Pelican site with the project's theme (`make_reference`), and the copy of a
trilingual post into it (`copy_to_reference`)."""

import re
import shutil
import sys

# Settings copied as data from the project's settings into reference.py:
# URL layout, Markdown, Jinja, and the data the theme's templates read.
REFERENCE_KEYS = [
    "AUTHOR",
    "SITENAME",
    "TIMEZONE",
    "DEFAULT_LANG",
    "LANGUAGES",
    "SITE_FALLBACKS",
    "SITE_CATEGORIES",
    "SITE_NAVIGATION",
    "SITE_FOOTER_PAGES",
    "SITE_ROOT_URL",
    "USE_FOLDER_AS_CATEGORY",
    "DEFAULT_CATEGORY",
    "ARTICLE_URL",
    "ARTICLE_SAVE_AS",
    "CATEGORY_URL",
    "CATEGORY_SAVE_AS",
    "CATEGORIES_SAVE_AS",
    "TAG_URL",
    "TAG_SAVE_AS",
    "TAGS_URL",
    "TAGS_SAVE_AS",
    "ARCHIVES_URL",
    "ARCHIVES_SAVE_AS",
    "INDEX_URL",
    "INDEX_SAVE_AS",
    "AUTHOR_SAVE_AS",
    "AUTHORS_SAVE_AS",
    "YEAR_ARCHIVE_SAVE_AS",
    "MONTH_ARCHIVE_SAVE_AS",
    "DAY_ARCHIVE_SAVE_AS",
    "SEARCH_URL",
    "SEARCH_SAVE_AS",
    "DIRECT_TEMPLATES",
    "PAGINATED_TEMPLATES",
    "PAGINATION_PATTERNS",
    "DEFAULT_PAGINATION",
    "SUMMARY_MAX_LENGTH",
    "FORMATTED_FIELDS",
    "SLUG_REGEX_SUBSTITUTIONS",
    "TAG_REGEX_SUBSTITUTIONS",
    "CATEGORY_REGEX_SUBSTITUTIONS",
    "AUTHOR_REGEX_SUBSTITUTIONS",
    "FEED_ATOM",
    "FEED_ALL_ATOM",
    "FEED_ALL_RSS",
    "CATEGORY_FEED_ATOM",
    "TRANSLATION_FEED_ATOM",
    "AUTHOR_FEED_ATOM",
    "AUTHOR_FEED_RSS",
    "FEED_MAX_ITEMS",
    "RSS_FEED_SUMMARY_ONLY",
    "JINJA_ENVIRONMENT",
    "SITE_ORGANIZATION",
    "SITE_ASSETS",
    "SITE_EVENTS",
    "SITE_LIBRARY",
    "READERS",
]
# What the theme's templates need to render at all: filters (site_dates),
# globals (site_i18n's lang_url, site_assets' asset_url, site_schema), the
# plain-text summary (site_summary, which reads the content model of
# site_content) and the translation attributes that site_i18n sets. No i18n_subsites, search, sitemap, checks or root pages.
REFERENCE_PLUGINS = [
    "site_content",
    "site_dates",
    "site_summary",
    "site_i18n",
    "site_schema",
    "site_assets",
]
REFERENCE_SETTINGS = '''\
"""Reference build: the benchmark's articles as one plain Pelican site with
the project's theme (written by tools/bench.py; not the project's settings)."""
# flake8: noqa
import os

from markdown.extensions.toc import slugify_unicode

HERE = os.path.dirname(os.path.abspath(__file__))
PATH = "reference-content"
ARTICLE_PATHS = ["posts"]
PAGE_PATHS = []
STATIC_PATHS = ["media"]
# One file per article, <slug>-<lang>.md: the slug is the file name.
FILENAME_METADATA = r"(?P<slug>.+)"
THEME = os.path.join(HERE, "theme")
THEME_STATIC_DIR = "theme"
THEME_STATIC_PATHS = ["static"]
OUTPUT_ROOT = os.path.join(HERE, "reference-output")
OUTPUT_PATH = OUTPUT_ROOT
CACHE_PATH = os.path.join(HERE, "reference-cache")
SITEURL = {site_root_url!r}
FEED_DOMAIN = SITEURL
PLUGIN_PATHS = [os.path.join(HERE, "plugins")]
PLUGINS = {plugins!r}
MARKDOWN = {{
    "extension_configs": {{
        "markdown.extensions.extra": {{}},
        "markdown.extensions.toc": {{"slugify": slugify_unicode, "permalink": False}},
        "markdown.extensions.smarty": {{}},
    }},
    "output_format": "html5",
}}
DELETE_OUTPUT_DIRECTORY = False
RELATIVE_URLS = False


# The theme's `_()` (jinja2.ext.i18n) needs gettext functions, which
# i18n_subsites would install; the source (English) text is what this site shows.
def _gettext(message, **variables):
    return message % variables if variables else message


def _ngettext(singular, plural, number, **variables):
    variables.setdefault("num", number)
    return (singular if number == 1 else plural) % variables


JINJA_GLOBALS = {{"gettext": _gettext, "ngettext": _ngettext}}
'''

LINK_RE = re.compile(r"\{filename\}/posts/([a-z0-9-]+)\.(en|ru|az)\.md")


def make_reference(project, groups):
    """reference.py and reference-content/ (the synthetic posts renamed
    <slug>-<lang>.md, links rewritten) inside `project`."""
    sys.path.insert(0, str(project / "plugins"))
    from pelican.settings import get_settings_from_file

    # The file's own values (before Pelican turns them into objects).
    settings = get_settings_from_file(str(project / "pelicanconf.py"))
    lines = [
        REFERENCE_SETTINGS.format(
            site_root_url=settings["SITE_ROOT_URL"], plugins=REFERENCE_PLUGINS
        )
    ]
    for key in REFERENCE_KEYS:
        if key in settings:
            lines.append(f"{key} = {settings[key]!r}")
    (project / "reference.py").write_text("\n".join(lines) + "\n", encoding="utf-8")
    posts = project / "reference-content" / "posts"
    posts.mkdir(parents=True)
    shutil.copytree(
        project / "content" / "media" / "bench",
        project / "reference-content" / "media" / "bench",
    )
    for slug, versions in groups.items():
        for lang in versions:
            copy_to_reference(
                project / "content" / "posts" / f"{slug}.{lang}.md",
                posts / f"{slug}-{lang}.md",
            )


def copy_to_reference(source, destination):
    text = source.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^Lang:.*\n", "", text)
    destination.write_text(
        LINK_RE.sub(r"{filename}/posts/\1-\2.md", text), encoding="utf-8"
    )
