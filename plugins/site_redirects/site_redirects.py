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
A mapped item that the build does not have is a warning (a draft is not).
With no mapping, or an empty one, nothing is written.
"""

import json
import logging
import os
import re

from pelican import signals
from pelican.generators import Generator
from site_catalogs.site_catalogs import add_gettext_in

logger = logging.getLogger(__name__)

DEFAULTS = {
    # The mapping, relative to the content folder (PATH).
    "map": "moodle-redirects.json",
    # Server configuration and the JSON map, relative to OUTPUT_ROOT.
    "output_dir": "redirects",
}

# The old addresses handled by the static pages: (file, query parameters →
# data attribute of the link, kind).
STATIC_PAGES = [
    ("blog/index.php", "entryid:id", "posts"),
    ("blog/index.html", "entryid:id", "posts"),
    ("mod/page/view.php", "id:cmid p:id", "pages"),
]
NUMBERED_PATH = re.compile(r"^(?P<prefix>/.*/)(?P<number>\d+)(?:-[^/]*)?/?$")


def redirects_settings(settings):
    return {**DEFAULTS, **settings.get("SITE_REDIRECTS", {})}


def is_main_site(settings):
    return settings["DEFAULT_LANG"] not in settings.get("I18N_SUBSITES", {})


def load_mapping(path):
    """{kind: {id: entry}} from the importer's file, or None if there is none."""
    if not os.path.isfile(path):
        return None
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError) as error:
        logger.error("site_redirects: cannot read %s: %s", path, error)
        return None
    return {kind: data.get(kind, {}) for kind in ("posts", "pages")}


def resolve(mapping, published, languages, default_lang, unpublished=frozenset()):
    """The redirect targets of every mapped item the build has.

    `published` maps (kind, slug) to (url, native languages, title, title
    language). Returns a list of dicts: kind, id, cmid, paths, url, lang (the
    default target's language), title, title_lang, native_langs, targets
    ({lang: path, "default": path}).
    """
    entries = []
    for kind in ("posts", "pages"):
        for key, record in mapping.get(kind, {}).items():
            slug = record.get("slug", "")
            found = published.get((kind, slug))
            if found is None:
                if (kind, slug) in unpublished:
                    logger.info("site_redirects: Moodle %s %s (%s) is not published "
                                "(a draft); no redirect yet", kind, key, slug)
                else:
                    logger.warning("site_redirects: Moodle %s %s maps to %r, which "
                                   "this build does not have; correct %s", kind, key,
                                   slug, DEFAULTS["map"])
                continue
            url, native, title, title_lang = found
            lang = default_lang if default_lang in native else native[0]
            targets = {code: f"/{code}/{url}" for code in languages}
            targets["default"] = f"/{lang}/{url}"
            entries.append({
                "kind": kind, "id": int(key), "cmid": record.get("cmid"),
                "paths": record.get("paths", []), "url": url, "lang": lang,
                "title": title, "title_lang": title_lang, "native_langs": native,
                "targets": targets,
            })
    entries.sort(key=lambda entry: (entry["kind"], entry["id"]))
    return entries


def _nginx_map(name, source, rows, comment):
    lines = [f"# {comment}", f'map "{source}" ${name} {{', '    default "";']
    lines += [f'    "{key}" {target};' for key, target in rows]
    lines.append("}")
    return lines


def _keyed_rows(entries, key_of, languages):
    """Exact "<key>:<lang>" rows, then a "~^<key>:" catch-all per entry."""
    rows = []
    for entry in entries:
        key = key_of(entry)
        if key is None:
            continue
        rows += [(f"{key}:{lang}", entry["targets"][lang]) for lang in languages]
        rows.append((f"~^{key}:", entry["targets"]["default"]))
    return rows


def path_pattern(path):
    """Regex (no anchors) for an old path, with or without its slug."""
    match = NUMBERED_PATH.match(path)
    if match:
        return re.escape(match["prefix"]) + match["number"] + r"(?:-[^/]*)?/?"
    return re.escape(path.rstrip("/")) + "/?"


