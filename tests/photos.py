"""Images the tests make themselves (nothing here is a real photograph).

`write_fixture_photos(folder)` writes the photos that the test content in
tests/fixtures/content/ shows:

- `gps-rotated.jpg`: a camera JPEG with GPS position, camera make, model and
  serial number, XMP, a comment and an orientation tag (6: the pixels are
  stored on their side, 900×1200; shown upright it is 1200×900, with its
  red corner top left);
- `transparent.png`: a diagram with a transparent background;
- `large.jpg`: a 4000×3000 photo of about 4 MB (with EXIF);
- `tiny.png`: a 48×32 ornament.
"""

import io

from PIL import Image, ImageDraw

GPS_IFD = 0x8825
ORIENTATION = 0x0112
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/'
    b'1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/'
    b'exif/1.0/" exif:GPSLatitude="40,22.5N"/></rdf:RDF></x:xmpmeta>'
)
# What must never reach a published file.
SECRETS = (b"Test camera", b"SN-4711-0815", b"GPSLatitude", b"Secret comment")


def camera_exif(orientation=1):
    exif = Image.Exif()
    exif[0x010F] = "Test camera"  # Make
    exif[0x0110] = "Model 7"
    exif[ORIENTATION] = orientation
    exif.get_ifd(0x8769)[0xA431] = "SN-4711-0815"  # BodySerialNumber
    exif.get_ifd(GPS_IFD).update(
        {1: "N", 2: (40.0, 22.0, 30.0), 3: "E", 4: (49.0, 50.0, 10.0)}
    )
    return exif


def scene(width, height, seed=0):
    """A picture with a gradient, shapes and grain, which compresses like a
    photograph; its top-left corner is red, to check orientation."""
    base = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    image = Image.blend(base, Image.new("RGB", (width, height), (40, 110, 170)), 0.5)
    draw = ImageDraw.Draw(image)
    for k in range(8):
        x = (seed * 97 + k * 211) % width
        y = (seed * 53 + k * 157) % height
        draw.ellipse(
            (x, y, x + width // 5, y + height // 6),
            fill=((k * 60) % 256, (k * 110) % 256, (k * 170) % 256),
        )
    draw.rectangle((0, 0, width // 10, height // 10), fill=(220, 20, 20))
    grain = Image.effect_noise((width, height), 30).convert("RGB")
    return Image.blend(image, grain, 0.12)


def jpeg(image, **extra):
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90, **extra)
    return buffer.getvalue()


def png(image):
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def gps_rotated():
    # Stored 1200×900; orientation 6 means "rotate 90° clockwise to show".
    stored = scene(1200, 900, seed=1).transpose(Image.Transpose.ROTATE_90)
    return jpeg(
        stored, exif=camera_exif(orientation=6), xmp=XMP, comment=b"Secret comment"
    )


def transparent():
    image = Image.new("RGBA", (800, 600), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((60, 60, 740, 540), radius=40, fill=(11, 61, 107, 255))
    draw.ellipse((300, 200, 500, 400), fill=(255, 191, 71, 200))
    return png(image)


def large():
    return jpeg(scene(4000, 3000, seed=2), exif=camera_exif())


def tiny():
    return png(scene(48, 32, seed=3))


FIXTURE_PHOTOS = {
    "gps-rotated.jpg": gps_rotated,
    "transparent.png": transparent,
    "large.jpg": large,
    "tiny.png": tiny,
}


def write_fixture_photos(folder):
    folder.mkdir(parents=True, exist_ok=True)
    for name, make in FIXTURE_PHOTOS.items():
        (folder / name).write_bytes(make())
