"""Write the pages that belong to no language: the root language chooser.

Runs in the main language's build only, after every language site is written
(i18n_subsites builds the other sites from the main site's get_writer).
"""

import logging

from pelican import signals
from pelican.generators import Generator
from pelican.writers import Writer

from site_catalogs.site_catalogs import add_gettext_in
from site_content.sites import is_main_site

logger = logging.getLogger(__name__)


class RootPagesGenerator(Generator):
    """Renders `root.html` to /index.html and `root_404.html` to /404.html.

    The page speaks every language at once, so templates get
    `gettext_in(lang, msgid)` next to the usual `_()`.
    """

    def generate_context(self):
        add_gettext_in(self)

    def generate_output(self, writer):
        del writer  # the language site's writer cannot write above /en/
        root_writer = Writer(self.settings["OUTPUT_ROOT"], settings=self.settings)
        for name, template in [("index.html", "root"), ("404.html", "root_404")]:
            root_writer.write_file(
                name,
                self.get_template(template),
                self.context,
                relative_urls=False,
                url="",
            )


def _get_generators(pelican):
    if is_main_site(pelican.settings):
        return RootPagesGenerator
    return None


def register():
    signals.get_generators.connect(_get_generators)
