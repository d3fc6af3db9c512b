"""What imported HTML may keep: the allow-list, the cleaning with nh3, and
the report of what the cleaning removes (said before it is removed).

The importer's own policy, applied before conversion to Markdown; the
build cleans every page again with the site's (plugins/site_content/
sanitize.py).
"""

import re
from urllib.parse import urlsplit

import nh3
from bs4 import BeautifulSoup

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "code",
    "dd",
    "del",
    "dl",
    "dt",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "iframe",
    "img",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title"},
    "iframe": {"src", "title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Embedded players that may stay (as links: the site loads nothing from other
# hosts, so an allowed embed becomes a link to the video, see convert_iframe).
IFRAME_HOSTS = {
    "www.youtube-nocookie.com",
    "youtube-nocookie.com",
    "www.youtube.com",
    "youtube.com",
    "player.vimeo.com",
}
# Elements removed together with their content.
DROPPED_WITH_CONTENT = {
    "script",
    "style",
    "noscript",
    "template",
    "object",
    "embed",
    "svg",
    "math",
    "form",
    "select",
    "textarea",
}


def _allowed_iframe(src):
    parts = urlsplit(src or "")
    return parts.scheme == "https" and parts.hostname in IFRAME_HOSTS


def audit_html(value):
    """What sanitising will remove, as report lines (before it is removed)."""
    soup = BeautifulSoup(value or "", "lxml")
    found = []
    for name in sorted(DROPPED_WITH_CONTENT):
        count = len(soup.find_all(name))
        if count:
            found.append(f"removed {count} <{name}> element(s)")
    handlers = sorted(
        {
            attr
            for tag in soup.find_all(True)
            for attr in tag.attrs
            if attr.lower().startswith("on")
        }
    )
    if handlers:
        found.append("removed event handler attribute(s): " + ", ".join(handlers))
    scripted = [
        tag
        for tag in soup.find_all(True)
        for attr in ("href", "src")
        if re.match(
            r"\s*(javascript|vbscript|data):", tag.get(attr, "") or "", re.IGNORECASE
        )
    ]
    if scripted:
        found.append(f"removed {len(scripted)} javascript:/data: URL(s)")
    for frame in soup.find_all("iframe"):
        if not _allowed_iframe(frame.get("src")):
            found.append(
                f"removed <iframe> from a host not on the allow-list: "
                f"{frame.get('src', '')!r}"
            )
    return found


def _attribute_filter(tag, attribute, value):
    if tag == "iframe" and attribute == "src" and not _allowed_iframe(value):
        return None
    return value


def sanitise_html(value):
    """Clean HTML that keeps only the allow-listed tags and attributes.

    Scripts, styles and their content, event handlers, `style`/`class`
    attributes, javascript: URLs and iframes from other hosts are removed.
    """
    cleaned = nh3.clean(
        value or "",
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_attribute_filter,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
    soup = BeautifulSoup(cleaned, "lxml")
    for frame in soup.find_all("iframe"):
        if not frame.get("src"):
            frame.decompose()
    body = soup.body
    return body.decode_contents() if body else ""
