// End-to-end test of the Storage panel, the simulated clock and the Console, on the
// release page, as a person uses them.
//   node tools/e2e-storage.mjs URL ARTIFACTS_DIR      (scripts/e2e.sh serves dist/ and runs this)
// Drives the system Chromium (/usr/bin/chromium, or $CHROMIUM) with playwright-core.
// Prints one line per check and "e2e: N passed, N failed"; saves artifacts/storage.png
// and artifacts/console.png.
import { assert, cliArgs, harness, launch, TIMEOUT, waitForServer, watchErrors } from './e2e-lib.mjs';
import path from 'node:path';

const { url, artifacts } = cliArgs('e2e-storage.mjs');

let page;
const { check, finish } = harness({ lines: 6, onFail: (name) => page && shot(`e2e-storage-failed-${name.replace(/\W+/g, '-')}`) });

async function shot(name) {
    const file = path.join(artifacts, `${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    console.log(`      screenshot ${file}`);
}

/** The Cookies table's names, in order. */
async function cookieNames() {
    return page.getByRole('table', { name: 'Cookies' }).locator('tbody tr:not(.draft) td:first-child').allInnerTexts();
}

/** Waits until the cookie names are `expected` (the table re-renders after each action). */
async function expectNames(expected) {
    const deadline = Date.now() + TIMEOUT;
    let names;
    for (;;) {
        names = await cookieNames();
        if (JSON.stringify(names) === JSON.stringify(expected)) return;
        if (Date.now() > deadline) throw new Error(`cookie names ${JSON.stringify(names)}, expected ${JSON.stringify(expected)}`);
        await page.waitForTimeout(50);
    }
}

const pageErrors = [];
const browser = await launch();
try {
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(TIMEOUT);
    watchErrors(page, pageErrors);
    const viewport = page.frameLocator('iframe[title="Page shown in Browser A"]');
    const clock = page.getByRole('group', { name: 'Simulated clock' }).locator('time');

    await check('storage: visiting cookie shows zap and sakaicar', async () => {
        await waitForServer(url);
        await page.goto(url);
        await viewport.locator('a[href="cookie"]').click();
        await viewport.getByText('C is for cookie').waitFor();
        await page.getByRole('tab', { name: 'Storage' }).click();
        await expectNames(['zap', 'sakaicar']);
        const zap = page.getByRole('table', { name: 'Cookies' }).locator('tbody tr', { hasText: 'zap' });
        const cells = await zap.locator('td').allInnerTexts();
        assert(cells[4] === 'Session', `zap's Expires / Max-Age is ${JSON.stringify(cells[4])}`);
        assert(cells[5] === '5', `zap's Size is ${JSON.stringify(cells[5])}`);
        const time = (await clock.innerText()).trim();
        assert(time === 'Sun, 29 Sep 2019 23:17:55 UTC', `clock shows ${JSON.stringify(time)}`);
    });

    await check('storage: double-click edits zap, Enter commits', async () => {
        const table = page.getByRole('table', { name: 'Cookies' });
        await table.locator('tbody tr', { hasText: 'zap' }).locator('td').nth(1).dblclick();
        const editor = page.getByRole('textbox', { name: 'Value of zap' });
        await editor.fill('43');
        await editor.press('Enter');
        await table.locator('tbody tr', { hasText: 'zap' }).locator('td', { hasText: '43' }).first().waitFor();
        await table.locator('tbody tr', { hasText: 'zap' }).click();
        const sidebar = page.getByRole('complementary', { name: 'Selected cookie' });
        assert((await sidebar.innerText()).includes('43'), `sidebar: ${await sidebar.innerText()}`);
    });

    await check('clock: +1000 s removes sakaicar', async () => {
        await page.getByRole('button', { name: '+1 min' }).click();
        await page.getByRole('spinbutton', { name: 'Amount of time' }).fill('895');
        await page.getByRole('button', { name: 'Advance', exact: true }).click();
        // 955 s after the visit: sakaicar expires within the minute, greyed with a note.
        const sakaicar = page.getByRole('table', { name: 'Cookies' }).locator('tbody tr', { hasText: 'sakaicar' });
        await sakaicar.locator('.expiring-note').waitFor();
        await sakaicar.click();
        await shot('storage');
        await page.getByRole('button', { name: '+1000 s' }).click();
        await expectNames(['zap']);
        const time = (await clock.innerText()).trim();
        assert(time === 'Sun, 29 Sep 2019 23:50:30 UTC', `clock shows ${JSON.stringify(time)}`);
    });

    await check('console: document.cookie in the prompt reads the jar', async () => {
        await page.getByRole('tab', { name: 'Console' }).click();
        const prompt = page.getByRole('textbox', { name: 'document.cookie for Browser A' });
        await prompt.fill('document.cookie = "theme=dark; Path=/"');
        await prompt.press('Enter');
        await prompt.fill('document.cookie');
        await prompt.press('Enter');
        const history = page.getByRole('log', { name: 'Console history of Browser A' });
        await history.getByText("'zap=43; theme=dark'").waitFor();
        const text = await history.innerText();
        assert(text.includes('Stored: a new cookie in the jar.'), `history:\n${text}`);
        const server = await page.getByRole('log', { name: 'Server console' }).innerText();
        assert(server.includes('"GET /session/cookie HTTP/1.1" 200'), `server console:\n${server}`);
        assert(server.includes("{'sessionid'") || server.includes('{}'), `print(request.COOKIES) missing:\n${server}`);
        await shot('console');
    });

    await check('console: a tampered sessionid makes the server start a new session', async () => {
        await viewport.locator('body').waitFor();
        await page.getByRole('textbox', { name: 'Address' }).fill('http://127.0.0.1:8000/session/sessfun');
        await page.getByRole('textbox', { name: 'Address' }).press('Enter');
        await viewport.getByText('view count=1').waitFor();
        await page.getByRole('tab', { name: 'Storage' }).click();
        const table = page.getByRole('table', { name: 'Cookies' });
        await table.locator('tbody tr', { hasText: 'sessionid' }).locator('td').nth(1).dblclick();
        const editor = page.getByRole('textbox', { name: 'Value of sessionid' });
        await editor.fill('tampered');
        await editor.press('Enter');
        const valueCell = table.locator('tbody tr', { hasText: 'sessionid' }).locator('td').nth(1);
        await table.locator('tbody tr', { hasText: 'sessionid' }).locator('td', { hasText: 'tampered' }).waitFor();
        await page.getByRole('button', { name: 'Reload' }).click();
        await viewport.getByText('view count=1').waitFor();
        const deadline = Date.now() + TIMEOUT;
        let value;
        while ((value = await valueCell.innerText()) === 'tampered' && Date.now() < deadline) await page.waitForTimeout(50);
        assert(value.length === 32, `sessionid is ${JSON.stringify(value)}: the server should have set a new key`);
        await page.getByRole('tab', { name: 'Console' }).click();
        const server = await page.getByRole('log', { name: 'Server console' }).innerText();
        assert(server.trim().endsWith('"GET /session/sessfun HTTP/1.1" 200 12'), `server console ends:\n${server.slice(-300)}`);
    });

    await check('no panic or page error', async () => {
        assert(pageErrors.length === 0, pageErrors.join('\n'));
    });
} finally {
    await browser.close();
}

finish();
