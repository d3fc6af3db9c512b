"""The Moodle redirect data, content/moodle-redirects.json
(plugins/site_content/redirects.py), and what the build makes of it.

A corpus of bad files, each reported by `make check` with the exact
message, file and line (the infrastructure of test_check.py); builds that
must refuse hostile data and write nothing outside output/, even with the
check turned off; and the server configs generated from the nastiest valid
data, run through a real `nginx -t` (and a real nginx for a few requests).
"""

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import free_port, run_pelican
from deploy_support import require_program, throwaway_certificate, wait_for_port
from site_content.redirects import (
    Redirect,
    RedirectDataError,
    load_redirects,
    validate_redirects,
)
from site_redirects.configs import (
    ConfigValueError,
    regex_literal,
    render_apache,
    render_nginx,
    render_request_uri_map,
)
from site_redirects.site_redirects import UnsafeOutputPath, confined_path, write_files
from test_check import Case, base, make_case, run_check  # noqa: F401 - `base` is a fixture
from test_deploy_nginx import BROTLI_MODULE, SHIPPED, Nginx, local_config, wrapper

ROOT = Path(__file__).resolve().parents[1]
MAP = "moodle-redirects.json"
POST = "rtcm-memorandum-2023"  # a post slug no page has
POSTS = [
    "first-online-training-2021",
    "roadmap-workshop-2021",
    "rtcm-memorandum-2023",
    "training-of-trainers-2022",
    "network-of-experts-workshop-2022",
]
PAGES = ["about", "contact", "partners", "privacy", "accessibility", "library"]


def pages(value, *, key='"paths"', entry='"3"'):
    """A map whose line 4 holds `key`: `value` of page `entry`."""
    return (
        "{\n"
        '  "pages": {\n'
        f'    {entry}: {{"slug": "about", "cmid": 42,\n'
        f"      {key}: {value}}}\n"
        "  }\n"
        "}\n"
    )


def path(old):
    """A map whose line 4 lists the one old address `old`."""
    return pages(json.dumps([old], ensure_ascii=False))


def case(case_id, text, line, message):
    return Case(case_id, {MAP: text}, MAP, line, message)


