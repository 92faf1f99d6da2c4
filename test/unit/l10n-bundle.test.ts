// The translations a webview page gets from the extension, and the shared presenters that read them: English
// without a bundle (the CLI), the bundle's words with one (the extension host and the pages).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as l10n from '@vscode/l10n';
import { getL10nPseudoLocalized } from '@vscode/l10n-dev';
import { parseL10nBundle } from '../../src/shared/l10n-bundle';
import { describeChange, slotsText, stateWord } from '../../src/shared/present';
import { typeName } from '../../src/shared/key-present';

test('a page takes the string entries of the bundle in its HTML, and nothing from anything else', () => {
  assert.deepEqual(parseL10nBundle('{"Slots":"Şŀǿǿŧş","x":{"message":"y"}}'), { Slots: 'Şŀǿǿŧş' });
  for (const text of [undefined, '', 'not json', '[]', 'null', '"text"', '{}', '{"a":1}']) assert.equal(parseL10nBundle(text), undefined, String(text));
});

test('the shared presenters read English without a bundle, and the bundle\'s words with one', () => {
  const change = { kind: 'stateChanged', from: 'ok', to: 'fail' } as const;
  assert.equal(stateWord('noEngine'), 'out of reach');
  assert.equal(slotsText(5461), '5461 slots');
  assert.equal(describeChange(change), 'the cluster is now failing (was ok)');
  const english = {
    'ok/The state of a Valkey cluster, shown after its name': 'ok',
    'failing/The state of a Valkey cluster, shown after its name': 'failing',
    '{0} slots': '{0} slots',
    'the cluster is now {0} (was {1})': 'the cluster is now {0} (was {1})',
    'sorted set/A Valkey data type': 'sorted set',
  };
  l10n.config({ contents: getL10nPseudoLocalized(english) });
  assert.equal(slotsText(5461), '5461 şŀǿǿŧş');
  assert.equal(describeChange(change), 'ŧħḗḗ ƈŀŭŭşŧḗḗř īş ƞǿǿẇ ƒȧȧīŀīƞɠ (ẇȧȧş ǿǿķ)');
  assert.equal(typeName('zset'), 'şǿǿřŧḗḗḓ şḗḗŧ');
  assert.equal(typeName('vectorset'), 'vectorset', 'a type the bundle does not know is shown as the server names it');
});
