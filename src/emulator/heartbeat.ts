/**
 * Heartbeats (protocol.md §6.2): while a command runs, the server sends an unsolicited, empty
 * WebSocket Pong frame every `feedbackInterval` seconds. Client Pings are answered by `ws` itself.
 */
import type { WebSocket } from 'ws';
import { timerDelay } from './deadline';

/**
 * Starts sending Pong frames every `seconds` (none when 0, or when longer than a timer can hold);
 * returns the function that stops them.
 */
export function startHeartbeat(ws: WebSocket, seconds: number): () => void {
  const delay = timerDelay(seconds);
  if (delay === undefined) return () => {};
  const timer = setInterval(() => {
    if (ws.readyState === ws.OPEN) ws.pong();
  }, delay);
  timer.unref();
  return () => clearInterval(timer);
}
