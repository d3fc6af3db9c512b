"""Stop the build before it reads or writes anything when the content has
errors.

`make html` and `make publish` run `make check` first, but a direct
`pelican` run (an IDE, `pelican -r`, another script) does not, so the same
checks run here, once per build of the main site. i18n_subsites builds the
other languages from inside the main build, so checking once covers every
language.

The checks run in a child process started at `get_generators`, beside the
build's own set-up (site_speed's caches and pre-parse), and the build waits
for their verdict when the first generator is created: before any file is
read, and before site_speed forks the processes that read and write. A
process forked from a checked build (site_speed's) does not check again.

All errors go into one log record: with `--fatal warnings` Pelican raises on
the first record, and the editor should still see every problem at once.
Warnings are left to `make check`, which does not fail on them either.
"""

import logging
import os
import pickle
import tempfile

from pelican import signals

from site_content.sites import is_main_site

from .checks import ERROR, check_content

logger = logging.getLogger(__name__)

_pending = None  # (pid, result file) of the running check
_checked_in = None  # pid of the process whose build passed the checks


class ContentError(Exception):
    """The content has errors; the build must not go on."""


def content_errors(settings):
    return [p for p in check_content(settings) if p.severity == ERROR]


def _forked_from_checked_build():
    return _checked_in is not None and _checked_in != os.getpid()


def _start_checks(pelican):
    """get_generators: check the content in a child process."""
    global _pending, _checked_in  # noqa: PLW0603 - one check per build
    settings = pelican.settings
    if not is_main_site(settings) or _forked_from_checked_build():
        return
    _checked_in = None
    _collect()  # a check left over from a build that failed early
    result = tempfile.TemporaryFile()
    pid = os.fork()
    if pid == 0:
        status = 0
        try:
            pickle.dump(content_errors(settings), result)
            result.flush()
        except BaseException:  # noqa: BLE001 - the parent checks again itself
            status = 1
        finally:
            os._exit(status)
    _pending = (pid, result)


def _collect():
    """The errors found by the running check; None if it did not finish."""
    global _pending  # noqa: PLW0603
    if _pending is None:
        return None
    pid, result = _pending
    _pending = None
    _, status = os.waitpid(pid, 0)
    with result:
        if os.waitstatus_to_exitcode(status) != 0:
            return None
        result.seek(0)
        try:
            return pickle.load(result)
        except (EOFError, pickle.UnpicklingError):
            return None


def _wait_for_checks(generator):
    """First generator of the main site: the verdict, before any reading."""
    global _checked_in  # noqa: PLW0603
    settings = generator.settings
    if not is_main_site(settings) or _checked_in is not None:
        return
    errors = _collect()
    if errors is None:
        errors = content_errors(settings)
    if not errors:
        _checked_in = os.getpid()
        return
    root = os.path.dirname(os.path.abspath(settings["PATH"]))
    # The problems go into the exception, which Pelican logs as one CRITICAL
    # record: an ERROR record would itself raise under --fatal, with a
    # traceback, before this line; without --fatal it would not stop the build.
    raise ContentError(
        f"site_checks: {len(errors)} error(s) in the content, nothing was built:\n"
        + "\n".join(p.format(root) for p in errors)
        + "\nrun `make check` after correcting them"
    )


def _without_traceback(record):
    """Pelican logs the exception that ends a build with its traceback; a
    content error is the editor's to fix, and its lines are already logged,
    so it ends in one line (`pelican -D` still prints the traceback)."""
    if record.exc_info and isinstance(record.exc_info[1], ContentError):
        record.exc_info = None
    return True


def register():
    logging.getLogger("pelican").addFilter(_without_traceback)
    signals.get_generators.connect(_start_checks)
    signals.generator_init.connect(_wait_for_checks)
