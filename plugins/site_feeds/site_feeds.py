"""A writer whose feeds hold only the language site's own articles.

Fallback copies (another language's text shown at this site's address) stay
out of the feed, and the feed declares its language (xml:lang).

Titles are plain text on this site. Pelican's writer reads them as HTML and
strips tags from them (`Markup(title).striptags()`), which cuts
"Children <18 and adults >65" short; this writer gives feedgenerator the
text itself, and feedgenerator's XML writer escapes it.
"""

from feedgenerator import Atom1Feed, Rss201rev2Feed
from pelican import signals
from pelican.writers import Writer


class LanguageFeedWriter(Writer):
    def _create_new_feed(self, feed_type, feed_title, context):
        feed_class = Rss201rev2Feed if feed_type == "rss" else Atom1Feed
        title = context["SITENAME"]
        if feed_title:
            title = title + " - " + feed_title
        return feed_class(
            title=title,
            link=self.site_url + "/",
            feed_url=self.feed_url,
            description=context.get("SITESUBTITLE", ""),
            subtitle=context.get("SITESUBTITLE", None),
            language=context["DEFAULT_LANG"],
        )

    def _add_item_to_the_feed(self, feed, item):
        super()._add_item_to_the_feed(feed, item)
        # The item Pelican just added has the tag-stripped title.
        feed.items[-1]["title"] = str(item.title)

    def write_feed(self, elements, context, *args, **kwargs):
        own = [e for e in elements if not getattr(e, "is_fallback", False)]
        return super().write_feed(own, context, *args, **kwargs)


def _get_writer(pelican):
    return LanguageFeedWriter


def register():
    signals.get_writer.connect(_get_writer)
