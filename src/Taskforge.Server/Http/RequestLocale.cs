namespace Taskforge.Server.Http;

public static class RequestLocale
{
    /// <summary>The first language of <c>Accept-Language</c>, for templates' display names and descriptions.</summary>
    public static string? Of(HttpContext context) =>
        context.Request.GetTypedHeaders().AcceptLanguage.OrderByDescending(l => l.Quality ?? 1).Select(l => l.Value.Value).FirstOrDefault(l => l is not null and not "*");
}
