"""One Moodle item into the site: its titles and body split by language,
sanitised, converted and written as one Markdown file per language that has
a title of its own, and its entry in the mapping; plus the site's settings
the import follows (`Project`) and what happened to each item (`Report`).
"""

import datetime as dt
import html
import re
import runpy
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from pelican.utils import slugify

from site_content.redirects import ID_RE

from . import InputError
from .multilang import guess_lang, split_multilang, tags_for
from .redirects import MAPPING_NAME, add_paths, dump_mapping, load_mapping
from .sanitize import audit_html, sanitise_html
from .to_markdown import (
    TAG_LIKE,
    body_as_html,
    html_to_markdown,
    make_summary,
    markdown_problems,
    plain_text,
    strip_tag_like,
)
from .writer import ContentWriter

# Page slugs that would clash with the site's own folders.
RESERVED_PAGE_SLUGS = {
    "news",
    "search",
    "feeds",
    "drafts",
    "theme",
    "media",
    "pagefind",
    "redirects",
    "404",
    "index",
}


@dataclass
class Report:
    """What happened to one Moodle item."""

    kind: str
    id: int
    slug: str = ""
    created: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    skipped: list = field(default_factory=list)
    warnings: list = field(default_factory=list)


@dataclass
class Project:
    root: Path
    settings: dict

    @property
    def content(self):
        return self.root / self.settings.get("PATH", "content")

    @property
    def langs(self):
        return list(self.settings["LANGUAGES"])

    @property
    def timezone(self):
        return ZoneInfo(self.settings.get("TIMEZONE", "UTC"))

    def slugify(self, text):
        return slugify(
            text,
            regex_subs=self.settings["SLUG_REGEX_SUBSTITUTIONS"],
            preserve_case=False,
            use_unicode=False,
        )

    def front_matter_text(self, text, name):
        """A front-matter value written so the site shows `text` literally.

        Templates print Title as it is unless Jinja autoescaping is on, and
        Pelican renders Summary as Markdown when it is a formatted field:
        in those cases HTML's special characters are written as entities.
        """
        text = re.sub(r"\s+", " ", text).strip()
        autoescape = self.settings.get("JINJA_ENVIRONMENT", {}).get("autoescape")
        formatted = name.lower() in [
            f.lower() for f in self.settings.get("FORMATTED_FIELDS", ["summary"])
        ]
        if (name == "Title" and not autoescape) or formatted:
            text = html.escape(text, quote=False)
        return text


def load_project(root):
    conf = root / "pelicanconf.py"
    if not conf.is_file():
        raise InputError(f"{conf}: not found (is --project the site's folder?)")
    return Project(root, runpy.run_path(str(conf)))


