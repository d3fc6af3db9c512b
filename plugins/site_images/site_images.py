"""Photos: one pipeline for every raster image in content/media/, and the
link-preview image of every page.

Once per build, before any content is read (the first generator of the main
site, after site_checks' verdict and before site_speed forks), every image
under the static folders is looked up by content hash in cache/images/; new
ones are processed on all cores (pipeline.py), and their variants are copied
to output/images/ under names that carry the hash, so one set of files
serves the three languages and a changed photo gets new addresses. The
photo's own address (output/media/…) gets a re-encoded copy too: Pelican's
copy of the original, with its EXIF, is cancelled.

Then every post and page has its images rewritten as `<picture>` (markup.py)
when it is created, and the templates get `lead_picture(item)` and
`social_image(item)`: the item's own photo cropped to 1200×630, or a card
drawn with its title (cards.py), made once and kept in cache/images/cards/.

Module state is one `_build` object, renewed by each build of the main
process; processes forked by site_speed inherit it.
"""

import concurrent.futures
import logging
import multiprocessing
import os
import shutil
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from markupsafe import Markup
from pelican import signals

from site_content.fields import ascii_slug, image_path
from site_content.paths import confined
from site_content.sites import is_main_site

from . import cards, markup, pipeline
from .cache import cache_folder, digest, load_json, save_json, variant_key

logger = logging.getLogger(__name__)

DEFAULTS = {
    "enabled": True,
    # Widths (px) of the variants; none is wider than the photo itself.
    "widths": [360, 720, 1080, 1440],
    # Modern formats, in the order a browser should prefer them; the
    # fallback (JPEG, or PNG with transparency) is always written.
    "formats": ["avif", "webp"],
    "folder": "images",  # under output/
    "card_size": [1200, 630],
    "max_bytes": 25_000_000,
    # A lead image narrower than this gets a warning from make check: it
    # would look blurred on a phone and in link previews.
    "min_lead_width": 1200,
    # What the `sizes` attribute says for each place a photo is shown
    # (theme/static/css/site.css: the text column is at most 42rem).
    "sizes": {
        "body": "(min-width: 46rem) 42rem, 100vw",
        "lead": "(min-width: 46rem) 42rem, 100vw",
        "gallery": "(min-width: 46rem) 14rem, 50vw",
        "teaser": "(min-width: 40rem) 12rem, 100vw",
    },
    "jobs": 0,  # processes for new photos; 0: one per core
}


def images_settings(settings):
    return {**DEFAULTS, **settings.get("SITE_IMAGES", {})}


@dataclass
class Build:
    """What one build knows about its photos."""

    pid: int | None = None  # the process that processed them
    pending: bool = False  # the main site's first generator has not come yet
    photos: dict = field(default_factory=dict)  # content path -> markup.Photo
    processed: int = 0  # photos processed (not found in the cache) this build


_build = Build()


def processed_count():
    """How many photos this build had to process (tests, bench)."""
    return _build.processed


# --- the pipeline, once per build -------------------------------------------


def _start(pelican_obj):
    global _build  # noqa: PLW0603 - one object per build
    settings = pelican_obj.settings
    if not is_main_site(settings) or not images_settings(settings)["enabled"]:
        return
    if _build.pid is not None and _build.pid != os.getpid():
        return  # a process forked by this build: it has the photos already
    _build = Build(pending=True)


