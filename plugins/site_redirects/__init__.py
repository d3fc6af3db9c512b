"""Redirects from the old Moodle site's addresses to the imported content.

Settings: SITE_REDIRECTS (see DEFAULTS), SITE_ROOT_URL, OUTPUT_ROOT,
LANGUAGES. Signals: get_generators (main site only).
"""

from .site_redirects import register

__all__ = ["register"]
