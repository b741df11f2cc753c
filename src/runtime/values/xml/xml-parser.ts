// Reads XML text into an XmlDocument as `[xml]'…'` does (LanguagePrimitives.ConvertToXml: whitespace-
// only text is dropped, comments and processing instructions kept). Elements, attributes, text,
// CDATA, comments, processing instructions, the declaration and the five named and numeric
// character entities; a DOCTYPE is skipped (no DTD entities). Bad text throws XmlParseError with
// the message System.Xml's XmlException gives, ending in "Line L, position P.".

import { XmlAttribute, XmlCDataSection, XmlComment, XmlDocument, XmlElement, XmlNode, XmlProcessingInstruction, XmlText } from './xml-node.ts';

export class XmlParseError extends Error {}

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

const isNameStart = (c: string) => /[A-Za-z_:\u00C0-\uFFFF]/.test(c);
const isNameChar = (c: string) => /[A-Za-z0-9_:.\-\u00B7\u00C0-\uFFFF]/.test(c);
const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r';

function hex(c: string): string {
  return '0x' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0');
}

class XmlReader {
  private readonly text: string;
  private p = 0;

  constructor(text: string) {
    // XML normalises line ends to LF before anything else.
    this.text = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  }

  private fail(message: string, at = this.p): never {
    let line = 1;
    let start = 0;
    for (let i = 0; i < at && i < this.text.length; i++) {
      if (this.text[i] === '\n') {
        line++;
        start = i + 1;
      }
    }
    throw new XmlParseError(`${message} Line ${line}, position ${at - start + 1}.`);
  }

  private lineCol(at: number): string {
    const before = this.text.slice(0, at);
    const line = before.split('\n').length;
    return `line ${line} position ${at - before.lastIndexOf('\n')}`;
  }

  private startsWith(s: string): boolean {
    return this.text.startsWith(s, this.p);
  }

  private skipSpace(): void {
    while (isSpace(this.text[this.p])) this.p++;
  }

  private name(): string {
    const c = this.text[this.p];
    if (c === undefined) this.unexpectedEnd([]);
    if (!isNameStart(c)) this.fail(`Name cannot begin with the '${c}' character, hexadecimal value ${hex(c)}.`);
    const start = this.p;
    while (this.p < this.text.length && isNameChar(this.text[this.p]!)) this.p++;
    return this.text.slice(start, this.p);
  }

  private unexpectedEnd(open: XmlElement[]): never {
    const names = open.map((e) => e.Name).reverse();
    this.fail(names.length ? `Unexpected end of file has occurred. The following elements are not closed: ${names.join(', ')}.` : 'Unexpected end of file has occurred.', this.text.length);
  }

  /** Text up to `stop` with entities decoded; `attribute` also refuses `<` and normalises spaces. */
  private decode(raw: string, at: number, attribute: boolean): string {
    let out = '';
    for (let i = 0; i < raw.length; i++) {
      const c = raw[i]!;
      if (c === '<' && attribute) this.fail(`'<', hexadecimal value 0x3C, is an invalid attribute character.`, at + i);
      if (c !== '&') {
        out += attribute && (c === '\n' || c === '\t') ? ' ' : c;
        continue;
      }
      const end = raw.indexOf(';', i);
      const ref = end < 0 ? '' : raw.slice(i + 1, end);
      const num = /^#(?:x([0-9a-fA-F]+)|(\d+))$/.exec(ref);
      if (num) out += String.fromCodePoint(parseInt(num[1] ?? num[2]!, num[1] ? 16 : 10));
      else if (NAMED[ref] !== undefined) out += NAMED[ref];
      else if (/^[A-Za-z_][\w.-]*$/.test(ref)) this.fail(`Reference to undeclared entity '${ref}'.`, at + i);
      else this.fail(`An error occurred while parsing EntityName.`, at + i + 1);
      i = end;
    }
    return out;
  }

  private until(close: string, open: XmlElement[]): string {
    const end = this.text.indexOf(close, this.p);
    if (end < 0) this.unexpectedEnd(open);
    const s = this.text.slice(this.p, end);
    this.p = end + close.length;
    return s;
  }

  /** A comment, CDATA section, processing instruction or DOCTYPE at `<`; null for anything else. */
  private markup(open: XmlElement[]): XmlNode | 'skip' | null {
    if (this.startsWith('<!--')) {
      this.p += 4;
      return new XmlComment(this.until('-->', open));
    }
    if (this.startsWith('<![CDATA[')) {
      if (open.length === 0) this.fail('Data at the root level is invalid.');
      this.p += 9;
      return new XmlCDataSection(this.until(']]>', open));
    }
    if (this.startsWith('<?')) {
      const at = this.p;
      this.p += 2;
      const target = this.name();
      if (target.toLowerCase() === 'xml' && at !== 0) {
        this.fail('Unexpected XML declaration. The XML declaration must be the first node in the document, and no whitespace characters are allowed to appear before it.', at + 2);
      }
      return new XmlProcessingInstruction(target, this.until('?>', open).trim());
    }
    if (this.startsWith('<!DOCTYPE')) {
      // skipped with its internal subset; DTD entities are not supported
      let depth = 0;
      while (this.p < this.text.length) {
        const c = this.text[this.p++];
        if (c === '[') depth++;
        else if (c === ']') depth--;
        else if (c === '>' && depth <= 0) return 'skip';
      }
      this.unexpectedEnd(open);
    }
    return null;
  }

