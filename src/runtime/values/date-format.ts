// .NET date and time format strings (en-US culture): the standard one-letter formats and the custom
// patterns (`yyyy-MM-dd`, `HH:mm:ss.fff`, `dddd`, `tt` …), for Get-Date -Format, `-f` and ToString.

import { PSDateTime, DAY_NAMES, MONTH_NAMES } from './date-time.ts';
import { TimeSpan, TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_SECOND } from './time-span.ts';

const STANDARD: Record<string, string> = {
  d: 'M/d/yyyy',
  D: 'dddd, MMMM d, yyyy',
  t: 'h:mm tt',
  T: 'h:mm:ss tt',
  f: 'dddd, MMMM d, yyyy h:mm tt',
  F: 'dddd, MMMM d, yyyy h:mm:ss tt',
  g: 'M/d/yyyy h:mm tt',
  G: 'M/d/yyyy h:mm:ss tt',
  M: 'MMMM d',
  m: 'MMMM d',
  Y: 'MMMM yyyy',
  y: 'MMMM yyyy',
  s: "yyyy'-'MM'-'dd'T'HH':'mm':'ss",
  u: "yyyy'-'MM'-'dd HH':'mm':'ss'Z'",
  R: "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
  r: "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
  o: "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK",
  O: "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK",
};

function offsetMinutes(dt: PSDateTime): number {
  if (dt.kind === 'Utc') return 0;
  return -dt.toDate().getTimezoneOffset();
}

export function formatDate(dt: PSDateTime, format: string): string {
  if (format === '') format = 'G';
  if (format.length === 1 && STANDARD[format]) {
    if (format === 'u' || format === 'R' || format === 'r') dt = dt.toUniversal();
    format = STANDARD[format];
  }
  const d = new Date(dt.wall);
  let out = '';
  for (let i = 0; i < format.length; ) {
    const c = format[i];
    let n = 1;
    while (format[i + n] === c) n++;
    const two = (v: number) => String(v).padStart(2, '0');
    switch (c) {
      case 'y': {
        const y = d.getUTCFullYear();
        out += n <= 2 ? (n === 1 ? String(y % 100) : two(y % 100)) : String(y).padStart(n, '0');
        break;
      }
      case 'M': {
        const mo = d.getUTCMonth();
        out += n === 1 ? String(mo + 1) : n === 2 ? two(mo + 1) : n === 3 ? MONTH_NAMES[mo].slice(0, 3) : MONTH_NAMES[mo];
        break;
      }
      case 'd': {
        const day = d.getUTCDate();
        const wd = d.getUTCDay();
        out += n === 1 ? String(day) : n === 2 ? two(day) : n === 3 ? DAY_NAMES[wd].slice(0, 3) : DAY_NAMES[wd];
        break;
      }
      case 'H':
        out += n === 1 ? String(d.getUTCHours()) : two(d.getUTCHours());
        break;
      case 'h': {
        const h = d.getUTCHours() % 12 || 12;
        out += n === 1 ? String(h) : two(h);
        break;
      }
      case 'm':
        out += n === 1 ? String(d.getUTCMinutes()) : two(d.getUTCMinutes());
        break;
      case 's':
        out += n === 1 ? String(d.getUTCSeconds()) : two(d.getUTCSeconds());
        break;
      case 'f':
      case 'F': {
        const frac = String(d.getUTCMilliseconds()).padStart(3, '0').padEnd(7, '0').slice(0, n);
        out += c === 'F' ? frac.replace(/0+$/, '') : frac;
        break;
      }
      case 't': {
        const ampm = d.getUTCHours() < 12 ? 'AM' : 'PM';
        out += n === 1 ? ampm[0] : ampm;
        break;
      }
      case 'z': {
        const off = offsetMinutes(dt);
        const sign = off < 0 ? '-' : '+';
        const a = Math.abs(off);
        out += sign + (n === 1 ? String(Math.floor(a / 60)) : two(Math.floor(a / 60))) + (n >= 3 ? ':' + two(a % 60) : '');
        break;
      }
      case 'K': {
        if (dt.kind === 'Utc') out += 'Z';
        else if (dt.kind === 'Local') {
          const off = offsetMinutes(dt);
          const a = Math.abs(off);
          out += (off < 0 ? '-' : '+') + two(Math.floor(a / 60)) + ':' + two(a % 60);
        }
        n = 1;
        break;
      }
      case "'":
      case '"': {
        const end = format.indexOf(c, i + 1);
        out += format.slice(i + 1, end < 0 ? undefined : end);
        i = end < 0 ? format.length : end + 1;
        continue;
      }
      case '\\':
        out += format[i + 1] ?? '';
        i += 2;
        continue;
      case '%':
        i += 1;
        continue;
      default:
        out += c.repeat(n);
    }
    i += n;
  }
  return out;
}

/** TimeSpan.ToString(format): standard `c`, `g`, `G` and custom `hh\:mm\:ss`, `dd`, `fff`. */
export function formatTimeSpan(ts: TimeSpan, format: string): string {
  if (format === '' || format === 'c' || format === 't' || format === 'T') return ts.toString();
  const neg = ts.ticks < 0;
  const t = Math.abs(ts.ticks);
  const days = Math.floor(t / TICKS_PER_DAY);
  const h = Math.floor((t % TICKS_PER_DAY) / TICKS_PER_HOUR);
  const m = Math.floor((t % TICKS_PER_HOUR) / TICKS_PER_MINUTE);
  const s = Math.floor((t % TICKS_PER_MINUTE) / TICKS_PER_SECOND);
  const frac = String(t % TICKS_PER_SECOND).padStart(7, '0');
  if (format === 'g') return (neg ? '-' : '') + (days ? days + ':' : '') + `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}` + (Number(frac) ? '.' + frac.replace(/0+$/, '') : '');
  if (format === 'G') return (neg ? '-' : '') + `${days}:${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${frac}`;
  let out = '';
  for (let i = 0; i < format.length; ) {
    const c = format[i];
    let n = 1;
    while (format[i + n] === c) n++;
    switch (c) {
      case 'd': out += String(days).padStart(n, '0'); break;
      case 'h': out += String(h).padStart(n, '0'); break;
      case 'm': out += String(m).padStart(n, '0'); break;
      case 's': out += String(s).padStart(n, '0'); break;
      case 'f': out += frac.slice(0, n); break;
      case 'F': out += frac.slice(0, n).replace(/0+$/, ''); break;
      case '\\': out += format[i + 1] ?? ''; i += 2; continue;
      case "'": {
        const end = format.indexOf("'", i + 1);
        out += format.slice(i + 1, end < 0 ? undefined : end);
        i = end < 0 ? format.length : end + 1;
        continue;
      }
      default: out += c.repeat(n);
    }
    i += n;
  }
  return out;
}
