"""The Moodle importer (tools/moodle_import.py) and the redirects it drives
(plugins/site_redirects): unit tests of the splitter, the sanitiser and the
converter, the command's behaviour on a small project, and one round trip —
import the fixtures into a copy of the site, build it, read the output."""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import (
    ROOT,
    SiteRequestHandler,
    Visit,
    copy_project,
    free_port,
    run_pelican,
    serving,
)
from moodle import InputError
from moodle.importer import Report
from moodle.multilang import split_multilang
from moodle.sanitize import audit_html, sanitise_html
from moodle.to_markdown import html_to_markdown, markdown_problems
from moodle.writer import ContentWriter, safe_filename

FIXTURES = Path(__file__).parent / "fixtures" / "moodle"
LANGS = ["en", "ru", "az"]
TOOL = ROOT / "tools" / "moodle_import.py"


# --- Multilang splitting ------------------------------------------------------------


def test_split_three_languages_with_an_empty_russian_block():
    split = split_multilang(
        "{mlang en}Workshop{mlang}{mlang ru}{mlang}{mlang az}Seminar{mlang}",
        LANGS,
        html_field=False,
    )
    assert split.text == {"en": "Workshop", "ru": "", "az": "Seminar"}
    assert split.own == {"en", "az"}
    assert split.problems == []


def test_split_shared_text_several_languages_and_other():
    split = split_multilang(
        "Intro. {mlang en,ru}EN+RU{mlang}{mlang other}Other{mlang} Outro.", LANGS
    )
    assert split.text["en"] == "Intro. EN+RU Outro."
    assert split.text["ru"] == "Intro. EN+RU Outro."
    assert split.text["az"] == "Intro. Other Outro."
    assert split.own == {"en", "ru"}


def test_split_whitespace_case_and_regional_codes():
    split = split_multilang(
        "{ MLANG EN }One{ mlang }{Mlang  ru_RU }Два{mlang}{mlang az-Latn}Üç{MLANG}",
        LANGS,
    )
    assert split.text == {"en": "One", "ru": "Два", "az": "Üç"}


def test_split_reports_broken_markup_without_raising():
    split = split_multilang(
        "{mlang en}open {mlang az}nested{mlang} stray{mlang} end {mlang ru}never closed",
        LANGS,
    )
    assert len(split.problems) == 3
    assert split.text["en"] == "open  stray end "
    assert split.text["ru"] == " stray end never closed"
    assert split.text["az"] == "nested stray end "


def test_split_core_span_syntax():
    split = split_multilang(
        '<p><span lang="en" class="multilang">Hello</span>'
        '<span lang="ru" class="multilang">Привет</span></p><p>Shared</p>',
        LANGS,
    )
    assert split.text["en"] == "<p>Hello</p><p>Shared</p>"
    assert split.text["ru"] == "<p>Привет</p><p>Shared</p>"
    assert split.text["az"] == "<p></p><p>Shared</p>"
    assert split.own == {"en", "ru"}


def test_split_both_syntaxes_in_one_field_and_nested_spans():
    split = split_multilang(
        '{mlang en}<b>E</b>{mlang}<span lang="az" class="multilang">A'
        '<span lang="ru" class="multilang">R</span></span>',
        LANGS,
    )
    assert split.text["en"] == "<b>E</b>"
    assert split.own == {"en", "az"}
    assert any("nested" in problem for problem in split.problems)


def test_span_title_becomes_plain_text():
    split = split_multilang(
        '<span lang="en" class="multilang">R&amp;D</span><span lang="ru" '
        'class="multilang">НИОКР</span>',
        LANGS,
        html_field=False,
    )
    assert split.text["en"] == "R&D"
    assert split.text["ru"] == "НИОКР"


# --- Sanitising and Markdown ---------------------------------------------------------

HOSTILE = (
    '<p onclick="x()">Text<script>alert(1)</script></p><style>p{}</style>'
    '<p><img src="a.png" onerror="alert(2)" alt="a"> <a href="javascript:alert(3)">j</a>'
    ' <a href="https://example.org" style="color:red" class="c">ok</a></p>'
    '<iframe src="https://evil.example.com/x"></iframe>'
    '<iframe src="https://www.youtube-nocookie.com/embed/abc" title="Talk"></iframe>'
)


