// The frame-sized batches of scrollback, the `-- More --` keys, and the contract with Ink's <Static>
// that dropping drawn items relies on: given a view whose length counts the dropped items, Static
// draws each item once (if an Ink upgrade reads the list differently, this fails first).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import React, { useLayoutEffect } from 'react';
import { Static, Text } from 'ink';
import { render } from 'ink-testing-library';
import { scrollbackBatch, scrollbackView } from '../../src/repl/pager-scrollback.ts';
import { moreAnswer } from '../../src/repl/pager.ts';
import type { ScrollItem } from '../../src/repl/repl-session.ts';

const item = (id: number, lines = 1): ScrollItem => ({ id, kind: 'out', text: Array.from({ length: lines }, (_, i) => `${id}.${i}`).join('\n') });

test('a batch holds whole items up to a frame of cells, and always at least one', () => {
  const items = [item(1, 200), item(2, 200), item(3, 200), item(4, 200), item(5, 200), item(6, 200), item(7, 200)];
  assert.is(scrollbackBatch(items, 120).length, 5, '1,000 lines at 120 columns');
  assert.is(scrollbackBatch(items, 240).length, 2, 'half as many at twice the width');
  assert.is(scrollbackBatch([item(1, 5000)], 120).length, 1, 'an item larger than a frame still goes');
  assert.equal(scrollbackBatch([], 80), []);
});

test('the -- More -- keys', () => {
  assert.is(moreAnswer(' ', {}), 'page');
  assert.is(moreAnswer('', { return: true }), 'line');
  assert.is(moreAnswer('q', {}), 'quit');
  assert.is(moreAnswer('Q', { shift: true }), 'quit');
  assert.is(moreAnswer('c', { ctrl: true }), 'quit');
  assert.is(moreAnswer('x', {}), null);
  assert.is(moreAnswer('l', { ctrl: true }), null);
});

test('Static draws each item of the view once while drawn items are dropped', async () => {
  // A minimal host of the same shape as the App: a backlog, drawn in batches of two, acknowledged
  // after each commit.
  const backlog: ScrollItem[] = Array.from({ length: 7 }, (_, i) => item(i + 1));
  let base = 0;
  let rerender: () => void = () => {};
  function Host(): React.ReactElement {
    const [, bump] = React.useReducer((n: number) => n + 1, 0);
    rerender = bump;
    const batch = backlog.slice(0, 2);
    useLayoutEffect(() => {
      backlog.splice(0, batch.length);
      base += batch.length;
    });
    return React.createElement(Static<ScrollItem>, {
      items: scrollbackView(base, batch),
      children: (it: ScrollItem) => React.createElement(Text, { key: it.id }, it.text),
    });
  }
  const ui = render(React.createElement(Host));
  for (let i = 0; i < 6; i++) {
    await new Promise((r) => setTimeout(r, 5));
    rerender();
  }
  await new Promise((r) => setTimeout(r, 5));
  const drawn = (ui.lastFrame() ?? '').split('\n').filter((l) => l);
  assert.equal(drawn, ['1.0', '2.0', '3.0', '4.0', '5.0', '6.0', '7.0']);
  assert.is(backlog.length, 0);
  assert.is(base, 7);
  ui.unmount();
});

test.run();
