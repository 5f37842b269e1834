using System.Diagnostics;

namespace Taskforge.Tests.Support;

/// <summary>
/// A small ext4 filesystem of its own (an image file on a loop device), for faults of the disk under a database: filling
/// it up and making files on it immutable (written to through an open handle, ext4 answers EPERM, the way a file turned
/// read-only under a running program fails). Mounting needs root, as in CI; elsewhere the test says it was skipped and why.
/// </summary>
public sealed class SmallFilesystem : IDisposable
{
    private readonly string _image;
    private readonly List<string> _immutable = [];
    private string? _filler;

    private SmallFilesystem(string image, string directory)
    {
        _image = image;
        Directory = directory;
    }

    /// <summary>Where the filesystem is mounted.</summary>
    public string Directory { get; }

    /// <summary>Mounts a new filesystem of <paramref name="megabytes"/> MiB; skips the test when this machine cannot.</summary>
    public static SmallFilesystem Mount(int megabytes)
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            Assert.Skip("A disk fault needs a filesystem of its own, which only root can mount (CI runs as root).");
        }

        var root = System.IO.Directory.CreateTempSubdirectory("taskforge-smallfs-").FullName;
        var image = Path.Combine(root, "disk.img");
        var directory = Path.Combine(root, "mnt");
        System.IO.Directory.CreateDirectory(directory);
        using (var file = File.Create(image))
        {
            file.SetLength(megabytes * 1024L * 1024L);
        }

        // -m 0: no blocks reserved for root, so "full" means full for the server (which runs as root here) too.
        Run("mkfs.ext4", "-q", "-F", "-m", "0", image);
        Run("mount", "-o", "loop", image, directory);
        return new SmallFilesystem(image, directory);
    }

    /// <summary>Takes every free block with a file of its own; <see cref="Free"/> gives them back.</summary>
    public void Fill()
    {
        _filler = Path.Combine(Directory, "filler");
        // Unbuffered: each write reaches the filesystem, which reserves its blocks (or refuses) there and then.
        using var file = new FileStream(_filler, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        for (var size = 1 << 20; size >= 512; size /= 2)
        {
            var block = new byte[size];
            try
            {
                while (true)
                {
                    file.Write(block);
                }
            }
            catch (IOException)
            {
                // No room for a block this size; smaller ones may still fit.
            }
        }

        file.Flush(flushToDisk: true);
    }

    public void Free()
    {
        if (_filler is { } filler)
        {
            File.Delete(filler);
            _filler = null;
        }
    }

    /// <summary>Makes <paramref name="files"/> immutable: writes through handles already open fail too.</summary>
    public void MakeImmutable(params string[] files)
    {
        foreach (var file in files.Where(File.Exists))
        {
            Run("chattr", "+i", file);
            _immutable.Add(file);
        }
    }

    public void MakeWritable()
    {
        foreach (var file in _immutable)
        {
            Run("chattr", "-i", file);
        }

        _immutable.Clear();
    }

    public void Dispose()
    {
        MakeWritable();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Run("umount", "-l", Directory);
        System.IO.Directory.Delete(Path.GetDirectoryName(_image)!, recursive: true);
    }

    private static void Run(string program, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(program, args) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed ({process.ExitCode}): {error}");
        }
    }
}
