"""The Moodle importer: the old site's blog entries and pages as Markdown
content, one file per language. tools/moodle_import.py is its command line;
docs/moodle-migration.md is the guide.

    reader.py       exports (CSV, JSON, blog pages saved from a browser) -> items
    multilang.py    a field in all languages at once -> the text of each language
    sanitize.py     the allow-list the imported HTML is cleaned against
    to_markdown.py  Moodle's text formats -> HTML -> Markdown; summaries, plain text
    writer.py       files written into the content folder; Moodle files copied
    redirects.py    the Moodle id -> slug mapping and the old addresses it records
    importer.py     the site's settings, and one item through all of the above

The mapping's format is declared in plugins/site_content/redirects.py, so
`site_content` must be importable: the command line puts plugins/ on the
path, and pytest's `pythonpath` does for the tests.
"""


class InputError(Exception):
    """An input file or row cannot be read; the message names it."""
