namespace EdgeLabel.Benchmarks;

/// <summary><c>cloud</c> options: --images N (default 20000 decided images in the site's outbox journal),
/// --repeat N (default 1 round; the median is reported), --batch N and --window N (the delivery queue's batch-size and
/// window-batches; default: the shipped <c>DeliverySettings.Default</c>, 200 and 4), --no-remote (skip the Akka.Remote
/// row). --phase, --run, --result, --data and --mode are set by the benchmark for its child processes.</summary>
public sealed record CloudOptions(
    int Images, int Repeat, int? Batch, int? Window, bool Remote,
    string? Phase, int Run, string? Result, string? Data, string? Mode)
{
    public static CloudOptions Parse(string[] args)
    {
        var o = new CloudOptions(20_000, 1, null, null, true, null, 1, null, null, null);
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Text() => ++i < args.Length ? args[i] : throw new ArgumentException($"{name} needs a value");
            int Number() => int.TryParse(Text(), out var v) && v > 0 ? v : throw new ArgumentException($"{name} needs a positive number");
            o = name switch
            {
                "--images" => o with { Images = Number() },
                "--repeat" => o with { Repeat = Number() },
                "--batch" => o with { Batch = Number() },
                "--window" => o with { Window = Number() },
                "--no-remote" => o with { Remote = false },
                "--phase" => o with { Phase = Text() },
                "--run" => o with { Run = Number() },
                "--result" => o with { Result = Text() },
                "--data" => o with { Data = Text() },
                "--mode" => o with { Mode = Text() },
                _ => throw new ArgumentException($"unknown option '{name}' (known: --images N, --repeat N, --batch N, --window N, --no-remote)"),
            };
        }
        return o;
    }
}
