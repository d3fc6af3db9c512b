"""Parse cache: each Markdown source is converted once per build, whatever
the number of language sites, and kept on disk between builds.

A conversion is keyed by a hash of the file's bytes and of everything that
shapes it (Markdown settings and versions, markdown_fingerprint), never by
mtime, and kept in cache/site_speed/parsed.pickle. Misses are converted by
all cores at once before the build forks (preparse), by a Markdown whose
inline pass skips the patterns that cannot match (inline_patterns.py, twice
as fast, the same HTML). Metadata is still processed by each site, so
settings such as the time zone apply as usual; category and tag objects,
dates and relative source paths are shared within a site instead of being
made again for every file. The stock reader's internals this relies on are
listed in patches.py.
"""

import concurrent.futures
import hashlib
import importlib
import multiprocessing
import os
import pickle
import sys
import threading
import types

import markdown
import pelican
from pelican.readers import MarkdownReader
from pelican.utils import pelican_open

from . import patches, state
from .config import cache_root, speed_settings
from .inline_patterns import skip_unmatched_patterns

# Bump when the cached data's shape or meaning changes.
CACHE_FORMAT = 1
PREPARSE_MIN_FILES = 40  # below this, a process pool costs more than it saves


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
        return (
            f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', '')}"
        )
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
            module = (
                importlib.import_module(name.partition(":")[0])
                if isinstance(name, str)
                else sys.modules.get(type(name).__module__)
            )
        except ImportError:
            module = None
        own.append(getattr(module, "FINGERPRINT", None))
    return stable_repr(
        [CACHE_FORMAT, pelican.__version__, markdown.__version__, config, own]
    )


def parse_key(data, fingerprint):
    return hashlib.sha256(fingerprint.encode() + b"\0" + data).hexdigest()


def convert_markdown(reader, source_path):
    """(html, raw metadata) exactly as Pelican's MarkdownReader makes them.

    One Markdown instance per configuration, reset before each file:
    setting up the extensions costs more than a short file's conversion.
    Its inline passes skip the patterns that cannot match (inline_patterns).
    """
    converters = state.current().converters
    fingerprint = markdown_fingerprint(reader.settings)
    md = converters.get(fingerprint)
    if md is None:
        md = converters[fingerprint] = skip_unmatched_patterns(
            markdown.Markdown(**reader.settings["MARKDOWN"])
        )
    md.reset()
    with pelican_open(source_path) as text:
        content = md.convert(text)
    return content, dict(getattr(md, "Meta", {}))


class _MetadataOnlyMarkdown:
    """Stands in for the Markdown instance that MarkdownReader._parse_metadata
    uses, when no metadata field is Markdown (FORMATTED_FIELDS is empty)."""

    preprocessors = types.SimpleNamespace(deregister=lambda name: None)


# Category, tag and author fields: their objects are shared (BuildState.wrappers).
WRAPPER_FIELDS = ("category", "tags", "author", "authors")


