// Used by test/emulator-run.test.ts as the command of `exasol-emulator --run`: connects with the SDK to the
// address the CLI exported, runs a query, prints one JSON line and exits with the code given as argument.
import { connect } from '../../src/node';

const env = process.env;
const s = await connect({
  url: env.EXASOL_URL!,
  user: env.EXASOL_USER!,
  password: env.EXASOL_PASSWORD!,
  ...(env.EXASOL_FINGERPRINT ? { tls: { fingerprint: env.EXASOL_FINGERPRINT } } : {}),
});
const { rows } = await s.query('SELECT 6 * 7 AS ANSWER FROM DUAL');
await s.close();
const keys = ['EXASOL_URL', 'EXASOL_HOST', 'EXASOL_PORT', 'EXASOL_USER', 'EXASOL_PASSWORD', 'EXASOL_DSN', 'EXASOL_FINGERPRINT', 'EXASOL_URLS'];
console.log(JSON.stringify({ answer: (rows[0] as { ANSWER: number }).ANSWER, env: Object.fromEntries(keys.map((k) => [k, env[k] ?? null])) }));
process.exit(Number(process.argv[2] ?? 0));
