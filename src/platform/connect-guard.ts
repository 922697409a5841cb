/** The connect timeout and AbortSignal of a socket being opened, shared by the runtime adapters. */
import { AbortError, TimeoutError } from '../errors';
import type { OpenSocketOptions } from './types';

/** A URL as errors may show it: without query or fragment (they may carry tickets or tokens). */
export function displayUrl(url: string): string {
  return url.replace(/[?#][^]*$/, '');
}

/** Arms the timeout and the signal of `options` to call `fail`; returns the function that disarms both. */
export function guardConnect(url: string, options: OpenSocketOptions, fail: (err: Error) => void): () => void {
  const timer =
    options.timeoutMs > 0 ? setTimeout(() => fail(new TimeoutError(`connect to ${displayUrl(url)} timed out after ${options.timeoutMs} ms`)), options.timeoutMs) : undefined;
  const onAbort = () => fail(new AbortError('connect aborted'));
  options.signal?.addEventListener('abort', onAbort, { once: true });
  return () => {
    if (timer !== undefined) clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  };
}
