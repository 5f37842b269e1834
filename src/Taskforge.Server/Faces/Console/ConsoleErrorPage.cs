using System.Net;
using Microsoft.AspNetCore.WebUtilities;

namespace Taskforge.Server.Faces.Console;

/// <summary>
/// Errors on the console's paths as a page a person can read, with a way back, instead of problem details. Pages show
/// the engine's refusals beside the form that caused them; this is for what no page handles (a wrong address, a
/// failure).
/// </summary>
public static class ConsoleErrorPage
{
    public static Task WriteAsync(HttpContext context, int status, string message)
    {
        var assets = context.RequestServices.GetRequiredService<ConsoleAssets>();
        var title = WebUtility.HtmlEncode(status == 404 ? "Page not found" : ReasonPhrases.GetReasonPhrase(status));
        var text = WebUtility.HtmlEncode(message);
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync($"""
            <!doctype html>
            <html lang="en">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{title} · Taskforge</title>
            <link rel="icon" type="image/svg+xml" href="{assets.Url("favicon.svg")}">
            <link rel="stylesheet" href="{assets.Url("console.css")}"></head>
            <body>
            <header class="topbar"><a class="brand" href="/"><img src="{assets.Url("favicon.svg")}" alt="" width="24" height="24"><span>Taskforge</span></a></header>
            <main id="main" class="container"><div class="empty">
            <h1>{title}</h1>
            <p>{text}</p>
            <p><a class="btn btn-primary" href="/inbox">Go to your inbox</a></p>
            </div></main>
            </body>
            </html>
            """, context.RequestAborted);
    }
}
