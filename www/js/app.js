// Shows one post: fetch the raw file, parse it with the Quire wasm module, fill the page.
// Metadata goes in as text; only the sanitized HTML from the Rust side goes in as HTML.
import { ready, parsePost } from './quire.js';
import { formatDate, readingTime } from './format.js';

const DEFAULT_POST = '2024-01-15-transitioning-to-technical-program-management.md';

const $ = (id) => document.getElementById(id);

/** The post to show: ?post=NAME.md (a plain file name in posts/), else the default. */
function postPath() {
  const name = new URLSearchParams(location.search).get('post');
  const ok = name && /^[\w][\w.-]*\.md$/.test(name);
  return `posts/${ok ? name : DEFAULT_POST}`;
}

async function fetchText(path) {
  let res;
  try {
    res = await fetch(path);
  } catch (err) {
    throw new Error(`Could not fetch ${path}: ${err.message}`);
  }
  if (!res.ok) throw new Error(`Could not fetch ${path}: HTTP ${res.status} ${res.statusText}`.trim());
  return res.text();
}

async function loadEngine() {
  try {
    await ready();
  } catch (err) {
    throw new Error(`Could not start the Markdown engine: ${err.message}`);
  }
}

function showStatus(message, isError = false) {
  const status = $('status');
  status.textContent = message;
  status.classList.toggle('is-error', isError);
  status.hidden = false;
}

function showDiagnostics(diagnostics) {
  const shown = (diagnostics ?? []).filter((d) => d.severity === 'error' || d.severity === 'warning');
  const list = $('diagnostics-list');
  list.replaceChildren(
    ...shown.map((d) => {
      const item = document.createElement('li');
      item.className = `diagnostic is-${d.severity}`;
      const where = d.line ? ` (line ${d.line}${d.column ? `, column ${d.column}` : ''})` : '';
      item.textContent = `${d.severity}: ${d.message}${where}`;
      return item;
    }),
  );
  $('diagnostics').hidden = shown.length === 0;
}

function showPost(post) {
  const title = post.title || post.slug || 'Untitled';
  $('post-title').textContent = title;
  document.title = `${title} · Quire`;

  const time = $('post-date');
  time.hidden = !post.date;
  if (post.date) {
    time.dateTime = post.date;
    time.textContent = formatDate(post.date);
  }
  $('post-reading').textContent = readingTime(post.readingMinutes);

  const tags = post.tags ?? [];
  $('post-tags').replaceChildren(
    ...tags.map((tag) => {
      const item = document.createElement('li');
      item.textContent = tag;
      return item;
    }),
  );
  $('post-tags').hidden = tags.length === 0;

  // The excerpt is the part before the "more" mark; alone it would repeat the whole body.
  const excerpt = $('post-excerpt');
  excerpt.innerHTML = post.hasMore ? post.excerptHtml : '';
  excerpt.hidden = !post.hasMore || !post.excerptHtml;

  $('post-body').innerHTML = post.html;
  $('post').hidden = false;
  showDiagnostics(post.diagnostics);
}

/** A "Try again" button under the error: the engine restarts itself after a crash. */
function offerRetry() {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'retry';
  button.textContent = 'Try again';
  button.addEventListener('click', () => {
    button.remove();
    $('status').classList.remove('is-error');
    showStatus('Loading the post…');
    main();
  });
  $('status').append(' ', button);
}

async function main() {
  const path = postPath();
  try {
    const [source] = await Promise.all([fetchText(path), loadEngine()]);
    const post = parsePost(source, { path });
    showPost(post);
    $('status').hidden = true;
  } catch (err) {
    console.error(err);
    showStatus(err instanceof Error ? err.message : String(err), true);
    offerRetry();
  } finally {
    $('content').removeAttribute('aria-busy');
  }
}

main();
