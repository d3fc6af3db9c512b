"""Build speed: make the trilingual build cheaper than three builds.

i18n_subsites builds every language site from scratch: each one reads and
parses every source file, compiles every template and renders every page.
This plugin removes the repeated work without changing the output:

- parse_cache.py: each source converted once per build, kept on disk;
- template_cache.py: each template compiled once, kept on disk;
- shares.py: the language sites written in parallel, one share per process;
- render_cache.py: pages whose inputs did not change are not rendered again;
- fingerprints.py: the build key, and languages that need no build at all;
- build.py: a build's start and end (caches loaded and saved, workers
  waited for); state.py: the one BuildState all of them share;
- patches.py: every patch of Pelican, i18n_subsites, Jinja and Markdown
  internals, guarded by tests/test_patches.py;
- inline_patterns.py: Markdown's inline pass without the calls that
  cannot match; config.py: SITE_SPEED and where the caches live.

Settings: SITE_SPEED = {"parse_cache": True, "template_cache": True,
"jobs": 0, "render_cache": True}; jobs 0 means one process per core and at
least one per language to build (on two cores or more), 1 builds
sequentially; render_cache turns the render cache and the skipping of
unchanged languages on. CACHE_PATH. Signals: get_generators, readers_init,
generator_init, article_generator_pretaxonomy, page_generator_finalized,
all_generators_finalized, finalized (first of all plugins), content_written;
sends site_speed.languages_written (a blinker signal) when a process is done.
"""

from .site_speed import register

__all__ = ["register"]
