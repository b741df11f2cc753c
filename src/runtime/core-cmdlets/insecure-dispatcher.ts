// -SkipCertificateCheck: the dispatcher one request is given (fetch's `dispatcher` option) so that it
// accepts any server certificate, never a process-wide setting (NODE_TLS_REJECT_UNAUTHORIZED would
// turn checks off for every request). Node bundles undici without exporting it, so the Agent class
// is the one behind fetch's global dispatcher, which Node creates on the first fetch (a `data:` URL
// fetch, which touches no network, makes it exist).
type Dispatcher = object;

let insecure: Dispatcher | null = null;

export async function insecureDispatcher(): Promise<Dispatcher> {
  if (insecure) return insecure;
  const key = Symbol.for('undici.globalDispatcher.1');
  const g = globalThis as unknown as Record<symbol, Dispatcher | undefined>;
  if (!g[key]) await (await globalThis.fetch('data:,')).arrayBuffer();
  const Agent = g[key]!.constructor as new (options: object) => Dispatcher;
  insecure = new Agent({ connect: { rejectUnauthorized: false } });
  return insecure;
}