def render_nginx(entries, languages):
    """(map file, locations file) for nginx."""
    posts = [e for e in entries if e["kind"] == "posts"]
    pages = [e for e in entries if e["kind"] == "pages"]
    header = ["# Generated by plugins/site_redirects from content/moodle-redirects.json;",
              "# do not edit. See README.md, 'Migrating from Moodle'.", ""]
    maps = list(header)
    maps += _nginx_map("moodle_blog_target", "$arg_entryid:$arg_lang",
                       _keyed_rows(posts, lambda e: e["id"], languages),
                       "/blog/index.php?entryid=N[&lang=xx] and /blog/?entryid=N")
    maps.append("")
    maps += _nginx_map("moodle_cm_target", "$arg_id:$arg_lang",
                       _keyed_rows(pages, lambda e: e["cmid"], languages),
                       "/mod/page/view.php?id=N (course module id)")
    maps.append("")
    maps += _nginx_map("moodle_page_target", "$arg_p:$arg_lang",
                       _keyed_rows(pages, lambda e: e["id"], languages),
                       "/mod/page/view.php?p=N (page id)")
    maps.append("")
    path_rows = []
    for entry in entries:
        for path in entry["paths"]:
            pattern = path_pattern(path)
            path_rows += [(f"~^{pattern}:{lang}$", entry["targets"][lang])
                          for lang in languages]
            path_rows.append((f"~^{pattern}:", entry["targets"]["default"]))
    maps += _nginx_map("moodle_path_target", "$uri:$arg_lang", path_rows,
                       "old page paths such as /course/RTCM/page/N-some-slug")

    locations = list(header)
    locations += [
        "location = /blog/index.php {",
        "    if ($moodle_blog_target) { return 301 $moodle_blog_target; }",
        "    default_type text/html;",
        "}",
        "location = /blog/ {",
        "    if ($moodle_blog_target) { return 301 $moodle_blog_target; }",
        "    try_files /blog/index.html =404;",
        "}",
        "location = /mod/page/view.php {",
        "    if ($moodle_cm_target) { return 301 $moodle_cm_target; }",
        "    if ($moodle_page_target) { return 301 $moodle_page_target; }",
        "    default_type text/html;",
        "}",
    ]
    prefixes = sorted({NUMBERED_PATH.match(p)["prefix"] if NUMBERED_PATH.match(p)
                       else p for e in entries for p in e["paths"]})
    for prefix in prefixes:
        locations += [
            f"location ^~ {prefix} {{",
            "    if ($moodle_path_target) { return 301 $moodle_path_target; }",
            "    try_files $uri $uri/index.html =404;",
            "}",
        ]
    return "\n".join(maps) + "\n", "\n".join(locations) + "\n"


def _has(condition):
    """Lookahead: the query string (after "?") has `name=value`."""
    return f"(?=(?:.*&)?{re.escape(condition)}(?:&|$))"


def request_uri_rows(entries, languages):
    """(regex, target) rows for `map $request_uri …` (deploy/nginx.conf):
    the old path, the id in any position of the query, `lang` if given."""
    rows = []
    for entry in entries:
        queries = []
        if entry["kind"] == "posts":
            queries.append((r"/blog/(?:index\.php)?", f"entryid={entry['id']}"))
        else:
            if entry["cmid"] is not None:
                queries.append((r"/mod/page/view\.php", f"id={entry['cmid']}"))
            queries.append((r"/mod/page/view\.php", f"p={entry['id']}"))
        for path, condition in queries:
            rows += [(f"^{path}\\?{_has(condition)}{_has('lang=' + lang)}",
                      entry["targets"][lang]) for lang in languages]
            rows.append((f"^{path}\\?{_has(condition)}", entry["targets"]["default"]))
        for old in entry["paths"]:
            pattern = path_pattern(old)
            rows += [(f"^{pattern}\\?{_has('lang=' + lang)}", entry["targets"][lang])
                     for lang in languages]
            rows.append((f"^{pattern}(?:\\?.*)?$", entry["targets"]["default"]))
    return rows


def render_request_uri_map(entries, languages):
    lines = ["# Generated by plugins/site_redirects from content/moodle-redirects.json;",
             "# do not edit. Lines of `map $request_uri $rtcm_redirect` in",
             "# deploy/nginx.conf (copy to /etc/nginx/rtcm-redirects/)."]
    lines += [f'"~{regex}" {target};' for regex, target in
              request_uri_rows(entries, languages)]
    return "\n".join(lines) + "\n"


def _apache_rule(conditions, pattern, target):
    lines = [f"RewriteCond %{{QUERY_STRING}} (?:^|&){c}(?:&|$)" for c in conditions]
    # The trailing "?" drops the old query string.
    lines.append(f"RewriteRule ^/?{pattern}$ {target}? [R=301,L]")
    return lines


