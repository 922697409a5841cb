/**
 * Bytes of an EXPORT to text, piece by piece: a fatal decoder (bytes not valid in the encoding are a
 * TransferError, never replaced by U+FFFD; a UTF-8 BOM is kept). An ASCII-only UTF-8 piece (the usual CSV)
 * is taken as its Latin-1 text, a plain copy several times cheaper than the decoder, whenever the decoder
 * holds no bytes of a character cut by the end of the piece before.
 */
import { isAscii } from 'node:buffer';
import { TransferError } from './errors';
import { isUtf8 } from './options';

/** A streaming, fatal decoder of CSV bytes; its errors are TransferErrors naming the bytes read before. */
export class CsvTextDecoder {
  readonly #td: TextDecoder;
  readonly #utf8: boolean;
  readonly #encoding: string;
  /** The decoder holds nothing of a cut character (the last byte it was given was ASCII, or it was given none). */
  #whole = true;

  /** `encoding` must be one TextDecoder knows (checked by the caller). */
  constructor(encoding: string) {
    this.#encoding = encoding;
    this.#utf8 = isUtf8(encoding);
    this.#td = new TextDecoder(encoding, { fatal: true, ignoreBOM: this.#utf8 });
  }

  /** The text of `piece` (a character cut by its end comes with the next piece); `before` bytes came before it. */
  push(piece: Buffer, before: number): string {
    if (this.#utf8 && this.#whole && isAscii(piece)) return piece.toString('latin1');
    try {
      const text = this.#td.decode(piece, { stream: true });
      if (piece.length > 0) this.#whole = piece[piece.length - 1]! < 0x80;
      return text;
    } catch (e) {
      throw this.#error(before, e);
    }
  }

  /** The end of the bytes: a character still cut is an error; `before` bytes came in all. */
  end(before: number): string {
    try {
      return this.#td.decode();
    } catch (e) {
      throw this.#error(before, e);
    }
  }

  #error(before: number, cause: unknown): TransferError {
    return new TransferError(`CSV from the database is not valid ${this.#encoding} (after ${before} bytes)`, { cause });
  }
}
