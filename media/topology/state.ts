// What the webview keeps across hide/show and reload (retainContextWhenHidden is off, so the page is rebuilt).
import type { ClusterSnapshot } from '../../src/shared/snapshot';
import { HEAT_MODES, isHostMessage, isNodeName } from '../../src/shared/topology-protocol';
import type { HeatMode } from '../../src/shared/topology-protocol';

export interface PersistedState {
  readonly snapshot?: ClusterSnapshot;
  readonly selected?: string;
  readonly heatMode?: HeatMode;
}

/** The saved state if it has the shape this version writes; anything else (an older format) is dropped. */
export function readPersistedState(value: unknown): PersistedState {
  if (typeof value !== 'object' || value === null) return {};
  const saved = value as { snapshot?: unknown; selected?: unknown; heatMode?: unknown };
  const message = { type: 'snapshot', snapshot: saved.snapshot, changes: [] };
  return {
    snapshot: isHostMessage(message) && message.type === 'snapshot' ? message.snapshot : undefined,
    selected: isNodeName(saved.selected) ? saved.selected : undefined,
    heatMode: (HEAT_MODES as readonly unknown[]).includes(saved.heatMode) ? (saved.heatMode as HeatMode) : undefined,
  };
}
