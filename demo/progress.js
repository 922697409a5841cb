// The progress line above the results: live indicator, rows fetched of total, elapsed time.
import { formatCount, formatDuration } from './format.js';

/** Drives the progress elements (indicator, text, <progress>, elapsed). */
export class Progress {
  /** `announce`: a polite live region, written when a run starts and when it ends (never per chunk). */
  constructor({ indicator, text, bar, elapsed, announce }) {
    Object.assign(this, { indicator, text, bar, elapsed, announce });
    this.timer = undefined;
    this.startedAt = 0;
  }

  /** A statement started: live indicator on, elapsed clock running; `announced`: say so in the live region (the first statement of a run). */
  start(label, announced = false) {
    if (announced && this.announce) this.announce.textContent = label;
    this.stopClock();
    this.startedAt = performance.now();
    this.indicator.dataset.state = 'running';
    this.text.textContent = label;
    this.bar.removeAttribute('value');
    this.bar.hidden = false;
    this.tick();
    this.timer = setInterval(() => this.tick(), 200);
  }

  /** Rows arrived: `fetched` of `total`. */
  rows(fetched, total) {
    const t = total ?? fetched;
    this.text.textContent = `Fetching rows… ${formatCount(fetched)} of ${formatCount(t)}`;
    this.text.dataset.fetched = String(fetched);
    this.text.dataset.total = String(t);
    this.bar.max = Math.max(1, t);
    this.bar.value = fetched;
  }

  /** The run ended: final text, indicator state (`done`, `error`, `cancelled`). */
  finish(state, label) {
    if (this.timer !== undefined) this.tick();
    else this.elapsed.textContent = '';
    this.stopClock();
    this.indicator.dataset.state = state;
    this.text.textContent = label;
    if (this.announce && state !== 'idle') this.announce.textContent = label;
    if (state !== 'done') this.bar.hidden = true;
    else { this.bar.max = 1; this.bar.value = 1; }
  }

  /** Milliseconds since start(). */
  get ms() { return performance.now() - this.startedAt; }

  tick() { this.elapsed.textContent = formatDuration(this.ms); }

  stopClock() {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }
}
