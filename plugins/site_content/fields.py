"""The types a front-matter value can have, and how each one is read.

Over 400 lines: one reader per type, and `READERS`, which maps each type
name of the model to its reader; split, the table and its readers would be
read in two places.

Every reader takes the raw text of one value (already stripped, continuation
lines joined) and a `Context` (the site's settings and languages) and returns
the typed value, or raises `FieldError` with a message and a hint an editor
can act on. The check and the build call the same readers, so they cannot
disagree about a value.
"""

import datetime
import difflib
import functools
import os
import re
import unicodedata
import zoneinfo
from dataclasses import dataclass

from pelican.utils import slugify

# Years outside this range are almost always typing mistakes (20222, 9999),
# and calendar arithmetic on them (an all-day event's exclusive end) fails.
MIN_YEAR = 1990
MAX_YEAR = 2099

SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
DATETIME_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$")
YEAR_RE = re.compile(r"^(\d{4})(?:\s*[-–—]\s*(\d{4}))?$")
# Characters that print nothing: zero-width spaces and joiners, direction
# marks, the word joiner, the BOM, and the no-break spaces (a value made only
# of these is empty).
INVISIBLE_RE = re.compile(
    "[\u00a0\u00ad\u115f\u1160\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f"
    "\u2800\u3000\u3164\ufeff\uffa0]"
)
# C0 and C1 control characters other than tab, line feed and carriage return:
# pasted from Word or a PDF, they are invalid in HTML and XML.
CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
URL_UNSAFE_RE = re.compile(r"[\s<>\"'`{}|\\^]")


class FieldError(ValueError):
    def __init__(self, message, hint):
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass(frozen=True)
class Context:
    """What the readers need to know about the site."""

    settings: dict
    content: str  # absolute path of the content folder

    @property
    def languages(self):
        return list(self.settings["LANGUAGES"])


def suggest(word, choices, cutoff=0.6):
    """The closest of `choices` to `word` (case-insensitive), or None."""
    lowered = {str(choice).lower(): choice for choice in choices}
    found = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=cutoff)
    return lowered[found[0]] if found else None


def ascii_slug(text, settings):
    """`text` made into a file-name slug (a-z, 0-9, '-'): a tag's slug with
    '-' for '_'."""
    return re.sub(r"-+", "-", tag_slug(text, settings).replace("_", "-")).strip("-")


def tag_slug(text, settings):
    """A tag's address as Pelican makes it (TAG_REGEX_SUBSTITUTIONS)."""
    rules = tuple(
        tuple(rule)
        for rule in settings.get(
            "TAG_REGEX_SUBSTITUTIONS", settings.get("SLUG_REGEX_SUBSTITUTIONS", [])
        )
    )
    return _tag_slug(text, rules)


@functools.lru_cache(maxsize=4096)
def _tag_slug(text, rules):
    # The same tags recur in many files: each is slugified once.
    return slugify(text, regex_subs=[list(rule) for rule in rules])


def visible(text):
    """`text` without invisible characters at its ends; '' if that is all."""
    if INVISIBLE_RE.sub("", text).strip() == "":
        return ""
    return text.strip(" \t\u00a0\u200b\u200c\u200d\u2060\ufeff")


def url_path_variants(path):
    """The forms one output path may be linked with: a/ a a/index.html."""
    path = path.lstrip("/")
    if path.endswith("index.html"):
        path = path[: -len("index.html")]
    return path.rstrip("/")


# --- readers ---------------------------------------------------------------


def read_text(raw, field, ctx):
    return raw


def read_date_or_datetime(raw, field, ctx):
    """(datetime, has_time) from YYYY-MM-DD or YYYY-MM-DD HH:MM[:SS]."""
    match = DATETIME_RE.match(raw)
    has_time = bool(match)
    match = match or DATE_RE.match(raw)
    if not match:
        raise FieldError(
            f"'{raw}' is not a valid date for '{field.name}'",
            "write the date as YYYY-MM-DD HH:MM in Baku time, e.g. 2022-07-29 17:00"
            if field.type != "date"
            else "write the date as YYYY-MM-DD, e.g. 2027-03-15",
        )
    numbers = [int(part) for part in match.groups() if part is not None]
    try:
        moment = datetime.datetime(*numbers)
    except ValueError:
        raise FieldError(
            f"'{raw}' is not a valid date for '{field.name}'",
            "check the month (01-12), the day and the time (00:00-23:59)",
        ) from None
    if not MIN_YEAR <= moment.year <= MAX_YEAR:
        raise FieldError(
            f"the year {moment.year} in '{field.name}' is out of range",
            f"write a year between {MIN_YEAR} and {MAX_YEAR}",
        )
    if field.type == "date":
        return moment.date()
    return (moment, has_time) if field.type == "moment" else moment


