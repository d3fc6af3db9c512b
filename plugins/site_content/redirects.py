"""The redirect data of the Moodle migration: `content/moodle-redirects.json`.

Over 400 lines: the format (as data) and its one validator, whose messages
quote the format's own names; they are read together.

tools/moodle_import.py writes it, `make check` and the build check it here,
and plugins/site_redirects builds only from what `load_redirects()` returns.
The format is declared once, as data (TOP_FIELDS, ENTRY_FIELDS and the
address rules below); docs/moodle-migration.md describes it for
editors.

    {"about": "…",
     "posts": {"12": {"slug": "roadmap-workshop", "langs": ["en", "ru"]}},
     "pages": {"3": {"slug": "about-the-old-centre", "cmid": 42,
                     "paths": ["/course/RTCM/page/42-about-the-old-centre"]}}}

The rules of old addresses are in old_paths.py; each problem names the line
of the offending key or value, found by json_lines.py (which also finds a
key given twice).
"""

import json
import os
import re
from dataclasses import dataclass

from site_content.fields import SLUG_RE, suggest
from site_content.json_lines import JSON_MESSAGES, scan
from site_content.old_paths import (  # noqa: F401 - the rules' names, for their users
    ESCAPE_RE,
    ID_ADDRESSES,
    NUMBERED_PATH,
    decoded_path,
    old_path_problem,
    same_address,
    served_folders,
    shown,
)
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
    "pages": {
        "slug": _SLUG,
        "cmid": Field(
            "cmid", False, "the course-module id of /mod/page/view.php?id=N, or null"
        ),
        "langs": _LANGS,
        "paths": _PATHS,
    },
}

ID_RE = re.compile(r"^[1-9][0-9]{0,17}$")  # Moodle's BIGINT ids, written plainly


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
        super().__init__(
            f"{path}: {len(problems)} error(s) in the Moodle redirect "
            "data:\n" + "\n".join(p.format() for p in problems)
        )


