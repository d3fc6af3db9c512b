"""/sitemap.xml with hreflang alternates, and /robots.txt.

Settings: SITE_SITEMAP, SITE_ROOT_URL, OUTPUT_ROOT, LANGUAGES.
Signals: content_written (every site), finalized (main site writes).
"""

from .site_sitemap import register

__all__ = ["register"]
