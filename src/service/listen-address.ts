// `--listen HOST:PORT` as the service takes it: a host name or address (IPv6 in brackets) and a
// port from 0 (any free port) to 65535.

export interface ListenAddress {
  host: string;
  port: number;
  /** As given, for error messages. */
  text: string;
}

export function parseListen(text: string): ListenAddress {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(text);
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535) throw new Error(`--listen takes HOST:PORT (e.g. 127.0.0.1:9419), not '${text}'`);
  return { host: m[1] ?? m[2]!, port, text };
}
