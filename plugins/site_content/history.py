"""Whether the content has a git history to read.

The translation status (site_status: when each version last changed) and
the build's fingerprints (site_speed: the checked-out commit) read git,
but only inside a work tree; a copy of the project without `.git` (a
release tarball, a CI artefact) builds the same site without them.
"""

import os


def in_git_work_tree(folder):
    """Whether `folder` is inside a git work tree (has a .git above it)."""
    path = os.path.abspath(folder)
    while not os.path.exists(os.path.join(path, ".git")):
        if os.path.dirname(path) == path:
            return False
        path = os.path.dirname(path)
    return True
