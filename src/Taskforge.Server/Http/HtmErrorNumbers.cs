namespace Taskforge.Server.Http;

/// <summary>
/// The IBM message id used when an HTM error has no more specific one (see ibm-bpm-htm.md §7).
/// CWTKA0000E is Taskforge's own id for an internal failure; IBM has no generic one.
/// </summary>
public static class HtmErrorNumbers
{
    public const string NotAuthorized = "CWTKA0012E";
    public const string ObjectNotFound = "CWTKA0017E";
    public const string StateConflict = "CWTKA0007E";
    public const string MandatoryParameterMissing = "CWTKA0122E";
    public const string InvalidParameterSet = "CWTKA0123E";
    public const string InvalidXml = "CWTKA0132E";
    public const string ValueNotValid = "CWTKA0149E";
    public const string AcceptNotSupported = "CWTKA0156E";
    public const string UnsupportedValue = "CWTKA0158E";
    public const string MandatoryBodyPropertyMissing = "CWTKA0159E";
    public const string InternalFailure = "CWTKA0000E";

    public static string ForStatus(int status) => status switch
    {
        400 => ValueNotValid,
        401 or 403 or 429 => NotAuthorized,
        404 => ObjectNotFound,
        405 => InvalidParameterSet,
        406 => AcceptNotSupported,
        409 => StateConflict,
        413 => ValueNotValid,
        415 => UnsupportedValue,
        _ => InternalFailure,
    };
}