CASES = [
    # --- addresses that reach outside output/ or over the site's own pages --
    case(
        "dot-dot",
        path("/../content/posts/"),
        4,
        "the old address '/../content/posts/' has a '..' part",
    ),
    case(
        "dot",
        path("/course/./page"),
        4,
        "the old address '/course/./page' has a '.' part",
    ),
    case(
        "language-home",
        path("/en/"),
        4,
        "the old address '/en/' is inside /en/, which belongs to the new site",
    ),
    case(
        "language-page",
        path("/ru/about/"),
        4,
        "the old address '/ru/about/' is inside /ru/, which belongs to the new site",
    ),
    case(
        "case-folded-language",
        path("/AZ/x"),
        4,
        "the old address '/AZ/x' is inside /AZ/, which belongs to the new site",
    ),
    case(
        "theme",
        path("/theme/css/site.css"),
        4,
        "the old address '/theme/css/site.css' is inside /theme/, which belongs to "
        "the new site",
    ),
    case("root", path("/"), 4, "the old address '/' is the new site's home page"),
    case(
        "root-index",
        path("/index.html"),
        4,
        "the old address '/index.html' is the new site's home page",
    ),
    case(
        "sitemap",
        path("/sitemap-en.xml"),
        4,
        "the old address '/sitemap-en.xml' is the new site's sitemap",
    ),
    case(
        "id-page",
        path("/blog/index.php"),
        4,
        "the old address '/blog/index.php' is redirected from the Moodle ids already",
    ),
    case(
        "under-id-page",
        path("/mod/page/view.php/7"),
        4,
        "the old address '/mod/page/view.php/7' is redirected from the Moodle ids "
        "already",
    ),
    case(
        "empty-part",
        path("/course//page"),
        4,
        "the old address '/course//page' has an empty part ('//')",
    ),
    case(
        "hidden",
        path("/.git/config"),
        4,
        "the old address '/.git/config' has a part that starts with '.'",
    ),
    case(
        "relative",
        path("course/page"),
        4,
        "the old address 'course/page' does not start with '/'",
    ),
    # --- characters that could end a string or a line in a server config ---
    case(
        "newline",
        path("/old\npage"),
        4,
        "the old address '/old\\npage' contains a line break",
    ),
    case(
        "quote",
        path('/old"page'),
        4,
        "the old address '/old\"page' contains a double quote (\")",
    ),
    case(
        "semicolon",
        path("/old;return"),
        4,
        "the old address '/old;return' contains ';'",
    ),
    case("brace", path("/old{page}"), 4, "the old address '/old{page}' contains '{'"),
    case("space", path("/old page"), 4, "the old address '/old page' contains a space"),
    case("dollar", path("/old$uri"), 4, "the old address '/old$uri' contains '$'"),
    case(
        "backslash",
        path("/old\\page"),
        4,
        "the old address '/old\\page' contains a backslash (\\)",
    ),
    case(
        "control",
        path("/old\x00page"),
        4,
        "the old address '/old\\u0000page' contains an invisible character (U+0000)",
    ),
    case(
        "query",
        path("/course/view.php?id=7"),
        4,
        "the old address '/course/view.php?id=7' has a query ('?')",
    ),
    case(
        "fragment",
        path("/course/page#top"),
        4,
        "the old address '/course/page#top' has a fragment ('#')",
    ),
    case(
        "escaped-dot",
        path("/course/%2E%2E/x"),
        4,
        "the old address '/course/%2E%2E/x' contains '%2E', an escaped '.'",
    ),
    case(
        "escaped-newline",
        path("/course/%0A"),
        4,
        "the old address '/course/%0A' contains '%0A', an escaped '\\n'",
    ),
    case(
        "bad-escape",
        path("/course/%zz"),
        4,
        "the old address '/course/%zz' has a '%' without two hexadecimal digits "
        "after it",
    ),
    case(
        "not-utf8-escape",
        path("/course/%FF"),
        4,
        "the %-escapes of the old address '/course/%FF' do not spell UTF-8 text",
    ),
    case(
        "raw-cyrillic",
        path("/курс"),
        4,
        "the old address '/курс' contains 'к' as it is",
    ),
    case(
        "invisible-escape",
        path("/course/%E2%80%AE"),
        4,
        "the old address '/course/%E2%80%AE' contains an invisible character (U+202E)",
    ),
    case(
        "too-long",
        path("/" + "a" * 600),
        4,
        "the old address '/" + "a" * 78 + "…' is 601 characters long; at most 500 "
        "are allowed",
    ),
    # --- ids, keys and types ------------------------------------------------
    case("id-not-a-number", pages("[]", entry='"12a"'), 3, "'12a' is not a Moodle id"),
    case("id-negative", pages("[]", entry='"-3"'), 3, "'-3' is not a Moodle id"),
    case("id-zero-padded", pages("[]", entry='"012"'), 3, "'012' is not a Moodle id"),
    case(
        "cmid-text",
        pages('"42"', key='"cmid"'),
        4,
        "'cmid' of page 3 must be a whole number or null, not the text \"42\"",
    ),
    case(
        "cmid-negative",
        pages("-1", key='"cmid"'),
        4,
        "'cmid' of page 3 must be a whole number or null, not -1",
    ),
    case(
        "unknown-key",
        pages('"About"', key='"title"'),
        4,
        "unknown key 'title' in page 3",
    ),
    case(
        "misspelt-key",
        pages('"about"', key='"slgu"'),
        4,
        "unknown key 'slgu' in page 3",
    ),
    case(
        "cmid-on-post",
        '{"posts": {\n  "12": {"slug": "' + POST + '",\n    "cmid": 4}}}\n',
        3,
        "unknown key 'cmid' in post 12",
    ),
    case(
        "unknown-top-key",
        '{\n  "pages": {},\n  "redirects": []\n}\n',
        3,
        "unknown key 'redirects' in the file",
    ),
    case(
        "paths-not-a-list",
        pages('"/course/page"'),
        4,
        "'paths' of page 3 must be a list of old addresses in [ ]",
    ),
    case(
        "path-not-text",
        pages("[42]"),
        4,
        "an old address of page 3 is not a text in double quotes",
    ),
    case(
        "langs-unknown",
        pages('["en", "tr"]', key='"langs"'),
        4,
        "'langs' of page 3 must list languages of the site, each once",
    ),
    case(
        "slug-missing",
        '{"posts": {\n  "12": {"langs": ["en"]}}}\n',
        2,
        "post 12 has no 'slug'",
    ),
    case(
        "slug-not-a-slug",
        '{"posts": {\n  "12": {"slug": "Roadmap Workshop"}}}\n',
        2,
        "the slug of post 12 is 'Roadmap Workshop'; a slug may only use a-z, 0-9 "
        "and '-'",
    ),
    case(
        "unknown-slug",
        '{"posts": {\n  "12": {"slug": "no-such-post"}}}\n',
        2,
        "post 12 points to 'no-such-post', but there is no no-such-post.<lang>.md in "
        "content/posts/",
    ),
    case(
        "slug-of-a-post-for-a-page",
        '{"pages": {\n  "3": {"slug": "' + POST + '"}}}\n',
        2,
        f"page 3 points to '{POST}', which is a post (content/posts/{POST}.en.md), "
        "not a page",
    ),
    case(
        "slug-of-a-page-for-a-post",
        '{"posts": {\n  "12": {"slug": "about"}}}\n',
        2,
        "post 12 points to 'about', which is a page (content/pages/about.en.md), not "
        "a post",
    ),
    # --- duplicates -----------------------------------------------------------
    case(
        "duplicate-path",
        pages('[\n        "/course/page/7-a",\n        "/course/page/7-a"]'),
        6,
        "the old address '/course/page/7-a' is given twice (also on line 5)",
    ),
    case(
        "same-numbered-path",
        pages('[\n        "/course/page/7-a",\n        "/course/page/7-b/"]'),
        6,
        "the old address '/course/page/7-b/' is the same as '/course/page/7-a' on "
        "line 5",
    ),
    case(
        "duplicate-path-across-entries",
        '{"pages": {\n  "3": {"slug": "about", "paths": ["/old/about"]},\n'
        '  "4": {"slug": "contact", "paths": ["/OLD/About/"]}}}\n',
        3,
        "the old address '/OLD/About/' is the same as '/old/about' on line 2",
    ),
    case(
        "duplicate-cmid",
        '{"pages": {\n  "3": {"slug": "about", "cmid": 42},\n'
        '  "4": {"slug": "contact", "cmid": 42}}}\n',
        3,
        "page 4 has the same cmid 42 as page 3 (line 2)",
    ),
    case(
        "duplicate-key",
        '{"posts": {\n  "12": {"slug": "' + POST + '"},\n'
        '  "12": {"slug": "' + POST + '"}}}\n',
        3,
        "'12' is given twice here (also on line 2); only the last one counts",
    ),
    # --- the file itself -----------------------------------------------------
    case(
        "invalid-json",
        '{\n  "pages": {\n    "3": {"slug": "about"}\n    "4": {}\n  }\n}\n',
        4,
        "the file is not valid JSON at line 4, column 5: a ',' is missing here",
    ),
    case(
        "trailing-comma",
        '{\n  "pages": {\n    "3": {"slug": "about"},\n  }\n}\n',
        4,
        "the file is not valid JSON at line 4, column 3: a name in double quotes is "
        "expected here (or there is a ',' too many)",
    ),
    case(
        "not-an-object",
        '[\n  "/old"\n]\n',
        1,
        'the file must hold one object {…} with "posts" and "pages"',
    ),
    case(
        "bom",
        "\ufeff{}\n",
        1,
        "the file is not valid JSON at line 1, column 1: the "
        "file starts with an invisible byte-order mark (BOM)",
    ),
    Case(
        "not-utf8",
        {MAP: b'{"about":\n "caf\xe9"}\n'},
        MAP,
        2,
        "the file is not UTF-8 text (byte 0xE9 on line 2)",
    ),
]


