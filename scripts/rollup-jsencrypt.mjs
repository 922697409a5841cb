// The UMD bundle inlines jsencrypt for the login password, of which the SDK only uses the public-key part: read a PEM
// public key (ASN.1 decode) and encrypt with PKCS#1 v1.5 (padding, modPowInt, toString(16)). This rollup plugin leaves
// out, in the UMD build only, what is never reached from there:
//   - whole modules: jsrsasign's ASN.1 writer (key export) and SHA-256 (OAEP padding, signatures);
//   - methods: BigInteger arithmetic that only private keys, key generation and signatures use (modPow, modInverse,
//     gcd, primality tests, the public add/multiply/divide wrappers, bit operations, radix conversion), RSAKey's
//     private-key side, JSEncrypt's decrypt/sign/verify/key export, and asn1js's pretty printing;
//   - jsbn's digit multipliers for Internet Explorer and old Opera (picked by navigator.appName, never in a browser
//     that runs the bundle).
// Each left-out method is replaced by one function that throws "not bundled" if anything ever calls it. The build fails
// if a jsencrypt release moves or renames any of them, so the bundle can never silently grow again or keep a stub
// that became needed; the browser tests log in with a password through the UMD bundle.
// The ESM build leaves jsencrypt whole, as an import the app's bundler resolves.

/** Whole modules replaced by stubs (paths inside the jsencrypt package). */
const UNUSED_MODULES = {
  'lib/lib/jsrsasign/asn1-1.0.js': 'export function extendClass() { throw new Error("exasol-ws: jsencrypt key export is not bundled"); }\nexport var KJUR = {};\n',
  'lib/lib/jsbn/sha256.js':
    'const no = () => { throw new Error("exasol-ws: jsencrypt SHA-256 is not bundled"); };\nexport const rstr_sha256 = no;\nexport const rstr2hex = no;\n',
};

/** Methods replaced by stubs, per module: `Class.prototype.name` written `name`, static ones `static name`. */
const UNUSED_METHODS = {
  'lib/lib/jsbn/jsbn.js': {
    BigInteger: [
      'intValue', 'byteValue', 'shortValue', 'signum', 'toByteArray', 'equals', 'min', 'max', 'and', 'or', 'xor', 'andNot',
      'not', 'shiftLeft', 'shiftRight', 'getLowestSetBit', 'bitCount', 'testBit', 'setBit', 'clearBit', 'flipBit', 'add',
      'subtract', 'multiply', 'divide', 'remainder', 'divideAndRemainder', 'modPow', 'modInverse', 'pow', 'gcd',
      'isProbablePrime', 'chunkSize', 'toRadix', 'fromRadix', 'fromNumber', 'bitwiseTo', 'changeBit', 'addTo', 'dMultiply',
      'dAddOffset', 'multiplyLowerTo', 'multiplyUpperTo', 'modInt', 'millerRabin', 'square', 'gcda', 'fromNumberAsync',
    ],
  },
  'lib/lib/jsbn/rsa.js': {
    RSAKey: ['doPrivate', 'setPrivate', 'setPrivateEx', 'generate', 'decrypt', 'generateAsync', 'sign', 'verify'],
  },
  'lib/JSEncryptRSAKey.js': {
    JSEncryptRSAKey: ['getPrivateBaseKey', 'getPrivateBaseKeyB64', 'getPublicBaseKey', 'getPublicBaseKeyB64', 'static wordwrap', 'getPrivateKey', 'getPublicKey', 'parsePropertiesFrom'],
  },
  'lib/JSEncrypt.js': {
    JSEncrypt: ['decrypt', 'encryptOAEP', 'sign', 'signSha256', 'verify', 'verifySha256', 'getPrivateKey', 'getPrivateKeyB64', 'getPublicKey', 'getPublicKeyB64'],
  },
  'lib/lib/asn1js/asn1.js': {
    Stream: ['isASCII', 'parseStringISO', 'parseStringUTF', 'parseStringBMP', 'parseTime', 'parseInteger', 'parseBitString', 'parseOctetString', 'parseOID'],
    ASN1: ['typeName', 'content', 'toString', 'toPrettyString'],
  },
};

/**
 * Named function expressions replaced by stubs, per module: jsbn picks its digit multiplier by `navigator.appName`,
 * which every browser that runs the bundle's ES2020 reports as "Netscape" (HTML Living Standard), so `am3` is always
 * the one; `am1` (old Opera) and `am2` (Internet Explorer) are never reached.
 */
