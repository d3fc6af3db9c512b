"""Pure logic of the local plugins, without a build."""

import datetime
import itertools
from types import SimpleNamespace

import pytest
from pelican.utils import slugify

from conftest import ROOT
from site_dates import site_dates
from site_i18n import site_i18n


@pytest.fixture(scope="module")
def settings():
    import runpy

    return runpy.run_path(str(ROOT / "pelicanconf.py"))


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("şəhər", "seher"),
        ("İçərişəhər", "iceriseher"),
        (
            "Azərbaycan dili: çay, dağ, qız, göl, üzüm",
            "azerbaycan-dili-cay-dag-qiz-gol-uzum",
        ),
        ("Международное миграционное право", "mezhdunarodnoe-migratsionnoe-pravo"),
        ("тренинг", "trening"),
        ("Training of Trainers", "training-of-trainers"),
    ],
)
def test_slugs_keep_every_letter(settings, text, slug):
    assert slugify(text, regex_subs=settings["TAG_REGEX_SUBSTITUTIONS"]) == slug


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "26 November 2021"),
        ("ru", "26 ноября 2021\u202fг."),
        ("az", "26 noyabr 2021"),
    ],
)
def test_local_dates(settings, lang, expected):
    value = datetime.datetime(2021, 11, 26, 12, 0)
    assert (
        site_dates.format_local_date(value, lang=lang, languages=settings["LANGUAGES"])
        == expected
    )


def test_isodate():
    assert site_dates.isodate(datetime.datetime(2022, 7, 29)) == "2022-07-29"
    assert (
        site_dates.isodate(datetime.datetime(2022, 7, 29, 9, 30))
        == "2022-07-29T09:30:00"
    )


def test_pick_fallback_follows_preferences():
    versions = {"az": "AZ", "en": "EN"}
    assert site_i18n.pick_fallback(versions, ["en", "az"]) == "EN"
    assert site_i18n.pick_fallback(versions, ["ru", "az", "en"]) == "AZ"
    assert site_i18n.pick_fallback({"ru": "RU"}, ["en", "az"]) == "RU"


def test_translation_groups():
    items = [
        SimpleNamespace(slug="a", lang="en"),
        SimpleNamespace(slug="a", lang="az"),
        SimpleNamespace(slug="b", lang="ru"),
    ]
    groups = site_i18n.translation_groups(items)
    assert set(groups) == {"a", "b"}
    assert set(groups["a"]) == {"en", "az"}


def test_language_url():
    assert (
        site_i18n.language_url("https://x.az", "ru", "news/a/")
        == "https://x.az/ru/news/a/"
    )
    assert site_i18n.language_url("https://x.az", "az") == "https://x.az/az/"


def test_fallback_settings_cover_every_language(settings):
    assert set(settings["SITE_FALLBACKS"]) == set(settings["LANGUAGES"])
    for lang, order in settings["SITE_FALLBACKS"].items():
        assert lang not in order
        assert set(order) == set(settings["LANGUAGES"]) - {lang}


@pytest.mark.parametrize("jobs", [1, 2, 3, 4, 5, 8])
def test_shares_cover_every_language_once_and_evenly(jobs):
    from fractions import Fraction

    from site_speed.shares import plan_shares

    languages = ["en", "ru", "az"]
    shares = plan_shares(languages, jobs)
    assert len(shares) == jobs
    for lang in languages:
        parts = sorted(share[lang] for share in shares if lang in share)
        # Adjacent intervals from 0 to 1: every page goes to one process.
        assert parts[0][0] == 0 and parts[-1][1] == 1
        assert all(a[1] == b[0] for a, b in itertools.pairwise(parts))
    for share in shares:
        assert sum(end - start for start, end in share.values()) == Fraction(3, jobs)


def test_two_processes_split_the_middle_language():
    from fractions import Fraction

    from site_speed.shares import plan_shares

    half = Fraction(1, 2)
    assert plan_shares(["en", "ru", "az"], 2) == [
        {"en": (0, 1), "ru": (0, half)},
        {"ru": (half, 1), "az": (0, 1)},
    ]


def test_language_sources_include_the_versions_a_fallback_can_show(settings):
    from site_speed.fingerprints import language_sources

    files = [
        "posts/a.en.md",
        "posts/a.ru.md",
        "posts/b.en.md",
        "posts/b.az.md",
        "pages/about.en.md",
        "pages/about.ru.md",
        "pages/about.az.md",
        "media/photo.jpg",
    ]
    shown = language_sources(settings, files)
    assert shown["en"] == {"posts/a.en.md", "posts/b.en.md", "pages/about.en.md"}
    # Russian has no "b": its fallback copy shows one of the other versions.
    assert shown["ru"] == {
        "posts/a.ru.md",
        "posts/b.en.md",
        "posts/b.az.md",
        "pages/about.ru.md",
    }
    assert shown["az"] == {
        "posts/a.en.md",
        "posts/a.ru.md",
        "posts/b.az.md",
        "pages/about.az.md",
    }


