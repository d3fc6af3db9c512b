#!/usr/bin/env python3
"""Check the built site: every href/src that points inside the site leads to
an existing file, and every #fragment to an id in that file. Links to other
sites are listed, never fetched. Exits 1 if any internal link is broken.

    .venv/bin/python tools/linkcheck.py output --site-url http://localhost:8000

`make html` and `make publish` run it after the build.
"""

import argparse
import os
import sys
from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlsplit

# (tag, attribute) pairs that load or lead to another address.
LINK_ATTRIBUTES = {
    ("a", "href"),
    ("area", "href"),
    ("link", "href"),
    ("img", "src"),
    ("script", "src"),
    ("source", "src"),
    ("iframe", "src"),
    ("video", "src"),
    ("video", "poster"),
    ("audio", "src"),
    ("track", "src"),
    ("embed", "src"),
    ("form", "action"),
    ("object", "data"),
}
SKIPPED_SCHEMES = ("mailto", "tel", "data")


class PageParser(HTMLParser):
    """Collects the ids and the links of one HTML file."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids = set()
        self.links = []  # (line, tag, url)

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                self.ids.add(value)
            elif (tag, name) in LINK_ATTRIBUTES:
                self.links.append((line, tag, value.strip()))
            elif name == "srcset":
                for candidate in value.split(","):
                    if candidate.strip():
                        self.links.append((line, tag, candidate.split()[0]))

    handle_startendtag = handle_starttag


def parse(path):
    parser = PageParser()
    with open(path, encoding="utf-8", errors="replace") as handle:
        parser.feed(handle.read())
    parser.close()
    return parser


def page_url(site_url, relative):
    """The address a file is served at (a/index.html is served as a/)."""
    relative = relative.replace(os.sep, "/")
    if relative == "index.html" or relative.endswith("/index.html"):
        relative = relative[: -len("index.html")]
    return f"{site_url}/{relative}"


def target_file(output, path):
    """The file that serves URL path `path`, or None."""
    path = unquote(path).lstrip("/")
    candidates = (
        [path + "index.html"]
        if path.endswith("/") or not path
        else [path, path + "/index.html"]
    )
    for candidate in candidates:
        full = os.path.normpath(os.path.join(output, candidate))
        if os.path.commonpath([full, output]) == output and os.path.isfile(full):
            return full
    return None


def check(output, site_url):
    """(broken, external): broken is a list of (file, line, url, reason)."""
    output = os.path.realpath(output)
    site = urlsplit(site_url)
    pages = {}
    for directory, dirs, files in os.walk(output):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(".html"):
                full = os.path.join(directory, name)
                pages[full] = parse(full)
    broken = []
    external = set()
    for full, page in pages.items():
        base = page_url(site_url, os.path.relpath(full, output))
        for line, _tag, url in page.links:
            parts = urlsplit(url)
            if parts.scheme.lower() == "javascript":
                broken.append((full, line, url, "a javascript: address"))
                continue
            if parts.scheme in SKIPPED_SCHEMES or not url:
                continue
            absolute = urlsplit(urljoin(base, url))
            if absolute.netloc != site.netloc or absolute.scheme not in (
                "http",
                "https",
            ):
                external.add(url)
                continue
            path = absolute.path
            if site.path and path.startswith(site.path):
                path = path[len(site.path) :]
            target = target_file(output, path)
            if target is None:
                broken.append((full, line, url, "no such file in the build"))
                continue
            fragment = unquote(absolute.fragment)
            if fragment and target.endswith(".html"):
                ids = pages[target].ids if target in pages else parse(target).ids
                if fragment not in ids:
                    broken.append((full, line, url, f"no id '{fragment}' in the page"))
    return broken, sorted(external)


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Check every internal link of the built site; list external ones."
    )
    parser.add_argument("output", help="the build's output folder")
    parser.add_argument(
        "--site-url",
        default=os.environ.get("SITEURL", ""),
        help="the root URL the site was built for (default: $SITEURL)",
    )
    parser.add_argument(
        "--quiet", action="store_true", help="do not list the external links"
    )
    args = parser.parse_args(argv)
    if not os.path.isdir(args.output):
        parser.error(f"{args.output} is not a folder; build the site first")
    broken, external = check(args.output, args.site_url.rstrip("/"))
    if external and not args.quiet:
        print(f"{len(external)} external link(s), not fetched:")
        for url in external:
            print(f"  {url}")
    for full, line, url, reason in broken:
        shown = os.path.relpath(full)
        print(f"{shown}:{line}: error: broken link '{url}': {reason}", file=sys.stderr)
    if broken:
        print(f"link check: {len(broken)} broken link(s)", file=sys.stderr)
        return 1
    print("link check: every internal link resolves", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
