"""Page weight of the built site: what a first visit to each page downloads.

For every HTML file of a build, the page itself and the resources its
markup asks for (stylesheets and what they @import, scripts, module and
font preloads, and the fonts and images that CSS `url()`s name) are read
from the output folder and compressed as a server would send them (gzip
level 9; brotli too when the `brotli` module happens to be installed).
Images are counted apart, and so is the Pagefind search bundle (anything
under `/pagefind/`), which the search page loads only when a reader
searches. The budget covers HTML + CSS + JS + fonts. The browser editor at
`/admin/` is not measured: it is not a page readers load.

    python tools/weight.py [OUTPUT] [--site-url URL] [--content CONTENT]

prints one line per page type and language (the heaviest page of each),
and exits non-zero when a page is over the budget. The tests use
`site_weights()` and `BUDGET_BYTES` on their own build.
"""

import argparse
import gzip
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup

try:  # optional: reported when present, never required
    import brotli
except ImportError:  # pragma: no cover - depends on the machine
    brotli = None

BUDGET_BYTES = 50_000  # compressed HTML + CSS + JS + fonts of one page
KINDS = ("html", "css", "js", "fonts")
FONT_SUFFIXES = (".woff2", ".woff", ".ttf", ".otf", ".eot")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg", ".ico")
SEARCH_BUNDLE = "/pagefind/"
# The browser editor (plugins/site_cms, SITE_CMS["path"]): staff load it after
# signing in; it is not a page of the site and has no budget here
# (docs/editing-in-the-browser.md gives its size).
EDITOR = "/admin/"
LANGS = ("en", "ru", "az")
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
CSS_IMPORT = re.compile(r"""@import\s+(?:url\()?\s*['"]?([^'")\s;]+)""")


def gzip_size(data):
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def brotli_size(data):
    return len(brotli.compress(data, quality=11)) if brotli else None


@dataclass
class Resource:
    url: str
    kind: str  # html, css, js, fonts, images, search, external
    raw: int = 0
    gzip: int = 0
    brotli: int | None = None


@dataclass
class PageWeight:
    path: str  # relative to the output folder
    page_type: str
    lang: str
    resources: list = field(default_factory=list)

    def total(self, kinds=KINDS, measure="gzip"):
        return sum(getattr(r, measure) or 0 for r in self.resources if r.kind in kinds)

    @property
    def budgeted(self):
        """Compressed bytes that count against the budget."""
        return self.total()

    def external(self):
        return [r.url for r in self.resources if r.kind == "external"]


class Site:
    """The output folder of a build, reached through its absolute URLs."""

    def __init__(self, output, site_url):
        self.output = Path(output)
        self.root = urlsplit(site_url.rstrip("/") + "/")
        self._sizes = {}

    def page_url(self, relative):
        path = "/" + relative
        if path.endswith("/index.html"):
            path = path[: -len("index.html")]
        return f"{self.root.scheme}://{self.root.netloc}{path}"

    def file_for(self, url):
        """The output file behind a URL of this site, or None if external."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or parts.netloc != self.root.netloc:
            return None
        path = unquote(parts.path).lstrip("/")
        if path == "" or path.endswith("/"):
            path += "index.html"
        return self.output / path

    def measure(self, url, kind):
        file = self.file_for(url)
        if file is None:
            return Resource(url, "external")
        if file not in self._sizes:
            data = file.read_bytes()
            self._sizes[file] = (len(data), gzip_size(data), brotli_size(data))
        raw, gz, br = self._sizes[file]
        return Resource(url, kind, raw, gz, br)


def classify(relative, html, page_slugs):
    """(page type, language) of an output HTML file.

    Known shapes get their names; a page slug from content/pages is a
    "page"; any other page is typed by its path without the language, so
    a new kind of page is never lumped in with another: "search", "404",
    "events", "events/*" (one event), "library/type/*". Posts and pages
    shown from another language are "fallback post" / "fallback page".
    """
    parts = relative.split("/")
    lang = parts[0] if parts[0] in LANGS else ""
    rest = parts[1:] if lang else parts
    if rest and rest[-1] == "index.html":
        rest = rest[:-1]
    while len(rest) >= 2 and rest[-2] == "page" and rest[-1].isdigit():
        rest = rest[:-2] + ["page-n"]
    if not lang:
        return ("chooser" if rest == [] else generic_type(rest)), ""
    if rest == []:
        return "home", lang
    if rest[0] == "news":
        if rest[1:] == []:
            kind = "news"
        elif rest[1:] == ["page-n"]:
            kind = "news page-n"
        elif rest[1] in ("archive", "tags", "category"):
            kind = {"archive": "archive", "tags": "tags", "category": "category"}[
                rest[1]
            ]
            if rest[1] == "tags" and len(rest) > 2:
                kind = "tag"
        elif len(rest) == 2:
            kind = "post"
        else:
            kind = generic_type(rest)
    elif len(rest) == 1 and rest[0] in page_slugs:
        kind = "page"
    else:
        return generic_type(rest), lang
    if kind in ("post", "page") and is_fallback(html, lang):
        kind = "fallback " + kind
    return kind, lang


def generic_type(parts):
    """search/ -> "search"; events/x/ -> "events/*"; library/type/x/ ->
    "library/type/*"; 404.html -> "404"."""
    parts = [p.removesuffix(".html") for p in parts]
    if len(parts) == 1:
        return parts[0]
    return "/".join(parts[:2] if len(parts) > 2 else parts[:1]) + "/*"


def is_fallback(html, lang):
    """A fallback page's canonical points at another language's page."""
    for tag in re.findall(r"<link\b[^>]*>", html):
        if re.search(r"""\brel=["']?canonical\b""", tag):
            href = re.search(r"""\bhref=["']?([^"'\s>]+)""", tag)
            return bool(href) and not urlsplit(href.group(1)).path.startswith(
                f"/{lang}/"
            )
    return False


