// The start-up report: where the time from navigation to the lecture's first response on
// screen goes, over several cold loads of the release page.
//   node tools/e2e-startup.mjs URL ARTIFACTS_DIR      (scripts/e2e.sh serves dist/ and runs this)
// Each load is cold: a fresh browser context (no HTTP cache, no compiled-wasm cache, no
// localStorage). The page marks its own steps (src/startup.rs: performance.mark
// "djsim:…"); this script reads them with Chromium's navigation and resource timings,
// prints the breakdown (best and median) and writes ARTIFACTS_DIR/startup-report.txt.
// STARTUP_RUNS=n sets the number of cold loads (default 7). Then the same for a page
// restoring a saved state of many steps. The figures are printed, never asserted: the
// checks only say that every load showed its page and made every mark.
// Prints one line per check and "e2e: N passed, N failed".
import { assert, cliArgs, harness, launch, TIMEOUT, waitForServer, watchErrors } from './e2e-lib.mjs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const { url, artifacts } = cliArgs('e2e-startup.mjs');
const RUNS = Math.max(1, Number(process.env.STARTUP_RUNS || 7));
const START_URL = 'http://127.0.0.1:8000/session/';
const SESSFUN = 'http://127.0.0.1:8000/session/sessfun';
const MARKS = ['djsim:main', 'djsim:world-built', 'djsim:first-response', 'djsim:app-rendered', 'djsim:page-loaded'];
/** How many sessfun visits the saved state holds (each a recorded step to replay). */
const SAVED_VISITS = 40;
/** What sessfun shows after them: the lecture's view deletes num_visits once it passes 4. */
const SAVED_PAGE = `view count=${((SAVED_VISITS - 1) % 5) + 1}`;

const { check, finish } = harness({ lines: 8 });

/** One cold load: a fresh context; `init` (optional) runs in it before the page's scripts;
 *  `expect` is the selector, in Browser A's page, that shows the page is on screen. */
async function coldLoad(browser, { init, expect }) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    const errors = [];
    let tracing = false;
    try {
        if (init) await context.addInitScript(init.script, init.arg);
        const page = await context.newPage();
        page.setDefaultTimeout(TIMEOUT);
        watchErrors(page, errors);
        const viewport = page.frameLocator('iframe[title="Page shown in Browser A"]');
        await browser.startTracing(page, { categories: TRACE_CATEGORIES });
        tracing = true;
        const start = performance.now();
        await page.goto(url, { waitUntil: 'commit' });
        await viewport.locator(expect).waitFor();
        const wall = performance.now() - start;
        await page.waitForFunction(() => performance.getEntriesByName('djsim:page-loaded').length > 0);
        tracing = false;
        const trace = JSON.parse((await browser.stopTracing()).toString()).traceEvents;
        const timing = await page.evaluate(() => {
            const nav = performance.getEntriesByType('navigation')[0];
            const resources = performance.getEntriesByType('resource').map((r) => ({
                name: r.name.split('/').pop(),
                start: r.startTime,
                responseStart: r.responseStart,
                end: r.responseEnd,
                size: r.transferSize || r.encodedBodySize,
            }));
            const marks = Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, m.startTime]));
            const paints = Object.fromEntries(performance.getEntriesByType('paint').map((p) => [p.name, p.startTime]));
            return { responseEnd: nav.responseEnd, domInteractive: nav.domInteractive, domContentLoaded: nav.domContentLoadedEventEnd, resources, marks, paints };
        });
        return { wall, errors, cpu: mainThreadCpu(trace, timing.marks['djsim:page-loaded']), ...timing };
    } finally {
        if (tracing) await browser.stopTracing().catch(() => {});
        await context.close();
    }
}

/** What Chromium's trace records of the page's main thread (thread time: what it ran,
 *  not what it waited for, so less sensitive to other processes on the machine). */
const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.wasm', 'blink.user_timing'];

