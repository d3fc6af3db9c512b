#!/usr/bin/env python3
"""Benchmark the build at scale: a synthetic trilingual site, built with the
project's real settings, theme and plugins, against a plain single-language
Pelican site of the same articles (the reference), in the same run.

    .venv/bin/python tools/bench.py [-n 1000] [--repeat 3] [--output bench/result.json]

`make bench N=1000 REPEAT=3` runs it. Everything happens in a temporary
folder (the project's settings, theme and plugins are copied there, the
real content/ is copied and the synthetic posts are added); content/ and
output/ of the project are never touched. The result is written as JSON and
summed up in a short table; the numbers are the median of REPEAT runs.

Measures, each for the trilingual build and for the reference:

- `clean`: output/ and cache/ deleted first;
- `no_change`: the same build again (output/ and cache/ kept);
- `edit_one`: after appending a paragraph to one English post;
- `add_one`: after adding one post in three languages.

Time is the wall time of the `pelican` process; peak RSS is the largest
resident set of the build's process tree (`ru_maxrss` of the children of a
small runner process, so worker processes and Pagefind count, but as the
largest single process, not a sum). Ratios are to the reference's clean build.

(Over 400 lines: content generation, the reference build, measuring and
the report live here together; issue 17 splits the driver the same way
as the Moodle importer. The check timings are in bench_check.py.)
"""

import argparse
import datetime
import json
import os
import platform
import random
import re
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import zlib
from importlib.metadata import version
from pathlib import Path

import bench_check

ROOT = Path(__file__).resolve().parents[1]
PROJECT_FILES = ["pelicanconf.py", "publishconf.py", "theme", "plugins"]
LANGS = ["en", "ru", "az"]
SITE_URL = "http://localhost:8000"
MEASURES = ["clean", "no_change", "edit_one", "add_one"]
MEASURE_NAMES = {
    "clean": "clean build",
    "no_change": "no-change rebuild",
    "edit_one": "edit one post",
    "add_one": "add one post",
}
# Share of translation groups without a Russian / Azerbaijani version.
MISSING = {"ru": 0.10, "az": 0.05}
IMAGES = 4
# Photos (--photos): camera-sized JPEGs, each shown in one group's posts.
PHOTO_SIZE = (2400, 1600)
FIRST_DATE = datetime.datetime(2019, 1, 1, 9, 0)
LAST_DATE = datetime.datetime(2026, 10, 31, 18, 0)

# Runs the build as its child and reports the child's wall time, the peak
# RSS of its process tree (ru_maxrss of waited-for descendants, in KB) and
# their CPU time (less sensitive than wall time to other load on the machine).
RUNNER = r"""
import json, resource, subprocess, sys, time
with open(sys.argv[1], "w") as log:
    start = time.perf_counter()
    code = subprocess.call(sys.argv[2:], stdout=log, stderr=subprocess.STDOUT)
    seconds = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"returncode": code, "seconds": seconds, "maxrss_kb": usage.ru_maxrss,
                  "cpu_seconds": usage.ru_utime + usage.ru_stime}))
"""

# --- Word lists ---------------------------------------------------------------

