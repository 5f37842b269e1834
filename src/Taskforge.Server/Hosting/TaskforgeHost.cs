using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Taskforge.Engine;
using Taskforge.Engine.Identity;
using Taskforge.Server.Faces.Console;
using Taskforge.Server.Faces.Console.Sessions;
using Taskforge.Server.Faces.Htm;
using Taskforge.Server.Faces.Native;
using Taskforge.Server.Faces.Vco;
using Taskforge.Server.Http;
using Taskforge.Storage;

namespace Taskforge.Server.Hosting;

/// <summary>Builds the server: services, then the pipeline and every face's routes. Used by Program and by the tests.</summary>
public static class TaskforgeHost
{
    public const string MonitoringPolicy = "monitoring";

    /// <param name="configure">Services added or replaced after the server's own (tests: an in-memory exporter).</param>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? configure = null)
    {
        // Settings ship beside the binary; the working directory only anchors relative paths such as ./data.
        // The application name is the server's own assembly even when a test process hosts it, so that the console's
        // compiled Razor pages are found.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
            ApplicationName = typeof(TaskforgeHost).Assembly.GetName().Name,
        });
        ConfigureServices(builder);
        configure?.Invoke(builder.Services);
        var app = builder.Build();
        ConfigurePipeline(app);
        return app;
    }

    private static void ConfigureServices(WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var services = builder.Services;

        if (string.Equals(configuration["Taskforge:LogFormat"], "json", StringComparison.OrdinalIgnoreCase))
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole(o => o.IncludeScopes = true);
        }

        var storage = configuration.GetSection("Taskforge:Storage").Get<StorageOptions>() ?? new StorageOptions();
        // Hosted services start in the order they are added: migrations and the administrator come first, so no loop runs
        // against tables not made yet, and a start that fails (a bad TASKFORGE_ADMIN_PASSWORD) leaves no loop running at all.
        services.AddHostedService<StartupTasks>();
        services.AddTaskforgeEngine();
        services.Configure<IdentityOptions>(configuration.GetSection("Taskforge:Identity"));
        AddDirectory(services, configuration.GetSection(Ldap.LdapOptions.SectionName));
        // Taskforge:Runs:NodeId named the node before the node had a section of its own; it still does when Taskforge:Node:Id is not set.
        services.Configure<Engine.NodeOptions>(o => o.Id = configuration["Taskforge:Node:Id"] ?? configuration["Taskforge:Runs:NodeId"] ?? o.Id);
        services.Configure<Engine.Workflows.Runs.RunOptions>(configuration.GetSection("Taskforge:Runs"));
        services.Configure<Engine.Schedules.ScheduleOptions>(configuration.GetSection("Taskforge:Schedules"));
        services.Configure<Engine.Timers.TimerOptions>(configuration.GetSection("Taskforge:Timers"));
        services.Configure<Engine.HumanTasks.HumanTaskOptions>(configuration.GetSection("Taskforge:HumanTasks"));
        services.Configure<Engine.Workflows.Runs.HttpStepOptions>(configuration.GetSection("Taskforge:HttpSteps"));
        services.AddSingleton<Engine.Workflows.Runs.IHttpStepClient, HttpStepClient>();
        services.AddSingleton(configuration.GetSection(Engine.Workflows.Scripting.ScriptLimits.SectionName).Get<Engine.Workflows.Scripting.ScriptLimits>()
            ?? new Engine.Workflows.Scripting.ScriptLimits());
        services.AddTaskforgeStorage(storage);
        services.AddSingleton<SampleLoader>();

        var http = configuration.GetSection("Taskforge:Http").Get<HttpOptions>() ?? new HttpOptions();
        services.Configure<HttpOptions>(configuration.GetSection("Taskforge:Http"));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = http.MaxRequestBodyBytes;
        });
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(configuration.GetValue("Taskforge:ShutdownTimeoutSeconds", 30)));
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull);
        if (http.TrustForwardedHeaders)
        {
            services.Configure<ForwardedHeadersOptions>(o =>
            {
                o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
                o.KnownIPNetworks.Clear();
                o.KnownProxies.Clear();
            });
        }

        services.AddProblemDetails();
        services.AddExceptionHandler<FaceExceptionHandler>();
        services.AddSingleton<ErrorWriter>();
        services.AddSingleton<Hrefs>();
        services.AddSingleton<VcoBody>();
        services.AddSingleton<HtmBusinessData>();
        services.AddSingleton<VcoServices>();

        services.AddAuthentication(ConsoleAuthentication.ByFaceScheme)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, TaskforgeAuthenticationHandler>(TaskforgeAuthenticationHandler.SchemeName, null)
            .AddConsoleSessions();
        services.AddConsole();
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(MonitoringPolicy, p => p.RequireRole(SystemRoleNames.Administrator, SystemRoleNames.Monitor));

        services.AddHealthChecks().AddCheck<StoreReadyCheck>("store", tags: ["ready"]);
        services.AddTaskforgeOpenApi();
        services.AddTaskforgeTelemetry(configuration);
    }

    /// <summary>Directory sign-in when <c>Taskforge:Identity:Ldap:Servers</c> names a server; settings that cannot work stop the start.</summary>
    private static void AddDirectory(IServiceCollection services, IConfigurationSection section)
    {
        var ldap = section.Get<Ldap.LdapOptions>() ?? new Ldap.LdapOptions();
        if (!ldap.Enabled)
        {
            return;
        }

        if (ldap.Problems() is { Count: > 0 } problems)
        {
            throw new InvalidOperationException($"{Ldap.LdapOptions.SectionName} cannot be used: {string.Join(" ", problems)}");
        }

        services.Configure<Ldap.LdapOptions>(section);
        services.AddSingleton<IDirectory, Ldap.LdapDirectory>();
    }

    private static void ConfigurePipeline(WebApplication app)
    {
        var http = app.Configuration.GetSection("Taskforge:Http").Get<HttpOptions>() ?? new HttpOptions();
        if (http.TrustForwardedHeaders)
        {
            app.UseForwardedHeaders();
        }

        app.UseExceptionHandler();
        app.UseStatusCodePages(context =>
        {
            var status = context.HttpContext.Response.StatusCode;
            var message = status == 404
                ? $"No resource at {context.HttpContext.Request.Path}."
                : ReasonPhrases.GetReasonPhrase(status);
            return context.HttpContext.RequestServices.GetRequiredService<ErrorWriter>().WriteAsync(context.HttpContext, new ApiError(status, message));
        });

        // The browsable page of the OpenAPI document: static files, anonymous like the document itself.
        app.UseSwaggerUI(o =>
        {
            o.RoutePrefix = "api/docs";
            o.SwaggerEndpoint("/openapi/v1.json", "Taskforge native API v1");
            o.SwaggerEndpoint("/openapi/vco.json", "vRO dialect (/vco/api)");
            o.SwaggerEndpoint("/openapi/htm.json", "IBM BPM HTM dialect (/rest/bpm/htm/v1)");
            o.DocumentTitle = "Taskforge API";
        });

        app.UseConsoleHeaders();
        app.UseMiddleware<HtmRequestRewriter>();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<ContentNegotiationMiddleware>();

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteHealthAsync }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = WriteHealthAsync }).AllowAnonymous();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapPrometheusScrapingEndpoint("/metrics").RequireAuthorization(MonitoringPolicy);

        var native = app.MapGroup(FaceRoots.NativeRoot).WithWireFormat(WireFormat.JsonOnly);
        native.MapUsers().MapGroups().MapSystem().MapWorkflows().MapSchedules().MapTaskTemplates().MapRuns().MapOverview();

        var vco = app.MapGroup(FaceRoots.VcoRoot).WithWireFormat(WireFormat.JsonOrXmlIn);
        var vcoServices = app.Services.GetRequiredService<VcoServices>();
        vco.MapVcoSystem(vcoServices).MapVcoWorkflows(vcoServices).MapVcoCategories(vcoServices).MapVcoExecutions().MapVcoTasks(vcoServices);
        app.MapVcoLogin();

        // IBM's metadata is JSON only; endpoints that carry business data widen this to XML.
        var htm = app.MapGroup(FaceRoots.HtmRoot).WithWireFormat(WireFormat.JsonOnly);
        htm.MapHtmTasks().MapHtmTaskActions().MapHtmTaskData().MapHtmTaskPeople().MapHtmTransfer().MapHtmBulk().MapHtmTemplates();
        htm.MapHtmEscalations();
        htm.MapHtmQueries();

        app.MapConsole();
    }

    private static Task WriteHealthAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description, data = e.Value.Data }),
        };
        return JsonSerializer.SerializeAsync(context.Response.Body, body, WireJson.Options, context.RequestAborted);
    }
}
