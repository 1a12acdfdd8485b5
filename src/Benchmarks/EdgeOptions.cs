namespace EdgeLabel.Benchmarks;

/// <summary><c>edge</c> options: --images N (default 3000: the site's host tiers up ~1.6 CPU-s of JIT work during its
/// first few thousand images, a start-up cost that a 7 s window of 1000 images would count as throughput), --repeat N (default 1), --pipeline "HOCON" (overrides
/// inside edgelabel.pipeline, e.g. "decode-parallelism = 1"; default: the shipped edge.conf). --phase, --run and
/// --result are set by the benchmark when it starts a phase in a child process.</summary>
public sealed record EdgeOptions(int Images, int Repeat, string Pipeline, string? Phase, int Run, string? Result)
{
    public const int DefaultImages = 3000;

    public static EdgeOptions Parse(string[] args)
    {
        var o = new EdgeOptions(DefaultImages, 1, "", null, 1, null);
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Text() => ++i < args.Length ? args[i] : throw new ArgumentException($"{name} needs a value");
            int Number() => int.TryParse(Text(), out var v) && v > 0 ? v : throw new ArgumentException($"{name} needs a positive number");
            o = name switch
            {
                "--images" => o with { Images = Number() },
                "--repeat" => o with { Repeat = Number() },
                "--pipeline" => o with { Pipeline = Text() },
                "--phase" => o with { Phase = Text() },
                "--run" => o with { Run = Number() },
                "--result" => o with { Result = Text() },
                _ => throw new ArgumentException($"unknown option '{name}' (known: --images N, --repeat N, --pipeline HOCON)"),
            };
        }
        return o;
    }
}
