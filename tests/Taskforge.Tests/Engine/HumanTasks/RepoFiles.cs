namespace Taskforge.Tests.Engine.HumanTasks;

/// <summary>Finds files of the repository (samples) from the test binary, which only ships the workflow samples.</summary>
internal static class RepoFiles
{
    public static string Path(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "Taskforge.slnx")))
        {
            dir = dir.Parent;
        }

        return System.IO.Path.Combine([dir?.FullName ?? throw new InvalidOperationException("repository root not found"), .. parts]);
    }

    public static string Read(params string[] parts) => File.ReadAllText(Path(parts));
}
