// Select-Xml: runs an XPath query (the subset of values/xml/xpath.ts) over XML documents or nodes
// (-Xml or piped), XML text (-Content or piped strings) or files (-Path with wildcards, -LiteralPath),
// writing one SelectXmlInfo per node found, as PowerShell's XmlCommands.cs does: Node, Path (the file,
// or InputStream) and Pattern; it prints as a table of the three, and reads as the node's text.

import * as fs from 'node:fs';
import type { CmdletContext, CmdletDef } from '../cmdlet.ts';
import { ErrorRecord, PSException } from '../error-record.ts';
import { convertTo, toStringValue } from '../values/convert.ts';
import { registerView } from '../format/view-registry.ts';
import { XmlNode } from '../values/xml/xml-node.ts';
import { parseXml } from '../values/xml/xml-parser.ts';
import { listOf } from './property-selector.ts';
import { expandPath, pathNotFound, resolvePath } from './path-items.ts';

export class SelectXmlInfo {
  readonly psTypeName = 'Microsoft.PowerShell.Commands.SelectXmlInfo';
  readonly Node: XmlNode;
  readonly Path: string;
  readonly Pattern: string;

  constructor(node: XmlNode, path: string, pattern: string) {
    this.Node = node;
    this.Path = path || 'InputStream';
    this.Pattern = pattern;
  }

  /** GetNodeText: the node's value, else its inner XML, trimmed; `path:text` for a file. */
  toString(): string {
    const text = (this.Node.Value ?? this.Node.InnerXml).trim();
    return this.Path === 'InputStream' ? text : `${this.Path}:${text}`;
  }
}

registerView('Microsoft.PowerShell.Commands.SelectXmlInfo', { kind: 'table', properties: ['Node', 'Path', 'Pattern'] });

function fileReadError(file: string, message: string): ErrorRecord {
  return ErrorRecord.fromMessage(`The file '${file}' cannot be read: ${message}`, 'System.ArgumentException', 'ProcessingFile,Microsoft.PowerShell.Commands.SelectXmlCommand', 'InvalidArgument', file);
}

async function query(ctx: CmdletContext, node: XmlNode, xpath: string, path: string): Promise<void> {
  for (const found of node.SelectNodes(xpath)) await ctx.emit(new SelectXmlInfo(found, path, xpath));
}

export const selectXmlCmdlet: CmdletDef = {
  name: 'Select-Xml',
  parameters: [
    { name: 'XPath', type: 'string', position: 0, mandatory: true },
    { name: 'Xml', type: 'object[]', position: 1, valueFromPipeline: true, aliases: ['Node'] },
    { name: 'Path', type: 'string[]' },
    { name: 'LiteralPath', type: 'string[]', aliases: ['PSPath', 'LP'] },
    { name: 'Content', type: 'string[]' },
  ],
  help: {
    synopsis: 'Finds nodes in XML documents, text or files with an XPath query.',
    examples: [
      { code: "$d = [xml]'<a><b n=\"1\"/><b n=\"2\"/></a>'; Select-Xml -Xml $d -XPath '//b/@n' | ForEach-Object { $_.Node.Value }", output: '1\n2\n' },
      { code: "'<vm name=\"web1\"/>' | Select-Xml '/vm' | ForEach-Object { $_.Node.name }", output: 'web1\n' },
    ],
  },
  create(params, ctx) {
    const xpath = toStringValue(params.XPath);
    // XML text (a piped string, -Content) converts as [xml] does; a bad one is that cast's error
    const fromText = async (text: string) => {
      let doc: XmlNode;
      try {
        doc = convertTo(text, 'System.Xml.XmlDocument') as XmlNode;
      } catch (e) {
        if (!(e instanceof PSException)) throw e;
        return ctx.writeError(new ErrorRecord(e, 'InvalidCastToXmlDocument,Microsoft.PowerShell.Commands.SelectXmlCommand', 'InvalidArgument', text));
      }
      await query(ctx, doc, xpath, '');
    };
    const fromFile = async (file: string) => {
      let doc: XmlNode;
      try {
        doc = parseXml(fs.readFileSync(file, 'utf8'));
      } catch (e) {
        return ctx.writeError(fileReadError(file, (e as Error).message)); // unreadable or not XML
      }
      await query(ctx, doc, xpath, file);
    };
    return {
      async process(input) {
        const items = input !== undefined ? [input] : params.Xml !== undefined ? listOf(params.Xml) : [];
        for (const item of items) {
          if (item instanceof XmlNode) await query(ctx, item, xpath, '');
          else if (typeof item === 'string') await fromText(item);
          else throw new PSException(`Cannot bind parameter 'Xml'. Cannot convert the "${toStringValue(item)}" value to type "System.Xml.XmlNode".`, 'System.Management.Automation.ParameterBindingException');
        }
        if (input !== undefined) return;
        for (const text of listOf(params.Content)) await fromText(toStringValue(text));
        for (const p of listOf(params.Path)) {
          const files = expandPath(ctx, p);
          if (files.length === 0 || !files.every((f) => fs.existsSync(f))) {
            await ctx.writeError(pathNotFound(resolvePath(ctx, p), 'SelectXmlCommand'));
            continue;
          }
          for (const f of files) await fromFile(f);
        }
        for (const p of listOf(params.LiteralPath)) {
          const file = resolvePath(ctx, p);
          if (!fs.existsSync(file)) await ctx.writeError(pathNotFound(file, 'SelectXmlCommand'));
          else await fromFile(file);
        }
      },
    };
  },
};
