"""`make check` and the build-time check: a corpus of broken inputs.

Each case copies the project to a temporary folder, adds or replaces one
file, runs the checker's command line and asserts the exact message, the file
and line it names, the exit status, and that no content file changed. Two
cases also run Pelican directly to prove that a bad file stops the build
before it writes any page.
"""

import hashlib
import importlib.util
import io
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import ROOT, copy_project, tree_digest

VALID_POST = """Title: A test post
Date: 2022-07-29 17:00
Category: news
Summary: One sentence for lists and feeds.

The text.
"""
VALID_PAGE = """Title: A test page
Summary: One sentence.

The text.
"""


def post(*front, body="The text."):
    """A post whose front matter is `front` (lines) and then `body`."""
    return "\n".join(front) + "\n\n" + body + "\n"


def event(*front, title="An event"):
    """An event starting 2027-03-15 with `front` after its Title and Start."""
    return post(f"Title: {title}", "Start: 2027-03-15", *front)


def entry(
    *front, document="media/library/sample-glossary.en.pdf", lang="en", kind="guide"
):
    """A library entry: Title, Year (or `front`), Type, Document, Document_lang."""
    return post(
        "Title: A document",
        *(front or ("Year: 2026",)),
        f"Type: {kind}",
        f"Document: {document}",
        f"Document_lang: {lang}",
    )


def override(save_as, url):
    """A page with its own Save_as and URL."""
    return post("Title: A page", f"Save_as: {save_as}", f"URL: {url}")


def image_bytes(width, height, kind="PNG"):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (40, 110, 170)).save(buffer, kind)
    return buffer.getvalue()


SMALL_PNG = image_bytes(64, 48)
LEAD = ("Title: A post", "Date: 2022-07-29", "Category: news")


