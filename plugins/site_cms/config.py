"""The Decap CMS configuration, made from the content model.

Nothing here is kept by hand per field: each collection is a kind of
`site_content.model`, each field a model field, with its widget from the
field's type, and its required flag, enum options, help text and language
behaviour from the model. tests/test_cms.py checks that the two hold the same
fields.
"""

import os

from site_content.model import KINDS, context

FORMAT = "pelican-md"  # registered by rtcm-cms.js (static/pelican-format.js)
# The entry data key that holds a new entry's file name (static/slug.js).
SLUG_KEY = "rtcm_file_slug"
# Characters whose Unidecode transliteration slug.js carries: Latin with
# accents and Azerbaijani letters, Cyrillic, punctuation and symbols.
TRANSLITERATED = (
    (0x00A0, 0x024F),
    (0x0259, 0x0259),
    (0x0400, 0x04FF),
    (0x2000, 0x206F),
    (0x20A0, 0x20BF),
    (0x2100, 0x214F),
)
DATE = r"\d{4}-\d{2}-\d{2}"
# Types a list widget edits: one item per entry, written comma-separated.
LIST_TYPES = ("list", "tags")


def content_dir(settings):
    """The content folder as the repository names it (`content`): the CMS
    addresses files from the repository's root."""
    return os.path.basename(os.path.normpath(settings["PATH"]))


def _label(name):
    return name.replace("_", " ")


def widget(field, ctx, settings):
    """The widget options of one field, from its type."""
    kind = field.type
    languages = list(settings["LANGUAGES"])
    if kind == "text":
        return {"widget": "string"}
    if kind == "summary":
        return {"widget": "text"}
    if kind == "datetime":
        return {
            "widget": "datetime",
            "format": "YYYY-MM-DD HH:mm",
            "date_format": "YYYY-MM-DD",
            "time_format": "HH:mm",
            "picker_utc": False,
        }
    if kind == "date":
        return {
            "widget": "datetime",
            "format": "YYYY-MM-DD",
            "date_format": "YYYY-MM-DD",
            "time_format": False,
            "picker_utc": False,
        }
    if kind == "moment":
        return {
            "widget": "string",
            "pattern": [
                f"^{DATE}( \\d{{2}}:\\d{{2}})?$",
                "YYYY-MM-DD, or YYYY-MM-DD HH:MM",
            ],
        }
    if kind in ("enum", "template"):
        return {"widget": "select", "options": list(field.options(ctx))}
    if kind in LIST_TYPES:
        return {"widget": "list"}
    if kind == "languages":
        return {"widget": "select", "multiple": True, "options": languages}
    if kind == "language":
        return {"widget": "select", "options": languages}
    if kind == "https-url":
        return {
            "widget": "string",
            "pattern": ["^https://\\S+$", "an address starting with https://"],
        }
    if kind == "reference":
        return {
            "widget": "relation",
            "collection": KINDS[field.ref]["folder"],
            "value_field": "{{slug}}",
            "search_fields": ["Title"],
            "display_fields": ["Title"],
        }
    if kind == "year":
        return {
            "widget": "string",
            "pattern": [
                "^\\d{4}([–-]\\d{4})?$",
                "a year (2026) or a range (2019–2020)",
            ],
        }
    if kind == "bool":
        return {"widget": "boolean"}
    if kind == "timezone":
        return {"widget": "string"}
    if kind == "media-file":
        folder = settings["SITE_CMS"]["documents_folder"]
        return {
            "widget": "file",
            "choose_url": False,
            "media_folder": f"/{content_dir(settings)}/{folder}",
            "public_folder": folder,
        }
    if kind == "image":
        # Uploads go where body images go; the value is the path from
        # content/, as the field's help asks (the check accepts a leading /).
        folder = settings["SITE_CMS"]["media_folder"]
        return {
            "widget": "image",
            "choose_url": False,
            "media_folder": f"/{content_dir(settings)}/{folder}",
            "public_folder": folder,
        }
    if kind == "output-path":
        return {"widget": "string"}
    raise ValueError(f"no CMS widget for the field type {kind!r} ({field.name})")


def field_config(field, ctx, settings):
    config = {
        "label": _label(field.name),
        "name": field.name,
        "hint": field.help,
        "required": field.required,
        # Shared fields are written in the default language and copied
        # into the others, which the check requires to agree.
        "i18n": True if field.translated else "duplicate",
    }
    config.update(widget(field, ctx, settings))
    return config


