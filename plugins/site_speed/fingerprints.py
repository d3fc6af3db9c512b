"""Fingerprints: the build key, and which languages need building at all.

build_key hashes every input that can change a page other than its own
text (settings, theme, catalogs, plugins, installed versions, the git
commit, the build date, every content file's name and front matter). A
language's fingerprint adds the text of every file its pages can show: its
own, and all versions of the groups it shows as a fallback copy
(language_sources). A language whose fingerprint is the one of the last
successful build (cache/site_speed/languages.json), and whose files are all
in place, is not built at all.
"""

import datetime
import hashlib
import importlib.metadata
import json
import logging
import os
import re
import subprocess
import sys
import zoneinfo

from pelican.readers import MarkdownReader

from site_content.history import in_git_work_tree

from . import state
from .config import cache_root
from .parse_cache import markdown_fingerprint, stable_repr
from .render_cache import load_manifest, manifest_names

logger = logging.getLogger(__name__)


def _hash_tree(digest, folder, suffixes=None):
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            if suffixes and not name.endswith(suffixes):
                continue
            path = os.path.join(root, name)
            digest.update(os.path.relpath(path, folder).encode() + b"\0")
            with open(path, "rb") as source:
                digest.update(hashlib.sha256(source.read()).digest())


def front_matter(data):
    """The metadata block of a Markdown source: lines before the first blank."""
    head, _, _ = data.replace(b"\r\n", b"\n").partition(b"\n\n")
    return head


# Python-Markdown's meta extension allows up to three spaces before a key.
STATUS_RE = re.compile(rb"(?im)^[ ]{0,3}status:[ \t]*(\S+)")


def build_key(settings, digests=None, statuses=None):
    """A hash of every input that can change a page other than its own text:
    settings, theme, catalogs, plugins, versions, all content files' names
    and front matter, the other files in content/ (media), and the date."""
    digest = hashlib.sha256()
    # MARKDOWN in the form that does not change once a reader exists.
    picklable = {k: v for k, v in settings.items() if k.isupper() and k != "MARKDOWN"}
    digest.update(stable_repr(picklable).encode())
    digest.update(markdown_fingerprint(settings).encode())
    digest.update(installed_versions().encode())
    _hash_tree(digest, settings["THEME"])
    for folder in settings.get("PLUGIN_PATHS", []):
        _hash_tree(digest, folder, (".py",))
    markdown_suffixes = tuple("." + ext for ext in MarkdownReader.file_extensions)
    for root, dirs, files in os.walk(settings["PATH"]):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(root, name)
            with open(path, "rb") as source:
                data = source.read()
            relative = os.path.relpath(path, settings["PATH"])
            whole = hashlib.sha256(data).digest()
            if digests is not None:
                digests[relative] = whole
            digest.update(relative.encode() + b"\0")
            if name.endswith(markdown_suffixes):
                head = front_matter(data)
                digest.update(head)
                if statuses is not None:
                    head = head.removeprefix(b"\xef\xbb\xbf")
                    found = STATUS_RE.search(head)
                    statuses[relative] = (
                        found[1].decode("utf-8", "replace").lower()
                        if found
                        else "published"
                    )
                # Without a Summary, lists show the start of the text.
                if b"\nsummary:" not in b"\n" + head.lower():
                    digest.update(whole)
            else:
                digest.update(whole)
    digest.update(str(_today(settings)).encode())
    # Translation status falls back to commit dates (site_status).
    digest.update(git_commit(settings["PATH"]).encode())
    return digest.hexdigest()


def language_sources(settings, relatives, statuses=None):
    """{lang: content files whose text a page of that language can show}:
    its own posts and pages, every version of a translation group that
    lacks the language (one of them is its fallback copy), and files whose
    name gives no known language. Other files reach its pages only through
    their names and front matter, which the build key covers."""
    pattern = re.compile(settings["FILENAME_METADATA"])
    post_folders = tuple(f.strip("/") + "/" for f in settings["ARTICLE_PATHS"])
    page_folders = tuple(f.strip("/") + "/" for f in settings["PAGE_PATHS"])
    languages = list(settings["LANGUAGES"])
    # Posts and pages are grouped apart (two generators), and so are
    # published, hidden and draft versions (site_i18n gives each status its
    # own fallbacks): a hidden Russian page does not stand in for a
    # published one, so the Russian site shows a copy of the English page.
    statuses = statuses or {}
    groups = {}  # (is a post, status, slug) -> {lang: [relative paths]}
    everywhere = []
    for relative in relatives:
        posix = relative.replace(os.sep, "/")
        if not posix.startswith(post_folders + page_folders):
            continue
        stem = os.path.splitext(os.path.basename(relative))[0]
        match = pattern.match(stem)
        found = match.groupdict() if match else {}
        lang, slug = found.get("lang"), found.get("slug")
        if not slug or lang not in languages:
            everywhere.append(relative)
            continue
        group = (
            posix.startswith(post_folders),
            statuses.get(relative, "published"),
            slug,
        )
        groups.setdefault(group, {}).setdefault(lang, []).append(relative)
    shown = {lang: set(everywhere) for lang in languages}
    for versions in groups.values():
        every_version = [path for paths in versions.values() for path in paths]
        for lang in languages:
            shown[lang].update(versions.get(lang, every_version))
    return shown


