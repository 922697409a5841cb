/**
 * Command dispatch of a logged-in session (protocol.md §3): every v1-v5 command, with request
 * validation, `attributes` applied before the command runs, and changed attributes echoed in the
 * reply. Statements run through {@link Session.runStatement} (abort, timeout).
 */
import { ErrorText, METADATA_COMMANDS, SqlCode, parseJsonExact, type ColumnInfo, type MetadataRequest } from '../protocol';
import { JsonText, okReply, ProtocolFault } from './replies';
import { fetchJson, headerJson, OpenResult, resultEntry } from './results';
import { optString, optStringArray, reqInt, reqIntArray, reqString, reqStringArray, type Msg } from './requests';
import { applyKill, killRequest } from './kill';
import type { Session } from './session';
import type { SqlSession } from './sql/contract';

/** What the session does with a command's outcome. */
export interface CommandOutcome {
  /** The reply JSON text. */
  reply: string;
  /** Close the connection after replying (disconnect). */
  close?: boolean;
}

const METADATA = new Set<string>(METADATA_COMMANDS);
const METADATA_STRING_FILTERS = ['schema', 'table', 'column', 'function', 'script', 'name'] as const;

function sqlOf(s: Session): SqlSession {
  if (s.sql === undefined) throw new ProtocolFault('Session is closed.');
  return s.sql;
}

function results(entries: JsonText[]): { numResults: number; results: JsonText[] } {
  return { numResults: entries.length, results: entries };
}

/** Finds the result set a fetch/getOffset refers to: an attached share (sub-connection) or an own handle. */
function findResult(s: Session, handle: number): { result: OpenResult; offset: number; length: number } {
  const attached = s.attached.get(handle);
  if (attached !== undefined) return attached;
  const own = s.handles.get(handle);
  if (own !== undefined) return { result: own, offset: 0, length: own.numRows };
  throw new ProtocolFault(`Result set handle ${handle} not found (never opened, or already closed).`);
}

