"""Content checks: every problem in content/ at once, each with file and line.

Pure functions over the source files and the Pelican settings; nothing is
built, so the whole content folder is checked in well under a second. The
same `check_content()` backs `make check` (tools/check_content.py) and the
build (site_checks.register), so an editor sees the same messages in both.

A problem is an *error* when the build would fail, drop the file or ship a
broken or unsafe page; a *warning* when the site works but the editor should
fix something. Each message says what is wrong in plain words and the hint
says what to do.
"""

import datetime
import difflib
import os
import posixpath
import re
from dataclasses import dataclass, field
from urllib.parse import unquote, urljoin, urlsplit

from pelican.utils import get_date, slugify
from site_content.problems import ERROR, WARNING, Problem

# Defaults, merged with the SITE_CHECKS setting.
DEFAULTS = {
    # Markdown files larger than this are refused before they are read: no
    # news post comes near it, and a huge file is almost always a mistake
    # (a pasted document or image).
    "max_bytes": 1_000_000,
    # Content folders that the build may not read yet but editors already
    # fill (`make new KIND=event`).
    "folders": {"events": "event"},
    # Extra paths inside a language folder that the build writes (for
    # internal-link checks), e.g. lists made by plugins.
    "extra_paths": [],
    # Front-matter keys per kind of content; kinds not listed (collections
    # of other plugins) get the page fields and may use other keys freely.
    "fields": {},
}

STATUSES = ("published", "draft", "hidden")
EVENT_FORMATS = ("in-person", "online", "hybrid")
FIELDS = {
    "post": {
        "required": ["title", "date", "category"],
        "optional": ["tags", "summary", "modified", "status"],
    },
    "page": {
        "required": ["title"],
        "optional": ["summary", "modified", "status", "template", "save_as", "url"],
    },
    # Events are pages with a date range and a place (plugins/site_events).
    "event": {
        "required": ["title", "start", "format"],
        "optional": ["summary", "modified", "status", "end", "city", "venue",
                     "audience", "countries", "organisers", "registration",
                     "registration_deadline", "training", "news", "example",
                     "timezone"],
    },
}
DATE_KEYS = ("date", "modified", "start", "end", "registration_deadline")
# How the keys are written in messages (Pelican reads them in any case).
KEY_NAMES = {"save_as": "Save_as", "url": "URL"}
# Keys that would override what the file name says.
NAME_KEYS = {"lang": "language", "slug": "slug"}
# The {what} of Pelican's intra-site links that this site can resolve.
LINK_KINDS = ("filename", "static", "attach", "tag", "category", "index")
# What the pages of DIRECT_TEMPLATES are, in messages.
LIST_NAMES = {"index": "the news list", "tags": "the list of tags",
              "archives": "the news archive", "search": "the search page",
              "404": "the 'page not found' page"}
MARKDOWN_EXTENSIONS = (".markdown", ".mkd", ".mdown", ".html", ".htm", ".rst",
                       ".txt")

# Python-Markdown's meta extension, which Pelican's Markdown reader uses.
KEY_RE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)$")
MORE_RE = re.compile(r"^[ ]{4,}(?P<value>.*)$")
BEGIN_RE = re.compile(r"^-{3}(\s.*)?$")
END_RE = re.compile(r"^(-{3}|\.{3})(\s.*)?$")
ISO_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?)?$")
SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

# A line without any of these characters has nothing the body checks look
# at (fences, code spans, links, tags, attributes).
MARKUP_RE = re.compile(r"[`~<\[=]")
FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
CODE_SPAN_RE = re.compile(r"(`+)(?:.+?)\1")
# [text](target "title") and ![alt](target); one level of nested brackets.
INLINE_LINK_RE = re.compile(
    r"(?P<image>!?)\[(?P<text>(?:[^\[\]]|\[[^\]]*\])*)\]"
    r"\(\s*(?P<target><[^>]*>|[^\s)]*)(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)"
)
REFERENCE_RE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*(?P<target><[^>]*>|\S+)")
HTML_ATTR_RE = re.compile(
    r"""\b(?P<attr>href|src|action|formaction|poster|data|cite)\s*=\s*"""
    r"""(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s>]+))""", re.I)
