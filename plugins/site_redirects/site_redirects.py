"""Keep the old Moodle site's addresses working.

tools/moodle_import.py records which Moodle blog entry or page became which
post or page in `content/moodle-redirects.json`. From that mapping and the
content of this build, the main site writes (after every language site):

- `redirects/moodle.map`, lines for the `map $request_uri $rtcm_redirect`
  block of deploy/nginx.conf; or, for another nginx setup,
  `redirects/nginx-moodle-map.conf` (http context: `map` blocks) with
  `redirects/nginx-moodle-locations.conf` (server context: `location`s that
  answer 301);
- `redirects/apache-moodle.conf`, mod_rewrite rules for a virtual host or a
  root `.htaccess`;
- `redirects/moodle.json`, the resolved map for other tools;
- for hosts without server configuration, static pages at the old
  addresses — `blog/index.php`, `blog/index.html`, `mod/page/view.php` and
  one `index.html` per recorded page path — that redirect with
  theme/static/js/moodle_redirect.js and list the links when scripts are off.

`?lang=xx` leads to `/xx/…`, the language's own version or, where it has
none, that site's fallback page; without it the redirect goes to the
default language's version (or the first language the item exists in).
A mapped item that is not published (a draft) gets no redirect yet. With
no mapping, or an empty one, nothing is written.

The mapping comes only from site_content.redirects.load_redirects(), which
refuses data with any error (site_checks has stopped such a build before
it starts); the server configs are written by configs.py, and every file
is confined to OUTPUT_ROOT (realpath) before any is written.
"""

import logging
import os

from pelican import signals
from pelican.generators import Generator

from site_catalogs.site_catalogs import add_gettext_in
from site_content.paths import OutsideOutput, confined
from site_content.redirects import (
    DEFAULT_MAP,
    ID_ADDRESSES,
    RedirectDataError,
    decoded_path,
    load_redirects,
)
from site_content.sites import is_main_site

from .configs import render_apache, render_json, render_nginx, render_request_uri_map

logger = logging.getLogger(__name__)

DEFAULTS = {
    # The mapping, relative to the content folder (PATH).
    "map": DEFAULT_MAP,
    # Server configuration and the JSON map, relative to OUTPUT_ROOT.
    "output_dir": "redirects",
}


class UnsafeOutputPath(OutsideOutput):
    """A file the redirect data leads to lies outside the output folder."""


def redirects_settings(settings):
    return {**DEFAULTS, **settings.get("SITE_REDIRECTS", {})}


def resolve(mapping, published, languages, default_lang):
    """The redirect targets of every mapped item the build has.

    `mapping` is load_redirects()'s {kind: {id: Redirect}}; `published`
    maps (kind, slug) to (url, native languages, title, title language).
    Returns a list of dicts: kind, id, cmid, paths, url, lang (the default
    target's language), title, title_lang, native_langs, targets ({lang:
    path, "default": path}).
    """
    entries = []
    for kind in ("posts", "pages"):
        for redirect in mapping.get(kind, {}).values():
            found = published.get((kind, redirect.slug))
            if found is None:
                # The check made sure the files exist: a draft (or hidden).
                logger.info(
                    "site_redirects: Moodle %s %s (%s) is not published; "
                    "no redirect yet",
                    kind,
                    redirect.id,
                    redirect.slug,
                )
                continue
            url, native, title, title_lang = found
            lang = default_lang if default_lang in native else native[0]
            targets = {code: f"/{code}/{url}" for code in languages}
            targets["default"] = f"/{lang}/{url}"
            entries.append(
                {
                    "kind": kind,
                    "id": redirect.id,
                    "cmid": redirect.cmid,
                    "paths": list(redirect.paths),
                    "url": url,
                    "lang": lang,
                    "title": title,
                    "title_lang": title_lang,
                    "native_langs": native,
                    "targets": targets,
                }
            )
    entries.sort(key=lambda entry: (entry["kind"], entry["id"]))
    return entries


def confined_path(root, relative, data_file):
    """The real path of `relative` under `root`; UnsafeOutputPath, naming
    the data file, if it resolves (through "..", an absolute path or a
    symbolic link) elsewhere."""
    try:
        return confined(root, relative)
    except OutsideOutput as error:
        raise UnsafeOutputPath(
            f"site_redirects: {data_file}: {error}; nothing was written"
        ) from error


def write_files(root, files, data_file):
    """Write {path relative to root: text}, every path confined first."""
    confined = {
        confined_path(root, relative, data_file): text
        for relative, text in files.items()
    }
    for path, text in confined.items():
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    return list(confined)


class MoodleRedirectsGenerator(Generator):
    """Writes the redirect files of the Moodle mapping (main site only)."""

    def generate_context(self):
        options = redirects_settings(self.settings)
        self.data_file = os.path.join(self.path, options["map"])
        try:
            # site_checks has run the same validation before the build.
            self.mapping = load_redirects(self.data_file, self.settings)
        except RedirectDataError as error:
            logger.error("site_redirects: %s", error)
            raise
        add_gettext_in(self)

    def _published(self):
        published = {}
        for kind, names in (
            ("posts", ["articles"]),
            ("pages", ["pages", "hidden_pages"]),
        ):
            for name in names:
                for item in self.context.get(name, []):
                    published[(kind, item.slug)] = (
                        item.url,
                        list(item.native_langs),
                        item.title,
                        item.content_lang,
                    )
        return published

    def generate_output(self, writer):
        del writer  # the language site's writer cannot write above /en/
        if not any(self.mapping.values()):
            return
        settings = self.settings
        languages = list(settings["LANGUAGES"])
        entries = resolve(
            self.mapping, self._published(), languages, settings["DEFAULT_LANG"]
        )
        folder = redirects_settings(settings)["output_dir"]
        nginx_map, nginx_locations = render_nginx(entries, languages)
        files = {
            f"{folder}/nginx-moodle-map.conf": nginx_map,
            f"{folder}/nginx-moodle-locations.conf": nginx_locations,
            f"{folder}/moodle.map": render_request_uri_map(entries, languages),
            f"{folder}/apache-moodle.conf": render_apache(entries, languages),
            f"{folder}/moodle.json": render_json(entries, settings["SITE_ROOT_URL"]),
        }
        template = self.get_template("moodle_redirect")
        for name, params, kind in ID_ADDRESSES:
            listed = [e for e in entries if e["kind"] == kind]
            files[name] = template.render(
                self.context, entries=listed, params=params, canonical=None
            )
        for entry in entries:
            for path in entry["paths"]:
                # At the decoded address, where a static host looks for it.
                files[decoded_path(path).strip("/") + "/index.html"] = template.render(
                    self.context,
                    entries=[entry],
                    params="",
                    canonical=settings["SITE_ROOT_URL"] + entry["targets"]["default"],
                )
        write_files(settings["OUTPUT_ROOT"], files, self.data_file)
        logger.info(
            "site_redirects: %d old Moodle addresses, %d files",
            len(entries),
            len(files),
        )


def _get_generators(pelican):
    if is_main_site(pelican.settings):
        return MoodleRedirectsGenerator
    return None


def register():
    signals.get_generators.connect(_get_generators)
