"""Index the built site with Pagefind, one language as soon as it is written.

One Pagefind bundle per language, at /pagefind/<lang>/: a language's search
page loads only its own index, and a build re-indexes only the languages
whose pages changed (Pagefind has no incremental mode, so an edit re-indexes
one language, not the whole site). Changed languages are indexed at the same
time, one Pagefind process each. In a parallel build (site_speed), a process
that has written whole languages starts their indexes before it ends, while
the others still render; the main process indexes what is left at
`finalized`.

Only elements marked `data-pagefind-body` are indexed: the templates put it
on posts and pages in their own language, never on lists, navigation,
fallback copies or the root chooser.
"""

import atexit
import concurrent.futures
import contextlib
import glob
import hashlib
import logging
import os
import re
import shutil
import subprocess

import blinker
from pagefind_bin import get_executable
from pelican import signals

from site_content.sites import is_main_site

logger = logging.getLogger(__name__)

DEFAULTS = {
    "enabled": True,
    # Folder inside OUTPUT_ROOT that holds one bundle per language
    # (served at /pagefind/<lang>/).
    "bundle_dir": "pagefind",
}


def search_settings(settings):
    return {**DEFAULTS, **settings.get("SITE_SEARCH", {})}


def body_globs(settings):
    """Globs of the files that can hold a post or a page (the only pages
    with `data-pagefind-body`), from their save_as patterns: Pagefind then
    does not parse the lists, tag pages and archives it would skip anyway."""
    patterns = {settings["ARTICLE_SAVE_AS"], settings["PAGE_SAVE_AS"]}
    patterns |= {
        collection["url"] + "index.html"
        for collection in settings.get("SITE_COLLECTIONS", {}).values()
    }
    return sorted(re.sub(r"\{[^}]*\}", "*", pattern) for pattern in patterns)


def pagefind_executable():
    """The Pagefind binary of the `pagefind[bin]` package, run directly:
    `python -m pagefind` would start Python only to exec it."""
    return str(get_executable())


def pagefind_command(output_root, lang, bundle_dir, globs):
    """Index the pages under <output_root>/<lang>/ that match `globs` into
    <bundle_dir>/<lang>/; URLs stay rooted at the site root (/<lang>/...)."""
    return [
        pagefind_executable(),
        "--site",
        output_root,
        "--glob",
        f"{lang}/{{{','.join(globs)}}}",
        "--output-subdir",
        f"{bundle_dir}/{lang}",
        "--quiet",
    ]


def html_state(folder, globs):
    """A digest of the names and contents of the files under `folder` that
    match `globs`: Pagefind's whole input for one language. Equal digests,
    equal index."""
    digest = hashlib.sha256()
    paths = sorted(
        {path for pattern in globs for path in glob.glob(os.path.join(folder, pattern))}
    )
    for path in paths:
        digest.update(os.path.relpath(path, folder).encode() + b"\0")
        with open(path, "rb") as page:
            digest.update(hashlib.sha256(page.read()).digest())
    return digest.hexdigest()


def _state_file(settings, lang):
    cache_root = os.path.dirname(os.path.normpath(settings["CACHE_PATH"]))
    return os.path.join(cache_root, "site_search", f"{lang}.state")


def _read(path):
    try:
        with open(path, encoding="utf-8") as state:
            return state.read()
    except OSError:
        return None


def _remove_foreign(bundle_root, languages):
    """Anything in the bundle folder that is not a language's bundle (such
    as a whole-site bundle of an older build) would be served forever."""
    for name in os.listdir(bundle_root):
        if name in languages:
            continue
        path = os.path.join(bundle_root, name)
        if os.path.isdir(path):
            shutil.rmtree(path)
        else:
            os.remove(path)


# Languages handled by this process in this build: lang -> (the state of its
# pages, the Pagefind process indexing them or None when the index stands).
_indexing = {}


def _reset(pelican):
    if is_main_site(pelican.settings):
        _wait_for_indexing()


def _wait_for_indexing():
    """Runs left by a build that failed before `finalized` (pelican -r goes
    on) finish before anything writes their folders again."""
    for _state, process in _indexing.values():
        if process is not None and process.poll() is None:
            process.communicate()
    _indexing.clear()