  /** A start tag with its attributes; `_empty` tells `<b/>` from `<b>` (whose content follows). */
  private startTag(open: XmlElement[]): XmlElement {
    const start = this.p;
    this.p++; // <
    const el = new XmlElement(this.name());
    el._start = start;
    for (;;) {
      const hadSpace = isSpace(this.text[this.p]);
      this.skipSpace();
      const c = this.text[this.p];
      if (c === undefined) this.unexpectedEnd([...open, el]);
      if (c === '/') {
        if (this.text[this.p + 1] !== '>') this.fail(`Unexpected character '${this.text[this.p + 1] ?? ''}'.`, this.p + 1);
        this.p += 2;
        return el;
      }
      if (c === '>') {
        this.p++;
        el._empty = false;
        return el;
      }
      if (!hadSpace) this.fail(`'${c}' is an unexpected token. The expected token is '>' or '/>'.`);
      const at = this.p;
      const name = this.name();
      this.skipSpace();
      if (this.text[this.p] !== '=') this.fail(`'${this.text[this.p] ?? ''}' is an unexpected token. The expected token is '='.`);
      this.p++;
      this.skipSpace();
      const q = this.text[this.p];
      if (q !== '"' && q !== "'") this.fail(`'${q ?? ''}' is an unexpected token. The expected token is '"' or '''.`);
      const valueAt = ++this.p;
      const end = this.text.indexOf(q, this.p);
      if (end < 0) this.unexpectedEnd([...open, el]);
      this.p = end + 1;
      if (el.HasAttribute(name)) this.fail(`'${name}' is a duplicate attribute name.`, at);
      el.addAttribute(new XmlAttribute(name, this.decode(this.text.slice(valueAt, end), valueAt, true)));
    }
  }

  /** An element and all it holds, up to its end tag. The elements still open are a stack, not
   *  recursion, so a deeply nested document parses as System.Xml parses it. */
  private element(): XmlElement {
    const open: XmlElement[] = [];
    const root = this.startTag(open);
    if (root._empty) return root;
    open.push(root);
    while (open.length > 0) {
      const el = open[open.length - 1]!;
      if (this.p >= this.text.length) this.unexpectedEnd(open);
      if (this.startsWith('</')) {
        this.p += 2;
        const at = this.p;
        const name = this.name();
        if (name !== el.Name) this.fail(`The '${el.Name}' start tag on ${this.lineCol(el._start + 1)} does not match the end tag of '${name}'.`, at);
        this.skipSpace();
        if (this.text[this.p] !== '>') this.fail(`'${this.text[this.p] ?? ''}' is an unexpected token. The expected token is '>'.`);
        this.p++;
        open.pop();
        continue;
      }
      if (this.text[this.p] === '<') {
        const m = this.markup(open);
        if (m instanceof XmlNode) el.AppendChild(m);
        else if (m === null) {
          const child = this.startTag(open);
          el.AppendChild(child);
          if (!child._empty) open.push(child);
        }
        continue;
      }
      const at = this.p;
      const next = this.text.indexOf('<', this.p);
      this.p = next < 0 ? this.text.length : next;
      const raw = this.text.slice(at, this.p);
      // whitespace-only text is insignificant (IgnoreWhitespace)
      if (!/^[ \t\n]*$/.test(raw)) el.AppendChild(new XmlText(this.decode(raw, at, false)));
    }
    return root;
  }

  document(): XmlDocument {
    const doc = new XmlDocument();
    let root: XmlElement | null = null;
    for (;;) {
      this.skipSpace();
      if (this.p >= this.text.length) break;
      if (this.text[this.p] !== '<') this.fail('Data at the root level is invalid.');
      const m = this.markup([]);
      if (m instanceof XmlNode) doc.AppendChild(m);
      else if (m === null) {
        if (root) this.fail('There are multiple root elements.', this.p + 1);
        root = this.element();
        doc.AppendChild(root);
      }
    }
    if (!root) throw new XmlParseError('Root element is missing.');
    return doc;
  }
}

/** The document of an XML text; throws XmlParseError with System.Xml's message. */
export function parseXml(text: string): XmlDocument {
  return new XmlReader(text).document();
}
