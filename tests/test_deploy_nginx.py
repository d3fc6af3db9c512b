"""deploy/nginx.conf, run by a real nginx on loopback over the published build.

The shipped file is used as it is, with only the host-specific lines swapped
(listen addresses, certificate paths, the document root, the redirects
folder); each swap must match exactly once, so the test follows the file.
HTTPS uses a throw-away self-signed certificate.
"""

import gzip
import http.client
import re
import ssl
import subprocess
from pathlib import Path

import pytest

from conftest import CHROMIUM, CHROMIUM_ARGS
from deploy_support import (
    free_port,
    require_program,
    skip_or_fail,
    throwaway_certificate,
    wait_for_port,
)

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "deploy" / "nginx.conf"
MODULES = Path("/usr/lib/nginx/modules")
BROTLI_MODULE = MODULES / "ngx_http_brotli_static_module.so"
LANGS = ["en", "ru", "az"]
SAMPLE_REDIRECT = '"/mod/page/view.php?id=12" /en/about/;\n'


def local_config(shipped, *, http_port, https_port, cert, key, root, redirects, brotli):
    """The shipped server config with this machine's ports and paths."""
    swaps = [  # (old, new, how often the shipped file has it)
        ("    listen 80;\n", f"    listen 127.0.0.1:{http_port};\n", 1),
        ("    listen [::]:80;\n", "", 1),
        (
            "    listen 443 ssl http2 default_server;\n",
            f"    listen 127.0.0.1:{https_port} ssl http2 default_server;\n",
            1,
        ),
        ("    listen [::]:443 ssl http2 default_server;\n", "", 1),
        (
            "    listen 443 ssl http2;\n",
            f"    listen 127.0.0.1:{https_port} ssl http2;\n",
            1,
        ),
        ("    listen [::]:443 ssl http2;\n", "", 1),
        ("/etc/letsencrypt/live/rtcm.az/fullchain.pem", str(cert), 1),
        ("/etc/letsencrypt/live/rtcm.az/privkey.pem", str(key), 1),
        ("root /var/www/rtcm/current;", f"root {root};", 1),
        ("include /etc/nginx/rtcm-redirects/", f"include {redirects}/", 1),
    ]
    if not brotli:
        swaps.append(("    brotli_static on;\n", "", 1))
    for old, new, count in swaps:
        assert shipped.count(old) == count, (
            f"deploy/nginx.conf: expected {old!r} {count}×"
        )
        shipped = shipped.replace(old, new)
    return shipped


