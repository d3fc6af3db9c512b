"""The measures: their names, `measure` (REPEAT builds of each, in order:
clean, no_change, edit_one, add_one) and the edit of `edit_one`."""

from .text import TextMaker

MEASURES = ["clean", "no_change", "edit_one", "add_one"]
MEASURE_NAMES = {
    "clean": "clean build",
    "no_change": "no-change rebuild",
    "edit_one": "edit one post",
    "add_one": "add one post",
}


def append_paragraph(path, lang, rng, step):
    """Edit one post: append a paragraph to it."""
    with path.open("a", encoding="utf-8") as handle:
        handle.write(f"\n{TextMaker(rng, lang).paragraph(4)} ({step + 1})\n")


def measure(site, repeat, actions):
    """{measure: [sample, …]} for every measure, REPEAT samples each, in
    the order clean, no_change, edit_one, add_one."""
    samples = {m: [] for m in MEASURES}
    for _ in range(repeat):
        samples["clean"].append(site.build(clean=True))
    for _ in range(repeat):
        samples["no_change"].append(site.build(clean=False))
    for step in range(repeat):
        actions["edit_one"](step)
        samples["edit_one"].append(site.build(clean=False))
    for step in range(repeat):
        actions["add_one"](step)
        samples["add_one"].append(site.build(clean=False))
    return samples
