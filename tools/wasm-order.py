#!/usr/bin/env python3
"""Orders a wasm module's functions so that gzip compresses it better, without
changing what the module does.

    python3 tools/wasm-order.py IN.wasm OUT.wasm
    node tools/node_modules/binaryen/bin/wasm-opt --reorder-functions-by-name --strip-target-features OUT.wasm -o FINAL.wasm

(binaryen takes the features the module may use from its target_features section; never
pass -all, which lets binaryen write encodings browsers do not read.)

gzip finds repeats only within its 32 kB window, and the linker lays functions out in an
order that has nothing to do with their content: a table row built in one panel and the
same row built in another end up far apart. This script chains the functions greedily,
each followed by the one with the largest share of its 5-byte pieces of code already in
the last 32 kB (rare pieces count more), and writes that order as the functions' names
(a "name" section, replacing any there). binaryen's --reorder-functions-by-name then
moves the bodies into that order, renumbers every call, table entry and export, and
drops the names again (no -g). Measured on the release
page: about 4.4% less gzip for the wasm (scripts/release.sh prints the figure).

Only the order of the code section changes: the set of functions, their bodies and the
module's behaviour are the same, which binaryen's validation checks on the way.
"""
import collections
import math
import sys

from wasmbin import custom_name, imports, leb, sections, uleb

SHINGLE = 5  # bytes compared between bodies
WINDOW = 32768  # gzip's window: what lies further back cannot be matched
COMMON = 400  # a piece found in more bodies than this says nothing about likeness


def imported_functions(body):
    return sum(1 for _module, _name, kind, _desc in imports(body) if kind == 0)


def function_bodies(body):
    count, i = leb(body, 0)
    bodies = []
    for _ in range(count):
        n, i = leb(body, i)
        bodies.append(body[i:i + n])
        i += n
    return bodies


def window_order(bodies):
    """The functions in the order gzip likes: starting from the largest, each next one is
    the function whose pieces are most often already in the last WINDOW bytes of code,
    as a share of its own pieces (so small look-alikes follow each other too)."""
    pieces = [{b[j:j + SHINGLE] for j in range(max(1, len(b) - SHINGLE + 1))} for b in bodies]
    holders = collections.defaultdict(list)
    for f, ps in enumerate(pieces):
        for p in ps:
            holders[p].append(f)
    left = set(range(len(bodies)))
    score = collections.Counter()  # function -> its pieces present in the window, weighted
    in_window = collections.Counter()  # piece -> functions in the window holding it
    window = collections.deque()
    window_bytes = 0

    def enter_or_leave(f, delta):
        for p in pieces[f]:
            fs = holders[p]
            if len(fs) > COMMON:
                continue
            in_window[p] += delta
            if in_window[p] == (1 if delta > 0 else 0):  # the piece came or went
                # A rarer piece says more about likeness: weight 1/sqrt(holders), in integers
                # so that the order is the same whatever the iteration order of the sets.
                weight = 4096 // math.isqrt(len(fs))
                for g in fs:
                    if g in left:
                        score[g] += delta * weight

    order = []
    current = max(left, key=lambda f: (len(bodies[f]), -f))
    while True:
        left.discard(current)
        score.pop(current, None)
        order.append(current)
        enter_or_leave(current, 1)
        window.append(current)
        window_bytes += len(bodies[current])
        while window_bytes > WINDOW and len(window) > 1:
            old = window.popleft()
            window_bytes -= len(bodies[old])
            enter_or_leave(old, -1)
        if not left:
            return order
        # Ties go to the lower index, so the order never depends on hashing.
        best = max(((s / len(pieces[g]), -g) for g, s in score.items() if s > 0), default=None)
        current = -best[1] if best else min(left)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    data = open(sys.argv[1], "rb").read()
    kept = bytearray(data[:8])
    imports = 0
    bodies = None
    for sid, whole, body in sections(data, "wasm-order"):
        if sid == 0 and custom_name(body) == b"name":
            continue  # replaced below
        if sid == 2:
            imports = imported_functions(body)
        if sid == 10:
            bodies = function_bodies(body)
        kept += whole
    if bodies is None:
        sys.exit("wasm-order: the module has no code section")
    rank = {f: r for r, f in enumerate(window_order(bodies))}
    width = len(str(len(bodies)))
    names = bytearray(uleb(imports + len(bodies)))
    for index in range(imports + len(bodies)):
        name = f"i{index:0{width}d}" if index < imports else f"f{rank[index - imports]:0{width}d}"
        names += uleb(index) + uleb(len(name)) + name.encode()
    subsection = bytes([1]) + uleb(len(names)) + names
    custom = uleb(4) + b"name" + subsection
    kept += bytes([0]) + uleb(len(custom)) + custom
    open(sys.argv[2], "wb").write(kept)


if __name__ == "__main__":
    main()
