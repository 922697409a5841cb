// The SQL side of a hostile bulk case: the IMPORT/EXPORT statement goes to the hostile WebSocket server
// (test/support/hostile-server.ts), which holds its reply until the case decides it (after the tunnel
// script did its part), like a database whose statement lasts as long as its HTTP exchange. An
// `abortQuery` meanwhile ends it with R0003, as a real server does.
import { errorReply, rowCountReply } from './hostile-replies';
import type { HostileServer } from './hostile-server';

/** How the statement ends. */
export type SqlAnswer = { rows: number } | { sqlCode: string; text: string };

/** The statement of one case, held by the hostile server. */
export interface SqlSide {
  /** Answers the statement (once; later calls are ignored). */
  answer(a: SqlAnswer): void;
  /** True once the statement reached the server. */
  executed(): boolean;
  /** How many `abortQuery` commands the server got. */
  aborts(): number;
}

/** Arms `server` so that the next connection's first `execute` waits for {@link SqlSide.answer}. */
export function armSqlSide(server: HostileServer): SqlSide {
  let decided: string | undefined;
  let executed = false;
  server.arm({
    phase: 'execute',
    act: (ctx) => {
      executed = true;
      // polled with the server's abortable timer: an abortQuery answers R0003 and stops the poll
      const tick = () =>
        ctx.later(10, () => {
          if (decided === undefined) tick();
          else ctx.send(decided);
        });
      tick();
    },
  });
  return {
    answer: (a) => {
      decided ??= 'rows' in a ? rowCountReply(a.rows) : errorReply(a.sqlCode, a.text);
    },
    executed: () => executed,
    aborts: () => server.log.filter((c) => c === 'abortQuery').length,
  };
}
