"""Make the trilingual build cheaper than three builds.

(Over 400 lines: parse cache, template cache, shares, render cache and
language fingerprints share module state; splitting them into a package
with one per-build object is issue 17, which reshapes this file.)

i18n_subsites builds every language site from scratch: each one reads and
parses every source file, compiles every template and renders every page.
This plugin removes the repeated work without changing the output:

1. Parse cache. Markdown is converted once per source file per build (all
   language sites share the result) and kept on disk between builds, keyed
   by a hash of the file's bytes and of everything that shapes the
   conversion (Markdown settings and versions), never by mtime. Misses are
   parsed by all cores at once before the build forks, by a Markdown whose
   inline pass skips the patterns that cannot match (inline_patterns.py,
   twice as fast, the same HTML). Metadata is still
   processed by each site, so settings such as the time zone apply as usual.
   Category and tag objects and relative source paths are shared within a
   site instead of being made again for every file.
2. Template cache. Compiled templates are shared by every Jinja
   environment (one per generator per site) and kept on disk; within a
   build, a loaded template is not checked again for changes, and each
   environment translates a message without variables once.
3. Parallel build. The languages to build are laid end to end and cut into
   one equal share per process (plan_shares): on two cores, one process per
   language; with more cores than languages, a language's posts and pages
   are split between processes by a hash of their output name. A process
   reads the content only of the language sites it writes; i18n_subsites'
   links to the others' pages come from the symmetric URL patterns
   (_record_native_urls). Each process, done, sends `languages_written`
   with the languages it wrote whole (site_search starts their indexes);
   the main process waits for the others before the whole-site steps
   (sitemap index, the rest of the search index, assets).
4. Render cache. When the templates, catalogs, settings, plugins, the git
   commit, the build date and every content file's name and front matter are
   unchanged (the build key), list pages are not rendered again, nor are
   posts and pages whose own source text is unchanged: their output files
   are kept. Any change to those inputs renders everything.
5. Unchanged languages. A language whose fingerprint (the build key and the
   text of every file its pages can show: its own, and all versions of
   groups it shows as a fallback copy) is the one of the last successful
   build, and whose files are all in place, is not built at all.

SITE_SPEED = {"parse_cache": True, "template_cache": True, "jobs": 0,
"render_cache": True}; jobs 0 means one process per core and at least one
per language to build (on two cores or more), 1 builds sequentially;
render_cache turns 4. and 5. on.
"""

import atexit
import concurrent.futures
import datetime
import hashlib
import importlib.metadata
import json
import logging
import multiprocessing
import os
import pickle
import re
import subprocess
import sys
import threading
import types
import zlib
import zoneinfo
from fractions import Fraction

import blinker
import jinja2
import markdown
import pelican
from jinja2 import FileSystemBytecodeCache
from pelican import signals
from pelican.cache import FileStampDataCacher
from pelican.contents import Page
from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.plugins.i18n_subsites import i18n_subsites
from pelican.readers import MarkdownReader
from pelican.utils import pelican_open

from .inline_patterns import skip_unmatched_patterns

logger = logging.getLogger(__name__)

# Sent by each process when the pages it writes are all written, with the
# languages it wrote whole (`languages`) and whether the process ends right
# after (`last`, a worker); the main process then waits for the others.
languages_written = blinker.signal("site_speed.languages_written")

DEFAULTS = {"parse_cache": True, "template_cache": True, "jobs": 0,
            "render_cache": True}
# Bump when the cached data's shape or meaning changes.
CACHE_FORMAT = 1
PREPARSE_MIN_FILES = 40  # below this, a process pool costs more than it saves

_parsed = {}  # cache key -> (content html, raw Markdown metadata)
_used_keys = set()  # keys used in this build: what is saved to disk
# (absolute source path, Markdown fingerprint) -> the file's cache key, as
# the pre-parse of this build read it: each language site then needs not
# read and hash the file again.
_source_keys = {}
_saved_keys = set()  # keys in the cache file as last loaded or saved
_share = None  # {lang: (start, end)} this process writes; None: everything
_share_index = 0  # which of the build's shares that is
_jobs = 1  # how many shares (processes) the build has
_workers = []  # [(pid, share)] forked by this process
_to_fork = []  # [(pelican, share, index)] to fork at the first generator
_atexit_registered = False
_manifests = {}  # lang -> render manifest of the last build, for this build
_is_worker = False
_global_key = None  # see build_key()


def speed_settings(settings):
    return {**DEFAULTS, **settings.get("SITE_SPEED", {})}


def is_main_site(settings):
    return settings["DEFAULT_LANG"] not in settings.get("I18N_SUBSITES", {})


def cache_root(settings):
    """The folder that holds every language's CACHE_PATH (cache/)."""
    return os.path.dirname(os.path.normpath(settings["CACHE_PATH"]))


def stable_repr(value):
    """repr() without memory addresses, so it is the same in every run."""
    if isinstance(value, dict):
        items = sorted((str(k), stable_repr(v)) for k, v in value.items())
        return "{" + ", ".join(f"{k}: {v}" for k, v in items) + "}"
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [stable_repr(v) for v in value]
        if isinstance(value, (set, frozenset)):
            items.sort()
        return "[" + ", ".join(items) + "]"
    if callable(value):
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', '')}"
    return repr(value)


