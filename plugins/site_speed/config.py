"""SITE_SPEED with its defaults, and where site_speed keeps its caches
(cache/site_speed/)."""

import os

DEFAULTS = {
    "parse_cache": True,
    "template_cache": True,
    "jobs": 0,
    "render_cache": True,
}


def speed_settings(settings):
    return {**DEFAULTS, **settings.get("SITE_SPEED", {})}


def cache_root(settings):
    """The folder that holds every language's CACHE_PATH (cache/)."""
    return os.path.dirname(os.path.normpath(settings["CACHE_PATH"]))
