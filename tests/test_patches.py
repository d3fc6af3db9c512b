"""site_speed's patches of Pelican, i18n_subsites, Jinja and Markdown
internals (site_speed.patches.PATCHES) still fit the installed versions.

Each patch has a guard below: it checks that what the patch relies on is
there (the target, its signature) and, where that is cheap, behaves as the
patch expects, on Pelican's default settings and an empty content folder.
A failure names the patch and the version it was written against: after a
change of pins, read that patch in plugins/site_speed/patches.py before
anything else. No site is built.

(Over 400 lines: a guard for each of the fourteen patches, read together
with the list they guard.)
"""

import copy
import importlib
import importlib.metadata
import inspect
import os
import runpy
from types import SimpleNamespace

import jinja2
import markdown
import pelican
import pytest
from jinja2 import bccache
from markdown import treeprocessors
from pelican import signals
from pelican.cache import FileStampDataCacher
from pelican.contents import Article, Content, Page
from pelican.generators import (
    ArticlesGenerator,
    Generator,
    PagesGenerator,
    SourceFileGenerator,
    StaticGenerator,
    TemplatePagesGenerator,
)
from pelican.plugins.i18n_subsites import i18n_subsites
from pelican.readers import METADATA_PROCESSORS, BaseReader, MarkdownReader, Readers
from pelican.settings import DEFAULT_CONFIG
from pelican.utils import get_date
from pelican.writers import Writer

from conftest import ROOT
from site_speed import inline_patterns, patches, state
from site_speed.parse_cache import CachedMarkdownReader, memo_class
from site_speed.patches import PATCHES
from site_speed.render_cache import ShareWriter
from site_speed.template_cache import SharedBytecodeCache, memoize_gettext

BY_NAME = {patch.name: patch for patch in PATCHES}
GUARDED = set()


def guards(name):
    """Marks a test as a guard of the patch `name`."""
    assert name in BY_NAME, f"no patch named {name!r} in site_speed.patches"
    GUARDED.add(name)
    return lambda test: test


def expect(name, condition, what):
    """Fail, naming the patch and its pinned version, unless `condition`."""
    if condition:
        return
    patch = BY_NAME[name]
    distribution = patch.pinned.split()[0]
    pytest.fail(
        f"site_speed patch {name!r} on {patch.target}, written against "
        f"{patch.pinned} (installed: {distribution} "
        f"{importlib.metadata.version(distribution)}): {what}. "
        f"See plugins/site_speed/patches.py ({patch.where}).",
        pytrace=False,
    )


def parameters(function):
    return list(inspect.signature(function).parameters)


def resolve(dotted):
    """The object a dotted path names: the longest importable module, then
    attributes."""
    parts = dotted.split(".")
    for end in range(len(parts), 0, -1):
        try:
            found = importlib.import_module(".".join(parts[:end]))
        except ImportError:
            continue
        for part in parts[end:]:
            found = getattr(found, part)
        return found
    raise ImportError(dotted)


@pytest.fixture
def settings(tmp_path):
    """Pelican's default settings, with an empty content folder."""
    settings = copy.deepcopy(DEFAULT_CONFIG)
    (tmp_path / "content").mkdir()
    settings.update(
        PATH=str(tmp_path / "content"),
        OUTPUT_PATH=str(tmp_path / "output"),
        CACHE_PATH=str(tmp_path / "cache"),
    )
    return settings


@pytest.fixture
def build_state(monkeypatch):
    """A BuildState of its own, so that no test sees another's caches."""
    fresh = state.BuildState()
    monkeypatch.setattr(state, "_current", fresh)
    return fresh


@pytest.fixture
def connected():
    """connected(signal, receiver): connected for this test only."""
    made = []

    def connect(signal, receiver):
        signal.connect(receiver)
        made.append((signal, receiver))

    yield connect
    for signal, receiver in made:
        signal.disconnect(receiver)


