"""Photos (plugins/site_images), on the session's builds.

The hostile build carries the test content of tests/fixtures/content/ and
the photos that tests/photos.py generates: a camera JPEG with GPS EXIF and
an orientation tag, a PNG with transparency, a 4000×3000 photo and a tiny
ornament. The assertions read the built HTML and the image files
themselves (Pillow), never the plugin's own bookkeeping.
"""

import io
import shutil
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from PIL import Image, ImageDraw, ImageFont, ImageStat

from conftest import (
    FIXTURE_PHOTOS,
    LANGS,
    MOBILE,
    PINNED_DATE,
    Visit,
    run_pelican,
    serving,
)
from photos import SECRETS, tiny
from weight import BUDGET_BYTES, page_slugs_of, site_weights

POST = "{lang}/news/photo-report/index.html"
EVENT = "en/events/timed-workshop-berlin/index.html"
WIDTHS = [360, 720, 1080, 1440]
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".avif", ".gif")
# The phone budget of issue 16: images loaded on the first view at 360 px.
PHONE_IMAGE_BUDGET = 200_000


def file_of(site, url):
    assert url.startswith(site.site_url + "/"), url
    return site.path(urlsplit(url).path.lstrip("/"))


def opened(site, url):
    with Image.open(file_of(site, url)) as image:
        image.load()
        return image.copy(), image.format


def srcset(value):
    """[(url, width)] of a srcset attribute."""
    pairs = []
    for candidate in value.split(","):
        url, width = candidate.split()
        pairs.append((url, int(width.rstrip("w"))))
    return pairs


def check_picture(site, picture, widths, fallback="JPEG"):
    """The <picture>'s sources and <img> name files of the right format and
    width; the <img>'s width and height are its file's."""
    sources = picture.find_all("source")
    assert [s["type"] for s in sources] == ["image/avif", "image/webp"]
    image = picture.find("img")
    for element, kind in [
        (sources[0], "AVIF"),
        (sources[1], "WEBP"),
        (image, fallback),
    ]:
        pairs = srcset(element["srcset"])
        assert [w for _, w in pairs] == widths
        assert element["sizes"]
        for url, width in pairs:
            found, found_format = opened(site, url)
            assert found_format == kind, url
            assert found.width == width, url
    default, _ = opened(site, image["src"])
    assert (int(image["width"]), int(image["height"])) == default.size
    assert image["decoding"] == "async"
    return image


@pytest.fixture(scope="module")
def photos(hostile):
    return hostile


def test_lead_image_is_a_picture_fetched_first(photos):
    for lang in LANGS:
        figure = photos.soup(POST.format(lang=lang)).select_one(".lead-figure")
        assert figure is not None, lang
        image = check_picture(photos, figure.picture, WIDTHS)
        assert image["fetchpriority"] == "high" and not image.has_attr("loading")
        assert image["alt"]
        assert figure.figcaption.get_text(strip=True)
    assert (
        "Trainers and participants"
        in photos.soup(POST.format(lang="en")).select_one(".lead-figure img")["alt"]
    )
    # One set of files for the three languages.
    sets = {
        lang: photos.soup(POST.format(lang=lang)).select_one(".lead-figure img")[
            "srcset"
        ]
        for lang in LANGS
    }
    assert len(set(sets.values())) == 1, sets


def test_body_photos_are_lazy_pictures_never_upscaled(photos):
    body = photos.soup(POST.format(lang="en")).select_one(".entry__body")
    first = body.find("picture")
    # gps-rotated.jpg is 1200 px wide when upright: no 1440 variant.
    image = check_picture(photos, first, [360, 720, 1080, 1200])
    assert image["loading"] == "lazy" and image["alt"] == "A trainer at the flip chart"
    ornament = body.select("p")[-1].find("img")
    assert ornament["alt"] == ""  # written ![-](…): decorative
    assert [w for _, w in srcset(ornament["srcset"])] == [48]
    assert ornament.find_parent("a") is None


