/**
 * IMPORT and EXPORT over Exasol's HTTP transport (http-transport.md): the statement parsed, then run against
 * the tunnels the client opened on the emulator's port.
 */
import { mapError } from '../errors';
import type { StatementContext } from '../contract';
import type { Session } from '../session';
import { runExport } from './export';
import { runImport } from './import';
import { isEtlStatement, parseEtl } from './statement';

export { isEtlStatement };

/** Runs an IMPORT or EXPORT statement and returns its row count. */
export async function runEtl(s: Session, sql: string, ctx: StatementContext): Promise<number> {
  let st;
  try {
    st = parseEtl(sql);
    await s.shared.snapshot?.beforeStatement(sql);
  } catch (e) {
    throw mapError(e, sql, ctx.signal);
  }
  return st.kind === 'export' ? runExport(s, st, sql, ctx) : runImport(s, st, sql, ctx);
}
