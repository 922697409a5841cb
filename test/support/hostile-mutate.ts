// Seeded mutations of one reply text for the fuzz test: at the JSON-value level (on a small
// lossless tree: numbers keep their text, object keys keep order and duplicates) and at the
// text level (truncate, flip, insert or delete a character).

/** A JSON value with numbers kept as their source text. */
export type JNode =
  | { t: 'null' }
  | { t: 'bool'; v: boolean }
  | { t: 'num'; raw: string }
  | { t: 'str'; v: string }
  | { t: 'arr'; items: JNode[] }
  | { t: 'obj'; entries: [string, JNode][] };

/** Parses JSON text into a {@link JNode} tree; throws on invalid text. */
export function parseTree(text: string): JNode {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \n\r\t'.includes(text[i]!)) i++;
  };
  const str = (): string => {
    const start = i;
    i++;
    while (text[i] !== '"') {
      if (i >= text.length) throw new SyntaxError('unterminated string');
      i += text[i] === '\\' ? 2 : 1;
    }
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (): JNode => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const entries: [string, JNode][] = [];
      ws();
      if (text[i] === '}') return i++, { t: 'obj', entries };
      for (;;) {
        ws();
        const k = str();
        ws();
        if (text[i++] !== ':') throw new SyntaxError('expected :');
        entries.push([k, value()]);
        ws();
        const d = text[i++];
        if (d === '}') return { t: 'obj', entries };
        if (d !== ',') throw new SyntaxError('expected , or }');
      }
    }
    if (c === '[') {
      i++;
      const items: JNode[] = [];
      ws();
      if (text[i] === ']') return i++, { t: 'arr', items };
      for (;;) {
        items.push(value());
        ws();
        const d = text[i++];
        if (d === ']') return { t: 'arr', items };
        if (d !== ',') throw new SyntaxError('expected , or ]');
      }
    }
    if (c === '"') return { t: 'str', v: str() };
    if (text.startsWith('null', i)) return (i += 4), { t: 'null' };
    if (text.startsWith('true', i)) return (i += 4), { t: 'bool', v: true };
    if (text.startsWith('false', i)) return (i += 5), { t: 'bool', v: false };
    const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (m === null) throw new SyntaxError(`unexpected ${c} at ${i}`);
    i += m[0].length;
    return { t: 'num', raw: m[0] };
  };
  const root = value();
  ws();
  if (i !== text.length) throw new SyntaxError('trailing text');
  return root;
}

/** Writes a tree back as JSON text. */
export function writeTree(n: JNode): string {
  switch (n.t) {
    case 'null':
      return 'null';
    case 'bool':
      return String(n.v);
    case 'num':
      return n.raw;
    case 'str':
      return JSON.stringify(n.v);
    case 'arr':
      return '[' + n.items.map(writeTree).join(',') + ']';
    case 'obj':
      return '{' + n.entries.map(([k, v]) => JSON.stringify(k) + ':' + writeTree(v)).join(',') + '}';
  }
}

interface Slot {
  node: JNode;
  /** Replaces the node in its parent (root: undefined). */
  set?: (n: JNode) => void;
  /** Removes it from its parent (object key or array entry). */
  remove?: () => void;
  /** Inserts a copy next to it (array entries). */
  dup?: () => void;
  where: string;
}

function slots(root: JNode): Slot[] {
  const out: Slot[] = [{ node: root, where: '$' }];
  const walk = (n: JNode, where: string) => {
    if (n.t === 'arr') {
      n.items.forEach((child, idx) => {
        out.push({
          node: child, where: `${where}[${idx}]`,
          set: (x) => void (n.items[n.items.indexOf(child)] = x),
          remove: () => void n.items.splice(n.items.indexOf(child), 1),
          dup: () => void n.items.splice(n.items.indexOf(child), 0, structuredClone(child)),
        });
        walk(child, `${where}[${idx}]`);
      });
    } else if (n.t === 'obj') {
      for (const entry of n.entries) {
        out.push({
          node: entry[1], where: `${where}.${entry[0]}`,
          set: (x) => void (entry[1] = x),
          remove: () => void n.entries.splice(n.entries.indexOf(entry), 1),
        });
        walk(entry[1], `${where}.${entry[0]}`);
      }
    }
  };
  walk(root, '$');
  return out;
}

