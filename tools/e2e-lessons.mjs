// End-to-end test of the lessons and the app shell on the release page. Every lesson is
// followed to its end as a student follows it: "Do it", or the control the step's text
// names (a link in the page, the reload button, the clock, a Storage cell, Settings'
// Apply, clearsessions), then the screen is read for what the text claims, and the
// highlight must be on the thing the text names and in view. Then: a lesson restarted,
// its state exported and imported, a reload keeps the state, a share link, Reset, a
// corrupt saved state or link, the sandbox, the layout at 1280×720, and one screenshot
// of each devtools panel (two in the dark theme).
//   node tools/e2e-lessons.mjs URL ARTIFACTS_DIR   (scripts/e2e.sh serves dist/ and runs it)
// Drives the system Chromium (/usr/bin/chromium, or $CHROMIUM) with playwright-core.
// Screenshots: ARTIFACTS_DIR/lesson-*.png and panel-*.png. Prints "e2e: N passed, N failed".
import { assert, cliArgs, expectListFits, harness, launch, screenshot, TIMEOUT, waitForServer, watchErrors } from './e2e-lib.mjs';
import fs from 'node:fs';
import path from 'node:path';

const { url, artifacts } = cliArgs('e2e-lessons.mjs');
const KEY = 'djsim-playground';
const SLIDE_DATA = 'OWNkOGQxYjg4NzlkN2ZhOTc2NmU1ODY0NWMzZmQ4YjdhMzM4OTJhNjp7Im51bV92aXNpdHMiOjJ9';
const SLIDE_KEY = 'xy414ikma0p80jw19mrg146inewhzp3s';

/// The page a check works on (screenshot on failure).
let current;
const { check, finish } = harness({
    timed: true,
    only: true,
    onFail: (name) => current && shot(`failed-${name.replace(/\W+/g, '-')}`, current),
});

const shot = (name, p = current) => screenshot(p, artifacts, `lesson-${name}`);

// This run's screenshots only.
fs.mkdirSync(artifacts, { recursive: true });
for (const file of fs.readdirSync(artifacts)) {
    if (/^(lesson|panel)-.*\.(png|json)$/.test(file)) fs.rmSync(path.join(artifacts, file));
}

const pageErrors = [];
const dialogs = [];
const browser = await launch();

/// A new page in a fresh profile (its own localStorage), watched for errors and dialogs.
async function freshPage(options = {}) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, acceptDownloads: true, ...options });
    const p = await context.newPage();
    current = p;
    p.setDefaultTimeout(TIMEOUT);
    watchErrors(p, pageErrors);
    p.on('crash', () => pageErrors.push('the page crashed'));
    p.on('dialog', async (dialog) => {
        dialogs.push(`${dialog.type()}: ${dialog.message()}`);
        await dialog.dismiss().catch(() => {});
    });
    return p;
}

// ---- reading the screen ----

const viewportOf = (p, name = 'Browser A') => p.frameLocator(`iframe[title="Page shown in ${name}"]`);
const pageText = async (p, name) => (await viewportOf(p, name).locator('body').innerText()).trim();
const lessonPanel = (p) => p.getByRole('complementary', { name: 'Lesson' });
const tableColumn = async (p, table) => p.getByRole('table', { name: table }).locator('tbody tr:not(.decode-row) td:first-child').allInnerTexts();
const sessionRow = (p, key) => p.locator(`tr[data-session-key="${key}"]`);
const squash = (text) => text.trim().replace(/\s+/g, ' ').replace(/^[▸▾] /, '');

