// The generic cmdlets (everything that is neither the engine's nor in need of interpreter
// internals), registered by every Shell as `genericCmdlets`.

import { powershellCmdlets, type CmdletDef } from '../cmdlet.ts';
import { selectObjectCmdlet } from './select-object.ts';
import { sortObjectCmdlet } from './sort-object.ts';
import { groupObjectCmdlet } from './group-object.ts';
import { measureObjectCmdlet } from './measure-object.ts';
import { formatTableCmdlet, formatListCmdlet, formatWideCmdlet, outStringCmdlet, outNullCmdlet, outHostCmdlet, outDefaultCmdlet } from './format-cmdlets.ts';
import { convertToJsonCmdlet, convertFromJsonCmdlet } from './json-cmdlets.ts';
import { convertToCsvCmdlet, convertFromCsvCmdlet, exportCsvCmdlet, importCsvCmdlet } from './csv-cmdlets.ts';
import { getContentCmdlet, setContentCmdlet, addContentCmdlet, outFileCmdlet, clearContentCmdlet } from './content-cmdlets.ts';
import { testPathCmdlet, joinPathCmdlet, splitPathCmdlet, resolvePathCmdlet, getLocationCmdlet, setLocationCmdlet, pushLocationCmdlet, popLocationCmdlet } from './location-cmdlets.ts';
import { getChildItemCmdlet, getItemCmdlet, newItemCmdlet, removeItemCmdlet, copyItemCmdlet, moveItemCmdlet, renameItemCmdlet } from './item-cmdlets.ts';
import { getDateCmdlet, newTimeSpanCmdlet, startSleepCmdlet } from './date-cmdlets.ts';
import { getRandomCmdlet } from './get-random.ts';
import { getMemberCmdlet } from './get-member.ts';
import { newObjectCmdlet, newGuidCmdlet, addMemberCmdlet, compareObjectCmdlet, getUniqueCmdlet, teeObjectCmdlet } from './object-cmdlets.ts';
import { selectStringCmdlet } from './select-string.ts';
import { selectXmlCmdlet } from './select-xml.ts';
import { joinStringCmdlet } from './join-string.ts';
import { getFileHashCmdlet } from './get-file-hash.ts';
import { moreCmdlet } from './more.ts';

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
  getContentCmdlet,
  setContentCmdlet,
  addContentCmdlet,
  outFileCmdlet,
  testPathCmdlet,
  joinPathCmdlet,
  splitPathCmdlet,
  resolvePathCmdlet,
  getLocationCmdlet,
  setLocationCmdlet,
  pushLocationCmdlet,
  popLocationCmdlet,
  getChildItemCmdlet,
  getItemCmdlet,
  newItemCmdlet,
  removeItemCmdlet,
  copyItemCmdlet,
  moveItemCmdlet,
  getDateCmdlet,
  newTimeSpanCmdlet,
  startSleepCmdlet,
  getRandomCmdlet,
  getMemberCmdlet,
  newObjectCmdlet,
  addMemberCmdlet,
  compareObjectCmdlet,
  getUniqueCmdlet,
  teeObjectCmdlet,
  selectStringCmdlet,
  selectXmlCmdlet,
  joinStringCmdlet,
  newGuidCmdlet,
  getFileHashCmdlet,
  outDefaultCmdlet,
  renameItemCmdlet,
  clearContentCmdlet,
];
for (const c of genericCmdlets) powershellCmdlets.add(c);
// A function in PowerShell, not one of its cmdlets: its errors name it, not a .NET class.
genericCmdlets.push(moreCmdlet);
