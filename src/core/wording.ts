// Messages that name a setting or an action without knowing which front end shows them. The core writes
// phrase`… change ${setting('basePort')} …`; the VS Code adapter words it as its setting key, the CLI
// "VALKEY0_PORT". A phrase is plain data, so it survives the bundle boundary and JSON.
import type { ClusterSettings } from './cluster-settings';

export type SettingId = keyof ClusterSettings | 'password';
export type ActionId = 'start' | 'stop' | 'init' | 'remove' | 'showLogs' | 'setPassword' | 'selectEngine' | 'openSettings' | 'startNode' | 'copyPassword'
  | 'scale' | 'addShard' | 'removeShard' | 'addReplica' | 'removeReplica' | 'moveSlots' | 'rebalance' | 'exportCompose';

export type Term =
  | { readonly setting: SettingId }
  /** `subject`: what the action applies to, e.g. the container whose logs to read. */
  | { readonly action: ActionId; readonly subject?: string };

export interface Phrase {
  readonly parts: readonly (string | Term)[];
}

export function setting(id: SettingId): Term {
  return { setting: id };
}

export function action(id: ActionId, subject?: string): Term {
  return subject === undefined ? { action: id } : { action: id, subject };
}

/** A tagged template: plain values become text, terms stay terms, a phrase inside is spliced in. */
export function phrase(strings: TemplateStringsArray, ...values: readonly (string | number | Term | Phrase)[]): Phrase {
  const parts: (string | Term)[] = [];
  strings.forEach((text, index) => {
    if (text) parts.push(text);
    if (index < values.length) {
      const value = values[index];
      if (typeof value !== 'object') parts.push(String(value));
      else if ('parts' in value) parts.push(...value.parts);
      else parts.push(value);
    }
  });
  return { parts };
}

/** How one front end names settings and actions. */
export interface Vocabulary {
  setting(id: SettingId): string;
  action(id: ActionId, subject?: string): string;
}

/** Words of the core itself (logs, Error.message): the setting's own key, the action's plain name. */
export const PLAIN_WORDS: Vocabulary = {
  setting: (id) => id,
  action: (id, subject) => (subject ? `${id} (${subject})` : id),
};

export function isPhrase(value: unknown): value is Phrase {
  return typeof value === 'object' && value !== null && Array.isArray((value as Phrase).parts);
}

export function word(text: Phrase | string, vocabulary: Vocabulary): string {
  if (typeof text === 'string') return text;
  return text.parts.map((part) => (typeof part === 'string' ? part : 'setting' in part ? vocabulary.setting(part.setting) : vocabulary.action(part.action, part.subject))).join('');
}

export function joinPhrases(phrases: readonly Phrase[], separator = ' '): Phrase {
  return { parts: phrases.flatMap((item, index) => (index === 0 ? item.parts : [separator, ...item.parts])) };
}