def generator(cls, settings):
    context = settings.copy()
    context.update(
        generated_content={},
        static_links=set(),
        static_content={},
        localsiteurl=settings["SITEURL"],
    )
    return cls(
        context=context,
        settings=settings,
        path=settings["PATH"],
        theme=settings["THEME"],
        output_path=settings["OUTPUT_PATH"],
    )


SOURCE = """Title: A post
Date: 2024-03-01 10:00
Modified: 2024-03-02
Category: News
Tags: one, two
Summary: A *short* summary
Status: published

Some *text*, `code` and a [link](https://example.org).
"""


# --- the list itself ---------------------------------------------------------


@pytest.mark.parametrize("patch", PATCHES, ids=lambda patch: patch.name)
def test_every_target_exists(patch):
    try:
        resolve(patch.target)
    except (ImportError, AttributeError) as error:
        expect(patch.name, False, f"the target is gone ({error})")


@pytest.mark.parametrize("patch", PATCHES, ids=lambda patch: patch.name)
def test_every_patch_names_its_site_speed_code(patch):
    for where in patch.where.split(", "):
        resolve(f"site_speed.{where}")


def test_every_patch_is_guarded():
    assert set(BY_NAME) == GUARDED, f"patches without a guard: {set(BY_NAME) - GUARDED}"


# --- the guards --------------------------------------------------------------


@guards("reader_class")
def test_readers_init_comes_before_the_readers_are_made(settings, connected):
    class Probe(MarkdownReader):
        pass

    connected(
        signals.readers_init,
        lambda readers: patches.use_reader_class(readers, MarkdownReader, Probe),
    )
    readers = Readers(settings)
    expect(
        "reader_class",
        type(readers.readers.get("md")) is Probe,
        "a reader class swapped in reader_classes at readers_init is not the "
        "class of the Markdown reader",
    )


@guards("markdown_reader")
def test_markdown_reader_internals(settings):
    expect(
        "markdown_reader",
        parameters(MarkdownReader._parse_metadata) == ["self", "meta"],
        "MarkdownReader._parse_metadata(meta) changed",
    )
    expect(
        "markdown_reader",
        parameters(MarkdownReader.read) == ["self", "source_path"],
        "MarkdownReader.read(source_path) changed",
    )
    expect(
        "markdown_reader",
        parameters(BaseReader.process_metadata) == ["self", "name", "value"],
        "BaseReader.process_metadata(name, value) changed",
    )
    expect(
        "markdown_reader",
        hasattr(MarkdownReader(settings), "_source_path"),
        "MarkdownReader has no _source_path",
    )
    for name in ("date", "modified"):
        try:
            value = METADATA_PROCESSORS[name]("2024-03-01", None)
        except Exception as error:  # noqa: BLE001 - any failure is the message
            value = error
        expect(
            "markdown_reader",
            value == get_date("2024-03-01"),
            f"METADATA_PROCESSORS[{name!r}] needs the settings now ({value!r}): "
            "dates cannot be memoised by text",
        )


@guards("markdown_reader")
@pytest.mark.parametrize("formatted", [[], ["summary"]])
def test_cached_reader_reads_what_the_stock_reader_reads(
    settings, build_state, tmp_path, formatted
):
    source = tmp_path / "content" / "post.md"
    source.write_text(SOURCE, encoding="utf-8")
    settings["FORMATTED_FIELDS"] = formatted
    stock = MarkdownReader(settings).read(str(source))
    cached = CachedMarkdownReader(settings).read(str(source))
    expect(
        "markdown_reader",
        cached == stock,
        f"with FORMATTED_FIELDS={formatted}, CachedMarkdownReader reads "
        f"{cached!r}, MarkdownReader {stock!r}",
    )


