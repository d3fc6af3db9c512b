"""What `make check` says about the sanitiser: each element, attribute and
address of a body that the allow-list in sanitize.py will drop, with its
line and a hint in plain words.

The check reads the Markdown source (code blanked by markdown_syntax), not
the HTML, to name the line. Each step is one left-to-right pass, so a 1 MB
file of unclosed tags is read in well under a second. It reads the policy's
own constants, so the warning and the cleaning cannot disagree about what
is allowed.
"""

import bisect
import re

from .markdown_syntax import attr_list_attributes, attr_list_places, blank_code
from .sanitize import (
    ALLOWED_TAGS,
    ATTRIBUTES,
    GENERIC_ATTRIBUTES,
    REMOVED_WITH_CONTENT,
    URL_ATTRIBUTES,
    URL_SCHEMES,
    allowed_attributes,
    url_scheme,
)

# A "<" that can start markup; a bare tag (<p>, </em>) is read at once.
MARKUP_START_RE = re.compile(
    r"<(?:(?P<comment>!--)|(?P<closing>/)?"
    r"(?:(?P<bare>[A-Za-z][A-Za-z0-9]*+>)|(?=[A-Za-z])))"
)
# Python-Markdown's autolinks (<https://…>, <a@b.c>) are links, not tags.
AUTOLINK_RE = re.compile(
    r"<(?:(?:[Ff]|[Hh][Tt])[Tt][Pp][Ss]?://[^<>]*+|[^<> !]+@[^@<> ]++)>"
)
# A tag as a browser reads it, one attribute at a time; quoted values may
# hold "<" and ">". A tag with no ">" is text.
TAG_START_RE = re.compile(r"<(?P<closing>/?)(?P<name>[A-Za-z][^\s/>]*+)")
TAG_STEP_RE = re.compile(
    r"""[\s/]*+(?:(?P<end>>)|(?P<name>[^\s/>="'][^\s/>=]*+)
    (?:\s*+=\s*+(?:"(?P<dq>[^"]*+)"|'(?P<sq>[^']*+)'|(?P<bare>[^\s>"'][^\s>]*+)))?+)
    """,
    re.VERBOSE,
)
# An inline attribute list follows a link or an image as often as emphasis.
INLINE_TAGS = ("a", "img")

HINTS = {
    "script": "delete it; pages cannot run scripts",
    "style": "delete it; the look of the pages comes from the theme",
    "embed": "delete it; ask a developer if the page needs an embedded map or video",
    "form": "delete it and link to the form instead; ask a developer if the "
    "page needs a form",
}
HINT_GROUPS = {
    "script": "script",
    "noscript": "script",
    "template": "script",
    "style": "style",
    "link": "style",
    "iframe": "embed",
    "object": "embed",
    "embed": "embed",
    "applet": "embed",
    "frame": "embed",
    "frameset": "embed",
    "form": "form",
    "input": "form",
    "button": "form",
    "select": "form",
    "textarea": "form",
    "label": "form",
}


def _element_problem(name):
    whole = name in REMOVED_WITH_CONTENT
    message = f"the HTML element <{name}> is not allowed and will be removed" + (
        " with everything inside it" if whole else ""
    )
    hint = HINTS.get(
        HINT_GROUPS.get(name),
        "delete it"
        + ("" if whole else "; the text inside it stays, without the element"),
    )
    return message, hint


def _attribute_problem(name, where):
    message = f"the attribute '{name}' {where} is not allowed and will be removed"
    if name.startswith("on"):
        return message, "delete it; pages cannot run scripts"
    if name == "style":
        return message, (
            "delete it; the look comes from the theme (tables "
            "align with ':---:' in Markdown)"
        )
    return message, "delete it"


def _address_problem(value):
    scheme = url_scheme(value)
    if scheme is None or scheme in URL_SCHEMES:
        return None
    return (
        f"the address '{scheme}:…' is not allowed and will be removed",
        (
            "link to a page (https://…), an e-mail address (mailto:…) or a "
            "phone number (tel:…), or to a file with {static}"
        ),
    )


