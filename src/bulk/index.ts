/**
 * `exasol-ws/bulk` (Node only): IMPORT and EXPORT at wire speed through Exasol's HTTP transport.
 * The SDK opens raw tunnels to the database port, the statement runs over the session, and CSV
 * (optionally gzip, optionally TLS with a pinned key) streams over the tunnels, one per node in parallel.
 * Browsers cannot open raw sockets, so this entry is not part of the browser builds.
 */
export { bulkImport, type BulkResult } from './import';
export { bulkExport, exportRows, type ExportTarget } from './export';
export { BulkError, TransferError, type BulkSide } from './errors';
export type { BulkOptions, CsvFormat, ExportOptions, ImportOptions } from './options';
export type { BulkProgress } from './progress';
export type { BulkValue } from './csv-write';
export { MAX_CSV_ROW_CHARS, type CsvRow } from './csv-read';
export type { ImportSource } from './sources';
export type { ExportSource } from './sql';
export type { TableName } from './identifiers';
export type { BulkSession } from './transfer';
