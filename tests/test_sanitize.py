"""The sanitiser (plugins/site_content/sanitize.py): clean() over a corpus of
hostile HTML and Markdown, what `make check` says it drops, and the hostile
build (tests/hostile/content/*/html-*): every output that carries a body is
safe, and keeps the harmless part of the input."""

import gzip
import html
import json
import re
import runpy
import time
import xml.etree.ElementTree as ET

import brotli
import jinja2
import markdown
import pytest
from bs4 import BeautifulSoup
from jinja2 import nodes

from conftest import ROOT
from site_content import sanitize
from site_content.dropped import report_dropped
from site_content.sanitize import (
    ALLOWED_TAGS,
    ATTRIBUTES,
    GENERIC_ATTRIBUTES,
    REMOVED_WITH_CONTENT,
    THEME_ID_PREFIXES,
    THEME_IDS,
    URL_ATTRIBUTES,
    clean,
    is_theme_id,
    renamed_id,
    url_scheme,
)
from test_check import run_check


@pytest.fixture(scope="module")
def convert():
    """Markdown -> HTML with the project's MARKDOWN, as Pelican's reader
    configures it (every extension_configs key is an extension)."""
    config = dict(runpy.run_path(str(ROOT / "pelicanconf.py"))["MARKDOWN"])
    config["extensions"] = list(config["extension_configs"])
    return lambda text: markdown.Markdown(**config).convert(text)


# --- clean() ---------------------------------------------------------------

