#!/usr/bin/env python3
"""Import the old Moodle site's blog entries and pages as Markdown content.

(Over 400 lines: reading exports, multilang parsing, sanitising, Markdown
conversion and writing live here together; issue 17 cuts it into a
package by those concerns.)

Reads database exports of `mdl_post` (blog entries) or `mdl_page` (page
activities) as CSV or JSON, or blog entry pages saved from a browser as
HTML, and writes one `content/<posts|pages>/<slug>.<lang>.md` per language
that has a title of its own. Every field may carry all languages at once in
either multilang syntax (`{mlang xx}…{mlang}` of filter_multilang2, or
`<span lang="xx" class="multilang">…</span>` of the core filter). Body HTML
is sanitised with an allow-list (nh3) and converted to Markdown
(markdownify); Moodle file links become `{static}/media/moodle/…` links when
the file is supplied. The Moodle id → slug mapping is kept in
`content/moodle-redirects.json`, which makes slugs stable across runs and
drives the redirects that plugins/site_redirects writes at build time.

    python tools/moodle_import.py posts export/mdl_post.csv --tags export/tags.csv \\
        --files export/files --dry-run

Exit status: 0 on success (warnings included), 1 when an input cannot be
read (the file or row is named) or the mapping written has a problem (as
`make check` reports it: a hand edit gone wrong), 2 on bad arguments.
"""

import argparse
import csv
import datetime as dt
import html
import json
import re
import runpy
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit
from zoneinfo import ZoneInfo

import markdown
import nh3
from bs4 import BeautifulSoup, NavigableString
from markdownify import MarkdownConverter
from pelican.utils import slugify

ROOT = Path(__file__).resolve().parents[1]
# The format of the mapping is declared in plugins/site_content/redirects.py;
# the importer writes only what it allows.
sys.path.insert(0, str(ROOT / "plugins"))
from site_content.redirects import (  # noqa: E402
    DEFAULT_MAP,
    ID_RE,
    KINDS,
    old_path_problem,
    same_address,
    validate_redirects,
)

MAPPING_NAME = DEFAULT_MAP
MEDIA_FOLDER = "media/moodle"

# --- Sanitising: what the imported HTML may keep -------------------------------

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "dl",
    "dt", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "iframe", "img",
    "li", "ol", "p", "pre", "s", "strong", "sub", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "ul",
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
IFRAME_HOSTS = {"www.youtube-nocookie.com", "youtube-nocookie.com",
                "www.youtube.com", "youtube.com", "player.vimeo.com"}
# Elements removed together with their content.
DROPPED_WITH_CONTENT = {"script", "style", "noscript", "template", "object",
                        "embed", "svg", "math", "form", "select", "textarea"}

# Moodle's summaryformat values (FORMAT_MOODLE, FORMAT_HTML, FORMAT_PLAIN,
# FORMAT_MARKDOWN).
FORMAT_MOODLE, FORMAT_HTML, FORMAT_PLAIN, FORMAT_MARKDOWN = 0, 1, 2, 4

# Page slugs that would clash with the site's own folders.
RESERVED_PAGE_SLUGS = {"news", "search", "feeds", "drafts", "theme", "media",
                       "pagefind", "redirects", "404", "index"}

SUMMARY_LENGTH = 200
PUBLIC_STATES = {"public", "site"}


class InputError(Exception):
    """An input file or row cannot be read; the message names it."""


# --- Multilang -------------------------------------------------------------------

MLANG_TOKEN = re.compile(
    r"\{\s*mlang(?:\s+(?P<langs>[a-z0-9_-]+(?:\s*,\s*[a-z0-9_-]+)*))?\s*\}",
    re.IGNORECASE,
)


def normalise_lang(code):
    """Moodle language code → base language: 'RU' → 'ru', 'en-US' → 'en'."""
    code = code.strip().lower().replace("-", "_")
    return code if code == "other" else code.split("_")[0]


@dataclass
class Split:
    """A multilang field split by language.

    `text[lang]` is the field as Moodle shows it in `lang` (shared text plus
    that language's blocks, or the `other` blocks when it has none);
    `own` holds the languages that have a non-empty block of their own.
    """

    text: dict
    own: set
    problems: list = field(default_factory=list)


