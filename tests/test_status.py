"""Translation status: the report (`make translations`), the page for
editors, and the notice on outdated translations."""

import importlib.util
import json
import logging
import os
import subprocess
import sys

import pytest
from babel.messages.pofile import read_po

from conftest import ROOT, copy_project
from deploy_support import require_program
from site_status import status

sys.path.insert(0, str(ROOT / "tools"))
_spec = importlib.util.spec_from_file_location(
    "translations", ROOT / "tools" / "translations.py"
)
translations_tool = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(translations_tool)

STATUS_PAGE = "en/status/translations/index.html"


@pytest.fixture
def project(tmp_path, monkeypatch):
    copy_project(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def report(project, capsys, *args):
    code = translations_tool.main(
        [*args, "--settings", str(project / "pelicanconf.py")]
    )
    out, _ = capsys.readouterr()
    assert code == 0
    return out


def set_modified(path, value):
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [
        f"Modified: {value}" if line.startswith("Modified:") else line for line in lines
    ]
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
    states = {
        (g["folder"], g["slug"]): {
            lang: v["state"] for lang, v in g["languages"].items()
        }
        for g in data["groups"]
    }
    assert states[("pages", "about")] == {
        "en": "present",
        "ru": "present",
        "az": "present",
    }
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
        "present",
        "present",
        "missing",
    ]
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


OUTDATED_NOTICE = "This translation may be older than the English version."


def notice_in(lang):
    """The outdated-translation notice as the `lang` catalog words it."""
    with (ROOT / f"theme/translations/{lang}/LC_MESSAGES/messages.po").open("rb") as po:
        text = read_po(po)[OUTDATED_NOTICE].string
    assert text and text != OUTDATED_NOTICE
    return text


def notices(soup):
    return [n.get_text(" ", strip=True) for n in soup.select(".notice")]


@pytest.mark.parametrize("lang", ["ru", "az"])
def test_outdated_notice_only_where_the_translation_is_older(site, hostile, lang):
    """The notice in the reader's language: on the test content's outdated
    page, and on no page of the real build, whose translations are current."""
    text = notice_in(lang)
    assert any(
        text in n for n in notices(hostile.soup(f"{lang}/text-outdated/index.html"))
    )
    pages = [p for p in site.html_files() if p.startswith(f"{lang}/")]
    assert len(pages) > 20
    for path in pages:
        assert not any(text in n for n in notices(site.soup(path))), path


# --- Commit dates: git in a work tree, and saying so when it cannot be read --

COMMITTED = "2026-03-04T05:06:07+00:00"


def git(folder, *args):
    binary = require_program("git", "install it with `apt-get install git`")
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(folder),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "GIT_AUTHOR_DATE": COMMITTED,
        "GIT_COMMITTER_DATE": COMMITTED,
    }
    return subprocess.run(
        [binary, *args], cwd=folder, env=env, check=True, capture_output=True, text=True
    ).stdout


@pytest.fixture
def work_tree(tmp_path):
    """A git work tree whose content/ has one page without Modified or Date."""
    tree = tmp_path / "tree"
    page = tree / "content/pages/notes.en.md"
    page.parent.mkdir(parents=True)
    page.write_text("Title: Notes\n\nText.\n", encoding="utf-8")
    git(tree, "init", "-q")
    git(tree, "add", ".")
    git(tree, "commit", "-q", "-m", "notes")
    page.with_name("more.en.md").write_text("Title: More\n\nText.\n", encoding="utf-8")
    git(tree, "add", ".")
    git(tree, "commit", "-q", "-m", "more")
    return tree


def warnings(caplog):
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


def test_commit_dates_come_from_git(work_tree, caplog):
    content = work_tree / "content"
    dates = status.git_dates(str(content))
    assert dates[str(content / "pages/notes.en.md")].isoformat() == COMMITTED
    assert warnings(caplog) == []


def test_outside_a_work_tree_there_are_no_dates_and_no_warning(tmp_path, caplog):
    (tmp_path / "content").mkdir()
    assert status.git_dates(str(tmp_path / "content")) == {}
    assert warnings(caplog) == []


def test_a_work_tree_without_the_git_program_is_a_warning(
    work_tree, tmp_path, monkeypatch, caplog
):
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs-here"))
    assert status.git_dates(str(work_tree / "content")) == {}
    [message] = warnings(caplog)
    assert "git program is missing" in message and "apt-get install git" in message


def test_a_shallow_clone_is_a_warning(work_tree, tmp_path, caplog):
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{work_tree}", str(shallow))
    assert status.git_dates(str(shallow / "content")) == {}
    [message] = warnings(caplog)
    assert "shallow clone" in message and "fetch-depth: 0" in message


def test_the_build_key_says_when_git_is_missing(
    work_tree, tmp_path, monkeypatch, caplog
):
    from site_speed.fingerprints import git_commit

    assert len(git_commit(str(work_tree / "content"))) == 40
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs-here"))
    assert git_commit(str(work_tree / "content")) == ""
    [message] = warnings(caplog)
    assert message.startswith("site_speed:") and "apt-get install git" in message