@guards("read_file")
def test_read_file_takes_the_content_class_third(settings, build_state, tmp_path):
    names = parameters(Readers.read_file)
    expect(
        "read_file",
        names[:4] == ["self", "base_path", "path", "content_class"],
        f"Readers.read_file's parameters are {names}",
    )
    default = inspect.signature(Readers.read_file).parameters["content_class"].default
    expect(
        "read_file",
        default is Page,
        f"Readers.read_file's content_class defaults to {default!r}",
    )
    (tmp_path / "content" / "about.md").write_text(SOURCE, encoding="utf-8")
    readers = Readers(settings)
    patches.wrap_content_class(readers, memo_class)
    page = readers.read_file(settings["PATH"], "about.md")
    expect(
        "read_file",
        type(page) is memo_class(Page),
        f"the wrapped read_file made a {type(page)!r}",
    )


@guards("relative_source_path")
def test_memo_classes_behave_as_their_own_class(settings, build_state):
    expect(
        "relative_source_path",
        parameters(Content.get_relative_source_path) == ["self", "source_path"],
        "Content.get_relative_source_path(source_path=None) changed",
    )
    date = get_date("2024-03-01")
    for cls, metadata in (
        (Page, {"title": "About"}),
        (Article, {"title": "A post", "date": date}),
    ):
        made = [
            kind(
                "text",
                metadata={**metadata, "slug": "a-slug"},
                settings=settings,
                source_path=os.path.join(settings["PATH"], "folder", "a.md"),
            )
            for kind in (cls, memo_class(cls))
        ]
        stock, memo = made
        for read in (
            lambda item: item._expand_settings("url"),
            lambda item: item.save_as,
            lambda item: item.get_relative_source_path(),
        ):
            expect(
                "relative_source_path",
                read(memo) == read(stock),
                f"{cls.__name__} with RelativePathMemo gives {read(memo)!r}, "
                f"{cls.__name__} {read(stock)!r}",
            )


@guards("file_stamps")
def test_file_stamps_are_not_compared_without_the_content_cache(settings, tmp_path):
    for cls in (Readers, ArticlesGenerator, PagesGenerator):
        expect(
            "file_stamps",
            issubclass(cls, FileStampDataCacher),
            f"{cls.__name__} is no FileStampDataCacher",
        )
    expect(
        "file_stamps",
        parameters(FileStampDataCacher._get_file_stamp) == ["self", "filename"],
        "FileStampDataCacher._get_file_stamp(filename) changed",
    )
    assert not settings["CACHE_CONTENT"] and not settings["LOAD_CONTENT_CACHE"]
    readers = Readers(settings, cache_name="probe")
    patches.drop_file_stamps(SimpleNamespace(readers=readers))
    path = tmp_path / "content" / "post.md"
    path.write_text(SOURCE, encoding="utf-8")
    readers.cache_data(str(path), "cached")
    expect(
        "file_stamps",
        readers.get_cached_data(str(path), "default") == "default",
        "with CACHE_CONTENT and LOAD_CONTENT_CACHE off, data is cached",
    )


@guards("template_environment")
def test_generator_init_sees_the_environment(settings, connected):
    cache = SharedBytecodeCache(settings["CACHE_PATH"])
    seen = []

    def share(generator):
        seen.append(isinstance(getattr(generator, "env", None), jinja2.Environment))
        patches.share_compiled_templates(generator.env, cache)

    connected(signals.generator_init, share)
    made = generator(Generator, settings)
    expect(
        "template_environment",
        seen == [True],
        "generator.env is no Jinja Environment at generator_init",
    )
    expect(
        "template_environment",
        made.env.bytecode_cache is cache and made.env.auto_reload is False,
        "Generator.__init__ resets bytecode_cache or auto_reload after generator_init",
    )


