// tools/unlzma-test.mjs: the release page's LZMA decoder (static/unlzma.js), checked.
//
//   node tools/unlzma-test.mjs                  vectors from xz, then damaged inputs
//   node tools/unlzma-test.mjs PACKED ORIGINAL  decode PACKED, compare with ORIGINAL
//                                               (scripts/release.sh, for the shipped module)
//
// The vectors are made by the xz command (xz-utils), the reference implementation, with
// several lc/lp/pb; the damaged inputs (truncated, bytes changed) must each end in either
// output of the declared size or an Error whose message starts "unlzma:", never another
// exception. Prints "checks: N passed, M failed" and exits non-zero if any failed.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { unlzma } from '../static/unlzma.js';

let passed = 0;
let failed = 0;
const check = (name, ok, detail = '') => {
    if (ok) passed++;
    else {
        failed++;
        console.log(`FAIL ${name}${detail ? `: ${detail}` : ''}`);
    }
};
const same = (a, b) => a.length === b.length && Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.length), Buffer.from(b)) === 0;

if (process.argv.length === 4) {
    const packed = new Uint8Array(readFileSync(process.argv[2]));
    const original = readFileSync(process.argv[3]);
    const start = performance.now();
    let out;
    try {
        out = unlzma(packed);
    } catch (e) {
        console.error(`unlzma-test: ${process.argv[2]}: ${e.message}`);
        process.exit(1);
    }
    const ms = performance.now() - start;
    if (!same(out, original)) {
        console.error(`unlzma-test: static/unlzma.js decodes ${process.argv[2]} to other bytes than ${process.argv[3]}`);
        process.exit(1);
    }
    console.log(`unlzma-test: static/unlzma.js decodes ${process.argv[2]} to the same ${out.length} B in ${ms.toFixed(0)} ms (node, cold)`);
    process.exit(0);
}

// A small deterministic generator (xorshift32), so every run checks the same bytes.
let seed = 0x9e3779b9;
const rand = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 2 ** 32;
};
const randomBytes = (n) => Uint8Array.from({ length: n }, () => (rand() * 256) | 0);

// xz writes "size unknown" in the header; the page's packer writes the size.
const xz = (data, opts) => {
    const packed = new Uint8Array(execFileSync('xz', ['--format=lzma', `--lzma1=${opts}`, '-c'], { input: data, maxBuffer: 1 << 26 }));
    const withSize = packed.slice();
    new DataView(withSize.buffer).setBigUint64(5, BigInt(data.length), true);
    return { packed, withSize };
};

const text = readFileSync(new URL('../static/unlzma.js', import.meta.url));
const block = randomBytes(300_000);
const inputs = {
    empty: new Uint8Array(0),
    'one byte': Uint8Array.of(42),
    'one byte repeated': new Uint8Array(70_000).fill(7),
    'short repeats': new TextEncoder().encode('abc'.repeat(10_000) + 'abd'.repeat(5_000)),
    text,
    random: randomBytes(100_000),
    // A distance of 300,000: a position slot above 13 (direct bits and the align tree).
    'random block twice': Uint8Array.from([...block, ...randomBytes(1000), ...block]),
    'text and random mixed': Uint8Array.from([...text, ...randomBytes(5000), ...text, ...text.subarray(100, 2000)]),
};
const settings = ['preset=6', 'preset=9e,lc=4,lp=0,pb=0', 'preset=1,lc=0,lp=4,pb=4', 'preset=6,lc=1,lp=2,pb=1', 'preset=9,lc=3,lp=1,pb=3'];

for (const [name, data] of Object.entries(inputs)) {
    for (const opts of settings) {
        const { packed, withSize } = xz(data, opts);
        let out;
        try {
            out = unlzma(withSize);
        } catch (e) {
            check(`${name} (${opts})`, false, e.message);
            continue;
        }
        check(`${name} (${opts})`, same(out, data), `decoded ${out.length} B, not the ${data.length} B packed`);
        let message = '';
        try {
            unlzma(packed);
        } catch (e) {
            message = e.message;
        }
        check(`${name} (${opts}) without its size`, message === 'unlzma: no uncompressed size in the header', message);
    }
}

// Damaged inputs: LZMA has no checksum (the page's fetch checks the file's SRI hash), so a
// changed byte may decode to other bytes; what must never happen is another exception,
// output of another size, or a hang.
const sample = xz(inputs['text and random mixed'], 'preset=6,lc=4,lp=0,pb=0').withSize;
const damaged = [];
for (let i = 0; i < 300; i++) {
    const d = sample.slice();
    const n = 1 + ((rand() * 4) | 0);
    for (let j = 0; j < n; j++) d[13 + ((rand() * (d.length - 13)) | 0)] = (rand() * 256) | 0;
    damaged.push([`changed byte(s) #${i}`, d]);
}
for (let i = 0; i < 100; i++) damaged.push([`truncated #${i}`, sample.subarray(0, (rand() * sample.length) | 0)]);
damaged.push(['bad properties byte', Uint8Array.from([225, ...sample.subarray(1)])]);
damaged.push(['range coder start not 0', Uint8Array.from([...sample.subarray(0, 13), 1, ...sample.subarray(14)])]);
let errors = 0;
for (const [name, d] of damaged) {
    try {
        const out = unlzma(d);
        check(name, out.length === inputs['text and random mixed'].length, `output of ${out.length} B`);
    } catch (e) {
        errors++;
        check(name, e instanceof Error && e.constructor === Error && e.message.startsWith('unlzma: '), `${e.constructor.name}: ${e.message}`);
    }
}
check('truncated inputs are refused', damaged.filter(([n]) => n.startsWith('truncated')).every(([, d]) => {
    try {
        unlzma(d);
        return false;
    } catch (e) {
        return e.message.startsWith('unlzma: ');
    }
}));
console.log(`unlzma-test: ${damaged.length} damaged inputs, ${errors} refused with a message, the rest decoded to the declared size`);
console.log(`checks: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
