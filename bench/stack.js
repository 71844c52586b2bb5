// gray-matter + markdown-it: what parsePost does, done the usual JavaScript way: front matter
// (YAML, or TOML through smol-toml for `+++` files), the body, and the excerpt (front matter
// `excerpt`, else the text before <!--more-->, else the first paragraph, as Jekyll does).
// The bench page (bench/page.js, Chromium) and bench/node.mjs (Node) time the same function;
// each passes the packages as its runtime loads them.

/** ({ matter, md: a markdown-it instance, parseToml }) -> (source) -> { data, html, excerptHtml } */
export function grayMatterMarkdownIt({ matter, md, parseToml }) {
  const yamlOptions = { excerpt: true, excerpt_separator: '<!--more-->' };
  const tomlOptions = { ...yamlOptions, language: 'toml', delimiters: '+++', engines: { toml: parseToml } };
  return (source) => {
    const file = matter(source, /^\uFEFF?\+\+\+/.test(source) ? tomlOptions : yamlOptions);
    const html = md.render(file.content);
    const excerpt =
      typeof file.data.excerpt === 'string'
        ? file.data.excerpt
        : file.excerpt || file.content.trimStart().split(/\n[ \t]*\n/, 1)[0];
    return { data: file.data, html, excerptHtml: md.render(excerpt) };
  };
}
