"""Settings of the RTCM website (development build).

Flat data only. The one value read from the environment is the site's root
URL (`SITEURL`, no trailing slash): every absolute link, feed and hreflang
alternate is derived from it. `publishconf.py` holds the production delta.
"""

import logging
import os

from markdown.extensions.toc import slugify_unicode

HERE = os.path.dirname(os.path.abspath(__file__))

# --- Identity and languages -------------------------------------------------

SITE_ROOT_URL = os.environ.get("SITEURL", "http://localhost:8000").rstrip("/")

AUTHOR = "RTCM"
SITENAME = "Regional Training Center on Migration"
TIMEZONE = "Asia/Baku"
DEFAULT_LANG = "en"

# The one source of language data: order is the order of the switcher.
# `name` is the language's own name, `babel_locale` formats dates, `og_locale` the Open Graph locale,
# `sitename`/`shortname` the centre's name in that language.
LANGUAGES = {
    "en": {
        "name": "English",
        "babel_locale": "en_GB",
        "og_locale": "en_GB",
        "sitename": "Regional Training Center on Migration",
        "shortname": "RTCM",
    },
    "ru": {
        "name": "Русский",
        "babel_locale": "ru",
        "og_locale": "ru_RU",
        "sitename": "Региональный учебный центр по миграции",
        "shortname": "РУЦМ",
    },
    "az": {
        "name": "Azərbaycanca",
        "babel_locale": "az",
        "og_locale": "az_AZ",
        "sitename": "Miqrasiya üzrə Regional Təlim Mərkəzi",
        "shortname": "MRTM",
    },
}

# Where a page missing in a language is taken from, in order of preference.
SITE_FALLBACKS = {
    "en": ["ru", "az"],
    "ru": ["en", "az"],
    "az": ["en", "ru"],
}

# Content categories (keys are the slugs; labels come from the gettext
# catalogs, see theme/templates/macros/labels.html).
SITE_CATEGORIES = ["news", "announcements"]

# Main navigation, in order: "" is the home page, "news" the news list,
# anything else a page slug. Labels are in theme/templates/macros/labels.html.
SITE_NAVIGATION = [
    "",
    "news",
    "events",
    "trainings",
    "library",
    "network-of-experts",
    "about",
    "partners",
    "contact",
]
SITE_FOOTER_PAGES = ["accessibility", "privacy"]

# --- Paths and layout: /en/ /ru/ /az/ with the same shape -------------------

PATH = "content"
OUTPUT_ROOT = os.path.join(HERE, "output")
CACHE_ROOT = os.path.join(HERE, "cache")
OUTPUT_PATH = os.path.join(OUTPUT_ROOT, DEFAULT_LANG)
CACHE_PATH = os.path.join(CACHE_ROOT, DEFAULT_LANG)
SITEURL = SITE_ROOT_URL + "/" + DEFAULT_LANG
# Pelican copies the main language's feed domain into every sub-site, so each
# sub-site sets its own (i18n-subsites bug #1033).
FEED_DOMAIN = SITEURL

THEME = os.path.join(HERE, "theme")
# Theme assets and content files are shared by all languages and live once,
# at /theme/ and /media/; sub-sites copy nothing themselves.
THEME_STATIC_DIR = "../theme"
THEME_STATIC_PATHS = ["static"]
STATIC_PATHS = ["media"]
STATIC_URL = "../{path}"
STATIC_SAVE_AS = "../{path}"
# Documents named like content (report.ru.pdf) get a language from the file
# name; they still live at one address.
STATIC_LANG_URL = STATIC_URL
STATIC_LANG_SAVE_AS = STATIC_SAVE_AS

ARTICLE_PATHS = ["posts"]
PAGE_PATHS = ["pages", "events", "trainings", "publications"]
# Page-like collections in their own folders (plugins/site_collections):
# events, training programmes and e-library entries.
SITE_COLLECTIONS = {
    "events": {"kind": "event", "url": "events/{slug}/", "template": "event"},
    "trainings": {
        "kind": "training",
        "url": "trainings/{slug}/",
        "template": "training",
    },
    "publications": {
        "kind": "publication",
        "url": "library/{slug}/",
        "template": "publication",
    },
}
# The slug and the language come from the file name, <slug>.<lang>.md, so one
# ASCII slug names a translation group and every language has the same URLs.
FILENAME_METADATA = r"(?P<slug>[^.]+)\.(?P<lang>[^.]+)$"
USE_FOLDER_AS_CATEGORY = False
DEFAULT_CATEGORY = "news"
READERS = {"rst": None}  # the RST reader warns that docutils has no 'az'.
# Hidden files and folders are not content (nor copied from content/media/).
# Pelican's default, "**/.*", is matched against bare names and so never
# matches: it would read .draft.en.md that `make check` does not.
IGNORE_FILES = [".*"]