def load_tool(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


check_tool = load_tool("check_content")


@dataclass
class Case:
    id: str
    files: dict  # path under content/ -> str or bytes
    path: str  # the file the message names, under content/
    line: int
    message: str  # the exact text between "error: " and " (hint: "
    severity: str = "error"
    extra_settings: str = ""
    symlinks: dict = field(default_factory=dict)  # path under content/ -> target


OUTSIDE = "OUTSIDE"  # replaced by a file next to (not inside) content/

CASES = [
    # --- front matter ------------------------------------------------------
    Case(
        "missing-title",
        {"posts/case.en.md": post("Date: 2022-07-29 17:00", "Category: news")},
        "posts/case.en.md",
        1,
        "'Title' is missing",
    ),
    Case(
        "missing-date",
        {"posts/case.en.md": post("Title: A post", "Category: news")},
        "posts/case.en.md",
        1,
        "'Date' is missing",
    ),
    Case(
        "empty-title",
        {"posts/case.en.md": post("Title:", "Date: 2022-07-29", "Category: news")},
        "posts/case.en.md",
        1,
        "'Title' is empty",
    ),
    Case(
        "invalid-date",
        {
            "posts/case.en.md": post(
                "Title: A post", "Date: 2022-13-45", "Category: news"
            )
        },
        "posts/case.en.md",
        2,
        "'2022-13-45' is not a valid date for 'Date'",
    ),
    Case(
        "ambiguous-date",
        {
            "posts/case.en.md": post(
                "Title: A post", "Date: 07/08/2022", "Category: news"
            )
        },
        "posts/case.en.md",
        2,
        "'07/08/2022' is not a valid date for 'Date'",
    ),
    Case(
        "unknown-status",
        {
            "posts/case.en.md": post(
                "Title: A post",
                "Date: 2022-07-29",
                "Category: news",
                "Status: publised",
            )
        },
        "posts/case.en.md",
        4,
        "unknown status 'publised' (did you mean 'published'?)",
    ),
    Case(
        "unknown-category",
        {
            "posts/case.en.md": post(
                "Title: A post", "Date: 2022-07-29", "Category: newz"
            )
        },
        "posts/case.en.md",
        3,
        "unknown category 'newz' (did you mean 'news'?)",
    ),
    Case(
        "misspelt-key",
        {
            "posts/case.en.md": post(
                "Tittle: A post", "Date: 2022-07-29", "Category: news"
            )
        },
        "posts/case.en.md",
        1,
        "unknown key 'Tittle' (did you mean 'Title'?)",
    ),
    Case(
        "key-without-colon",
        {
            "posts/case.en.md": post(
                "Title: A post", "Date 2022-07-29", "Category: news"
            )
        },
        "posts/case.en.md",
        2,
        "line 2 is not 'Key: value', so the front matter "
        "ends here and the lines below it show up as text",
    ),
    Case(
        "no-front-matter",
        {"posts/case.en.md": "# A heading\n\nThe text.\n"},
        "posts/case.en.md",
        1,
        "the file does not start with front matter: line 1 is not 'Key: value'",
    ),
    Case(
        "duplicate-key",
        {
            "posts/case.en.md": post(
                "Title: A post", "Date: 2022-07-29", "Title: Another", "Category: news"
            )
        },
        "posts/case.en.md",
        3,
        "'Title' is given twice (also on line 1)",
    ),
    Case(
        "lang-in-front-matter",
        {
            "posts/case.en.md": post(
                "Title: A post", "Date: 2022-07-29", "Category: news", "Lang: ru"
            )
        },
        "posts/case.en.md",
        4,
        "'Lang' must not be set in the front matter; the "
        "language comes from the file name",
    ),
    Case(
        "unknown-template",
        {"pages/case.en.md": "Title: A page\nTemplate: fancy\n\nText.\n"},
        "pages/case.en.md",
        2,
        "there is no page template 'fancy' in the theme",
    ),
    # --- encoding and shape of the file ------------------------------------
    Case(
        "not-utf8",
        {"posts/case.en.md": b"Title: A post\nSummary: caf\xe9\n"},
        "posts/case.en.md",
        2,
        "the file is not UTF-8 text (byte 0xE9 on line 2)",
    ),
    Case(
        "empty-file",
        {"posts/case.en.md": b""},
        "posts/case.en.md",
        1,
        "the file is empty",
    ),
    Case(
        "huge-file",
        {"posts/case.en.md": VALID_POST + "x" * 5_000_000},
        "posts/case.en.md",
        1,
        "the file is 5.0 MB; a text file may have at most 1 MB",
    ),
    # Windows line ends are read like any others: the error is on line 3.
    Case(
        "crlf",
        {
            "posts/case.en.md": post(
                "Title: A post", "Date: 2022-07-29", "Category: newz"
            ).replace("\n", "\r\n")
        },
        "posts/case.en.md",
        3,
        "unknown category 'newz' (did you mean 'news'?)",
    ),
    # The BOM is a warning; the key after it is still read as a key.
    Case(
        "bom",
        {
            "posts/case.en.md": b"\xef\xbb\xbf"
            + post("Tittle: A post", "Date: 2022-07-29", "Category: news").encode()
        },
        "posts/case.en.md",
        1,
        "unknown key 'Tittle' (did you mean 'Title'?)",
    ),
    # --- file names --------------------------------------------------------
    Case(
        "space-in-name",
        {"posts/my post.en.md": VALID_POST},
        "posts/my post.en.md",
        1,
        "the slug 'my post' in the file name may only use a-z, 0-9 and '-'",
    ),
    Case(
        "cyrillic-name",
        {"posts/новость.ru.md": VALID_POST},
        "posts/новость.ru.md",
        1,
        "the slug 'новость' in the file name may only use a-z, 0-9 and '-'",
    ),
    Case(
        "unknown-language",
        {"posts/case.tr.md": VALID_POST},
        "posts/case.tr.md",
        1,
        "the language 'tr' in the file name is not one of "
        "the site's languages (en, ru, az)",
    ),
    Case(
        "misspelt-language",
        {"posts/case.aze.md": VALID_POST},
        "posts/case.aze.md",
        1,
        "the language 'aze' in the file name is not one of "
        "the site's languages (en, ru, az)",
    ),
    Case(
        "no-language",
        {"posts/case.md": VALID_POST},
        "posts/case.md",
        1,
        "the file name 'case.md' has no language",
    ),
    Case(
        "not-markdown",
        {"posts/case.en.txt": VALID_POST},
        "posts/case.en.txt",
        1,
        "'case.en.txt' is not a Markdown file named <slug>.<lang>.md",
    ),
    Case(
        "symlink-outside",
        {},
        "posts/case.en.md",
        1,
        "this file is a symbolic link to 'OUTSIDE', outside the content folder",
        symlinks={"posts/case.en.md": OUTSIDE},
    ),
    # --- duplicates and translation groups ---------------------------------
    Case(
        "duplicate-slug",
        {"posts/2021/roadmap-workshop-2021.en.md": VALID_POST},
        "posts/2021/roadmap-workshop-2021.en.md",
        1,
        "another file has the same slug 'roadmap-workshop-2021' and language 'en': "
        "content/posts/roadmap-workshop-2021.en.md",
    ),
    Case(
        "group-category",
        {
            "posts/roadmap-workshop-2021.ru.md": post(
                "Title: Семинар", "Date: 2021-11-26 18:00", "Category: announcements"
            )
        },
        "posts/roadmap-workshop-2021.ru.md",
        3,
        "'Category: announcements' differs from 'news' in "
        "content/posts/roadmap-workshop-2021.en.md",
    ),
    Case(
        "group-kind",
        {
            "events/about.ru.md": post(
                "Title: Событие", "Start: 2027-03-15", "Format: online"
            )
        },
        "events/about.ru.md",
        1,
        "this event has the same slug as the page content/pages/about.en.md, so "
        "they would count as translations of each other",
        extra_settings='PAGE_PATHS = ["pages", "events"]\n',
    ),
    Case(
        "page-over-list",
        {"pages/news.en.md": VALID_PAGE},
        "pages/news.en.md",
        1,
        "this page would be written over the news list at /en/news/",
    ),
    # --- links and images --------------------------------------------------
    Case(
        "missing-filename-target",
        {
            "posts/case.en.md": post(
                "Title: A post",
                "Date: 2022-07-29",
                "Category: news",
                body="See [the plan]({filename}/posts/no-such-post.en.md).",
            )
        },
        "posts/case.en.md",
        5,
        "the link target '/posts/no-such-post.en.md' does not exist",
    ),
    Case(
        "missing-static-target",
        {
            "posts/case.en.md": post(
                "Title: A post",
                "Date: 2022-07-29",
                "Category: news",
                body="Read [the report]({static}/media/report.pdf).",
            )
        },
        "posts/case.en.md",
        5,
        "the link target '/media/report.pdf' does not exist",
    ),
    Case(
        "broken-internal-link",
        {
            "posts/case.en.md": post(
                "Title: A post",
                "Date: 2022-07-29",
                "Category: news",
                body="See [about](/en/about/) and [this](/en/no-such-page/).",
            )
        },
        "posts/case.en.md",
        5,
        "'/en/no-such-page/' is not a page of the site",
    ),
    Case(
        "markdown-link-without-filename",
        {
            "posts/case.en.md": post(
                "Title: A post",
                "Date: 2022-07-29",
                "Category: news",
                body="See [about](about.en.md).",
            )
        },
        "posts/case.en.md",
        5,
        "the link 'about.en.md' points at a Markdown file without {filename}",
    ),
    Case(
        "image-without-alt",
        {
            "media/photo.png": SMALL_PNG,
            "posts/case.en.md": post(
                "Title: A post",
                "Date: 2022-07-29",
                "Category: news",
                body="![]({static}/media/photo.png)",
            ),
        },
        "posts/case.en.md",
        5,
        "the image has no alt text",
    ),
    Case(
        "missing-image",
        {
            "posts/case.en.md": post(
                "Title: A post",
                "Date: 2022-07-29",
                "Category: news",
                body="![The trainees](/media/group.jpg)",
            )
        },
        "posts/case.en.md",
        5,
        "'/media/group.jpg' does not exist in content/media/",
    ),
    # --- photos (plugins/site_images) ---------------------------------------
    Case(
        "lead-image-missing",
        {
            "posts/case.en.md": post(
                *LEAD, "Image: media/images/group.jpg", "Image_alt: The group"
            )
        },
        "posts/case.en.md",
        4,
        "the file 'media/images/group.jpg' does not exist in content/",
    ),
    Case(
        "lead-image-without-alt",
        {
            "media/images/group.jpg": image_bytes(1600, 1000, "JPEG"),
            "posts/case.en.md": post(*LEAD, "Image: media/images/group.jpg"),
        },
        "posts/case.en.md",
        4,
        "the lead image has no 'Image_alt'",
    ),
    Case(
        "lead-image-empty-alt",
        {
            "media/images/group.jpg": image_bytes(1600, 1000, "JPEG"),
            "events/case.en.md": event(
                "Format: online", "Image: /media/images/group.jpg", "Image_alt:"
            ),
        },
        "events/case.en.md",
        5,
        "'Image_alt' is empty",
    ),
    Case(
        "lead-image-too-small",
        {
            "media/images/group.jpg": image_bytes(400, 300, "JPEG"),
            "pages/case.en.md": post(
                "Title: A page", "Image: media/images/group.jpg", "Image_alt: The group"
            ),
        },
        "pages/case.en.md",
        2,
        "the lead image is only 400×300 pixels",
        severity="warning",
    ),
    Case(
        "lead-image-not-a-photo",
        {
            "posts/case.en.md": post(
                *LEAD,
                "Image: media/library/sample-glossary.en.pdf",
                "Image_alt: A glossary",
            )
        },
        "posts/case.en.md",
        4,
        "'media/library/sample-glossary.en.pdf' is not a format "
        "the site shows as a photo",
    ),
    Case(
        "image-over-25-mb",
        {
            "media/images/huge.jpg": image_bytes(64, 48, "JPEG") + bytes(26_000_000),
            "posts/case.en.md": post(
                *LEAD, body="![The group]({static}/media/images/huge.jpg)"
            ),
        },
        "posts/case.en.md",
        5,
        "the image '{static}/media/images/huge.jpg' cannot be "
        "used: the image is 26.0 MB, over the limit of 25 MB",
    ),
    Case(
        "image-unreadable",
        {
            "media/images/broken.jpg": image_bytes(800, 600, "JPEG")[:700],
            "posts/case.en.md": post(
                *LEAD, body="Text.\n\n![The group](/media/images/broken.jpg)"
            ),
        },
        "posts/case.en.md",
        7,
        "the image '/media/images/broken.jpg' cannot be used: "
        "the file is not an image the site can read",
    ),
    Case(
        "unused-image-unreadable",
        {"media/images/notes.png": b"not an image"},
        "media/images/notes.png",
        1,
        "the file is not an image the site can read",
    ),
    Case(
        "lead-image-unreadable",
        {
            "media/images/broken.png": b"\x89PNG\r\n\x1a\n",
            "posts/case.en.md": post(
                *LEAD, "Image: media/images/broken.png", "Image_alt: The group"
            ),
        },
        "posts/case.en.md",
        4,
        "'media/images/broken.png' cannot be used: the file is "
        "not an image the site can read",
    ),
    Case(
        "external-image",
        {
            "posts/case.en.md": post(
                "Title: A post",
                "Date: 2022-07-29",
                "Category: news",
                body="![The trainees](https://cdn.example.com/group.jpg)",
            )
        },
        "posts/case.en.md",
        5,
        "the image is loaded from another site (cdn.example.com)",
    ),
    Case(
        "save-as-outside",
        {
            "pages/case.en.md": "Title: A page\nSave_as: ../ru/index.html"
            "\nURL: ../ru/\n\nText.\n"
        },
        "pages/case.en.md",
        2,
        "'Save_as: ../ru/index.html' points outside this language's folder",
    ),
    Case(
        "url-and-save-as-disagree",
        {
            "pages/case.en.md": "Title: A page\nSave_as: "
            "one/index.html\nURL: two/\n\nText.\n"
        },
        "pages/case.en.md",
        3,
        "'URL: two/' and 'Save_as: one/index.html' name "
        "different addresses, so links to this page would break",
    ),
    # --- addresses that the sanitiser removes (a warning: it is the guard) --
    Case(
        "javascript-url",
        {
            "posts/case.en.md": post(
                "Title: A post",
                "Date: 2022-07-29",
                "Category: news",
                body="[Click](javascript:alert(1))",
            )
        },
        "posts/case.en.md",
        5,
        "the address 'javascript:alert(1)' is not allowed and will be removed",
        severity="warning",
    ),
    Case(
        "html-image-without-alt",
        {
            "media/photo.png": SMALL_PNG,
            "posts/case.en.md": post(
                "Title: A post",
                "Date: 2022-07-29",
                "Category: news",
                body='<img src="/media/photo.png">',
            ),
        },
        "posts/case.en.md",
        5,
        "the image has no alt attribute",
    ),
    Case(
        "entity-encoded-javascript-url",
        {
            "posts/case.en.md": post(
                "Title: A post",
                "Date: 2022-07-29",
                "Category: news",
                body="[Click](jav&#x61;script:alert(1))",
            )
        },
        "posts/case.en.md",
        5,
        "the address 'jav&#x61;script:alert(1)' is not allowed and will be removed",
        severity="warning",
    ),
    # --- the content model: every kind's fields and types -------------------
    Case(
        "event-format-case",
        {"events/case.en.md": event("Format: Online")},
        "events/case.en.md",
        3,
        "unknown format 'Online' (did you mean 'online'?)",
    ),
    Case(
        "event-unknown-timezone",
        {"events/case.en.md": event("Format: online", "Timezone: Mars/Olympus")},
        "events/case.en.md",
        4,
        "the time zone 'Mars/Olympus' is unknown",
    ),
    Case(
        "event-end-far-future",
        {"events/case.en.md": event("Format: online", "End: 9999-12-31")},
        "events/case.en.md",
        4,
        "the year 9999 in 'End' is out of range",
    ),
    Case(
        "event-http-registration",
        {
            "events/case.en.md": event(
                "Format: online", "Registration: http://example.org/form"
            )
        },
        "events/case.en.md",
        4,
        "'Registration' must be an https:// address, not 'http://example.org/form'",
    ),
    Case(
        "event-registration-with-space",
        {
            "events/case.en.md": event(
                "Format: online", "Registration: https://example.org/a form"
            )
        },
        "events/case.en.md",
        4,
        "the address in 'Registration' contains spaces or "
        "characters that are not allowed in an address",
    ),
    Case(
        "event-unknown-training",
        {"events/case.en.md": event("Format: online", "Training: no-such-programme")},
        "events/case.en.md",
        4,
        "'Training: no-such-programme' names no training programme",
    ),
    Case(
        "event-training-is-a-post",
        {
            "events/case.en.md": event(
                "Format: online", "Training: roadmap-workshop-2021"
            )
        },
        "events/case.en.md",
        4,
        "'Training: roadmap-workshop-2021' names no training programme",
    ),
    Case(
        "event-unknown-news",
        {"events/case.en.md": event("Format: online", "News: no-such-post")},
        "events/case.en.md",
        4,
        "'News: no-such-post' names no news post",
    ),
    Case(
        "event-training-is-a-draft",
        {
            "trainings/case-draft.en.md": "Title: A draft\nTopic: foundations\n"
            "Status: draft\n\nText.\n",
            "events/case.en.md": event("Format: online", "Training: case-draft"),
        },
        "events/case.en.md",
        4,
        "'Training: case-draft' names a draft, so the link "
        "would be missing on the published site",
    ),
    Case(
        "event-time-and-day",
        {"events/case.en.md": event("Format: online", "End: 2027-03-16 10:00")},
        "events/case.en.md",
        4,
        "'Start' and 'End' must both have a time, or neither",
    ),
    Case(
        "event-ends-before-start",
        {"events/case.en.md": event("Format: online", "End: 2027-03-01")},
        "events/case.en.md",
        4,
        "the event ends before it starts",
    ),
    Case(
        "event-example-not-bool",
        {"events/case.en.md": event("Format: online", "Example: yes")},
        "events/case.en.md",
        4,
        "'Example' is 'true' or 'false', not 'yes'",
    ),
    Case(
        "event-shared-field-differs",
        {
            "events/case.en.md": event("Format: online"),
            "events/case.ru.md": event("Format: hybrid", title="Событие"),
        },
        "events/case.ru.md",
        3,
        "'Format: hybrid' differs from 'online' in content/events/case.en.md",
    ),
    Case(
        "library-bad-year",
        {"publications/case.en.md": entry("Year: 20199")},
        "publications/case.en.md",
        2,
        "'20199' is not a year for 'Year'",
    ),
    Case(
        "library-year-range-backwards",
        {"publications/case.en.md": entry("Year: 2020–2019")},
        "publications/case.en.md",
        2,
        "the range of years '2020–2019' ends before it starts",
    ),
    Case(
        "library-document-outside",
        {"publications/case.en.md": entry(document="../pelicanconf.py")},
        "publications/case.en.md",
        4,
        "'Document: ../pelicanconf.py' is not a file in content/media/",
    ),
    Case(
        "library-document-missing",
        {"publications/case.en.md": entry(document="media/library/nope.pdf")},
        "publications/case.en.md",
        4,
        "the file 'media/library/nope.pdf' does not exist in content/",
    ),
    Case(
        "library-document-format",
        {
            "media/library/case.exe": b"MZ",
            "publications/case.en.md": entry(document="media/library/case.exe"),
        },
        "publications/case.en.md",
        4,
        "'media/library/case.exe' is not a format the library shows",
    ),
    Case(
        "library-document-lang",
        {"publications/case.en.md": entry("Year: 2026", lang="fr")},
        "publications/case.en.md",
        5,
        "'fr' is not one of the site's languages for 'Document_lang'",
    ),
    Case(
        "library-unknown-type",
        {"publications/case.en.md": entry("Year: 2026", kind="book")},
        "publications/case.en.md",
        3,
        "unknown type 'book'",
    ),
    Case(
        "training-unknown-level",
        {
            "trainings/case.en.md": "Title: A course\nTopic: foundations\n"
            "Level: expert\n\nText.\n"
        },
        "trainings/case.en.md",
        3,
        "unknown level 'expert'",
    ),
    Case(
        "training-unknown-language",
        {
            "trainings/case.en.md": "Title: A course\nTopic: foundations\n"
            "Languages: en, fr\n\nText.\n"
        },
        "trainings/case.en.md",
        3,
        "'fr' is not one of the site's languages for 'Languages'",
    ),
    Case(
        "tag-without-letters",
        {
            "posts/case.en.md": post(
                "Title: A post", "Date: 2022-07-29", "Category: news", "Tags: 😀"
            )
        },
        "posts/case.en.md",
        4,
        "the tag '😀' has no letter or digit to make its address",
    ),
    Case(
        "tags-share-a-page",
        {
            "posts/case.en.md": post(
                "Title: A post", "Date: 2022-07-29", "Category: news", "Tags: C++, C#"
            )
        },
        "posts/case.en.md",
        4,
        "the tags 'C++' (content/posts/case.en.md) and 'C#' "
        "would share one page, /en/news/tags/c/",
    ),
    Case(
        "control-character-in-title",
        {
            "posts/case.en.md": post(
                "Title: A\x0bpost", "Date: 2022-07-29", "Category: news"
            )
        },
        "posts/case.en.md",
        1,
        "'Title' contains the invisible control character U+000B",
    ),
    Case(
        "control-character-in-text",
        {
            "posts/case.en.md": post(
                "Title: A post",
                "Date: 2022-07-29",
                "Category: news",
                body="Pasted\x0cfrom Word.",
            )
        },
        "posts/case.en.md",
        5,
        "line 5 contains the invisible control character U+000C",
    ),
    Case(
        "title-of-zero-width-spaces",
        {
            "posts/case.en.md": post(
                "Title: \u200b\u200b\u2060", "Date: 2022-07-29", "Category: news"
            )
        },
        "posts/case.en.md",
        1,
        "'Title' is empty",
    ),
    Case(
        "title-of-no-break-spaces",
        {
            "posts/case.en.md": post(
                "Title: \u00a0\u202f", "Date: 2022-07-29", "Category: news"
            )
        },
        "posts/case.en.md",
        1,
        "'Title' is empty",
    ),
    Case(
        "title-goes-on",
        {
            "posts/case.en.md": post(
                "Title: A post",
                "    that goes on",
                "Date: 2022-07-29",
                "Category: news",
            )
        },
        "posts/case.en.md",
        2,
        "the value of 'Title' goes on over line 2; only Summary may take several lines",
    ),
    Case(
        "impossible-date",
        {
            "posts/case.en.md": post(
                "Title: A post", "Date: 2022-02-30", "Category: news"
            )
        },
        "posts/case.en.md",
        2,
        "'2022-02-30' is not a valid date for 'Date'",
    ),
    Case(
        "status-in-capitals",
        {
            "posts/case.en.md": post(
                "Title: A post", "Date: 2022-07-29", "Category: news", "Status: Draft"
            )
        },
        "posts/case.en.md",
        4,
        "unknown status 'Draft' (did you mean 'draft'?)",
    ),
    Case(
        "template-of-a-part",
        {"pages/case.en.md": "Title: A page\nTemplate: base\n\nText.\n"},
        "pages/case.en.md",
        2,
        "there is no page template 'base' in the theme",
    ),
    Case(
        "unknown-key-on-event",
        {"events/case.en.md": event("Format: online", "Speaker: Someone")},
        "events/case.en.md",
        4,
        "unknown key 'Speaker'; the site ignores it",
        severity="warning",
    ),
    Case(
        "key-of-another-kind",
        {"pages/case.en.md": "Title: A page\nCategory: news\n\nText.\n"},
        "pages/case.en.md",
        2,
        "'Category' has no effect on a page",
        severity="warning",
    ),
    # --- confinement: nothing leaves content/ or takes another's address ----
    Case(
        "static-outside-content",
        {
            "posts/case.en.md": post(
                "Title: A post",
                "Date: 2022-07-29",
                "Category: news",
                body="[Settings]({static}/../pelicanconf.py)",
            )
        },
        "posts/case.en.md",
        5,
        "the link target '/../pelicanconf.py' is outside the content folder",
    ),
    Case(
        "save-as-over-tag-pages",
        {"pages/case.en.md": override("news/tags/zzz/index.html", "news/tags/zzz/")},
        "pages/case.en.md",
        3,
        "this page would be written over the tag pages at /en/news/tags/zzz/",
    ),
    Case(
        "save-as-over-calendar",
        {"pages/case.en.md": override("events/calendar.ics", "events/calendar.ics")},
        "pages/case.en.md",
        3,
        "this page would be written over the events "
        "calendar at /en/events/calendar.ics",
    ),
    Case(
        "save-as-over-library-facet",
        {
            "pages/case.en.md": override(
                "library/type/report/index.html", "library/type/report/"
            )
        },
        "pages/case.en.md",
        3,
        "this page would be written over the library's "
        "lists by type at /en/library/type/report/",
    ),
    Case(
        "save-as-over-feed",
        {"pages/case.en.md": override("feeds/atom.xml", "feeds/atom.xml")},
        "pages/case.en.md",
        3,
        "this page would be written over the news feed at /en/feeds/atom.xml",
    ),
    Case(
        "save-as-over-news-page-2",
        {"pages/case.en.md": override("news/page/2/index.html", "news/page/2/")},
        "pages/case.en.md",
        3,
        "this page would be written over the later pages "
        "of the news list at /en/news/page/2/",
    ),
    Case(
        "save-as-over-a-post",
        {
            "pages/case.en.md": override(
                "news/roadmap-workshop-2021/index.html", "news/roadmap-workshop-2021/"
            )
        },
        "pages/case.en.md",
        3,
        "this page would be written to "
        "/en/news/roadmap-workshop-2021/, like content/posts/roadmap-workshop-2021.az.md",
    ),
    Case(
        "symlink-inside",
        {},
        "posts/case.en.md",
        1,
        "this file is a symbolic link to content/posts/roadmap-workshop-2021.en.md",
        symlinks={"posts/case.en.md": "roadmap-workshop-2021.en.md"},
    ),
    Case(
        "symlinked-folder",
        {},
        "posts/linked",
        1,
        "this folder is a symbolic link to content/pages",
        symlinks={"posts/linked": "../pages"},
    ),
    Case(
        "attach-shared",
        {
            "media/shared.pdf": b"%PDF-1.4\n",
            "posts/case-a.en.md": post(
                "Title: A",
                "Date: 2022-07-29",
                "Category: news",
                body="[The file]({attach}/media/shared.pdf)",
            ),
            "posts/case-b.en.md": post(
                "Title: B",
                "Date: 2022-07-29",
                "Category: news",
                body="[The file]({attach}/media/shared.pdf)",
            ),
        },
        "posts/case-b.en.md",
        5,
        "{attach} would move this file to the folder of "
        "content/posts/case-a.en.md, which uses it too",
    ),
    Case(
        "hostile-long-line",
        {
            "posts/case.en.md": post(
                "Title: A post",
                "Date: 2022-07-29",
                "Category: newz",
                body='[a](<b [c](d "e `f ' * 20000 + "<img src=x " * 20000,
            )
        },
        "posts/case.en.md",
        3,
        "unknown category 'newz' (did you mean 'news'?)",
    ),
    # --- held-out review: the build would have read these differently ------
    Case(
        "template-on-a-post",
        {
            "posts/case.en.md": post(
                "Title: A post",
                "Date: 2022-07-29",
                "Category: news",
                "Template: nonexistent",
            )
        },
        "posts/case.en.md",
        4,
        "'Template' cannot be used in a post",
    ),
    Case(
        "date-on-a-page",
        {"pages/case.en.md": post("Title: A page", "Date: tomorrow")},
        "pages/case.en.md",
        2,
        "'Date' cannot be used in a page",
    ),
    Case(
        "save-as-on-a-post",
        {
            "posts/case.en.md": post(
                "Title: A post",
                "Date: 2022-07-29",
                "Category: news",
                "Save_as: index.html",
            )
        },
        "posts/case.en.md",
        4,
        "'Save_as' cannot be used in a post",
    ),
    Case(
        "draft-with-save-as",
        {
            "pages/case.en.md": post(
                "Title: A page",
                "Status: draft",
                "Save_as: secret/index.html",
                "URL: secret/",
            )
        },
        "pages/case.en.md",
        3,
        "a draft with 'Save_as' would be published at that address",
    ),
    Case(
        "address-of-another-language",
        {
            "pages/case-foo.en.md": post("Title: Foo"),
            "pages/case-bar.ru.md": override("case-foo/index.html", "case-foo/"),
        },
        "pages/case-bar.ru.md",
        3,
        "this page would be written to /ru/case-foo/, like "
        "content/pages/case-foo.en.md",
    ),
    Case(
        "save-as-in-one-language-only",
        {
            "pages/case.en.md": override("elsewhere/index.html", "elsewhere/"),
            "pages/case.ru.md": post("Title: Страница"),
        },
        "pages/case.ru.md",
        1,
        "'Save_as' is set in content/pages/case.en.md but not in "
        "content/pages/case.ru.md",
    ),
    Case(
        "save-as-a-folder",
        {"pages/case.en.md": override("case/", "case/")},
        "pages/case.en.md",
        2,
        "'Save_as: case/' names a folder, not a file",
    ),
    Case(
        "save-as-a-hidden-file",
        {"pages/case.en.md": override(".htaccess", ".htaccess")},
        "pages/case.en.md",
        2,
        "'Save_as: .htaccess' names a hidden file or folder",
    ),
    Case(
        "tags-split-on-semicolons",
        {
            "posts/case.en.md": post(
                "Title: A post", "Date: 2022-07-29", "Category: news", "Tags: C++; C#"
            )
        },
        "posts/case.en.md",
        4,
        "the tags 'C++' (content/posts/case.en.md) and 'C#' "
        "would share one page, /en/news/tags/c/",
    ),
    Case(
        "invisible-tag",
        {
            "posts/case.en.md": post(
                "Title: A post",
                "Date: 2022-07-29",
                "Category: news",
                "Tags: migration, \u200b",
            )
        },
        "posts/case.en.md",
        4,
        "the tag '\u200b' has no letter or digit to make its address",
    ),
    Case(
        "zero-width-in-a-status",
        {
            "posts/case.en.md": post(
                "Title: A post",
                "Date: 2022-07-29",
                "Category: news",
                "Status: \u200bpublished",
            )
        },
        "posts/case.en.md",
        4,
        "'Status' contains the invisible character U+200B",
    ),
    Case(
        "zero-width-in-a-date",
        {
            "posts/case.en.md": post(
                "Title: A post", "Date: \u200b2022-07-29 17:00", "Category: news"
            )
        },
        "posts/case.en.md",
        2,
        "'Date' contains the invisible character U+200B",
    ),
    Case(
        "title-of-a-soft-hyphen",
        {
            "posts/case.en.md": post(
                "Title: \u00ad", "Date: 2022-07-29", "Category: news"
            )
        },
        "posts/case.en.md",
        1,
        "'Title' is empty",
    ),
    Case(
        "registration-with-a-bidi-override",
        {
            "events/case.en.md": event(
                "Format: online", "Registration: https://x.org/\u202egpj.exe"
            )
        },
        "events/case.en.md",
        4,
        "'Registration' contains the invisible character U+202E",
    ),
    Case(
        "html-in-media",
        {"media/case.html": "<script>alert(1)</script>"},
        "media/case.html",
        1,
        "files of the type '.html' cannot be published from content/media/",
    ),
    Case(
        "svg-in-media",
        {"media/case.svg": "<svg onload=alert(1)></svg>"},
        "media/case.svg",
        1,
        "files of the type '.svg' cannot be published from content/media/",
    ),
    Case(
        "utf-16-file",
        {"posts/case.en.md": VALID_POST.encode("utf-16-le")},
        "posts/case.en.md",
        1,
        "the file is not UTF-8 text (it looks like UTF-16)",
    ),
    Case(
        "redirect-to-a-compressed-twin",
        {
            "moodle-redirects.json": '{"pages": {"3": {"slug": "about", '
            '"paths": ["/index.html.gz"]}}}\n'
        },
        "moodle-redirects.json",
        1,
        "the old address '/index.html.gz' is the new site's home page",
    ),
]


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    project = tmp_path_factory.mktemp("base")
    copy_project(project)
    return project


def make_case(base, destination, case):
    """A copy of the project with the case's files; returns its content dir.

    content/ is copied (the case changes it); theme/ and plugins/ are linked.
    """
    for name in ["pelicanconf.py", "publishconf.py"]:
        (destination / name).write_text(
            (base / name).read_text(encoding="utf-8") + case.extra_settings,
            encoding="utf-8",
        )
    for name in ["theme", "plugins"]:
        (destination / name).symlink_to(base / name)
    content = destination / "content"
    shutil.copytree(base / "content", content)
    for relative, data in case.files.items():
        target = content / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            data = data.encode("utf-8")
        target.write_bytes(data)
    for relative, target in case.symlinks.items():
        outside = destination / "outside.md"
        outside.write_text(VALID_POST, encoding="utf-8")
        (content / relative).symlink_to(outside if target == OUTSIDE else target)
    return content


def digest_with_links(path):
    """tree_digest, plus where each symbolic link points."""
    digest = {}
    for file in sorted(Path(path).rglob("*")):
        relative = str(file.relative_to(path))
        if file.is_symlink():
            digest[relative] = "link:" + os.readlink(file)
        elif file.is_file():
            digest[relative] = hashlib.sha256(file.read_bytes()).hexdigest()
    return digest


def run_check(project, capsys):
    code = check_tool.main(["--settings", str(project / "pelicanconf.py")])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


def test_corpus_is_large_enough():
    assert len(CASES) >= 25
    assert len({case.id for case in CASES}) == len(CASES)


def test_real_content_passes(capsys):
    code, lines, _ = run_check(ROOT, capsys)
    errors = [line for line in lines if ": error: " in line]
    assert code == 0, errors
    assert errors == []


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_input_is_reported(case, base, tmp_path, capsys, monkeypatch):
    content = make_case(base, tmp_path, case)
    before = digest_with_links(content)
    monkeypatch.chdir(tmp_path)
    started = time.monotonic()
    code, lines, summary = run_check(tmp_path, capsys)
    elapsed = time.monotonic() - started

    message = case.message.replace(OUTSIDE, os.path.realpath(tmp_path / "outside.md"))
    expected = f"content/{case.path}:{case.line}: {case.severity}: {message} (hint: "
    assert any(line.startswith(expected) for line in lines), "\n".join(lines)
    # Warnings alone do not fail the check (nor the build).
    assert code == (1 if case.severity == "error" else 0), "\n".join(lines)
    assert "error(s)" in summary
    assert not any("\r" in line for line in lines)
    assert digest_with_links(content) == before
    assert elapsed < 3, f"the check took {elapsed:.1f} s"


def test_bom_is_a_warning(base, tmp_path, capsys, monkeypatch):
    case = Case(
        "bom-only",
        {"posts/case.en.md": b"\xef\xbb\xbf" + VALID_POST.encode()},
        "",
        0,
        "",
    )
    make_case(base, tmp_path, case)
    monkeypatch.chdir(tmp_path)
    code, lines, _ = run_check(tmp_path, capsys)
    assert lines == [
        "content/posts/case.en.md:1: warning: the file starts with an invisible "
        "byte-order mark (BOM) (hint: save it as 'UTF-8' (without BOM) in your editor)"
    ]
    assert code == 0  # warnings alone do not stop the build


@pytest.mark.parametrize(
    "body",
    [
        "[Add to calendar](/en/events/roadmap-workshop-2021/roadmap-workshop-2021.ics)",
        "[Curricula](/en/library/type/curriculum/) and [in Russian](/en/library/language/ru/)",
    ],
)
def test_generated_addresses_are_pages(base, tmp_path, capsys, monkeypatch, body):
    case = Case(
        "generated",
        {
            "posts/case.en.md": post(
                "Title: A post", "Date: 2022-07-29", "Category: news", body=body
            )
        },
        "",
        0,
        "",
    )
    make_case(base, tmp_path, case)
    monkeypatch.chdir(tmp_path)
    assert run_check(tmp_path, capsys)[:2] == (0, [])


@pytest.mark.parametrize(
    "tags", ["a_b, a-b", "İş, iş", "Işıq, ışıq", "Migration, migration"]
)
def test_tags_that_pelican_keeps_apart_or_merges_by_case(
    base, tmp_path, capsys, monkeypatch, tags
):
    case = Case(
        "tags",
        {
            "posts/case.en.md": post(
                "Title: A post", "Date: 2022-07-29", "Category: news", f"Tags: {tags}"
            )
        },
        "",
        0,
        "",
    )
    make_case(base, tmp_path, case)
    monkeypatch.chdir(tmp_path)
    assert run_check(tmp_path, capsys)[:2] == (0, [])


def test_footnotes_are_not_links(base, tmp_path, capsys, monkeypatch):
    case = Case(
        "footnote",
        {
            "posts/case.en.md": post(
                "Title: A post",
                "Date: 2022-07-29",
                "Category: news",
                body="A claim.[^1]\n\n[^1]: The source of the claim.",
            )
        },
        "",
        0,
        "",
    )
    make_case(base, tmp_path, case)
    monkeypatch.chdir(tmp_path)
    assert run_check(tmp_path, capsys)[:2] == (0, [])


def test_every_problem_is_reported_at_once(base, tmp_path, capsys, monkeypatch):
    case = Case(
        "many",
        {
            "posts/case.en.md": post(
                "Tittle: A post", "Date: 2022-13-45", "Category: newz"
            ),
            "posts/other.tr.md": VALID_POST,
            "pages/empty.en.md": b"",
        },
        "",
        0,
        "",
    )
    make_case(base, tmp_path, case)
    monkeypatch.chdir(tmp_path)
    code, lines, _ = run_check(tmp_path, capsys)
    assert code == 1
    named = {line.split(":", 2)[0] + ":" + line.split(":", 2)[1] for line in lines}
    assert named == {
        "content/posts/case.en.md:1",
        "content/posts/case.en.md:2",
        "content/posts/case.en.md:3",
        "content/posts/other.tr.md:1",
        "content/pages/empty.en.md:1",
    }


def test_command_line_exit_status(base, tmp_path):
    """The real script, as `make check` runs it."""
    case = CASES[0]
    make_case(base, tmp_path, case)
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "tools" / "check_content.py"),
            "--settings",
            "pelicanconf.py",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout.startswith(
        "content/posts/case.en.md:1: error: 'Title' is missing"
    )
    assert "1 error(s), 0 warning(s) in 1 file(s)" in result.stderr