/** Runs one command of an authenticated session. `text` is the request's JSON text (re-read exactly for parameter data). */
export async function dispatchCommand(s: Session, m: Msg, text: string): Promise<CommandOutcome> {
  const cmd = m.command;
  if (cmd === undefined) throw new ProtocolFault(ErrorText.commandMissing);
  if (typeof cmd !== 'string') throw new ProtocolFault("JSON value '/command' is not a string.");
  const before = s.attributes.all();
  const isMetadata = METADATA.has(cmd);
  if (isMetadata && s.protocolVersion < 2) throw new ProtocolFault(`Unknown command '${cmd}' (metadata commands need protocol version 2 or higher).`);
  if (!isMetadata && !HANDLERS.has(cmd)) {
    if (cmd === 'login' || cmd === 'loginToken' || cmd === 'subLogin' || cmd === 'subLoginToken')
      throw new ProtocolFault(`Command '${cmd}' refused: this connection is already logged in.`);
    throw new ProtocolFault(`Unknown command '${cmd}'.`);
  }
  await s.attributes.apply(m.attributes);
  const changed = () => s.attributes.changedSince(before);

  if (isMetadata) {
    const req: Record<string, unknown> = { command: cmd };
    for (const f of METADATA_STRING_FILTERS) {
      if (m[f] === null) req[f] = null;
      else {
        const v = optString(m, f);
        if (v !== undefined) req[f] = v;
      }
    }
    if (m.tableTypes === null) req.tableTypes = null;
    else {
      const tt = optStringArray(m, 'tableTypes');
      if (tt !== undefined) req.tableTypes = tt;
    }
    const sql = sqlOf(s);
    const entry = await s.runStatement(async (ctx) => resultEntry(await sql.metadata(req as unknown as MetadataRequest, ctx), s.handles));
    return { reply: okReply(results([entry]), changed()) };
  }

  switch (cmd) {
    case 'disconnect':
      return { reply: okReply(undefined, changed()), close: true };

    case 'getAttributes':
      return { reply: okReply(undefined, s.attributes.all()) };

    case 'setAttributes':
      return { reply: okReply(undefined, changed()) };

    case 'execute': {
      const sqlText = reqString(m, 'sqlText');
      const sql = sqlOf(s);
      const kill = killRequest(sqlText);
      if (kill !== undefined) {
        // KILL SESSION / KILL STATEMENT: about sessions, which the protocol server knows (kill.ts)
        const closeOwn = applyKill(s.ctx, s.sessionId, kill);
        const entry = await resultEntry({ kind: 'rowCount', rowCount: 0 }, s.handles);
        return { reply: okReply(results([entry]), changed()), close: closeOwn };
      }
      const entry = await s.runStatement(async (ctx) => resultEntry(await sql.execute(sqlText, ctx), s.handles));
      return { reply: okReply(results([entry]), changed()) };
    }

    case 'executeBatch': {
      const texts = reqStringArray(m, 'sqlTexts');
      const sql = sqlOf(s);
      const first = s.handles.nextHandle;
      try {
        const entries = await s.runStatement(async (ctx) => {
          const out: JsonText[] = [];
          for (const t of texts) out.push(await resultEntry(await sql.execute(t, ctx), s.handles));
          return out;
        });
        return { reply: okReply(results(entries), changed()) };
      } catch (e) {
        await s.handles.closeFrom(first);
        throw e;
      }
    }

    case 'createPreparedStatement': {
      const sqlText = reqString(m, 'sqlText');
      const sql = sqlOf(s);
      const p = await s.runStatement((ctx) => sql.prepare(sqlText, ctx), (p) => p.close());
      const handle = s.addPrepared(p);
      const { parameters, resultColumns } = p.info;
      const entry =
        resultColumns === null
          ? new JsonText('{"resultType":"rowCount","rowCount":0}')
          : new JsonText(`{"resultType":"resultSet","resultSet":${headerJson(resultColumns, 0).text}}`);
      const data: Record<string, unknown> = { statementHandle: handle };
      if (parameters.length > 0) data.parameterData = { numColumns: parameters.length, columns: parameters };
      data.numResults = 1;
      data.results = [entry];
      return { reply: okReply(data, changed()) };
    }

    case 'executePreparedStatement': {
      const handle = reqInt(m, 'statementHandle');
      const p = s.prepared.get(handle);
      if (p === undefined) throw new ProtocolFault(`Statement handle not found: ${handle}.`);
      const numColumns = reqInt(m, 'numColumns');
      const numRows = reqInt(m, 'numRows');
      const expected = p.info.parameters.length;
      if (numColumns !== expected) throw new ProtocolFault(ErrorText.columnCountMismatch);
      let columns: ColumnInfo[] | undefined;
      if (m.columns !== undefined && m.columns !== null) {
        if (!Array.isArray(m.columns)) throw new ProtocolFault("JSON value '/columns' is not an array.");
        if (m.columns.length !== numColumns) throw new ProtocolFault(ErrorText.columnCountMismatch);
        columns = m.columns as ColumnInfo[];
      }
      let data: unknown[][] = [];
      if (m.data !== undefined && m.data !== null) {
        if (!Array.isArray(m.data) || !m.data.every((c) => Array.isArray(c))) throw new ProtocolFault("JSON value '/data' is not an array of arrays.");
        const exact = (parseJsonExact(text) as Msg).data as unknown[][];
        data = exact;
      }
      // no rows: an absent or empty `data` stands for one empty column per parameter (`data` is optional)
      if (numColumns > 0 && numRows === 0 && data.length === 0) data = Array.from({ length: numColumns }, () => []);
      if (numColumns > 0 && numRows > 0) {
        if (data.length !== numColumns) throw new ProtocolFault(ErrorText.columnCountMismatch);
        for (const col of data)
          if (col.length < numRows) throw new ProtocolFault(`JSON value '/data' has a column with ${col.length} values, but numRows is ${numRows}.`);
      }
      const entry = await s.runStatement(async (ctx) => resultEntry(await p.execute(columns, data, numRows, ctx), s.handles));
      return { reply: okReply(results([entry]), changed()) };
    }

    case 'closePreparedStatement': {
      const handle = reqInt(m, 'statementHandle');
      const p = s.prepared.get(handle);
      if (p === undefined) throw new ProtocolFault(`Statement handle not found: ${handle}.`);
      s.prepared.delete(handle);
      await p.close();
      return { reply: okReply(undefined, changed()) };
    }

    case 'fetch': {
      const handle = reqInt(m, 'resultSetHandle');
      const start = reqInt(m, 'startPosition');
      const numBytes = reqInt(m, 'numBytes', 1);
      const r = findResult(s, handle);
      return { reply: okReply(await fetchJson(r.result, start, numBytes, r.offset, r.length)) };
    }

    case 'closeResultSet': {
      const handles = reqIntArray(m, 'resultSetHandles');
      for (const h of handles) {
        const a = s.attached.get(h);
        if (a !== undefined) {
          s.attached.delete(h);
          if (a.owned) await a.result.close();
          continue;
        }
        await s.handles.close(h);
      }
      return { reply: okReply() };
    }

    case 'getResultSetHeader': {
      const handles = reqIntArray(m, 'resultSetHandles');
      const entries: JsonText[] = [];
      for (const h of handles) {
        let header: JsonText;
        const own = s.handles.get(h);
        if (own !== undefined) header = headerJson(own.columns, own.numRows, h);
        else if (s.attached.has(h)) {
          const a = s.attached.get(h)!;
          header = headerJson(a.result.columns, a.length, h);
        } else if (s.parallel !== undefined) {
          const main = s.parallel.group.mainHandle(h);
          if (main === undefined) throw new ProtocolFault(`Result set handle ${h} not found in the main session.`);
          const share = s.parallel.group.share(s.parallel.index, main.numRows);
          // a cursor of its own when the engine can fork one: the shares are read at the same time
          const forked = main.source.fork !== undefined ? new OpenResult(h, await main.source.fork()) : undefined;
          s.attached.set(h, { result: forked ?? main, ...share, owned: forked !== undefined });
          header = headerJson(main.columns, share.length, h);
        } else throw new ProtocolFault(`Result set handle ${h} not found (never opened, or already closed).`);
        entries.push(new JsonText(`{"resultType":"resultSet","resultSet":${header.text}}`));
      }
      return { reply: okReply(results(entries), changed()) };
    }

    case 'getOffset': {
      const handle = reqInt(m, 'resultSetHandle');
      const r = findResult(s, handle);
      return { reply: okReply({ rowOffset: r.offset }) };
    }

    case 'getHosts': {
      optString(m, 'hostIp');
      return { reply: okReply(s.ctx.cluster.hosts(), changed()) };
    }

    case 'enterParallel': {
      // hostIp is required here (enterParallelV1; protocol-v4-v5.md §3.9), unlike getHosts'
      reqString(m, 'hostIp');
      const n = reqInt(m, 'numRequestedConnections');
      if (s.parallel !== undefined) throw new ProtocolFault('enterParallel is not allowed on a sub-connection.');
      const data = s.ctx.cluster.enterParallel(s.sessionId, n, s.nodeIndex, (h) => s.handles.get(h));
      const group = s.ctx.cluster.group(data.token);
      if (group !== undefined) {
        group.compressed = s.compressed;
        group.user = s.userName;
      }
      return { reply: okReply(data, changed()) };
    }

    case 'requestParallelConnections': {
      // protocol-v4-v5.md §3.1-§3.2: v4+ only; sub-connections log in on the database port of any node.
      if (s.protocolVersion < 4) throw new ProtocolFault(`Unknown command '${cmd}' (it needs protocol version 4 or higher).`);
      if (s.parallel !== undefined) throw new ProtocolFault('requestParallelConnections is not allowed on a sub-connection.');
      const n = reqInt(m, 'numRequestedConnections');
      const data = s.ctx.cluster.enterParallel(s.sessionId, n, s.nodeIndex, (h) => s.handles.get(h));
      const group = s.ctx.cluster.group(data.token);
      if (group !== undefined) {
        group.compressed = s.compressed;
        group.user = s.userName;
      }
      return { reply: okReply({ numOpenConnections: data.numOpenConnections, token: data.token }, changed()) };
    }
  }
  throw new ProtocolFault(`Unknown command '${cmd}'.`, SqlCode.unknown);
}

const HANDLERS = new Set([
  'disconnect',
  'getAttributes',
  'setAttributes',
  'execute',
  'executeBatch',
  'createPreparedStatement',
  'executePreparedStatement',
  'closePreparedStatement',
  'fetch',
  'closeResultSet',
  'getResultSetHeader',
  'getOffset',
  'getHosts',
  'enterParallel',
  'requestParallelConnections',
]);

