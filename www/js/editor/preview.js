// The preview pane: the post as readers will see it, its header (title, date, reading time,
// tags) written as text from the post's metadata and its body patched block by block from the
// renderer's sanitized HTML (patch.js).
import { h } from '../blog/dom.js';
import { formatDate, readingTime } from '../format.js';
import { BlockView } from './patch.js';

export class Preview {
  constructor() {
    this.title = h('h1', { className: 'qe-preview-title' });
    this.date = h('time', { hidden: true });
    this.reading = h('span');
    this.tags = h('ul', { className: 'tags', 'aria-label': 'Tags', hidden: true });
    this.body = h('div', { className: 'post-body qe-body' });
    /** The scrolling pane. */
    this.element = h(
      'div',
      { className: 'qe-preview', tabIndex: 0, role: 'region', 'aria-label': 'Preview' },
      h(
        'article',
        { className: 'post' },
        h('header', { className: 'post-header' }, this.title, h('p', { className: 'post-meta' }, this.date, this.reading), this.tags),
        this.body,
      ),
    );
    this.view = new BlockView(this.body);
  }

  /** Patches the body with a renderer result; returns what changed (BlockView.apply's counts). */
  apply(message) {
    return this.view.apply(message, message.lines);
  }

  /** The header, from the post's metadata: always as text. */
  showHeader(post) {
    const title = post.title || 'Untitled';
    if (this.title.textContent !== title) this.title.textContent = title;
    if (!post.date) {
      this.date.hidden = true;
    } else if (this.date.dateTime !== post.date || this.date.hidden) {
      // Formatting a date is costly and the date rarely changes while typing.
      this.date.textContent = formatDate(post.date);
      this.date.dateTime = post.date;
      this.date.hidden = false;
    }
    this.reading.textContent = readingTime(post.readingMinutes);
    const tags = post.tags ?? [];
    const tagKey = tags.join('\u0000');
    if (this.tags.dataset.key !== tagKey) {
      this.tags.dataset.key = tagKey;
      this.tags.replaceChildren(...tags.map((t) => h('li', {}, t)));
      this.tags.hidden = tags.length === 0;
    }
  }
}