def markdown_fingerprint(settings):
    """Everything besides the file's bytes that shapes its HTML.

    MarkdownReader adds the configured extensions (and `meta`) to
    MARKDOWN["extensions"] when it is created, changing the settings; the
    fingerprint is taken of that completed form, so it is the same before
    and after a reader exists (else the pre-parse would cache every file
    under a key the readers never ask for).
    """
    config = dict(settings["MARKDOWN"])
    extensions = list(config.get("extensions", []))
    for name in config.get("extension_configs", {}):
        if name not in extensions:
            extensions.append(name)
    if "markdown.extensions.meta" not in extensions:
        extensions.append("markdown.extensions.meta")
    config["extensions"] = extensions
    config.setdefault("extension_configs", {})
    # An extension's module may name what else shapes its HTML (FINGERPRINT:
    # site_content.sanitize's allow-list), so changing it converts again.
    # A module that does not import fails when Markdown loads it.
    own = []
    for name in extensions:
        try:
            module = (importlib.import_module(name.partition(":")[0])
                      if isinstance(name, str) else sys.modules.get(type(name).__module__))
        except ImportError:
            module = None
        own.append(getattr(module, "FINGERPRINT", None))
    return stable_repr([CACHE_FORMAT, pelican.__version__, markdown.__version__,
                        config, own])


def parse_key(data, fingerprint):
    return hashlib.sha256(fingerprint.encode() + b"\0" + data).hexdigest()


_converters = {}  # Markdown fingerprint -> a reusable Markdown instance


def convert_markdown(reader, source_path):
    """(html, raw metadata) exactly as Pelican's MarkdownReader makes them.

    One Markdown instance per configuration, reset before each file:
    setting up the extensions costs more than a short file's conversion.
    Its inline passes skip the patterns that cannot match (inline_patterns).
    """
    fingerprint = markdown_fingerprint(reader.settings)
    md = _converters.get(fingerprint)
    if md is None:
        md = _converters[fingerprint] = skip_unmatched_patterns(
            markdown.Markdown(**reader.settings["MARKDOWN"]))
    md.reset()
    with pelican_open(source_path) as text:
        content = md.convert(text)
    return content, dict(getattr(md, "Meta", {}))


class _MetadataOnlyMarkdown:
    """Stands in for the Markdown instance that MarkdownReader._parse_metadata
    uses, when no metadata field is Markdown (FORMATTED_FIELDS is empty)."""

    preprocessors = types.SimpleNamespace(deregister=lambda name: None)


# Processed values of date fields, by text: parsing dates with dateutil is a
# good part of reading a file, and the same dates recur in every language.
_dates = {}
# Category, tag and author objects of each language site, by field and text:
# one object per name and site instead of one per file, so each name is
# slugified once (Pelican slugifies it again for every new object). Keyed
# by the site's settings, which shape the slug; cleared at every build.
_wrappers = {}
WRAPPER_FIELDS = ("category", "tags", "author", "authors")


