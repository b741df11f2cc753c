// Cmdlets that make and reshape objects: New-Object (PSObject with -Property, .NET types with
// -ArgumentList), Add-Member (NoteProperty, AliasProperty, ScriptProperty, ScriptMethod),
// Compare-Object, Get-Unique, Tee-Object and New-Guid.

import * as fs from 'node:fs';
import type { CmdletDef } from '../cmdlet.ts';
import { PSObject } from '../values/ps-object.ts';
import { PSHashtable } from '../values/hashtable.ts';
import { toStringValue } from '../values/convert.ts';
import { resolveTypeName } from '../values/type-names.ts';
import { ScriptBlockValue } from '../script-block.ts';
import { ErrorRecord, PSException } from '../error-record.ts';
import { isKnownType } from '../values/known-types.ts';
import { construct, setMember } from '../members/index.ts';
import { valuesEqual } from '../operators/compare.ts';
import { formatOutput } from '../format/output-writer.ts';
import { inputOf, listOf, propertySelector } from './property-selector.ts';
import { resolvePath } from './path-items.ts';
import { PSGuid } from '../values/ps-guid.ts';

export const newObjectCmdlet: CmdletDef = {
  name: 'New-Object',
  parameters: [
    { name: 'TypeName', type: 'string', position: 0, mandatory: true },
    { name: 'ArgumentList', type: 'object[]', position: 1, aliases: ['Args'] },
    { name: 'Property', type: 'hashtable' },
  ],
  help: {
    synopsis: 'Creates an object: a PSObject with properties, or an instance of a .NET type.',
    examples: [
      { code: "New-Object PSObject -Property @{ Name = 'a'; Size = 1 }" },
      { code: '$list = New-Object System.Collections.ArrayList; $null = $list.Add(1); $list.Count' },
    ],
  },
  create(params, ctx) {
    return {
      async end() {
        const written = toStringValue(params.TypeName);
        const full = resolveTypeName(written);
        if (!isKnownType(full)) {
          const message = `Cannot find type [${written}]: verify that the assembly containing this type is loaded.`;
          throw ErrorRecord.fromMessage(message, 'System.Management.Automation.PSArgumentException', 'TypeNotFound,Microsoft.PowerShell.Commands.NewObjectCommand', 'InvalidType').Exception;
        }
        const obj = construct(full, listOf(params.ArgumentList));
        const props = params.Property;
        if (props instanceof PSHashtable) {
          for (const [k, v] of props.entries()) {
            if (obj instanceof PSObject) obj.setProperty(toStringValue(k), v);
            else await setMember(obj, toStringValue(k), v, ctx.invoker);
          }
        }
        await ctx.emit(obj);
      },
    };
  },
};

const MEMBER_TYPES = ['NoteProperty', 'AliasProperty', 'ScriptProperty', 'ScriptMethod', 'CodeProperty', 'Property'];

