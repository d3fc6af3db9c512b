"""Content checks: every problem in content/ at once, each with file and line.

`make check` (tools/check_content.py) and the build (site_checks.register)
both call `check_content()`, so an editor sees the same verdict in both. Each
file is read as Pelican reads it and validated against the content model
(plugins/site_content: the kinds, fields and types, as data); the body's
links are read in linear time (body.py); reading the files themselves (the
walk, the encoding) is in files.py, the rules across files — groups,
references, addresses — in rules.py and the link checks in links.py.
Nothing is built, so the whole content folder is checked in well under a
second.

A problem is an *error* when the build would fail, drop the file or ship a
broken page; a *warning* when the site works but the editor should fix
something (e.g. HTML that the sanitiser will remove). Each message says what
is wrong in plain words and the hint says what to do.
"""

import os
from dataclasses import dataclass, field

from site_content.dropped import report_dropped
from site_content.fields import (
    SLUG_RE,
    ascii_slug,
    image_info,
    suggest,
)
from site_content.frontmatter import parse_front_matter, split_lines
from site_content.model import IMAGE_FORMATS, KINDS, context
from site_content.problems import ERROR, WARNING, Problem
from site_content.redirects import map_name, validate_redirects
from site_content.validate import validate_fields
from site_terms.findings_cache import FindingsCache
from site_terms.terms import TermListError, catalog_problems, file_problems, load_terms

from .body import read_body
from .files import FileReading
from .links import LinkChecks
from .rules import GroupRules

# Defaults, merged with the SITE_CHECKS setting.
DEFAULTS = {
    # Markdown files larger than this are refused before they are read: no
    # news post comes near it, and a huge file is almost always a mistake
    # (a pasted document or image).
    "max_bytes": 1_000_000,
    # Extra paths inside a language folder that the build writes (for
    # internal-link checks), e.g. lists made by plugins.
    "extra_paths": [],
}
MARKDOWN_EXTENSIONS = (".markdown", ".mkd", ".mdown", ".html", ".htm", ".rst", ".txt")
# At most this many removed pieces of HTML are reported per file (a pasted
# web page can have thousands).
MAX_DROPPED_REPORTS = 50
# What content/media/ may hold: files a browser shows as an image or
# downloads. HTML, SVG, scripts or server files there would be published
# under the site's own address, past the allow-list and the CSP.
MEDIA_TYPES = (
    ".jpg",
    ".jpeg",
    ".png",
    ".gif",
    ".webp",
    ".avif",
    ".pdf",
    ".docx",
    ".xlsx",
    ".pptx",
    ".odt",
    ".ods",
    ".odp",
    ".epub",
    ".zip",
    ".csv",
    ".txt",
    ".mp3",
    ".mp4",
)


@dataclass
class Source:
    """One content file: what the checks learned about it."""

    path: str
    relative: str  # to the content folder, with /
    kind: str
    namespace: str  # translations and duplicates are looked for inside it
    slug: str | None = None
    lang: str | None = None
    fields: dict = field(default_factory=dict)  # key -> RawField
    values: dict = field(default_factory=dict)  # key -> typed value
    links: list = field(default_factory=list)
    readable: bool = False

    @property
    def status(self):
        return self.values.get("status") or "published"

    def line_of(self, key):
        found = self.fields.get(key)
        return found.line if found else 1


