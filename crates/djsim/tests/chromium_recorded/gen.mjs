// Records what real Chromium does with cookies, as test data for djsim's jar
// (crates/djsim/tests/chromium_recorded.rs replays every case; see README.md here).
//
//   node crates/djsim/tests/chromium_recorded/gen.mjs            # writes cases.json
//   node crates/djsim/tests/chromium_recorded/gen.mjs --only NAME --print   # a few cases, printed
//
// A tiny HTTP (and HTTPS, self-signed) server written on raw sockets, so that every
// Set-Cookie line goes out byte for byte, answers Chromium (the system one,
// /usr/bin/chromium or $CHROMIUM, driven by playwright-core from tools/node_modules;
// never a downloaded browser) on several host names, all mapped to 127.0.0.1 with
// --host-resolver-rules. Each case runs in a fresh browser context and is a list of
// steps; for each step the file keeps what the server received (the Cookie header),
// what the browser stored (Network.getAllCookies), and the reasons DevTools gave for
// what it refused (Network.*ExtraInfo events). Times are the server's clock (ms since the
// epoch) at the request; expiry is kept relative to the step's time, in seconds.
//
// Random cases come from a seeded generator, so a re-recording draws the same lines
// (only the dates derived from the current time differ).

import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../../..');
const require = createRequire(path.join(root, 'tools/package.json'));
const { chromium } = require('playwright-core');

const args = process.argv.slice(2);
const opt = (name) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
};
const ONLY = opt('--only');
const PRINT = args.includes('--print');
const OUT = opt('--out') || path.join(here, 'cases.json');
const SEED = Number(opt('--seed') || 6265);
const RANDOM_CASES = Number(opt('--random') || 260);

// Chromium's profile (made by playwright) and its scoped_dir folders go to our own
// temporary folder, removed at the end, even when a run is interrupted.
let tmp;
const cleanup = () => tmp && fs.rmSync(tmp, { recursive: true, force: true });
for (const sig of ['SIGINT', 'SIGTERM']) {
    process.on(sig, () => {
        cleanup();
        process.exit(130);
    });
}

// ---------------------------------------------------------------------------
// The server: raw HTTP/1.1, one request per connection.

const configs = new Map(); // k → { set: [lines], date?: string, body?: string, status?: 3xx, location?: url }
const received = new Map(); // k → { cookie: string|null, method, path, t }
let nextKey = 1;

/// HTTP's optional whitespace (SP, HTAB) trimmed: what a header value is after parsing.
const ows = (s) => s.replace(/^[ \t]+|[ \t]+$/g, '');

function handler(sock) {
    let buf = Buffer.alloc(0);
    sock.on('error', () => {});
    sock.on('data', (d) => {
        buf = Buffer.concat([buf, d]);
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const t = Date.now();
        const head = buf.subarray(0, end).toString('utf8');
        const [requestLine, ...lines] = head.split('\r\n');
        // Only SP and HTAB around a header value (String.trim would take U+00A0 too).
        const headers = lines.map((h) => [h.slice(0, h.indexOf(':')).toLowerCase(), ows(h.slice(h.indexOf(':') + 1))]);
        const [method, target] = requestLine.split(' ');
        const k = /[?&]k=(\d+)/.exec(target || '')?.[1];
        const cookies = headers.filter(([n]) => n === 'cookie').map(([, v]) => v);
        if (k && !received.has(k)) {
            received.set(k, { t, method, target, cookie: cookies.length ? cookies.join('; ') : null });
        }
        const config = (k && configs.get(k)) || { set: [] };
        const body = Buffer.from(config.body ?? '<!doctype html><link rel=icon href="data:,"><p>ok</p>', 'utf8');
        const head2 = [
            config.status ? `HTTP/1.1 ${config.status} Redirect` : 'HTTP/1.1 200 OK',
            ...(config.location ? [`Location: ${config.location}`] : []),
            'Content-Type: text/html; charset=utf-8',
            'Cache-Control: no-store',
            'Connection: close',
            `Content-Length: ${body.length}`,
            ...(config.date ? [`Date: ${config.date}`] : []),
            ...config.set.map((l) => `Set-Cookie: ${l}`),
        ].join('\r\n');
        sock.end(Buffer.concat([Buffer.from(head2 + '\r\n\r\n', 'utf8'), body]));
    });
}

let httpServer, httpsServer, HTTP_PORT, HTTPS_PORT, browser, VERSION;
async function start() {
tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'djsim-chromium-rec-'));
process.env.TMPDIR = tmp;
const keyFile = path.join(tmp, 'key.pem');
const certFile = path.join(tmp, 'cert.pem');
execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '2',
    '-subj', '/CN=example.test', '-addext', 'subjectAltName=DNS:*.example.test,DNS:example.test,DNS:localhost'], { stdio: 'ignore' });
httpServer = net.createServer(handler);
httpsServer = tls.createServer({ key: fs.readFileSync(keyFile), cert: fs.readFileSync(certFile) }, handler);
await new Promise((r) => httpServer.listen(0, '127.0.0.1', r));
await new Promise((r) => httpsServer.listen(0, '127.0.0.1', r));
HTTP_PORT = httpServer.address().port;
HTTPS_PORT = httpsServer.address().port;
browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: FLAGS,
    env: { ...process.env, TMPDIR: tmp },
});
VERSION = browser.version();
}

/// A URL of the data file (default port, no port written) → the URL the browser loads.
function live(url, k) {
    const u = new URL(url);
    u.port = String(u.protocol === 'https:' ? HTTPS_PORT : HTTP_PORT);
    let s = u.toString();
    if (k !== undefined) s += (u.search ? '&' : '?') + `k=${k}`;
    return s;
}
/// A live URL (as the browser reports it) → the data file's form (no port, no k).
function dead(url) {
    const u = new URL(url);
    u.port = '';
    u.searchParams.delete('k');
    return u.toString().replace(/\?$/, '');
}

// ---------------------------------------------------------------------------
// The browser.

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--host-resolver-rules=MAP * 127.0.0.1'];

const round = (x) => Math.round(x);

/// One stored cookie as the data file keeps it:
/// [name, value, domain (leading dot: a domain cookie), path, expires_in_s|null,
///  httpOnly, secure, sameSite|null, priority, partition's top-level site|null]
function cookieRow(c, t) {
    return [c.name, c.value, c.domain, c.path, c.session ? null : round(c.expires - t / 1000), c.httpOnly, c.secure,
        c.sameSite ?? null, c.priority, c.partitionKey?.topLevelSite ?? null];
}
const byKey = (a, b) => (JSON.stringify([a[2], a[3], a[0], a[1], a[9]]) < JSON.stringify([b[2], b[3], b[0], b[1], b[9]]) ? -1 : 1);