CLEAN_CASES = [
    ("script", "<script>alert(1)</script><p>kept</p>", "<p>kept</p>"),
    ("script-src-upper", '<SCRIPT SRC="https://e.x/x.js"></SCRIPT>kept', "kept"),
    ("style-element", "<style>p { display: none }</style><p>kept</p>", "<p>kept</p>"),
    (
        "iframe-srcdoc",
        (
            '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;">'
            "fallback</iframe>kept"
        ),
        "kept",
    ),
    (
        "object",
        '<object data="x.swf"><param name="a" value="b">fallback</object>kept',
        "kept",
    ),
    ("embed", '<embed src="x.swf">kept', "kept"),
    (
        "meta-refresh",
        '<meta http-equiv="refresh" content="0; url=https://e.x/">kept',
        "kept",
    ),
    ("base", '<base href="https://e.x/">kept', "kept"),
    ("link", '<link rel="stylesheet" href="https://e.x/x.css">kept', "kept"),
    (
        "form",
        '<form action="https://e.x/"><input name="q"><button>Send</button></form>',
        "Send",
    ),
    ("svg-onload", '<svg onload="alert(1)"><circle r="1"/></svg>kept', "kept"),
    (
        "math-mutation",
        (
            '<math><mi>x</mi><annotation-xml encoding="text/html">'
            "<img src=x onerror=alert(1)></annotation-xml></math>kept"
        ),
        "kept",
    ),
    ("template", "<template><img src=x onerror=alert(1)></template>kept", "kept"),
    # noscript content is raw text: it ends inside the attribute, and what
    # follows is cleaned as the markup it is.
    (
        "noscript-mutation",
        (
            '<noscript><p title="</noscript><img src=x onerror=alert(1)>">'
            "kept</p></noscript>"
        ),
        '<img src="x">"&gt;kept<p></p>',
    ),
    (
        "on-upper-case",
        '<p ONCLICK="alert(1)" OnMouseOver="alert(2)">kept</p>',
        "<p>kept</p>",
    ),
    (
        "on-next-line",
        '<img src="{static}/media/a.png" alt="A photo"\nonerror="alert(1)">',
        '<img src="{static}/media/a.png" alt="A photo">',
    ),
    ("style-attribute", '<p style="position:fixed;top:0">kept</p>', "<p>kept</p>"),
    ("javascript", '<a href="javascript:alert(1)">kept</a>', "<a>kept</a>"),
    ("javascript-mixed-case", '<a href="JaVaScRiPt:alert(1)">kept</a>', "<a>kept</a>"),
    (
        "javascript-hex-entity",
        '<a href="jav&#x61;script:alert(1)">kept</a>',
        "<a>kept</a>",
    ),
    (
        "javascript-named-colon",
        '<a href="jav&#97;script&colon;alert(1)">kept</a>',
        "<a>kept</a>",
    ),
    ("javascript-tab", '<a href="java\tscript:alert(1)">kept</a>', "<a>kept</a>"),
    (
        "javascript-control-space",
        '<a href=" \x01javascript:alert(1)">kept</a>',
        "<a>kept</a>",
    ),
    ("vbscript", '<a href="vbscript:msgbox(1)">kept</a>', "<a>kept</a>"),
    (
        "data-link",
        '<a href="data:text/html;base64,PHNjcmlwdD4=">kept</a>',
        "<a>kept</a>",
    ),
    (
        "data-image",
        '<img src="data:image/svg+xml,<svg onload=alert(1)>" alt="kept">',
        '<img alt="kept">',
    ),
    (
        "filename-link",
        '<a href="{filename}/posts/x.en.md">kept</a>',
        '<a href="{filename}/posts/x.en.md">kept</a>',
    ),
    (
        "pipe-filename-link",
        '<a href="|filename|/posts/x.en.md#part">kept</a>',
        '<a href="|filename|/posts/x.en.md#part">kept</a>',
    ),
    (
        "static-image-space",
        '<img src="{static}/media/a b.png" alt>',
        '<img src="{static}/media/a b.png" alt="">',
    ),
    (
        "link-no-target-no-rel",
        (
            '<a href="https://e.x/?a=1&amp;b=2" title="t" hreflang="ru" '
            'target="_blank" rel="opener">kept</a>'
        ),
        '<a href="https://e.x/?a=1&amp;b=2" title="t" hreflang="ru">kept</a>',
    ),
    (
        "mailto-tel",
        '<a href="mailto:info@rtcm.az">m</a> <a href="tel:+994123">t</a>',
        '<a href="mailto:info@rtcm.az">m</a> <a href="tel:+994123">t</a>',
    ),
    ("comment", "<p>a<!-- <script>alert(1)</script> -->b</p>", "<p>ab</p>"),
    (
        "theme-id",
        (
            '<h2 id="main-content">M</h2><a href="#main-content">up</a> '
            '<a href="#latest-news">news</a>'
        ),
        (
            '<h2 id="content--main-content">M</h2><a href="#content--main-content">up</a> '
            '<a href="#latest-news">news</a>'
        ),
    ),
    (
        "theme-id-prefix",
        '<a href="#topic-law">t</a><h3 id="topic-law">T</h3>',
        '<a href="#content--topic-law">t</a><h3 id="content--topic-law">T</h3>',
    ),
    (
        "table-cell",
        (
            '<table><tr><td align="right" style="color:red" colspan="2">x</td>'
            "</tr></table>"
        ),
        '<table><tbody><tr><td align="right" colspan="2">x</td></tr></tbody></table>',
    ),
    (
        "generic-attributes",
        (
            '<div lang="ru" dir="ltr" class="n" data-x="1" aria-hidden="true"'
            " hidden>kept</div>"
        ),
        '<div lang="ru" dir="ltr" class="n">kept</div>',
    ),
    ("landmarks", "<main><nav><p>kept</p></nav></main>", "<p>kept</p>"),
    (
        "details",
        "<details open><summary>More</summary><p>kept</p></details>",
        '<details open=""><summary>More</summary><p>kept</p></details>',
    ),
]

