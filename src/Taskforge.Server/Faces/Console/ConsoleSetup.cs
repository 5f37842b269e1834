using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Taskforge.Server.Faces.Console.Runs;
using Taskforge.Server.Faces.Console.Sessions;
using Taskforge.Server.Http;

namespace Taskforge.Server.Faces.Console;

/// <summary>
/// The web console: Razor Pages rendered on the server (no build chain, no per-node state), a few kilobytes of script,
/// sessions and the Data Protection key ring in the shared database.
/// </summary>
public static class ConsoleSetup
{
    public static IServiceCollection AddConsole(this IServiceCollection services)
    {
        services.AddRazorPages(o =>
        {
            o.Conventions.ConfigureFilter(new UnhandledPostFilter());
            o.RootDirectory = "/Faces/Console/Pages";
            o.Conventions.AllowAnonymousToPage("/SignIn");
            // The forms that add a person or a group; a literal segment wins over /people/{name}.
            o.Conventions.AddPageRoute("/People/Person", "/people/new");
            o.Conventions.AddPageRoute("/People/Group", "/groups/new");
            o.Conventions.AddPageRoute("/Schedules/Edit", "/schedules/new");
        });
        services.AddDataProtection().SetApplicationName("Taskforge");
        services.AddSingleton<DatabaseXmlRepository>();
        services.AddOptions<KeyManagementOptions>().Configure<DatabaseXmlRepository>((o, repository) => o.XmlRepository = repository);
        services.AddSingleton<KeyRingBootstrap>();
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "taskforge_antiforgery";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        services.AddSingleton<ConsoleAssets>();
        return services;
    }

    public static IEndpointRouteBuilder MapConsole(this IEndpointRouteBuilder app)
    {
        var assets = app.ServiceProvider.GetRequiredService<ConsoleAssets>();
        app.MapGet(ConsoleAssets.Route, (HttpContext context, string name) => assets.Serve(context, name)).AllowAnonymous();
        app.MapRazorPages();
        app.MapLiveEvents();
        app.MapRunLog();
        return app;
    }

    /// <summary>
    /// Defence in depth for every console response: scripts and styles only from the console itself (no inline script
    /// can run even if escaping failed somewhere), no framing, no sniffing, no referrer leaving the site.
    /// </summary>
    public static IApplicationBuilder UseConsoleHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (FaceRoots.Of(context.Request.Path) == Face.Console)
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy =
                "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
                + "form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
        }

        return next(context);
    });
}
