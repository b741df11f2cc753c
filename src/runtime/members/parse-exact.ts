// `[datetime]::ParseExact(text, format, provider)`: custom .NET date patterns turned into a regular
// expression over the text.

import { PSDateTime } from '../values/date-time.ts';
import { toStringValue } from '../values/convert.ts';
import { PSException } from '../error-record.ts';

/** `[datetime]::ParseExact(text, format, provider)` for custom .NET date patterns. */
export function parseExact(text: string, formats: unknown): PSDateTime {
  for (const f of Array.isArray(formats) ? formats : [formats]) {
    const format = toStringValue(f);
    const parts: string[] = [];
    let re = '';
    for (let i = 0; i < format.length; ) {
      const c = format[i];
      let n = 1;
      while (format[i + n] === c) n++;
      const token = c.repeat(n);
      if ('yMdHhmsft'.includes(c)) {
        parts.push(token);
        re += c === 't' ? '(AM|PM|A|P)' : c === 'M' && n >= 3 ? '([A-Za-z]+)' : c === 'd' && n >= 3 ? '[A-Za-z]+' : n === 1 ? '(\\d{1,2})' : c === 'y' && n === 4 ? '(\\d{4})' : `(\\d{${n}})`;
        if (c === 'd' && n >= 3) parts.pop();
      } else if (c === "'") {
        const end = format.indexOf("'", i + 1);
        re += format.slice(i + 1, end).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        i = end + 1;
        continue;
      } else re += token.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      i += n;
    }
    const m = new RegExp('^' + re + '$', 'i').exec(text.trim());
    if (!m) continue;
    const v: Record<string, number> = { y: 1, M: 1, d: 1, H: 0, m: 0, s: 0, f: 0 };
    let pm: boolean | null = null;
    parts.forEach((p, i) => {
      const g = m[i + 1];
      if (p[0] === 't') pm = g.toUpperCase().startsWith('P');
      else if (p[0] === 'M' && p.length >= 3) v.M = 1 + ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'].indexOf(g.slice(0, 3).toLowerCase());
      else if (p[0] === 'h') v.H = Number(g);
      else if (p[0] === 'f') v.f = Math.round(Number('0.' + g) * 1000);
      else v[p[0]] = Number(g);
    });
    if (pm !== null) v.H = (v.H % 12) + (pm ? 12 : 0);
    if (parts.some((p) => p === 'yy')) v.y += 2000;
    return PSDateTime.fromParts(v.y, v.M, v.d, v.H, v.m, v.s, v.f);
  }
  throw new PSException(`Exception calling "ParseExact" with "3" argument(s): "String '${text}' was not recognized as a valid DateTime."`, 'System.Management.Automation.MethodInvocationException');
}

