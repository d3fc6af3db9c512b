#!/usr/bin/env python3
"""Translation status: every translation group × language is translated,
older than the English version, a draft, or missing; plus the share of
interface strings translated per language, the number of house-term
warnings per language (content and catalog; `make check` lists them), and
the numbers, dates and country counts in which a translation differs from
the English version.

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
        description="Show which translations are missing or out of date."
    )
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.add_argument(
        "--settings", default=os.path.join(HERE, "..", "pelicanconf.py")
    )
    args = parser.parse_args(argv)
    settings = load_settings(args.settings)
    from site_status.alignment import differences
    from site_status.status import build_report, format_table
    from site_terms.terms import scan

    report = build_report(settings)
    terms = {lang: len(problems) for lang, problems in scan(settings).items()}
    differ = differences(settings, report.source_lang)
    if args.format == "json":
        data = report.as_dict()
        data["term_warnings"] = terms
        data["differences"] = [
            {
                "group": d.group,
                "lang": d.lang,
                "what": d.what,
                "source": list(d.source),
                "translation": list(d.translation),
            }
            for d in differ
        ]
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        lines = format_table(report)
        lines += [
            f"{lang}: term warnings {count}"
            + (" (make check lists them)" if count else "")
            for lang, count in terms.items()
        ]
        lines += [f"differs: {d.format(report.source_lang)}" for d in differ]
        print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