class Session {
    async open() {
        this.context = await browser.newContext({ ignoreHTTPSErrors: true });
        this.page = await this.context.newPage();
        this.cdp = await this.context.newCDPSession(this.page);
        // A redirect's hops share a requestId: each event is kept in arrival order, by id.
        this.requests = []; // [requestId, url, hop]
        this.reqExtra = new Map(); // requestId → [event of each hop]
        this.respExtra = new Map();
        const push = (map, e) => map.set(e.requestId, [...(map.get(e.requestId) || []), e]);
        this.cdp.on('Network.requestWillBeSent', (e) => {
            const hop = this.requests.filter(([id]) => id === e.requestId).length;
            this.requests.push([e.requestId, e.request.url, hop]);
        });
        this.cdp.on('Network.requestWillBeSentExtraInfo', (e) => push(this.reqExtra, e));
        this.cdp.on('Network.responseReceivedExtraInfo', (e) => push(this.respExtra, e));
        await this.cdp.send('Network.enable');
    }
    async close() {
        await this.context.close();
    }
    async jar(t) {
        const { cookies } = await this.cdp.send('Network.getAllCookies');
        return cookies.map((c) => cookieRow(c, t)).sort(byKey);
    }
    /// DevTools' view of the request with key k: the cookies it did not send, the
    /// Set-Cookie lines it refused. Waits a little for the ExtraInfo events.
    async devtools(k) {
        const deadline = Date.now() + 1500;
        for (;;) {
            const [id, , hop] = this.requests.find(([, url]) => new RegExp(`[?&]k=${k}(&|$)`).test(url)) || [];
            const req = id && this.reqExtra.get(id)?.[hop];
            const resp = id && this.respExtra.get(id)?.[hop];
            if (req && resp) {
                return {
                    not_sent: req.associatedCookies.filter((a) => a.blockedReasons.length)
                        .map((a) => [a.cookie.name, a.cookie.domain, a.cookie.path, a.blockedReasons]),
                    rejected: resp.blockedCookies.map((b) => [b.cookieLine, b.blockedReasons]),
                };
            }
            if (Date.now() > deadline) return null;
            await new Promise((r) => setTimeout(r, 10));
        }
    }
}

/// Waits until the server saw the request with key k.
async function seen(k, ms = 5000) {
    const deadline = Date.now() + ms;
    while (!received.has(String(k))) {
        if (Date.now() > deadline) throw new Error(`no request with k=${k}`);
        await new Promise((r) => setTimeout(r, 5));
    }
    return received.get(String(k));
}

// ---------------------------------------------------------------------------
// Steps. Each returns the step's record.

/// A typed navigation (`page.goto`: no initiator, a same-site context) to `url`, whose
/// response carries the Set-Cookie `lines` (and a `Date` header if `date`).
function nav(url, lines = [], { date, then = [] } = {}) {
    return { kind: 'nav', url: canon(url), set: lines.map(ows), date, then: hops(then) };
}
/// A redirect chain: the response to the step's URL is a redirect (302 unless the hop
/// says) to the first hop's URL, and so on; each hop is [url, Set-Cookie lines, status
/// of the redirect that led to it].
const hops = (then) => then.map(([url, lines = [], status = 302]) => ({ url: canon(url), set: lines.map(ows), status }));
/// The URL as the browser requests it (WHATWG: host lowercased, spaces and non-ASCII in
/// the path percent-encoded): what the server sees, and what the data file keeps.
const canon = (url) => new URL(url).toString();
/// A navigation to `url` made by the page `from` (loaded first, typed): a link click,
/// a form POST, an iframe or an img of that page.
function from(fromUrl, how, url, lines = [], { then = [] } = {}) {
    return { kind: how, from: canon(fromUrl), url: canon(url), set: lines.map(ows), then: hops(then) };
}
/// Script of the current page assigns each of `assignments` to document.cookie, then
/// reads it.
function js(...assignments) {
    return { kind: 'js', assignments };
}

async function runStep(s, step) {
    if (step.kind === 'js') {
        const url = dead(s.page.url());
        const t = Date.now();
        const reads = [];
        for (const a of step.assignments) {
            reads.push(await s.page.evaluate((a) => {
                document.cookie = a;
                return document.cookie;
            }, a));
        }
        return { js: step.assignments.map((a, i) => [a, reads[i]]), url, t, jar: await s.jar(t) };
    }
    if (step.kind === 'wait') {
        await new Promise((r) => setTimeout(r, step.ms));
        return null;
    }
    // The keys of the request and of each redirect hop; each response but the last
    // redirects to the next URL.
    const chain = [{ url: step.url, set: step.set, date: typeof step.date === 'function' ? step.date() : step.date }, ...(step.then || [])];
    const keys = chain.map(() => nextKey++);
    chain.forEach((hop, i) => configs.set(String(keys[i]), {
        set: hop.set,
        date: hop.date,
        ...(i + 1 < chain.length ? { status: chain[i + 1].status, location: live(chain[i + 1].url, keys[i + 1]) } : {}),
    }));
    const k = keys[0];
    const last = keys[keys.length - 1];
    /// The records of the request and its redirect hops (the jar only after the last).
    const records = async (extra) => {
        const out = [];
        for (const [i, hop] of chain.entries()) {
            const r = await seen(keys[i]);
            if (i + 1 === chain.length) await new Promise((r) => setTimeout(r, step.kind === 'nav' ? 0 : 200));
            const dt = await s.devtools(keys[i]);
            const rec = { ...(i === 0 ? extra : { redirected: chain[i].status }), url: hop.url, t: r.t };
            if (i === 0 ? step.kind !== 'nav' || chain.length > 1 : true) rec.method = r.method;
            rec.sent = r.cookie;
            if (hop.set.length) rec.set = hop.set;
            if (hop.date) rec.date = hop.date;
            if (dt) Object.assign(rec, dt);
            if (i + 1 === chain.length) rec.jar = await s.jar(r.t);
            out.push(rec);
        }
        return out;
    };
    if (step.kind !== 'nav') {
        // The initiator page, with the element that makes the request.
        const k0 = nextKey++;
        const target = live(step.url, k);
        const body = {
            link: `<a id=go href="${target}">go</a>`,
            post: `<form id=f method=post action="${target}"><input name=x value=1><button id=go>go</button></form>`,
            iframe: `<iframe src="${target}"></iframe>`,
            img: `<img src="${target}">`,
        }[step.kind];
        configs.set(String(k0), { set: [], body: `<!doctype html><link rel=icon href="data:,">${body}` });
        await s.page.goto(live(step.from, k0));
        if (step.kind === 'link' || step.kind === 'post') {
            await Promise.all([s.page.waitForURL(new RegExp(`[?&]k=${last}(&|$)`)), s.page.click('#go')]);
        }
        // (Waiting a little before reading the jar: the last response's Set-Cookie.)
        return records({ [step.kind]: step.from });
    }
    await s.page.goto(live(step.url, k));
    return records({});
}

async function runCase(c) {
    const s = new Session();
    await s.open();
    try {
        const steps = [];
        for (const step of c.steps()) {
            const rec = await runStep(s, step);
            if (Array.isArray(rec)) steps.push(...rec);
            else if (rec) steps.push(rec);
        }
        return { name: c.name, steps: compact(steps) };
    } finally {
        await s.close();
    }
}

/// Leaves out what the file can say shorter: a jar equal to the previous step's (the
/// rows, relative expiry included), and empty `not_sent`/`rejected` lists. A request
/// DevTools said nothing about (a cross-site iframe's own, in another renderer) is
/// marked `"no_devtools": true` instead.
function compact(steps) {
    let previous;
    for (const step of steps) {
        // (A hop followed by a redirect has no jar: it is read after the last hop.)
        if ('jar' in step) {
            const jar = JSON.stringify(step.jar);
            if (jar === previous) delete step.jar;
            previous = jar;
        }
        if (step.js) continue;
        if (!('not_sent' in step)) step.no_devtools = true;
        for (const key of ['not_sent', 'rejected']) {
            if (step[key] && step[key].length === 0) delete step[key];
        }
    }
    return steps;
}

// ---------------------------------------------------------------------------
// Dates relative to now (evaluated when the step runs).

const httpDate = (ms) => new Date(ms).toUTCString();
const inSecs = (s) => httpDate(Date.now() + s * 1000);

// ---------------------------------------------------------------------------
// Hand-picked cases.

const A = 'http://a.example.test';
const B = 'http://b.a.example.test';
const E = 'http://example.test';
const O = 'http://other.test';
const L = 'http://localhost';
const IP = 'http://127.0.0.1';
const SA = 'https://a.example.test';
const SE = 'https://example.test';

const cases = [];
/// A case: its name and a function giving its steps (called when it runs, so that
/// relative dates are fresh).
const hand = (name, steps) => cases.push({ name, steps: typeof steps === 'function' ? steps : () => steps });

