using Taskforge.Engine.Identity;
using Taskforge.Server.Http;

namespace Taskforge.Server.Faces.Native;

/// <summary><c>/api/v1/groups</c> and their members.</summary>
public static class GroupsApi
{
    public static RouteGroupBuilder MapGroups(this RouteGroupBuilder api)
    {
        var groups = api.MapGroup("/groups").WithTags("Groups");

        groups.MapGet("/", async (HttpContext context, IdentityService identity, int? offset, int? limit) =>
        {
            var page = await identity.ListGroupsAsync(context.Caller(), offset ?? 0, limit ?? 100, context.RequestAborted);
            return TypedResults.Ok(new Page<GroupDto>([.. page.Select(g => GroupDto.From(g))], offset ?? 0, limit ?? 100));
        });

        groups.MapPost("/", async (HttpContext context, IdentityService identity, CreateGroupRequest request) =>
        {
            var caller = context.Caller();
            var group = await identity.CreateGroupAsync(caller, new NewGroup(request.Name ?? "", request.Description), context.RequestAborted);
            var members = request.Members is { Count: > 0 } names
                ? await identity.SetMembersAsync(caller, group.Name, names, context.RequestAborted)
                : [];
            return TypedResults.Created($"{FaceRoots.NativeRoot}/groups/{Uri.EscapeDataString(group.Name)}", GroupDto.From(group, members));
        });

        groups.MapGet("/{name}", async (HttpContext context, IdentityService identity, string name) =>
        {
            var group = await identity.GetGroupAsync(context.Caller(), name, context.RequestAborted);
            var members = await identity.ListMembersAsync(context.Caller(), name, context.RequestAborted);
            return TypedResults.Ok(GroupDto.From(group, members));
        });

        groups.MapPatch("/{name}", async (HttpContext context, IdentityService identity, string name, UpdateGroupRequest request) =>
            TypedResults.Ok(GroupDto.From(await identity.UpdateGroupAsync(context.Caller(), name, request.Description, context.RequestAborted))));

        groups.MapDelete("/{name}", async (HttpContext context, IdentityService identity, string name) =>
        {
            await identity.DeleteGroupAsync(context.Caller(), name, context.RequestAborted);
            return TypedResults.NoContent();
        });

        groups.MapPut("/{name}/members", async (HttpContext context, IdentityService identity, string name, SetMembersRequest request) =>
        {
            var members = await identity.SetMembersAsync(context.Caller(), name, request.Members ?? [], context.RequestAborted);
            return TypedResults.Ok(members.Select(m => m.Name).ToList());
        });

        groups.MapPut("/{name}/members/{user}", async (HttpContext context, IdentityService identity, string name, string user) =>
        {
            var added = await identity.AddMemberAsync(context.Caller(), name, user, context.RequestAborted);
            return added ? Results.Created($"{FaceRoots.NativeRoot}/groups/{Uri.EscapeDataString(name)}/members/{Uri.EscapeDataString(user)}", null) : Results.NoContent();
        });

        groups.MapDelete("/{name}/members/{user}", async (HttpContext context, IdentityService identity, string name, string user) =>
        {
            await identity.RemoveMemberAsync(context.Caller(), name, user, context.RequestAborted);
            return TypedResults.NoContent();
        });

        return api;
    }
}
