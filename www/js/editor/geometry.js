// Where each source line sits inside the textarea, for scroll sync and for revealing a line.
// Without wrapping it is arithmetic; with wrapping a hidden mirror with the same width and
// font measures every line once, then again only after the text or the width changed (and
// only when someone asks: scrolling, clicking).
import { blockAtY } from './lines.js';

export class SourceGeometry {
  constructor(textarea, host) {
    this.textarea = textarea;
    this.host = host;
    this.tops = null; // Float64Array: top of each line (0-based index), then the end
    this.dirty = true;
  }

  invalidate() {
    this.dirty = true;
  }

  get wraps() {
    return this.textarea.getAttribute('wrap') !== 'off';
  }

  style() {
    const cs = getComputedStyle(this.textarea);
    const fontSize = parseFloat(cs.fontSize) || 16;
    const lineHeight = parseFloat(cs.lineHeight) || fontSize * 1.5;
    return { cs, lineHeight, padTop: parseFloat(cs.paddingTop) || 0 };
  }

  measure() {
    const { cs, lineHeight, padTop } = this.style();
    this.lineHeight = lineHeight;
    this.padTop = padTop;
    this.dirty = false;
    if (!this.wraps) {
      this.tops = null;
      return;
    }
    const ta = this.textarea;
    const mirror = document.createElement('div');
    const width = ta.clientWidth - (parseFloat(cs.paddingLeft) || 0) - (parseFloat(cs.paddingRight) || 0);
    Object.assign(mirror.style, {
      position: 'absolute',
      visibility: 'hidden',
      left: '-100000px',
      top: '0',
      width: `${Math.max(1, width)}px`,
      font: cs.font,
      letterSpacing: cs.letterSpacing,
      tabSize: cs.tabSize,
      lineHeight: cs.lineHeight,
      whiteSpace: 'pre-wrap',
      overflowWrap: 'break-word',
      wordBreak: cs.wordBreak,
      padding: '0',
      border: '0',
      contain: 'layout style',
    });
    const lines = ta.value.split('\n');
    const fragment = document.createDocumentFragment();
    for (const line of lines) {
      const div = document.createElement('div');
      div.textContent = line || '\u200b';
      fragment.append(div);
    }
    mirror.append(fragment);
    this.host.append(mirror);
    const tops = new Float64Array(lines.length + 1);
    let i = 0;
    for (let div = mirror.firstChild; div; div = div.nextSibling) tops[i++] = div.offsetTop;
    tops[lines.length] = mirror.offsetHeight;
    mirror.remove();
    this.tops = tops;
  }

  ensure() {
    if (this.dirty) this.measure();
  }

  /** The scrollTop that puts 1-based fractional `line` at the top of the textarea. */
  lineTop(line) {
    this.ensure();
    const index = Math.max(0, line - 1);
    if (!this.tops) return this.padTop + index * this.lineHeight;
    const i = Math.min(Math.floor(index), this.tops.length - 2);
    if (i < 0) return 0;
    const frac = index - i;
    return this.padTop + this.tops[i] + frac * (this.tops[i + 1] - this.tops[i]);
  }

  /** The 1-based fractional line at scrollTop-like offset `y`. */
  lineAt(y) {
    this.ensure();
    const inner = Math.max(0, y - this.padTop);
    if (!this.tops) return 1 + inner / this.lineHeight;
    const i = Math.max(0, Math.min(blockAtY(this.tops, inner), this.tops.length - 2));
    const span = this.tops[i + 1] - this.tops[i];
    return 1 + i + (span > 0 ? Math.min(1, (inner - this.tops[i]) / span) : 0);
  }
}
