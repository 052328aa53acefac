#!/usr/bin/env python3
"""Ships the release page's WebAssembly module LZMA-compressed, unpacked in the page.

    python3 tools/wasm-lzma.py dist/X_bg.wasm dist/index.html DECODER.js

writes dist/X_bg.wasm.lzma, rewrites index.html to fetch it and unpack it with
DECODER.js (static/unlzma.js minified: one `function unlzma`, inlined into the loader
script) before handing the bytes to wasm-bindgen's init, and removes dist/X_bg.wasm.

Why: LZMA with the whole module as its window compresses wasm about a fifth better
than gzip -9 (the module is 1.4 MB; gzip sees 32 kB at a time), and a host's gzip
cannot shrink the .lzma further, so the page moves fewer bytes. The price is the
decoding: about 40 ms in node, 80-160 ms of the page's start-up in headless
Chromium here (artifacts/startup-report.txt: "LZMA unpacking").

The file is the "LZMA alone" format (`xz --format=lzma -d` reads it), with lc=4 lp=0
pb=0 (wasm bytes follow their previous byte more than their position: measured 1.1 kB
smaller than xz's lc=3 pb=2) and the uncompressed size in its header, which the
decoder needs. The tool checks that liblzma decodes it back to the same bytes, and
refuses an index.html whose trunk-written loader it does not recognise.
"""
import base64
import gzip
import hashlib
import lzma
import pathlib
import re
import struct
import sys

LC, LP, PB = 4, 0, 0


def sri(data):
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()


def pack(data):
    dict_size = 1 << max(12, (len(data) - 1).bit_length())
    filters = [{"id": lzma.FILTER_LZMA1, "preset": 9 | lzma.PRESET_EXTREME,
                "lc": LC, "lp": LP, "pb": PB, "dict_size": dict_size}]
    packed = bytearray(lzma.compress(data, format=lzma.FORMAT_ALONE, filters=filters))
    # liblzma writes "size unknown" (all ones) and an end marker; the size goes in.
    packed[5:13] = struct.pack("<Q", len(data))
    packed = bytes(packed)
    if lzma.decompress(packed, format=lzma.FORMAT_ALONE) != data:
        sys.exit("wasm-lzma: liblzma does not decode the packed module back to the same bytes")
    return packed


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__.split("\n\n")[1])
    wasm, html_path, loader_path, decoder_path = map(pathlib.Path, sys.argv[1:])
    data = wasm.read_bytes()
    if data[:4] != b"\0asm":
        sys.exit(f"wasm-lzma: {wasm} is not a WebAssembly module")
    packed = pack(data)
    out = wasm.with_name(wasm.name + ".lzma")
    decoder = decoder_path.read_bytes()
    if decoder[:4] != b"\0asm":
        sys.exit(f"wasm-lzma: {decoder_path} is not a WebAssembly module")
    decoder_out = wasm.with_name(f"unlzma-{hashlib.sha256(decoder).hexdigest()[:16]}.wasm")
    loader = loader_path.read_text(encoding="utf-8").strip()
    if not loader.startswith("async function unlzma(") or re.search(r"\bexport\b", loader) or "</" in loader:
        sys.exit(f"wasm-lzma: {loader_path} is not static/unlzma.js minified (`async function unlzma(…)`)")

    html = html_path.read_text(encoding="utf-8")
    name = re.escape(wasm.name)
    # Trunk's preload of the module becomes preloads of the packed file and of the
    # decoder; the fetches below ask for the same integrity, so the browser uses them.
    link = re.compile(r"<link\b[^>]*href=\./" + name + r"\b[^>]*>")
    integrity, decoder_integrity = sri(packed), sri(decoder)
    new_links = (f"<link as=fetch crossorigin href=./{out.name} integrity={integrity} rel=preload>"
                 f"<link as=fetch crossorigin href=./{decoder_out.name} integrity={decoder_integrity} rel=preload>")
    html, n = link.subn(lambda m: new_links, html)
    if n != 1:
        sys.exit(f"wasm-lzma: expected one <link> for {wasm.name} in {html_path}, found {n}")
    init = re.compile(r"const wasm = await init\(\{ module_or_path: '\./" + name + r"' \}\);")
    fetches = (
        "const [packed, decoder] = await Promise.all([\n"
        f"    fetch('./{out.name}', {{ integrity: '{integrity}' }}),\n"
        f"    fetch('./{decoder_out.name}', {{ integrity: '{decoder_integrity}' }}),\n"
        "]);\n"
        "for (const r of [packed, decoder]) if (!r.ok) throw new Error(`failed to fetch ${r.url}: ${r.status}`);\n"
        "const bytes = await unlzma(new Uint8Array(await packed.arrayBuffer()), await decoder.arrayBuffer());\n"
        "performance.mark('djsim:wasm-unpacked');\n"
        "const wasm = await init({ module_or_path: bytes });"
    )
    html, n = init.subn(lambda m: fetches, html)
    if n != 1:
        sys.exit(f"wasm-lzma: expected trunk's init call for {wasm.name} in {html_path}, found {n}")
    # The loader function goes first in the module script (declarations are hoisted,
    # but this keeps the script readable from the top).
    script = "<script type=module>"
    if html.count(script) != 1:
        sys.exit(f"wasm-lzma: expected one {script} in {html_path}")
    html = html.replace(script, script + loader + "\n")

    out.write_bytes(packed)
    decoder_out.write_bytes(decoder)
    html_path.write_text(html, encoding="utf-8")
    print(f"wasm-lzma: {wasm.name} {len(data)} B -> {out.name} {len(packed)} B "
          f"(gzip -9 of the module would be {len(gzip.compress(data, 9))} B); "
          f"decoder {decoder_out.name} {len(decoder)} B")


if __name__ == "__main__":
    main()
