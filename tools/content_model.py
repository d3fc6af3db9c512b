#!/usr/bin/env python3
"""Print the content model: the editors' field tables (Markdown), or the
model as JSON for other tools (a CMS configuration).

    .venv/bin/python tools/content_model.py            # Markdown, as in docs/content-model.md
    .venv/bin/python tools/content_model.py --json     # the field list with types and enums
    .venv/bin/python tools/content_model.py --write    # regenerate docs/content-model.md

The model itself is data in plugins/site_content/model.py; this only shows it.
"""

import argparse
import json
import os
import sys

from check_content import load_settings

HERE = os.path.dirname(os.path.abspath(__file__))
DOC = os.path.join(HERE, "..", "docs", "content-model.md")
# How each type is described to editors.
TYPE_NAMES = {
    "text": "text",
    "summary": "plain text (may go on over indented lines)",
    "datetime": "date, or date and time",
    "moment": "date, or date and time",
    "date": "date",
    "enum": "one of",
    "reference": "slug of a {ref}",
    "https-url": "https:// address",
    "list": "comma-separated list",
    "tags": "comma-separated tags",
    "year": "year or range of years",
    "language": "language code",
    "languages": "comma-separated language codes",
    "bool": "true or false",
    "timezone": "time zone name",
    "media-file": "file in content/media/",
    "template": "one of",
    "image": "photo in content/media/ (JPEG, PNG, WebP, AVIF or GIF, at most 25 MB)",
    "output-path": "path inside the language folder",
}
INTRO = """# The content model: every kind of file and its fields

Generated from `plugins/site_content/model.py` by `tools/content_model.py --write`;
do not edit by hand (a test compares the two). `make check` validates every
file against these tables, the build reads its values through the same model,
and `make new` scaffolds from it.

Keys may be written in any case (`Title:` or `title:`). *Shared* fields are
the same in every language of one item (write them in each file, or leave
them out of the translations); *per language* fields are translated.
Dates and times are Baku time (`Asia/Baku`).
"""


def markdown(settings):
    from site_content.model import KINDS, context

    ctx = context(settings)
    out = [INTRO]
    for spec in KINDS.values():
        out.append(
            f"## {spec['label']} (`content/{spec['folder']}/<slug>.<lang>.md`)\n"
        )
        out.append("| field | required | language | type | what it is |")
        out.append("| --- | --- | --- | --- | --- |")
        for field in spec["fields"]:
            kind_of_value = TYPE_NAMES[field.type].format(ref=field.ref)
            if field.type in ("enum", "template"):
                kind_of_value += " " + ", ".join(f"`{c}`" for c in field.options(ctx))
            if field.type == "media-file" and field.choices:
                kind_of_value += " (" + ", ".join(field.options(ctx)) + ")"
            default = (
                f" Default: `{field.default}`."
                if field.default not in (None, False)
                else ""
            )
            out.append(
                f"| `{field.name}` | {'yes' if field.required else 'no'} | "
                f"{'per language' if field.translated else 'shared'} | "
                f"{kind_of_value} | {field.help}{default} |"
            )
        out.append("")
    return "\n".join(out)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print the model as JSON")
    parser.add_argument("--write", action="store_true", help=f"write {DOC}")
    parser.add_argument(
        "--settings", default=os.path.join(HERE, "..", "pelicanconf.py")
    )
    args = parser.parse_args(argv)
    settings = load_settings(args.settings)
    if args.json:
        from site_content.model import describe

        print(json.dumps(describe(settings), ensure_ascii=False, indent=2, default=str))
    elif args.write:
        with open(DOC, "w", encoding="utf-8") as handle:
            handle.write(markdown(settings))
    else:
        sys.stdout.write(markdown(settings))
    return 0


if __name__ == "__main__":
    sys.exit(main())
