"""tools/linkcheck.py: broken internal links and fragments fail; external
links are only listed."""

import importlib.util

from conftest import ROOT

_spec = importlib.util.spec_from_file_location(
    "linkcheck", ROOT / "tools" / "linkcheck.py"
)
linkcheck = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(linkcheck)

SITE = "http://example.test"


def write(path, html):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"<!DOCTYPE html><html><body>{html}</body></html>", encoding="utf-8"
    )


def test_broken_links_and_fragments(tmp_path):
    write(
        tmp_path / "en/index.html",
        '<a href="about/">ok</a> <a href="/en/about/#team">ok anchor</a>'
        '<a href="#top" id="top">self</a>'
        f'<a href="{SITE}/en/missing/">broken</a> <a href="/en/about/#nobody">bad</a>'
        '<img src="/media/none.png" alt=""> <a href="https://other.example/">ext</a>'
        '<a href="mailto:info@rtcm.az">mail</a>',
    )
    write(tmp_path / "en/about/index.html", '<h2 id="team">Team</h2>')
    broken, external = linkcheck.check(str(tmp_path), SITE)
    assert [(url, reason) for _, _, url, reason in broken] == [
        (f"{SITE}/en/missing/", "no such file in the build"),
        ("/en/about/#nobody", "no id 'nobody' in the page"),
        ("/media/none.png", "no such file in the build"),
    ]
    assert external == ["https://other.example/"]


def test_exit_status(tmp_path, capsys):
    write(tmp_path / "index.html", '<a href="/en/">x</a>')
    assert linkcheck.main([str(tmp_path), "--site-url", SITE]) == 1
    assert "index.html:1: error: broken link '/en/'" in capsys.readouterr().err
    write(tmp_path / "en/index.html", "")
    assert linkcheck.main([str(tmp_path), "--site-url", SITE]) == 0


def test_the_real_build_has_no_broken_link(site):
    broken, _ = linkcheck.check(str(site.output), site.site_url)
    assert broken == []
