#!/usr/bin/python3
"""Writes the PIL reference outputs the augment tests compare against.

Run by hand after changing an op's definition (needs Debian's python3-pil and dataset-fashion-mnist):
    /usr/bin/python3 augment/tools/pil_reference.py augment/src/test/resources/pil/reference.bin
Inputs are real Fashion-MNIST test images: grey ones as they are, RGB ones made of three images as
the three channels. Format per case: op (UTF-8, length-prefixed), magnitude (float64), channels,
height, width (int32), input bytes, output bytes; big-endian, preceded by the case count.
"""
import gzip
import struct
import sys

from PIL import Image, ImageEnhance, ImageOps

DATA = "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz"


def fashion_images(n):
    with gzip.open(DATA, "rb") as f:
        f.read(16)
        return [f.read(784) for _ in range(n)]


def solarize_add(img, addition):
    lut = [min(255, max(0, i + int(addition))) if i < 128 else i for i in range(256)]
    return img.point(lut * len(img.getbands()))


OPS = {
    "Invert": lambda img, m: ImageOps.invert(img),
    "Posterize": lambda img, m: ImageOps.posterize(img, int(m)),
    "Solarize": lambda img, m: ImageOps.solarize(img, int(m)),
    "SolarizeAdd": solarize_add,
    "Flip": lambda img, m: img.transpose(Image.FLIP_LEFT_RIGHT),
    "AutoContrast": lambda img, m: ImageOps.autocontrast(img),
    "Equalize": lambda img, m: ImageOps.equalize(img),
    "Brightness": lambda img, m: ImageEnhance.Brightness(img).enhance(m),
    "Contrast": lambda img, m: ImageEnhance.Contrast(img).enhance(m),
    "Color": lambda img, m: ImageEnhance.Color(img).enhance(m),
    "Sharpness": lambda img, m: ImageEnhance.Sharpness(img).enhance(m),
    "ShearX": lambda img, m: img.transform(img.size, Image.AFFINE, (1, m, 0, 0, 1, 0), Image.NEAREST, fillcolor=fill(img)),
    "ShearY": lambda img, m: img.transform(img.size, Image.AFFINE, (1, 0, 0, m, 1, 0), Image.NEAREST, fillcolor=fill(img)),
    "TranslateX": lambda img, m: img.transform(img.size, Image.AFFINE, (1, 0, m, 0, 1, 0), Image.NEAREST, fillcolor=fill(img)),
    "TranslateY": lambda img, m: img.transform(img.size, Image.AFFINE, (1, 0, 0, 0, 1, m), Image.NEAREST, fillcolor=fill(img)),
    "Rotate": lambda img, m: img.rotate(m, resample=Image.NEAREST, fillcolor=fill(img)),
}


def fill(img):
    return 0 if img.mode == "L" else (0, 0, 0)

MAGNITUDES = {
    "Invert": [0],
    "Posterize": [1, 2, 4, 6],
    "Solarize": [0, 64, 128, 200],
    "SolarizeAdd": [30, 110],
    "Flip": [0],
    "AutoContrast": [0],
    "Equalize": [0],
    "Brightness": [0.1, 0.5, 1.37, 1.9],
    "Contrast": [0.1, 0.5, 1.37, 1.9],
    "Color": [0.1, 0.5, 1.37, 1.9],
    "Sharpness": [0.1, 0.5, 1.37, 1.9],
    "ShearX": [-0.3, 0.1, 0.3],
    "ShearY": [-0.3, 0.1, 0.3],
    "TranslateX": [-10, 3, 12.5],
    "TranslateY": [-10, 3, 12.5],
    "Rotate": [-30, 15, 90, 7.5],
}


def main(out_path):
    raw = fashion_images(6)
    # Low-contrast versions too, so AutoContrast and Equalize have work to do.
    grey = [Image.frombytes("L", (28, 28), raw[0]), Image.frombytes("L", (28, 28), raw[1]).point(lambda v: 40 + v // 3)]
    rgb = [Image.merge("RGB", [Image.frombytes("L", (28, 28), raw[i]) for i in (2, 3, 4)]),
           Image.merge("RGB", [Image.frombytes("L", (28, 28), raw[i]).point(lambda v: 60 + v // 4) for i in (3, 4, 5)])]
    cases = []
    for name, op in OPS.items():
        for m in MAGNITUDES[name]:
            for img in grey + rgb:
                cases.append((name, float(m), img, op(img, m)))
    with open(out_path, "wb") as f:
        f.write(struct.pack(">i", len(cases)))
        for name, m, src, dst in cases:
            encoded = name.encode("utf-8")
            channels = len(src.getbands())
            f.write(struct.pack(">H", len(encoded)) + encoded)
            f.write(struct.pack(">diii", m, channels, src.size[1], src.size[0]))
            f.write(src.tobytes())
            f.write(dst.tobytes())
    print(f"wrote {len(cases)} cases to {out_path}")


if __name__ == "__main__":
    main(sys.argv[1])
