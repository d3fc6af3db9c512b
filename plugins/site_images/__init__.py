"""Photos: responsive, metadata-free variants of every image in
content/media/, `<picture>` markup, lead images, galleries and link-preview
cards.

Settings: SITE_IMAGES, LANGUAGES, SITE_ROOT_URL, STATIC_PATHS.
Signals: get_generators, generator_init, static_generator_finalized,
content_object_init.
"""

from .site_images import register

__all__ = ["register"]