def test_every_img_has_its_dimensions(photos):
    for path in photos.html_files():
        for image in photos.soup(path).find_all("img"):
            assert image.get("width") and image.get("height"), (path, str(image)[:200])


def test_orientation_is_applied(photos):
    body = photos.soup(POST.format(lang="en")).select_one(".entry__body")
    url = srcset(body.find("picture").find("img")["srcset"])[-1][0]
    image, _ = opened(photos, url)
    assert image.size == (1200, 900)
    red, green, blue = image.convert("RGB").getpixel((20, 20))
    assert red > 150 and green < 90 and blue < 90  # the red corner, top left


def test_transparency_is_kept_in_png(photos):
    body = photos.soup(POST.format(lang="en")).select_one(".gallery")
    diagram = body.find("img", alt="A diagram of the course modules")
    picture = diagram.find_parent("picture")
    check_picture(photos, picture, [360, 720, 800], fallback="PNG")
    image, _ = opened(photos, diagram["src"])
    assert image.mode == "RGBA" and image.getpixel((2, 2))[3] == 0
    modern, _ = opened(photos, srcset(picture.find("source")["srcset"])[0][0])
    assert modern.mode == "RGBA"


def published_images(site):
    return [
        p
        for p in site.output.rglob("*")
        if p.suffix.lower() in IMAGE_SUFFIXES and p.is_file()
    ]


def test_no_published_image_carries_metadata(photos):
    files = published_images(photos)
    # Variants, link previews, cards and the photos' own addresses.
    assert any(p.parts[-2] == "cards" for p in files)
    assert (photos.output / FIXTURE_PHOTOS / "gps-rotated.jpg").is_file()
    assert len(files) > 40
    for path in files:
        data = path.read_bytes()
        for secret in SECRETS:
            assert secret not in data, (path, secret)
        with Image.open(path) as image:
            assert not image.getexif(), path
            for key in ("exif", "xmp", "XML:com.adobe.xmp", "comment", "icc_profile"):
                assert key not in image.info, (path, key)


def test_the_original_address_serves_a_clean_copy(photos):
    content = photos.project / "content" / FIXTURE_PHOTOS / "large.jpg"
    published = photos.output / FIXTURE_PHOTOS / "large.jpg"
    assert published.read_bytes() != content.read_bytes()
    with Image.open(published) as image:
        assert image.format == "JPEG" and image.width == max(WIDTHS)
    # Every photo's own address holds the format its extension names.
    formats = {
        ".jpg": "JPEG",
        ".jpeg": "JPEG",
        ".png": "PNG",
        ".webp": "WEBP",
        ".avif": "AVIF",
        ".gif": "GIF",
    }
    for path in (photos.output / "media").rglob("*"):
        if path.suffix.lower() in formats:
            with Image.open(path) as image:
                assert image.format == formats[path.suffix.lower()], path
    # The pipeline changed no content file (conftest compares the tree too).
    with Image.open(content) as original:
        assert original.getexif()


def test_gallery_works_without_javascript(photos):
    soup = photos.soup(POST.format(lang="en"))
    gallery = soup.select_one("ul.gallery[data-gallery]")
    items = gallery.find_all("li", recursive=False)
    assert len(items) == 3
    for item in items:
        link = item.find("a", class_="gallery__link")
        image = item.find("img")
        assert image["alt"] and image["loading"] == "lazy"
        large, kind = opened(photos, link["href"])
        assert kind in ("JPEG", "PNG") and large.size == (
            int(link["data-width"]),
            int(link["data-height"]),
        )
    dialog = soup.find("dialog", class_="lightbox")
    assert dialog and [b.get_text(strip=True) for b in dialog.find_all("button")] == [
        "Previous photo",
        "Next photo",
        "Close",
    ]
    script = soup.find("script", src=lambda s: s and "gallery" in s)
    assert script is not None and not script.string
    # Only a page with a gallery loads the script.
    other = photos.soup("en/about/index.html")
    assert other.find("dialog") is None
    assert other.find("script", src=lambda s: s and "gallery" in s) is None


