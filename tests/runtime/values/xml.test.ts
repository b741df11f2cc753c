// The [xml] parser and XPath subset below the language: positions in multi-line text, line ends,
// entities, what is kept and dropped, serialisation round trips, and document order of results.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseXml, XmlParseError } from '../../../src/runtime/values/xml/xml-parser.ts';
import { selectNodes, XPathError } from '../../../src/runtime/values/xml/xpath.ts';
import { XmlElement } from '../../../src/runtime/values/xml/xml-node.ts';

function parseError(text: string): string {
  try {
    parseXml(text);
  } catch (e) {
    assert.ok(e instanceof XmlParseError, String(e));
    return e.message;
  }
  throw new Error('parsed: ' + text);
}

test('an error names the line and position where System.Xml stops, CRLF counting as one line end', () => {
  assert.is(parseError('<a>\r\n  <b>\r\n  </c>\r\n</a>'), "The 'b' start tag on line 2 position 4 does not match the end tag of 'c'. Line 3, position 5.");
  assert.is(parseError('<a>\n  text &bogus; more\n</a>'), "Reference to undeclared entity 'bogus'. Line 2, position 8.");
  assert.is(parseError('<a>\n<b x="1"\n'), 'Unexpected end of file has occurred. The following elements are not closed: b, a. Line 3, position 1.');
  assert.is(parseError('   \n  '), 'Root element is missing.');
  assert.is(parseError('<a/>trailing'), 'Data at the root level is invalid. Line 1, position 5.');
});

test('whitespace-only text is dropped, other text kept as written; entities and CDATA decode', () => {
  const d = parseXml('<a>\n  <b> x </b>\n  <c>&#x41;&#66;&lt;&amp;</c><d><![CDATA[<raw> & ]]></d>\n</a>');
  const a = d.DocumentElement!;
  assert.is(a.ChildNodes.length, 3);
  assert.is(a.ChildNodes[0]!.InnerText, ' x ');
  assert.is(a.ChildNodes[1]!.InnerText, 'AB<&');
  assert.is(a.ChildNodes[2]!.InnerText, '<raw> & ');
  assert.is(a.OuterXml, '<a><b> x </b><c>AB&lt;&amp;</c><d><![CDATA[<raw> & ]]></d></a>');
});

test('attributes: both quotes, entities, newlines as spaces, order kept; serialised with double quotes', () => {
  const e = parseXml(`<e one='1 "q"' two="a\nb &amp; &apos;c&apos;"/>`).DocumentElement as XmlElement;
  assert.equal(e.Attributes.map((a) => [a.Name, a.Value]), [['one', '1 "q"'], ['two', "a b & 'c'"]]);
  assert.is(e.OuterXml, `<e one="1 &quot;q&quot;" two="a b &amp; 'c'" />`);
});

test('the declaration, comments and processing instructions are nodes of the document', () => {
  const d = parseXml('<?xml version="1.0"?><!--c--><?pi data?><r/>');
  assert.equal(d.ChildNodes.map((n) => n.NodeType), ['XmlDeclaration', 'Comment', 'ProcessingInstruction', 'Element']);
  assert.is(d.OuterXml, '<?xml version="1.0"?><!--c--><?pi data?><r />');
});

test('XPath: results in document order without repeats, whatever order the union names them in', () => {
  const d = parseXml('<r><a id="1"><a id="2"/></a><b id="3"/></r>');
  const ids = (xpath: string) => selectNodes(d.DocumentElement!, xpath).map((n) => (n as unknown as XmlElement).GetAttribute('id'));
  assert.equal(ids('//b | //a | //a'), ['1', '2', '3']);
  assert.equal(ids('//a[1]'), ['1', '2']);
  assert.equal(ids('(//a)[2]'), ['2']);
  assert.equal(ids('//a/ancestor::a'), ['1']);
  assert.equal(ids('//*[@id>1]'), ['2', '3']);
  assert.throws(() => selectNodes(d, '//a[@id='), (e: unknown) => e instanceof XPathError && e.message === "'//a[@id=' has an invalid token.");
  assert.throws(() => selectNodes(d, 'foo(1)'), (e: unknown) => e instanceof XPathError);
});

test('a deeply nested document parses, serialises, reads and queries without running out of stack', () => {
  const depth = 50_000;
  const text = '<a>'.repeat(depth) + 'x' + '</a>'.repeat(depth);
  const d = parseXml(text);
  assert.is(d.OuterXml, text);
  assert.is(d.InnerText, 'x');
  assert.is(selectNodes(d, '//a').length, depth);
  assert.is(d.GetElementsByTagName('a').length, depth);
});

test.run();
