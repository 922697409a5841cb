/**
 * The cluster functions (docs.exasol.com IPROC, NPROC, VALUE2PROC) on the emulator's cluster of `nodes` nodes
 * (`--nodes N`, one database behind them): NPROC() is N; IPROC() is 0, the node every row is computed on (the
 * emulator distributes no rows); VALUE2PROC(x) is the node a value's hash falls on (0..N-1; NULL for NULL), a
 * stable spread that is not Exasol's hash.
 */
const M = (sql: string): string => `CREATE OR REPLACE MACRO main.${sql}`;

/** The statements creating the cluster macros for a cluster of `nodes` nodes (idempotent). */
export function clusterMacros(nodes: number): string[] {
  const n = Math.max(1, Math.trunc(nodes));
  return [
    M(`NPROC() AS CAST(${n} AS DECIMAL(18, 0))`),
    M(`IPROC() AS CAST(0 AS DECIMAL(18, 0))`),
    M(`VALUE2PROC(x) AS CASE WHEN x IS NULL THEN NULL ELSE CAST(hash(x) % ${n} AS DECIMAL(18, 0)) END`),
  ];
}
