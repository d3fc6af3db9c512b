"""The content model is the one description of content files: the docs, the
scaffolding and the templates agree with it (pure tests, no build)."""

import importlib.util
import re
import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT / "tools"))

from site_content.fields import READERS, Context, FieldError  # noqa: E402
from site_content.frontmatter import parse_front_matter, split_lines  # noqa: E402
from site_content.model import KINDS, describe, read_value  # noqa: E402


def load_tool(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def settings():
    return load_tool("check_content").load_settings(str(ROOT / "pelicanconf.py"))


def test_docs_are_generated_from_the_model(settings):
    generated = load_tool("content_model").markdown(settings)
    written = (ROOT / "docs" / "content-model.md").read_text(encoding="utf-8")
    assert written == generated, "run: .venv/bin/python tools/content_model.py --write"


def test_every_field_has_a_reader_and_help():
    for spec in KINDS.values():
        for field in spec["fields"]:
            assert field.type in READERS, field
            assert field.help.strip(), field
            if field.type == "reference":
                assert field.ref in KINDS, field


def test_description_for_tools_lists_every_field(settings):
    described = {
        (k["kind"], f["name"]) for k in describe(settings) for f in k["fields"]
    }
    declared = {(kind, f.name) for kind, spec in KINDS.items() for f in spec["fields"]}
    assert described == declared
    enums = {
        f["name"]: f["choices"]
        for k in describe(settings)
        for f in k["fields"]
        if k["kind"] == "post"
    }
    assert enums["Category"] == list(settings["SITE_CATEGORIES"])


def test_templates_read_only_fields_of_the_model():
    """A template that shows `page.metadata.<key>` shows a field of the model."""
    keys = {f.key for spec in KINDS.values() for f in spec["fields"]}
    used = set()
    for template in (ROOT / "theme" / "templates").rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        used |= set(re.findall(r"metadata\.(?:get\(\")?([a-z_]+)", text))
    assert used, "the pattern no longer finds any field"
    assert used <= keys, used - keys


@pytest.mark.parametrize(
    ("text", "summary"),
    [
        ("Title: T\nSummary: one\n\ttwo\n\nBody", "one two"),
        ("Title: T\nSummary: one\n    two\n  \nBody", "one two"),
        ("---\nTitle: T\nSummary: one\n---\nBody", "one"),
    ],
)
def test_front_matter_is_read_like_python_markdown(text, summary):
    """Tabs are four spaces for Python-Markdown's meta extension, so a
    tab-indented line continues the value (as the build reads it)."""
    import markdown

    md = markdown.Markdown(extensions=["meta"])
    md.convert(text)
    fields, _, problems = parse_front_matter(split_lines(text))
    assert problems == []
    assert fields["summary"].value == " ".join(md.Meta["summary"]) == summary


@pytest.mark.parametrize(
    ("field_name", "raw", "value"),
    [
        ("Year", "2019–2020", (2019, 2020)),
        ("Year", "2019 - 2020", (2019, 2020)),
        ("Year", "2026", (2026, 2026)),
        ("Authors", "A. One, B. Two ,", ["A. One", "B. Two"]),
        ("Sample", "true", True),
    ],
)
def test_typed_values(field_name, raw, value):
    field = next(f for f in KINDS["publication"]["fields"] if f.name == field_name)
    ctx = Context({"LANGUAGES": {"en": {}}}, "/nonexistent")
    assert read_value(field, raw, ctx) == value


def test_invisible_only_value_is_empty():
    field = KINDS["post"]["fields"][0]
    with pytest.raises(FieldError, match="'Title' is empty"):
        read_value(field, "\u200b\u00a0\ufeff", None)


@pytest.mark.parametrize("relative", ["../x.ics", "a/../../x", "/etc/passwd", "", "."])
def test_paths_outside_the_output_are_refused(tmp_path, relative):
    from site_content.paths import OutsideOutput, confined

    with pytest.raises(OutsideOutput):
        confined(tmp_path / "output", relative)


def test_paths_inside_the_output_are_resolved(tmp_path):
    from site_content.paths import confined

    (tmp_path / "output").mkdir()
    assert confined(tmp_path / "output", "events/x/x.ics") == str(
        (tmp_path / "output" / "events/x/x.ics").resolve()
    )


@pytest.mark.parametrize("raw", ["2027-02-15", "2027-02-15 10:00"])
def test_a_date_field_is_a_date(raw):
    import datetime

    field = next(
        f for f in KINDS["event"]["fields"] if f.name == "Registration_deadline"
    )
    assert read_value(field, raw, None) == datetime.date(2027, 2, 15)
