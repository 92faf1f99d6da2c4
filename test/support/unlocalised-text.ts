// Finds user-facing text in TypeScript source that does not go through l10n.t, and l10n.t calls the exporter
// (@vscode/l10n-dev) cannot read, by walking the syntax tree. Each finding names file, line and what is wrong.
import * as ts from 'typescript';

export interface Finding {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly problem: string;
}

/** Codicons ($(check)), ANSI colours and {0} placeholders are not words a translator sees. */
function hasWords(text: string): boolean {
  // ANSI colour codes are written into terminals.
  const stripped = text.replace(/\$\([\w~-]+\)/g, '').replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').replace(/\{\w+\}/g, '');
  return /\p{L}{2,}/u.test(stripped);
}

/** `vscode.l10n.t(…)` or `l10n.t(…)` (@vscode/l10n). */
export function isL10nCall(node: ts.Node): node is ts.CallExpression {
  if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression) || node.expression.name.text !== 't') return false;
  const owner = node.expression.expression;
  return (ts.isIdentifier(owner) && owner.text === 'l10n') || (ts.isPropertyAccessExpression(owner) && owner.name.text === 'l10n');
}

/** The literal text of `expression` when it is (or may evaluate to) words written in the source, else undefined. */
function literalText(expression: ts.Expression): string | undefined {
  if (ts.isStringLiteral(expression) || ts.isNoSubstitutionTemplateLiteral(expression)) return hasWords(expression.text) ? expression.text : undefined;
  if (ts.isTemplateExpression(expression)) {
    const parts = [expression.head.text, ...expression.templateSpans.map((span) => span.literal.text)];
    return hasWords(parts.join('')) ? expression.getText() : undefined;
  }
  if (ts.isParenthesizedExpression(expression) || ts.isAsExpression(expression)) return literalText(expression.expression);
  if (ts.isConditionalExpression(expression)) return literalText(expression.whenTrue) ?? literalText(expression.whenFalse);
  if (ts.isBinaryExpression(expression) && [ts.SyntaxKind.PlusToken, ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken].includes(expression.operatorToken.kind)) {
    return literalText(expression.left) ?? literalText(expression.right);
  }
  if (ts.isArrayLiteralExpression(expression)) {
    for (const element of expression.elements) {
      const text = ts.isExpression(element) ? literalText(element) : undefined;
      if (text !== undefined) return text;
    }
  }
  return undefined;
}

/** Properties of option objects and items that VS Code shows (quick picks, input boxes, progress, dialogs, commands). */
const SHOWN_PROPERTIES = new Set(['title', 'placeHolder', 'prompt', 'detail', 'label', 'description', 'tooltip', 'openLabel', 'saveLabel', 'message', 'text']);
/** Properties assigned on items VS Code shows (status bar items, tree items, views, panels, terminals) and DOM nodes. */
const SHOWN_ASSIGNMENTS = new Set(['text', 'tooltip', 'description', 'label', 'message', 'title', 'name', 'placeholder', 'textContent', 'ariaLabel']);
/** Calls whose arguments at these positions are shown as they are. */
const SHOWN_ARGUMENTS: ReadonlyMap<string, readonly number[]> = new Map(Object.entries({
  showInformationMessage: [0, 1, 2, 3, 4, 5],
  showWarningMessage: [0, 1, 2, 3, 4, 5],
  showErrorMessage: [0, 1, 2, 3, 4, 5],
  setStatusBarMessage: [0],
  showQuickPick: [0],
  createTerminal: [0],
  createWebviewPanel: [1],
  // The webviews' DOM helpers: element(tag, class, text), button(label, onClick, class, title), labelled(text, …), setText(node, text).
  element: [2],
  button: [0, 3],
  labelled: [0],
  setText: [1],
}));
/** Attributes whose value is read to the user (screen readers, hover). */
const SHOWN_ATTRIBUTES = new Set(['aria-label', 'title', 'placeholder', 'alt']);

function calleeName(call: ts.CallExpression | ts.NewExpression): string | undefined {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  if (callee.kind === ts.SyntaxKind.SuperKeyword) return 'super';
  return undefined;
}

/** Expressions a function returns (its concise body, or its return statements outside nested functions). */
function returnedExpressions(fn: ts.ArrowFunction | ts.FunctionExpression): ts.Expression[] {
  if (!ts.isBlock(fn.body)) return [fn.body];
  const found: ts.Expression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isReturnStatement(node) && node.expression) found.push(node.expression);
    if (!ts.isFunctionLike(node)) ts.forEachChild(node, visit);
  };
  ts.forEachChild(fn.body, visit);
  return found;
}

