"""`make bench`, part two: how long `make check` takes.

Three measures, each the median of REPEAT runs of tools/check_content.py as
`make check` runs it (a new Python process each time):
- `real`: the project's own content;
- `generated`: the benchmark's generated site (N groups × 3 languages);
- `hostile`: the real content plus one file just under the 1 MB limit made of
  the patterns that make naive checks slow (long lines of brackets, quotes,
  backticks and `<img`, raw HTML with handlers, attribute lists, unclosed
  tags). The check must stay linear: the target is under 1 s.
"""

import statistics
import subprocess
import sys
import time
from pathlib import Path

from project_copy import copy_files

TOOLS = Path(__file__).resolve().parents[1]
LIMIT = 1_000_000  # site_checks' max_bytes: larger files are refused unread

PATTERNS = [
    '[a](<b [c](d "e `f ' * 40,
    "<img src=x " * 60,
    '<a href="javascript:alert(1)" onclick="x" style="y">' * 20,
    "<div>" * 120,
    '{: onclick="alert(1)" #id .class ' * 30,
    "``` `` ` " * 80,
    "<" * 400,
    "![" * 300 + "](" * 300,
]


def hostile_text():
    """A post's front matter and a body of hostile lines, just under LIMIT,
    with one 200 KB line among them."""
    head = "Title: Hostile\nDate: 2026-01-01 10:00\nCategory: news\n\n"
    lines = ["".join(PATTERNS) * 40]
    size = len(head) + len(lines[0])
    index = 0
    while True:
        line = PATTERNS[index % len(PATTERNS)]
        if size + len(line) + 1 >= LIMIT - 100:
            break
        lines.append(line)
        size += len(line) + 1
        index += 1
    return head + "\n".join(lines) + "\n"


def time_check(project, repeat):
    samples = []
    for _ in range(repeat):
        # Without the kept term findings: what a check costs when every file
        # is new or changed (a no-change rebuild measures the kept path).
        (project / "cache" / "terms.json").unlink(missing_ok=True)
        started = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                str(TOOLS / "check_content.py"),
                "--settings",
                str(project / "pelicanconf.py"),
            ],
            cwd=project,
            capture_output=True,
            check=False,
        )
        samples.append(time.perf_counter() - started)
    return {
        "median_seconds": round(statistics.median(samples), 3),
        "samples": [round(s, 3) for s in samples],
    }


def measure(source_root, generated_project, workdir, repeat):
    """{"real", "generated", "hostile"} timings of the check."""
    real = Path(workdir) / "check-real"
    real.mkdir(parents=True)
    copy_files(
        Path(source_root), real, ("pelicanconf.py", "content", "theme", "plugins")
    )
    results = {
        "real": time_check(real, repeat),
        "generated": time_check(Path(generated_project), repeat),
    }
    hostile = real / "content" / "posts" / "bench-hostile.en.md"
    hostile.write_text(hostile_text(), encoding="utf-8")
    results["hostile"] = time_check(real, repeat)
    results["hostile"]["bytes"] = hostile.stat().st_size
    return results
