"""Theme asset URLs (`asset_url`) and production post-processing: minify,
fingerprint, pre-compress.

Settings: SITE_ASSETS, THEME_STATIC_PATHS, THEME_STATIC_DIR, OUTPUT_ROOT.
Signals: initialized, generator_init, finalized (main site only).
"""

from .site_assets import register

__all__ = ["register"]
