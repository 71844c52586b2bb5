// edit.html: the editor on a page of its own. Opens ?post=posts/NAME.md, ?permalink=/2024/..
// (looked up in the post list, posts/index/all.json; posts/index.json gives the site config), or the local-file draft
// ?file=NAME.md, else a new post. The index is fetched only for a permalink: a site that has
// not been built has none, and a 404 would be noise in the console. The editor module is
// imported here, not statically, so that a missing CodeMirror bundle (www/vendor, built by
// `make vendor`) shows as a message on the page.
import { h } from '../blog/dom.js';
import { fetchOk } from '../fetch.js';

/** A JSON file of the site, or null when there is none (a site not built yet). */
function fetchJson(path) {
  return fetchOk(new URL(`../../${path}`, import.meta.url), { cache: 'no-store' })
    .then((res) => res.json())
    .catch(() => null);
}

/** The site index with every post (the editor finds a post by its permalink in it). */
async function fetchIndex() {
  const [index, all] = await Promise.all([fetchJson('posts/index.json'), fetchJson('posts/index/all.json')]);
  return index ? { ...index, posts: Array.isArray(all?.posts) ? all.posts : [] } : null;
}

const params = new URLSearchParams(location.search);
const root = document.getElementById('editor');
const index = params.has('permalink') ? await fetchIndex() : null;
try {
  const { mountEditor } = await import('./main.js').catch((err) => {
    throw new Error(`${err?.message ?? err} (is www/vendor built? run \`make vendor\`)`);
  });
  await mountEditor(root, {
    permalink: params.get('permalink') ?? '',
    path: params.get('post') ?? undefined,
    file: params.get('file') ?? undefined,
    site: index?.site ?? null,
    index,
    updateUrl: true,
  });
} catch (err) {
  root.replaceChildren(h('p', { className: 'status is-error' }, `The editor could not start: ${err?.message ?? err}`));
}
