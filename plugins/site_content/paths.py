"""Output confinement: no input decides where a file goes outside output/.

Pelican's own writer refuses paths outside a language folder; the plugins
that write files themselves (calendars, redirects) build the path from
content values and resolve it here before writing.
"""

import os


class OutsideOutput(ValueError):
    """A path built from content would leave the output folder."""


def confined(root, relative):
    """The absolute path of `relative` under `root`, resolved (symbolic links
    and '..' included); raises OutsideOutput if it is not inside `root`."""
    base = os.path.realpath(root)
    path = os.path.realpath(os.path.join(base, relative))
    if os.path.commonpath([base, path]) != base or path == base:
        raise OutsideOutput(f"{relative!r} would be written outside {base}")
    return path
