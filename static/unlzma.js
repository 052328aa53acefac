// static/unlzma.js: unpacks the release page's WebAssembly module before it is compiled.
//
// The release ships its module as a .lzma file (tools/wasm-lzma.py; about a fifth smaller
// than the module gzipped) and, beside it, the decoder: crates/unlzma built to a 5 kB
// wasm. scripts/release.sh inlines this function, minified, into index.html's loader,
// which fetches both files with their SRI hashes, calls it, and hands the bytes to
// wasm-bindgen's init. tools/unlzma-test.mjs checks it on every release build.

/**
 * @param {Uint8Array} packed a whole .lzma file with its uncompressed size in the header
 * @param {BufferSource} decoder crates/unlzma's wasm
 * @returns {Promise<Uint8Array>} the uncompressed bytes (a view of the decoder's memory)
 */
export async function unlzma(packed, decoder) {
    // The decoder's error numbers (crates/unlzma's `Error`; a native test checks that this
    // list says what `Error::message` says).
    const MESSAGES = [
        '',
        'truncated header',
        'bad properties byte',
        'unsupported properties (lc + lp > 4)',
        'no uncompressed size in the header',
        'output buffer of the wrong size',
        'bad range coder start',
        'repeated match before any output',
        'match distance beyond the start of the data',
        'match beyond the end of the data',
        'end marker before the end of the data',
        'truncated data',
    ];
    const fail = (code) => {
        throw new Error(`unlzma: ${MESSAGES[code] ?? `error ${code}`}`);
    };
    const { instance } = await WebAssembly.instantiate(decoder);
    const { memory, unlzma_size: size, unlzma: decode } = instance.exports;
    // The file, then the output, in memory grown for them past what the decoder uses
    // (growing detaches earlier views of the memory: each view is made after it).
    const pages = (n) => Math.ceil(n / 65536);
    const src = memory.grow(pages(packed.length)) * 65536;
    new Uint8Array(memory.buffer, src, packed.length).set(packed);
    const n = size(src, packed.length);
    if (n < 0) fail(-n);
    const out = memory.grow(pages(n)) * 65536;
    const status = decode(src, packed.length, out, n);
    if (status !== 0) fail(status);
    return new Uint8Array(memory.buffer, out, n);
}