def wrapper(tmp, server_config, brotli):
    """A whole nginx.conf around the site config, as Debian's /etc/nginx does."""
    temp = "\n".join(
        f"    {kind}_temp_path {tmp}/{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    load = f"load_module {BROTLI_MODULE};\n" if brotli else ""
    return f"""{load}daemon off;
master_process off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    sendfile on;
{temp}
{server_config}
}}
"""


class NamedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to 127.0.0.1 that names `server_name` in the handshake (SNI), as
    a browser does for the host it resolved (an IP address is never sent)."""

    def __init__(self, port, server_name, context):
        super().__init__("127.0.0.1", port, context=context, timeout=10)
        self.server_name = server_name

    def connect(self):
        http.client.HTTPConnection.connect(self)
        self.sock = self._context.wrap_socket(
            self.sock, server_hostname=self.server_name
        )


class Nginx:
    def __init__(self, https_port, http_port, output, brotli, folder=None):
        self.https_port, self.http_port = https_port, http_port
        self.output, self.brotli, self.folder = output, brotli, folder
        self.context = ssl.create_default_context()
        self.context.check_hostname = False
        self.context.verify_mode = ssl.CERT_NONE

    def get(
        self,
        path,
        encoding=None,
        method="GET",
        https=True,
        host="rtcm.az",
        server_name=None,
    ):
        """(status, headers, body) of one request for `host`; over HTTPS the
        handshake names `server_name` (default: `host`)."""
        if https:
            conn = NamedHTTPSConnection(
                self.https_port, server_name or host, self.context
            )
        else:
            conn = http.client.HTTPConnection("127.0.0.1", self.http_port, timeout=10)
        headers = {"Host": host}
        if encoding:
            headers["Accept-Encoding"] = encoding
        try:
            conn.request(method, path, headers=headers)
            response = conn.getresponse()
            return (
                response.status,
                {k.lower(): v for k, v in response.getheaders()},
                response.read(),
            )
        finally:
            conn.close()


@pytest.fixture(scope="module")
def nginx(site, tmp_path_factory):
    binary = require_program("nginx", "install it with `apt-get install nginx`")
    tmp = tmp_path_factory.mktemp("nginx")
    cert, key = throwaway_certificate(tmp)
    redirects = tmp / "redirects"
    redirects.mkdir()
    for shipped_map in (ROOT / "deploy" / "redirects").glob("*.map"):
        (redirects / shipped_map.name).write_bytes(shipped_map.read_bytes())
    (redirects / "zz-test.map").write_text(SAMPLE_REDIRECT)
    brotli = BROTLI_MODULE.is_file()
    https_port, http_port = free_port(), free_port()
    config = tmp / "nginx.conf"
    config.write_text(
        wrapper(
            tmp,
            local_config(
                SHIPPED.read_text(),
                http_port=http_port,
                https_port=https_port,
                cert=cert,
                key=key,
                root=site.output,
                redirects=redirects,
                brotli=brotli,
            ),
            brotli,
        )
    )
    with open(tmp / "stderr.log", "wb") as stderr:
        process = subprocess.Popen(
            [binary, "-p", str(tmp), "-c", str(config)], stdout=stderr, stderr=stderr
        )
    try:
        if not wait_for_port(https_port, process):
            process.kill()
            logs = [
                (tmp / name).read_text()
                for name in ("stderr.log", "error.log")
                if (tmp / name).exists()
            ]
            pytest.fail("nginx did not start:\n" + "\n".join(logs))
        yield Nginx(https_port, http_port, site.output, brotli, tmp)
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_plain_http_redirects_to_https(nginx):
    status, headers, _ = nginx.get("/en/about/?x=1", https=False)
    assert status == 301
    assert headers["location"] == "https://rtcm.az/en/about/?x=1"


@pytest.mark.parametrize(
    "path, file",
    [
        ("/", "index.html"),
        ("/en/", "en/index.html"),
        ("/ru/", "ru/index.html"),
        ("/az/about/", "az/about/index.html"),
        ("/en/news/", "en/news/index.html"),
        ("/en/feeds/atom.xml", "en/feeds/atom.xml"),
        ("/sitemap.xml", "sitemap.xml"),
        ("/robots.txt", "robots.txt"),
        ("/pagefind/ru/pagefind.js", "pagefind/ru/pagefind.js"),
    ],
)
def test_pages_and_files_are_served(nginx, site, path, file):
    status, headers, body = nginx.get(path)
    assert status == 200, path
    assert body == site.path(file).read_bytes()
    assert "content-encoding" not in headers  # the client asked for none


@pytest.mark.parametrize(
    "path, content_type",
    [
        ("/en/", "text/html; charset=utf-8"),
        ("/en/feeds/atom.xml", "application/atom+xml; charset=utf-8"),
        ("/sitemap.xml", "text/xml; charset=utf-8"),
        ("@css/site.css", "text/css; charset=utf-8"),
        ("@js/search.js", "application/javascript; charset=utf-8"),
        ("@img/favicon.svg", "image/svg+xml; charset=utf-8"),
        ("/en/events/calendar.ics", "text/calendar; charset=utf-8"),
        (
            "/az/events/training-of-trainers-2022/training-of-trainers-2022.ics",
            "text/calendar; charset=utf-8",
        ),
    ],
)
def test_content_types(nginx, site, path, content_type):
    if path.startswith("@"):
        path = "/" + site.asset(path[1:])
    status, headers, _ = nginx.get(path)
    assert status == 200
    assert headers["content-type"] == content_type


def test_calendar_sent_compressed_is_still_a_calendar(nginx, site):
    status, headers, body = nginx.get("/ru/events/calendar.ics", encoding="gzip")
    assert status == 200
    assert headers["content-type"] == "text/calendar; charset=utf-8"
    assert headers["content-encoding"] == "gzip"
    assert gzip.decompress(body) == site.path("ru/events/calendar.ics").read_bytes()


# --- Names the server does not serve -----------------------------------------


@pytest.mark.parametrize("server_name", ["other.example", "127.0.0.1"])
def test_https_for_another_name_is_refused_in_the_handshake(nginx, server_name):
    """No page and no certificate for a name that is not the site's (an IP
    address is never sent as a name, so "127.0.0.1" is a handshake without
    one)."""
    with pytest.raises(ssl.SSLError, match="UNRECOGNIZED_NAME|unrecognized name"):
        nginx.get("/en/", host=server_name)


def test_a_host_header_of_another_name_gets_no_page(nginx):
    """A connection made for rtcm.az that then asks for another host."""
    with pytest.raises((http.client.RemoteDisconnected, ConnectionResetError)):
        nginx.get("/en/", host="other.example", server_name="rtcm.az")


@pytest.mark.parametrize("https", [True, False])
def test_www_redirects_to_the_site(nginx, https):
    status, headers, body = nginx.get("/ru/about/?x=1", host="www.rtcm.az", https=https)
    assert status == 301
    assert headers["location"] == "https://rtcm.az/ru/about/?x=1"
    if https:
        assert "max-age=31536000" in headers["strict-transport-security"]


# --- TLS -------------------------------------------------------------------


def handshake(nginx, *options):
    """`openssl s_client` to the site with `options`: (protocol, suite) of the
    session it made, or None (its exit code does not say), and its output."""
    openssl = require_program("openssl", "install it with `apt-get install openssl`")
    result = subprocess.run(
        [openssl, "s_client", "-connect", f"127.0.0.1:{nginx.https_port}", *options],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=20,
        check=False,
    )
    output = result.stdout + result.stderr
    made = re.search(r"^New, (\S+), Cipher is (\S+)$", output, re.M)
    if made is None or made[2] == "(NONE)":
        return None, output
    return (made[1], made[2]), output


def tls12_suites():
    """Every TLS 1.2 cipher suite this machine's OpenSSL can offer."""
    openssl = require_program("openssl", "install it with `apt-get install openssl`")
    names = subprocess.run(
        [openssl, "ciphers", "-tls1_2", "ALL:COMPLEMENTOFALL:@SECLEVEL=0"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [name for name in names.strip().split(":") if not name.startswith("TLS_")]


@pytest.mark.parametrize("name", ["rtcm.az", "www.rtcm.az"])
def test_tls12_accepts_only_forward_secret_aead_suites(nginx, name):
    suites = tls12_suites()
    # The suites a scanner marks weak are offered, so the test can fail.
    assert {
        "ECDHE-ECDSA-AES128-SHA",
        "ECDHE-ECDSA-AES256-SHA",
        "ECDHE-ECDSA-AES128-SHA256",
        "ECDHE-RSA-AES128-SHA",
    } <= set(suites)
    accepted = []
    for suite in suites:
        session, output = handshake(
            nginx, "-servername", name, "-tls1_2", "-cipher", f"{suite}:@SECLEVEL=0"
        )
        if session:
            assert session == ("TLSv1.2", suite), output[-2000:]
            accepted.append(suite)
    # The throw-away certificate is ECDSA: its AEAD suites, nothing else.
    assert sorted(accepted) == [
        "ECDHE-ECDSA-AES128-GCM-SHA256",
        "ECDHE-ECDSA-AES256-GCM-SHA384",
        "ECDHE-ECDSA-CHACHA20-POLY1305",
    ]


@pytest.mark.parametrize("name", ["rtcm.az", "www.rtcm.az"])
def test_tls13_works_and_old_protocols_are_refused(nginx, name):
    session, output = handshake(nginx, "-servername", name, "-tls1_3")
    assert session and session[0] == "TLSv1.3", output[-2000:]
    for old in ("-tls1", "-tls1_1"):
        session, output = handshake(
            nginx, "-servername", name, old, "-cipher", "ALL:@SECLEVEL=0"
        )
        assert session is None, output[-2000:]
        assert "alert protocol version" in output, output[-2000:]


def test_not_found_writes_no_error_log_line(nginx):
    for path in ("/en/no-such-page/", "/no-such-file.css", "/ru/nothing.html"):
        assert nginx.get(path)[0] == 404
    log = (nginx.folder / "error.log").read_text()
    assert "No such file or directory" not in log, log[-2000:]


@pytest.mark.parametrize("path", ["/en", "/ru/about", "/az/news"])
def test_folders_without_slash_redirect_to_their_index(nginx, path):
    status, headers, _ = nginx.get(path)
    assert status == 301
    assert headers["location"] == path + "/"


@pytest.mark.parametrize("lang", LANGS)
def test_not_found_in_the_language_of_the_address(nginx, site, lang):
    status, headers, body = nginx.get(f"/{lang}/no-such-page/")
    assert status == 404
    assert body == site.path(f"{lang}/404.html").read_bytes()
    assert "cache-control" not in headers
    assert headers["content-security-policy"]  # errors get the headers too


def test_not_found_outside_the_languages_is_the_root_page(nginx, site):
    status, _, body = nginx.get("/no-such-file.html")
    assert status == 404
    assert body == site.path("404.html").read_bytes()


def test_not_found_page_is_sent_compressed_too(nginx, site):
    status, headers, body = nginx.get("/ru/nothing/", encoding="gzip")
    assert status == 404
    assert headers["content-encoding"] == "gzip"
    assert gzip.decompress(body) == site.path("ru/404.html").read_bytes()


@pytest.mark.parametrize("path", ["/en/", "/no-such-file", "/en"])
def test_security_headers(nginx, path):
    _, headers, _ = nginx.get(path)
    csp = {
        d.split()[0]: d.split()[1:]
        for d in headers["content-security-policy"].split("; ")
    }
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'", "'wasm-unsafe-eval'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert "'unsafe-inline'" not in headers["content-security-policy"]
    assert "'unsafe-eval'" not in headers["content-security-policy"]
    max_age = int(
        headers["strict-transport-security"].split("max-age=")[1].split(";")[0]
    )
    assert max_age >= 31536000
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in headers["permissions-policy"]
    assert "geolocation=()" in headers["permissions-policy"]
    assert headers["x-frame-options"] == "DENY"
    assert "server" not in headers or headers["server"] == "nginx"  # no version


@pytest.mark.parametrize(
    "path",
    [
        "/en/",
        "/ru/news/",
        "@css/site.css",
        "@js/search.js",
        "/sitemap.xml",
        "/pagefind/en/pagefind.js",
    ],
)
def test_gzip_is_served_from_the_precompressed_file(nginx, site, path):
    if path.startswith("@"):
        path = "/" + site.asset(path[1:])
    file = site.url_to_file(path)
    status, headers, body = nginx.get(path, encoding="gzip, deflate")
    assert status == 200
    assert headers["content-encoding"] == "gzip"
    assert "Accept-Encoding" in headers["vary"]
    assert body == site.path(file + ".gz").read_bytes()  # the file, not a fresh one
    assert gzip.decompress(body) == site.path(file).read_bytes()


@pytest.mark.parametrize("path", ["/az/", "@css/site.css", "@js/search.js"])
def test_brotli_is_preferred_when_accepted(nginx, site, path):
    if not nginx.brotli:
        skip_or_fail(
            f"nginx brotli module missing ({BROTLI_MODULE}); install "
            "`libnginx-mod-http-brotli-static`"
        )
    import brotli

    if path.startswith("@"):
        path = "/" + site.asset(path[1:])
    file = site.url_to_file(path)
    status, headers, body = nginx.get(path, encoding="gzip, deflate, br")
    assert status == 200
    assert headers["content-encoding"] == "br"
    assert brotli.decompress(body) == site.path(file).read_bytes()


def test_fingerprinted_assets_are_cached_for_a_year(nginx, site):
    for asset in ("css/site.css", "js/search.js", "img/favicon.svg"):
        _, headers, _ = nginx.get("/" + site.asset(asset), encoding="gzip")
        assert headers["cache-control"] == "public, max-age=31536000, immutable"


@pytest.mark.parametrize(
    "path",
    ["/", "/en/", "/en/feeds/atom.xml", "/pagefind/en/pagefind.js", "/sitemap.xml"],
)
def test_pages_and_build_files_are_cached_briefly(nginx, path):
    _, headers, _ = nginx.get(path)
    assert headers["cache-control"] == "public, max-age=300"
    assert "last-modified" in headers and "etag" in headers  # cheap revalidation


def test_media_is_cached_for_a_day(nginx, site):
    media = sorted(p for p in site.output.glob("media/**/*") if p.is_file())
    if not media:
        pytest.skip("the build has no media files")
    _, headers, _ = nginx.get("/" + str(media[0].relative_to(site.output)))
    assert headers["cache-control"] == "public, max-age=86400"


def test_moodle_redirects_include_point(nginx):
    status, headers, _ = nginx.get("/mod/page/view.php?id=12")
    assert status == 301
    assert headers["location"] == "/en/about/"


def test_no_directory_listings(nginx, site):
    status, _, _ = nginx.get("/theme/")
    assert status in (403, 404)


# --- The browser editor at /admin/ (plugins/site_cms) -----------------------


def _admin_policy(site):
    from pelican.settings import read_settings

    from site_cms.site_cms import admin_csp

    return admin_csp(read_settings(str(site.project / "publishconf.py")), header=True)


# (A missing file under /admin/ gets the site's own 404 page, with the site's policy.)
@pytest.mark.parametrize(
    "path", ["/admin/", "/admin/config.json", "/admin/rtcm-cms.js"]
)
def test_the_editor_has_its_own_headers(nginx, site, path):
    _, headers, _ = nginx.get(path)
    assert headers["content-security-policy"] == _admin_policy(site)
    assert headers["x-robots-tag"] == "noindex, nofollow"
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["cross-origin-opener-policy"] == "same-origin-allow-popups"
    # The public site keeps its own policy.
    _, public, _ = nginx.get("/en/")
    assert "'unsafe-eval'" not in public["content-security-policy"]


def test_the_editor_bundle_is_sent_compressed(nginx, site):
    script = site.soup("admin/index.html").select_one("script[integrity]")["src"]
    status, headers, body = nginx.get(script, encoding="br, gzip")
    assert status == 200
    assert headers["content-encoding"] == ("br" if nginx.brotli else "gzip")
    assert len(body) < site.path(site.url_to_file(script)).stat().st_size / 3


def test_the_published_editor_loads_nothing_from_another_origin(nginx, site, browser):
    """The real editor in Chromium, through the shipped nginx config and its
    CSP: it starts, shows its sign-in, and every request stays on this
    origin (the git host's API is asked only after signing in)."""
    # The server answers only rtcm.az: this browser finds it on loopback.
    named = browser.browser_type.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=[*CHROMIUM_ARGS, "--host-resolver-rules=MAP rtcm.az 127.0.0.1"],
    )
    context = named.new_context(ignore_https_errors=True)
    page = context.new_page()
    requests, errors = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on(
        "console",
        lambda message: message.type == "error" and errors.append(message.text),
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    origin = f"https://rtcm.az:{nginx.https_port}"
    page.goto(f"{origin}/admin/")
    page.get_by_role("button", name="Login with GitHub").wait_for()
    context.close()
    named.close()
    assert errors == []
    assert requests and all(url.startswith(origin + "/") for url in requests), requests
