"""Give page-like content in its own folder its own URL and template.

Events, training programmes and library entries are Pelican pages (they
get translations, fallbacks and hreflang like any page) that live in their
own folders. SITE_COLLECTIONS maps a folder to a `kind`, a URL pattern and a
template, so /<lang>/events/<slug>/ uses event.html.
"""

from pelican import signals
from pelican.contents import Page


def collection_for(source_path, content_path, collections):
    """(folder, config) of the collection a source file belongs to, or None."""
    relative = source_path
    if content_path and source_path.startswith(content_path):
        relative = source_path[len(content_path) :].lstrip("/\\")
    folder = relative.replace("\\", "/").split("/", 1)[0]
    if folder in collections:
        return folder, collections[folder]
    return None


def _apply_collection(content):
    if not isinstance(content, Page):
        return
    settings = content.settings
    found = collection_for(
        content.source_path, settings["PATH"], settings.get("SITE_COLLECTIONS", {})
    )
    if found is None:
        content.kind = "page"
        return
    _folder, config = found
    content.kind = config["kind"]
    content.template = config["template"]
    if content.status == "draft":
        return  # drafts keep Pelican's draft URLs (none in production)
    url = config["url"].format(slug=content.slug)
    content.override_url = url
    content.override_save_as = url + "index.html"


def register():
    signals.content_object_init.connect(_apply_collection)