/// Sets `lines` on `url`, then reads back with navigations to each of `probes`.
const setThen = (url, lines, probes = [url]) => [nav(url, lines), ...probes.map((p) => nav(p))];

// Max-Age and Expires.
for (const [label, attr] of [
    ['max-age 100', 'Max-Age=100'],
    ['max-age plus sign', 'Max-Age=+100'],
    ['max-age zero', 'Max-Age=0'],
    ['max-age negative', 'Max-Age=-1'],
    ['max-age not a number', 'Max-Age=abc'],
    ['max-age empty', 'Max-Age='],
    ['max-age decimal', 'Max-Age=100.5'],
    ['max-age exponent', 'Max-Age=1e3'],
    ['max-age leading zeros', 'Max-Age=0100'],
    ['max-age trailing junk', 'Max-Age=100abc'],
    ['max-age spaces', 'Max-Age = 100 '],
    ['max-age huge', 'Max-Age=99999999999999999999'],
    ['max-age huge negative', 'Max-Age=-99999999999999999999'],
    ['max-age 400 days + 1', 'Max-Age=34560001'],
    ['max-age 400 days', 'Max-Age=34560000'],
    ['max-age lowercase', 'max-age=100'],
    ['max-age upper', 'MAX-AGE=100'],
    ['max-age twice, last wins', 'Max-Age=100; Max-Age=200'],
    ['max-age valid then invalid', 'Max-Age=100; Max-Age=x'],
    ['max-age invalid then valid', 'Max-Age=x; Max-Age=100'],
    ['max-age no value', 'Max-Age'],
]) {
    hand(label, () => setThen(`${A}/`, [`a=1; ${attr}`]));
}
for (const [label, exp] of [
    ['expires in an hour', () => inSecs(3600)],
    ['expires in the past', () => inSecs(-3600)],
    ['expires epoch', () => 'Thu, 01 Jan 1970 00:00:00 GMT'],
    ['expires 500 days', () => inSecs(500 * 86400)],
    ['expires far future', () => 'Fri, 31 Dec 9999 23:59:59 GMT'],
    ['expires asctime', () => { const d = new Date(Date.now() + 7200e3); const m = d.toUTCString().split(' '); return `${m[0].slice(0, 3)} ${m[2]} ${String(d.getUTCDate()).padStart(2, ' ')} ${m[4]} ${d.getUTCFullYear()}`; }],
    ['expires rfc850', () => { const d = new Date(Date.now() + 7200e3); const m = d.toUTCString().split(' '); return `Sunday, ${m[1]}-${m[2]}-${String(d.getUTCFullYear()).slice(2)} ${m[4]} GMT`; }],
    ['expires two-digit year 69', () => 'Wed, 01 Jan 69 00:00:00 GMT'],
    ['expires two-digit year 70', () => 'Thu, 01 Jan 70 00:00:00 GMT'],
    ['expires no time', () => 'Wed, 01 Jan 2031'],
    ['expires iso', () => '2031-01-01T00:00:00Z'],
    ['expires 31 Feb', () => 'Mon, 31 Feb 2031 10:00:00 GMT'],
    ['expires hour 24', () => 'Wed, 01 Jan 2031 24:00:00 GMT'],
    ['expires year 1600', () => 'Wed, 01 Jan 1600 00:00:00 GMT'],
    ['expires garbage', () => 'tomorrow'],
    ['expires empty', () => ''],
    ['expires lowercase month', () => 'wed, 01 jan 2031 10:00:00 gmt'],
    ['expires full month name', () => '01 January 2031 10:00:00'],
    ['expires no commas', () => 'Wed 01 Jan 2031 10:00:00 GMT'],
    ['expires dashes', () => 'Wed, 01-Jan-2031 10:00:00 GMT'],
    ['expires single digit time', () => 'Wed, 1 Jan 2031 1:2:3 GMT'],
    ['expires year 10000', () => 'Wed, 01 Jan 10000 00:00:00 GMT'],
    ['expires 29 Feb 2032', () => 'Sun, 29 Feb 2032 00:00:00 GMT'],
    ['expires 29 Feb 2031', () => 'Sat, 29 Feb 2031 00:00:00 GMT'],
    ['expires timezone ignored', () => 'Wed, 01 Jan 2031 10:00:00 +0200'],
    ['expires trailing junk on time', () => 'Wed, 01 Jan 2031 10:00:00xyz GMT'],
]) {
    hand(label, () => setThen(`${A}/`, [`a=1; Expires=${exp()}`]));
}
hand('max-age beats a later expires', () => setThen(`${A}/`, [`a=1; Max-Age=100; Expires=${inSecs(9000)}`]));
hand('max-age beats an earlier expires', () => setThen(`${A}/`, [`a=1; Expires=${inSecs(50)}; Max-Age=100`]));
hand('max-age 0 beats a future expires', () => setThen(`${A}/`, [`a=1; Expires=${inSecs(9000)}; Max-Age=0`]));
hand('invalid max-age falls back to expires', () => setThen(`${A}/`, [`a=1; Max-Age=x; Expires=${inSecs(9000)}`]));
hand('expires with clock skew (Date an hour behind)', () => [nav(`${A}/`, [`a=1; Expires=${inSecs(3600)}`], { date: () => inSecs(-3600) }), nav(`${A}/`)]);
hand('expires with clock skew (Date an hour ahead)', () => [nav(`${A}/`, [`a=1; Expires=${inSecs(7200)}`], { date: () => inSecs(3600) }), nav(`${A}/`)]);
hand('max-age ignores clock skew', () => [nav(`${A}/`, ['a=1; Max-Age=100'], { date: () => inSecs(-3600) }), nav(`${A}/`)]);
hand('expires past under skew becomes future', () => [nav(`${A}/`, [`a=1; Expires=${inSecs(-600)}`], { date: () => inSecs(-3600) }), nav(`${A}/`)]);
hand('re-setting moves expiry', () => [nav(`${A}/`, ['a=1; Max-Age=100']), nav(`${A}/`, ['a=1; Max-Age=5000']), nav(`${A}/`)]);
hand('max-age 0 deletes', () => [nav(`${A}/`, ['a=1; Max-Age=100', 'b=2']), nav(`${A}/`, ['a=1; Max-Age=0']), nav(`${A}/`)]);
hand('expired expires deletes', () => [nav(`${A}/`, ['a=1', 'b=2']), nav(`${A}/`, ['a=; Expires=Thu, 01 Jan 1970 00:00:00 GMT']), nav(`${A}/`)]);
hand('deleting with another path leaves it', () => [nav(`${A}/`, ['a=1; Path=/']), nav(`${A}/`, ['a=; Max-Age=0; Path=/x']), nav(`${A}/`)]);
hand('deleting a domain cookie needs the domain', () => [nav(`${A}/`, ['a=1; Domain=example.test']), nav(`${A}/`, ['a=; Max-Age=0']), nav(`${A}/`), nav(`${A}/`, ['a=; Max-Age=0; Domain=example.test']), nav(`${A}/`)]);
hand('persistent becomes session', () => [nav(`${A}/`, ['a=1; Max-Age=100']), nav(`${A}/`, ['a=1']), nav(`${A}/`)]);

