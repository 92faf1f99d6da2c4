// Theme colours of the shards, as VS Code theme variables so light, dark and high-contrast themes all work.
// Red is left out: it means "failed" in the node health colours.
export const SHARD_COLOR_VARIABLES = [
  '--vscode-charts-blue',
  '--vscode-charts-green',
  '--vscode-charts-purple',
  '--vscode-charts-orange',
  '--vscode-charts-yellow',
  '--vscode-terminal-ansiCyan',
  '--vscode-terminal-ansiMagenta',
  '--vscode-terminal-ansiBrightBlue',
  '--vscode-terminal-ansiBrightGreen',
  '--vscode-terminal-ansiBrightYellow',
] as const;

/** Slots no shard serves. */
export const UNASSIGNED_COLOR_VARIABLE = '--vscode-disabledForeground';
