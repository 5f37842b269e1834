using Taskforge.Storage;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Storage;

// Each storage suite, once per dialect. SQLite uses a temp file per database; PostgreSQL a new database
// on the run's throw-away server.

public sealed class SqliteMigrationTests : MigrationCompliance, IDisposable
{
    private readonly SqliteFiles _files = new();

    protected override Task<StorageOptions> CreateDatabaseAsync() => Task.FromResult(_files.Create());

    public void Dispose() => _files.Dispose();
}

public sealed class PostgresMigrationTests(PostgresFixture postgres) : MigrationCompliance
{
    protected override Task<StorageOptions> CreateDatabaseAsync() => postgres.CreateDatabaseAsync("migrations");
}

public sealed class SqliteIdentityTests : IdentityCompliance, IDisposable
{
    private readonly SqliteFiles _files = new();

    protected override Task<StorageOptions> CreateDatabaseAsync() => Task.FromResult(_files.Create());

    public void Dispose() => _files.Dispose();
}

public sealed class PostgresIdentityTests(PostgresFixture postgres) : IdentityCompliance
{
    protected override Task<StorageOptions> CreateDatabaseAsync() => postgres.CreateDatabaseAsync("identity");
}

public sealed class SqliteWorkflowStoreTests : WorkflowStoreCompliance, IDisposable
{
    private readonly SqliteFiles _files = new();

    protected override Task<StorageOptions> CreateDatabaseAsync() => Task.FromResult(_files.Create());

    public void Dispose() => _files.Dispose();
}

public sealed class PostgresWorkflowStoreTests(PostgresFixture postgres) : WorkflowStoreCompliance
{
    protected override Task<StorageOptions> CreateDatabaseAsync() => postgres.CreateDatabaseAsync("workflows");
}

public sealed class SqliteRunStoreTests : RunStoreCompliance, IDisposable
{
    private readonly SqliteFiles _files = new();

    protected override Task<StorageOptions> CreateDatabaseAsync() => Task.FromResult(_files.Create());

    public void Dispose() => _files.Dispose();
}

public sealed class PostgresRunStoreTests(PostgresFixture postgres) : RunStoreCompliance
{
    protected override Task<StorageOptions> CreateDatabaseAsync() => postgres.CreateDatabaseAsync("runs");
}

public sealed class SqliteRunClusterTests : RunClusterCompliance, IDisposable
{
    private readonly SqliteFiles _files = new();

    protected override Task<StorageOptions> CreateDatabaseAsync() => Task.FromResult(_files.Create());

    public void Dispose() => _files.Dispose();
}

public sealed class PostgresRunClusterTests(PostgresFixture postgres) : RunClusterCompliance
{
    protected override Task<StorageOptions> CreateDatabaseAsync() => postgres.CreateDatabaseAsync("cluster");
}

public sealed class SqliteScheduleTests : ScheduleCompliance, IDisposable
{
    private readonly SqliteFiles _files = new();

    protected override Task<StorageOptions> CreateDatabaseAsync() => Task.FromResult(_files.Create());

    public void Dispose() => _files.Dispose();
}

public sealed class PostgresScheduleTests(PostgresFixture postgres) : ScheduleCompliance
{
    protected override Task<StorageOptions> CreateDatabaseAsync() => postgres.CreateDatabaseAsync("schedules");
}

public sealed class SqliteHumanTaskTests : HumanTaskCompliance, IDisposable
{
    private readonly SqliteFiles _files = new();

    protected override Task<StorageOptions> CreateDatabaseAsync() => Task.FromResult(_files.Create());

    public void Dispose() => _files.Dispose();
}

public sealed class PostgresHumanTaskTests(PostgresFixture postgres) : HumanTaskCompliance
{
    protected override Task<StorageOptions> CreateDatabaseAsync() => postgres.CreateDatabaseAsync("humantasks");
}

public sealed class SqliteHumanTaskTimerTests : HumanTaskTimerCompliance, IDisposable
{
    private readonly SqliteFiles _files = new();

    protected override Task<StorageOptions> CreateDatabaseAsync() => Task.FromResult(_files.Create());

    public void Dispose() => _files.Dispose();
}

public sealed class PostgresHumanTaskTimerTests(PostgresFixture postgres) : HumanTaskTimerCompliance
{
    protected override Task<StorageOptions> CreateDatabaseAsync() => postgres.CreateDatabaseAsync("tasktimers");
}

public sealed class SqliteHumanTaskChainTests : HumanTaskChainCompliance, IDisposable
{
    private readonly SqliteFiles _files = new();

    protected override Task<StorageOptions> CreateDatabaseAsync() => Task.FromResult(_files.Create());

    public void Dispose() => _files.Dispose();
}

public sealed class PostgresHumanTaskChainTests(PostgresFixture postgres) : HumanTaskChainCompliance
{
    protected override Task<StorageOptions> CreateDatabaseAsync() => postgres.CreateDatabaseAsync("taskchains");
}

