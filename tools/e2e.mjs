// End-to-end test of the release page, as a person uses it.
//   node tools/e2e.mjs URL ARTIFACTS_DIR      (scripts/e2e.sh serves dist/ and runs this)
// Drives the system Chromium (/usr/bin/chromium, or $CHROMIUM) with playwright-core;
// never downloads a browser. Prints one line per check, the time from navigation to
// the first simulated response on screen, and "e2e: N passed, N failed".
import { assert, cliArgs, harness, launch, TIMEOUT, waitForServer, watchErrors } from './e2e-lib.mjs';
import path from 'node:path';

const { url, artifacts } = cliArgs('e2e.mjs');

let page;
const { check, finish } = harness({ lines: 6, onFail: (name) => page && shot(`failed-${name.replace(/\W+/g, '-')}`) });

async function shot(name) {
    const file = path.join(artifacts, `e2e-${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    console.log(`      screenshot ${file}`);
}

const pageErrors = [];
const browser = await launch();
try {
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    page.setDefaultTimeout(TIMEOUT);
    watchErrors(page, pageErrors);
    const viewport = page.frameLocator('iframe[title="Page shown in Browser A"]');

    await check('the page loads under a sub-path and shows the lecture page', async () => {
        await waitForServer(url);
        const start = performance.now();
        // From the navigation's commit on, watch for the page (not only after `load`).
        await page.goto(url, { waitUntil: 'commit' });
        await viewport.locator('a[href="sessfun"]').waitFor();
        const ms = performance.now() - start;
        // The page's own clock: from navigation start to the iframe's load (src/startup.rs).
        await page.waitForFunction(() => performance.getEntriesByName('djsim:page-loaded').length > 0);
        const mark = await page.evaluate(() => performance.getEntriesByName('djsim:page-loaded')[0].startTime);
        console.log(`      navigation to first response rendered: ${ms.toFixed(0)} ms (seen by playwright), ${mark.toFixed(0)} ms (in the page; tools/e2e-startup.mjs has the breakdown)`);
        assert(await page.getByRole('tab', { name: 'Browser A' }).isVisible(), 'no "Browser A" tab');
        const address = await page.getByRole('textbox', { name: 'Address' }).inputValue();
        assert(address === 'http://127.0.0.1:8000/session/', `address bar shows ${JSON.stringify(address)}`);
        await shot('1-start');
    });

    await check('clicking sessfun twice counts two visits', async () => {
        await viewport.locator('a[href="sessfun"]').click();
        await viewport.getByText('view count=1').waitFor();
        await page.getByRole('button', { name: 'Back' }).click();
        await viewport.locator('a[href="sessfun"]').click();
        await viewport.getByText('view count=2').waitFor();
        const text = (await viewport.locator('body').innerText()).trim();
        assert(text === 'view count=2', `page text is ${JSON.stringify(text)}`);
        const address = await page.getByRole('textbox', { name: 'Address' }).inputValue();
        assert(address === 'http://127.0.0.1:8000/session/sessfun', `address bar shows ${JSON.stringify(address)}`);
        await shot('2-view-count-2');
    });

    await check('the Storage panel shows the sessionid cookie', async () => {
        await page.getByRole('tab', { name: 'Storage' }).click();
        const cookies = page.getByRole('table', { name: 'Cookies' });
        await cookies.waitFor();
        const names = await cookies.locator('tbody tr td:first-child').allInnerTexts();
        assert(names.includes('sessionid'), `cookie names: ${JSON.stringify(names)}`);
        await shot('3-storage');
    });

    await check('the Network panel shows the Set-Cookie of the first sessfun', async () => {
        await page.getByRole('tab', { name: 'Network' }).click();
        const rows = page.getByRole('grid', { name: 'Requests' }).getByRole('row').filter({ has: page.locator('td.c-file', { hasText: /^sessfun$/ }) });
        const count = await rows.count();
        assert(count === 2, `${count} sessfun requests listed, expected 2`);
        await rows.first().click();
        const headers = await page.getByLabel('Response headers').innerText();
        assert(/Set-Cookie\s+sessionid=/i.test(headers), `response headers:\n${headers}`);
        await shot('4-network');
    });

    await check('keyboard: arrow keys move between devtools tabs', async () => {
        await page.getByRole('tab', { name: 'Network' }).focus();
        await page.keyboard.press('ArrowRight');
        const selected = await page.getByRole('tab', { name: 'Storage' }).getAttribute('aria-selected');
        assert(selected === 'true', `Storage aria-selected=${selected}`);
        const focused = await page.evaluate(() => document.activeElement && document.activeElement.textContent);
        assert(focused === 'Storage', `focus is on ${JSON.stringify(focused)}`);
    });

    await check('no panic or page error', async () => {
        assert(pageErrors.length === 0, pageErrors.join('\n'));
    });
} finally {
    await browser.close();
}

finish();
