#!/usr/bin/env python3
"""Writes the committed Fashion-MNIST test fixture from the Debian package.

Each of the package's four IDX files is cut to its first N records (images or labels); the header
keeps the magic number and record shape and gives N as the count. The output is gzipped without a
timestamp, so running this again on the same package gives byte-identical files.

    python3 datasets/tools/fashion_mnist_fixture.py \
        [--from /usr/share/datasets/fashion-mnist] \
        [--to datasets/src/test/resources/fashion-mnist-fixture] [--records 1000]
"""
import argparse
import gzip
import math
import pathlib
import struct

FILES = [
    "train-images-idx3-ubyte.gz",
    "train-labels-idx1-ubyte.gz",
    "t10k-images-idx3-ubyte.gz",
    "t10k-labels-idx1-ubyte.gz",
]


def first_records(idx: bytes, n: int) -> bytes:
    zero, dtype, ndims = struct.unpack(">HBB", idx[:4])
    if zero != 0 or dtype != 0x08:
        raise ValueError("not an unsigned-byte IDX file")
    dims = struct.unpack(">" + "I" * ndims, idx[4 : 4 + 4 * ndims])
    if n > dims[0]:
        raise ValueError(f"asked for {n} records, the file has {dims[0]}")
    header = 4 + 4 * ndims
    record = math.prod(dims[1:])
    return idx[:4] + struct.pack(">" + "I" * ndims, n, *dims[1:]) + idx[header : header + n * record]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="src", default="/usr/share/datasets/fashion-mnist")
    parser.add_argument("--to", default="datasets/src/test/resources/fashion-mnist-fixture")
    parser.add_argument("--records", type=int, default=1000)
    args = parser.parse_args()
    out = pathlib.Path(args.to)
    out.mkdir(parents=True, exist_ok=True)
    for name in FILES:
        cut = first_records(gzip.decompress((pathlib.Path(args.src) / name).read_bytes()), args.records)
        with open(out / name, "wb") as f, gzip.GzipFile("", "wb", 9, f, mtime=0) as gz:
            gz.write(cut)
        print(f"{out / name}: {args.records} records, {(out / name).stat().st_size} bytes")


if __name__ == "__main__":
    main()
