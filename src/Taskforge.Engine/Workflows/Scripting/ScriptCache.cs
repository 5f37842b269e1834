using System.Collections.Concurrent;
using Acornima.Ast;
using Jint;
using JsEngine = Jint.Engine;

namespace Taskforge.Engine.Workflows.Scripting;

/// <summary>
/// Compiled scripts by cache key (e.g. <c>workflowId:revision:stepId</c>). The source is kept with each entry so a key
/// reused for different text recompiles instead of running stale code. When full, the cache is cleared: simpler than
/// LRU, and definitions in use recompile once.
/// </summary>
internal sealed class ScriptCache(int capacity = 10_000)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private int _compileCount;

    /// <summary>How many times a script was compiled; tests use it to prove reuse.</summary>
    public int CompileCount => Volatile.Read(ref _compileCount);

    public int Count => _entries.Count;

    /// <exception cref="ScriptPreparationException">The script does not parse.</exception>
    public Prepared<Script> GetOrCompile(string key, string source)
    {
        if (_entries.TryGetValue(key, out var entry) && string.Equals(entry.Source, source, StringComparison.Ordinal))
        {
            return entry.Prepared;
        }

        var prepared = JsEngine.PrepareScript(source, key, strict: false);
        Interlocked.Increment(ref _compileCount);
        if (_entries.Count >= capacity)
        {
            _entries.Clear();
        }

        _entries[key] = new Entry(source, prepared);
        return prepared;
    }

    private sealed record Entry(string Source, Prepared<Script> Prepared);
}