const HUGE = 'x'.repeat(200_000);
/** The replacement values of the JSON-level mutation. */
export const REPLACEMENTS: [string, () => JNode][] = [
  ['null', () => ({ t: 'null' })],
  ['true', () => ({ t: 'bool', v: true })],
  ['"x"', () => ({ t: 'str', v: 'x' })],
  ['0', () => ({ t: 'num', raw: '0' })],
  ['-1', () => ({ t: 'num', raw: '-1' })],
  ['0.5', () => ({ t: 'num', raw: '0.5' })],
  ['1e400', () => ({ t: 'num', raw: '1e400' })],
  ['123456789012345678901', () => ({ t: 'num', raw: '123456789012345678901' })],
  ['[]', () => ({ t: 'arr', items: [] })],
  ['{}', () => ({ t: 'obj', entries: [] })],
  ['huge string', () => ({ t: 'str', v: HUGE })],
];

function swapType(n: JNode): JNode {
  switch (n.t) {
    case 'num':
      return { t: 'str', v: n.raw };
    case 'str':
      return /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(n.v) ? { t: 'num', raw: n.v } : { t: 'num', raw: '0' };
    case 'bool':
      return { t: 'str', v: String(n.v) };
    case 'null':
      return { t: 'str', v: 'null' };
    case 'arr':
      return { t: 'obj', entries: n.items.map((x, i) => [String(i), x]) };
    case 'obj':
      return { t: 'arr', items: n.entries.map(([, v]) => v) };
  }
}

const CHARS = '"\\{}[],:0123456789-+.eEtrufalsnx ';

/** Applies one random mutation to a reply text; returns the new text and a description. */
export function mutate(text: string, rnd: () => number): { text: string; what: string } {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  let tree: JNode | undefined;
  try {
    tree = parseTree(text);
  } catch {
    tree = undefined;
  }
  if (tree !== undefined && rnd() < 0.65) {
    const all = slots(tree);
    const s = pick(all);
    const ops: string[] = ['replace', 'replace', 'swap'];
    if (s.remove) ops.push('delete', 'delete');
    if (s.dup) ops.push('duplicate');
    const op = pick(ops);
    if (op === 'delete') {
      s.remove!();
      return { text: writeTree(tree), what: `delete ${s.where}` };
    }
    if (op === 'duplicate') {
      s.dup!();
      return { text: writeTree(tree), what: `duplicate ${s.where}` };
    }
    const [label, make] = op === 'swap' ? ['swapped type', () => swapType(s.node)] as const : pick(REPLACEMENTS);
    const repl = make();
    if (s.set === undefined) return { text: writeTree(repl), what: `root := ${label}` };
    s.set(repl);
    return { text: writeTree(tree), what: `${s.where} := ${label}` };
  }
  const pos = Math.floor(rnd() * text.length);
  switch (pick(['truncate', 'flip', 'insert', 'delete'] as const)) {
    case 'truncate':
      return { text: text.slice(0, pos), what: `truncate at ${pos}/${text.length}` };
    case 'flip': {
      const ch = pick([...CHARS]);
      return { text: text.slice(0, pos) + ch + text.slice(pos + 1), what: `flip ${pos} ${JSON.stringify(text[pos])}->${JSON.stringify(ch)}` };
    }
    case 'insert': {
      const ch = pick([...CHARS]);
      return { text: text.slice(0, pos) + ch + text.slice(pos), what: `insert ${JSON.stringify(ch)} at ${pos}` };
    }
    case 'delete':
      return { text: text.slice(0, pos) + text.slice(pos + 1), what: `delete char ${pos} ${JSON.stringify(text[pos])}` };
  }
}
