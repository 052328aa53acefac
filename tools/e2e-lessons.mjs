// End-to-end test of the app shell on the release page: every lesson followed as a
// student would (pick it, press "Do it" and "Next", read the screen), a reload keeps the
// state, a share link reproduces it in another browser profile, export/import, a corrupt
// saved state or link gives a banner, and nothing a simulated page or cookie holds ever
// runs in the app.
//   node tools/e2e-lessons.mjs URL ARTIFACTS_DIR   (scripts/e2e.sh serves dist/ and runs it)
// Drives the system Chromium (/usr/bin/chromium, or $CHROMIUM) with playwright-core.
// Screenshots: ARTIFACTS_DIR/lesson-*.png. Prints "e2e: N passed, N failed".
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';

const [url, artifacts = 'artifacts'] = process.argv.slice(2);
if (!url) {
    console.error('usage: node tools/e2e-lessons.mjs URL [ARTIFACTS_DIR]');
    process.exit(2);
}
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const TIMEOUT = 20_000;
const KEY = 'djsim-playground';

let passed = 0;
let failed = 0;
let page;
/// The page a check works on (screenshot on failure).
let current;

async function check(name, body) {
    current = page;
    // ONLY=text runs the checks whose name contains it (for debugging).
    if (process.env.ONLY && !name.includes(process.env.ONLY)) return;
    const start = performance.now();
    try {
        await body();
        passed += 1;
        console.log(`ok    ${name} (${((performance.now() - start) / 1000).toFixed(1)} s)`);
    } catch (error) {
        failed += 1;
        console.log(`FAIL  ${name}\n      ${String(error.message || error).split('\n').slice(0, 8).join('\n      ')}`);
        if (current) await shot(`failed-${name.replace(/\W+/g, '-')}`, current).catch(() => {});
    }
}

async function shot(name, target = page) {
    const file = path.join(artifacts, `lesson-${name}.png`);
    await target.screenshot({ path: file });
    console.log(`      screenshot ${file}`);
}

function assert(condition, message) {
    if (!condition) throw new Error(message);
}

