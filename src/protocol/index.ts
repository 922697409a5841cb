/**
 * The Exasol WebSocket wire contract, written once and used by both the SDK and the emulator.
 */
export * from './json';
export * from './types';
export * from './attributes';
export * from './errors';
export * from './messages';
export * from './validate';
export * from './validate-prepared';
export * from './value-checks';