export const addMemberCmdlet: CmdletDef = {
  name: 'Add-Member',
  parameters: [
    { name: 'InputObject', type: 'object', mandatory: true, valueFromPipeline: true },
    { name: 'MemberType', type: 'string', position: 0, validateSet: MEMBER_TYPES, aliases: ['Type'] },
    { name: 'Name', type: 'string', position: 1 },
    { name: 'Value', type: 'object', position: 2 },
    { name: 'SecondValue', type: 'object', position: 3 },
    { name: 'NotePropertyName', type: 'string' },
    { name: 'NotePropertyValue', type: 'object' },
    { name: 'NotePropertyMembers', type: 'hashtable' },
    { name: 'TypeName', type: 'string' },
    { name: 'PassThru', type: 'switch' },
    { name: 'Force', type: 'switch' },
  ],
  help: {
    synopsis: 'Adds properties or methods to a custom object.',
    examples: [
      { code: "$o = [pscustomobject]@{Name='a'}; $o | Add-Member -NotePropertyName Size -NotePropertyValue 3; $o.Size" },
      { code: "[pscustomobject]@{A=1} | Add-Member -MemberType NoteProperty -Name B -Value 2 -PassThru" },
    ],
  },
  create(params, ctx) {
    return {
      async process(input) {
        const obj = inputOf(input, params);
        if (!(obj instanceof PSObject)) {
          throw new PSException(`Add-Member can only add members to custom objects ([pscustomobject]); the input is ${obj === null ? '$null' : 'a ' + typeof obj}.`, 'System.InvalidOperationException');
        }
        const add = (name: string, apply: () => void) => {
          if (obj.hasProperty(name) || obj.getMethod(name)) {
            if (params.Force !== true) {
              throw new PSException(`Cannot add a member with the name "${name}" because a member with that name already exists. To overwrite the member anyway, add the Force parameter to your command.`, 'System.InvalidOperationException');
            }
            obj.removeProperty(name);
          }
          apply();
        };
        if (params.NotePropertyMembers instanceof PSHashtable) {
          for (const [k, v] of params.NotePropertyMembers.entries()) add(toStringValue(k), () => obj.setProperty(toStringValue(k), v));
        } else if (params.NotePropertyName !== undefined) {
          const name = toStringValue(params.NotePropertyName);
          add(name, () => obj.setProperty(name, params.NotePropertyValue ?? null));
        } else {
          const type = toStringValue(params.MemberType ?? 'NoteProperty').toLowerCase();
          const name = toStringValue(params.Name);
          if (!name) throw new PSException('Add-Member needs -Name (or -NotePropertyName).', 'System.ArgumentException');
          const value = params.Value ?? null;
          add(name, () => {
            if (type === 'noteproperty') obj.setProperty(name, value);
            else if (type === 'aliasproperty') obj.addProperty({ name, kind: 'AliasProperty', value: null, aliasOf: toStringValue(value) });
            else if (type === 'scriptproperty') obj.addProperty({ name, kind: 'ScriptProperty', value: null, getter: value, setter: params.SecondValue instanceof ScriptBlockValue ? params.SecondValue : undefined });
            else if (type === 'scriptmethod') obj.addMethod({ name, script: value });
            else throw new PSException(`Add-Member does not support member type ${toStringValue(params.MemberType)} in vbrs.`, 'System.NotSupportedException');
          });
        }
        if (params.TypeName !== undefined) obj.typeNames.unshift(toStringValue(params.TypeName));
        if (params.PassThru === true) await ctx.emit(obj);
      },
    };
  },
};

export const compareObjectCmdlet: CmdletDef = {
  name: 'Compare-Object',
  aliases: ['compare', 'diff'],
  parameters: [
    { name: 'ReferenceObject', type: 'object[]', position: 0, mandatory: true, allowEmptyCollection: true },
    { name: 'DifferenceObject', type: 'object[]', position: 1, mandatory: true, allowEmptyCollection: true, valueFromPipeline: true },
    { name: 'Property', type: 'object[]' },
    { name: 'IncludeEqual', type: 'switch' },
    { name: 'ExcludeDifferent', type: 'switch' },
    { name: 'PassThru', type: 'switch' },
    { name: 'CaseSensitive', type: 'switch' },
  ],
  help: {
    synopsis: 'Compares two sets of objects; `=>` marks items only in the difference set, `<=` only in the reference set.',
    examples: [{ code: 'Compare-Object 1,2,3 2,3,4', remarks: '4 => and 1 <=' }],
  },
  create(params, ctx) {
    const diff: unknown[] = [];
    let piped = false;
    const selectors = listOf(params.Property).map((p) => propertySelector(p, ctx.invoker));
    const cs = params.CaseSensitive === true;
    return {
      async process(input) {
        if (input !== undefined) {
          piped = true;
          diff.push(input);
        }
      },
      async end() {
        const refs = listOf(params.ReferenceObject);
        const difs = piped ? diff : listOf(params.DifferenceObject);
        const keyOf = async (o: unknown) => (selectors.length ? Promise.all(selectors.map((s) => s.get(o))) : [o]);
        const refKeys = await Promise.all(refs.map(keyOf));
        const used = new Array(refs.length).fill(false);
        const same = (a: unknown[], b: unknown[]) => a.every((x, i) => valuesEqual(x, b[i], cs));
        const result = async (obj: unknown, key: unknown[], side: string) => {
          if (params.PassThru === true) {
            await ctx.emit(obj);
            return;
          }
          const o = new PSObject();
          if (selectors.length) selectors.forEach((s, i) => o.setProperty(s.name, key[i]));
          else o.setProperty('InputObject', obj);
          o.setProperty('SideIndicator', side);
          await ctx.emit(o);
        };
        const onlyDiff: [unknown, unknown[]][] = [];
        for (const d of difs) {
          const k = await keyOf(d);
          const i = refKeys.findIndex((rk, j) => !used[j] && same(rk, k));
          if (i >= 0) {
            used[i] = true;
            if (params.IncludeEqual === true || params.ExcludeDifferent === true) await result(d, k, '==');
          } else onlyDiff.push([d, k]);
        }
        if (params.ExcludeDifferent === true) return;
        for (const [d, k] of onlyDiff) await result(d, k, '=>');
        for (let i = 0; i < refs.length; i++) if (!used[i]) await result(refs[i], refKeys[i], '<=');
      },
    };
  },
};

