// The XML document model behind `[xml]` (System.Xml's XmlDocument, XmlElement, XmlAttribute, text,
// CDATA, comments, the declaration and processing instructions). Scripts see the .NET members —
// the PascalCase getters and methods below (`OuterXml`, `InnerText`, `DocumentElement`,
// `GetAttribute()`, `SelectNodes()` …); PowerShell's adapted view, where children and attributes
// read as properties (`$d.a.b`), is xml-adapter.ts. Fields starting with `_` are internal: the host
// member table never shows them.

import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { selectNodes, XPathError } from './xpath.ts';
import { parseXml, XmlParseError } from './xml-parser.ts';
import { indentedXml } from './xml-writer.ts';
import { PSException } from '../../error-record.ts';

export type XmlNodeType = 'Document' | 'Element' | 'Attribute' | 'Text' | 'CDATA' | 'Comment' | 'XmlDeclaration' | 'ProcessingInstruction';

/** `&`, `<`, `>` (and `"` in attributes) escaped as XmlDocument writes them. */
function escapeXml(text: string, attribute: boolean): string {
  let out = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  if (attribute) out = out.replace(/"/g, '&quot;');
  return out;
}

/** The XML text of `nodes` in a row, built with a stack, so a deeply nested document serialises. */
function serialize(nodes: readonly XmlNode[]): string {
  const parts: string[] = [];
  const stack: (XmlNode | string)[] = [...nodes].reverse();
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (typeof n === 'string') parts.push(n);
    else if (!(n instanceof XmlElement)) parts.push(n.OuterXml);
    else {
      parts.push(n._openTag());
      if (n.IsEmpty) continue;
      stack.push(`</${n.Name}>`);
      for (let i = n._children.length - 1; i >= 0; i--) stack.push(n._children[i]!);
    }
  }
  return parts.join('');
}

/** A file name given to Load/Save, absolute; null and '' fail as .NET's argument checks do. */
function filePath(path: unknown): string {
  if (path === null || path === undefined) throw new XmlParseError("Value cannot be null. (Parameter 'filename')");
  if (String(path) === '') throw new XmlParseError("The path is empty. (Parameter 'path')");
  return resolve(String(path));
}

/** A .NET method's failure as PowerShell reports it (MethodInvocationException, one argument). */
function dotnetCall<T>(method: string, body: () => T): T {
  try {
    return body();
  } catch (e) {
    if (!(e instanceof XmlParseError || e instanceof XPathError)) throw e;
    throw new PSException(`Exception calling "${method}" with "1" argument(s): "${e.message}"`, 'System.Management.Automation.MethodInvocationException');
  }
}

/** An XPath query from a script; an expression outside the subset fails as the .NET method does. */
function select(node: XmlNode, method: string, xpath: unknown): XmlNode[] {
  return dotnetCall(method, () => selectNodes(node, String(xpath)));
}

export abstract class XmlNode {
  _parent: XmlNode | null = null;
  _children: XmlNode[] = [];
  abstract readonly NodeType: XmlNodeType;
  abstract readonly Name: string;
  abstract readonly psTypeName: string;

  get LocalName(): string {
    const colon = this.Name.indexOf(':');
    return colon < 0 || this.Name.startsWith('#') ? this.Name : this.Name.slice(colon + 1);
  }

  get Prefix(): string {
    const colon = this.Name.indexOf(':');
    return colon < 0 || this.Name.startsWith('#') ? '' : this.Name.slice(0, colon);
  }

  get NamespaceURI(): string {
    return '';
  }

  get ParentNode(): XmlNode | null {
    return this._parent;
  }

  get ChildNodes(): XmlNode[] {
    return [...this._children];
  }

  get FirstChild(): XmlNode | null {
    return this._children[0] ?? null;
  }

  get LastChild(): XmlNode | null {
    return this._children[this._children.length - 1] ?? null;
  }

  get NextSibling(): XmlNode | null {
    const siblings = this._parent?._children ?? [];
    return siblings[siblings.indexOf(this) + 1] ?? null;
  }

  get PreviousSibling(): XmlNode | null {
    const siblings = this._parent?._children ?? [];
    const i = siblings.indexOf(this);
    return i > 0 ? siblings[i - 1]! : null;
  }

  get HasChildNodes(): boolean {
    return this._children.length > 0;
  }

  get OwnerDocument(): XmlDocument | null {
    let n: XmlNode | null = this._parent;
    while (n && !(n instanceof XmlDocument)) n = n._parent;
    return n;
  }