WORDS = {
    "en": """
        migration migrants migrant labour border management training trainers
        course module workshop seminar conference session meeting centre region
        regional national international government agency agencies ministry
        service state public private sector civil society academia university
        students teachers experts network research study report survey data
        statistics evidence knowledge practice experience method methods tools
        curriculum programme project partners partnership cooperation dialogue
        policy policies law legal rights protection safety security integration
        return reintegration readmission asylum refugees visa permit residence
        registration identity documents procedures standards quality capacity
        skills competence learning online hybrid classroom participants speakers
        delegates officials specialists staff colleagues countries neighbours
        Azerbaijan Georgia Moldova Ukraine Uzbekistan Kazakhstan Tajikistan
        Türkiye Baku Tbilisi Tashkent Almaty region's centre's new first last
        main key important useful practical modern effective sustainable safe
        orderly regular fair transparent joint common open shared digital
        electronic interactive theoretical annual monthly weekly future past
        recent current strong wide broad clear detailed short long early late
        the the the the the a a a an of of of of in in in to to to and and and
        and for for on on with with by by from at as that which this these
        those their its our was were is are has have had will would could
        should may also more most many several each every both other such
        after before during between within across through about over under
        while since because although however therefore moreover finally then
        held organised opened closed discussed presented prepared shared
        agreed adopted reviewed planned launched supported attended welcomed
        noted stressed highlighted explained described proposed recommended
        improve strengthen develop build support train share exchange learn
        apply use promote protect manage coordinate measure assess evaluate
        design deliver update publish translate collect analyse compare
        results outcomes goals objectives priorities needs challenges risks
        opportunities lessons recommendations conclusions findings questions
        answers examples cases trends flows routes corridors remittances
        employment jobs workers employers families children women youth
        health education housing language culture communities cities villages
        year years month months day days week weeks hours programme's
        """,
    "ru": """
        миграция миграции мигранты мигрантов трудовая трудовой граница границ
        управление управления обучение обучения тренинг тренинга тренеры курс
        модуль семинар семинара конференция сессия встреча центр центра регион
        региона региональный национальный международный международной
        государственный государственная служба служб министерство ведомство
        ведомств органы общество гражданское академическое университет студенты
        преподаватели эксперты экспертов сеть сети исследование исследования
        доклад отчет опрос данные статистика знания практика опыт опыта метод
        методы инструменты программа программы проект проекта партнеры
        партнерство сотрудничество сотрудничества диалог политика закон право
        права защита безопасность интеграция возвращение реинтеграция убежище
        беженцы виза разрешение проживание регистрация документы процедуры
        стандарты качество потенциал навыки компетенции онлайн гибридный
        формат участники участников докладчики делегаты специалисты сотрудники
        коллеги страны стран соседи Азербайджан Грузия Молдова Украина
        Узбекистан Казахстан Таджикистан Турция Баку Тбилиси Ташкент Алматы
        новый новая новые первый последний главный основной важный важные
        полезный практический современный эффективный устойчивый безопасный
        упорядоченный справедливый прозрачный совместный общий открытый
        цифровой электронный интерактивный ежегодный будущий прошлый текущий
        широкий четкий подробный краткий и и и и в в в в на на на с с по по
        для для из к о об от до за при что который которые этот эти также
        более многие несколько каждый другие такие после перед между в
        рамках в течение через около однако поэтому кроме того наконец затем
        провели проведен прошел открыли обсудили представили подготовили
        согласовали приняли рассмотрели запланировали поддержали отметили
        подчеркнули объяснили предложили рекомендовали укрепить развивать
        поддерживать обучать обмениваться применять использовать продвигать
        защищать управлять координировать оценивать разработать обновить
        опубликовать перевести собрать анализировать сравнить результаты
        итоги цели задачи приоритеты потребности вызовы риски возможности
        уроки рекомендации выводы вопросы ответы примеры случаи тенденции
        потоки маршруты переводы занятость работа работники работодатели
        семьи дети женщины молодежь здоровье образование жилье язык культура
        общины города села год года лет месяц месяца день дня неделя часов
        ГМС МОМ РУЦМ ООН высококвалифицированных межведомственного площадкой
        возможностями вклад знаниями объединяет обменяться общей повесткой
        """,
    "az": """
        miqrasiya miqrant miqrantlar əmək sərhəd idarəetmə idarəetməsi təlim
        təlimi təlimçilər kurs modul seminar konfrans sessiya görüş mərkəz
        mərkəzi region regional milli beynəlxalq dövlət dövlətin xidmət
        xidməti nazirlik qurum qurumlar orqanlar cəmiyyət vətəndaş akademik
        universitet tələbələr müəllimlər ekspert ekspertlər şəbəkə şəbəkəsi
        tədqiqat araşdırma hesabat sorğu məlumat məlumatlar statistika bilik
        biliklər təcrübə təcrübəsi üsul üsullar alətlər proqram proqramı
        layihə layihəsi tərəfdaşlar tərəfdaşlıq əməkdaşlıq dialoq siyasət
        qanun hüquq hüquqlar müdafiə təhlükəsizlik inteqrasiya qayıdış
        reinteqrasiya sığınacaq qaçqınlar viza icazə yaşayış qeydiyyat
        sənədlər prosedurlar standartlar keyfiyyət potensial bacarıqlar
        səriştə onlayn hibrid əyani iştirakçılar iştirakçıları məruzəçilər
        nümayəndələr mütəxəssislər əməkdaşlar həmkarlar ölkələr ölkələrin
        qonşular Azərbaycan Gürcüstan Moldova Ukrayna Özbəkistan Qazaxıstan
        Tacikistan Türkiyə Bakı Tbilisi Daşkənd Almatı İran İsveçrə İtaliya
        yeni ilk son əsas mühüm vacib faydalı praktiki müasir effektiv
        davamlı təhlükəsiz nizamlı ədalətli şəffaf birgə ümumi açıq rəqəmsal
        elektron interaktiv illik gələcək keçmiş cari geniş aydın ətraflı
        qısa və və və və ilə ilə üçün üçün üzrə üzrə bu bu həmçinin daha çox
        bir neçə hər digər belə sonra əvvəl arasında çərçivəsində ərzində
        haqqında barədə görə qədər kimi lakin çünki isə öz onların bizim
        keçirildi təşkil olundu açıldı müzakirə edildi təqdim olundu
        hazırlandı razılaşdırıldı qəbul edildi nəzərdən keçirildi planlaşdırıldı
        dəstəkləndi qeyd etdi vurğuladı izah etdi təklif etdi tövsiyə etdi
        gücləndirmək inkişaf etdirmək dəstəkləmək öyrətmək paylaşmaq
        mübadilə tətbiq etmək istifadə təşviq qorumaq idarə etmək
        əlaqələndirmək qiymətləndirmək yeniləmək dərc etmək tərcümə toplamaq
        təhlil müqayisə nəticələr nəticələri məqsədlər vəzifələr prioritetlər
        ehtiyaclar çağırışlar risklər imkanlar dərslər tövsiyələr qənaətlər
        suallar cavablar nümunələr hallar meyillər axınlar marşrutlar
        pul köçürmələri məşğulluq iş işçilər işəgötürənlər ailələr uşaqlar
        qadınlar gənclər sağlamlıq təhsil mənzil dil mədəniyyət icmalar
        şəhərlər kəndlər il illər ay aylar gün günlər həftə saat DMX BMT MRTM
        ölçmək göstərdi ümumilikdə çağdaş güclü ötən növbəti
        """,
}
TAGS = {
    "en": ["training", "workshop", "labour migration", "border management",
           "network of experts", "research", "e-learning", "integration",
           "counter-trafficking", "migration law", "migration data",
           "regional cooperation", "youth", "gender"],
    "ru": ["тренинг", "семинар", "трудовая миграция", "управление границами",
           "сеть экспертов", "исследования", "электронное обучение",
           "интеграция мигрантов", "противодействие торговле людьми",
           "миграционное право", "миграционная статистика",
           "региональное сотрудничество", "молодежь", "гендер"],
    "az": ["təlim", "seminarlar", "əmək miqrasiyası", "sərhəd idarəetməsi",
           "ekspertlər şəbəkəsi", "tədqiqat", "elektron təlim", "inteqrasiya",
           "insan alverinə qarşı mübarizə", "miqrasiya hüququ",
           "miqrasiya statistikası", "regional əməkdaşlıq", "gənclər",
           "gender bərabərliyi"],
}
ALT = {
    "en": "Participants of the session in the training room",
    "ru": "Участники сессии в учебном зале",
    "az": "Təlim zalında sessiyanın iştirakçıları",
}
MORE = {
    "en": "Read also",
    "ru": "Читайте также",
    "az": "Həmçinin oxuyun",
}


