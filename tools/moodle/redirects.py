"""The Moodle id -> slug mapping, content/moodle-redirects.json: read,
written in a stable order, and the old addresses recorded in it.

The mapping keeps slugs stable across runs and drives the redirects that
plugins/site_redirects writes at build time; its format and the rules of
old addresses are declared in plugins/site_content/redirects.py, and only
what they allow is recorded.
"""

import json
import re
from urllib.parse import quote, unquote, urlsplit

from site_content.problems import ERROR
from site_content.redirects import (
    DEFAULT_MAP,
    KINDS,
    old_path_problem,
    same_address,
    validate_redirects,
)

from . import InputError

MAPPING_NAME = DEFAULT_MAP


def load_mapping(path, settings):
    """The mapping at `path` (empty without a file). It may have been edited
    by hand, and its slugs name the files an import writes, so it is first
    checked as `make check` and the build check it (site_content.redirects):
    any error stops the import before anything is written."""
    if not path.is_file():
        return {kind: {} for kind in KINDS}
    errors = [p for p in validate_redirects(str(path), settings) if p.severity == ERROR]
    if errors:
        raise InputError(
            "\n".join(p.format(path.parent.parent) for p in errors)
            + "\nnothing was imported: correct the mapping (docs/moodle-migration.md)"
        )
    data = json.loads(path.read_text(encoding="utf-8"))
    return {kind: data.get(kind, {}) for kind in KINDS}


def dump_mapping(mapping):
    ordered = {
        "about": "Moodle id -> slug of the imported content; written by "
        "tools/moodle_import.py, read by plugins/site_redirects."
    }
    for kind in KINDS:
        ordered[kind] = {
            key: mapping[kind][key] for key in sorted(mapping[kind], key=int)
        }
    return json.dumps(ordered, ensure_ascii=False, indent=2) + "\n"


def normalise_old_path(text):
    """An old address as the redirect data writes it: the path only, "/"
    first, no empty parts, %-escapes in capitals for what is not plain ASCII."""
    parts = urlsplit(text.strip())
    path = re.sub(r"/{2,}", "/", "/" + unquote(parts.path).lstrip("/"))
    return quote(path, safe="/~")


def add_paths(mapping, kind, item_id, paths, settings, report):
    """Record old addresses of an entry, normalised; those the redirect
    data does not allow, or that another entry has, are warnings."""
    entry = mapping[kind][str(item_id)]
    recorded = {
        same_address(path): (other_kind, other_id)
        for other_kind in KINDS
        for other_id, other in mapping[other_kind].items()
        for path in other.get("paths", [])
    }
    for text in paths:
        path = normalise_old_path(text)
        problem = old_path_problem(path, settings)
        owner = None if problem else recorded.get(same_address(path))
        if problem:
            report.warnings.append(
                f"old address {text!r} not recorded: {problem[0]} ({problem[1]})"
            )
        elif owner is None:
            entry.setdefault("paths", []).append(path)
            recorded[same_address(path)] = (kind, str(item_id))
        elif owner != (kind, str(item_id)):
            report.warnings.append(
                f"old address {path!r} not recorded: "
                f"{owner[0][:-1]} {owner[1]} has it already"
            )
