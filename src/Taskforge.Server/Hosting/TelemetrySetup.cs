using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Taskforge.Engine.Telemetry;
using Taskforge.Storage.Telemetry;

namespace Taskforge.Server.Hosting;

/// <summary>
/// OpenTelemetry for the server: the engine's and the store's meters, ASP.NET Core's and the .NET runtime's, exported on
/// <c>/metrics</c> (Prometheus) and, when an OTLP endpoint is configured, pushed there too; spans (requests, timer batches,
/// fires, run steps, task actions) only when <c>Taskforge:Telemetry:Tracing:Enabled</c> is true, exported by OTLP.
/// </summary>
/// <remarks>
/// The OTLP endpoint is <c>Taskforge:Telemetry:Otlp:Endpoint</c> (with <c>:Protocol</c> <c>grpc</c>, the default, or
/// <c>http/protobuf</c>), or else OpenTelemetry's own <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (and its other
/// <c>OTEL_EXPORTER_OTLP_*</c> variables), which the exporter reads itself. Neither set: no OTLP exporter at all.
/// </remarks>
public static class TelemetrySetup
{
    public const string Section = "Taskforge:Telemetry";

    public static void AddTaskforgeTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        services.Configure<TelemetryOptions>(section);
        var endpoint = section["Otlp:Endpoint"];
        var otlp = !string.IsNullOrWhiteSpace(endpoint) || !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var protocol = ReadProtocol(section["Otlp:Protocol"]);
        void Otlp(OtlpExporterOptions o)
        {
            if (!string.IsNullOrWhiteSpace(endpoint))
            {
                o.Endpoint = new Uri(endpoint);
                o.Protocol = protocol;
            }
        }

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("taskforge", serviceVersion: Faces.Native.SystemApi.Version()))
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddMeter(EngineMetrics.MeterName, StoreMetrics.MeterName)
                    .AddPrometheusExporter();
                if (otlp)
                {
                    metrics.AddOtlpExporter(Otlp);
                }
            });
        if (section.GetValue("Tracing:Enabled", false))
        {
            telemetry.WithTracing(tracing =>
            {
                // Scrapes and probes would be most of the spans and tell nothing.
                tracing.AddAspNetCoreInstrumentation(o => o.Filter = context =>
                        !context.Request.Path.StartsWithSegments("/metrics") && !context.Request.Path.StartsWithSegments("/health"))
                    .AddSource(EngineTracing.SourceName);
                if (otlp)
                {
                    tracing.AddOtlpExporter(Otlp);
                }
            });
        }
    }

    private static OtlpExportProtocol ReadProtocol(string? text) => text?.Trim().ToUpperInvariant() switch
    {
        null or "" or "GRPC" => OtlpExportProtocol.Grpc,
        "HTTP/PROTOBUF" or "HTTP" => OtlpExportProtocol.HttpProtobuf,
        _ => throw new InvalidOperationException($"{Section}:Otlp:Protocol must be 'grpc' or 'http/protobuf', not '{text}'."),
    };
}
