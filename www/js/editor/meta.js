// Pure logic about a post as a whole: whether readers would see it, today's date in the
// site's time zone, the file name a title gives and the new-post template. Uses Intl only
// (no DOM), unit-tested under node.

/** The parts of `instant` as wall-clock time in `timeZone` (IANA name; undefined = local). */
function wallClock(instant, timeZone) {
  let format;
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
    // An unknown zone name in the config: fall back to the browser's zone.
    return wallClock(instant, undefined);
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
 * Whether `date` (a Post date: `2024-01-15`, `2024-01-15T10:30:00`, or with an offset) lies
 * after `now`. A date or time without an offset is read as wall-clock time in `timeZone`.
 */
export function isFuture(date, timeZone, now = new Date()) {
  if (!date) return false;
  const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(date.trim());
  if (!m) return false;
  const [, day, time, offset] = m;
  if (offset) {
    const at = Date.parse(`${day}T${time ?? '00:00:00'}${offset.length === 5 ? `${offset.slice(0, 3)}:${offset.slice(3)}` : offset}`);
    return Number.isFinite(at) && at > now.getTime();
  }
  const wall = wallClock(now, timeZone);
  if (!time) return day > wall.date;
  const clock = time.length === 5 ? `${time}:00` : time;
  return `${day}T${clock}` > `${wall.date}T${wall.time}`;
}

/**
 * Why readers would not see this post, as sentences (empty when they would). `site` is the
 * site config (or null): its time zone judges the date, `future: true` shows future posts.
 */
export function hiddenReasons(post, site, now = new Date()) {
  const reasons = [];
  if (post.draft) reasons.push('It is a draft: readers will not see it until draft is removed (or published is true).');
  const timeZone = siteTimeZone(site);
  const future = Boolean(site?.future) || post.frontMatter?.future === true;
  if (!future && isFuture(post.date, timeZone, now)) {
    reasons.push(
      `It is dated in the future (${post.date}${timeZone ? `, time zone ${timeZone}` : ''}): readers will see it from that date.`,
    );
  }
  return reasons;
}

/** The site's IANA time zone, whichever spelling the config uses, or undefined. */
export function siteTimeZone(site) {
  const zone = site?.timezone ?? site?.time_zone ?? site?.timeZone;
  return typeof zone === 'string' && zone ? zone : undefined;
}

/** A file-name slug: lower case ASCII letters and digits joined by single dashes. */
export function slugify(title) {
  const slug = String(title ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  return slug || 'untitled';
}

/** The post's file name: `YYYY-MM-DD-title-slug.md` from its date (or today) and title. */
export function fileNameFor(title, date, today) {
  const day = /^\d{4}-\d{2}-\d{2}/.exec(date ?? '')?.[0] ?? today;
  return `${day}-${slugify(title)}.md`;
}

/** The new-post template: YAML front matter with today's date, a draft until published. */
export function newPostTemplate(today, title = 'Untitled post') {
  return [
    '---',
    `title: ${JSON.stringify(title)}`,
    `date: ${today}`,
    'tags: []',
    'draft: true',
    '---',
    '',
    'Write the first paragraph here. It becomes the excerpt on the home page.',
    '',
    '<!--more-->',
    '',
    '## A section',
    '',
    'More text.',
    '',
  ].join('\n');
}
