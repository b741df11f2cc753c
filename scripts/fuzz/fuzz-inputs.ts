// The fuzzer's inputs, all from one seed: mutations of the golden scripts, whole or a window of
// their lines (a range deleted,
// duplicated or moved, a token inserted or replaced, a truncation) and token soup (random runs of
// the language's tokens). Input i of seed s is always the same text, so a finding is reproduced by
// its seed and index alone.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const TOKENS = [
  // keywords
  'if', 'else', 'elseif', 'while', 'for', 'foreach', 'in', 'do', 'until', 'switch', 'function', 'filter', 'param', 'begin',
  'process', 'end', 'return', 'break', 'continue', 'throw', 'try', 'catch', 'finally', 'trap', 'exit', 'class', 'enum', 'data',
  // operators
  '-eq', '-ne', '-gt', '-lt', '-le', '-ge', '-like', '-notlike', '-match', '-notmatch', '-replace', '-split', '-join', '-and', '-or',
  '-not', '-xor', '-f', '-is', '-isnot', '-as', '-band', '-bor', '-shl', '-contains', '-in', '+', '-', '*', '/', '%', '=', '+=', '-=',
  '*=', '++', '--', '..', '!', ',', ';', '|', '&&', '||', '?', ':', '??', '??=', '.', '::', '&', '2>&1', '*>$null',
  // brackets
  '(', ')', '{', '}', '[', ']', '@(', '@{', '$(', '"', "'",
  // literals
  '1', '0', '-1', '42', '0x1F', '1kb', '2MB', '1.5e3', '3.14', '1d', '7L', "'text'", '"x $a y"', '"$(1+2)"', "@'\nhere\n'@", '@"\n$a\n"@',
  '$true', '$false', '$null', '@()', '@{a=1;b=2}', '1,2,3', '1..5',
  // variables
  '$a', '$b', '$_', '$PSItem', '$args', '$input', '$x.Count', '$a[0]', '${odd name}', '$env:HOME', '@a', '$script:s', '$global:g',
  '$Error', '$LASTEXITCODE', '$OFS', '$?',
  // types and members
  '[int]', '[string]', '[double]', '[bool]', '[array]', '[hashtable]', '[datetime]', '[timespan]', '[regex]', '[math]', '[char]',
  '[int[]]', '[ordered]', '[pscustomobject]', '.Length', '.ToString()', '.GetType()', '::MaxValue', '::Abs(-3)', '.Keys', '.Where({$_})',
  // commands and parameters
  'Write-Output', 'Where-Object', 'ForEach-Object', 'Select-Object', 'Sort-Object', 'Measure-Object', 'Group-Object', 'Format-Table',
  'Format-List', 'ConvertTo-Json', 'ConvertFrom-Json', 'ConvertTo-Csv', 'Get-Member', 'Write-Host', 'Out-String', 'Get-Date', 'Write-Error',
  'Write-Warning', 'Get-Variable', 'Select-String', 'Compare-Object', 'Get-Help', 'Invoke-Command', 'Tee-Object', 'Join-String',
  '-Property', '-First', '-Last', '-Unique', '-Descending', '-Depth', '-ErrorAction', 'SilentlyContinue', 'Stop', '-InputObject',
  '-Name', '-Value', '-Expand', '-Sum', '-Average',
  // layout
  ' ', ' ', ' ', '\n', '\n', '\t', '#c\n', '<# block #>', '`\n', '`', '{ $_ }', '{ param($p) $p }',
];

/** A small fast PRNG (mulberry32): the same seed gives the same stream on every machine. */
export class FuzzRandom {
  #s: number;
  constructor(seed: number) {
    this.#s = seed >>> 0;
  }
  next(): number {
    let t = (this.#s = (this.#s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)]!;
  }
}

/** The golden scripts (tests/golden/**\/*.vbrs), the corpus mutations start from. */
export function goldenCorpus(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.isDirectory()) walk(join(dir, e.name));
      else if (e.name.endsWith('.vbrs')) out.push(readFileSync(join(dir, e.name), 'utf8'));
    }
  };
  walk(join(root, 'tests', 'golden'));
  return out;
}

function soup(r: FuzzRandom): string {
  const n = 1 + r.int(24);
  let s = '';
  for (let i = 0; i < n; i++) s += r.pick(TOKENS) + (r.int(3) === 0 ? '' : ' ');
  return s;
}

/** A window of 1–20 lines of a script, so inputs stay short (fast to parse) and varied. */
function window(r: FuzzRandom, text: string): string {
  const lines = text.split('\n');
  const at = r.int(lines.length);
  return lines.slice(at, at + 1 + r.int(20)).join('\n');
}

function mutate(r: FuzzRandom, text: string): string {
  let s = r.int(4) === 0 ? text : window(r, text);
  const rounds = 1 + r.int(4);
  for (let k = 0; k < rounds; k++) {
    const a = r.int(s.length + 1);
    const b = Math.min(s.length, a + r.int(40));
    switch (r.int(7)) {
      case 0: s = s.slice(0, a) + s.slice(b); break; // delete a range
      case 1: s = s.slice(0, b) + s.slice(a, b) + s.slice(b); break; // duplicate it
      case 2: s = s.slice(0, a) + r.pick(TOKENS) + s.slice(a); break; // insert a token
      case 3: s = s.slice(0, a) + r.pick(TOKENS) + s.slice(b); break; // replace a range by a token
      case 4: s = s.slice(0, a); break; // truncate
      case 5: { // move a range elsewhere
        const piece = s.slice(a, b);
        const rest = s.slice(0, a) + s.slice(b);
        const at = r.int(rest.length + 1);
        s = rest.slice(0, at) + piece + rest.slice(at);
        break;
      }
      default: s = s.slice(0, a) + String.fromCharCode(r.int(128)) + s.slice(a + 1); // one character
    }
  }
  return s;
}

/** Input `index` of the stream for `seed`: two in three mutate a golden script, one is token soup. */
export function fuzzInput(corpus: readonly string[], seed: number, index: number): string {
  const r = new FuzzRandom((seed * 0x9e3779b1) ^ index);
  return r.int(3) === 2 || corpus.length === 0 ? soup(r) : mutate(r, r.pick(corpus));
}
