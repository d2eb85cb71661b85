/** A span of time: milliseconds (1500 or '1500'), `<n><unit>` ('500ms', '5s', '10m', '72h', '30d') or ISO-8601 ('PT5S', 'P1DT2H'). */
export type Duration = number | string;

const MILLISECONDS_PER_UNIT: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60 * 1000,
  h: 60 * 60 * 1000,
  d: 24 * 60 * 60 * 1000,
};

const SHORT_FORM = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/i;
// Years and months are left out on purpose: their length in milliseconds is not fixed.
const ISO_8601_FORM = /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;

/** Converts a {@link Duration} to whole milliseconds; throws an Error naming the accepted forms for anything else. */
export function parseDuration(value: Duration): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) {
      throw new Error(`Invalid duration ${value}: a number of milliseconds must be finite and not negative.`);
    }
    return Math.round(value);
  }
  if (typeof value !== 'string') {
    throw new Error(`Invalid duration ${JSON.stringify(value)}: expected a string or a number of milliseconds.`);
  }
  const text = value.trim();
  const milliseconds = parseShortForm(text) ?? parseIso8601(text) ?? parseBareNumber(text);
  if (milliseconds === undefined) {
    throw new Error(
      `Invalid duration "${value}": use milliseconds (1500), a number with a unit ` +
        `(500ms, 5s, 10m, 72h, 30d) or an ISO-8601 duration (PT5S, P1DT2H).`,
    );
  }
  return Math.round(milliseconds);
}

function parseShortForm(text: string): number | undefined {
  const match = SHORT_FORM.exec(text);
  return match ? Number(match[1]) * MILLISECONDS_PER_UNIT[match[2].toLowerCase()] : undefined;
}

function parseIso8601(text: string): number | undefined {
  const match = ISO_8601_FORM.exec(text);
  // 'P' and 'PT' alone match the pattern but name no amount.
  if (!match || match.slice(1).every((part) => part === undefined)) {
    return undefined;
  }
  const [weeks, days, hours, minutes, seconds] = match.slice(1).map((part) => Number(part ?? 0));
  return (
    weeks * 7 * MILLISECONDS_PER_UNIT.d +
    days * MILLISECONDS_PER_UNIT.d +
    hours * MILLISECONDS_PER_UNIT.h +
    minutes * MILLISECONDS_PER_UNIT.m +
    seconds * MILLISECONDS_PER_UNIT.s
  );
}

// Settings arrive as strings, so '1500' from an environment variable means 1500 ms like the number would.
function parseBareNumber(text: string): number | undefined {
  return /^\d+(?:\.\d+)?$/.test(text) ? Number(text) : undefined;
}
