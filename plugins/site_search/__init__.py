"""Full-text search per language: run Pagefind over the finished output.

Settings: SITE_SEARCH, OUTPUT_ROOT. Signals: get_generators and finalized
(main site only), site_speed.languages_written.
"""

from .site_search import register

__all__ = ["register"]
