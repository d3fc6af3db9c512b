"""The documents stay true to each other and to the code (pure tests, no build).

- Every relative link between README.md, docs/*.md and plugins/README.md
  leads to a file that exists, and every #anchor to a heading of the target
  document, with the ids GitHub gives headings.
- README.md stays a front door: at most 12 KB, and its map names every
  folder of the repository, every plugin and every tool.
- The signal tables (docs/architecture.md, plugins/README.md) name, for each
  plugin, exactly the signals its code connects.
"""

import re
import subprocess
from collections import defaultdict
from pathlib import Path
from urllib.parse import unquote, urlsplit

import markdown
import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
ARCHITECTURE = ROOT / "docs" / "architecture.md"
PLUGINS_README = ROOT / "plugins" / "README.md"
README_LIMIT = 12 * 1024
# Pelican's signals and the one of site_speed's own (a blinker signal).
CONNECT_RES = [
    re.compile(r"signals\.(\w+)\.connect"),
    re.compile(r"""blinker\.signal\(["']([\w.]+)["']\)\.connect"""),
]


def documents(root=ROOT):
    return [
        root / "README.md",
        *sorted((root / "docs").glob("*.md")),
        root / "plugins" / "README.md",
    ]


def render(path):
    """The document as GitHub shows it, near enough: code blocks and code
    spans are not links, tables are."""
    html = markdown.markdown(path.read_text(encoding="utf-8"), extensions=["extra"])
    return BeautifulSoup(html, "html.parser")


def github_slug(text):
    """The id GitHub gives a heading: its text in lower case, without
    punctuation, each space a hyphen (hyphens and underscores are kept)."""
    return re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")


def anchors(path):
    """The ids of the headings of `path`; a repeated one gets -1, -2…"""
    ids = set()
    for heading in render(path).find_all(re.compile(r"^h[1-6]$")):
        slug = base = github_slug(heading.get_text())
        number = 0
        while slug in ids:
            number += 1
            slug = f"{base}-{number}"
        ids.add(slug)
    return ids


def link_targets(path):
    soup = render(path)
    for tag, attribute in (("a", "href"), ("img", "src")):
        for element in soup.find_all(tag):
            if element.get(attribute):
                yield element[attribute]


def broken_links(path, root=ROOT):
    """Each relative link of `path` that leads nowhere, with the reason.
    Links to other sites are not followed."""
    problems = []
    known = {}
    for target in link_targets(path):
        parts = urlsplit(target)
        if parts.scheme or parts.netloc:
            continue
        if parts.path.startswith("/"):
            problems.append(
                f"{target}: an absolute path, which GitHub resolves "
                "outside the repository"
            )
            continue
        file = (path.parent / unquote(parts.path)).resolve() if parts.path else path
        if not file.is_relative_to(root) or not file.exists():
            problems.append(f"{target}: no such file")
        elif parts.fragment and file.suffix == ".md":
            if file not in known:
                known[file] = anchors(file)
            if unquote(parts.fragment) not in known[file]:
                problems.append(
                    f"{target}: no heading with this id in {file.relative_to(root)}"
                )
    return problems


