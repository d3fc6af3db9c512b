"""One photo in, every published derivative out: resized, re-encoded, clean.

`process(source, folder, settings)` runs in a worker process (one per core)
and writes into `folder` (the photo's cache folder, named by its content
hash) every variant the site publishes: each width of `widths` that is not
wider than the photo, in AVIF, WebP and the fallback format, plus a
1200×630 crop for link previews (`og.jpg`), and `info.json` with what the
markup needs. Nothing of the source file is copied: each output is encoded
from pixels, so EXIF (GPS position, camera serial), XMP, IPTC and comments
never reach a published file. Orientation is applied to the pixels first,
and colours are converted to sRGB from an embedded ICC profile; the outputs
carry no profile (sRGB is what browsers assume).
"""

import io
import json
import os

from PIL import Image, ImageCms, ImageOps

# Pillow refuses larger images as a decompression bomb; a photo from any
# phone or camera the centre uses is well under it (100 megapixels).
Image.MAX_IMAGE_PIXELS = 100_000_000

SRGB = ImageCms.createProfile("sRGB")
# What each published format is written with. AVIF speed 8 is 5-10 times
# faster than the default for files within a few per cent of its size; WebP
# method 2 is twice as fast as 4 for files under 1 % larger.
ENCODERS = {
    "avif": ("AVIF", {"quality": 55, "speed": 8}),
    "webp": ("WEBP", {"quality": 75, "method": 2}),
    "jpg": ("JPEG", {"quality": 80, "optimize": True, "progressive": True}),
    "png": ("PNG", {"optimize": True}),
    "gif": ("GIF", {}),
}
MIME = {
    "avif": "image/avif",
    "webp": "image/webp",
    "jpg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
}
# The extension each readable format is published under at the photo's own
# address (content/media/… is served there, re-encoded like the variants).
OWN_EXTENSIONS = {
    "JPEG": "jpg",
    "MPO": "jpg",
    "PNG": "png",
    "WEBP": "webp",
    "AVIF": "avif",
    "GIF": "gif",
}


# Bump when what process() writes changes: the cache key of every photo
# includes it, so the next build makes every variant again.
VERSION = 4
# The files the pipeline reads (content/media/ may hold documents too).
RASTER_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp", ".avif", ".gif")


class ImageProblem(ValueError):
    """The file cannot be used as a photo (unreadable, too large, …)."""

    def __init__(self, message, hint):
        super().__init__(message)
        self.message = message
        self.hint = hint


