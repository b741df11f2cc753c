// The indented text `$doc.Save(path)` writes (XmlDocument.Save with PreserveWhitespace off): one node
// per line, two spaces per level, an element whose content holds text on one line (mixed content is
// not re-indented), an empty element as `<b />`; lines end with "\n" (Environment.NewLine here).

import { XmlCDataSection, XmlElement, XmlNode, XmlText } from './xml-node.ts';

/** Whether an element is written on one line: empty, or holding text (mixed content). */
function oneLine(node: XmlElement): boolean {
  return node._children.length === 0 || node._children.some((c) => c instanceof XmlText || c instanceof XmlCDataSection);
}

/** The lines of `nodes` at `depth`, with a stack (a deep document writes as well as a flat one). */
function lines(nodes: readonly XmlNode[], out: string[]): void {
  const stack: [XmlNode | string, number][] = nodes.map((n) => [n, 0] as [XmlNode, number]).reverse();
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    const pad = '  '.repeat(depth);
    if (typeof node === 'string') out.push(pad + node);
    else if (!(node instanceof XmlElement) || oneLine(node)) out.push(pad + node.OuterXml);
    else {
      out.push(pad + node._openTag());
      stack.push([`</${node.Name}>`, depth]);
      for (let i = node._children.length - 1; i >= 0; i--) stack.push([node._children[i]!, depth + 1]);
    }
  }
}

/** A document (or any node) as XmlDocument.Save writes it. */
export function indentedXml(node: XmlNode): string {
  const out: string[] = [];
  lines(node.NodeType === 'Document' ? node._children : [node], out);
  return out.join('\n');
}