class CachedMarkdownReader(MarkdownReader):
    """MarkdownReader whose conversions are shared and kept on disk."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._fingerprint = markdown_fingerprint(self.settings)

    def process_metadata(self, name, value):
        if not isinstance(value, str):
            return super().process_metadata(name, value)
        build = state.current()
        if name in ("date", "modified"):
            if value not in build.dates:
                build.dates[value] = super().process_metadata(name, value)
            return build.dates[value]
        if name in WRAPPER_FIELDS:
            key = (id(self.settings), name, value)
            entry = build.wrappers.get(key)
            if entry is None or entry[0] is not self.settings:
                entry = build.wrappers[key] = (
                    self.settings,
                    super().process_metadata(name, value),
                )
            # A new list for every file: lists of tags may be changed per post.
            return list(entry[1]) if isinstance(entry[1], list) else entry[1]
        return super().process_metadata(name, value)

    def read(self, source_path):
        build = state.current()
        key = build.source_keys.get((source_path, self._fingerprint))
        if key not in build.parsed:
            # A miss converts the file as it is now: its key must be of
            # these bytes, not of those the pre-parse saw (edited since?).
            with open(source_path, "rb") as source:
                key = parse_key(source.read(), self._fingerprint)
        if key not in build.parsed:
            build.parsed[key] = convert_markdown(self, source_path)
        build.used_keys.add(key)
        content, raw_metadata = build.parsed[key]
        self._source_path = source_path
        if self.settings["FORMATTED_FIELDS"]:
            self._md = markdown.Markdown(**self.settings["MARKDOWN"])
        else:
            self._md = _MetadataOnlyMarkdown()
        # _parse_metadata builds new values; the cached lists stay untouched.
        metadata = self._parse_metadata(raw_metadata) if raw_metadata else {}
        return content, metadata


class RelativePathMemo:
    """Mixed into the content classes the readers create (see
    memo_class): the same relative path, computed once per file."""

    def get_relative_source_path(self, source_path=None):
        if not source_path:
            source_path = self.source_path
        if source_path is None:
            return None
        relative_paths = state.current().relative_paths
        key = (self.settings["PATH"], source_path)
        found = relative_paths.get(key)
        if found is None:
            found = relative_paths[key] = super().get_relative_source_path(source_path)
        return found


def memo_class(content_class):
    """`content_class` with RelativePathMemo, under the same name (Pelican
    reads its settings by the class name, e.g. PAGE_URL)."""
    memo_classes = state.current().memo_classes
    if content_class not in memo_classes:
        memo_classes[content_class] = type(
            content_class.__name__,
            (RelativePathMemo, content_class),
            {
                "__module__": content_class.__module__,
                "__qualname__": content_class.__qualname__,
            },
        )
    return memo_classes[content_class]


def use_cached_reader(readers):
    """readers_init: CachedMarkdownReader reads Markdown, and the content
    classes get RelativePathMemo."""
    if not speed_settings(readers.settings)["parse_cache"]:
        return
    patches.use_reader_class(readers, MarkdownReader, CachedMarkdownReader)
    patches.wrap_content_class(readers, memo_class)


def skip_file_stamps(generator):
    """With Pelican's own content cache off (and so empty), the stamps its
    generators and readers take of every file, twice per read (a stat
    each), are never compared to anything."""
    settings = generator.settings
    if settings["CACHE_CONTENT"] or settings["LOAD_CONTENT_CACHE"]:
        return
    patches.drop_file_stamps(generator)


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
            found.extend(
                os.path.join(root, name)
                for name in sorted(files)
                if name.endswith(extensions)
            )
    return found


def _pool_init(settings):
    state.current().pool_reader = MarkdownReader(settings)


def _pool_convert(job):
    key, path = job
    try:
        return key, convert_markdown(state.current().pool_reader, path)
    except Exception:  # noqa: BLE001 - the build reads the file again and reports it
        return key, None


def preparse(settings, jobs):
    """Convert every uncached source before the build forks, on all cores
    when there are many: each process then reads only its own languages,
    and everything converted is in the cache the main process saves."""
    build = state.current()
    fingerprint = markdown_fingerprint(settings)
    missing = []
    for path in source_files(settings):
        try:
            with open(path, "rb") as source:
                key = parse_key(source.read(), fingerprint)
        except OSError:
            continue
        build.used_keys.add(key)
        build.source_keys[(os.path.abspath(path), fingerprint)] = key
        if key not in build.parsed:
            missing.append((key, path))
    if len(missing) < PREPARSE_MIN_FILES or jobs < 2:
        _pool_init(settings)
        for job in missing:
            key, result = _pool_convert(job)
            if result is not None:
                build.parsed[key] = result
        return
    context = multiprocessing.get_context("fork")
    with concurrent.futures.ProcessPoolExecutor(
        jobs, mp_context=context, initializer=_pool_init, initargs=(settings,)
    ) as pool:
        for key, result in pool.map(_pool_convert, missing, chunksize=16):
            if result is not None:
                build.parsed[key] = result


def load(settings):
    """At the start of a build: the cache file, unless this process has
    the cache in memory already (a build before, with --autoreload)."""
    build = state.current()
    if not build.parsed:
        build.parsed.update(load_parse_cache(_parse_cache_file(settings)))
        build.saved_keys.clear()
        build.saved_keys.update(build.parsed)


def save(settings):
    """At the end of a build: the conversions it used, if they changed."""
    build = state.current()
    kept = {key: build.parsed[key] for key in build.used_keys if key in build.parsed}
    if set(kept) != build.saved_keys:
        build.saved_keys.clear()
        build.saved_keys.update(kept)
        # Pickling takes a moment and the GIL, which the main thread
        # mostly leaves alone from here on (Pagefind runs as its own
        # processes); the interpreter waits for the thread at exit.
        threading.Thread(
            target=save_pickle,
            name="site_speed-parse-cache",
            args=(_parse_cache_file(settings), kept),
        ).start()