def _process_all(generator):
    if not _build.pending:
        return
    _build.pending = False
    _build.pid = os.getpid()
    settings = generator.settings
    config = images_settings(settings)
    content = settings["PATH"]
    sources = list(_raster_files(settings))
    cache = cache_folder(settings)
    memo_file = os.path.join(cache, "digests.json")
    memo = load_json(memo_file)
    fresh_memo = {}
    keys = {}
    for relative in sources:
        found = digest(os.path.join(content, relative), memo.get(relative))
        fresh_memo[relative] = found
        keys[relative] = variant_key(found[-1], config)
    missing = {
        relative: key
        for relative, key in keys.items()
        if not os.path.exists(os.path.join(cache, key[:2], key, "info.json"))
    }
    if missing:
        _build.processed = len(missing)
        _process(settings, config, cache, missing)
    if fresh_memo != memo:
        save_json(memo_file, fresh_memo)
    root_url = settings["SITE_ROOT_URL"].rstrip("/")
    output_root = settings["OUTPUT_ROOT"]
    published = set()
    for relative, key in keys.items():
        folder = os.path.join(cache, key[:2], key)
        info = load_json(os.path.join(folder, "info.json"))
        stem = ascii_slug(os.path.splitext(os.path.basename(relative))[0], settings)
        base = f"{stem or 'image'}-{key[:10]}"
        variants = []
        for variant in info["variants"]:
            name = f"{base}-{variant['width']}.{variant['ext']}"
            _publish(
                os.path.join(folder, f"{variant['width']}.{variant['ext']}"),
                output_root,
                f"{config['folder']}/{name}",
            )
            published.add(name)
            variants.append(
                markup.Variant(
                    variant["width"],
                    variant["height"],
                    variant["ext"],
                    f"{root_url}/{config['folder']}/{name}",
                )
            )
        og_name = f"{base}-og.jpg"
        _publish(
            os.path.join(folder, "og.jpg"), output_root, f"{config['folder']}/{og_name}"
        )
        published.add(og_name)
        # The photo's own address: the largest variant in its own format.
        _publish(os.path.join(folder, info["own"]), output_root, relative)
        _build.photos[relative] = markup.Photo(
            source=relative,
            width=info["width"],
            height=info["height"],
            fallback=info["fallback"],
            variants=tuple(variants),
            og_url=f"{root_url}/{config['folder']}/{og_name}",
            formats=tuple(config["formats"]),
        )
    _prune(os.path.join(output_root, config["folder"]), published)


def _raster_files(settings):
    """Content paths (with /) of every image under the static folders."""
    content = settings["PATH"]
    for folder in settings.get("STATIC_PATHS", []):
        for root, dirs, files in os.walk(os.path.join(content, folder)):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if name.lower().endswith(
                    pipeline.RASTER_EXTENSIONS
                ) and not name.startswith("."):
                    path = os.path.join(root, name)
                    if not os.path.islink(path):  # site_checks refuses links
                        yield os.path.relpath(path, content).replace(os.sep, "/")


def _process(settings, config, cache, missing):
    content = settings["PATH"]
    jobs = config["jobs"] or os.cpu_count() or 1
    jobs = max(1, min(jobs, len(missing)))
    options = {
        "widths": config["widths"],
        "formats": config["formats"],
        "card_size": config["card_size"],
    }
    tasks = [
        (os.path.join(content, relative), os.path.join(cache, key[:2], key))
        for relative, key in missing.items()
    ]
    logger.info(
        "site_images: processing %d new photo(s) on %d core(s)", len(tasks), jobs
    )
    if jobs == 1:
        for source, folder in tasks:
            _process_one(source, folder, options)
        return
    # Forked: the workers need nothing but this module.
    context = multiprocessing.get_context("fork")
    with concurrent.futures.ProcessPoolExecutor(jobs, mp_context=context) as pool:
        futures = [
            pool.submit(_process_one, source, folder, options)
            for source, folder in tasks
        ]
        for future in futures:
            future.result()


def _process_one(source, folder, options):
    try:
        pipeline.process(source, folder, options)
    except (OSError, ValueError, SyntaxError) as error:
        # make check reads every image whole first, so this is rare: a file
        # that changed during the build, or a disk that is full.
        raise ImageBuildError(
            f"{source}: the image could not be processed ({error})"
        ) from None


class ImageBuildError(RuntimeError):
    """A photo could not be processed; the build stops."""


def _publish(source, output_root, relative):
    """Copy `source` to output/`relative` unless the same file is there."""
    target = confined(output_root, relative)
    try:
        if os.path.getsize(target) == os.path.getsize(source):
            return
    except OSError:
        pass
    os.makedirs(os.path.dirname(target), exist_ok=True)
    temporary = f"{target}.{os.getpid()}.tmp"
    shutil.copyfile(source, temporary)
    os.replace(temporary, target)


def _prune(folder, published):
    """Delete variants of photos that are gone or changed (not the cards)."""
    if not os.path.isdir(folder):
        return
    for entry in os.scandir(folder):
        if entry.is_file() and entry.name not in published:
            os.remove(entry.path)


