"""Writes awkward camera inputs, derived from one real photo, into a folder for the edge node's directory camera.

usage: make_bad_inputs.py <photo.jpg> <outdir>

Broken (must be quarantined): truncated.jpg, empty.jpg, text.jpg, huge.jpg (2000x2000, above a 1 MP limit).
Odd but valid (must be decided): alpha.png, gray.jpg, cmyk.jpg, exif6.jpg.
"""
import os
import sys

from PIL import Image

ORIENTATION = 0x0112


def main():
    photo, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    data = open(photo, "rb").read()
    upright = Image.open(photo).convert("RGB")

    open(os.path.join(out, "truncated.jpg"), "wb").write(data[: len(data) * 6 // 10])
    open(os.path.join(out, "empty.jpg"), "wb").close()
    with open(os.path.join(out, "text.jpg"), "w") as f:
        f.write("camera log line, definitely not a JPEG\n" * 40)
    upright.resize((2000, 2000)).save(os.path.join(out, "huge.jpg"), "JPEG", quality=85)

    rgba = upright.convert("RGBA")
    alpha = Image.new("L", upright.size, 255)
    alpha.paste(96, (upright.width // 2, 0, upright.width, upright.height))
    rgba.putalpha(alpha)
    rgba.save(os.path.join(out, "alpha.png"))
    upright.convert("L").save(os.path.join(out, "gray.jpg"), "JPEG", quality=92)
    upright.convert("CMYK").save(os.path.join(out, "cmyk.jpg"), "JPEG", quality=92)
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    upright.transpose(Image.Transpose.ROTATE_90).save(os.path.join(out, "exif6.jpg"), "JPEG", quality=92, exif=exif.tobytes())


if __name__ == "__main__":
    main()