# --- Synthetic content ---------------------------------------------------------

class TextMaker:
    """Deterministic pseudo-text in one language from its word list."""

    def __init__(self, rng, lang):
        self.rng = rng
        self.lang = lang
        self.words = WORDS[lang].split()

    def capitalise(self, text):
        first = text[0]
        if self.lang == "az":  # dotted and dotless i: i -> İ, ı -> I
            first = {"i": "İ", "ı": "I"}.get(first, first)
        return first.upper() + text[1:]

    def words_(self, low, high):
        return [self.rng.choice(self.words) for _ in range(self.rng.randint(low, high))]

    def sentence(self, low=8, high=20):
        words = self.words_(low, high)
        if len(words) > 9 and self.rng.random() < 0.4:
            words[self.rng.randint(3, len(words) - 4)] += ","
        return self.capitalise(" ".join(words)) + "."

    def paragraph(self, sentences):
        return " ".join(self.sentence() for _ in range(sentences))

    def title(self):
        return self.capitalise(" ".join(self.words_(4, 8)))


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
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(bytes(rows), 9)) + chunk(b"IEND", b""))


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
        tint = Image.new("RGB", (width, height), tuple(rng.randrange(256) for _ in "rgb"))
        image = Image.blend(base, tint, 0.6)
        draw = ImageDraw.Draw(image)
        for _ in range(12):
            x, y = rng.randrange(width), rng.randrange(height)
            draw.ellipse((x, y, x + rng.randrange(100, 700), y + rng.randrange(100, 500)),
                         fill=tuple(rng.randrange(256) for _ in "rgb"))
        image = Image.blend(image, grain, 0.15)
        exif = Image.Exif()
        exif[0x010F] = "Bench camera"
        exif.get_ifd(0x8825).update({1: "N", 2: (40.0, 22.0, 0.0), 3: "E",
                                     4: (49.0, 50.0, 0.0)})
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
            parts += [f"- {text.sentence(5, 10)[:-1]};" for _ in range(rng.randint(3, 5))]
        if number == image_at:
            image = (f"photo-{meta['photo']:03d}.jpg" if meta.get("photo") is not None
                     else f"pic-{meta['image']}.png")
            parts += ["", f"![{ALT[lang]}]({{static}}/media/bench/{image})"]
        parts += ["", text.paragraph(rng.randint(3, 5))]
    parts += ["", f"{MORE[lang]}: [{link['title']}]({{filename}}/posts/{link['slug']}.{lang}.md)."]
    return "\n".join(parts) + "\n"


