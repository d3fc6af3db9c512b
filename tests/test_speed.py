"""site_speed: the optimised build writes what a plain build writes, and its
caches never serve stale output."""

import gzip
import hashlib
import json
import pickle
import shutil

import pytest

from conftest import copy_project, run_pelican

PLAIN = (
    'SITE_SPEED={"parse_cache": false, "template_cache": false, '
    '"jobs": 1, "render_cache": false}'
)
FAST = (
    'SITE_SPEED={"parse_cache": true, "template_cache": true, '
    '"jobs": 2, "render_cache": true}'
)
POST = "content/posts/training-of-trainers-2022.en.md"
PAGE = "en/news/training-of-trainers-2022/index.html"
OTHER = "en/news/roadmap-workshop-2021/index.html"


def digests(output):
    """{path: sha256} of every file, except Pagefind's bundle, whose file
    names Pagefind itself varies from run to run (its contents are compared
    separately)."""
    found = {}
    for path in sorted(output.rglob("*")):
        relative = str(path.relative_to(output))
        if path.is_file() and not relative.startswith("pagefind/"):
            found[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def search_fragments(output):
    found = set()
    for path in (output / "pagefind").glob("*/fragment/*.pf_fragment"):
        data = json.loads(gzip.decompress(path.read_bytes())[len(b"pagefind_dcd") :])
        found.add(json.dumps(data, sort_keys=True))
    return found


def build(project, site_url, *settings):
    args = []
    for setting in settings:
        args += ["-e", setting]
    result = run_pelican(project, site_url, settings="pelicanconf.py", extra_args=args)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    return result


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    folder = tmp_path_factory.mktemp("speed")
    copy_project(folder)
    return folder


def test_parallel_cached_build_equals_plain_sequential_build(
    project, site_url, tmp_path
):
    build(project, site_url, PLAIN)
    plain = tmp_path / "plain"
    shutil.copytree(project / "output", plain)
    shutil.rmtree(project / "output")
    shutil.rmtree(project / "cache", ignore_errors=True)
    build(project, site_url, FAST)  # cold caches
    assert digests(project / "output") == digests(plain)
    assert search_fragments(project / "output") == search_fragments(plain)
    shutil.rmtree(project / "output")
    build(project, site_url, FAST)  # warm caches, empty output
    assert digests(project / "output") == digests(plain)
    # More processes than languages: every language split between two.
    shutil.rmtree(project / "output")
    build(project, site_url, FAST.replace('"jobs": 2', '"jobs": 5'))
    assert digests(project / "output") == digests(plain)


def test_clean_build_converts_each_file_once_and_a_rebuild_renders_nothing(
    project, site_url
):
    shutil.rmtree(project / "output", ignore_errors=True)
    shutil.rmtree(project / "cache", ignore_errors=True)
    build(project, site_url, FAST)
    # The pre-parse (on all cores) and the language sites share one
    # conversion per distinct source text.
    with (project / "cache/site_speed/parsed.pickle").open("rb") as cache:
        parsed = pickle.load(cache)
    sources = {
        hashlib.sha256(path.read_bytes()).digest()
        for folder in ("posts", "pages", "events", "trainings", "publications")
        for path in (project / "content" / folder).rglob("*.md")
    }
    assert len(parsed) == len(sources)
    # Every page of the language sites (the two root pages have their own
    # writer, outside the render cache, and are written every time).
    pages = {
        path: path.stat().st_mtime_ns
        for lang in ("en", "ru", "az")
        for path in (project / "output" / lang).rglob("*.html")
    }
    build(project, site_url, FAST)
    rewritten = [
        str(path) for path, mtime in pages.items() if path.stat().st_mtime_ns != mtime
    ]
    assert rewritten == []


def test_edited_post_is_rendered_again_and_nothing_else(project, site_url):
    build(project, site_url, FAST)
    output = project / "output"
    other_before = (output / OTHER).stat().st_mtime_ns
    list_before = (output / "en/news/index.html").stat().st_mtime_ns
    sitemaps_before = {
        path.name: path.read_bytes() for path in output.glob("sitemap*.xml")
    }
    source = project / POST
    source.write_text(
        source.read_text(encoding="utf-8") + "\nA sentence added by the cache test.\n",
        encoding="utf-8",
    )
    build(project, site_url, FAST)
    assert "A sentence added by the cache test." in (output / PAGE).read_text(
        encoding="utf-8"
    )
    # The fallback pages and feed of that language show it too...
    assert "A sentence added by the cache test." in (
        output / "en/feeds/atom.xml"
    ).read_text(encoding="utf-8")
    # ...while pages whose inputs did not change were not written again:
    # neither other posts nor the lists (only the post's text changed).
    assert (output / OTHER).stat().st_mtime_ns == other_before
    assert (output / "en/news/index.html").stat().st_mtime_ns == list_before
    # Skipped pages are still announced: the sitemaps list every page.
    assert {
        path.name: path.read_bytes() for path in output.glob("sitemap*.xml")
    } == sitemaps_before


def mtimes(output, lang):
    return {
        path: path.stat().st_mtime_ns
        for path in (output / lang).rglob("*")
        if path.is_file()
    }


def test_languages_whose_pages_cannot_change_are_not_built(project, site_url):
    """Editing the text of a Russian post rebuilds only the Russian site;
    English and Azerbaijani keep every file (feeds and sitemaps too)."""
    build(project, site_url, FAST)
    output = project / "output"
    before = {lang: mtimes(output, lang) for lang in ("en", "az")}
    sitemaps = {
        lang: (output / f"sitemap-{lang}.xml").read_bytes()
        for lang in ("en", "ru", "az")
    }
    source = project / "content/posts/training-of-trainers-2022.ru.md"
    source.write_text(
        source.read_text(encoding="utf-8") + "\nФраза, добавленная тестом кэша.\n",
        encoding="utf-8",
    )
    build(project, site_url, FAST)
    assert "Фраза, добавленная тестом кэша." in (
        output / "ru/news/training-of-trainers-2022/index.html"
    ).read_text(encoding="utf-8")
    assert "Фраза, добавленная тестом кэша." in (
        output / "ru/feeds/atom.xml"
    ).read_text(encoding="utf-8")
    for lang in ("en", "az"):
        assert mtimes(output, lang) == before[lang], lang
    assert {
        lang: (output / f"sitemap-{lang}.xml").read_bytes() for lang in sitemaps
    } == sitemaps


def test_fallback_copies_follow_their_source(project, site_url):
    """A post without a Russian version is shown on the Russian site as a
    copy: editing the original rebuilds the Russian site too."""
    build(project, site_url, FAST)
    output = project / "output"
    source = project / "content/posts/first-online-training-2021.en.md"
    source.write_text(
        source.read_text(encoding="utf-8")
        + "\nA sentence the fallback copy must show.\n",
        encoding="utf-8",
    )
    build(project, site_url, FAST)
    copy = (output / "ru/news/first-online-training-2021/index.html").read_text(
        encoding="utf-8"
    )
    assert "A sentence the fallback copy must show." in copy


def test_a_language_with_missing_output_is_built_again(project, site_url):
    build(project, site_url, FAST)
    output = project / "output"
    (output / "az/about/index.html").unlink()
    (output / "en/feeds/atom.xml").unlink()
    (output / "robots.txt").unlink()
    media = sorted(p for p in (output / "media").rglob("*") if p.is_file())[0]
    media.unlink()
    build(project, site_url, FAST)
    assert (output / "az/about/index.html").is_file()
    assert (output / "en/feeds/atom.xml").is_file()
    assert (output / "robots.txt").is_file()
    assert media.is_file()
    russian = digests(output / "ru")
    shutil.rmtree(output / "ru")
    build(project, site_url, FAST)
    assert digests(output / "ru") == russian  # the whole site, as it was


def test_pages_written_by_a_build_without_the_cache_are_not_trusted(project, site_url):
    """A plain build writes pages it does not record: undoing its change
    afterwards must still rebuild them."""
    build(project, site_url, FAST)
    source = project / "content/pages/about.en.md"
    original = source.read_text(encoding="utf-8")
    source.write_text(original + "\nA sentence for one build only.\n", encoding="utf-8")
    build(project, site_url, PLAIN)
    page = project / "output/en/about/index.html"
    assert "A sentence for one build only." in page.read_text(encoding="utf-8")
    source.write_text(original, encoding="utf-8")
    build(project, site_url, FAST)
    assert "A sentence for one build only." not in page.read_text(encoding="utf-8")


def test_changed_front_matter_renders_lists_again(project, site_url):
    build(project, site_url, FAST)
    source = project / POST
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("Title: ", "Title: Renamed: ", 1), encoding="utf-8")
    build(project, site_url, FAST)
    home = (project / "output/en/news/index.html").read_text(encoding="utf-8")
    assert "Renamed: " in home


