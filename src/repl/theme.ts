// Colour themes for the REPL: one colour (an Ink/chalk colour name or #hex) per token category
// plus the prompt, errors and the progress panel. The user picks one by name in the settings.

export interface Theme {
  name: string;
  colors: Record<string, string>;
}

export const themes: Record<string, Theme> = {
  dark: {
    name: 'dark',
    colors: {
      keyword: 'magenta', variable: 'green', string: 'cyan', number: 'whiteBright', operator: 'gray',
      command: 'yellow', parameter: 'gray', comment: 'greenBright', type: 'blueBright',
      prompt: 'blue', error: 'red', warning: 'yellow', bar: 'green', dim: 'gray', accent: 'cyan',
    },
  },
  light: {
    name: 'light',
    colors: {
      keyword: 'magenta', variable: 'green', string: 'blue', number: 'black', operator: 'gray',
      command: 'yellowBright', parameter: 'gray', comment: 'green', type: 'blue',
      prompt: 'blue', error: 'red', warning: 'yellow', bar: 'blue', dim: 'gray', accent: 'blue',
    },
  },
  /** No colours at all: for terminals or users that want plain text. */
  none: { name: 'none', colors: {} },
};

export function themeNamed(name: string | undefined): Theme {
  return (name && themes[name.toLowerCase()]) || themes.dark!;
}
