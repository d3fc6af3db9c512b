"""The synthetic trilingual site: a copy of the project (settings, theme,
plugins, real content) with N generated translation groups of posts, their
small PNG images and camera-sized photos (`make_project`)."""

import datetime
import random
import struct
import zlib

from project_copy import copy_project

from .text import ALT, MORE, TAGS, WORDS, TextMaker

LANGS = ["en", "ru", "az"]
# Share of translation groups without a Russian / Azerbaijani version.
MISSING = {"ru": 0.10, "az": 0.05}
IMAGES = 4
# Photos (--photos): camera-sized JPEGs, each shown in one group's posts.
PHOTO_SIZE = (2400, 1600)
FIRST_DATE = datetime.datetime(2019, 1, 1, 9, 0)
LAST_DATE = datetime.datetime(2026, 10, 31, 18, 0)


def png(width, height, colour):
    """A small RGB PNG (a gradient of `colour`), written with zlib and struct."""
    rows = bytearray()
    for y in range(height):
        rows.append(0)  # filter: none
        for x in range(width):
            shade = (x + y) * 255 // (width + height)
            rows += bytes((c * shade // 255) for c in colour)

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes(rows), 9))
        + chunk(b"IEND", b"")
    )


def write_images(media_dir):
    media_dir.mkdir(parents=True, exist_ok=True)
    colours = [(30, 90, 160), (200, 120, 40), (40, 150, 90), (150, 50, 120)]
    for k in range(IMAGES):
        (media_dir / f"pic-{k}.png").write_bytes(png(96, 64, colours[k % len(colours)]))


def write_photos(media_dir, count, seed):
    """`count` JPEG photos of PHOTO_SIZE (a gradient, shapes and grain, so
    that they compress like photographs, about 1 MB each), with GPS EXIF."""
    from PIL import Image, ImageDraw

    media_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    width, height = PHOTO_SIZE
    grain = Image.effect_noise((width, height), 40).convert("RGB")
    for k in range(count):
        base = Image.linear_gradient("L").resize((width, height)).convert("RGB")
        tint = Image.new(
            "RGB", (width, height), tuple(rng.randrange(256) for _ in "rgb")
        )
        image = Image.blend(base, tint, 0.6)
        draw = ImageDraw.Draw(image)
        for _ in range(12):
            x, y = rng.randrange(width), rng.randrange(height)
            draw.ellipse(
                (x, y, x + rng.randrange(100, 700), y + rng.randrange(100, 500)),
                fill=tuple(rng.randrange(256) for _ in "rgb"),
            )
        image = Image.blend(image, grain, 0.15)
        exif = Image.Exif()
        exif[0x010F] = "Bench camera"
        exif.get_ifd(0x8825).update(
            {1: "N", 2: (40.0, 22.0, 0.0), 3: "E", 4: (49.0, 50.0, 0.0)}
        )
        image.save(media_dir / f"photo-{k:03d}.jpg", "JPEG", quality=88, exif=exif)


def post_text(rng, lang, meta, link):
    """One post's Markdown: front matter and about 600 words in several
    sections, with a list, an image and a link to another post."""
    text = TextMaker(rng, lang)
    parts = [
        f"Title: {meta['title']}",
        f"Date: {meta['date']:%Y-%m-%d %H:%M}",
        f"Category: {meta['category']}",
        f"Tags: {', '.join(meta['tags'])}",
        f"Summary: {text.sentence(12, 22)}",
        "",
        text.paragraph(5),
    ]
    sections = rng.randint(3, 4)
    list_at = rng.randrange(sections)
    image_at = rng.randrange(sections)
    for number in range(sections):
        parts += ["", f"## {text.title()}", "", text.paragraph(rng.randint(4, 6))]
        if number == list_at:
            parts.append("")
            parts += [
                f"- {text.sentence(5, 10)[:-1]};" for _ in range(rng.randint(3, 5))
            ]
        if number == image_at:
            image = (
                f"photo-{meta['photo']:03d}.jpg"
                if meta.get("photo") is not None
                else f"pic-{meta['image']}.png"
            )
            parts += ["", f"![{ALT[lang]}]({{static}}/media/bench/{image})"]
        parts += ["", text.paragraph(rng.randint(3, 5))]
    parts += [
        "",
        f"{MORE[lang]}: [{link['title']}]({{filename}}/posts/{link['slug']}.{lang}.md).",
    ]
    return "\n".join(parts) + "\n"


def plan_groups(rng, count, prefix="bench", complete=False, photos=0):
    """Front matter of `count` translation groups: {slug: {lang: meta}};
    some groups lack ru or az (MISSING) unless `complete`; the first
    `photos` groups show a photo each instead of a small image."""
    span = int((LAST_DATE - FIRST_DATE).total_seconds() // 60)
    english = [
        w
        for w in WORDS["en"].split()
        if w.isascii() and w.isalpha() and w.islower() and len(w) > 3
    ]
    groups = {}
    for k in range(count):
        slug = f"{prefix}-{k:04d}-{rng.choice(english)}-{rng.choice(english)}"
        date = FIRST_DATE + datetime.timedelta(minutes=rng.randrange(span))
        langs = [
            lang for lang in LANGS if complete or rng.random() >= MISSING.get(lang, 0)
        ]
        category = "news" if rng.random() < 0.8 else "announcements"
        image = rng.randrange(IMAGES)
        tag_picks = rng.sample(range(len(TAGS["en"])), rng.randint(2, 3))
        groups[slug] = {
            lang: {
                "title": TextMaker(rng, lang).title(),
                "date": date,
                "category": category,
                "image": image,
                "photo": k if k < photos else None,
                "tags": [TAGS[lang][i] for i in tag_picks],
            }
            for lang in langs
        }
    return groups


def write_groups(rng, groups, posts_dir, link_pool):
    """Write every version of `groups`; each links to a post of its language
    taken from `link_pool` ({slug: {lang: meta}})."""
    by_lang = {lang: [s for s, v in link_pool.items() if lang in v] for lang in LANGS}
    written = 0
    for slug, versions in groups.items():
        for lang, meta in versions.items():
            candidates = by_lang[lang]
            other = candidates[rng.randrange(len(candidates))]
            if other == slug:
                other = candidates[(candidates.index(slug) + 1) % len(candidates)]
            link = {"slug": other, "title": link_pool[other][lang]["title"]}
            path = posts_dir / f"{slug}.{lang}.md"
            path.write_text(post_text(rng, lang, meta, link), encoding="utf-8")
            written += 1
    return written


def make_project(source_root, workdir, n, seed, photos=0):
    """The trilingual project in workdir/site (a copy of `source_root`'s
    settings, theme, plugins and content), with N synthetic groups.
    Returns a description of what was generated."""
    project = workdir / "site"
    project.mkdir(parents=True)
    # The real content comes too (pages, events, trainings, library, real
    # posts that events point at), so every template has what it needs.
    copy_project(project, source_root)
    rng = random.Random(seed)
    write_images(project / "content" / "media" / "bench")
    write_photos(project / "content" / "media" / "bench", min(photos, n), seed)
    groups = plan_groups(rng, n, photos=photos)
    files = write_groups(rng, groups, project / "content" / "posts", groups)
    per_lang = {lang: sum(lang in v for v in groups.values()) for lang in LANGS}
    words = sum(
        len(path.read_text(encoding="utf-8").split())
        for path in (project / "content" / "posts").glob("bench-*.md")
    )
    return (
        project,
        groups,
        {
            "groups": n,
            "files": files,
            "per_language": per_lang,
            "photos": min(photos, n),
            "words_per_post": round(words / files),
        },
    )
