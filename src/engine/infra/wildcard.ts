// PowerShell-style name patterns for Get-X -Name: `*`, `?` and `[a-z]`, case-insensitive, whole name.

export function isWildcard(pattern: string): boolean {
  return /[*?[]/.test(pattern);
}

export function wildcardToRegExp(pattern: string): RegExp {
  let src = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') src += '.*';
    else if (c === '?') src += '.';
    else if (c === '[') {
      const close = pattern.indexOf(']', i + 1);
      if (close < 0) src += '\\[';
      else {
        src += '[' + pattern.slice(i + 1, close).replace(/[\\^]/g, '\\$&') + ']';
        i = close;
      }
    } else src += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  return new RegExp(`^${src}$`, 'is');
}

export function matchesName(name: string, pattern: string | undefined): boolean {
  if (pattern === undefined) return true;
  return wildcardToRegExp(pattern).test(name);
}