class CachedMarkdownReader(MarkdownReader):
    """MarkdownReader whose conversions are shared and kept on disk."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._fingerprint = markdown_fingerprint(self.settings)

    def process_metadata(self, name, value):
        if not isinstance(value, str):
            return super().process_metadata(name, value)
        if name in ("date", "modified"):
            if value not in _dates:
                _dates[value] = super().process_metadata(name, value)
            return _dates[value]
        if name in WRAPPER_FIELDS:
            key = (id(self.settings), name, value)
            entry = _wrappers.get(key)
            if entry is None or entry[0] is not self.settings:
                entry = _wrappers[key] = (self.settings,
                                          super().process_metadata(name, value))
            # A new list for every file: lists of tags may be changed per post.
            return list(entry[1]) if isinstance(entry[1], list) else entry[1]
        return super().process_metadata(name, value)

    def read(self, source_path):
        key = _source_keys.get((source_path, self._fingerprint))
        if key not in _parsed:
            # A miss converts the file as it is now: its key must be of
            # these bytes, not of those the pre-parse saw (edited since?).
            with open(source_path, "rb") as source:
                key = parse_key(source.read(), self._fingerprint)
        if key not in _parsed:
            _parsed[key] = convert_markdown(self, source_path)
        _used_keys.add(key)
        content, raw_metadata = _parsed[key]
        self._source_path = source_path
        if self.settings["FORMATTED_FIELDS"]:
            self._md = markdown.Markdown(**self.settings["MARKDOWN"])
        else:
            self._md = _MetadataOnlyMarkdown()
        # _parse_metadata builds new values; the cached lists stay untouched.
        metadata = self._parse_metadata(raw_metadata) if raw_metadata else {}
        return content, metadata


# Paths of content files relative to content/, by (PATH, source path).
# Pelican computes one (two abspath and a relpath) every time it formats a
# URL or save_as, thousands of times per language site. Cleared every build.
_relative_paths = {}


class RelativePathMemo:
    """Mixed into the content classes the readers create (see
    memo_class): the same relative path, computed once per file."""

    def get_relative_source_path(self, source_path=None):
        if not source_path:
            source_path = self.source_path
        if source_path is None:
            return None
        key = (self.settings["PATH"], source_path)
        found = _relative_paths.get(key)
        if found is None:
            found = _relative_paths[key] = super().get_relative_source_path(source_path)
        return found


_memo_classes = {}


def memo_class(content_class):
    """`content_class` with RelativePathMemo, under the same name (Pelican
    reads its settings by the class name, e.g. PAGE_URL)."""
    if content_class not in _memo_classes:
        _memo_classes[content_class] = type(
            content_class.__name__, (RelativePathMemo, content_class),
            {"__module__": content_class.__module__,
             "__qualname__": content_class.__qualname__})
    return _memo_classes[content_class]


def _use_cached_reader(readers):
    if not speed_settings(readers.settings)["parse_cache"]:
        return
    for extension, reader_class in list(readers.reader_classes.items()):
        if reader_class is MarkdownReader:
            readers.reader_classes[extension] = CachedMarkdownReader
    read_file = readers.read_file

    def read_with_memo(base_path, path, content_class=Page, *args, **kwargs):
        return read_file(base_path, path, memo_class(content_class), *args, **kwargs)

    readers.read_file = read_with_memo


def _skip_file_stamps(generator):
    """With Pelican's own content cache off (and so empty), the stamps its
    generators and readers take of every file, twice per read (a stat
    each), are never compared to anything."""
    settings = generator.settings
    if settings["CACHE_CONTENT"] or settings["LOAD_CONTENT_CACHE"]:
        return
    for cacher in (generator, getattr(generator, "readers", None)):
        if isinstance(cacher, FileStampDataCacher):
            cacher._get_file_stamp = _no_stamp


def _no_stamp(_filename):
    return b""


# --- 1. parse cache: load, pre-parse in parallel, save ----------------------

def _parse_cache_file(settings):
    return os.path.join(cache_root(settings), "site_speed", "parsed.pickle")


def load_parse_cache(path):
    try:
        with open(path, "rb") as cache:
            data = pickle.load(cache)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save_pickle(path, data):
    """Write atomically, so an interrupted build leaves the old cache."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    # A name of its own: a save may still run when the next build saves.
    temporary = f"{path}.{os.getpid()}.{threading.get_ident()}.tmp"
    with open(temporary, "wb") as cache:
        pickle.dump(data, cache, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(temporary, path)


def source_files(settings):
    """Every Markdown source the article and page generators will read."""
    extensions = tuple("." + ext for ext in MarkdownReader.file_extensions)
    found = []
    for folder in settings["ARTICLE_PATHS"] + settings["PAGE_PATHS"]:
        for root, _dirs, files in os.walk(os.path.join(settings["PATH"], folder)):
            found.extend(os.path.join(root, name) for name in sorted(files)
                         if name.endswith(extensions))
    return found


_pool_reader = None


def _pool_init(settings):
    global _pool_reader  # noqa: PLW0603 - one reader per pool process
    _pool_reader = MarkdownReader(settings)


def _pool_convert(job):
    key, path = job
    try:
        return key, convert_markdown(_pool_reader, path)
    except Exception:  # noqa: BLE001 - the build reads the file again and reports it
        return key, None


def preparse(settings, jobs):
    """Convert every uncached source before the build forks, on all cores
    when there are many: each process then reads only its own languages,
    and everything converted is in the cache the main process saves."""
    fingerprint = markdown_fingerprint(settings)
    missing = []
    for path in source_files(settings):
        try:
            with open(path, "rb") as source:
                key = parse_key(source.read(), fingerprint)
        except OSError:
            continue
        _used_keys.add(key)
        _source_keys[(os.path.abspath(path), fingerprint)] = key
        if key not in _parsed:
            missing.append((key, path))
    if len(missing) < PREPARSE_MIN_FILES or jobs < 2:
        _pool_init(settings)
        for job in missing:
            key, result = _pool_convert(job)
            if result is not None:
                _parsed[key] = result
        return
    context = multiprocessing.get_context("fork")
    with concurrent.futures.ProcessPoolExecutor(
        jobs, mp_context=context, initializer=_pool_init, initargs=(settings,)
    ) as pool:
        for key, result in pool.map(_pool_convert, missing, chunksize=16):
            if result is not None:
                _parsed[key] = result


# --- 2. template cache -----------------------------------------------------

class SharedBytecodeCache(FileSystemBytecodeCache):
    """Compiled templates shared by every environment and kept on disk.

    The i18n extension compiles differently with new-style gettext, so that
    flag is part of the key; Jinja checks the source checksum itself.
    """

    def __init__(self, directory):
        super().__init__(directory)
        self._memory = {}

    def get_bucket(self, environment, name, filename, source):
        key = hashlib.sha1(
            f"{name}|{filename}|{environment.newstyle_gettext}|"
            f"{sorted(environment.extensions)}".encode()).hexdigest()
        checksum = self.get_source_checksum(source)
        bucket = jinja2.bccache.Bucket(environment, key, checksum)
        if key in self._memory:
            bucket.bytecode_from_string(self._memory[key])
            if bucket.code is not None:
                return bucket
            bucket.reset()
        self.load_bytecode(bucket)
        return bucket

    def set_bucket(self, bucket):
        self._memory[bucket.key] = bucket.bytecode_to_string()
        self.dump_bytecode(bucket)


_bytecode_cache = None


def _share_templates(generator):
    global _bytecode_cache  # noqa: PLW0603 - one cache per process
    if not speed_settings(generator.settings)["template_cache"]:
        return
    if _bytecode_cache is None:
        folder = os.path.join(cache_root(generator.settings), "site_speed", "jinja")
        os.makedirs(folder, exist_ok=True)
        _bytecode_cache = SharedBytecodeCache(folder)
    generator.env.bytecode_cache = _bytecode_cache
    # Every build makes new environments, so a template cannot change under
    # one: no need to stat its file again at each of the ~60 000 lookups.
    generator.env.auto_reload = False


def memoize_gettext(generator):
    """Jinja's new-style gettext looks the message up, marks it safe and
    formats it at every call: some 25 calls a page, for a few dozen
    messages. Without variables the result depends on the message alone,
    so each environment keeps it. Called when the generator starts writing:
    i18n_subsites installs the translations just before."""
    env = getattr(generator, "env", None)
    if env is None or not speed_settings(generator.settings)["template_cache"]:
        return
    gettext = env.globals.get("gettext")
    if gettext is None or not getattr(env, "newstyle_gettext", False) \
            or hasattr(gettext, "memo"):
        return
    env.globals["gettext"] = _memo_gettext(gettext)


def _memo_gettext(gettext):
    @jinja2.pass_context
    def memo_gettext(context, message, /, **variables):
        # Positional-only, as in Jinja: `message=` may be a variable. With
        # autoescape off the stock result is not Markup: not kept.
        if variables or not context.eval_ctx.autoescape:
            return gettext(context, message, **variables)
        if message not in memo_gettext.memo:
            memo_gettext.memo[message] = gettext(context, message)
        return memo_gettext.memo[message]

    memo_gettext.memo = {}
    return memo_gettext


# --- 3. parallel build ----------------------------------------------------

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
    return Fraction(zlib.crc32(name.encode()), 2 ** 32)


def _start_build(pelican_obj):
    """At the start of each main build: caches, pre-parse, build key,
    languages to build and their shares (forked at the first generator)."""
    global _share, _share_index, _global_key, _jobs  # noqa: PLW0603
    settings = pelican_obj.settings
    if not is_main_site(settings) or _is_worker:
        return
    config = speed_settings(settings)
    _used_keys.clear()
    _source_keys.clear()
    # Workers of a build that failed in this process (the autoreload loop
    # goes on) finish before this build writes anything.
    _wait_for_workers()
    _to_fork.clear()
    _wrappers.clear()
    _relative_paths.clear()
    _manifests.clear()
    _global_key = None
    _fingerprints.clear()
    main_lang = settings["DEFAULT_LANG"]
    # The main language first: the main process is its primary, and the
    # root pages, written with the main site, are its to write.
    languages = [main_lang] + [x for x in settings["LANGUAGES"] if x != main_lang]
    jobs = None
    if config["parse_cache"]:
        if not _parsed:
            _parsed.update(load_parse_cache(_parse_cache_file(settings)))
            _saved_keys.clear()
            _saved_keys.update(_parsed)
        # Converting is all CPU: one process per core, even when the build
        # runs more processes than cores.
        preparse(settings, speed_settings(settings)["jobs"] or os.cpu_count() or 1)
    if config["render_cache"]:
        digests, statuses = {}, {}
        _global_key = build_key(settings, digests, statuses)
        _fingerprints.update(language_fingerprints(settings, languages, digests,
                                                   statuses))
        previous = load_language_state(settings)
        languages = languages_to_build(settings, languages, previous)
        if previous.get("key") == _global_key:
            # Only texts changed: a few posts and pages to render, so no
            # language is worth splitting between processes.
            jobs = min(len(languages), job_count(settings, len(languages)))
        forget_languages(settings, languages)
    else:
        # A build without the render cache writes pages it does not record.
        forget_languages(settings, list(settings["LANGUAGES"]))
    if jobs is None:
        jobs = job_count(settings, len(languages))
    jobs = _jobs = max(1, jobs)
    shares = plan_shares(languages, jobs)
    _share, _share_index = shares[0], 0
    _to_fork[:] = [(pelican_obj, share, index)
                   for index, share in enumerate(shares[1:], start=1)]


def _fork_workers(generator):
    """At the first generator of the main site, once every get_generators
    handler is done (site_checks' verdict comes just before, at this same
    signal): one process per other share. Nothing has been read yet."""
    if not _to_fork:
        return
    forks = list(_to_fork)
    _to_fork.clear()
    del generator
    sys.stdout.flush()
    sys.stderr.flush()
    for pelican_obj, share, index in forks:
        pid = os.fork()
        if pid == 0:
            _run_worker(pelican_obj, share, index)
        _workers.append((pid, share))


def _run_worker(pelican_obj, share, index):
    """In a forked process: build again from the start, write `share` only,
    and exit. The build this process was forked from is never resumed, and
    no error can carry it on into the caller (e.g. the autoreload loop)."""
    global _share, _share_index, _is_worker  # noqa: PLW0603
    _is_worker = True
    _share, _share_index = share, index
    _workers.clear()
    _to_fork.clear()
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
    if _share is None:
        return list(settings["LANGUAGES"])
    return [lang for lang, (start, end) in _share.items() if start == 0 and end == 1]


def site_share(settings):
    """(start, end) of this language site in this process; None: not built."""
    if _share is None:
        return (Fraction(0), Fraction(1))
    return _share.get(settings["DEFAULT_LANG"])


def _skip_context(generator):
    """generate_context of a site this process does not write: no file is
    read. The lists stay empty; the context gets the names templates and
    plugins look up."""
    if isinstance(generator, ArticlesGenerator):
        generator._update_context(("articles", "drafts", "hidden_articles", "dates",
                                   "tags", "categories", "authors", "related_posts"))
    else:
        generator._update_context(("pages", "hidden_pages", "draft_pages"))


def _build_only_own_sites(generator):
    """Posts and pages are read only by the sites this process writes."""
    if site_share(generator.settings) is not None:
        return
    if isinstance(generator, (ArticlesGenerator, PagesGenerator)):
        generator.generate_context = types.MethodType(_skip_context, generator)


def native_url(item):
    """The URL `item` has in the site of its own language (what
    i18n_subsites records when that site reads it)."""
    if hasattr(item, "override_url"):
        return item.override_url
    return item._expand_settings("url")  # noqa: SLF001 - as in_default_lang


def _record_native_urls(generator):
    """i18n_subsites links each translation to the URL its own language
    site recorded. A site this process does not build records nothing, so
    the sites it builds record every item's native URL themselves; the URL
    patterns are the same in every language (see pelicanconf.py), so the
    URL is the one that site would have recorded. Runs before the
    i18n_subsites filter turns other languages' posts into drafts."""
    if _share is None or len(_share) == len(generator.settings["LANGUAGES"]):
        return
    names = ["articles", "translations", "hidden_articles", "hidden_translations",
             "drafts", "drafts_translations", "pages", "hidden_pages",
             "draft_pages", "draft_translations"]
    for name in names:
        for item in getattr(generator, name, []):
            i18n_subsites._NATIVE_CONTENT_URL_DB.setdefault(  # noqa: SLF001
                item.source_path, native_url(item))


def _skip_output(writer):
    """generate_output of a generator that another process writes."""
    del writer


def _assign_output(generators):
    """Leave what other processes write; wrap the writer for the share and
    the render cache."""
    settings = generators[0].settings
    lang = settings["DEFAULT_LANG"]
    share = site_share(settings)
    if share is None:
        for generator in generators:
            generator.generate_output = _skip_output
        return
    primary = share[0] == 0
    manifest = _manifests.get(lang, {}) if _global_key is not None else None
    written = {}
    if manifest is not None:
        _written_manifests[lang] = written
    for generator in generators:
        if not primary and not isinstance(generator, (ArticlesGenerator, PagesGenerator)):
            generator.generate_output = _skip_output
            continue
        original = generator.generate_output

        def generate_output(writer, _original=original, _generator=generator):
            memoize_gettext(_generator)
            _original(ShareWriter(writer, share, manifest, written))

        generator.generate_output = generate_output


class BuildFailed(Exception):
    """A worker process failed: the build is not complete."""


def _wait_for_workers():
    """Wait for every worker; the languages of those that failed."""
    failed = []
    for pid, share in _workers:
        _pid, status = os.waitpid(pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            failed.append("/".join(share))
    _workers.clear()
    return failed


def _finish_build(pelican_obj):
    """First finalized handler: workers stop here, the main process waits."""
    settings = pelican_obj.settings
    lang = settings["DEFAULT_LANG"]
    if lang in _written_manifests:
        save_manifest(settings, lang, _written_manifests.pop(lang))
    if not is_main_site(settings):
        return
    # The languages this process wrote whole are complete: steps that work
    # on one language at a time (the search index) can start on them while
    # other processes still render. A worker ends here, so it waits for them.
    if _is_worker:
        languages_written.send(pelican_obj, languages=whole_languages(settings),
                               last=True)
        # The whole-site steps that follow (sitemap, search index, assets)
        # belong to the main process, once every worker is done.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)
    try:
        languages_written.send(pelican_obj, languages=whole_languages(settings),
                               last=False)
    finally:
        # Even when a handler failed: pelican never exits before its workers.
        failed = _wait_for_workers()
    if failed:
        save_language_state(settings, {})
        raise BuildFailed(f"the build of {', '.join(failed)} failed (see above)")
    if _fingerprints:
        save_language_state(settings, {**_fingerprints, "key": _global_key})
    if speed_settings(settings)["parse_cache"]:
        kept = {key: _parsed[key] for key in _used_keys if key in _parsed}
        if set(kept) != _saved_keys:
            _saved_keys.clear()
            _saved_keys.update(kept)
            # Pickling takes a moment and the GIL, which the main thread
            # mostly leaves alone from here on (Pagefind runs as its own
            # processes); the interpreter waits for the thread at exit.
            threading.Thread(target=save_pickle, name="site_speed-parse-cache",
                             args=(_parse_cache_file(settings), kept)).start()


# --- 4. render cache -------------------------------------------------------

_written_manifests = {}  # lang -> {output name: render key} of this build


def _manifest_file(settings, lang):
    """One manifest per language and share (processes write their own)."""
    return os.path.join(cache_root(settings), "site_speed",
                        f"render-{lang}-{_share_index + 1}-of-{_jobs}.json")


def load_manifest(settings, lang):
    """Every share's manifest of `lang`, newest last: which process wrote a
    page before does not matter, only its key and its files."""
    folder = os.path.join(cache_root(settings), "site_speed")
    names = _manifest_names(folder, lang)
    paths = sorted((os.path.join(folder, n) for n in names), key=_mtime)
    merged = {}
    for path in paths:
        try:
            with open(path, encoding="utf-8") as manifest:
                data = json.load(manifest)
        except (OSError, ValueError):
            continue
        if isinstance(data, dict):
            merged.update(data)
    return merged


def _manifest_names(folder, lang):
    try:
        return [n for n in os.listdir(folder)
                if n.startswith(f"render-{lang}-") and n.endswith(".json")]
    except OSError:
        return []


def _mtime(path):
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return 0


def save_manifest(settings, lang, manifest):
    path = _manifest_file(settings, lang)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path + ".tmp", "w", encoding="utf-8") as out:
        json.dump(manifest, out, sort_keys=True)
    os.replace(path + ".tmp", path)


def _hash_tree(digest, folder, suffixes=None):
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            if suffixes and not name.endswith(suffixes):
                continue
            path = os.path.join(root, name)
            digest.update(os.path.relpath(path, folder).encode() + b"\0")
            with open(path, "rb") as source:
                digest.update(hashlib.sha256(source.read()).digest())


def front_matter(data):
    """The metadata block of a Markdown source: lines before the first blank."""
    head, _, _ = data.replace(b"\r\n", b"\n").partition(b"\n\n")
    return head


# Python-Markdown's meta extension allows up to three spaces before a key.
STATUS_RE = re.compile(rb"(?im)^[ ]{0,3}status:[ \t]*(\S+)")


def build_key(settings, digests=None, statuses=None):
    """A hash of every input that can change a page other than its own text:
    settings, theme, catalogs, plugins, versions, all content files' names
    and front matter, the other files in content/ (media), and the date."""
    digest = hashlib.sha256()
    # MARKDOWN in the form that does not change once a reader exists.
    picklable = {k: v for k, v in settings.items() if k.isupper() and k != "MARKDOWN"}
    digest.update(stable_repr(picklable).encode())
    digest.update(markdown_fingerprint(settings).encode())
    digest.update(installed_versions().encode())
    _hash_tree(digest, settings["THEME"])
    for folder in settings.get("PLUGIN_PATHS", []):
        _hash_tree(digest, folder, (".py",))
    markdown_suffixes = tuple("." + ext for ext in MarkdownReader.file_extensions)
    for root, dirs, files in os.walk(settings["PATH"]):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(root, name)
            with open(path, "rb") as source:
                data = source.read()
            relative = os.path.relpath(path, settings["PATH"])
            whole = hashlib.sha256(data).digest()
            if digests is not None:
                digests[relative] = whole
            digest.update(relative.encode() + b"\0")
            if name.endswith(markdown_suffixes):
                head = front_matter(data)
                digest.update(head)
                if statuses is not None:
                    head = head.removeprefix(b"\xef\xbb\xbf")
                    found = STATUS_RE.search(head)
                    statuses[relative] = (found[1].decode("utf-8", "replace").lower()
                                          if found else "published")
                # Without a Summary, lists show the start of the text.
                if b"\nsummary:" not in b"\n" + head.lower():
                    digest.update(whole)
            else:
                digest.update(whole)
    digest.update(str(_today(settings)).encode())
    # Translation status falls back to commit dates (site_status).
    digest.update(git_commit(settings["PATH"]).encode())
    return digest.hexdigest()


# --- 5. unchanged languages ------------------------------------------------

_fingerprints = {}  # lang -> fingerprint of this build (language_fingerprints)


def language_sources(settings, relatives, statuses=None):
    """{lang: content files whose text a page of that language can show}:
    its own posts and pages, every version of a translation group that
    lacks the language (one of them is its fallback copy), and files whose
    name gives no known language. Other files reach its pages only through
    their names and front matter, which the build key covers."""
    pattern = re.compile(settings["FILENAME_METADATA"])
    post_folders = tuple(f.strip("/") + "/" for f in settings["ARTICLE_PATHS"])
    page_folders = tuple(f.strip("/") + "/" for f in settings["PAGE_PATHS"])
    languages = list(settings["LANGUAGES"])
    # Posts and pages are grouped apart (two generators), and so are
    # published, hidden and draft versions (site_i18n gives each status its
    # own fallbacks): a hidden Russian page does not stand in for a
    # published one, so the Russian site shows a copy of the English page.
    statuses = statuses or {}
    groups = {}  # (is a post, status, slug) -> {lang: [relative paths]}
    everywhere = []
    for relative in relatives:
        posix = relative.replace(os.sep, "/")
        if not posix.startswith(post_folders + page_folders):
            continue
        stem = os.path.splitext(os.path.basename(relative))[0]
        match = pattern.match(stem)
        found = match.groupdict() if match else {}
        lang, slug = found.get("lang"), found.get("slug")
        if not slug or lang not in languages:
            everywhere.append(relative)
            continue
        group = (posix.startswith(post_folders), statuses.get(relative, "published"),
                 slug)
        groups.setdefault(group, {}).setdefault(lang, []).append(relative)
    shown = {lang: set(everywhere) for lang in languages}
    for versions in groups.values():
        every_version = [path for paths in versions.values() for path in paths]
        for lang in languages:
            shown[lang].update(versions.get(lang, every_version))
    return shown


def language_fingerprints(settings, languages, digests, statuses):
    """{lang: hash of the build key and of the text of every file its pages
    can show}: equal fingerprints, equal language site."""
    shown = language_sources(settings, digests, statuses)
    fingerprints = {}
    for lang in languages:
        digest = hashlib.sha256(_global_key.encode())
        for relative in sorted(shown[lang]):
            digest.update(relative.encode() + b"\0" + digests[relative])
        fingerprints[lang] = digest.hexdigest()
    return fingerprints


def _language_state_file(settings):
    return os.path.join(cache_root(settings), "site_speed", "languages.json")


def save_language_state(settings, fingerprints):
    path = _language_state_file(settings)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path + ".tmp", "w", encoding="utf-8") as out:
        json.dump(fingerprints, out, sort_keys=True)
    os.replace(path + ".tmp", path)


