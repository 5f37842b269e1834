using static Taskforge.Server.Faces.Htm.HtmErrorNumbers;

namespace Taskforge.Server.Faces.Htm;

/// <summary>
/// The IBM message id for an HTM error that carries no more specific one, by its HTTP status (ibm-bpm-htm.md §7). The
/// numbers themselves are <see cref="HtmErrorNumbers"/>, the one catalogue.
/// </summary>
public static class HtmStatusNumbers
{
    public static string ForStatus(int status) => status switch
    {
        400 or 413 => ValueNotValid,
        401 or 403 or 429 => NotAuthorized,
        404 => ObjectNotFound,
        405 => InvalidParameterSet,
        406 => AcceptNotSupported,
        409 => StateDoesNotAllowAction,
        415 => UnsupportedParameterValue,
        _ => InternalFailure,
    };
}
