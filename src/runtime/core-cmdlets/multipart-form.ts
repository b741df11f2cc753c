// -Form: a multipart/form-data body from a dictionary, as PowerShell's WebRequestPSCmdlet builds
// its MultipartFormDataContent: a file (a Get-Item FileInfo) is a file part — its bytes, its name as
// the filename, application/octet-stream; a list gives one part per element under the same name;
// anything else is a text part (`text/plain; charset=utf-8`, as .NET's StringContent).
import { randomUUID } from 'node:crypto';
import { PSHashtable } from '../values/hashtable.ts';
import { toStringValue } from '../values/convert.ts';
import { FileSystemItem } from '../cmdlets/path-items.ts';

export interface MultipartBody {
  contentType: string;
  body: Buffer;
}

/** `readFile` reads a file part's bytes (the caller turns a failed read into its error). */
export function multipartForm(form: PSHashtable, readFile: (path: string) => Buffer): MultipartBody {
  const boundary = randomUUID();
  const parts: Buffer[] = [];
  const add = (name: string, value: unknown) => {
    const file = value instanceof FileSystemItem && !value.PSIsContainer;
    const head = file
      ? `Content-Type: application/octet-stream\r\nContent-Disposition: form-data; name="${quoted(name)}"; filename="${quoted(value.Name)}"; filename*=utf-8''${encodeURIComponent(value.Name)}`
      : `Content-Type: text/plain; charset=utf-8\r\nContent-Disposition: form-data; name="${quoted(name)}"`;
    parts.push(Buffer.from(`--${boundary}\r\n${head}\r\n\r\n`), file ? readFile(value.FullName) : Buffer.from(toStringValue(value)), Buffer.from('\r\n'));
  };
  // A list gives one part per element, one level deep as PowerShell enumerates it: an element that
  // is itself a list is one text part (`1, (2, 3)` sends `1` and `2 3`).
  for (const [k, v] of form.entries()) for (const one of Array.isArray(v) ? v : [v]) add(toStringValue(k), one);
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { contentType: `multipart/form-data; boundary="${boundary}"`, body: Buffer.concat(parts) };
}

/** A name inside a quoted header parameter: quotes and backslashes escaped, no line breaks. */
function quoted(s: string): string {
  return s.replace(/[\\"]/g, '\\$&').replace(/[\r\n]/g, ' ');
}
