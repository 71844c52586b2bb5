// Date and reading-time text of the site (www/js/format.js), in several time zones.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { formatDate, hasDateFormat, prepareDateFormat, readingTime, writtenDate } from '../../www/js/format.js';

const originalTz = process.env.TZ;
after(() => {
  if (originalTz === undefined) delete process.env.TZ;
  else process.env.TZ = originalTz;
});

for (const tz of ['UTC', 'America/Los_Angeles', 'Pacific/Kiritimati', 'Pacific/Pago_Pago']) {
  test(`a date-only value shows the same calendar day in ${tz}`, () => {
    process.env.TZ = tz;
    assert.equal(formatDate('2024-01-15', 'en-US'), 'Jan 15, 2024');
    assert.equal(formatDate('2024-12-31', 'en-US'), 'Dec 31, 2024');
    assert.equal(formatDate('2024-01-01', 'en-US'), 'Jan 1, 2024');
  });
}

test('before the reader\'s date format is made, a date shows as the file writes its day', () => {
  assert.equal(hasDateFormat(), false, 'nothing has made it yet in this file');
  assert.equal(writtenDate('2024-01-15'), '2024-01-15');
  assert.equal(writtenDate('2024-01-15T23:30:00-08:00'), '2024-01-15', 'the day as written, whatever the offset');
  assert.equal(writtenDate('someday'), 'someday');
  prepareDateFormat();
  assert.equal(hasDateFormat(), true);
});

test('a date-only value follows the locale', () => {
  assert.equal(formatDate('2024-01-15', 'de-DE'), '15.01.2024');
});

test('each locale keeps its own date format, before and after the reader\'s is prepared', () => {
  const reader = formatDate('2024-01-15');
  prepareDateFormat();
  assert.equal(formatDate('2024-01-15'), reader);
  assert.equal(formatDate('2024-01-15', 'de-DE'), '15.01.2024');
  assert.equal(formatDate('2024-01-15', 'en-US'), 'Jan 15, 2024');
  assert.equal(formatDate('2024-01-15', ['de-DE']), '15.01.2024');
  assert.equal(formatDate('2024-01-15', 'de-DE'), '15.01.2024');
});

test('a timestamp with an offset shows in the reader time zone', () => {
  process.env.TZ = 'UTC';
  assert.match(formatDate('2024-01-15T10:30:00+01:00', 'en-US'), /^Jan 15, 2024, 9:30\sAM$/);
  process.env.TZ = 'America/Los_Angeles';
  assert.match(formatDate('2024-01-15T03:00:00+01:00', 'en-US'), /^Jan 14, 2024, 6:00\sPM$/);
});

test('an impossible or malformed date is shown as written', () => {
  assert.equal(formatDate('2024-02-30', 'en-US'), '2024-02-30');
  assert.equal(formatDate('someday', 'en-US'), 'someday');
});

test('reading time is whole minutes, at least one', () => {
  assert.equal(readingTime(0), '1 min read');
  assert.equal(readingTime(4.4), '4 min read');
  assert.equal(readingTime(12), '12 min read');
});
