"""A build's start and end: where the BuildState is made, the caches are
loaded and saved, and the main process waits for its workers.

start runs at the main site's get_generators, in the main process only:
it renews the BuildState, pre-parses, computes the build key and the
languages to build, and plans the shares (forked at the first generator,
shares.fork_workers). finish runs at every site's finalized, first of all
plugins: it saves the site's render manifest and, for the main site, ends a
worker or makes the main process wait for the others before the whole-site
steps of the plugins after it.
"""

import os
import sys

from site_content.sites import is_main_site

from . import fingerprints, parse_cache, render_cache, shares, state
from .config import speed_settings


def start(pelican_obj):
    """At the start of each main build: caches, pre-parse, build key,
    languages to build and their shares (forked at the first generator)."""
    settings = pelican_obj.settings
    if not is_main_site(settings) or state.current().is_worker:
        return
    config = speed_settings(settings)
    # Workers of a build that failed in this process (the autoreload loop
    # goes on) finish before this build writes anything.
    shares.wait_for_workers()
    build = state.renew()
    main_lang = settings["DEFAULT_LANG"]
    # The main language first: the main process is its primary, and the
    # root pages, written with the main site, are its to write.
    languages = [main_lang] + [x for x in settings["LANGUAGES"] if x != main_lang]
    jobs = None
    if config["parse_cache"]:
        parse_cache.load(settings)
        # Converting is all CPU: one process per core, even when the build
        # runs more processes than cores.
        parse_cache.preparse(
            settings, speed_settings(settings)["jobs"] or os.cpu_count() or 1
        )
    if config["render_cache"]:
        digests, statuses = {}, {}
        build.key = fingerprints.build_key(settings, digests, statuses)
        build.fingerprints.update(
            fingerprints.language_fingerprints(settings, languages, digests, statuses)
        )
        previous = fingerprints.load_language_state(settings)
        languages = fingerprints.languages_to_build(settings, languages, previous)
        if previous.get("key") == build.key:
            # Only texts changed: a few posts and pages to render, so no
            # language is worth splitting between processes.
            jobs = min(len(languages), shares.job_count(settings, len(languages)))
        fingerprints.forget_languages(settings, languages)
    else:
        # A build without the render cache writes pages it does not record.
        fingerprints.forget_languages(settings, list(settings["LANGUAGES"]))
    if jobs is None:
        jobs = shares.job_count(settings, len(languages))
    jobs = build.jobs = max(1, jobs)
    planned = shares.plan_shares(languages, jobs)
    build.share, build.share_index = planned[0], 0
    build.to_fork[:] = [
        (pelican_obj, share, index) for index, share in enumerate(planned[1:], start=1)
    ]


def finish(pelican_obj):
    """First finalized handler: workers stop here, the main process waits."""
    build = state.current()
    settings = pelican_obj.settings
    lang = settings["DEFAULT_LANG"]
    if lang in build.written_manifests:
        render_cache.save_manifest(settings, lang, build.written_manifests.pop(lang))
    if not is_main_site(settings):
        return
    # The languages this process wrote whole are complete: steps that work
    # on one language at a time (the search index) can start on them while
    # other processes still render. A worker ends here, so it waits for them.
    if build.is_worker:
        shares.languages_written.send(
            pelican_obj, languages=shares.whole_languages(settings), last=True
        )
        # The whole-site steps that follow (sitemap, search index, assets)
        # belong to the main process, once every worker is done.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)
    try:
        shares.languages_written.send(
            pelican_obj, languages=shares.whole_languages(settings), last=False
        )
    finally:
        # Even when a handler failed: pelican never exits before its workers.
        failed = shares.wait_for_workers()
    if failed:
        fingerprints.save_language_state(settings, {})
        raise shares.BuildFailed(f"the build of {', '.join(failed)} failed (see above)")
    if build.fingerprints:
        fingerprints.save_language_state(
            settings, {**build.fingerprints, "key": build.key}
        )
    if speed_settings(settings)["parse_cache"]:
        parse_cache.save(settings)
