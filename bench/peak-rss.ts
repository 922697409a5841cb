/** Peak resident memory of this process, from the kernel's high-water mark. */
import { readFileSync } from 'node:fs';

/** Peak RSS in MB (VmHWM from /proc/self/status on Linux, else `resourceUsage().maxRSS`). */
export function peakRssMb(): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) / 1024;
  } catch {
    // not Linux: fall through
  }
  return process.resourceUsage().maxRSS / 1024;
}
