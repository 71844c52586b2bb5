// A post as a whole, for the editor: why readers would not see it (the core decides, through
// quire.js; load it first) and the clock of the site's time zone, which the browser's Intl
// time zone database gives (the core takes the zone as an offset). No DOM; unit-tested under
// node.
import { postVisibility } from '../quire.js';

// Making an Intl.DateTimeFormat costs far more than using one (the details show after every
// keystroke): one per named time zone, made once; null for a zone Intl does not know. The
// browser's own zone needs none: Date's local getters read it, as it is at that moment.
const clocks = new Map();

function clockFor(timeZone) {
  if (!clocks.has(timeZone)) {
    let format = null;
    try {
      format = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
    } catch {
      // An unknown zone name in the config: wallClock falls back to the browser's zone.
    }
    clocks.set(timeZone, format);
  }
  return clocks.get(timeZone);
}

const pad = (n, width = 2) => String(n).padStart(width, '0');

/** The parts of `instant` as wall-clock time in `timeZone` (IANA name; undefined = local). */
function wallClock(instant, timeZone) {
  const format = timeZone === undefined ? null : clockFor(timeZone);
  if (format === null) {
    return {
      date: `${pad(instant.getFullYear(), 4)}-${pad(instant.getMonth() + 1)}-${pad(instant.getDate())}`,
      time: `${pad(instant.getHours())}:${pad(instant.getMinutes())}:${pad(instant.getSeconds())}`,
    };
  }
  const parts = {};
  for (const { type, value } of format.formatToParts(instant)) parts[type] = value;
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    time: `${parts.hour}:${parts.minute}:${parts.second}`,
  };
}

/** Today's date (YYYY-MM-DD) in `timeZone`. */
export function todayIn(timeZone, now = new Date()) {
  return wallClock(now, timeZone).date;
}

/**
 * The offset of `timeZone` from UTC at `now`, in minutes east (Paris in summer: 120): the
 * wall clock there minus UTC.
 */
export function offsetMinutes(timeZone, now = new Date()) {
  const wall = wallClock(now, timeZone);
  const asUtc = Date.parse(`${wall.date}T${wall.time}Z`);
  return Math.round((asUtc - Math.floor(now.getTime() / 1000) * 1000) / 60_000);
}

/**
 * Why readers would not see this post, as sentences (empty when they would). `site` is the
 * site config (or null): its time zone judges the date, `future: true` shows future posts.
 */
export function hiddenReasons(post, site, now = new Date()) {
  const reasons = [];
  const timeZone = siteTimeZone(site);
  const why = postVisibility({ draft: Boolean(post.draft), date: post.date ?? null }, site ?? undefined, now.getTime(), offsetMinutes(timeZone, now));
  if (why.draft) reasons.push('It is a draft: readers will not see it until draft is removed (or published is true).');
  if (why.future) {
    reasons.push(
      `It is dated in the future (${post.date}${timeZone ? `, time zone ${timeZone}` : ''}): readers will see it from that date.`,
    );
  }
  return reasons;
}

/** The site's IANA time zone (`timezone`, as the core normalizes it), or undefined. */
export function siteTimeZone(site) {
  const zone = site?.timezone;
  return typeof zone === 'string' && zone ? zone : undefined;
}
