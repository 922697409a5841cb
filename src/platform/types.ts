import type { SocketFactory } from './socket';

/**
 * What the SDK core needs from a runtime: a WebSocket, RSA encryption for the login password and
 * the defaults that differ between Node and browsers. Node and browser entries each pass one.
 */

/** TLS settings for Node (browsers use their own trust store and ignore these). */
export interface TlsOptions {
  /** SHA-256 of the server's DER leaf certificate as 64 hex digits (colons allowed, any case). Pins the certificate and skips chain checks. */
  fingerprint?: string;
  /** `false` turns certificate checks off entirely (test servers only). Default `true`. */
  rejectUnauthorized?: boolean;
  /** Extra trusted CA certificates in PEM form. */
  ca?: string | string[];
}

/** Events a platform socket reports to the transport. */
export interface SocketHandlers {
  /** A whole message: text frames as string, binary frames as bytes. */
  message(data: string | Uint8Array): void;
  /**
   * A whole text message handed over before it is decoded, where the runtime gives text frames
   * as bytes (Node's `ws`, which has checked them as UTF-8): the transport reads the start of a
   * reply from `message.head` and may send its next request before paying for `message.text()`.
   * Runtimes that give strings call {@link SocketHandlers.message} instead.
   */
  text?(message: UndecodedText): void;
  /** A WebSocket Pong control frame arrived (Node only; browsers hide control frames). */
  pong(): void;
  /** The socket is closed (by either side or by an error). Called once. */
  close(code: number, reason: string, error?: unknown): void;
}

/** A received text message that is not decoded yet (see {@link SocketHandlers.text}). */
export interface UndecodedText {
  /** Its size in bytes (UTF-8). */
  readonly byteLength: number;
  /** Its first bytes (up to 256) as Latin-1: exact for ASCII, enough to read the start of a JSON reply. */
  readonly head: string;
  /** Decodes the whole message (UTF-8). */
  text(): string;
}

/** An open WebSocket as the transport sees it. */
export interface PlatformSocket {
  /** Sends a text frame (string) or a binary frame (bytes). */
  send(data: string | Uint8Array): void;
  /** Sends a Ping control frame every `ms` milliseconds until the socket closes (Node's `ws` only; absent where the runtime cannot). */
  keepAlive?(ms: number): void;
  /** Starts a normal close; `close` handler fires when done. */
  close(): void;
  /** Closes at once without the closing handshake. */
  terminate(): void;
  /** Installs the event handlers (replacing earlier ones). */
  setHandlers(handlers: SocketHandlers): void;
  /**
   * Sets the largest message accepted from now on. Where the runtime allows it (Node) a larger
   * frame is refused from its header, before its payload is buffered; the transport checks the
   * size of every message it is handed as well.
   */
  setMaxMessageBytes(bytes: number): void;
}

/** zlib for compressed sessions. */
export interface Codec {
  /** Compresses a JSON text into one zlib stream (or a promise of it, where the runtime compresses asynchronously: such promises must settle in call order). */
  deflate(text: string): Uint8Array | Promise<Uint8Array>;
  /**
   * Inflates one zlib stream into UTF-8 text; throws ProtocolError for a stream that is corrupt,
   * fails its checksum, or inflates to more than `limit` bytes (stopping there).
   */
  inflate(bytes: Uint8Array, limit: number): string | UndecodedText | Promise<string>;
}

/** How to open a socket. */
export interface OpenSocketOptions {
  tls?: TlsOptions;
  /** Milliseconds until the opening handshake is given up. */
  timeoutMs: number;
  /** Largest message accepted until {@link PlatformSocket.setMaxMessageBytes} changes it. */
  maxMessageBytes: number;
  signal?: AbortSignal;
  /** Makes the socket instead of the runtime's WebSocket (custom transports, tests). */
  createSocket?: SocketFactory;
}

/** A runtime adapter. */
export interface Platform {
  /** `'node'` or `'browser'`. */
  readonly name: 'node' | 'browser';
  /** Whether Pong heartbeats are visible (Node: yes, browsers: no). */
  readonly seesPongs: boolean;
  /**
   * zlib: the runtime's native one where there is one; or a function that loads it, called at the
   * first connect that asks for compression (the browser's, with fflate, is loaded that way).
   */
  readonly codec: Codec | (() => Promise<Codec>);
  /** Opens a WebSocket; rejects with ConnectionError/TimeoutError/AbortError. */
  openSocket(url: string, options: OpenSocketOptions): Promise<PlatformSocket>;
  /**
   * Encrypts the UTF-8 bytes of `text` with RSA PKCS#1 v1.5 (type-2 padding) under the server's
   * public key (PEM) and returns the ciphertext as standard Base64.
   */
  rsaEncrypt(pem: string, text: string): Promise<string>;
  /** Client OS/runtime strings sent at login (informational). */
  clientInfo(): { clientOs: string; clientRuntime: string };
}
