"""Translation status: the report (`make translations`), the page for
editors, and the notice on outdated translations."""

import importlib.util
import json
import sys

import pytest

from conftest import ROOT, copy_project

sys.path.insert(0, str(ROOT / "tools"))
_spec = importlib.util.spec_from_file_location("translations", ROOT / "tools" / "translations.py")
translations_tool = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(translations_tool)

STATUS_PAGE = "en/status/translations/index.html"


@pytest.fixture
def project(tmp_path, monkeypatch):
    copy_project(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def report(project, capsys, *args):
    code = translations_tool.main([*args, "--settings", str(project / "pelicanconf.py")])
    out, _ = capsys.readouterr()
    assert code == 0
    return out


def set_modified(path, value):
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [f"Modified: {value}" if line.startswith("Modified:") else line
             for line in lines]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_older_translation_is_outdated(project, capsys):
    set_modified(project / "content/pages/about.en.md", "2030-01-02")
    set_modified(project / "content/pages/about.ru.md", "2030-01-01")
    data = json.loads(report(project, capsys, "--format", "json"))
    about = next(g for g in data["groups"] if g["slug"] == "about")
    assert about["languages"]["ru"]["state"] == "outdated"
    assert about["languages"]["ru"]["changed_from"] == "Modified"
    # az was not touched: its Modified is older than en's now, too.
    assert about["languages"]["az"]["state"] == "outdated"
    assert about["languages"]["en"]["state"] == "present"


def test_same_date_is_up_to_date_and_missing_is_missing(project, capsys):
    data = json.loads(report(project, capsys, "--format", "json"))
    states = {(g["folder"], g["slug"]): {lang: v["state"] for lang, v in
                                         g["languages"].items()}
              for g in data["groups"]}
    assert states[("pages", "about")] == {"en": "present", "ru": "present",
                                          "az": "present"}
    assert states[("posts", "first-online-training-2021")]["ru"] == "missing"
    assert set(data["ui_strings"]) == {"ru", "az"}
    for share in data["ui_strings"].values():
        assert share["translated"] == share["total"] > 30


def test_table_format(project, capsys):
    (project / "content/pages/about.az.md").unlink()
    lines = report(project, capsys).splitlines()
    assert lines[0].split() == ["translation", "group", "en", "ru", "az"]
    assert "pages/about" in next(line for line in lines if "pages/about " in line)
    assert next(line for line in lines if "pages/about " in line).split()[1:] == [
        "present", "present", "missing"]
    assert any(line.startswith("ru: UI strings translated ") for line in lines)


def test_status_page_is_written_and_hidden(site):
    assert site.exists(STATUS_PAGE)
    soup = site.soup(STATUS_PAGE)
    robots = soup.find("meta", attrs={"name": "robots"})
    assert robots and "noindex" in robots["content"]
    assert soup.find("table")
    assert "pages/about" in soup.get_text()
    for path in site.html_files():
        if path != STATUS_PAGE:
            assert "status/translations" not in site.text(path), path


def test_no_outdated_notice_in_the_real_build(site):
    # Every translation of the real content is up to date.
    for lang in ["ru", "az"]:
        assert "older than the English" not in site.text(f"{lang}/about/index.html")