def load_language_state(settings):
    """{lang: fingerprint, "key": build key} of the last successful build."""
    try:
        with open(_language_state_file(settings), encoding="utf-8") as state:
            previous = json.load(state)
    except (OSError, ValueError):
        return {}
    return previous if isinstance(previous, dict) else {}


def forget_languages(settings, languages):
    """Before anything is written: the languages this build writes lose
    their recorded state (fingerprint and render manifests, kept in memory
    for this build), so that a build that fails or is interrupted half-way
    is never taken for a finished one. Success records them again."""
    folder = os.path.join(cache_root(settings), "site_speed")
    for lang in languages:
        if lang not in _manifests:  # read already if its output was checked
            _manifests[lang] = load_manifest(settings, lang)
        for name in _manifest_names(folder, lang):
            os.remove(os.path.join(folder, name))
    previous = load_language_state(settings)
    kept = {lang: fingerprint for lang, fingerprint in previous.items()
            if lang in settings["LANGUAGES"] and lang not in languages}
    if kept != previous:
        save_language_state(settings, kept)


def languages_to_build(settings, languages, previous):
    """The languages whose fingerprint changed since the last successful
    build, or whose output is incomplete; the others are neither read nor
    written (their sitemaps, feeds and search indexes stand too)."""
    output_root = settings["OUTPUT_ROOT"]
    changed = []
    for lang in languages:
        if previous.get(lang) != _fingerprints[lang] or not _output_complete(
                settings, output_root, lang):
            changed.append(lang)
    if len(changed) < len(languages):
        logger.info("site_speed: %s unchanged since the last build",
                    ", ".join(x for x in languages if x not in changed) or "nothing")
    return changed


