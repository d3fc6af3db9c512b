"""Python-Markdown's inline pass, without the calls that cannot match.

For every piece of text, Markdown's InlineProcessor tries each inline
pattern in turn: some 35 with `extra` and `smarty`, most of which find
nothing in a sentence of prose. Trying one costs a Python method call and a
regular-expression search; together they were two thirds of converting a
post. SkippingInlineProcessor asks the cheap question first: a pattern whose
expression needs one of a few characters (a backtick, `[`, `*`, a quote…)
is skipped when none of them is in the text, and one whose expression finds
nothing is skipped without the call. Skipping is exactly what the stock
processor does after failing to match, so the HTML is the same; tests
compare the two on the project's content and on every inline construct.

The override is of Markdown's private `__handleInline` (requirements.txt
pins Markdown; the build key holds its version, so an upgrade re-converts).
"""

import re

from markdown import inlinepatterns, treeprocessors, util

try:  # the parser `re` itself compiles from (CPython 3.11+)
    import re._parser as regex_parser
    from re._constants import (
        ATOMIC_GROUP,
        BRANCH,
        IN,
        LITERAL,
        MAX_REPEAT,
        MIN_REPEAT,
        POSSESSIVE_REPEAT,
        RANGE,
        SUBPATTERN,
    )
except ImportError:  # another Python: no triggers, every pattern is searched
    regex_parser = None

# A character class wider than this is no use as a trigger.
MAX_CLASS = 64


def required_characters(parsed):
    """A set of characters at least one of which is in every match of the
    parsed expression `parsed`, or None when there is no such small set.

    Every item of a sequence must match, so any item's set will do; the
    smallest is kept. Assertions, `.`, classes such as `\\w` and optional
    items give none."""
    best = None
    for op, arguments in parsed:
        found = None
        if op is LITERAL:
            found = {chr(arguments)}
        elif op is IN:
            found = set()
            for item, value in arguments:
                if item is LITERAL:
                    found.add(chr(value))
                elif item is RANGE and value[1] - value[0] < MAX_CLASS:
                    found.update(map(chr, range(value[0], value[1] + 1)))
                else:  # NEGATE, CATEGORY, a wide range
                    found = None
                    break
        elif op is BRANCH:
            found = set()
            for branch in arguments[1]:
                characters = required_characters(branch)
                if characters is None:
                    found = None
                    break
                found |= characters
        elif op is SUBPATTERN:
            _group, add_flags, _del_flags, inner = arguments
            if not add_flags & re.IGNORECASE:
                found = required_characters(inner)
        elif op in (MAX_REPEAT, MIN_REPEAT, POSSESSIVE_REPEAT) and arguments[0] >= 1:
            found = required_characters(arguments[2])
        elif op is ATOMIC_GROUP:
            found = required_characters(arguments)
        if found is not None and (best is None or len(found) < len(best)):
            best = found
    return best


_triggers = {}  # compiled expression -> its trigger characters, or None


def trigger(expression):
    """The characters (a string) one of which any match of the compiled
    `expression` contains, or None if that cannot be told."""
    if expression not in _triggers:
        found = None
        if regex_parser is not None and not expression.flags & re.IGNORECASE:
            try:
                found = required_characters(
                    regex_parser.parse(expression.pattern, expression.flags)
                )
            except Exception:  # noqa: BLE001 - no trigger: always searched
                found = None
        _triggers[expression] = None if found is None else "".join(sorted(found))
    return _triggers[expression]


def _has_any(characters, text):
    for character in characters:
        if character in text:
            return True
    return False


class SkippingInlineProcessor(treeprocessors.InlineProcessor):
    """InlineProcessor that calls only the patterns that can match."""

    def run(self, tree, ancestors=None):
        # (pattern, expression, trigger); old-style patterns are always called.
        self._patterns = []
        for pattern in self.inlinePatterns:
            if isinstance(pattern, inlinepatterns.InlineProcessor):
                expression = pattern.getCompiledRegExp()
                self._patterns.append((pattern, expression, trigger(expression)))
            else:
                self._patterns.append((pattern, None, None))
        return super().run(tree, ancestors)

    def _InlineProcessor__handleInline(self, data, patternIndex=0):  # noqa: N802, N803
        # The stock loop, plus the two early "no match" answers.
        if isinstance(data, util.AtomicString):
            return data
        patterns = self._patterns
        start = 0
        while patternIndex < len(patterns):
            pattern, expression, characters = patterns[patternIndex]
            if expression is not None and (
                (characters is not None and not _has_any(characters, data))
                or expression.search(data, start) is None
            ):
                matched, start = False, 0  # what __applyPattern returns then
            else:
                data, matched, start = self._InlineProcessor__applyPattern(
                    pattern, data, patternIndex, start
                )
            if not matched:
                patternIndex += 1
        return data


def skip_unmatched_patterns(md):
    """Make the inline passes of the Markdown instance `md` (the main one
    and smarty's) SkippingInlineProcessors, keeping their state."""
    for processor in md.treeprocessors:
        if type(processor) is treeprocessors.InlineProcessor:
            processor.__class__ = SkippingInlineProcessor
    return md
