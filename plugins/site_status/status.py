"""The translation report, from the source files alone (no build needed).

A *translation group* is one slug in one content namespace (posts, or
everything Pelican reads as pages). Each language of a group is

- ``present``: the file exists and is not a draft;
- ``outdated``: present, but the source-language version changed later;
- ``draft``: the file exists with ``Status: draft``;
- ``missing``: there is no file (the site shows a fallback).

"Changed" is the file's ``Modified:``, else its ``Date:``, else the date of
the last git commit that touched it; without any of them a version is never
called outdated. Outside a git work tree (a copy, an archive) there are no
commit dates; inside one, a missing git program or a shallow clone would
give none or wrong ones, and a warning says so.
"""

import datetime
import logging
import os
import subprocess
import zoneinfo
from dataclasses import dataclass, field

from babel.messages.pofile import read_po

from site_content.fields import FieldError
from site_content.frontmatter import parse_front_matter, split_lines
from site_content.history import in_git_work_tree
from site_content.model import KINDS, read_value

logger = logging.getLogger(__name__)

DEFAULTS = {
    # The language every other one is translated from.
    "source_lang": "en",
    # Where the main (source-language) site writes the report.
    "save_as": "status/translations/index.html",
}
STATES = ("present", "outdated", "draft", "missing")


def status_settings(settings):
    options = dict(DEFAULTS)
    options.update(settings.get("SITE_STATUS", {}))
    return options


@dataclass
class Version:
    path: str  # relative to the content folder
    lang: str
    draft: bool
    changed: datetime.datetime | None
    changed_from: str  # "Modified", "Date", "git" or ""


@dataclass
class Group:
    folder: str  # content folder of the source (or first) version
    slug: str
    versions: dict = field(default_factory=dict)  # lang -> Version
    states: dict = field(default_factory=dict)  # lang -> state


@dataclass
class Report:
    languages: list
    source_lang: str
    groups: list
    ui: dict  # lang -> (translated, total)

    def counts(self):
        """{lang: {state: number of groups}}."""
        return {
            lang: {
                state: sum(g.states[lang] == state for g in self.groups)
                for state in STATES
            }
            for lang in self.languages
        }

    def outdated_paths(self):
        """Content-relative paths of the outdated translations."""
        return {
            g.versions[lang].path
            for g in self.groups
            for lang, state in g.states.items()
            if state == "outdated"
        }

    def as_dict(self):
        return {
            "source_lang": self.source_lang,
            "languages": self.languages,
            "groups": [
                {
                    "folder": g.folder,
                    "slug": g.slug,
                    "languages": {
                        lang: {
                            "state": g.states[lang],
                            "path": g.versions[lang].path
                            if lang in g.versions
                            else None,
                            "changed": (
                                g.versions[lang].changed.isoformat()
                                if lang in g.versions and g.versions[lang].changed
                                else None
                            ),
                            "changed_from": (
                                g.versions[lang].changed_from
                                if lang in g.versions
                                else None
                            ),
                        }
                        for lang in self.languages
                    },
                }
                for g in self.groups
            ],
            "ui_strings": {
                lang: {"translated": done, "total": total}
                for lang, (done, total) in self.ui.items()
            },
        }


def git_dates(directory):
    """{absolute path: last commit date} of the files under `directory`;
    empty outside a git work tree, and, with a warning, when the history
    cannot be read there."""
    if not in_git_work_tree(directory):
        return {}
    hint = (
        "the commit dates of content files without Modified or Date are "
        "not known, so such translations are never marked outdated"
    )
    try:
        shallow = subprocess.run(
            ["git", "rev-parse", "--is-shallow-repository"],
            cwd=directory,
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
        )
        result = subprocess.run(
            ["git", "log", "--format=%x00%cI", "--name-only", "--relative", "--", "."],
            cwd=directory,
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
        )
    except FileNotFoundError:
        logger.warning(
            "site_status: %s is in a git work tree, but the git program "
            "is missing: %s. Install git (apt-get install git).",
            directory,
            hint,
        )
        return {}
    except subprocess.CalledProcessError as error:
        logger.warning(
            "site_status: git could not read the history of %s (%s): %s.",
            directory,
            error.stderr.strip(),
            hint,
        )
        return {}
    except (OSError, subprocess.SubprocessError) as error:
        logger.warning(
            "site_status: git failed in %s (%s): %s.", directory, error, hint
        )
        return {}
    if shallow.stdout.strip() == "true":
        logger.warning(
            "site_status: %s is in a shallow clone: %s. Fetch the whole "
            "history (git fetch --unshallow; in GitHub Actions, "
            "actions/checkout with fetch-depth: 0).",
            directory,
            hint,
        )
        return {}
    dates = {}
    current = None
    for line in result.stdout.splitlines():
        if line.startswith("\0"):
            current = datetime.datetime.fromisoformat(line[1:])
        elif line and current is not None:
            dates.setdefault(os.path.join(directory, line), current)
    return dates