def read_enum(raw, field, ctx):
    choices = field.options(ctx)
    if raw in choices:
        return raw
    close = suggest(raw, choices)
    raise FieldError(
        f"unknown {field.name.lower().replace('_', ' ')} '{raw}'"
        + (f" (did you mean '{close}'?)" if close else ""),
        f"use one of: {', '.join(choices)}",
    )


def read_slug(raw, field, ctx):
    if not SLUG_RE.match(raw):
        raise FieldError(
            f"'{field.name}: {raw}' is not a slug",
            f"write the slug of a {field.ref}: its file name without "
            "the language and .md, e.g. training-of-trainers",
        )
    return raw


def read_https_url(raw, field, ctx):
    if not raw.startswith("https://") or len(raw) <= len("https://"):
        raise FieldError(
            f"'{field.name}' must be an https:// address, not '{raw}'",
            "copy the full address from the browser, starting with https://",
        )
    if URL_UNSAFE_RE.search(raw) or INVISIBLE_RE.search(raw):
        raise FieldError(
            f"the address in '{field.name}' contains spaces or characters "
            "that are not allowed in an address",
            "copy the address again from the browser's address bar",
        )
    return raw


def read_list(raw, field, ctx):
    """Items as Pelican splits them: on ';' if there is one, else on ','."""
    separator = ";" if ";" in raw else ","
    return [item.strip() for item in raw.split(separator) if item.strip()]


def read_tags(raw, field, ctx):
    tags = read_list(raw, field, ctx)
    for tag in tags:
        if not tag_slug(tag, ctx.settings):
            raise FieldError(
                f"the tag '{tag}' has no letter or digit to make its address",
                "write the tag in words, e.g. 'training of trainers'",
            )
    return tags


def read_year(raw, field, ctx):
    """(first, last) from 2019 or 2019–2020."""
    match = YEAR_RE.match(raw)
    if not match:
        raise FieldError(
            f"'{raw}' is not a year for '{field.name}'",
            "write a year (2026) or a range of years (2019–2020)",
        )
    first = int(match[1])
    last = int(match[2] or match[1])
    for year in (first, last):
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise FieldError(
                f"the year {year} in '{field.name}' is out of range",
                f"write a year between {MIN_YEAR} and {MAX_YEAR}",
            )
    if last < first:
        raise FieldError(
            f"the range of years '{raw}' ends before it starts",
            "write the earlier year first, e.g. 2019–2020",
        )
    return (first, last)


def read_language(raw, field, ctx):
    if raw in ctx.languages:
        return raw
    raise FieldError(
        f"'{raw}' is not one of the site's languages for '{field.name}'",
        f"use one of: {', '.join(ctx.languages)}",
    )


def read_languages(raw, field, ctx):
    langs = read_list(raw, field, ctx)
    for lang in langs:
        read_language(lang, field, ctx)
    if not langs:
        raise FieldError(
            f"'{field.name}' names no language",
            f"list language codes, e.g. {', '.join(ctx.languages[:2])}",
        )
    return langs


def read_bool(raw, field, ctx):
    if raw in ("true", "false"):
        return raw == "true"
    raise FieldError(
        f"'{field.name}' is 'true' or 'false', not '{raw}'",
        f"write '{field.name}: true', or delete the line",
    )


def read_timezone(raw, field, ctx):
    try:
        zoneinfo.ZoneInfo(raw)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        close = suggest(raw, sorted(zoneinfo.available_timezones()), cutoff=0.8)
        raise FieldError(
            f"the time zone '{raw}' is unknown"
            + (f" (did you mean '{close}'?)" if close else ""),
            "use a name such as Asia/Baku or Europe/Chisinau",
        ) from None
    return raw


def read_media_file(raw, field, ctx):
    """A path inside content/media/ that exists, e.g. media/library/x.pdf."""
    path = raw.lstrip("/")
    segments = path.split("/")
    media = os.path.join(ctx.content, "media")
    full = os.path.realpath(os.path.join(ctx.content, path))
    example = (
        "media/images/workshop.jpg"
        if field.type == "image"
        else "media/library/report.en.pdf"
    )
    if (
        segments[0] != "media"
        or ".." in segments
        or "\\" in path
        or os.path.commonpath([full, os.path.realpath(media)])
        != os.path.realpath(media)
    ):
        raise FieldError(
            f"'{field.name}: {raw}' is not a file in content/media/",
            f"write the path from content/, e.g. {example}",
        )
    if os.path.isdir(full):
        raise FieldError(
            f"'{raw}' is a folder, not a file", f"add the file's name, e.g. {example}"
        )
    if not os.path.isfile(full):
        raise FieldError(
            f"the file '{raw}' does not exist in content/",
            "add the file to content/media/ or correct the name",
        )
    formats = field.options(ctx)
    extension = os.path.splitext(path)[1].lower()
    if formats and extension not in formats:
        raise FieldError(
            f"'{raw}' is not a format the "
            f"{'site shows as a photo' if field.type == 'image' else 'library shows'}",
            f"use one of: {', '.join(sorted(formats))}",
        )
    return path


