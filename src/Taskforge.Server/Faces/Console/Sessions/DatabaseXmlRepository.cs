using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Taskforge.Storage.KeyRing;

namespace Taskforge.Server.Faces.Console.Sessions;

/// <summary>
/// Data Protection's key ring in the database every node shares, so that a session cookie or an antiforgery token
/// protected by one node is read by any other. The keys are as secret as the database that holds them.
/// </summary>
public sealed class DatabaseXmlRepository(SqlKeyRingStore store) : IXmlRepository
{
    // Data Protection's repository contract is synchronous. It reads the ring once at start and then about once a day,
    // and writes a key about every 90 days, never on a request's hot path, so waiting for the database here is cheap.
#pragma warning disable VSTHRD002 // Synchronous wait: the interface offers no async form (see above).
    public IReadOnlyCollection<XElement> GetAllElements() =>
        [.. store.ReadAllAsync(CancellationToken.None).GetAwaiter().GetResult().Select(XElement.Parse)];

    public void StoreElement(XElement element, string friendlyName) =>
        store.AddAsync(friendlyName, element.ToString(SaveOptions.DisableFormatting), CancellationToken.None).GetAwaiter().GetResult();
#pragma warning restore VSTHRD002
}
