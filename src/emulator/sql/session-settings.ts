/**
 * ALTER SESSION SET <setting> = <value> on an emulated session: the settings the emulator applies
 * (TIME_ZONE, QUERY_TIMEOUT, PROFILE) and their checks; other settings (NLS formats, ...) are accepted and
 * not emulated.
 */
import { SqlCode } from '../../protocol';
import { EngineError } from './contract';
import { checkZone } from './encode';
import { position } from './errors';

/** The part of a session that ALTER SESSION changes. */
export interface SessionSettings {
  /** Session time zone; TIMESTAMP WITH LOCAL TIME ZONE is shown in it. */
  timeZone: string;
  /** Query timeout in seconds (0: none). */
  queryTimeout: number;
  /** PROFILE = 'ON': statements leave their profile. */
  profile: boolean;
}

/** Applies one `ALTER SESSION SET name = value` of statement `sql` to `session`; throws an EngineError for a bad value. */
export function applySessionSetting(session: SessionSettings, set: { name: string; value: string }, sql: string): void {
  if (set.name === 'TIME_ZONE') {
    try {
      checkZone(set.value);
    } catch {
      throw new EngineError(SqlCode.syntaxOrAccess, `invalid time zone name '${set.value}'`);
    }
    session.timeZone = set.value.toUpperCase();
  }
  if (set.name === 'QUERY_TIMEOUT') {
    const seconds = Number(set.value);
    if (!/^\d+$/.test(set.value) || !Number.isSafeInteger(seconds)) throw new EngineError(SqlCode.syntaxOrAccess, `invalid value '${set.value}' for QUERY_TIMEOUT ${position(sql, 0)}`);
    session.queryTimeout = seconds;
  }
  if (set.name === 'PROFILE') {
    const v = set.value.toUpperCase();
    if (v !== 'ON' && v !== 'OFF') throw new EngineError(SqlCode.syntaxOrAccess, `invalid value '${set.value}' for PROFILE ${position(sql, 0)}`);
    session.profile = v === 'ON';
  }
}
