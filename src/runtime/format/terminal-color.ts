// Whether a terminal stream shows colour, from NO_COLOR, FORCE_COLOR and TERM as other terminal
// programs read them: the one place the progress bar and $PSStyle's `Host` rendering decide it.
// FORCE_COLOR wins over NO_COLOR (and over a pipe: a CI log that renders colour asks for it);
// a dumb terminal shows none.

/** FORCE_COLOR set to anything but `0`/`false`: true; set to those: false; unset: undefined. */
function forcedColor(env: NodeJS.ProcessEnv): boolean | undefined {
  const forced = env.FORCE_COLOR;
  return forced === undefined ? undefined : forced !== '0' && forced !== 'false';
}

/** True when text written to a stream that `isTTY` describes may carry colour sequences. */
export function terminalColor(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (env.TERM === 'dumb') return false;
  return forcedColor(env) ?? (isTTY && !env.NO_COLOR);
}

/** NO_COLOR (without FORCE_COLOR) asks for no colour at all: PowerShell 7.2+ then starts with
 *  `$PSStyle.OutputRendering = 'PlainText'` (ConsoleHostUserInterface), as does TERM=xterm-mono. */
export function noColorAsked(env: NodeJS.ProcessEnv): boolean {
  if (forcedColor(env) === true) return false;
  return !!env.NO_COLOR || env.TERM === 'xterm-mono' || env.TERM === 'xtermm';
}
