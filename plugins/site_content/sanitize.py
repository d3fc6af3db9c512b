"""HTML that is safe by construction: every body is cleaned against one
allow-list, and `make check` is told in plain words what the cleaning drops.

All body HTML comes out of Markdown conversion (`FORMATTED_FIELDS` is empty,
`Summary:` is escaped text), so `SanitizeExtension` cleans there, after
Python-Markdown has put raw HTML and attribute lists into the page. Pelican's
automatic summaries, the lists, the feeds and the search index are all made
from that cleaned HTML.

The policy is the data below; `clean()` hands it to nh3 (ammonia) and
`report_dropped()` reads the same constants, so the warning and the cleaning
cannot disagree about what is allowed.
"""

import hashlib
import html
import re
from pathlib import Path

import nh3
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor

# --- The policy ------------------------------------------------------------

# What Python-Markdown with extra, toc and smarty writes for ordinary text,
# and the few inline elements editors paste. Landmarks (main, nav, header,
# footer, aside, section) belong to the theme's base.html: in a body they are
# unwrapped and their text kept.
ALLOWED_TAGS = frozenset(
    {
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "hr",
        "br",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "pre",
        "code",
        "kbd",
        "samp",
        "var",
        "em",
        "strong",
        "b",
        "i",
        "u",
        "s",
        "del",
        "ins",
        "mark",
        "small",
        "sup",
        "sub",
        "abbr",
        "dfn",
        "q",
        "cite",
        "a",
        "img",
        "figure",
        "figcaption",
        "table",
        "caption",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "th",
        "td",
        "div",
        "span",
        "details",
        "summary",
        "wbr",
    }
)
# Removed together with everything inside them. html5ever reads the content
# of script, style, noscript, iframe, noembed, noframes, textarea, title and
# xmp as raw text: unwrapping them would show their markup as text, and an
# allowed noscript would pass its raw content on uncleaned. The others hold
# no text meant for a reader (embeds, forms' fields, drawings, formulas).
REMOVED_WITH_CONTENT = frozenset(
    {
        "script",
        "style",
        "template",
        "noscript",
        "iframe",
        "frame",
        "frameset",
        "noframes",
        "noembed",
        "object",
        "embed",
        "applet",
        "svg",
        "math",
        "textarea",
        "select",
        "title",
        "xmp",
    }
)
# Allowed on every allowed element; attribute lists ({: #id .class }) that
# set anything else lose it, unless the element allows it below.
GENERIC_ATTRIBUTES = frozenset({"id", "class", "lang", "dir"})
ATTRIBUTES = {
    "a": frozenset({"href", "title", "hreflang"}),
    "img": frozenset({"src", "alt", "width", "height", "title"}),
    "th": frozenset({"colspan", "rowspan", "scope", "align"}),
    "td": frozenset({"colspan", "rowspan", "scope", "align"}),
    "abbr": frozenset({"title"}),
    "dfn": frozenset({"title"}),
    "ol": frozenset({"start", "reversed"}),
    "details": frozenset({"open"}),
}
# The attributes nh3 checks against URL_SCHEMES (of the allowed ones).
URL_ATTRIBUTES = frozenset({"href", "src"})
# Relative URLs pass unchanged: Pelican resolves {filename}, {static} and
# |filename| links after reading, so they must reach it as written.
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# Ids of the theme's own elements (theme/templates), and the prefixes of the
# ids it makes from data (`topic-{{ topic }}`, `not-found-{{ lang }}`). A
# body id that takes one of them is renamed, with the body's `#links` to it:
# two elements with one id break the skip link and the page's own anchors.
THEME_IDS = frozenset(
    {
        "main-content",
        "upcoming-events",
        "training-facts",
        "search-year",
        "search-type",
        "search-query",
        "planned-sessions",
        "past-sessions",
        "past-events",
        "latest-news",
        "home-upcoming-events",
        "event-facts",
        "document-facts",
        "site-search",
        "notfound-search",
    }
)
THEME_ID_PREFIXES = ("topic-", "not-found-")
# "main-content" -> "content--main-content". No theme id starts with it, and
# the toc extension never writes "--" (its slugs collapse runs of "-").
RENAMED_ID_PREFIX = "content--"
# After Python-Markdown's raw_html (30), footnote (25) and amp_substitute
# (20) postprocessors: the HTML is complete when it is cleaned.
POSTPROCESSOR_PRIORITY = 1
# What the parse cache (plugins/site_speed) keys conversions on besides the
# Markdown settings: a change of this policy or of nh3 converts again.
FINGERPRINT = hashlib.sha256(
    Path(__file__).read_bytes() + nh3.__version__.encode()
).hexdigest()