class ContentChecker(FileReading, GroupRules, LinkChecks):
    """Checks every file under settings['PATH']; `run()` returns problems."""

    def __init__(self, settings):
        self.settings = settings
        self.options = {**DEFAULTS, **settings.get("SITE_CHECKS", {})}
        self.ctx = context(settings)
        self.content = self.ctx.content
        self.languages = list(settings["LANGUAGES"])
        self.categories = list(settings.get("SITE_CATEGORIES", []))
        self.problems = []
        self.sources = []
        self.attachments = {}  # {attach} target -> [(source, line)]
        self.unusable_images = {}  # path -> ImageProblem
        self.site_addresses = set()
        self.folders = {spec["folder"]: kind for kind, spec in KINDS.items()}
        self.page_folders = [p.strip("/") for p in settings.get("PAGE_PATHS", [])]
        self.static_folders = [p.strip("/") for p in settings.get("STATIC_PATHS", [])]
        self.terms = self._load_terms()
        # Beside Pelican's caches (cache/<lang>/): cache/terms.json.
        cache_path = settings.get("CACHE_PATH")
        self.term_cache = FindingsCache(
            os.path.dirname(os.path.normpath(cache_path)) if cache_path else None,
            self.terms,
        )

    def _load_terms(self):
        """{lang: [Term]} of the house term lists (plugins/site_terms); a
        list that cannot be read is an error, and no terms are checked."""
        try:
            return load_terms(self.settings)
        except TermListError as error:
            self.add(
                error.path,
                1,
                ERROR,
                f"the term list cannot be read: {error.detail}",
                "correct the JSON (see docs/style-guide.md, 'The term lists')",
            )
            return {}

    def add(self, path, line, severity, message, hint):
        self.problems.append(Problem(path, line, severity, message, hint))

    def run(self):
        for path in self._walk():
            self._check_file(path)
        self.term_cache.save()
        self._check_groups()
        self._check_references()
        self._check_outputs()
        self._check_links()
        self._check_attachments()
        self.problems += validate_redirects(
            os.path.join(self.content, map_name(self.settings)), self.settings
        )
        # The interface's words are checked with the content's, so that an
        # editor sees in one place where the two disagree.
        for problems in catalog_problems(self.settings, self.terms).values():
            self.problems += problems
        return sorted(self.problems, key=lambda p: (p.path, p.line, p.message))

    def _check_file(self, path):
        relative = os.path.relpath(path, self.content).replace(os.sep, "/")
        top = relative.split("/", 1)[0] if "/" in relative else ""
        if top in self.static_folders:
            extension = os.path.splitext(path)[1].lower()
            if extension not in MEDIA_TYPES:
                self.add(
                    path,
                    1,
                    ERROR,
                    f"files of the type '{extension or 'without extension'}' "
                    f"cannot be published from content/{top}/",
                    f"content/{top}/ holds images and documents "
                    f"({', '.join(MEDIA_TYPES)}); ask a developer for anything else",
                )
            elif extension in IMAGE_FORMATS:
                self._check_image_file(path)
            return
        kind = self.folders.get(top)
        if kind is None:
            if path.endswith(".md"):
                folders = ", ".join(f"content/{f}/" for f in self.folders)
                self.add(
                    path,
                    1,
                    WARNING,
                    "this file is not in a content folder, so the site ignores it",
                    f"move it into one of {folders}",
                )
            return
        namespace = (
            "articles"
            if kind == "post"
            else ("pages" if top in self.page_folders else top)
        )
        source = Source(path, relative, kind, namespace)
        if not self._check_name(source):
            return
        self.sources.append(source)
        text = self._read_text(path)
        if text is None:
            return
        source.readable = True
        lines = split_lines(text)
        fields, body_start, problems = parse_front_matter(lines)
        for line, message, hint in problems:
            self.add(path, line, ERROR, message, hint)
        source.fields = fields
        source.values, problems = validate_fields(kind, fields, self.ctx)
        for line, severity, message, hint in problems:
            self.add(path, line, severity, message, hint)
        body = "\n".join(lines[body_start:])
        self._check_control_characters(path, lines, body_start, body)
        self._check_body(source, lines, body_start, body)
        # House terms: warnings, never a reason to stop a build.
        self.problems += file_problems(
            self.terms,
            path,
            source.lang,
            kind,
            lines,
            fields,
            body_start,
            self.term_cache,
        )

    def _check_image_file(self, path):
        """Every image is read whole, as the build's pipeline will read it:
        one that cannot be is an error here, named with its file (and, by
        the links check, with each line that shows it)."""
        found = image_info(path, self.settings)
        if isinstance(found, ValueError):
            self.unusable_images[path] = found
            self.add(path, 1, ERROR, found.message, found.hint)

    def _check_name(self, source):
        """Sets slug and lang from `<slug>.<lang>.md`; False if not Markdown."""
        path = source.path
        name = os.path.basename(path)
        langs = ", ".join(self.languages)
        if not name.endswith(".md"):
            if name.lower().endswith(MARKDOWN_EXTENSIONS) or "." not in name:
                self.add(
                    path,
                    1,
                    ERROR,
                    f"'{name}' is not a Markdown file named <slug>.<lang>.md",
                    "rename it to end in .<lang>.md, or move images and "
                    "documents to content/media/",
                )
            else:
                self.add(
                    path,
                    1,
                    ERROR,
                    f"'{name}' does not belong in a content folder",
                    "move images and documents to content/media/ and link "
                    "to them with {static}",
                )
            return False
        parts = name[: -len(".md")].split(".")
        if len(parts) == 1:
            slug = ascii_slug(parts[0], self.settings) or "a-short-name"
            self.add(
                path,
                1,
                ERROR,
                f"the file name '{name}' has no language",
                f"rename it to {slug}.{self.languages[0]}.md (or another of: {langs})",
            )
            return True
        if len(parts) > 2:
            slug = ascii_slug("-".join(parts[:-1]), self.settings) or "a-short-name"
            self.add(
                path,
                1,
                ERROR,
                f"the file name '{name}' has more than two parts before .md",
                f"rename it to {slug}.{parts[-1]}.md: the slug may not contain dots",
            )
            return True
        slug, lang = parts
        if lang in self.languages:
            source.lang = lang
        else:
            close = suggest(lang, self.languages)
            better = (
                f"rename it to {slug}.{close}.md"
                if close
                else f"rename it to {slug}.<lang>.md with <lang> one of {langs}"
            )
            self.add(
                path,
                1,
                ERROR,
                f"the language '{lang}' in the file name is not one of the "
                f"site's languages ({langs})",
                better,
            )
        if SLUG_RE.match(slug):
            source.slug = slug
        else:
            better = ascii_slug(slug, self.settings) or "a-short-name"
            self.add(
                path,
                1,
                ERROR,
                f"the slug '{slug}' in the file name may only use a-z, 0-9 and '-'",
                f"rename it to {better}.{lang}.md (the same slug for "
                "every language of the page)",
            )
        return True

    # --- front matter ------------------------------------------------------

    # --- body --------------------------------------------------------------

    def _check_body(self, source, lines, body_start, body):
        links, problems = read_body(lines, body_start)
        source.links = links
        for line, message, hint in problems:
            self.add(source.path, line, ERROR, message, hint)
        # What the sanitiser will drop: the editor is told, the build is not
        # stopped (the sanitiser is the guard).
        dropped = report_dropped(body, body_start + 1)
        for line, message, hint in dropped[:MAX_DROPPED_REPORTS]:
            self.add(source.path, line, WARNING, message, hint)
        if len(dropped) > MAX_DROPPED_REPORTS:
            self.add(
                source.path,
                dropped[MAX_DROPPED_REPORTS][0],
                WARNING,
                f"{len(dropped) - MAX_DROPPED_REPORTS} more elements, attributes or "
                "addresses below this line will be removed",
                "this looks like pasted HTML: paste the text without formatting",
            )


def check_content(settings):
    """Every problem under settings['PATH'], sorted by file and line."""
    return ContentChecker(settings).run()