IMG_TAG_RE = re.compile(r"<img\b[^>]*>", re.I)
JS_URL_RE = re.compile(r"^\s*javascript\s*:", re.I)
LINK_KIND_RE = re.compile(r"^[{|](?P<what>[a-z]*)[|}](?P<value>.*)$")


@dataclass
class Field:
    key: str  # lower case, as Pelican stores it
    name: str  # as written in the file
    value: str
    line: int


@dataclass
class Link:
    target: str
    line: int
    image: bool = False
    alt: str | None = None


@dataclass
class Source:
    """One content file: what the checks learned about it."""

    path: str
    relative: str  # to the content folder, with /
    kind: str
    namespace: str  # translations and duplicates are looked for inside it
    slug: str | None = None
    lang: str | None = None
    fields: dict = field(default_factory=dict)
    links: list = field(default_factory=list)
    readable: bool = False

    def value(self, key, default=""):
        found = self.fields.get(key)
        return found.value if found else default

    @property
    def status(self):
        return self.value("status", "published").lower()

    def line_of(self, key):
        found = self.fields.get(key)
        return found.line if found else 1


def key_name(key):
    return KEY_NAMES.get(key, key.capitalize())


def merged_options(settings):
    """DEFAULTS updated with SITE_CHECKS, neither mutated."""
    options = dict(DEFAULTS)
    options.update(settings.get("SITE_CHECKS", {}))
    fields = {kind: dict(spec) for kind, spec in FIELDS.items()}
    fields.update(options["fields"])
    options["fields"] = fields
    return options


def suggest(word, choices, cutoff=0.6):
    """The closest of `choices` to `word` (case-insensitive), or None."""
    lowered = {choice.lower(): choice for choice in choices}
    found = difflib.get_close_matches(word.lower(), list(lowered), n=1,
                                      cutoff=cutoff)
    return lowered[found[0]] if found else None


def ascii_slug(text, settings):
    """`text` made into a slug the way Pelican makes tag slugs."""
    slug = slugify(text, regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []))
    return re.sub(r"-+", "-", slug.replace("_", "-")).strip("-")


