"""The content model: every kind of content file and its fields, as data.

Over 400 lines because it is data: `KINDS` declares the five kinds and all
their fields in one table, which reads best whole; the functions after it
(reading values, listing files, describing the model) are short.

This is the one description of what a content file may contain. `make check`
validates every file against it (site_checks), the build plugins take typed
values from the same parse (`typed_values`), `make new` scaffolds from it, the
editors' field tables in docs/content-model.md are generated from it
(`tools/content_model.py`), and it is what a CMS configuration is made from
(`describe()`: a plain list of fields with types, enums and help).

A field is `translated` when each language writes its own value, and shared
by the translation group otherwise: the languages of one item must then agree
(or leave it out), and an editor UI can copy it across languages.
"""

import functools
import os
from dataclasses import dataclass, replace

from .fields import INVISIBLE_RE, READERS, Context, FieldError, visible

STATUSES = ("published", "draft", "hidden")
EVENT_FORMATS = ("in-person", "online", "hybrid")
TRAINING_LEVELS = ("introductory", "intermediate", "advanced")
TOPICS = ("foundations", "law-and-protection", "labour-mobility", "trainer-development")
# Templates a page may ask for with `Template:`; the others are layouts of
# lists or parts, which would render a page without its text.
PAGE_TEMPLATES = ("page", "home", "events", "trainings", "library")
DOCUMENT_FORMATS = (".pdf", ".docx", ".xlsx", ".odt", ".epub", ".zip")
IMAGE_FORMATS = (".jpg", ".jpeg", ".png", ".webp", ".avif", ".gif")
# The alt text that marks a photo as pure decoration (site_images.markup).
DECORATIVE_ALT = "-"


@dataclass(frozen=True)
class Field:
    name: str  # as editors write it; Pelican reads keys in any case
    type: str  # a key of fields.READERS
    help: str
    required: bool = False
    translated: bool = True
    # enum choices: a tuple, or the name of a setting that holds the list
    choices: tuple | str = ()
    ref: str = ""  # for references: the kind they name
    default: object = None
    # What `make new` writes for an optional field ({date}, {datetime} are
    # filled in; TODO marks what the editor must write); None: left out.
    example: str | None = None

    @property
    def key(self):
        return self.name.lower()

    def options(self, ctx):
        if isinstance(self.choices, str):
            value = ctx.settings.get(self.choices, ())
            if isinstance(value, dict):  # SITE_LIBRARY-style {"types": [...]}
                value = value.get("types", ())
            return tuple(value)
        return self.choices


TITLE = Field(
    "Title",
    "text",
    "The title in this language: the page's heading, "
    "the browser tab, feeds and search results.",
    required=True,
)
SUMMARY = Field(
    "Summary",
    "summary",
    "One or two sentences in plain text for lists, "
    "feeds, search results and link previews. Without it the first "
    "words of the text are used.",
    example="TODO: one or two sentences for lists, feeds and search results.",
)
MODIFIED = Field(
    "Modified",
    "datetime",
    "Date of the last real change of this "
    "language version (YYYY-MM-DD [HH:MM], Baku time); the translation "
    "status compares it with the English version's.",
)
STATUS = Field(
    "Status",
    "enum",
    "'draft' keeps the file off the published site; "
    "'hidden' publishes it without listing it.",
    choices=STATUSES,
    default="published",
    example="draft",
)
# The lead image (plugins/site_images): on the page, in lists, in previews.
IMAGE = Field(
    "Image",
    "image",
    "A photo for the top of the page, the lists and "
    "link previews: its path from content/, e.g. "
    "media/images/workshop-2026.jpg (at least 1200 pixels wide). The same "
    "photo in every language.",
    translated=False,
    choices=IMAGE_FORMATS,
)
IMAGE_ALT = Field(
    "Image_alt",
    "text",
    "What the photo shows, in this language, for "
    "readers who cannot see it (required with Image). Write a single "
    f"'{DECORATIVE_ALT}' only if the photo is pure decoration.",
)
IMAGE_CAPTION = Field(
    "Image_caption",
    "text",
    "A caption under the photo, in this "
    "language (optional): who or what it shows, and the "
    "photographer.",
)
IMAGE_FIELDS = (IMAGE, IMAGE_ALT, IMAGE_CAPTION)