/** The page's main-thread CPU (ms) from navigation start until `until` (ms after it), by kind. */
function mainThreadCpu(events, until) {
    const start = events.find((e) => e.name === 'navigationStart' && e.args?.data?.isLoadingMainFrame) ?? events.find((e) => e.name === 'navigationStart');
    const parse = events.find((e) => e.name === 'ParseHTML');
    if (!start || !parse || !Number.isFinite(until)) return {};
    const end = start.ts + until * 1000;
    const own = events.filter((e) => e.ph === 'X' && e.pid === parse.pid && e.tid === parse.tid && e.ts >= start.ts && e.ts <= end);
    const ms = (names) => own.filter((e) => names.includes(e.name)).reduce((sum, e) => sum + (e.tdur || 0), 0) / 1000;
    return {
        busy: ms(['RunTask']),
        script: ms(['FunctionCall', 'EvaluateScript', 'v8.evaluateModule', 'TimerFire', 'EventDispatch']),
        lazyCompile: ms(['wasm.CompileLazy']),
        styleLayout: ms(['UpdateLayoutTree', 'Layout']),
    };
}

/** The phases of one load, in ms (each from the end of the one before). */
function phases(t) {
    const wasm = t.resources.filter((r) => /\.wasm(\.lzma)?$/.test(r.name));
    const js = t.resources.find((r) => /^playground-.*\.js$/.test(r.name));
    const m = (name) => t.marks[name];
    const wasmEnd = Math.max(...wasm.map((r) => r.end));
    return {
        'html responseEnd': t.responseEnd,
        'js glue responseEnd': js ? js.end : NaN,
        'wasm requested (startTime)': Math.min(...wasm.map((r) => r.start)),
        'wasm responseEnd': wasmEnd,
        'wasm unpacked (static/unlzma.js)': m('djsim:wasm-unpacked'),
        'domInteractive': t.domInteractive,
        'domContentLoaded': t.domContentLoaded,
        'main() starts': m('djsim:main'),
        'World built': m('djsim:world-built'),
        'first response (World)': m('djsim:first-response'),
        'first App render committed': m('djsim:app-rendered'),
        'first-contentful-paint': t.paints['first-contentful-paint'] ?? NaN,
        'first response rendered (iframe load)': m('djsim:page-loaded'),
        'playwright: goto → page seen (its own overhead incl.)': t.wall,
        '  of which wasm download (start→end)': wasmEnd - Math.min(...wasm.map((r) => r.start)),
        '  of which LZMA unpacking (wasm end → unpacked)': m('djsim:wasm-unpacked') - wasmEnd,
        '  of which compile+instantiate (unpacked → main)': m('djsim:main') - m('djsim:wasm-unpacked'),
        '  of which World (main → World built)': m('djsim:world-built') - m('djsim:main'),
        '  of which first request (World → response)': m('djsim:first-response') - m('djsim:world-built'),
        '  of which first render (response → committed)': m('djsim:app-rendered') - m('djsim:first-response'),
        '  of which iframe (committed → loaded)': m('djsim:page-loaded') - m('djsim:app-rendered'),
        'main-thread CPU until page-loaded (trace thread time)': t.cpu.busy ?? NaN,
        '  of which script (JS + wasm, incl. its lazy compile)': t.cpu.script ?? NaN,
        '  of which wasm lazy compile': t.cpu.lazyCompile ?? NaN,
        '  of which style + layout': t.cpu.styleLayout ?? NaN,
        'wasm fetches (count)': wasm.length,
        'wasm bytes transferred': wasm.reduce((sum, r) => sum + r.size, 0),
    };
}

