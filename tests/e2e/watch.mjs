// A page that records everything a successful script injection would do: alert/confirm/
// prompt/print calls, dialogs, navigations to another origin, javascript:/data: requests, CSP
// violations, page errors and console errors. A failed image load (`<img src=x>`) is not one:
// that is the sanitizer keeping a harmless image. Used by hostile.test.mjs and blog.test.mjs.
//
//   const { page, fired } = await watchedPage(browser, origin);
//   page.__loaded = true;            // after the first load: other origins count from now on
//   assert.deepEqual(await fired(), []);

export async function watchedPage(browser, origin) {
  const { page, problems } = await browser.newPage();
  const outside = [];
  await page.addInitScript(() => {
    window.__fired = [];
    for (const name of ['alert', 'confirm', 'prompt', 'print']) {
      window[name] = (...args) => window.__fired.push(`${name}(${args.join(',')})`);
    }
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__fired.push(`CSP: ${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  page.on('dialog', (dialog) => {
    outside.push(`dialog: ${dialog.message()}`);
    dialog.dismiss().catch(() => {});
  });
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame() && page.__loaded && !frame.url().startsWith(origin)) {
      outside.push(`navigated to ${frame.url()}`);
    }
  });
  page.on('request', (request) => {
    if (/^(javascript|vbscript|data:text)/i.test(request.url())) outside.push(`request ${request.url()}`);
  });
  const errors = () => problems.filter((p) => !/Failed to load resource/.test(p));
  /** Everything noticed so far, in the page and outside it. */
  async function fired() {
    const inPage = await page.evaluate(() => window.__fired ?? []).catch((err) => [`could not read the page: ${err.message}`]);
    return [...outside, ...inPage, ...errors()];
  }
  return { page, problems, fired };
}
