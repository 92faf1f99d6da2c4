// A value typed by the person, with how to read it: as UTF-8 text, in valkey-cli quoting ("a\x00b"), or as hex.
// The page never turns text into bytes itself: the host does, exactly, from the declared format.
import * as l10n from '@vscode/l10n';
import { VALUE_INPUT_FORMATS, type ValueInput } from '../../src/shared/keys-protocol';
import { element, labelled, uniqueId } from './dom';

export type Format = ValueInput['format'];

function formatLabel(format: Format): string {
  switch (format) {
    case 'text':
      return l10n.t('Text (UTF-8)');
    case 'escaped':
      return l10n.t('valkey-cli quoting');
    case 'hex':
      return l10n.t('Hex');
  }
}

export interface ValueEditor {
  readonly element: HTMLElement;
  value(): ValueInput;
  focus(): void;
}

export interface ValueEditorOptions {
  readonly label: string;
  readonly text?: string;
  readonly format?: Format;
  readonly multiline?: boolean;
  /** Called when the format changes while the text is unchanged: returns the same value in the new format, if known. */
  readonly convert?: (format: Format) => string | undefined;
}

export function valueEditor(options: ValueEditorOptions): ValueEditor {
  const box = element('div', 'value-editor');
  const input = options.multiline ? element('textarea', 'value-text') : element('input', 'value-text');
  if (input instanceof HTMLTextAreaElement) input.rows = Math.min(20, Math.max(3, (options.text ?? '').split('\n').length + 1));
  else input.type = 'text';
  input.value = options.text ?? '';
  input.spellcheck = false;
  const format = element('select', 'value-format');
  for (const name of VALUE_INPUT_FORMATS) {
    const option = element('option', undefined, formatLabel(name));
    option.value = name;
    format.append(option);
  }
  format.value = options.format ?? 'text';
  let original = input.value;
  format.addEventListener('change', () => {
    if (input.value !== original) return; // edited: keep what was typed, now read in the new format
    const converted = options.convert?.(format.value as Format);
    if (converted !== undefined) original = input.value = converted;
  });
  box.append(labelled(options.label, input, uniqueId('value')), labelled(l10n.t('Read as'), format, uniqueId('format')));
  return {
    element: box,
    value: () => ({ format: format.value as Format, text: input.value }),
    focus: () => input.focus(),
  };
}