def render_apache(entries, languages):
    lines = ["# Generated by plugins/site_redirects from content/moodle-redirects.json;",
             "# do not edit. Include it in the <VirtualHost> or paste it into the",
             "# .htaccess at the site root (needs mod_rewrite).",
             "RewriteEngine On"]
    for entry in entries:
        lines.append(f"# Moodle {entry['kind']} {entry['id']} -> {entry['url']}")
        queries = []
        if entry["kind"] == "posts":
            queries.append((f"entryid={entry['id']}", r"blog/(?:index\.php)?"))
        else:
            if entry["cmid"] is not None:
                queries.append((f"id={entry['cmid']}", r"mod/page/view\.php"))
            queries.append((f"p={entry['id']}", r"mod/page/view\.php"))
        for condition, pattern in queries:
            for lang in languages:
                lines += _apache_rule([condition, f"lang={lang}"], pattern,
                                      entry["targets"][lang])
            lines += _apache_rule([condition], pattern, entry["targets"]["default"])
        for path in entry["paths"]:
            pattern = path_pattern(path).lstrip("/").lstrip("\\/")
            for lang in languages:
                lines += _apache_rule([f"lang={lang}"], pattern, entry["targets"][lang])
            lines += _apache_rule([], pattern, entry["targets"]["default"])
    return "\n".join(lines) + "\n"


def render_json(entries, root_url):
    data = {"root": root_url, "posts": {}, "pages": {}, "cmids": {}, "paths": {}}
    for entry in entries:
        data[entry["kind"]][str(entry["id"])] = entry["targets"]
        if entry["cmid"] is not None:
            data["cmids"][str(entry["cmid"])] = entry["targets"]
        for path in entry["paths"]:
            data["paths"][path] = entry["targets"]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


class MoodleRedirectsGenerator(Generator):
    """Writes the redirect files of the Moodle mapping (main site only)."""

    def generate_context(self):
        options = redirects_settings(self.settings)
        self.mapping = load_mapping(os.path.join(self.path, options["map"]))
        add_gettext_in(self)

    def _published(self):
        published = {}
        for kind, names in (("posts", ["articles"]), ("pages", ["pages", "hidden_pages"])):
            for name in names:
                for item in self.context.get(name, []):
                    published[(kind, item.slug)] = (
                        item.url, list(item.native_langs), item.title,
                        item.content_lang)
        # Files that exist but are not published: drafts, in any language.
        unpublished = set()
        for kind, paths in (("posts", self.settings["ARTICLE_PATHS"]),
                            ("pages", self.settings["PAGE_PATHS"])):
            for folder in paths:
                folder = os.path.join(self.path, folder)
                if os.path.isdir(folder):
                    unpublished |= {(kind, name.split(".")[0])
                                    for name in os.listdir(folder)}
        return published, unpublished - set(published)

    def generate_output(self, writer):
        del writer  # the language site's writer cannot write above /en/
        if not self.mapping or not any(self.mapping.values()):
            return
        settings = self.settings
        languages = list(settings["LANGUAGES"])
        published, unpublished = self._published()
        entries = resolve(self.mapping, published, languages, settings["DEFAULT_LANG"],
                          unpublished)
        root = settings["OUTPUT_ROOT"]
        folder = os.path.join(root, redirects_settings(settings)["output_dir"])
        nginx_map, nginx_locations = render_nginx(entries, languages)
        files = {
            os.path.join(folder, "nginx-moodle-map.conf"): nginx_map,
            os.path.join(folder, "nginx-moodle-locations.conf"): nginx_locations,
            os.path.join(folder, "moodle.map"): render_request_uri_map(entries, languages),
            os.path.join(folder, "apache-moodle.conf"): render_apache(entries, languages),
            os.path.join(folder, "moodle.json"): render_json(entries,
                                                             settings["SITE_ROOT_URL"]),
        }
        template = self.get_template("moodle_redirect")
        for name, params, kind in STATIC_PAGES:
            listed = [e for e in entries if e["kind"] == kind]
            files[os.path.join(root, name)] = template.render(
                self.context, entries=listed, params=params, canonical=None)
        for entry in entries:
            for path in entry["paths"]:
                target = os.path.join(root, path.strip("/"), "index.html")
                files[target] = template.render(
                    self.context, entries=[entry], params="",
                    canonical=settings["SITE_ROOT_URL"] + entry["targets"]["default"])
        for path, text in files.items():
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
        logger.info("site_redirects: %d old Moodle addresses, %d files", len(entries),
                    len(files))


def _get_generators(pelican):
    if is_main_site(pelican.settings):
        return MoodleRedirectsGenerator
    return None


def register():
    signals.get_generators.connect(_get_generators)