def _split_mlang(value, langs, problems):
    """filter_multilang2 syntax → ({lang: text}, own languages)."""
    pieces = []  # (None | frozenset of langs, text)
    position = 0
    current = None  # (langs, start of block content, offset of the opener)
    for match in MLANG_TOKEN.finditer(value):
        if match.group("langs") is None:  # a closing {mlang}
            if current is None:
                problems.append(f"stray closing {{mlang}} at character {match.start()}")
                pieces.append((None, value[position:match.start()]))
            else:
                pieces.append((current[0], value[current[1]:match.start()]))
                current = None
            position = match.end()
            continue
        block_langs = frozenset(normalise_lang(x) for x in match.group("langs").split(","))
        if current is not None:
            problems.append(
                f"{{mlang}} block opened at character {current[2]} is not closed "
                f"before the next block (nested or broken markup); it ends there")
            pieces.append((current[0], value[current[1]:match.start()]))
        else:
            pieces.append((None, value[position:match.start()]))
        current = (block_langs, match.end(), match.start())
        position = match.end()
    if current is not None:
        problems.append(f"{{mlang}} block opened at character {current[2]} is never "
                        "closed; it runs to the end of the field")
        pieces.append((current[0], value[current[1]:]))
    else:
        pieces.append((None, value[position:]))

    own = {lang for block, text in pieces if block and text.strip()
           for lang in block if lang in langs}
    result = {}
    for lang in langs:
        has_block = any(block and lang in block for block, _ in pieces)
        parts = []
        for block, text in pieces:
            if block is None or lang in block or ("other" in block and not has_block):
                parts.append(text)
        result[lang] = "".join(parts)
    return result, own


def _is_multilang_span(tag):
    return (tag.name in ("span", "lang") and tag.has_attr("lang")
            and (tag.name == "lang" or "multilang" in (tag.get("class") or [])))


def _split_spans(value, langs, problems):
    """Core filter_multilang syntax → ({lang: html}, own languages)."""
    own = set()
    result = {}
    for lang in langs:
        soup = BeautifulSoup(value, "lxml")
        body = soup.body or soup
        for span in body.find_all(_is_multilang_span):
            if span.find(_is_multilang_span):
                problems.append(f"multilang span lang={span['lang']!r} contains "
                                "another multilang span (nested markup)")
        for span in list(body.find_all(_is_multilang_span)):
            if span.parent is None:
                continue
            span_lang = normalise_lang(span["lang"])
            if span_lang == lang:
                if span.get_text().strip() or span.find("img"):
                    own.add(lang)
                span.unwrap()
            else:
                span.decompose()
        result[lang] = body.decode_contents()
    return result, own


def split_multilang(value, langs, html_field=True):
    """Split one Moodle field by language; see `Split`.

    Both syntaxes may appear in one field. Text outside every block belongs
    to all languages. Broken or nested markup is reported in `problems` and
    handled as well as it can be, never raised.
    """
    value = value or ""
    problems = []
    texts, own = _split_mlang(value, list(langs), problems)
    if re.search(r"<(span|lang)\b[^>]*\blang\s*=", value, re.IGNORECASE) and (
            "multilang" in value or "<lang" in value.lower()):
        split_texts, span_own = {}, set()
        for lang in langs:
            one, one_own = _split_spans(texts[lang], [lang], problems if lang == langs[0] else [])
            split_texts[lang] = one[lang]
            span_own |= one_own
        if not html_field:
            split_texts = {lang: BeautifulSoup(text, "lxml").get_text()
                           for lang, text in split_texts.items()}
        texts = split_texts
        # A span-tagged language counts as "own" only if its text survives
        # the mlang pass too.
        own = own | span_own
    own = {lang for lang in own if texts[lang].strip()}
    return Split(texts, own, problems)


# --- Sanitising and Markdown -----------------------------------------------------

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
    handlers = sorted({attr for tag in soup.find_all(True) for attr in tag.attrs
                       if attr.lower().startswith("on")})
    if handlers:
        found.append("removed event handler attribute(s): " + ", ".join(handlers))
    scripted = [tag for tag in soup.find_all(True) for attr in ("href", "src")
                if re.match(r"\s*(javascript|vbscript|data):", tag.get(attr, "") or "",
                            re.IGNORECASE)]
    if scripted:
        found.append(f"removed {len(scripted)} javascript:/data: URL(s)")
    for frame in soup.find_all("iframe"):
        if not _allowed_iframe(frame.get("src")):
            found.append(f"removed <iframe> from a host not on the allow-list: "
                         f"{frame.get('src', '')!r}")
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