def page_weight(site, relative, page_slugs):
    html_file = site.output / relative
    html = html_file.read_text(encoding="utf-8")
    page_type, lang = classify(relative, html, page_slugs)
    page = PageWeight(relative, page_type, lang)
    base = site.page_url(relative)
    page.resources.append(site.measure(base, "html"))
    seen = {base}

    def add(url, kind):
        url = url.split("#", 1)[0]
        if not url or url in seen or url.startswith(("data:", "mailto:", "tel:")):
            return
        seen.add(url)
        if SEARCH_BUNDLE in urlsplit(url).path:
            kind = "search"
        resource = site.measure(url, kind)
        page.resources.append(resource)
        if resource.kind == "css":
            css = site.file_for(url).read_text(encoding="utf-8")
            for imported in CSS_IMPORT.findall(css):
                add(urljoin(url, imported), "css")
            for _, target in CSS_URL.findall(css):
                add(urljoin(url, target), resource_kind(target, "images"))

    soup = BeautifulSoup(html, "lxml")
    for link in soup.find_all("link", href=True):
        rel = set(link.get("rel") or [])
        href = urljoin(base, link["href"])
        if "stylesheet" in rel:
            add(href, "css")
        elif "modulepreload" in rel:
            add(href, "js")
        elif "preload" in rel:
            kind = {
                "style": "css",
                "script": "js",
                "font": "fonts",
                "image": "images",
            }.get(link.get("as"), "images")
            add(href, kind)
        elif rel & {"icon", "apple-touch-icon"}:
            add(href, "images")
    for script in soup.find_all("script", src=True):
        add(urljoin(base, script["src"]), "js")
    for img in soup.find_all(["img", "source"]):
        source = img.get("src") or (img.get("srcset") or "").split(" ")[0]
        if source:
            add(urljoin(base, source), "images")
    return page


def resource_kind(url, default):
    path = urlsplit(url).path.lower()
    if path.endswith(FONT_SUFFIXES):
        return "fonts"
    if path.endswith(".css"):
        return "css"
    if path.endswith(IMAGE_SUFFIXES):
        return "images"
    return default


def site_weights(output, site_url, page_slugs):
    """PageWeight of every HTML file under `output`, sorted by path."""
    site = Site(output, site_url)
    return [
        page_weight(site, str(file.relative_to(site.output)), page_slugs)
        for file in sorted(Path(output).rglob("*.html"))
        if not ("/" + str(file.relative_to(output))).startswith((SEARCH_BUNDLE, EDITOR))
    ]


def page_slugs_of(content):
    """Slugs of the pages in content/pages (<slug>.<lang>.md), home excluded."""
    return {p.name.split(".")[0] for p in Path(content, "pages").glob("*.md")} - {
        "home"
    }


def heaviest_by_type(weights):
    """{(page type, lang): (heaviest PageWeight, number of pages)}."""
    groups = {}
    for page in weights:
        key = (page.page_type, page.lang)
        best, count = groups.get(key, (page, 0))
        if page.budgeted > best.budgeted:
            best = page
        groups[key] = (best, count + 1)
    return dict(sorted(groups.items()))


def report(weights, budget=BUDGET_BYTES):
    measure = "gzip"
    lines = [
        f"Compressed bytes a first visit downloads (gzip -9{', brotli' if brotli else ''}); "
        f"budget {budget:,} for HTML+CSS+JS+fonts; heaviest page of each type.",
        f"{'page type':<18} {'lang':<4} {'pages':>5} {'html':>7} {'css':>7} {'js':>7} "
        f"{'fonts':>7} {'total':>7}{' brotli' if brotli else ''} {'images':>7}  page",
    ]
    for (page_type, lang), (page, count) in heaviest_by_type(weights).items():
        cells = [page.total((kind,), measure) for kind in KINDS]
        br = f" {page.total(measure='brotli'):>7}" if brotli else ""
        flag = "  OVER BUDGET" if page.budgeted > budget else ""
        lines.append(
            f"{page_type:<18} {lang or '-':<4} {count:>5} "
            + " ".join(f"{c:>7}" for c in cells)
            + f" {page.budgeted:>7}{br} {page.total(('images',), measure):>7}"
            + f"  {page.path}{flag}"
        )
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("output", nargs="?", default="output")
    parser.add_argument(
        "--site-url",
        default=os.environ.get("SITEURL", "http://localhost:8000"),
        help="the SITEURL the site was built with",
    )
    parser.add_argument("--content", default="content")
    args = parser.parse_args(argv)
    weights = site_weights(args.output, args.site_url, page_slugs_of(args.content))
    if not weights:
        parser.error(f"no HTML files under {args.output}: build the site first")
    print(report(weights))
    over = [p for p in weights if p.budgeted > BUDGET_BYTES]
    external = [(p.path, url) for p in weights for url in p.external()]
    for path, url in external:
        print(f"external resource (not measured): {path}: {url}", file=sys.stderr)
    for page in over:
        print(
            f"over budget: {page.path}: {page.budgeted:,} > {BUDGET_BYTES:,} bytes",
            file=sys.stderr,
        )
    return 1 if over or external else 0


if __name__ == "__main__":
    sys.exit(main())