def test_changed_setting_invalidates_the_caches(project, site_url):
    build(project, site_url, FAST)
    page = (project / "output" / OTHER).read_text(encoding="utf-8")
    assert "Regional Training Center on Migration" in page
    build(project, site_url, FAST, 'SITENAME="Changed name for the cache test"')
    page = (project / "output" / OTHER).read_text(encoding="utf-8")
    assert "Changed name for the cache test" in page


def test_changed_markdown_settings_invalidate_the_parse_cache(project, site_url):
    source = project / POST
    source.write_text(
        source.read_text(encoding="utf-8") + '\nShe said "quoted" here.\n',
        encoding="utf-8",
    )
    build(project, site_url, FAST)
    # Smart quotes, as characters: the sanitiser writes what entities mean.
    assert "\u201cquoted\u201d" in (project / "output" / PAGE).read_text(
        encoding="utf-8"
    )
    no_smarty = (
        'MARKDOWN={"extension_configs": {"markdown.extensions.extra": {}}, '
        '"output_format": "html5"}'
    )
    build(project, site_url, FAST, no_smarty)
    page = (project / "output" / PAGE).read_text(encoding="utf-8")
    assert "\u201cquoted\u201d" not in page and '"quoted"' in page


def test_search_index_is_rebuilt_only_for_languages_whose_pages_change(
    project, site_url
):
    build(project, site_url, FAST)
    entries = {
        lang: project / "output" / "pagefind" / lang / "pagefind-entry.json"
        for lang in ("en", "ru", "az")
    }
    before = {lang: entry.stat().st_mtime_ns for lang, entry in entries.items()}
    build(project, site_url, FAST)
    # Pagefind did not run again
    assert {lang: e.stat().st_mtime_ns for lang, e in entries.items()} == before
    source = project / POST
    source.write_text(
        source.read_text(encoding="utf-8") + "\nSearchablenewword appears here.\n",
        encoding="utf-8",
    )
    build(project, site_url, FAST)
    fragments = "".join(search_fragments(project / "output"))
    assert "Searchablenewword" in fragments
    after = {lang: e.stat().st_mtime_ns for lang, e in entries.items()}
    assert after["en"] != before["en"]
    # The other languages' pages did not change: their indexes stand.
    assert (after["ru"], after["az"]) == (before["ru"], before["az"])