class Importer:
    """Imports items into `project` one by one, keeping the mapping up to
    date in memory; `finish` writes it."""

    def __init__(
        self, project, *, files_dir=None, force=False, dry_run=False, category="news"
    ):
        self.project = project
        self.dry_run = dry_run
        self.category = category
        self.writer = ContentWriter(
            project.content, files_dir=files_dir, force=force, dry_run=dry_run
        )
        self.mapping_path = project.content / MAPPING_NAME
        self.mapping = load_mapping(
            self.mapping_path, {**project.settings, "PATH": str(project.content)}
        )
        self.reports = []

    # Slugs ----------------------------------------------------------------------

    def _taken(self, kind, slug, item_id):
        for other_id, entry in self.mapping[kind].items():
            if entry["slug"] == slug and other_id != str(item_id):
                return True
        if kind == "pages" and (
            slug in RESERVED_PAGE_SLUGS or slug in self.project.langs
        ):
            return True
        return any((self.project.content / kind).glob(f"{slug}.*.md"))

    def slug_for(self, item, titles):
        known = self.mapping[item.kind].get(str(item.id))
        if known:
            return known["slug"]
        source = next(
            (titles[lang] for lang in self.project.langs if titles.get(lang)), ""
        )
        slug = self.project.slugify(source).replace("_", "-")
        slug = re.sub(r"-+", "-", slug)[:80].strip("-") or f"moodle-{item.kind[:-1]}"
        if self._taken(item.kind, slug, item.id):
            slug = f"{slug}-{item.id}"
        return slug

    # One item -------------------------------------------------------------------

    def render(self, item, lang, title, body_html, report):
        settings = self.project.settings
        tz = self.project.timezone
        lines = [f"Title: {self.project.front_matter_text(title, 'Title')}"]
        if item.kind == "posts":
            lines.append(
                "Date: "
                + dt.datetime.fromtimestamp(item.created, tz).strftime("%Y-%m-%d %H:%M")
            )
        if item.kind == "posts":
            lines.append(f"Category: {self.category}")
            tags = tags_for(
                item.tags, lang, self.project.langs, settings["DEFAULT_LANG"]
            )
            if tags:
                lines.append("Tags: " + ", ".join(tags))
        summary = ""
        if item.intro:
            summary = make_summary(split_multilang(item.intro, [lang]).text[lang])
        if not summary:
            summary = make_summary(body_html)
        summary = strip_tag_like(summary)
        if summary:
            lines.append(
                "Summary: " + self.project.front_matter_text(summary, "Summary")
            )
        # Keys in the content model's order, as the browser editor writes them.
        if item.modified and (
            item.created is None or item.modified - item.created >= 60
        ):
            lines.append(
                "Modified: "
                + dt.datetime.fromtimestamp(item.modified, tz).strftime(
                    "%Y-%m-%d %H:%M"
                )
            )
        if item.draft:
            lines.append("Status: draft")
        markdown_text = html_to_markdown(body_html)
        for problem in markdown_problems(markdown_text):
            report.warnings.append(f"{lang}: {problem} (check the file)")
        return "\n".join(lines) + "\n\n" + markdown_text

    def import_item(self, item):
        report = Report(item.kind, item.id)
        self.reports.append(report)
        if not ID_RE.match(str(item.id)):
            report.warnings.append(
                f"{item.id} is not a Moodle id (a whole number from 1): not imported"
            )
            return report
        langs = self.project.langs
        title_split = split_multilang(item.title, langs, html_field=False)
        for problem in title_split.problems:
            report.warnings.append(f"title: {problem}")
        titles = {}
        for lang in langs:
            text = html.unescape(re.sub(r"\s+", " ", title_split.text[lang])).strip()
            if TAG_LIKE.search(text):
                # Moodle shows titles with tags stripped (formatstringstriptags).
                report.warnings.append(f"{lang}: HTML tags removed from the title")
                text = strip_tag_like(text)
            if title_split.own:
                has_title = lang in title_split.own
            else:  # no multilang markup: the title's own language only
                has_title = bool(text) and lang == guess_lang(
                    text, self.project.settings["DEFAULT_LANG"]
                )
            if has_title:
                titles[lang] = text
            else:
                report.warnings.append(
                    f"{lang}: no title of its own, no file (the site shows a fallback)"
                )
        if not titles:
            report.warnings.append("no title in any language: not imported")
            return report

        body_split = split_multilang(body_as_html(item.body, item.body_format), langs)
        for problem in body_split.problems:
            report.warnings.append(f"body: {problem}")
        report.slug = self.slug_for(item, titles)
        written = []
        audited = set()
        for lang, title in titles.items():
            raw_body = body_split.text[lang]
            if not plain_text(raw_body) and not re.search(
                r"<(img|iframe)", raw_body, re.I
            ):
                report.warnings.append(f"{lang}: title but no body, no file")
                continue
            for line in audit_html(raw_body):
                if line not in audited:
                    audited.add(line)
                    report.warnings.append(line)
            body_html = self.writer.rewrite_files(sanitise_html(raw_body), item, report)
            text = self.render(item, lang, title, body_html, report)
            relative = f"{item.kind}/{report.slug}.{lang}.md"
            self.writer.write(relative, text.encode("utf-8"), report)
            written.append(lang)
        if written:
            entry = {"slug": report.slug, "langs": written}
            if item.cmid is not None and ID_RE.match(str(item.cmid)):
                entry["cmid"] = item.cmid
            elif item.cmid is not None:
                report.warnings.append(
                    f"cmid {item.cmid} is not a Moodle id: not recorded"
                )
            self.mapping[item.kind][str(item.id)] = entry
            add_paths(
                self.mapping,
                item.kind,
                item.id,
                item.old_paths,
                self.project.settings,
                report,
            )
        # Duplicate warnings (one missing file used twice) are said once.
        report.warnings = list(dict.fromkeys(report.warnings))
        return report

    def add_course_path(self, item, prefix, report):
        """Record an imported page's old pretty address, <prefix>/<cmid>-<slug
        of the English name> (the id when there is no cmid)."""
        if item.kind == "pages" and report.slug:
            entry = self.mapping["pages"].get(str(item.id))
            if entry is not None:
                english = self.project.slugify(
                    split_multilang(item.title, ["en"], html_field=False).text["en"]
                )
                number = item.cmid if item.cmid is not None else item.id
                path = f"/{prefix.strip('/')}/{number}-{english or 'page'}"
                add_paths(
                    self.mapping,
                    "pages",
                    item.id,
                    [path],
                    self.project.settings,
                    report,
                )

    def finish(self):
        """Write the mapping if it changed (not on a dry run); whether it did."""
        text = dump_mapping(self.mapping).encode("utf-8")
        old = self.mapping_path.read_bytes() if self.mapping_path.is_file() else None
        changed = old != text
        if changed and not self.dry_run:
            self.mapping_path.write_bytes(text)
        return changed
