#!/usr/bin/env python3
"""Start a post, page or event: one draft file per language.

    make new TITLE="Training of Trainers in Baku" [KIND=post|page|event]
             [LANGS=en,ru,az] [SLUG=tot-baku-2027]

Each file gets complete front matter (the title, the date now in Baku time,
the category, `Status: draft`) and placeholders marked TODO; `make check`
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
KINDS = ("post", "page", "event")
SUMMARY = "Summary: TODO: one or two sentences for lists, feeds and search results."


def front_matter(kind, title, now, settings):
    """The lines of a new file's front matter."""
    date = now.strftime("%Y-%m-%d %H:%M")
    if kind == "post":
        category = settings.get("SITE_CATEGORIES", ["news"])[0]
        return [f"Title: {title}", f"Date: {date}", f"Category: {category}",
                "Tags:", SUMMARY, "Status: draft"]
    if kind == "page":
        return [f"Title: {title}", SUMMARY, f"Modified: {now:%Y-%m-%d}",
                "Status: draft"]
    day = f"{now:%Y-%m-%d}"
    return [f"Title: {title}", SUMMARY, f"Start: {day} 10:00", f"End: {day} 17:00",
            "Format: in-person", "City: Baku", "Venue: TODO", "Status: draft"]


def folder_for(kind, settings):
    if kind == "post":
        return settings["ARTICLE_PATHS"][0]
    if kind == "event":
        return "events"
    return settings["PAGE_PATHS"][0]


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Create one draft file per language for a new post, page "
                    "or event, and print their paths.")
    parser.add_argument("title", help="the title (used in every language until "
                                      "translated)")
    parser.add_argument("--kind", choices=KINDS, default="post")
    parser.add_argument("--langs", default="",
                        help="comma-separated languages (default: all of LANGUAGES)")
    parser.add_argument("--slug", default="",
                        help="the address name (default: made from the title)")
    parser.add_argument("--settings", default=os.path.join(HERE, "..", "pelicanconf.py"))
    args = parser.parse_args(argv)

    settings = load_settings(args.settings)
    from site_content.fields import SLUG_RE, ascii_slug

    languages = list(settings["LANGUAGES"])
    langs = [x.strip() for x in args.langs.split(",") if x.strip()] or languages
    unknown = [x for x in langs if x not in languages]
    if unknown:
        parser.error(f"unknown language(s) {', '.join(unknown)}; use some of "
                     f"{', '.join(languages)}")
    title = " ".join(args.title.split())
    if not title:
        parser.error("the title is empty: make new TITLE=\"…\"")
    slug = args.slug or ascii_slug(title, settings)
    if not SLUG_RE.match(slug):
        parser.error(f"the slug {slug!r} may only use a-z, 0-9 and '-': give one "
                     "with SLUG=…")

    content = settings["PATH"]
    folder = os.path.join(content, folder_for(args.kind, settings))
    paths = [os.path.join(folder, f"{slug}.{lang}.md") for lang in langs]
    shown = [os.path.relpath(p, os.path.dirname(content)) for p in paths]
    existing = [s for p, s in zip(paths, shown) if os.path.lexists(p)]
    if existing:
        for path in existing:
            print(f"{path}: error: the file already exists; nothing was created "
                  "(hint: choose another title or SLUG=…, or edit the file)",
                  file=sys.stderr)
        return 1

    now = datetime.datetime.now(zoneinfo.ZoneInfo(settings["TIMEZONE"]))
    os.makedirs(folder, exist_ok=True)
    for path, lang in zip(paths, langs):
        name = settings["LANGUAGES"][lang]["name"]
        text = "\n".join(front_matter(args.kind, title, now, settings))
        text += (f"\n\nTODO: write the text here ({name}). Headings start at ##; "
                 "see README.md, \"For editors\".\n")
        # "x": never replace a file that appeared since the check above.
        with open(path, "x", encoding="utf-8") as handle:
            handle.write(text)
    for path in shown:
        print(path)
    print(f"Created {len(paths)} draft(s). Edit them, run `make check`, and "
          "delete 'Status: draft' to publish.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
