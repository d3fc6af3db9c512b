"""`make new`: one draft per language, complete front matter, no overwrite."""

import importlib.util
import re

import pytest

from conftest import ROOT, copy_project, tree_digest


def load_tool(name):
    import sys

    sys.path.insert(0, str(ROOT / "tools"))
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


new_tool = load_tool("new_content")
check_tool = load_tool("check_content")


@pytest.fixture
def project(tmp_path, monkeypatch):
    copy_project(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(tool, project, capsys, *args):
    code = tool.main([*args, "--settings", str(project / "pelicanconf.py")])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


def test_post_in_every_language(project, capsys):
    code, lines, _ = run(new_tool, project, capsys, "Training of Trainers: Baku, 2027!")
    assert code == 0
    assert lines == [
        f"content/posts/training-of-trainers-baku-2027.{lang}.md"
        for lang in ["en", "ru", "az"]
    ]
    text = (project / lines[1]).read_text(encoding="utf-8")
    front = text.split("\n\n", 1)[0].splitlines()
    assert front[0] == "Title: Training of Trainers: Baku, 2027!"
    assert re.fullmatch(r"Date: \d{4}-\d\d-\d\d \d\d:\d\d", front[1])
    assert front[2:] == ["Category: news", "Tags:", front[4], "Status: draft"]
    assert front[4].startswith("Summary: TODO")


def test_new_files_pass_the_check(project, capsys):
    run(new_tool, project, capsys, "Our team", "--kind", "page", "--langs", "en,az")
    run(new_tool, project, capsys, "A workshop", "--slug", "workshop-2027")
    code, lines, _ = run(check_tool, project, capsys)
    assert (code, lines) == (0, [])
    assert (project / "content/pages/our-team.az.md").exists()
    assert not (project / "content/pages/our-team.ru.md").exists()


def test_todo_is_an_error_once_published(project, capsys):
    run(new_tool, project, capsys, "Our team", "--kind", "page", "--langs", "en")
    path = project / "content/pages/our-team.en.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("Status: draft\n", ""),
        encoding="utf-8",
    )
    code, lines, _ = run(check_tool, project, capsys)
    assert code == 1
    assert lines[0].startswith(
        "content/pages/our-team.en.md:2: error: 'Summary' still says TODO (hint: "
    )


def test_event_goes_to_events(project, capsys):
    code, lines, _ = run(
        new_tool, project, capsys, "Школа миграции", "--kind", "event", "--langs", "ru"
    )
    assert (code, lines) == (0, ["content/events/shkola-migratsii.ru.md"])
    text = (project / lines[0]).read_text(encoding="utf-8")
    for key in ["Title", "Start", "End", "Format", "City", "Venue", "Status"]:
        assert f"\n{key}: " in "\n" + text, key


def test_refuses_to_overwrite(project, capsys):
    existing = project / "content/posts/roadmap-workshop-2021.ru.md"
    before = tree_digest(project / "content")
    code, lines, err = run(
        new_tool, project, capsys, "Roadmap workshop", "--slug", "roadmap-workshop-2021"
    )
    assert code == 1 and lines == []
    assert (
        "content/posts/roadmap-workshop-2021.ru.md: error: the file already "
        "exists; nothing was created"
    ) in err
    assert tree_digest(project / "content") == before
    assert existing.exists()


@pytest.mark.parametrize(
    "args",
    [
        ["Title", "--langs", "en,tr"],
        ["Title", "--slug", "Not ASCII ü"],
        ["Title", "--kind", "video"],
    ],
)
def test_bad_arguments_are_refused(project, capsys, args):
    with pytest.raises(SystemExit) as exit_info:
        run(new_tool, project, capsys, *args)
    assert exit_info.value.code == 2


@pytest.mark.parametrize("kind", new_tool.KINDS)
def test_every_kind_is_scaffolded_from_the_model(project, capsys, kind):
    """Each kind `make new` starts has the model's required fields and passes
    the check as a draft."""
    from site_content.model import KINDS as MODEL

    code, _, _ = run(
        new_tool,
        project,
        capsys,
        "--kind",
        kind,
        "--slug",
        f"scaffold-{kind}",
        "--langs",
        "en",
        "A scaffolded item",
    )
    assert code == 0
    folder = MODEL[kind]["folder"]
    text = (project / "content" / folder / f"scaffold-{kind}.en.md").read_text(
        encoding="utf-8"
    )
    keys = [line.split(":", 1)[0] for line in text.split("\n\n", 1)[0].splitlines()]
    required = [f.name for f in MODEL[kind]["fields"] if f.required]
    assert set(required) <= set(keys)
    assert keys[-1] == "Status"
    code, lines, _ = run(check_tool, project, capsys)
    assert (code, lines) == (0, [])
