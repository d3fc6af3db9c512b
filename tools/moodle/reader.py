"""Reading Moodle's exports into `MoodleItem`s: database exports of
`mdl_post` (blog entries), `mdl_page` (page activities) and the tags, as CSV
or JSON (phpMyAdmin's included), and blog pages saved from a browser.

Only what the import needs is read, field by field; a file or row that
cannot be read raises `InputError` naming it.
"""

import csv
import datetime as dt
import json
import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup

from . import InputError

# Moodle's summaryformat values (FORMAT_MOODLE, FORMAT_HTML, FORMAT_PLAIN,
# FORMAT_MARKDOWN).
FORMAT_MOODLE, FORMAT_HTML, FORMAT_PLAIN, FORMAT_MARKDOWN = 0, 1, 2, 4

PUBLIC_STATES = {"public", "site"}


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
            raise InputError(
                f"{path}: expected a list of rows (objects) or a phpMyAdmin JSON export"
            )
        result = []
        for number, row in enumerate(rows, 1):
            if not isinstance(row, dict):
                raise InputError(f"{path}: row {number} is not an object")
            result.append(
                (
                    f"{path.name} row {number}",
                    {str(k).lower(): _null(v) for k, v in row.items()},
                )
            )
        return result
    try:
        reader = csv.DictReader(text.splitlines(keepends=True))
        result = []
        for number, row in enumerate(reader, 1):
            if None in row:
                raise InputError(
                    f"{path}: row {number} has more fields than the header"
                )
            result.append(
                (
                    f"{path.name} row {number}",
                    {k.strip().lower(): _null(v) for k, v in row.items() if k},
                )
            )
        return result
    except csv.Error as error:
        raise InputError(f"{path}: not valid CSV ({error})") from error


def _json_rows(data):
    if isinstance(data, list):
        tables = [x for x in data if isinstance(x, dict) and x.get("type") == "table"]
        if (
            tables
        ):  # phpMyAdmin: [{"type": "header"}, …, {"type": "table", "data": […]}]
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
        raise InputError(
            f"{label}: column {column!r} is not a number: {value!r}"
        ) from error


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
        items.append(
            MoodleItem(
                kind="posts",
                id=item_id,
                source=label,
                title=row["subject"],
                body=row.get("summary", ""),
                body_format=FORMAT_HTML if body_format is None else body_format,
                created=_int(row, "created", label),
                modified=_int(row, "lastmodified", label, required=False),
                draft=row.get("publishstate", "site").strip().lower()
                not in PUBLIC_STATES,
                tags=tags.get(item_id, []),
            )
        )
    return items


def read_pages(path):
    items = []
    for label, row in read_rows(path):
        item_id = _int(row, "id", label)
        if "name" not in row:
            raise InputError(f"{label}: column 'name' is missing")
        cmid = _int(row, "cmid", label, required=False)
        content_format = _int(row, "contentformat", label, required=False)
        old_paths = [
            p.strip() for p in re.split(r"[\s,]+", row.get("old_path", "")) if p.strip()
        ]
        visible = row.get("visible", "1").strip()
        items.append(
            MoodleItem(
                kind="pages",
                id=item_id,
                source=label,
                title=row["name"],
                body=row.get("content", ""),
                body_format=FORMAT_HTML if content_format is None else content_format,
                intro=row.get("intro", ""),
                modified=_int(row, "timemodified", label, required=False),
                draft=visible == "0",
                cmid=cmid,
                old_paths=old_paths,
            )
        )
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
            raise InputError(f'{label}: no entry id (id="bN" or an entryid= link)')
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
                    local = dt.datetime.strptime(stamp, pattern).replace(
                        tzinfo=timezone
                    )
                    created = int(local.timestamp())
                    break
                except ValueError:
                    continue
        if created is None:
            raise InputError(f"{label}: no readable date in the .author line")
        items.append(
            MoodleItem(
                kind="posts",
                id=item_id,
                source=label,
                title=subject.get_text(),
                body=body.decode_contents(),
                created=created,
                draft="draft" in (entry.get("class") or []),
                tags=tags,
            )
        )
    return items


def read_source(path, kind, tags, timezone):
    """The items of one source: a saved blog page (.html) or an export of `kind`."""
    if path.suffix.lower() in (".html", ".htm"):
        if kind != "posts":
            raise InputError(f"{path}: saved HTML pages hold blog entries (kind posts)")
        return read_saved_html(path, timezone)
    if kind == "posts":
        return read_posts(path, tags)
    return read_pages(path)