// Domain.
const domainForms = [
    'a.example.test', '.a.example.test', 'example.test', '.example.test', 'EXAMPLE.TEST', 'Example.Test',
    'b.a.example.test', 'xample.test', 'other.test', 'test', '.test', 'example.test.', '..example.test', '',
    ' example.test', 'example.test ', '"example.test"', 'example.test:80', '*.example.test', '%65xample.test',
    'ex ample.test', 'éxample.test', 'example..test', '.', 'a.example.test.', 'localhost', '127.0.0.1',
];
for (const d of domainForms) {
    hand(`domain ${JSON.stringify(d)} from a.example.test`, () => setThen(`${A}/`, [`a=1; Domain=${d}`], [`${A}/`, `${B}/`, `${E}/`]));
}
for (const [host, d] of [
    [IP, '127.0.0.1'], [IP, '.127.0.0.1'], [IP, '127.0.0'], [IP, '0.1'], [IP, 'localhost'],
    [L, 'localhost'], [L, '.localhost'], [L, 'LOCALHOST'], [L, 'example.test'],
    ['http://sub.localhost', 'localhost'], ['http://sub.localhost', 'sub.localhost'], ['http://sub.localhost', '.sub.localhost'],
    [E, 'example.test'], [E, '.example.test'], [E, 'test'], [B, 'a.example.test'], [B, 'example.test'], [B, '.a.example.test'],
    ['http://www.example.co.uk', 'example.co.uk'], ['http://www.example.co.uk', 'co.uk'], ['http://www.example.co.uk', '.co.uk'],
    ['http://www.example.co.uk', 'uk'], ['http://co.uk', 'co.uk'],
    ['https://me.github.io', 'github.io'], ['https://me.github.io', 'me.github.io'], ['https://github.io', 'github.io'],
]) {
    const u = new URL(host);
    const probes = [`${host}/`];
    if (u.hostname.includes('.') && !/^\d/.test(u.hostname)) probes.push(`${u.protocol}//x.${u.hostname}/`);
    hand(`domain ${JSON.stringify(d)} from ${u.hostname}`, () => setThen(`${host}/`, [`a=1; Domain=${d}`], probes));
}
hand('domain twice, last wins', () => setThen(`${B}/`, ['a=1; Domain=example.test; Domain=a.example.test'], [`${B}/`, `${A}/`, `${E}/`]));
hand('domain valid then invalid', () => setThen(`${B}/`, ['a=1; Domain=example.test; Domain=other.test'], [`${B}/`, `${E}/`]));
hand('domain and host-only of the same name', () => setThen(`${A}/`, ['a=host', 'a=dom; Domain=a.example.test'], [`${A}/`, `${B}/`]));

// Path.
for (const [label, url, attr, probes] of [
    ['default path from /x/y', `${A}/x/y`, '', ['/', '/x', '/x/', '/x/y', '/xy', '/x/y/z']],
    ['default path from /x/', `${A}/x/`, '', ['/', '/x', '/x/', '/x/z']],
    ['default path from /x', `${A}/x`, '', ['/', '/x', '/y']],
    ['default path from /x/y/z.html', `${A}/x/y/z.html`, '', ['/x', '/x/y', '/x/y/', '/x/yy']],
    ['path /x', `${A}/`, '; Path=/x', ['/', '/x', '/x/', '/x/y', '/xy', '/X']],
    ['path /x/', `${A}/`, '; Path=/x/', ['/', '/x', '/x/', '/x/y']],
    ['path relative', `${A}/p/q`, '; Path=x', ['/', '/p', '/x', '/p/x']],
    ['path empty', `${A}/p/q`, '; Path=', ['/', '/p', '/p/q']],
    ['path no value', `${A}/p/q`, '; Path', ['/', '/p', '/p/q']],
    ['path case', `${A}/`, '; Path=/X', ['/x', '/X', '/X/y']],
    ['path with space', `${A}/`, '; Path=/a b', ['/a%20b', '/a b/c', '/a']],
    ['path percent', `${A}/`, '; Path=/a%20b', ['/a%20b', '/a b/c', '/a']],
    ['path percent-encoded letter', `${A}/`, '; Path=/%78', ['/x', '/%78']],
    ['path double slash', `${A}/`, '; Path=//', ['/', '//', '//x']],
    ['path dot segments', `${A}/`, '; Path=/a/../b', ['/b', '/a/../b', '/a']],
    ['path trailing dot', `${A}/`, '; Path=/a/.', ['/a', '/a/.']],
    ['path non-ascii', `${A}/`, '; Path=/é', ['/é', '/%C3%A9']],
    ['path with query chars', `${A}/`, '; Path=/a?b', ['/a', '/a?b']],
    ['path twice, last wins', `${A}/`, '; Path=/x; Path=/y', ['/x', '/y']],
    ['path valid then relative', `${A}/p/q`, '; Path=/x; Path=y', ['/x', '/p', '/y']],
    ['path long over 1024', `${A}/p/q`, `; Path=/${'l'.repeat(1024)}`, ['/', '/p']],
    ['path exactly 1024', `${A}/p/q`, `; Path=/${'l'.repeat(1023)}`, ['/', '/p', `/${'l'.repeat(1023)}`]],
]) {
    hand(label, () => setThen(url, [`a=1${attr}`], probes.map((p) => `${A}${p}`)));
}

// Secure, HttpOnly, SameSite, Priority, prefixes.
for (const host of [A, L, IP, 'http://sub.localhost', SA]) {
    for (const line of [
        'a=1; Secure', 'a=1; secure', 'a=1; SECURE=no', 'a=1; HttpOnly', 'a=1; httponly=false',
        'a=1; SameSite=None', 'a=1; SameSite=None; Secure', 'a=1; SameSite=Lax', 'a=1; SameSite=lax', 'a=1; SameSite=STRICT',
        'a=1; SameSite=bogus', 'a=1; SameSite=', 'a=1; SameSite', 'a=1; SameSite=Strict; SameSite=Lax', 'a=1; SameSite=Lax; SameSite=x',
        'a=1; Priority=High', 'a=1; priority=low', 'a=1; Priority=bogus', 'a=1; Partitioned', 'a=1; Partitioned; Secure',
        '__Secure-a=1', '__Secure-a=1; Secure', '__secure-a=1; Secure', '__SECURE-a=1', '__Host-a=1; Secure; Path=/',
        '__Host-a=1; Secure', '__Host-a=1; Secure; Path=/x', '__Host-a=1; Secure; Path=/; Domain=a.example.test',
        '__host-a=1; Secure; Path=/', '__HOST-a=1', '__Host-=1; Secure; Path=/', '__Host-a=1; Path=/',
        '__Secure-; Secure', '__Host-a; Secure; Path=/', '=__Host-a=1; Secure; Path=/', ' __Secure-a=1; Secure',
    ]) {
        hand(`${line} from ${host.replace('http://', '')}`, () => setThen(`${host}/`, [line], [`${host}/`, `${host.replace('https:', 'http:')}/x`]));
    }
}
hand('secure over http cannot overwrite', () => [nav(`${SA}/`, ['a=1; Secure']), nav(`${A}/`, ['a=2']), nav(`${A}/`, ['a=3; Path=/x']), nav(`${SA}/x/y`)]);
hand('secure over http cannot shadow (domain cookie)', () => [nav(`${SA}/`, ['a=1; Secure; Domain=example.test']), nav(`${B}/`, ['a=2']), nav(`${SA}/`)]);
hand('secure over http: other path is fine', () => [nav(`${SA}/x`, ['a=1; Secure; Path=/x']), nav(`${A}/`, ['a=2; Path=/']), nav(`${SA}/x`), nav(`${A}/x`)]);
hand('https overwrites secure with non-secure', () => [nav(`${SA}/`, ['a=1; Secure']), nav(`${SA}/`, ['a=2']), nav(`${A}/`)]);
hand('httponly replaced over http', () => [nav(`${A}/`, ['a=1; HttpOnly']), nav(`${A}/`, ['a=2']), nav(`${A}/`)]);
hand('secure cookie from localhost', () => [nav(`${L}/`, ['a=1; Secure']), nav(`${L}/`, ['a=2']), nav(`${L}/`)]);