def test_sanitise_removes_active_content():
    clean = sanitise_html(HOSTILE)
    soup = BeautifulSoup(clean, "lxml")
    assert not soup.find_all(["script", "style"])
    assert "alert" not in clean
    assert all(
        not attr.startswith("on") for tag in soup.find_all(True) for attr in tag.attrs
    )
    assert soup.find("a", string="j").get("href") is None
    assert soup.find("a", string="ok").attrs == {"href": "https://example.org"}
    assert [f["src"] for f in soup.find_all("iframe")] == [
        "https://www.youtube-nocookie.com/embed/abc"
    ]


def test_audit_names_what_is_removed():
    found = "\n".join(audit_html(HOSTILE))
    for word in (
        "<script>",
        "<style>",
        "onclick",
        "onerror",
        "javascript:",
        "evil.example.com",
    ):
        assert word in found


def test_markdown_keeps_text_as_text_and_shifts_headings():
    text = html_to_markdown(
        sanitise_html(
            "<h1>Title</h1><h2>Sub</h2><p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; "
            "<em>x</em></p><p>&nbsp;</p><ul><li>one</li></ul>" + HOSTILE
        )
    )
    assert "## Title" in text and "### Sub" in text
    assert "&lt;script&gt;" in text and "<script" not in text
    assert "[Talk](https://www.youtube.com/watch?v=abc)" in text
    assert "<" not in text.replace("&lt;", "")
    assert markdown_problems(text) == []


def test_markdown_problems_catch_raw_html():
    assert markdown_problems("<script>x</script>\n\n<a href='javascript:x'>a</a>")


def test_safe_filename():
    assert safe_filename("Фото%201.JPG") == "foto-1.jpg"
    assert safe_filename("report (final).PDF") == "report-final.pdf"


# --- The command on a small project ---------------------------------------------------


@pytest.fixture
def project(tmp_path):
    """A minimal copy of the site: settings and empty content folders."""
    shutil.copy2(ROOT / "pelicanconf.py", tmp_path / "pelicanconf.py")
    for folder in ("posts", "pages", "media"):
        (tmp_path / "content" / folder).mkdir(parents=True)
    return tmp_path


def run_tool(project, *args):
    return subprocess.run(
        [sys.executable, str(TOOL), *map(str, args), "--project", str(project)],
        capture_output=True,
        text=True,
        check=False,
    )


def import_posts(project, *extra):
    return run_tool(
        project,
        "posts",
        FIXTURES / "mdl_post.csv",
        "--tags",
        FIXTURES / "mdl_tags.csv",
        "--files",
        FIXTURES / "files",
        *extra,
    )