def digest(folder, skip=("output", "cache", "__pycache__")):
    """{relative path: sha256 or link target}, not following links."""
    found = {}
    for directory, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if d not in skip]
        for name in dirs + files:
            full = os.path.join(directory, name)
            relative = os.path.relpath(full, folder)
            if os.path.islink(full):
                found[relative] = "link:" + os.readlink(full)
            elif name in files:
                with open(full, "rb") as f:
                    found[relative] = hashlib.sha256(f.read()).hexdigest()
    return found


def test_corpus_is_large_enough():
    assert len(CASES) >= 15
    assert len({c.id for c in CASES}) == len(CASES)


@pytest.mark.parametrize("bad", CASES, ids=[c.id for c in CASES])
def test_bad_redirect_data_is_reported(bad, base, tmp_path, capsys, monkeypatch):  # noqa: F811
    content = make_case(base, tmp_path, bad)
    before = digest(content)
    monkeypatch.chdir(tmp_path)
    code, lines, summary = run_check(tmp_path, capsys)
    expected = f"content/{bad.path}:{bad.line}: error: {bad.message} (hint: "
    assert any(line.startswith(expected) for line in lines), "\n".join(lines)
    assert code == 1, "\n".join(lines)
    assert "error(s)" in summary
    assert not any("\r" in line or "\x00" in line for line in lines)
    assert digest(content) == before


