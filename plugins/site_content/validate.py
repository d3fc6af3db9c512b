"""Validate one file's front matter against the content model.

`validate_fields(kind, fields, ctx)` returns the typed values and every
problem as (line, severity, message, hint). The rules that span files
(translation groups, references, addresses) are in rules.py.
"""

import functools
import os

from .fields import (
    FieldError,
    control_character,
    image_info,
    suggest,
    url_path_variants,
)
from .model import KINDS, NAME_KEYS, fields_of, read_value
from .problems import ERROR, WARNING

# Keys Pelican itself acts on in any file (an address, a template, a date it
# parses): where the model does not declare them they are refused, not
# ignored.
PELICAN_KEYS = ("date", "modified", "save_as", "url", "template", "translation")
# Examples in the messages about a missing required key.
EXAMPLES = {
    "title": "The title of the page",
    "date": "2022-07-29 17:00",
    "start": "2027-03-15 10:00",
    "format": "in-person",
    "year": "2026",
    "type": "report",
    "topic": "foundations",
    "document": "media/library/<file>.pdf",
    "document_lang": "en",
}


@functools.cache
def every_key():
    return {field.key: field for spec in KINDS.values() for field in spec["fields"]}


def validate_fields(kind, fields, ctx):
    """(values, problems) for the front matter `fields` ({key: RawField})."""
    spec = fields_of(kind)
    problems = []

    def add(line, message, hint, severity=ERROR):
        problems.append((line, severity, message, hint))

    misspelt = {suggest(key, spec, cutoff=0.75) for key in fields if key not in spec}
    for key, field in spec.items():
        if field.required and key not in fields and key not in misspelt:
            example = EXAMPLES.get(key, "…")
            if key == "category":
                example = ctx.settings.get("SITE_CATEGORIES", ["news"])[0]
            add(
                1,
                f"'{field.name}' is missing",
                f"add a line '{field.name}: {example}' to the front matter",
            )
    others = every_key()
    for key, found in fields.items():
        located = found.line
        position = control_character(found.value)
        if position is not None:
            add(
                located,
                f"'{found.name}' contains the invisible control character "
                f"{position[1]}",
                "retype the value; such characters come from pasting "
                "from Word or PDF files",
            )
            continue
        if key in spec:
            continue
        if key in NAME_KEYS:
            add(
                located,
                f"'{found.name}' must not be set in the front matter; the "
                f"{NAME_KEYS[key]} comes from the file name",
                f"delete the line; rename the file to change the {NAME_KEYS[key]}",
            )
            continue
        close = suggest(key, spec, cutoff=0.75)
        if close:
            add(
                located,
                f"unknown key '{found.name}' (did you mean '{spec[close].name}'?)",
                f"correct it to '{spec[close].name}:'",
            )
        elif key in PELICAN_KEYS:
            add(
                located,
                f"'{found.name}' cannot be used in a {kind}",
                "delete the line (see docs/content-model.md for the fields of each "
                "kind)",
            )
        elif key in others:
            add(
                located,
                f"'{found.name}' has no effect on a {kind}",
                "delete the line",
                WARNING,
            )
        else:
            add(
                located,
                f"unknown key '{found.name}'; the site ignores it",
                "delete the line, or see the list of keys in docs/content-model.md",
                WARNING,
            )

    values = {}
    for key, field in spec.items():
        found = fields.get(key)
        if found is None:
            values[key] = field.default
            continue
        if found.more and field.type != "summary":
            add(
                found.more[0],
                f"the value of '{found.name}' goes on over line "
                f"{found.more[0]}; only Summary may take several lines",
                f"write the whole value of '{found.name}' on line {found.line}",
            )
            continue
        if control_character(found.value) is not None:
            continue
        try:
            values[key] = read_value(field, found.value, ctx)
        except FieldError as error:
            add(found.line, error.message, error.hint)
    _check_together(kind, fields, values, add, ctx)
    return values, problems