// Name and value bytes.
for (const line of [
    'a=b=c', 'a="quoted"', 'a="', 'a=""', 'a=x y', ' a = b ', 'a=\tb\t', 'a b=c', 'a=b,c', 'a=b\\c', 'a=é', 'é=1', 'a=日本',
    'a={"j":1}', 'a=%22', 'a=', '=b', 'justvalue', 'justvalue; Path=/', '=', ' = ', '; Secure', 'a', ';', '=; Path=/',
    'a=\x01b', 'a\x7f=b', 'a=b\x1f', 'a=b\x7f', 'a=b\tc', '$Version=1', 'a=b; Comment=x; Version=1', 'a=1;;; Path=/x;;',
    'a=1; =x', 'a=1; Path', 'a=1; foo=bar', 'a=1; Path=/x;Path=/', 'a=1 ; secure ; httponly', 'A=1', 'a=1\u00a0',
    '\u00a0a=1', 'a=\u00a0', 'a=b c; Path=/', `a=${'v'.repeat(4095)}`, `ab=${'v'.repeat(4095)}`, `${'n'.repeat(4096)}=`,
    `${'n'.repeat(4097)}`, `=${'v'.repeat(4096)}`, `a=${'é'.repeat(2047)}`, `a=${'é'.repeat(2048)}`,
    `a=1; Domain=${'d'.repeat(1025)}`, `a=1; Path=/${'p'.repeat(1030)}; Path=/z`, 'a=1; Expires=x\x01y',
    'a=1; Path=/x\x01', 'a=1; Domain=example.test\x01', 'a=1; Max-Age=10\x7f',
]) {
    hand(`line ${JSON.stringify(line.length > 60 ? line.slice(0, 24) + '…' + line.slice(-12) + ` (${line.length})` : line)}`, () => setThen(`${A}/`, [line], [`${A}/`, `${A}/x/`]));
}

// Tabs and other control characters, wherever they stand.
for (const line of [
    'a=1;\tSecure', 'a=1; Path=/a\tb', 'a\t=1', 'a=1\t; Secure', 'a=1; Max-Age=\t100', 'a=1; Secure\t; HttpOnly',
    'a=1; Domain=\texample.test', 'a=1; SameSite=\tLax', 'a=1; \tPath=/x', 'a\tb=1', 'a=b\tc; Path=/', '\tb', 'a=1; Path=/x\t',
    'a=1; foo=\x01', 'a=1; \x01Secure', 'a=1; Secure\x01', 'a=1\x1f', '\x1fa=1', 'a=\x7f', 'a=1; Expires=\x7f',
    'a=1; Path=/\x7f', 'a=1\x0b', 'a=1\x0c', 'a=1;\x0bSecure', 'a=\x80', 'a=\u0085',
]) {
    hand(`ctl ${JSON.stringify(line)}`, () => [nav(`${A}/`, [line])]);
}

// Nameless cookies whose value holds "=", and what else has no name.
for (const line of ['=a=b', '= a=b', '=a=', '==', '=a', ' =x', 'a=b=', '=__Secure-a', '=__Host-a=1; Secure; Path=/']) {
    hand(`nameless ${JSON.stringify(line)}`, () => [nav(`${L}/`, [line]), nav(`${L}/`)]);
}

// Partitioned (CHIPS): needs Secure; the partition is the top-level site.
for (const [host, line] of [
    [A, 'a=1; Partitioned'], [A, 'a=1; Partitioned; Secure'], [A, 'a=1; Partitioned; SameSite=None'], [L, 'a=1; Partitioned'],
    [L, 'a=1; Partitioned; Secure'], [SA, 'a=1; Partitioned'], [SA, 'a=1; Partitioned; Secure'], [SA, 'a=1; partitioned; secure; SameSite=None'],
    [SA, '__Host-a=1; Partitioned; Secure; Path=/'], [SA, 'a=1; Partitioned=no; Secure'], [SA, 'a=1; Partitioned; Secure; Domain=example.test'],
]) {
    hand(`partitioned ${line} from ${host}`, () => [nav(`${host}/`, [line]), nav(`${host}/`)]);
}
hand('partitioned set in a cross-site iframe', () => [
    from(`${O}/`, 'iframe', `${SA}/x`, ['p=1; Partitioned; Secure; SameSite=None', 'q=1; Secure; SameSite=None', 'r=1; Partitioned; Secure']),
    nav(`${SA}/`),
    from(`${O}/`, 'iframe', `${SA}/x`),
    from(`${E}/`, 'iframe', `${SA}/x`),
]);
hand('partitioned set top-level, then a cross-site iframe', () => [
    nav(`${SA}/`, ['p=1; Partitioned; Secure; SameSite=None', 'q=1; Secure; SameSite=None']),
    from(`${O}/`, 'iframe', `${SA}/x`),
    from(`${SB}/`, 'iframe', `${SA}/x`),
    from(`${O}/`, 'img', `${SA}/x`),
]);
hand('partitioned and unpartitioned of one name', () => [nav(`${SA}/`, ['a=1; Secure', 'a=2; Secure; Partitioned']), nav(`${SA}/`)]);

// Expires dates: where Chromium's date parser and the RFC's could part.
for (const d of [
    'Wed, 01 Jan 2031 10:00:00 GMT', '10:00:00xyz 01 Jan 2031', 'Wed, 01 Jan 2031 001:02:03 GMT', 'Wed, 01 Jan 2031 10:00 GMT',
    'Wed, 01 Jan 2031 10:00:00:00 GMT', 'Wed, 01 Jan 2031 10:60:00 GMT', 'Wed, 01 Jan 2031 10:00:60 GMT', 'Wed, 01 Jan 2031 25:00:00 GMT',
    'Wed, 001 Jan 2031 10:00:00 GMT', 'Wed, 0 Jan 2031 10:00:00 GMT', 'Wed, 32 Jan 2031 10:00:00 GMT', 'Wed, 31 Apr 2031 10:00:00 GMT',
    'Wed, 01x Jan 2031 10:00:00 GMT', 'Wed, 01 Jan 2031x 10:00:00 GMT', 'Wed, 01 Jan 1601 10:00:00 GMT', 'Wed, 01 Jan 1599 10:00:00 GMT',
    'Wed, 01 Jan 1000 10:00:00 GMT', 'Wed, 01 Jan 999 10:00:00 GMT', 'Wed, 01 Jan 0 10:00:00 GMT', 'Wed, 01 Jan 00 10:00:00 GMT',
    'Wed, 01 Jan 99 10:00:00 GMT', 'Wed, 01 Jan 100 10:00:00 GMT', 'Wed, 01 Jan 31 10:00:00 GMT', 'Wed, 01 Jan 069 10:00:00 GMT',
    'Wed, 01 Jan 9999 10:00:00 GMT', 'Wed, 01 Jan 99999 10:00:00 GMT', 'Wed, 01 Jan 100000 10:00:00 GMT', 'Wed, 01 Jan 02031 10:00:00 GMT',
    'Wed, 01 Janvier 2031 10:00:00 GMT', 'Wed, 01 ja 2031 10:00:00 GMT', 'Wed, 01 JAN 2031 10:00:00 GMT', 'Jan 01 2031 10:00:00',
    '2031 Jan 01 10:00:00', '01 2031 Jan 10:00:00', '31 12 2031 10:00:00', 'Wed,01 Jan 2031 10:00:00 GMT', 'Wed, 01 Jan 2031 10:00:00 GMT+5',
    'Wed, 01 Jan 2031 10:00:00 PST', '01 Jan 2031 10:00:00.123', 'Wed, 01 Jan 2031 10:00:00 GMT 2032', '1 1 Jan 2031 10:00:00',
    '+01 Jan 2031 10:00:00', 'Jan 2031 10:00:00 01', '2031-01-01 10:00:00', '01 Jan 2031 10:00:00 ä', 'Wed, 01 Jan 2031 10:00:00 10:00:01',
    'xJan 01 2031 10:00:00', 'Wed, 01 Jan2031 10:00:00 GMT', 'Wed, 01Jan 2031 10:00:00 GMT', 'Wed, 01 Jan 2031 10:00:00GMT',
    'Wed, 01 Jan 2031 1:00:00', 'Wed, 01 Jan 2031 :10:00:00', 'Wed, 01 Jan 2031 10::00', 'Wed, 01 Jan 2031 10:00:', 'Wed, 01 Jan 2031 T10:00:00',
    'Wed, 01 Jan 2031 10:0a:00', 'Wed, 01 Jan 2031 100:00:00', '\u00e901 Jan 2031 10:00:00', 'Wed, 01 Feb 2031 10:00:00 Jan',
    'Wed, 01 Jan 1970 00:00:01 GMT', 'Wed, 01 Jan 1969 23:59:59 GMT', 'Wed, 01 Jan 69 10:00:00 GMT', 'Wed, 01 Jan 70 10:00:00 GMT',
    'Wed, 01 Jan 2031 10:00:00 GMT; Max-Age=x', '01x 02 Jan 2031 10:00:00', '10:00 10:00:00 02 Jan 2031',
    '2031x 2032 02 Jan 10:00:00', 'Wed, 02 Jan 2031 10:00:00 1a', 'Wed, 02 Jan 2031 10:00:000', 'Wed, 02 Jan 2031 0010:00:00',
    'Wed, 02 Jan 2031 10:00:00 7', '10:00:00x 11:00:00 02 Jan 2031', 'Wed, 02 Jan 2031 4294967306:00:00',
    'Wed, 02 Jan 2031 10:00:00 Foo Bar', 'Wed, 02 Ja-n 2031 10:00:00', 'Wed, 02 Jan 2031 10:00:00 GMT\u00a0',
]) {
    hand(`date ${JSON.stringify(d)}`, () => [nav(`${A}/`, [`a=1; Expires=${d}`])]);
}

