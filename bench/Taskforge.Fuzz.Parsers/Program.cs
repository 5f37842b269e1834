using System.Diagnostics;
using System.Globalization;
using System.Text;
using CsCheck;
using SharpFuzz;
using Taskforge.Fuzz.Parsers;

// Usage:
//   Taskforge.Fuzz.Parsers TARGET                   one input on stdin per run, under afl-fuzz (bench/fuzz-parsers.sh)
//   Taskforge.Fuzz.Parsers TARGET --replay FILE...  runs files (crashes found, seeds) once and prints what escaped
//   Taskforge.Fuzz.Parsers TARGET --random SECONDS  without afl++: seeds mutated by CsCheck for that long
if (args.Length == 0 || !ParserTargets.All.TryGetValue(args[0], out var target))
{
    Console.Error.WriteLine($"name a target: {string.Join(", ", ParserTargets.All.Keys)}");
    return 2;
}

if (args.Length == 1)
{
    Fuzzer.OutOfProcess.Run(input => ParserTargets.Run(target, input));
    return 0;
}

if (args[1] == "--replay")
{
    var failed = 0;
    foreach (var file in args.Skip(2))
    {
        try
        {
            ParserTargets.Run(target, File.ReadAllText(file, Encoding.UTF8));
        }
        catch (Exception ex)
        {
            failed++;
            Console.WriteLine($"{file}: {ex.GetType().Name}: {ex.Message.Split('\n')[0]}");
        }
    }

    Console.WriteLine($"{args.Length - 2} inputs, {failed} escaped");
    return failed == 0 ? 0 : 1;
}

var seconds = double.Parse(args[2], CultureInfo.InvariantCulture);
var seeds = ParserSeeds.For(args[0]);
var clock = Stopwatch.StartNew();
long runs = 0;
string? escaped = null;
Exception? last = null;
try
{
    ParserInputs.Mutated(seeds).Sample(input =>
    {
        Interlocked.Increment(ref runs);
        try
        {
            ParserTargets.Run(target, input);
        }
        catch (Exception ex)
        {
            last = ex;
            throw;
        }
    }, time: (int)Math.Ceiling(seconds), threads: 1);
}
catch (CsCheckException ex)
{
    escaped = $"{ex.Message}\n{last}";
}

Console.WriteLine($"{args[0]}: {runs} inputs in {clock.Elapsed.TotalSeconds:F0} s, {(escaped is null ? "nothing escaped" : "ESCAPED:\n" + escaped)}");
return escaped is null ? 0 : 1;
