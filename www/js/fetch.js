// The one way the shell and the editor fetch the site's files: a response that is OK, or an
// Error that says which file could not be fetched and why (`Could not fetch WHAT: HTTP 404 Not
// Found`, plus `notFound` when the file is missing, such as how to build it).
//
//   const res = await fetchOk(url, { what: 'posts/index.json', notFound: ' (build the site)', cache: 'no-cache' });

export async function fetchOk(url, { what = String(url), notFound = '', ...init } = {}) {
  let res;
  try {
    res = await fetch(url, init);
  } catch (err) {
    throw new Error(`Could not fetch ${what}: ${err.message}`);
  }
  if (!res.ok) {
    const hint = res.status === 404 ? notFound : '';
    throw new Error(`Could not fetch ${what}: HTTP ${res.status} ${res.statusText}`.trim() + hint);
  }
  return res;
}
