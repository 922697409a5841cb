/**
 * Phonetic codes of Exasol's SOUNDEX and COLOGNE_PHONETIC (docs.exasol.com): SOUNDEX after Knuth (The Art of
 * Computer Programming, Vol. 3) as the docs name it, a letter and three digits; COLOGNE_PHONETIC after H. J.
 * Postel's Kölner Phonetik (1969), digits of any length. Characters that are not letters are skipped; German
 * umlauts count as their vowels and ß as s. Text without letters gives NULL.
 */

/** Soundex digit of an upper-case letter; '' for vowels, H, W and Y (not coded). */
function soundexDigit(ch: string): string {
  if ('BFPV'.includes(ch)) return '1';
  if ('CGJKQSXZ'.includes(ch)) return '2';
  if ('DT'.includes(ch)) return '3';
  if (ch === 'L') return '4';
  if ('MN'.includes(ch)) return '5';
  if (ch === 'R') return '6';
  return '';
}

/** The letters A-Z of a text, upper case (umlauts as their vowels, ß as S). */
function letters(s: string): string {
  return s
    .toUpperCase()
    .replace(/[ÄÀÁÂ]/g, 'A')
    .replace(/[ÖÒÓÔ]/g, 'O')
    .replace(/[ÜÙÚÛ]/g, 'U')
    .replace(/[ÉÈÊ]/g, 'E')
    .replace(/Ç/g, 'C')
    .replace(/ß/g, 'S')
    .replace(/[^A-Z]/g, '');
}

/**
 * SOUNDEX: the first letter, then the digits of the following letters; equal digits next to each other (also with
 * H or W between them, and the first letter's own) count once; vowels separate them. Padded with 0 to 4 characters.
 */
export function soundex(s: string): string | null {
  const w = letters(s);
  if (w === '') return null;
  let code = w[0]!;
  let last = soundexDigit(w[0]!);
  for (let i = 1; i < w.length && code.length < 4; i++) {
    const ch = w[i]!;
    const d = soundexDigit(ch);
    if (d === '') {
      if (ch !== 'H' && ch !== 'W') last = ''; // a vowel separates equal digits
      continue;
    }
    if (d !== last) code += d;
    last = d;
  }
  return code.padEnd(4, '0');
}

/** Kölner Phonetik digit(s) of w[i] given its neighbours; '' for H. */
function cologneCode(w: string, i: number): string {
  const ch = w[i]!;
  const prev = i > 0 ? w[i - 1]! : '';
  const next = w[i + 1] ?? '';
  if ('AEIJOUY'.includes(ch)) return '0';
  switch (ch) {
    case 'H':
      return '';
    case 'B':
      return '1';
    case 'P':
      return next === 'H' ? '3' : '1';
    case 'D':
    case 'T':
      return next !== '' && 'CSZ'.includes(next) ? '8' : '2';
    case 'F':
    case 'V':
    case 'W':
      return '3';
    case 'G':
    case 'K':
    case 'Q':
      return '4';
    case 'C':
      if (i === 0) return next !== '' && 'AHKLOQRUX'.includes(next) ? '4' : '8';
      return next !== '' && 'AHKOQUX'.includes(next) && !'SZ'.includes(prev) ? '4' : '8';
    case 'X':
      return prev !== '' && 'CKQ'.includes(prev) ? '8' : '48';
    case 'L':
      return '5';
    case 'M':
    case 'N':
      return '6';
    case 'R':
      return '7';
    default: // S, Z
      return '8';
  }
}

/** COLOGNE_PHONETIC: every letter coded, equal digits next to each other once, then every 0 but a leading one dropped. */
export function cologne(s: string): string | null {
  const w = letters(s);
  if (w === '') return null;
  let raw = '';
  for (let i = 0; i < w.length; i++) raw += cologneCode(w, i);
  let collapsed = '';
  for (const d of raw) if (d !== collapsed[collapsed.length - 1]) collapsed += d;
  const code = collapsed[0]! + collapsed.slice(1).replace(/0/g, '');
  return code === '' ? null : code;
}
