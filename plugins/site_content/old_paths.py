"""Old Moodle addresses (the `paths` of the redirect data): the rules.

An old address becomes a file name under output/ (a static redirect page)
and a regex in the nginx and Apache rules, so it may hold only characters
that neither treats specially, and never an address the new site serves.
site_content.redirects applies these rules to the data file;
site_redirects.configs writes what passes them.
"""

import re
import unicodedata
from urllib.parse import quote, unquote_to_bytes

# As written: unreserved URL characters, "/" and %-escapes of UTF-8 text
# (letters outside ASCII). No query or fragment: ?entryid=, ?id= and ?p=
# are covered by the ids. Decoded, an address is therefore ASCII letters,
# digits, "-._~/" and printable non-ASCII letters: nothing a server config
# or a file name treats specially.
PATH_MAX = 500
SEGMENT_MAX = 200
PATH_CHAR_RE = re.compile(r"[A-Za-z0-9._~/%-]")
ESCAPE_RE = re.compile(r"%(?:[0-9A-Fa-f]{2})?")
# An address ending in a number (and any words after it) is matched by the
# number alone: /course/RTCM/page/42-a and /course/RTCM/page/42-b are one.
NUMBERED_PATH = re.compile(r"^(?P<prefix>/.*/)(?P<number>[0-9]+)(?:-[^/]*)?/?$")
# Old Moodle addresses answered from the ids, with a static page written by
# plugins/site_redirects: (file in the output root, query parameter -> link
# attribute, kind).
ID_ADDRESSES = (
    ("blog/index.php", "entryid:id", "posts"),
    ("blog/index.html", "entryid:id", "posts"),
    ("mod/page/view.php", "id:cmid p:id", "pages"),
)
# What the new site serves at its root (compared without case: a redirect
# page written there on a case-insensitive disk would replace it). Language
# folders, STATIC_PATHS and the search and redirect folders are added from
# the settings.
SERVED_FOLDERS = ("theme", "media", "pagefind", "redirects")
SERVED_FILES = {
    "index.html": "home page",
    "404.html": "'page not found' page",
    "robots.txt": "robots.txt",
    "_headers": "header rules (deploy/_headers)",
    "_redirects": "redirect rules (deploy/_redirects)",
}
SERVED_FILE_RE = re.compile(r"^sitemap.*\.xml$")
CHAR_NAMES = {
    "\n": "a line break",
    "\r": "a line break",
    "\t": "a tab",
    " ": "a space",
    '"': 'a double quote (")',
    "'": "a quote (')",
    "\\": "a backslash (\\)",
    "?": "a query ('?')",
    "#": "a fragment ('#')",
}


def shown(text, limit=80):
    """`text` for a one-line message: invisible characters as \\n or \\u…."""
    out = []
    for char in text:
        if char in "\n\r\t":
            out.append(repr(char)[1:-1])
        elif char != " " and unicodedata.category(char)[0] in "CZ":
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    text = "".join(out)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _char_name(char):
    if char in CHAR_NAMES:
        return CHAR_NAMES[char]
    if unicodedata.category(char)[0] in "CZ":
        return f"an invisible character (U+{ord(char):04X})"
    return f"'{char}'"


def served_folders(settings):
    """Lower-case first parts of the addresses the new site serves."""
    folders = set(SERVED_FOLDERS) | {lang.lower() for lang in settings["LANGUAGES"]}
    folders |= {
        path.strip("/").split("/")[0].lower()
        for path in settings.get("STATIC_PATHS", [])
    }
    theme = settings.get("THEME_STATIC_DIR", "theme").replace("\\", "/")
    folders.add(theme.split("/")[-1].lower())
    for key, option, default in (
        ("SITE_SEARCH", "bundle_dir", "pagefind"),
        ("SITE_REDIRECTS", "output_dir", "redirects"),
    ):
        folders.add(settings.get(key, {}).get(option, default).lower())
    return folders - {""}


def decoded_path(path):
    """A valid old address with its %-escapes decoded (what servers match)."""
    return unquote_to_bytes(path).decode("utf-8")


def same_address(path):
    """What two old addresses share when they are one address to a server."""
    match = NUMBERED_PATH.match(path)
    if match:
        return (decoded_path(match["prefix"]).lower(), match["number"])
    return (decoded_path(path).rstrip("/").lower(), None)


