"""The ResNet-8 of `advstream bench trainer` in PyTorch: the reference it measures itself against.

The same network (input normalization, a 3x3 stem of 16 channels, one basic block per stage at 16,
32 and 64 channels with 1x1 projection shortcuts, global average pooling, a linear classifier), the
same batch and thread count, SGD with Nesterov momentum 0.9, weight decay 5e-4 and learning rate
0.05, on the same Fashion-MNIST images. Batch norm keeps one set of statistics and affine
parameters per domain; a batch of several domains runs through the shared layers as one and is
split at each batch norm (as timm's SplitBatchNorm2d does).

Steps:
  vanilla  one forward, backward and update on the clean batch (main BN)
  advprop  PGD-1 (L-inf, eps = step = 4/255, random start, untargeted on the true label) through
           the auxiliary BN with the attacked batch's statistics, running statistics untouched;
           then one forward, backward and update on clean (main BN) plus adversarial (auxiliary
           BN), the loss the sum of both means

Protocol: prints "ready <torch version> <threads>" once set up, then reads one step name per line
from stdin and answers "ok" when the step is done; "quit" ends it.
"""
import argparse
import gzip
import struct
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

EPS = 4 / 255
STEP = 4 / 255


class SplitBatchNorm(nn.Module):
    """One BatchNorm2d per domain; the batch is split by the network's current routing."""

    def __init__(self, channels, routing):
        super().__init__()
        self.sets = nn.ModuleList(nn.BatchNorm2d(channels, eps=1e-5, momentum=0.1) for _ in range(2))
        self.routing = routing

    def forward(self, x):
        chunks = torch.split(x, [size for _, size in self.routing.groups])
        out = []
        for (bn_set, _), chunk in zip(self.routing.groups, chunks):
            bn = self.sets[bn_set]
            if self.routing.attack:
                out.append(F.batch_norm(chunk, None, None, bn.weight, bn.bias, True, 0.0, bn.eps))
            else:
                out.append(bn(chunk))
        return out[0] if len(out) == 1 else torch.cat(out)


class Routing:
    """Which BN set each part of the batch goes through, and whether an attack is running."""

    def __init__(self):
        self.groups = [(0, 0)]
        self.attack = False


def conv(cin, cout, kernel, stride):
    return nn.Conv2d(cin, cout, kernel, stride, kernel // 2, bias=False)


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride, routing):
        super().__init__()
        self.conv1 = conv(cin, cout, 3, stride)
        self.bn1 = SplitBatchNorm(cout, routing)
        self.conv2 = conv(cout, cout, 3, 1)
        self.bn2 = SplitBatchNorm(cout, routing)
        self.shortcut = None
        if stride != 1 or cin != cout:
            self.shortcut = nn.Sequential(conv(cin, cout, 1, stride), SplitBatchNorm(cout, routing))

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return F.relu(out + (x if self.shortcut is None else self.shortcut(x)))


class ResNet8(nn.Module):
    def __init__(self, mean, std, classes=10):
        super().__init__()
        self.routing = Routing()
        self.register_buffer("mean", torch.tensor(mean).view(1, -1, 1, 1))
        self.register_buffer("std", torch.tensor(std).view(1, -1, 1, 1))
        self.stem = conv(1, 16, 3, 1)
        self.stem_bn = SplitBatchNorm(16, self.routing)
        self.blocks = nn.Sequential(
            BasicBlock(16, 16, 1, self.routing),
            BasicBlock(16, 32, 2, self.routing),
            BasicBlock(32, 64, 2, self.routing),
        )
        self.fc = nn.Linear(64, classes)

    def forward(self, x):
        x = (x - self.mean) / self.std
        x = F.relu(self.stem_bn(self.stem(x)))
        x = self.blocks(x)
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


def fashion_mnist(directory, count):
    with gzip.open(f"{directory}/train-images-idx3-ubyte.gz", "rb") as f:
        _, n, rows, cols = struct.unpack(">IIII", f.read(16))
        pixels = np.frombuffer(f.read(count * rows * cols), dtype=np.uint8)
    with gzip.open(f"{directory}/train-labels-idx1-ubyte.gz", "rb") as f:
        f.read(8)
        labels = np.frombuffer(f.read(count), dtype=np.uint8)
    images = torch.from_numpy(pixels.astype(np.float32) / 255).view(count, 1, rows, cols)
    return images, torch.from_numpy(labels.astype(np.int64))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True)
    parser.add_argument("--batch", type=int, required=True)
    parser.add_argument("--threads", type=int, required=True)
    parser.add_argument("--mean", type=float, required=True)
    parser.add_argument("--std", type=float, required=True)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(1)

    x, y = fashion_mnist(args.data, args.batch)
    net = ResNet8([args.mean], [args.std])
    net.train()
    optimizer = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9, nesterov=True, weight_decay=5e-4)
    routing = net.routing
    batch = args.batch

    def vanilla():
        routing.groups, routing.attack = [(0, batch)], False
        loss = F.cross_entropy(net(x), y)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()

    def advprop():
        routing.groups, routing.attack = [(1, batch)], True
        start = (x + (torch.rand_like(x) * 2 - 1) * EPS).clamp(0, 1).requires_grad_(True)
        (gradient,) = torch.autograd.grad(F.cross_entropy(net(start), y), start)
        adversarial = torch.min(torch.max(start.detach() + STEP * gradient.sign(), x - EPS), x + EPS).clamp(0, 1)
        routing.groups, routing.attack = [(0, batch), (1, batch)], False
        out = net(torch.cat([x, adversarial]))
        loss = F.cross_entropy(out[:batch], y) + F.cross_entropy(out[batch:], y)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()

    steps = {"vanilla": vanilla, "advprop": advprop}
    print(f"ready {torch.__version__} {torch.get_num_threads()}", flush=True)
    for line in sys.stdin:
        name = line.strip()
        if name == "quit":
            return
        if name not in steps:
            print(f"error: unknown step '{name}'", flush=True)
            sys.exit(2)
        steps[name]()
        print("ok", flush=True)


if __name__ == "__main__":
    main()
