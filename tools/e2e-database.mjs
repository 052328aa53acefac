// End-to-end test of the Database and Settings panels on the release page.
//   node tools/e2e-database.mjs URL ARTIFACTS_DIR      (scripts/e2e.sh runs it after e2e.mjs)
// Drives the system Chromium (/usr/bin/chromium, or $CHROMIUM) with playwright-core;
// checks the exported db.sqlite3 with the sqlite3 CLI (/usr/bin/sqlite3, or $SQLITE3).
// Saves artifacts/database.png and artifacts/settings.png; prints "e2e: N passed, N failed".
import { assert, cliArgs, harness, launch, TIMEOUT, waitForServer, watchErrors } from './e2e-lib.mjs';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const { url, artifacts } = cliArgs('e2e-database.mjs');
const sqlite3 = process.env.SQLITE3 || '/usr/bin/sqlite3';
const SESSFUN = 'http://127.0.0.1:8000/session/sessfun';

let page;
const { check, finish } = harness({ lines: 8, onFail: (name) => page && shot(`e2e-database-failed-${name.replace(/\W+/g, '-')}`) });

async function shot(name, options = {}) {
    const file = path.join(artifacts, `${name}.png`);
    await page.screenshot({ path: file, ...options });
    console.log(`      screenshot ${file}`);
}

/// Types an address into Browser A's address bar and presses Enter.
async function visit(address) {
    const bar = page.getByRole('textbox', { name: 'Address' });
    await bar.fill(address);
    await bar.press('Enter');
}

/// Runs one line in the sqlite3 console; returns the console's whole output.
async function sqlite(line) {
    const input = page.getByRole('textbox', { name: 'sqlite>' });
    await input.fill(line);
    await input.press('Enter');
    const output = page.getByRole('log', { name: 'sqlite3 output' });
    await output.getByText(`sqlite> ${line}`).waitFor();
    return output.innerText();
}

const pageErrors = [];
const browser = await launch();
try {
    page = await browser.newPage({ viewport: { width: 1280, height: 720 }, acceptDownloads: true });
    page.setDefaultTimeout(TIMEOUT);
    watchErrors(page, pageErrors);
    const viewport = page.frameLocator('iframe[title="Page shown in Browser A"]');
    let sessionKey = '';

    await check('sessfun twice: one django_session row, held by Browser A', async () => {
        await waitForServer(url);
        await page.goto(url);
        await viewport.locator('a[href="sessfun"]').click();
        await viewport.getByText('view count=1').waitFor();
        await page.getByRole('button', { name: 'Reload' }).click();
        await viewport.getByText('view count=2').waitFor();
        await page.getByRole('tab', { name: 'Database' }).click();
        const table = page.getByRole('table', { name: 'Sessions' });
        await table.waitFor();
        const rows = table.locator('tbody tr:not(.decode-row)');
        assert((await rows.count()) === 1, `${await rows.count()} rows`);
        const text = await rows.first().innerText();
        assert(text.includes('Browser A'), `row: ${text}`);
        assert(text.includes("{'num_visits': 2}"), `row: ${text}`);
        sessionKey = (await rows.first().locator('td').first().innerText()).replace(/^\W+/, '').trim();
        assert(/^[a-z0-9]{32}$/.test(sessionKey), `session_key ${JSON.stringify(sessionKey)}`);
    });

    await check('expanding the row walks through the decoding', async () => {
        const toggle = page.getByRole('button', { name: `Decode session ${sessionKey}` });
        await toggle.click();
        assert((await toggle.getAttribute('aria-expanded')) === 'true', 'aria-expanded');
        const steps = page.getByRole('list', { name: `How Django decodes session ${sessionKey}` });
        const items = await steps.locator('li').allInnerTexts();
        assert(items.length >= 5, `${items.length} steps`);
        assert(items.every((item) => item.startsWith('\u2713')), `steps:\n${items.join('\n')}`);
        const all = items.join('\n');
        assert(all.includes('signed with SECRET_KEY'), `no key named:\n${all}`);
        assert(all.includes("{'num_visits': 2}"), `no dict:\n${all}`);
    });

    await check('sqlite> select * from django_session; prints the row as sqlite3 does', async () => {
        const out = await sqlite('select * from django_session;');
        const line = out.split('\n').find((l) => l.startsWith(`${sessionKey}|`));
        assert(line, `no row for ${sessionKey} in:\n${out}`);
        const fields = line.split('|');
        assert(fields.length === 3 && /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/.test(fields[2]), `row: ${line}`);
        const tables = await sqlite('.tables');
        assert(tables.includes('django_session'), tables);
        const refused = await sqlite('delete from django_session;');
        assert(refused.includes('this console is read-only;'), refused);
        await sqlite('.mode column');
        await sqlite('select session_key, expire_date from django_session;');
        await page.getByRole('table', { name: 'Sessions' }).scrollIntoViewIfNeeded();
        await shot('database');
    });

    await check('Export db.sqlite3 downloads a database the sqlite3 CLI reads', async () => {
        const [download] = await Promise.all([
            page.waitForEvent('download'),
            page.getByRole('button', { name: 'Export db.sqlite3' }).click(),
        ]);
        assert(download.suggestedFilename() === 'db.sqlite3', `file name ${download.suggestedFilename()}`);
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-db-'));
        const file = path.join(dir, 'db.sqlite3');
        await download.saveAs(file);
        const count = execFileSync(sqlite3, [file, 'select count(*) from django_session;'], { encoding: 'utf8' }).trim();
        assert(count === '1', `sqlite3 counts ${count} rows`);
        const key = execFileSync(sqlite3, [file, 'select session_key from django_session;'], { encoding: 'utf8' }).trim();
        assert(key === sessionKey, `sqlite3 reads key ${key}`);
        fs.rmSync(dir, { recursive: true, force: true });
    });

    await check('Settings: SessionMiddleware off + Apply, then sessfun is a 500 with a traceback', async () => {
        await page.getByRole('tab', { name: 'Settings' }).click();
        await page.getByRole('checkbox', { name: 'django.contrib.sessions.middleware.SessionMiddleware' }).uncheck();
        await page.getByRole('button', { name: 'Apply' }).click();
        const status = await page.getByRole('status').innerText();
        assert(status.startsWith('Applied'), `status: ${status}`);
        const file = await page.getByRole('region', { name: 'settings.py (read-only)' }).innerText();
        assert(file.includes("    # 'django.contrib.sessions.middleware.SessionMiddleware',"), `settings.py does not comment it out:\n${file}`);
        await shot('settings');
        await visit(SESSFUN);
        await viewport.getByText('ImproperlyConfigured').first().waitFor();
        await page.getByRole('tab', { name: 'Console' }).click();
        const console_ = await page.getByRole('log', { name: 'Server console' }).innerText();
        assert(console_.includes('Internal Server Error: /session/sessfun'), console_.slice(-600));
        assert(console_.includes('Traceback (most recent call last):'), console_.slice(-600));
        assert(/"GET \/session\/sessfun HTTP\/1\.1" 500/.test(console_), console_.slice(-300));
    });

    await check('no panic or page error', async () => {
        assert(pageErrors.length === 0, pageErrors.join('\n'));
    });
} finally {
    await browser.close();
}

finish();