@pytest.mark.parametrize("path", documents(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_link_resolves(path):
    problems = broken_links(path)
    assert not problems, "\n".join(problems)


def test_a_broken_link_or_anchor_is_found(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "plugins").mkdir()
    (tmp_path / "docs" / "guide.md").write_text(
        "# Guide\n\n## Check your files: `make check`\n\n## Check your files: `make check`\n"
    )
    (tmp_path / "plugins" / "README.md").write_text("# Plugins\n")
    (tmp_path / "README.md").write_text(
        "# Site\n\n"
        "[fine](docs/guide.md#check-your-files-make-check), "
        "[the second](docs/guide.md#check-your-files-make-check-1), "
        "[map](plugins/README.md), [here](#site), [web](https://example.org/x.md)\n\n"
        "[gone](docs/missing.md), [no anchor](docs/guide.md#no-such-heading), "
        "[root](/docs/guide.md), [outside](../elsewhere.md)\n\n"
        "```\n[in code](docs/missing.md)\n```\n"
    )
    assert broken_links(tmp_path / "README.md", tmp_path) == [
        "docs/missing.md: no such file",
        "docs/guide.md#no-such-heading: no heading with this id in docs/guide.md",
        "/docs/guide.md: an absolute path, which GitHub resolves outside the repository",
        "../elsewhere.md: no such file",
    ]


def test_readme_is_a_front_door():
    size = len(README.read_bytes())
    assert size <= README_LIMIT, (
        f"README.md is {size} bytes, over {README_LIMIT}: move the detail to the "
        "document in docs/ for its reader"
    )


def readme_map():
    text = README.read_text(encoding="utf-8")
    return text.split("\n## A map of the house\n", 1)[1].split("\n## ", 1)[0]


def repository_files():
    """Tracked files and untracked ones git does not ignore, as they are now."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    return [name for name in listed if (ROOT / name).exists()]


def test_the_map_names_every_folder_plugin_and_tool():
    files = repository_files()
    wanted = {f"`{name.split('/')[0]}/`" for name in files if "/" in name}
    for name in files:
        parts = name.split("/")
        if parts[0] == "tools" and len(parts) > 1:
            wanted.add(
                f"`tools/{parts[1]}`" if len(parts) == 2 else f"`tools/{parts[1]}/`"
            )
    wanted |= {
        f"`{plugin.name}`"
        for plugin in (ROOT / "plugins").glob("site_*")
        if plugin.is_dir()
    }
    section = readme_map()
    missing = sorted(name for name in wanted if name not in section)
    assert not missing, f"README.md's map does not name {missing}: add a line for each"


def connected_signals():
    """{plugin: signals its code connects}, read from its source."""
    connected = defaultdict(set)
    for plugin in sorted((ROOT / "plugins").glob("site_*")):
        for source in plugin.rglob("*.py"):
            text = source.read_text(encoding="utf-8")
            for pattern in CONNECT_RES:
                connected[plugin.name].update(pattern.findall(text))
    return connected


def table_rows(path, header):
    """The rows (lists of cells) of the table in `path` whose header row
    starts with the cells `header`."""

    def cells(line):
        return [
            cell.strip() for cell in re.split(r"(?<!\\)\|", line.strip().strip("|"))
        ]

    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines):
        if line.startswith("|") and cells(line)[: len(header)] == header:
            rows = []
            for row in lines[number + 2 :]:
                if not row.startswith("|"):
                    break
                rows.append(cells(row))
            return rows
    pytest.fail(f"{path.relative_to(ROOT)} has no table with the columns {header}")


def documented_signals(path, header, signal_column, plugin_column):
    """{plugin: signals its rows name} of one table."""
    documented = defaultdict(set)
    for row in table_rows(path, header):
        signals = re.findall(r"`([\w.]+)`", row[signal_column])
        for plugin in re.findall(r"`(site_\w+)`", row[plugin_column]):
            documented[plugin].update(signals)
    return documented


@pytest.mark.parametrize(
    "path, header, signal_column, plugin_column",
    [
        (ARCHITECTURE, ["signal", "plugin"], 0, 1),
        (PLUGINS_README, ["plugin", "concern", "signals"], 2, 0),
    ],
    ids=["docs/architecture.md", "plugins/README.md"],
)
def test_the_signal_tables_follow_the_code(path, header, signal_column, plugin_column):
    connected = connected_signals()
    documented = documented_signals(path, header, signal_column, plugin_column)
    name = path.relative_to(ROOT)
    problems = [
        f"{plugin} connects {signal!r}, which no row of {name} names for it"
        for plugin, signals in sorted(connected.items())
        for signal in sorted(signals - documented[plugin])
    ]
    problems += [
        f"a row of {name} names {signal!r} for {plugin}, which does not connect it"
        for plugin, signals in sorted(documented.items())
        for signal in sorted(signals - connected[plugin])
    ]
    assert not problems, "\n".join(problems)
