// The post's details above the panes (title, date, tags, draft or published, reading time and
// words) and, when readers would not see the post, why (meta.js). Always as text.
import { h } from '../blog/dom.js';
import { formatDate, readingTime } from '../format.js';
import { hiddenReasons } from './meta.js';

export class MetaPanel {
  constructor() {
    this.title = h('strong', { className: 'qe-meta-title' });
    this.date = h('span', { className: 'qe-meta-date' });
    this.tags = h('span', { className: 'qe-meta-tags' });
    this.draft = h('span', { className: 'qe-meta-draft' });
    this.reading = h('span', { className: 'qe-meta-reading' });
    this.hiddenNote = h('p', { className: 'qe-hidden-note', hidden: true });
    this.shownDate = undefined; // the post.date the date shows
    this.element = h(
      'div',
      { className: 'qe-info' },
      h('div', { className: 'qe-meta', 'aria-label': 'Post details' }, this.title, this.date, this.tags, this.draft, this.reading),
      this.hiddenNote,
    );
  }

  /** Shows a rendered post's metadata; `site` (the site config or null) decides visibility. */
  show(post, site) {
    this.title.textContent = post.title || 'Untitled';
    if (this.shownDate !== post.date) {
      // Formatting a date is costly and the date rarely changes while typing.
      this.shownDate = post.date;
      this.date.textContent = post.date ? formatDate(post.date) : 'no date';
    }
    this.reading.textContent = `${readingTime(post.readingMinutes)} · ${post.wordCount} words`;
    const tags = post.tags ?? [];
    this.tags.textContent = tags.length ? tags.map((t) => `#${t}`).join(' ') : 'no tags';
    this.draft.textContent = post.draft ? 'draft' : 'published';
    this.draft.classList.toggle('is-draft', post.draft);
    const reasons = hiddenReasons(post, site);
    this.hiddenNote.textContent = reasons.length ? `Hidden from readers. ${reasons.join(' ')}` : '';
    this.hiddenNote.hidden = reasons.length === 0;
  }
}
