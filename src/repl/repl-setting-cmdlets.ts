// Get-ReplSetting / Set-ReplSetting: how a user changes the REPL's theme, prompt and history size
// from the REPL itself. Registered only by the interactive REPL; `onChange` lets it apply a new
// theme or prompt at once.
import type { CmdletDef } from '../runtime/cmdlet.ts';
import { themes } from './theme.ts';
import { readSettings, writeSettings, type ReplSettings } from './settings.ts';

export function replSettingCmdlets(home: string, onChange: (s: ReplSettings) => void): CmdletDef[] {
  const get: CmdletDef = {
    name: 'Get-ReplSetting',
    parameters: [],
    help: { synopsis: "Shows the interactive shell's settings: Theme, Prompt, ContinuationPrompt, HistorySize." },
    create: (_p, ctx) => ({
      async process() {
        const s = readSettings(home);
        await ctx.emit({ Theme: s.theme, Prompt: s.prompt, ContinuationPrompt: s.continuationPrompt, HistorySize: s.historySize });
      },
    }),
  };
  const set: CmdletDef = {
    name: 'Set-ReplSetting',
    parameters: [
      { name: 'Theme', type: 'string', validateSet: Object.keys(themes), help: 'Colour theme.' },
      { name: 'Prompt', type: 'string', help: "Prompt text; '{location}' stands for the current location." },
      { name: 'ContinuationPrompt', type: 'string', help: 'Prompt of continuation lines.' },
      { name: 'HistorySize', type: 'int', validateRange: [1, 1_000_000], help: 'How many history entries are kept.' },
    ],
    help: { synopsis: "Changes the interactive shell's settings (stored in the data folder)." },
    create: (p) => ({
      async process() {
        const changes: Partial<ReplSettings> = {};
        if (p.Theme !== undefined) changes.theme = String(p.Theme).toLowerCase();
        if (p.Prompt !== undefined) changes.prompt = String(p.Prompt);
        if (p.ContinuationPrompt !== undefined) changes.continuationPrompt = String(p.ContinuationPrompt);
        if (p.HistorySize !== undefined) changes.historySize = Number(p.HistorySize);
        onChange(await writeSettings(home, changes));
      },
    }),
  };
  return [get, set];
}