def _check_attributes(attributes, allowed, where):
    """Problems of (name, value) pairs on an element that allows `allowed`."""
    problems = []
    for name, value in attributes:
        if name not in allowed:
            problems.append(_attribute_problem(name, where))
        elif name in URL_ATTRIBUTES and value is not None:
            problem = _address_problem(value)
            if problem:
                problems.append(problem)
    return problems


def _read_tag(text, at, visited):
    """(end, closing, name, [(attribute, value)]) of the tag at text[at], or
    None. `visited` marks where earlier tags' attributes started: a tag read
    from there on goes as the earlier one went, which failed (one that ended
    is skipped whole), so each attribute is read once however many "<" a
    long unclosed tag holds."""
    start = TAG_START_RE.match(text, at)
    if start is None:
        return None
    attributes = []
    pos = start.end()
    while not visited[pos]:
        visited[pos] = True
        step = TAG_STEP_RE.match(text, pos)
        if step is None:
            return None
        pos = step.end()
        if step["end"]:
            return pos, start["closing"], start["name"].lower(), attributes
        name, double, single, bare = step.group("name", "dq", "sq", "bare")
        attributes.append(
            (
                name.lower(),
                double
                if double is not None
                else single
                if single is not None
                else bare,
            )
        )
    return None


def _html_problems(text):
    """(offset, message, hint) of raw HTML that clean() drops."""
    found = []
    pos = 0
    visited = bytearray(len(text) + 1)
    no_close = set()  # what has no closing anywhere after here: no search again
    while True:
        start = MARKUP_START_RE.search(text, pos)
        if start is None:
            return found
        at = start.start()
        if start["comment"]:
            end = -1 if "-->" in no_close else text.find("-->", at + 4)
            if end == -1:
                no_close.add("-->")
                pos = at + 4
            else:
                pos = end + 3  # a comment is removed, with its tags
            continue
        if start["bare"]:  # <p>, </p>: the common case, read at once
            pos, closing, name, attributes = (
                start.end(),
                start["closing"],
                start["bare"][:-1].lower(),
                [],
            )
        else:
            tag = _read_tag(text, at, visited)
            autolink = (
                tag and (":" in tag[2] or "@" in tag[2]) and AUTOLINK_RE.match(text, at)
            )
            if tag is None or autolink:
                pos = autolink.end() if autolink else at + 1
                continue
            pos, closing, name, attributes = tag
        if closing:
            continue
        if name not in ALLOWED_TAGS:
            found.append((at, *_element_problem(name)))
            if name in REMOVED_WITH_CONTENT and name not in no_close:
                closing = re.compile(rf"</{re.escape(name)}[\s/>]", re.IGNORECASE)
                end = closing.search(text, pos)
                if end is None:
                    no_close.add(name)
                else:
                    pos = end.start()
        elif attributes:
            found += [
                (at, *problem)
                for problem in _check_attributes(
                    attributes, allowed_attributes(name), f"on <{name}>"
                )
            ]


def report_dropped(body, first_line):
    """[(line, message, hint)] of each element, attribute and address in the
    Markdown `body` that clean() will drop, in file order; `body` is the text
    after the front matter and `first_line` the file's number of its first
    line. Code blocks and code spans are skipped (see blank_code)."""
    if "<" not in body and "{" not in body:
        return []  # no HTML and no attribute list: nothing to drop
    text = blank_code(body)
    newlines = [m.start() for m in re.finditer("\n", text)]
    problems = [
        (first_line + bisect.bisect_left(newlines, offset), message, hint)
        for offset, message, hint in _html_problems(text)
    ]
    lines = text.split("\n")
    inline = GENERIC_ATTRIBUTES.union(*(ATTRIBUTES[tag] for tag in INLINE_TAGS))
    scanned = {}  # line index -> offsets read
    for index, brace, after_inline in attr_list_places(lines):
        attributes = attr_list_attributes(
            lines[index], brace, scanned.setdefault(index, set())
        )
        problems += [
            (first_line + index, *problem)
            for problem in _check_attributes(
                attributes,
                inline if after_inline else GENERIC_ATTRIBUTES,
                "in the attribute list",
            )
        ]
    return sorted(problems, key=lambda problem: problem[0])
