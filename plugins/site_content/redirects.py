"""The redirect data of the Moodle migration: `content/moodle-redirects.json`.

tools/moodle_import.py writes it, `make check` and the build check it here,
and plugins/site_redirects builds only from what `load_redirects()` returns.
The format is declared once, as data (TOP_FIELDS, ENTRY_FIELDS and the
address rules below); README.md ("Migrating from Moodle") describes it for
editors.

    {"about": "…",
     "posts": {"12": {"slug": "roadmap-workshop", "langs": ["en", "ru"]}},
     "pages": {"3": {"slug": "about-the-old-centre", "cmid": 42,
                     "paths": ["/course/RTCM/page/42-about-the-old-centre"]}}}

Lines: `json.loads` decides what the file means (the last of two equal
keys wins, as everywhere in JSON); `_scan()` then walks the same text with
the decoder's own pieces (`scanstring` for every key and text, `raw_decode`
to step over anything deeper than the format goes) and records the line of
every key and value by its path of keys, so each problem names the line
where the offending key or value is, and a key given twice is found too.
"""

import bisect
import json
import os
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import quote, unquote_to_bytes

from site_content.fields import SLUG_RE, suggest
from site_content.problems import ERROR, Problem

DEFAULT_MAP = "moodle-redirects.json"  # in the content folder (SITE_REDIRECTS["map"])
KINDS = ("posts", "pages")
NOUNS = {"posts": "post", "pages": "page"}


@dataclass(frozen=True)
class Field:
    type: str  # _Validator.check_<type> checks the value
    required: bool
    help: str


TOP_FIELDS = {
    "about": Field("text", False, "a note for people who open the file; ignored"),
    "posts": Field("entries", False, "Moodle blog entries by their id (mdl_post.id)"),
    "pages": Field("entries", False, "Moodle pages by their id (mdl_page.id)"),
}
_SLUG = Field("slug", True, "the slug of the translation group the entry became")
_LANGS = Field("langs", False, "the languages the importer wrote; informative")
_PATHS = Field("paths", False, "other old addresses of the entry (paths only)")
ENTRY_FIELDS = {
    "posts": {"slug": _SLUG, "langs": _LANGS, "paths": _PATHS},
    "pages": {"slug": _SLUG, "cmid": Field(
        "cmid", False, "the course-module id of /mod/page/view.php?id=N, or null"),
              "langs": _LANGS, "paths": _PATHS},
}

ID_RE = re.compile(r"^[1-9][0-9]{0,17}$")  # Moodle's BIGINT ids, written plainly

# --- Old addresses (`paths`) -------------------------------------------------
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
CHAR_NAMES = {"\n": "a line break", "\r": "a line break", "\t": "a tab",
              " ": "a space", '"': 'a double quote (")', "'": "a quote (')",
              "\\": "a backslash (\\)", "?": "a query ('?')", "#": "a fragment ('#')"}

JSON_MESSAGES = {
    "Expecting ',' delimiter": "a ',' is missing here",
    "Expecting ':' delimiter": "a ':' is missing here",
    "Expecting value": "a value is missing here (or there is a ',' too many)",
    "Expecting property name enclosed in double quotes":
        "a name in double quotes is expected here (or there is a ',' too many)",
    "Unterminated string starting at": "a text in double quotes is not closed",
    "Invalid control character at": "a text in double quotes contains a line break "
                                    "or another invisible character",
    "Invalid \\escape": "a backslash starts an escape JSON does not know",
    "Extra data": "there is more after the end of the data",
    "Unexpected UTF-8 BOM (decode using utf-8-sig)":
        "the file starts with an invisible byte-order mark (BOM)",
}


@dataclass(frozen=True)
class Redirect:
    """One validated entry: Moodle `kind` `id` became the group `slug`."""

    kind: str
    id: int
    slug: str
    cmid: int | None = None
    langs: tuple = ()
    paths: tuple = ()


class RedirectDataError(ValueError):
    """The redirect data has errors; `problems` lists them."""

    def __init__(self, path, problems):
        self.problems = problems
        super().__init__(f"{path}: {len(problems)} error(s) in the Moodle redirect "
                         "data:\n" + "\n".join(p.format() for p in problems))