def inspect(path, max_bytes):
    """(width, height, format) of the image at `path` as shown (orientation
    applied); raises ImageProblem with a sentence an editor can act on.

    The whole file is decoded (a JPEG at an eighth of its size, which reads
    every byte but costs little), so that a truncated or damaged file is
    refused here, by `make check`, and never half-way through a build."""
    size = os.path.getsize(path)
    if size > max_bytes:
        raise ImageProblem(
            f"the image is {size / 1_000_000:.1f} MB, over the limit of "
            f"{max_bytes / 1_000_000:g} MB",
            "export it smaller (3000 pixels wide is plenty) and replace the file",
        )
    try:
        with Image.open(path) as image:
            width, height = image.size
            kind = image.format
            if kind not in OWN_EXTENSIONS:
                raise ImageProblem(
                    f"the file is a {kind} image, which the site does not publish",
                    "save it as JPEG or PNG",
                )
            orientation = image.getexif().get(0x0112, 1)
            image.draft("RGB", (max(1, width // 8), max(1, height // 8)))
            image.load()
    except ImageProblem:
        raise
    except (
        OSError,
        SyntaxError,
        ValueError,
        EOFError,
        Image.DecompressionBombError,
    ) as error:
        raise ImageProblem(
            "the file is not an image the site can read",
            f"open it in an image editor and save it again as JPEG or PNG ({error})",
        ) from None
    if orientation in (5, 6, 7, 8):
        width, height = height, width
    return width, height, kind


def fallback_format(image):
    """The format readers without AVIF/WebP get: PNG for images with
    transparency (a logo, a diagram), JPEG for photos."""
    return "png" if image.mode in ("RGBA", "LA", "PA") else "jpg"


def _normalised(path):
    """The image's pixels upright, in sRGB, as RGB or RGBA."""
    with Image.open(path) as source:
        source.seek(0)  # the first frame of an animation
        profile = source.info.get("icc_profile")
        image = ImageOps.exif_transpose(source)
        has_alpha = image.mode in ("RGBA", "LA", "PA") or (
            image.mode == "P" and "transparency" in image.info
        )
        if profile:
            try:
                mode = "RGBA" if has_alpha else "RGB"
                image = ImageCms.profileToProfile(
                    image.convert(mode),
                    ImageCms.ImageCmsProfile(io.BytesIO(profile)),
                    SRGB,
                    outputMode=mode,
                )
            except (ImageCms.PyCMSError, OSError, ValueError):
                pass  # a broken profile: keep the pixels as they are
        image = image.convert("RGBA" if has_alpha else "RGB")
        if has_alpha and image.getextrema()[3][0] == 255:
            image = image.convert("RGB")  # an alpha channel that hides nothing
        image.load()
    # Pillow's encoders fall back to the image's own info for a comment, an
    # ICC profile, EXIF or XMP: the published files get none of them.
    image.info = {}
    return image


def flattened(image):
    """`image` on white where it is transparent (for JPEG and GIF)."""
    if image.mode != "RGBA":
        return image.convert("RGB")
    background = Image.new("RGB", image.size, (255, 255, 255))
    background.paste(image, mask=image.getchannel("A"))
    return background


def _encode(image, ext):
    name, options = ENCODERS[ext]
    if ext in ("jpg", "gif"):
        image = flattened(image)
    buffer = io.BytesIO()
    # No exif=, icc_profile= or xmp= argument: the file carries pixels only.
    image.save(buffer, name, **options)
    return buffer.getvalue()


def cover(image, width, height):
    """`image` scaled and cropped to fill width×height from its centre."""
    return ImageOps.fit(image, (width, height), Image.Resampling.LANCZOS)


def process(source, folder, settings):
    """Write every variant of `source` into `folder`; return its info."""
    # The photo's own address keeps its extension, so the file there is
    # written in the format the extension names (servers take the type from
    # it), whatever the editor's file really held.
    extension = os.path.splitext(source)[1].lower().lstrip(".")
    own = {"jpeg": "jpg"}.get(extension, extension)
    if own not in ENCODERS:
        with Image.open(source) as opened:
            own = OWN_EXTENSIONS.get(opened.format, "jpg")
    image = _normalised(source)
    width, height = image.size
    fallback = fallback_format(image)
    # The configured widths narrower than the photo, and the photo's own
    # width (or the largest configured one): never upscaled.
    widths = sorted(
        {w for w in settings["widths"] if w < width}
        | {min(width, max(settings["widths"]))}
    )
    os.makedirs(folder, exist_ok=True)
    # Each width is scaled from the next larger one, not from the original:
    # four times less work on a camera photo, and no visible difference.
    scaled, source_image = {}, image
    for target in reversed(widths):
        if target != source_image.width:
            source_image = source_image.resize(
                (target, max(1, round(height * target / width))),
                Image.Resampling.LANCZOS,
                reducing_gap=3.0,
            )
        scaled[target] = source_image
    variants = []
    for target in widths:
        for ext in [*settings["formats"], fallback]:
            data = _encode(scaled[target], ext)
            with open(os.path.join(folder, f"{target}.{ext}"), "wb") as out:
                out.write(data)
            variants.append(
                {
                    "width": target,
                    "height": scaled[target].size[1],
                    "ext": ext,
                    "bytes": len(data),
                }
            )
    # The photo's own address serves the largest width in its own format.
    largest = widths[-1]
    own_file = os.path.join(folder, f"{largest}.{own}")
    if not os.path.exists(own_file):
        with open(own_file, "wb") as out:
            out.write(_encode(scaled[largest], own))
    card_w, card_h = settings["card_size"]
    # From the largest variant when it is large enough for the card.
    base = scaled[largest] if largest >= card_w else image
    card = cover(flattened(base), card_w, card_h)
    with open(os.path.join(folder, "og.jpg"), "wb") as out:
        out.write(_encode(card, "jpg"))
    info = {
        "width": width,
        "height": height,
        "fallback": fallback,
        "own": f"{largest}.{own}",
        "variants": variants,
    }
    # Written last: a folder with info.json is complete.
    temporary = os.path.join(folder, f"info.json.{os.getpid()}")
    with open(temporary, "w", encoding="utf-8") as out:
        json.dump(info, out)
    os.replace(temporary, os.path.join(folder, "info.json"))
    return info
