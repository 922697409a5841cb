/**
 * Heartbeats (protocol.md §6.2): while a command runs, the server sends an unsolicited, empty
 * WebSocket Pong frame every `feedbackInterval` seconds. Client Pings are answered by `ws` itself.
 */
import type { WebSocket } from 'ws';

/** Starts sending Pong frames every `seconds` (none when 0); returns the function that stops them. */
export function startHeartbeat(ws: WebSocket, seconds: number): () => void {
  if (!(seconds > 0)) return () => {};
  const timer = setInterval(() => {
    if (ws.readyState === ws.OPEN) ws.pong();
  }, seconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
