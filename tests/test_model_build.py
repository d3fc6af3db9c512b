"""What the content model reads, the build shows (the hostile build:
tests/hostile/content/ on top of the real content, checks on)."""

from bs4 import BeautifulSoup


def test_tab_continued_summary_is_read_whole(hostile):
    soup = hostile.soup("en/news/model-tab-summary/index.html")
    description = soup.find("meta", attrs={"name": "description"})["content"]
    assert description == (
        "The first half of the summary and the second half after a tab."
    )


def test_year_range_is_accepted_and_sorted_by_its_last_year(hostile):
    page = hostile.soup("en/library/model-year-range/index.html")
    assert "2019–2020" in page.get_text()
    library = BeautifulSoup(hostile.text("en/library/index.html"), "lxml")
    titles = [h.get_text(strip=True) for h in library.select(".document__title")]
    # Newest first: 2026's sample documents come before a study of 2019–2020.
    assert titles.index("A two-year study (model test)") > titles.index(
        "Glossary of key migration terms (sample)"
    )


def test_hidden_files_are_not_content(hostile):
    """make check skips hidden files and folders; so does the build
    (IGNORE_FILES), or it would publish what nobody checked."""
    assert not hostile.exists("en/news/category/newz/index.html")
    assert not hostile.exists("en/news/model-hidden/index.html")
    assert not hostile.exists("en/news/model-hidden-folder/index.html")


def test_an_invisible_summary_is_no_summary(hostile):
    """`Summary:` with only invisible characters is empty, as the check reads
    it: lists and meta tags take the first words of the text instead."""
    soup = hostile.soup("en/news/model-empty-summary/index.html")
    description = soup.find("meta", attrs={"name": "description"})["content"]
    assert description.startswith("The first words of this text")