def _drop_originals(generator):
    """Pelican would copy each photo as the editor added it, EXIF and all:
    its own address is written by the pipeline instead. The files stay
    known to Pelican, so {static} links to them resolve."""
    if not images_settings(generator.settings)["enabled"]:
        return
    generator.staticfiles[:] = [
        static
        for static in generator.staticfiles
        if not static.source_path.lower().endswith(pipeline.RASTER_EXTENSIONS)
    ]


# --- content and templates ----------------------------------------------------


def _rewrite(instance):
    """Every photo of a post or page's text as a `<picture>`; a paragraph of
    photos as a gallery (`has_gallery` tells the template to load its
    script)."""
    if not _build.photos:
        return
    text = getattr(instance, "_content", None)
    if not text or "<img" not in text:
        return
    relative_dir = os.path.dirname(instance.relative_source_path or "")
    config = images_settings(instance.settings)
    instance._content, has_gallery = markup.rewrite(
        text, relative_dir, _build.photos, config
    )
    if has_gallery:
        instance.has_gallery = True


def lead_photo(item):
    """The markup.Photo of an item's `Image:`, or None."""
    value = getattr(item, "metadata", {}).get("image")
    if not value:
        return None
    return _build.photos.get(image_path(str(value)))


def _lead_picture(item, place="lead", css_class=""):
    """The item's lead image as a `<picture>` ('' without one): `place` is
    'lead' on its own page (fetched first) or 'teaser' in lists (lazy, and
    alt="" as the title next to it says what the link is)."""
    photo = lead_photo(item)
    if photo is None:
        return ""
    config = images_settings(item.settings)
    if place == "lead":
        alt = markup.alt_text(item.metadata.get("image_alt"))
        return Markup(
            markup.picture(
                photo,
                alt,
                config["sizes"]["lead"],
                default_width=720,
                lead=True,
                css_class=css_class,
            )
        )
    return Markup(
        markup.picture(
            photo, "", config["sizes"]["teaser"], default_width=360, css_class=css_class
        )
    )


def _social_image(settings, item=None, title=None):
    """{url, width, height, alt} of the link-preview image: the item's photo
    cropped to the card's size, else a card with `title` (the item's, or
    the site's name for lists), in the site's language."""
    config = images_settings(settings)
    width, height = config["card_size"]
    photo = lead_photo(item) if item is not None else None
    if photo is not None:
        alt = markup.alt_text(item.metadata.get("image_alt"))
        return {"url": photo.og_url, "width": width, "height": height, "alt": alt}
    lang = settings["DEFAULT_LANG"]
    language = settings["LANGUAGES"][lang]
    title = str(
        title
        or (getattr(item, "title", None) if item is not None else None)
        or language["sitename"]
    )
    host = urlsplit(settings["SITE_ROOT_URL"]).netloc or settings["SITE_ROOT_URL"]
    key = cards.card_key(
        lang, title, language["sitename"], language["shortname"], host, (width, height)
    )
    name = f"{key}.png"
    cached = os.path.join(cache_folder(settings), "cards", name)
    if not os.path.exists(cached):
        os.makedirs(os.path.dirname(cached), exist_ok=True)
        temporary = f"{cached}.{os.getpid()}.tmp"
        with open(temporary, "wb") as out:
            out.write(
                cards.render(
                    title,
                    language["sitename"],
                    language["shortname"],
                    host,
                    (width, height),
                )
            )
        os.replace(temporary, cached)
    relative = f"{config['folder']}/cards/{name}"
    target = confined(settings["OUTPUT_ROOT"], relative)
    if not os.path.exists(target):
        _publish(cached, settings["OUTPUT_ROOT"], relative)
    return {
        "url": f"{settings['SITE_ROOT_URL'].rstrip('/')}/{relative}",
        "width": width,
        "height": height,
        "alt": title,
    }


def _jinja(generator):
    environment = getattr(generator, "env", None)
    if environment is None or not images_settings(generator.settings)["enabled"]:
        return
    settings = generator.settings
    environment.globals["lead_picture"] = _lead_picture
    environment.globals["social_image"] = lambda item=None, title=None: _social_image(
        settings, item, title
    )
    environment.globals["without_images"] = lambda text: Markup(
        markup.without_images(str(text or ""))
    )


def register():
    signals.get_generators.connect(_start)
    signals.generator_init.connect(_process_all)
    signals.generator_init.connect(_jinja)
    signals.static_generator_finalized.connect(_drop_originals)
    signals.content_object_init.connect(_rewrite)
