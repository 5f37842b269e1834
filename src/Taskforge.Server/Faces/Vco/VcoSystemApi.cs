using System.Reflection;
using System.Text.Json.Serialization;
using Taskforge.Engine.Identity;
using Taskforge.Server.Http;

namespace Taskforge.Server.Faces.Vco;

/// <summary>The side endpoints vRO clients call when they connect (vro.md §2.4).</summary>
public static class VcoSystemApi
{
    /// <summary>
    /// Reported as the vRO version: 8.x, because Build Tools and vRDT choose GET syslogs (not the pre-7.6 POST)
    /// and the vRO 8 login flow by it.
    /// </summary>
    public const string VcoVersion = "8.12.0";

    public static RouteGroupBuilder MapVcoSystem(this RouteGroupBuilder vco, VcoServices services)
    {
        services.Add("/about/", "Version and build of the server");
        services.Add("/users/", "The authenticated user and their groups");
        services.Add("/server/permissions/", "Server-level permissions");

        vco.MapGet("/", (HttpContext context, Hrefs hrefs, VcoServices all) => Results.Json(
            new ServiceList([.. all.All.Select(s => new ServiceEntry(hrefs.To(context, FaceRoots.VcoRoot + s.Path), s.Description))]),
            WireJson.Options))
            .AllowAnonymous();

        vco.MapGet("/about", () => Results.Json(new About(
            VcoVersion,
            BuildNumber(),
            "2026-11-01T00:00:00Z",
            VcoVersion,
            "Taskforge",
            []), WireJson.Options));

        vco.MapGet("/server/permissions", (HttpContext context, Hrefs hrefs) =>
        {
            var caller = context.Caller();
            var rights = caller.IsAdministrator ? "rxica" : caller.CanReadEverything ? "ri" : "r";
            var href = hrefs.To(context, FaceRoots.VcoRoot + "/server/permissions/");
            return Results.Json(new PermissionList([new PermissionEntry(new Permission(caller.UserName, rights, href))]), WireJson.Options);
        });

        vco.MapGet("/users", (HttpContext context) =>
        {
            var caller = context.Caller();
            return Results.Json(new VcoUser(
                caller.IsAdministrator,
                caller.UserName,
                "",
                [.. caller.Groups.Select(g => new VcoUserGroup(g))],
                [.. SystemRoleNames.ToNames(caller.Roles)]), WireJson.Options);
        });

        return vco;
    }

    private static string BuildNumber() =>
        typeof(VcoSystemApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0";

    private sealed record ServiceList(IReadOnlyList<ServiceEntry> Service);

    private sealed record ServiceEntry(string Href, string Description);

    private sealed record About(
        string Version,
        [property: JsonPropertyName("build-number")] string BuildNumber,
        [property: JsonPropertyName("build-date")] string BuildDate,
        [property: JsonPropertyName("api-version")] string ApiVersion,
        [property: JsonPropertyName("product-name")] string ProductName,
        IReadOnlyList<string> Feature);

    private sealed record PermissionList(IReadOnlyList<PermissionEntry> Permissions);

    private sealed record PermissionEntry(Permission Permission);

    private sealed record Permission(string Principal, string Rights, string Href);

    private sealed record VcoUser(
        [property: JsonPropertyName("admin-rights")] bool AdminRights,
        [property: JsonPropertyName("solution-user")] string SolutionUser,
        [property: JsonPropertyName("solution-user-domain")] string SolutionUserDomain,
        [property: JsonPropertyName("user-group")] IReadOnlyList<VcoUserGroup> UserGroup,
        IReadOnlyList<string> Roles);

    private sealed record VcoUserGroup(string Name);
}