public sealed class SqliteWorkflowTaskTests : WorkflowTaskCompliance, IDisposable
{
    private readonly SqliteFiles _files = new();

    protected override Task<StorageOptions> CreateDatabaseAsync() => Task.FromResult(_files.Create());

    public void Dispose() => _files.Dispose();
}

public sealed class PostgresWorkflowTaskTests(PostgresFixture postgres) : WorkflowTaskCompliance
{
    protected override Task<StorageOptions> CreateDatabaseAsync() => postgres.CreateDatabaseAsync("workflow_tasks");
}

public sealed class SqliteHumanTaskSubTaskTests : HumanTaskSubTaskCompliance, IDisposable
{
    private readonly SqliteFiles _files = new();

    protected override Task<StorageOptions> CreateDatabaseAsync() => Task.FromResult(_files.Create());

    public void Dispose() => _files.Dispose();
}

public sealed class PostgresHumanTaskSubTaskTests(PostgresFixture postgres) : HumanTaskSubTaskCompliance
{
    protected override Task<StorageOptions> CreateDatabaseAsync() => postgres.CreateDatabaseAsync("subtasks");
}

public sealed class SqliteHumanTaskEscalationUpdateTests : HumanTaskEscalationUpdateCompliance, IDisposable
{
    private readonly SqliteFiles _files = new();

    protected override Task<StorageOptions> CreateDatabaseAsync() => Task.FromResult(_files.Create());

    public void Dispose() => _files.Dispose();
}

public sealed class PostgresHumanTaskEscalationUpdateTests(PostgresFixture postgres) : HumanTaskEscalationUpdateCompliance
{
    protected override Task<StorageOptions> CreateDatabaseAsync() => postgres.CreateDatabaseAsync("escalationupdates");
}

public sealed class SqliteGroupCommitTests : GroupCommitCompliance, IDisposable
{
    private readonly SqliteFiles _files = new();

    protected override Task<StorageOptions> CreateDatabaseAsync() => Task.FromResult(_files.Create());

    public void Dispose() => _files.Dispose();
}

public sealed class PostgresGroupCommitTests(PostgresFixture postgres) : GroupCommitCompliance
{
    protected override Task<StorageOptions> CreateDatabaseAsync() => postgres.CreateDatabaseAsync("group_commit");
}

public sealed class SqliteFireHistoryTests : FireHistoryCompliance, IDisposable
{
    private readonly SqliteFiles _files = new();

    protected override Task<StorageOptions> CreateDatabaseAsync() => Task.FromResult(_files.Create());

    public void Dispose() => _files.Dispose();
}

public sealed class PostgresFireHistoryTests(PostgresFixture postgres) : FireHistoryCompliance
{
    protected override Task<StorageOptions> CreateDatabaseAsync() => postgres.CreateDatabaseAsync("fire_history");
}

public sealed class SqliteRunQueryTests : RunQueryCompliance, IDisposable
{
    private readonly SqliteFiles _files = new();

    protected override Task<StorageOptions> CreateDatabaseAsync() => Task.FromResult(_files.Create());

    public void Dispose() => _files.Dispose();
}

public sealed class PostgresRunQueryTests(PostgresFixture postgres) : RunQueryCompliance
{
    protected override Task<StorageOptions> CreateDatabaseAsync() => postgres.CreateDatabaseAsync("run_queries");
}

public sealed class SqliteRunPageTests : RunPageCompliance, IDisposable
{
    private readonly SqliteFiles _files = new();

    protected override Task<StorageOptions> CreateDatabaseAsync() => Task.FromResult(_files.Create());

    public void Dispose() => _files.Dispose();
}

public sealed class PostgresRunPageTests(PostgresFixture postgres) : RunPageCompliance
{
    protected override Task<StorageOptions> CreateDatabaseAsync() => postgres.CreateDatabaseAsync("run_pages");
}

public sealed class SqliteOverviewTests : OverviewCompliance, IDisposable
{
    private readonly SqliteFiles _files = new();

    protected override Task<StorageOptions> CreateDatabaseAsync() => Task.FromResult(_files.Create());

    public void Dispose() => _files.Dispose();
}

public sealed class PostgresOverviewTests(PostgresFixture postgres) : OverviewCompliance
{
    protected override Task<StorageOptions> CreateDatabaseAsync() => postgres.CreateDatabaseAsync("overview");
}

public sealed class SqliteDirectorySignInTests : DirectorySignInCompliance, IDisposable
{
    private readonly SqliteFiles _files = new();

    protected override Task<StorageOptions> CreateDatabaseAsync() => Task.FromResult(_files.Create());

    public void Dispose() => _files.Dispose();
}

public sealed class PostgresDirectorySignInTests(PostgresFixture postgres) : DirectorySignInCompliance
{
    protected override Task<StorageOptions> CreateDatabaseAsync() => postgres.CreateDatabaseAsync("directory");
}
