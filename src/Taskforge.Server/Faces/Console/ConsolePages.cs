using System.Net;
using Taskforge.Server.Http;

namespace Taskforge.Server.Faces.Console;

/// <summary>
/// The web console, rendered on the server (no build chain). For now a start page that says where each face lives;
/// the inbox, schedules and runs pages come with their features.
/// </summary>
public static class ConsolePages
{
    public static IEndpointRouteBuilder MapConsole(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", (HttpContext context) =>
        {
            var user = WebUtility.HtmlEncode(context.Caller().UserName);
            var version = WebUtility.HtmlEncode(Native.SystemApi.Version());
            return Results.Content($$"""
                <!doctype html>
                <html lang="en">
                <head><meta charset="utf-8"><title>Taskforge</title>
                <style>body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;line-height:1.5}code{background:#f3f3f3;padding:0 .2rem}</style>
                </head>
                <body>
                <h1>Taskforge</h1>
                <p>Signed in as <strong>{{user}}</strong>. Version {{version}}.</p>
                <ul>
                  <li>Native API: <a href="/api/docs">/api/docs</a> (OpenAPI at <a href="/openapi/v1.json">/openapi/v1.json</a>)</li>
                  <li>vRealize Orchestrator API: <a href="/vco/api/">/vco/api/</a></li>
                  <li>IBM BPM Human Task Manager API: <code>/rest/bpm/htm/v1</code></li>
                  <li>Health: <a href="/health/ready">/health/ready</a>; metrics: <a href="/metrics">/metrics</a></li>
                </ul>
                </body>
                </html>
                """, "text/html; charset=utf-8");
        })
        .WithWireFormat(new WireFormat([WireFormat.Html], []));
        return app;
    }
}
