// The harness every tools/e2e*.mjs shares: its arguments, waiting for the server,
// launching the system Chromium (/usr/bin/chromium, or $CHROMIUM; never downloads one),
// catching the page's errors, named checks and the "e2e: N passed, N failed" summary
// that scripts/test.sh counts; and what two scripts check alike (the Network list fits).
import { chromium } from 'playwright-core';

export const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
export const TIMEOUT = 20_000;

/// `node tools/<script> URL [ARTIFACTS_DIR]`: the URL and the artifacts directory.
export function cliArgs(script) {
    const [url, artifacts = 'artifacts'] = process.argv.slice(2);
    if (!url) {
        console.error(`usage: node tools/${script} URL [ARTIFACTS_DIR]`);
        process.exit(2);
    }
    return { url, artifacts };
}

export function assert(condition, message) {
    if (!condition) throw new Error(message);
}

// Waits until the server answers (python's http.server may still be starting).
export async function waitForServer(url) {
    const deadline = Date.now() + 15_000;
    for (;;) {
        try {
            if ((await fetch(url)).ok) return;
        } catch {}
        if (Date.now() > deadline) throw new Error(`nothing answers at ${url}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
}

/// The headless system Chromium.
export function launch() {
    return chromium.launch({ executablePath, headless: true, args: ['--no-sandbox'] });
}

/// Collects into `pageErrors` the page's uncaught errors and its console errors matching `pattern`.
export function watchErrors(page, pageErrors, pattern = /panicked|RuntimeError|unreachable/) {
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    page.on('console', (message) => {
        if (message.type() === 'error' && pattern.test(message.text())) {
            pageErrors.push(message.text());
        }
    });
}

/// Counts checks: `check(name, body)` prints "ok"/"FAIL" (the error's first `lines` lines)
/// and on failure awaits `onFail(name)` (a screenshot; its own failure is ignored);
/// `finish()` prints "e2e: N passed, N failed" and exits 0 only if none failed.
/// With `only`, ONLY=text runs the checks whose name contains it (for debugging);
/// with `timed`, each "ok" line shows the check's seconds.
export function harness({ lines = 8, onFail = async () => {}, only = false, timed = false } = {}) {
    let passed = 0;
    let failed = 0;
    async function check(name, body) {
        if (only && process.env.ONLY && !name.includes(process.env.ONLY)) return;
        const start = performance.now();
        try {
            await body();
            passed += 1;
            console.log(timed ? `ok    ${name} (${((performance.now() - start) / 1000).toFixed(1)} s)` : `ok    ${name}`);
        } catch (error) {
            failed += 1;
            console.log(`FAIL  ${name}\n      ${String(error.message || error).split('\n').slice(0, lines).join('\n      ')}`);
            await Promise.resolve().then(() => onFail(name)).catch(() => {});
        }
    }
    function finish() {
        console.log(`e2e: ${passed} passed, ${failed} failed`);
        process.exit(failed === 0 ? 0 : 1);
    }
    return { check, finish };
}

/// Saves a screenshot of `page` as ARTIFACTS/NAME.png (playwright's screenshot
/// `options`, e.g. `{ fullPage: true }`) and prints its path.
export async function screenshot(page, artifacts, name, options = {}) {
    const file = `${artifacts.replace(/\/$/, '')}/${name}.png`;
    await page.screenshot({ path: file, ...options });
    console.log(`      screenshot ${file}`);
    return file;
}

export const NETWORK_COLUMNS = ['Status', 'Method', 'Domain', 'File', 'Type', 'Cookies', 'Set-Cookies', 'Size', 'Time', 'Browser'];
/// The Network request list fits its box: no sideways scrolling, and every column's
/// header shown whole inside it (none hidden, none cut short). Returns the list's width.
export async function expectListFits(p, where) {
    const list = await p.locator('.net-list').evaluate((l) => {
        const box = l.getBoundingClientRect();
        const left = box.left + l.clientLeft;
        return {
            scrollWidth: l.scrollWidth,
            clientWidth: l.clientWidth,
            headers: [...l.querySelectorAll('thead th')].map((th) => {
                const r = th.getBoundingClientRect();
                return {
                    name: th.textContent,
                    shown: r.width > 0 && r.height > 0 && r.left >= left - 0.5 && r.right <= left + l.clientWidth + 0.5,
                    whole: th.scrollWidth <= th.clientWidth,
                };
            }),
        };
    });
    const problems = [];
    if (list.scrollWidth > list.clientWidth) problems.push(`the list scrolls sideways (scrollWidth ${list.scrollWidth} > clientWidth ${list.clientWidth})`);
    const names = list.headers.map((h) => h.name);
    if (JSON.stringify(names) !== JSON.stringify(NETWORK_COLUMNS)) problems.push(`headers ${JSON.stringify(names)}`);
    for (const h of list.headers) {
        if (!h.shown) problems.push(`${h.name} is not in view`);
        else if (!h.whole) problems.push(`${h.name} is cut short`);
    }
    assert(problems.length === 0, `${where}: ${problems.join('; ')}`);
    return list.clientWidth;
}
