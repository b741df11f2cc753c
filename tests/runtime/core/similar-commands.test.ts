// The command-not-found suggestion ranks names as PowerShell 7's fuzzy matcher does: edit
// distance with transpositions, at most 5, closest first, at most 10 names.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { editDistance, similarCommands, similarCommandsSuggestion } from '../../../src/runtime/interpreter/similar-commands.ts';

test('edit distance counts a transposition as one edit and ignores case', () => {
  assert.is(editDistance('Get-Commnd', 'get-command'), 1);
  assert.is(editDistance('Get-Sesison', 'Get-Session'), 1);
  assert.is(editDistance('abc', ''), 3);
  assert.is(editDistance('Get-VBRJob', 'Get-Job'), 3);
});

test('closest first, names within 5 only, each once', () => {
  const names = ['Get-Job', 'Get-VBRJob', 'get-job', 'Remove-RestorePoint', 'Get-Jobs', 'Set-Job'];
  assert.equal(similarCommands('Get-VBRJobs', names), ['Get-VBRJob', 'Get-Jobs', 'Get-Job', 'Set-Job']);
});

test('at most ten names; none close gives no suggestion', () => {
  const many = Array.from({ length: 20 }, (_, i) => `Get-A${i}`);
  assert.is(similarCommands('Get-A', many).length, 10);
  assert.is(similarCommandsSuggestion('Xyzzy-Plugh-Frobnicate', many), null);
  assert.is(similarCommandsSuggestion('Get-Jb', ['Get-Job']), 'Suggestion [4,General]: The most similar commands are: Get-Job.');
});

test.run();
