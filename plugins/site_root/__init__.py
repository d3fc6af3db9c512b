"""Files at the site root, outside the language folders: the language chooser.

Settings: SITE_ROOT_URL, OUTPUT_ROOT, LANGUAGES. Signals: get_generators.
"""

from .site_root import register

__all__ = ["register"]
