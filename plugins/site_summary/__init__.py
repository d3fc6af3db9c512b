"""`Summary:` is plain text; this plugin turns it into one escaped paragraph.

Settings: none (needs FORMATTED_FIELDS = [] so Pelican leaves the text alone).
Signals: content_object_init.
"""

from .site_summary import register

__all__ = ["register"]
