#!/usr/bin/env python3
"""Translation status: every translation group × language is translated,
older than the English version, a draft, or missing; plus the share of
interface strings translated per language.

    make translations [FORMAT=json]

The publish build writes the same report to /en/status/translations/.
"""

import argparse
import json
import os
import sys

from check_content import load_settings

HERE = os.path.dirname(os.path.abspath(__file__))


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Show which translations are missing or out of date.")
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.add_argument("--settings", default=os.path.join(HERE, "..", "pelicanconf.py"))
    args = parser.parse_args(argv)
    settings = load_settings(args.settings)
    from site_status.status import build_report, format_table

    report = build_report(settings)
    if args.format == "json":
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        print("\n".join(format_table(report)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
