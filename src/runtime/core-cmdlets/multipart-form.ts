// -Form: a multipart/form-data body from a dictionary, as PowerShell's WebRequestPSCmdlet builds
// its MultipartFormDataContent: a file (a Get-Item FileInfo) is a file part — its bytes, its name as
// the filename, application/octet-stream; a list gives one part per element under the same name;
// anything else is a text part (`text/plain; charset=utf-8`, as .NET's StringContent).
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { PSHashtable } from '../values/hashtable.ts';
import { toStringValue } from '../values/convert.ts';
import { FileSystemItem } from '../cmdlets/path-items.ts';

export interface MultipartBody {
  contentType: string;
  body: Buffer;
}

export function multipartForm(form: PSHashtable): MultipartBody {
  const boundary = randomUUID();
  const parts: Buffer[] = [];
  const add = (name: string, value: unknown) => {
    if (Array.isArray(value)) {
      for (const v of value) add(name, v);
      return;
    }
    const file = value instanceof FileSystemItem && !value.PSIsContainer;
    const head = file
      ? `Content-Type: application/octet-stream\r\nContent-Disposition: form-data; name="${quoted(name)}"; filename="${quoted(value.Name)}"; filename*=utf-8''${encodeURIComponent(value.Name)}`
      : `Content-Type: text/plain; charset=utf-8\r\nContent-Disposition: form-data; name="${quoted(name)}"`;
    parts.push(Buffer.from(`--${boundary}\r\n${head}\r\n\r\n`), file ? readFileSync(value.FullName) : Buffer.from(toStringValue(value)), Buffer.from('\r\n'));
  };
  for (const [k, v] of form.entries()) add(toStringValue(k), v);
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { contentType: `multipart/form-data; boundary="${boundary}"`, body: Buffer.concat(parts) };
}

/** A name inside a quoted header parameter: quotes and backslashes escaped, no line breaks. */
function quoted(s: string): string {
  return s.replace(/[\\"]/g, '\\$&').replace(/[\r\n]/g, ' ');
}
