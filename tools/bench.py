#!/usr/bin/env python3
"""Benchmark the build at scale: a synthetic trilingual site, built with the
project's real settings, theme and plugins, against a plain single-language
Pelican site of the same articles (the reference), in the same run.

    .venv/bin/python tools/bench.py [-n 1000] [--repeat 3] [--output bench/result.json]

`make bench N=1000 REPEAT=3` runs it. Everything happens in a temporary
folder (the project's settings, theme and plugins are copied there, the
real content/ is copied and the synthetic posts are added); content/ and
output/ of the project are never touched. The result is written as JSON and
summed up in a short table; the numbers are the median of REPEAT runs.

Measures, each for the trilingual build and for the reference:

- `clean`: output/ and cache/ deleted first;
- `no_change`: the same build again (output/ and cache/ kept);
- `edit_one`: after appending a paragraph to one English post;
- `add_one`: after adding one post in three languages.

Time is the wall time of the `pelican` process; peak RSS is the largest
resident set of the build's process tree (`ru_maxrss` of the children of a
small runner process, so worker processes and Pagefind count, but as the
largest single process, not a sum). Ratios are to the reference's clean build.

This file is the command line; the benchmark is the package
tools/benchmark/, one module per concern.
"""

import argparse
import json
import sys
from pathlib import Path

from benchmark.builds import BuildFailed
from benchmark.driver import run
from benchmark.report import table

ROOT = Path(__file__).resolve().parents[1]


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="\n\n".join(__doc__.split("\n\n")[2:]),
    )
    parser.add_argument(
        "-n",
        type=int,
        default=1000,
        help="translation groups to generate (default 1000)",
    )
    parser.add_argument(
        "--photos",
        type=int,
        default=100,
        help="groups whose posts show a camera-sized photo (default 100; 0 for none)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="repetitions of every measure; the median is reported (default 3)",
    )
    parser.add_argument(
        "--output",
        default=str(ROOT / "bench" / "result.json"),
        help="JSON result file (default bench/result.json)",
    )
    parser.add_argument(
        "--project",
        default=str(ROOT),
        help="project folder whose settings, theme, plugins and "
        "content are benchmarked (default: this checkout; "
        "e.g. a `git worktree` of an older commit)",
    )
    parser.add_argument(
        "--settings",
        default="pelicanconf.py",
        help="the project's settings file to build with (default pelicanconf.py)",
    )
    parser.add_argument(
        "--cache",
        choices=["project", "pelican"],
        default="project",
        help="'project': the settings' own caching (default); "
        "'pelican': also turn on Pelican's content cache "
        "(CACHE_CONTENT, LOAD_CONTENT_CACHE) in both builds",
    )
    parser.add_argument(
        "-e",
        "--setting",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="extra setting for the trilingual build (pelican -e), may be repeated",
    )
    parser.add_argument(
        "--without-plugin",
        action="append",
        default=[],
        metavar="NAME",
        help="leave this plugin out of the trilingual build's PLUGINS "
        "(e.g. site_speed, for the numbers without it); "
        "may be repeated",
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=2026,
        help="seed of the generated text (default 2026)",
    )
    parser.add_argument(
        "--workdir",
        default=None,
        help="where the temporary project goes (default: system temp)",
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the temporary project (and build logs)",
    )
    parser.add_argument(
        "--no-reference",
        action="store_true",
        help="skip the single-language reference (no ratios)",
    )
    parser.add_argument(
        "-q", "--quiet", action="store_true", help="no progress messages"
    )
    args = parser.parse_args(argv)
    if args.n < 2 or args.repeat < 1:
        parser.error("-n must be at least 2 and --repeat at least 1")
    try:
        report = run(args)
    except BuildFailed as error:
        print(error, file=sys.stderr)
        return 1
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(
        json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(table(report))
    print(f"written {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
