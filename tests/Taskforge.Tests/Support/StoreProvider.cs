namespace Taskforge.Tests.Support;

public enum StoreProvider
{
    Sqlite,
    Postgres,
}