def test_lightbox_labels_are_translated(photos):
    expected = {
        "ru": ["Предыдущее фото", "Следующее фото", "Закрыть"],
        "az": ["Əvvəlki foto", "Növbəti foto", "Bağla"],
    }
    for lang, labels in expected.items():
        dialog = photos.soup(POST.format(lang=lang)).find("dialog")
        assert [b.get_text(strip=True) for b in dialog.find_all("button")] == labels


def teaser_of(soup, href_part):
    for teaser in soup.select("article.teaser"):
        link = teaser.select_one(".teaser__title a")
        if link and href_part in link["href"]:
            return teaser
    raise AssertionError(f"no teaser for {href_part}")


def test_lists_show_the_lead_image_as_a_card(photos):
    for lang in LANGS:
        for path in (f"{lang}/index.html", f"{lang}/news/index.html"):
            soup = photos.soup(path)
            teaser = teaser_of(soup, "/news/photo-report/")
            assert "teaser--image" in teaser["class"], path
            image = teaser.select_one(".teaser__image img")
            assert image["alt"] == "" and image["loading"] == "lazy"
            assert image.find_parent("picture").find("source")
            # A summary made from the text shows none of its photos.
            assert (
                teaser.select_one(
                    ".teaser__summary picture, .teaser__summary img, "
                    ".teaser__summary .gallery"
                )
                is None
            )
            # Posts without a lead image stay plain.
            plain = [
                t
                for t in soup.select("article.teaser")
                if "teaser--image" not in t["class"]
            ]
            assert plain and all(t.select_one("img") is None for t in plain), path
    events = photos.soup("en/events/index.html")
    assert teaser_of(events, "timed-workshop-berlin").select_one(".teaser__image img")


def preview(soup):
    found = {
        tag.get("property") or tag.get("name"): tag["content"]
        for tag in soup.find_all("meta")
        if (tag.get("property") or tag.get("name", "")).startswith(
            ("og:image", "twitter:")
        )
    }
    return found


def check_preview(site, path):
    found = preview(site.soup(path))
    assert found.get("twitter:card") == "summary_large_image", path
    assert found.get("og:image:alt"), path
    assert (found["og:image:width"], found["og:image:height"]) == ("1200", "630")
    image, _ = opened(site, found["og:image"])
    assert image.size == (1200, 630), path
    return found["og:image"], image


def test_every_page_has_a_link_preview_image(site):
    """The real site, which has no photos: a card for every page, in its
    language, never blank."""
    cards = {}
    for path in site.html_files():
        if path.startswith(("pagefind/", "admin/")) or "/" not in path:
            continue
        if site.soup(path).find("meta", attrs={"http-equiv": "refresh"}):
            continue
        url, image = check_preview(site, path)
        cards.setdefault(url, image)
    for url, image in cards.items():
        stats = ImageStat.Stat(image.convert("L"))
        assert stats.stddev[0] > 20, f"{url} looks blank"
        assert len(image.convert("RGB").getcolors(1 << 16) or []) > 8, url
    # The same page in three languages: three cards.
    about = {
        lang: preview(site.soup(f"{lang}/about/index.html"))["og:image"]
        for lang in LANGS
    }
    assert len(set(about.values())) == 3


def test_a_post_with_a_photo_previews_it(photos):
    for lang in LANGS:
        url, image = check_preview(photos, POST.format(lang=lang))
        assert "/cards/" not in url
        assert (
            photos.soup(POST.format(lang=lang)).find("meta", property="og:image:alt")[
                "content"
            ]
            == photos.soup(POST.format(lang=lang)).select_one(".lead-figure img")["alt"]
        )
    url, _ = check_preview(photos, EVENT)
    assert "/cards/" not in url


# --- cards: wrapping and glyphs ----------------------------------------------

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "plugins"))
from site_images import cards  # noqa: E402

