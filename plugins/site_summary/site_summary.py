"""Store every summary as safe HTML.

Editors write `Summary:` as one or two plain sentences. With
FORMATTED_FIELDS = [] Pelican keeps that text as it is, while a summary that
Pelican generates from the body (no `Summary:` line) is HTML. Escaping the
written text into a `<p>` here gives templates and feeds one kind of value,
HTML, and text such as `<script>` in a summary stays visible text everywhere:
in lists (`|safe`), in `<meta name="description">` (`|striptags`, then
autoescaped) and in the Atom `<summary type="html">`.
"""

from markupsafe import escape
from pelican import signals

from site_content.fields import visible


def summary_html(text):
    """One HTML paragraph showing `text` (a string, or the lines of a
    summary that continues on indented lines) literally."""
    if isinstance(text, list):
        text = " ".join(text)
    return f"<p>{escape(text.strip())}</p>"


def _escape_summary(content):
    if "summary" not in content.metadata:
        return
    text = content.metadata["summary"]
    if not visible(" ".join(text) if isinstance(text, list) else text):
        # Empty, or only invisible characters: as if there were no Summary
        # line (the content model reads it so), the first words of the text.
        del content.metadata["summary"]
        return
    content.metadata["summary"] = summary_html(text)


def register():
    signals.content_object_init.connect(_escape_summary)
