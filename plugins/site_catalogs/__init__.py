"""Compile the theme's gettext catalogs (.po -> .mo) before every build.

Settings: I18N_GETTEXT_LOCALEDIR, LANGUAGES, DEFAULT_LANG. Signals: initialized.
"""

from .site_catalogs import register

__all__ = ["register"]