def test_language_sources_keep_posts_pages_and_statuses_apart(settings):
    from site_speed.fingerprints import language_sources

    files = [
        "posts/x.en.md",
        "pages/x.ru.md",  # a post and a page, one slug
        "pages/y.en.md",
        "pages/y.ru.md",
    ]  # the Russian page is hidden
    statuses = {"pages/y.ru.md": "hidden"}
    shown = language_sources(settings, files, statuses)
    # The English site shows the Russian page "x" as a fallback copy...
    assert "pages/x.ru.md" in shown["en"]
    # ...and the Russian site the published English "y", its own is hidden.
    assert "pages/y.en.md" in shown["ru"]
    assert "posts/x.en.md" in shown["ru"]


# Every inline construct of Markdown, extra and smarty, and the ways they nest.
INLINE_SAMPLE = """\
Title: Inline sample

*emphasis*, _emphasis_, **strong**, __strong__, ***both***, **_mixed_** and
*unclosed, `code`, ``code with ` tick``, \\`escaped\\`, \\*not emphasis\\*,
\\\\`code after an escaped backslash`, a_snake_case_word and 2*3*4.

A [link](https://example.org/ "title"), a [reference][ref], a [short ref],
[collapsed][], an ![image](/media/a.png "alt title"), ![ref image][img],
<https://example.org/auto>, <mail@example.org>, <span class="x">inline
HTML</span>, &amp; &copy; &#169; &#xA9; and a bare & ampersand.
Line ending in two spaces \x20
then a break. A footnote[^note], an HTML abbreviation and a {: #no-attr} brace.

"Double quotes", 'single quotes', it's, the '90s, "nested 'quotes'", em---dash,
en--dash, an ellipsis... and «angle quotes» <<too>>.

Кавычки «ёлочки», "лапки" и апостроф д'Артаньян — Azərbaycan: "şəhər", 'ölkə'.

* a list with *emphasis* and `code`
* [a link](#anchor) and "quotes"

| table | with *emphasis* |
|-------|-----------------|
| `code` | "quotes" |

*[HTML]: Hyper Text Markup Language
[ref]: https://example.org/ref
[short ref]: https://example.org/short
[collapsed]: https://example.org/collapsed
[img]: /media/b.png
[^note]: The note, with *emphasis* and a [link](https://example.org/n).
"""


def _markdown(settings):
    import markdown

    config = settings["MARKDOWN"]
    return markdown.Markdown(
        extensions=[*config["extension_configs"], "markdown.extensions.meta"],
        extension_configs=config["extension_configs"],
        output_format=config["output_format"],
    )


def test_skipping_inline_patterns_writes_what_markdown_writes(settings):
    """The speed-up of the Markdown inline pass changes no byte, on every
    inline construct and on every content file of the project."""
    from site_speed.inline_patterns import (
        SkippingInlineProcessor,
        skip_unmatched_patterns,
    )

    stock, skipping = _markdown(settings), skip_unmatched_patterns(_markdown(settings))
    assert sum(type(p) is SkippingInlineProcessor for p in skipping.treeprocessors) == 2
    texts = [INLINE_SAMPLE] + [
        path.read_text(encoding="utf-8")
        for path in sorted((ROOT / "content").rglob("*.md"))
    ]
    for text in texts:
        stock.reset()
        skipping.reset()
        assert skipping.convert(text) == stock.convert(text)
        assert skipping.Meta == stock.Meta
    assert "<em>emphasis</em>" in stock.convert(INLINE_SAMPLE)


@pytest.mark.parametrize(
    ("pattern", "characters"),
    [
        (r"(?<!\!)\[", "["),
        (r"\*|_", "*_"),
        (r"(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)`)", "\\`"),
        (r"(\s|&nbsp;|--)'(?=\w)", "'"),  # the smallest set of the sequence
        (r"x+y", "x"),
        (r"[a-c]z", "z"),
        (r"x?y*", None),  # nothing is required
        (r"a|.", None),  # one branch can match anything
        (r"\w+", None),
        (r"[^<]", None),
        (r"(?i)x", None),  # case-insensitive: "X" matches too
        (r"(?i:x)y", "y"),
    ],
)
def test_trigger_characters_are_in_every_match(pattern, characters):
    import re

    from site_speed.inline_patterns import trigger

    assert trigger(re.compile(pattern)) == characters
