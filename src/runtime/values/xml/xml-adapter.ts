// PowerShell's adapted view of an XML node (CoreAdapter.cs XmlNodeAdapter): its attributes and
// child nodes are properties named by their local names (case-insensitive), ahead of the .NET
// members. A property matching one node reads as that node — or as its text when the node is text,
// an attribute, or an element without attributes whose only child is text (`$d.a.b` is 'u' for
// `<b>u</b>`); matching several nodes reads as an array of them.

import { XmlAttribute, XmlElement, XmlNode, XmlText } from './xml-node.ts';
import { PSException } from '../../error-record.ts';

/** The nodes a property name stands for: attributes first, then children (FindNodes). */
function findNodes(node: XmlNode, name: string): XmlNode[] {
  const l = name.toLowerCase();
  const attrs = node.Attributes ?? [];
  return [...attrs, ...node._children].filter((n) => n.LocalName.toLowerCase() === l);
}

/** GetNodeObject: a node as a property value. */
function nodeObject(node: XmlNode): unknown {
  if (node instanceof XmlText) return node.InnerText;
  if ((node.Attributes?.length ?? 0) > 0) return node;
  if (!node.HasChildNodes) return node.InnerText;
  const kids = node._children;
  if (kids.length === 1 && kids[0] instanceof XmlText) return node.InnerText;
  if (node instanceof XmlAttribute) return node.Value;
  return node;
}

/** The adapted property names, in the order PowerShell lists them (attributes, then children). */
export function xmlPropertyNames(node: XmlNode): string[] {
  const names = new Map<string, string>();
  for (const n of [...(node.Attributes ?? []), ...node._children]) {
    const l = n.LocalName.toLowerCase();
    if (!names.has(l)) names.set(l, n.LocalName);
  }
  return [...names.values()];
}

/** `$node.name` through the adapter; undefined when no attribute or child has that name. */
export function xmlProperty(node: XmlNode, name: string): unknown {
  const nodes = findNodes(node, name);
  if (nodes.length === 0) return undefined;
  return nodes.length === 1 ? nodeObject(nodes[0]!) : nodes.map(nodeObject);
}

/** `$node.name = value` through the adapter (PropertySet); false when no node has that name. */
export function setXmlProperty(node: XmlNode, name: string, value: string): boolean {
  const nodes = findNodes(node, name);
  if (nodes.length === 0) return false;
  const only = nodes.length === 1 ? nodes[0]! : undefined;
  const settable = only && (only instanceof XmlText || only instanceof XmlAttribute ||
    (only instanceof XmlElement && only._attributes.length === 0 && (only._children.length === 0 || (only._children.length === 1 && only._children[0] instanceof XmlText))));
  if (!settable) {
    throw new PSException(`Cannot set "${nodes[0]!.LocalName}" because only strings can be used as values to set XmlNode properties.`, 'System.Management.Automation.SetValueException');
  }
  only.InnerText = value;
  return true;
}
