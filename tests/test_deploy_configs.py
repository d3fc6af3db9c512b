"""The server configs in deploy/ agree with each other and with the one that
runs for real (deploy/nginx.conf, tests/test_deploy_nginx.py); the CI
workflow has the shape docs/deployment.md promises."""

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
HEADERS = [
    "Content-Security-Policy",
    "Strict-Transport-Security",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Permissions-Policy",
    "X-Frame-Options",
    "Cross-Origin-Opener-Policy",
]


def _site_wide(pairs):
    """The first value of each header: the site's, before the editor's own
    block for /admin/ (tests/test_cms.py checks that one)."""
    return dict(reversed(pairs))


def nginx_headers():
    text = (DEPLOY / "nginx.conf").read_text()
    return _site_wide(re.findall(r'add_header ([\w-]+) "([^"]+)" always;', text))


def htaccess_headers():
    text = (DEPLOY / ".htaccess").read_text()
    return _site_wide(re.findall(r'Header always set ([\w-]+) "([^"]+)"', text))


def netlify_headers():
    block = (DEPLOY / "_headers").read_text().split("\n/*\n", 1)[1].split("\n\n", 1)[0]
    return dict(line.strip().split(": ", 1) for line in block.splitlines())


@pytest.mark.parametrize("read", [nginx_headers, htaccess_headers, netlify_headers])
def test_every_config_sends_the_same_security_headers(read):
    headers = read()
    for name in HEADERS:
        assert headers.get(name) == nginx_headers()[name], (read.__name__, name)
    csp = headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self' 'wasm-unsafe-eval';" in csp


def test_every_config_caches_fingerprinted_files_for_a_year():
    immutable = "public, max-age=31536000, immutable"
    assert immutable in (DEPLOY / "nginx.conf").read_text()
    assert immutable in (DEPLOY / ".htaccess").read_text()
    assert (
        f"/theme/*\n  Cache-Control: {immutable}" in (DEPLOY / "_headers").read_text()
    )


@pytest.mark.parametrize("lang", ["en", "ru", "az"])
def test_every_config_has_a_not_found_page_per_language(lang):
    assert f"ErrorDocument 404 /{lang}/404.html" in (DEPLOY / ".htaccess").read_text()
    assert re.search(
        rf"^/{lang}/\*\s+/{lang}/404.html\s+404$",
        (DEPLOY / "_redirects").read_text(),
        re.M,
    )
    assert "(en|ru|az)" in (DEPLOY / "nginx.conf").read_text()


def test_redirect_include_points_are_marked():
    assert (
        "include /etc/nginx/rtcm-redirects/*.map;"
        in (DEPLOY / "nginx.conf").read_text()
    )
    for name in (".htaccess", "_redirects"):
        assert "Moodle redirects (issue 6) go here" in (DEPLOY / name).read_text()
    redirects = (DEPLOY / "_redirects").read_text()
    # Redirect rules must come before the catch-all 404 rules.
    assert redirects.index("Moodle redirects") < redirects.index("/*     /404.html")


def test_workflow_tests_every_push_and_deploys_main_nightly():
    workflow = yaml.safe_load((ROOT / ".github/workflows/site.yml").read_text())
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert {"push", "pull_request", "schedule"} <= set(triggers)
    assert triggers["schedule"][0]["cron"]
    test_steps = [step.get("run", "") for step in workflow["jobs"]["test"]["steps"]]
    assert "bash .ci/run" in test_steps
    for job in ("pages", "rsync", "s3"):
        deploy = workflow["jobs"][job]
        assert deploy["needs"] == "test"
        assert "refs/heads/main" in deploy["if"] and "pull_request" in deploy["if"]
    caches = [
        step["with"]["path"]
        for job in workflow["jobs"].values()
        for step in job["steps"]
        if step.get("uses", "").startswith("actions/cache")
    ]
    assert ".venv" in caches and "cache" in caches