async function waitForServer() {
    const deadline = Date.now() + 15_000;
    for (;;) {
        try {
            if ((await fetch(url)).ok) return;
        } catch {}
        if (Date.now() > deadline) throw new Error(`nothing answers at ${url}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
}

// This run's screenshots only.
fs.mkdirSync(artifacts, { recursive: true });
for (const file of fs.readdirSync(artifacts)) {
    if (/^lesson-.*\.(png|json)$/.test(file)) fs.rmSync(path.join(artifacts, file));
}

const pageErrors = [];
const dialogs = [];
const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox'] });

/// A new page in a fresh profile (its own localStorage), watched for errors and dialogs.
async function freshPage(options = {}) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, acceptDownloads: true, ...options });
    const p = await context.newPage();
    current = p;
    p.setDefaultTimeout(TIMEOUT);
    p.on('pageerror', (error) => pageErrors.push(String(error)));
    p.on('crash', () => pageErrors.push('the page crashed'));
    p.on('console', (message) => {
        if (message.type() === 'error' && /panicked|RuntimeError|unreachable/.test(message.text())) pageErrors.push(message.text());
    });
    p.on('dialog', async (dialog) => {
        dialogs.push(`${dialog.type()}: ${dialog.message()}`);
        await dialog.dismiss().catch(() => {});
    });
    return p;
}

const viewportOf = (p, name = 'Browser A') => p.frameLocator(`iframe[title="Page shown in ${name}"]`);
const pageText = async (p, name) => (await viewportOf(p, name).locator('body').innerText()).trim();
const lessonPanel = (p) => p.getByRole('complementary', { name: 'Lesson' });
// The highlighted elements' text (a row's disclosure triangle left out).
const highlighted = async (p) => (await p.locator('.lesson-hl').allInnerTexts()).map((t) => t.trim().replace(/\s+/g, ' ').replace(/^[▸▾] /, ''));
const tableColumn = async (p, table) => p.getByRole('table', { name: table }).locator('tbody tr td:first-child').allInnerTexts();

async function startLesson(p, id) {
    await p.getByRole('combobox', { name: 'Lessons' }).selectOption(id);
    const confirm = p.getByRole('alertdialog', { name: 'Confirm' });
    if (await confirm.isVisible()) await confirm.getByRole('button', { name: 'Start lesson' }).click();
    await lessonPanel(p).waitFor();
}

/// Follows the lesson in front: on each step, "Do it" if there is one, then checks that
/// the step points at something on screen, runs `checks[step]` if any, and goes Next.
async function followLesson(p, id, checks = {}) {
    const count = Number((await lessonPanel(p).locator('.lesson-count').innerText()).match(/of (\d+)/)[1]);
    const seen = [];
    for (let step = 1; step <= count; step += 1) {
        const counter = await lessonPanel(p).locator('.lesson-count').innerText();
        assert(counter === `Step ${step} of ${count}`, `${id}: the panel says ${JSON.stringify(counter)} at step ${step}`);
        const doIt = lessonPanel(p).getByRole('button', { name: 'Do it' });
        if (await doIt.count()) {
            await doIt.click();
            await lessonPanel(p).getByRole('button', { name: 'Done ✓' }).waitFor();
        }
        if (await lessonPanel(p).locator('.lesson-error').count()) {
            throw new Error(`${id} step ${step}: ${await lessonPanel(p).locator('.lesson-error').innerText()}`);
        }
        await p.locator('.lesson-hl').first().waitFor({ timeout: 5_000 }).catch(() => {
            throw new Error(`${id} step ${step}: nothing is highlighted`);
        });
        seen.push(`${step}: ${(await highlighted(p))[0].slice(0, 70)}`);
        if (checks[step]) await checks[step]();
        if (step < count) await lessonPanel(p).getByRole('button', { name: 'Next step' }).click();
    }
    console.log(`      ${id}: ${count} steps; highlighted:\n        ${seen.join('\n        ')}`);
}

try {
    await waitForServer();
    page = await freshPage();
    await page.goto(url);
    await viewportOf(page).locator('a[href="sessfun"]').waitFor();

    await check('lesson "Cookies": zap and sakaicar, close, +1000 s', async () => {
        await startLesson(page, 'cookies');
        await followLesson(page, 'cookies', {
            1: async () => {
                const lines = await highlighted(page);
                assert(lines.length === 1 && lines[0].startsWith('zap=42; Path=/'), `highlighted ${JSON.stringify(lines)}`);
                assert((await pageText(page)).startsWith('C is for cookie'), 'the cookie view is shown');
            },
            2: async () => {
                const [line] = await highlighted(page);
                assert(/^sakaicar=42; expires=Sun, 29 Sep 2019 23:34:35 GMT; Max-Age=1000; Path=\/$/.test(line), line);
                await shot('cookies-set-cookie');
            },
            3: async () => {
                const names = await tableColumn(page, 'Cookies');
                assert(names.join() === 'zap,sakaicar', `jar ${names}`);
            },
            6: async () => {
                const [line] = await highlighted(page);
                assert(line.includes("{'zap': '42', 'sakaicar': '42'}"), `console line ${line}`);
            },
            7: async () => {
                const names = await tableColumn(page, 'Cookies');
                assert(names.join() === 'sakaicar', `after the close the jar holds ${names}`);
                await shot('cookies-closed');
            },
            9: async () => {
                const names = await tableColumn(page, 'Cookies');
                assert(names.join() === 'zap', `after 1000 s the jar holds ${names}`);
            },
            10: async () => {
                const [line] = await highlighted(page);
                assert(line.includes("{'zap': '42'}"), `console ${line}`);
            },
        });
        await shot('cookies');
    });

    await check('lesson "Sessions": the fifth visit deletes num_visits', async () => {
        await startLesson(page, 'sessions');
        await followLesson(page, 'sessions', {
            1: async () => assert((await pageText(page)) === 'view count=1', 'view count=1'),
            2: async () => {
                const [row] = await highlighted(page);
                assert(row.includes("{'num_visits': 1}") || row.includes('num_visits'), `row ${row}`);
            },
            6: async () => {
                assert((await pageText(page)) === 'view count=5', 'view count=5');
                const [row] = await highlighted(page);
                assert(/\{\}$/.test(row) || row.includes('{}'), `the fifth visit's row: ${row}`);
                await shot('sessions-fifth-visit');
            },
            7: async () => assert((await pageText(page)) === 'view count=1', 'the count restarts'),
        });
        await shot('sessions');
    });

    await check('lesson "Two browsers": a session row each', async () => {
        await startLesson(page, 'two-browsers');
        await followLesson(page, 'two-browsers', {
            3: async () => {
                assert(await page.getByRole('tab', { name: 'Browser B' }).getAttribute('aria-selected') === 'true', 'Browser B in front');
                assert((await pageText(page, 'Browser B')) === 'view count=1', 'B starts at 1');
            },
            4: async () => {
                const rows = await highlighted(page);
                assert(rows.length === 2, `two rows highlighted: ${JSON.stringify(rows)}`);
                await shot('two-browsers-rows');
            },
            6: async () => assert((await pageText(page)) === 'view count=3', 'A goes on at 3'),
        });
        await shot('two-browsers');
    });

    await check('lesson "Decoding session_data": the slide\'s row, then the modern format', async () => {
        await startLesson(page, 'decoding');
        await followLesson(page, 'decoding', {
            2: async () => {
                const [row] = await highlighted(page);
                assert(row.includes('OWNkOGQxYjg4NzlkN2ZhOTc2NmU1ODY0NWMzZmQ4YjdhMzM4OTJhNjp7Im51bV92aXNpdHMiOjJ9'), `row ${row}`);
                await shot('decoding-legacy');
            },
            4: async () => {
                const [row] = await highlighted(page);
                assert(row.startsWith('xy414ikma0p80jw19mrg146inewhzp3s'), `the slide's key: ${row}`);
                assert(row.includes('MDg5N2NlZGFjMGYyMjcxMjlhNzc3OWQ4NjVlOGZlMGExZjFmZjBmMzp7Im51bV92aXNpdHMiOjN9'), `3.2 rewrote it: ${row}`);
            },
            5: async () => {
                const [row] = await highlighted(page);
                assert(row.includes('eyJudW1fdmlzaXRzIjo0fQ:1iEiRv:'), `modern format: ${row}`);
            },
        });
        await shot('decoding');
    });

    await check('lesson "Tampering and theft"', async () => {
        await startLesson(page, 'tampering');
        await followLesson(page, 'tampering', {
            2: async () => {
                const [row] = await highlighted(page);
                assert(row.startsWith('sessionid tampered'), `edited cookie: ${row}`);
            },
            3: async () => assert((await pageText(page)) === 'view count=1', 'a new session'),
            5: async () => {
                assert((await pageText(page, 'Browser B')) === 'view count=3', 'B rides on A\'s session');
                await shot('tampering-theft');
            },
            7: async () => {
                const [line] = await highlighted(page);
                assert(line.includes('Session data corrupted'), `console ${line}`);
            },
        });
        await shot('tampering');
    });

    await check('lesson "SameSite": a cross-site form, image and link', async () => {
        await startLesson(page, 'samesite');
        await followLesson(page, 'samesite', {
            2: async () => assert((await pageText(page)).includes('You won a prize!'), 'evil.example shown'),
            3: async () => {
                const rows = await highlighted(page);
                assert(rows.some((r) => r.includes('SameSiteLax')), `blocked cookie row: ${JSON.stringify(rows)}`);
                await shot('samesite-post');
            },
            4: async () => {
                const [line] = await highlighted(page);
                assert(line.includes('SameSiteLax'), `the image's Set-Cookie is refused: ${line}`);
            },
            7: async () => {
                const rows = await highlighted(page);
                assert(rows.some((r) => r.includes('SameSiteStrict')), `Strict: ${JSON.stringify(rows)}`);
            },
        });
        await shot('samesite');
    });

    await check('lesson "Expiry and clearsessions"', async () => {
        await startLesson(page, 'expiry');
        await followLesson(page, 'expiry', {
            1: async () => {
                const [line] = await highlighted(page);
                assert(line.includes('Max-Age=60'), line);
            },
            3: async () => {
                assert((await page.getByRole('table', { name: 'Sessions' }).locator('tbody tr').count()) === 1, 'one stale row');
                await shot('expiry-stale');
            },
            5: async () => {
                const rows = await highlighted(page);
                assert(rows.length === 1, `clearsessions leaves one row: ${JSON.stringify(rows)}`);
            },
        });
        await shot('expiry');
    });

    await check('a lesson can be restarted', async () => {
        await lessonPanel(page).getByRole('button', { name: 'Restart lesson' }).click();
        const counter = await lessonPanel(page).locator('.lesson-count').innerText();
        assert(counter === 'Step 1 of 5', counter);
        assert(await page.getByRole('table', { name: 'Sessions' }).count() === 0, 'the lesson\'s World starts again');
    });

    await check('a page reload keeps the state (lesson, browsers, devtools tab)', async () => {
        await lessonPanel(page).getByRole('button', { name: 'Do it' }).click();
        await page.getByRole('tab', { name: 'Console' }).click();
        const before = await page.locator('.console-line').allInnerTexts();
        await page.reload();
        await lessonPanel(page).waitFor();
        const counter = await lessonPanel(page).locator('.lesson-count').innerText();
        assert(counter === 'Step 1 of 5', counter);
        assert(await lessonPanel(page).getByRole('button', { name: 'Done ✓' }).count() === 1, 'step 1 is done');
        assert(await page.getByRole('tab', { name: 'Console' }).getAttribute('aria-selected') === 'true', 'Console in front');
        const after = await page.locator('.console-line').allInnerTexts();
        assert(JSON.stringify(after) === JSON.stringify(before), `console before ${before.length} lines, after ${after.length}`);
        assert((await pageText(page)) === 'view count=1', 'the page');
    });

    let shared;
    await check('a share link reproduces the playground in another browser profile', async () => {
        await lessonPanel(page).getByRole('button', { name: 'Close lesson' }).click();
        await page.getByRole('button', { name: 'New private window' }).click();
        await page.getByRole('textbox', { name: 'Address' }).fill('http://127.0.0.1:8000/session/cookie');
        await page.getByRole('textbox', { name: 'Address' }).press('Enter');
        await viewportOf(page, 'Browser B (private)').getByText('C is for cookie').waitFor();
        await page.getByRole('button', { name: 'Share' }).click();
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
        assert((await pageText(other)) === 'view count=1', 'Browser A shows its page');
        await other.getByRole('tab', { name: 'Database' }).click();
        assert((await tableColumn(other, 'Sessions')).length === 1, 'one session row');
        assert(!other.url().includes('#'), `the fragment is cleared: ${other.url()}`);
        await shot('shared', other);
        await other.context().close();
    });

    await check('export, then import in another profile', async () => {
        const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export' }).click()]);
        const file = path.join(artifacts, 'lesson-exported-scenario.json');
        await download.saveAs(file);
        const scenario = JSON.parse(fs.readFileSync(file, 'utf8'));
        assert(scenario.steps.some((s) => s.open === 'private'), `exported steps: ${JSON.stringify(scenario.steps).slice(0, 300)}`);
        const other = await freshPage();
        await other.goto(url);
        await viewportOf(other).locator('a[href="sessfun"]').waitFor();
        await other.getByLabel('Import').setInputFiles(file);
        await viewportOf(other, 'Browser B (private)').getByText('C is for cookie').waitFor();
        await other.context().close();
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
    });

    await check('a corrupt share link gives a banner and a clean start', async () => {
        const other = await freshPage();
        await other.goto(`${url}#s=${shared.split('#s=')[1].slice(0, 40)}`);
        const text = await other.getByRole('alert').innerText();
        assert(/^This share link could not be opened: .*Starting fresh\./.test(text), text);
        await viewportOf(other).locator('a[href="sessfun"]').waitFor();
        await other.context().close();
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
        await lessonPanel(page).getByRole('button', { name: 'Do it' }).click();
        await shot('layout-dark');
        await page.emulateMedia({ colorScheme: 'light' });
    });

    await check('no panic, page error or dialog', async () => {
        assert(pageErrors.length === 0, pageErrors.join('\n'));
        assert(dialogs.length === 0, dialogs.join('\n'));
    });
} finally {
    await browser.close();
}

console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