// Order in the Cookie header: longer paths first, then earlier creation.
hand('order: path length then creation', () => [
    nav(`${A}/a/b/c`, ['z=1; Path=/', 'y=2; Path=/a/b', 'x=3; Path=/a']),
    nav(`${A}/`, ['w=4']),
    nav(`${A}/`, ['v=5; Path=/a/b']),
    nav(`${A}/a/b/c`),
    nav(`${A}/a/b`),
    nav(`${A}/a`),
]);
hand('order: re-valued cookie moves later', () => [nav(`${A}/`, ['a=1', 'b=1', 'c=1']), nav(`${A}/`, ['a=2']), nav(`${A}/`), nav(`${A}/`, ['b=1']), nav(`${A}/`)]);
hand('order: same value keeps place', () => [nav(`${A}/`, ['a=1', 'b=1']), nav(`${A}/`, ['a=1; Max-Age=100']), nav(`${A}/`)]);
hand('order: same value, new flags', () => [nav(`${A}/`, ['a=1', 'b=1']), nav(`${A}/`, ['a=1; HttpOnly; SameSite=Strict']), nav(`${A}/`)]);
hand('order: domain and host cookies', () => [
    nav(`${B}/`, ['h=1', 'd=1; Domain=example.test', 'm=1; Domain=a.example.test']),
    nav(`${A}/`, ['h=2']),
    nav(`${B}/`), nav(`${A}/`), nav(`${E}/`),
]);
hand('order: many in one response', () => setThen(`${A}/`, ['e=1', 'd=1', 'c=1', 'b=1', 'a=1', 'f=1; Path=/'], [`${A}/`]));
hand('duplicate names in one response', () => setThen(`${A}/`, ['a=1', 'a=2', 'a=3; Path=/x', 'a=4'], [`${A}/`, `${A}/x`]));
hand('nameless cookies', () => setThen(`${A}/`, ['v1', '=v2', 'a=1', 'v3; Path=/x'], [`${A}/`, `${A}/x`]));
hand('nameless replaced', () => [nav(`${A}/`, ['v1']), nav(`${A}/`, ['v2']), nav(`${A}/`)]);
hand('ports do not matter', () => [nav(`${A}/`, ['a=1']), nav(`${SA}/`)]);
hand('case of host', () => [nav('http://A.Example.Test/', ['a=1']), nav(`${A}/`)]);
hand('trailing dot host', () => [nav('http://a.example.test./', ['a=1', 'b=1; Domain=example.test']), nav(`${A}/`), nav('http://a.example.test./')]);
hand('ip and localhost are separate', () => [nav(`${IP}/`, ['a=1']), nav(`${L}/`, ['b=1']), nav(`${IP}/`), nav(`${L}/`), nav('http://sub.localhost/')]);

// Many cookies on one domain (Chromium keeps 180 per registrable domain).
hand('181 cookies on one domain', () => {
    const lines = Array.from({ length: 181 }, (_, i) => `c${i}=${i}`);
    return [nav(`${A}/`, lines.slice(0, 90)), nav(`${A}/`, lines.slice(90)), nav(`${A}/`)];
});
hand('181 cookies, high priority survive', () => {
    const lines = Array.from({ length: 181 }, (_, i) => `c${i}=${i}${i < 20 ? '; Priority=High' : ''}`);
    return [nav(`${A}/`, lines.slice(0, 90)), nav(`${A}/`, lines.slice(90)), nav(`${A}/`)];
});

// document.cookie.
hand('js: read skips httponly', () => [nav(`${A}/x/y`, ['h=1; HttpOnly', 'a=1', 'b=2; Path=/x']), js('c=3')]);
hand('js: default path is the document directory', () => [nav(`${A}/x/y`), js('a=1'), nav(`${A}/`), nav(`${A}/x/z`)]);
hand('js: cannot set httponly', () => [nav(`${A}/`), js('a=1; HttpOnly'), nav(`${A}/`)]);
hand('js: cannot overwrite httponly', () => [nav(`${A}/`, ['a=1; HttpOnly']), js('a=2', 'a=3; Path=/x'), nav(`${A}/x`)]);
hand('js: cannot delete httponly', () => [nav(`${A}/`, ['a=1; HttpOnly']), js('a=; Max-Age=0'), nav(`${A}/`)]);
hand('js: delete', () => [nav(`${A}/`, ['a=1', 'b=2']), js('a=; expires=Thu, 01 Jan 1970 00:00:00 GMT', 'b=; max-age=0'), nav(`${A}/`)]);
hand('js: domain cookie', () => [nav(`${B}/`), js('a=1; domain=example.test', 'b=1; domain=other.test', 'c=1; domain=.a.example.test'), nav(`${E}/`), nav(`${A}/`)]);
hand('js: secure on http', () => [nav(`${A}/`), js('a=1; secure'), nav(`${A}/`)]);
hand('js: secure on localhost', () => [nav(`${L}/`), js('a=1; secure', '__Host-b=1; secure; path=/'), nav(`${L}/`)]);
hand('js: secure on https', () => [nav(`${SA}/`), js('a=1; secure', '__Host-b=1; secure; path=/', '__Secure-c=1'), nav(`${SA}/`)]);
hand('js: samesite', () => [nav(`${A}/`), js('a=1; samesite=strict', 'b=1; samesite=none', 'c=1; samesite=lax', 'd=1; samesite=x'), nav(`${A}/`)]);
hand('js: nameless and empty', () => [nav(`${A}/`), js('justvalue', '=v', '', '=', ';', 'a'), nav(`${A}/`)]);
hand('js: control characters', () => [nav(`${A}/`), js('a=b\u0000c', 'b=c\nd', 'c=d\re', 'd=\u0001', 'e=x\ty', 'f=\u007f'), nav(`${A}/`)]);
hand('js: non-ascii', () => [nav(`${A}/`), js('a=é', 'é=1', 'b=日本', 'c=\u{1F36A}'), nav(`${A}/`)]);
hand('js: path attribute', () => [nav(`${A}/x/y`), js('a=1; path=/', 'b=1; path=/x/y', 'c=1; path=/z', 'd=1; path=z'), nav(`${A}/x/y`)]);
hand('js: max-age and expires', () => [nav(`${A}/`), js('a=1; max-age=100', `b=1; expires=${inSecs(3600)}`, 'c=1; max-age=abc', 'd=1; max-age=99999999999'), nav(`${A}/`)]);
hand('js: overwrite and order', () => [nav(`${A}/`, ['a=1', 'b=1']), js('a=2', 'c=1', 'b=1'), nav(`${A}/`)]);
hand('js: secure cookie shadowing from http', () => [nav(`${SA}/`, ['a=1; Secure']), nav(`${A}/`), js('a=2', 'a=3; path=/x'), nav(`${SA}/x`)]);
hand('js: long value', () => [nav(`${A}/`), js(`a=${'v'.repeat(4095)}`, `b=${'v'.repeat(4095)}`), nav(`${A}/`)]);
hand('js: on ip host', () => [nav(`${IP}/p/q`), js('a=1', 'b=1; domain=127.0.0.1', 'c=1; domain=.127.0.0.1'), nav(`${IP}/p/`)]);
hand('js: nameless with =', () => [nav(`${A}/`), js('=a=b', '==', '=a', 'b=c=d'), nav(`${A}/`)]);
hand('js: partitioned', () => [nav(`${SA}/`), js('a=1; partitioned; secure', 'b=1; partitioned', 'a=2; secure'), nav(`${SA}/`)]);
hand('js: partitioned on http', () => [nav(`${A}/`), js('a=1; partitioned; secure', 'b=1; partitioned'), nav(`${A}/`)]);
hand('js: duplicate attributes', () => [nav(`${A}/`), js('a=1; path=/x; path=/', 'b=1; max-age=0; max-age=100', 'c=1; samesite=strict; samesite=bogus'), nav(`${A}/`)]);

