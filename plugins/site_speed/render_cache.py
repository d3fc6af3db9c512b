"""Render cache: pages whose inputs did not change are not rendered again.

When the build key (fingerprints.build_key: templates, catalogs, settings,
plugins, the git commit, the build date and every content file's name and
front matter) is unchanged, list pages are not rendered again, nor are
posts and pages whose own source text is unchanged: their output files are
kept. Any change to those inputs renders everything. What each write made
is recorded in a render manifest per language and process
(cache/site_speed/render-<lang>-<i>-of-<n>.json).

ShareWriter, which wraps each language site's writer (assign_output),
applies both this cache and the process's share (shares.py). The Pelican
internals it relies on are listed in patches.py.
"""

import hashlib
import json
import os

from pelican.generators import ArticlesGenerator, PagesGenerator

from . import patches, state
from .config import cache_root
from .shares import page_position, site_share
from .template_cache import memoize_gettext


def _manifest_file(settings, lang):
    """One manifest per language and share (processes write their own)."""
    build = state.current()
    return os.path.join(
        cache_root(settings),
        "site_speed",
        f"render-{lang}-{build.share_index + 1}-of-{build.jobs}.json",
    )


def load_manifest(settings, lang):
    """Every share's manifest of `lang`, newest last: which process wrote a
    page before does not matter, only its key and its files."""
    folder = os.path.join(cache_root(settings), "site_speed")
    names = manifest_names(folder, lang)
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


def manifest_names(folder, lang):
    try:
        return [
            n
            for n in os.listdir(folder)
            if n.startswith(f"render-{lang}-") and n.endswith(".json")
        ]
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


def item_key(item):
    """The build key plus the bytes of the item's own source text."""
    source = getattr(item, "fallback_source", item)
    digest = hashlib.sha256(state.current().key.encode())
    with open(source.source_path, "rb") as text:
        digest.update(text.read())
    return digest.hexdigest()


def collect_written(path, context):
    """content_written: the files one write of ShareWriter makes."""
    del context
    collected = state.current().collected
    if collected is not None:
        collected.append(path)


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
            # its language incomplete (see fingerprints._output_complete).
            self._written[f"feed:{path}"] = {"key": None, "files": [path]}
        return self._writer.write_feed(elements, context, path, *args, **kwargs)

    def write_file(
        self,
        name,
        template,
        context,
        relative_urls=False,
        paginated=None,
        template_name=None,
        override_output=False,
        url=None,
        **kwargs,
    ):
        if not name:
            return None
        item = kwargs.get("article") or kwargs.get("page")
        extra = set(kwargs) - {"article", "page", "category", "blog"}
        is_item = item is not None and not extra
        if not is_item and not self._primary:
            return None
        if is_item and not self._start <= page_position(name) < self._end:
            if self._primary:
                patches.announce_written(self._writer, [name], context, kwargs)
            return None
        build = state.current()
        key = None
        if self._previous is not None:
            if is_item:
                key = item_key(item)
            else:
                key = hashlib.sha256(f"{build.key}|{name}".encode()).hexdigest()
            previous = self._previous.get(name)
            if not isinstance(previous, dict):
                previous = {}
            output = self._writer.output_path
            files = previous.get("files", []) if previous.get("key") == key else []
            if files and all(os.path.exists(os.path.join(output, f)) for f in files):
                self._written[name] = previous
                patches.announce_written(self._writer, files, context, kwargs)
                return None
        build.collected = []
        try:
            result = self._writer.write_file(
                name,
                template,
                context,
                relative_urls,
                paginated,
                template_name,
                override_output,
                url,
                **kwargs,
            )
            if key is not None:
                output = self._writer.output_path
                self._written[name] = {
                    "key": key,
                    "files": [os.path.relpath(p, output) for p in build.collected],
                }
        finally:
            build.collected = None
        return result


def _skip_output(writer):
    """generate_output of a generator that another process writes."""
    del writer


def assign_output(generators):
    """all_generators_finalized: leave what other processes write; wrap the
    writer for the share and the render cache."""
    settings = generators[0].settings
    lang = settings["DEFAULT_LANG"]
    share = site_share(settings)
    if share is None:
        for generator in generators:
            patches.replace_generate_output(generator, _skip_output)
        return
    build = state.current()
    primary = share[0] == 0
    manifest = build.manifests.get(lang, {}) if build.key is not None else None
    written = {}
    if manifest is not None:
        build.written_manifests[lang] = written
    for generator in generators:
        if not primary and not isinstance(
            generator, (ArticlesGenerator, PagesGenerator)
        ):
            patches.replace_generate_output(generator, _skip_output)
            continue
        original = generator.generate_output

        def generate_output(writer, _original=original, _generator=generator):
            memoize_gettext(_generator)
            _original(ShareWriter(writer, share, manifest, written))

        patches.replace_generate_output(generator, generate_output)
