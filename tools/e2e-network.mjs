// End-to-end test of the Network panel on the release page, as a person uses it.
//   node tools/e2e-network.mjs URL ARTIFACTS_DIR     (scripts/e2e.sh serves dist/ and runs this)
// Drives the system Chromium (/usr/bin/chromium, or $CHROMIUM) with playwright-core; never
// downloads a browser. Clicks sessfun twice, reads the request list and the Cookies tab,
// exports the HAR (the download event), validates it against the HAR 1.2 JSON schemas
// (tools/har-validate.mjs: npm har-schema with Ajv) and checks what it says, and saves
// ARTIFACTS_DIR/network.png (and network-dark.png, network.har). Prints one line per check
// and "e2e: N passed, N failed".
import { assert, cliArgs, expectListFits, harness, launch, TIMEOUT, waitForServer, watchErrors } from './e2e-lib.mjs';
import { validateHar } from './har-validate.mjs';
import fs from 'node:fs/promises';
import path from 'node:path';

const { url, artifacts } = cliArgs('e2e-network.mjs');

let page;
const { check, finish } = harness({ lines: 8, onFail: (name) => page && shot(`network-failed-${name.replace(/\W+/g, '-')}`) });

async function shot(name) {
    const file = path.join(artifacts, `${name}.png`);
    await page.screenshot({ path: file });
    console.log(`      screenshot ${file}`);
}

