// Small pure helpers for showing post metadata (no DOM, testable in Node).

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

// The calendar-day format per locale (a UTC day: the same whatever the time zone), made once:
// making the first Intl.DateTimeFormat of a page loads the locale's data (tens of ms), each
// one after costs far more than using one, and a list of hundreds of posts, or the editor's
// preview after every keystroke, then formats its dates with one.
const dayFormats = new Map();

function dayFormat(locales) {
  const key = locales === undefined ? '' : JSON.stringify(locales); // the reader's own: no JSON per date
  let format = dayFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locales, { dateStyle: 'medium', timeZone: 'UTC' });
    dayFormats.set(key, format);
  }
  return format;
}

/** Makes the reader's date format now (see `hasDateFormat`). */
export function prepareDateFormat() {
  dayFormat(undefined);
}

/** Whether the reader's date format is made yet (by `prepareDateFormat` or a first `formatDate`). */
export function hasDateFormat() {
  return dayFormats.has('');
}

/**
 * A date as the file writes it: its calendar day (`2024-01-15`; a timestamp's day as written),
 * or the value itself when it starts with none. What the shell's first view shows, before the
 * reader's date format is made.
 */
export function writtenDate(value) {
  return /^\d{4}-\d{2}-\d{2}/.exec(value)?.[0] ?? value;
}

/**
 * Formats a post date for the reader's locale.
 * A date-only value ("2024-01-15") is a calendar day, not an instant: it is shown as that same
 * day in every time zone. A full timestamp is shown in the reader's own time zone.
 * Returns the input unchanged when it is not a valid date.
 */
export function formatDate(value, locales = undefined) {
  const day = DATE_ONLY.exec(value);
  if (day) {
    const [year, month, date] = day.slice(1).map(Number);
    const utc = new Date(0);
    utc.setUTCFullYear(year, month - 1, date); // setUTCFullYear keeps years 0-99 as they are
    if (utc.getUTCMonth() !== month - 1 || utc.getUTCDate() !== date) return value;
    return dayFormat(locales).format(utc);
  }
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime())) return value;
  return new Intl.DateTimeFormat(locales, { dateStyle: 'medium', timeStyle: 'short' }).format(instant);
}

/** "5 min read"; at least one minute. */
export function readingTime(minutes) {
  const n = Math.max(1, Math.round(Number(minutes) || 0));
  return `${n} min read`;
}