def test_no_file_and_the_real_file_have_no_problems(tmp_path):
    from check_content import load_settings

    settings = load_settings(str(ROOT / "pelicanconf.py"))
    assert validate_redirects(str(tmp_path / MAP), settings) == []
    assert load_redirects(str(tmp_path / MAP), settings) == {"posts": {}, "pages": {}}
    assert validate_redirects(os.path.join(settings["PATH"], MAP), settings) == []


# --- load_redirects, the writer and the renderers (no build) -----------------


@pytest.fixture
def settings():
    from check_content import load_settings

    return load_settings(str(ROOT / "pelicanconf.py"))


def test_load_gives_typed_entries(settings, tmp_path):
    data = tmp_path / MAP
    data.write_text(
        json.dumps(
            {
                "about": "x",
                "posts": {"12": {"slug": POST}},
                "pages": {
                    "3": {
                        "slug": "about",
                        "cmid": 42,
                        "langs": ["en"],
                        "paths": ["/course/%D0%BA/page/42-about"],
                    }
                },
            }
        )
    )
    assert load_redirects(str(data), settings) == {
        "posts": {12: Redirect("posts", 12, POST)},
        "pages": {
            3: Redirect(
                "pages", 3, "about", 42, ("en",), ("/course/%D0%BA/page/42-about",)
            )
        },
    }


def test_load_refuses_bad_data_with_every_problem(settings, tmp_path):
    data = tmp_path / MAP
    data.write_text(path("/../content/posts/").replace('"cmid": 42', '"cmid": "42"'))
    with pytest.raises(RedirectDataError) as raised:
        load_redirects(str(data), settings)
    assert len(raised.value.problems) == 2
    assert (
        f"{data}:4: error: the old address '/../content/posts/' has a '..' part"
        in str(raised.value)
    )


