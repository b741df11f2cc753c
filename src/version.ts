// The vbrs version, on its own so `vbrs --version` and the start-up path need not load the runtime.
export const VERSION = '0.1.0';
