#!/usr/bin/env python3
"""Import the old Moodle site's blog entries and pages as Markdown content.

Reads database exports of `mdl_post` (blog entries) or `mdl_page` (page
activities) as CSV or JSON, or blog entry pages saved from a browser as
HTML, and writes one `content/<posts|pages>/<slug>.<lang>.md` per language
that has a title of its own. Every field may carry all languages at once in
either multilang syntax (`{mlang xx}…{mlang}` of filter_multilang2, or
`<span lang="xx" class="multilang">…</span>` of the core filter). Body HTML
is sanitised with an allow-list (nh3) and converted to Markdown
(markdownify); Moodle file links become `{static}/media/moodle/…` links when
the file is supplied. The Moodle id → slug mapping is kept in
`content/moodle-redirects.json`, which makes slugs stable across runs and
drives the redirects that plugins/site_redirects writes at build time.
This is the command line; the work is done by the package tools/moodle/.

    python tools/moodle_import.py posts export/mdl_post.csv --tags export/tags.csv \\
        --files export/files --dry-run

Exit status: 0 on success (warnings included), 1 when an input cannot be
read (the file or row is named) or the mapping written has a problem (as
`make check` reports it: a hand edit gone wrong), 2 on bad arguments.
"""

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The format of the mapping is declared in plugins/site_content/redirects.py;
# the importer writes only what it allows.
sys.path.insert(0, str(ROOT / "plugins"))
from moodle import InputError  # noqa: E402
from moodle.importer import Importer, load_project  # noqa: E402
from moodle.reader import read_source, read_tags  # noqa: E402
from site_content.redirects import KINDS, validate_redirects  # noqa: E402


def format_table(reports, dry_run):
    rows = [("kind", "id", "slug", "created", "unchanged", "skipped", "warnings")]
    for r in reports:
        rows.append(
            (
                r.kind,
                str(r.id),
                r.slug or "-",
                str(len(r.created)),
                str(len(r.unchanged)),
                str(len(r.skipped)),
                str(len(r.warnings)),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    title = "Summary (dry run: nothing was written)" if dry_run else "Summary"
    return "\n".join([title, *lines])


def build_parser():
    parser = argparse.ArgumentParser(
        prog="moodle_import.py",
        description="Import Moodle blog entries (mdl_post) or pages (mdl_page) as "
        "Markdown posts/pages, one file per language, and record the "
        "old id -> slug mapping used for redirects.",
        epilog="Example: %(prog)s posts mdl_post.csv --tags tags.csv --files moodle-files "
        "--dry-run. See docs/moodle-migration.md.",
    )
    parser.add_argument(
        "kind",
        choices=[*KINDS, "post", "page"],
        help="what the sources hold: blog entries (posts) or pages",
    )
    parser.add_argument(
        "sources",
        nargs="+",
        type=Path,
        metavar="SRC",
        help="CSV or JSON export (mdl_post or mdl_page), or a blog "
        "page saved from the browser (.html)",
    )
    parser.add_argument(
        "--tags",
        type=Path,
        help="CSV/JSON export of mdl_tag joined with mdl_tag_instance "
        "(columns itemid, rawname or name)",
    )
    parser.add_argument(
        "--files",
        type=Path,
        metavar="DIR",
        help="folder with the files the entries link to: "
        "DIR/<kind>/<id>/<name>, DIR/<id>/<name> or DIR/<name>",
    )
    parser.add_argument(
        "--course-path",
        default="",
        help="old pretty URL prefix of pages, e.g. /course/RTCM/page: "
        "records <prefix>/<cmid>-<slug of the English name>",
    )
    parser.add_argument(
        "--category", default="news", help="category of imported posts (default: news)"
    )
    parser.add_argument(
        "--project",
        type=Path,
        default=ROOT,
        help="the site's folder (default: this repository)",
    )
    parser.add_argument(
        "--force", action="store_true", help="overwrite existing files that differ"
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="show what would happen; write nothing"
    )
    return parser


def main(argv=None, out=sys.stdout):
    args = build_parser().parse_args(argv)
    args.kind = args.kind if args.kind in KINDS else args.kind + "s"
    try:
        project = load_project(args.project.resolve())
        if args.category not in project.settings.get(
            "SITE_CATEGORIES", [args.category]
        ):
            raise InputError(
                f"--category {args.category!r} is not one of "
                f"{project.settings['SITE_CATEGORIES']}"
            )
        if args.files is not None and not args.files.is_dir():
            raise InputError(f"{args.files}: --files is not a folder")
        tags = read_tags(args.tags) if args.tags else {}
        items = []
        for source in args.sources:
            items.extend(read_source(source, args.kind, tags, project.timezone))
        importer = Importer(
            project,
            files_dir=args.files,
            force=args.force,
            dry_run=args.dry_run,
            category=args.category,
        )
        for item in sorted(items, key=lambda x: x.id):
            report = importer.import_item(item)
            if args.course_path:
                importer.add_course_path(item, args.course_path, report)
        mapping_changed = importer.finish()
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1

    prefix = "would " if args.dry_run else ""
    for report in importer.reports:
        print(
            f"{report.kind} {report.id} -> {report.slug or '(not imported)'}", file=out
        )
        for label in report.created:
            print(f"  {prefix}write {label}", file=out)
        for label in report.skipped:
            print(f"  skip {label}", file=out)
        for line in report.warnings:
            print(f"  warning: {line}", file=out)
    if mapping_changed:
        print(
            f"{prefix}update {importer.mapping_path.relative_to(project.root)}",
            file=out,
        )
    print(format_table(importer.reports, args.dry_run), file=out)
    if args.dry_run:
        return 0
    # The mapping as this run left it: its warnings, and any error the run
    # itself made (a hand-edited error stopped it before it wrote anything).
    problems = validate_redirects(
        str(importer.mapping_path), {**project.settings, "PATH": str(project.content)}
    )
    for problem in problems:
        print(problem.format(project.root), file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
