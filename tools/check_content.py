#!/usr/bin/env python3
"""Check every content file and print each problem as `path:line: error|warning:
message (hint: …)`. Exits 1 if there is any error, 0 otherwise (warnings
alone do not fail). `make check` runs this; so does every build target.

    .venv/bin/python tools/check_content.py [--settings pelicanconf.py]
"""

import argparse
import os
import sys

from pelican.settings import read_settings

HERE = os.path.dirname(os.path.abspath(__file__))


def load_settings(path):
    """Pelican's settings from `path`, with the local plugins importable."""
    settings = read_settings(path)
    for plugin_path in settings.get("PLUGIN_PATHS", []):
        if plugin_path not in sys.path:
            sys.path.insert(0, plugin_path)
    return settings


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--settings",
        default=os.path.join(HERE, "..", "pelicanconf.py"),
        help="Pelican settings file (default: pelicanconf.py)",
    )
    args = parser.parse_args(argv)
    settings = load_settings(args.settings)
    from site_checks.checks import ERROR, check_content

    problems = check_content(settings)
    root = os.path.dirname(os.path.abspath(settings["PATH"]))
    cwd = os.getcwd()
    shown_from = cwd if os.path.commonpath([cwd, root]) == cwd else root
    for problem in problems:
        print(problem.format(shown_from))
    errors = sum(p.severity == ERROR for p in problems)
    warnings = len(problems) - errors
    files = len({p.path for p in problems})
    if problems:
        print(
            f"{errors} error(s), {warnings} warning(s) in {files} file(s)",
            file=sys.stderr,
        )
    else:
        print("content check: no problems", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
