namespace EdgeLabel.Demo;

/// <summary>What one demo run uses: the sample folder to split between the sites, the output root (state under
/// <c>demo/</c>, export under <c>dataset/</c>), whether to keep the previous run's state, how long to wait for the
/// dataset, how many video frames the south site samples, and whether people label in the portal (interactive)
/// instead of the simulated workforce.</summary>
public sealed record DemoOptions(string Samples, string Output, bool Keep, TimeSpan Timeout, int VideoFrames, bool Interactive = false);