const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** The table: one row per phase, best and median over the loads, then each load. */
function table(title, loads) {
    const rows = loads.map(phases);
    const keys = Object.keys(rows[0]);
    const fmt = (x) => (Number.isFinite(x) ? x.toFixed(0) : '-');
    const lines = [title, `${'ms from navigation start'.padEnd(50)} ${'best'.padStart(7)} ${'median'.padStart(7)}   each load`];
    for (const key of keys) {
        const xs = rows.map((r) => r[key]);
        const finite = xs.filter(Number.isFinite);
        const best = finite.length ? Math.min(...finite) : NaN;
        const med = finite.length ? median(finite) : NaN;
        lines.push(`${key.padEnd(50)} ${fmt(best).padStart(7)} ${fmt(med).padStart(7)}   ${xs.map(fmt).join(' ')}`);
    }
    return lines;
}

const report = [];
const browser = await launch();
try {
    await waitForServer(url);
    const loadavg = os.loadavg().map((x) => x.toFixed(2)).join(' ');
    report.push(`start-up report: ${RUNS} cold loads of ${url} in headless Chromium ${browser.version()}`);
    report.push(`(each in a fresh browser context: no HTTP cache, no code cache, no localStorage; one`);
    report.push(`load before them, not counted, starts the browser's own processes as a running browser has them)`);
    report.push(`machine: ${os.cpus().length} cores, load average ${loadavg} at start (shared with other builds: figures are noisy)`);
    report.push('');

    const fresh = [];
    await coldLoad(browser, { expect: 'a[href="sessfun"]' }).catch(() => {});
    await check(`${RUNS} cold loads show the lecture page and make every start-up mark`, async () => {
        for (let i = 0; i < RUNS; i += 1) {
            const load = await coldLoad(browser, { expect: 'a[href="sessfun"]' });
            assert(load.errors.length === 0, load.errors.join('\n'));
            const missing = MARKS.filter((name) => !(name in load.marks));
            assert(missing.length === 0, `load ${i + 1}: no mark ${missing.join(', ')}`);
            fresh.push(load);
        }
        const rendered = fresh.map((load) => load.marks['djsim:page-loaded']);
        report.splice(3, 0, `navigation → first response rendered (fresh start, the page's clock): best ${Math.min(...rendered).toFixed(0)} ms, median ${median(rendered).toFixed(0)} ms`);
        report.push(...table(`A fresh start (the lecture's World, Browser A on ${START_URL})`, fresh));
    });

    const restored = [];
    await check(`${RUNS} cold loads restore a saved state of ${SAVED_VISITS} visits`, async () => {
        const steps = [{ browser: 'A', get: START_URL }];
        for (let i = 0; i < SAVED_VISITS; i += 1) steps.push({ browser: 'A', get: SESSFUN });
        const saved = JSON.stringify({ format: 'djsim-playground/1', scenario: { steps }, browser: 'A', devtools: 'network' });
        const init = {
            script: ([key, text]) => {
                if (!sessionStorage.getItem('startup-seeded')) {
                    sessionStorage.setItem('startup-seeded', '1');
                    localStorage.setItem(key, text);
                }
            },
            arg: ['djsim-playground', saved],
        };
        for (let i = 0; i < RUNS; i += 1) {
            const load = await coldLoad(browser, { init, expect: `body:text-is("${SAVED_PAGE}")` });
            assert(load.errors.length === 0, load.errors.join('\n'));
            const missing = MARKS.filter((name) => !(name in load.marks));
            assert(missing.length === 0, `load ${i + 1}: no mark ${missing.join(', ')}`);
            restored.push(load);
        }
        report.push('');
        report.push(...table(`A saved state restored (${SAVED_VISITS + 1} recorded steps replayed; Browser A on sessfun)`, restored));
    });
} finally {
    await browser.close();
}

if (report.length > 4) {
    const text = `${report.join('\n')}\n`;
    console.log(text.replace(/^/gm, '      '));
    fs.mkdirSync(artifacts, { recursive: true });
    fs.writeFileSync(path.join(artifacts, 'startup-report.txt'), text);
    console.log(`      written to ${path.join(artifacts, 'startup-report.txt')}`);
}
finish();
