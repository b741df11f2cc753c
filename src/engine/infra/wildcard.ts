// PowerShell wildcards (`*`, `?`, `[a-z]`, `[!a-z]`, `` ` `` escapes) compiled to anchored regular
// expressions: the one implementation, for the engine's Get-X -Name patterns and the shell's
// -like, Get-ChildItem filters and property selectors (the runtime imports it from here, since the
// engine may import nothing of the shell's).

const cache = new Map<string, RegExp>();

export function wildcardToRegex(pattern: string, caseSensitive = false): RegExp {
  const key = (caseSensitive ? 'c:' : 'i:') + pattern;
  const hit = cache.get(key);
  if (hit) return hit;
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '`' && i + 1 < pattern.length) {
      re += escape(pattern[++i]!);
    } else if (c === '*') re += '[\\s\\S]*';
    else if (c === '?') re += '[\\s\\S]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) {
        re += '\\[';
        continue;
      }
      let body = pattern.slice(i + 1, end).replace(/\\/g, '\\\\').replace(/\^/g, '\\^');
      if (body.startsWith('!')) body = '^' + body.slice(1);
      re += '[' + body + ']';
      i = end;
    } else re += escape(c);
  }
  const out = new RegExp('^' + re + '$', caseSensitive ? 's' : 'is');
  if (cache.size > 500) cache.clear();
  cache.set(key, out);
  return out;
}

function escape(c: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(c) ? '\\' + c : c;
}

/** Does the text hold a wildcard character (so it is a pattern, not a literal name)? */
export function hasWildcard(text: string): boolean {
  return /[*?[]/.test(text);
}

export function wildcardMatch(text: string, pattern: string, caseSensitive = false): boolean {
  return wildcardToRegex(pattern, caseSensitive).test(text);
}

/** Get-X -Name: every name matches when no pattern is given; names compare ignoring case. */
export function matchesName(name: string, pattern: string | undefined): boolean {
  return pattern === undefined || wildcardMatch(name, pattern);
}