  /** The text of every text and CDATA node below, in document order (comments and PIs left out). */
  get InnerText(): string {
    const parts: string[] = [];
    const stack = [...this._children].reverse();
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (n instanceof XmlText || n instanceof XmlCDataSection) parts.push(n._data);
      else if (n instanceof XmlElement) for (let i = n._children.length - 1; i >= 0; i--) stack.push(n._children[i]!);
    }
    return parts.join('');
  }

  set InnerText(text: string) {
    this.setChildren(text === '' ? [] : [new XmlText(text)]);
  }

  get InnerXml(): string {
    return serialize(this._children);
  }

  abstract get OuterXml(): string;

  get Value(): string | null {
    return null;
  }

  /** Attributes exist on elements only; null elsewhere, as in .NET. */
  get Attributes(): XmlAttribute[] | null {
    return null;
  }

  protected setChildren(children: XmlNode[]): void {
    for (const c of this._children) c._parent = null;
    this._children = [];
    for (const c of children) this.AppendChild(c);
  }

  AppendChild(child: XmlNode): XmlNode {
    child._parent?.RemoveChild(child);
    child._parent = this;
    this._children.push(child);
    return child;
  }

  RemoveChild(child: XmlNode): XmlNode {
    const i = this._children.indexOf(child);
    if (i >= 0) this._children.splice(i, 1);
    child._parent = null;
    return child;
  }

  SelectNodes(xpath: string): XmlNode[] {
    return select(this, 'SelectNodes', xpath);
  }

  SelectSingleNode(xpath: string): XmlNode | null {
    return select(this, 'SelectSingleNode', xpath)[0] ?? null;
  }

  /** PowerShell's ToString for an XmlNode (types.ps1xml's CodeMethod): its local name. */
  ToString(): string {
    return this.LocalName;
  }

  toString(): string {
    return this.LocalName;
  }
}

export class XmlDocument extends XmlNode {
  readonly NodeType = 'Document';
  readonly Name = '#document';
  readonly psTypeName = 'System.Xml.XmlDocument';

  get DocumentElement(): XmlElement | null {
    return (this._children.find((c) => c instanceof XmlElement) as XmlElement | undefined) ?? null;
  }

  get OuterXml(): string {
    return this.InnerXml;
  }

  GetElementsByTagName(name: string): XmlNode[] {
    return this.DocumentElement ? this.DocumentElement.GetElementsByTagName(name, true) : [];
  }

  /** Replaces the document's nodes with those of `text` (bad text fails as the .NET method does). */
  LoadXml(text: string): void {
    this.setChildren(dotnetCall('LoadXml', () => parseXml(String(text)))._children.slice());
  }

  /** Reads a file; a relative path is against the process's directory, as in .NET (not $PWD). */
  Load(path: string): void {
    const text = dotnetCall('Load', () => {
      const full = filePath(path);
      try {
        return readFileSync(full, 'utf8');
      } catch {
        throw new XmlParseError(`Could not find file '${full}'.`);
      }
    });
    this.setChildren(dotnetCall('Load', () => parseXml(text))._children.slice());
  }

  /** Writes the document indented (xml-writer.ts); a relative path is against the process's directory. */
  Save(path: string): void {
    dotnetCall('Save', () => {
      const full = filePath(path);
      try {
        writeFileSync(full, indentedXml(this));
      } catch (e) {
        throw new XmlParseError((e as Error).message);
      }
    });
  }

  CreateElement(name: string): XmlElement {
    return new XmlElement(String(name));
  }

  CreateAttribute(name: string): XmlAttribute {
    return new XmlAttribute(String(name), '');
  }

  CreateTextNode(text: string): XmlText {
    return new XmlText(String(text));
  }

  CreateComment(text: string): XmlComment {
    return new XmlComment(String(text));
  }
}

export class XmlElement extends XmlNode {
  readonly NodeType = 'Element';
  readonly psTypeName = 'System.Xml.XmlElement';
  readonly Name: string;
  _attributes: XmlAttribute[] = [];
  /** Offset of its `<`, for the "start tag on line L position P" of a mismatched end tag. */
  _start = 0;
  /** Written `<b/>` (not `<b></b>`), which OuterXml keeps, as .NET does. */
  _empty: boolean;

  constructor(name: string, empty = true) {
    super();
    this.Name = name;
    this._empty = empty;
  }

  override get Attributes(): XmlAttribute[] {
    return [...this._attributes];
  }

  get HasAttributes(): boolean {
    return this._attributes.length > 0;
  }

  get IsEmpty(): boolean {
    return this._empty && this._children.length === 0;
  }

  get OuterXml(): string {
    return serialize([this]);
  }

  /** `<name attrs>`, or `<name attrs />` when empty. */
  _openTag(): string {
    const attrs = this._attributes.map((a) => ' ' + a.OuterXml).join('');
    return this.IsEmpty ? `<${this.Name}${attrs} />` : `<${this.Name}${attrs}>`;
  }

  override AppendChild(child: XmlNode): XmlNode {
    this._empty = false;
    return super.AppendChild(child);
  }

  private attribute(name: string): XmlAttribute | undefined {
    return this._attributes.find((a) => a.Name === String(name));
  }

  GetAttribute(name: string): string {
    return this.attribute(name)?.Value ?? '';
  }

  GetAttributeNode(name: string): XmlAttribute | null {
    return this.attribute(name) ?? null;
  }