KINDS = {
    "post": {
        "label": "News post",
        "folder": "posts",
        "fields": (
            TITLE,
            Field(
                "Date",
                "datetime",
                "Publication date and time, YYYY-MM-DD HH:MM in Baku time.",
                required=True,
                translated=False,
                example="{datetime}",
            ),
            Field(
                "Category",
                "enum",
                "Where the post is listed.",
                required=True,
                translated=False,
                choices="SITE_CATEGORIES",
            ),
            Field(
                "Tags",
                "tags",
                "Comma-separated topics, written in this "
                "language; each gets a page listing its posts.",
                example="",
            ),
            *IMAGE_FIELDS,
            SUMMARY,
            MODIFIED,
            STATUS,
        ),
    },
    "page": {
        "label": "Page",
        "folder": "pages",
        "fields": (
            TITLE,
            SUMMARY,
            *IMAGE_FIELDS,
            replace(MODIFIED, example="{date}"),
            STATUS,
            Field(
                "Template",
                "template",
                "A special layout (developers set this).",
                translated=False,
                choices=PAGE_TEMPLATES,
            ),
            Field(
                "Save_as",
                "output-path",
                "Another file name inside the language "
                "folder (developers set this, together with URL).",
                translated=False,
            ),
            Field(
                "URL",
                "output-path",
                "The address that goes with Save_as.",
                translated=False,
            ),
        ),
    },
    "event": {
        "label": "Event",
        "folder": "events",
        "fields": (
            TITLE,
            Field(
                "Start",
                "moment",
                "First day (YYYY-MM-DD), or day and time "
                "(YYYY-MM-DD HH:MM) in Baku time unless Timezone is given.",
                required=True,
                translated=False,
                example="{date} 10:00",
            ),
            Field(
                "End",
                "moment",
                "Last day, or day and time; like Start. Defaults to Start.",
                translated=False,
                example="{date} 17:00",
            ),
            Field(
                "Timezone",
                "timezone",
                "The time zone of Start and End, e.g. Asia/Baku (the default).",
                translated=False,
                default="Asia/Baku",
            ),
            Field(
                "Format",
                "enum",
                "How participants attend.",
                required=True,
                translated=False,
                choices=EVENT_FORMATS,
                example="in-person",
            ),
            Field("City", "text", "The city, in this language.", example="Baku"),
            Field(
                "Venue",
                "text",
                "The building or room, in this language.",
                example="TODO",
            ),
            Field("Audience", "text", "Who the event is for."),
            Field("Countries", "list", "Comma-separated countries taking part."),
            Field("Organisers", "list", "Comma-separated organisations."),
            Field(
                "Registration",
                "https-url",
                "The https:// address of the registration form.",
                translated=False,
            ),
            Field(
                "Registration_deadline",
                "date",
                "Last day to register (YYYY-MM-DD).",
                translated=False,
            ),
            Field(
                "Training",
                "reference",
                "The slug of the training programme this event is a session of.",
                translated=False,
                ref="training",
            ),
            Field(
                "News",
                "reference",
                "The slug of the news post about the event.",
                translated=False,
                ref="post",
            ),
            Field(
                "Example",
                "bool",
                "'true' marks example content for editors.",
                translated=False,
                default=False,
            ),
            *IMAGE_FIELDS,
            SUMMARY,
            MODIFIED,
            STATUS,
        ),
    },
    "training": {
        "label": "Training programme",
        "folder": "trainings",
        "fields": (
            TITLE,
            Field(
                "Topic",
                "enum",
                "The group the programme is listed under.",
                required=True,
                translated=False,
                choices=TOPICS,
            ),
            Field(
                "Duration", "text", "How long a session lasts, in words (e.g. 3 days)."
            ),
            Field(
                "Format",
                "enum",
                "How participants attend.",
                translated=False,
                choices=EVENT_FORMATS,
            ),
            Field(
                "Level",
                "enum",
                "Who the course suits.",
                translated=False,
                choices=TRAINING_LEVELS,
            ),
            Field("Audience", "text", "Who the programme is for."),
            Field(
                "Languages",
                "languages",
                "Comma-separated codes of the languages it is taught in, e.g. en, ru.",
                translated=False,
            ),
            *IMAGE_FIELDS,
            SUMMARY,
            MODIFIED,
            STATUS,
        ),
    },
    "publication": {
        "label": "Library entry",
        "folder": "publications",
        "fields": (
            TITLE,
            Field(
                "Authors",
                "list",
                "Comma-separated authors, as written in this language.",
            ),
            Field(
                "Year",
                "year",
                "Year of publication (2026) or a range (2019–2020).",
                required=True,
                translated=False,
            ),
            Field(
                "Type",
                "enum",
                "The kind of document.",
                required=True,
                translated=False,
                choices="SITE_LIBRARY",
            ),
            Field(
                "Topic", "enum", "The subject area.", translated=False, choices=TOPICS
            ),
            Field(
                "Document",
                "media-file",
                "The file's path from content/, e.g. media/library/report.ru.pdf.",
                required=True,
                choices=DOCUMENT_FORMATS,
            ),
            Field(
                "Document_lang",
                "language",
                "The language of the file, which may differ from the page's.",
                required=True,
            ),
            Field(
                "Sample",
                "bool",
                "'true' marks a sample document.",
                translated=False,
                default=False,
            ),
            SUMMARY,
            MODIFIED,
            STATUS,
        ),
    },
}