def _output_complete(settings, output_root, lang):
    """Every file the render manifests list for `lang` is in place, and so
    are the files written outside them: the language's sitemap and
    calendar and, for the main language, the root pages, the sitemap index,
    robots.txt, the theme files and the copied content files."""
    folder = os.path.join(output_root, lang)
    required = [os.path.join(folder, "index.html"),
                os.path.join(output_root, f"sitemap-{lang}.xml")]
    calendar = settings.get("SITE_EVENTS", {}).get("calendar")
    if calendar:
        required.append(os.path.join(folder, calendar))
    if lang == settings["DEFAULT_LANG"]:
        required += [os.path.join(output_root, name) for name in (
            "index.html", "404.html", "sitemap.xml", "sitemap-root.xml", "robots.txt")]
        theme = os.path.normpath(os.path.join(settings["OUTPUT_PATH"],
                                              settings["THEME_STATIC_DIR"]))
        if not os.path.isdir(theme):
            return False
        for static in settings["STATIC_PATHS"]:
            source = os.path.join(settings["PATH"], static)
            for root, _dirs, files in os.walk(source):
                relative = os.path.relpath(root, settings["PATH"])
                required += [os.path.join(output_root, relative, name) for name in files]
    if not all(os.path.exists(path) for path in required):
        return False
    _manifests[lang] = load_manifest(settings, lang)
    for entry in _manifests[lang].values():
        if not isinstance(entry, dict):
            return False
        for relative in entry.get("files", []):
            if not os.path.exists(os.path.join(folder, relative)):
                return False
    return True