def map_name(settings):
    return settings.get("SITE_REDIRECTS", {}).get("map", DEFAULT_MAP)


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
                        relative = os.path.relpath(
                            os.path.join(directory, name), os.path.dirname(content)
                        )
                        files.append(
                            (order[parts[1]], relative.replace(os.sep, "/"), parts[0])
                        )
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
        self.problems.append(
            Problem(self.path, key_line if key else value_line, ERROR, message, hint)
        )

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
                self.add(
                    where + (key,),
                    f"unknown key '{shown(key)}' in {label}",
                    hint,
                    key=True,
                )
            else:
                getattr(self, "check_" + spec[key].type)(where + (key,), item, label)
        for key, field in spec.items():
            if field.required and key not in value:
                self.add(
                    where,
                    f"{label} has no '{key}'",
                    f'add "{key}": … ({field.help})',
                    key=True,
                )

    def check_text(self, where, value, label):
        if not isinstance(value, str):
            self.add(
                where,
                f"'{where[-1]}' in {label} must be a text in double quotes",
                'write it as "…", or delete it',
            )

    def check_entries(self, where, value, label):
        kind = where[-1]
        if not isinstance(value, dict):
            self.add(
                where,
                f"'{kind}' must be an object {{…}} of Moodle ids",
                f'write it as "{kind}": {{"12": {{"slug": "…"}}}}',
            )
            return
        for key, entry in value.items():
            entry_label = f"{NOUNS[kind]} {shown(key, 30)}"
            if not ID_RE.match(key):
                self.add(
                    where + (key,),
                    f"'{shown(key)}' is not a Moodle id",
                    "write the id as a whole number in double quotes, such as "
                    '"12", with no leading zeros, signs or spaces',
                    key=True,
                )
            if not isinstance(entry, dict):
                self.add(
                    where + (key,),
                    f'{entry_label} must be an object {{"slug": …}}',
                    'write it as {"slug": "the-slug"}',
                )
                continue
            self.fields(where + (key,), entry, ENTRY_FIELDS[kind], entry_label)

    def check_slug(self, where, value, label):
        kind = where[0]
        if not isinstance(value, str) or not SLUG_RE.match(value):
            text = f"'{shown(value)}'" if isinstance(value, str) else "not a text"
            self.add(
                where,
                f"the slug of {label} is {text}; a slug may only use a-z, 0-9 and '-'",
                "write the slug of the content files, e.g. "
                '"roadmap-workshop" for content/posts/roadmap-workshop.en.md',
            )
            return
        if value in self.slugs[kind]:
            return
        other = "pages" if kind == "posts" else "posts"
        if value in self.slugs[other]:
            self.add(
                where,
                f"{label} points to '{value}', which is a {NOUNS[other]} "
                f"({self.slugs[other][value]}), not a {NOUNS[kind]}",
                f'move the entry to "{other}", or correct the slug',
            )
        else:
            folders = "content/posts/" if kind == "posts" else "a page folder"
            self.add(
                where,
                f"{label} points to '{value}', but there is no "
                f"{value}.<lang>.md in {folders}",
                "correct the slug to the name of the content files (without "
                ".<lang>.md), or delete the entry",
            )

    def check_cmid(self, where, value, label):
        if value is None:
            return
        if type(value) is not int or not ID_RE.match(str(value)):
            text = (
                f'the text "{shown(value)}"'
                if isinstance(value, str)
                else json.dumps(value)[:40]
            )
            self.add(
                where,
                f"'cmid' of {label} must be a whole number or null, not {text}",
                "write the course-module id without quotes, e.g. 42, or null",
            )
            return
        line = self.positions[where][1]
        if value in self.cmids:
            other, first = self.cmids[value]
            self.add(
                where,
                f"{label} has the same cmid {value} as {other} (line {first})",
                "each Moodle page has its own course-module id; correct one of them",
            )
        else:
            self.cmids[value] = (label, line)

    def check_langs(self, where, value, label):
        languages = list(self.settings["LANGUAGES"])
        if (
            not isinstance(value, list)
            or not all(isinstance(v, str) and v in languages for v in value)
            or len(set(value)) != len(value)
        ):
            self.add(
                where,
                f"'langs' of {label} must list languages of the site, each once",
                f"use some of {', '.join(languages)}, e.g. "
                f'["{languages[0]}"], or delete it',
            )

    def check_paths(self, where, value, label):
        if not isinstance(value, list):
            self.add(
                where,
                f"'paths' of {label} must be a list of old addresses in [ ]",
                'write it as ["/course/RTCM/page/42-about"]',
            )
            return
        for index, path in enumerate(value):
            here = where + (index,)
            if not isinstance(path, str):
                self.add(
                    here,
                    f"an old address of {label} is not a text in double quotes",
                    'write it as "/course/RTCM/page/42-about"',
                )
                continue
            problem = old_path_problem(path, self.settings)
            if problem:
                self.add(here, *problem)
                continue
            line = self.positions[here][1]
            key = same_address(path)
            if key in self.addresses:
                first, first_line = self.addresses[key]
                message = (
                    f"the old address '{path}' is given twice (also on line "
                    f"{first_line})"
                    if first == path
                    else f"the old address '{path}' is the same as '{first}' on "
                    f"line {first_line}"
                )
                self.add(
                    here,
                    message,
                    "keep one of them: servers ignore a last '/' "
                    "and the words after a last number, disks ignore case",
                )
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
        return None, Problem(
            path,
            line,
            ERROR,
            "the file is not UTF-8 text (byte "
            f"0x{data[error.start]:02X} on line {line})",
            "save it as 'UTF-8' in your editor",
        )


def _check(path, settings):
    """(problems, the data json.loads read or None) of the file at `path`."""
    text, problem = _read(path)
    if problem:
        return [problem], None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        message = JSON_MESSAGES.get(error.msg, error.msg)
        return [
            Problem(
                path,
                error.lineno,
                ERROR,
                "the file is not valid JSON at line "
                f"{error.lineno}, column {error.colno}: {message}",
                "names and texts go in double quotes, a ',' between items "
                "and none after the last; compare with "
                "docs/moodle-migration.md",
            )
        ], None
    except RecursionError:
        return [
            Problem(
                path,
                1,
                ERROR,
                "the file is nested too deeply to be redirect data",
                "compare it with docs/moodle-migration.md",
            )
        ], None
    positions, duplicates = scan(text)
    validator = _Validator(path, settings, positions)
    for where, line, first in duplicates:
        validator.problems.append(
            Problem(
                path,
                line,
                ERROR,
                f"'{shown(where[-1])}' is given twice here (also on "
                f"line {first}); only the last one counts",
                "delete one of them",
            )
        )
    if not isinstance(data, dict):
        validator.add(
            (),
            'the file must hold one object {…} with "posts" and "pages"',
            "compare it with docs/moodle-migration.md",
        )
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
                kind,
                int(key),
                entry["slug"],
                entry.get("cmid"),
                tuple(entry.get("langs", ())),
                tuple(entry.get("paths", ())),
            )
    return mapping
