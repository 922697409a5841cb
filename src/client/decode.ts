/**
 * Column-major decoding of result data: one decoder per column, chosen once from its type, applied
 * in place over the column's array, then rows built in one pass. Identity columns (strings, small
 * numbers, booleans) are not touched at all.
 */
import { formatDataType, type ColumnInfo, type DataType } from '../protocol';
import { ProtocolError } from '../errors';
import type { Column, Row, Value, ValueMode } from '../values';

/** Converts one column's wire array in place; `undefined` means the wire values are already right. */
type ColumnDecoder = ((values: unknown[], n: number) => void) | undefined;

function toBigIntColumn(values: unknown[], n: number): void {
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v !== null) values[i] = BigInt(v as number | string);
  }
}

/** Integers: safe ones stay (or become) numbers, larger ones become bigint; never a rounded number. */
function toIntegerColumn(values: unknown[], n: number): void {
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (typeof v === 'string') {
      const x = Number(v);
      values[i] = Number.isSafeInteger(x) ? x : BigInt(v);
    }
  }
}

function toNumberColumn(values: unknown[], n: number): void {
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (typeof v === 'string') values[i] = Number(v);
  }
}

function toDecimalStringColumn(values: unknown[], n: number): void {
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (typeof v === 'number') values[i] = String(v);
  }
}

/** Picks the decoder for a column type. */
export function decoderFor(t: DataType, mode: ValueMode): ColumnDecoder {
  if (mode === 'raw') return undefined;
  switch (t.type) {
    case 'DECIMAL': {
      const p = t.precision ?? 18;
      const s = t.scale ?? 0;
      if (s > 0) return toDecimalStringColumn;
      return mode === 'bigint' && p > 15 ? toBigIntColumn : toIntegerColumn;
    }
    case 'DOUBLE':
      return toNumberColumn;
    default:
      return undefined;
  }
}

/** Converts wire columns into SDK columns. */
export function toColumns(cols: readonly ColumnInfo[]): Column[] {
  return cols.map((c) => ({ name: c.name, dataType: c.dataType, sqlType: formatDataType(c.dataType) }));
}

/** Prepared decoding for one result set's columns. */
export interface RowDecoder {
  readonly columns: Column[];
  /** Decodes `n` rows of column-major `data` (the arrays are modified) into row objects. */
  rows(data: unknown[][] | undefined, n: number): Row[];
}

/** Builds the decoder for a result set's columns. */
export function rowDecoder(cols: readonly ColumnInfo[], mode: ValueMode): RowDecoder {
  const columns = toColumns(cols);
  const decoders = cols.map((c) => decoderFor(c.dataType, mode));
  const names = cols.map((c) => c.name);
  const width = names.length;
  const build = rowBuilder(names);
  return {
    columns,
    rows(data, n) {
      if (n === 0) return [];
      if (data === undefined || data.length !== width) throw new ProtocolError(`result data has ${data?.length ?? 0} columns, expected ${width}`);
      for (let c = 0; c < width; c++) {
        const col = data[c]!;
        if (!Array.isArray(col) || col.length < n) throw new ProtocolError(`result column ${c} carries ${Array.isArray(col) ? col.length : 0} values, expected ${n}`);
        const d = decoders[c];
        if (d !== undefined) d(col, n);
      }
      return build(data, n);
    },
  };
}

type RowBuild = (data: unknown[][], n: number) => Row[];

/**
 * Makes the function that turns column arrays into row objects. Rows are instances of a
 * constructor whose prototype is an empty object with a null prototype: shared fast shapes, and
 * no inherited names (`__proto__`, `constructor` become plain own properties). Where the runtime
 * allows it, the constructor is generated with the column names as literal keys (about twice as
 * fast); under a Content-Security-Policy without 'unsafe-eval' a generic loop is used instead.
 */
function rowBuilder(names: readonly string[]): RowBuild {
  const width = names.length;
  try {
    const params = names.map((_, c) => `c${c}`);
    const body = names.map((name, c) => `this[${JSON.stringify(name)}]=c${c}[i];`).join('');
    const Ctor = new Function(...params, 'i', body) as unknown as { prototype: object };
    Ctor.prototype = Object.create(null);
    const make = new Function(
      'R',
      `return function(d,n){${params.map((p, c) => `const ${p}=d[${c}];`).join('')}const o=new Array(n);for(let i=0;i<n;i++)o[i]=new R(${params.join(',')}${width ? ',' : ''}i);return o;}`,
    ) as (R: unknown) => RowBuild;
    return make(Ctor);
  } catch {
    function RowObject() {}
    RowObject.prototype = Object.create(null);
    const Ctor = RowObject as unknown as new () => Row;
    return (data, n) => {
      const out: Row[] = new Array(n);
      for (let i = 0; i < n; i++) {
        const r = new Ctor() as Record<string, Value>;
        for (let c = 0; c < width; c++) r[names[c]!] = data[c]![i] as Value;
        out[i] = r;
      }
      return out;
    };
  }
}
