"""Production settings: pelicanconf.py plus the deployment delta.

The site's root URL comes from the SITEURL environment variable, which
`make publish` sets: to SITEURL when it is given to make, else to
PUBLISH_SITEURL (default https://rtcm.az).
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *  # noqa: E402, F403

DRAFT_SAVE_AS = ""
DRAFT_URL = ""
DRAFT_PAGE_SAVE_AS = ""
DRAFT_PAGE_URL = ""

# Minify HTML/CSS/JS, fingerprint theme files (site.<hash>.css) and write
# .gz/.br twins of every text file (plugins/site_assets).
SITE_ASSETS = {"minify": True, "fingerprint": True, "precompress": True}

# The published editor talks to the git host only: no local proxy.
SITE_CMS = {**SITE_CMS, "local_backend": None}  # noqa: F405
