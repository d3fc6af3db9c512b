"""The browser editor at /admin/: Decap CMS, configured from the content model.

The main site writes, outside every language folder and without Pelican's
writer (so the editor is in no sitemap, feed or search index):

- `admin/index.html`: the page that loads the pinned Decap build, with its
  own Content-Security-Policy (`admin_csp`), noindex;
- `admin/config.json`: the configuration made from the model (`config.py`);
- `admin/vendor/<package>-<version>/`: the verified build (`vendor.py`);
- our scripts from `static/`: the content files' format, file names made
  as `make new` makes them, the preview and the interface language.

The same CSP is sent as a header by the server configurations in deploy/
(tests/test_cms.py keeps them equal).
"""

import json
import logging
import os
import shutil
from urllib.parse import urlsplit

import jinja2
from pelican import signals
from pelican.generators import Generator

from site_content.paths import confined
from site_content.sites import is_main_site

from .config import FORMAT, SLUG_KEY, cms_config, format_model, transliteration
from .vendor import VendorError, bundle_dir, sri

logger = logging.getLogger(__name__)
HERE = os.path.dirname(os.path.abspath(__file__))
STATIC = os.path.join(HERE, "static")
CONFIG = "config.json"
OUR_FILES = (
    "manual-init.js",
    "pelican-format.js",
    "slug.js",
    "rtcm-cms.js",
    "rtcm-cms.css",
)


def _origin(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _path(url):
    """The path of one of our URLs: the editor works from whatever origin
    serves it (a preview deploy, `make edit`), within its 'self' policy."""
    return urlsplit(url).path


def admin_csp(settings, header=False):
    """The policy of /admin/: this origin, the git host's API and, in a
    development build, the local proxy of `make edit`. `header`: the form a
    server sends, with what a meta element cannot carry."""
    cms = settings["SITE_CMS"]
    # blob: the photos an editor has just chosen, which Decap reads back.
    connect = ["'self'", "blob:"] + list(cms["api_origins"])
    if cms.get("local_backend"):
        connect.append(_origin(cms["local_backend"]))
    directives = [
        "default-src 'self'",
        # Decap validates its configuration with ajv, which compiles schemas
        # with new Function().
        "script-src 'self' 'unsafe-eval'",
        # Decap's components are styled by emotion, which writes <style>.
        "style-src 'self' 'unsafe-inline'",
        # Photos being uploaded, and the preview frame, are blob: URLs.
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src " + " ".join(connect),
        "media-src 'self' blob:",
        "frame-src 'self' blob:",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ]
    if header:
        directives.append("frame-ancestors 'none'")
    return "; ".join(directives)


class AdminGenerator(Generator):
    """Writes /admin/ (see the module's docstring)."""

    def generate_context(self):
        pass

    def generate_output(self, writer):
        del writer  # a language site's writer cannot write above /en/
        # site_assets loads after this plugin (it post-processes the output).
        from site_assets.site_assets import asset_url

        settings = self.settings
        cms = settings["SITE_CMS"]
        root = settings["OUTPUT_ROOT"]
        admin = confined(root, cms["path"])
        try:
            source = bundle_dir(cms)
        except VendorError as error:
            # An error, not an exception: `make html` and `make publish`
            # (--fatal warnings) stop on it with this one line.
            logger.error(
                "site_cms: /%s/ not written: the editor's pinned build (%s %s) "
                "is not available: %s. The first build fetches it from %s; to "
                "build without the editor, set SITE_CMS['enabled'] = False",
                cms["path"],
                cms["package"],
                cms["version"],
                error,
                cms["registry"],
            )
            return
        vendor = f"vendor/{cms['package'].replace('/', '+')}-{cms['version']}"
        target = os.path.join(admin, vendor)
        os.makedirs(target, exist_ok=True)
        compressed = settings.get("SITE_ASSETS", {}).get("precompress", False)
        for name in sorted(os.listdir(source)):
            if name == "manifest.json" or (
                name.endswith((".gz", ".br")) and not compressed
            ):
                continue
            shutil.copyfile(os.path.join(source, name), os.path.join(target, name))
        for name in OUR_FILES:
            shutil.copyfile(os.path.join(STATIC, name), os.path.join(admin, name))
        with open(os.path.join(source, cms["script"]), "rb") as handle:
            integrity = sri(handle.read())

        # Addresses are paths from the site's root: the editor works from
        # whatever origin serves it (a preview deploy, `make edit`).
        base = f"{_path(settings['SITE_ROOT_URL'])}/{cms['path']}/"
        config = cms_config(settings)
        with open(os.path.join(admin, CONFIG), "w", encoding="utf-8") as out:
            json.dump(config, out, ensure_ascii=False, indent=1)
            out.write("\n")

        page_settings = {
            "format": format_model(),
            "formatName": FORMAT,
            "collections": [c["name"] for c in config["collections"]],
            "translated": {
                c["name"]: [f["name"] for f in c["fields"] if f["i18n"] is True]
                for c in config["collections"]
            },
            "previewStyles": [_path(asset_url("css/site.css"))],
            "uiLocales": list(cms["ui_locales"]),
            "config": base + CONFIG,
            "defaultLocale": settings["DEFAULT_LANG"],
            # Decap's backends that write files: the git hosts, and the
            # local proxy of `make edit`.
            "backends": [
                "proxy",
                "github",
                "gitlab",
                "gitea",
                "forgejo",
                "bitbucket",
                "azure",
                "git-gateway",
            ],
            "slugKey": SLUG_KEY,
            "slugRules": [list(rule) for rule in settings["SLUG_REGEX_SUBSTITUTIONS"]],
            "transliteration": transliteration(),
        }
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(os.path.join(HERE, "templates")),
            autoescape=True,
            keep_trailing_newline=True,
        )
        html = env.get_template("admin.html").render(
            csp=admin_csp(settings),
            title=f"{settings['SITENAME']}: editor",
            favicon=_path(asset_url("img/favicon.svg")),
            base=base,
            bundle=f"{vendor}/{cms['script']}",
            integrity=integrity,
            settings=json.dumps(
                page_settings, ensure_ascii=False, separators=(",", ":")
            ),
        )
        with open(os.path.join(admin, "index.html"), "w", encoding="utf-8") as out:
            out.write(html)
        logger.info(
            "site_cms: /%s/ with %s %s", cms["path"], cms["package"], cms["version"]
        )


def _get_generators(pelican):
    settings = pelican.settings
    if settings.get("SITE_CMS", {}).get("enabled") and is_main_site(settings):
        return AdminGenerator
    return None


def register():
    signals.get_generators.connect(_get_generators)