/** User-facing text written in `source` that does not go through l10n.t. */
export function findUnlocalisedText(file: string, source: string): Finding[] {
  const sourceFile = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const findings = new Map<number, Finding>();
  const report = (node: ts.Node, where: string, text: string): void => {
    const start = node.getStart(sourceFile);
    if (findings.has(start)) return;
    const { line, character } = sourceFile.getLineAndCharacterOfPosition(start);
    findings.set(start, { file, line: line + 1, column: character + 1, problem: `${where}: ${JSON.stringify(text)} is not wrapped in l10n.t` });
  };
  const check = (expression: ts.Expression | undefined, where: string): void => {
    if (!expression || isL10nCall(expression)) return;
    const text = literalText(expression);
    if (text !== undefined) report(expression, where, text);
  };

  const visit = (node: ts.Node): void => {
    if (isL10nCall(node)) return; // what is inside is the message itself, or its data
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      const name = calleeName(node);
      const args = node.arguments ?? ts.factory.createNodeArray<ts.Expression>();
      for (const index of (name && SHOWN_ARGUMENTS.get(name)) || []) check(args[index], `${name}(…) argument ${index + 1}`);
      if (name === 'super' || (ts.isNewExpression(node) && name === 'TreeItem')) check(args[0], 'tree item label');
      if (ts.isNewExpression(node) && name === 'UserError') [1, 2].forEach((index) => check(args[index], `UserError argument ${index + 1}`));
      if (name === 'setAttribute' && args[0] && ts.isStringLiteral(args[0]) && SHOWN_ATTRIBUTES.has(args[0].text)) check(args[1], `setAttribute('${args[0].text}', …)`);
    }
    if (ts.isPropertyAssignment(node) && (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name))) {
      const key = node.name.text;
      if (SHOWN_PROPERTIES.has(key)) check(node.initializer, `property ${key}`);
      if (key === 'validateInput' && (ts.isArrowFunction(node.initializer) || ts.isFunctionExpression(node.initializer))) {
        for (const returned of returnedExpressions(node.initializer)) check(returned, 'validateInput message');
      }
    }
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(node.left)
      && SHOWN_ASSIGNMENTS.has(node.left.name.text)) {
      check(node.right, `assignment to .${node.left.name.text}`);
    }
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusEqualsToken && ts.isPropertyAccessExpression(node.left)
      && SHOWN_ASSIGNMENTS.has(node.left.name.text)) {
      check(node.right, `assignment to .${node.left.name.text}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return [...findings.values()].sort((a, b) => a.line - b.line || a.column - b.column);
}

/** The literal text of a string or no-substitution template, else undefined. */
function plainText(expression: ts.Expression | undefined): string | undefined {
  return expression && (ts.isStringLiteral(expression) || ts.isNoSubstitutionTemplateLiteral(expression)) ? expression.text : undefined;
}

function property(object: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  for (const entry of object.properties) {
    if (ts.isPropertyAssignment(entry) && (ts.isIdentifier(entry.name) || ts.isStringLiteral(entry.name)) && entry.name.text === name) return entry.initializer;
  }
  return undefined;
}

/** l10n.t calls whose message the exporter cannot read (it must be written out), or whose {n} do not match the
 * arguments given (a placeholder left as it is, or data that never shows). */
export function findUnreadableL10nCalls(file: string, source: string): Finding[] {
  const sourceFile = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const findings: Finding[] = [];
  const report = (node: ts.Node, problem: string): void => {
    const { line, character } = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
    findings.push({ file, line: line + 1, column: character + 1, problem });
  };
  const visit = (node: ts.Node): void => {
    if (isL10nCall(node)) {
      const [first, ...rest] = node.arguments;
      let message = plainText(first);
      let positional: number | undefined = rest.length;
      if (first && ts.isObjectLiteralExpression(first)) {
        message = plainText(property(first, 'message'));
        const comment = property(first, 'comment');
        const commentOk = comment === undefined || plainText(comment) !== undefined
          || (ts.isArrayLiteralExpression(comment) && comment.elements.every((element) => ts.isExpression(element) && plainText(element) !== undefined));
        if (!commentOk) report(node, 'l10n.t comment must be written out (a string or an array of strings) for the exporter to read it');
        const args = property(first, 'args');
        positional = args === undefined ? 0 : ts.isArrayLiteralExpression(args) ? args.elements.length : undefined;
      } else if (rest.length === 1 && ts.isObjectLiteralExpression(rest[0])) {
        positional = undefined; // named arguments: {name}
      }
      if (message === undefined) {
        report(node, `l10n.t needs its message written out as a string, not ${first ? first.getText(sourceFile) : 'nothing'} (the exporter reads only literals)`);
      } else if (positional !== undefined) {
        const used = [...message.matchAll(/\{(\d+)\}/g)].map((match) => Number(match[1]));
        const highest = used.length > 0 ? Math.max(...used) : -1;
        if (highest + 1 !== positional) report(node, `l10n.t ${JSON.stringify(message)} uses ${highest + 1} placeholder(s) but gets ${positional} argument(s)`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return findings;
}

export function formatFinding(finding: Finding): string {
  return `${finding.file}:${finding.line}:${finding.column} ${finding.problem}`;
}