export const getUniqueCmdlet: CmdletDef = {
  name: 'Get-Unique',
  aliases: ['gu'],
  parameters: [
    { name: 'InputObject', type: 'object', valueFromPipeline: true },
    { name: 'AsString', type: 'switch' },
    { name: 'CaseInsensitive', type: 'switch' },
  ],
  help: {
    synopsis: 'Drops consecutive duplicates from sorted input.',
    examples: [{ code: '1,1,2,3,3 | Get-Unique', remarks: '1, 2, 3' }],
  },
  create(params, ctx) {
    let prev: unknown = undefined;
    let first = true;
    return {
      async process(input) {
        const item = inputOf(input, params);
        if (item === undefined) return;
        const ci = params.CaseInsensitive === true;
        const a = params.AsString === true || typeof item === 'string' ? toStringValue(item) : item;
        const dup = !first && (typeof a === 'string' && typeof prev === 'string' ? (ci ? a.toLowerCase() === prev.toLowerCase() : a === prev) : valuesEqual(prev, a, true));
        first = false;
        prev = a;
        if (!dup) await ctx.emit(item);
      },
    };
  },
};

export const teeObjectCmdlet: CmdletDef = {
  name: 'Tee-Object',
  aliases: ['tee'],
  parameters: [
    { name: 'FilePath', type: 'string', position: 0, aliases: ['Path'] },
    { name: 'Variable', type: 'string' },
    { name: 'InputObject', type: 'object', valueFromPipeline: true },
    { name: 'Append', type: 'switch' },
  ],
  help: {
    synopsis: 'Passes input through while also saving it to a variable or a file.',
    examples: [{ code: '1..3 | Tee-Object -Variable saved | Out-Null; $saved.Count', remarks: '3' }],
  },
  create(params, ctx) {
    const items: unknown[] = [];
    return {
      async process(input) {
        const item = inputOf(input, params);
        if (item === undefined) return;
        items.push(item);
        await ctx.emit(item);
      },
      async end() {
        if (params.Variable !== undefined) ctx.setVariable(toStringValue(params.Variable), items.length === 1 ? items[0] : items);
        if (params.FilePath !== undefined) {
          const file = resolvePath(ctx, params.FilePath);
          const text = await formatOutput(items, 120, ctx.invoker);
          if (params.Append === true) fs.appendFileSync(file, text);
          else fs.writeFileSync(file, text);
        }
      },
    };
  },
};

export const newGuidCmdlet: CmdletDef = {
  name: 'New-Guid',
  parameters: [],
  help: { synopsis: 'Creates a random GUID.', examples: [{ code: '(New-Guid).Guid.Length', remarks: '36' }] },
  create(_params, ctx) {
    return {
      async end() {
        await ctx.emit(PSGuid.newGuid());
      },
    };
  },
};
