"""Read the links and images of a Markdown body, in time linear in its size.

Code (fenced blocks and inline code spans) is skipped: it is shown as text,
never followed or run. Every pattern here stops at the next character that
could start another match, so a hostile file (a 1 MB line of brackets,
quotes or `<img`) is read in one pass instead of quadratic time.
"""

import re
from dataclasses import dataclass

# A line without any of these characters has no fence, code, link or tag.
MARKUP_RE = re.compile(r"[`~<\[=]")
FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
BACKTICKS_RE = re.compile(r"`+")
# [text](target "title") and ![alt](target). The text may not contain
# brackets and the target no whitespace, brackets or parentheses except one
# balanced pair, so each attempt ends at the next bracket.
# Possessive (*+): a failed attempt gives nothing back, so a long run of
# spaces after "(" is read once.
INLINE_LINK_RE = re.compile(
    r"(?P<image>!?)\[(?P<text>[^\[\]\n]{0,2000}+)\]"
    r"\(\s*+(?P<target><[^<>\n]*+>|[^\s()\[\]<>]*+(?:\([^\s()\[\]<>]*+\)[^\s()\[\]<>]*+)?+)"
    r"(?:\s++(?:\"[^\"\n]*+\"|'[^'\n]*+'))?+\s*+\)"
)
# [label]: target, but not a footnote ([^1]: text).
REFERENCE_RE = re.compile(r"^ {0,3}\[(?!\^)[^\[\]\n]+\]:\s*(?P<target><[^<>\n]*>|\S+)")
HTML_ATTR_RE = re.compile(
    r"""\b(?P<attr>href|src|action|formaction|poster|data|cite)\s*=\s*"""
    r"""(?:"(?P<dq>[^"\n]*)"|'(?P<sq>[^'\n]*)'|(?P<bare>[^\s<>"']+))""",
    re.I,
)
IMG_TAG_RE = re.compile(r"<img\b[^<>]*>", re.I)
ALT_RE = re.compile(r"\salt\s*=", re.I)


@dataclass
class Link:
    target: str
    line: int
    image: bool = False
    alt: str | None = None
    html: bool = False  # from a raw HTML attribute, not Markdown


def without_code_spans(line):
    """`line` with every inline code span blanked (same length)."""
    if "`" not in line:
        return line
    runs = list(BACKTICKS_RE.finditer(line))
    # The next run of each length, found from the end: one pass.
    next_same = [None] * len(runs)
    last = {}
    for index in range(len(runs) - 1, -1, -1):
        size = len(runs[index].group())
        next_same[index] = last.get(size)
        last[size] = index
    parts = []
    position = 0
    index = 0
    while index < len(runs):
        closing = next_same[index]
        if closing is None:
            index += 1
            continue
        start, end = runs[index].start(), runs[closing].end()
        parts.append(line[position:start])
        parts.append(" " * (end - start))
        position = end
        index = closing + 1
    parts.append(line[position:])
    return "".join(parts)


def read_body(lines, body_start):
    """(links, problems) of the body: the Links found, and problems as
    (line, message, hint)."""
    links = []
    problems = []
    in_fence = None
    for index in range(body_start, len(lines)):
        number = index + 1
        line = lines[index]
        if not MARKUP_RE.search(line):
            continue  # plain prose: no fence, code, link, tag or attribute
        fence = FENCE_RE.match(line)
        if fence:
            marker = fence.group(1)[0]
            if in_fence is None:
                in_fence = marker
            elif in_fence == marker:
                in_fence = None
            continue
        if in_fence:
            continue  # code is shown as text, never run
        text = without_code_spans(line)
        for match in INLINE_LINK_RE.finditer(text):
            image = bool(match["image"])
            links.append(
                Link(
                    match["target"].strip("<>"),
                    number,
                    image,
                    match["text"] if image else None,
                )
            )
        match = REFERENCE_RE.match(text)
        if match:
            links.append(Link(match["target"].strip("<>"), number))
        for match in HTML_ATTR_RE.finditer(text):
            value = (
                match["dq"]
                if match["dq"] is not None
                else (match["sq"] if match["sq"] is not None else match["bare"])
            )
            links.append(Link(value, number, html=True))
        for tag in IMG_TAG_RE.findall(text):
            if not ALT_RE.search(tag):
                problems.append(
                    (
                        number,
                        "the image has no alt attribute",
                        'add alt="what the image shows" (alt="" only for '
                        "pure decoration)",
                    )
                )
    return links, problems
