// Loads the exasol-ws browser bundle the way a user's page would: the UMD build through a script tag
// (global `ExasolWS`), or the ESM build through import(). A server may name the file in /config.json; by default
// it is exasol-ws.umd.min.js next to the page (as in dist/console/, which the emulator serves).

/** The bundle loaded when /config.json names none. */
const DEFAULT_SDK = { src: 'exasol-ws.umd.min.js', format: 'umd' };

/** Resolves the SDK's public module (`connect`, error classes, ...). */
export async function loadSdk(sdk = DEFAULT_SDK) {
  if (globalThis.ExasolWS?.connect) return globalThis.ExasolWS;
  if (!sdk?.src) throw new Error('No exasol-ws browser bundle found (run `npx rollup -c` to build dist/).');
  if (sdk.format === 'esm') return import(sdk.src);
  await new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = sdk.src;
    script.onload = resolve;
    script.onerror = () => reject(new Error(`Could not load ${sdk.src}`));
    document.head.append(script);
  });
  if (!globalThis.ExasolWS?.connect) throw new Error(`${sdk.src} did not define the global ExasolWS`);
  return globalThis.ExasolWS;
}

/** Reads /config.json (connection defaults of the embedded emulator); empty defaults when absent. */
export async function loadConfig() {
  try {
    const r = await fetch('config.json', { cache: 'no-store' });
    return r.ok ? await r.json() : {};
  } catch {
    return {};
  }
}
