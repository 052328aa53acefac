// tools/unlzma-test.mjs PACKED ORIGINAL DECODER
//
// The release page's loader (static/unlzma.js) with the decoder it ships (DECODER:
// crates/unlzma's wasm), as the page runs them: PACKED (the .lzma file in dist/) must
// unpack to ORIGINAL byte for byte, and a file without its size or cut short must fail
// with the decoder's sentence. scripts/release.sh runs it for every page it builds; the
// decoder's own tests (vectors from liblzma, damaged files) are crates/unlzma/tests.
import { readFileSync } from 'node:fs';
import { unlzma } from '../static/unlzma.js';

const [packedPath, originalPath, decoderPath] = process.argv.slice(2);
if (!decoderPath) {
    console.error('usage: node tools/unlzma-test.mjs PACKED ORIGINAL DECODER');
    process.exit(2);
}
const packed = new Uint8Array(readFileSync(packedPath));
const original = readFileSync(originalPath);
const decoder = readFileSync(decoderPath);
const failures = [];

const start = performance.now();
try {
    const out = await unlzma(packed, decoder);
    const ms = performance.now() - start;
    if (out.length !== original.length || Buffer.compare(Buffer.from(out.buffer, out.byteOffset, out.length), original) !== 0) {
        failures.push(`${packedPath} unpacks to other bytes than ${originalPath}`);
    } else {
        console.log(`unlzma-test: ${packedPath} unpacks to the same ${out.length} B in ${ms.toFixed(0)} ms (node, cold)`);
    }
} catch (e) {
    failures.push(`${packedPath}: ${e.message}`);
}

const refused = async (name, bytes, want) => {
    try {
        await unlzma(bytes, decoder);
        failures.push(`${name}: unpacked, not refused`);
    } catch (e) {
        if (e.message !== want) failures.push(`${name}: "${e.message}", not "${want}"`);
    }
};
const unknownSize = packed.slice();
unknownSize.fill(0xff, 5, 13);
await refused('size unknown', unknownSize, 'unlzma: no uncompressed size in the header');
await refused('cut in half', packed.subarray(0, packed.length >> 1), 'unlzma: truncated data');
await refused('header only', packed.subarray(0, 13), 'unlzma: truncated header');

for (const f of failures) console.error(`unlzma-test: FAIL ${f}`);
process.exit(failures.length ? 1 : 0);