@pytest.mark.parametrize(
    "hostile",
    [
        "../outside.txt",
        "../../outside.txt",
        "a/../../outside.txt",
        "/tmp/outside.txt",
        "",
        "link/outside.txt",
    ],
)
def test_writer_stays_inside_the_output_folder(tmp_path, hostile):
    root = tmp_path / "output"
    root.mkdir()
    (tmp_path / "elsewhere").mkdir()
    (root / "link").symlink_to(tmp_path / "elsewhere")
    before = digest(tmp_path, skip=())
    with pytest.raises(UnsafeOutputPath) as raised:
        write_files(
            str(root), {"fine/index.html": "ok", hostile: "x"}, "content/map.json"
        )
    assert "content/map.json" in str(raised.value)
    assert digest(tmp_path, skip=()) == before  # not even the fine file
    assert confined_path(str(root), "a/b/index.html", "m") == str(
        root.resolve() / "a/b/index.html"
    )


HOSTILE_VALUES = [
    '/a"b',
    "/a\nreturn 200;",
    "/a;b",
    "/a{b}",
    "/a b",
    "/a$uri",
    "/a\\",
    '/a\\"',
    "/a'b",
    "/a#b",
    "/a\tb",
    "/x/%22;/y",
]


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_renderers_never_let_a_value_out(value):
    """Defence in depth: unvalidated old addresses are escaped or refused."""
    entry = {
        "kind": "pages",
        "id": 3,
        "cmid": 42,
        "paths": [value],
        "url": "about/",
        "targets": {
            "en": "/en/about/",
            "ru": "/ru/about/",
            "az": "/az/about/",
            "default": "/en/about/",
        },
    }
    languages = ["en", "ru", "az"]
    try:
        maps, locations = render_nginx([entry], languages)
        uri_map = render_request_uri_map([entry], languages)
        apache = render_apache([entry], languages)
    except (ConfigValueError, UnicodeDecodeError):
        return
    for line in (maps + uri_map).splitlines():
        assert (
            line == ""
            or line.startswith(("#", "map ", "}", '    default "";'))
            or re.fullmatch(r' *"[^"]*" /[a-z]{2}/about/;', line)
        ), line
    for line in locations.splitlines():
        assert (
            line in ("", "}")
            or line.startswith(("#", "    "))
            or re.fullmatch(
                r'location (=|\^~) ("(?:[^"\\]|\\.)*"|[A-Za-z0-9/._~%-]+) \{', line
            )
        ), line
    for line in apache.splitlines():
        words = line.split(" ")
        assert words[0] in ("#", "RewriteEngine", "RewriteCond", "RewriteRule"), line
        assert words[0] != "RewriteRule" or len(words) == 4, line
        assert words[0] != "RewriteCond" or len(words) == 3, line


def test_regex_literal_escapes_everything_special():
    assert (
        regex_literal('a.b"c$d;e{f} g\\h') == r"a\.b\x22c\x24d\x3Be\x7Bf\x7D\x20g\x5Ch"
    )
    assert regex_literal("курс-1_~") == "курс-1_~"
    with pytest.raises(ConfigValueError):
        regex_literal("a\u202eb")


@pytest.mark.parametrize("bad_target", ["/en/a;b/", "/en/$x/", "/en/a b/", '/en/"/'])
def test_targets_are_plain_ascii(bad_target):
    entry = {
        "kind": "posts",
        "id": 3,
        "cmid": None,
        "paths": [],
        "url": "x/",
        "targets": {"en": bad_target, "default": bad_target},
    }
    with pytest.raises(ConfigValueError):
        render_nginx([entry], ["en"])


# --- Builds ------------------------------------------------------------------

HOSTILE_MAP = json.dumps(
    {
        "pages": {
            "3": {
                "slug": "about",
                "paths": [
                    "/../content/posts/",
                    "/../../outside",
                    "/en/",
                    "/index.html",
                    "/a\nreturn 200;",
                ],
            }
        }
    },
    indent=2,
)