def map_name(settings):
    return settings.get("SITE_REDIRECTS", {}).get("map", DEFAULT_MAP)


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
    folders |= {path.strip("/").split("/")[0].lower()
                for path in settings.get("STATIC_PATHS", [])}
    theme = settings.get("THEME_STATIC_DIR", "theme").replace("\\", "/")
    folders.add(theme.split("/")[-1].lower())
    for key, option, default in (("SITE_SEARCH", "bundle_dir", "pagefind"),
                                 ("SITE_REDIRECTS", "output_dir", "redirects")):
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
        return (f"the old address '{shown(path)}' is {len(path)} characters long; "
                f"at most {PATH_MAX} are allowed", "shorten it or delete it")
    if not path.startswith("/"):
        hint = ("write only the path, without 'http://' and the host name"
                if "://" in path else "write it as the path after the host name, "
                "e.g. /course/RTCM/page/42-about")
        return f"the old address '{shown(path)}' does not start with '/'", hint
    for char in path:
        if PATH_CHAR_RE.match(char):
            continue
        if char in "?#":
            return (f"the old address '{shown(path)}' has {CHAR_NAMES[char]}",
                    "keep only the path: /blog/index.php?entryid=N, /blog/?entryid=N "
                    "and /mod/page/view.php?id=N or ?p=N are redirected by the ids")
        if ord(char) > 127 and unicodedata.category(char)[0] not in "CZ":
            return (f"the old address '{shown(path)}' contains '{char}' as it is",
                    f"write '{char}' as '{quote(char)}', as browsers send it")
        return (f"the old address '{shown(path)}' contains {_char_name(char)}",
                "an old address may only contain letters a-z and A-Z, digits, "
                "- _ . ~ / and %-escapes of non-English letters")
    for match in ESCAPE_RE.finditer(path):
        if len(match[0]) < 3:
            return (f"the old address '{shown(path)}' has a '%' without two "
                    "hexadecimal digits after it",
                    "write a %-escape as % and two of 0-9 A-F, e.g. %D0%BA")
        if int(match[0][1:], 16) < 0x80:
            return (f"the old address '{shown(path)}' contains '{match[0]}', an "
                    f"escaped '{shown(chr(int(match[0][1:], 16)))}'",
                    "write letters, digits and - _ . ~ / as they are; other "
                    "English-keyboard characters may not appear, not even escaped")
    try:
        decoded = decoded_path(path)
    except UnicodeDecodeError:
        return (f"the %-escapes of the old address '{shown(path)}' do not spell "
                "UTF-8 text", "copy the address again from the browser's address bar")
    for char in decoded:
        if ord(char) > 127 and unicodedata.category(char)[0] in "CZ":
            return (f"the old address '{shown(path)}' contains {_char_name(char)}",
                    "delete the invisible character (it is a %-escape)")
    segments = decoded.split("/")[1:]
    for part in segments:
        if part in (".", ".."):
            return (f"the old address '{shown(path)}' has a '{part}' part",
                    "write the address without '.' or '..' parts, as the browser "
                    "shows it")
    if "" in segments[:-1]:
        return (f"the old address '{shown(path)}' has an empty part ('//')",
                "write one '/' between the parts")
    parts = [part for part in segments if part]
    served = _served_problem(path, parts, settings)
    if served:
        return served
    for part in parts:
        if part.startswith("."):
            return (f"the old address '{shown(path)}' has a part that starts with "
                    "'.'", "delete it: such addresses are hidden files, not pages")
        if len(part.encode("utf-8")) > SEGMENT_MAX:
            return (f"the old address '{shown(path)}' has a part longer than "
                    f"{SEGMENT_MAX} bytes", "shorten it or delete the address")
        if part.lower() == "index.html":
            return (f"the old address '{shown(path)}' names index.html",
                    "write the folder instead: '…/' is the same page")
    return None


