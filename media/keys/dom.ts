// DOM helpers. Text always goes through textContent: key names and values are data, never markup.

export function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const created = document.createElement(tag);
  if (className) created.className = className;
  if (text !== undefined) created.textContent = text;
  return created;
}

export function button(label: string, onClick: () => void, className = 'secondary', title?: string): HTMLButtonElement {
  const created = element('button', className, label);
  created.type = 'button';
  if (title) created.title = title;
  created.addEventListener('click', onClick);
  return created;
}

/** A labelled control: the label is tied to the control for screen readers. */
export function labelled(text: string, control: HTMLElement, id: string): HTMLLabelElement {
  control.id = id;
  const label = element('label', 'field');
  const caption = element('span', 'caption', text);
  label.htmlFor = id;
  label.append(caption, control);
  return label;
}

let nextId = 0;
export function uniqueId(prefix: string): string {
  return `${prefix}-${++nextId}`;
}
