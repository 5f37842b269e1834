using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Taskforge.Engine.Identity;
using Taskforge.Server.Http;

namespace Taskforge.Server.Faces.Vco;

/// <summary>
/// The two calls vRO 8 clients (vRDT, the Terraform provider, Build Tools) make to get a bearer token
/// (vro.md §6): user name and password for a refresh token, then the refresh token for an access token.
/// Anonymous by nature; a request without valid credentials is a 401 like any other.
/// </summary>
public static class VcoLoginApi
{
    public static IEndpointRouteBuilder MapVcoLogin(this IEndpointRouteBuilder app)
    {
        app.MapPost("/csp/gateway/am/api/login", async (HttpContext context, VcoBody body, Authenticator authenticator, IdentityService identity, IOptions<IdentityOptions> options) =>
        {
            var json = await body.ReadAsync(context) as JsonObject;
            var userName = Text(json, "username");
            var password = Text(json, "password");
            if (userName is null || password is null)
            {
                return Results.Challenge();
            }

            var result = await authenticator.CheckPasswordAsync(userName, password, context.ClientAddress(), context.RequestAborted);
            if (result.Caller is not { } caller)
            {
                context.Items[TaskforgeAuthenticationHandler.FailureKey] = result;
                return Results.Challenge();
            }

            var refresh = await identity.IssueSessionTokenAsync(caller, TokenKind.Refresh, context.RequestAborted);
            var access = await identity.IssueSessionTokenAsync(caller, TokenKind.Access, context.RequestAborted);
            return Results.Json(new CspLogin(refresh.Secret, access.Secret, "bearer", (long)options.Value.AccessTokenLifetime.TotalSeconds, access.Secret), WireJson.Options);
        })
        .AllowAnonymous()
        .WithWireFormat(WireFormat.JsonOrXmlIn);

        app.MapPost("/iaas/api/login", async (HttpContext context, VcoBody body, Authenticator authenticator, IdentityService identity) =>
        {
            var json = await body.ReadAsync(context) as JsonObject;
            if (Text(json, "refreshToken") is not { } refreshToken)
            {
                return Results.Challenge();
            }

            var result = await authenticator.CheckTokenAsync(refreshToken, context.ClientAddress(), [TokenKind.Refresh], context.RequestAborted);
            if (result.Caller is not { } caller)
            {
                context.Items[TaskforgeAuthenticationHandler.FailureKey] = result;
                return Results.Challenge();
            }

            var access = await identity.IssueSessionTokenAsync(caller, TokenKind.Access, context.RequestAborted);
            return Results.Json(new IaasLogin("Bearer", access.Secret), WireJson.Options);
        })
        .AllowAnonymous()
        .WithWireFormat(WireFormat.JsonOrXmlIn);

        return app;
    }

    private static string? Text(JsonObject? json, string name)
    {
        var property = json?.FirstOrDefault(p => p.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;
        return property is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;
    }

    private sealed record CspLogin(
        [property: JsonPropertyName("refresh_token")] string RefreshToken,
        [property: JsonPropertyName("access_token")] string AccessToken,
        [property: JsonPropertyName("token_type")] string TokenType,
        [property: JsonPropertyName("expires_in")] long ExpiresIn,
        [property: JsonPropertyName("cspAuthToken")] string CspAuthToken);

    private sealed record IaasLogin(string TokenType, string Token);
}
