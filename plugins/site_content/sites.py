"""Which of the builds that i18n_subsites runs is this one.

i18n_subsites builds the main (English) site and, nested inside it, one
complete build for each other language; every signal fires once per site.
A plugin that writes whole-site files (the root pages, the sitemap index,
the editor, the assets) or starts work once per build asks this.
"""


def is_main_site(settings):
    """True for the main site's settings: a language site is not in its own I18N_SUBSITES."""
    return settings["DEFAULT_LANG"] not in settings.get("I18N_SUBSITES", {})
