// Small DOM helpers for in-place updates. Text always goes through textContent: snapshot strings are
// user-influenced and must never be parsed as HTML.

export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const created = document.createElement(tag);
  if (className) created.className = className;
  if (text !== undefined) created.textContent = text;
  return created;
}

/** Writes only on change, so an unchanged refresh touches no text nodes and triggers no relayout. */
export function setText(target: Element, text: string): void {
  if (target.textContent !== text) target.textContent = text;
}

/** Replaces the one class of `target` that starts with `prefix` (e.g. "health-") by `prefix + value`. */
export function setModifier(target: Element, prefix: string, value: string): void {
  const wanted = prefix + value;
  if (target.classList.contains(wanted)) return;
  for (const name of [...target.classList]) if (name.startsWith(prefix)) target.classList.remove(name);
  target.classList.add(wanted);
}

/** Makes `children` the exact, ordered children of `parent`, moving only elements that are out of place. */
export function placeChildren(parent: Element, children: readonly Element[]): void {
  children.forEach((child, index) => {
    const current = parent.children[index];
    if (current !== child) parent.insertBefore(child, current ?? null);
  });
  while (parent.children.length > children.length) parent.lastElementChild?.remove();
}

/** Restarts the short "this just changed" animation of topology.css on `target`. */
export function flash(target: HTMLElement): void {
  target.classList.remove('flash');
  void target.offsetWidth; // a style flush between remove and add restarts the CSS animation
  target.classList.add('flash');
}
