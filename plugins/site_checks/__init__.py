"""Content checks before the build: front matter, file names, links, raw HTML.

Settings: SITE_CHECKS (optional: max_bytes, folders, extra_paths, fields),
LANGUAGES, SITE_CATEGORIES, the path and URL settings.
Signals: get_generators and generator_init (main site only). `make check` runs the same checks
through tools/check_content.py.
"""

from .site_checks import register

__all__ = ["register"]