MARKDOWN_CASES = [
    (
        "attr-list-heading",
        '## Heading {: onclick="alert(1)" #h .c }',
        '<h2 class="c" id="h">Heading</h2>',
    ),
    (
        "attr-list-block",
        'Text\n{: style="color:red" onmouseover="alert(1)" lang="en" }',
        '<p lang="en">Text</p>',
    ),
    (
        "attr-list-link",
        '[link](https://e.x){: onclick="alert(1)" title="t" }',
        '<p><a href="https://e.x" title="t">link</a></p>',
    ),
    (
        "attr-list-theme-id",
        "## Top {: #main-content }",
        '<h2 id="content--main-content">Top</h2>',
    ),
    ("markdown-javascript", "[x](javascript:alert(1))", "<p><a>x</a></p>"),
    (
        "markdown-static-image",
        "![A photo]({static}/media/a.png)",
        '<p><img alt="A photo" src="{static}/media/a.png"></p>',
    ),
    (
        "markdown-filename-link",
        "[A post]({filename}/posts/x.en.md)",
        '<p><a href="{filename}/posts/x.en.md">A post</a></p>',
    ),
    (
        "table-align",
        "| a | b |\n|:--|--:|\n| 1 | 2 |",
        (
            '<table>\n<thead>\n<tr>\n<th align="left">a</th>\n<th align="right">b</th>\n</tr>\n'
            '</thead>\n<tbody>\n<tr>\n<td align="left">1</td>\n<td align="right">2</td>\n</tr>\n'
            "</tbody>\n</table>"
        ),
    ),
    (
        "footnote",
        "Text[^1].\n\n[^1]: Note.",
        (
            '<p>Text<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>.</p>\n'
            '<div class="footnote">\n<hr>\n<ol>\n<li id="fn:1">\n<p>Note.&nbsp;<a class="footnote-'
            'backref" href="#fnref:1" title="Jump back to footnote 1 in the text">↩</a></p>\n'
            "</li>\n</ol>\n</div>"
        ),
    ),
    (
        "toc-theme-id",
        "[TOC]\n\n## Main content\n\n## Other",
        (
            '<div class="toc">\n<ul>\n<li><a href="#content--main-content">Main content</a></li>\n'
            '<li><a href="#other">Other</a></li>\n</ul>\n</div>\n'
            '<h2 id="content--main-content">Main content</h2>\n<h2 id="other">Other</h2>'
        ),
    ),
    (
        "md-in-html",
        '<div markdown="1" onclick="alert(1)">*kept*</div>',
        "<div>\n<p><em>kept</em></p>\n</div>",
    ),
    ("smarty", '"Quotes" -- and...', "<p>“Quotes” – and…</p>"),
    (
        "fenced-code",
        "```html\n<script>alert(1)</script>\n```",
        '<pre><code class="language-html">&lt;script&gt;alert(1)&lt;/script&gt;\n</code></pre>',
    ),
    (
        "split-tag",
        '<a\nhref="#x"\nonclick="alert(1)">kept</a>',
        '<p><a href="#x">kept</a></p>',
    ),
]


def test_corpus_is_large_enough():
    assert len(CLEAN_CASES) + len(MARKDOWN_CASES) >= 30
    assert len({case[0] for case in CLEAN_CASES + MARKDOWN_CASES}) == (
        len(CLEAN_CASES) + len(MARKDOWN_CASES)
    )


@pytest.mark.parametrize(
    ("source", "expected"),
    [c[1:] for c in CLEAN_CASES],
    ids=[c[0] for c in CLEAN_CASES],
)
def test_clean(source, expected):
    assert clean(source) == expected
    assert clean(expected) == expected  # cleaning twice changes nothing


@pytest.mark.parametrize(
    ("source", "expected"),
    [c[1:] for c in MARKDOWN_CASES],
    ids=[c[0] for c in MARKDOWN_CASES],
)
def test_markdown_is_cleaned(convert, source, expected):
    assert convert(source) == expected


def test_sanitiser_runs_last():
    md = markdown.Markdown(extensions=["extra", "site_content.sanitize"])
    names = [item.name for item in md.postprocessors._priority]
    assert names[-1] == "sanitize" and "raw_html" in names[:-1]


