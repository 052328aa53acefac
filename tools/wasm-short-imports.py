#!/usr/bin/env python3
"""Gives the functions wasm-bindgen's glue hands to the module short names, in both files.

    python3 tools/wasm-short-imports.py dist/NAME.js dist/NAME_bg.wasm

wasm-bindgen names each import after the Rust function and a 16-digit hash
(`__wbg_getAttribute_c7b80d4010284561`), once in the module's import section and once as a
key of the object the glue passes to `WebAssembly.instantiate`. The hashes do not
compress: about 200 of them cost some 5 kB of gzip across the two files. Each import is
renamed to a short name (`a`, `b`, … `aa`, …) in both places; nothing else refers to those
names (they are only looked up by the engine when it links the module).

The script refuses to change anything unless every import name occurs in the JS exactly
once, as a key (`NAME:`), so a different glue layout fails the build instead of the page.
"""
import re
import sys

from wasmbin import imports, sections, uleb


def short_names():
    letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    for a in letters:
        yield a
    for a in letters:
        for b in letters + "0123456789":
            yield a + b


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    js_path, wasm_path = sys.argv[1], sys.argv[2]
    js = open(js_path, encoding="utf-8").read()
    data = open(wasm_path, "rb").read()
    out = bytearray(data[:8])
    renamed = {}
    names = short_names()
    for sid, whole, body in sections(data, "wasm-short-imports"):
        if sid == 2:
            entries = list(imports(body))
            new = bytearray(uleb(len(entries)))
            for module, name, kind, desc in entries:
                name = name.decode()
                if kind != 0:
                    sys.exit(f"wasm-short-imports: import {name} is not a function (kind {kind}); the glue changed")
                if name not in renamed:
                    renamed[name] = next(names)
                short = renamed[name].encode()
                new += uleb(len(module)) + module + uleb(len(short)) + short + desc
            whole = bytes([sid]) + uleb(len(new)) + new
        out += whole

    for name, short in renamed.items():
        key = re.compile(r"(?<![\w$])" + re.escape(name) + r"(?=\s*:)")
        found = len(key.findall(js))
        if found != 1 or js.count(name) != 1:
            sys.exit(f"wasm-short-imports: {name} occurs {js.count(name)} times in {js_path} ({found} as a key); expected once, as a key")
        js = key.sub(short, js)
    open(js_path, "w", encoding="utf-8").write(js)
    open(wasm_path, "wb").write(out)
    print(f"wasm-short-imports: {len(renamed)} imports renamed", file=sys.stderr)


if __name__ == "__main__":
    main()
