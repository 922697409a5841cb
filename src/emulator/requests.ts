/**
 * Field validation for incoming requests. Error texts follow the real server's style
 * ("JSON value '/command' is required, but was not provided.", wire-quirks.md §2) and use sqlCode
 * 00000, so a malformed request always gets a clear error reply, never a crash.
 */
import { ProtocolFault } from './replies';

/** A parsed request object. */
export type Msg = Record<string, unknown>;

function missing(name: string): never {
  throw new ProtocolFault(`JSON value '/${name}' is required, but was not provided.`);
}
function wrong(name: string, what: string): never {
  throw new ProtocolFault(`JSON value '/${name}' is not ${what}.`);
}

/** A required string field. */
export function reqString(msg: Msg, name: string): string {
  const v = msg[name];
  if (v === undefined) missing(name);
  if (typeof v !== 'string') wrong(name, 'a string');
  return v;
}

/** An optional string field (`null` counts as absent). */
export function optString(msg: Msg, name: string): string | undefined {
  const v = msg[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') wrong(name, 'a string');
  return v;
}

/** An optional boolean field. */
export function optBool(msg: Msg, name: string): boolean | undefined {
  const v = msg[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean') wrong(name, 'a boolean');
  return v;
}

/** A required boolean field. */
export function reqBool(msg: Msg, name: string): boolean {
  if (msg[name] === undefined) missing(name);
  return optBool(msg, name) as boolean;
}

/** A required integer field within `[min, max]` (numbers beyond 2^53 arrive as strings and are refused). */
export function reqInt(msg: Msg, name: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const v = msg[name];
  if (v === undefined) missing(name);
  if (typeof v !== 'number' || !Number.isInteger(v)) wrong(name, 'an integer');
  if (v < min || v > max) throw new ProtocolFault(`JSON value '/${name}' is out of range (${v}).`);
  return v;
}

/** An optional integer field. */
export function optInt(msg: Msg, name: string, min = 0): number | undefined {
  return msg[name] === undefined ? undefined : reqInt(msg, name, min);
}

/** A required array of non-negative integers. */
export function reqIntArray(msg: Msg, name: string): number[] {
  const v = msg[name];
  if (v === undefined) missing(name);
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'number' && Number.isInteger(x) && x >= 0)) wrong(name, 'an array of integers');
  return v as number[];
}

/** A required array of strings. */
export function reqStringArray(msg: Msg, name: string): string[] {
  const v = msg[name];
  if (v === undefined) missing(name);
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) wrong(name, 'an array of strings');
  return v as string[];
}

/** An optional array of strings (`null` counts as absent). */
export function optStringArray(msg: Msg, name: string): string[] | undefined {
  const v = msg[name];
  if (v === undefined || v === null) return undefined;
  return reqStringArray(msg, name);
}
