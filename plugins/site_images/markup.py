"""`<picture>` markup, and the rewrite of the images in a body.

Bodies reach this module already cleaned by the allow-list
(site_content.sanitize), so every `<img>` is well-formed and its attributes
are plain. The HTML is read with the standard library's HTML parser (never
with patterns), and only `<img>` elements whose file is a photo of
content/media/ are replaced; their alt and title are carried over, escaped
again. A paragraph that holds nothing but two or more such images becomes a
gallery.
"""

import html
import posixpath
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from .pipeline import MIME

# What Pelican's intra-site link syntax puts before a file's path.
STATIC_PREFIX_RE = re.compile(r"^(?:\{static\}|\|static\||\{attach\}|\|attach\|)")
# The alt text that marks an image as pure decoration (docs/editors.md).
DECORATIVE = "-"


@dataclass(frozen=True)
class Variant:
    width: int
    height: int
    ext: str
    url: str


@dataclass(frozen=True)
class Photo:
    """A processed photo: what its markup needs."""

    source: str  # media/images/x.jpg
    width: int
    height: int
    fallback: str  # jpg or png
    variants: tuple  # Variant, by width then format
    og_url: str
    formats: tuple  # the modern formats, in order of preference

    def srcset(self, ext):
        return ", ".join(f"{v.url} {v.width}w" for v in self.variants if v.ext == ext)

    def closest(self, width, ext=None):
        """The variant of `ext` (the fallback by default) whose width is
        nearest `width`, preferring a wider one."""
        candidates = [v for v in self.variants if v.ext == (ext or self.fallback)]
        wider = [v for v in candidates if v.width >= width]
        return min(wider, key=lambda v: v.width) if wider else candidates[-1]

    def largest(self):
        return self.closest(10**6)


def alt_text(value):
    """The alt attribute's value: '' for the decorative marker."""
    value = (value or "").strip()
    return "" if value == DECORATIVE else value


def picture(
    photo, alt, sizes, *, default_width=720, lead=False, css_class="", title=None
):
    """A `<picture>`: AVIF and WebP sources, the fallback format in the
    `<img>` with its own srcset, intrinsic width and height, lazy loading
    except for a lead image (fetched first)."""
    escape = html.escape
    sources = "".join(
        f'<source type="{MIME[ext]}" srcset="{escape(photo.srcset(ext))}" '
        f'sizes="{escape(sizes)}">'
        for ext in photo.formats
    )
    default = photo.closest(default_width)
    loading = (
        'fetchpriority="high" decoding="async"'
        if lead
        else 'loading="lazy" decoding="async"'
    )
    extra = f' title="{escape(title)}"' if title else ""
    css = f' class="{escape(css_class)}"' if css_class else ""
    return (
        f'<picture>{sources}<img src="{escape(default.url)}" '
        f'srcset="{escape(photo.srcset(photo.fallback))}" sizes="{escape(sizes)}" '
        f'width="{default.width}" height="{default.height}" alt="{escape(alt)}" '
        f"{loading}{css}{extra}></picture>"
    )


def media_path(src, relative_dir):
    """The path from content/ of the file an `<img src>` names, or None if it
    is not a file of the site's content (a theme file, another site)."""
    value = html.unescape(src or "").strip()
    match = STATIC_PREFIX_RE.match(value)
    if match:
        value = value[match.end() :]
    elif not value.startswith("/"):
        return None
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    if path.startswith("/"):
        path = path.lstrip("/")
    else:
        path = posixpath.join(relative_dir.replace("\\", "/"), path)
    path = posixpath.normpath(path)
    return None if path.startswith("../") or path == ".." else path


class _Events(HTMLParser):
    """Start tags, end tags and text of a fragment, with their offsets."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.events = []
        self._line_starts = [0]
        for index, char in enumerate(text):
            if char == "\n":
                self._line_starts.append(index + 1)
        self.feed(text)
        self.close()

    def _offset(self):
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        start = self._offset()
        raw = self.get_starttag_text()
        self.events.append(("start", tag, dict(attrs), start, start + len(raw)))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        start = self._offset()
        self.events.append(("end", tag, None, start, None))

    def handle_data(self, data):
        self.events.append(("data", None, data, self._offset(), None))


def _gallery_item(photo, attrs, settings):
    alt = alt_text(attrs.get("alt"))
    image = picture(
        photo,
        alt,
        settings["sizes"]["gallery"],
        default_width=360,
        css_class="gallery__image",
    )
    if not alt:
        return f'<li class="gallery__item">{image}</li>'
    large = photo.largest()
    return (
        f'<li class="gallery__item"><a class="gallery__link" '
        f'href="{html.escape(large.url)}" data-width="{large.width}" '
        f'data-height="{large.height}">{image}</a></li>'
    )


def rewrite(text, relative_dir, photos, settings):
    """(html, has_gallery): `text` with its photos as `<picture>`s."""
    events = _Events(text).events
    replacements = []  # (start, end, new markup)
    has_gallery = False
    index = 0
    while index < len(events):
        kind, tag, attrs, start, end = events[index]
        if kind == "start" and tag == "p":
            images, closing = [], None
            for inner in range(index + 1, len(events)):
                k, t, a, s, _ = events[inner]
                if k == "end" and t == "p":
                    closing = inner
                    break
                if k == "start" and t == "img":
                    photo = photos.get(media_path(a.get("src"), relative_dir))
                    if photo is None:
                        break
                    images.append((photo, a))
                elif k == "start" and t == "br" or (k == "data" and not a.strip()):
                    continue
                else:
                    break
            if closing is not None and len(images) >= 2:
                items = "".join(_gallery_item(p, a, settings) for p, a in images)
                close_end = text.index(">", events[closing][3]) + 1
                replacements.append(
                    (start, close_end, f'<ul class="gallery" data-gallery>{items}</ul>')
                )
                has_gallery = True
                index = closing + 1
                continue
        if kind == "start" and tag == "img":
            photo = photos.get(media_path(attrs.get("src"), relative_dir))
            if photo is not None:
                replacements.append(
                    (
                        start,
                        end,
                        picture(
                            photo,
                            alt_text(attrs.get("alt")),
                            settings["sizes"]["body"],
                            title=attrs.get("title"),
                            css_class=attrs.get("class", ""),
                        ),
                    )
                )
        index += 1
    if not replacements:
        return text, False
    parts, position = [], 0
    for start, end, markup in replacements:
        parts.append(text[position:start])
        parts.append(markup)
        position = end
    parts.append(text[position:])
    return "".join(parts), has_gallery


def without_images(text):
    """`text` without its pictures, images and galleries (summaries in
    lists, where the teaser shows the lead image)."""
    if "<img" not in text:
        return text
    events = _Events(text).events
    cuts = []
    # The element being cut: ("picture" or "ul", its start, nesting depth).
    cutting, start, depth = None, None, 0
    for kind, tag, attrs, offset, end in events:
        if cutting is None:
            if kind == "start" and (
                tag == "picture" or (tag == "ul" and "data-gallery" in attrs)
            ):
                cutting, start, depth = tag, offset, 1
            elif kind == "start" and tag == "img":
                cuts.append((offset, end))
        elif tag == cutting and kind == "start":
            depth += 1
        elif tag == cutting and kind == "end":
            depth -= 1
            if depth == 0:
                cuts.append((start, text.index(">", offset) + 1))
                cutting = None
    parts, position = [], 0
    for begin, finish in cuts:
        parts.append(text[position:begin])
        position = finish
    parts.append(text[position:])
    return "".join(parts)