ARTICLE_URL = "news/{slug}/"
ARTICLE_SAVE_AS = "news/{slug}/index.html"
ARTICLE_LANG_URL = ARTICLE_URL
ARTICLE_LANG_SAVE_AS = ARTICLE_SAVE_AS
DRAFT_URL = "drafts/{slug}/"
DRAFT_SAVE_AS = "drafts/{slug}/index.html"
DRAFT_LANG_URL = ""
DRAFT_LANG_SAVE_AS = ""
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
PAGE_LANG_URL = PAGE_URL
PAGE_LANG_SAVE_AS = PAGE_SAVE_AS
DRAFT_PAGE_URL = "drafts/pages/{slug}/"
DRAFT_PAGE_SAVE_AS = "drafts/pages/{slug}/index.html"
DRAFT_PAGE_LANG_URL = ""
DRAFT_PAGE_LANG_SAVE_AS = ""
CATEGORY_URL = "news/category/{slug}/"
CATEGORY_SAVE_AS = "news/category/{slug}/index.html"
CATEGORIES_SAVE_AS = ""
TAG_URL = "news/tags/{slug}/"
TAG_SAVE_AS = "news/tags/{slug}/index.html"
TAGS_URL = "news/tags/"
TAGS_SAVE_AS = "news/tags/index.html"
ARCHIVES_URL = "news/archive/"
ARCHIVES_SAVE_AS = "news/archive/index.html"
INDEX_URL = "news/"
INDEX_SAVE_AS = "news/index.html"
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
SEARCH_URL = "search/"
SEARCH_SAVE_AS = "search/index.html"
# "404" is written to /<lang>/404.html.
DIRECT_TEMPLATES = ["index", "tags", "archives", "search", "404"]
PAGINATED_TEMPLATES = {"index": 10, "tag": 10, "category": 10}
PAGINATION_PATTERNS = [
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
]
DEFAULT_PAGINATION = 10
SUMMARY_MAX_LENGTH = 50
# `Summary:` is plain text, not Markdown: plugins/site_summary escapes it, so
# a stray "<" in a summary can never become markup in pages or feeds.
FORMATTED_FIELDS = []

# unidecode writes "ə" as "@", which the default rule would then drop
# ("şəhər" -> "shr"); map it to "e" first so Azerbaijani slugs keep every
# letter ("seher"). Cyrillic is transliterated by unidecode.
SLUG_REGEX_SUBSTITUTIONS = [
    (r"@", "e"),
    (r"[^\w\s-]", ""),
    (r"(?u)\A\s*", ""),
    (r"(?u)\s*\Z", ""),
    (r"[-\s]+", "-"),
]
TAG_REGEX_SUBSTITUTIONS = SLUG_REGEX_SUBSTITUTIONS
CATEGORY_REGEX_SUBSTITUTIONS = SLUG_REGEX_SUBSTITUTIONS
AUTHOR_REGEX_SUBSTITUTIONS = SLUG_REGEX_SUBSTITUTIONS

MARKDOWN = {
    "extension_configs": {
        # Table alignment as align="…": style attributes do not pass the
        # sanitiser.
        "markdown.extensions.extra": {"tables": {"use_align_attribute": True}},
        "markdown.extensions.toc": {
            # Readable ids for Cyrillic and Azerbaijani headings.
            "slugify": slugify_unicode,
            "permalink": False,
        },
        "markdown.extensions.smarty": {},
        # Last: cleans every body against one allow-list, raw HTML and
        # attribute lists included (plugins/site_content/sanitize.py).
        "site_content.sanitize": {},
    },
    "output_format": "html5",
}

# --- Feeds: one Atom feed per language -------------------------------------

FEED_ATOM = "feeds/atom.xml"
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
FEED_MAX_ITEMS = 20
RSS_FEED_SUMMARY_ONLY = False

# --- Plugins ---------------------------------------------------------------

PLUGIN_PATHS = [os.path.join(HERE, "plugins")]
# Order matters: site_i18n must see every language's content before
# i18n_subsites filters it (both act at article_generator_pretaxonomy).
# site_checks comes early: it stops the build before anything is read.
PLUGINS = [
    # The content model (plugins/site_content): loaded first, as the checks,
    # the plugins that take typed values from it and those that ask whether
    # they run in the main site (site_content.sites) import it.
    "site_content",
    # The house terms (plugins/site_terms), which the checks and the
    # catalog check import.
    "site_terms",
    "site_checks",
    # After site_checks' verdict and before site_speed forks: processes new
    # photos on all cores, then every process has their variants
    # (plugins/site_images).
    "site_images",
    # Before the others: it forks the parallel build early and, at the end,
    # waits for it before the whole-site steps (plugins/site_speed).
    "site_speed",
    "site_catalogs",
    "site_dates",
    "site_summary",
    "site_i18n",
    "i18n_subsites",
    "site_feeds",
    "site_status",  # after site_i18n: fallback copies get no "outdated" notice
    "site_collections",
    "site_events",
    "site_library",
    "site_schema",
    "site_root",
    "site_redirects",
    "site_cms",
    "site_sitemap",
    "site_search",
    "site_assets",  # last: post-processes the finished output, Pagefind's too
]