def language_fingerprints(settings, languages, digests, statuses):
    """{lang: hash of the build key and of the text of every file its pages
    can show}: equal fingerprints, equal language site."""
    shown = language_sources(settings, digests, statuses)
    fingerprints = {}
    for lang in languages:
        digest = hashlib.sha256(state.current().key.encode())
        for relative in sorted(shown[lang]):
            digest.update(relative.encode() + b"\0" + digests[relative])
        fingerprints[lang] = digest.hexdigest()
    return fingerprints


def _language_state_file(settings):
    return os.path.join(cache_root(settings), "site_speed", "languages.json")


def save_language_state(settings, fingerprints):
    path = _language_state_file(settings)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path + ".tmp", "w", encoding="utf-8") as out:
        json.dump(fingerprints, out, sort_keys=True)
    os.replace(path + ".tmp", path)


def load_language_state(settings):
    """{lang: fingerprint, "key": build key} of the last successful build."""
    try:
        with open(_language_state_file(settings), encoding="utf-8") as state:
            previous = json.load(state)
    except (OSError, ValueError):
        return {}
    return previous if isinstance(previous, dict) else {}


def forget_languages(settings, languages):
    """Before anything is written: the languages this build writes lose
    their recorded state (fingerprint and render manifests, kept in memory
    for this build), so that a build that fails or is interrupted half-way
    is never taken for a finished one. Success records them again."""
    manifests = state.current().manifests
    folder = os.path.join(cache_root(settings), "site_speed")
    for lang in languages:
        if lang not in manifests:  # read already if its output was checked
            manifests[lang] = load_manifest(settings, lang)
        for name in manifest_names(folder, lang):
            os.remove(os.path.join(folder, name))
    previous = load_language_state(settings)
    kept = {
        lang: fingerprint
        for lang, fingerprint in previous.items()
        if lang in settings["LANGUAGES"] and lang not in languages
    }
    if kept != previous:
        save_language_state(settings, kept)


def languages_to_build(settings, languages, previous):
    """The languages whose fingerprint changed since the last successful
    build, or whose output is incomplete; the others are neither read nor
    written (their sitemaps, feeds and search indexes stand too)."""
    output_root = settings["OUTPUT_ROOT"]
    fingerprints = state.current().fingerprints
    changed = []
    for lang in languages:
        if previous.get(lang) != fingerprints[lang] or not _output_complete(
            settings, output_root, lang
        ):
            changed.append(lang)
    if len(changed) < len(languages):
        logger.info(
            "site_speed: %s unchanged since the last build",
            ", ".join(x for x in languages if x not in changed) or "nothing",
        )
    return changed


def _output_complete(settings, output_root, lang):
    """Every file the render manifests list for `lang` is in place, and so
    are the files written outside them: the language's sitemap and
    calendar and, for the main language, the root pages, the sitemap index,
    robots.txt, the theme files and the copied content files."""
    folder = os.path.join(output_root, lang)
    required = [
        os.path.join(folder, "index.html"),
        os.path.join(output_root, f"sitemap-{lang}.xml"),
    ]
    calendar = settings.get("SITE_EVENTS", {}).get("calendar")
    if calendar:
        required.append(os.path.join(folder, calendar))
    if lang == settings["DEFAULT_LANG"]:
        required += [
            os.path.join(output_root, name)
            for name in (
                "index.html",
                "404.html",
                "sitemap.xml",
                "sitemap-root.xml",
                "robots.txt",
            )
        ]
        theme = os.path.normpath(
            os.path.join(settings["OUTPUT_PATH"], settings["THEME_STATIC_DIR"])
        )
        if not os.path.isdir(theme):
            return False
        for static in settings["STATIC_PATHS"]:
            source = os.path.join(settings["PATH"], static)
            for root, _dirs, files in os.walk(source):
                relative = os.path.relpath(root, settings["PATH"])
                required += [
                    os.path.join(output_root, relative, name) for name in files
                ]
    if not all(os.path.exists(path) for path in required):
        return False
    manifests = state.current().manifests
    manifests[lang] = load_manifest(settings, lang)
    for entry in manifests[lang].values():
        if not isinstance(entry, dict):
            return False
        for relative in entry.get("files", []):
            if not os.path.exists(os.path.join(folder, relative)):
                return False
    return True


def installed_versions():
    """Python and every installed package with its version: an upgrade of
    Babel, icalendar or a Pelican plugin can change pages too."""
    packages = sorted(
        f"{dist.metadata['Name']}=={dist.version}"
        for dist in importlib.metadata.distributions()
    )
    return "\n".join([sys.version, *packages])


def git_commit(folder):
    """The checked-out commit of `folder`, or "" outside a git work tree (and,
    with a warning, inside one without the git program)."""
    try:
        result = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=folder,
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError as error:
        if in_git_work_tree(folder):
            logger.warning(
                "site_speed: %s is in a git work tree, but git cannot run "
                "(%s): the build key leaves out the commit, whose dates "
                "site_status reads. Install git (apt-get install git).",
                folder,
                error,
            )
        return ""
    return result.stdout.strip() if result.returncode == 0 else ""


def _today(settings):
    """The build date as site_events sees it: in the site's time zone."""
    events = settings.get("SITE_EVENTS", {})
    if events.get("today"):
        return events["today"]
    return datetime.datetime.now(zoneinfo.ZoneInfo(settings["TIMEZONE"])).date()
