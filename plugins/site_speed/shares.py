"""Parallel build: which process writes what.

The languages to build are laid end to end and cut into one equal share
per process (plan_shares): on two cores, one process per language; with
more cores than languages, a language's posts and pages are split between
processes by a hash of their output name (page_position). The main process
forks the others at its first generator (fork_workers); each runs the build
again from the start with the BuildState it inherited, and writes only its
share. A process reads the content only of the language sites it writes
(build_only_own_sites); i18n_subsites' links to the others' pages come from
the symmetric URL patterns (record_native_urls). Each process, done, sends
`languages_written` with the languages it wrote whole (site_search starts
their indexes); the main process waits for the others (wait_for_workers)
before the whole-site steps (sitemap index, the rest of the search index,
assets). The Pelican and i18n_subsites internals this relies on are listed
in patches.py.
"""

import logging
import os
import sys
import zlib
from fractions import Fraction

import blinker
from pelican.generators import ArticlesGenerator, PagesGenerator

from . import patches, state
from .config import speed_settings

logger = logging.getLogger(__name__)

# Sent by each process when the pages it writes are all written, with the
# languages it wrote whole (`languages`) and whether the process ends right
# after (`last`, a worker); the main process then waits for the others.
languages_written = blinker.signal("site_speed.languages_written")


def job_count(settings, languages):
    """SITE_SPEED["jobs"], or 0: one process per core, and at least one per
    language to build on a machine with two cores or more. A language
    site's content is built by every process that writes part of it, so
    whole languages per process build the least; the system shares the
    cores between them."""
    jobs = speed_settings(settings)["jobs"]
    if jobs:
        return max(1, jobs)
    cores = os.cpu_count() or 1
    return max(cores, languages) if cores > 1 else 1


def plan_shares(languages, jobs):
    """What each process writes: [{lang: (start, end)}], one dict per process.

    The languages are laid end to end on a line of length len(languages)
    and the line is cut into `jobs` equal parts, so every process gets the
    same amount of work and builds the content of as few languages as
    possible: with three languages and two processes, the first writes the
    English site and half of the Russian posts and pages, the second the
    other half and the Azerbaijani site. (start, end) is the fraction of a
    language's posts and pages that the process writes; a process whose
    share of a language starts at 0 is that language's *primary* and also
    writes its lists, feeds and other files.
    """
    count = len(languages)
    shares = []
    for index in range(jobs):
        low, high = Fraction(index * count, jobs), Fraction((index + 1) * count, jobs)
        share = {}
        for position, lang in enumerate(languages):
            start, end = max(low, position), min(high, position + 1)
            if end > start:
                share[lang] = (start - position, end - position)
        shares.append(share)
    return shares


def page_position(name):
    """Where an output file falls in [0, 1): the same in every process."""
    return Fraction(zlib.crc32(name.encode()), 2**32)


def fork_workers(generator):
    """At the first generator of the main site, once every get_generators
    handler is done (site_checks' verdict comes just before, at this same
    signal): one process per other share. Nothing has been read yet."""
    build = state.current()
    if not build.to_fork:
        return
    forks = list(build.to_fork)
    build.to_fork.clear()
    del generator
    sys.stdout.flush()
    sys.stderr.flush()
    for pelican_obj, share, index in forks:
        pid = os.fork()
        if pid == 0:
            _run_worker(pelican_obj, share, index)
        build.workers.append((pid, share))


def _run_worker(pelican_obj, share, index):
    """In a forked process: build again from the start, write `share` only,
    and exit. The build this process was forked from is never resumed, and
    no error can carry it on into the caller (e.g. the autoreload loop)."""
    build = state.current()
    build.is_worker = True
    build.share, build.share_index = share, index
    build.workers.clear()
    build.to_fork.clear()
    status = 1
    try:
        pelican_obj.run()
    except Exception:  # noqa: BLE001 - reported here, the parent fails the build
        logger.exception("site_speed: building %s failed", "/".join(share))
        status = 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)


def whole_languages(settings):
    """The languages whose every page this process writes in this build."""
    share = state.current().share
    if share is None:
        return list(settings["LANGUAGES"])
    return [lang for lang, (start, end) in share.items() if start == 0 and end == 1]


def site_share(settings):
    """(start, end) of this language site in this process; None: not built."""
    share = state.current().share
    if share is None:
        return (Fraction(0), Fraction(1))
    return share.get(settings["DEFAULT_LANG"])


def build_only_own_sites(generator):
    """Posts and pages are read only by the sites this process writes."""
    if site_share(generator.settings) is not None:
        return
    if isinstance(generator, (ArticlesGenerator, PagesGenerator)):
        patches.skip_generate_context(generator)


def record_native_urls(generator):
    """i18n_subsites links each translation to the URL its own language
    site recorded. A site this process does not build records nothing, so
    the sites it builds record every item's native URL themselves; the URL
    patterns are the same in every language (see pelicanconf.py), so the
    URL is the one that site would have recorded. Runs before the
    i18n_subsites filter turns other languages' posts into drafts."""
    share = state.current().share
    if share is None or len(share) == len(generator.settings["LANGUAGES"]):
        return
    patches.record_native_urls(generator)


class BuildFailed(Exception):
    """A worker process failed: the build is not complete."""


def wait_for_workers():
    """Wait for every worker; the languages of those that failed."""
    workers = state.current().workers
    failed = []
    for pid, share in workers:
        _pid, status = os.waitpid(pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            failed.append("/".join(share))
    workers.clear()
    return failed
