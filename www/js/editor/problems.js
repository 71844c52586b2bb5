// The "Problems" list below the panes: the post's diagnostics, each a button that selects
// where it points in the source. Hidden while there are none.
import { h } from '../blog/dom.js';

export class Problems {
  /** onSelect(line, column): a diagnostic was clicked. */
  constructor(onSelect) {
    this.onSelect = onSelect;
    this.key = null;
    this.list = h('ul', { className: 'qe-diag-list' });
    this.element = h('section', { className: 'qe-diagnostics', 'aria-label': 'Problems', hidden: true }, h('h2', {}, 'Problems'), this.list);
  }

  show(diagnostics = []) {
    const key = JSON.stringify(diagnostics);
    if (key === this.key) return;
    this.key = key;
    this.list.replaceChildren(
      ...diagnostics.map((d) => {
        const b = h(
          'button',
          { type: 'button', className: `diagnostic is-${d.severity}` },
          h('span', { className: 'qe-where' }, `${d.line}:${d.column}`),
          ` ${d.severity}: ${d.message}`,
        );
        b.addEventListener('click', () => this.onSelect(d.line, d.column));
        return h('li', {}, b);
      }),
    );
    this.element.hidden = diagnostics.length === 0;
  }
}
