// The one es-toolkit function Ink uses, exported under the name Ink imports it by; see
// load-hooks.ts for why Ink is pointed here.
import throttle from 'es-toolkit/compat/throttle';

export { throttle };
