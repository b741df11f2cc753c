// Set-JobNotification: the webhook a job's sessions are posted to when they end (as JSON, the shape
// `GET /api/v1/sessions/{id}` returns), for every session or with -OnFailureOnly only the Failed
// ones; -Disable removes it. Kept in the catalog with the job, so a session the service runs is
// posted as well as one a shell runs; Get-Job shows it as Notification. The engine delivers it
// (src/engine/jobs/job-notifications.ts).
import type { CmdletDef } from '../runtime/cmdlet.ts';
import { EngineError } from '../engine/engine-error.ts';
import { domainCmdlet, given } from './domain-cmdlet.ts';
import { jobObject } from './job.ts';

export const setJobNotificationCmdlet: CmdletDef = domainCmdlet({
  name: 'Set-JobNotification',
  parameters: [
    { name: 'Job', type: 'string', mandatory: true, position: 0, valueFromPipelineByPropertyName: true, aliases: ['Name'], completion: 'job', help: 'The job whose sessions are posted.' },
    { name: 'Webhook', type: 'string', mandatory: true, parameterSets: ['Webhook'], help: 'The http:// or https:// URL each ended session is POSTed to as JSON.' },
    { name: 'OnFailureOnly', type: 'switch', parameterSets: ['Webhook'], help: 'Post only sessions whose Result is Failed (not Warning or Success).' },
    { name: 'Disable', type: 'switch', mandatory: true, parameterSets: ['Disable'], help: "Remove the job's notification." },
    { name: 'PassThru', type: 'switch', help: 'Return the job.' },
  ],
  defaultParameterSet: 'Webhook',
  supportsShouldProcess: true,
  help: {
    synopsis: "Posts a job's sessions to a webhook when they end (every one, or only failed ones).",
    description:
      'When a session of the job ends — run from a shell or by vbrs service — the engine POSTs it as JSON (`Content-Type: application/json`, the same object `GET /api/v1/sessions/{id}` returns) to the webhook. Each attempt waits at most 10 s and a failed one is retried once after 1 s; the outcome is a line in the session log (Info when posted, Warning when it could not be), and the session\'s Result never changes. Get-Job shows the setting as Notification.',
    examples: [
      { code: "Set-JobNotification -Job Nightly -Webhook 'https://chat.example.com/hooks/backup' -OnFailureOnly", needs: 'engine' },
      { code: 'Set-JobNotification -Job Nightly -Disable', needs: 'engine' },
      { code: "(Get-Job Nightly).Notification", needs: 'engine' },
    ],
  },
  outputType: 'Vbrs.Job',
  async process(p, ctx, engine) {
    const job = engine.jobs.get(String(p.Job));
    if (given(p, 'Disable')) {
      if (!engine.jobs.notifications.get(job.Name)) throw new EngineError('VBRS_UNKNOWN_OBJECT', `Job '${job.Name}' has no notification.`, { kind: 'Job', name: job.Name });
      if (!(await ctx.shouldProcess(job.Name, 'Remove the job notification'))) return;
      engine.jobs.notifications.remove(job.Name);
    } else {
      if (!(await ctx.shouldProcess(job.Name, `Post its sessions to ${String(p.Webhook)}`))) return;
      engine.jobs.notifications.set(job.Name, { Webhook: String(p.Webhook), OnFailureOnly: p.OnFailureOnly === true });
    }
    if (p.PassThru) await ctx.emit(jobObject(engine.jobs.get(job.Name), engine.home));
  },
});
