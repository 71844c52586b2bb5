// Marks the words a reader searched for on the post they opened from the results: each text
// node of the post body is asked of the core (searchHighlights: the same words, accents and
// prefixes as the index) and the words found are wrapped in <mark class="search-hit">. Only
// text nodes are split: no markup is parsed, ids and links (the table of contents, footnotes)
// stay as they are.
import { ready, searchHighlights } from '../quire.js';

/** Elements whose text is not the reader's prose (typeset math keeps its own markup). */
const SKIP = 'script, style, textarea, svg, math, .katex, mark.search-hit';

/** Wraps the words of `query` inside `root` (a post's body) in marks; returns how many. */
export async function markMatches(root, query) {
  if (!root || !query.trim()) return 0;
  await ready('search');
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) =>
      node.nodeValue.trim() && !node.parentElement?.closest(SKIP) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT,
  });
  const nodes = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node);
  let count = 0;
  for (const node of nodes) {
    const ranges = searchHighlights(node.nodeValue, query);
    if (ranges.length === 0) continue;
    const text = node.nodeValue;
    const parts = [];
    let at = 0;
    for (let i = 0; i + 1 < ranges.length; i += 2) {
      const [start, end] = [ranges[i], ranges[i + 1]];
      if (start < at || end <= start || end > text.length) continue;
      if (start > at) parts.push(document.createTextNode(text.slice(at, start)));
      const mark = document.createElement('mark');
      mark.className = 'search-hit';
      mark.textContent = text.slice(start, end);
      parts.push(mark);
      at = end;
      count += 1;
    }
    if (at < text.length) parts.push(document.createTextNode(text.slice(at)));
    node.replaceWith(...parts);
  }
  return count;
}
