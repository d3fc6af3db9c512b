"""What a check found: one problem with its file, line and a hint.

Shared by the content model (one file), the cross-file rules, the redirect
schema, the sanitiser's report and `make check`, so every message has the
same shape: `path:line: error|warning: message (hint: what to do)`.
"""

import os
from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    path: str  # absolute
    line: int
    severity: str
    message: str
    hint: str

    def format(self, root=None):
        path = os.path.relpath(self.path, root) if root else self.path
        return (
            f"{path}:{self.line}: {self.severity}: {self.message} (hint: {self.hint})"
        )
