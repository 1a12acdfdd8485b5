"""Derives awkward inputs from one real photo for the decoder tests.

usage: python3 make_images.py <photo.jpg> <large-photo.jpg> <outdir>
"""
import os
import sys

from PIL import Image

ORIENTATION = 0x0112


def save_with_orientation(image, path, orientation):
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    image.save(path, "JPEG", quality=95, exif=exif.tobytes())


def main():
    photo, large, out = sys.argv[1], sys.argv[2], sys.argv[3]
    os.makedirs(out, exist_ok=True)
    data = open(photo, "rb").read()
    upright = Image.open(photo).convert("RGB")

    open(os.path.join(out, "empty.jpg"), "wb").close()
    open(os.path.join(out, "text.jpg"), "w").write("this is a text file, not a photo\n" * 20)
    open(os.path.join(out, "truncated.jpg"), "wb").write(data[: len(data) * 6 // 10])
    open(os.path.join(out, "header_only.jpg"), "wb").write(data[:40])

    upright.save(os.path.join(out, "upright.jpg"), "JPEG", quality=95)
    upright.convert("L").save(os.path.join(out, "gray.jpg"), "JPEG", quality=95)
    upright.convert("CMYK").save(os.path.join(out, "cmyk.jpg"), "JPEG", quality=95)

    # Left half opaque, right half fully transparent: transparent pixels must come out black.
    rgba = upright.convert("RGBA")
    alpha = Image.new("L", upright.size, 255)
    alpha.paste(0, (upright.width // 2, 0, upright.width, upright.height))
    rgba.putalpha(alpha)
    rgba.save(os.path.join(out, "alpha.png"))

    # EXIF 6: the viewer rotates the stored pixels 90 deg clockwise, so store them rotated counter-clockwise.
    save_with_orientation(upright.transpose(Image.Transpose.ROTATE_90), os.path.join(out, "exif6.jpg"), 6)
    # EXIF 8: the viewer rotates 90 deg counter-clockwise, so store them rotated clockwise.
    save_with_orientation(upright.transpose(Image.Transpose.ROTATE_270), os.path.join(out, "exif8.jpg"), 8)
    # EXIF 3: upside down.
    save_with_orientation(upright.transpose(Image.Transpose.ROTATE_180), os.path.join(out, "exif3.jpg"), 3)

    big = Image.open(large).convert("RGB")
    big.resize((2000, 2000)).save(os.path.join(out, "2000x2000.jpg"), "JPEG", quality=90)
    hd = big.resize((1920, 1080))
    hd.save(os.path.join(out, "1080p.jpg"), "JPEG", quality=90)
    hd.save(os.path.join(out, "1080p.png"))
    print("images written to", out)


if __name__ == "__main__":
    main()
