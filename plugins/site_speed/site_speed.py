"""register(): which handler of site_speed runs at which signal.

The handlers live in the modules of their concern (see __init__.py). Their
order within a signal is the order they are connected here.
"""

import atexit

from pelican import signals

from . import build, parse_cache, render_cache, shares, template_cache


def register():
    # A main process that stops on an error still waits for its workers,
    # so that nothing writes into output/ after pelican has exited. Pelican
    # registers plugins again for every language site: registered once.
    atexit.unregister(shares.wait_for_workers)
    atexit.register(shares.wait_for_workers)
    signals.get_generators.connect(build.start)
    signals.readers_init.connect(parse_cache.use_cached_reader)
    signals.generator_init.connect(template_cache.share_templates)
    signals.generator_init.connect(parse_cache.skip_file_stamps)
    signals.generator_init.connect(shares.build_only_own_sites)
    signals.generator_init.connect(shares.fork_workers)
    signals.article_generator_pretaxonomy.connect(shares.record_native_urls)
    signals.page_generator_finalized.connect(shares.record_native_urls)
    signals.all_generators_finalized.connect(render_cache.assign_output)
    signals.finalized.connect(build.finish)
    signals.content_written.connect(render_cache.collect_written)