const pageErrors = [];
const browser = await launch();
try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, acceptDownloads: true, colorScheme: 'light' });
    page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    watchErrors(page, pageErrors, /panicked|RuntimeError|unreachable|Export HAR failed/);
    // Every file of the page loads (the browser's own /favicon.ico aside).
    page.on('response', (response) => {
        if (response.status() >= 400 && !response.url().endsWith('/favicon.ico')) {
            pageErrors.push(`${response.status()} ${response.url()}`);
        }
    });
    const viewport = page.frameLocator('iframe[title="Page shown in Browser A"]');
    const grid = page.getByRole('grid', { name: 'Requests' });
    const rows = grid.locator('tbody [role=row]');
    const selected = grid.locator('tbody [role=row][aria-selected=true]');
    const files = async () => rows.locator('td.c-file').allInnerTexts();

    await check('sessfun twice: three requests listed, the last one selected', async () => {
        await waitForServer(url);
        await page.goto(url);
        for (const count of [1, 2]) {
            await viewport.locator('a[href="sessfun"]').click();
            await viewport.getByText(`view count=${count}`).waitFor();
            await page.getByRole('button', { name: 'Back' }).click();
            await viewport.locator('a[href="sessfun"]').waitFor();
        }
        const names = await files();
        assert(JSON.stringify(names) === '["session/","sessfun","sessfun"]', `files: ${JSON.stringify(names)}`);
        assert((await selected.locator('td.c-file').innerText()) === 'sessfun', 'the last sessfun is not selected');
        const cells = await selected.locator('td').allInnerTexts();
        const [status, method, domain, , type, cookies] = cells;
        assert(status === '200' && method === 'GET' && domain === '127.0.0.1:8000' && type === 'document' && cookies === '1',
            `selected row: ${JSON.stringify(cells)}`);
        const bar = await page.getByRole('status').innerText();
        assert(/^3 requests, [\d.]+ k?B transferred$/.test(bar), `status bar: ${bar}`);
        // At 1280×720 without a lesson the ten columns fit too (e2e-lessons checks beside one).
        await expectListFits(page, 'at 1280×720');
    });

    await check('Cookies tab: sessionid sent, and where it came from', async () => {
        await page.getByRole('tab', { name: 'Cookies' }).click();
        const sent = page.getByRole('table', { name: 'Request cookies' });
        const row = sent.locator('tbody tr').filter({ hasText: 'sessionid' });
        assert((await row.count()) === 1, 'no sessionid row in Request cookies');
        const cells = await row.locator('td').allInnerTexts();
        assert(cells[2].trim() === 'sent', `sessionid row: ${JSON.stringify(cells)}`);
        assert(/^[a-z0-9]{32}$/.test(cells[1].trim()), `session key: ${cells[1]}`);
        // Pointing at the key lights up its copy in the Response cookies (the same value).
        await row.locator('.value').hover();
        const lit = await page.locator('.value.hl').count();
        assert(lit === 2, `${lit} highlighted values, expected the request's and the response's`);
        await shot('network');
    });

    /// Clicks Export HAR, saves the download as ARTIFACTS_DIR/`name` and returns it parsed,
    /// after validating it against the HAR 1.2 schemas.
    async function exportHar(name) {
        const [download] = await Promise.all([
            page.waitForEvent('download'),
            page.getByRole('button', { name: 'Export HAR' }).click(),
        ]);
        assert(download.suggestedFilename() === 'playground.har', `file name ${download.suggestedFilename()}`);
        const file = path.join(artifacts, name);
        await download.saveAs(file);
        const har = JSON.parse(await fs.readFile(file, 'utf8'));
        const { errors, entries } = validateHar(har);
        assert(errors.length === 0, `${file} is not valid HAR 1.2:\n${errors.slice(0, 20).join('\n')}`);
        console.log(`      ${file}: ${entries} entries valid against the HAR 1.2 schemas`);
        return { har, file };
    }

    await check('Export HAR downloads a HAR 1.2 file of the listed requests', async () => {
        const { har, file } = await exportHar('network.har');
        const log = har.log;
        // The validator is not vacuous: a broken copy fails it.
        const broken = structuredClone(har);
        broken.log.entries[1].response.status = '200';
        delete broken.log.entries[2].request.headersSize;
        broken.log.entries[1].response.cookies[0].sameSite = 'lax';
        broken.log.entries[0].sessionKey = 'x';
        const problems = validateHar(broken).errors.join('\n');
        for (const pointer of ['/log/entries/1/response/status', '/log/entries/2/request:', '/log/entries/1/response/cookies/0/sameSite', 'property name must be valid {"propertyName":"sessionKey"}']) {
            assert(problems.includes(pointer), `the broken copy's problems miss ${pointer}:\n${problems}`);
        }
        assert(log.version === '1.2' && typeof log.creator.name === 'string', `log: ${JSON.stringify(log).slice(0, 200)}`);
        assert(log.entries.length === 3, `${log.entries.length} entries`);
        for (const [i, e] of log.entries.entries()) {
            assert(!Number.isNaN(new Date(e.startedDateTime).getTime()), `entry ${i}: startedDateTime ${e.startedDateTime}`);
            assert(typeof e.time === 'number' && ['send', 'wait', 'receive'].every((t) => e.timings[t] >= 0), `entry ${i}: timings`);
            assert(e.request.httpVersion === 'HTTP/1.1' && typeof e.response.status === 'number', `entry ${i}: request/response`);
        }
        const [start, first, second] = log.entries;
        assert(start.request.url.endsWith('/session/') && first.request.url.endsWith('/session/sessfun'), 'urls');
        const setCookie = first.response.cookies.find((c) => c.name === 'sessionid');
        assert(setCookie && setCookie.httpOnly === true && setCookie.sameSite === 'Lax' && setCookie.path === '/',
            `first sessfun's Set-Cookie: ${JSON.stringify(first.response.cookies)}`);
        const sent = second.request.cookies.find((c) => c.name === 'sessionid');
        assert(sent && sent.value === setCookie.value, `second sessfun sent ${JSON.stringify(second.request.cookies)}`);
        assert(second.response.content.text.trim() === 'view count=2', `body ${second.response.content.text}`);
        const setCookieHeaders = first.response.headers.filter((h) => h.name === 'Set-Cookie');
        assert(setCookieHeaders.length === 1 && setCookieHeaders[0].value.startsWith(`sessionid=${setCookie.value};`), 'Set-Cookie header');
    });

    await check('keyboard: arrow keys move the selection; the filter narrows the list', async () => {
        await grid.focus();
        await page.keyboard.press('ArrowUp');
        const id = await grid.getAttribute('aria-activedescendant');
        assert(id && id === (await selected.getAttribute('id')), `aria-activedescendant ${id}`);
        assert((await selected.getAttribute('aria-rowindex')) === '3', 'ArrowUp did not select the first sessfun');
        await page.keyboard.press('Home');
        assert((await selected.locator('td.c-file').innerText()) === 'session/', 'Home did not select the first request');
        await page.getByRole('textbox', { name: 'Filter URLs' }).fill('sessfun');
        const names = await files();
        assert(JSON.stringify(names) === '["sessfun","sessfun"]', `filtered: ${JSON.stringify(names)}`);
        const bar = await page.getByRole('status').innerText();
        assert(bar.startsWith('2 / 3 requests'), `status bar: ${bar}`);
        await page.getByRole('textbox', { name: 'Filter URLs' }).fill('');
    });

    await check('Headers: Raw shows the heads as sent; Preview renders the page', async () => {
        await rows.nth(1).click();
        await page.getByRole('tab', { name: 'Headers' }).click();
        await shot('network-headers');
        await page.getByRole('switch', { name: 'Raw' }).check();
        const raw = await page.getByLabel('Raw response headers').innerText();
        assert(/^HTTP\/1\.1 200 OK\r?\n/.test(raw) && /Set-Cookie: {2}sessionid=/.test(raw), `raw head:\n${raw}`);
        await page.getByRole('switch', { name: 'Raw' }).uncheck();
        await page.getByRole('tab', { name: 'Preview' }).click();
        const preview = page.frameLocator('iframe[title="Preview of the response"]');
        await preview.getByText('view count=1').waitFor();
        const sandbox = await page.locator('iframe[title="Preview of the response"]').getAttribute('sandbox');
        assert(!/allow-scripts/.test(sandbox), `preview sandbox: ${sandbox}`);
    });

    await check('dark theme screenshot', async () => {
        await page.emulateMedia({ colorScheme: 'dark' });
        await page.getByRole('tab', { name: 'Cookies' }).click();
        await shot('network-dark');
        await page.emulateMedia({ colorScheme: 'light' });
    });

    await check('a wider HAR (cookies set, deleted, reset, dated) is valid HAR 1.2 too', async () => {
        for (const href of ['cookie', 'deletezap', 'resetcookie', 'expiry/dt', 'cookie2', 'sessfun']) {
            await viewport.locator(`a[href="${href}"]`).click();
            await page.getByRole('button', { name: 'Back' }).click();
            await viewport.locator('a[href="sessfun"]').waitFor();
        }
        const { har } = await exportHar('network-wide.har');
        const entries = har.log.entries;
        assert(entries.length >= 9, `${entries.length} entries`);
        const cookies = entries.flatMap((e) => e.response.cookies);
        assert(cookies.some((c) => c.expires === '1970-01-01T00:00:00.000Z'), `no deleted cookie: ${JSON.stringify(cookies)}`);
        assert(cookies.some((c) => c.sameSite === 'Strict'), `no SameSite=Strict cookie: ${JSON.stringify(cookies)}`);
    });

    await check('no panic or page error', async () => {
        assert(pageErrors.length === 0, pageErrors.join('\n'));
    });
} finally {
    await browser.close();
}

finish();
