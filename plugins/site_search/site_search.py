"""Index the built site with Pagefind once every language is written.

Pagefind splits its index by <html lang>, so each language site searches
only its own pages. Only elements marked `data-pagefind-body` are indexed:
the templates put it on posts and pages in their own language, never on
lists, navigation, fallback copies or the root chooser.
"""

import hashlib
import logging
import os
import shutil
import subprocess
import sys

from pelican import signals

logger = logging.getLogger(__name__)

DEFAULTS = {
    "enabled": True,
    # Folder of the search bundle inside OUTPUT_ROOT (served at /pagefind/).
    "bundle_dir": "pagefind",
}


def search_settings(settings):
    return {**DEFAULTS, **settings.get("SITE_SEARCH", {})}


def pagefind_command(site_dir, bundle_dir):
    return [sys.executable, "-m", "pagefind", "--site", site_dir,
            "--output-subdir", bundle_dir, "--quiet"]


def run_pagefind(site_dir, bundle_dir):
    """Index `site_dir`; returns (ok, output)."""
    result = subprocess.run(pagefind_command(site_dir, bundle_dir),
                            capture_output=True, text=True, check=False)
    return result.returncode == 0, (result.stdout + result.stderr).strip()


def html_state(site_dir, bundle_dir):
    """A digest of the names and contents of every HTML file: Pagefind's
    whole input. Equal digests mean an equal index."""
    digest = hashlib.sha256()
    bundle = os.path.join(site_dir, bundle_dir)
    for root, dirs, files in os.walk(site_dir):
        if root == bundle or root.startswith(bundle + os.sep):
            continue
        dirs.sort()
        for name in sorted(files):
            if name.endswith(".html"):
                path = os.path.join(root, name)
                digest.update(os.path.relpath(path, site_dir).encode() + b"\0")
                with open(path, "rb") as page:
                    digest.update(hashlib.sha256(page.read()).digest())
    return digest.hexdigest()


def _state_file(settings):
    return os.path.join(os.path.dirname(os.path.normpath(settings["CACHE_PATH"])),
                        "site_search.state")


def _index_site(pelican):
    settings = pelican.settings
    # finalized fires once per language site; the main site finishes last.
    if settings["DEFAULT_LANG"] in settings.get("I18N_SUBSITES", {}):
        return
    config = search_settings(settings)
    if not config["enabled"]:
        return
    site_dir, bundle_dir = settings["OUTPUT_ROOT"], config["bundle_dir"]
    state = html_state(site_dir, bundle_dir)
    state_file = _state_file(settings)
    bundle = os.path.join(site_dir, bundle_dir)
    try:
        with open(state_file, encoding="utf-8") as previous:
            unchanged = previous.read() == state and os.path.isdir(bundle)
    except OSError:
        unchanged = False
    if unchanged:
        logger.info("site_search: no page changed, the search index stands")
        return
    # A fresh bundle: Pagefind names its files by content and would leave
    # the previous index's files behind.
    shutil.rmtree(bundle, ignore_errors=True)
    ok, output = run_pagefind(site_dir, bundle_dir)
    if ok:
        os.makedirs(os.path.dirname(state_file), exist_ok=True)
        with open(state_file, "w", encoding="utf-8") as current:
            current.write(state)
    if not ok:
        logger.error("site_search: Pagefind failed:\n%s", output)
    elif output:
        # Pagefind has no stemming for Azerbaijani and says so; the index
        # still works (whole-word and prefix matches).
        logger.info("site_search: %s", output)


def register():
    signals.finalized.connect(_index_site)
