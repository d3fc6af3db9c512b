"""Pure logic of the local plugins, without a build."""

import datetime
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


@pytest.mark.parametrize(("text", "slug"), [
    ("şəhər", "seher"),
    ("İçərişəhər", "iceriseher"),
    ("Azərbaycan dili: çay, dağ, qız, göl, üzüm", "azerbaycan-dili-cay-dag-qiz-gol-uzum"),
    ("Международное миграционное право", "mezhdunarodnoe-migratsionnoe-pravo"),
    ("тренинг", "trening"),
    ("Training of Trainers", "training-of-trainers"),
])
def test_slugs_keep_every_letter(settings, text, slug):
    assert slugify(text, regex_subs=settings["TAG_REGEX_SUBSTITUTIONS"]) == slug


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "26 November 2021"),
    ("ru", "26 ноября 2021\u202fг."),
    ("az", "26 noyabr 2021"),
])
def test_local_dates(settings, lang, expected):
    value = datetime.datetime(2021, 11, 26, 12, 0)
    assert site_dates.format_local_date(
        value, lang=lang, languages=settings["LANGUAGES"]) == expected


def test_isodate():
    assert site_dates.isodate(datetime.datetime(2022, 7, 29)) == "2022-07-29"
    assert site_dates.isodate(
        datetime.datetime(2022, 7, 29, 9, 30)) == "2022-07-29T09:30:00"


def test_pick_fallback_follows_preferences():
    versions = {"az": "AZ", "en": "EN"}
    assert site_i18n.pick_fallback(versions, ["en", "az"]) == "EN"
    assert site_i18n.pick_fallback(versions, ["ru", "az", "en"]) == "AZ"
    assert site_i18n.pick_fallback({"ru": "RU"}, ["en", "az"]) == "RU"


def test_translation_groups():
    items = [SimpleNamespace(slug="a", lang="en"), SimpleNamespace(slug="a", lang="az"),
             SimpleNamespace(slug="b", lang="ru")]
    groups = site_i18n.translation_groups(items)
    assert set(groups) == {"a", "b"}
    assert set(groups["a"]) == {"en", "az"}


def test_language_url():
    assert site_i18n.language_url("https://x.az", "ru", "news/a/") == \
        "https://x.az/ru/news/a/"
    assert site_i18n.language_url("https://x.az", "az") == "https://x.az/az/"


def test_fallback_settings_cover_every_language(settings):
    assert set(settings["SITE_FALLBACKS"]) == set(settings["LANGUAGES"])
    for lang, order in settings["SITE_FALLBACKS"].items():
        assert lang not in order
        assert set(order) == set(settings["LANGUAGES"]) - {lang}