@guards("bytecode_cache")
def test_environments_share_compiled_templates(tmp_path, monkeypatch):
    base = bccache.FileSystemBytecodeCache
    expect(
        "bytecode_cache",
        parameters(base.get_bucket)
        == ["self", "environment", "name", "filename", "source"],
        "get_bucket(environment, name, filename, source) changed",
    )
    expect(
        "bytecode_cache",
        parameters(base.set_bucket) == ["self", "bucket"],
        "set_bucket(bucket) changed",
    )
    expect(
        "bytecode_cache",
        parameters(bccache.Bucket) == ["environment", "key", "checksum"],
        "Bucket(environment, key, checksum) changed",
    )
    cache = SharedBytecodeCache(str(tmp_path))
    loader = jinja2.DictLoader({"page.html": "{{ 1 + 1 }}"})
    # The project's environments have the i18n extension: it sets newstyle_gettext.
    first = jinja2.Environment(
        loader=loader, bytecode_cache=cache, extensions=["jinja2.ext.i18n"]
    )
    expect(
        "bytecode_cache",
        first.get_template("page.html").render() == "2",
        "a template compiled through the cache does not render",
    )
    expect(
        "bytecode_cache",
        len(cache._memory) == 1,
        "Jinja does not hand compiled templates to set_bucket",
    )
    loads = []
    monkeypatch.setattr(cache, "load_bytecode", loads.append)
    second = jinja2.Environment(
        loader=loader, bytecode_cache=cache, extensions=["jinja2.ext.i18n"]
    )
    expect(
        "bytecode_cache",
        second.get_template("page.html").render() == "2" and loads == [],
        "a second environment does not get the bytecode from memory",
    )


@guards("gettext")
def test_memoised_gettext_translates_as_jinja_does(tmp_path):
    handlers = i18n_subsites._SIGNAL_HANDLERS_DB  # noqa: SLF001
    expect(
        "gettext",
        handlers.get("get_writer") is i18n_subsites.create_next_subsite,
        "i18n_subsites no longer builds the next site at get_writer",
    )
    for function, call in (
        (i18n_subsites.create_next_subsite, "update_generators()"),
        (i18n_subsites.update_generators, "install_templates_translations(generator)"),
    ):
        expect(
            "gettext",
            call in inspect.getsource(function),
            f"{function.__name__} no longer calls {call}: translations may be "
            "installed after the generators start writing",
        )
    templates = {
        "page.html": '{{ _("Home") }} {{ gettext("Home") }} '
        '{{ _("%(n)s pages", n=3) }} {{ gettext("<b>") }}'
    }
    rendered = []
    for memoise in (False, True):
        env = jinja2.Environment(
            loader=jinja2.DictLoader(templates),
            autoescape=True,
            extensions=["jinja2.ext.i18n"],
        )
        site = SimpleNamespace(
            env=env,
            theme=str(tmp_path),
            settings={
                "JINJA_ENVIRONMENT": {"extensions": ["jinja2.ext.i18n"]},
                "I18N_GETTEXT_LOCALEDIR": str(tmp_path),
                "DEFAULT_LANG": "en",
                "I18N_TEMPLATES_LANG": "en",
                "SITE_SPEED": {},
            },
        )
        i18n_subsites.install_templates_translations(site)
        expect(
            "gettext",
            getattr(env, "newstyle_gettext", False),
            "i18n_subsites no longer installs new-style gettext",
        )
        if memoise:
            memoize_gettext(site)
            expect(
                "gettext",
                hasattr(env.globals["gettext"], "memo"),
                "the gettext i18n_subsites installs was not replaced",
            )
        rendered.append(env.get_template("page.html").render())
        rendered.append(env.get_template("page.html").render())
    expect(
        "gettext",
        len(set(rendered)) == 1,
        f"memoised gettext renders {rendered[2]!r}, Jinja's {rendered[0]!r}",
    )


def generate_context_names(cls, settings, connected):
    """(the names cls's generate_context passes to _update_context, the
    generator, the signals it sent)."""
    made = generator(cls, settings)
    names, sent = [], []
    update = made._update_context

    def record(items):
        names.extend(items)
        update(items)

    made._update_context = record
    for signal in (
        signals.article_generator_pretaxonomy,
        signals.page_generator_finalized,
    ):
        connected(signal, lambda sender, signal=signal: sent.append(signal.name))
    made.generate_context()
    return tuple(names), made, sent


