"""Take the screenshots of docs/editing-in-the-browser.md from the real editor.

    .venv/bin/python tools/cms_screenshots.py [--out docs/screenshots]

It runs the editor on a copy of the project in a temporary folder, as
`make edit` does (tools/cms_session.py), and walks through writing a post in
Chromium. Nothing in this working copy changes but the PNG files it writes.
"""

import argparse
import os
import tempfile
from pathlib import Path

from cms_session import ROOT, EditingSession, add_photo, choose, pane, sign_in

PHOTO = ROOT / "tests" / "fixtures" / "cms" / "training-room.png"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def walk_through(page, site_url, out):
    sign_in(page, site_url)
    page.screenshot(path=out / "cms-collections.png")

    page.goto(f"{site_url}/admin/#/collections/posts/new")
    english, russian = pane(page, "EN"), pane(page, "RU")
    english.get_by_label("Title", exact=True).fill(
        "Study visit from the migration service of Moldova"
    )
    english.get_by_role("button", name="Now").first.click()
    choose(page, english, "Category", "news")
    english.get_by_label("Tags (optional)").fill("study visit, Moldova")
    english.get_by_label("Summary (optional)").fill(
        "Five officials of the General Inspectorate for Migration of Moldova spent two "
        "days at the centre."
    )
    russian.get_by_label("Title", exact=True).fill(
        "Учебный визит сотрудников миграционной службы Молдовы"
    )
    russian.get_by_label("Summary (optional)").fill(
        "Пять сотрудников Генерального инспектората по миграции Молдовы провели два "
        "дня в Центре."
    )
    page.screenshot(path=out / "cms-new-post.png")

    english.locator("[contenteditable=true]").click()
    page.keyboard.type(
        "The visitors met the centre's trainers and saw how a course is run."
    )
    page.keyboard.press("Enter")
    add_photo(
        page,
        english,
        PHOTO,
        "The visitors with two of the centre's trainers",
        before_choosing=lambda p: p.screenshot(path=out / "cms-photo-upload.png"),
    )
    english.get_by_label("Alt Text").scroll_into_view_if_needed()
    page.screenshot(path=out / "cms-photo-alt.png")

    english.get_by_text("Writing in EN", exact=True).click()
    page.screenshot(path=out / "cms-languages.png")
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Publish").first.click()
    page.screenshot(path=out / "cms-publish.png")
    page.keyboard.press("Escape")

    page.get_by_title("Toggle i18n").click()
    if not page.locator("iframe").count():
        page.get_by_title("Toggle preview").click()
    page.locator("iframe").first.wait_for()
    page.wait_for_timeout(1500)
    page.screenshot(path=out / "cms-preview.png")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    with (
        tempfile.TemporaryDirectory() as tmp,
        EditingSession(Path(tmp) / "project") as session,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(
            executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
            args=CHROMIUM_ARGS,
        )
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        walk_through(page, session.site_url, out)
        browser.close()
    print(f"screenshots written to {out}")


if __name__ == "__main__":
    main()
