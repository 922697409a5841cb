// Colour contrast measured in the page (WCAG 2 relative luminance): every visible text against the background it
// is painted on, and the focus ring against what surrounds it. Used by a11y.spec.ts.
import type { Page } from '@playwright/test';

/** One text below its WCAG AA minimum: where, the ratio measured and the ratio needed. */
export interface LowContrast {
  /** Tag, class and the first characters of the text. */
  where: string;
  ratio: number;
  needed: number;
}

/**
 * Every visible, enabled text node of the page whose contrast against its (composited) background is below
 * WCAG AA: 4.5:1, or 3:1 for large text (24px, or 18.66px bold). Disabled controls are exempt, as WCAG says.
 */
export function lowContrastTexts(page: Page): Promise<LowContrast[]> {
  return page.evaluate(() => {
    type Rgba = { r: number; g: number; b: number; a: number };
    const parse = (c: string): Rgba | undefined => {
      const m = /rgba?\(([^)]+)\)/.exec(c);
      if (!m) return undefined;
      const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
      return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
    };
    const over = (fg: Rgba, bg: Rgba): Rgba => ({ r: fg.r * fg.a + bg.r * (1 - fg.a), g: fg.g * fg.a + bg.g * (1 - fg.a), b: fg.b * fg.a + bg.b * (1 - fg.a), a: 1 });
    const lum = (c: Rgba) => {
      const f = (v: number) => { const s = v / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; };
      return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
    };
    const ratio = (a: Rgba, b: Rgba) => { const x = lum(a); const y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
    const background = (el: Element): Rgba => {
      const layers: Rgba[] = [];
      for (let n: Element | null = el; n; n = n.parentElement) {
        const c = parse(getComputedStyle(n).backgroundColor);
        if (c && c.a > 0) { layers.push(c); if (c.a === 1) break; }
      }
      return layers.reverse().reduce((bg, c) => over(c, bg), { r: 255, g: 255, b: 255, a: 1 });
    };
    const found = new Map<string, { where: string; ratio: number; needed: number }>();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      const el = t.parentElement;
      if (!el || !t.textContent?.trim() || el.closest('[hidden], :disabled, .offscreen')) continue;
      const box = el.getBoundingClientRect();
      const cs = getComputedStyle(el);
      if (!box.width || !box.height || cs.visibility === 'hidden') continue;
      let opacity = 1;
      for (let n: Element | null = el; n; n = n.parentElement) opacity *= Number(getComputedStyle(n).opacity);
      const bg = background(el);
      const fg0 = parse(cs.color)!;
      const r = ratio(over({ ...fg0, a: fg0.a * opacity }, bg), bg);
      const size = parseFloat(cs.fontSize);
      const needed = size >= 24 || (Number(cs.fontWeight) >= 700 && size >= 18.66) ? 3 : 4.5;
      const where = `${el.tagName.toLowerCase()}.${String(el.className).trim().replace(/\s+/g, '.')} "${t.textContent.trim().slice(0, 30)}"`;
      if (r < needed && !found.has(where)) found.set(where, { where, ratio: Math.round(r * 100) / 100, needed });
    }
    return [...found.values()];
  });
}

/** Contrast of the focused element's outline (the focus ring) against the background around it. */
export function focusRingContrast(page: Page): Promise<{ where: string; ratio: number }> {
  return page.evaluate(() => {
    type Rgba = { r: number; g: number; b: number; a: number };
    const parse = (c: string): Rgba => {
      const p = /rgba?\(([^)]+)\)/.exec(c)![1].split(/[ ,/]+/).filter(Boolean).map(Number);
      return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
    };
    const lum = (c: Rgba) => {
      const f = (v: number) => { const s = v / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; };
      return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
    };
    const el = document.activeElement!;
    const ring = getComputedStyle(el);
    if (ring.outlineStyle === 'none' || parseFloat(ring.outlineWidth) === 0) return { where: el.id || el.tagName, ratio: 0 };
    let bg: Rgba = { r: 255, g: 255, b: 255, a: 1 };
    // an outline drawn outside the element sits on its parent's background; one drawn inside, on its own
    for (let n: Element | null = parseFloat(ring.outlineOffset) < 0 ? el : el.parentElement; n; n = n.parentElement) {
      const c = parse(getComputedStyle(n).backgroundColor);
      if (c.a === 1) { bg = c; break; }
    }
    const x = lum(parse(ring.outlineColor));
    const y = lum(bg);
    return { where: el.id || el.tagName, ratio: Math.round(((Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05)) * 100) / 100 };
  });
}
