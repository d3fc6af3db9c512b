"""Link-preview cards (og:image) for pages without a photo of their own.

A card is 1200×630: the centre's short and full name in the page's
language, the title in large type, and the site's address. The font is Noto
Sans (SIL Open Font License, fonts/OFL.txt), cut down to Latin, Latin
Extended and Cyrillic with fontTools' pyftsubset: every letter of
Azerbaijani (ə ğ ı İ ö ü ç ş) and Russian is in it, and the build needs no
font from the machine.

Titles wrap on spaces; the type gets smaller for long titles, and a title
that still does not fit in four lines is cut at a word with "…". A word
longer than a line (an address, a long compound) is broken where it must.
"""

import functools
import hashlib
import io
import os

from PIL import Image, ImageChops, ImageDraw, ImageFont

HERE = os.path.dirname(os.path.abspath(__file__))
FONTS = {
    "bold": os.path.join(HERE, "fonts", "NotoSans-Bold.ttf"),
    "regular": os.path.join(HERE, "fonts", "NotoSans-Regular.ttf"),
}
# Bump when the drawing changes: the cache key of every card includes it.
CARD_VERSION = 3
BACKGROUND = (11, 61, 107)  # --blue of theme/static/css/site.css
ACCENT = (255, 191, 71)  # --focus
TEXT = (255, 255, 255)
SOFT = (214, 226, 238)
MARGIN = 72
TITLE_SIZES = (68, 60, 52, 46, 40)
MAX_LINES = 4
ELLIPSIS = "…"


@functools.cache
def font(weight, size):
    return ImageFont.truetype(FONTS[weight], size)


@functools.cache
def fonts_digest():
    digest = hashlib.sha256()
    for path in FONTS.values():
        with open(path, "rb") as data:
            digest.update(data.read())
    return digest.hexdigest()


def card_key(lang, title, sitename, shortname, host, size):
    text = "\0".join(
        [
            str(CARD_VERSION),
            fonts_digest(),
            lang,
            title,
            sitename,
            shortname,
            host,
            f"{size[0]}x{size[1]}",
        ]
    )
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def _break_word(word, face, width):
    """A word wider than `width` cut into pieces that fit."""
    pieces, piece = [], ""
    for char in word:
        if piece and face.getlength(piece + char) > width:
            pieces.append(piece)
            piece = ""
        piece += char
    return [*pieces, piece] if piece else pieces


def wrap(text, face, width):
    """Lines of `text` no wider than `width` in `face`."""
    lines, line = [], ""
    for word in text.split():
        parts = (
            [word] if face.getlength(word) <= width else _break_word(word, face, width)
        )
        for part in parts:
            candidate = f"{line} {part}" if line else part
            if line and face.getlength(candidate) > width:
                lines.append(line)
                line = part
            else:
                line = candidate
    if line:
        lines.append(line)
    return lines


def fit_title(title, width, height):
    """(face, lines) of the largest size at which the title fits; at the
    smallest size, the lines that fit with the last one ending in '…'."""
    for size in TITLE_SIZES:
        face = font("bold", size)
        lines = wrap(title, face, width)
        line_height = round(size * 1.25)
        if len(lines) <= MAX_LINES and len(lines) * line_height <= height:
            return face, lines
    lines = lines[:MAX_LINES]
    last = lines[-1]
    while last and face.getlength(last + ELLIPSIS) > width:
        last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
    lines[-1] = last.rstrip(" ,.;:–—-") + ELLIPSIS
    return face, lines


# The card is drawn as coverage (how much of each pixel a letter covers, 0
# to 255) and stored as a palette image: indexes 0-127 blend the background
# into white (the title), 128-191 into the accent, 192-255 into the soft
# colour. Letters keep smooth edges, the file needs no colour quantizing,
# and the parts that are the same on every card of a language are drawn once.
RAMPS = ((0, 127, TEXT), (128, 191, ACCENT), (192, 255, SOFT))


@functools.cache
def _palette():
    palette = []
    for first, last, colour in RAMPS:
        steps = last - first
        for step in range(steps + 1):
            palette += [
                round(b + (c - b) * step / steps)
                for b, c in zip(BACKGROUND, colour, strict=True)
            ]
    return palette


@functools.cache
def _table(ramp):
    first, last, _ = ramp
    steps = last - first
    return [first + round(v * steps / 255) if v else 0 for v in range(256)]


def _indexed(coverage, ramp):
    """A coverage image mapped onto one ramp of the palette (0 stays 0)."""
    return coverage.point(_table(ramp))


@functools.cache
def _frame(sitename, shortname, host, size):
    """The parts of a card that do not depend on its title, as indexes."""
    width, height = size
    accent = Image.new("L", size)
    draw = ImageDraw.Draw(accent)
    draw.rectangle((0, 0, 16, height), fill=255)
    short_face = font("bold", 40)
    draw.text((MARGIN, MARGIN - 10), shortname, font=short_face, fill=255)
    soft = Image.new("L", size)
    draw = ImageDraw.Draw(soft)
    name_face = font("regular", 30)
    name_x = MARGIN + round(short_face.getlength(shortname)) + 24
    for index, line in enumerate(
        wrap(sitename, name_face, width - name_x - MARGIN)[:2]
    ):
        draw.text((name_x, MARGIN - 2 + index * 38), line, font=name_face, fill=255)
    draw.text((MARGIN, height - MARGIN - 34), host, font=font("regular", 30), fill=255)
    # The two layers do not overlap, so the larger index is the one drawn.
    return ImageChops.lighter(_indexed(accent, RAMPS[1]), _indexed(soft, RAMPS[2]))


def render(title, sitename, shortname, host, size):
    """The card as PNG bytes."""
    width, height = size
    top = MARGIN + 110
    bottom = height - MARGIN - 60
    face, lines = fit_title(title.strip() or sitename, width - 2 * MARGIN, bottom - top)
    line_height = round(face.size * 1.25)
    coverage = Image.new("L", size)
    draw = ImageDraw.Draw(coverage)
    for index, line in enumerate(lines):
        draw.text((MARGIN, top + index * line_height), line, font=face, fill=255)
    image = ImageChops.lighter(
        _frame(sitename, shortname, host, tuple(size)), _indexed(coverage, RAMPS[0])
    )
    image.putpalette(_palette())
    buffer = io.BytesIO()
    image.save(buffer, "PNG", compress_level=6)
    return buffer.getvalue()
