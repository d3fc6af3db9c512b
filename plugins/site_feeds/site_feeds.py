"""A writer whose feeds hold only the language site's own articles.

Fallback copies (another language's text shown at this site's address) stay
out of the feed, and the feed declares its language (xml:lang).
"""

from feedgenerator import Atom1Feed, Rss201rev2Feed
from markupsafe import Markup
from pelican import signals
from pelican.writers import Writer


class LanguageFeedWriter(Writer):
    def _create_new_feed(self, feed_type, feed_title, context):
        feed_class = Rss201rev2Feed if feed_type == "rss" else Atom1Feed
        title = context["SITENAME"]
        if feed_title:
            title = title + " - " + feed_title
        return feed_class(
            title=Markup(title).striptags(),
            link=self.site_url + "/",
            feed_url=self.feed_url,
            description=context.get("SITESUBTITLE", ""),
            subtitle=context.get("SITESUBTITLE", None),
            language=context["DEFAULT_LANG"],
        )

    def write_feed(self, elements, context, *args, **kwargs):
        own = [e for e in elements if not getattr(e, "is_fallback", False)]
        return super().write_feed(own, context, *args, **kwargs)


def _get_writer(pelican):
    return LanguageFeedWriter


def register():
    signals.get_writer.connect(_get_writer)
