"""House terms and aligned facts: `make check` names every avoided variant
with its file and line (content and .po catalogs, in every language, in
inflected forms too), today's content has none, the build does not fail on
them, `make translations` counts them, and a translation whose numbers,
dates or country counts differ from the English version is reported.

Inputs are planted in temporary copies of the project, never in content/.
"""

import importlib.util
import json
import logging
import re
import shutil
import subprocess
import sys
from types import SimpleNamespace

import pytest

from conftest import ROOT, copy_project, run_pelican

sys.path.insert(0, str(ROOT / "plugins"))

from site_status.alignment import differences
from site_terms.terms import (
    TermListError,
    load_terms,
    read_term_list,
    scan,
    variant_regex,
)

PO = {
    lang: f"theme/translations/{lang}/LC_MESSAGES/messages.po" for lang in ("ru", "az")
}


def load_tool(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


sys.path.insert(0, str(ROOT / "tools"))
check_tool = load_tool("check_content")
translations_tool = load_tool("translations")


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    project = tmp_path_factory.mktemp("terms-base")
    copy_project(project)
    return project


@pytest.fixture
def project(base, tmp_path, monkeypatch):
    """A copy of the project whose content and catalogs a test may change."""
    for name in ("pelicanconf.py", "publishconf.py"):
        shutil.copy2(base / name, tmp_path / name)
    for name in ("content", "theme"):
        shutil.copytree(base / name, tmp_path / name)
    (tmp_path / "plugins").symlink_to(base / "plugins")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def settings_of(project):
    return check_tool.load_settings(str(project / "pelicanconf.py"))


def run_check(project, capsys):
    code = check_tool.main(["--settings", str(project / "pelicanconf.py")])
    out, _ = capsys.readouterr()
    return code, out.splitlines()


def append_line(path, text):
    """Adds `text` as the last line of a file; returns its line number."""
    lines = path.read_text(encoding="utf-8").rstrip("\n").split("\n")
    lines += ["", text]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def replace_in(path, old, new):
    """Replaces the one `old` in a file; returns the line it is on."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def warning(path, line, preferred, found):
    return f"{path}:{line}: warning: write '{preferred}', not '{found}' (hint: "


# --- The notation ------------------------------------------------------------


@pytest.mark.parametrize(
    ("variant", "text", "matches"),
    [
        ("смешанн*", "в Смешанном формате", "Смешанном"),
        ("смешанн*", "смешанный", "смешанный"),
        ("центр{,а,у,ом,е}", "сайт центра", "центра"),
        ("центр{,а,у,ом,е}", "Центральной Азии", None),
        ("məşğələ*", "məşğələlərindən biri", "məşğələlərindən"),
        ("Qlobal Pakt*", "“Qlobal Pakt”ın icrası", "Qlobal Pakt"),
        ("AB", "Direktiv (AB) 2016/2102", "AB"),
        ("AB", "ABŞ", None),
        ("Global Pact*", "the Global Pacts", "Global Pacts"),
        (
            "подготовк* тренеров",
            "курс подготовки\u00a0тренеров",
            "подготовки\u00a0тренеров",
        ),
    ],
)
def test_variant_notation_matches_whole_words_and_endings(variant, text, matches):
    found = re.search(variant_regex(variant), text, re.IGNORECASE)
    assert (found.group() if found else None) == matches


def test_every_language_has_a_readable_list():
    lists = load_terms({"LANGUAGES": {"en": {}, "ru": {}, "az": {}}})
    assert set(lists) == {"en", "ru", "az"}
    assert all(len(terms) >= 8 for terms in lists.values())


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            '{"terms": [{"use": "a", "avoid": "b", "why": "c"}]}',
            "'avoid' must be a list",
        ),
        ('{"terms": [{"use": "a", "avoid": ["b"]}]}', "'why' is missing"),
        (
            '{"terms": [{"use": "a", "avoid": ["b"], "why": "c", "case": true, "typo": 1}]}',
            "unknown key(s) ['typo']",
        ),
        ('{"terms": [', "Expecting"),
    ],
)
def test_a_broken_list_is_named(tmp_path, data, message):
    path = tmp_path / "terms.ru.json"
    path.write_text(data, encoding="utf-8")
    with pytest.raises(TermListError, match=re.escape(message)) as raised:
        read_term_list(str(path))
    assert raised.value.path == str(path)


# --- Today's content ---------------------------------------------------------------


def test_todays_content_and_catalogs_have_no_term_warnings(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    code, lines = run_check(ROOT, capsys)
    assert code == 0
    assert [line for line in lines if "warning: write '" in line] == []
    assert scan(settings_of(ROOT)) == {"en": [], "ru": [], "az": []}


def test_todays_translations_agree_with_the_english_version():
    assert [d.format("en") for d in differences(settings_of(ROOT))] == []


# --- A variant put back, in any file of any language --------------------------------

# (file, old text or None to append a line, new text, preferred, found)
PUT_BACK = [
    (
        "content/posts/roadmap-workshop-2021.en.md",
        "Regional Training Center on Migration (RTCM). The workshop",
        "Regional Training Centre on Migration (RTCM). The workshop",
        "Regional Training Center on Migration",
        "Regional Training Centre on Migration",
    ),
    (
        "content/pages/about.en.md",
        None,
        "Most of the Centre's courses are held in Baku.",
        "the centre",
        "Centre",
    ),
    (
        "content/pages/partners.en.md",
        None,
        "Staff from Turkey took part.",
        "Türkiye",
        "Turkey",
    ),
    (
        "content/pages/contact.en.md",
        None,
        "We reply by November 25th.",
        "25 November 2021",
        "November 25th",
    ),
    (
        "content/pages/about.ru.md",
        "Центр находится в Баку.",
        "Сайт центра находится в Баку.",
        "Центр",
        "центра",
    ),
    (
        "content/pages/trainings.ru.md",
        None,
        "Курсы проходят в смешанном формате.",
        "гибридный",
        "смешанном",
    ),
    (
        "content/pages/home.ru.md",
        None,
        "Тренеры ведут группы между занятиями.",
        "тренинг",
        "занятиями",
    ),
    (
        "content/pages/partners.ru.md",
        "Агентство ООН по миграции",
        "агентство ООН по вопросам миграции",
        "Агентство ООН по миграции",
        "агентство ООН по вопросам миграции",
    ),
    (
        "content/pages/network-of-experts.ru.md",
        None,
        "Каждый проходит программу ToT.",
        "тренинг для тренеров",
        "ToT",
    ),
    (
        "content/pages/partners.ru.md",
        "Title: Партнеры",
        "Title: Партнёры",
        "Партнеры",
        "Партнёры",
    ),
    (
        "content/posts/new-website-launch-2026.ru.md",
        "запустил новый сайт.",
        "открыл новый сайт.",
        "запустил новый сайт",
        "открыл новый сайт",
    ),
    (
        "content/pages/about.az.md",
        "Qlobal Saziş”in",
        "Qlobal Pakt”ın",
        "Qlobal Saziş",
        "Qlobal Pakt",
    ),
    (
        "content/pages/accessibility.az.md",
        "(Direktiv (Aİ) 2016/2102)",
        "(Direktiv (AB) 2016/2102)",
        "Aİ",
        "AB",
    ),
    (
        "content/trainings/training-of-trainers.az.md",
        None,
        "Kursun məşğələlərindən biri praktikadır.",
        "təlim",
        "məşğələlərindən",
    ),
    (
        "content/posts/rtcm-memorandum-2023.az.md",
        None,
        "Baş direktor ölkəmizdə olub.",
        "Azərbaycan",
        "ölkəmizdə",
    ),
    (
        "content/posts/roadmap-workshop-2021.az.md",
        None,
        "Seminarda MRTM-in Yol xəritəsinin layihəsi müzakirə olunub.",
        "yol xəritəsi",
        "Yol xəritəsinin",
    ),
    (
        "content/posts/first-online-training-2021.az.md",
        "Böyük İpək Yolu",
        "İpək yolu",
        "Böyük İpək Yolu",
        "İpək yolu",
    ),
    (
        "content/pages/network-of-experts.az.md",
        None,
        "Sual üçün mərkəzin ünvanına yazın.",
        "Mərkəz",
        "mərkəzin",
    ),
]


@pytest.mark.parametrize(
    "case", PUT_BACK, ids=[f"{c[0].split('/')[-1]}-{c[4]}" for c in PUT_BACK]
)
def test_a_variant_put_back_in_content_is_named(project, capsys, case):
    relative, old, new, preferred, found = case
    path = project / relative
    line = append_line(path, new) if old is None else replace_in(path, old, new)
    code, lines = run_check(project, capsys)
    assert code == 0, lines  # a warning, never an error
    assert [
        line_
        for line_ in lines
        if line_.startswith(warning(relative, line, preferred, found))
    ], "\n".join(lines)


def test_a_variant_in_the_front_matter_is_named(project, capsys):
    relative = "content/events/roadmap-workshop-2021.ru.md"
    line = replace_in(
        project / relative, "в гибридном формате (очно и онлайн)", "в смешанном формате"
    )
    assert line < 12  # the Summary line
    _, lines = run_check(project, capsys)
    assert any(
        line_.startswith(warning(relative, line, "гибридный", "смешанном"))
        for line_ in lines
    ), "\n".join(lines)


def test_code_and_addresses_are_not_text(project, capsys):
    path = project / "content/pages/about.ru.md"
    append_line(path, "Команда `смешанный` и адрес https://example.org/занятия/.")
    code, lines = run_check(project, capsys)
    assert (code, lines) == (0, [])


@pytest.mark.parametrize(
    ("lang", "msgid", "old", "new", "preferred", "found"),
    [
        (
            "ru",
            "Hybrid (in person and online)",
            "Гибридный (очно и онлайн)",
            "Смешанный (очно и онлайн)",
            "гибридный",
            "Смешанный",
        ),
        ("ru", "Partners", "Партнеры", "Партнёры", "Партнеры", "Партнёры"),
        (
            "ru",
            "Upcoming sessions",
            "Предстоящие тренинги",
            "Предстоящие занятия",
            "тренинг",
            "занятия",
        ),
        ("ru", "Guide", "Пособие", "Руководство", "Пособие", "Руководство"),
        (
            "ru",
            "Search the news and pages of the centre.",
            "Поиск по новостям и страницам Центра.",
            "Поиск по новостям и страницам центра.",
            "Центр",
            "центра",
        ),
        (
            "az",
            "Privacy notice",
            "Məxfilik siyasəti",
            "Məxfilik bildirişi",
            "Məxfilik siyasəti",
            "Məxfilik bildirişi",
        ),
        (
            "az",
            "Past sessions",
            "Keçirilmiş təlimlər",
            "Keçirilmiş məşğələlər",
            "təlim",
            "məşğələlər",
        ),
        ("az", "Introductory", "Giriş", "İlkin", "Giriş", "İlkin"),
    ],
)
def test_a_variant_put_back_in_a_catalog_is_named(
    project, capsys, lang, msgid, old, new, preferred, found
):
    path = project / PO[lang]
    text = path.read_text(encoding="utf-8")
    entry = f'msgid "{msgid}"\nmsgstr "'
    start = text.index(entry) + len(entry)
    assert text[start:].startswith(old)
    path.write_text(text[:start] + new + text[start + len(old) :], encoding="utf-8")
    line = text[:start].count("\n") + 1
    code, lines = run_check(project, capsys)
    assert code == 0
    assert any(
        line_.startswith(warning(PO[lang], line, preferred, found)) for line_ in lines
    ), "\n".join(lines)


def every_variant():
    """(lang, term, a text of each variant) for every entry of every list:
    `*` as no ending, `{…}` as its first listed ending."""
    for lang in ("en", "ru", "az"):
        for term in read_term_list(
            str(ROOT / "plugins/site_terms" / f"terms.{lang}.json")
        ):
            if term.pattern.pattern.startswith("(?:"):  # a regular expression
                continue
            for variant in term.avoid:
                text = re.sub(r"\{([^{},]*)[^{}]*\}", r"\1", variant).replace("*", "")
                yield lang, term, text


LEAD = {
    "en": "We read about {} today.",
    "ru": "Мы читали про {} сегодня.",
    "az": "Biz bu gün {} barədə oxuduq.",
}


@pytest.mark.parametrize(
    ("lang", "term", "text"),
    list(every_variant()),
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_every_listed_variant_is_found(lang, term, text):
    """By the term alone, and past the pattern joined from the whole list
    that lets a line without any variant be skipped."""
    from site_terms.terms import any_term, find_in_text, list_path, read_term_list

    line = LEAD[lang].format(text)
    found = find_in_text([term], line, 7, msgid=term.msgid)
    assert [f.found for f in found] == [text]
    prefilter = any_term(read_term_list(list_path(lang)))
    assert prefilter is not None
    found = find_in_text([term], line, 7, term.msgid, prefilter)
    assert [f.found for f in found] == [text]
    if term.pattern.flags & re.IGNORECASE:  # in capitals too
        line = LEAD[lang].format(text.upper())
        found = find_in_text([term], line, 7, term.msgid, prefilter)
        assert [f.found for f in found] == [text.upper()]


# --- The build and `make translations` ----------------------------------------------


def test_the_catalog_check_logs_terms_without_failing(tmp_path, caplog):
    """At build time a term is logged at INFO with the .po line: --fatal
    warnings must not stop a build for a word."""
    from site_catalogs.site_catalogs import _compile_all

    folder = tmp_path / "ru" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "messages.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "Partners"\nmsgstr "Партнёры"\n\nmsgid "Hybrid (in person and online)"\n'
        'msgstr "Смешанный (очно и онлайн)"\n',
        encoding="utf-8",
    )
    settings = {
        "DEFAULT_LANG": "en",
        "I18N_SUBSITES": {"ru": {}},
        "LANGUAGES": {"en": {}, "ru": {}},
        "I18N_GETTEXT_LOCALEDIR": str(tmp_path),
    }
    with caplog.at_level(logging.INFO):
        _compile_all(SimpleNamespace(settings=settings))
    po = folder / "messages.po"
    assert [(r.levelno, r.getMessage()) for r in caplog.records] == [
        (
            logging.INFO,
            (
                f"site_catalogs: {po}:6: warning: write 'Партнеры', not 'Партнёры' "
                "(hint: the site writes е for ё; ё only in «всё» and «её», where "
                "«все» and «ее» could be misread)"
            ),
        ),
        (
            logging.INFO,
            (
                f"site_catalogs: {po}:9: warning: write 'гибридный', not "
                "'Смешанный' (hint: the house word, and the interface's format "
                "label, for a course held in person and online at once)"
            ),
        ),
    ]


def test_a_build_with_term_variants_succeeds(project):
    replace_in(project / PO["ru"], 'msgstr "Партнеры"', 'msgstr "Партнёры"')
    append_line(project / "content/pages/about.az.md", "Kursun məşğələləri onlayndır.")
    result = run_pelican(
        project, "http://127.0.0.1:9", settings="pelicanconf.py", extra_args=["-v"]
    )
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-3000:]
    assert "warning: write 'Партнеры', not 'Партнёры'" in " ".join(log.split())
    assert (project / "output/az/about/index.html").is_file()


def test_make_translations_counts_term_warnings_per_language(project, capsys):
    append_line(project / "content/pages/about.ru.md", "Курсы в смешанном формате.")
    append_line(project / "content/pages/about.az.md", "Məşğələlər onlayndır.")
    replace_in(project / PO["az"], 'msgstr "Giriş"', 'msgstr "İlkin"')
    assert translations_tool.main(["--settings", str(project / "pelicanconf.py")]) == 0
    lines = capsys.readouterr().out.splitlines()
    for expected in (
        "en: term warnings 0",
        "ru: term warnings 1 (make check lists them)",
        "az: term warnings 2 (make check lists them)",
    ):
        assert expected in lines, "\n".join(lines)
    translations_tool.main(
        ["--format", "json", "--settings", str(project / "pelicanconf.py")]
    )
    data = json.loads(capsys.readouterr().out)
    assert data["term_warnings"] == {"en": 0, "ru": 1, "az": 2}


# --- Facts that must agree across languages -----------------------------------------


@pytest.mark.parametrize(
    ("relative", "old", "new", "what"),
    [
        (
            "content/posts/training-of-trainers-2022.ru.md",
            "С 25 по 29 июля 2022 года",
            "С 25 по 28 июля 2022 года",
            "numbers",
        ),
        (
            "content/posts/rtcm-memorandum-2023.ru.md",
            "почти 200 представителей",
            "почти 300 представителей",
            "numbers",
        ),
        (
            "content/posts/roadmap-workshop-2021.ru.md",
            "25–26 ноября 2021 года Государственная",
            "24–26 ноября 2021 года Государственная",
            "numbers",
        ),
        (
            "content/events/roadmap-workshop-2021.ru.md",
            "ведомств десяти стран",
            "ведомств девяти стран",
            "country counts",
        ),
        (
            "content/events/roadmap-workshop-2021.az.md",
            "Seminarda on ölkənin",
            "Seminarda on iki ölkənin",
            "country counts",
        ),
        (
            "content/posts/rtcm-memorandum-2023.az.md",
            "2023-cü il martın 1-də Azərbaycan",
            "2023-cü il aprelin 1-də Azərbaycan",
            "months",
        ),
        ("content/events/first-online-training-2021.ru.md", None, None, None),
        (
            "content/events/network-of-experts-workshop-2022.az.md",
            ", Türkiyə\n",
            "\n",
            "countries listed",
        ),
    ],
)
def test_a_planted_mismatch_is_reported(project, capsys, relative, old, new, what):
    if old is None:  # a new translation that says something else
        relative = "content/events/first-online-training-2021.ru.md"
        english = (project / relative.replace(".ru.", ".en.")).read_text(
            encoding="utf-8"
        )
        (project / relative).write_text(
            english.replace("ten countries", "восьми стран").replace(
                "nine other countries", "восьми других стран"
            ),
            encoding="utf-8",
        )
        what = "country counts"
    else:
        replace_in(project / relative, old, new)
    found = differences(settings_of(project))
    group = relative.split("/", 1)[1].rsplit(".", 2)[0]
    lang = relative.rsplit(".", 2)[1]
    assert [(d.group, d.lang, d.what) for d in found] == [(group, lang, what)]
    translations_tool.main(["--settings", str(project / "pelicanconf.py")])
    out = capsys.readouterr().out
    assert f"differs: {group} ({lang}): {what} differ from en" in out


def test_the_check_command_exits_zero_on_term_warnings(project):
    append_line(project / "content/pages/about.ru.md", "Курсы в смешанном формате.")
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "tools" / "check_content.py"),
            "--settings",
            "pelicanconf.py",
        ],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert "content/pages/about.ru.md:" in result.stdout
    assert "0 error(s), 1 warning(s) in 1 file(s)" in result.stderr


# --- The findings cache (site_terms.findings_cache) ----------------------------


def test_kept_findings_are_the_findings_and_a_changed_file_is_read_again(
    project, capsys
):
    relative = "content/pages/about.ru.md"
    line = append_line(project / relative, "Мы работаем в смешанном формате.")
    expected = warning(relative, line, "гибридный", "смешанном")
    _, first = run_check(project, capsys)
    assert (project / "cache" / "terms.json").is_file()
    _, second = run_check(project, capsys)
    assert second == first and any(x.startswith(expected) for x in second)
    # The file changes: its findings are made again, not taken from the cache.
    replace_in(project / relative, "в смешанном формате", "в гибридном формате")
    _, third = run_check(project, capsys)
    assert not any(x.startswith(expected) for x in third), "\n".join(third)
    assert len(third) == len(first) - 1
    # A cache that cannot be read is ignored.
    (project / "cache" / "terms.json").write_text("{", encoding="utf-8")
    assert run_check(project, capsys)[1] == third


def test_a_changed_term_list_reads_every_file_again(tmp_path, monkeypatch):
    from site_terms import findings_cache, terms

    lists_dir = tmp_path / "lists"
    lists_dir.mkdir()
    entry = {"use": "hybrid", "avoid": ["blended"], "why": "one word"}
    (lists_dir / "terms.en.json").write_text(json.dumps({"terms": [entry]}))
    monkeypatch.setattr(
        terms, "list_path", lambda lang: str(lists_dir / f"terms.{lang}.json")
    )
    lines = ["Title: A", "", "A blended course and a mixed one."]
    calls = []

    def findings(lists):
        cache = findings_cache.FindingsCache(str(tmp_path / "cache"), lists)

        def compute():
            calls.append(1)
            return terms.markdown_findings(lists["en"], lines, {}, 2, "page")

        found = cache.findings("en", "page", lines, 2, compute)
        cache.save()
        return [(f.line, f.found, f.term.use) for f in found]

    lists = {"en": terms.read_term_list(terms.list_path("en"))}
    assert findings(lists) == [(3, "blended", "hybrid")]
    assert findings(lists) == [(3, "blended", "hybrid")] and len(calls) == 1
    entry["avoid"].append("mixed")
    (lists_dir / "terms.en.json").write_text(json.dumps({"terms": [entry]}))
    lists = {"en": terms.read_term_list(terms.list_path("en"))}
    assert findings(lists) == [(3, "blended", "hybrid"), (3, "mixed", "hybrid")]
    assert len(calls) == 2
