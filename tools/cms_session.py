"""The browser editor on a copy of the project, as `make edit` runs it, and the
steps an editor takes in it: for tests/test_cms.py and tools/cms_screenshots.py.

`EditingSession` copies the project to a folder, builds it with the
development settings, serves the output on 127.0.0.1 and starts Decap's
local proxy (decap-server) on that copy's files. The helpers drive the real
Decap CMS with Playwright, by the labels an editor reads.
"""

import functools
import http.server
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from project_copy import copy_project

ROOT = Path(__file__).resolve().parents[1]
CMS_SERVER = ROOT / "tools" / "cms-server" / "node_modules" / ".bin" / "decap-server"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


class EditingSession:
    """with EditingSession(folder) as session: session.site_url serves the
    copy in `folder` (session.project), with the editor at /admin/."""

    def __init__(self, project, handler=QuietHandler):
        self.project = Path(project)
        self.handler = handler
        self.port, self.cms_port = free_port(), free_port()
        self.site_url = f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        if not CMS_SERVER.is_file():
            raise FileNotFoundError(
                f"{CMS_SERVER.relative_to(ROOT)} is missing: "
                "`make edit` and `make test` install it with npm"
            )
        self.project.mkdir(parents=True, exist_ok=True)
        copy_project(self.project)
        env = dict(os.environ, CMS_PORT=str(self.cms_port))
        build = subprocess.run(
            [sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py"],
            cwd=self.project,
            env=dict(env, SITEURL=self.site_url),
            capture_output=True,
            text=True,
            check=False,
        )
        if build.returncode:
            raise RuntimeError(
                "the build failed:\n" + build.stdout[-3000:] + build.stderr[-3000:]
            )
        handler = functools.partial(
            self.handler, directory=str(self.project / "output")
        )
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.log_path = self.project / "decap-server.log"
        self.log = open(self.log_path, "wb")
        self.proxy = subprocess.Popen(
            [str(CMS_SERVER)],
            cwd=self.project,
            stdout=self.log,
            stderr=self.log,
            env=dict(
                env,
                PORT=str(self.cms_port),
                BIND_HOST="127.0.0.1",
                GIT_REPO_DIRECTORY=str(self.project),
            ),
        )
        if not self._listening(self.cms_port):
            self.__exit__(None, None, None)
            raise RuntimeError(
                "decap-server did not start:\n" + self.log_path.read_text()
            )
        return self

    def _listening(self, port, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.proxy.poll() is None:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    return True
            time.sleep(0.1)
        return False

    def __exit__(self, *exc):
        self.proxy.terminate()
        self.proxy.wait(timeout=10)
        self.log.close()
        self.httpd.shutdown()
        self.httpd.server_close()


# --- What an editor does in Decap CMS ---------------------------------------


def sign_in(page, site_url, route=""):
    """Open the editor, press Login (local mode needs no password) and go to
    `route` (e.g. /collections/posts/new)."""
    page.goto(f"{site_url}/admin/")
    page.get_by_role("button", name="Login").click()
    page.get_by_text("Collections", exact=True).wait_for()
    if route:
        page.goto(f"{site_url}/admin/#{route}")


def pane(page, code):
    """The editing column that is writing in language `code` (EN, RU, AZ)."""
    return (
        page.locator("[class*=ControlPaneContainer]")
        .filter(has=page.get_by_text(f"Writing in {code}", exact=True))
        .first
    )


def choose(page, column, label, option):
    """Pick `option` in the drop-down field `label` of `column`."""
    column.get_by_label(label).click()
    page.keyboard.type(option)
    page.keyboard.press("Enter")


def add_photo(page, column, photo, alt, before_choosing=None):
    """Insert an image in the text of `column`: upload `photo`, choose it,
    write its alt text. `before_choosing(page)` runs with the media library
    open (for a screenshot)."""
    column.get_by_role("button", name="Add Component").click()
    page.get_by_role("menuitem", name="Image").click()
    # The component's own button: a lead-image field (Image) has another.
    column.get_by_label("object field").get_by_role(
        "button", name="Choose an image"
    ).click()
    page.locator("input[type=file]").set_input_files(str(photo))
    if before_choosing:
        before_choosing(page)
    page.get_by_role("button", name="Choose selected").click()
    column.get_by_label("Alt Text").fill(alt)


def switch_left_column(page, from_code, to_code):
    """The left column's language menu (the right column's is broken in
    Decap 3.16)."""
    pane(page, from_code).get_by_text(f"Writing in {from_code}", exact=True).click()
    page.get_by_role("menuitem").filter(has_text=to_code.lower()).click()


def publish(page):
    """Publish now (local mode), and wait until the files are written."""
    page.get_by_role("button", name="Publish").first.click()
    page.get_by_role("menuitem", name="Publish now").click()
    page.get_by_text("Changes saved", exact=False).first.wait_for()
    page.wait_for_timeout(500)