LONG_TITLES = {
    "en": "Regional workshop on the harmonisation of migration data collection, "
    "analysis and exchange between the countries of the Silk Road region, with "
    "a session on the protection of migrants' rights",
    "ru": "Региональный семинар по гармонизации сбора, анализа и обмена данными о "
    "миграции между странами региона Шёлкового пути с отдельной сессией о защите "
    "прав мигрантов",
    "az": "İpək Yolu regionu ölkələri arasında miqrasiya məlumatlarının toplanması, "
    "təhlili və mübadiləsinin uyğunlaşdırılmasına dair regional seminar və "
    "miqrantların hüquqlarının müdafiəsi üzrə ayrıca sessiya",
}


@pytest.mark.parametrize("lang", LANGS)
def test_long_titles_wrap_and_shorten(lang):
    width = 1200 - 2 * cards.MARGIN
    face, lines = cards.fit_title(
        LONG_TITLES[lang], width, 630 - 2 * cards.MARGIN - 170
    )
    assert 2 <= len(lines) <= cards.MAX_LINES
    assert all(face.getlength(line) <= width for line in lines)
    words = LONG_TITLES[lang].split()
    assert " ".join(lines).rstrip("…").split()[:3] == words[:3]
    short_face, short = cards.fit_title("Workshop", width, 300)
    assert short == ["Workshop"] and short_face.size == cards.TITLE_SIZES[0]


def test_the_card_font_has_every_letter():
    letters = "əƏğĞıİöÖüÜçÇşŞ" + "абвгдеёжзийклмнопрстуфхцчшщъыьэюяЁЙЩЪ" + "«»“”–—…№"

    def drawn(face, letter):
        image = Image.new("L", (80, 80))
        ImageDraw.Draw(image).text((10, 10), letter, font=face, fill=255)
        return image.tobytes()

    for weight in ("bold", "regular"):
        face = ImageFont.truetype(cards.FONTS[weight], 40)
        missing = drawn(face, "\ue000")  # a private-use point: the no-glyph box
        for letter in letters:
            assert drawn(face, letter) != missing, (weight, letter)
    licence = Path(cards.FONTS["bold"]).with_name("OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE" in licence.upper()


# --- caching: a second build processes nothing -------------------------------


def stamps(folder):
    return {
        str(p.relative_to(folder)): p.stat().st_mtime_ns
        for p in Path(folder).rglob("*")
        if p.is_file()
    }


@pytest.fixture(scope="module")
def rebuilt(photos, tmp_path_factory):
    """The hostile project copied with its cache and output, built again
    without a change, then again after one photo changed."""
    project = tmp_path_factory.mktemp("rebuild") / "project"
    shutil.copytree(photos.project, project, symlinks=True)
    before = {
        "cache": stamps(project / "cache" / "images"),
        "output": stamps(project / "output" / "images"),
    }

    def build():
        result = run_pelican(
            project,
            photos.site_url,
            extra_args=PINNED_DATE,
        )
        assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]

    build()
    again = {
        "cache": stamps(project / "cache" / "images"),
        "output": stamps(project / "output" / "images"),
    }
    (project / "content" / FIXTURE_PHOTOS / "tiny.png").write_bytes(_changed_tiny())
    build()
    changed = {
        "cache": stamps(project / "cache" / "images"),
        "output": stamps(project / "output" / "images"),
    }
    return before, again, changed, project


def _changed_tiny():
    image = Image.open(io.BytesIO(tiny())).convert("RGB")
    image.putpixel((0, 0), (1, 2, 3))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def test_a_second_build_processes_nothing(rebuilt):
    before, again, _, _ = rebuilt
    variants = {
        k: v
        for k, v in before["cache"].items()
        if not k.startswith("cards/") and not k.endswith(".json")
    }
    assert variants, "no cached variants"
    for name, stamp in variants.items():
        assert again["cache"][name] == stamp, f"{name} was made again"
    assert set(again["cache"]) == set(before["cache"])
    assert again["output"] == before["output"]


