using Taskforge.Engine.Errors;
using Taskforge.Engine.Identity;
using Taskforge.Server.Http;

namespace Taskforge.Server.Faces.Native;

/// <summary><c>/api/v1/users</c>: administrators manage users; everybody reads and changes themselves (<c>/api/v1/me</c>).</summary>
public static class UsersApi
{
    public static RouteGroupBuilder MapUsers(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users").WithTags("Users");

        users.MapGet("/", async (HttpContext context, IdentityService identity, int? offset, int? limit) =>
        {
            var page = await identity.ListUsersAsync(context.Caller(), offset ?? 0, limit ?? 100, context.RequestAborted);
            return TypedResults.Ok(new Page<UserDto>([.. page.Select(u => UserDto.From(u))], offset ?? 0, limit ?? 100));
        });

        users.MapPost("/", async (HttpContext context, IdentityService identity, CreateUserRequest request) =>
        {
            var user = await identity.CreateUserAsync(context.Caller(),
                new NewUser(request.Name ?? "", request.Password, request.DisplayName, request.Email, SystemRoles.None, request.Disabled ?? false, request.Roles),
                context.RequestAborted);
            return TypedResults.Created($"{FaceRoots.NativeRoot}/users/{Uri.EscapeDataString(user.Name)}", UserDto.From(user, []));
        });

        users.MapGet("/{name}", (HttpContext context, IdentityService identity, string name) => GetAsync(context, identity, name));

        users.MapPatch("/{name}", async (HttpContext context, IdentityService identity, string name, UpdateUserRequest request) =>
        {
            var user = await identity.UpdateUserAsync(context.Caller(), name,
                new UserChanges(request.DisplayName, request.Email, null, request.Disabled, request.Password, request.CurrentPassword, request.Roles),
                context.RequestAborted);
            return TypedResults.Ok(UserDto.From(user));
        });

        users.MapDelete("/{name}", async (HttpContext context, IdentityService identity, string name) =>
        {
            await identity.DeleteUserAsync(context.Caller(), name, context.RequestAborted);
            return TypedResults.NoContent();
        });

        users.MapGet("/{name}/tokens", (HttpContext context, IdentityService identity, string name) => ListTokensAsync(context, identity, name));
        users.MapPost("/{name}/tokens", (HttpContext context, IdentityService identity, string name, CreateTokenRequest request) =>
            CreateTokenAsync(context, identity, name, request));
        users.MapDelete("/{name}/tokens/{tokenId}", (HttpContext context, IdentityService identity, string name, string tokenId) =>
            RevokeTokenAsync(context, identity, name, tokenId));

        var me = api.MapGroup("/me").WithTags("Users");
        me.MapGet("/", (HttpContext context, IdentityService identity) => GetAsync(context, identity, context.Caller().UserName));
        me.MapPatch("/", async (HttpContext context, IdentityService identity, UpdateUserRequest request) =>
        {
            var user = await identity.UpdateUserAsync(context.Caller(), context.Caller().UserName,
                new UserChanges(request.DisplayName, request.Email, null, request.Disabled, request.Password, request.CurrentPassword, request.Roles),
                context.RequestAborted);
            return TypedResults.Ok(UserDto.From(user));
        });
        me.MapGet("/tokens", (HttpContext context, IdentityService identity) => ListTokensAsync(context, identity, context.Caller().UserName));
        me.MapPost("/tokens", (HttpContext context, IdentityService identity, CreateTokenRequest request) =>
            CreateTokenAsync(context, identity, context.Caller().UserName, request));
        me.MapDelete("/tokens/{tokenId}", (HttpContext context, IdentityService identity, string tokenId) =>
            RevokeTokenAsync(context, identity, context.Caller().UserName, tokenId));

        return api;
    }

    private static async Task<IResult> GetAsync(HttpContext context, IdentityService identity, string name)
    {
        var user = await identity.GetUserAsync(context.Caller(), name, context.RequestAborted);
        var groups = await identity.GetGroupsOfUserAsync(context.Caller(), name, context.RequestAborted);
        return TypedResults.Ok(UserDto.From(user, groups));
    }

    private static async Task<IResult> ListTokensAsync(HttpContext context, IdentityService identity, string name)
    {
        var tokens = await identity.ListTokensAsync(context.Caller(), name, context.RequestAborted);
        return TypedResults.Ok(tokens.Select(TokenDto.From).ToList());
    }

    private static async Task<IResult> CreateTokenAsync(HttpContext context, IdentityService identity, string name, CreateTokenRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Name))
        {
            throw new ValidationException("name", "is required.");
        }

        var issued = await identity.CreateTokenAsync(context.Caller(), name, new NewToken(request.Name, request.ExpiresAt), context.RequestAborted);
        var location = $"{FaceRoots.NativeRoot}/users/{Uri.EscapeDataString(name)}/tokens/{issued.Token.Id}";
        return TypedResults.Created(location, new CreatedTokenDto(TokenDto.From(issued.Token), issued.Secret));
    }

    private static async Task<IResult> RevokeTokenAsync(HttpContext context, IdentityService identity, string name, string tokenId)
    {
        await identity.RevokeTokenAsync(context.Caller(), name, tokenId, context.RequestAborted);
        return TypedResults.NoContent();
    }
}
