namespace EdgeLabel.Demo;

/// <summary>What one demo run uses: the sample folder to split between the sites, the output root (state under
/// <c>demo/</c>, export under <c>dataset/</c>), whether to keep the previous run's state, how long to wait for the
/// dataset, and how many video frames the south site samples.</summary>
public sealed record DemoOptions(string Samples, string Output, bool Keep, TimeSpan Timeout, int VideoFrames);
