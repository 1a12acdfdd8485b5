namespace EdgeLabel.Benchmarks;

/// <summary><c>outbox</c> options: --images N (default 1000, ~200 KB photos), --concurrency N (default 4, the
/// same for the raw loop and the outbox's upload.concurrency), --repeat N (default 3 rounds; the median is reported),
/// --pending N (default 0 = skip; e.g. 20000: also measure the RSS of an outbox holding N items it cannot upload).
/// --phase, --run, --result, --endpoint, --bucket, --data and --count are set by the benchmark for its child processes.</summary>
public sealed record OutboxOptions(
    int Images, int Concurrency, int Repeat, int Pending,
    string? Phase, int Run, string? Result, string? Endpoint, string? Bucket, string? Data, int Count)
{
    public static OutboxOptions Parse(string[] args)
    {
        var o = new OutboxOptions(1000, 4, 3, 0, null, 1, null, null, null, null, 0);
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Text() => ++i < args.Length ? args[i] : throw new ArgumentException($"{name} needs a value");
            int Number(int min = 1) => int.TryParse(Text(), out var v) && v >= min ? v : throw new ArgumentException($"{name} needs a number >= {min}");
            o = name switch
            {
                "--images" => o with { Images = Number() },
                "--concurrency" => o with { Concurrency = Number() },
                "--repeat" => o with { Repeat = Number() },
                "--pending" => o with { Pending = Number(0) },
                "--phase" => o with { Phase = Text() },
                "--run" => o with { Run = Number() },
                "--result" => o with { Result = Text() },
                "--endpoint" => o with { Endpoint = Text() },
                "--bucket" => o with { Bucket = Text() },
                "--data" => o with { Data = Text() },
                "--count" => o with { Count = Number() },
                _ => throw new ArgumentException($"unknown option '{name}' (known: --images N, --concurrency N, --repeat N, --pending N)"),
            };
        }
        return o;
    }
}