  HasAttribute(name: string): boolean {
    return this.attribute(name) !== undefined;
  }

  SetAttribute(name: string, value: unknown): void {
    const a = this.attribute(name);
    if (a) a.Value = String(value);
    else this.addAttribute(new XmlAttribute(String(name), String(value)));
  }

  RemoveAttribute(name: string): void {
    const a = this.attribute(name);
    if (a) {
      this._attributes.splice(this._attributes.indexOf(a), 1);
      a._parent = null;
    }
  }

  addAttribute(a: XmlAttribute): void {
    a._parent = this;
    this._attributes.push(a);
  }

  /** Descendant elements named `name` (`*` for all), in document order; `self` includes this one. */
  GetElementsByTagName(name: string, self = false): XmlNode[] {
    const out: XmlNode[] = [];
    const stack: XmlNode[] = self ? [this] : [...this._children].reverse();
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (n instanceof XmlElement && (name === '*' || n.Name === String(name))) out.push(n);
      for (let i = n._children.length - 1; i >= 0; i--) stack.push(n._children[i]!);
    }
    return out;
  }
}

export class XmlAttribute extends XmlNode {
  readonly NodeType = 'Attribute';
  readonly psTypeName = 'System.Xml.XmlAttribute';
  readonly Name: string;
  _value: string;

  constructor(name: string, value: string) {
    super();
    this.Name = name;
    this._value = value;
  }

  override get Value(): string {
    return this._value;
  }

  override set Value(v: string) {
    this._value = String(v);
  }

  override get InnerText(): string {
    return this._value;
  }

  override set InnerText(v: string) {
    this._value = String(v);
  }

  /** An attribute's parent is null in .NET; its element is OwnerElement. */
  override get ParentNode(): XmlNode | null {
    return null;
  }

  get OwnerElement(): XmlNode | null {
    return this._parent;
  }

  override get HasChildNodes(): boolean {
    return true;
  }

  get OuterXml(): string {
    return `${this.Name}="${escapeXml(this._value, true)}"`;
  }
}

/** Text, CDATA and comments: a node that is its text. */
abstract class XmlCharacterData extends XmlNode {
  _data: string;

  constructor(data: string) {
    super();
    this._data = data;
  }

  override get Value(): string {
    return this._data;
  }

  override set Value(v: string) {
    this._data = String(v);
  }

  get Data(): string {
    return this._data;
  }

  override get InnerText(): string {
    return this._data;
  }

  override set InnerText(v: string) {
    this._data = String(v);
  }
}

export class XmlText extends XmlCharacterData {
  readonly NodeType = 'Text';
  readonly Name = '#text';
  readonly psTypeName = 'System.Xml.XmlText';

  get OuterXml(): string {
    return escapeXml(this._data, false);
  }
}

export class XmlCDataSection extends XmlCharacterData {
  readonly NodeType = 'CDATA';
  readonly Name = '#cdata-section';
  readonly psTypeName = 'System.Xml.XmlCDataSection';

  get OuterXml(): string {
    return `<![CDATA[${this._data}]]>`;
  }
}

export class XmlComment extends XmlCharacterData {
  readonly NodeType = 'Comment';
  readonly Name = '#comment';
  readonly psTypeName = 'System.Xml.XmlComment';

  get OuterXml(): string {
    return `<!--${this._data}-->`;
  }
}

/** `<?target data?>`; the `<?xml …?>` declaration is the one with the target `xml`. */
export class XmlProcessingInstruction extends XmlNode {
  readonly NodeType: XmlNodeType;
  readonly psTypeName: string;
  readonly Name: string;
  readonly _data: string;

  constructor(target: string, data: string) {
    super();
    this.Name = target;
    this._data = data;
    const declaration = target === 'xml';
    this.NodeType = declaration ? 'XmlDeclaration' : 'ProcessingInstruction';
    this.psTypeName = declaration ? 'System.Xml.XmlDeclaration' : 'System.Xml.XmlProcessingInstruction';
  }

  override get Value(): string {
    return this._data;
  }

  override get InnerText(): string {
    return this._data;
  }

  get OuterXml(): string {
    return `<?${this.Name} ${this._data}?>`;
  }
}

const BASES: Record<XmlNodeType, string[]> = {
  Document: [],
  Attribute: [],
  Element: ['XmlLinkedNode'],
  Text: ['XmlCharacterData', 'XmlLinkedNode'],
  CDATA: ['XmlCharacterData', 'XmlLinkedNode'],
  Comment: ['XmlCharacterData', 'XmlLinkedNode'],
  XmlDeclaration: ['XmlLinkedNode'],
  ProcessingInstruction: ['XmlLinkedNode'],
};

/** Every System.Xml type a node is an instance of, most specific first (for `-is`). */
export function xmlTypeChain(node: XmlNode): string[] {
  return [node.psTypeName, ...BASES[node.NodeType].map((b) => 'System.Xml.' + b), 'System.Xml.XmlNode'];
}