def build(project, *extra):
    env = dict(os.environ, SITEURL="http://127.0.0.1:9", COLUMNS="1000")
    return subprocess.run(
        [sys.executable, "-m", "pelican", "content", "-s", "publishconf.py", *extra],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("fatal", [True, False], ids=["fatal", "not-fatal"])
def test_hostile_map_stops_the_build_before_writing(base, tmp_path, fatal):  # noqa: F811
    project = tmp_path / "project"
    project.mkdir()
    make_case(base, project, Case("hostile", {MAP: HOSTILE_MAP}, MAP, 0, ""))
    before = digest(tmp_path)
    result = build(project, *(["--fatal", "warnings"] if fatal else []))
    log = result.stdout + result.stderr
    assert result.returncode != 0, log
    assert "site_checks: 5 error(s) in the content, nothing was built" in log
    assert (
        f"content/{MAP}:6: error: the old address '/../content/posts/' has a '..' "
        "part" in log
    )
    output = project / "output"
    assert not output.exists() or not list(output.rglob("*.html"))
    assert digest(tmp_path) == before  # content/, the project and beside it


def test_without_the_check_the_plugin_still_refuses(base, tmp_path):  # noqa: F811
    """Defence in depth: site_checks off, load_redirects() stops the build."""
    project = tmp_path / "project"
    project.mkdir()
    make_case(
        base,
        project,
        Case(
            "hostile",
            {MAP: HOSTILE_MAP},
            MAP,
            0,
            "",
            extra_settings='\nPLUGINS = [p for p in PLUGINS if p != "site_checks"]\n',
        ),
    )
    before = digest(tmp_path)
    result = build(project)
    log = result.stdout + result.stderr
    assert result.returncode != 0, log
    assert "site_redirects:" in log and "error(s) in the Moodle redirect data" in log
    assert digest(tmp_path) == before
    assert not (project / "output" / "redirects").exists()


def nastiest_valid_map():
    """Many entries; long addresses, %-escapes in either case, ~ _ . -,
    one-part addresses, a folder both exact and as a numbered prefix."""
    posts = {
        str(n): {"slug": POSTS[n % len(POSTS)], "langs": ["en", "ru", "az"]}
        for n in range(1, 201)
    }
    pages = {}
    for n in range(1, 201):
        paths = [
            f"/course/RTCM/page/{5000 + n}-{PAGES[n % len(PAGES)]}",
            f"/course/%D0%BA%D1%83%D1%80%D1%81/page/{n}-%d0%b0%D0%B1",
            f"/p{n}",
            f"/old_site/{n}/x~y_z.v1.html/",
        ]
        if n <= 5:  # up to 500 characters, parts up to 200 bytes
            long_part = "%D0%B6" * 33 + "-" + "z" * (n * 10)
            rest = 500 - len(f"/long/{long_part}/{'a' * 200}/")
            paths.append(f"/long/{long_part}/{'a' * 200}/{'b' * rest}")
        pages[str(n)] = {
            "slug": PAGES[n % len(PAGES)],
            "cmid": 9_000_000 + n,
            "paths": paths,
        }
    pages["1"]["paths"].append("/course")
    pages["999999999999999999"] = {"slug": "about", "cmid": None, "paths": []}
    return {"about": "nastiest valid data", "posts": posts, "pages": pages}


@pytest.fixture(scope="module")
def nasty(base, tmp_path_factory):  # noqa: F811
    project = tmp_path_factory.mktemp("nasty")
    text = json.dumps(nastiest_valid_map(), ensure_ascii=False, indent=2)
    make_case(base, project, Case("nasty", {MAP: text}, MAP, 0, ""))
    result = run_pelican(project, f"http://127.0.0.1:{free_port()}")
    assert result.returncode == 0, (result.stdout + result.stderr)[-5000:]
    return project


def test_nastiest_valid_map_passes_the_check(nasty, capsys, monkeypatch):
    monkeypatch.chdir(nasty)
    _, lines, _ = run_check(nasty, capsys)
    assert not [line for line in lines if MAP in line]


def test_nastiest_valid_map_builds_its_pages(nasty):
    output = nasty / "output"
    assert len(max(nastiest_valid_map()["pages"]["5"]["paths"], key=len)) == 500
    page = output / "course/курс/page/7-аб/index.html"  # decoded, as hosts look
    assert page.is_file()
    assert (output / "course/index.html").is_file()
    assert not list(output.glob("course/%*"))
    lines = (output / "redirects/moodle.map").read_text().splitlines()
    assert len(lines) > 4000


def nginx_check(tmp, config):
    binary = require_program("nginx", "install it with `apt-get install nginx`")
    conf = tmp / "nginx.conf"
    conf.write_text(config)
    result = subprocess.run(
        [binary, "-t", "-p", str(tmp), "-c", str(conf)],
        capture_output=True,
        text=True,
        check=False,
    )
    return result.returncode, result.stdout + result.stderr


@pytest.fixture(scope="module")
def deploy_config(nasty, tmp_path_factory):
    """deploy/nginx.conf with the generated moodle.map as its only map."""
    tmp = tmp_path_factory.mktemp("nginx-deploy")
    cert, key = throwaway_certificate(tmp)
    redirects = tmp / "redirects"
    redirects.mkdir()
    (redirects / "moodle.map").write_bytes(
        (nasty / "output/redirects/moodle.map").read_bytes()
    )
    brotli = BROTLI_MODULE.is_file()
    ports = free_port(), free_port()
    config = wrapper(
        tmp,
        local_config(
            SHIPPED.read_text(),
            http_port=ports[1],
            https_port=ports[0],
            cert=cert,
            key=key,
            root=nasty / "output",
            redirects=redirects,
            brotli=brotli,
        ),
        brotli,
    )
    return tmp, config, ports, brotli


def test_generated_request_uri_map_passes_nginx_t(deploy_config):
    tmp, config, _, _ = deploy_config
    code, log = nginx_check(tmp, config)
    assert code == 0, log
    assert "test is successful" in log


def test_generated_standalone_files_pass_nginx_t(nasty, tmp_path):
    folder = nasty / "output/redirects"
    server = (
        f"server {{\n    listen 127.0.0.1:{free_port()};\n"
        f"    root {nasty / 'output'};\n"
        f"    include {folder / 'nginx-moodle-locations.conf'};\n}}\n"
    )
    maps = f"include {folder / 'nginx-moodle-map.conf'};\n"
    config = wrapper(tmp_path, maps + server, False)
    code, log = nginx_check(tmp_path, config)
    assert code == 0, log
    assert "test is successful" in log


@pytest.fixture(scope="module")
def live(deploy_config):
    """A real nginx with deploy/nginx.conf and the generated map."""
    tmp, config, (https_port, http_port), brotli = deploy_config
    binary = require_program("nginx", "install it with `apt-get install nginx`")
    conf = tmp / "nginx.conf"
    conf.write_text(config)
    with open(tmp / "stderr.log", "wb") as stderr:
        process = subprocess.Popen(
            [binary, "-p", str(tmp), "-c", str(conf)], stdout=stderr, stderr=stderr
        )
    try:
        if not wait_for_port(https_port, process):
            process.kill()
            pytest.fail("nginx did not start:\n" + (tmp / "stderr.log").read_text())
        yield Nginx(https_port, http_port, None, brotli)
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.mark.parametrize(
    "old, new",
    [
        ("/course/RTCM/page/5007-contact?lang=ru", "/ru/contact/"),
        ("/course/%D0%BA%D1%83%D1%80%D1%81/page/7-%D0%B0%D0%B1", "/en/contact/"),
        ("/course/%d0%ba%d1%83%d1%80%d1%81/page/7-other?lang=az", "/az/contact/"),
        ("/p12/?x=1", "/en/about/"),
        ("/old_site/12/x~y_z.v1.html", "/en/about/"),
        ("/blog/index.php?lang=ru&entryid=7", "/ru/news/rtcm-memorandum-2023/"),
        ("/mod/page/view.php?id=9000012", "/en/about/"),
    ],
)
def test_nginx_redirects_the_nastiest_addresses(live, old, new):
    status, headers, _ = live.get(old)
    assert status == 301, old
    assert headers["location"] == new


# --- The importer writes only valid data --------------------------------------


def test_importer_records_only_valid_old_addresses(tmp_path):
    from check_content import load_settings

    project = tmp_path / "project"
    for folder in ("posts", "pages", "media"):
        (project / "content" / folder).mkdir(parents=True)
    (project / "pelicanconf.py").write_bytes((ROOT / "pelicanconf.py").read_bytes())
    (project / "theme").symlink_to(ROOT / "theme")
    export = tmp_path / "mdl_page.csv"
    export.write_text(
        "id,cmid,name,content,old_path\n"
        '3,42,About,<p>Text.</p>,"/курс/страница/5 /en/about /../x '
        'https://old.example/course/page/9-x /course/page/7?lang=ru"\n'
        '4,0,Contact,<p>Text.</p>,"/course/page/7-contact /a%20b"\n',
        encoding="utf-8",
    )
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "tools/moodle_import.py"),
            "pages",
            str(export),
            "--project",
            str(project),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    data_file = project / "content" / MAP
    mapping = json.loads(data_file.read_text())
    assert mapping["pages"]["3"]["paths"] == [
        "/%D0%BA%D1%83%D1%80%D1%81/%D1%81%D1%82%D1%80%D0%B0%D0%BD%D0%B8%D1%86%D0%B0/5",
        "/course/page/9-x",
        "/course/page/7",
    ]
    assert "cmid" not in mapping["pages"]["4"] and "paths" not in mapping["pages"]["4"]
    for warning in [
        "old address '/en/about' not recorded: the old address '/en/about' "
        "is inside /en/",
        "old address '/../x' not recorded",
        "old address '/course/page/7-contact' not recorded: page 3 has it",
        "old address '/a%20b' not recorded",
        "cmid 0 is not a Moodle id",
    ]:
        assert warning in result.stdout, result.stdout
    settings = load_settings(str(project / "pelicanconf.py"))
    assert validate_redirects(str(data_file), settings) == []


