// The shared corpus's Rust blog as the benchmarks use it: its posts (YAML and TOML copies, so
// 1,313 of them), and as many posts as wanted made by repeating it with numbered slugs and URLs.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CORPUS = path.resolve(process.env.QUIRE_CORPUS ?? path.join(ROOT, '../shared/corpus/posts'));

async function markdownFiles(dir, at = '') {
  const out = [];
  for (const entry of await readdir(path.join(dir, at), { withFileTypes: true })) {
    const rel = path.join(at, entry.name);
    if (entry.isDirectory()) out.push(...(await markdownFiles(dir, rel)));
    else if (entry.name.endsWith('.md')) out.push(rel);
  }
  return out.sort();
}

/** The Rust blog's posts as [file, text], the YAML copies with a `-y` slug so none collide. */
export async function rustBlog() {
  const posts = [];
  for (const [folder, tag] of [['rust-blog-yaml', '-y'], ['rust-blog-toml', '']]) {
    for (const rel of await markdownFiles(path.join(CORPUS, folder))) {
      const text = await readFile(path.join(CORPUS, folder, rel), 'utf8');
      const named = rel.endsWith('index.md') ? rel : rel.replace(/\.md$/, `${tag}.md`);
      posts.push([path.join(folder, tag ? named : rel), text]);
    }
  }
  return posts;
}

/**
 * `n` posts: `blog` repeated, each copy in its own folder (Zola's `@/` links find their post
 * by its path's end), a YAML post's slug, and a TOML post's without `path =`, numbered from
 * the file name; TOML posts name their URL (`path = "…"`), some YAML posts theirs
 * (`permalink:`): numbered too. `edit(text)` may change each post's text.
 */
export function repeated(blog, n, edit = (text) => text) {
  const out = [];
  for (let c = 0; out.length < n; c++) {
    for (const [rel, text] of blog) {
      if (out.length >= n) break;
      const numbered = rel.startsWith('rust-blog-yaml') || !/^path = /m.test(text);
      const renamed = `copy-${c}/${numbered ? rel.replace(/\.md$/, `-${c}.md`) : rel}`;
      const moved = text.replace(/^path = "(.*)"$/m, `path = "$1-${c}"`).replace(/^permalink: *(\S*?)\/?$/m, `permalink: $1-${c}/`);
      out.push([renamed, edit(moved)]);
    }
  }
  return out;
}