def old_path_problem(path, settings):
    """(message, hint) for an old address that breaks the rules, else None."""
    if not path:
        return "an old address is empty", "delete the empty text"
    if len(path) > PATH_MAX:
        return (
            f"the old address '{shown(path)}' is {len(path)} characters long; "
            f"at most {PATH_MAX} are allowed",
            "shorten it or delete it",
        )
    if not path.startswith("/"):
        hint = (
            "write only the path, without 'http://' and the host name"
            if "://" in path
            else "write it as the path after the host name, "
            "e.g. /course/RTCM/page/42-about"
        )
        return f"the old address '{shown(path)}' does not start with '/'", hint
    for char in path:
        if PATH_CHAR_RE.match(char):
            continue
        if char in "?#":
            return (
                f"the old address '{shown(path)}' has {CHAR_NAMES[char]}",
                "keep only the path: /blog/index.php?entryid=N, /blog/?entryid=N "
                "and /mod/page/view.php?id=N or ?p=N are redirected by the ids",
            )
        if ord(char) > 127 and unicodedata.category(char)[0] not in "CZ":
            return (
                f"the old address '{shown(path)}' contains '{char}' as it is",
                f"write '{char}' as '{quote(char)}', as browsers send it",
            )
        return (
            f"the old address '{shown(path)}' contains {_char_name(char)}",
            "an old address may only contain letters a-z and A-Z, digits, "
            "- _ . ~ / and %-escapes of non-English letters",
        )
    for match in ESCAPE_RE.finditer(path):
        if len(match[0]) < 3:
            return (
                f"the old address '{shown(path)}' has a '%' without two "
                "hexadecimal digits after it",
                "write a %-escape as % and two of 0-9 A-F, e.g. %D0%BA",
            )
        if int(match[0][1:], 16) < 0x80:
            return (
                f"the old address '{shown(path)}' contains '{match[0]}', an "
                f"escaped '{shown(chr(int(match[0][1:], 16)))}'",
                "write letters, digits and - _ . ~ / as they are; other "
                "English-keyboard characters may not appear, not even escaped",
            )
    try:
        decoded = decoded_path(path)
    except UnicodeDecodeError:
        return (
            f"the %-escapes of the old address '{shown(path)}' do not spell UTF-8 text",
            "copy the address again from the browser's address bar",
        )
    for char in decoded:
        if ord(char) > 127 and unicodedata.category(char)[0] in "CZ":
            return (
                f"the old address '{shown(path)}' contains {_char_name(char)}",
                "delete the invisible character (it is a %-escape)",
            )
    segments = decoded.split("/")[1:]
    for part in segments:
        if part in (".", ".."):
            return (
                f"the old address '{shown(path)}' has a '{part}' part",
                "write the address without '.' or '..' parts, as the browser shows it",
            )
    if "" in segments[:-1]:
        return (
            f"the old address '{shown(path)}' has an empty part ('//')",
            "write one '/' between the parts",
        )
    parts = [part for part in segments if part]
    served = _served_problem(path, parts, settings)
    if served:
        return served
    for part in parts:
        if part.startswith("."):
            return (
                f"the old address '{shown(path)}' has a part that starts with '.'",
                "delete it: such addresses are hidden files, not pages",
            )
        if len(part.encode("utf-8")) > SEGMENT_MAX:
            return (
                f"the old address '{shown(path)}' has a part longer than "
                f"{SEGMENT_MAX} bytes",
                "shorten it or delete the address",
            )
        if part.lower() == "index.html":
            return (
                f"the old address '{shown(path)}' names index.html",
                "write the folder instead: '…/' is the same page",
            )
    return None


def _served_problem(path, parts, settings):
    """(message, hint) if the new site (or an id page) has this address."""
    if parts and parts[0].lower() in served_folders(settings):
        return (
            f"the old address '{shown(path)}' is inside /{parts[0]}/, which "
            "belongs to the new site",
            "delete it: only addresses of the old Moodle site belong here, and "
            "a redirect page there would replace the site's own",
        )
    written = [p.lower() for p in parts] + ["index.html"]
    # The published build has a .gz and a .br twin of every text file.
    first = re.sub(r"\.(gz|br)$", "", written[0])
    served = SERVED_FILES.get(first) or (
        "sitemap" if SERVED_FILE_RE.match(first) else None
    )
    if served:
        return (
            f"the old address '{shown(path)}' is the new site's {served}",
            "delete it: only addresses of the old Moodle site belong here",
        )
    id_files = {name for name, _, _ in ID_ADDRESSES}
    for end in range(1, len(written) + 1):
        if "/".join(written[:end]) in id_files:
            return (
                f"the old address '{shown(path)}' is redirected from the Moodle "
                "ids already",
                "delete it: /blog/index.php?entryid=N, /blog/?entryid=N and "
                "/mod/page/view.php?id=N or ?p=N follow the ids in this file",
            )
    return None
