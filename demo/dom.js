// Tiny DOM helpers. Everything that may come from a server is set with textContent, never as HTML.

/**
 * Creates an element. `props`: `class`, `text` (textContent), `title`, `attrs` (attributes), `on` (event
 * handlers), any other key is set as a property. Children: nodes or strings (strings become text nodes).
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = String(value);
    else if (key === 'attrs') for (const [a, v] of Object.entries(value)) node.setAttribute(a, String(v));
    else if (key === 'on') for (const [ev, fn] of Object.entries(value)) node.addEventListener(ev, fn);
    else node[key] = value;
  }
  append(node, children);
  return node;
}

/** Appends nodes or strings (as text nodes) to `parent`. */
export function append(parent, children) {
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    parent.append(typeof c === 'string' ? document.createTextNode(c) : c);
  }
  return parent;
}

/** Removes all children of `node`. */
export function clear(node) {
  node.replaceChildren();
  return node;
}

/** Shortcut for `document.getElementById` that throws when the element is missing. */
export function byId(id) {
  const node = document.getElementById(id);
  if (!node) throw new Error(`#${id} missing from index.html`);
  return node;
}
