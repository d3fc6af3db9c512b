"""Stop the build before it writes anything when the content has errors.

`make html` and `make publish` run `make check` first, but a direct
`pelican` run (an IDE, `pelican -r`, another script) does not, so the same
checks run here, at `initialized` of the main site, before any generator
reads a file. i18n_subsites builds the other languages from inside the main
build, so checking once covers every language.

All errors go into one log record: with `--fatal warnings` Pelican raises on
the first record, and the editor should still see every problem at once.
Warnings are left to `make check`, which does not fail on them either.
"""

import logging
import os

from pelican import signals

from .checks import ERROR, check_content

logger = logging.getLogger(__name__)


class ContentError(Exception):
    """The content has errors; the build must not go on."""


def is_main_site(settings):
    return settings["DEFAULT_LANG"] not in settings.get("I18N_SUBSITES", {})


def _check_before_build(pelican):
    settings = pelican.settings
    if not is_main_site(settings):
        return
    errors = [p for p in check_content(settings) if p.severity == ERROR]
    if not errors:
        return
    root = os.path.dirname(os.path.abspath(settings["PATH"]))
    logger.error("site_checks: %d error(s) in the content, nothing was built:\n%s",
                 len(errors), "\n".join(p.format(root) for p in errors))
    # Without --fatal an ERROR does not stop Pelican; this does.
    raise ContentError(f"{len(errors)} content error(s); run `make check`")


def register():
    signals.initialized.connect(_check_before_build)