def translation_note(settings, folder):
    """A line for the top of a collection's list: which entries are missing
    in which language (Decap's list does not show it). Made at build time
    from the files, so `make edit` renews it on every save."""
    languages = list(settings["LANGUAGES"])
    groups = {}
    path = os.path.join(settings["PATH"], folder)
    for name in sorted(os.listdir(path)) if os.path.isdir(path) else ():
        parts = name.split(".")
        if len(parts) == 3 and parts[2] == "md" and not name.startswith("."):
            groups.setdefault(parts[0], set()).add(parts[1])
    missing = []
    for lang in languages:
        slugs = [slug for slug, present in groups.items() if lang not in present]
        if slugs:
            missing.append(f"{lang.upper()}: " + ", ".join(slugs))
    if not groups:
        return "Nothing here yet."
    if not missing:
        return f"All {len(groups)} are written in every language."
    return "Not yet translated (by file name). " + "; ".join(missing) + "."


def collection(kind, spec, ctx, settings):
    cms = settings["SITE_CMS"]
    fields = [field_config(field, ctx, settings) for field in spec["fields"]]
    fields.append(
        {
            "label": "Text",
            "name": "body",
            "widget": "markdown",
            "required": False,
            "i18n": True,
            "hint": "The text in Markdown. Images go to content/"
            f"{cms['media_folder']}.",
        }
    )
    return {
        "name": spec["folder"],
        "label": spec["label"] + "s"
        if not spec["label"].endswith("y")
        else spec["label"][:-1] + "ies",
        "label_singular": spec["label"],
        "description": translation_note(settings, spec["folder"]),
        "folder": f"{content_dir(settings)}/{spec['folder']}",
        "create": True,
        "format": FORMAT,
        "extension": "md",
        "identifier_field": "Title",
        "slug": "{{fields." + SLUG_KEY + "}}",
        "summary": "{{Title}}",
        "sortable_fields": ["Title"],
        "i18n": True,
        "fields": fields,
    }


def cms_config(settings):
    """The whole configuration, as data (written as config.yml)."""
    cms = settings["SITE_CMS"]
    ctx = context(settings)
    languages = list(settings["LANGUAGES"])
    config = {
        "backend": dict(cms["backend"]),
        "publish_mode": cms["publish_mode"],
        "media_folder": f"{content_dir(settings)}/{cms['media_folder']}",
        "public_folder": "{static}/" + cms["media_folder"],
        # New entries' file names come from slug.js, already ASCII; media
        # file names are folded to ASCII too.
        "slug": {
            "encoding": "ascii",
            "clean_accents": True,
            "sanitize_replacement": "-",
        },
        "i18n": {
            "structure": "multiple_files",
            "locales": languages,
            "default_locale": settings["DEFAULT_LANG"],
        },
        "site_url": settings["SITE_ROOT_URL"],
        "display_url": settings["SITE_ROOT_URL"],
        "show_preview_links": False,
        "collections": [
            collection(kind, spec, ctx, settings) for kind, spec in KINDS.items()
        ],
    }
    if cms.get("local_backend"):
        config["local_backend"] = {"url": cms["local_backend"]}
    return config


def format_model(settings=None):
    """What the front-matter format needs to know of the model: the field
    names in order, and which are lists, yes/no values, or kept when empty."""
    names, lists, bools, empties = [], [], [], []
    for spec in KINDS.values():
        for field in spec["fields"]:
            if field.name not in names:
                names.append(field.name)
            target = {
                "list": lists,
                "tags": lists,
                "languages": lists,
                "bool": bools,
                "output-path": empties,
            }.get(field.type)
            if target is not None and field.name not in target:
                target.append(field.name)
    return {
        "keys": names,
        "lists": lists,
        "bools": bools,
        "empties": empties,
        "slugKey": SLUG_KEY,
    }


def transliteration():
    """{character: its ASCII form} as Unidecode (Pelican's slugify) writes it,
    for the characters of TRANSLITERATED."""
    from unidecode import unidecode

    table = {}
    for first, last in TRANSLITERATED:
        for code in range(first, last + 1):
            table[chr(code)] = unidecode(chr(code))
    return table
