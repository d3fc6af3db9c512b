"""Per-language Atom feeds that hold only that language's own articles.

Settings: DEFAULT_LANG. Signals: get_writer.
"""

from .site_feeds import register

__all__ = ["register"]