def image_path(raw):
    """The path from content/ that an image value names. Editors write it as
    the field's help says (media/images/x.jpg), with a leading '/' as the
    browser editor does, or as in the text ({static}/media/images/x.jpg)."""
    value = raw.strip()
    for prefix in ("{static}", "|static|"):
        value = value.removeprefix(prefix)
    return value.lstrip("/")


@functools.lru_cache(maxsize=4096)
def _inspected(path, size, mtime_ns, max_bytes):
    from site_images.pipeline import ImageProblem, inspect

    try:
        return inspect(path, max_bytes)
    except ImageProblem as problem:
        return problem


def image_info(full, settings):
    """(width, height, format or None) of the image file `full`, or the
    ImageProblem that makes it unusable. Decoded once per version of the
    file, and not at all when the image pipeline already made its variants
    from these bytes (site_images.cache)."""
    from site_images.cache import known_size
    from site_images.site_images import images_settings

    stat = os.stat(full)
    config = images_settings(settings)
    if stat.st_size <= config["max_bytes"]:
        known = known_size(full, stat, settings, config)
        if known:
            return known
    return _inspected(full, stat.st_size, stat.st_mtime_ns, config["max_bytes"])


def read_image(raw, field, ctx):
    """A photo in content/media/ that the image pipeline can read."""
    path = read_media_file(image_path(raw), field, ctx)
    found = image_info(os.path.join(ctx.content, path), ctx.settings)
    if isinstance(found, ValueError):
        raise FieldError(f"'{raw}' cannot be used: {found.message}", found.hint)
    return path


def read_template(raw, field, ctx):
    theme = ctx.settings.get("THEME", "")
    choices = field.options(ctx)
    if raw in choices and os.path.isfile(
        os.path.join(theme, "templates", raw + ".html")
    ):
        return raw
    raise FieldError(
        f"there is no page template '{raw}' in the theme",
        "delete the line (pages use the normal page template) or use one "
        f"of: {', '.join(choices)}",
    )


def read_output_path(raw, field, ctx):
    """Save_as/URL: a relative path inside the language's own folder."""
    segments = raw.replace("\\", "/").split("/")
    if (
        raw.startswith(("/", "\\"))
        or "\\" in raw
        or ":" in raw
        or ".." in segments
        or "." in segments
        or URL_UNSAFE_RE.search(raw)
        or "%" in raw
        or "?" in raw
        or "#" in raw
    ):
        raise FieldError(
            f"'{field.name}: {raw}' points outside this language's folder",
            "write a path inside it without '/', '..' or 'http:' at the "
            "start, e.g. 'about/index.html', or delete the line",
        )
    if any(segment.startswith(".") for segment in segments if segment):
        raise FieldError(
            f"'{field.name}: {raw}' names a hidden file or folder",
            "use a name that does not start with '.'",
        )
    if field.key == "save_as" and (raw.endswith("/") or not raw):
        raise FieldError(
            f"'Save_as: {raw}' names a folder, not a file",
            "end it with the file name, e.g. 'about/index.html'",
        )
    return raw


READERS = {
    "text": read_text,
    "summary": read_text,
    "date": read_date_or_datetime,
    "datetime": read_date_or_datetime,
    "moment": read_date_or_datetime,
    "enum": read_enum,
    "reference": read_slug,
    "https-url": read_https_url,
    "list": read_list,
    "tags": read_tags,
    "year": read_year,
    "language": read_language,
    "languages": read_languages,
    "bool": read_bool,
    "timezone": read_timezone,
    "media-file": read_media_file,
    "image": read_image,
    "template": read_template,
    "output-path": read_output_path,
}


def control_character(text):
    """(index, name) of the first control character in `text`, or None."""
    match = CONTROL_RE.search(text)
    if match is None:
        return None
    char = match.group()
    name = unicodedata.name(char, "")
    return match.start(), f"U+{ord(char):04X} {name}".strip()
