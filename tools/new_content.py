#!/usr/bin/env python3
"""Start a post, page, event or training programme: one draft file per language.

    make new TITLE="Training of Trainers in Baku" [KIND=post|page|event|training]
             [LANGS=en,ru,az] [SLUG=tot-baku-2027]

Each file gets the front matter the content model (plugins/site_content)
asks for: the title, the date now in Baku time, the first category, the
optional fields with an example, `Status: draft`, and placeholders marked TODO; `make check`
reports a TODO left in a file that is no longer a draft. Nothing that exists
is overwritten: if any of the files is there already, none is written.
"""

import argparse
import datetime
import os
import sys
import zoneinfo

from check_content import load_settings

HERE = os.path.dirname(os.path.abspath(__file__))
# Kinds `make new` can start; a library entry needs its document first
# (content/media/), so it is written by hand.
KINDS = ("post", "page", "event", "training")


def front_matter(kind, title, now, settings):
    """The lines of a new file's front matter, from the content model: every
    required field, and the optional ones the model gives an example for."""
    from site_content.model import KINDS as MODEL
    from site_content.model import context

    ctx = context(settings)
    lines = []
    for field in MODEL[kind]["fields"]:
        if field.key == "title":
            value = title
        elif field.example is not None:
            value = field.example.format(
                date=f"{now:%Y-%m-%d}", datetime=f"{now:%Y-%m-%d %H:%M}"
            )
        elif field.required and field.type == "enum":
            value = field.options(ctx)[0]
        elif field.required:
            value = "TODO"
        else:
            continue
        lines.append(f"{field.name}: {value}".rstrip())
    return lines


def folder_for(kind, settings):
    from site_content.model import KINDS as MODEL

    return MODEL[kind]["folder"]


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Create one draft file per language for a new post, page "
        "or event, and print their paths."
    )
    parser.add_argument(
        "title", help="the title (used in every language until translated)"
    )
    parser.add_argument("--kind", choices=KINDS, default="post")
    parser.add_argument(
        "--langs",
        default="",
        help="comma-separated languages (default: all of LANGUAGES)",
    )
    parser.add_argument(
        "--slug", default="", help="the address name (default: made from the title)"
    )
    parser.add_argument(
        "--settings", default=os.path.join(HERE, "..", "pelicanconf.py")
    )
    args = parser.parse_args(argv)

    settings = load_settings(args.settings)
    from site_content.fields import SLUG_RE, ascii_slug

    languages = list(settings["LANGUAGES"])
    langs = [x.strip() for x in args.langs.split(",") if x.strip()] or languages
    unknown = [x for x in langs if x not in languages]
    if unknown:
        parser.error(
            f"unknown language(s) {', '.join(unknown)}; use some of "
            f"{', '.join(languages)}"
        )
    title = " ".join(args.title.split())
    if not title:
        parser.error('the title is empty: make new TITLE="…"')
    slug = args.slug or ascii_slug(title, settings)
    if not SLUG_RE.match(slug):
        parser.error(
            f"the slug {slug!r} may only use a-z, 0-9 and '-': give one with SLUG=…"
        )

    content = settings["PATH"]
    folder = os.path.join(content, folder_for(args.kind, settings))
    paths = [os.path.join(folder, f"{slug}.{lang}.md") for lang in langs]
    shown = [os.path.relpath(p, os.path.dirname(content)) for p in paths]
    existing = [s for p, s in zip(paths, shown, strict=True) if os.path.lexists(p)]
    if existing:
        for path in existing:
            print(
                f"{path}: error: the file already exists; nothing was created "
                "(hint: choose another title or SLUG=…, or edit the file)",
                file=sys.stderr,
            )
        return 1

    now = datetime.datetime.now(zoneinfo.ZoneInfo(settings["TIMEZONE"]))
    os.makedirs(folder, exist_ok=True)
    for path, lang in zip(paths, langs, strict=True):
        name = settings["LANGUAGES"][lang]["name"]
        text = "\n".join(front_matter(args.kind, title, now, settings))
        text += (
            f"\n\nTODO: write the text here ({name}). Headings start at ##; "
            "see docs/editors.md.\n"
        )
        # "x": never replace a file that appeared since the check above.
        with open(path, "x", encoding="utf-8") as handle:
            handle.write(text)
    for path in shown:
        print(path)
    print(
        f"Created {len(paths)} draft(s). Edit them, run `make check`, and "
        "delete 'Status: draft' to publish.",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