def installed_versions():
    """Python and every installed package with its version: an upgrade of
    Babel, icalendar or a Pelican plugin can change pages too."""
    packages = sorted(f"{dist.metadata['Name']}=={dist.version}"
                      for dist in importlib.metadata.distributions())
    return "\n".join([sys.version, *packages])


def in_git_work_tree(folder):
    """Whether `folder` is inside a git work tree (has a .git above it).
    (site_status has the same test; plugins load in order, so site_speed,
    loaded before it, cannot import it.)"""
    path = os.path.abspath(folder)
    while not os.path.exists(os.path.join(path, ".git")):
        if os.path.dirname(path) == path:
            return False
        path = os.path.dirname(path)
    return True


def git_commit(folder):
    """The checked-out commit of `folder`, or "" outside a git work tree (and,
    with a warning, inside one without the git program)."""
    try:
        result = subprocess.run(["git", "rev-parse", "HEAD"], cwd=folder,
                                capture_output=True, text=True, check=False)
    except OSError as error:
        if in_git_work_tree(folder):
            logger.warning("site_speed: %s is in a git work tree, but git cannot run "
                           "(%s): the build key leaves out the commit, whose dates "
                           "site_status reads. Install git (apt-get install git).",
                           folder, error)
        return ""
    return result.stdout.strip() if result.returncode == 0 else ""


