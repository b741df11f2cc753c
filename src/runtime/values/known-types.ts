// Which written type names denote a type vbrs knows, so `[foo]`, `[foo]$x`, `-is [foo]` and a
// `[foo]$p` parameter fail the way PowerShell fails on a type it cannot find (`Unable to find type
// [foo].`, a RuntimeException with the id TypeNotFound) instead of inventing a type named `foo`.
// "Known" means a type vbrs models or whose instances it produces: the aliased core types, typed
// arrays and generic collections of known types, enums, exception types, delegate types for script
// blocks, the .NET/PowerShell types of objects the cmdlets return, and the engine's `Vbrs.*` types.

import { aliasedTypeNames, resolveTypeName, splitGenericArgs } from './type-names.ts';
import { enumTypeName } from './ps-enum.ts';
import { ErrorRecord, PSException, isExceptionType } from '../error-record.ts';

/** Types of objects the runtime hands to scripts, beyond the aliased ones (lower case). */
const PRODUCED = [
  'System.UInt16', 'System.Random', 'System.RuntimeType', 'System.Enum', 'System.ValueType', 'System.Delegate',
  'System.Collections.IEnumerable', 'System.Collections.IEnumerator', 'System.Collections.ICollection', 'System.Collections.IList',
  'System.Collections.IDictionary', 'System.Collections.DictionaryEntry', 'System.Collections.ArrayList+ArrayListEnumeratorSimple',
  'System.IO.FileInfo', 'System.IO.DirectoryInfo', 'System.IO.FileSystemInfo',
  'System.Text.RegularExpressions.Match', 'System.Text.RegularExpressions.Group', 'System.Text.RegularExpressions.Capture',
  'System.Text.RegularExpressions.RegexOptions',
  'System.Management.Automation.PathInfo', 'System.Management.Automation.PSReference', 'System.Management.Automation.PSNoteProperty',
  'System.Management.Automation.SemanticVersion', 'System.Management.Automation.CommandInfo', 'System.Management.Automation.FunctionInfo',
  'System.Management.Automation.CmdletInfo', 'System.Management.Automation.ExternalScriptInfo', 'System.Management.Automation.ScriptInfo',
  'System.Management.Automation.AliasInfo', 'System.Management.Automation.InvocationInfo', 'System.Management.Automation.ErrorCategoryInfo',
  'System.Management.Automation.PSCmdlet', 'System.Management.Automation.PSScriptCmdlet',
  'System.Management.Automation.Internal.Host.InternalHost', 'System.Management.Automation.Internal.Host.InternalHostUserInterface', 'System.Management.Automation.Host.PSHost',
  'System.Xml.XmlNode', 'System.Xml.XmlElement', 'System.Xml.XmlAttribute', 'System.Xml.XmlText', 'System.Xml.XmlCDataSection',
  'System.Xml.XmlComment', 'System.Xml.XmlDeclaration', 'System.Xml.XmlProcessingInstruction', 'System.Xml.XmlLinkedNode',
  'System.Xml.XmlCharacterData', 'System.Xml.XmlNodeList',
  'Microsoft.PowerShell.Commands.MatchInfo', 'Microsoft.PowerShell.Commands.GroupInfo', 'Microsoft.PowerShell.Commands.GroupInfoNoElement',
  'Microsoft.PowerShell.Commands.GenericMeasureInfo', 'Microsoft.PowerShell.Commands.TextMeasureInfo',
  'Microsoft.PowerShell.Commands.FileHashInfo', 'Microsoft.PowerShell.Commands.MemberDefinition',
  'Microsoft.PowerShell.Commands.WebRequestSession', 'System.Net.CookieContainer', 'System.Net.Cookie', 'System.Net.NetworkCredential',
];

let known: Set<string> | null = null;

function knownNames(): Set<string> {
  known ??= new Set([...aliasedTypeNames(), ...PRODUCED].map((n) => n.toLowerCase()));
  return known;
}

/** Whether a type name (as written, or canonical from `resolveTypeName`) is one vbrs can stand for. */
export function isKnownType(name: string): boolean {
  return unknownPart(name) === null;
}

/** The part of a type name that names no known type, as PowerShell reports it: the element of an
 *  array type, the first unknown argument of a generic type, else the name itself; null when known. */
export function unknownPart(name: string): string | null {
  const w = name.trim();
  const rank = /\[,*\]$/.exec(w);
  if (rank) return unknownPart(w.slice(0, rank.index));
  const generic = /^([\w.]+)\[(.+)\]$/.exec(w);
  if (generic) {
    const base = generic[1]!.toLowerCase().replace(/^system\./, '');
    if (!/^collections\.generic\.\w+$/.test(base) && !/^(func|action|predicate|comparison|nullable)$/.test(base)) return generic[1]!;
    for (const arg of splitGenericArgs(generic[2]!)) {
      const bad = unknownPart(arg);
      if (bad !== null) return bad;
    }
    return null;
  }
  return isKnownSimple(resolveTypeName(w)) ? null : w;
}

function isKnownSimple(full: string): boolean {
  const l = full.toLowerCase();
  if (knownNames().has(l)) return true;
  if (/^system\.(func|action|predicate|comparison)$/.test(l)) return true;
  // The engine's object types (`Vbrs.Job`, `Vbrs.VM` …) are the shell's own namespace.
  if (l.startsWith('vbrs.')) return true;
  if (enumTypeName(full) !== undefined) return true;
  return isExceptionType(full);
}

/** `Unable to find type [foo].`: what PowerShell raises for a type literal, cast or constraint it
 *  cannot resolve (statement-terminating, `catch`-able, FullyQualifiedErrorId TypeNotFound). */
export function typeNotFound(written: string): PSException {
  return new ErrorRecord(new PSException(`Unable to find type [${written}].`), 'TypeNotFound', 'InvalidOperation', written).Exception;
}

/** The span of `[name]` around a type name's own span, as PowerShell's error extent has it. */
export function bracketedSpan(text: string, span: { start: number; end: number }): { start: number; end: number } {
  const open = text.lastIndexOf('[', span.start);
  const close = text.indexOf(']', span.end);
  return { start: open >= 0 ? open : span.start, end: close >= 0 ? close + 1 : span.end };
}

const resolved = new Map<string, string>();

/** Canonical full name of a type written in a script; throws TypeNotFound for an unknown type. */
export function requireType(written: string): string {
  const hit = resolved.get(written);
  if (hit !== undefined) return hit;
  const bad = unknownPart(written);
  if (bad !== null) throw typeNotFound(bad);
  const full = resolveTypeName(written);
  resolved.set(written, full);
  return full;
}
