/** Types of scripts/check-lock.mjs for TypeScript callers. */

/** Packages whose native builds the project needs on every platform, with the platforms they must cover at least. */
export const REQUIRED_NATIVE: Record<string, string[]>;

/** The problems of a parsed package-lock.json; empty when every optional (platform) package is locked. */
export function lockProblems(lock: unknown): string[];