def test_policy_change_invalidates_the_parse_cache(monkeypatch):
    from site_speed.parse_cache import markdown_fingerprint

    settings = {"MARKDOWN": runpy.run_path(str(ROOT / "pelicanconf.py"))["MARKDOWN"]}
    before = markdown_fingerprint(settings)
    assert sanitize.FINGERPRINT in before
    monkeypatch.setattr(sanitize, "FINGERPRINT", "another policy")
    assert markdown_fingerprint(settings) != before


def test_url_scheme():
    assert url_scheme(" jav&#x61;scr\tipt&colon;x") == "javascript"
    assert url_scheme("{filename}/posts/a.en.md") is None
    assert url_scheme("#fn:1") is None


# --- theme ids -------------------------------------------------------------

ID_RE = re.compile(r'(?<![\w-])id="([^"]*)"')


def template_ids():
    """(ids, prefixes) the theme's templates give elements: literal ids, the
    literal start of ids made from data (id="topic-{{ topic }}"), and the
    strings passed to a macro parameter that becomes an id."""
    env = jinja2.Environment(extensions=["jinja2.ext.i18n"])
    ids, prefixes, id_names, trees = set(), set(), set(), []
    for path in sorted((ROOT / "theme" / "templates").rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for value in ID_RE.findall(text):
            literal, _, rest = value.partition("{{")
            if not rest:
                ids.add(value)
            elif literal:
                prefixes.add(literal)
            else:
                id_names.add(rest.strip(" }"))
        trees.append(env.parse(text))
    # (macro, position) of the parameters that become an id
    id_params = {
        (macro.name, index)
        for tree in trees
        for macro in tree.find_all(nodes.Macro)
        for index, argument in enumerate(macro.args)
        if argument.name in id_names
    }
    for tree in trees:
        for call in tree.find_all(nodes.Call):
            for index, argument in enumerate(call.args):
                if (
                    isinstance(call.node, nodes.Name)
                    and (call.node.name, index) in id_params
                    and isinstance(argument, nodes.Const)
                ):
                    ids.add(argument.value)
    return ids, prefixes


def test_theme_ids_are_the_templates_ids():
    ids, prefixes = template_ids()
    assert "site-search" in ids  # the macro argument is found
    assert THEME_IDS == ids
    assert set(THEME_ID_PREFIXES) == prefixes


@pytest.mark.parametrize("value", sorted(THEME_IDS) + ["topic-law", "not-found-en"])
def test_renamed_ids_leave_the_theme_namespace(value):
    assert is_theme_id(value)
    assert not is_theme_id(renamed_id(value))


# --- what the check reports ------------------------------------------------

SCRIPTS = "delete it; pages cannot run scripts"
REPORT_CASES = [
    (
        "element",
        "<iframe src='https://e.x/'></iframe>",
        [
            (
                5,
                (
                    "the HTML element <iframe> is not allowed and will be removed with "
                    "everything inside it"
                ),
            )
        ],
    ),
    (
        "unwrapped-element",
        "<font>x</font>",
        [(5, "the HTML element <font> is not allowed and will be removed")],
    ),
    (
        "attribute",
        "Text <a href='https://e.x' onclick=go()>x</a>",
        [(5, "the attribute 'onclick' on <a> is not allowed and will be removed")],
    ),
    (
        "split-attributes",
        "Text\n\n<div\n  class=a\n  STYLE='x'>t</div>",
        [(7, "the attribute 'style' on <div> is not allowed and will be removed")],
    ),
    (
        "address-entity",
        '<a href="jav&#x61;script:x">x</a>',
        [(5, "the address 'javascript:…' is not allowed and will be removed")],
    ),
    (
        "address-newline",
        '<img alt="" src="\njavascript:x">',
        [(5, "the address 'javascript:…' is not allowed and will be removed")],
    ),
    (
        "inside-removed-element",
        "<object><p onclick=x>a</p></object>",
        [
            (
                5,
                (
                    "the HTML element <object> is not allowed and will be removed with "
                    "everything inside it"
                ),
            )
        ],
    ),
    ("fenced-code", "```html\n<script>x</script>\n```\n~~~\n<p onclick=x>\n~~~", []),
    ("code-span", "Use `<script>` and ``<p onclick=x>``.", []),
    (
        "unclosed-fence",
        "```\n<script>x</script>",
        [
            (
                6,
                (
                    "the HTML element <script> is not allowed and will be removed with "
                    "everything inside it"
                ),
            )
        ],
    ),
    ("comment", "<!-- <script>x</script> -->", []),
    ("autolinks", "<https://e.x/a> and <info@rtcm.az>", []),
    (
        "allowed",
        (
            '<p class="a" id="b" lang="en" dir="ltr"><a href="{filename}/a.md" '
            'title="t">x</a><img src="{static}/a.png" alt="" width="1"></p>'
        ),
        [],
    ),
    (
        "attr-list-heading",
        "## Title {: #id .c onclick='x' }",
        [
            (
                5,
                (
                    "the attribute 'onclick' in the attribute list is not allowed and will "
                    "be removed"
                ),
            )
        ],
    ),
    (
        "attr-list-block",
        "Para\n{: data-x=1 lang=en }\n",
        [
            (
                6,
                (
                    "the attribute 'data-x' in the attribute list is not allowed and will be "
                    "removed"
                ),
            )
        ],
    ),
    (
        "attr-list-inline",
        "[a](https://e.x){: title=t href='vbscript:x' hidden }",
        [
            (5, "the address 'vbscript:…' is not allowed and will be removed"),
            (
                5,
                (
                    "the attribute 'hidden' in the attribute list is not allowed and will be "
                    "removed"
                ),
            ),
        ],
    ),
    ("attr-list-not-last-line", "Para\n{: onclick=x }\nmore text", []),
    ("filename-braces", "[a]({filename}/posts/a.en.md) {static}", []),
]


@pytest.mark.parametrize(
    ("body", "expected"),
    [c[1:] for c in REPORT_CASES],
    ids=[c[0] for c in REPORT_CASES],
)
def test_report(body, expected):
    found = report_dropped(body, 5)
    assert sorted((line, message) for line, message, _ in found) == sorted(expected)
    assert all(hint for _, _, hint in found)


def test_report_hints():
    [(_, _, hint)] = report_dropped("<p onclick=x>a</p>", 1)
    assert hint == SCRIPTS
    [(_, _, hint)] = report_dropped("<iframe></iframe>", 1)
    assert hint == (
        "delete it; ask a developer if the page needs an embedded map or video"
    )


def sample_html(tag, attribute, value):
    """`<tag attribute="value">` where an HTML parser keeps the tag."""
    element = f'<{tag} {attribute}="{value}">x</{tag}>'
    wrappers = {
        "td": "<table><tr>{}</tr></table>",
        "th": "<table><tr>{}</tr></table>",
        "tr": "<table>{}</table>",
        "thead": "<table>{}</table>",
        "tbody": "<table>{}</table>",
        "tfoot": "<table>{}</table>",
        "caption": "<table>{}</table>",
        "li": "<ul>{}</ul>",
        "dt": "<dl>{}</dl>",
        "dd": "<dl>{}</dl>",
    }
    return wrappers.get(tag, "{}").format(element)


SAMPLE_ATTRIBUTES = sorted(GENERIC_ATTRIBUTES.union(*ATTRIBUTES.values())) + [
    "onclick",
    "ONERROR",
    "style",
    "target",
    "rel",
    "srcset",
    "data-x",
    "srcdoc",
    "formaction",
]
SAMPLE_URLS = [
    "https://e.x/",
    "{filename}/a.md",
    "#x",
    "javascript:x",
    "jav&#x61;script:x",
    "data:x",
    "vbscript:x",
    "mailto:a@b.c",
]


def test_report_agrees_with_clean():
    """Whatever clean() drops, the check reports, and nothing else: both
    read the same constants."""
    disagreements = []
    for tag in sorted(ALLOWED_TAGS | REMOVED_WITH_CONTENT | {"form", "meta", "font"}):
        for attribute in SAMPLE_ATTRIBUTES:
            for value in SAMPLE_URLS if attribute in URL_ATTRIBUTES else ["v"]:
                source = sample_html(tag, attribute, value)
                cleaned = clean(source)  # canonical: <tag name="value">
                if not re.search(rf"<{tag}[ >]", cleaned):
                    expected = [f"the HTML element <{tag}> is not allowed"]
                elif f' {attribute.lower()}="' in cleaned:
                    expected = []
                else:
                    expected = [
                        (
                            f"the attribute '{attribute.lower()}' on <{tag}>",
                            f"the address '{url_scheme(value)}:…'",
                        )
                    ]
                reported = [message for _, message, _ in report_dropped(source, 1)]
                if len(reported) != len(expected) or not all(
                    message.startswith(e)
                    for message, e in zip(reported, expected, strict=True)
                ):
                    disagreements.append((source, cleaned, reported))
    assert disagreements == []


HOSTILE_PATTERNS = {
    "unclosed-angles": "<" * 1000 + "\n",
    "onclick-lines": "<a onclick=x href='javascript:y'>t</a>\n",
    "one-long-line": '<a onclick="x" title="',
    "nested": "<div><span><em>",
    "open-quotes": "<a title='<a title=\"",
    "quotes-in-phase": '<a x="<b" x="<b" ',
    "quotes-out-of-phase": '<a x="<c x=" y=" z=" ',
    "bare-values": "<a onclick=<a ",
    "attr-lists": "*x*{: onclick=y ",
    "closed-attr-lists": "*x*{: onclick=y } ",
    "heading-attr-lists": "## H {: onclick=x }\n",
    "open-braces": '## H {: a="{: ',
    "backticks": "`` ` ``` x",
    "fences": "```a\n~~~b\n",
    "comments": "<!-- <script> ",
    "raw-text": "<script><style><iframe>",
}


@pytest.mark.parametrize("pattern", list(HOSTILE_PATTERNS), ids=list(HOSTILE_PATTERNS))
def test_report_is_linear(pattern):
    """Ten times the input takes about ten times as long, far from the
    hundred times of a quadratic scan."""

    def seconds(size):
        unit = HOSTILE_PATTERNS[pattern]
        body = unit * (size // len(unit))
        best = float("inf")
        for _ in range(3):
            start = time.process_time()
            report_dropped(body, 1)
            best = min(best, time.process_time() - start)
        return best

    small, large = seconds(100_000), seconds(1_000_000)
    assert large / max(small, 1e-4) < 30, (small, large)


# --- the hostile build ------------------------------------------------------

POSTS = {
    "html-script": [
        "alpha-kept",
        "bravo-kept",
        "charlie-kept",
        "delta-kept",
        "echo-kept",
        "foxtrot-kept",
        "golf-kept",
    ],
    "html-embeds": ["Sierra-kept", "tango-kept", "Uniform-kept"],
    "html-attributes": [
        "Kilo-kept",
        "Lima-kept",
        "Mike-kept",
        "november-kept",
        "quebec-kept",
        "Romeo-kept",
    ],
}
EVENT_TEXT = ["Zulu-kept", "event-link-kept"]
# Every hostile payload of the html-* inputs: none may reach any output.
PAYLOAD_RE = re.compile(
    r"alert\(|msgbox\(|PHNjcmlwdD|display: none|iframe-fallback|"
    r"object-fallback|math-text|evil|steal|x\.swf|x\.css"
)
UNSAFE_TAGS = {
    "script",
    "style",
    "iframe",
    "object",
    "embed",
    "meta",
    "base",
    "link",
    "form",
    "input",
    "button",
    "svg",
    "math",
    "template",
    "noscript",
}


def unsafe_markup(fragment):
    """What must not be in a body: unsafe elements, handlers, style
    attributes, URLs with other schemes."""
    soup = BeautifulSoup(fragment, "html.parser")
    found = [tag.name for tag in soup.find_all(UNSAFE_TAGS)]
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            if name.startswith("on") or name == "style":
                found.append(f"{tag.name} {name}")
            if name in ("href", "src") and url_scheme(value) not in (
                None,
                *sanitize.URL_SCHEMES,
            ):
                found.append(f"{tag.name} {name}={value}")
    return found


def assert_safe_and_faithful(fragment, words):
    assert fragment, "the body is missing from this output"
    assert unsafe_markup(fragment) == []
    text = html.unescape(fragment)
    assert not PAYLOAD_RE.search(text), PAYLOAD_RE.search(text)
    assert [w for w in words if w not in text] == []


@pytest.mark.parametrize("lang", ["en", "ru", "az"])
@pytest.mark.parametrize("slug", list(POSTS))
def test_post_page(hostile, slug, lang):
    page = hostile.text(f"{lang}/news/{slug}/index.html")
    assert not PAYLOAD_RE.search(html.unescape(page))
    body = hostile.soup(f"{lang}/news/{slug}/index.html").select_one(".entry__body")
    assert_safe_and_faithful(str(body), POSTS[slug])
    for script in hostile.soup(f"{lang}/news/{slug}/index.html").find_all("script"):
        if script.get("type") == "application/ld+json":
            data = json.dumps(json.loads(script.string))
            assert not PAYLOAD_RE.search(data) and "<" not in data


def teaser(site, relative, url_part):
    found = [
        t
        for t in site.soup(relative).select(".teaser")
        if url_part in t.select_one(".teaser__title a")["href"]
    ]
    assert len(found) == 1, f"{url_part} has no teaser on {relative}"
    return found[0]


@pytest.mark.parametrize("listing", ["en/index.html", "en/news/index.html"])
@pytest.mark.parametrize("slug", ["html-script", "html-embeds"])  # automatic summaries
def test_teasers(hostile, listing, slug):
    summary = teaser(hostile, listing, f"/en/news/{slug}/").select_one(
        ".teaser__summary"
    )
    assert_safe_and_faithful(str(summary), POSTS[slug][:2])


def test_feed(hostile):
    feed = ET.fromstring(hostile.text("en/feeds/atom.xml"))
    atom = "{http://www.w3.org/2005/Atom}"
    entries = {
        entry.find(f"{atom}link").get("href").rstrip("/").rsplit("/", 1)[-1]: entry
        for entry in feed.iter(f"{atom}entry")
    }
    for slug, words in POSTS.items():
        content = entries[slug].find(f"{atom}content").text
        assert_safe_and_faithful(content, words)


def test_search_index(hostile):
    """Pagefind's fragments (gzip, after a 'pagefind_dcd' marker) hold the
    text it indexed of each page."""
    fragments = {}
    for path in (hostile.output / "pagefind" / "en" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(path.read_bytes())
        record = json.loads(data[len(b"pagefind_dcd") :])
        fragments[record["url"]] = record
    for slug, words in POSTS.items():
        text = fragments[f"/en/news/{slug}/"]["content"]
        assert not PAYLOAD_RE.search(text)
        assert [w for w in words if w not in text] == []
    assert "Zulu-kept" in fragments["/en/events/html-event/"]["content"]


def test_precompressed_twins_are_the_cleaned_pages(hostile):
    for slug in POSTS:
        page = hostile.path(f"en/news/{slug}/index.html")
        data = page.read_bytes()
        assert gzip.decompress(page.with_name("index.html.gz").read_bytes()) == data
        assert brotli.decompress(page.with_name("index.html.br").read_bytes()) == data


def test_event_outputs(hostile):
    body = hostile.soup("en/events/html-event/index.html").select_one(".entry__body")
    assert_safe_and_faithful(str(body), EVENT_TEXT)
    for listing in ["en/events/index.html", "en/index.html"]:
        summary = teaser(hostile, listing, "/en/events/html-event/")
        assert_safe_and_faithful(
            str(summary.select_one(".teaser__summary")), EVENT_TEXT
        )
    for calendar in ["en/events/html-event/html-event.ics", "en/events/calendar.ics"]:
        events = hostile.text(calendar).split("BEGIN:VEVENT")
        [event] = [e for e in events if "UID:event-html-event@" in e]
        assert not PAYLOAD_RE.search(event) and "<" not in event


def test_theme_ids_stay_unique(hostile):
    soup = hostile.soup("en/html-ids/index.html")
    assert len(soup.find_all(id="main-content")) == 1
    assert soup.find(id="main-content").name == "main"
    body = soup.select_one(".entry__body")
    assert [h["id"] for h in body.find_all(["h2", "h3"])] == [
        "content--main-content",
        "content--latest-news",
        "content--topic-law",
    ]
    assert [a["href"] for a in body.find_all("a")] == [
        "#content--main-content",
        "#content--latest-news",
        "#content--main-content",
    ]
    assert_safe_and_faithful(str(body), ["Whiskey-kept", "X-ray-kept", "Yankee-kept"])


def test_check_reports_what_is_dropped(hostile, capsys):
    code, lines, _ = run_check(hostile.project, capsys)
    mine = [line for line in lines if "/html-" in line.split(":", 1)[0]]
    assert [line for line in mine if ": error: " in line] == []
    assert code == 0
    expected = [
        "content/posts/html-script.en.md:5: warning: the attribute 'onclick' on <p>",
        "content/posts/html-script.en.md:5: warning: the attribute 'onmouseover' on <p>",
        "content/posts/html-script.en.md:6: warning: the HTML element <script>",
        "content/posts/html-script.en.md:7: warning: the HTML element <style>",
        "content/posts/html-script.en.md:9: warning: the address 'javascript:…'",
        "content/posts/html-script.en.md:10: warning: the address 'javascript:…'",
        "content/posts/html-script.en.md:12: warning: the address 'vbscript:…'",
        "content/posts/html-script.en.md:12: warning: the address 'data:…'",
        "content/posts/html-script.en.md:13: warning: the attribute 'onclick' on <a>",
        "content/posts/html-script.en.md:14: warning: the attribute 'style' on <span>",
        "content/posts/html-script.en.md:14: warning: the attribute 'onmouseover' on <span>",
        "content/posts/html-script.en.md:17: warning: the attribute 'onerror' on <img>",
        (
            "content/posts/html-attributes.en.md:6: warning: the attribute 'onclick' in the "
            "attribute list"
        ),
        (
            "content/posts/html-attributes.en.md:9: warning: the attribute 'onmouseover' in "
            "the attribute list"
        ),
        (
            "content/posts/html-attributes.en.md:11: warning: the attribute 'onclick' in the "
            "attribute list"
        ),
        "content/posts/html-attributes.en.md:17: warning: the attribute 'onclick' on <div>",
        *(
            f"content/posts/html-embeds.en.md:{line}: warning: the HTML element <{name}>"
            for line, name in [
                (7, "iframe"),
                (8, "object"),
                (9, "embed"),
                (10, "meta"),
                (11, "base"),
                (12, "link"),
                (13, "form"),
                (13, "input"),
                (13, "button"),
                (14, "svg"),
                (15, "math"),
                (16, "noscript"),
                (17, "template"),
            ]
        ),
        "content/events/html-event.en.md:5: warning: the attribute 'onclick' on <p>",
        "content/events/html-event.en.md:5: warning: the HTML element <script>",
        "content/events/html-event.en.md:7: warning: the address 'javascript:…'",
    ]
    assert [e for e in expected if not any(line.startswith(e) for line in mine)] == []
