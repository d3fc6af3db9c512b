"""Text conversion: a Moodle text field in any of its formats as HTML,
sanitised HTML as Markdown (checked once more as rendered), and the plain
text the front matter needs (summaries, titles without tags).
"""

import html
import re

import markdown
from bs4 import BeautifulSoup
from markdownify import MarkdownConverter

from .reader import FORMAT_MARKDOWN, FORMAT_MOODLE, FORMAT_PLAIN
from .sanitize import DROPPED_WITH_CONTENT

SUMMARY_LENGTH = 200


class _Converter(MarkdownConverter):
    """markdownify with the escaping Python-Markdown needs.

    Text such as `<script>` (written as `&lt;script&gt;` in the HTML) must
    stay text: Markdown passes `<…>` through as raw HTML, so `<`, `>` and `&`
    are written as entities.
    """

    def escape(self, text, parent_tags):
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        return super().escape(text, parent_tags)

    def convert_iframe(self, el, text, parent_tags):
        # The site loads nothing from other hosts: an allowed player becomes
        # a link to the video on its own line.
        src = el.get("src", "")
        video = re.match(
            r"https://(?:www\.)?youtube(?:-nocookie)?\.com/embed/([\w-]+)", src
        )
        if video:
            src = f"https://www.youtube.com/watch?v={video.group(1)}"
        label = el.get("title") or src
        return f"\n\n[{self.escape(label, parent_tags)}]({src})\n\n"


def html_to_markdown(value):
    """Markdown for sanitised HTML; headings start at `##` (h1 is the title)."""
    soup = BeautifulSoup(value or "", "lxml")
    if soup.find("h1"):
        for level in range(6, 0, -1):
            for heading in soup.find_all(f"h{level}"):
                heading.name = f"h{min(level + 1, 6)}"
    for paragraph in soup.find_all("p"):
        if not paragraph.get_text(strip=True) and not paragraph.find(["img", "iframe"]):
            paragraph.decompose()
    text = _Converter(
        heading_style="ATX", bullets="-", strip_document="strip", escape_misc=False
    ).convert_soup(soup)
    # Trailing double spaces are Markdown line breaks (<br>): keep them.
    text = re.sub(r"\n[ \t]+(?=\n)", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip() + "\n" if text.strip() else ""


MARKDOWN_EXTENSIONS = ["markdown.extensions.extra", "markdown.extensions.smarty"]


def markdown_problems(text):
    """Anything unsafe the Markdown renders to (should be nothing)."""
    rendered = markdown.markdown(
        text, extensions=MARKDOWN_EXTENSIONS, output_format="html"
    )
    soup = BeautifulSoup(rendered, "lxml")
    problems = [
        f"<{tag.name}> in the rendered Markdown"
        for tag in soup.find_all(list(DROPPED_WITH_CONTENT) + ["iframe"])
    ]
    for tag in soup.find_all(True):
        for attr, val in tag.attrs.items():
            if attr.lower().startswith("on"):
                problems.append(f"{attr}= in the rendered Markdown")
            if attr in ("href", "src") and re.match(
                r"\s*(javascript|vbscript|data):", str(val), re.IGNORECASE
            ):
                problems.append("javascript: URL in the rendered Markdown")
    return problems


# What reads as an HTML tag in plain text (the same test as make check's).
TAG_LIKE = re.compile(r"<\s*/?\s*[a-z][^>]*>", re.IGNORECASE)


def strip_tag_like(text):
    """Plain text without anything that reads as a tag; `<` and `&` that
    are not part of a tag stay (the site escapes them)."""
    return tidy_text(TAG_LIKE.sub(" ", text))


def tidy_text(text):
    """Whitespace collapsed, and no space before punctuation."""
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"\s+([.,;:!?)])", r"\1", text)


def plain_text(value):
    """Readable text of an HTML fragment, whitespace collapsed."""
    return tidy_text(BeautifulSoup(value or "", "lxml").get_text(" "))


def make_summary(value, limit=SUMMARY_LENGTH):
    """The first paragraph's text, cut at a word boundary."""
    soup = BeautifulSoup(value or "", "lxml")
    for paragraph in soup.find_all(["p", "li", "td"]):
        text = tidy_text(paragraph.get_text(" "))
        if text:
            break
    else:
        text = plain_text(value)
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:–-") + "…"


def body_as_html(value, text_format):
    """A Moodle text field in any summaryformat as HTML."""
    if text_format in (FORMAT_PLAIN, FORMAT_MOODLE) and not re.search(
        r"<[a-z][^>]*>", value, re.I
    ):
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", value) if p.strip()]
        return "".join(
            "<p>" + html.escape(p).replace("\n", "<br>") + "</p>" for p in paragraphs
        )
    if text_format == FORMAT_MARKDOWN:
        return markdown.markdown(value, extensions=MARKDOWN_EXTENSIONS)
    return value