def _served_problem(path, parts, settings):
    """(message, hint) if the new site (or an id page) has this address."""
    if parts and parts[0].lower() in served_folders(settings):
        return (f"the old address '{shown(path)}' is inside /{parts[0]}/, which "
                "belongs to the new site",
                "delete it: only addresses of the old Moodle site belong here, and "
                "a redirect page there would replace the site's own")
    written = [p.lower() for p in parts] + ["index.html"]
    served = SERVED_FILES.get(written[0]) or (
        "sitemap" if SERVED_FILE_RE.match(written[0]) else None)
    if served:
        return (f"the old address '{shown(path)}' is the new site's {served}",
                "delete it: only addresses of the old Moodle site belong here")
    id_files = {name for name, _, _ in ID_ADDRESSES}
    for end in range(1, len(written) + 1):
        if "/".join(written[:end]) in id_files:
            return (f"the old address '{shown(path)}' is redirected from the Moodle "
                    "ids already",
                    "delete it: /blog/index.php?entryid=N, /blog/?entryid=N and "
                    "/mod/page/view.php?id=N or ?p=N follow the ids in this file")
    return None


# --- Where things are in the file ---------------------------------------------

_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()
SCAN_DEPTH = 4  # top, kind, id, key: below that, values are stepped over


def _scan(text):
    """({key path: (key line, value line)}, [(key path, line, first line)])
    for text that json.loads has accepted; key paths are tuples of keys and
    list indexes, () is the whole file."""
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    positions, duplicates = {}, []

    def line(pos):
        return bisect.bisect_right(starts, pos)

    def value(pos, path, key_line):
        pos = _SPACE.match(text, pos).end()
        positions[path] = (key_line or line(pos), line(pos))
        if len(path) >= SCAN_DEPTH or text[pos] not in "{[":
            return _DECODER.raw_decode(text, pos)[1]
        closing = "}" if text[pos] == "{" else "]"
        pos = _SPACE.match(text, pos + 1).end()
        seen, index = {}, 0
        while text[pos] != closing:
            if closing == "}":
                key, end = json.decoder.scanstring(text, pos + 1)
                if key in seen:
                    duplicates.append((path + (key,), line(pos), seen[key]))
                seen[key] = line(pos)
                pos = _SPACE.match(text, end).end() + 1  # the ":"
                pos = value(pos, path + (key,), seen[key])
            else:
                pos = value(pos, path + (index,), None)
                index += 1
            pos = _SPACE.match(text, pos).end()
            if text[pos] == ",":
                pos = _SPACE.match(text, pos + 1).end()
        return pos + 1

    value(0, (), None)
    return positions, duplicates


# --- The checks ---------------------------------------------------------------

def content_slugs(settings):
    """{kind: {slug: first file, relative to the project}} of the content
    files (drafts included): posts in ARTICLE_PATHS, pages in PAGE_PATHS."""
    content = os.path.realpath(settings["PATH"])
    order = {lang: index for index, lang in enumerate(settings["LANGUAGES"])}
    found = {kind: {} for kind in KINDS}
    for kind, key in (("posts", "ARTICLE_PATHS"), ("pages", "PAGE_PATHS")):
        files = []  # (language order, path, slug): the main language's file first
        for folder in settings.get(key, []):
            for directory, dirs, names in os.walk(os.path.join(content, folder)):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in names:
                    parts = name.split(".")
                    if len(parts) == 3 and parts[1] in order and parts[2] == "md":
                        relative = os.path.relpath(os.path.join(directory, name),
                                                   os.path.dirname(content))
                        files.append((order[parts[1]], relative.replace(os.sep, "/"),
                                      parts[0]))
        for _, relative, slug in sorted(files):
            found[kind].setdefault(slug, relative)
    return found