def _today(settings):
    """The build date as site_events sees it: in the site's time zone."""
    events = settings.get("SITE_EVENTS", {})
    if events.get("today"):
        return events["today"]
    return datetime.datetime.now(zoneinfo.ZoneInfo(settings["TIMEZONE"])).date()


def item_key(item):
    """The build key plus the bytes of the item's own source text."""
    source = getattr(item, "fallback_source", item)
    digest = hashlib.sha256(_global_key.encode())
    with open(source.source_path, "rb") as text:
        digest.update(text.read())
    return digest.hexdigest()


_collected = None  # output paths written while a list page is rendered


def _collect_written(path, context):
    del context
    if _collected is not None:
        _collected.append(path)


class ShareWriter:
    """Wraps a language site's writer: writes only this process's share,
    and renders a page only if its render key changed.

    A post or page (a write with an `article` or `page` and nothing else) is
    written by the process whose share holds its output name; any other
    write (lists, feeds) by the language's primary process. The primary
    announces the posts and pages another process writes (content_written),
    so plugins that list written pages, such as the sitemap, see them all.

    With the render cache on (`previous` is a dict), a post or page is keyed
    by the build key and its own source text, any other write by the build
    key and its name; a write whose key and files are unchanged is skipped
    but still announced.
    """

    def __init__(self, writer, share, previous, written):
        self._writer = writer
        self._start, self._end = share
        self._primary = self._start == 0
        self._previous = previous
        self._written = written

    def __getattr__(self, name):
        return getattr(self._writer, name)

    def write_feed(self, elements, context, path=None, *args, **kwargs):
        if not self._primary:
            return None
        if path and self._previous is not None:
            # Feeds are always written; listed so that a missing feed makes
            # its language incomplete (see _output_complete).
            self._written[f"feed:{path}"] = {"key": None, "files": [path]}
        return self._writer.write_feed(elements, context, path, *args, **kwargs)

    def _announce(self, files, context, kwargs):
        output = self._writer.output_path
        for relative in files:
            localcontext = context.copy()
            localcontext["localsiteurl"] = localcontext.get("localsiteurl")
            localcontext["output_file"] = relative
            localcontext.update(kwargs)
            signals.content_written.send(os.path.join(output, relative),
                                         context=localcontext)

    def write_file(self, name, template, context, relative_urls=False,
                   paginated=None, template_name=None, override_output=False,
                   url=None, **kwargs):
        global _collected  # noqa: PLW0603 - set only around one write
        if not name:
            return None
        item = kwargs.get("article") or kwargs.get("page")
        extra = set(kwargs) - {"article", "page", "category", "blog"}
        is_item = item is not None and not extra
        if not is_item and not self._primary:
            return None
        if is_item and not self._start <= page_position(name) < self._end:
            if self._primary:
                self._announce([name], context, kwargs)
            return None
        key = None
        if self._previous is not None:
            if is_item:
                key = item_key(item)
            else:
                key = hashlib.sha256(f"{_global_key}|{name}".encode()).hexdigest()
            previous = self._previous.get(name)
            if not isinstance(previous, dict):
                previous = {}
            output = self._writer.output_path
            files = previous.get("files", []) if previous.get("key") == key else []
            if files and all(os.path.exists(os.path.join(output, f)) for f in files):
                self._written[name] = previous
                self._announce(files, context, kwargs)
                return None
        _collected = []
        try:
            result = self._writer.write_file(
                name, template, context, relative_urls, paginated, template_name,
                override_output, url, **kwargs)
            if key is not None:
                output = self._writer.output_path
                self._written[name] = {
                    "key": key,
                    "files": [os.path.relpath(path, output) for path in _collected],
                }
        finally:
            _collected = None
        return result


def register():
    # A main process that stops on an error still waits for its workers,
    # so that nothing writes into output/ after pelican has exited.
    global _atexit_registered  # noqa: PLW0603 - once per process
    if not _atexit_registered:
        atexit.register(_wait_for_workers)
        _atexit_registered = True
    signals.get_generators.connect(_start_build)
    signals.readers_init.connect(_use_cached_reader)
    signals.generator_init.connect(_share_templates)
    signals.generator_init.connect(_skip_file_stamps)
    signals.generator_init.connect(_build_only_own_sites)
    signals.generator_init.connect(_fork_workers)
    signals.article_generator_pretaxonomy.connect(_record_native_urls)
    signals.page_generator_finalized.connect(_record_native_urls)
    signals.all_generators_finalized.connect(_assign_output)
    signals.finalized.connect(_finish_build)
    signals.content_written.connect(_collect_written)
