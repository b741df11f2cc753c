// A Pester 5 compatible test runner: Describe / Context / It with -TestCases, -Skip, -Pending and
// -Tag; BeforeAll / AfterAll / BeforeEach / AfterEach with Pester's scoping; Should and its
// operators with Pester's messages; Invoke-Pester with the screen report, the result object and
// NUnit XML. `vbrs test` (src/cli.ts) runs Invoke-Pester.
import type { CmdletDef } from '../cmdlet.ts';
import { describeCmdlet, contextCmdlet, itCmdlet, beforeAllCmdlet, afterAllCmdlet, beforeEachCmdlet, afterEachCmdlet, beforeDiscoveryCmdlet } from './structure-cmdlets.ts';
import { shouldCmdlet } from './should-cmdlet.ts';
import { invokePesterCmdlet } from './invoke-pester.ts';
import { setItResultCmdlet } from './set-it-result.ts';

export const pesterCmdlets: CmdletDef[] = [
  describeCmdlet,
  contextCmdlet,
  itCmdlet,
  beforeAllCmdlet,
  afterAllCmdlet,
  beforeEachCmdlet,
  afterEachCmdlet,
  beforeDiscoveryCmdlet,
  shouldCmdlet,
  setItResultCmdlet,
  invokePesterCmdlet,
];
