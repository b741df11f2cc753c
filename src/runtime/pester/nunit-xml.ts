// `-OutputFile` in NUnit 2.5 XML, the layout Pester 5 writes (TestResults.NUnit25.ps1) and CI
// systems read: <test-results> with the counts, a test-suite per file and per block, a test-case
// per test with its result and, for a failure, the message and the position.
import { hostname, platform, release, userInfo } from 'node:os';
import { isTest, testsOf, type TestBlock, type TestCase } from './test-tree.ts';
import type { RunOutcome } from './test-runner.ts';
import { formatErrors } from './failure-lines.ts';

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/[\x00-\x08\x0b\x0c\x0e-\x1f]/g, '');
}

function seconds(ms: number): string {
  return String(Math.round(ms * 10) / 10000);
}

function groupResult(tests: TestCase[]): { result: string; success: string } {
  if (tests.some((t) => t.result === 'Failed')) return { result: 'Failure', success: 'False' };
  if (tests.some((t) => t.result === 'Skipped')) return { result: 'Ignored', success: 'True' };
  if (tests.some((t) => t.result === 'Inconclusive')) return { result: 'Inconclusive', success: 'True' };
  return { result: 'Success', success: 'True' };
}

function suite(name: string, description: string, tests: TestCase[], ms: number, inner: string[], indent: string): string[] {
  const g = groupResult(tests.filter((t) => t.shouldRun));
  return [
    `${indent}<test-suite type="TestFixture" name="${esc(name)}" executed="True" result="${g.result}" success="${g.success}" time="${seconds(ms)}" asserts="0" description="${esc(description)}">`,
    `${indent}  <results>`,
    ...inner,
    `${indent}  </results>`,
    `${indent}</test-suite>`,
  ];
}

function testCase(t: TestCase, indent: string, errorsOf: (t: TestCase) => Parameters<typeof formatErrors>[0]): string[] {
  const head = `${indent}<test-case description="${esc(t.expandedName)}" name="${esc(t.expandedPath)}" time="${seconds(t.durationMs)}" asserts="0" success="${t.result === 'Passed' ? 'True' : 'False'}"`;
  if (t.result === 'Passed') return [`${head} result="Success" executed="True" />`];
  if (t.result === 'Skipped') return [`${head} result="Ignored" executed="False" />`];
  if (t.result === 'Inconclusive') return [`${head} result="Inconclusive" executed="True" />`];
  const lines = formatErrors(errorsOf(t), '');
  const trace = lines.filter((l) => l.startsWith('at '));
  const message = lines.filter((l) => !l.startsWith('at '));
  return [
    `${head} result="Failure" executed="True">`,
    `${indent}  <failure>`,
    `${indent}    <message>${esc(message.join('\n'))}</message>`,
    `${indent}    <stack-trace>${esc(trace.join('\n'))}</stack-trace>`,
    `${indent}  </failure>`,
    `${indent}</test-case>`,
  ];
}

function blockSuite(b: TestBlock, path: string, indent: string, errorsOf: (t: TestCase) => Parameters<typeof formatErrors>[0]): string[] {
  const inner: string[] = [];
  for (const item of b.items) {
    if (isTest(item)) {
      if (item.shouldRun) inner.push(...testCase(item, indent + '    ', errorsOf));
    } else if (testsOf(item).some((t) => t.shouldRun)) {
      const p = path && b.kind !== 'Root' ? `${path}.${item.expandedName}` : item.expandedName;
      inner.push(...blockSuite(item, p, indent + '    ', errorsOf));
    }
  }
  const name = b.kind === 'Root' ? b.file : path;
  return suite(name, b.kind === 'Root' ? b.file : b.expandedName, testsOf(b), b.durationMs, inner, indent);
}

export function nunitXml(outcome: RunOutcome, errorsOf: (t: TestCase) => Parameters<typeof formatErrors>[0], cwd: string): string {
  const t = outcome.totals;
  const at = outcome.startedAt;
  const pad = (n: number) => String(n).padStart(2, '0');
  const date = `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
  const time = `${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`;
  let user = '';
  try {
    user = userInfo().username;
  } catch {
    // No user name to report (a container without a passwd entry).
  }
  const containers = outcome.containers.filter((c) => !c.failed);
  return [
    '<?xml version="1.0" encoding="utf-8" standalone="no"?>',
    `<test-results xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="nunit_schema_2.5.xsd" name="Pester" total="${t.tests.length - t.notRun}" errors="0" failures="${t.failed}" not-run="${t.notRun}" inconclusive="${t.inconclusive}" ignored="0" skipped="${t.skipped}" invalid="0" date="${date}" time="${time}">`,
    `  <environment platform="${esc(platform())}" os-version="${esc(release())}" machine-name="${esc(hostname())}" user="${esc(user)}" user-domain="" cwd="${esc(cwd)}" nunit-version="2.5.8.0" clr-version="Node ${esc(process.versions.node)}" />`,
    '  <culture-info current-culture="en-US" current-uiculture="en-US" />',
    ...suite('Pester', 'Pester', t.tests, outcome.durationMs, containers.flatMap((c) => blockSuite(c.root, '', '      ', errorsOf)), '  '),
    '</test-results>',
    '',
  ].join('\n');
}
