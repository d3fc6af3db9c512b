from .site_cms import register  # noqa: F401
