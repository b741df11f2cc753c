// The indented text `$doc.Save(path)` writes (XmlDocument.Save with PreserveWhitespace off): one node
// per line, two spaces per level, an element whose content holds text on one line (mixed content is
// not re-indented), an empty element as `<b />`; lines end with "\n" (Environment.NewLine here).

import { XmlCDataSection, XmlElement, XmlNode, XmlText } from './xml-node.ts';

function lines(node: XmlNode, depth: number, out: string[]): void {
  const pad = '  '.repeat(depth);
  if (!(node instanceof XmlElement)) {
    out.push(pad + node.OuterXml);
    return;
  }
  const kids = node._children;
  if (kids.length === 0 || kids.some((c) => c instanceof XmlText || c instanceof XmlCDataSection)) {
    out.push(pad + node.OuterXml);
    return;
  }
  const open = node.OuterXml.slice(0, node.OuterXml.length - node.InnerXml.length - `</${node.Name}>`.length);
  out.push(pad + open);
  for (const c of kids) lines(c, depth + 1, out);
  out.push(`${pad}</${node.Name}>`);
}

/** A document (or any node) as XmlDocument.Save writes it. */
export function indentedXml(node: XmlNode): string {
  const out: string[] = [];
  const top = node.NodeType === 'Document' ? node._children : [node];
  for (const n of top) lines(n, 0, out);
  return out.join('\n');
}
