/**
 * DOUBLE values as text in SQL, the emulator's one layout for them everywhere (EXPORT, CAST AS VARCHAR, `||`,
 * TO_CHAR without a format): the shortest round-trip digits (JavaScript's `String(n)`), integral values
 * without a point, and the exponent form `1.5E-10` below 1e-5 and `1E15` from 1e15 on (etl/csv-write.ts
 * `doubleText` is the JavaScript twin). docs.exasol.com does not document the text of a DOUBLE; this
 * layout is the emulator's assumption (README).
 */

/** JavaScript's doubleText in SQL over the value `v` and DuckDB's shortest text `p` of it (`1e-07`, `100.0`, `1e+16`). */
export function doubleSql(v: string, p: string): string {
  const sign = `CASE WHEN ${v} < 0 THEN '-' ELSE '' END`;
  // 1e15 <= |v| < 1e16: DuckDB writes 16 integer digits and a fraction; JavaScript the exponent form
  const digits = `rtrim(replace(ltrim(${p}, '-'), '.', ''), '0')`;
  const e15 = `${sign} || left(${digits}, 1) || CASE WHEN length(${digits}) > 1 THEN '.' || substr(${digits}, 2) ELSE '' END || 'E15'`;
  return (
    // the common case first (NaN and the infinities fail it)
    `CASE WHEN abs(${v}) >= 1e-4 AND abs(${v}) < 1e15 THEN CASE WHEN ends_with(${p}, '.0') THEN left(${p}, length(${p}) - 2) ELSE ${p} END ` +
    `WHEN isnan(${v}) THEN 'NaN' WHEN isinf(${v}) THEN CASE WHEN ${v} > 0 THEN 'Infinity' ELSE '-Infinity' END ` +
    `WHEN ${v} = 0 THEN '0' ` +
    `WHEN abs(${v}) >= 1e16 THEN replace(${p}, 'e+', 'E') ` +
    `WHEN abs(${v}) < 1e-5 THEN regexp_replace(${p}, 'e-0*', 'E-') ` +
    `WHEN abs(${v}) < 1e-4 THEN ${sign} || '0.0000' || replace(replace(ltrim(${p}, '-'), 'e-05', ''), '.', '') ` +
    `ELSE ${e15} END`
  );
}
