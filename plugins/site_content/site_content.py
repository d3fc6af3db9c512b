"""Give every event, training programme and library entry its typed values.

The build takes the values of the model's fields from the same parse that
`make check` validates (`page.values`, e.g. `page.values["start"]`), so no
plugin reads or validates front matter on its own. The check runs before the
build reads anything (site_checks), so a value that fails here means the
checks were bypassed: the item is left out and one line names the file.
"""

import logging
import os

from pelican import signals

from .fields import FieldError
from .frontmatter import parse_front_matter, split_lines
from .model import context, kind_of_folder, typed_values

logger = logging.getLogger(__name__)

# Kinds whose typed values a plugin uses; posts and pages need only what
# Pelican itself reads.
TYPED_KINDS = ("event", "training", "publication")
_parsed = {}  # (path, size, mtime) -> {key: text}: once per process


def raw_fields(path):
    """{key: text} of a file's front matter, read as Pelican reads it."""
    stat = os.stat(path)
    key = (path, stat.st_size, stat.st_mtime_ns)
    found = _parsed.get(key)
    if found is None:
        with open(path, encoding="utf-8-sig") as handle:
            fields, _, _ = parse_front_matter(split_lines(handle.read()))
        found = _parsed[key] = {k: f.value for k, f in fields.items()}
    return found


def kind_of(content):
    relative = os.path.relpath(content.source_path, content.settings["PATH"])
    return kind_of_folder(relative.replace(os.sep, "/").split("/", 1)[0])


def _attach_values(content):
    kind = kind_of(content)
    if kind not in TYPED_KINDS:
        return
    try:
        content.values = typed_values(
            kind, raw_fields(content.source_path), context(content.settings)
        )
    except FieldError as error:
        logger.error(
            "%s: %s (hint: %s)", content.source_path, error.message, error.hint
        )
        content.values = None


def register():
    signals.content_object_init.connect(_attach_values)
