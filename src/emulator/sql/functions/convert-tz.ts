/**
 * CONVERT_TZ(ts, from_tz, to_tz, options): the fourth argument says what happens to a local time that does not exist
 * in from_tz (INVALID: the gap when clocks go forward) or exists twice (AMBIGUOUS: when they go back), as
 * docs.exasol.com lists the options: 'INVALID SHIFT|ADJUST|NULLIFY|REJECT AMBIGUOUS ST|DST|NULLIFY|REJECT' and
 * 'ENSURE REVERSIBILITY' (invalid or ambiguous input, or an ambiguous result, is an error). Without options the
 * session's TIME_ZONE_BEHAVIOR applies; its default 'INVALID SHIFT AMBIGUOUS ST' is what DuckDB's ICU zones do.
 * SHIFT moves an invalid time by the gap (02:30 -> 03:30), ADJUST to the end of the gap (03:00: an assumption, the
 * docs do not spell it out; gaps that do not end on a full hour UTC are cut to the hour), ST / DST read an ambiguous
 * time as standard / daylight saving time. REJECT fails with 22002 (the emulator's text).
 */
const M = (sql: string): string => `CREATE OR REPLACE MACRO main.${sql}`;

/** The documented options, normalised (blanks collapsed, upper case) -> [invalid, ambiguous] behaviours. */
export function convertTzOptions(text: string): [string, string] | undefined {
  const s = text.trim().replace(/\s+/g, ' ').toUpperCase();
  if (s === 'ENSURE REVERSIBILITY') return ['REVERSIBLE', 'REVERSIBLE'];
  const m = /^INVALID (SHIFT|ADJUST|NULLIFY|REJECT) AMBIGUOUS (ST|DST|NULLIFY|REJECT)$/.exec(s);
  return m ? [m[1]!, m[2]!] : undefined;
}

const fail = (what: string): string => `error('EXA[22002] data exception - ${what} timestamp for CONVERT_TZ')`;
/** TIMESTAMPTZ u read as a local time of zone z. */
const local = (z: string, u: string): string => `timezone(${z}, ${u})`;

/**
 * EXA_CONVERT_TZ(d, f, t, inv, amb): L is the local time, u DuckDB's instant for it (shifted / standard time), o the
 * other instant with the same local time (one hour away) when L is ambiguous.
 */
const BODY =
  `list_transform([CAST(d AS TIMESTAMP)], lambda __l: list_transform([timezone(f, __l)], lambda __u: ` +
  `list_transform([CASE WHEN ${local('f', '__u - INTERVAL 1 HOUR')} = __l THEN __u - INTERVAL 1 HOUR WHEN ${local('f', '__u + INTERVAL 1 HOUR')} = __l THEN __u + INTERVAL 1 HOUR END], lambda __o: ` +
  `CASE WHEN __l IS NULL THEN NULL ` +
  `WHEN ${local('f', '__u')} <> __l THEN CASE inv WHEN 'SHIFT' THEN ${local('t', '__u')} WHEN 'ADJUST' THEN ${local('t', "date_trunc('hour', __u)")} ` +
  `WHEN 'NULLIFY' THEN NULL ELSE ${fail('invalid')} END ` +
  `WHEN __o IS NOT NULL THEN CASE amb WHEN 'ST' THEN ${local('t', 'greatest(__u, __o)')} WHEN 'DST' THEN ${local('t', 'least(__u, __o)')} ` +
  `WHEN 'NULLIFY' THEN NULL ELSE ${fail('ambiguous')} END ` +
  // ENSURE REVERSIBILITY: the result must not be ambiguous in the target zone either
  `WHEN amb = 'REVERSIBLE' AND (${local('t', '__u - INTERVAL 1 HOUR')} = ${local('t', '__u')} OR ${local('t', '__u + INTERVAL 1 HOUR')} = ${local('t', '__u')}) ` +
  `THEN ${fail('irreversible')} ` +
  `ELSE ${local('t', '__u')} END)[1])[1])[1]`;

/** The statements creating EXA_CONVERT_TZ (idempotent). */
export const CONVERT_TZ_MACROS: string[] = [M(`EXA_CONVERT_TZ(d, f, t, inv, amb) AS CAST(${BODY} AS TIMESTAMP)`)];