@guards("generate_context")
def test_a_skipped_context_has_the_names_of_a_read_one(settings, connected):
    expect(
        "generate_context",
        parameters(Generator._update_context) == ["self", "items"],
        "Generator._update_context(items) changed",
    )
    for cls, expected in (
        (ArticlesGenerator, patches.ARTICLE_CONTEXT),
        (PagesGenerator, patches.PAGE_CONTEXT),
    ):
        names, _made, _sent = generate_context_names(cls, settings, connected)
        expect(
            "generate_context",
            names == expected,
            f"{cls.__name__}.generate_context puts {names} in the context, "
            f"the patch {expected}",
        )
        skipped = generator(cls, settings)
        patches.skip_generate_context(skipped)
        skipped.generate_context()
        expect(
            "generate_context",
            set(expected) <= set(skipped.context),
            f"a skipped {cls.__name__} leaves names out of the context",
        )


@guards("native_urls")
def test_native_urls_are_what_i18n_subsites_records(settings, connected):
    expect(
        "native_urls",
        isinstance(getattr(i18n_subsites, "_NATIVE_CONTENT_URL_DB", None), dict),
        "i18n_subsites has no dict _NATIVE_CONTENT_URL_DB",
    )
    source = inspect.getsource(i18n_subsites)
    expect(
        "native_urls",
        source.count("_NATIVE_CONTENT_URL_DB.clear()") == 1
        and "_NATIVE_CONTENT_URL_DB.clear()"
        in inspect.getsource(i18n_subsites.initialize_dbs),
        "the URL database is cleared elsewhere than at the start of a build",
    )
    expect(
        "native_urls",
        "content.url" in inspect.getsource(i18n_subsites.filter_contents_translations),
        "filter_contents_translations records something else than content.url",
    )
    handlers = i18n_subsites._SIGNAL_HANDLERS_DB  # noqa: SLF001
    for name in ("article_generator_pretaxonomy", "page_generator_finalized"):
        expect(
            "native_urls",
            handlers.get(name) is i18n_subsites.filter_contents_translations,
            f"i18n_subsites no longer filters at {name}",
        )
    plugins = runpy.run_path(str(ROOT / "pelicanconf.py"))["PLUGINS"]
    expect(
        "native_urls",
        plugins.index("site_speed") < plugins.index("i18n_subsites"),
        "site_speed must come before i18n_subsites in PLUGINS",
    )
    made = {}
    for cls in (ArticlesGenerator, PagesGenerator):
        _names, made[cls], sent = generate_context_names(cls, settings, connected)
        expect(
            "native_urls",
            len(sent) == 1,
            f"{cls.__name__}.generate_context sent {sent}",
        )
    for name in patches.NATIVE_URL_LISTS:
        expect(
            "native_urls",
            any(isinstance(getattr(one, name, None), list) for one in made.values()),
            f"no generator has a list {name!r}",
        )
    date = get_date("2024-03-01")
    for cls, metadata in (
        (Page, {"title": "About"}),
        (Page, {"title": "About", "status": "draft"}),
        (Article, {"title": "A post", "date": date}),
        (Article, {"title": "A post", "date": date, "status": "draft"}),
    ):
        item = cls(
            "text",
            metadata={**metadata, "slug": "a-slug"},
            settings=settings,
            source_path=os.path.join(settings["PATH"], "a.md"),
        )
        expect(
            "native_urls",
            patches.native_url(item) == item.url,
            f"{cls.__name__} {metadata.get('status', '')}: native_url gives "
            f"{patches.native_url(item)!r}, its url is {item.url!r}",
        )
        item.override_url = "elsewhere/"
        expect(
            "native_urls",
            patches.native_url(item) == item.url,
            "override_url no longer is the url",
        )


@guards("generate_output")
def test_generate_output_is_called_after_all_generators_finalized():
    for cls in (
        ArticlesGenerator,
        PagesGenerator,
        StaticGenerator,
        TemplatePagesGenerator,
        SourceFileGenerator,
    ):
        expect(
            "generate_output",
            parameters(cls.generate_output) == ["self", "writer"],
            f"{cls.__name__}.generate_output(writer) changed",
        )
    run = inspect.getsource(pelican.Pelican.run)
    steps = [
        "signals.all_generators_finalized.send",
        "self._get_writer()",
        "p.generate_output(writer)",
    ]
    found = [run.find(step) for step in steps]
    expect(
        "generate_output",
        -1 not in found and found == sorted(found),
        f"Pelican.run no longer does {' then '.join(steps)}",
    )


