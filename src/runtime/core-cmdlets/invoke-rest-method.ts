// Invoke-RestMethod (irm): sends a web request and writes the body as objects. As PowerShell's
// InvokeRestMethodCommand: a JSON body (whatever its Content-Type says) becomes what ConvertFrom-Json
// makes of it, except that a top-level array is written as one object, not enumerated (PowerShell's
// long-standing difference from ConvertFrom-Json, PowerShell/PowerShell#15280: `(irm …)` or
// `$r = irm …` enumerate it as usual); any other body stays a string (vbrs has no XmlDocument, so
// XML stays text too); an empty body writes nothing.
import type { CmdletDef } from '../cmdlet.ts';
import { parseJson } from '../cmdlets/json-cmdlets.ts';
import { bodyText, isTextContent, webRequestInstance, webRequestParameters, type WebResponse } from './web-request.ts';

function restResult(r: WebResponse): unknown {
  if (r.body.length === 0) return undefined;
  if (!isTextContent(r.contentType)) return [...r.body];
  const text = bodyText(r);
  try {
    return parseJson(text);
  } catch {
    return text;
  }
}

export const invokeRestMethodCmdlet: CmdletDef = {
  name: 'Invoke-RestMethod',
  aliases: ['irm'],
  parameters: webRequestParameters,
  help: {
    synopsis: 'Sends an HTTP request and returns the response body as objects (JSON) or text.',
    description:
      'HTTP errors (a status outside 2xx) are terminating errors, `Response status code does not indicate success: 404 (Not Found).`, with the response as `$_.Exception.Response` and the body as `$_.ErrorDetails.Message`; -SkipHttpErrorCheck returns them instead. Ctrl-C aborts the request.',
    examples: [
      { code: "$token = Get-Content (Join-Path $env:VBRS_HOME 'service-token')\nInvoke-RestMethod http://127.0.0.1:9419/api/v1/jobs -Authentication Bearer -Token $token -AllowUnencryptedAuthentication", remarks: "Lists the service's jobs (`{ data: [...] }`).", needs: 'engine' },
      { code: "Invoke-RestMethod -Uri https://hooks.example.com/x -Method Post -ContentType 'application/json' -Body (@{ text = 'Nightly failed' } | ConvertTo-Json)", remarks: 'Posts a JSON message to a chat webhook.', needs: 'engine' },
      { code: "$cred = [pscredential]::new('admin', 's3cret')\nirm https://nas.example.com/api/login -Method Post -Authentication Basic -Credential $cred -SessionVariable nas\nirm https://nas.example.com/api/shares -WebSession $nas", remarks: 'Logs in with Basic authentication; the session sends the cookie the login set with the next request.', needs: 'engine' },
    ],
  },
  create(params, ctx) {
    return webRequestInstance(params, ctx, 'InvokeRestMethodCommand', async (r) => {
      const v = restResult(r);
      if (v !== undefined) await ctx.emit(v);
    });
  },
};
