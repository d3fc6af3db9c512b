"""The house terms of each language: `terms.<lang>.json` and the matcher
that `make check` (site_checks), the catalog check (site_catalogs) and
`make translations` use.

Settings: LANGUAGES (a language has terms when its list exists).
Signals: initialized (the lists are read once and a broken one is an error).
"""

from .site_terms import register

__all__ = ["register"]