def test_a_changed_photo_is_processed_alone(rebuilt):
    _, again, changed, _ = rebuilt
    new = {
        k.split("/")[1]
        for k in set(changed["cache"]) - set(again["cache"])
        if not k.startswith("cards/")
    }
    assert len(new) == 1, new  # one cache folder: the changed photo's
    old_tiny = {k for k in again["output"] if k.startswith("tiny-")}
    new_tiny = {k for k in changed["output"] if k.startswith("tiny-")}
    assert old_tiny and new_tiny and not old_tiny & new_tiny  # new names, old pruned


def test_the_check_reads_a_damaged_photo_again(rebuilt, capsys):
    """The check trusts the pipeline's cache only for the very bytes it
    processed: a photo damaged after a build is an error again."""
    import importlib.util

    _, _, _, project = rebuilt
    spec = importlib.util.spec_from_file_location(
        "check_content",
        Path(__file__).resolve().parents[1] / "tools" / "check_content.py",
    )
    check = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(check)
    assert check.main(["--settings", str(project / "pelicanconf.py")]) == 0
    capsys.readouterr()
    photo = project / "content" / FIXTURE_PHOTOS / "large.jpg"
    photo.write_bytes(photo.read_bytes()[:5000])
    assert check.main(["--settings", str(project / "pelicanconf.py")]) == 1
    out = capsys.readouterr().out
    assert (
        f"content/{FIXTURE_PHOTOS}/large.jpg:1: error: the file is not an image the "
        "site can read"
    ) in out
    assert (
        "content/posts/photo-report.en.md:5: error: 'media/test-photos/large.jpg' "
        "cannot be used"
    ) in out


# --- in a browser --------------------------------------------------------------


@pytest.fixture(scope="module")
def photo_server(photos):
    with serving(photos.output, photos.site_url) as url:
        yield url


@pytest.fixture
def photo_visit(browser, photo_server):
    visits = []

    def make(**options):
        visits.append(Visit(browser, photo_server, **options))
        return visits[-1]

    yield make
    for opened_visit in visits:
        opened_visit.close()


@pytest.mark.parametrize(
    "path",
    [
        "/en/news/photo-report/",
        "/ru/news/photo-report/",
        "/az/news/photo-report/",
        "/en/",
        "/en/events/",
    ],
)
def test_axe_finds_no_violations_on_pages_with_photos(photo_visit, axe_runner, path):
    visit = photo_visit(viewport={"width": 1280, "height": 800})
    page = visit.open(path)
    page.evaluate(
        "document.querySelectorAll('img[loading=lazy]').forEach("
        "i => i.loading = 'eager')"
    )
    page.wait_for_load_state("networkidle")
    violations, results = axe_runner(page)
    assert not violations, results.generate_report()
    assert visit.errors == [] and visit.foreign_requests() == []


@pytest.fixture(scope="module")
def axe_runner():
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def run(page):
        results = axe.run(
            page,
            options={
                "runOnly": {
                    "type": "tag",
                    "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
                },
                "resultTypes": ["violations"],
            },
        )
        return results.response["violations"], results

    return run


def test_lightbox_by_keyboard(photo_visit):
    visit = photo_visit(viewport={"width": 1280, "height": 800})
    page = visit.open("/en/news/photo-report/")
    links = page.locator(".gallery__link")
    links.nth(0).focus()
    page.keyboard.press("Enter")
    dialog = page.locator("dialog.lightbox")
    assert dialog.evaluate("d => d.open")
    image = dialog.locator("img.lightbox__image")
    assert image.get_attribute("alt") == "The group on the first day"
    assert dialog.locator("[data-lightbox-position]").inner_text() == "Photo 1 of 3"
    page.wait_for_function(
        "() => document.querySelector('.lightbox__image').complete "
        "&& document.querySelector('.lightbox__image').naturalWidth > 0"
    )
    page.keyboard.press("ArrowRight")
    assert image.get_attribute("alt") == "A diagram of the course modules"
    dialog.get_by_role("button", name="Next photo").click()
    assert dialog.locator("[data-lightbox-position]").inner_text() == "Photo 3 of 3"
    assert dialog.get_by_role("button", name="Next photo").is_disabled()
    page.keyboard.press("Escape")
    assert not dialog.evaluate("d => d.open")
    assert page.evaluate("document.activeElement.classList.contains('gallery__link')")
    assert visit.errors == []