def _check_image(fields, values, add, ctx):
    """A lead image needs its alt text, and enough pixels."""
    if "image" not in fields:
        if "image_alt" in fields or "image_caption" in fields:
            found = fields.get("image_alt") or fields["image_caption"]
            add(
                found.line,
                f"'{found.name}' has no effect without 'Image'",
                "add 'Image: media/images/<photo>', or delete the line",
                WARNING,
            )
        return
    if not values.get("image"):
        return  # the image's own error is reported
    line = fields["image"].line
    if "image_alt" not in fields:
        add(
            line,
            "the lead image has no 'Image_alt'",
            "add a line 'Image_alt: what the photo shows' (or 'Image_alt: -' if "
            "it is pure decoration)",
        )
    elif not values.get("image_alt"):
        add(
            fields["image_alt"].line,
            "'Image_alt' is empty",
            "describe the photo, or write 'Image_alt: -' if it is pure decoration",
        )
    found = image_info(os.path.join(ctx.content, values["image"]), ctx.settings)
    minimum = ctx.settings.get("SITE_IMAGES", {}).get("min_lead_width", 1200)
    if not isinstance(found, ValueError) and found[0] < minimum:
        add(
            line,
            f"the lead image is only {found[0]}×{found[1]} pixels",
            f"use a photo at least {minimum} pixels wide: a small one looks blurred "
            "on phones and in link previews",
            WARNING,
        )


def _check_together(kind, fields, values, add, ctx):
    """Rules between the fields of one file."""
    status = values.get("status") or "published"
    if status != "draft":
        # `make new` marks what the editor must write with TODO.
        for found in fields.values():
            if "TODO" in found.value:
                add(
                    found.line,
                    f"'{found.name}' still says TODO",
                    f"write the real {found.name.lower()}, or keep 'Status: draft' "
                    "until the file is ready",
                )
    if status == "draft":
        for key in ("save_as", "url"):
            if key in fields:
                add(
                    fields[key].line,
                    f"a draft with '{fields[key].name}' would be "
                    "published at that address",
                    f"delete '{fields[key].name}' until the page is published",
                )
    date, modified = values.get("date"), values.get("modified")
    if date and modified and modified < date:
        add(
            fields["modified"].line,
            "'Modified' is earlier than 'Date'",
            "Modified is the date of the last change: make it the same as Date or "
            "later",
            WARNING,
        )
    if kind == "event" and values.get("start"):
        start, start_time = values["start"]
        end, end_time = values.get("end") or values["start"]
        if "end" in fields and values.get("end") and start_time != end_time:
            add(
                fields["end"].line,
                "'Start' and 'End' must both have a time, or neither",
                "write both as YYYY-MM-DD, or both as YYYY-MM-DD HH:MM",
            )
        elif end < start:
            add(
                fields["end"].line,
                "the event ends before it starts",
                "check 'Start' and 'End'",
            )
    _check_image(fields, values, add, ctx)
    if kind == "page" and ("save_as" in fields) != ("url" in fields):
        given, missing = (
            ("save_as", "URL") if "save_as" in fields else ("url", "Save_as")
        )
        add(
            fields[given].line,
            f"'{fields[given].name}' is set but '{missing}' is not",
            "set both (e.g. 'Save_as: index.html' with an empty 'URL:'), or neither",
        )
    elif kind == "page" and values.get("save_as"):
        url, save_as = values.get("url") or "", values["save_as"]
        if url_path_variants(url) != url_path_variants(save_as):
            add(
                fields["url"].line,
                f"'URL: {url}' and 'Save_as: {save_as}' name "
                "different addresses, so links to this page would break",
                "make them match, e.g. 'URL: about/' with 'Save_as: about/index.html'",
            )


def event_times(values, timezone_name):
    """(start, end, all_day) as aware datetimes, from an event's values."""
    import zoneinfo

    tz = zoneinfo.ZoneInfo(values.get("timezone") or timezone_name)
    start, has_time = values["start"]
    end, _ = values.get("end") or values["start"]
    return start.replace(tzinfo=tz), end.replace(tzinfo=tz), not has_time