def allowed_attributes(tag):
    return GENERIC_ATTRIBUTES | ATTRIBUTES.get(tag, frozenset())


def is_theme_id(value):
    return value in THEME_IDS or value.startswith(THEME_ID_PREFIXES)


def renamed_id(value):
    return RENAMED_ID_PREFIX + value


# What URL parsers strip from both ends of a URL.
C0_AND_SPACE = "".join(chr(code) for code in range(0x21))


def url_scheme(value):
    """The scheme of a URL as a browser reads it ('javascript' for
    ' jav&#x61;scr\\tipt:'), lower case; None for a relative URL."""
    value = re.sub(r"[\t\n\r]", "", html.unescape(value)).strip(C0_AND_SPACE)
    match = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", value)
    return match[1].lower() if match else None


# --- Cleaning --------------------------------------------------------------


def _cleaner(attribute_filter):
    return nh3.Cleaner(
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(REMOVED_WITH_CONTENT),
        attributes={
            "*": set(GENERIC_ATTRIBUTES),
            **{tag: set(names) for tag, names in ATTRIBUTES.items()},
        },
        attribute_filter=attribute_filter,
        # No rel="noopener noreferrer": `target` is not allowed, so no link
        # opens a window that could reach back, and today's links stay as
        # they are.
        link_rel=None,
        url_schemes=set(URL_SCHEMES),
        strip_comments=True,
    )


def _rename_theme_id(tag, attribute, value):
    if attribute == "id" and is_theme_id(value):
        return renamed_id(value)
    return value


# Building a Cleaner costs ten times more than cleaning a post: one for all.
_CLEANER = _cleaner(_rename_theme_id)
RENAMED_ID_RE = re.compile(r'\sid="' + re.escape(RENAMED_ID_PREFIX) + r'([^"]*)"')


def clean(html_text):
    """`html_text` with only the allow-listed elements, attributes and URL
    schemes. Ids equal to the theme's are renamed (renamed_id), and so are
    the `href="#id"` links to them when the text has such an element."""
    cleaned = _CLEANER.clean(html_text)
    if RENAMED_ID_PREFIX not in cleaned:
        return cleaned
    renamed = {m[1] for m in RENAMED_ID_RE.finditer(cleaned) if is_theme_id(m[1])}
    if not renamed:
        return cleaned

    # A link may come before its target (a [TOC]), so links get a second
    # pass, over HTML that is clean already (cleaning it again is stable).
    # A link to a theme id that the text does not define keeps pointing
    # at the theme's element.
    def relink(tag, attribute, value):
        if attribute == "href" and value.startswith("#") and value[1:] in renamed:
            return "#" + renamed_id(value[1:])
        return value

    return _cleaner(relink).clean(cleaned)


class SanitizePostprocessor(Postprocessor):
    def run(self, text):
        return clean(text)


class SanitizeExtension(Extension):
    """Cleans the HTML of every conversion (`clean`), last of all."""

    def extendMarkdown(self, md):
        md.postprocessors.register(
            SanitizePostprocessor(md), "sanitize", POSTPROCESSOR_PRIORITY
        )
        md.registerExtension(self)


def makeExtension(**kwargs):
    return SanitizeExtension(**kwargs)
