"""Library entries are pages that describe one downloadable document.

Front matter: Authors, Year, Type (SITE_LIBRARY["types"]), Topic,
Document (path of the file inside content/, e.g. media/library/x.pdf),
Document_lang (language of the file, which may differ from the page's),
Sample (true for sample documents).

The file's format and size are read from disk at build time. Each language
site gets `library_entries` and, for readers without JavaScript, a static
page per facet value: /<lang>/library/type/<type>/ and
/<lang>/library/language/<lang>/.
"""

import os
from dataclasses import dataclass

from babel.units import format_unit
from pelican import signals
from pelican.generators import Generator

from site_dates.site_dates import babel_locale

DEFAULTS = {
    "types": ["report", "curriculum", "guide"],
}


@dataclass
class DocumentInfo:
    path: str  # inside content/ and the output root, e.g. media/library/x.pdf
    size: int
    format: str
    lang: str


def library_settings(settings):
    return {**DEFAULTS, **settings.get("SITE_LIBRARY", {})}


def document_info(values, content_path):
    """DocumentInfo from a library entry's typed values (site_content): the
    model allows only the formats of site_content.model.DOCUMENT_FORMATS."""
    path = values["document"]
    extension = os.path.splitext(path)[1]
    return DocumentInfo(
        path=path,
        size=os.path.getsize(os.path.join(content_path, path)),
        format=extension[1:].upper(),
        lang=values["document_lang"],
    )


def format_size(size, locale):
    """Localised file size: '1.2 MB', '1,2 МБ', '12 kB'."""
    for unit, factor in (("digital-megabyte", 1_000_000), ("digital-kilobyte", 1_000)):
        if size >= factor:
            value = round(size / factor, 1)
            if value >= 10:
                value = round(value)
            return format_unit(value, unit, length="short", locale=locale)
    return format_unit(size, "digital-byte", length="short", locale=locale)


def _read_entry(content):
    if getattr(content, "kind", None) != "publication":
        return
    values = getattr(content, "values", None)
    content.document = None
    if values:
        content.document = document_info(values, content.settings["PATH"])
        content.doc_type = values["type"]
        content.years = values["year"]


def facets(entries):
    """{"type": {value: [entries]}, "language": {lang: [entries]}}."""
    found = {"type": {}, "language": {}}
    for entry in entries:
        found["type"].setdefault(entry.doc_type, []).append(entry)
        found["language"].setdefault(entry.document.lang, []).append(entry)
    return found


def _collect_entries(generator):
    entries = [
        page
        for page in generator.pages
        if getattr(page, "kind", None) == "publication"
        and getattr(page, "document", None) is not None
    ]
    entries.sort(key=lambda page: (-page.years[1], page.title))
    generator.context["library_entries"] = entries
    generator.context["library_facets"] = facets(entries)


def _add_filters(generator):
    settings = generator.settings
    locale = babel_locale(settings["LANGUAGES"], settings["DEFAULT_LANG"])

    def filesize(size):
        return format_size(size, locale)

    generator.env.filters["filesize"] = filesize


class LibraryFacetGenerator(Generator):
    """Writes one static list per facet value with the `library` template."""

    def generate_output(self, writer):
        library_page = next(
            (page for page in self.context.get("pages", []) if page.slug == "library"),
            None,
        )
        if library_page is None:
            return
        for facet, values in self.context["library_facets"].items():
            for value, entries in values.items():
                url = f"{library_page.url}{facet}/{value}/"
                writer.write_file(
                    url + "index.html",
                    self.get_template(library_page.template),
                    self.context,
                    page=library_page,
                    facet={
                        "name": facet,
                        "value": value,
                        "url": url,
                        "entries": entries,
                    },
                    relative_urls=self.settings["RELATIVE_URLS"],
                    url=url,
                )


def _get_generators(pelican):
    del pelican
    return LibraryFacetGenerator


def register():
    signals.content_object_init.connect(_read_entry)
    signals.page_generator_finalized.connect(_collect_entries)
    signals.generator_init.connect(_add_filters)
    signals.get_generators.connect(_get_generators)
