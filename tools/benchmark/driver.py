"""One benchmark run from start to end (`run`): generate the project and its
reference in a temporary folder, measure both sites' builds, time the check,
and assemble the report."""

import datetime
import os
import random
import shutil
import sys
import tempfile
from pathlib import Path

from . import check
from .builds import Site, without_plugins
from .content import make_project, plan_groups, write_groups
from .measures import MEASURES, append_paragraph, measure
from .reference import copy_to_reference, make_reference
from .report import machine, project_revision, summarise


def run(args):
    """The report of one run; `args` are tools/bench.py's options."""
    workdir = Path(tempfile.mkdtemp(prefix="rtcm-bench-", dir=args.workdir))
    load_before = os.getloadavg()
    try:
        source_root = Path(args.project).resolve()
        project, groups, generated = make_project(
            source_root, workdir, args.n, args.seed, args.photos
        )
        make_reference(project, groups)
        say(
            args,
            f"generated {generated['files']} posts in {args.n} groups "
            f"{generated['per_language']} in {project}",
        )
        pelican_cache = (
            ["CACHE_CONTENT=true", "LOAD_CONTENT_CACHE=true"]
            if args.cache == "pelican"
            else []
        )
        trilingual = Site(
            project,
            "trilingual",
            "content",
            args.settings,
            "output",
            ["cache"],
            [
                *args.setting,
                *without_plugins(project / args.settings, args.without_plugin),
                *pelican_cache,
            ],
        )
        reference = Site(
            project,
            "reference",
            "reference-content",
            "reference.py",
            "reference-output",
            ["reference-cache"],
            pelican_cache,
        )
        posts = project / "content" / "posts"
        reference_posts = project / "reference-content" / "posts"
        edited = next(iter(groups))
        rng = random.Random(args.seed + 1)
        added = []

        def add_group(step):
            new = plan_groups(rng, 1, prefix=f"bench-added-{step}", complete=True)
            write_groups(rng, new, posts, {**groups, **new})
            added.append(new)

        def add_group_to_reference(step):
            # The same new post as the trilingual build's, as three articles.
            for slug, versions in added[step].items():
                for lang in versions:
                    copy_to_reference(
                        posts / f"{slug}.{lang}.md",
                        reference_posts / f"{slug}-{lang}.md",
                    )

        results = {}
        say(args, "trilingual builds …")
        results["trilingual"] = measure(
            trilingual,
            args.repeat,
            {
                "edit_one": lambda step: append_paragraph(
                    posts / f"{edited}.en.md", "en", rng, step
                ),
                "add_one": add_group,
            },
        )
        if not args.no_reference:
            say(args, "reference (single-language) builds …")
            results["reference"] = measure(
                reference,
                args.repeat,
                {
                    "edit_one": lambda step: append_paragraph(
                        reference_posts / f"{edited}-en.md", "en", rng, step
                    ),
                    "add_one": add_group_to_reference,
                },
            )
        ref_clean = (
            summarise(results["reference"]["clean"]) if "reference" in results else None
        )
        report = {
            "parameters": {
                "n": args.n,
                "repeat": args.repeat,
                "seed": args.seed,
                "photos": args.photos,
                "settings": args.settings,
                "cache": args.cache,
                "extra_settings": args.setting,
                "without_plugins": args.without_plugin,
            },
            "machine": {
                **machine(),
                "load_average": {"before": load_before, "after": os.getloadavg()},
            },
            "project": project_revision(source_root),
            "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "generated": generated,
            "measures": {
                m: summarise(results["trilingual"][m], ref_clean) for m in MEASURES
            },
        }
        if ref_clean:
            report["reference"] = {
                m: summarise(results["reference"][m], ref_clean) for m in MEASURES
            }
        say(args, "content checks …")
        report["check"] = check.measure(source_root, project, workdir, args.repeat)
        return report
    finally:
        if args.keep:
            print(f"kept {workdir}", file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def say(args, message):
    if not args.quiet:
        print(message, file=sys.stderr, flush=True)