class _Validator:
    def __init__(self, path, settings, positions):
        self.path, self.settings, self.positions = path, settings, positions
        self.problems = []
        self.slugs = content_slugs(settings)
        self.addresses = {}  # same_address key -> (path, line)
        self.cmids = {}  # cmid -> (label, line)

    def add(self, where, message, hint, *, key=False):
        key_line, value_line = self.positions.get(where, (1, 1))
        self.problems.append(Problem(self.path, key_line if key else value_line,
                                     ERROR, message, hint))

    def fields(self, where, value, spec, label):
        """An object of the keys in `spec`; each checked by its type."""
        for key, item in value.items():
            if key not in spec:
                names = ", ".join(f"'{k}'" for k in spec)
                close = suggest(key.strip(), list(spec), cutoff=0.7)
                owner = next((k for k, f in ENTRY_FIELDS.items() if key in f), None)
                if close:
                    hint = f"correct it to '{close}'"
                elif owner and spec is not TOP_FIELDS:
                    hint = f"only {owner} have '{key}'; delete it here"
                else:
                    hint = f"{label} may only have {names}; delete the key"
                self.add(where + (key,), f"unknown key '{shown(key)}' in {label}",
                         hint, key=True)
            else:
                getattr(self, "check_" + spec[key].type)(where + (key,), item, label)
        for key, field in spec.items():
            if field.required and key not in value:
                self.add(where, f"{label} has no '{key}'",
                         f"add \"{key}\": … ({field.help})", key=True)

    def check_text(self, where, value, label):
        if not isinstance(value, str):
            self.add(where, f"'{where[-1]}' in {label} must be a text in double quotes",
                     "write it as \"…\", or delete it")

    def check_entries(self, where, value, label):
        kind = where[-1]
        if not isinstance(value, dict):
            self.add(where, f"'{kind}' must be an object {{…}} of Moodle ids",
                     f"write it as \"{kind}\": {{\"12\": {{\"slug\": \"…\"}}}}")
            return
        for key, entry in value.items():
            entry_label = f"{NOUNS[kind]} {shown(key, 30)}"
            if not ID_RE.match(key):
                self.add(where + (key,), f"'{shown(key)}' is not a Moodle id",
                         "write the id as a whole number in double quotes, such as "
                         "\"12\", with no leading zeros, signs or spaces", key=True)
            if not isinstance(entry, dict):
                self.add(where + (key,), f"{entry_label} must be an object "
                         "{\"slug\": …}", "write it as {\"slug\": \"the-slug\"}")
                continue
            self.fields(where + (key,), entry, ENTRY_FIELDS[kind], entry_label)

    def check_slug(self, where, value, label):
        kind = where[0]
        if not isinstance(value, str) or not SLUG_RE.match(value):
            text = f"'{shown(value)}'" if isinstance(value, str) else "not a text"
            self.add(where, f"the slug of {label} is {text}; a slug may only use a-z, "
                     "0-9 and '-'", "write the slug of the content files, e.g. "
                     "\"roadmap-workshop\" for content/posts/roadmap-workshop.en.md")
            return
        if value in self.slugs[kind]:
            return
        other = "pages" if kind == "posts" else "posts"
        if value in self.slugs[other]:
            self.add(where, f"{label} points to '{value}', which is a {NOUNS[other]} "
                     f"({self.slugs[other][value]}), not a {NOUNS[kind]}",
                     f"move the entry to \"{other}\", or correct the slug")
        else:
            folders = "content/posts/" if kind == "posts" else "a page folder"
            self.add(where, f"{label} points to '{value}', but there is no "
                     f"{value}.<lang>.md in {folders}",
                     "correct the slug to the name of the content files (without "
                     ".<lang>.md), or delete the entry")

    def check_cmid(self, where, value, label):
        if value is None:
            return
        if type(value) is not int or not ID_RE.match(str(value)):
            text = (f"the text \"{shown(value)}\"" if isinstance(value, str)
                    else json.dumps(value)[:40])
            self.add(where, f"'cmid' of {label} must be a whole number or null, not "
                     f"{text}", "write the course-module id without quotes, e.g. 42, "
                     "or null")
            return
        line = self.positions[where][1]
        if value in self.cmids:
            other, first = self.cmids[value]
            self.add(where, f"{label} has the same cmid {value} as {other} (line "
                     f"{first})", "each Moodle page has its own course-module id; "
                     "correct one of them")
        else:
            self.cmids[value] = (label, line)

    def check_langs(self, where, value, label):
        languages = list(self.settings["LANGUAGES"])
        if not isinstance(value, list) or not all(
                isinstance(v, str) and v in languages for v in value) or len(
                set(value)) != len(value):
            self.add(where, f"'langs' of {label} must list languages of the site, "
                     "each once", f"use some of {', '.join(languages)}, e.g. "
                     f"[\"{languages[0]}\"], or delete it")

    def check_paths(self, where, value, label):
        if not isinstance(value, list):
            self.add(where, f"'paths' of {label} must be a list of old addresses in "
                     "[ ]", 'write it as ["/course/RTCM/page/42-about"]')
            return
        for index, path in enumerate(value):
            here = where + (index,)
            if not isinstance(path, str):
                self.add(here, f"an old address of {label} is not a text in double "
                         "quotes", 'write it as "/course/RTCM/page/42-about"')
                continue
            problem = old_path_problem(path, self.settings)
            if problem:
                self.add(here, *problem)
                continue
            line = self.positions[here][1]
            key = same_address(path)
            if key in self.addresses:
                first, first_line = self.addresses[key]
                message = (f"the old address '{path}' is given twice (also on line "
                           f"{first_line})" if first == path else
                           f"the old address '{path}' is the same as '{first}' on "
                           f"line {first_line}")
                self.add(here, message, "keep one of them: servers ignore a last '/' "
                         "and the words after a last number, disks ignore case")
            else:
                self.addresses[key] = (path, line)


