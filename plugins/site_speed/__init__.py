"""Build speed: parse each source once, compile each template once, write
the language sites in parallel, and re-render only what changed.

Settings: SITE_SPEED, CACHE_PATH. Signals: get_generators, readers_init,
generator_init, all_generators_finalized, finalized (first of all plugins);
sends site_speed.languages_written (a blinker signal) when a process is done.
"""

from .site_speed import register

__all__ = ["register"]