// Across sites: link, form POST, iframe, img. (From an https page to an http target only
// a link: a form POST there stops at Chromium's insecure-form warning, and an http iframe
// or image in an https page is mixed content, blocked or upgraded.)
const SB = 'https://b.a.example.test';
const SO = 'https://other.test';
const jarLines = {
    [A]: ['s=1; SameSite=Strict', 'l=1; SameSite=Lax', 'n=1; SameSite=None; Secure', 'u=1'],
    [SA]: ['s=1; SameSite=Strict; Secure', 'l=1; SameSite=Lax; Secure', 'n=1; SameSite=None; Secure', 'u=1; Secure'],
};
const responseLines = ['set=1', 'setlax=1; SameSite=Lax', 'setstrict=1; SameSite=Strict', 'setnone=1; SameSite=None; Secure',
    'setnoneinsecure=1; SameSite=None', 'setdomain=1; Domain=other.test', '__Host-pre=1'];
for (const [fromUrl, target, label, hows] of [
    [O, A, 'cross-site', ['link', 'post', 'iframe', 'img']],
    [O, SA, 'cross-site', ['link', 'post', 'iframe', 'img']],
    [SO, SA, 'cross-site', ['link', 'post', 'iframe', 'img']],
    [SO, A, 'cross-site', ['link']],
    [B, A, 'same-site', ['link', 'post', 'iframe', 'img']],
    [SB, SA, 'same-site', ['link', 'post', 'iframe', 'img']],
    [B, SA, 'cross-scheme', ['link', 'post', 'iframe', 'img']],
    [SB, A, 'cross-scheme', ['link']],
    [A, A, 'same-origin', ['post', 'iframe', 'img']],
]) {
    for (const how of hows) {
        hand(`${how} ${label} from ${fromUrl} to ${target}`, () => [nav(`${target}/`, jarLines[target]), from(`${fromUrl}/`, how, `${target}/x`, responseLines), nav(`${target}/x`)]);
    }
}
hand('img cross-site: domain cookie of the target', () => [nav(`${B}/`, ['d=1; Domain=example.test; SameSite=Lax']), from(`${O}/`, 'img', `${A}/i`), from(`${E}/`, 'img', `${A}/i`)]);

// Redirects: Set-Cookie on a redirect, and which cookies go on each hop.
hand('redirect: Set-Cookie on each hop', () => [nav(`${A}/r`, ['r=1'], { then: [[`${A}/x/y`, ['x=1']]] }), nav(`${A}/x/`)]);
hand('redirect: typed, through other.test', () => [nav(`${A}/`, jarLines[A]), nav(`${O}/r`, ['o=1'], { then: [[`${A}/x`, ['after=1']]] }), nav(`${O}/`)]);
hand('redirect: same-site link bounced through other.test', () => [
    nav(`${A}/`, jarLines[A]),
    from(`${A}/`, 'link', `${A}/r`, [], { then: [[`${O}/r`, ['o=1']], [`${A}/x`, ['after=1', 'afterstrict=1; SameSite=Strict']]] }),
    nav(`${A}/`),
]);
hand('redirect: cross-site link to a same-site redirect', () => [nav(`${A}/`, jarLines[A]), from(`${O}/`, 'link', `${A}/r`, [], { then: [[`${A}/x`]] })]);
hand('redirect: typed, same-site hops', () => [nav(`${A}/`, jarLines[A]), nav(`${B}/r`, [], { then: [[`${A}/x`]] })]);
hand('redirect: cross-site POST, 303', () => [nav(`${A}/`, jarLines[A]), from(`${O}/`, 'post', `${A}/r`, [], { then: [[`${A}/x`, [], 303]] })]);
hand('redirect: cross-site POST, 307 keeps POST', () => [nav(`${A}/`, jarLines[A]), from(`${O}/`, 'post', `${A}/r`, [], { then: [[`${A}/x`, [], 307]] })]);
hand('redirect: same-site POST, 302', () => [nav(`${A}/`, jarLines[A]), from(`${B}/`, 'post', `${A}/r`, ['p=1'], { then: [[`${A}/x`, ['q=1']]] })]);
hand('redirect: image bounced through other.test', () => [nav(`${A}/`, jarLines[A]), from(`${A}/`, 'img', `${A}/r`, [], { then: [[`${O}/r`, ['o=1']], [`${A}/i`, ['i=1']]] })]);
hand('redirect: cross-site image to a same-site redirect', () => [nav(`${A}/`, jarLines[A]), from(`${O}/`, 'img', `${O}/r`, [], { then: [[`${A}/i`, ['i=1']]] })]);
hand('redirect: http to https', () => [nav(`${SA}/`, jarLines[SA]), nav(`${A}/r`, ['h=1'], { then: [[`${SA}/x`, ['s=2; Secure']]] })]);
hand('redirect: https link to http', () => [nav(`${SA}/`, jarLines[SA]), from(`${SA}/`, 'link', `${SA}/r`, [], { then: [[`${A}/x`, ['h=1']]] }), nav(`${SA}/`)]);

// Lax-allowing-unsafe: an unspecified-SameSite cookie younger than two minutes still goes
// with a cross-site top-level POST. These wait 125 s of real time, so they run beside
// the others.
const wait = (ms) => ({ kind: 'wait', ms });
cases.push({
    name: 'lax-allowing-unsafe: cross-site POST before and after two minutes',
    background: true,
    steps: () => [
        nav(`${A}/`, ['u=1', 'l=1; SameSite=Lax', 'old=1']),
        from(`${O}/`, 'post', `${A}/x`),
        wait(125_000),
        nav(`${A}/`, ['young=1', 'old=2', 'l=2; SameSite=Lax']),
        from(`${O}/`, 'post', `${A}/x`),
        from(`${O}/`, 'link', `${A}/x`),
    ],
});
cases.push({
    name: 'lax-allowing-unsafe: same value keeps the creation time',
    background: true,
    steps: () => [nav(`${A}/`, ['u=1', 'v=1']), wait(125_000), nav(`${A}/`, ['u=1', 'v=2']), from(`${O}/`, 'post', `${A}/x`)],
});