@pytest.mark.parametrize("fatal", [True, False], ids=["fatal", "not-fatal"])
def test_direct_pelican_build_stops_before_writing(base, tmp_path, fatal):
    """`pelican` without `make check` still refuses, even without --fatal."""
    case = next(c for c in CASES if c.id == "misspelt-key")
    content = make_case(base, tmp_path, case)
    before = tree_digest(content)
    # Wide enough that Pelican's console does not wrap the messages.
    env = dict(os.environ, SITEURL="http://127.0.0.1:9", COLUMNS="1000")
    args = [sys.executable, "-m", "pelican", "content", "-s", "publishconf.py"]
    if fatal:
        args += ["--fatal", "warnings"]
    result = subprocess.run(
        args, cwd=tmp_path, env=env, capture_output=True, text=True, check=False
    )
    log = result.stdout + result.stderr
    assert result.returncode != 0, log
    assert "site_checks: 1 error(s) in the content, nothing was built" in log
    assert "content/posts/case.en.md:1: error: unknown key 'Tittle'" in log
    output = tmp_path / "output"
    assert not output.exists() or not list(output.rglob("*.html"))
    assert tree_digest(content) == before


ERROR_CASES = [case for case in CASES if case.severity == "error"]


def build_case(base, destination, case):
    """Run a plain `pelican` (no `make check` before it) on the case."""
    content = make_case(base, destination, case)
    before = digest_with_links(content)
    env = dict(os.environ, SITEURL="http://127.0.0.1:9", COLUMNS="4000")
    result = subprocess.run(
        [sys.executable, "-m", "pelican", "content", "-s", "publishconf.py"],
        cwd=destination,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return result, before, content


@pytest.fixture(scope="module")
def build_verdicts(base, tmp_path_factory):
    """{case id: (result, digest before, content dir)}, the builds run a
    core each at a time (each stops at the checks, in about a second)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        futures = {
            case.id: pool.submit(
                build_case, base, tmp_path_factory.mktemp(case.id), case
            )
            for case in ERROR_CASES
        }
        return {key: future.result() for key, future in futures.items()}


@pytest.mark.parametrize("case", ERROR_CASES, ids=[case.id for case in ERROR_CASES])
def test_build_gives_the_same_verdict(case, build_verdicts):
    """What `make check` refuses, a plain `pelican` run refuses too, with the
    same line and no traceback, before it writes any page."""
    result, before, content = build_verdicts[case.id]
    log = " ".join((result.stdout + result.stderr).split())
    message = case.message.replace(
        OUTSIDE, os.path.realpath(content.parent / "outside.md")
    )
    assert result.returncode != 0, log[-3000:]
    assert f"content/{case.path}:{case.line}: error: {message}" in log, log[-3000:]
    assert "Traceback" not in log, log[-3000:]
    output = content.parent / "output"
    assert not output.exists() or not list(output.rglob("*.html"))
    assert digest_with_links(content) == before