# Keys that would override what the file name says.
NAME_KEYS = {"lang": "language", "slug": "slug"}


@functools.cache
def fields_of(kind):
    """{key: Field} of a kind, in the order of the model."""
    return {field.key: field for field in KINDS[kind]["fields"]}


def kind_of_folder(folder):
    return next(
        (kind for kind, spec in KINDS.items() if spec["folder"] == folder), None
    )


def content_files(settings):
    """(kind, folder, slug, lang, path) of every `<slug>.<lang>.md` in a
    content kind's folder, in a stable order (tools that read the whole
    tree: term lists, translation alignment)."""
    content = settings["PATH"]
    for directory, dirs, files in os.walk(content):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        folder = os.path.relpath(directory, content).replace(os.sep, "/").split("/")[0]
        kind = kind_of_folder(folder)
        if kind is None:
            continue
        for name in sorted(files):
            parts = name.split(".")
            if (
                len(parts) == 3
                and parts[2] == "md"
                and parts[1] in settings["LANGUAGES"]
            ):
                yield kind, folder, parts[0], parts[1], os.path.join(directory, name)


# Types whose values are words the site acts on, not text shown to readers.
TEXT_TYPES = ("text", "summary", "list", "tags")


def read_value(field, raw, ctx):
    """The typed value of one field; raises FieldError. A text is empty when
    only invisible characters remain; any other value may not contain them
    (Pelican would read 'published' with a zero-width space as another word)."""
    if not visible(raw):
        if field.required:
            raise FieldError(
                f"'{field.name}' is empty", f"write a value: '{field.name}: …'"
            )
        return field.default
    text = raw.strip()
    if field.type not in TEXT_TYPES:
        found = INVISIBLE_RE.search(text)
        if found:
            raise FieldError(
                f"'{field.name}' contains the invisible character "
                f"U+{ord(found.group()):04X}",
                f"retype the value of '{field.name}'",
            )
    return READERS[field.type](text, field, ctx)


def typed_values(kind, raw, ctx):
    """{key: typed value} of every field of `kind`, defaults filled in, from
    `raw` ({lower-case key: text}); raises FieldError on the first invalid
    value. The build uses it on files the check has already passed."""
    values = {}
    for key, field in fields_of(kind).items():
        if key in raw and raw[key] is not None:
            values[key] = read_value(field, str(raw[key]), ctx)
        elif field.required:
            raise FieldError(
                f"'{field.name}' is missing",
                f"add a line '{field.name}: …' to the front matter",
            )
        else:
            values[key] = field.default
    return values


def context(settings):
    return Context(settings, os.path.realpath(settings["PATH"]))


def describe(settings=None):
    """The model as plain data (for a CMS configuration and the docs):
    [{kind, label, folder, fields: [{name, type, required, translated,
    choices, ref, default, help}]}]."""
    ctx = Context(settings or {}, "") if settings is not None else None
    kinds = []
    for kind, spec in KINDS.items():
        fields = []
        for field in spec["fields"]:
            choices = field.options(ctx) if ctx else field.choices
            fields.append(
                {
                    "name": field.name,
                    "type": field.type,
                    "required": field.required,
                    "translated": field.translated,
                    "choices": list(choices)
                    if not isinstance(choices, str)
                    else choices,
                    "ref": field.ref,
                    "default": field.default,
                    "help": field.help,
                }
            )
        kinds.append(
            {
                "kind": kind,
                "label": spec["label"],
                "folder": spec["folder"],
                "fields": fields,
            }
        )
    return kinds