def test_gallery_links_open_the_photo_without_javascript(photo_visit):
    visit = photo_visit(java_script_enabled=False)
    page = visit.open("/en/news/photo-report/")
    with page.expect_navigation() as navigation:
        page.locator(".gallery__link").first.click()
    response = navigation.value
    assert response.ok and response.headers["content-type"] == "image/jpeg"


def first_view_image_bytes(visit, path):
    """Bytes of the images a page loads before the reader scrolls."""
    sizes = {}

    def record(response):
        if response.request.resource_type == "image":
            sizes[response.url] = len(response.body())

    visit.page.on("response", record)
    visit.open(path)
    visit.page.wait_for_load_state("networkidle")
    return sizes


@pytest.mark.parametrize(
    "path", ["/en/", "/en/news/photo-report/", "/ru/", "/az/news/photo-report/"]
)
def test_a_phone_loads_at_most_200_kb_of_images_on_first_view(photo_visit, path):
    visit = photo_visit(**MOBILE)
    sizes = first_view_image_bytes(visit, path)
    assert sum(sizes.values()) <= PHONE_IMAGE_BUDGET, sizes
    if "photo-report" in path:
        # The lead photo came as AVIF, at a width for a 360 px screen.
        assert any(url.endswith(".avif") for url in sizes), sizes
        assert not any("-1440." in url for url in sizes), sizes


def test_pages_with_photos_stay_within_the_page_budget(photos):
    weights = site_weights(
        photos.output, photos.site_url, page_slugs_of(photos.project / "content")
    )
    checked = {
        w.path: w.budgeted
        for w in weights
        if "photo-report" in w.path
        or w.path.endswith("/index.html")
        and w.path.count("/") == 1
    }
    assert "en/news/photo-report/index.html" in checked
    over = {path: size for path, size in checked.items() if size > BUDGET_BYTES}
    assert not over, over


LIGHTHOUSE = (
    Path(__file__).resolve().parents[1]
    / "tools"
    / "lighthouse"
    / "node_modules"
    / ".bin"
    / "lighthouse"
)


def test_lighthouse_mobile_performance_is_100(photo_server, tmp_path):
    """Lighthouse's mobile preset (a mid-range phone on a slow 4G link,
    simulated) on a post with a lead photo and a gallery."""
    import json
    import os
    import subprocess

    from conftest import CHROMIUM, skip_or_fail

    if not LIGHTHOUSE.is_file():
        skip_or_fail(
            "Lighthouse is not installed: `make test` installs it "
            "(tools/lighthouse, npm ci)"
        )
    if not Path(CHROMIUM).is_file():
        skip_or_fail(f"Chromium not found at {CHROMIUM}")
    report = tmp_path / "lighthouse.json"
    result = subprocess.run(
        [
            str(LIGHTHOUSE),
            f"{photo_server}/en/news/photo-report/",
            "--only-categories=performance",
            "--output=json",
            f"--output-path={report}",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
            "--quiet",
        ],
        env=dict(os.environ, CHROME_PATH=CHROMIUM),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["configSettings"]["formFactor"] == "mobile"
    metrics = {
        key: data["audits"][key]["displayValue"]
        for key in (
            "first-contentful-paint",
            "largest-contentful-paint",
            "total-blocking-time",
            "cumulative-layout-shift",
            "speed-index",
        )
    }
    assert data["categories"]["performance"]["score"] == 1, metrics
