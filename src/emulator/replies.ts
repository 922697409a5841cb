/**
 * Reply envelopes as JSON text (protocol.md §1.1). Replies are written as text rather than
 * objects because result data arrives from the SQL engine already serialized, and 64-bit values
 * (session ids) must go out as bare number tokens.
 */
import { stringifyJson, type Attributes } from '../protocol';

/** Pre-serialized JSON embedded verbatim into a reply. */
export class JsonText {
  constructor(readonly text: string) {}
}

/** A protocol-level problem: becomes an error reply with the given code (default 00000). */
export class ProtocolFault extends Error {
  readonly sqlCode: string;
  constructor(text: string, sqlCode = '00000') {
    super(text);
    this.name = 'ProtocolFault';
    this.sqlCode = sqlCode;
  }
}

/** Serializes a value like {@link stringifyJson}, but writes {@link JsonText} values verbatim. */
export function toJson(value: unknown): string {
  if (value instanceof JsonText) return value.text;
  if (Array.isArray(value)) return '[' + value.map((v) => toJson(v)).join(',') + ']';
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const parts: string[] = [];
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) continue;
      parts.push(JSON.stringify(k) + ':' + toJson(v));
    }
    return '{' + parts.join(',') + '}';
  }
  return stringifyJson(value);
}

/** `{"status":"ok", "responseData"?: ..., "attributes"?: ...}` (status first, as real servers write it). */
export function okReply(responseData?: unknown, attributes?: Attributes): string {
  let out = '{"status":"ok"';
  if (responseData !== undefined) out += ',"responseData":' + toJson(responseData);
  if (attributes !== undefined && Object.keys(attributes).length > 0) out += ',"attributes":' + toJson(attributes);
  return out + '}';
}

/** `{"status":"error","exception":{"text","sqlCode"}}`. */
export function errorReply(sqlCode: string, text: string): string {
  return '{"status":"error","exception":' + JSON.stringify({ text, sqlCode }) + '}';
}
