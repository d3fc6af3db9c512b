"""Index the built site with Pagefind once every language is written.

Pagefind splits its index by <html lang>, so each language site searches
only its own pages. Only elements marked `data-pagefind-body` are indexed:
the templates put it on posts and pages in their own language, never on
lists, navigation, fallback copies or the root chooser.
"""

import logging
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


def _index_site(pelican):
    settings = pelican.settings
    # finalized fires once per language site; the main site finishes last.
    if settings["DEFAULT_LANG"] in settings.get("I18N_SUBSITES", {}):
        return
    config = search_settings(settings)
    if not config["enabled"]:
        return
    ok, output = run_pagefind(settings["OUTPUT_ROOT"], config["bundle_dir"])
    if not ok:
        logger.error("site_search: Pagefind failed:\n%s", output)
    elif output:
        # Pagefind has no stemming for Azerbaijani and says so; the index
        # still works (whole-word and prefix matches).
        logger.info("site_search: %s", output)


def register():
    signals.finalized.connect(_index_site)
