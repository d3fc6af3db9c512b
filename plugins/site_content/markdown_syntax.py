"""Where a Markdown body has code and attribute lists, as Python-Markdown
(extra) reads them, in time linear in the size of the body.

`make check` reads the source, not the HTML, to say on which line something
is; these are the parts of Python-Markdown's grammar it needs. Every pattern
is anchored and possessive, or searched for once, so a hostile file (a 1 MB
line of backticks or braces) is read in one pass.
"""

import bisect
import re

from markdown.extensions.attr_list import sanitize_name

# fenced_code: the fence starts the line, the block ends at the same fence
# on a line of its own; without it there is no code block.
FENCE_OPEN_RE = re.compile(
    r"(?P<fence>`{3,}+|~{3,}+)[ ]*+(?:(?>\{[^\n]*\})|(?:\.?[\w#.+-]*+[ ]*+)?+"
    r"(?:hl_lines=(?P<q>[\"']).*?(?P=q)[ ]*+)?+)"
)
FENCE_CLOSE_RE = re.compile(r"(`{3,}|~{3,})[ ]*")
BACKTICKS_RE = re.compile(r"`+")
BLANK_LINE_RE = re.compile(r"\n[ \t]*\n")
# attr_list: the lexicon of its scanner, and where it reads a list: at the
# end of a heading or a term, on the last line of a block, right after an
# inline element (link, image, emphasis, code).
ATTR_LIST_TOKEN_RE = re.compile(
    r"""(?P<key>[^ =}]+)=(?:"(?P<dq>.*?)"|'(?P<sq>.*?)'|(?P<bare>[^ =}]+))"""
    r"""|(?P<word>[^ =}]+)| """
)
ATTR_LIST_START_RE = re.compile(r"\{:?[ ]*(?=[^}\n ])")
INLINE_ATTR_LIST_RE = re.compile(r"[)\]*_`](?=\{)")
ATX_HEADING_RE = re.compile(r"#{1,6}[^\n]")
SETEXT_RULE_RE = re.compile(r"(?:=+|-+)[ ]*")
DEFINITION_RE = re.compile(r"[ ]{0,3}:[ ]{1,3}\S")
LIST_ITEM_RE = re.compile(r"[ ]*(?:[-*+]|\d+\.)[ ]")
BLOCK_ATTR_LIST_RE = re.compile(r"[ ]*\{[^\n]*\}[ ]*")


def _blank(text, start, end):
    """`text[start:end]` as spaces, newlines kept (line numbers stay)."""
    return re.sub(r"[^\n]", " ", text[start:end])


def blank_code(body):
    """`body` with the content of fenced code blocks and code spans blanked
    (same length, same lines): code is shown as text. Indented code blocks
    are not recognised (rare in posts, and they need the block structure)."""
    if "```" not in body and "~~~" not in body:
        return _blank_code_spans(body) if "`" in body else body
    lines = body.split("\n")
    closings = {}  # fence -> indexes of the lines that could close a block
    for index, line in enumerate(lines):
        if line[:1] in "`~" and FENCE_CLOSE_RE.fullmatch(line):
            closings.setdefault(line.rstrip(" "), []).append(index)
    index = 0
    while index < len(lines):
        opening = lines[index][:1] in "`~" and FENCE_OPEN_RE.fullmatch(lines[index])
        ends = closings.get(opening["fence"], []) if opening else []
        at = bisect.bisect_right(ends, index)
        if at < len(ends):
            for inner in range(index + 1, ends[at]):
                lines[inner] = " " * len(lines[inner])
            index = ends[at]
        index += 1
    return _blank_code_spans("\n".join(lines))


def _blank_code_spans(text):
    """A run of n backticks opens a span that the next run of n closes,
    within one paragraph; the backticks stay (an attribute list may follow)."""
    runs = [
        (m.start(), m.end())
        for m in BACKTICKS_RE.finditer(text)
        if text[m.start() - 1 : m.start()] != "\\"
    ]
    following = [None] * len(runs)  # the next run of the same length
    last_of_length = {}
    for i in range(len(runs) - 1, -1, -1):
        length = runs[i][1] - runs[i][0]
        following[i] = last_of_length.get(length)
        last_of_length[length] = i
    breaks = [m.start() for m in BLANK_LINE_RE.finditer(text)]
    pieces, done, i = [], 0, 0
    while i < len(runs):
        j = following[i]
        if j is None:
            i += 1
            continue
        start, end = runs[i][1], runs[j][0]
        paragraph_end = bisect.bisect_left(breaks, start)
        if paragraph_end < len(breaks) and breaks[paragraph_end] < end:
            i += 1
            continue
        pieces += [text[done:start], _blank(text, start, end)]
        done = end
        i = j + 1
    pieces.append(text[done:])
    return "".join(pieces)


def attr_list_places(lines):
    """(line index, offset of "{", inline) of each place where
    Python-Markdown reads an attribute list; `inline` when it follows a link,
    an image or emphasis, else it belongs to the block (heading, term,
    paragraph, list item)."""
    for index, line in enumerate(lines):
        if "{" not in line:
            continue
        following = lines[index + 1] if index + 1 < len(lines) else ""
        previous = lines[index - 1] if index else ""
        heading = ATX_HEADING_RE.match(line)
        stripped = line.rstrip(" ")
        if heading:
            stripped = stripped.rstrip("#").rstrip(" ")
        if stripped.endswith("}") and (
            heading
            or SETEXT_RULE_RE.fullmatch(following)
            or DEFINITION_RE.match(following)
        ):
            brace = stripped.find(" {")
            while brace != -1 and not ATTR_LIST_START_RE.match(stripped, brace + 1):
                brace = stripped.find(" {", brace + 1)
            if brace != -1:
                yield index, brace + 1, False
        elif (
            BLOCK_ATTR_LIST_RE.fullmatch(line)
            and previous.strip()
            and (not following.strip() or LIST_ITEM_RE.match(following))
        ):
            yield index, line.index("{"), False
        last_brace = line.rfind("}")
        for match in INLINE_ATTR_LIST_RE.finditer(line, 0, max(last_brace, 0)):
            yield index, match.end(), True


def attr_list_attributes(line, start, scanned):
    """[(name, value or None)] that the attribute list at line[start] sets,
    besides classes (.c) and the id (#i), read as attr_list's scanner reads
    it. `scanned` holds the offsets of this line already read: lists that run
    into each other are read once."""
    opening = ATTR_LIST_START_RE.match(line, start)
    if opening is None:
        return []
    attributes = []
    pos = opening.end()
    while pos not in scanned:
        scanned.add(pos)
        token = ATTR_LIST_TOKEN_RE.match(line, pos)
        if token is None:
            break
        pos = token.end()
        key, word = token.group("key", "word")
        if key:
            value = next(v for v in token.group("dq", "sq", "bare") if v is not None)
            attributes.append((sanitize_name(key).lower(), value))
        elif word and word[0] not in ".#":
            attributes.append((sanitize_name(word).lower(), None))
    return attributes
