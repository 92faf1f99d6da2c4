// Compose-style variable interpolation: $VAR, ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error},
// ${VAR?error}, and $$ for a literal dollar. Defaults may themselves contain ${...}.

export type Variables = Readonly<Record<string, string | undefined>>;

export class InterpolationError extends Error {}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/** Index of the `}` closing the `${` that starts at `open`, honouring nested braces. */
function closingBrace(text: string, open: number): number {
  let depth = 0;
  for (let index = open; index < text.length; index++) {
    if (text[index] === '{') depth++;
    else if (text[index] === '}' && --depth === 0) return index;
  }
  return -1;
}

function substitute(expression: string, variables: Variables, where: string): string {
  const name = NAME.exec(expression)?.[0];
  if (!name) throw new InterpolationError(`${where}: invalid variable reference "\${${expression}}"`);
  const operator = expression.slice(name.length);
  const value = variables[name];
  if (operator === '') return value ?? '';
  const match = /^(:?)([-?])([\s\S]*)$/.exec(operator);
  if (!match) throw new InterpolationError(`${where}: invalid variable reference "\${${expression}}"`);
  const [, colon, kind, argument] = match;
  const missing = colon ? value === undefined || value === '' : value === undefined;
  if (!missing) return value ?? '';
  if (kind === '-') return interpolate(argument, variables, where);
  throw new InterpolationError(`${where}: ${name} is required${argument ? `: ${interpolate(argument, variables, where)}` : ''}`);
}

export function interpolate(text: string, variables: Variables, where = 'value'): string {
  let result = '';
  let index = 0;
  while (index < text.length) {
    const dollar = text.indexOf('$', index);
    if (dollar < 0) return result + text.slice(index);
    result += text.slice(index, dollar);
    const next = text[dollar + 1];
    if (next === '$') {
      result += '$';
      index = dollar + 2;
    } else if (next === '{') {
      const close = closingBrace(text, dollar + 1);
      if (close < 0) throw new InterpolationError(`${where}: unclosed "\${" in "${text}"`);
      result += substitute(text.slice(dollar + 2, close), variables, where);
      index = close + 1;
    } else {
      const name = NAME.exec(text.slice(dollar + 1))?.[0];
      if (!name) throw new InterpolationError(`${where}: a lone "$" in "${text}" (write "$$" for a literal dollar)`);
      result += variables[name] ?? '';
      index = dollar + 1 + name.length;
    }
  }
  return result;
}