def snapshot(folder):
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_help():
    result = subprocess.run(
        [sys.executable, str(TOOL), "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert "--dry-run" in result.stdout and "--force" in result.stdout


def test_dry_run_writes_nothing(project):
    before = snapshot(project / "content")
    result = import_posts(project, "--dry-run")
    assert result.returncode == 0, result.stderr
    assert (
        "would write posts/workshop-on-roadmap-for-the-establishment-of-a-rtcm.ru.md"
        in result.stdout
    )
    assert "dry run" in result.stdout
    assert snapshot(project / "content") == before


def test_import_writes_languages_with_a_title(project):
    result = import_posts(project)
    assert result.returncode == 0, result.stderr
    posts = project / "content" / "posts"
    assert sorted(p.name for p in posts.glob("first-regional-online-training.*")) == [
        "first-regional-online-training.az.md",
        "first-regional-online-training.en.md",
    ]
    assert "ru: no title of its own" in result.stdout
    # mdl_post rows of other modules are not blog entries.
    assert "teacher" not in " ".join(p.read_text() for p in posts.glob("*.md"))


def test_front_matter(project):
    import_posts(project)
    text = (
        project / "content/posts/"
        "workshop-on-roadmap-for-the-establishment-of-a-rtcm.ru.md"
    ).read_text()
    head, body = text.split("\n\n", 1)
    assert head.splitlines() == [
        "Title: Семинар по дорожной карте создания РУЦМ",
        "Date: 2021-11-10 18:00",  # 1636552800 = 14:00 UTC, Baku is UTC+4
        "Category: news",
        "Tags: дорожная карта",
        "Summary: 10 ноября 2021 года Государственная миграционная служба и МОМ "
        "провели семинар по дорожной карте центра.",
        # The content model's order, which the browser editor writes too.
        "Modified: 2021-11-11 18:00",
    ]
    assert "## Дальнейшие шаги" in body
    assert "{static}/media/moodle/posts/7/workshop-photo.jpg" in body


def test_draft_and_files(project):
    result = import_posts(project)
    draft = (project / "content/posts/draft-annual-report.en.md").read_text()
    assert "Status: draft" in draft
    copied = project / "content/media/moodle/posts/7/workshop-photo.jpg"
    assert (
        copied.read_bytes()
        == (FIXTURES / "files/posts/7/Workshop photo.JPG").read_bytes()
    )
    hostile = (
        project / "content/posts/first-regional-online-training.en.md"
    ).read_text()
    assert "programme (PDF)" in hostile and "pluginfile" not in hostile
    assert "{static}" not in hostile
    assert "missing file 'programme.pdf'" in result.stdout


def test_rerun_changes_nothing_and_keeps_slugs(project):
    import_posts(project)
    before = snapshot(project / "content")
    result = import_posts(project)
    assert result.returncode == 0
    assert snapshot(project / "content") == before
    assert "update content/moodle-redirects.json" not in result.stdout
    mapping = json.loads((project / "content/moodle-redirects.json").read_text())
    assert mapping["posts"]["10"] == {
        "slug": "first-regional-online-training",
        "langs": ["en", "az"],
    }


def test_never_overwrites_without_force(project):
    import_posts(project)
    path = project / "content/posts/first-regional-online-training.en.md"
    path.write_text("edited by hand\n")
    result = import_posts(project)
    assert "skip posts/first-regional-online-training.en.md" in result.stdout
    assert path.read_text() == "edited by hand\n"
    import_posts(project, "--force")
    assert path.read_text().startswith("Title: First regional online training")


def test_slug_collision_gets_the_moodle_id(project):
    (project / "content/posts/first-regional-online-training.en.md").write_text("x\n")
    import_posts(project)
    assert (project / "content/posts/first-regional-online-training-10.az.md").is_file()


def test_unreadable_input_names_the_row(project, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("id,module,subject,summary,created\n1,blog,A,<p>a</p>,yesterday\n")
    result = run_tool(project, "posts", bad)
    assert result.returncode == 1
    assert "bad.csv row 1" in result.stderr and "'created'" in result.stderr
    missing = run_tool(project, "posts", tmp_path / "nope.json")
    assert missing.returncode == 1 and "nope.json" in missing.stderr
    broken = tmp_path / "broken.json"
    broken.write_text("[{")
    assert run_tool(project, "posts", broken).returncode == 1


@pytest.mark.parametrize(
    "kind, key, entry",
    [
        ("posts", "10", {"slug": "../../evil"}),
        ("posts", "10", {"slug": "../pages/about"}),
        ("posts", "10", {"slug": "/tmp/evil"}),
        ("posts", "10", {"slug": "a/b"}),
        ("posts", "10", {"slug": "..\\evil"}),
        ("posts", "10", {"slug": ""}),
        ("posts", "10", {"slug": 7}),
        ("posts", "10", {"slug": "Upper-Case"}),
        ("posts", "10", {"langs": ["en"]}),
        ("posts", "10", "first-regional-online-training"),
        ("posts", "../10", {"slug": "fine"}),
        ("pages", "3", {"slug": "../../../evil"}),
    ],
)
def test_a_mapping_edited_by_hand_cannot_send_files_elsewhere(
    project, tmp_path, kind, key, entry
):
    """The id -> slug mapping names the files an import writes: a mapping
    that `make check` refuses stops the import before anything is written,
    with the check's own messages."""
    mapping = project / "content" / "moodle-redirects.json"
    mapping.write_text(json.dumps({"posts": {}, "pages": {}, kind: {key: entry}}))
    before = snapshot(tmp_path)
    source = FIXTURES / ("mdl_page.csv" if kind == "pages" else "mdl_post.csv")
    for extra in ([], ["--dry-run"], ["--force"]):
        result = run_tool(project, kind, source, *extra)
        assert result.returncode == 1, result.stdout
        # The same words as `make check` (site_content.redirects), file and line.
        assert re.search(r"moodle-redirects\.json:\d+: error: ", result.stderr)
        assert "nothing was imported" in result.stderr
        assert snapshot(tmp_path) == before


@pytest.mark.parametrize(
    "relative", ["../outside.md", "posts/../../outside.md", "/tmp/outside.md"]
)
def test_the_writer_writes_nothing_outside_the_content_folder(tmp_path, relative):
    content = tmp_path / "site" / "content"
    content.mkdir(parents=True)
    writer = ContentWriter(content)
    with pytest.raises(InputError, match="outside the content folder"):
        writer.write(relative, b"x", Report("posts", 1))
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == []


# --- Round trip: import into a copy of the site, build it -----------------------------


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    project = tmp_path_factory.mktemp("migrated")
    copy_project(project)
    for args in (
        [
            "posts",
            FIXTURES / "mdl_post.csv",
            FIXTURES / "mdl_post.json",
            FIXTURES / "blog_entry_30.html",
            "--tags",
            FIXTURES / "mdl_tags.csv",
            "--files",
            FIXTURES / "files",
        ],
        [
            "pages",
            FIXTURES / "mdl_page.csv",
            "--files",
            FIXTURES / "files",
            "--course-path",
            "/course/RTCM/page",
        ],
    ):
        result = run_tool(project, *args)
        assert result.returncode == 0, result.stdout + result.stderr
    site_url = f"http://127.0.0.1:{free_port()}"
    result = run_pelican(project, site_url)
    assert result.returncode == 0, (result.stdout + result.stderr)[-5000:]
    return project / "output", site_url


def soup_of(output, relative):
    return BeautifulSoup((output / relative).read_text(encoding="utf-8"), "lxml")


@pytest.mark.parametrize(
    "lang, title",
    [
        ("en", "Workshop on Roadmap for the establishment of a RTCM"),
        ("ru", "Семинар по дорожной карте создания РУЦМ"),
        ("az", "RTM yaradılması ilə bağlı Yol Xəritəsinin hazırlanması üzrə seminar"),
    ],
)
def test_round_trip_post_in_every_language(migrated, lang, title):
    output, site_url = migrated
    soup = soup_of(
        output,
        f"{lang}/news/workshop-on-roadmap-for-the-establishment-of-a-rtcm/index.html",
    )
    assert soup.h1.get_text(strip=True) == title
    assert soup.select_one(".notice") is None
    # The imported photo went through the image pipeline (plugins/site_images):
    # a <picture> of its variants, and a clean copy at its own address.
    image = soup.select_one(".entry__body picture img")
    assert image["src"].startswith(f"{site_url}/images/workshop-photo-")
    assert image["width"] and image["height"]
    assert (output / "media/moodle/posts/7/workshop-photo.jpg").is_file()


def test_round_trip_missing_russian_falls_back(migrated):
    output, _ = migrated
    soup = soup_of(output, "ru/news/first-regional-online-training/index.html")
    assert soup.html["lang"] == "ru"
    assert soup.select_one(".notice") is not None
    assert soup.select_one("article")["lang"] == "en"
    assert soup.h1.get_text(strip=True) == "First regional online training"
    page = soup_of(output, "ru/contacts-of-the-old-site/index.html")
    assert page.select_one(".notice") is not None


def test_round_trip_escaping_and_no_active_content(migrated):
    output, _ = migrated
    soup = soup_of(output, "en/news/research-alert1-on-migration-2/index.html")
    assert soup.h1.get_text() == 'Research & alert(1) on "migration": <3 > 2'
    assert soup.h1.find(True) is None
    body = soup.select_one(".entry__body")
    assert "<script>alert(1)</script> stays text" in body.get_text()
    for name in (
        "en/news/first-regional-online-training/index.html",
        "en/news/research-alert1-on-migration-2/index.html",
    ):
        page = soup_of(output, name)
        assert all(
            script.get("src")
            for script in page.find_all("script")
            if script.get("type") != "application/ld+json"
        )
        assert not page.select(".entry__body iframe, .entry__body style")
        assert all(
            not attr.startswith("on")
            for tag in page.find_all(True)
            for attr in tag.attrs
        )
        assert "javascript:" not in str(page.select_one(".entry__body"))


def test_round_trip_drafts_and_missing_files(migrated):
    output, _ = migrated
    assert not (output / "en/news/draft-annual-report").exists()
    text = (output / "en/news/first-regional-online-training/index.html").read_text()
    assert "{static}" not in text and "pluginfile" not in text


def test_round_trip_nginx_map(migrated):
    output, _ = migrated
    conf = (output / "redirects/nginx-moodle-map.conf").read_text()
    assert (
        '"7:ru" /ru/news/workshop-on-roadmap-for-the-establishment-of-a-rtcm/;' in conf
    )
    assert '"~^10:" /en/news/first-regional-online-training/;' in conf
    assert '"42:ru" /ru/about-the-old-centre/;' in conf  # ?id= is the cmid
    assert '"3:az" /az/about-the-old-centre/;' in conf  # ?p= is the page id
    assert "12:" not in conf  # the draft has no redirect
    locations = (output / "redirects/nginx-moodle-locations.conf").read_text()
    assert "location = /blog/index.php {" in locations
    assert "location ^~ /course/RTCM/page/ {" in locations
    apache = (output / "redirects/apache-moodle.conf").read_text()
    assert (
        "RewriteRule ^/?blog/(?:index\\.php)?$ "
        "/en/news/first-regional-online-training/? [R=301,L]"
    ) in apache


def test_round_trip_json_map(migrated):
    output, site_url = migrated
    data = json.loads((output / "redirects/moodle.json").read_text())
    assert data["root"] == site_url
    assert data["posts"]["10"]["default"] == "/en/news/first-regional-online-training/"
    assert data["posts"]["10"]["ru"] == "/ru/news/first-regional-online-training/"
    assert data["cmids"]["42"]["ru"] == "/ru/about-the-old-centre/"
    assert (
        data["paths"]["/course/RTCM/page/42-about-the-old-centre"]["default"]
        == "/en/about-the-old-centre/"
    )


@pytest.mark.parametrize(
    "name, param",
    [
        ("blog/index.php", "entryid:id"),
        ("blog/index.html", "entryid:id"),
        ("mod/page/view.php", "id:cmid p:id"),
    ],
)
def test_round_trip_static_fallback_pages(migrated, name, param):
    output, site_url = migrated
    soup = soup_of(output, name)
    main = soup.select_one("[data-moodle-redirect]")
    assert main["data-params"] == param
    assert main["data-langs"] == "en ru az"
    [script] = soup.find_all("script")
    # The theme's file by its fingerprinted name, as a publish build writes it.
    assert re.fullmatch(
        rf"{site_url}/theme/js/moodle_redirect\.[0-9a-f]{{10}}\.js", script["src"]
    )
    for url in [script["src"], *(link["href"] for link in soup.select("link[href]"))]:
        assert (output / url[len(site_url) + 1 :]).is_file(), url
    assert soup.select_one('meta[name="robots"]')["content"] == "noindex"
    links = main.select("a[data-path]")
    assert links, "the page lists the links for readers without scripts"
    for link in links:
        assert (output / link["href"][len(site_url) + 1 :] / "index.html").is_file()
    if name.startswith("mod/"):
        link = main.select_one('a[data-moodle-cmid="42"]')
        assert (
            link["data-moodle-id"] == "3"
            and link["data-path"] == "about-the-old-centre/"
        )
    else:
        assert (
            main.select_one('a[data-moodle-id="30"]')["href"]
            == f"{site_url}/en/news/network-of-experts-meets-in-baku/"
        )


def test_round_trip_old_page_path(migrated):
    output, site_url = migrated
    soup = soup_of(output, "course/RTCM/page/42-about-the-old-centre/index.html")
    assert (
        soup.select_one('link[rel="canonical"]')["href"]
        == f"{site_url}/en/about-the-old-centre/"
    )
    assert soup.select_one("[data-moodle-redirect]")["data-params"] == ""
    russian = soup.select_one('a[hreflang="ru"]')
    assert russian["href"] == f"{site_url}/ru/about-the-old-centre/"
    assert (
        soup.select_one("p.chooser__lead[lang=ru]").get_text()
        == "Теперь эта страница находится по новому адресу:"
    )


class OldSiteHandler(SiteRequestHandler):
    """The build served as a host serves it: the old addresses ending in .php
    are HTML pages (`default_type text/html` in the generated nginx
    locations)."""

    extensions_map = {**SiteRequestHandler.extensions_map, ".php": "text/html"}


@pytest.fixture(scope="module")
def old_site(migrated, browser):
    """A browser on the migrated build, served on its own address; yields
    (Visit, the redirect data the build wrote in redirects/moodle.json)."""
    output, site_url = migrated
    data = json.loads((output / "redirects/moodle.json").read_text())
    with serving(output, site_url, OldSiteHandler):
        visit = Visit(browser, site_url)
        yield visit, data
        visit.close()


def old_addresses(data):
    """(old address, new path) of every entry the redirect data knows, as
    moodle_redirect.js must resolve it: the default language, then each
    language by ?lang= (regional forms and case included) for one entry of
    each kind."""
    kinds = [
        ("posts", "/blog/index.php?entryid={}"),
        ("posts", "/blog/?entryid={}"),
        ("cmids", "/mod/page/view.php?id={}"),
        ("pages", "/mod/page/view.php?p={}"),
        ("paths", "{}"),
    ]
    cases = []
    for kind, pattern in kinds:
        for key, targets in sorted(data[kind].items()):
            cases.append((pattern.format(key), targets["default"]))
        key, targets = sorted(data[kind].items())[0]
        joiner = "?" if kind == "paths" else "&"
        for lang, written in [("ru", "ru"), ("az", "AZ-az"), ("en", "en_GB")]:
            cases.append(
                (pattern.format(key) + f"{joiner}lang={written}", targets[lang])
            )
        cases.append((pattern.format(key) + f"{joiner}lang=de", targets["default"]))
    return cases


def test_redirect_script_sends_old_addresses_on(old_site):
    """moodle_redirect.js in Chromium: each old address ends on the page
    the server-side maps send it to."""
    visit, data = old_site
    cases = old_addresses(data)
    assert len(cases) >= 20
    for old, new in cases:
        visit.page.goto(old)
        visit.page.wait_for_url(visit.base_url + new, timeout=5000)
        assert visit.page.locator("h1").count() == 1, old
    assert visit.errors == []


def test_redirect_page_loads_its_script_and_style(old_site):
    visit, _ = old_site
    page = visit.new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto("/blog/index.php")
    page.wait_for_load_state("networkidle")
    loaded = {
        r.request.resource_type: r.status
        for r in responses
        if r.request.resource_type in ("script", "stylesheet")
    }
    assert loaded == {"script": 200, "stylesheet": 200}
    page.close()
    assert visit.errors == []


@pytest.mark.parametrize(
    "old",
    [
        "/blog/index.php?entryid=99999",
        "/mod/page/view.php?id=1x&lang=ru",
        "/mod/page/view.php?p=99999",
    ],
)
def test_redirect_script_stays_and_explains_an_unknown_entry(old_site, old):
    visit, _ = old_site
    visit.page.goto(old)
    visit.page.wait_for_load_state("networkidle")
    assert visit.page.url == visit.base_url + old
    assert visit.page.locator("[data-moodle-unknown]").is_visible()
    assert visit.page.locator("a[data-path]").count() > 0  # the way on by hand
    assert visit.errors == []


def test_redirect_page_without_a_known_query_lists_the_entries(old_site):
    visit, _ = old_site
    visit.page.goto("/blog/index.php")
    visit.page.wait_for_load_state("networkidle")
    assert visit.page.url == visit.base_url + "/blog/index.php"
    assert not visit.page.locator("[data-moodle-unknown]").is_visible()


def test_request_uri_map_matches_old_addresses(migrated):
    """The lines for deploy/nginx.conf's `map $request_uri`, tried in order
    as nginx does (Python's re reads these patterns as PCRE does)."""
    import re

    output, _ = migrated
    rows = re.findall(
        r'^"~(.*)" (\S+);$', (output / "redirects/moodle.map").read_text(), re.M
    )
    assert rows

    def target(uri):
        return next((new for pattern, new in rows if re.search(pattern, uri)), None)

    news = "/news/first-regional-online-training/"
    assert target("/blog/index.php?entryid=10") == "/en" + news
    assert target("/blog/?lang=ru&entryid=10") == "/ru" + news
    assert target("/blog/index.php?entryid=100") is None
    assert target("/mod/page/view.php?id=42&lang=az") == "/az/about-the-old-centre/"
    assert target("/mod/page/view.php?p=3") == "/en/about-the-old-centre/"
    assert (
        target("/course/RTCM/page/42-about-the-old-centre?lang=ru")
        == "/ru/about-the-old-centre/"
    )
    assert target("/course/RTCM/page/420") is None