const UNUSED_FUNCTIONS = {
  'lib/lib/jsbn/jsbn.js': ['am1', 'am2'],
};

/** One module holds the stub that every left-out method becomes (imported where needed, so the bundle has it once). */
const STUB_ID = '\0exasol-ws-jsencrypt-unbundled';
const STUB_MODULE = 'export function __exasolUnbundled() { throw new Error("exasol-ws: this part of jsencrypt is not bundled (only public-key encryption is)"); }\n';
const STUB_IMPORT = `import { __exasolUnbundled } from ${JSON.stringify(STUB_ID)};\n`;

/** The jsencrypt-relative tail of a module id, or undefined for other modules. */
function tailOf(id) {
  const norm = id.replace(/\\/g, '/');
  const at = norm.lastIndexOf('/jsencrypt/');
  return at < 0 ? undefined : norm.slice(at + '/jsencrypt/'.length);
}

/** `Class.prototype.name = function ...` or `Class.name = function ...`: the method's key, else undefined. */
function methodKey(node) {
  if (node.type !== 'AssignmentExpression' || node.right.type !== 'FunctionExpression' || node.left.type !== 'MemberExpression') return undefined;
  const { object, property } = node.left;
  if (property.type !== 'Identifier') return undefined;
  if (object.type === 'Identifier') return `${object.name}.static ${property.name}`;
  if (object.type === 'MemberExpression' && object.object.type === 'Identifier' && object.property.type === 'Identifier' && object.property.name === 'prototype') {
    return `${object.object.name}.${property.name}`;
  }
  return undefined;
}

function walk(node, visit) {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) return node.forEach((n) => walk(n, visit));
  if (typeof node.type === 'string') visit(node);
  for (const k in node) if (k !== 'type' && k !== 'start' && k !== 'end') walk(node[k], visit);
}

/** The rollup plugin (UMD build only). */
export function jsencryptPublicKeyOnly() {
  const done = new Set();
  return {
    name: 'jsencrypt-public-key-only',
    resolveId(source) {
      return source === STUB_ID ? STUB_ID : null;
    },
    load(id) {
      if (id === STUB_ID) return STUB_MODULE;
      const tail = tailOf(id);
      if (tail === undefined || !(tail in UNUSED_MODULES)) return null;
      done.add(tail);
      return UNUSED_MODULES[tail];
    },
    transform(code, id) {
      const tail = tailOf(id);
      const classes = tail === undefined ? undefined : UNUSED_METHODS[tail];
      if (classes === undefined) return null;
      const named = UNUSED_FUNCTIONS[tail] ?? [];
      const wanted = new Set([...Object.entries(classes).flatMap(([c, names]) => names.map((n) => `${c}.${n}`)), ...named.map((n) => `function ${n}`)]);
      const cuts = [];
      walk(this.parse(code), (node) => {
        const key = methodKey(node);
        if (key !== undefined && wanted.has(key)) cuts.push({ key, start: node.right.start, end: node.right.end });
        if (node.type === 'FunctionExpression' && node.id !== null && named.includes(node.id.name)) cuts.push({ key: `function ${node.id.name}`, start: node.start, end: node.end });
      });
      const found = new Set(cuts.map((c) => c.key));
      const missing = [...wanted].filter((k) => !found.has(k));
      if (missing.length > 0 || found.size !== cuts.length) this.error(`jsencrypt layout changed in ${tail}: ${missing.length > 0 ? `no ${missing.join(', ')}` : 'a method is assigned twice'}`);
      let out = code;
      for (const c of cuts.sort((a, b) => b.start - a.start)) out = `${out.slice(0, c.start)}__exasolUnbundled${out.slice(c.end)}`;
      done.add(tail);
      return { code: STUB_IMPORT + out, map: null };
    },
    buildEnd(error) {
      // A jsencrypt release that moves these files must not silently grow the bundle again.
      const expected = [...Object.keys(UNUSED_MODULES), ...Object.keys(UNUSED_METHODS)];
      const skipped = expected.filter((t) => !done.has(t));
      if (!error && skipped.length > 0) this.error(`jsencrypt layout changed: ${skipped.join(', ')} not found`);
    },
  };
}