# The model's Modified and Date fields (a post's Date; every kind has Modified).
DATE_FIELDS = {
    field.key: field
    for field in KINDS["post"]["fields"]
    if field.key in ("modified", "date")
}


def read_version(path, relative, lang, tz, commit_dates):
    with open(path, "rb") as handle:
        text = handle.read().decode("utf-8-sig", errors="replace")
    fields, _, _ = parse_front_matter(split_lines(text))
    draft = (
        fields.get("status") is not None and fields["status"].value.lower() == "draft"
    )
    for key, name in (("modified", "Modified"), ("date", "Date")):
        if key in fields:
            try:
                moment = read_value(DATE_FIELDS[key], fields[key].value, None)
            except FieldError:
                continue
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=tz)
            return Version(relative, lang, draft, moment, name)
    if path in commit_dates:
        return Version(relative, lang, draft, commit_dates[path], "git")
    return Version(relative, lang, draft, None, "")


def content_folders(settings):
    """{folder: namespace} of the folders the build reads."""
    folders = {f.strip("/"): "pages" for f in settings.get("PAGE_PATHS", [])}
    folders.update(
        {f.strip("/"): "articles" for f in settings.get("ARTICLE_PATHS", [])}
    )
    return folders


def ui_strings(settings, languages, source_lang):
    """{lang: (translated, total)} of the theme's gettext catalogs."""
    shares = {}
    localedir = settings.get("I18N_GETTEXT_LOCALEDIR", "")
    for lang in languages:
        path = os.path.join(localedir, lang, "LC_MESSAGES", "messages.po")
        if lang == source_lang or not os.path.isfile(path):
            continue
        with open(path, "rb") as handle:
            catalog = read_po(handle)
        messages = [m for m in catalog if m.id]
        done = sum(
            1
            for m in messages
            if not m.fuzzy
            and all(m.string if isinstance(m.string, tuple) else (m.string,))
        )
        shares[lang] = (done, len(messages))
    return shares


def build_report(settings):
    options = status_settings(settings)
    languages = list(settings["LANGUAGES"])
    source = options["source_lang"]
    content = os.path.realpath(settings["PATH"])
    tz = zoneinfo.ZoneInfo(settings.get("TIMEZONE") or "UTC")
    commit_dates = git_dates(content)
    groups = {}
    for folder, namespace in content_folders(settings).items():
        top = os.path.join(content, folder)
        for directory, dirs, files in os.walk(top):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                parts = name.split(".")
                if len(parts) != 3 or parts[2] != "md" or parts[1] not in languages:
                    continue  # `make check` reports badly named files
                path = os.path.join(directory, name)
                relative = os.path.relpath(path, content).replace(os.sep, "/")
                slug, lang = parts[0], parts[1]
                group = groups.setdefault((namespace, slug), Group(folder, slug))
                group.versions.setdefault(
                    lang, read_version(path, relative, lang, tz, commit_dates)
                )
    for group in groups.values():
        origin = group.versions.get(source)
        for lang in languages:
            version = group.versions.get(lang)
            if version is None:
                state = "missing"
            elif version.draft:
                state = "draft"
            elif (
                lang != source
                and origin is not None
                and not origin.draft
                and origin.changed
                and version.changed
                and origin.changed > version.changed
            ):
                state = "outdated"
            else:
                state = "present"
            group.states[lang] = state
    ordered = sorted(groups.values(), key=lambda g: (g.folder, g.slug))
    return Report(languages, source, ordered, ui_strings(settings, languages, source))


def format_table(report):
    """The report as plain-text lines for a terminal."""
    width = max([len(f"{g.folder}/{g.slug}") for g in report.groups] + [20])
    lines = [
        "  ".join(
            [f"{'translation group':<{width}}"]
            + [f"{lang:<8}" for lang in report.languages]
        ).rstrip()
    ]
    for group in report.groups:
        cells = [f"{group.states[lang]:<8}" for lang in report.languages]
        lines.append(
            "  ".join([f"{group.folder + '/' + group.slug:<{width}}"] + cells).rstrip()
        )
    lines.append("")
    for lang, counts in report.counts().items():
        summary = ", ".join(f"{counts[s]} {s}" for s in STATES if counts[s])
        lines.append(f"{lang}: {summary}")
    for lang, (done, total) in report.ui.items():
        share = 100 * done / total if total else 100
        lines.append(f"{lang}: UI strings translated {done}/{total} ({share:.0f}%)")
    return lines