def test_docs_document_the_format(settings, tmp_path):
    """docs/moodle-migration.md's example is valid data and its table names
    every key."""
    from site_content.redirects import ENTRY_FIELDS, TOP_FIELDS

    readme = (ROOT / "docs" / "moodle-migration.md").read_text(encoding="utf-8")
    section = readme.split("### 6. The redirect data", 1)[1].split("\n## ", 1)[0]
    example = section.split("```json\n", 1)[1].split("```", 1)[0]
    (tmp_path / MAP).write_text(example, encoding="utf-8")
    assert validate_redirects(str(tmp_path / MAP), settings) == []
    for key in [*TOP_FIELDS, *ENTRY_FIELDS["posts"], *ENTRY_FIELDS["pages"]]:
        assert f"\n| `{key}`" in section, key


def test_importer_reports_a_hand_edited_mapping(tmp_path):
    project = tmp_path / "project"
    for folder in ("posts", "pages", "media"):
        (project / "content" / folder).mkdir(parents=True)
    (project / "pelicanconf.py").write_bytes((ROOT / "pelicanconf.py").read_bytes())
    (project / "content" / MAP).write_text(
        '{"pages": {\n  "8": {"slug": "gone", "paths": ["/en/"]}}}\n'
    )
    export = tmp_path / "mdl_page.csv"
    export.write_text("id,cmid,name,content\n3,42,About,<p>Text.</p>\n")
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "tools/moodle_import.py"),
            "pages",
            str(export),
            "--project",
            str(project),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    # Stopped before it wrote anything, with the words of `make check`.
    assert result.returncode == 1
    assert f"content/{MAP}:2: error: page 8 points to 'gone'" in result.stderr
    assert (
        f"content/{MAP}:2: error: the old address '/en/' is inside /en/"
        in result.stderr
    )
    assert list((project / "content" / "pages").iterdir()) == []