def _read(path):
    """(text, None) or (None, problem) for the file at `path`."""
    with open(path, "rb") as f:
        data = f.read()
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return None, Problem(path, line, ERROR, "the file is not UTF-8 text (byte "
                             f"0x{data[error.start]:02X} on line {line})",
                             "save it as 'UTF-8' in your editor")


def _check(path, settings):
    """(problems, the data json.loads read or None) of the file at `path`."""
    text, problem = _read(path)
    if problem:
        return [problem], None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        message = JSON_MESSAGES.get(error.msg, error.msg)
        return [Problem(path, error.lineno, ERROR, "the file is not valid JSON at line "
                        f"{error.lineno}, column {error.colno}: {message}",
                        "names and texts go in double quotes, a ',' between items "
                        "and none after the last; compare with README.md, 'Migrating "
                        "from Moodle'")], None
    except RecursionError:
        return [Problem(path, 1, ERROR, "the file is nested too deeply to be "
                        "redirect data", "compare it with README.md, 'Migrating from "
                        "Moodle'")], None
    positions, duplicates = _scan(text)
    validator = _Validator(path, settings, positions)
    for where, line, first in duplicates:
        validator.problems.append(Problem(
            path, line, ERROR, f"'{shown(where[-1])}' is given twice here (also on "
            f"line {first}); only the last one counts", "delete one of them"))
    if not isinstance(data, dict):
        validator.add((), "the file must hold one object {…} with \"posts\" and "
                      "\"pages\"", "compare it with README.md, 'Migrating from Moodle'")
    else:
        validator.fields((), data, TOP_FIELDS, "the file")
    return sorted(validator.problems, key=lambda p: (p.line, p.message)), data


def validate_redirects(path, settings):
    """Every problem of the redirect data at `path` (none if there is no file)."""
    path = os.path.abspath(path)
    return _check(path, settings)[0] if os.path.isfile(path) else []


def load_redirects(path, settings):
    """{kind: {id: Redirect}} from the file at `path` (empty without a file);
    raises RedirectDataError if it has any error. The file is read once: what
    was validated is what is returned."""
    path = os.path.abspath(path)
    mapping = {kind: {} for kind in KINDS}
    if not os.path.isfile(path):
        return mapping
    problems, data = _check(path, settings)
    errors = [p for p in problems if p.severity == ERROR]
    if errors:
        raise RedirectDataError(path, errors)
    for kind in KINDS:
        for key in sorted(data.get(kind, {}), key=int):
            entry = data[kind][key]
            mapping[kind][int(key)] = Redirect(
                kind, int(key), entry["slug"], entry.get("cmid"),
                tuple(entry.get("langs", ())), tuple(entry.get("paths", ())))
    return mapping
