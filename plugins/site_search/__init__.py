"""Full-text search per language: run Pagefind over the finished output.

Settings: SITE_SEARCH, OUTPUT_ROOT. Signals: finalized (main site only).
"""

from .site_search import register

__all__ = ["register"]