/// Polls `read` until `ok(value)` holds (the page re-renders after each action).
async function until(what, read, ok, timeout = 5_000) {
    const deadline = Date.now() + timeout;
    let value;
    for (;;) {
        value = await read();
        if (ok(value)) return value;
        if (Date.now() > deadline) throw new Error(`${what}: got ${JSON.stringify(value)}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
}

const expectPage = (p, text, name = 'Browser A') => until(`${name} shows ${JSON.stringify(text)}`, () => pageText(p, name), (t) => t.includes(text));

/// The highlighted elements: their text, whether each matches `selector`, and whether it
/// is on screen (inside the window and every scrolled box around it).
async function highlights(p, selector) {
    return p.locator('.lesson-hl').evaluateAll((elements, selector) => elements.map((e) => {
        const r = e.getBoundingClientRect();
        let [top, bottom, left, right] = [0, innerHeight, 0, innerWidth];
        for (let a = e.parentElement; a; a = a.parentElement) {
            const style = getComputedStyle(a);
            if (/auto|scroll|hidden/.test(style.overflowX + style.overflowY)) {
                const box = a.getBoundingClientRect();
                [top, bottom, left, right] = [Math.max(top, box.top), Math.min(bottom, box.bottom), Math.max(left, box.left), Math.min(right, box.right)];
            }
        }
        const visible = r.width > 0 && r.height > 0 && r.top < bottom - 4 && r.bottom > top + 4 && r.left < right - 4 && r.right > left + 4;
        return { text: e.innerText, matches: e.matches(selector), visible, tag: e.tagName };
    }), selector);
}

/// Waits until the highlight is exactly the elements `selector` names (`count` of them,
/// when given), all on screen, the first one's text matching `text`. Returns the texts.
async function expectHighlight(p, selector, { text, count } = {}) {
    const found = await until(
        `the highlight is ${selector}${count ? ` ×${count}` : ''}${text ? ` with ${text}` : ''}`,
        () => highlights(p, selector),
        (hl) => hl.length > 0 && hl.every((h) => h.matches && h.visible) && (!count || hl.length === count) && (!text || text.test(squash(hl[0].text))),
    ).catch(async (error) => {
        const hl = await highlights(p, selector);
        throw new Error(`${error.message.split(': got')[0]}; highlighted: ${JSON.stringify(hl.map((h) => ({ ...h, text: squash(h.text).slice(0, 90) })))}`);
    });
    return found.map((h) => squash(h.text));
}

async function expectTab(p, name) {
    const tab = p.getByRole('tablist', { name: 'Developer tools' }).getByRole('tab', { name, exact: true });
    await until(`the ${name} tab is in front`, () => tab.getAttribute('aria-selected'), (v) => v === 'true');
}

// ---- following a lesson ----

async function startLesson(p, id) {
    await p.getByRole('combobox', { name: 'Lessons' }).selectOption(id);
    const confirm = p.getByRole('alertdialog', { name: 'Confirm' });
    if (await confirm.isVisible()) await confirm.getByRole('button', { name: 'Start lesson' }).click();
    await lessonPanel(p).waitFor();
}

const doIt = async (p) => {
    await lessonPanel(p).getByRole('button', { name: 'Do it' }).click();
    await lessonPanel(p).getByRole('button', { name: 'Done ✓' }).waitFor();
};

/// Follows the lesson in front. `steps[i]` for step i + 1: `act` is 'do' (the "Do it"
/// button), a function doing it by hand (the step must then count as done), or absent
/// (a step to read); `tab` the devtools tab the step shows; `hl` [selector, options] for
/// `expectHighlight` (or a function giving them, read when the step is reached); `then`
/// more checks of what the text claims.
async function follow(p, id, steps) {
    const count = steps.length;
    const seen = [];
    for (const [i, step] of steps.entries()) {
        const n = i + 1;
        const where = `${id} step ${n}`;
        const counter = await lessonPanel(p).locator('.lesson-count').innerText();
        assert(counter === `Step ${n} of ${count}`, `${where}: the panel says ${JSON.stringify(counter)}`);
        const doButton = lessonPanel(p).getByRole('button', { name: 'Do it' });
        if (step.act === 'do') {
            await doIt(p);
        } else if (step.act) {
            assert((await doButton.count()) === 1, `${where}: a step to do has "Do it"`);
            await step.act();
            await lessonPanel(p).getByRole('button', { name: 'Done ✓' }).waitFor({ timeout: 5_000 }).catch(() => {
                throw new Error(`${where}: done by hand, but the lesson does not count it`);
            });
        } else {
            assert((await doButton.count()) === 0, `${where}: a step to read has no "Do it"`);
        }
        const error = lessonPanel(p).locator('.lesson-error');
        if (await error.count()) throw new Error(`${where}: ${await error.innerText()}`);
        try {
            if (step.tab) await expectTab(p, step.tab);
            const lit = await expectHighlight(p, ...(typeof step.hl === 'function' ? step.hl() : step.hl));
            seen.push(`${n}: ${lit[0].slice(0, 72)}${lit.length > 1 ? ` (+${lit.length - 1})` : ''}`);
            if (step.then) await step.then(lit);
        } catch (e) {
            throw new Error(`${where}: ${e.message}`);
        }
        if (n < count) {
            await lessonPanel(p).getByRole('button', { name: 'Next step' }).click();
        } else {
            assert(await lessonPanel(p).getByRole('button', { name: 'Next step' }).isDisabled(), `${where}: Next is off at the end`);
        }
    }
    console.log(`      ${id}: ${count} steps, highlighted:\n        ${seen.join('\n        ')}`);
}

// What each step's text claims, read off the screen.
const set = (name) => [`[data-set-cookie="${name}"]`];
const cookieHeader = (text) => ['[data-header="cookie"]', { count: 2, text: /^Cookie$/ }];
const cookieSent = async (p, expected) => {
    const dd = p.locator('[aria-label="Request headers"] dd[data-header="cookie"]');
    await until('the Cookie header', () => dd.innerText(), (t) => t.trim() === expected);
};
const jarRow = (name) => [`tr[data-cookie="${name}"]`, { count: 1 }];
const row = (key, count = 1) => [`tr[data-session-key="${key}"]`, { count }];
const jarNames = (p) => tableColumn(p, 'Cookies');
const sessionKeyOf = async (p, browser = 'A') => {
    // The key the browser holds, as the Database panel shows it ("Held by").
    const held = p.locator('tr[data-session-key]', { has: p.locator('.badge.holder', { hasText: new RegExp(`^Browser ${browser}$`) }) });
    return held.first().getAttribute('data-session-key');
};
const rowText = async (p, key) => squash(await sessionRow(p, key).innerText());


try {
    await waitForServer(url);
    const page = await freshPage();
    await page.goto(url);
    await viewportOf(page).locator('a[href="sessfun"]').waitFor();

    await check('lesson "Cookies", by hand: the cookie link, reload, close, +1000 s', async () => {
        current = page;
        await startLesson(page, 'cookies');
        await follow(page, 'cookies', [
            {
                act: () => viewportOf(page).getByRole('link', { name: 'If you give a browser a cookie...' }).click(),
                tab: 'Network', hl: [...set('zap'), { count: 1, text: /^zap=42; Path=\/$/ }],
                then: async () => {
                    await expectPage(page, 'C is for cookie and that is good enough for me...');
                    const lines = await page.locator('[aria-label="Response headers"] dd[data-set-cookie]').allInnerTexts();
                    assert(lines.length === 2, `two Set-Cookie lines: ${lines}`);
                },
            },
            {
                tab: 'Network', hl: [...set('sakaicar'), { text: /^sakaicar=42; expires=Sun, 29 Sep 2019 23:34:35 GMT; Max-Age=1000; Path=\/$/ }],
                then: () => shot('cookies-set-cookie'),
            },
            {
                tab: 'Storage', hl: jarRow('zap'),
                then: async () => {
                    assert((await jarNames(page)).join() === 'zap,sakaicar', 'the jar holds zap and sakaicar');
                    const expires = async (name) => (await page.locator(`tr[data-cookie="${name}"] td`).allInnerTexts())[4];
                    assert((await expires('zap')) === 'Session', `zap expires ${await expires('zap')}`);
                    assert((await expires('sakaicar')).startsWith('2019-09-29T23:34:35'), `sakaicar expires ${await expires('sakaicar')}`);
                },
            },
            { tab: 'Console', hl: ['.console-line', { count: 1, text: /^\{\}$/ }] },
            {
                act: () => page.getByRole('button', { name: 'Reload' }).click(),
                tab: 'Network', hl: cookieHeader(),
                then: () => cookieSent(page, 'zap=42; sakaicar=42'),
            },
            { tab: 'Console', hl: ['.console-line', { count: 1, text: /^\{'zap': '42', 'sakaicar': '42'\}$/ }] },
            {
                act: () => page.getByRole('button', { name: 'Close Browser A' }).click(),
                tab: 'Storage', hl: jarRow('sakaicar'),
                then: async () => {
                    assert((await jarNames(page)).join() === 'sakaicar', `after the close: ${await jarNames(page)}`);
                    await viewportOf(page).getByText('Browser A was closed').waitFor();
                    await shot('cookies-closed');
                },
            },
            {
                act: async () => {
                    await page.getByRole('textbox', { name: 'Address' }).fill('http://127.0.0.1:8000/session/cookie');
                    await page.getByRole('textbox', { name: 'Address' }).press('Enter');
                },
                tab: 'Network', hl: cookieHeader(),
                then: async () => {
                    await cookieSent(page, 'sakaicar=42');
                    await expectPage(page, 'C is for cookie');
                },
            },
            {
                act: () => page.getByRole('group', { name: 'Simulated clock' }).getByRole('button', { name: '+1000 s' }).click(),
                tab: 'Storage', hl: jarRow('zap'),
                then: async () => {
                    assert((await jarNames(page)).join() === 'zap', `after 1000 s: ${await jarNames(page)}`);
                    const now = await page.getByRole('group', { name: 'Simulated clock' }).locator('time').innerText();
                    assert(now.trim() === 'Sun, 29 Sep 2019 23:34:35 UTC', now);
                },
            },
            {
                act: () => page.getByRole('button', { name: 'Reload' }).click(),
                tab: 'Console', hl: ['.console-line', { count: 1, text: /^\{'zap': '42'\}$/ }],
            },
        ]);
        await shot('cookies');
    });

    await check('lesson "Sessions": sessfun five times, the fifth deletes num_visits', async () => {
        // The last step of the cookies lesson offers the next one.
        await lessonPanel(page).getByRole('button', { name: /^Next lesson: Sessions/ }).click();
        await until('the sessions lesson', () => lessonPanel(page).locator('h2').innerText(), (t) => t.startsWith('Sessions'));
        let key;
        const visit = async (n) => {
            await expectPage(page, `view count=${n}`);
            assert((await sessionKeyOf(page)) === key, 'the same key');
            const text = await rowText(page, key);
            const dict = n === 5 ? '{}' : `{'num_visits': ${n}}`;
            assert(text.endsWith(dict), `row ${text}`);
        };
        const visits = (n) => ({ act: 'do', tab: 'Database', hl: () => row(key), then: () => visit(n) });
        await follow(page, 'sessions', [
            {
                act: 'do', tab: 'Network', hl: [...set('sessionid'), { text: /^sessionid=[a-z0-9]{32}; expires=Sun, 13 Oct 2019 23:17:55 GMT; HttpOnly; Max-Age=1209600; Path=\/; SameSite=Lax$/ }],
                then: async ([line]) => {
                    key = line.slice('sessionid='.length, 'sessionid='.length + 32);
                    await expectPage(page, 'view count=1');
                },
            },
            {
                tab: 'Database', hl: () => row(key),
                then: async () => {
                    const text = await rowText(page, key);
                    assert(text.includes('eyJudW1fdmlzaXRzIjoxfQ:') && text.includes('2019-10-13 23:17:55') && text.includes('Browser A'), `row ${text}`);
                    // Pointing at the key lights every copy of it (a linked value).
                    await sessionRow(page, key).locator(`.value[data-value="${key}"]`).hover();
                    await until('the key lights up', () => page.locator(`.value.hl[data-value="${key}"]`).count(), (c) => c === 1);
                    await page.mouse.move(5, 5);
                },
            },
            visits(2), visits(3), visits(4),
            {
                ...visits(5),
                then: async () => {
                    await visit(5);
                    assert((await rowText(page, key)).includes(' e30:'), 'session_data is e30:… (base64 of {})');
                    await shot('sessions-fifth-visit');
                },
            },
            visits(1),
        ]);
        await shot('sessions');
    });

    await check('lesson "Two browsers": a session row each, labelled', async () => {
        await lessonPanel(page).getByRole('button', { name: /^Next lesson: Two browsers/ }).click();
        let a;
        let b;
        let firstData;
        await follow(page, 'two-browsers', [
            {
                act: 'do', tab: 'Database', hl: ['tr[data-session-key]', { count: 1 }],
                then: async () => {
                    a = await sessionKeyOf(page, 'A');
                    firstData = (await sessionRow(page, a).locator('td').nth(1).innerText()).trim();
                    await expectPage(page, 'view count=1');
                },
            },
            { act: 'do', tab: 'Database', hl: ['tr[data-session-key]', { count: 1 }], then: () => expectPage(page, 'view count=2') },
            {
                act: 'do', tab: 'Network', hl: [...set('sessionid'), { text: /^sessionid=[a-z0-9]{32};/ }],
                then: async ([line]) => {
                    assert(await page.getByRole('tab', { name: 'Browser B' }).getAttribute('aria-selected') === 'true', 'Browser B in front');
                    await expectPage(page, 'view count=1', 'Browser B');
                    assert(!line.includes(a), 'B gets a key of its own');
                    assert((await page.locator('[aria-label="Request headers"] [data-header="cookie"]').count()) === 0, 'B sent no cookie');
                },
            },
            {
                tab: 'Database', hl: ['tr[data-session-key]', { count: 2 }],
                then: async () => {
                    b = await sessionKeyOf(page, 'B');
                    assert(a && b && a !== b, `two keys ${a} ${b}`);
                    const rowA = await rowText(page, a);
                    const rowB = await rowText(page, b);
                    assert(rowA.includes('Browser A') && rowA.endsWith("{'num_visits': 2}"), `A's row ${rowA}`);
                    assert(rowB.includes('Browser B') && rowB.endsWith("{'num_visits': 1}"), `B's row ${rowB}`);
                    const dataB = (await sessionRow(page, b).locator('td').nth(1).innerText()).trim();
                    assert(dataB === firstData, `B's session_data is A's first: ${dataB} / ${firstData}`);
                    await shot('two-browsers-rows');
                },
            },
            {
                act: 'do', tab: 'Database', hl: ['tr[data-session-key]', { count: 1 }],
                then: async () => {
                    await expectPage(page, 'view count=2', 'Browser B');
                    assert((await rowText(page, b)).endsWith("{'num_visits': 2}"), 'B counts');
                    assert((await rowText(page, a)).endsWith("{'num_visits': 2}"), 'A unchanged');
                },
            },
            {
                act: 'do', tab: 'Database', hl: ['tr[data-session-key]', { count: 1 }],
                then: async () => {
                    await expectPage(page, 'view count=3');
                    assert(await page.getByRole('tab', { name: 'Browser A' }).getAttribute('aria-selected') === 'true', 'Browser A in front');
                    assert((await highlights(page, `tr[data-session-key="${a}"]`))[0].matches, "A's row is the one pointed at");
                },
            },
        ]);
        await shot('two-browsers');
    });

    await check('lesson "Decoding session_data": the slide\'s row verified, then the modern format', async () => {
        await lessonPanel(page).getByRole('button', { name: /^Next lesson: Decoding/ }).click();
        const data = async (key) => (await sessionRow(page, key).locator('td').nth(1).innerText()).trim();
        let key;
        await follow(page, 'decoding', [
            {
                act: 'do', tab: 'Database', hl: ['tr[data-session-key]', { count: 1 }],
                then: async () => {
                    key = await sessionKeyOf(page);
                    // The lecture's sqlite3 listing has this very value for a first visit.
                    const value = await data(key);
                    assert(value === 'YThiZWRjMjQ1NzZhMzYzMTBhZjYxNWI2ZDgyODI1Y2ExODI2MTJjNzp7Im51bV92aXNpdHMiOjF9', value);
                },
            },
            { act: 'do', tab: 'Database', hl: ['tr[data-session-key]', { count: 1 }], then: async () => assert((await data(key)) === SLIDE_DATA, 'the slide\'s value') },
            {
                tab: 'Database', hl: ['tr.decode-row', { count: 1, text: /^Django 3\.2\.25 decodes session_data, written in the legacy format/ }],
                then: async ([walk]) => {
                    assert(walk.includes("hash check HMAC-SHA1 of the JSON, keyed with sha1(key_salt 'django.contrib.sessionsSessionStore' + SECRET_KEY), is '9cd8d1b8879d7fa9766e58645c3fd8b7a33892a6': it matches."), walk);
                    assert(walk.includes("result Django 3.2 loads the session {'num_visits': 2}."), walk);
                    assert(await page.getByRole('button', { name: `Decode session ${key}` }).getAttribute('aria-expanded') === 'true', 'the row is open');
                    await shot('decoding-legacy');
                },
            },
            {
                act: 'do', tab: 'Database', hl: row(SLIDE_KEY),
                then: async () => {
                    assert((await data(SLIDE_KEY)) === SLIDE_DATA, 'the slide\'s row as inserted');
                    const text = await rowText(page, SLIDE_KEY);
                    assert(text.includes('Browser A') && text.endsWith("{'num_visits': 2}"), text);
                    assert((await rowText(page, key)).includes('no browser'), 'the old row is held by nobody');
                },
            },
            {
                act: 'do', tab: 'Database', hl: row(SLIDE_KEY),
                then: async () => {
                    await expectPage(page, 'view count=3');
                    const value = await data(SLIDE_KEY);
                    assert(value === 'MDg5N2NlZGFjMGYyMjcxMjlhNzc3OWQ4NjVlOGZlMGExZjFmZjBmMzp7Im51bV92aXNpdHMiOjN9', `3.2 rewrote it, legacy: ${value}`);
                },
            },
            {
                act: 'do', tab: 'Settings', hl: ['[data-setting="DEFAULT_HASHING_ALGORITHM"]', { count: 1 }],
                then: async () => {
                    const value = await page.locator('[data-setting="DEFAULT_HASHING_ALGORITHM"] select').inputValue();
                    assert(value === 'sha256', value);
                },
            },
            {
                act: 'do', tab: 'Database', hl: ['tr.decode-row', { count: 1, text: /^Django 3\.2\.25 decodes session_data, written in the signed format payload:timestamp:signature/ }],
                then: async ([walk]) => {
                    await expectPage(page, 'view count=4');
                    assert((await data(SLIDE_KEY)).startsWith('eyJudW1fdmlzaXRzIjo0fQ:1iEiRv:'), await data(SLIDE_KEY));
                    assert(walk.includes("{'num_visits': 4}"), walk);
                    await shot('decoding-modern');
                },
            },
        ]);
        await shot('decoding');
    });

    await check('lesson "Tampering and theft": an edited key, a copied key, a forged row', async () => {
        await lessonPanel(page).getByRole('button', { name: /^Next lesson: Tampering/ }).click();
        let key;
        let fresh;
        let oldRow;
        await follow(page, 'tampering', [
            {
                act: 'do', tab: 'Storage', hl: jarRow('sessionid'),
                then: async () => {
                    await expectPage(page, 'view count=2');
                    key = (await page.locator('tr[data-cookie="sessionid"] td').nth(1).innerText()).trim();
                    assert(/^[a-z0-9]{32}$/.test(key), key);
                },
            },
            {
                // As the text says: double-click the value in Storage and type.
                act: async () => {
                    await page.locator('tr[data-cookie="sessionid"] td').nth(1).dblclick();
                    const editor = page.getByRole('textbox', { name: 'Value of sessionid' });
                    await editor.fill('tampered');
                    await editor.press('Enter');
                },
                tab: 'Storage', hl: [...jarRow('sessionid')],
                then: async ([lit]) => assert(lit.startsWith('sessionid tampered'), lit),
            },
            {
                act: () => page.getByRole('button', { name: 'Reload' }).click(),
                tab: 'Network', hl: [...set('sessionid'), { text: /^sessionid=[a-z0-9]{32};/ }],
                then: async ([line]) => {
                    fresh = line.slice(10, 42);
                    assert(fresh !== key, 'a fresh key');
                    await cookieSent(page, 'sessionid=tampered');
                    await expectPage(page, 'view count=1');
                },
            },
            {
                act: 'do', tab: 'Database', hl: ['tr[data-session-key]', { count: 1 }],
                then: async () => {
                    assert((await sessionKeyOf(page)) === fresh, 'the new session is A\'s');
                    assert((await rowText(page, key)).includes('no browser'), 'the old row stays, unreachable');
                    await expectPage(page, 'view count=2');
                },
            },
            {
                act: 'do', tab: 'Network', hl: cookieHeader(),
                then: async () => {
                    await cookieSent(page, `sessionid=${fresh}`);
                    await expectPage(page, 'view count=3', 'Browser B');
                    await shot('tampering-theft');
                },
            },
            {
                act: 'do', tab: 'Database', hl: () => row(fresh),
                then: async () => {
                    await expectPage(page, 'view count=4');
                    oldRow = await rowText(page, key);
                    const text = await rowText(page, fresh);
                    const holders = await sessionRow(page, fresh).locator('.badge.holder').allInnerTexts();
                    assert(holders.join() === 'Browser A,Browser B', `held by both: ${text}`);
                },
            },
            {
                act: 'do', tab: 'Console', hl: ['.console-line', { count: 1, text: /^Session data corrupted$/ }],
                then: async () => {
                    await expectPage(page, 'view count=1');
                    // The UPDATE names A's row, its key filled in from this run; the old row is untouched.
                    const sql = await lessonPanel(page).getByLabel('SQL run by Do it').innerText();
                    assert(sql.startsWith('UPDATE django_session\nSET session_data = ') && sql.endsWith(`\nWHERE session_key = '${fresh}';`), `the SQL: ${sql}`);
                    await page.getByRole('tablist', { name: 'Developer tools' }).getByRole('tab', { name: 'Database', exact: true }).click();
                    const old = await rowText(page, key);
                    assert(old === oldRow, `the old row changed: ${oldRow} → ${old}`);
                    await shot('tampering-sql');
                },
            },
        ]);
        await shot('tampering');
    });

    await check('lesson "SameSite": a cross-site form, image and link; then Strict', async () => {
        await lessonPanel(page).getByRole('button', { name: /^Next lesson: SameSite/ }).click();
        const evil = viewportOf(page);
        await follow(page, 'samesite', [
            {
                tab: 'Storage', hl: jarRow('sessionid'),
                then: async () => {
                    const cells = await page.locator('tr[data-cookie="sessionid"] td').allInnerTexts();
                    assert(cells[2] === 'samples.dj4e.com' && cells.includes('Lax'), `the cookie: ${cells}`);
                },
            },
            {
                act: async () => {
                    await page.getByRole('textbox', { name: 'Address' }).fill('https://evil.example/');
                    await page.getByRole('textbox', { name: 'Address' }).press('Enter');
                },
                tab: 'Network', hl: ['.viewport', { count: 1 }],
                then: () => expectPage(page, 'You won a prize!'),
            },
            {
                act: () => evil.getByRole('button', { name: 'Claim it' }).click(),
                tab: 'Network', hl: ['[data-blocked-cookie="sessionid"]', { count: 1, text: /^sessionid [a-z0-9]{32} not sent SchemefulSameSiteLax — / }],
                then: async () => {
                    await expectPage(page, 'Forbidden (403)');
                    await expectPage(page, 'Origin checking failed - https://evil.example does not match any trusted origins.');
                    await shot('samesite-post');
                },
            },
            {
                act: 'do', tab: 'Network', hl: [...set('sessionid'), { text: /⚠ not stored: UserPreferences$/ }],
                then: async () => {
                    await expectPage(page, 'You won a prize!');
                    // The <img>'s request is an image's, whatever its URL answers (an HTML page).
                    const selected = page.locator('.net-grid tbody tr[aria-selected="true"]');
                    const type = selected.locator('td.c-type');
                    assert((await type.innerText()) === 'img', `the image's Type: ${await type.innerText()}`);
                    assert((await type.getAttribute('title')) === 'img; the response is text/html', `its tooltip: ${await type.getAttribute('title')}`);
                    const types = await page.locator('.net-grid tbody td.c-type').allInnerTexts();
                    assert(JSON.stringify(types) === JSON.stringify(['document', 'document', 'document', 'document', 'img']), `types: ${types}`);
                    // At 1280×720 beside the lesson, the list's ten columns fit.
                    const width = await expectListFits(page, 'beside the SameSite lesson');
                    console.log(`      the request list at 1280×720 beside the lesson: ${width} px, ten columns, no sideways scrolling`);
                    await shot('network-beside-lesson');
                },
            },
            {
                act: () => evil.getByRole('link', { name: 'Go to samples.dj4e.com' }).click(),
                tab: 'Network', hl: cookieHeader(),
                then: () => expectPage(page, 'view count=2'),
            },
            {
                act: async () => {
                    await page.locator('[data-setting="SESSION_COOKIE_SAMESITE"] select').selectOption('Strict');
                    await page.getByRole('button', { name: 'Apply' }).click();
                },
                tab: 'Settings', hl: ['[data-setting="SESSION_COOKIE_SAMESITE"]', { count: 1 }],
                then: async () => {
                    const file = await page.getByRole('region', { name: 'settings.py (read-only)' }).innerText();
                    assert(file.includes("SESSION_COOKIE_SAMESITE = 'Strict'"), 'settings.py says Strict');
                },
            },
            {
                act: async () => {
                    await page.getByRole('textbox', { name: 'Address' }).fill('https://samples.dj4e.com/session/sessfun');
                    await page.getByRole('textbox', { name: 'Address' }).press('Enter');
                },
                tab: 'Network', hl: [...set('sessionid'), { text: /SameSite=Strict$/ }],
                then: () => expectPage(page, 'view count=3'),
            },
            {
                act: 'do', tab: 'Network', hl: ['[data-blocked-cookie="sessionid"]', { count: 1, text: /not sent SchemefulSameSiteStrict — / }],
                then: async () => {
                    await expectPage(page, 'view count=1');
                    const stored = page.locator('.net-cookies tr', { hasText: 'stored' }).filter({ hasNotText: 'not stored' });
                    assert((await stored.count()) === 1, 'the new cookie is stored');
                },
            },
        ]);
        await shot('samesite');
    });

    await check('lesson "Expiry and clearsessions": a one-minute session, then clearsessions', async () => {
        await lessonPanel(page).getByRole('button', { name: /^Next lesson: Expiry/ }).click();
        let key;
        await follow(page, 'expiry', [
            {
                tab: 'Settings', hl: ['[data-setting="SESSION_COOKIE_AGE"]', { count: 1 }],
                then: async () => assert((await page.getByRole('textbox', { name: 'SESSION_COOKIE_AGE' }).inputValue()) === '60', 'SESSION_COOKIE_AGE = 60'),
            },
            {
                act: 'do', tab: 'Network', hl: [...set('sessionid'), { text: /expires=Sun, 29 Sep 2019 23:18:55 GMT; HttpOnly; Max-Age=60;/ }],
                then: () => expectPage(page, 'view count=1'),
            },
            {
                act: 'do', tab: 'Database', hl: ['tr[data-session-key]', { count: 1 }],
                then: async () => {
                    key = await sessionKeyOf(page);
                    const text = await rowText(page, key);
                    assert(text.includes('2019-09-29 23:19:25'), `30 s later, saved again: ${text}`);
                },
            },
            {
                act: async () => {
                    const clock = page.getByRole('group', { name: 'Simulated clock' });
                    await clock.getByRole('spinbutton', { name: 'Amount of time' }).fill('61');
                    await clock.getByRole('combobox', { name: 'Unit' }).selectOption('seconds');
                    await clock.getByRole('button', { name: 'Advance' }).click();
                },
                tab: 'Database', hl: ['tr[data-expired="true"]', { count: 1 }],
                then: async () => {
                    const text = await rowText(page, key);
                    assert(text.includes('expired') && text.includes('no browser') && text.endsWith('{} (expired: a new session)'), text);
                    await shot('expiry-stale');
                },
            },
            {
                act: 'do', tab: 'Database', hl: ['tr[data-session-key]', { count: 2 }],
                then: () => expectPage(page, 'view count=1'),
            },
            {
                act: () => page.getByRole('button', { name: 'clearsessions', exact: true }).click(),
                tab: 'Database', hl: ['tr[data-session-key]', { count: 1 }],
                then: async () => {
                    const status = await page.getByRole('status').filter({ hasText: 'clearsessions' }).innerText();
                    assert(status === '$ python manage.py clearsessions: 1 expired session(s) deleted.', status);
                    assert((await tableColumn(page, 'Sessions')).length === 1, 'one row left');
                    assert(!(await lessonPanel(page).getByRole('button', { name: /^Next lesson/ }).count()), 'the last lesson');
                },
            },
        ]);
        await shot('expiry');
    });

    await check('a lesson can be replayed: Restart gives its World again', async () => {
        await lessonPanel(page).getByRole('button', { name: 'Restart lesson' }).click();
        await until('step 1', () => lessonPanel(page).locator('.lesson-count').innerText(), (t) => t === 'Step 1 of 6');
        await expectTab(page, 'Settings');
        await lessonPanel(page).getByRole('button', { name: 'Next step' }).click();
        assert((await lessonPanel(page).getByRole('button', { name: 'Do it' }).count()) === 1, 'step 2 not done any more');
        await doIt(page);
        await expectHighlight(page, ...set('sessionid'), { text: /expires=Sun, 29 Sep 2019 23:18:55 GMT; HttpOnly; Max-Age=60;/ });
        await page.getByRole('tab', { name: 'Database' }).click();
        assert((await tableColumn(page, 'Sessions')).length === 1, 'one session, as the first time');
    });

    await check('a lesson\'s state exported as a djsim scenario and imported back', async () => {
        const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export scenario', exact: true }).click()]);
        const file = path.join(artifacts, 'lesson-expiry-scenario.json');
        await download.saveAs(file);
        const scenario = JSON.parse(fs.readFileSync(file, 'utf8'));
        assert(scenario.settings.SESSION_COOKIE_AGE === 60, `the lesson's settings: ${JSON.stringify(scenario.settings)}`);
        assert(scenario.steps.length === 2 && scenario.steps[1].get === 'http://127.0.0.1:8000/session/sessfun', JSON.stringify(scenario.steps));
        const other = await freshPage();
        await other.goto(url);
        await viewportOf(other).locator('a[href="sessfun"]').waitFor();
        await other.getByLabel('Import scenario', { exact: true }).setInputFiles(file);
        await expectPage(other, 'view count=1');
        await other.getByRole('tab', { name: 'Database' }).click();
        const rows = await other.getByRole('table', { name: 'Sessions' }).locator('tbody tr[data-session-key]').allInnerTexts();
        await page.getByRole('tab', { name: 'Database' }).click();
        const mine = await page.getByRole('table', { name: 'Sessions' }).locator('tbody tr[data-session-key]').allInnerTexts();
        assert(JSON.stringify(rows) === JSON.stringify(mine), `the imported World has the same row:\n${rows}\n${mine}`);
        await other.context().close();
        current = page;
    });

    await check('a page reload keeps the state (lesson step, browsers, devtools tab)', async () => {
        await page.getByRole('tab', { name: 'Console' }).click();
        const before = await page.locator('.console-line').allInnerTexts();
        await page.reload();
        await lessonPanel(page).waitFor();
        const counter = await lessonPanel(page).locator('.lesson-count').innerText();
        assert(counter === 'Step 2 of 6', counter);
        assert(await lessonPanel(page).getByRole('button', { name: 'Done ✓' }).count() === 1, 'step 2 is done');
        await expectTab(page, 'Console');
        const after = await page.locator('.console-line').allInnerTexts();
        assert(JSON.stringify(after) === JSON.stringify(before), `console before ${before.length} lines, after ${after.length}`);
        await expectPage(page, 'view count=1');
    });

    await check('a share link keeps the lesson step and the devtools tab', async () => {
        await lessonPanel(page).getByRole('button', { name: 'Next step' }).click();
        await page.getByRole('button', { name: 'Share', exact: true }).click();
        const link = await page.getByRole('textbox', { name: 'Share link' }).inputValue();
        assert(/&b=A&t=database&l=expiry:2:010000$/.test(link), link);
        await page.getByRole('dialog', { name: 'Share' }).getByRole('button', { name: 'Close' }).click();
        const other = await freshPage();
        await other.goto(link);
        await lessonPanel(other).waitFor();
        const counter = await lessonPanel(other).locator('.lesson-count').innerText();
        assert(counter === 'Step 3 of 6', counter);
        await expectTab(other, 'Database');
        await expectPage(other, 'view count=1');
        await other.context().close();
        current = page;
        await lessonPanel(page).getByRole('button', { name: 'Previous step' }).click();
    });

    await check('the panels\' filters survive switching tabs', async () => {
        await page.getByRole('tab', { name: 'Network' }).click();
        await page.getByRole('textbox', { name: 'Filter URLs' }).fill('sessfun');
        await page.getByRole('button', { name: 'Clear', exact: true }).first().click();
        await page.getByRole('tab', { name: 'Storage' }).click();
        await page.getByRole('searchbox', { name: 'Filter cookies' }).fill('zzz');
        await page.getByRole('tab', { name: 'Console' }).click();
        await page.getByRole('tab', { name: 'Storage' }).click();
        assert((await page.getByRole('searchbox', { name: 'Filter cookies' }).inputValue()) === 'zzz', 'the Storage filter is kept');
        await page.getByRole('searchbox', { name: 'Filter cookies' }).fill('');
        await page.getByRole('tab', { name: 'Network' }).click();
        assert((await page.getByRole('textbox', { name: 'Filter URLs' }).inputValue()) === 'sessfun', 'the Network filter is kept');
        const status = await page.locator('.net-status').innerText();
        assert(/^0 /.test(status), `Clear is kept: ${status}`);
        await page.getByRole('textbox', { name: 'Filter URLs' }).fill('');
    });

    let shared;
    await check('a share link reproduces the playground in another browser profile', async () => {
        await lessonPanel(page).getByRole('button', { name: 'Close lesson' }).click();
        await page.getByRole('button', { name: 'New private window' }).click();
        await page.getByRole('textbox', { name: 'Address' }).fill('http://127.0.0.1:8000/session/cookie');
        await page.getByRole('textbox', { name: 'Address' }).press('Enter');
        await viewportOf(page, 'Browser B (private)').getByText('C is for cookie').waitFor();
        await page.getByRole('button', { name: 'Share', exact: true }).click();
        shared = await page.getByRole('textbox', { name: 'Share link' }).inputValue();
        assert(shared.includes('#s='), shared);
        console.log(`      share link: ${shared.length} characters`);
        await page.getByRole('dialog', { name: 'Share' }).getByRole('button', { name: 'Close' }).click();
        const other = await freshPage();
        await other.goto(shared);
        await viewportOf(other, 'Browser B (private)').getByText('C is for cookie').waitFor();
        const tabs = await other.getByRole('tablist', { name: 'Browsers' }).getByRole('tab').allInnerTexts();
        assert(tabs.join() === 'Browser A,Browser B (private)', `tabs ${tabs}`);
        await other.getByRole('tab', { name: 'Browser A' }).click();
        await expectPage(other, 'view count=1');
        await other.getByRole('tab', { name: 'Database' }).click();
        assert((await tableColumn(other, 'Sessions')).length === 1, 'one session row');
        assert(!other.url().includes('#'), `the fragment is cleared: ${other.url()}`);
        await shot('shared', other);
        await other.context().close();
        current = page;
    });

    await check('Reset asks first, then starts fresh', async () => {
        await page.getByRole('button', { name: 'Reset playground', exact: true }).click();
        const confirm = page.getByRole('alertdialog', { name: 'Confirm' });
        await confirm.getByRole('button', { name: 'Cancel' }).click();
        assert((await page.getByRole('tablist', { name: 'Browsers' }).getByRole('tab').count()) === 2, 'Cancel keeps both browsers');
        await page.getByRole('button', { name: 'Reset playground', exact: true }).click();
        await confirm.getByRole('button', { name: 'Reset', exact: true }).click();
        await viewportOf(page).locator('a[href="sessfun"]').waitFor();
        const tabs = await page.getByRole('tablist', { name: 'Browsers' }).getByRole('tab').allInnerTexts();
        assert(tabs.join() === 'Browser A', `after the reset: ${tabs}`);
        const saved = JSON.parse(await page.evaluate((key) => localStorage.getItem(key), KEY));
        assert(saved.scenario.steps.length === 1, `saved steps after the reset: ${JSON.stringify(saved.scenario.steps)}`);
    });

    await check('a corrupt saved state gives a banner, a clean start and the text to download', async () => {
        const other = await freshPage();
        await other.goto(url);
        await viewportOf(other).locator('a[href="sessfun"]').waitFor();
        await other.evaluate((key) => localStorage.setItem(key, '{"format": "djsim-playground/1", "scenario": {"steps": [{"brow'), KEY);
        await other.reload();
        const banner = other.getByRole('alert');
        await banner.waitFor();
        const text = await banner.innerText();
        assert(/^Your saved playground could not be restored: it is not valid JSON .*\. Starting fresh\./.test(text), text);
        await viewportOf(other).locator('a[href="sessfun"]').waitFor();
        const [download] = await Promise.all([other.waitForEvent('download'), banner.getByRole('button', { name: 'Download the saved state' }).click()]);
        const kept = fs.readFileSync(await download.path(), 'utf8');
        assert(kept.includes('"steps": [{"brow'), `downloaded ${kept}`);
        await shot('corrupt-saved-state', other);
        await banner.getByRole('button', { name: 'Dismiss' }).click();
        assert((await other.getByRole('alert').count()) === 0, 'dismissed');
        await other.context().close();
        current = page;
    });

    await check('a corrupt share link gives a banner and a clean start', async () => {
        const other = await freshPage();
        await other.goto(`${url}#s=${shared.split('#s=')[1].slice(0, 40)}`);
        const text = await other.getByRole('alert').innerText();
        assert(/^This share link could not be opened: .*Starting fresh\./.test(text), text);
        await viewportOf(other).locator('a[href="sessfun"]').waitFor();
        await other.context().close();
        current = page;
    });

    await check('sandbox: scripts in a page body or a cookie value never run', async () => {
        const evil = '<h1>hello</h1><script>window.parent.pwned = 1; alert("script")</script>'
            + '<img src="x" onerror="window.parent.pwned = 2; alert(\'onerror\')">'
            + '<a href="javascript:window.parent.pwned=4">js link</a>';
        const scenario = {
            sites: {
                'https://evil.example': {
                    '/': {
                        status: 200,
                        headers: [['Content-Type', 'text/html'], ['Set-Cookie', 'x=<script>window.pwned=3</script>; Secure; SameSite=None']],
                        body: evil,
                    },
                },
            },
            steps: [{ browser: 'A', get: 'https://evil.example/' }],
        };
        const fragment = Buffer.from(JSON.stringify(scenario)).toString('base64url');
        const other = await freshPage();
        const before = dialogs.length;
        await other.goto(`${url}#s=${fragment}`);
        await viewportOf(other).getByText('hello').waitFor();
        await viewportOf(other).getByText('js link').click();
        await other.getByRole('tab', { name: 'Storage' }).click();
        const values = await other.getByRole('table', { name: 'Cookies' }).locator('tbody tr td:nth-child(2)').allInnerTexts();
        assert(values.join() === '<script>window.pwned=3</script>', `the cookie's value shows as text: ${values}`);
        await other.getByRole('tab', { name: 'Network' }).click();
        const pwned = await other.evaluate(() => [window.pwned, document.querySelector('iframe').contentWindow.pwned]);
        assert(pwned[0] === undefined && pwned[1] === undefined, `window.pwned = ${pwned}`);
        assert(dialogs.length === before, `dialogs opened: ${dialogs.slice(before)}`);
        await shot('sandbox', other);
        await other.context().close();
        current = page;
    });

    await check('layout: 1280×720 without page scrolling; the split resizes by keyboard', async () => {
        const overflow = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]);
        assert(overflow[0] <= 1280 && overflow[1] <= 720, `the page scrolls: ${overflow}`);
        const splitter = page.getByRole('separator', { name: 'Resize the browser and the developer tools' });
        await splitter.focus();
        const before = Number(await splitter.getAttribute('aria-valuenow'));
        await page.keyboard.press('ArrowDown');
        await page.keyboard.press('ArrowDown');
        const after = Number(await splitter.getAttribute('aria-valuenow'));
        assert(after === before + 10, `aria-valuenow ${before} → ${after}`);
        const box = await splitter.boundingBox();
        await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
        await page.mouse.down();
        await page.mouse.move(box.x + box.width / 2, box.y - 120, { steps: 4 });
        await page.mouse.up();
        const dragged = Number(await splitter.getAttribute('aria-valuenow'));
        assert(dragged < after, `dragging up shrinks the browser: ${after} → ${dragged}`);
        await shot('layout-light');
        await page.emulateMedia({ colorScheme: 'dark' });
        await startLesson(page, 'sessions');
        await doIt(page);
        await expectHighlight(page, ...set('sessionid'));
        const overflowDark = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]);
        assert(overflowDark[0] <= 1280 && overflowDark[1] <= 720, `with a lesson, the page scrolls: ${overflowDark}`);
        await expectListFits(page, 'dark theme, beside the Sessions lesson');
        await shot('layout-dark');
        await page.emulateMedia({ colorScheme: 'light' });
    });

    await check('panels: one screenshot of each (Network Headers and Cookies, Storage, Console, Database, Settings)', async () => {
        // A fresh profile, no lesson: the devtools as wide as the window, and taller.
        const p = await freshPage();
        await p.goto(url);
        const a = viewportOf(p);
        await a.locator('a[href="cookie"]').click();
        await a.getByText('C is for cookie').waitFor();
        await p.getByRole('button', { name: 'Back' }).click();
        await a.locator('a[href="sessfun"]').click();
        await expectPage(p, 'view count=1');
        await p.getByRole('button', { name: 'Reload' }).click();
        await expectPage(p, 'view count=2');
        const splitter = p.getByRole('separator', { name: 'Resize the browser and the developer tools' });
        await splitter.focus();
        for (let i = 0; i < 8; i += 1) await p.keyboard.press('ArrowUp');
        const panel = async (tab, name, prepare = async () => {}, themes = ['light']) => {
            await p.getByRole('tablist', { name: 'Developer tools' }).getByRole('tab', { name: tab, exact: true }).click();
            await prepare();
            await p.mouse.move(5, 5); // nothing pointed at (no linked value lit)
            for (const theme of themes) {
                await p.emulateMedia({ colorScheme: theme });
                await screenshot(p, artifacts, theme === 'light' ? `panel-${name}` : `panel-${name}-${theme}`);
            }
            await p.emulateMedia({ colorScheme: 'light' });
        };
        const details = (name) => p.getByRole('tablist', { name: 'Request details' }).getByRole('tab', { name, exact: true });
        await panel('Network', 'network-headers', async () => {
            await details('Headers').click();
            await p.locator('[aria-label="Request headers"] dd[data-header="cookie"]').scrollIntoViewIfNeeded();
        }, ['light', 'dark']);
        await panel('Network', 'network-cookies', async () => {
            await details('Cookies').click();
            await p.locator('[data-sent-cookie="sessionid"]').waitFor();
        });
        await panel('Storage', 'storage', async () => {
            await p.locator('tr[data-cookie="sessionid"]').click();
            await p.getByRole('complementary', { name: 'Selected cookie' }).waitFor();
        });
        await panel('Console', 'console', async () => {
            const prompt = p.getByRole('textbox', { name: /document\.cookie/ }).first();
            await prompt.fill('document.cookie');
            await prompt.press('Enter');
        });
        await panel('Database', 'database', async () => {
            const key = await p.locator('tr[data-session-key]').first().getAttribute('data-session-key');
            await p.getByRole('button', { name: `Decode session ${key}` }).click();
            const sqlite = p.getByRole('textbox', { name: 'sqlite>' });
            await sqlite.fill('.mode column');
            await sqlite.press('Enter');
            await sqlite.fill('select session_key, expire_date from django_session;');
            await sqlite.press('Enter');
            await until('the sqlite3 answer', () => p.getByRole('log', { name: 'sqlite3 output' }).innerText(), (t) => t.includes(key));
        }, ['light', 'dark']);
        await panel('Settings', 'settings');
        await p.context().close();
        current = page;
    });

    await check('no panic, page error or dialog', async () => {
        assert(pageErrors.length === 0, pageErrors.join('\n'));
        assert(dialogs.length === 0, dialogs.join('\n'));
    });
} finally {
    await browser.close();
}

finish();
