"""`make bench` keeps working: a small run of tools/bench.py (N=5, REPEAT=1)
writes every measure with positive numbers, and the generated site and its
single-language reference really built. No timing is asserted."""

import json
import random
import struct
import subprocess
import sys
import zlib

import pytest

from conftest import LANGS, ROOT

sys.path.insert(0, str(ROOT / "tools"))
from benchmark.content import PHOTO_SIZE, plan_groups, png  # noqa: E402
from benchmark.measures import MEASURE_NAMES  # noqa: E402
from benchmark.text import TextMaker  # noqa: E402

MEASURES = ["clean", "no_change", "edit_one", "add_one"]
FIGURES = [
    "median_seconds",
    "median_cpu_seconds",
    "peak_rss_mb",
    "output_files",
    "output_bytes",
]


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("bench")
    result_file = workdir / "result.json"
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "tools" / "bench.py"),
            "-n",
            "5",
            "--repeat",
            "1",
            "--photos",
            "2",
            "--output",
            str(result_file),
            "--workdir",
            str(workdir),
            "--keep",
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=workdir,
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-5000:]
    (project,) = workdir.glob("rtcm-bench-*/site")
    return json.loads(result_file.read_text(encoding="utf-8")), project, result.stdout


def test_every_measure_has_positive_numbers(run):
    report, _project, _stdout = run
    assert report["parameters"]["n"] == 5 and report["parameters"]["repeat"] == 1
    for section in ("measures", "reference"):
        assert set(report[section]) == set(MEASURES), section
        for name, measure in report[section].items():
            assert len(measure["samples"]) == 1, (section, name)
            for figure in FIGURES:
                assert measure[figure] > 0, (section, name, figure)
            assert measure["ratio"] > 0, (section, name)
    assert report["reference"]["clean"]["ratio"] == 1
    assert report["measures"]["clean"]["cpu_ratio"] > 0
    assert report["machine"]["nproc"] >= 1
    assert report["machine"]["pelican"]


def test_the_table_names_every_measure(run):
    _report, _project, stdout = run
    for label in MEASURE_NAMES.values():
        assert f"trilingual {label}" in stdout and f"reference {label}" in stdout


def test_every_generated_post_was_built_in_both_sites(run):
    report, project, _stdout = run
    posts = sorted((project / "content" / "posts").glob("bench-*.md"))
    # N groups, three languages less the missing ones, plus REPEAT added groups.
    assert len(posts) == report["generated"]["files"] + 3
    for post in posts:
        slug, lang = post.name.split(".")[:2]
        assert (project / "output" / lang / "news" / slug / "index.html").is_file(), (
            post
        )
        assert (
            project / "reference-output" / "news" / f"{slug}-{lang}" / "index.html"
        ).is_file(), post
    # Every language site shows every group, translated or as a fallback.
    groups = {post.name.split(".")[0] for post in posts}
    for lang in LANGS:
        for slug in groups:
            assert (project / "output" / lang / "news" / slug / "index.html").is_file()


def test_generated_text_is_deterministic_and_in_its_alphabet():
    first = plan_groups(random.Random(7), 20)
    again = plan_groups(random.Random(7), 20)
    assert first == again
    assert any(
        len(versions) < 3 for versions in plan_groups(random.Random(7), 200).values()
    )
    russian = TextMaker(random.Random(1), "ru").paragraph(5)
    assert sum("а" <= c.lower() <= "я" for c in russian) > len(russian) / 2
    azerbaijani = TextMaker(random.Random(1), "az").paragraph(20)
    assert set("əğıöüçş") <= set(azerbaijani.lower())


def test_images_are_valid_png():
    data = png(12, 8, (10, 20, 30))
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    length, kind = struct.unpack(">I4s", data[8:16])
    assert kind == b"IHDR" and struct.unpack(">II", data[16:24]) == (12, 8)
    idat = data.index(b"IDAT")
    size = struct.unpack(">I", data[idat - 4 : idat])[0]
    assert len(zlib.decompress(data[idat + 4 : idat + 4 + size])) == 8 * (1 + 12 * 3)


def test_the_photo_case_publishes_processed_photos(run):
    """--photos: camera-sized JPEGs with GPS EXIF in the first groups' posts,
    published as variants by the image pipeline."""
    report, project, _stdout = run
    assert report["generated"]["photos"] == 2
    from PIL import Image

    for k in range(2):
        source = project / "content" / "media" / "bench" / f"photo-{k:03d}.jpg"
        with Image.open(source) as photo:
            assert photo.size == PHOTO_SIZE and photo.getexif().get_ifd(0x8825)
        variants = list(
            (project / "output" / "images").glob(f"photo-{k:03d}-*-360.avif")
        )
        assert len(variants) == 1, variants
