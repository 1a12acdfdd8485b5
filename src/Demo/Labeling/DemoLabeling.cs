using EdgeLabel.Workforce.Simulation;

namespace EdgeLabel.Demo.Labeling;

/// <summary>The human half of a run: the labeling jobs, what the simulated labelers did, and the final dataset against
/// known truth (null when the samples hold none). <see cref="Simulated"/> is false when people labeled in the portal.</summary>
public sealed record DemoLabeling(LabelingJobsReport Jobs, WorkforceStats Workforce, DatasetAccuracy? Accuracy, bool Simulated = true);
