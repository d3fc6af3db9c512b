"""No output file links to a missing file or anchor."""

from urllib.parse import unquote, urlsplit


def test_internal_links_resolve(site):
    broken = []
    for path in site.html_files():
        soup = site.soup(path)
        for tag in soup.find_all(["a", "link", "script", "img", "source"]):
            url = tag.get("href") or tag.get("src")
            if not url or url.startswith(("mailto:", "tel:")):
                continue
            if url.startswith("#"):
                if url != "#" and not soup.find(id=url[1:]):
                    broken.append((path, url))
                continue
            target = site.url_to_file(url)
            if target is None:
                continue
            target = unquote(target)
            if not site.exists(target):
                broken.append((path, url))
                continue
            fragment = urlsplit(url).fragment
            if fragment and target.endswith(".html"):
                if not site.soup(target).find(id=fragment):
                    broken.append((path, url))
    assert not broken, broken


def test_no_unresolved_pelican_placeholders(site):
    for path in site.html_files():
        text = site.text(path)
        assert "{filename}" not in text and "{static}" not in text, path
