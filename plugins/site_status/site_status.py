"""Mark outdated translations on every language site and write the report
page on the main site.

The report is read from the source files (status.build_report), the same
way `make translations` reads it, so the page and the command agree.
"""

import logging
import os

from pelican import signals
from pelican.generators import Generator

from site_content.sites import is_main_site

from .status import build_report, status_settings

logger = logging.getLogger(__name__)

# The report of the current build: every language site's generators need the
# same one (reading the files and git history once, not six times).
_report = {}


def _mark(items, outdated, content, source_lang):
    for item in items:
        relative = os.path.relpath(item.source_path, content).replace(os.sep, "/")
        # A fallback copy shows another language; its notice says so already.
        item.translation_outdated = relative in outdated and not getattr(
            item, "is_fallback", False
        )
        item.translation_source_lang = source_lang


def current_report(settings):
    """The translation report of this build (see _start_build)."""
    if "report" not in _report:
        _report["report"] = build_report(settings)
    return _report["report"]


def _mark_outdated(generator):
    """Sets `translation_outdated` (and `translation_source_lang`) on every
    article or page of this language site; templates show a notice."""
    settings = generator.settings
    report = current_report(settings)
    outdated = report.outdated_paths()
    content = os.path.realpath(settings["PATH"])
    lists = [
        "articles",
        "translations",
        "drafts",
        "drafts_translations",
        "pages",
        "hidden_pages",
        "hidden_translations",
        "draft_pages",
        "draft_translations",
    ]
    for name in lists:
        _mark(getattr(generator, name, []), outdated, content, report.source_lang)
    if outdated:
        logger.debug("site_status: %d outdated translation(s)", len(outdated))


class TranslationStatusGenerator(Generator):
    """Writes the report page for editors (noindex, linked from nowhere)."""

    def generate_context(self):
        self.report = current_report(self.settings)

    def generate_output(self, writer):
        save_as = status_settings(self.settings)["save_as"]
        url = (
            save_as[: -len("index.html")] if save_as.endswith("index.html") else save_as
        )
        writer.write_file(
            save_as,
            self.get_template("translation_status"),
            self.context,
            relative_urls=False,
            report=self.report,
            status_url=url,
            counts=self.report.counts(),
            url=url,
        )


def _get_generators(pelican):
    if is_main_site(pelican.settings):
        _report.clear()  # a new build (autoreload reruns the same process)
        return TranslationStatusGenerator
    return None


def register():
    signals.article_generator_finalized.connect(_mark_outdated)
    signals.page_generator_finalized.connect(_mark_outdated)
    signals.get_generators.connect(_get_generators)
