/**
 * Wall-clock time in an IANA time zone (`Europe/Berlin`), read through Intl so that a day with a
 * daylight-saving change has its 23 or 25 hours. A "wall" value is a local date and time written as if
 * it were UTC (Date.UTC of the local fields): calendar steps are then plain millisecond arithmetic, and
 * `new Date(wall).getUTCDay()` is the local weekday.
 */
const DAY = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** Whether this runtime knows `name` as a time zone. */
export function isTimeZone(name: string): boolean {
  try {
    formatter(name);
    return true;
  } catch {
    return false;
  }
}

/** The wall clock in `timeZone` at the instant `at`. */
export function wallClock(at: number, timeZone: string): number {
  const field: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = {};
  for (const part of formatter(timeZone).formatToParts(at)) field[part.type] = Number(part.value);
  const { year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = field;
  const millis = ((at % 1000) + 1000) % 1000;
  return Date.UTC(year, month - 1, day, hour, minute, second, millis);
}

/**
 * The instant at which the wall clock in `timeZone` reads `wall`. A time that occurs twice (the hour
 * repeated in autumn) gives the first; a time skipped in spring gives the instant it would have been
 * under the offset before the change, i.e. just as far past the gap.
 */
export function instantAt(wall: number, timeZone: string): number {
  const before = wall - (wallClock(wall - DAY, timeZone) - (wall - DAY));
  const after = wall - (wallClock(wall + DAY, timeZone) - (wall + DAY));
  const exact = [before, after].filter((at) => wallClock(at, timeZone) === wall);
  return exact.length > 0 ? Math.min(...exact) : before;
}

/** The instant the local day containing `at` began in `timeZone`. */
export function startOfLocalDay(at: number, timeZone: string): number {
  return instantAt(Math.floor(wallClock(at, timeZone) / DAY) * DAY, timeZone);
}