def split_lines(text):
    """Lines as Pelican sees them: \\r\\n, \\r and \\n all end a line."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def parse_front_matter(lines):
    """(fields, body_start, problems) as Python-Markdown's meta extension
    reads `lines`; problems are (line, severity, message, hint)."""
    fields = {}
    problems = []
    index = 0
    if lines and BEGIN_RE.match(lines[0]):
        index = 1
    last = None
    while index < len(lines):
        line = lines[index]
        number = index + 1
        if not line.strip() or END_RE.match(line):
            index += 1
            break
        match = KEY_RE.match(line)
        if match:
            key = match["key"].lower()
            value = match["value"].strip()
            if key in fields:
                problems.append((
                    number, ERROR,
                    f"'{match['key']}' is given twice (also on line {fields[key].line})",
                    "keep one of the two lines"))
            else:
                fields[key] = Field(key, match["key"], value, number)
            last = fields[key] if key in fields else None
            index += 1
            continue
        more = MORE_RE.match(line)
        if more and last is not None:
            if last.key == "summary":
                last.value = f"{last.value} {more['value'].strip()}".strip()
            else:
                problems.append((
                    number, ERROR,
                    f"the value of '{last.name}' goes on over line {number}; "
                    "only Summary may take several lines",
                    f"write the whole value of '{last.name}' on line {last.line}"))
            index += 1
            continue
        if index == 0 or (index == 1 and BEGIN_RE.match(lines[0])):
            problems.append((
                number, ERROR,
                f"the file does not start with front matter: line {number} is "
                "not 'Key: value'",
                "start the file with 'Title: …' and the other fields, then a "
                "blank line, then the text"))
        else:
            problems.append((
                number, ERROR,
                f"line {number} is not 'Key: value', so the front matter ends "
                "here and the lines below it show up as text",
                "add the missing ':' after the key, or leave a blank line "
                "between the front matter and the text"))
        break
    return fields, index, problems


def parse_date(value):
    """A datetime, or raise ValueError. ISO dates only, as the README says:
    dateutil would read 07/08/2022 as 8 July, which an editor may not mean."""
    if ISO_DATE_RE.match(value):
        return datetime.datetime.fromisoformat(value.replace("T", " "))
    get_date(value)  # raises ValueError for text that is no date at all
    raise ValueError("ambiguous")


def url_path_variants(path):
    """The forms one output path may be linked with: a/ a a/index.html."""
    path = path.lstrip("/")
    if path.endswith("index.html"):
        path = path[: -len("index.html")]
    return path.rstrip("/")


class ContentChecker:
    """Checks every file under settings['PATH']; `run()` returns problems."""

    def __init__(self, settings):
        self.settings = settings
        self.options = merged_options(settings)
        self.content = os.path.realpath(settings["PATH"])
        self.languages = list(settings["LANGUAGES"])
        self.categories = list(settings.get("SITE_CATEGORIES", []))
        self.problems = []
        self.sources = []
        self.folders = self._content_folders()
        self.static_folders = [p.strip("/") for p in settings.get("STATIC_PATHS", [])]

    # --- reporting ---------------------------------------------------------

    def add(self, path, line, severity, message, hint):
        self.problems.append(Problem(path, line, severity, message, hint))

    # --- files -------------------------------------------------------------

    def _content_folders(self):
        """{top folder: kind} of the folders that hold content files."""
        folders = {}
        for folder in self.settings.get("PAGE_PATHS", []):
            folders[folder.strip("/")] = "page"
        for folder, kind in self.options["folders"].items():
            folders[folder] = kind
        for folder, config in self.settings.get("SITE_COLLECTIONS", {}).items():
            folders[folder] = config["kind"]
        for folder in self.settings.get("ARTICLE_PATHS", []):
            folders[folder.strip("/")] = "post"
        return folders

    def run(self):
        for path in self._walk():
            self._check_file(path)
        self._check_groups()
        self._check_outputs()
        self._check_links()
        return sorted(self.problems, key=lambda p: (p.path, p.line, p.message))

    def _walk(self):
        """Content files in a stable order; reports links that leave content/."""
        for directory, dirs, files in os.walk(self.content):
            dirs.sort()
            for name in list(dirs):
                full = os.path.join(directory, name)
                if name.startswith("."):
                    dirs.remove(name)
                elif os.path.islink(full):
                    dirs.remove(name)
                    self._check_symlink(full)
            for name in sorted(files):
                full = os.path.join(directory, name)
                if name.startswith("."):
                    continue  # Pelican ignores hidden files (IGNORE_FILES)
                if os.path.islink(full) and not self._check_symlink(full):
                    continue
                yield full

    def _check_symlink(self, path):
        """True if the link stays inside content/ and leads somewhere."""
        target = os.path.realpath(path)
        if not os.path.exists(target):
            self.add(path, 1, ERROR,
                     f"this file is a symbolic link to '{os.readlink(path)}', which "
                     "does not exist",
                     "delete the link, or copy the real file here")
            return False
        if os.path.commonpath([target, self.content]) != self.content:
            self.add(path, 1, ERROR,
                     f"this file is a symbolic link to '{target}', outside the "
                     "content folder",
                     "copy the file into content/ instead of linking to it; the "
                     "build must not publish files from elsewhere")
            return False
        return True

    def _check_file(self, path):
        relative = os.path.relpath(path, self.content).replace(os.sep, "/")
        top = relative.split("/", 1)[0] if "/" in relative else ""
        if top in self.static_folders:
            return
        kind = self.folders.get(top)
        if kind is None:
            if path.endswith(".md"):
                folders = ", ".join(f"content/{f}/" for f in self.folders)
                self.add(path, 1, WARNING,
                         "this file is not in a content folder, so the site ignores it",
                         f"move it into one of {folders}")
            return
        source = Source(path, relative, kind, self._namespace(top, kind))
        if not self._check_name(source):
            return
        self.sources.append(source)
        size = os.path.getsize(path)
        limit = self.options["max_bytes"]
        if size > limit:
            self.add(path, 1, ERROR,
                     f"the file is {size / 1_000_000:.1f} MB; a text file may have at "
                     f"most {limit / 1_000_000:g} MB",
                     "shorten the text; put large documents and images in "
                     "content/media/ and link to them with {static}")
            return
        with open(path, "rb") as handle:
            data = handle.read()
        if not data.strip():
            self.add(path, 1, ERROR, "the file is empty",
                     "write the front matter and the text, or delete the file")
            return
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
            self.add(path, 1, WARNING,
                     "the file starts with an invisible byte-order mark (BOM)",
                     "save it as 'UTF-8' (without BOM) in your editor")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            byte = data[error.start]
            self.add(path, line, ERROR,
                     f"the file is not UTF-8 text (byte 0x{byte:02X} on line {line})",
                     "open it and save it with the encoding 'UTF-8'")
            return
        source.readable = True
        lines = split_lines(text)
        fields, body_start, problems = parse_front_matter(lines)
        for line, severity, message, hint in problems:
            self.add(path, line, severity, message, hint)
        source.fields = fields
        self._check_fields(source)
        self._check_body(source, lines, body_start)

    def _namespace(self, top, kind):
        """Pelican groups translations per generator: posts with posts, and
        pages with everything else it reads as pages (events, …)."""
        if kind == "post":
            return "articles"
        if top in [p.strip("/") for p in self.settings.get("PAGE_PATHS", [])]:
            return "pages"
        return top

    def _check_name(self, source):
        """Sets slug and lang from `<slug>.<lang>.md`; False if not Markdown."""
        path = source.path
        name = os.path.basename(path)
        langs = ", ".join(self.languages)
        if not name.endswith(".md"):
            if name.lower().endswith(MARKDOWN_EXTENSIONS) or "." not in name:
                self.add(path, 1, ERROR,
                         f"'{name}' is not a Markdown file named <slug>.<lang>.md",
                         "rename it to end in .<lang>.md, or move images and "
                         "documents to content/media/")
            else:
                self.add(path, 1, ERROR,
                         f"'{name}' does not belong in a content folder",
                         "move images and documents to content/media/ and link "
                         "to them with {static}")
            return False
        parts = name[: -len(".md")].split(".")
        if len(parts) == 1:
            slug = ascii_slug(parts[0], self.settings) or "a-short-name"
            self.add(path, 1, ERROR,
                     f"the file name '{name}' has no language",
                     f"rename it to {slug}.{self.languages[0]}.md (or another of: "
                     f"{langs})")
            return True
        if len(parts) > 2:
            slug = ascii_slug("-".join(parts[:-1]), self.settings) or "a-short-name"
            self.add(path, 1, ERROR,
                     f"the file name '{name}' has more than two parts before .md",
                     f"rename it to {slug}.{parts[-1]}.md: the slug may not "
                     "contain dots")
            return True
        slug, lang = parts
        if lang in self.languages:
            source.lang = lang
        else:
            close = suggest(lang, self.languages)
            better = (f"rename it to {slug}.{close}.md" if close else
                      f"rename it to {slug}.<lang>.md with <lang> one of {langs}")
            self.add(path, 1, ERROR,
                     f"the language '{lang}' in the file name is not one of the "
                     f"site's languages ({langs})", better)
        if SLUG_RE.match(slug):
            source.slug = slug
        else:
            better = ascii_slug(slug, self.settings) or "a-short-name"
            self.add(path, 1, ERROR,
                     f"the slug '{slug}' in the file name may only use a-z, 0-9 "
                     "and '-'",
                     f"rename it to {better}.{lang}.md (the same slug for "
                     "every language of the page)")
        return True

    # --- front matter ------------------------------------------------------

    def _check_fields(self, source):
        path = source.path
        spec = self.options["fields"].get(source.kind, FIELDS["page"])
        open_keys = source.kind not in self.options["fields"]
        known = spec["required"] + spec["optional"]
        every_key = sorted({k for s in self.options["fields"].values()
                            for k in s["required"] + s["optional"]})
        fields = source.fields
        # A misspelt required key ("Tittle") is reported as a misspelling only.
        misspelt = {suggest(key, known, cutoff=0.75) for key in fields
                    if key not in known}
        for key in spec["required"]:
            if key not in fields and key in misspelt:
                continue
            if key not in fields:
                self.add(path, 1, ERROR,
                         f"'{key_name(key)}' is missing",
                         f"add a line '{key_name(key)}: {self._example(key)}' to "
                         "the front matter")
            elif not fields[key].value:
                self.add(path, fields[key].line, ERROR,
                         f"'{key_name(key)}' is empty",
                         f"write a value: '{key_name(key)}: {self._example(key)}'")
        for key, found in fields.items():
            if key in known:
                continue
            if key in NAME_KEYS:
                self.add(path, found.line, ERROR,
                         f"'{found.name}' must not be set in the front matter; the "
                         f"{NAME_KEYS[key]} comes from the file name",
                         "delete the line; rename the file to change the "
                         f"{NAME_KEYS[key]}")
                continue
            close = suggest(key, known, cutoff=0.75)
            if close:
                self.add(path, found.line, ERROR,
                         f"unknown key '{found.name}' (did you mean "
                         f"'{key_name(close)}'?)",
                         f"correct it to '{key_name(close)}:'")
            elif open_keys:
                continue
            elif key in every_key:
                self.add(path, found.line, WARNING,
                         f"'{found.name}' has no effect on a {source.kind}",
                         "delete the line")
            else:
                self.add(path, found.line, WARNING,
                         f"unknown key '{found.name}'; the site ignores it",
                         "delete the line, or see the list of keys in README.md")
        self._check_values(source)

    def _example(self, key):
        return {
            "title": "The title of the page",
            "date": "2022-07-29 17:00",
            "category": self.categories[0] if self.categories else "news",
            "start": "2027-03-15 10:00",
            "format": "in-person",
        }.get(key, "…")

    def _check_values(self, source):
        path = source.path
        fields = source.fields
        dates = {}
        for key in DATE_KEYS:
            if key in fields and fields[key].value:
                found = fields[key]
                try:
                    dates[key] = parse_date(found.value)
                except ValueError:
                    self.add(path, found.line, ERROR,
                             f"'{found.value}' is not a valid date for '{found.name}'",
                             "write the date as YYYY-MM-DD HH:MM in Baku time, "
                             "e.g. 2022-07-29 17:00")
        if "date" in dates and "modified" in dates and dates["modified"] < dates["date"]:
            self.add(path, fields["modified"].line, WARNING,
                     "'Modified' is earlier than 'Date'",
                     "Modified is the date of the last change: make it the same "
                     "as Date or later")
        if "start" in dates and "end" in dates and dates["end"] < dates["start"]:
            self.add(path, fields["end"].line, ERROR,
                     "the event ends before it starts",
                     "check 'Start' and 'End'")
        if "status" in fields:
            found = fields["status"]
            if found.value.lower() not in STATUSES:
                close = suggest(found.value, STATUSES)
                self.add(path, found.line, ERROR,
                         f"unknown status '{found.value}'" + (
                             f" (did you mean '{close}'?)" if close else ""),
                         f"use one of: {', '.join(STATUSES)}; 'draft' keeps the "
                         "page off the published site")
        if source.kind == "post" and fields.get("category") and fields["category"].value:
            found = fields["category"]
            if found.value not in self.categories:
                close = suggest(found.value, self.categories)
                self.add(path, found.line, ERROR,
                         f"unknown category '{found.value}'" + (
                             f" (did you mean '{close}'?)" if close else ""),
                         f"use one of: {', '.join(self.categories)}")
        if source.kind == "event" and fields.get("format") and fields["format"].value:
            found = fields["format"]
            if found.value.lower() not in EVENT_FORMATS:
                self.add(path, found.line, ERROR,
                         f"unknown event format '{found.value}'",
                         f"use one of: {', '.join(EVENT_FORMATS)}")
        if source.status != "draft":
            # `make new` marks what the editor must write with TODO.
            for found in fields.values():
                if "TODO" in found.value:
                    self.add(path, found.line, ERROR,
                             f"'{found.name}' still says TODO",
                             f"write the real {found.name.lower()}, or keep "
                             "'Status: draft' until the file is ready")
        if "template" in fields:
            self._check_template(source, fields["template"])
        self._check_overrides(source)

    def _check_template(self, source, found):
        theme = self.settings.get("THEME", "")
        if not os.path.isfile(os.path.join(theme, "templates", found.value + ".html")):
            self.add(source.path, found.line, ERROR,
                     f"there is no template '{found.value}' in the theme",
                     "delete the line (pages use the normal page template) or "
                     "ask a developer for the right name")

    def _check_overrides(self, source):
        """Save_as/URL stay inside the language's own folder and agree."""
        path = source.path
        fields = source.fields
        lang = source.lang or "<lang>"
        bad = False
        for key in ("save_as", "url"):
            if key not in fields:
                continue
            found = fields[key]
            value = found.value
            segments = value.replace("\\", "/").split("/")
            if (value.startswith(("/", "\\")) or "\\" in value or ":" in value
                    or ".." in segments or "." in segments):
                bad = True
                self.add(path, found.line, ERROR,
                         f"'{found.name}: {value}' points outside this language's "
                         f"folder /{lang}/",
                         "write a path inside it without '/', '..' or 'http:' at "
                         "the start, e.g. 'about/index.html', or delete the line")
        if bad:
            return
        if ("save_as" in fields) != ("url" in fields):
            given, missing = (("save_as", "url") if "save_as" in fields
                              else ("url", "save_as"))
            self.add(path, fields[given].line, ERROR,
                     f"'{fields[given].name}' is set but '{key_name(missing)}' is not",
                     "set both (e.g. 'Save_as: index.html' with an empty 'URL:'), "
                     "or neither")
        elif "save_as" in fields:
            url, save_as = fields["url"].value, fields["save_as"].value
            if url_path_variants(url) != url_path_variants(save_as):
                self.add(path, fields["url"].line, ERROR,
                         f"'URL: {url}' and 'Save_as: {save_as}' name different "
                         "addresses, so links to this page would break",
                         "make them match, e.g. 'URL: about/' with "
                         "'Save_as: about/index.html'")

    # --- body --------------------------------------------------------------

    def _check_body(self, source, lines, body_start):
        path = source.path
        in_fence = None
        for index in range(len(lines)):
            number = index + 1
            line = lines[index]
            if index < body_start:
                # Links in front matter are not links; only text is checked.
                continue
            if not MARKUP_RE.search(line):
                continue  # plain prose: no fence, code, link, tag or attribute
            fence = FENCE_RE.match(line)
            if fence:
                marker = fence.group(1)[0]
                if in_fence is None:
                    in_fence = marker
                elif in_fence == marker:
                    in_fence = None
                continue
            if in_fence:
                continue  # code is shown as text, never run
            text = CODE_SPAN_RE.sub("", line)
            for match in INLINE_LINK_RE.finditer(text):
                target = match["target"].strip("<>")
                image = bool(match["image"])
                source.links.append(Link(target, number, image,
                                         match["text"] if image else None))
            match = REFERENCE_RE.match(text)
            if match:
                source.links.append(Link(match["target"].strip("<>"), number))
            for match in HTML_ATTR_RE.finditer(text):
                value = match["dq"] if match["dq"] is not None else (
                    match["sq"] if match["sq"] is not None else match["bare"])
                source.links.append(Link(value, number))
            for tag in IMG_TAG_RE.findall(text):
                if not re.search(r"\salt\s*=", tag, re.I):
                    self.add(path, number, ERROR,
                             "the image has no alt attribute",
                             'add alt="what the image shows" (alt="" only for '
                             "pure decoration)")

    # --- across files ------------------------------------------------------

    def _check_groups(self):
        """Same slug and language twice; translations that disagree."""
        by_key = {}
        groups = {}
        for source in self.sources:
            if source.slug is None or source.lang is None:
                continue
            by_key.setdefault((source.namespace, source.slug, source.lang),
                              []).append(source)
            groups.setdefault((source.namespace, source.slug), []).append(source)
        for (_namespace, slug, lang), sources in by_key.items():
            for source in sources[1:]:
                self.add(source.path, 1, ERROR,
                         f"another file has the same slug '{slug}' and language "
                         f"'{lang}': content/{sources[0].relative}",
                         "rename one of them: every page needs its own slug")
        main = self.languages[0]
        for sources in groups.values():
            reference = next((s for s in sources if s.lang == main), sources[0])
            for source in sources:
                if source is reference:
                    continue
                if source.kind != reference.kind:
                    self.add(source.path, 1, ERROR,
                             f"this {source.kind} has the same slug as the "
                             f"{reference.kind} content/{reference.relative}, so "
                             "they would count as translations of each other",
                             f"move it next to its translations in "
                             f"content/{reference.relative.split('/')[0]}/, or give "
                             "it another slug")
                elif (source.kind == "post" and reference.readable and source.readable
                        and source.value("category") and reference.value("category")
                        and source.value("category") != reference.value("category")):
                    self.add(source.path, source.line_of("category"), ERROR,
                             f"the category '{source.value('category')}' differs from "
                             f"'{reference.value('category')}' in "
                             f"content/{reference.relative}",
                             "use the same category in every language of a post")

    def _url_of(self, source):
        """This file's URL inside its language folder."""
        if "url" in source.fields:
            return source.fields["url"].value
        collection = self.settings.get("SITE_COLLECTIONS", {}).get(
            source.relative.split("/", 1)[0])
        if collection:
            return collection["url"].format(slug=source.slug)
        pattern = self.settings["ARTICLE_URL"] if source.kind == "post" else \
            self.settings["PAGE_URL"]
        return pattern.format(slug=source.slug, lang=source.lang,
                              category=source.value("category"))

    def _published(self):
        """Sources the published site shows (in every language, through
        fallbacks), keyed by slug."""
        return [s for s in self.sources
                if s.slug and s.lang and s.readable and s.status != "draft"
                and s.namespace in ("articles", "pages")]  # others: not built yet

    def _reserved_paths(self):
        """{path: what} of the lists and feeds each language site writes."""
        settings = self.settings
        reserved = {}
        for name in settings.get("DIRECT_TEMPLATES", []):
            key = name.upper()
            save_as = settings.get(f"{key}_SAVE_AS", f"{name}.html")
            if save_as:
                reserved[url_path_variants(save_as)] = LIST_NAMES.get(
                    name, f"the '{name}' page")
        if settings.get("FEED_ATOM"):
            reserved[url_path_variants(settings["FEED_ATOM"])] = "the news feed"
        return reserved

    def _check_outputs(self):
        """No two files, and no file and a list, write the same address."""
        reserved = self._reserved_paths()
        seen = {}
        for source in self._published():
            url = self._url_of(source)
            address = url_path_variants(url)
            if address in reserved:
                self.add(source.path, source.line_of("url"), ERROR,
                         f"this {source.kind} would be written over "
                         f"{reserved[address]} at /{source.lang}/{url}",
                         "give the file another slug")
            other = seen.get((source.lang, address))
            if other is not None and other.slug != source.slug:
                self.add(source.path, source.line_of("url"), ERROR,
                         f"this {source.kind} would be written to "
                         f"/{source.lang}/{url}, like content/{other.relative}",
                         "change the slug or the Save_as/URL lines of one of them")
            seen[(source.lang, address)] = source

    def _site_paths(self):
        """Every address (url_path_variants form) inside one language folder."""
        settings = self.settings
        paths = {""}
        paths.update(self._reserved_paths())
        for name in settings.get("DIRECT_TEMPLATES", []):
            url = settings.get(f"{name.upper()}_URL")
            if url:
                paths.add(url_path_variants(url))
        for key in settings.get("SITE_NAVIGATION", []) + settings.get(
                "SITE_FOOTER_PAGES", []):
            paths.add(url_path_variants(key))
        paths.update(url_path_variants(p) for p in self.options["extra_paths"])
        for category in self.categories:
            paths.add(url_path_variants(settings["CATEGORY_URL"].format(slug=category)))
        tags = set()
        for source in self._published():
            paths.add(url_path_variants(self._url_of(source)))
            if source.kind == "post":
                tags.update(tag.strip() for tag in source.value("tags").split(","))
        tags.discard("")
        for tag in tags:  # each tag once: the same tags recur in many posts
            paths.add(url_path_variants(settings["TAG_URL"].format(
                slug=ascii_slug(tag, settings))))
        return paths

    def _check_links(self):
        site_paths = self._site_paths()
        by_path = {os.path.realpath(s.path): s for s in self.sources}
        root = urlsplit(self.settings.get("SITE_ROOT_URL", "")).netloc
        for source in self.sources:
            for link in source.links:
                self._check_link(source, link, site_paths, by_path, root)

    def _check_link(self, source, link, site_paths, by_path, root_host):
        path, target, line = source.path, link.target, link.line
        if link.image and not link.alt.strip():
            self.add(path, line, ERROR, "the image has no alt text",
                     "describe what it shows: ![A group photo of the trainees]"
                     "({static}/media/photo.jpg)")
        if JS_URL_RE.match(unquote(target)):
            self.add(path, line, ERROR, "'javascript:' links are not allowed",
                     "link to a page or a file instead")
            return
        if not target:
            self.add(path, line, ERROR, "the link has no address",
                     "write the address between the brackets: [text](address)")
            return
        special = LINK_KIND_RE.match(target)
        if special:
            self._check_intrasite(source, link, special["what"], special["value"],
                                  by_path)
            return
        parts = urlsplit(target)
        if parts.scheme in ("mailto", "tel", "data"):
            return
        external = parts.scheme or parts.netloc
        if external and parts.netloc != root_host:
            if link.image:
                self.add(path, line, ERROR,
                         f"the image is loaded from another site ({parts.netloc})",
                         "the site loads nothing from other sites: save the image "
                         "in content/media/ and use {static}/media/<name>")
            return
        if not parts.path:
            return  # #fragment on the same page: checked in the built HTML
        if parts.path.endswith(".md") and not external:
            self.add(path, line, ERROR,
                     f"the link '{target}' points at a Markdown file without {{filename}}",
                     "write it as ({filename}/posts/<slug>.<lang>.md)")
            return
        base = f"/{source.lang or self.languages[0]}/{self._url_of(source) if source.slug else ''}"
        address = posixpath.normpath(urljoin(base, unquote(parts.path)))
        if parts.path.endswith("/"):
            address += "/"
        self._check_address(source, link, address, site_paths)

    def _check_address(self, source, link, address, site_paths):
        """`address` is an absolute path on this site."""
        first, _, rest = address.lstrip("/").partition("/")
        if first in self.static_folders:
            if not os.path.isfile(os.path.join(self.content, first, rest)):
                self.add(source.path, link.line, ERROR,
                         f"'{link.target}' does not exist in content/{first}/",
                         f"add the file to content/{first}/ or correct the name")
        elif first == "theme":
            static = os.path.join(self.settings.get("THEME", ""), "static", rest)
            if not os.path.isfile(static):
                self.add(source.path, link.line, ERROR,
                         f"'{link.target}' is not a file of the theme",
                         "correct the address")
        elif link.image:
            self.add(source.path, link.line, ERROR,
                     f"the image '{link.target}' does not exist",
                     "put the image in content/media/ and write "
                     "{static}/media/<name>")
        elif first in self.languages:
            if url_path_variants(rest) not in site_paths:
                self.add(source.path, link.line, ERROR,
                         f"'{link.target}' is not a page of the site",
                         "link to another post or page with ({filename}/posts/"
                         "<slug>.<lang>.md) so that the build keeps the address right")
        elif address.strip("/") and not first.endswith((".html", ".xml", ".txt")):
            self.add(source.path, link.line, ERROR,
                     f"'{link.target}' is not a page of the site",
                     "addresses on this site start with a language, e.g. /en/about/")

    def _check_intrasite(self, source, link, what, value, by_path):
        path, line = source.path, link.line
        if what not in LINK_KINDS:
            self.add(path, line, ERROR,
                     f"'{{{what}}}' is not a kind of link the site knows",
                     "use {filename} for pages and posts, {static} for files in "
                     "content/media/")
            return
        if what in ("tag", "index"):
            return
        if what == "category":
            if value not in self.categories:
                self.add(path, line, ERROR,
                         f"there is no category '{value}'",
                         f"use one of: {', '.join(self.categories)}")
            return
        file_part = unquote(urlsplit(value).path)
        if not file_part:
            self.add(path, line, ERROR, f"{{{what}}} is not followed by a file",
                     "write e.g. {filename}/posts/<slug>.<lang>.md")
            return
        if file_part.startswith("/"):
            full = os.path.join(self.content, file_part.lstrip("/"))
        else:
            full = os.path.join(os.path.dirname(path), file_part)
        full = os.path.realpath(full)
        if not os.path.isfile(full):
            names = [s.relative for s in self.sources] if what == "filename" else []
            close = suggest(file_part.lstrip("/"), names, cutoff=0.85)
            self.add(path, line, ERROR,
                     f"the link target '{file_part}' does not exist",
                     f"did you mean /{close}?" if close else
                     "correct the path: it starts at content/, e.g. "
                     "/posts/<slug>.<lang>.md or /media/<file>")
            return
        if what != "filename":
            return
        target = by_path.get(full)
        if target is None:
            self.add(path, line, ERROR,
                     f"{{filename}} points at '{file_part}', which is not a post or page",
                     "use {static} for images and documents")
        elif target.status == "draft" and source.status != "draft":
            self.add(path, line, ERROR,
                     f"the link target '{file_part}' is a draft, so the link "
                     "would be broken on the published site",
                     "publish the target first, or remove the link")


def check_content(settings):
    """Every problem under settings['PATH'], sorted by file and line."""
    return ContentChecker(settings).run()
