"""Theme asset URLs, and the production post-processing of the output.

Templates link theme files through the Jinja global `asset_url(path)`:
`asset_url("css/site.css")` is `<SITE_ROOT_URL>/theme/css/site.css` in a
development build and `<SITE_ROOT_URL>/theme/css/site.<hash>.css` when
fingerprinting is on. The hash is taken from the theme's source files when
the main site is initialised, before anything is rendered, so no written HTML
is ever re-read to patch links.

When the main site is finalized (after every language site and after
site_search has written the Pagefind bundle), the enabled steps run in order:

1. `minify`: every HTML file and the theme's CSS and JavaScript (minify-html;
   closing tags, quotes and the doctype are kept, so the output stays valid
   HTML that any parser reads the same way). Pagefind's bundle is left alone.
2. `fingerprint`: each theme file is renamed to its fingerprinted name (the
   plain name no longer exists, so a template that bypasses `asset_url` gives
   a broken link that the link tests catch).
3. `precompress`: a `.gz` (gzip -9) and a `.br` (brotli q11) beside every text
   file (`compress_types`) whose compressed form is smaller, with mtime 0 so
   the bytes only change when the file does (a twin already there, written
   by the plugin that wrote the file, is kept). Servers send them as they are
   (nginx `gzip_static`/`brotli_static`, Apache type maps, S3 uploads).
"""

import gzip
import hashlib
import logging
import os
import posixpath
from importlib.metadata import version

from pelican import signals

from site_content.sites import is_main_site

logger = logging.getLogger(__name__)

DEFAULTS = {
    "minify": False,
    "fingerprint": False,
    "precompress": False,
    # Length of the content hash in fingerprinted names (site.<hash>.css).
    "hash_length": 10,
    # Folders of OUTPUT_ROOT that are never minified (Pagefind ships its own
    # minified bundle and already-compressed index files).
    "skip_minify": ["pagefind"],
    # File types that get .gz and .br twins.
    "compress_types": [
        ".html",
        ".css",
        ".js",
        ".mjs",
        ".json",
        ".xml",
        ".svg",
        ".txt",
        ".ics",
        ".webmanifest",
    ],
    # Smaller files are not worth a compressed twin (one TCP packet anyway).
    "compress_min_size": 256,
}

# Options that keep minified HTML spec-compliant and parser-neutral.
MINIFY_OPTIONS = {
    "keep_closing_tags": True,
    "keep_html_and_head_opening_tags": True,
    "minify_css": True,
    "minify_js": True,
}

# The main site's asset state, computed at `initialized` (see _collect_assets).
_assets = {"fingerprint": False, "url": "", "dir": "", "names": {}}


def assets_settings(settings):
    return {**DEFAULTS, **settings.get("SITE_ASSETS", {})}


def fingerprinted_name(path, data, length):
    """'css/site.css' + bytes -> 'css/site.<hash>.css'."""
    digest = hashlib.sha256(data).hexdigest()[:length]
    stem, ext = posixpath.splitext(path)
    return f"{stem}.{digest}{ext}"


def theme_static_files(settings):
    """{'css/site.css': absolute source path} of the theme's static files,
    as Pelican copies them (each of THEME_STATIC_PATHS, contents merged)."""
    files = {}
    for static in settings.get("THEME_STATIC_PATHS", []):
        source = os.path.join(settings["THEME"], static)
        for folder, _, names in os.walk(source):
            for name in names:
                full = os.path.join(folder, name)
                relative = os.path.relpath(full, source).replace(os.sep, "/")
                files[relative] = full
    return files


