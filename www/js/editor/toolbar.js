// The editor's bar: its buttons and toggles (which call the actions they are given), the name
// of the open file, the status line, and the banner below it that asks the author to choose.
import { h } from '../blog/dom.js';
import { hasFileSystemAccess } from './files.js';

/** How long a message in the status line outlives routine notes (ms). */
const STATUS_HOLD_MS = 5000;

const isMac = () => /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

export class Toolbar {
  /**
   * actions: { newPost, openFile, openFolder, openFromFolder(name), save, download,
   * setWrap(on), setLineNumbers(on) }; wrap, numbers: the toggles' first state.
   */
  constructor(actions, { wrap, numbers }) {
    this.actions = actions;
    const mod = isMac() ? '⌘' : 'Ctrl+';
    const button = (label, title, onClick) => {
      const b = h('button', { type: 'button', title }, label);
      b.addEventListener('click', onClick);
      return b;
    };
    /** The file picker of browsers without the File System Access API (files.pickFile). */
    this.fileInput = h('input', { type: 'file', accept: '.md,.markdown,.mdown,.txt,text/markdown', hidden: true });
    this.folderSelect = h('select', { className: 'qe-folder', hidden: true, 'aria-label': 'Post in the opened folder' });
    this.wrapToggle = h('input', { type: 'checkbox', checked: wrap });
    this.numbersToggle = h('input', { type: 'checkbox', checked: numbers });
    this.status = h('span', { className: 'qe-status', role: 'status', 'aria-live': 'polite' });
    this.statusHeldUntil = 0;
    this.fileLabel = h('span', { className: 'qe-file' });
    this.element = h(
      'div',
      { className: 'qe-toolbar', role: 'toolbar', 'aria-label': 'Editor' },
      button('New', 'A new post from the template', () => actions.newPost()),
      button('Open…', 'Open a Markdown file (or drop one on the editor)', () => actions.openFile()),
      hasFileSystemAccess() ? button('Open folder…', 'Open a posts folder and save back in place', () => actions.openFolder()) : null,
      this.folderSelect,
      button('Save', `Save (${mod}S)`, () => actions.save()),
      button('Download', 'Download the file', () => actions.download()),
      h('label', { className: 'qe-check' }, this.wrapToggle, ' Wrap'),
      h('label', { className: 'qe-check' }, this.numbersToggle, ' Line numbers'),
      this.fileLabel,
      this.status,
    );
  }

  /** Starts listening; `listeners.on(target, type, handler)` is undone on destroy. */
  listen(listeners) {
    listeners.on(this.wrapToggle, 'change', () => this.actions.setWrap(this.wrapToggle.checked));
    listeners.on(this.numbersToggle, 'change', () => this.actions.setLineNumbers(this.numbersToggle.checked));
    listeners.on(this.folderSelect, 'change', () => this.actions.openFromFolder(this.folderSelect.value));
  }

  /**
   * Shows `text` in the status line. A `routine` note ("Draft kept …", every autosave) does not
   * replace a message the author has to see (saved, restarted, an error) for its first seconds.
   */
  setStatus(text, { routine = false } = {}) {
    const now = performance.now();
    if (routine && now < this.statusHeldUntil) return;
    this.status.textContent = text;
    this.statusHeldUntil = routine ? 0 : now + STATUS_HOLD_MS;
  }

  /** The open file's name, and (when given) the tooltip with its path. */
  showFile(name, title) {
    this.fileLabel.textContent = name;
    if (title !== undefined) this.fileLabel.title = title;
  }

  /** Lists an opened folder's posts (files.pickFolder's result) in the folder menu. */
  showFolder(folder) {
    this.folderSelect.replaceChildren(
      h('option', { value: '' }, `${folder.name}/ (${folder.files.length} posts)`),
      ...folder.files.map((f) => h('option', { value: f.name }, f.name)),
    );
    this.folderSelect.hidden = false;
  }
}

/** A message with buttons, below the toolbar. */
export class Banner {
  constructor() {
    this.element = h('div', { className: 'qe-banner', role: 'alert', hidden: true });
    this.sticky = false;
  }

  /**
   * Shows `text` with a button per [label, action]. A `sticky` banner (a choice the author
   * must make) stays through hide() until hide({ force: true }).
   */
  show(text, actions = [], { sticky = false } = {}) {
    this.sticky = sticky;
    this.element.replaceChildren(
      h('span', {}, text),
      ...actions.map(([label, action]) => {
        const b = h('button', { type: 'button' }, label);
        b.addEventListener('click', action);
        return b;
      }),
    );
    this.element.hidden = false;
  }

  hide({ force = false } = {}) {
    if (this.sticky && !force) return;
    this.sticky = false;
    this.element.hidden = true;
    this.element.replaceChildren();
  }
}
