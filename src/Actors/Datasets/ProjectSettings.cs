using EdgeLabel.Dataset.Model;

namespace EdgeLabel.Actors.Datasets;

/// <summary>A labeling project the cloud accepts records for (<c>edgelabel.cloud.projects.&lt;name&gt;</c>).</summary>
public sealed record ProjectSettings(string Name, LabelCategories Categories);