// ---------------------------------------------------------------------------
// Random cases: lines drawn from awkward pieces.

function mulberry32(seed) {
    return () => {
        seed |= 0;
        seed = (seed + 0x6d2b79f5) | 0;
        let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

function randomCases(n, seed) {
    const rnd = mulberry32(seed);
    const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
    const chance = (p) => rnd() < p;
    const randCase = (s) => [...s].map((ch) => (chance(0.5) ? ch.toUpperCase() : ch.toLowerCase())).join('');
    const hosts = [A, A, B, E, L, IP, SA, SA, SE, O, 'http://sub.localhost'];
    const paths = ['/', '/', '/a', '/a/', '/a/b', '/a/b/c', '/b', '/a/b.html', '/A', '/ab'];
    const names = ['a', 'a', 'b', 'b', 'c', 'c', 'sessionid', 'csrftoken', '__Secure-s', '__Host-h', '__secure-x', '', '', 'x y', 'ü',
        '$x', 'n"q', 'n,c', ' sp ', 'long' + 'n'.repeat(60)];
    const values = ['1', '2', '1', '2', 'v', '', '"q"', '"', 'a b', ' pad ', 'a,b', 'a\\b', 'é', '日本', 'a=b', '{"j":1}', '%22',
        'v'.repeat(200)];
    const sameSites = ['Strict', 'Lax', 'None', 'lax', 'NONE', '', 'bogus', ' Strict '];
    const domainsFor = (url) => {
        const h = new URL(url).hostname;
        const parts = h.split('.');
        const parent = parts.slice(1).join('.');
        return [h, '.' + h, parent, '.' + parent, h.toUpperCase(), 'other.test', 'example.test', '.example.test', 'test', '', ' ' + h,
            'localhost', '127.0.0.1', h + '.', 'b.' + h, 'xample.test'];
    };
    const maxAges = ['100', '0', '-1', '+60', 'abc', '', '1.5', '99999999999', '34560001', ' 100', '00'];
    const expireses = [() => inSecs(3600), () => inSecs(-3600), () => 'Thu, 01 Jan 1970 00:00:00 GMT', () => inSecs(600 * 86400),
        () => 'Wed, 21 Oct 2099 07:28:00 GMT', () => 'garbage', () => '', () => '21 Oct 15 07:28:00', () => 'Wed, 30 Feb 2099 07:28:00 GMT'];
    function attr(url) {
        const k = rnd();
        const sp = () => (chance(0.15) ? ' ' : '');
        const name = (s) => (chance(0.3) ? randCase(s) : s);
        if (k < 0.14) return `${name('Path')}${sp()}=${sp()}${pick([...paths, '', 'a', '/a b', '/%61'])}`;
        if (k < 0.26) return `${name('Domain')}=${pick(domainsFor(url))}`;
        if (k < 0.38) return `${name('Max-Age')}=${pick(maxAges)}`;
        if (k < 0.48) return { lazy: () => `${name('Expires')}=${pick(expireses)()}` };
        if (k < 0.60) return name('Secure') + (chance(0.1) ? '=x' : '');
        if (k < 0.70) return name('HttpOnly');
        if (k < 0.82) return chance(0.9) ? `${name('SameSite')}=${pick(sameSites)}` : name('SameSite');
        if (k < 0.86) return `Priority=${pick(['High', 'Low', 'x'])}`;
        if (k < 0.89) return 'Partitioned';
        if (k < 0.93) return pick(['Comment=x', 'Version=1', 'foo', '', ' ', 'x=y=z']);
        return `${name('Path')}=/`;
    }
    function line(url) {
        const nm = chance(0.02) ? 'x\x01' : pick(names);
        const v = chance(0.03) ? pick(['\x01', '\x7f', 'x\ty']) : pick(values);
        const nameless = chance(0.06);
        let pair = nameless ? v || 'nv' : `${nm}=${v}`;
        const attrs = Array.from({ length: Math.floor(rnd() * 5) }, () => attr(url));
        return () => [pair, ...attrs.map((a) => (typeof a === 'string' ? a : a.lazy()))].join(chance(0.1) ? ';' : '; ');
    }
    const out = [];
    for (let i = 0; i < n; i++) {
        const plan = [];
        const home = pick(hosts);
        const sets = 1 + Math.floor(rnd() * 3);
        for (let j = 0; j < sets; j++) {
            const host = chance(0.7) ? home : pick(hosts);
            const url = host + pick(paths);
            const lines = Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => line(url));
            plan.push({ url, lines });
        }
        const probes = Array.from({ length: 2 + Math.floor(rnd() * 3) }, () => (chance(0.6) ? home : pick(hosts)) + pick(paths));
        out.push({
            name: `random ${i}`,
            steps: () => [...plan.map((p) => nav(p.url, p.lines.map((l) => l()))), ...probes.map((p) => nav(p))],
        });
    }
    return out;
}
cases.push(...randomCases(RANDOM_CASES, SEED));

// ---------------------------------------------------------------------------

const chosen = ONLY ? cases.filter((c) => c.name.includes(ONLY)) : cases;
const names = new Set();
for (const c of cases) {
    if (names.has(c.name)) throw new Error(`two cases named ${c.name}`);
    names.add(c.name);
}
const results = [];
const started = Date.now();
const attempt = (c) => runCase(c).catch((e) => {
    console.error(`case ${c.name}: ${e.message.split('\n')[0]}`);
    return { name: c.name, error: e.message.split('\n')[0] };
});
try {
    await start();
    // The waiting cases run beside the others (each case has its own browser context).
    const background = new Map(chosen.filter((c) => c.background).map((c) => [c, attempt(c)]));
    for (const [i, c] of chosen.entries()) {
        results.push(background.get(c) ?? await attempt(c));
        if ((i + 1) % 50 === 0) console.error(`${i + 1}/${chosen.length} cases, ${Math.round((Date.now() - started) / 1000)} s`);
    }
    for (let i = 0; i < results.length; i++) results[i] = await results[i];
} finally {
    await browser?.close();
    httpServer?.close();
    httpsServer?.close();
    cleanup();
}
const doc = {
    chromium: VERSION,
    recorded: new Date(started).toISOString(),
    flags: FLAGS,
    note: 'Recorded by gen.mjs. Each case: fresh browser context. Step: url (port dropped), t (ms since epoch, server clock at the request), sent (Cookie header received), set (Set-Cookie lines of the response), date (its Date header), rejected ([line, DevTools blockedReasons]; absent: none), not_sent ([name, domain, path, blockedReasons]; absent: none; no_devtools: DevTools reported nothing for the request), jar after the step (absent: as after the previous step) ([name, value, domain, path, expires_in_s|null, httpOnly, secure, sameSite|null, priority, partition top-level site|null]); js: [[assignment, document.cookie after]]; link/post/iframe/img: the initiator page.',
    cases: results,
};
// One case per line: diffs of a re-recording stay readable.
const text = '{\n' + Object.entries(doc).filter(([k]) => k !== 'cases').map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)},\n`).join('')
    + '  "cases": [\n' + results.map((r) => '    ' + JSON.stringify(r)).join(',\n') + '\n  ]\n}\n';
if (PRINT) console.log(text);
else {
    fs.writeFileSync(OUT, text);
    console.error(`${results.length} cases (${results.filter((r) => r.error).length} failed) → ${OUT}`);
}
