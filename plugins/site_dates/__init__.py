"""Babel-based date filters for templates (no OS locales needed).

Settings: LANGUAGES (`babel_locale`), TIMEZONE. Signals: generator_init.
"""

from .site_dates import register

__all__ = ["register"]
