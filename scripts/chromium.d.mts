/** Path of the Chromium binary (`CHROMIUM_PATH` overrides). */
export declare const CHROMIUM_PATH: string;
/** Chromium flags for these machines. */
export declare const CHROMIUM_ARGS: string[];