JINJA_ENVIRONMENT = {
    "extensions": ["jinja2.ext.i18n"],
    # Titles, tags and other front-matter text are plain text: escape them.
    # Only the HTML that Pelican renders (content, summary) is marked |safe.
    "autoescape": True,
    "trim_blocks": True,
    "lstrip_blocks": True,
}
I18N_GETTEXT_LOCALEDIR = os.path.join(HERE, "theme", "translations")
I18N_UNTRANSLATED_ARTICLES = "remove"
I18N_UNTRANSLATED_PAGES = "remove"
I18N_SUBSITES = {
    "ru": {
        "SITENAME": LANGUAGES["ru"]["sitename"],
        "SITEURL": SITE_ROOT_URL + "/ru",
        "FEED_DOMAIN": SITE_ROOT_URL + "/ru",
        "OUTPUT_PATH": os.path.join(OUTPUT_ROOT, "ru"),
        "CACHE_PATH": os.path.join(CACHE_ROOT, "ru"),
        "STATIC_PATHS": [],
        "THEME_STATIC_PATHS": [],
    },
    "az": {
        "SITENAME": LANGUAGES["az"]["sitename"],
        "SITEURL": SITE_ROOT_URL + "/az",
        "FEED_DOMAIN": SITE_ROOT_URL + "/az",
        "OUTPUT_PATH": os.path.join(OUTPUT_ROOT, "az"),
        "CACHE_PATH": os.path.join(CACHE_ROOT, "az"),
        "STATIC_PATHS": [],
        "THEME_STATIC_PATHS": [],
    },
}

# A translation group that lacks the sub-site's language has several
# "originals" there by design (the fallback plugin picks one of them).
LOG_FILTER = [
    (logging.WARNING, "There are %s original (not translated) items %s: " + "\n%s" * n)
    for n in (2, 3)
]

# Events: the date that separates upcoming from past ("YYYY-MM-DD"; None is
# today in Baku) and the calendar feed of each language.
SITE_EVENTS = {"today": None, "calendar": "events/calendar.ics"}
SITE_LIBRARY = {"types": ["report", "curriculum", "guide"]}
# Facts for schema.org data; the names come from LANGUAGES.
SITE_ORGANIZATION = {
    "email": "info@rtcm.az",
    "founders": [
        "State Migration Service of the Republic of Azerbaijan",
        "International Organization for Migration (IOM)",
    ],
}

# Build speed (plugins/site_speed): shared parse and template caches, one
# process per core (jobs 0; 1 builds sequentially), re-render only changes.
SITE_SPEED = {
    "parse_cache": True,
    "template_cache": True,
    "jobs": 0,
    "render_cache": True,
}

# Pagefind indexes the finished output (plugins/site_search).
# Photos (plugins/site_images): variant widths and formats, the link-preview
# size, the largest file accepted and the smallest lead image without a warning.
SITE_IMAGES = {
    "widths": [360, 720, 1080, 1440],
    "formats": ["avif", "webp"],
    "card_size": [1200, 630],
    "max_bytes": 25_000_000,
    "min_lead_width": 1200,
}
SITE_SEARCH = {"enabled": True, "bundle_dir": "pagefind"}
# Paths inside a language folder that the sitemap leaves out.
SITE_SITEMAP = {"exclude": ["404.html", "search/", "status/"], "disallow": ["/admin/"]}
# The browser editor at /admin/ (plugins/site_cms): a pinned Decap CMS build
# from the npm registry, checked against the registry's sha512, configured
# from the content model. The repository and branch it commits to are the
# centre's (docs/editing-in-the-browser.md, "Signing in: the choices"). `make edit` runs Decap's local
# proxy (decap-server) at local_backend; publishconf.py turns that off.
SITE_CMS = {
    "enabled": True,
    "path": "admin",
    "package": "decap-cms",
    "version": "3.16.3",
    "integrity": "sha512-hf+dPlCh7TJmWl8+6VRzHYOWhri5xgUknrZbDewaWe4s9B7xJ8PQugp2QHeSldMUKzav6+z0oIpwUYhUJDYtYw==",
    "registry": "https://registry.npmjs.org",
    "script": "decap-cms.js",
    "backend": {
        "name": "github",
        "repo": os.environ.get("CMS_REPO", "rtcm-az/website"),
        "branch": "main",
    },
    "api_origins": ["https://api.github.com"],
    "publish_mode": "editorial_workflow",
    "media_folder": "media/images",
    "documents_folder": "media/library",
    "local_backend": f"http://localhost:{os.environ.get('CMS_PORT', '8081')}/api/v1",
    # Languages of the editor's own interface (Decap has no Azerbaijani).
    "ui_locales": ["en", "ru"],
}
# Theme files are linked with asset_url("css/site.css"); development builds
# stay plain and fast, publishconf.py turns the production steps on
# (plugins/site_assets).
SITE_ASSETS = {"minify": False, "fingerprint": False, "precompress": False}

DELETE_OUTPUT_DIRECTORY = False
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
RELATIVE_URLS = False
