// Invoke-WebRequest (iwr): sends a web request and writes PowerShell 7's response object:
// StatusCode, StatusDescription, Content (a string for text, bytes otherwise), RawContent (status
// line, headers and body as text), Headers (name → string[]), RawContentLength. PowerShell's HTML
// parsing (Links, Images, InputFields) is left out: no HTML parser ships with Node.
import type { CmdletDef } from '../cmdlet.ts';
import { PSObject } from '../values/ps-object.ts';
import { bodyText, headersTable, isTextContent, webRequestInstance, webRequestParameters, type WebResponse } from './web-request.ts';

function responseObject(r: WebResponse): PSObject {
  const text = isTextContent(r.contentType);
  const content = text ? bodyText(r) : [...r.body];
  const head = [`HTTP/1.1 ${r.status} ${r.statusText}`, ...r.headers.map(([k, v]) => `${k}: ${v.join(', ')}`)].join('\r\n');
  const o = PSObject.from([
    ['StatusCode', r.status],
    ['StatusDescription', r.statusText],
    ['Content', content],
    ['RawContent', `${head}\r\n\r\n${text ? content : ''}`],
    ['Headers', headersTable(r)],
    ['RawContentLength', r.body.length],
  ]);
  o.typeNames = [text ? 'Microsoft.PowerShell.Commands.BasicHtmlWebResponseObject' : 'Microsoft.PowerShell.Commands.WebResponseObject', 'Microsoft.PowerShell.Commands.WebResponseObject', 'System.Object'];
  return o;
}

export const invokeWebRequestCmdlet: CmdletDef = {
  name: 'Invoke-WebRequest',
  aliases: ['iwr'],
  parameters: webRequestParameters,
  help: {
    synopsis: 'Sends an HTTP request and returns the response (StatusCode, Content, Headers …).',
    description:
      'HTTP errors are terminating errors as in Invoke-RestMethod; with -SkipHttpErrorCheck the response object is returned whatever its status.',
    examples: [
      { code: "(Invoke-WebRequest http://127.0.0.1:9419/api/v1/openapi.json).StatusCode", remarks: '200 while `vbrs service` runs.', needs: 'engine' },
      { code: "Invoke-WebRequest https://example.com/report.csv -OutFile ./report.csv", needs: 'engine' },
      { code: "Invoke-WebRequest https://example.com/upload -Method Post -Form @{ note = 'nightly'; report = Get-Item ./report.csv }", remarks: 'Uploads a file as multipart/form-data.', needs: 'engine' },
    ],
  },
  create(params, ctx) {
    return webRequestInstance(params, ctx, 'InvokeWebRequestCommand', (r) => Promise.resolve(ctx.emit(responseObject(r))));
  },
};
