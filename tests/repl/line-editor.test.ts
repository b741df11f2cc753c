import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { edit, editorOf, insert, replaceRange, verticalMove, cursorPosition } from '../../src/repl/line-editor.ts';
import { bindKey } from '../../src/repl/key-binding.ts';

const show = (s: { text: string; cursor: number }): string => s.text.slice(0, s.cursor) + '|' + s.text.slice(s.cursor);

test('insert puts text at the cursor and normalises pasted line ends', () => {
  assert.is(show(insert(editorOf('Get-VM', 3), 'x')), 'Getx|-VM');
  assert.is(show(insert(editorOf(''), 'a\r\nb\rc')), 'a\nb\nc|');
});

test('word jumps skip separators then a word', () => {
  const s = editorOf('Get-VM -Name web01', 18);
  assert.is(show(edit(s, 'wordLeft')), 'Get-VM -Name |web01');
  assert.is(show(edit(edit(s, 'wordLeft'), 'wordLeft')), 'Get-VM -|Name web01');
  assert.is(show(edit(editorOf('a  bc d', 0), 'wordRight')), 'a|  bc d');
  assert.is(show(edit(editorOf('a  bc d', 1), 'wordRight')), 'a  bc| d');
});

test('Home/End work on the current line of a multi-line buffer', () => {
  const s = editorOf('if ($x) {\n  Get-VM\n}', 14);
  assert.is(show(edit(s, 'home')), 'if ($x) {\n|  Get-VM\n}');
  assert.is(show(edit(s, 'end')), 'if ($x) {\n  Get-VM|\n}');
});

test('delete word, Ctrl+U and Ctrl+K', () => {
  assert.is(show(edit(editorOf('Get-VM -Name web'), 'deleteWordBack')), 'Get-VM -Name |');
  assert.is(show(edit(editorOf('Get-VM -Name web', 7), 'deleteWordForward')), 'Get-VM | web');
  assert.is(show(edit(editorOf('abc def', 4), 'killLineStart')), '|def');
  assert.is(show(edit(editorOf('abc def', 4), 'killLineEnd')), 'abc |');
  assert.is(show(edit(editorOf('a\nbc d\ne', 4), 'killLineStart')), 'a\n| d\ne');
  assert.is(show(edit(editorOf('ab', 0), 'backspace')), '|ab');
  assert.is(show(edit(editorOf('ab', 1), 'delete')), 'a|');
});

test('vertical moves keep the column and stop at the edges', () => {
  const s = editorOf('abcd\nx\nefgh', 3);
  assert.is(verticalMove(s, -1), null);
  assert.is(show(verticalMove(s, 1)!), 'abcd\nx|\nefgh');
  assert.is(show(verticalMove(verticalMove(s, 1)!, 1)!), 'abcd\nx\ne|fgh');
  assert.equal(cursorPosition(editorOf('ab\ncd', 4)), { line: 1, column: 1 });
  assert.is(show(replaceRange(editorOf('Get-V'), 0, 5, 'Get-VM ')), 'Get-VM |');
});

test('keys bind to editing actions', () => {
  assert.equal(bindKey('w', { ctrl: true }), { type: 'edit', key: 'deleteWordBack' });
  assert.equal(bindKey('', { leftArrow: true, ctrl: true }), { type: 'edit', key: 'wordLeft' });
  assert.equal(bindKey('b', { meta: true }), { type: 'edit', key: 'wordLeft' });
  assert.equal(bindKey('u', { ctrl: true }), { type: 'edit', key: 'killLineStart' });
  assert.equal(bindKey('', { return: true }), { type: 'submit' });
  assert.equal(bindKey('', { tab: true }), { type: 'complete', backwards: false });
  assert.equal(bindKey('r', { ctrl: true }), { type: 'search' });
  assert.equal(bindKey('d', { ctrl: true }), { type: 'eof' });
  assert.equal(bindKey('x\ny', {}), { type: 'insert', text: 'x\ny' });
});

test.run();
