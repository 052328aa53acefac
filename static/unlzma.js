// static/unlzma.js: the release page's LZMA decoder (scripts/release.sh inlines it,
// minified, into index.html's loader script).
//
// The release ships its WebAssembly module as a .lzma file (the "LZMA alone" format that
// `xz --format=lzma` reads and writes: a 13-byte header, then one LZMA1 stream), about a
// fifth smaller than the same module gzipped; a static host's gzip cannot shrink it
// further. The page unpacks it here, then compiles it. tools/wasm-lzma.py writes the file
// with its size in the header; this decoder needs that size (it never grows a buffer).
//
// The algorithm is Igor Pavlov's LZMA as described by the LZMA SDK's specification
// (lzma-specification.txt): a range decoder over adaptive bit probabilities, literals
// coded in the context of the previous byte, matches as a length and a distance with
// four repeated distances. Malformed input throws an Error naming what is wrong; it
// never reads outside `src` on purpose, never writes outside the output and always
// stops, since every step writes at least one byte of a fixed-size output.

/**
 * @param {Uint8Array} src a whole .lzma file with its uncompressed size in the header
 * @returns {Uint8Array} the uncompressed bytes
 */
export function unlzma(src) {
    const fail = (what) => {
        throw new Error("unlzma: " + what);
    };
    if (src.length < 18) fail("truncated header");
    let props = src[0];
    if (props >= 9 * 5 * 5) fail("bad properties byte");
    const lc = props % 9;
    props = (props / 9) | 0;
    const lp = props % 5;
    const pb = (props / 5) | 0;
    // Bytes 1-4: the dictionary size, which a decoder that keeps all its output ignores.
    // Bytes 5-12: the uncompressed size, little-endian; all ones means "unknown".
    if (src[9] | src[10] | src[11] | src[12] || src[8] > 0x7f) fail("no uncompressed size in the header");
    const size = src[5] | (src[6] << 8) | (src[7] << 16) | (src[8] << 24);
    const out = new Uint8Array(size);

    // Every adaptive probability, in one array: 11-bit values, 1024 meaning one half.
    const IS_MATCH = 0, // [state][posState]: 12 x 16
        IS_REP = 192, // [state]
        IS_REP_G0 = 204,
        IS_REP_G1 = 216,
        IS_REP_G2 = 228,
        IS_REP0_LONG = 240, // [state][posState]
        POS_SLOT = 432, // [min(len, 3)]: 4 bit trees of 6 bits
        SPEC_POS = 688, // the distances' middle bits for slots 4 to 13: 115
        ALIGN = 803, // the lowest 4 bits of long distances: a 4-bit tree
        LEN = 819, // match lengths: choice, choice2, low[16][8], mid[16][8], high[256]
        REP_LEN = 1333, // the same for repeated-distance matches
        LITERAL = 1847; // [(pos & lpMask) << lc | previous byte's top lc bits][0x300]
    const probs = new Uint16Array(LITERAL + (0x300 << (lc + lp))).fill(1024);

    // The range decoder: its range and code are 32-bit unsigned, kept in a Uint32Array
    // (held in closure variables, every update of a value above 2^30 would allocate a
    // number; this way the literal loop below can work on local copies). Its first
    // byte is always 0.
    if (src[13] !== 0) fail("bad range coder start");
    const rc = new Uint32Array(2); // [range, code]
    rc[0] = 0xffffffff;
    rc[1] = (src[14] << 24) | (src[15] << 16) | (src[16] << 8) | src[17];
    let inPos = 18;
    if (rc[1] === rc[0]) fail("bad range coder start");

    const bit = (i) => {
        let range = rc[0],
            code = rc[1];
        const p = probs[i];
        const bound = (range >>> 11) * p;
        let b = 0;
        if (code < bound) {
            range = bound;
            probs[i] = p + ((2048 - p) >>> 5);
        } else {
            range -= bound;
            code -= bound;
            probs[i] = p - (p >>> 5);
            b = 1;
        }
        if (range < 0x1000000) {
            range = (range << 8) >>> 0;
            code = ((code << 8) | src[inPos++]) >>> 0;
        }
        rc[0] = range;
        rc[1] = code;
        return b;
    };
    // n bits at probability one half, most significant first.
    const direct = (n) => {
        let r = 0,
            range = rc[0],
            code = rc[1];
        while (n-- > 0) {
            range >>>= 1;
            let b = 0;
            if (code >= range) {
                code -= range;
                b = 1;
            }
            r = (r << 1) | b;
            if (range < 0x1000000) {
                range = (range << 8) >>> 0;
                code = ((code << 8) | src[inPos++]) >>> 0;
            }
        }
        rc[0] = range;
        rc[1] = code;
        return r;
    };
    // A bit tree of n bits at probs[base + 1 ..]: most significant bit first.
    const tree = (base, n) => {
        let m = 1;
        for (let i = 0; i < n; i++) m = (m << 1) | bit(base + m);
        return m - (1 << n);
    };
    // The same tree read least significant bit first.
    const reverseTree = (base, n) => {
        let m = 1,
            r = 0;
        for (let i = 0; i < n; i++) {
            const b = bit(base + m);
            m = (m << 1) | b;
            r |= b << i;
        }
        return r;
    };
    // A match length minus 2: 0-7, 8-15 or 16-271.
    const length = (base, posState) => {
        if (!bit(base)) return tree(base + 2 + (posState << 3), 3);
        if (!bit(base + 1)) return 8 + tree(base + 130 + (posState << 3), 3);
        return 16 + tree(base + 258, 8);
    };
    // A match distance minus 1 (0xffffffff marks the end of the stream).
    const distance = (len) => {
        const slot = tree(POS_SLOT + ((len < 3 ? len : 3) << 6), 6);
        if (slot < 4) return slot;
        const n = (slot >>> 1) - 1;
        const dist = (2 | (slot & 1)) * 2 ** n;
        if (slot < 14) return dist + reverseTree(SPEC_POS + dist - slot, n);
        return dist + direct(n - 4) * 16 + reverseTree(ALIGN, 4);
    };

    const pbMask = (1 << pb) - 1,
        lpMask = (1 << lp) - 1;
    let state = 0,
        rep0 = 0,
        rep1 = 0,
        rep2 = 0,
        rep3 = 0,
        pos = 0;
    while (pos < size) {
        const posState = pos & pbMask;
        if (!bit(IS_MATCH + (state << 4) + posState)) {
            const prev = pos > 0 ? out[pos - 1] : 0;
            const base = LITERAL + 0x300 * (((pos & lpMask) << lc) + (prev >>> (8 - lc)));
            // Eight bits, most significant first, each with its probability chosen by the
            // bits so far (s). After a match, while the bits equal those of the byte at the
            // last distance, that byte's next bit chooses among two more sets (offs is 0x100
            // while they are equal, then 0). The hottest loop: bit() written out inline.
            let s = 1,
                offs = state >= 7 ? 0x100 : 0,
                matchByte = state >= 7 ? out[pos - rep0 - 1] : 0,
                range = rc[0],
                code = rc[1];
            while (s < 0x100) {
                const matchBit = offs & (matchByte <<= 1);
                const i = base + offs + matchBit + s;
                const p = probs[i];
                const bound = (range >>> 11) * p;
                if (code < bound) {
                    range = bound;
                    probs[i] = p + ((2048 - p) >>> 5);
                    s <<= 1;
                    offs &= ~matchBit;
                } else {
                    range -= bound;
                    code -= bound;
                    probs[i] = p - (p >>> 5);
                    s = (s << 1) | 1;
                    offs &= matchBit;
                }
                if (range < 0x1000000) {
                    range = (range << 8) >>> 0;
                    code = ((code << 8) | src[inPos++]) >>> 0;
                }
            }
            rc[0] = range;
            rc[1] = code;
            out[pos++] = s;
            state = state < 4 ? 0 : state < 10 ? state - 3 : state - 6;
            continue;
        }
        let len;
        if (bit(IS_REP + state)) {
            if (pos === 0) fail("repeated match before any output");
            if (!bit(IS_REP_G0 + state)) {
                if (!bit(IS_REP0_LONG + (state << 4) + posState)) {
                    // One byte at the last distance.
                    state = state < 7 ? 9 : 11;
                    out[pos] = out[pos - rep0 - 1];
                    pos++;
                    continue;
                }
            } else {
                let dist;
                if (!bit(IS_REP_G1 + state)) {
                    dist = rep1;
                } else {
                    if (!bit(IS_REP_G2 + state)) {
                        dist = rep2;
                    } else {
                        dist = rep3;
                        rep3 = rep2;
                    }
                    rep2 = rep1;
                }
                rep1 = rep0;
                rep0 = dist;
            }
            len = length(REP_LEN, posState);
            state = state < 7 ? 8 : 11;
        } else {
            rep3 = rep2;
            rep2 = rep1;
            rep1 = rep0;
            len = length(LEN, posState);
            state = state < 7 ? 7 : 10;
            rep0 = distance(len);
            if (rep0 === 0xffffffff) fail("end marker before the end of the data");
        }
        len += 2;
        if (rep0 >= pos) fail("match distance beyond the start of the data");
        if (len > size - pos) fail("match beyond the end of the data");
        for (let from = pos - rep0 - 1, end = pos + len; pos < end; ) out[pos++] = out[from++];
    }
    if (inPos > src.length) fail("truncated data");
    return out;
}
