// The generic cmdlets (everything that is not the engine's and does not need interpreter internals),
// registered by every Shell as `genericCmdlets`.

import type { CmdletDef } from '../cmdlet.ts';
import { selectObjectCmdlet } from './select-object.ts';
import { sortObjectCmdlet } from './sort-object.ts';
import { groupObjectCmdlet } from './group-object.ts';
import { measureObjectCmdlet } from './measure-object.ts';
import { formatTableCmdlet, formatListCmdlet, formatWideCmdlet, outStringCmdlet, outNullCmdlet, outHostCmdlet } from './format-cmdlets.ts';
import { convertToJsonCmdlet, convertFromJsonCmdlet } from './json-cmdlets.ts';
import { convertToCsvCmdlet, convertFromCsvCmdlet, exportCsvCmdlet, importCsvCmdlet } from './csv-cmdlets.ts';

export const genericCmdlets: CmdletDef[] = [
  selectObjectCmdlet,
  sortObjectCmdlet,
  groupObjectCmdlet,
  measureObjectCmdlet,
  formatTableCmdlet,
  formatListCmdlet,
  formatWideCmdlet,
  outStringCmdlet,
  outNullCmdlet,
  outHostCmdlet,
  convertToJsonCmdlet,
  convertFromJsonCmdlet,
  convertToCsvCmdlet,
  convertFromCsvCmdlet,
  exportCsvCmdlet,
  importCsvCmdlet,
];
