// The benchmark page of the release build: opens URL?bench=auto in the headless system
// Chromium, waits until it has measured everything, prints every figure, and saves
// them to ARTIFACTS_DIR/bench-report.txt and the page to ARTIFACTS_DIR/bench.png.
//   node tools/e2e-bench.mjs URL ARTIFACTS_DIR      (scripts/e2e.sh runs it last)
// Figures are printed, never asserted: the checks are that the run finished, that the
// table is complete and its numbers positive, and that the simulated counts are right.
import { assert, cliArgs, harness, launch, TIMEOUT, waitForServer, watchErrors } from './e2e-lib.mjs';
import fs from 'node:fs';
import path from 'node:path';

const { url, artifacts } = cliArgs('e2e-bench.mjs');
/// The whole run: the simulation several times over, then the page with 10,000 browsers.
const RUN_TIMEOUT = 15 * 60_000;

// Every figure the page reports, in order (names without their values).
const TIMED = [
    'sessfun, 1 browser × 10,000 requests',
    'sessfun, 1,000 browsers × 10 requests',
    "10,000 browsers' first visits, as recorded steps",
    'open the playground: restore 10,000 steps, first render',
    'Network, 10,000 requests: select a request',
    'Network, 10,000 requests: filter (“store”: half of them)',
    'Network, 10,000 requests: clear the filter',
    'Network, 10,000 requests: one more request (a new browser visits sessfun)',
    'Database, 10,000 sessions: open the tab',
    'Database, 10,000 sessions: select (decode) a session',
    'Database, 10,000 sessions: filter (“num_visits”: half of them)',
    'Database, 10,000 sessions: clear the filter',
    'Database, 10,000 sessions: one more request (a new browser visits sessfun)',
    'Storage, 10,000 browsers: open the tab',
    'Storage, 10,000 browsers: one more request (a new browser visits sessfun)',
    'Storage, 10,000 browsers: choose a browser',
    'Storage, 10,000 browsers: select a cookie',
    'Storage, 10,000 browsers: filter',
    'Storage, 10,000 browsers: clear the filter',
];
// The counts the simulation must give (a session per browser; the many-browsers
// workload's warm-up browser has one too; the Network panel's three new browsers).
const COUNTS = {
    'sessfun, 1 browser × 10,000 requests: django_session rows': 1,
    'sessfun, 1,000 browsers × 10 requests: django_session rows': 1001,
    'simulated: requests': 10000,
    'simulated: django_session rows': 10000,
    'page: requests in the Network log': 10000,
    "page: sessions in the Database panel (and 3 new browsers')": 10003,
};

let page;
const { check, finish } = harness({ lines: 12, onFail: (name) => page && shot(`e2e-bench-failed-${name.replace(/\W+/g, '-')}`) });

async function shot(name) {
    const file = path.join(artifacts, `${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    console.log(`      screenshot ${file}`);
}

/// `bench: NAME: VALUE UNIT (…)` → { name, value, unit, rest }.
function parse(line) {
    const m = /^bench: (.+): ([\d,]+(?:\.\d+)?) (\S+)(.*)$/.exec(line);
    return m && { name: m[1], value: Number(m[2].replaceAll(',', '')), unit: m[3], rest: m[4] };
}

const pageErrors = [];
const logged = [];
const browser = await launch();
try {
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    page.setDefaultTimeout(TIMEOUT);
    watchErrors(page, pageErrors);
    page.on('console', (message) => message.text().startsWith('bench: ') && logged.push(message.text()));
    let lines = [];

    await check('?bench=auto runs every benchmark to the end', async () => {
        await waitForServer(url);
        const start = performance.now();
        await page.goto(`${url}?bench=auto`);
        // Polled once a second, not at every frame: the page is measuring frames.
        await page.waitForFunction(() => document.querySelector('main.bench[data-done]'), null, { polling: 1000, timeout: RUN_TIMEOUT });
        const root = page.locator('main.bench[data-done]');
        const done = await root.getAttribute('data-done');
        const text = await page.getByRole('table', { name: 'Benchmark results' }).innerText();
        lines = (await page.getByLabel('Benchmark lines').innerText()).split('\n').filter((l) => l.startsWith('bench: '));
        for (const line of lines) console.log(line);
        const seconds = ((performance.now() - start) / 1000).toFixed(0);
        const report = [`# ${url}?bench=auto in ${await browser.version()} (headless), ${new Date().toISOString()}, ${seconds} s`, ...lines, ''];
        fs.writeFileSync(path.join(artifacts, 'bench-report.txt'), report.join('\n'));
        console.log(`      ${lines.length} figures in ${seconds} s; written to ${path.join(artifacts, 'bench-report.txt')}`);
        await page.screenshot({ path: path.join(artifacts, 'bench.png') });
        assert(done === 'ok', `data-done=${done}: ${await page.getByRole('alert').innerText().catch(() => '')}\n${text}`);
    });

    await check('the table has every figure, each line is also on the console', async () => {
        const names = lines.map((l) => parse(l)?.name);
        const expected = [...TIMED, ...Object.keys(COUNTS)];
        const missing = expected.filter((n) => !names.includes(n));
        assert(missing.length === 0, `missing: ${missing.join(' | ')}\ngot: ${names.join(' | ')}`);
        const rows = await page.getByRole('table', { name: 'Benchmark results' }).locator('tbody tr').count();
        assert(rows === lines.length, `${rows} table rows, ${lines.length} lines`);
        assert(JSON.stringify(logged) === JSON.stringify(lines), `console:\n${logged.join('\n')}`);
    });

    await check('every timed figure is positive, with its runs, median and target', async () => {
        for (const line of lines) {
            const figure = parse(line);
            assert(figure, `unreadable: ${line}`);
            assert(figure.value > 0 && Number.isFinite(figure.value), `not positive: ${line}`);
            if (TIMED.includes(figure.name)) {
                assert(['req/s', 'ms'].includes(figure.unit), `unit: ${line}`);
                assert(/^ \(best of \d; median [\d,.]+ (req\/s|ms)(; target [^)]+: (met|MISSED))?\)$/.test(figure.rest), `details: ${line}`);
            }
        }
        const cells = await page.getByRole('table', { name: 'Benchmark results' }).locator('tbody tr').evaluateAll((trs) =>
            trs.map((tr) => [...tr.children].map((c) => c.textContent)));
        for (const [name, best, median, runs] of cells) {
            assert(best.trim() !== '', `no value for ${name}`);
            if (TIMED.includes(name)) assert(median.trim() !== '' && runs.split(',').length >= 1, `row ${name}: ${median} | ${runs}`);
        }
    });

    await check('the simulated counts are right', async () => {
        for (const [name, expected] of Object.entries(COUNTS)) {
            const figure = lines.map(parse).find((f) => f && f.name === name);
            assert(figure && figure.value === expected, `${name}: ${figure ? figure.value : 'missing'}, expected ${expected}`);
        }
    });

    await check('the playground under test shows its 10,000 requests', async () => {
        const status = await page.locator('.bench-app .net-status').innerText();
        assert(/^10009 requests, /.test(status), `status: ${status}`);
    });

    await check('no panic or page error', async () => {
        assert(pageErrors.length === 0, pageErrors.join('\n'));
    });
} finally {
    await browser.close();
}

finish();
