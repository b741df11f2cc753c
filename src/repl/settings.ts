// The REPL's user settings (theme, prompt, history size), stored with `conf` as `settings.json` in
// the data folder. Start-up reads the file directly: importing conf costs hundreds of milliseconds,
// more than the whole start-up budget, so conf is loaded only when a setting is written.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ReplSettings {
  theme: string;
  /** `{location}` is replaced by the current location (home-relative as `~`), `{lab}` by the lab's
   *  name once the catalog is open (empty before: the prompt never waits for it). */
  prompt: string;
  continuationPrompt: string;
  historySize: number;
}

export const defaultSettings: ReplSettings = {
  theme: 'dark',
  prompt: 'PS {location}> ',
  continuationPrompt: '>> ',
  historySize: 1000,
};

export const settingsFileName = 'settings';

/** The settings in `home`, defaults for anything missing or malformed. */
export function readSettings(home: string): ReplSettings {
  let stored: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(readFileSync(join(home, settingsFileName + '.json'), 'utf8'));
    if (parsed && typeof parsed === 'object') stored = parsed as Record<string, unknown>;
  } catch {
    // no settings yet
  }
  const str = (k: keyof ReplSettings): string => (typeof stored[k] === 'string' ? (stored[k] as string) : (defaultSettings[k] as string));
  const size = Number(stored.historySize);
  return {
    theme: str('theme'),
    prompt: str('prompt'),
    continuationPrompt: str('continuationPrompt'),
    historySize: Number.isInteger(size) && size > 0 ? size : defaultSettings.historySize,
  };
}

/** Stores changed settings through conf (same file readSettings reads) and returns the result. */
export async function writeSettings(home: string, changes: Partial<ReplSettings>): Promise<ReplSettings> {
  const { default: Conf } = await import('conf');
  const store = new Conf<Record<string, unknown>>({ cwd: home, configName: settingsFileName, projectName: 'vbrs' });
  for (const [k, v] of Object.entries(changes)) if (v !== undefined) store.set(k, v);
  return readSettings(home);
}

/** The prompt text for a location (and lab). */
export function promptText(template: string, location: string, homeDir = process.env.HOME ?? '', lab = ''): string {
  const shown = homeDir && (location === homeDir || location.startsWith(homeDir + '/')) ? '~' + location.slice(homeDir.length) : location;
  return template.replace(/\{location\}/g, shown).replace(/\{lab\}/g, lab);
}