class _Converter(MarkdownConverter):
    """markdownify with the escaping Python-Markdown needs.

    Text such as `<script>` (written as `&lt;script&gt;` in the HTML) must
    stay text: Markdown passes `<…>` through as raw HTML, so `<`, `>` and `&`
    are written as entities.
    """

    def escape(self, text, parent_tags):
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        return super().escape(text, parent_tags)

    def convert_iframe(self, el, text, parent_tags):
        # The site loads nothing from other hosts: an allowed player becomes
        # a link to the video on its own line.
        src = el.get("src", "")
        video = re.match(r"https://(?:www\.)?youtube(?:-nocookie)?\.com/embed/([\w-]+)", src)
        if video:
            src = f"https://www.youtube.com/watch?v={video.group(1)}"
        label = el.get("title") or src
        return f"\n\n[{self.escape(label, parent_tags)}]({src})\n\n"


def html_to_markdown(value):
    """Markdown for sanitised HTML; headings start at `##` (h1 is the title)."""
    soup = BeautifulSoup(value or "", "lxml")
    if soup.find("h1"):
        for level in range(6, 0, -1):
            for heading in soup.find_all(f"h{level}"):
                heading.name = f"h{min(level + 1, 6)}"
    for paragraph in soup.find_all("p"):
        if not paragraph.get_text(strip=True) and not paragraph.find(["img", "iframe"]):
            paragraph.decompose()
    text = _Converter(heading_style="ATX", bullets="-", strip_document="strip",
                      escape_misc=False).convert_soup(soup)
    # Trailing double spaces are Markdown line breaks (<br>): keep them.
    text = re.sub(r"\n[ \t]+(?=\n)", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip() + "\n" if text.strip() else ""


MARKDOWN_EXTENSIONS = ["markdown.extensions.extra", "markdown.extensions.smarty"]


def markdown_problems(text):
    """Anything unsafe the Markdown renders to (should be nothing)."""
    rendered = markdown.markdown(text, extensions=MARKDOWN_EXTENSIONS,
                                 output_format="html")
    soup = BeautifulSoup(rendered, "lxml")
    problems = [f"<{tag.name}> in the rendered Markdown"
                for tag in soup.find_all(list(DROPPED_WITH_CONTENT) + ["iframe"])]
    for tag in soup.find_all(True):
        for attr, val in tag.attrs.items():
            if attr.lower().startswith("on"):
                problems.append(f"{attr}= in the rendered Markdown")
            if attr in ("href", "src") and re.match(r"\s*(javascript|vbscript|data):",
                                                    str(val), re.IGNORECASE):
                problems.append("javascript: URL in the rendered Markdown")
    return problems


# What reads as an HTML tag in plain text (the same test as make check's).
TAG_LIKE = re.compile(r"<\s*/?\s*[a-z][^>]*>", re.IGNORECASE)


def strip_tag_like(text):
    """Plain text without anything that reads as a tag; `<` and `&` that
    are not part of a tag stay (the site escapes them)."""
    return tidy_text(TAG_LIKE.sub(" ", text))


def tidy_text(text):
    """Whitespace collapsed, and no space before punctuation."""
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"\s+([.,;:!?)])", r"\1", text)


def plain_text(value):
    """Readable text of an HTML fragment, whitespace collapsed."""
    return tidy_text(BeautifulSoup(value or "", "lxml").get_text(" "))


def make_summary(value, limit=SUMMARY_LENGTH):
    """The first paragraph's text, cut at a word boundary."""
    soup = BeautifulSoup(value or "", "lxml")
    for paragraph in soup.find_all(["p", "li", "td"]):
        text = tidy_text(paragraph.get_text(" "))
        if text:
            break
    else:
        text = plain_text(value)
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:–-") + "…"


def body_as_html(value, text_format):
    """A Moodle text field in any summaryformat as HTML."""
    if text_format in (FORMAT_PLAIN, FORMAT_MOODLE) and not re.search(r"<[a-z][^>]*>", value, re.I):
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", value) if p.strip()]
        return "".join("<p>" + html.escape(p).replace("\n", "<br>") + "</p>"
                       for p in paragraphs)
    if text_format == FORMAT_MARKDOWN:
        return markdown.markdown(value, extensions=MARKDOWN_EXTENSIONS)
    return value


# --- Moodle files ----------------------------------------------------------------

PLUGINFILE = re.compile(r"(@@PLUGINFILE@@/|/pluginfile\.php/)", re.IGNORECASE)


def safe_filename(name):
    """An ASCII file name for the site: 'Фото 1.JPG' → 'foto-1.jpg'."""
    name = unquote(name).split("?")[0]
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    stem = slugify(stem, regex_subs=[(r"[^\w\s-]", ""), (r"[-\s]+", "-")],
                   use_unicode=False) or "file"
    ext = re.sub(r"[^a-z0-9]", "", ext.lower())
    return f"{stem}.{ext}" if ext else stem


