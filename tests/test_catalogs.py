"""The UI catalogs are complete: every string the templates use is
translated in ru and az, none fuzzy, none stale."""

import subprocess
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from conftest import ROOT
from deploy_support import require_program
from site_catalogs.site_catalogs import catalog_problems

THEME = ROOT / "theme"


def template_msgids():
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(THEME / "templates"),
        method_map=[("**.html", "jinja2")],
        options_map={
            "**.html": {
                "extensions": "jinja2.ext.i18n",
                "trim_blocks": "True",
                "lstrip_blocks": "True",
            }
        },
        keywords={"_": None, "gettext": None, "ngettext": (1, 2), "gettext_in": (2,)},
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def load(lang):
    path = THEME / "translations" / lang / "LC_MESSAGES" / "messages.po"
    with Path(path).open("rb") as po_file:
        return read_po(po_file)


def test_templates_use_strings():
    assert len(template_msgids()) > 30


@pytest.mark.parametrize("lang", ["ru", "az"])
def test_catalog_translates_every_template_string(lang):
    catalog = load(lang)
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}
    missing = template_msgids() - ids
    assert not missing, f"run `make i18n-update` and translate: {missing}"
    stale = ids - template_msgids()
    assert not stale, f"no template uses: {stale}"


@pytest.mark.parametrize("lang", ["ru", "az"])
def test_catalog_has_no_fuzzy_or_empty_entries(lang):
    assert catalog_problems(load(lang)) == []


@pytest.mark.parametrize("lang", ["ru", "az"])
def test_catalog_keeps_placeholders(lang):
    for message in load(lang):
        if message.id and "%(" in message.id:
            for name in ("%(number)s", "%(total)s", "%(tag)s"):
                assert (name in message.id) == (name in message.string), message.id


def test_no_compiled_catalogs_in_git():
    git = require_program("git", "install it with `apt-get install git`")
    listed = subprocess.run(
        [git, "ls-files", "*.mo", "*.po"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert listed.returncode == 0, f"the tests need a git checkout: {listed.stderr}"
    tracked = listed.stdout.split()
    assert any(name.endswith(".po") for name in tracked)  # it reads the index
    assert [name for name in tracked if name.endswith(".mo")] == []


# --- The checker itself, on small catalogs made here -------------------------


def catalog(*entries):
    """A catalog from (msgid, msgstr, flags) triples."""
    from babel.messages.catalog import Catalog

    made = Catalog(locale="ru")
    for msgid, string, flags in entries:
        made.add(msgid, string, flags=flags)
    return made


def test_checker_passes_a_complete_catalog():
    assert (
        catalog_problems(
            catalog(
                ("Home", "Главная", ()),
                (("One", "%(n)s"), ("Одна", "%(n)s", "%(n)s"), ()),
            )
        )
        == []
    )


@pytest.mark.parametrize(
    "entry",
    [
        ("News", "Новости", ("fuzzy",)),  # a guess by msgmerge, never reviewed
        ("News", "", ()),
        (("One", "%(n)s"), ("Одна", "", "%(n)s"), ()),
    ],
)
def test_checker_reports_fuzzy_and_empty_entries(entry):
    msgid = entry[0] if isinstance(entry[0], str) else entry[0][0]
    assert catalog_problems(catalog(("Home", "Главная", ()), entry)) == [msgid]


def test_a_fuzzy_entry_is_dropped_from_the_mo_and_the_build_warns(tmp_path, caplog):
    """Why the check matters: Babel leaves a fuzzy translation out of the
    .mo, so readers would see English; the build says so (a warning, fatal
    in strict builds)."""
    import gettext
    import logging
    from types import SimpleNamespace

    from babel.messages.pofile import write_po

    from site_catalogs.site_catalogs import _compile_all

    folder = tmp_path / "ru" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "messages.po").open("wb") as po_file:
        write_po(
            po_file, catalog(("Home", "Главная", ()), ("News", "Новости", ("fuzzy",)))
        )
    settings = {
        "DEFAULT_LANG": "en",
        "I18N_SUBSITES": {"ru": {}},
        "LANGUAGES": {"en": {}, "ru": {}},
        "I18N_GETTEXT_LOCALEDIR": str(tmp_path),
    }
    with caplog.at_level(logging.WARNING):
        _compile_all(SimpleNamespace(settings=settings))
    assert [r.getMessage() for r in caplog.records] == [
        f"site_catalogs: {folder / 'messages'}.po: 'News' is untranslated or fuzzy"
    ]
    mo = gettext.translation("messages", str(tmp_path), ["ru"])
    assert mo.gettext("Home") == "Главная"
    assert mo.gettext("News") == "News"