@guards("writer")
def test_share_writer_announces_what_the_writer_announces(
    settings, tmp_path, connected
):
    for name in ("write_file", "write_feed"):
        stock = inspect.signature(getattr(Writer, name)).parameters
        share = inspect.signature(getattr(ShareWriter, name)).parameters
        if name == "write_feed":  # the rest is passed on as it comes
            stock, share = list(stock.values())[:4], list(share.values())[:4]
        else:
            stock, share = list(stock.values()), list(share.values())
        expect(
            "writer",
            [str(p) for p in stock] == [str(p) for p in share],
            f"Writer.{name}{inspect.signature(getattr(Writer, name))} is not "
            f"ShareWriter.{name}'s",
        )
    output = tmp_path / "output"
    writer = Writer(str(output), settings=settings)
    expect("writer", writer.output_path == str(output), "Writer has no output_path")
    sent = []
    connected(
        signals.content_written, lambda path, context: sent.append((path, context))
    )
    context = {"SITEURL": "", "localsiteurl": "", "lang": "en"}
    page = SimpleNamespace(title="A page")
    writer.write_file("a/index.html", jinja2.Template("x"), context, page=page)
    patches.announce_written(writer, ["a/index.html"], context, {"page": page})
    expect(
        "writer",
        len(sent) == 2 and sent[0] == sent[1],
        f"Writer.write_file sends {sent[0]}, ShareWriter would send {sent[1:]}",
    )


@guards("worker_rerun")
def test_run_builds_everything_anew():
    expect(
        "worker_rerun",
        parameters(pelican.Pelican.run) == ["self"],
        "Pelican.run() changed",
    )
    run = inspect.getsource(pelican.Pelican.run)
    steps = [
        "context = self.settings.copy()",
        "self._get_generator_classes()",
        "p.generate_context()",
        "p.generate_output(writer)",
        "signals.finalized.send(self)",
    ]
    found = [run.find(step) for step in steps]
    expect(
        "worker_rerun",
        -1 not in found and found == sorted(found),
        f"Pelican.run no longer does {' then '.join(steps)}",
    )
    expect(
        "worker_rerun",
        "signals.get_generators.send"
        in inspect.getsource(pelican.Pelican._get_generator_classes),
        "get_generators is no longer sent when the generators are made",
    )


@guards("inline_patterns")
def test_skipping_inline_processor_fits_markdown():
    stock = treeprocessors.InlineProcessor
    expect(
        "inline_patterns",
        parameters(stock._InlineProcessor__handleInline)
        == ["self", "data", "patternIndex"],
        "InlineProcessor.__handleInline changed",
    )
    expect(
        "inline_patterns",
        parameters(stock._InlineProcessor__applyPattern)
        == ["self", "pattern", "data", "patternIndex", "startIndex"],
        "InlineProcessor.__applyPattern changed",
    )
    expect(
        "inline_patterns",
        parameters(stock.run) == ["self", "tree", "ancestors"],
        "InlineProcessor.run(tree, ancestors) changed",
    )
    text = (
        "Some *em*, **strong**, `code`, [a link](https://example.org), "
        '"quotes" -- and&nbsp;<span>html</span>.\n'
    )
    plain = markdown.Markdown(extensions=["extra", "smarty"])
    skipping = inline_patterns.skip_unmatched_patterns(
        markdown.Markdown(extensions=["extra", "smarty"])
    )
    expect(
        "inline_patterns",
        any(
            type(p) is inline_patterns.SkippingInlineProcessor
            for p in skipping.treeprocessors
        ),
        "no inline processor was swapped",
    )
    expect(
        "inline_patterns",
        skipping.convert(text) == plain.convert(text),
        "the skipping inline pass writes other HTML",
    )