def find_file(files_dir, kind, item_id, name):
    """The supplied file for a Moodle link, or None."""
    if files_dir is None:
        return None
    name = unquote(name)
    for candidate in (files_dir / kind / str(item_id) / name,
                      files_dir / str(item_id) / name, files_dir / name):
        if candidate.is_file():
            return candidate
    return None


# --- Reading exports -------------------------------------------------------------

def _null(value):
    return "" if value is None or value in ("\\N", "NULL") else str(value)


def read_rows(path):
    """Rows of a CSV or JSON export as (label, {column: text}) pairs."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: cannot read ({error})") from error
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise InputError(f"{path}: not valid JSON ({error})") from error
        rows = _json_rows(data)
        if rows is None:
            raise InputError(f"{path}: expected a list of rows (objects) or a "
                             "phpMyAdmin JSON export")
        result = []
        for number, row in enumerate(rows, 1):
            if not isinstance(row, dict):
                raise InputError(f"{path}: row {number} is not an object")
            result.append((f"{path.name} row {number}",
                           {str(k).lower(): _null(v) for k, v in row.items()}))
        return result
    try:
        reader = csv.DictReader(text.splitlines(keepends=True))
        result = []
        for number, row in enumerate(reader, 1):
            if None in row:
                raise InputError(f"{path}: row {number} has more fields than the header")
            result.append((f"{path.name} row {number}",
                           {k.strip().lower(): _null(v) for k, v in row.items() if k}))
        return result
    except csv.Error as error:
        raise InputError(f"{path}: not valid CSV ({error})") from error


def _json_rows(data):
    if isinstance(data, list):
        tables = [x for x in data if isinstance(x, dict) and x.get("type") == "table"]
        if tables:  # phpMyAdmin: [{"type": "header"}, …, {"type": "table", "data": […]}]
            return [row for table in tables for row in table.get("data", [])]
        return data
    if isinstance(data, dict):
        for key in ("rows", "data", "records"):
            if isinstance(data.get(key), list):
                return data[key]
    return None


def _int(row, column, label, required=True):
    value = row.get(column, "").strip()
    if not value:
        if required:
            raise InputError(f"{label}: column {column!r} is missing or empty")
        return None
    try:
        return int(float(value))
    except ValueError as error:
        raise InputError(f"{label}: column {column!r} is not a number: {value!r}") from error


@dataclass
class MoodleItem:
    """One blog entry or page as read from an export."""

    kind: str
    id: int
    source: str
    title: str
    body: str
    body_format: int = FORMAT_HTML
    created: int | None = None
    modified: int | None = None
    draft: bool = False
    tags: list = field(default_factory=list)
    intro: str = ""
    cmid: int | None = None
    old_paths: list = field(default_factory=list)


def read_tags(path):
    """{item id: [tag names]} from a mdl_tag ⨝ mdl_tag_instance export."""
    tags = {}
    for label, row in read_rows(path):
        if row.get("itemtype") and row["itemtype"] != "post":
            continue
        item_id = _int(row, "itemid", label)
        name = row.get("rawname") or row.get("name") or row.get("tag") or ""
        if not name.strip():
            raise InputError(f"{label}: no tag name (columns rawname, name or tag)")
        tags.setdefault(item_id, []).append(name.strip())
    return tags


def read_posts(path, tags):
    items = []
    for label, row in read_rows(path):
        if row.get("module", "blog") not in ("blog", ""):
            continue  # mdl_post also holds notes and other modules' posts
        item_id = _int(row, "id", label)
        if "subject" not in row:
            raise InputError(f"{label}: column 'subject' is missing")
        body_format = _int(row, "summaryformat", label, required=False)
        items.append(MoodleItem(
            kind="posts", id=item_id, source=label, title=row["subject"],
            body=row.get("summary", ""),
            body_format=FORMAT_HTML if body_format is None else body_format,
            created=_int(row, "created", label),
            modified=_int(row, "lastmodified", label, required=False),
            draft=row.get("publishstate", "site").strip().lower() not in PUBLIC_STATES,
            tags=tags.get(item_id, []),
        ))
    return items


def read_pages(path):
    items = []
    for label, row in read_rows(path):
        item_id = _int(row, "id", label)
        if "name" not in row:
            raise InputError(f"{label}: column 'name' is missing")
        cmid = _int(row, "cmid", label, required=False)
        content_format = _int(row, "contentformat", label, required=False)
        old_paths = [p.strip() for p in re.split(r"[\s,]+", row.get("old_path", "")) if p.strip()]
        visible = row.get("visible", "1").strip()
        items.append(MoodleItem(
            kind="pages", id=item_id, source=label, title=row["name"],
            body=row.get("content", ""),
            body_format=FORMAT_HTML if content_format is None else content_format,
            intro=row.get("intro", ""),
            modified=_int(row, "timemodified", label, required=False),
            draft=visible == "0",
            cmid=cmid, old_paths=old_paths,
        ))
    return items


SAVED_DATE = re.compile(r"(\d{1,2}\s+\w+\s+\d{4}),?\s+(\d{1,2}:\d{2})\s*([AP]M)?", re.I)


def read_saved_html(path, timezone):
    """Blog entries from a blog page saved from a browser."""
    try:
        soup = BeautifulSoup(path.read_bytes(), "lxml")
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error})") from error
    entries = soup.select("div.blog_entry, div.forumpost.blog")
    if not entries:
        raise InputError(f"{path}: no Moodle blog entry found (div.blog_entry)")
    items = []
    for number, entry in enumerate(entries, 1):
        label = f"{path.name} entry {number}"
        match = re.fullmatch(r"b(\d+)", entry.get("id", ""))
        link = entry.find("a", href=re.compile(r"entryid=\d+"))
        if match:
            item_id = int(match.group(1))
        elif link:
            item_id = int(re.search(r"entryid=(\d+)", link["href"]).group(1))
        else:
            raise InputError(f"{label}: no entry id (id=\"bN\" or an entryid= link)")
        subject = entry.select_one(".subject")
        body = entry.select_one(".posting") or entry.select_one(".content")
        if subject is None or body is None:
            raise InputError(f"{label}: no .subject or .posting element")
        for tags_block in body.select(".tag_list, .commands, .mdl-left, .comment-area"):
            tags_block.extract()
        tags = [a.get_text(strip=True) for a in entry.select(".tag_list a")]
        created = None
        author = entry.select_one(".author")
        date = SAVED_DATE.search(author.get_text(" ") if author else "")
        if date:
            stamp = " ".join(x for x in date.groups() if x)
            for pattern in ("%d %B %Y %I:%M %p", "%d %B %Y %H:%M"):
                try:
                    local = dt.datetime.strptime(stamp, pattern).replace(tzinfo=timezone)
                    created = int(local.timestamp())
                    break
                except ValueError:
                    continue
        if created is None:
            raise InputError(f"{label}: no readable date in the .author line")
        items.append(MoodleItem(
            kind="posts", id=item_id, source=label,
            title=subject.get_text(), body=body.decode_contents(), created=created,
            draft="draft" in (entry.get("class") or []), tags=tags,
        ))
    return items


# --- The import ------------------------------------------------------------------

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
        return slugify(text, regex_subs=self.settings["SLUG_REGEX_SUBSTITUTIONS"],
                       preserve_case=False, use_unicode=False)

    def front_matter_text(self, text, name):
        """A front-matter value written so the site shows `text` literally.

        Templates print Title as it is unless Jinja autoescaping is on, and
        Pelican renders Summary as Markdown when it is a formatted field:
        in those cases HTML's special characters are written as entities.
        """
        text = re.sub(r"\s+", " ", text).strip()
        autoescape = self.settings.get("JINJA_ENVIRONMENT", {}).get("autoescape")
        formatted = name.lower() in [f.lower() for f in self.settings.get(
            "FORMATTED_FIELDS", ["summary"])]
        if (name == "Title" and not autoescape) or formatted:
            text = html.escape(text, quote=False)
        return text


def load_project(root):
    conf = root / "pelicanconf.py"
    if not conf.is_file():
        raise InputError(f"{conf}: not found (is --project the site's folder?)")
    return Project(root, runpy.run_path(str(conf)))


def load_mapping(path):
    if not path.is_file():
        return {kind: {} for kind in KINDS}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise InputError(f"{path}: cannot read the mapping ({error})") from error
    return {kind: data.get(kind, {}) for kind in KINDS}


def dump_mapping(mapping):
    ordered = {"about": "Moodle id -> slug of the imported content; written by "
                        "tools/moodle_import.py, read by plugins/site_redirects."}
    for kind in KINDS:
        ordered[kind] = {key: mapping[kind][key]
                         for key in sorted(mapping[kind], key=int)}
    return json.dumps(ordered, ensure_ascii=False, indent=2) + "\n"


class Importer:
    def __init__(self, project, *, files_dir=None, force=False, dry_run=False,
                 category="news", out=sys.stdout):
        self.project = project
        self.files_dir = files_dir
        self.force = force
        self.dry_run = dry_run
        self.category = category
        self.out = out
        self.mapping_path = project.content / MAPPING_NAME
        self.mapping = load_mapping(self.mapping_path)
        self.reports = []
        self._handled = set()

    # Slugs ----------------------------------------------------------------------

    def _taken(self, kind, slug, item_id):
        for other_id, entry in self.mapping[kind].items():
            if entry["slug"] == slug and other_id != str(item_id):
                return True
        if kind == "pages" and (slug in RESERVED_PAGE_SLUGS or slug in self.project.langs):
            return True
        return any((self.project.content / kind).glob(f"{slug}.*.md"))

    def slug_for(self, item, titles):
        known = self.mapping[item.kind].get(str(item.id))
        if known:
            return known["slug"]
        source = next((titles[lang] for lang in self.project.langs if titles.get(lang)), "")
        slug = self.project.slugify(source).replace("_", "-")
        slug = re.sub(r"-+", "-", slug)[:80].strip("-") or f"moodle-{item.kind[:-1]}"
        if self._taken(item.kind, slug, item.id):
            slug = f"{slug}-{item.id}"
        return slug

    # Files ----------------------------------------------------------------------

    def _write(self, path, data, report, label):
        """Write bytes unless the file exists; records the outcome."""
        if label in self._handled:  # a file linked from several languages
            return
        self._handled.add(label)
        if path.exists():
            if path.read_bytes() == data:
                report.unchanged.append(label)
                return
            if not self.force:
                report.skipped.append(f"{label} (exists and differs; --force overwrites)")
                return
        report.created.append(label)
        if not self.dry_run:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)

    def rewrite_files(self, body, item, report):
        """Point Moodle file links at copies in content/media/moodle/…"""
        soup = BeautifulSoup(body, "lxml")
        for tag in soup.find_all(["a", "img"]):
            attr = "href" if tag.name == "a" else "src"
            url = tag.get(attr, "")
            match = PLUGINFILE.search(url)
            if not match:
                scheme = urlsplit(url).scheme
                if tag.name == "img" and scheme in ("http", "https"):
                    # The site loads nothing from other hosts.
                    report.warnings.append(f"image from another site made a link: {url}")
                    link = soup.new_tag("a", href=url)
                    link.string = tag.get("alt") or tag.get("title") or url
                    tag.replace_with(link)
                elif url and not scheme and not url.startswith(("/", "#", "{")):
                    # Relative to a Moodle page: it would break on this site.
                    report.warnings.append(f"relative address {url!r} removed")
                    if tag.name == "a":
                        tag.unwrap()
                    else:
                        tag.replace_with(NavigableString(tag.get("alt", "")))
                continue
            name = url[match.end():].split("?")[0].rstrip("/").rsplit("/", 1)[-1]
            found = find_file(self.files_dir, item.kind, item.id, name)
            if found is None:
                report.warnings.append(f"missing file {unquote(name)!r} ({url}): link removed")
                if tag.name == "a":
                    tag.unwrap()
                else:
                    tag.replace_with(NavigableString(tag.get("alt", "")))
                continue
            relative = f"{MEDIA_FOLDER}/{item.kind}/{item.id}/{safe_filename(name)}"
            self._write(self.project.content / relative, found.read_bytes(), report,
                        relative)
            tag[attr] = "{static}/" + relative
        body_tag = soup.body
        return body_tag.decode_contents() if body_tag else ""

    # One item -------------------------------------------------------------------

    def render(self, item, lang, title, body_html, report):
        settings = self.project.settings
        tz = self.project.timezone
        lines = [f"Title: {self.project.front_matter_text(title, 'Title')}"]
        if item.kind == "posts":
            lines.append("Date: " + dt.datetime.fromtimestamp(item.created, tz)
                         .strftime("%Y-%m-%d %H:%M"))
        if item.kind == "posts":
            lines.append(f"Category: {self.category}")
            tags = tags_for(item.tags, lang, self.project.langs,
                            settings["DEFAULT_LANG"])
            if tags:
                lines.append("Tags: " + ", ".join(tags))
        summary = ""
        if item.intro:
            summary = make_summary(split_multilang(item.intro, [lang]).text[lang])
        if not summary:
            summary = make_summary(body_html)
        summary = strip_tag_like(summary)
        if summary:
            lines.append("Summary: " + self.project.front_matter_text(summary, "Summary"))
        # Keys in the content model's order, as the browser editor writes them.
        if item.modified and (item.created is None or item.modified - item.created >= 60):
            lines.append("Modified: " + dt.datetime.fromtimestamp(item.modified, tz)
                         .strftime("%Y-%m-%d %H:%M"))
        if item.draft:
            lines.append("Status: draft")
        markdown_text = html_to_markdown(body_html)
        for problem in markdown_problems(markdown_text):
            report.warnings.append(f"{lang}: {problem} (check the file)")
        return "\n".join(lines) + "\n\n" + markdown_text

    def add_paths(self, kind, item_id, paths, report):
        """Record old addresses of an entry, normalised; those the redirect
        data does not allow, or that another entry has, are warnings."""
        entry = self.mapping[kind][str(item_id)]
        recorded = {same_address(path): (other_kind, other_id)
                    for other_kind in KINDS
                    for other_id, other in self.mapping[other_kind].items()
                    for path in other.get("paths", [])}
        for text in paths:
            path = normalise_old_path(text)
            problem = old_path_problem(path, self.project.settings)
            owner = None if problem else recorded.get(same_address(path))
            if problem:
                report.warnings.append(f"old address {text!r} not recorded: "
                                       f"{problem[0]} ({problem[1]})")
            elif owner is None:
                entry.setdefault("paths", []).append(path)
                recorded[same_address(path)] = (kind, str(item_id))
            elif owner != (kind, str(item_id)):
                report.warnings.append(f"old address {path!r} not recorded: "
                                       f"{owner[0][:-1]} {owner[1]} has it already")

    def import_item(self, item):
        report = Report(item.kind, item.id)
        self.reports.append(report)
        if not ID_RE.match(str(item.id)):
            report.warnings.append(f"{item.id} is not a Moodle id (a whole number "
                                   "from 1): not imported")
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
                    text, self.project.settings["DEFAULT_LANG"])
            if has_title:
                titles[lang] = text
            else:
                report.warnings.append(f"{lang}: no title of its own, no file "
                                       "(the site shows a fallback)")
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
            if not plain_text(raw_body) and not re.search(r"<(img|iframe)", raw_body, re.I):
                report.warnings.append(f"{lang}: title but no body, no file")
                continue
            for line in audit_html(raw_body):
                if line not in audited:
                    audited.add(line)
                    report.warnings.append(line)
            body_html = self.rewrite_files(sanitise_html(raw_body), item, report)
            text = self.render(item, lang, title, body_html, report)
            relative = f"{item.kind}/{report.slug}.{lang}.md"
            self._write(self.project.content / relative, text.encode("utf-8"), report,
                        relative)
            written.append(lang)
        if written:
            entry = {"slug": report.slug, "langs": written}
            if item.cmid is not None and ID_RE.match(str(item.cmid)):
                entry["cmid"] = item.cmid
            elif item.cmid is not None:
                report.warnings.append(f"cmid {item.cmid} is not a Moodle id: not "
                                       "recorded")
            self.mapping[item.kind][str(item.id)] = entry
            self.add_paths(item.kind, item.id, item.old_paths, report)
        # Duplicate warnings (one missing file used twice) are said once.
        report.warnings = list(dict.fromkeys(report.warnings))
        return report

    def finish(self):
        text = dump_mapping(self.mapping).encode("utf-8")
        old = self.mapping_path.read_bytes() if self.mapping_path.is_file() else None
        changed = old != text
        if changed and not self.dry_run:
            self.mapping_path.write_bytes(text)
        return changed


def normalise_old_path(text):
    """An old address as the redirect data writes it: the path only, "/"
    first, no empty parts, %-escapes in capitals for what is not plain ASCII."""
    parts = urlsplit(text.strip())
    path = re.sub(r"/{2,}", "/", "/" + unquote(parts.path).lstrip("/"))
    return quote(path, safe="/~")


def guess_lang(text, default_lang):
    """The language of untagged text by its letters: Cyrillic is Russian,
    Azerbaijani letters (ə, ğ, ı, ş …) are Azerbaijani, anything else is the
    default language."""
    if re.search(r"[\u0400-\u04ff]", text):
        return "ru"
    if re.search(r"[əğışƏĞİŞ]", text):
        return "az"
    return default_lang


def tags_for(tags, lang, langs, default_lang):
    """The tags that belong in `lang`'s file.

    A tag with multilang markup is split; a plain tag goes to the language
    its script suggests (Cyrillic: ru; Azerbaijani letters: az; otherwise
    the default language).
    """
    result = []
    for tag in tags:
        if MLANG_TOKEN.search(tag) or "multilang" in tag:
            split = split_multilang(tag, langs, html_field=False)
            if lang in split.own:
                result.append(split.text[lang].strip())
            continue
        if guess_lang(tag, default_lang) == lang:
            result.append(tag.replace(",", " "))
    return list(dict.fromkeys(result))


# --- Command line ----------------------------------------------------------------

def format_table(reports, dry_run):
    rows = [("kind", "id", "slug", "created", "unchanged", "skipped", "warnings")]
    for r in reports:
        rows.append((r.kind, str(r.id), r.slug or "-", str(len(r.created)),
                     str(len(r.unchanged)), str(len(r.skipped)), str(len(r.warnings))))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip()
             for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    title = "Summary (dry run: nothing was written)" if dry_run else "Summary"
    return "\n".join([title, *lines])


def build_parser():
    parser = argparse.ArgumentParser(
        prog="moodle_import.py",
        description="Import Moodle blog entries (mdl_post) or pages (mdl_page) as "
                    "Markdown posts/pages, one file per language, and record the "
                    "old id -> slug mapping used for redirects.",
        epilog="Example: %(prog)s posts mdl_post.csv --tags tags.csv --files moodle-files "
               "--dry-run. See README.md, 'Migrating from Moodle'.",
    )
    parser.add_argument("kind", choices=[*KINDS, "post", "page"],
                        help="what the sources hold: blog entries (posts) or pages")
    parser.add_argument("sources", nargs="+", type=Path, metavar="SRC",
                        help="CSV or JSON export (mdl_post or mdl_page), or a blog "
                             "page saved from the browser (.html)")
    parser.add_argument("--tags", type=Path,
                        help="CSV/JSON export of mdl_tag joined with mdl_tag_instance "
                             "(columns itemid, rawname or name)")
    parser.add_argument("--files", type=Path, metavar="DIR",
                        help="folder with the files the entries link to: "
                             "DIR/<kind>/<id>/<name>, DIR/<id>/<name> or DIR/<name>")
    parser.add_argument("--course-path", default="",
                        help="old pretty URL prefix of pages, e.g. /course/RTCM/page: "
                             "records <prefix>/<cmid>-<slug of the English name>")
    parser.add_argument("--category", default="news",
                        help="category of imported posts (default: news)")
    parser.add_argument("--project", type=Path, default=ROOT,
                        help="the site's folder (default: this repository)")
    parser.add_argument("--force", action="store_true",
                        help="overwrite existing files that differ")
    parser.add_argument("--dry-run", action="store_true",
                        help="show what would happen; write nothing")
    return parser


def main(argv=None, out=sys.stdout):
    args = build_parser().parse_args(argv)
    args.kind = args.kind if args.kind in KINDS else args.kind + "s"
    try:
        project = load_project(args.project.resolve())
        if args.category not in project.settings.get("SITE_CATEGORIES", [args.category]):
            raise InputError(f"--category {args.category!r} is not one of "
                             f"{project.settings['SITE_CATEGORIES']}")
        if args.files is not None and not args.files.is_dir():
            raise InputError(f"{args.files}: --files is not a folder")
        tags = read_tags(args.tags) if args.tags else {}
        items = []
        for source in args.sources:
            if source.suffix.lower() in (".html", ".htm"):
                if args.kind != "posts":
                    raise InputError(f"{source}: saved HTML pages hold blog entries "
                                     "(kind posts)")
                items.extend(read_saved_html(source, project.timezone))
            elif args.kind == "posts":
                items.extend(read_posts(source, tags))
            else:
                items.extend(read_pages(source))
        importer = Importer(project, files_dir=args.files, force=args.force,
                            dry_run=args.dry_run, category=args.category, out=out)
        for item in sorted(items, key=lambda x: x.id):
            report = importer.import_item(item)
            if args.course_path and item.kind == "pages" and report.slug:
                entry = importer.mapping["pages"].get(str(item.id))
                if entry is not None:
                    english = importer.project.slugify(
                        split_multilang(item.title, ["en"], html_field=False).text["en"])
                    number = item.cmid if item.cmid is not None else item.id
                    path = f"/{args.course_path.strip('/')}/{number}-{english or 'page'}"
                    importer.add_paths("pages", item.id, [path], report)
        mapping_changed = importer.finish()
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1

    prefix = "would " if args.dry_run else ""
    for report in importer.reports:
        print(f"{report.kind} {report.id} -> {report.slug or '(not imported)'}", file=out)
        for label in report.created:
            print(f"  {prefix}write {label}", file=out)
        for label in report.skipped:
            print(f"  skip {label}", file=out)
        for line in report.warnings:
            print(f"  warning: {line}", file=out)
    if mapping_changed:
        print(f"{prefix}update {importer.mapping_path.relative_to(project.root)}", file=out)
    print(format_table(importer.reports, args.dry_run), file=out)
    if args.dry_run:
        return 0
    # The importer writes valid data; this catches a file edited by hand.
    problems = validate_redirects(str(importer.mapping_path),
                                  {**project.settings, "PATH": str(project.content)})
    for problem in problems:
        print(problem.format(project.root), file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
