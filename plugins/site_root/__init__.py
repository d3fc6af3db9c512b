"""Files at the site root, outside the language folders: the language
chooser (/index.html) and the not-found page (/404.html).

Settings: SITE_ROOT_URL, OUTPUT_ROOT, LANGUAGES. Signals: get_generators.
"""

from .site_root import register

__all__ = ["register"]
