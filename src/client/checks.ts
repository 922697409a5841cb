/**
 * Argument checks shared by several calls, so that each message is written (and shipped) once and
 * reads the same wherever the mistake is made.
 */
import { InputError } from '../errors';

/** Row modes a reading call accepts. */
export const ROW_MODES = ['object', 'array'] as const;
/** Value modes a session or reading call accepts. */
export const VALUE_MODES = ['typed', 'bigint', 'raw'] as const;

/** Throws InputError unless `v` is absent or one of `allowed` ("rowMode must be 'object' or 'array'"). */
export function checkOneOf(name: string, v: unknown, allowed: readonly unknown[]): void {
  if (v === undefined || allowed.includes(v)) return;
  const words = allowed.map((a) => (typeof a === 'string' ? `'${a}'` : String(a)));
  throw new InputError(`${name} must be ${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`);
}

/** Throws InputError unless `sql` is a string with something other than blanks in it. */
export function checkSql(sql: unknown): void {
  if (typeof sql !== 'string' || sql.trim() === '') throw new InputError('SQL text must be a non-empty string');
}