def start_indexing(settings, languages):
    """Start Pagefind for each of `languages` whose pages changed since its
    index was made; the others keep theirs."""
    config = search_settings(settings)
    languages = [lang for lang in languages if lang not in _indexing]
    if not config["enabled"] or not languages:
        return
    output_root, bundle_dir = settings["OUTPUT_ROOT"], config["bundle_dir"]
    bundle_root = os.path.join(output_root, bundle_dir)
    os.makedirs(bundle_root, exist_ok=True)
    globs = body_globs(settings)

    def start(lang):
        # A fresh bundle: Pagefind names its files by content and would leave
        # the previous index's files behind.
        shutil.rmtree(os.path.join(bundle_root, lang), ignore_errors=True)
        # Until this run succeeds, no state may vouch for the folder.
        with contextlib.suppress(FileNotFoundError):
            os.remove(_state_file(settings, lang))
        return subprocess.Popen(  # noqa: S603 - our own arguments
            pagefind_command(output_root, lang, bundle_dir, globs),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    # A language without a recorded state or a bundle (a clean build) is
    # indexed whatever its pages: Pagefind starts at once, and its pages are
    # hashed meanwhile. The others are indexed only if their pages changed.
    running = {
        lang: start(lang)
        for lang in languages
        if _read(_state_file(settings, lang)) is None
        or not os.path.isdir(os.path.join(bundle_root, lang))
    }
    # Reading and hashing release the GIL: the languages in parallel.
    with concurrent.futures.ThreadPoolExecutor(len(languages)) as pool:
        states = dict(
            zip(
                languages,
                pool.map(
                    lambda lang: html_state(os.path.join(output_root, lang), globs),
                    languages,
                ),
                strict=True,
            )
        )
    for lang in languages:
        if lang not in running and _read(_state_file(settings, lang)) != states[lang]:
            running[lang] = start(lang)
        _indexing[lang] = (states[lang], running.get(lang))


def finish_indexing(settings):
    """Wait for the Pagefind runs this process started; record the state of
    each language indexed, so that the next build can tell a change."""
    # Every run ends before anything is logged: under --fatal, an error
    # stops this function, and no run may be left writing.
    outputs = {
        lang: process.communicate()[0].strip()
        for lang, (_state, process) in _indexing.items()
        if process is not None
    }
    indexed, standing = [], []
    for lang, (state, process) in sorted(_indexing.items()):
        if process is None:
            standing.append(lang)
            continue
        output = outputs[lang]
        if process.returncode != 0:
            logger.error("site_search: Pagefind failed for %s:\n%s", lang, output)
            continue
        state_file = _state_file(settings, lang)
        os.makedirs(os.path.dirname(state_file), exist_ok=True)
        with open(state_file, "w", encoding="utf-8") as current:
            current.write(state)
        indexed.append(lang)
        if output:
            # Pagefind has no stemming for Azerbaijani and says so; the index
            # still works (whole-word and prefix matches).
            logger.info("site_search: %s: %s", lang, output)
    if indexed:
        logger.info("site_search: indexed %s", ", ".join(indexed))
    if standing:
        logger.info("site_search: up to date: %s", ", ".join(standing))
    _indexing.clear()


def _index_written(pelican, languages, last):
    """site_speed's `languages_written`: the pages of `languages` are all
    written, and other processes may still be writing theirs. A process
    about to end (`last`) finishes its indexing first; the main process
    finishes at `finalized`."""
    start_indexing(pelican.settings, languages)
    if last:
        finish_indexing(pelican.settings)


def _index_site(pelican):
    settings = pelican.settings
    if not is_main_site(settings) or not search_settings(settings)["enabled"]:
        return
    languages = list(settings["LANGUAGES"])
    bundle_root = os.path.join(
        settings["OUTPUT_ROOT"], search_settings(settings)["bundle_dir"]
    )
    os.makedirs(bundle_root, exist_ok=True)
    _remove_foreign(bundle_root, languages)
    # Languages indexed by other processes have their state recorded by now
    # and, unless a page changed since, are not indexed again.
    start_indexing(settings, languages)
    finish_indexing(settings)


def register():
    atexit.register(_wait_for_indexing)
    signals.get_generators.connect(_reset)
    signals.finalized.connect(_index_site)
    # Sent by site_speed when a process has written whole languages, before
    # the main process waits for the others: indexing starts early.
    blinker.signal("site_speed.languages_written").connect(_index_written)