def _collect_assets(pelican):
    settings = pelican.settings
    if not is_main_site(settings):
        return
    config = assets_settings(settings)
    theme_dir = os.path.normpath(
        os.path.join(settings["OUTPUT_PATH"], settings["THEME_STATIC_DIR"])
    )
    prefix = os.path.relpath(theme_dir, settings["OUTPUT_ROOT"]).replace(os.sep, "/")
    names = {}
    # The minifier's version is part of the hash: a new minifier may write
    # other bytes under a name that browsers cache as immutable.
    salt = version("minify-html").encode() if config["minify"] else b""
    for relative, source in theme_static_files(settings).items():
        with open(source, "rb") as handle:
            data = handle.read()
        names[relative] = (
            fingerprinted_name(relative, salt + data, config["hash_length"])
            if config["fingerprint"]
            else relative
        )
    _assets.update(
        fingerprint=config["fingerprint"],
        dir=theme_dir,
        names=names,
        url=settings["SITE_ROOT_URL"] + "/" + prefix,
    )


def asset_url(path):
    """Absolute URL of a theme static file (fingerprinted if enabled)."""
    name = _assets["names"].get(path)
    if name is None:
        logger.error(
            "site_assets: asset_url(%r): no such file in the theme's static folders",
            path,
        )
        name = path
    return _assets["url"] + "/" + name


def _add_globals(generator):
    generator.env.globals["asset_url"] = asset_url


# --- Post-processing --------------------------------------------------------


def minify_html_text(text):
    import minify_html

    return minify_html.minify(text, **MINIFY_OPTIONS)


def minify_asset(text, suffix):
    """Minified CSS or JavaScript (minify-html minifies them inside a tag)."""
    tag = {".css": "style", ".js": "script"}[suffix]
    wrapped = minify_html_text(f"<{tag}>{text}</{tag}>")
    start, end = wrapped.index(">") + 1, wrapped.rindex(f"</{tag}>")
    return wrapped[start:end]


def _output_files(root, skip=()):
    for folder, dirs, names in os.walk(root):
        if folder == root:
            dirs[:] = [d for d in dirs if d not in skip]
        dirs.sort()
        for name in sorted(names):
            yield os.path.join(folder, name)


def _rewrite(path, transform):
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(transform(text))


def minify_output(root, theme_dir, skip):
    count = 0
    for path in _output_files(root, skip):
        suffix = os.path.splitext(path)[1]
        if suffix == ".html":
            _rewrite(path, minify_html_text)
        elif suffix in (".css", ".js") and path.startswith(theme_dir + os.sep):
            _rewrite(path, lambda text, s=suffix: minify_asset(text, s))
        else:
            continue
        count += 1
    return count


def fingerprint_output(theme_dir, names):
    for relative, name in names.items():
        if name != relative:
            os.replace(os.path.join(theme_dir, relative), os.path.join(theme_dir, name))


def compress_gzip(data):
    return gzip.compress(data, compresslevel=9, mtime=0)


def compress_brotli(data):
    import brotli

    return brotli.compress(data, quality=11)


def precompress_output(root, types, min_size):
    """Write .gz and .br beside each text file; returns the number written."""
    count = 0
    for path in list(_output_files(root)):
        if os.path.splitext(path)[1] not in types or os.path.getsize(path) < min_size:
            continue
        with open(path, "rb") as handle:
            data = handle.read()
        for suffix, compress in ((".gz", compress_gzip), (".br", compress_brotli)):
            if os.path.exists(path + suffix):
                # Written with the file by its plugin (site_cms's pinned
                # editor build, compressed once per version).
                continue
            packed = compress(data)
            if len(packed) < len(data):
                with open(path + suffix, "wb") as handle:
                    handle.write(packed)
                count += 1
    return count


def _post_process(pelican):
    settings = pelican.settings
    if not is_main_site(settings):
        return
    config = assets_settings(settings)
    root = settings["OUTPUT_ROOT"]
    if config["minify"]:
        count = minify_output(root, _assets["dir"], config["skip_minify"])
        logger.info("site_assets: minified %s files", count)
    if config["fingerprint"]:
        fingerprint_output(_assets["dir"], _assets["names"])
    if config["precompress"]:
        count = precompress_output(
            root, set(config["compress_types"]), config["compress_min_size"]
        )
        logger.info("site_assets: wrote %s compressed files", count)


def register():
    signals.initialized.connect(_collect_assets)
    signals.generator_init.connect(_add_globals)
    signals.finalized.connect(_post_process)
