"""The content model: kinds of content files, their fields, and one parse.

Settings: none (the model is data in model.py; enums may name settings such
as SITE_CATEGORIES). Signals: content_object_init (typed values for the build).
"""

from .site_content import register

__all__ = ["register"]
