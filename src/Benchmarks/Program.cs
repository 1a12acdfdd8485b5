using EdgeLabel.Benchmarks;

// edgelabel-bench <name> [args]: run from the repository root (./build.sh bench <name> [args]).
var benchmarks = new Dictionary<string, Func<string[], Task<int>>>(StringComparer.Ordinal)
{
    ["edge"] = EdgeBenchmark.RunAsync,
    ["outbox"] = OutboxBenchmark.RunAsync,
    ["cloud"] = CloudBenchmark.RunAsync,
};

if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine($"usage: edgelabel-bench <{string.Join("|", benchmarks.Keys)}> [args]");
    return 2;
}

try
{
    return await run(args[1..]);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"edgelabel-bench {args[0]}: {e.Message}");
    return 2;
}