def plan_groups(rng, count, prefix="bench", complete=False, photos=0):
    """Front matter of `count` translation groups: {slug: {lang: meta}};
    some groups lack ru or az (MISSING) unless `complete`; the first
    `photos` groups show a photo each instead of a small image."""
    span = int((LAST_DATE - FIRST_DATE).total_seconds() // 60)
    english = [w for w in WORDS["en"].split()
               if w.isascii() and w.isalpha() and w.islower() and len(w) > 3]
    groups = {}
    for k in range(count):
        slug = f"{prefix}-{k:04d}-{rng.choice(english)}-{rng.choice(english)}"
        date = FIRST_DATE + datetime.timedelta(minutes=rng.randrange(span))
        langs = [lang for lang in LANGS
                 if complete or rng.random() >= MISSING.get(lang, 0)]
        category = "news" if rng.random() < 0.8 else "announcements"
        image = rng.randrange(IMAGES)
        tag_picks = rng.sample(range(len(TAGS["en"])), rng.randint(2, 3))
        groups[slug] = {
            lang: {"title": TextMaker(rng, lang).title(), "date": date,
                   "category": category, "image": image,
                   "photo": k if k < photos else None,
                   "tags": [TAGS[lang][i] for i in tag_picks]}
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
    for name in PROJECT_FILES:
        source = source_root / name
        if source.is_dir():
            shutil.copytree(source, project / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        else:
            shutil.copy2(source, project / name)
    # The real content (pages, events, trainings, library, real posts that
    # events point at), so every template has what it needs.
    shutil.copytree(source_root / "content", project / "content",
                    ignore=shutil.ignore_patterns("__pycache__"))
    rng = random.Random(seed)
    write_images(project / "content" / "media" / "bench")
    write_photos(project / "content" / "media" / "bench", min(photos, n), seed)
    groups = plan_groups(rng, n, photos=photos)
    files = write_groups(rng, groups, project / "content" / "posts", groups)
    per_lang = {lang: sum(lang in v for v in groups.values()) for lang in LANGS}
    words = sum(len(path.read_text(encoding="utf-8").split())
                for path in (project / "content" / "posts").glob("bench-*.md"))
    return project, groups, {"groups": n, "files": files, "per_language": per_lang,
                             "photos": min(photos, n),
                             "words_per_post": round(words / files)}


# --- The reference: the same articles as one plain Pelican site ---------------

# Settings copied as data from the project's settings into reference.py:
# URL layout, Markdown, Jinja, and the data the theme's templates read.
REFERENCE_KEYS = [
    "AUTHOR", "SITENAME", "TIMEZONE", "DEFAULT_LANG", "LANGUAGES",
    "SITE_FALLBACKS", "SITE_CATEGORIES", "SITE_NAVIGATION", "SITE_FOOTER_PAGES",
    "SITE_ROOT_URL", "USE_FOLDER_AS_CATEGORY", "DEFAULT_CATEGORY",
    "ARTICLE_URL", "ARTICLE_SAVE_AS", "CATEGORY_URL", "CATEGORY_SAVE_AS",
    "CATEGORIES_SAVE_AS", "TAG_URL", "TAG_SAVE_AS", "TAGS_URL", "TAGS_SAVE_AS",
    "ARCHIVES_URL", "ARCHIVES_SAVE_AS", "INDEX_URL", "INDEX_SAVE_AS",
    "AUTHOR_SAVE_AS", "AUTHORS_SAVE_AS", "YEAR_ARCHIVE_SAVE_AS",
    "MONTH_ARCHIVE_SAVE_AS", "DAY_ARCHIVE_SAVE_AS", "SEARCH_URL", "SEARCH_SAVE_AS",
    "DIRECT_TEMPLATES", "PAGINATED_TEMPLATES", "PAGINATION_PATTERNS",
    "DEFAULT_PAGINATION", "SUMMARY_MAX_LENGTH", "FORMATTED_FIELDS",
    "SLUG_REGEX_SUBSTITUTIONS", "TAG_REGEX_SUBSTITUTIONS",
    "CATEGORY_REGEX_SUBSTITUTIONS", "AUTHOR_REGEX_SUBSTITUTIONS",
    "FEED_ATOM", "FEED_ALL_ATOM", "FEED_ALL_RSS", "CATEGORY_FEED_ATOM",
    "TRANSLATION_FEED_ATOM", "AUTHOR_FEED_ATOM", "AUTHOR_FEED_RSS",
    "FEED_MAX_ITEMS", "RSS_FEED_SUMMARY_ONLY", "JINJA_ENVIRONMENT",
    "SITE_ORGANIZATION", "SITE_ASSETS", "SITE_EVENTS", "SITE_LIBRARY",
    "READERS",
]
# What the theme's templates need to render at all: filters (site_dates),
# globals (site_i18n's lang_url, site_assets' asset_url, site_schema), the
# plain-text summary (site_summary, which reads the content model of
# site_content) and the translation attributes that site_i18n sets. No i18n_subsites, search, sitemap, checks or root pages.
REFERENCE_PLUGINS = ["site_content", "site_dates", "site_summary", "site_i18n",
                     "site_schema", "site_assets"]
REFERENCE_SETTINGS = '''\
"""Reference build: the benchmark's articles as one plain Pelican site with
the project's theme (written by tools/bench.py; not the project's settings)."""
# flake8: noqa
import os

from markdown.extensions.toc import slugify_unicode

HERE = os.path.dirname(os.path.abspath(__file__))
PATH = "reference-content"
ARTICLE_PATHS = ["posts"]
PAGE_PATHS = []
STATIC_PATHS = ["media"]
# One file per article, <slug>-<lang>.md: the slug is the file name.
FILENAME_METADATA = r"(?P<slug>.+)"
THEME = os.path.join(HERE, "theme")
THEME_STATIC_DIR = "theme"
THEME_STATIC_PATHS = ["static"]
OUTPUT_ROOT = os.path.join(HERE, "reference-output")
OUTPUT_PATH = OUTPUT_ROOT
CACHE_PATH = os.path.join(HERE, "reference-cache")
SITEURL = {site_root_url!r}
FEED_DOMAIN = SITEURL
PLUGIN_PATHS = [os.path.join(HERE, "plugins")]
PLUGINS = {plugins!r}
MARKDOWN = {{
    "extension_configs": {{
        "markdown.extensions.extra": {{}},
        "markdown.extensions.toc": {{"slugify": slugify_unicode, "permalink": False}},
        "markdown.extensions.smarty": {{}},
    }},
    "output_format": "html5",
}}
DELETE_OUTPUT_DIRECTORY = False
RELATIVE_URLS = False


# The theme's `_()` (jinja2.ext.i18n) needs gettext functions, which
# i18n_subsites would install; the source (English) text is what this site shows.
def _gettext(message, **variables):
    return message % variables if variables else message


def _ngettext(singular, plural, number, **variables):
    variables.setdefault("num", number)
    return (singular if number == 1 else plural) % variables


JINJA_GLOBALS = {{"gettext": _gettext, "ngettext": _ngettext}}
'''

LINK_RE = re.compile(r"\{filename\}/posts/([a-z0-9-]+)\.(en|ru|az)\.md")


def make_reference(project, groups):
    """reference.py and reference-content/ (the synthetic posts renamed
    <slug>-<lang>.md, links rewritten) inside `project`."""
    sys.path.insert(0, str(project / "plugins"))
    from pelican.settings import get_settings_from_file
    # The file's own values (before Pelican turns them into objects).
    settings = get_settings_from_file(str(project / "pelicanconf.py"))
    lines = [REFERENCE_SETTINGS.format(site_root_url=settings["SITE_ROOT_URL"],
                                       plugins=REFERENCE_PLUGINS)]
    for key in REFERENCE_KEYS:
        if key in settings:
            lines.append(f"{key} = {settings[key]!r}")
    (project / "reference.py").write_text("\n".join(lines) + "\n", encoding="utf-8")
    posts = project / "reference-content" / "posts"
    posts.mkdir(parents=True)
    shutil.copytree(project / "content" / "media" / "bench",
                    project / "reference-content" / "media" / "bench")
    for slug, versions in groups.items():
        for lang in versions:
            copy_to_reference(project / "content" / "posts" / f"{slug}.{lang}.md",
                              posts / f"{slug}-{lang}.md")


def copy_to_reference(source, destination):
    text = source.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^Lang:.*\n", "", text)
    destination.write_text(LINK_RE.sub(r"{filename}/posts/\1-\2.md", text),
                           encoding="utf-8")


# --- Building and measuring ----------------------------------------------------

class BuildFailed(RuntimeError):
    pass


def tree_size(path):
    files = size = 0
    for dirpath, _dirnames, filenames in os.walk(path):
        for name in filenames:
            files += 1
            size += os.path.getsize(os.path.join(dirpath, name))
    return files, size


class Site:
    """One buildable site inside the temporary project."""

    def __init__(self, project, name, content, settings, output, caches, extra):
        self.project = project
        self.name = name
        self.content = content
        self.settings = settings
        self.output = project / output
        self.caches = [project / c for c in caches]
        self.extra = list(extra)
        self.builds = 0

    def build(self, clean):
        if clean:
            for folder in [self.output, *self.caches]:
                shutil.rmtree(folder, ignore_errors=True)
        self.builds += 1
        log = self.project / f"{self.name}-build-{self.builds}.log"
        command = [sys.executable, "-m", "pelican", self.content, "-s", self.settings,
                   "--fatal", "warnings"]
        if self.extra:  # pelican keeps only the last -e: pass them all at once
            command += ["-e", *self.extra]
        env = dict(os.environ, SITEURL=SITE_URL, PYTHONHASHSEED="0")
        result = subprocess.run([sys.executable, "-c", RUNNER, str(log), *command],
                                cwd=self.project, env=env, capture_output=True,
                                text=True, check=False)
        if result.returncode != 0:
            raise BuildFailed(f"runner failed: {result.stderr[-3000:]}")
        report = json.loads(result.stdout.strip().splitlines()[-1])
        if report["returncode"] != 0:
            tail = log.read_text(encoding="utf-8", errors="replace")[-5000:]
            raise BuildFailed(f"{self.name} build failed (see {log}):\n{tail}")
        files, size = tree_size(self.output)
        return {"seconds": round(report["seconds"], 3),
                "cpu_seconds": round(report["cpu_seconds"], 3),
                "peak_rss_mb": round(report["maxrss_kb"] / 1024, 1),
                "output_files": files, "output_bytes": size}


def without_plugins(settings_file, names):
    """A `PLUGINS=[…]` override (pelican -e) leaving out `names`, or nothing."""
    if not names:
        return []
    from pelican.settings import get_settings_from_file
    plugins = get_settings_from_file(str(settings_file))["PLUGINS"]
    unknown = set(names) - set(plugins)
    if unknown:
        raise BuildFailed(f"not in PLUGINS of {settings_file.name}: {sorted(unknown)}")
    return ["PLUGINS=" + json.dumps([p for p in plugins if p not in names])]


def append_paragraph(path, lang, rng, step):
    """Edit one post: append a paragraph to it."""
    with path.open("a", encoding="utf-8") as handle:
        handle.write(f"\n{TextMaker(rng, lang).paragraph(4)} ({step + 1})\n")


def measure(site, repeat, actions):
    """{measure: [sample, …]} for every measure, REPEAT samples each, in
    the order clean, no_change, edit_one, add_one."""
    samples = {m: [] for m in MEASURES}
    for _ in range(repeat):
        samples["clean"].append(site.build(clean=True))
    for _ in range(repeat):
        samples["no_change"].append(site.build(clean=False))
    for step in range(repeat):
        actions["edit_one"](step)
        samples["edit_one"].append(site.build(clean=False))
    for step in range(repeat):
        actions["add_one"](step)
        samples["add_one"].append(site.build(clean=False))
    return samples


def summarise(samples, reference_clean=None):
    seconds = [s["seconds"] for s in samples]
    last = samples[-1]
    summary = {
        "samples": samples,
        "median_seconds": round(statistics.median(seconds), 3),
        "median_cpu_seconds": round(statistics.median(s["cpu_seconds"] for s in samples), 3),
        "peak_rss_mb": max(s["peak_rss_mb"] for s in samples),
        "output_files": last["output_files"],
        "output_bytes": last["output_bytes"],
    }
    if reference_clean:
        summary["ratio"] = round(summary["median_seconds"]
                                 / reference_clean["median_seconds"], 3)
        summary["rss_ratio"] = round(summary["peak_rss_mb"]
                                     / reference_clean["peak_rss_mb"], 3)
        # CPU time over the reference's: work done, whatever the load (a
        # parallel build adds its workers' CPU time, so this is not speed).
        summary["cpu_ratio"] = round(summary["median_cpu_seconds"]
                                     / reference_clean["median_cpu_seconds"], 3)
    return summary


def machine():
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    return {"nproc": usable, "cpu_count": os.cpu_count(),
            "python": platform.python_version(), "pelican": version("pelican"),
            "platform": platform.platform()}


def project_revision(source_root):
    """Where the benchmarked project came from: its folder, git commit and
    whether the copied files had uncommitted changes."""
    def git(*args):
        result = subprocess.run(["git", *args], cwd=source_root, capture_output=True,
                                text=True, check=False)
        return result.stdout.strip() if result.returncode == 0 else None
    status = git("status", "--porcelain", "--", *PROJECT_FILES, "content")
    return {"path": str(source_root), "commit": git("rev-parse", "HEAD"),
            "dirty": bool(status) if status is not None else None}


def run(args):
    workdir = Path(tempfile.mkdtemp(prefix="rtcm-bench-", dir=args.workdir))
    load_before = os.getloadavg()
    try:
        source_root = Path(args.project).resolve()
        project, groups, generated = make_project(source_root, workdir, args.n, args.seed,
                                                  args.photos)
        make_reference(project, groups)
        say(args, f"generated {generated['files']} posts in {args.n} groups "
                  f"{generated['per_language']} in {project}")
        pelican_cache = (["CACHE_CONTENT=true", "LOAD_CONTENT_CACHE=true"]
                         if args.cache == "pelican" else [])
        trilingual = Site(project, "trilingual", "content", args.settings,
                          "output", ["cache"],
                          [*args.setting, *without_plugins(project / args.settings,
                                                           args.without_plugin),
                           *pelican_cache])
        reference = Site(project, "reference", "reference-content", "reference.py",
                         "reference-output", ["reference-cache"], pelican_cache)
        posts = project / "content" / "posts"
        reference_posts = project / "reference-content" / "posts"
        edited = next(iter(groups))
        rng = random.Random(args.seed + 1)
        added = []

        def add_group(step):
            new = plan_groups(rng, 1, prefix=f"bench-added-{step}", complete=True)
            write_groups(rng, new, posts, {**groups, **new})
            added.append(new)

        def add_group_to_reference(step):
            # The same new post as the trilingual build's, as three articles.
            for slug, versions in added[step].items():
                for lang in versions:
                    copy_to_reference(posts / f"{slug}.{lang}.md",
                                      reference_posts / f"{slug}-{lang}.md")

        results = {}
        say(args, "trilingual builds …")
        results["trilingual"] = measure(trilingual, args.repeat, {
            "edit_one": lambda step: append_paragraph(
                posts / f"{edited}.en.md", "en", rng, step),
            "add_one": add_group,
        })
        if not args.no_reference:
            say(args, "reference (single-language) builds …")
            results["reference"] = measure(reference, args.repeat, {
                "edit_one": lambda step: append_paragraph(
                    reference_posts / f"{edited}-en.md", "en", rng, step),
                "add_one": add_group_to_reference,
            })
        ref_clean = (summarise(results["reference"]["clean"])
                     if "reference" in results else None)
        report = {
            "parameters": {"n": args.n, "repeat": args.repeat, "seed": args.seed,
                           "photos": args.photos,
                           "settings": args.settings, "cache": args.cache,
                           "extra_settings": args.setting,
                           "without_plugins": args.without_plugin},
            "machine": {**machine(), "load_average": {"before": load_before,
                                                      "after": os.getloadavg()}},
            "project": project_revision(source_root),
            "date": datetime.datetime.now(datetime.timezone.utc).isoformat(
                timespec="seconds"),
            "generated": generated,
            "measures": {m: summarise(results["trilingual"][m], ref_clean)
                         for m in MEASURES},
        }
        if ref_clean:
            report["reference"] = {m: summarise(results["reference"][m], ref_clean)
                                   for m in MEASURES}
        say(args, "content checks …")
        report["check"] = bench_check.measure(source_root, project, workdir, args.repeat)
        return report
    finally:
        if args.keep:
            print(f"kept {workdir}", file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def say(args, message):
    if not args.quiet:
        print(message, file=sys.stderr, flush=True)


def table(report):
    """The short text table of a report."""
    rows = [("measure", "seconds", "× ref", "CPU s", "peak RSS MB", "files", "MB out")]

    def add(label, m):
        rows.append((label, f"{m['median_seconds']:.2f}",
                     f"{m['ratio']:.2f}" if "ratio" in m else "-",
                     f"{m['median_cpu_seconds']:.2f}", f"{m['peak_rss_mb']:.0f}",
                     str(m["output_files"]), f"{m['output_bytes'] / 1e6:.1f}"))

    for name in MEASURES:
        add(f"trilingual {MEASURE_NAMES[name]}", report["measures"][name])
    for name in MEASURES if "reference" in report else []:
        add(f"reference {MEASURE_NAMES[name]}", report["reference"][name])
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    parameters, machine_ = report["parameters"], report["machine"]
    lines = [f"N={parameters['n']} groups, REPEAT={parameters['repeat']} (medians), "
             f"{machine_['nproc']} CPU(s), Pelican {machine_['pelican']}, "
             f"cache={parameters['cache']}"]
    for row in rows:
        lines.append("  ".join([row[0].ljust(widths[0])]
                               + [cell.rjust(w) for cell, w in zip(row[1:], widths[1:])]))
    for name, label in (("real", "the real content"), ("generated", "the generated site"),
                        ("hostile", "real content + a 1 MB hostile file")):
        if name in report.get("check", {}):
            lines.append(f"make check, {label}: "
                         f"{report['check'][name]['median_seconds']:.2f} s")
    load = max(machine_["load_average"]["before"][0], machine_["load_average"]["after"][0])
    if load > machine_["nproc"]:
        lines.append(f"note: load average {load:.1f} on {machine_['nproc']} CPU(s): "
                     "other processes competed for the CPU; wall times are inflated")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="\n\n".join(__doc__.split("\n\n")[2:]))
    parser.add_argument("-n", type=int, default=1000,
                        help="translation groups to generate (default 1000)")
    parser.add_argument("--photos", type=int, default=100,
                        help="groups whose posts show a camera-sized photo "
                             "(default 100; 0 for none)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="repetitions of every measure; the median is reported "
                             "(default 3)")
    parser.add_argument("--output", default=str(ROOT / "bench" / "result.json"),
                        help="JSON result file (default bench/result.json)")
    parser.add_argument("--project", default=str(ROOT),
                        help="project folder whose settings, theme, plugins and "
                             "content are benchmarked (default: this checkout; "
                             "e.g. a `git worktree` of an older commit)")
    parser.add_argument("--settings", default="pelicanconf.py",
                        help="the project's settings file to build with "
                             "(default pelicanconf.py)")
    parser.add_argument("--cache", choices=["project", "pelican"], default="project",
                        help="'project': the settings' own caching (default); "
                             "'pelican': also turn on Pelican's content cache "
                             "(CACHE_CONTENT, LOAD_CONTENT_CACHE) in both builds")
    parser.add_argument("-e", "--setting", action="append", default=[],
                        metavar="KEY=VALUE",
                        help="extra setting for the trilingual build (pelican -e), "
                             "may be repeated")
    parser.add_argument("--without-plugin", action="append", default=[],
                        metavar="NAME",
                        help="leave this plugin out of the trilingual build's PLUGINS "
                             "(e.g. site_speed, for the numbers without it); "
                             "may be repeated")
    parser.add_argument("--seed", type=int, default=2026,
                        help="seed of the generated text (default 2026)")
    parser.add_argument("--workdir", default=None,
                        help="where the temporary project goes (default: system temp)")
    parser.add_argument("--keep", action="store_true",
                        help="keep the temporary project (and build logs)")
    parser.add_argument("--no-reference", action="store_true",
                        help="skip the single-language reference (no ratios)")
    parser.add_argument("-q", "--quiet", action="store_true",
                        help="no progress messages")
    args = parser.parse_args(argv)
    if args.n < 2 or args.repeat < 1:
        parser.error("-n must be at least 2 and --repeat at least 1")
    try:
        report = run(args)
    except BuildFailed as error:
        print(error, file=sys.stderr)
        return 1
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n",
                      encoding="utf-8")
    print(table(report))
    print(f"written {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
