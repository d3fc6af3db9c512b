"""Collections of page-like content by folder: events, trainings, library.

Settings: SITE_COLLECTIONS. Signals: content_object_init.
"""

from .site_collections import register

__all__ = ["register"]
